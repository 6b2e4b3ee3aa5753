"""From the records of an agency workbook's tables to one document of the plan.

:class:`DocReader` reads the tables of one document (a rencana aksi, a PK …), gives every
item its id, reads every number through :mod:`checker.importers.numbers` and records what
it could not read for certain as an importer finding on its cell (NUM-001/002/003,
STR-001/002/003/004). Ids follow the text importers of the same layouts, so that a workbook
and its PDF extract give the same ids: ``P3`` for program number 3, ordinal ids when the
NO column does not number every row, the code when a KODE column prints it, and
``TUJUAN1``/``SASARAN1`` for the ``Tujuan :``/``Sasaran :`` blocks above eselon tables.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from checker.i18n import LANGUAGES, t
from checker.i18n.format import format_number
from checker.importers.base import document_id, normalise_name
from checker.importers.excel_grid import typed_number
from checker.importers.excel_header import Col, marker
from checker.importers.excel_records import (
    BLOCK_LABEL,
    NS,
    QUARTERS,
    Ind,
    Piece,
    Rec,
    TableReader,
    parse_piece,
)
from checker.importers.excel_tables import Table
from checker.importers.issues import issue
from checker.importers.mapping import role_name
from checker.importers.numbers import ParsedNumber, detect_convention, parse_number
from checker.importers.vocabulary import strip_level_word
from checker.model.finding import ItemRef
from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, TableInfo, Total
from checker.model.schema import DocumentKind, Level

ID_PREFIX = {Level.TUJUAN: "T", Level.SASARAN: "SS", Level.PROGRAM: "P",
             Level.KEGIATAN: "K", Level.SUB_KEGIATAN: "S"}
_INDICATOR_START = re.compile(
    r"^(jumlah|persentase|presentase|prosentase|persen|nilai|indeks|index|rasio|angka|"
    r"tingkat|cakupan|rata|banyaknya|proporsi)\b", re.IGNORECASE)
_PERCENT = {"%", "persen", "prosen", "percent"}


def unit_key(unit: str | None) -> str:
    """Units compared without case, with %, persen and prosen taken as one."""
    key = re.sub(r"\s+", " ", (unit or "").strip().casefold()).rstrip(".")
    return "%" if key in _PERCENT else key


@dataclass
class _Block:
    """A ``Tujuan :`` / ``Sasaran :`` block: a statement and its indicators."""

    level: Level
    rows: list[int]
    table: TableReader
    nama: Piece | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)

    def key(self) -> tuple[Any, ...]:
        return (self.level, normalise_name(self.nama.text if self.nama else None),
                tuple((normalise_name(e["uraian"].text if "uraian" in e else None),
                       e["target"].text if "target" in e else None) for e in self.entries))


class DocReader:
    """Reads the tables of one document of a workbook and builds the document."""

    def __init__(self, path: str, kind: DocumentKind, tables: list[Table]) -> None:
        self.file = path
        self.tables = tables
        self.doc = Document(id=document_id(path, kind), jenis=kind, path=path)
        self.counter: Counter[Level] = Counter()
        self.blocks: list[tuple[tuple[Any, ...], str, str]] = []  # (key, item id, table)
        self.block: _Block | None = None
        self.last_tujuan: str | None = None
        self.context: dict[str, dict[Level, tuple[str, Location]]] = {}
        self.readers: list[TableReader] = []
        self.table_of: dict[str, str] = {}  # item id → name of the table it was read from

    # ----------------------------------------------------------------- findings
    def loc(self, reader: TableReader | Table, row: int, col: int | None = None) -> Location:
        sheet = reader.sheet
        if col is None:
            full = sheet.location(self.file, row, 1)
            return Location(file=self.file, table=sheet.name, page=full.page, row=full.row)
        return sheet.location(self.file, row, col)

    def add(self, code: str, key: str, location: Location, *, item: Item | None = None,
            actual: Any = None, expected: Any = None, reason: ParsedNumber | None = None,
            localised: dict[str, Callable[[str], str]] | None = None,
            suggestion: str | None = None, suggestion_params: dict[str, Any] | None = None,
            **params: Any) -> None:
        """Append an importer finding, each language's message filled in that language."""
        ref = ItemRef(level=item.level.value, kode=item.kode, nama=item.nama) if item else None
        extra = {name: "" for name in (localised or {})}
        if reason is not None:
            extra["reason"] = ""
        finding = issue(self.doc.id, code, f"{NS}.{key}", location, item=ref, actual=actual,
                        expected=expected,
                        suggestion_key=f"{NS}.{suggestion}" if suggestion else None,
                        suggestion_params=suggestion_params, **params, **extra)
        if reason is not None or localised:
            messages = {}
            for lang in LANGUAGES:
                local = {name: make(lang) for name, make in (localised or {}).items()}
                if reason is not None:
                    local["reason"] = t(reason.reason or "numbers.not_a_number", lang,
                                        **reason.params())
                messages[lang] = t(f"{NS}.{key}", lang, **params, **local)
            finding.message = messages
        self.doc.issues.append(finding)

    # callbacks of TableReader
    def orphan(self, reader: TableReader, row: int, col: int) -> None:
        reader.skip(row, "skip_orphan")
        self.add("STR-002", "str_orphan", self.loc(reader, row, col),
                 actual=" | ".join(x for _, x in reader.sheet.cells(row)))

    def unknown_row(self, reader: TableReader, row: int) -> None:
        reader.skip(row, "skip_unknown")
        self.add("STR-002", "str_row_unknown", self.loc(reader, row),
                 actual=" | ".join(x for _, x in reader.sheet.cells(row)))

    def summary_values(self, reader: TableReader, row: int, label: str,
                       extra: list[tuple[int, str]]) -> None:
        values = " | ".join(x for _, x in extra)
        self.add("STR-004", "str_summary_values", self.loc(reader, row, extra[0][0]),
                 actual=values, label=label, values=values)

    def joined(self, reader: TableReader, rec: Rec, p: Piece) -> None:
        reader.info.notes.append(t(f"{NS}.note_joined", row=rec.row,
                                   cell=f"{column_letter(p.col)}{p.row}"))

    def quarter_from_row(self, reader: TableReader, p: Piece, quarter: int) -> None:
        self.add("STR-001", "str_quarter_from_row", self.loc(reader, p.row, p.col),
                 actual=p.text, expected=f"TW {quarter}", raw=p.text, quarter=quarter)

    def quarter_unlabelled(self, reader: TableReader, p: Piece) -> None:
        self.add("STR-002", "str_quarter_unlabelled", self.loc(reader, p.row, p.col),
                 actual=p.text, raw=p.text)

    # ----------------------------------------------------------------- blocks
    def block_row(self, reader: TableReader, row: int, cells: list[tuple[int, str]],
                  no: str | None) -> bool:
        """A row of a ``Tujuan :`` / ``Sasaran :`` block above the items, if it is one."""
        label = next(((c, m) for c, x in cells if (m := BLOCK_LABEL.match(x))), None)
        slots = reader.slots[reader.groups[0]]
        name_col = next((s.col.index for s in slots if s.field == "nama"), None)
        pagu_col = next((s.col.index for s in slots if s.field == "anggaran"), None)
        if label and not no:
            self.close_block(reader)
            level = Level.TUJUAN if label[1].group(1).lower() == "tujuan" else Level.SASARAN
            self.block = _Block(level=level, rows=[row], table=reader)
            rest = label[1].group(2).strip()
            if rest:
                self.block.nama = Piece(rest, rest, row, label[0])
            self._block_cells(reader, row, cells, skip=label[0])
            return True
        if self.block is not None and not no and not reader.piece(row, name_col) \
                and not reader.piece(row, pagu_col):
            self.block.rows.append(row)
            self._block_cells(reader, row, cells, skip=None)
            return True
        self.close_block(reader)
        return False

    def _block_cells(self, reader: TableReader, row: int, cells: list[tuple[int, str]],
                     skip: int | None) -> None:
        assert self.block is not None
        sas = reader.context_cols.get(Level.SASARAN)
        sas_col = sas.index if sas else 2
        entry: dict[str, Any] = {}
        for col, text in cells:
            if col == skip:
                continue
            value = reader.sheet.value(row, col)
            p = Piece(value, text, row, col)
            parsed = parse_piece(p, False, None)
            if parsed.ok and any(ch.isdigit() for ch in text):
                entry.setdefault("target", p)
            elif col <= sas_col and self.block.nama is None:
                self.block.nama = p
            else:
                entry.setdefault("uraian", p)
        if not entry:
            return
        last = self.block.entries[-1] if self.block.entries else None
        if last is not None and "target" not in last and "uraian" not in entry \
                and "target" in entry:
            last.update(entry)
        else:
            self.block.entries.append(entry)

    def close_block(self, reader: TableReader) -> None:
        """Make the pending block an item, unless an earlier table printed the same one."""
        block, self.block = self.block, None
        if block is None:
            return
        key = block.key()
        same = next((b for b in self.blocks if b[0] == key), None)
        if same is not None:
            for row in block.rows:
                reader.skip(row, "skip_repeated_block", item=same[1], table=same[2])
            if block.level == Level.TUJUAN:
                self.last_tujuan = same[1]
            return
        n = 1 + sum(1 for i in self.doc.items if i.level == block.level)
        item_id = f"{block.level.value.upper()}{n}"
        item = Item(id=item_id, level=block.level, file=self.file,
                    table=reader.sheet.name, row=block.rows[0],
                    induk=self.last_tujuan if block.level == Level.SASARAN else None)
        if block.nama:
            item.nama = block.nama.text
            item.locate("nama", self.loc(reader, block.nama.row, block.nama.col))
        else:
            reader.info.notes.append(t(f"{NS}.note_block_no_statement", item=item_id,
                                       row=block.rows[0]))
        if block.level == Level.TUJUAN:
            self.last_tujuan = item_id
        self.doc.items.append(item)
        self.table_of[item_id] = reader.info.name
        self.blocks.append((key, item_id, reader.info.name))
        reader.info.rows_read += len(block.rows)
        for entry in block.entries:
            ind = Indicator(item=item_id, file=self.file, table=reader.sheet.name,
                            row=min(p.row for p in entry.values()))
            if "uraian" in entry:
                ind.uraian = entry["uraian"].text
                ind.locate("uraian", self.loc(reader, entry["uraian"].row, entry["uraian"].col))
            if "target" in entry:
                p = entry["target"]
                parsed = parse_piece(p, False, None)
                ind.target = parsed.as_float()
                ind.locate("target", self.loc(reader, p.row, p.col), p.text)
                if parsed.grade:
                    ind.target_teks = p.text
                if parsed.unit:
                    ind.satuan = "%" if parsed.unit == "%" else str(parsed.unit)
                    ind.locate("satuan", self.loc(reader, p.row, p.col))
            satuan = next((s.col.index for s in reader.slots[reader.groups[0]]
                           if s.field == "satuan"), None)
            if "satuan" not in ind.cells and satuan is not None and ind.row is not None:
                ind.locate("satuan", self.loc(reader, ind.row, satuan))
            self.doc.indicators.append(ind)

    # ----------------------------------------------------------------- realignment
    def realign(self, reader: TableReader, row: int,
                mapping: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
        """The row's field → column map, realigned when its cells are shifted by one.

        A missing cell moves every later value one column left (an extra cell, right).
        Each position is scored by how well the values fit their columns (numbers in
        number columns, short text in SATUAN, an indicator's wording in the indicator
        column, nothing left over); the row is realigned only when one candidate is
        clearly better than the row as it stands, and never when two candidates tie
        (STR-002 then, and the row is read as it stands).
        """
        cols = {c.index: c for c in reader.t.header.cols.values()
                if c.role not in ("unknown", "ignored", "item_sasaran")}
        width = max(cols, default=0)
        printed = self._fit(reader, row, cols, 0, 0)
        if printed[1] < 2:
            return mapping
        scored: list[tuple[int, int, int]] = []
        for k in range(2, width + 1):
            for delta in (-1, 1):
                scored.append((self._fit(reader, row, cols, k, delta)[0], k, delta))
        scored.sort(key=lambda s: -s[0])
        best = scored[0]
        if best[0] < printed[0] + 3:
            return mapping
        if len(scored) > 1 and scored[1][0] == best[0]:
            self.add("STR-002", "str_shift_unclear", self.loc(reader, row),
                     actual=" | ".join(x for _, x in reader.sheet.cells(row)))
            return mapping
        _, k, delta = best
        moved = {f: (c + delta if c >= k else c) for f, c in mapping.items()
                 if not (delta < 0 and c == k)}
        col = cols.get(k)
        header = col.header if col else column_letter(k)
        sample = reader.sheet.text(row, k)
        self.add("STR-001", "str_shifted_row", self.loc(reader, row),
                 actual=sample, header=header, column=column_letter(k),
                 cell=f"{column_letter(k)}{row}", sample=sample[:60],
                 direction=t(f"{NS}.shift_left" if delta < 0 else f"{NS}.shift_right"))
        reader.shift = (k, delta)
        return moved

    def _fit(self, reader: TableReader, row: int, cols: dict[int, Col], k: int,
             delta: int) -> tuple[int, int]:
        """(score, conflicts) of reading a row with its cells from column ``k`` moved."""
        score = conflicts = 0
        used: set[int] = set()
        for index, col in cols.items():
            if delta < 0 and index == k:
                continue
            phys = index + delta if k and index >= k else index
            used.add(phys)
            text = reader.sheet.text(row, phys)
            value = reader.sheet.value(row, phys)
            numeric = bool(text) and (typed_number(value) or parse_number(text).status in (
                "ok", "blank"))
            role = col.role
            if role in ("quarter", "annual", "pagu"):
                if numeric or not text:
                    score += 1 if text else 0
                else:
                    score, conflicts = score - 2, conflicts + 1
            elif role == "no":
                score += 1 if text.isdigit() else (0 if not text else -1)
            elif role == "name" and index not in reader.groups:
                if numeric or _INDICATOR_START.match(text):
                    score, conflicts = score - 2, conflicts + 1
                elif text:
                    score += 1
            elif role == "satuan":
                if numeric or len(text.split()) > 5:
                    score, conflicts = score - 2, conflicts + 1
                elif text:
                    score += 1
            elif numeric:
                score, conflicts = score - 2, conflicts + 1
            elif role != "cells":
                score += 1 if text else -1
        # A value under a column the header names but this reader does not read (a
        # Renstra or percentage column) is where it belongs, not left over.
        unread = {i for i, c in reader.t.header.cols.items() if i not in cols}
        lost = sum(1 for c, _ in reader.sheet.cells(row) if c not in used and c not in unread)
        return score - 3 * lost, conflicts + lost

    # ----------------------------------------------------------------- reading
    def read(self) -> Document:
        """Read every table, then link parents and fill the document's heading."""
        for table in self.tables:
            info = TableInfo(name=table.name, file=self.file, grid=table.sheet.name,
                             first_row=table.header.rows[0])
            table.info = info
            self.doc.tables.append(info)
            self._describe(table)
            reader = TableReader(table, self)
            if not reader.groups:
                self.add("STR-004", "str_table_no_items", self.loc(table, table.header.rows[0]),
                         actual=" | ".join(c.header for c in table.header.cols.values()),
                         table=table.name)
                info.last_row = table.header.last_row
                continue
            for row in table.header.numbered:
                info.skipped.append((row, t(f"{NS}.skip_numbered")))
            reader.read()
            if reader.agency and self.doc.instansi is None:
                self.doc.instansi = reader.agency
            self._unread(reader)
            self.readers.append(reader)
            _Builder(self, reader).build()
            if not reader.recs and not reader.totals:
                self.add("STR-004", "str_table_empty", self.loc(table, table.header.rows[0]),
                         table=table.name)
        from checker.importers.excel_parents import link_parents

        link_parents(self)
        for info in self.doc.tables:
            info.skipped.sort()
        self._printed_rows()
        return self.doc

    def _printed_rows(self) -> None:
        """Rows of a PDF table as printed: the page, and the row counted on that page.

        While reading, a row is its place in the whole table (continued over pages);
        a reviewer with the paper needs the page and the row on it, as every cell's
        address already says.
        """
        sheets = {t.sheet.name: t.sheet for t in self.tables if t.sheet.addresses}
        if not sheets:
            return
        for row in [*self.doc.items, *self.doc.indicators, *self.doc.totals]:
            sheet = sheets.get(row.table or "")
            if sheet is not None and row.row is not None and 1 <= row.row <= len(
                    sheet.addresses or []):
                row.page, row.row = sheet.addresses[row.row - 1]  # type: ignore[index]

    def _unread(self, reader: TableReader) -> None:
        """What a table holds and this reader did not read: one warning each (STR-005).

        Columns whose values are not read (not mapped, or set aside as Renstra context or
        derived percentages) with their header cells, and rows above the programs
        (urusan, bidang urusan) whose sums are not checked. Nothing unread passes silently.
        """
        table = reader.t
        cols = [c for c in sorted(table.header.cols.values(), key=lambda c: c.index)
                if c.role in ("unknown", "ignored", "item_sasaran")]
        if cols:
            first = cols[0]
            self.add("STR-005", "str_columns_unread",
                     self.loc(reader, first.cell[0], first.cell[1]),
                     actual=[f"{c.letter}{c.cell[0]}" for c in cols], table=table.name,
                     columns=", ".join(f"{c.letter} ('{c.header[:60]}')" for c in cols))
        if reader.above_program:
            row, _ = reader.above_program[0]
            self.add("STR-005", "str_rows_above_program", self.loc(reader, row),
                     actual=[r for r, _ in reader.above_program], table=table.name,
                     rows=", ".join(f"{r} ({name[:40]})" for r, name in reader.above_program))

    def _describe(self, table: Table) -> None:
        """Column map and the table's mode notes, for ``sakip-check inspect``."""
        info = table.info
        assert info is not None
        cols = table.header.cols
        stated = {c.index: marker(c.header) for c in cols.values()
                  if c.role not in ("ignored", "unknown")}
        table_mode = next((m for m in stated.values() if m == "kumulatif"), None) or next(
            (m for text in table.titles if (m := marker(text)) == "kumulatif"), None)
        quarters = [c for c in cols.values() if c.role in ("quarter", "cells")]
        for col in quarters:
            col.mode = table_mode or stated.get(col.index) or "periodik"
        for note in table.header.notes:
            info.notes.append(t(f"{NS}.note_quarters_by_position", columns=note))
        if table.joined:
            info.notes.append(t(f"{NS}.note_lines_joined", count=len(table.joined),
                                rows=", ".join(f"{a}→{b}" for a, b in table.joined[:12])))
        if quarters and not table_mode and not any(stated.get(c.index) for c in quarters):
            info.notes.append(t(f"{NS}.note_mode_unstated"))
        elif quarters:
            info.notes.append(t(f"{NS}.note_mode", mode=table_mode or "periodik"))
        multi = any(c.role == "name" and c.level is None and any(
            o.owner == c.index for o in cols.values()) for c in cols.values())
        if table.level_source and multi:
            info.notes.append(t(f"{NS}.note_level", level=table.level.value if table.level
                                else "-", source=table.level_source))
        for col in sorted(cols.values(), key=lambda c: c.index):
            info.columns[col.letter] = self._column_text(table, col)
            info.roles[col.letter] = role_name(col)
            info.headers[col.letter] = col.header

    def _column_text(self, table: Table, col: Col) -> str:
        owner = table.header.cols.get(col.owner or 0)
        level = owner.level or table.level if owner else None
        tag = f" ({level.value})" if level else ""
        text = self._role_text(table, col, tag)
        return f"{text} [{col.confirmed}]" if col.confirmed else text

    def _role_text(self, table: Table, col: Col, tag: str) -> str:
        role = col.role
        if role == "persen_realisasi":
            return f"persen_realisasi{tag}"
        if role == "month":
            return f"indikator.{col.measure} bulan {col.month}{tag} → TW {(col.month + 2) // 3}"
        if role == "level":
            return t(f"{NS}.col_level")
        if role == "ignored" and col.reason:
            return t(f"{NS}.col_not_read_{col.reason}", header=col.header)
        if role == "no":
            return t(f"{NS}.col_no")
        if role == "name":
            if col.owner is None and any(c.owner == col.index for c in table.header.cols
                                         .values()):
                lv = col.level or table.level
                if lv is None and col.multi_level:
                    return t(f"{NS}.col_name_mixed")
                return f"nama ({lv.value if lv else '?'})"
            if col.level is None and col.multi_level:
                return t(f"{NS}.col_name_mixed")
            if col.level is None:
                return t(f"{NS}.col_unknown", header=col.header)
            return t(f"{NS}.col_context", level=col.level.value)
        if role == "item_sasaran":
            return t(f"{NS}.col_not_read", header=col.header)
        if role in ("ignored", "unknown"):
            return t(f"{NS}.col_not_read", header=col.header)
        if role == "kode":
            return f"kode{tag}"
        if role == "pj":
            return f"penanggung_jawab{tag}"
        if role == "indikator":
            return f"indikator.uraian{tag}"
        if role == "satuan":
            return f"indikator.satuan{tag}"
        if role == "annual":
            return f"indikator.{col.measure}{tag}"
        if role == "pagu":
            return f"{'realisasi' if col.measure == 'realisasi' else 'anggaran'}{tag}"
        base = ("realisasi" if col.measure == "realisasi" else "anggaran") if col.money \
            else f"indikator.{col.measure}"
        if role == "quarter":
            return f"{base}_tw{col.quarter}{tag} [{col.mode}]"
        return t(f"{NS}.col_cells", field=f"{base}_tw1..4", level=tag.strip(" ()"),
                 mode=col.mode or "-")


class _Builder:
    """Turns one table's records into items, indicators and totals of the document."""

    def __init__(self, doc_reader: DocReader, reader: TableReader) -> None:
        self.r = doc_reader
        self.doc = doc_reader.doc
        self.t = reader
        self.table = reader.t
        self.info = reader.info
        self.conventions: dict[int, str | None] = {}
        self.percent_cols: set[int] = set()
        self.zeros = 0
        self.months = 0
        self.no_satuan: list[str] = []

    def loc(self, p: Piece) -> Location:
        return self.r.loc(self.t, p.row, p.col)

    def build(self) -> None:
        self._conventions()
        unknown = [rec for rec in self.t.recs if rec.level is None]
        if unknown:
            self.r.add("STR-004", "str_level_unknown",
                       self.r.loc(self.t, self.table.header.rows[0]), table=self.table.name,
                       rows=", ".join(str(rec.row) for rec in unknown[:10]))
        recs = [rec for rec in self.t.recs if rec.level is not None]
        self._assign_ids(recs)
        for rec in recs:
            item = self._item(rec)
            self.doc.items.append(item)
            self.r.table_of[item.id] = self.info.name
            for ind in rec.inds:
                indicator = self._indicator(rec, ind, item)
                if indicator is not None:
                    self.doc.indicators.append(indicator)
            self._money(rec, item)
            self._record_checks(rec, item)
        for row, money, _label in self.t.totals:
            self._total(row, money)
        if self.zeros:
            self.info.notes.append(t(f"{NS}.note_blank_quarters", count=self.zeros))
        if self.months:
            self.info.notes.append(t(f"{NS}.note_months", count=self.months))
        if self.no_satuan:
            self.info.notes.append(t(f"{NS}.note_no_satuan", items=", ".join(self.no_satuan)))

    # ----------------------------------------------------------------- columns
    def _pieces_of(self, col: int) -> list[Piece]:
        out = []
        for rec in self.t.recs:
            for holder in (rec.vals, *(i.vals for i in rec.inds)):
                out.extend(p for p in holder.values() if p.col == col)
        for _, money, _ in self.t.totals:
            out.extend(p for p in money.values() if p.col == col)
        return out

    def _conventions(self) -> None:
        """Each value column's number convention, and which money columns are in %."""
        for col in self.table.header.cols.values():
            if col.role not in ("quarter", "cells", "annual", "pagu"):
                continue
            pieces = self._pieces_of(col.index)
            texts = [p.value for p in pieces if isinstance(p.value, str)]
            self.conventions[col.index] = detect_convention(texts)
            if col.money and col.role in ("quarter", "cells") and pieces:
                percent = [p for p in pieces if parse_piece(p, True, None).unit == "%"]
                if len(percent) * 2 > len(pieces):
                    self.percent_cols.add(col.index)
                    self.info.columns[col.letter] = t(f"{NS}.col_percent")
                    examples = ", ".join(f"'{p.text}'" for p in percent[:3])
                    self.r.add("STR-004", "str_percent_plan",
                               self.r.loc(self.t, col.cell[0], col.cell[1]),
                               actual=[p.text for p in percent[:3]],
                               header=f"{col.letter} ('{col.header}')", examples=examples)

    def _assign_ids(self, recs: list[Rec]) -> None:
        taken = {i.id for i in self.doc.items}
        by_level: dict[Level, list[Rec]] = {}
        for rec in recs:
            by_level.setdefault(rec.level, []).append(rec)  # type: ignore[arg-type]
        for level, group in by_level.items():
            nos = [r.no for r in group]
            numbered = all(nos) and len(set(nos)) == len(nos)
            for rec in group:
                self.r.counter[level] += 1
                kode = rec.texts.get("kode")
                base = (kode.text if kode else
                        f"{ID_PREFIX[level]}{rec.no if numbered else self.r.counter[level]}")
                item_id, n = base, 1
                while item_id in taken:
                    n += 1
                    item_id = f"{base}-{n}"
                rec.item_id = item_id
                taken.add(item_id)
            if not numbered and not all(r.texts.get("kode") for r in group):
                self.info.notes.append(t(f"{NS}.note_ids_ordinal", level=level.value,
                                         ids=", ".join(r.item_id for r in group)))

    # ----------------------------------------------------------------- items
    def _item(self, rec: Rec) -> Item:
        item = Item(id=rec.item_id, level=rec.level, file=self.r.file,  # type: ignore[arg-type]
                    table=self.t.sheet.name, row=rec.row,
                    induk=rec.parent.item_id if rec.parent else None,
                    eselon=self.table.eselon if rec.level == self.table.level else None)
        for name in ("nama", "kode", "penanggung_jawab"):
            p = rec.texts.get(name)
            if p is not None:
                text = p.text
                if name == "nama" and any(c.source == "awalan nama" for c in rec.clues):
                    text = strip_level_word(text)  # "Sub Kegiatan Penyediaan …" → "Penyediaan …"
                setattr(item, name, text)
                item.locate(name, self.loc(p), p.text if text != p.text else None)
        self._locate_blanks(item, rec.row, rec.group, {"item", "money"})
        sasaran = rec.context.get(Level.SASARAN)
        if sasaran is not None and rec.level != Level.SASARAN:
            item.sasaran = sasaran.text
            item.locate("sasaran", self.loc(sasaran))
        self.r.context[item.id] = {lv: (p.text, self.loc(p)) for lv, p in rec.context.items()}
        return item

    def _locate_blanks(self, target: Item | Indicator, row: int, group: int,
                       dests: set[str]) -> None:
        """Give the fields left blank on the row the address of their empty cell.

        A finding about a missing value (no satuan, no penanggung jawab) then sends the
        reviewer to the cell where it belongs, not just to the row.
        """
        for slot in self.t.slots[group]:
            if slot.dest in dests and slot.field not in target.cells and hasattr(
                    target, slot.field):
                target.locate(slot.field, self.r.loc(self.t, row, slot.col.index))

    def _parse(self, p: Piece, money: bool, item: Item, label: str) -> ParsedNumber | None:
        """Parse one value; report what cannot be read for certain (NUM-001/002/003)."""
        convention = self.conventions.get(p.col)
        parsed = parse_piece(p, money, convention)
        loc = self.loc(p)
        if parsed.status == "blank":
            return parsed
        if not parsed.ok:
            if parsed.reason == "numbers.grade_only" and not money:
                return parsed
            code = "NUM-003" if parsed.reason == "numbers.not_a_number" else "NUM-001"
            self.r.add(code, "num_text" if code == "NUM-003" else "num_unreadable", loc,
                       item=item, actual=p.text, reason=parsed, field=label, raw=p.text)
            return None
        if isinstance(p.value, str):
            own = parse_piece(p, money, None).convention
            if convention and own and own != convention:
                value = parsed.value
                self.r.add("NUM-002", "num_convention", loc, item=item, actual=p.text,
                           expected=convention, field=label, raw=p.text,
                           convention=convention,
                           localised={"value": lambda lang: format_number(value, lang)})
        return parsed

    def _quarterly(self, holder: dict[str, Piece], base: str, columns: dict[str, int],
                   money: bool, item: Item, target: Any) -> dict[str, str | None]:
        """Read an annual value and its quarters into ``target``; return their units.

        In a wide table a blank quarter cell in a row whose other quarters hold values
        means nothing is planned in that quarter: it reads 0. When all quarters are blank
        the row has no quarterly plan at all: they stay None, so a completeness rule can
        say so. A dash reads 0 too: it is how planners write "nothing".
        """
        names = [base, *(f"{base}_tw{q}" for q in QUARTERS)]
        quarters = names[1:]
        filled = any(holder.get(n) for n in quarters)
        values: dict[str, Any] = {}
        units: dict[str, str | None] = {}
        unread: list[tuple[str, int]] = []
        for name in names:
            p = holder.get(name)
            if p is None:
                col = columns.get(name)
                if name in quarters and filled and col is not None and not self.t.stacked:
                    values[name] = 0 if money else 0.0
                    setattr(target, name, values[name])
                    target.locate(name, self.r.loc(self.t, _row_of(holder, item), col), "")
                    self.zeros += 1
                continue
            label = _label(name)
            if money and p.col in self.percent_cols:
                item.raw[name.replace("_tw", "_persen_tw")] = p.text
                continue
            target.locate(name, self.loc(p), p.text)
            parsed = self._parse(p, money, item, label)
            if parsed is None:
                unread.append((name, len(self.doc.issues) - 1))
                continue
            if parsed.status == "blank":  # a dash: nothing planned
                values[name] = 0 if money else 0.0
            elif not parsed.ok:  # a grade (B, BB) in a target cell: kept as printed
                if name == base and not money:
                    target.target_teks = p.text
                continue
            elif money and parsed.unit not in (None, "rp"):
                key = "num_percent_in_money" if parsed.unit == "%" else "num_money_unit"
                self.r.add("NUM-003", key, self.loc(p), item=item, actual=p.text, field=label,
                           raw=p.text, unit=parsed.unit or "")
                continue
            else:
                values[name] = parsed.as_int() if money else parsed.as_float()
                if not money and name == base and parsed.grade:
                    target.target_teks = p.text
                units[name] = parsed.unit
            setattr(target, name, values[name])
        mode = next((c.mode for c in self.table.header.cols.values()
                     if c.index in {columns.get(q) for q in quarters}), None)
        for name, index in unread:
            implied = _implied(names, name, values, mode or "periodik")
            if implied is not None and 0 <= index < len(self.doc.issues):
                found = self.doc.issues[index]
                found.expected = implied
                found.suggestion = {lang: t(f"{NS}.suggest_implied", lang,
                                            value=format_number(implied, lang))
                                    for lang in LANGUAGES}
        return units

    def _columns(self, group: int, dest: set[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for slot in self.t.slots[group]:
            if slot.dest in dest and slot.dest != "cells":
                out[slot.field] = slot.col.index
        return out

    def _money(self, rec: Rec, item: Item) -> None:
        share = rec.vals.get("persen_realisasi")
        if share is not None:
            item.locate("persen_realisasi", self.loc(share), share.text)
            parsed = self._parse(share, False, item, _label("persen_realisasi"))
            if parsed is not None and parsed.ok:
                item.persen_realisasi = parsed.as_float()
        cols = self._columns(rec.group, {"money"})
        for base in ("anggaran", "realisasi"):
            if any(k == base or k.startswith(f"{base}_tw") for k in rec.vals):
                self._quarterly(rec.vals, base, cols, True, item, item)
        if any(getattr(item, f"{base}_tw{q}") is not None for q in QUARTERS
               for base in ("anggaran", "realisasi")):
            item.anggaran_mode = next(
                (c.mode for c in self.table.header.cols.values() if c.money
                 and c.owner == rec.group and c.role in ("quarter", "cells")), None)

    def _indicator(self, rec: Rec, ind: Ind, item: Item) -> Indicator | None:
        if not ind.texts and not ind.vals:
            return None
        indicator = Indicator(item=item.id, file=self.r.file, table=self.t.sheet.name,
                              row=ind.row)
        for name in ("uraian", "satuan"):
            p = ind.texts.get(name)
            if p is not None:
                setattr(indicator, name, p.text)
                indicator.locate(name, self.loc(p))
        cols = self._columns(rec.group, {"ind_num"})
        quarter_cols = [c for c in self.table.header.cols.values() if not c.money
                        and c.owner == rec.group and c.role in ("quarter", "cells")]
        indicator.mode = quarter_cols[0].mode if quarter_cols else None
        units: dict[str, str | None] = {}
        for base in ("target", "realisasi"):
            if any(k.startswith(f"{base}_m") for k in ind.vals):
                indicator.mode = self._months(ind, base, indicator.mode)
            if any(k == base or k.startswith(f"{base}_tw") for k in ind.vals):
                units.update(self._quarterly(ind.vals, base, cols, False, item, indicator))
        self._units(indicator, item, units)
        self._locate_blanks(indicator, ind.row, rec.group, {"ind_text", "ind_num"})
        has_column = any(s.field == "satuan" for s in self.t.slots[rec.group])
        if indicator.satuan is None and not has_column and any(
                indicator.cells.get(f"target_tw{q}") for q in QUARTERS):
            self.no_satuan.append(item.id)
        return indicator

    def _months(self, ind: Ind, base: str, stated: str | None) -> str | None:
        """A monthly plan read into quarters, and the mode its numbers show.

        The model keeps quarters, as every rule speaks of them; a monthly rencana aksi is
        read into them: a running (kumulatif) series gives each quarter its third month's
        value (March, June, September, December), a periodic one the sum of its three
        months. Unless the header says which, the numbers decide: a series that never falls
        and ends at the annual target is kumulatif, one whose months add up to it is
        periodik; one that fits neither keeps no mode, so that TGT-004 says so, and is read
        as a running series when it never falls. Each quarter points at its last month's
        cell.
        """
        months: dict[int, Piece] = {}
        for key in [k for k in ind.vals if k.startswith(f"{base}_m")]:
            months[int(key.rsplit("_m", 1)[1])] = ind.vals.pop(key)
        values: dict[int, float] = {}
        for month, p in months.items():
            parsed = parse_piece(p, False, self.conventions.get(p.col))
            if parsed.ok:
                values[month] = parsed.as_float()
            elif parsed.status == "blank":
                values[month] = 0.0
        if sorted(values) != list(range(1, 13)):  # a month unread or missing: no guess
            first = min(months.items(), key=lambda kv: (kv[0] in values, kv[0]))[1]
            self.info.notes.append(t(f"{NS}.note_month_unread", raw=first.text,
                                     cell=f"{column_letter(first.col)}{first.row}"))
            return stated
        series = [values[m] for m in range(1, 13)]
        annual = ind.vals.get(base)
        target = parse_piece(annual, False, self.conventions.get(annual.col)) if annual \
            else None
        goal = target.as_float() if target is not None and target.ok else None
        running = all(a <= b + 1e-9 for a, b in itertools.pairwise(series))
        ends = goal is not None and abs(series[-1] - goal) <= 1e-6
        adds = goal is not None and abs(sum(series) - goal) <= 1e-6
        mode = stated or ("kumulatif" if running and ends else "periodik" if adds else None)
        cumulative = mode == "kumulatif" or (mode is None and running)
        for q in QUARTERS:
            last = months[3 * q]
            value = series[3 * q - 1] if cumulative else sum(series[3 * q - 3:3 * q])
            ind.vals[f"{base}_tw{q}"] = Piece(value, last.text, last.row, last.col)
        self.months += 1
        return mode

    def _units(self, indicator: Indicator, item: Item, units: dict[str, str | None]) -> None:
        """The satuan from the values when no cell of a SATUAN column gives it.

        A value written in another unit than the indicator's is not read (NUM-003): it is
        not certain what it counts.
        """
        with_unit = {n: u for n, u in units.items() if u and u != "rp"}
        if not with_unit:
            return
        satuan = indicator.satuan
        tie: list[str] = []
        if satuan is None:
            counts = Counter(unit_key(u) for u in with_unit.values()).most_common()
            if len(counts) == 1 or counts[0][1] > counts[1][1]:
                first = next(n for n, u in with_unit.items() if unit_key(u) == counts[0][0])
                satuan = indicator.satuan = _printed_unit(indicator.raw.get(first) or "",
                                                          with_unit[first])
                indicator.locate("satuan", indicator.cells[first])
            else:
                tie = [u for u, _ in counts]
        for name, unit in with_unit.items():
            if not tie and unit_key(unit) == unit_key(satuan):
                continue
            loc = indicator.cells[name]
            raw = indicator.raw.get(name) or ""
            number = getattr(indicator, name)
            if tie:
                self.r.add("NUM-003", "num_unit_tie", loc, item=item, actual=raw,
                           units=", ".join(tie), raw=raw, field=_label(name))
            else:
                self.r.add("NUM-003", "num_unit_conflict", loc, item=item, actual=raw,
                           expected=satuan, unit=_printed_unit(raw, unit), raw=raw,
                           satuan=satuan or "", field=_label(name),
                           suggestion="suggest_unit_value",
                           suggestion_params={"satuan": satuan or "",
                                              "value": format_number(number, "id")})
            setattr(indicator, name, None)

    def _record_checks(self, rec: Rec, item: Item) -> None:
        """Missing or repeated quarter lines of a stacked record."""
        label = f"{item.id} ({item.level.value})"
        for slot in self.t.slots[rec.group]:
            if slot.dest != "cells":
                continue
            holders = [rec.vals] if slot.col.money else [i.vals for i in rec.inds]
            for holder in holders:
                found = {int(k[-1]) for k, p in holder.items()
                         if k.startswith(f"{slot.field}_tw") and p.col == slot.col.index}
                if not found:
                    continue
                missing = [q for q in QUARTERS if q not in found]
                if missing:
                    rows = [p.row for k, p in holder.items() if p.col == slot.col.index]
                    self.r.add("STR-002", "str_quarter_missing",
                               self.r.loc(self.t, max(rows), slot.col.index), item=item,
                               record=label, header=f"{slot.col.letter} ('{slot.col.header}')",
                               quarters=", ".join(f"TW {q}" for q in missing))
        for key, first, second in rec.twice:
            self.r.add("STR-002", "str_quarter_twice", self.loc(second), item=item,
                       actual=second.text, record=label, quarter=key[-1],
                       first=f"{column_letter(first.col)}{first.row}")

    def _total(self, row: int, money: dict[str, Piece]) -> None:
        levels = [r.level for r in self.t.recs if r.level is not None]
        order = list(Level)
        level = min(levels, key=order.index) if levels else self.table.level
        if level is None:
            return
        total = Total(tabel=self.info.name, level=level, file=self.r.file,
                      table=self.t.sheet.name, row=row)
        for name, p in money.items():
            if not (name == "anggaran" or name.startswith("anggaran_tw")):
                continue
            if p.col in self.percent_cols:
                continue
            total.locate(name, self.loc(p), p.text if isinstance(p.value, str) else None)
            parsed = parse_piece(p, True, self.conventions.get(p.col))
            if parsed.ok and parsed.unit in (None, "rp"):
                setattr(total, name, parsed.as_int())
            elif parsed.status == "blank":
                setattr(total, name, 0)
            else:
                self.r.add("NUM-001" if any(ch.isdigit() for ch in p.text) else "NUM-003",
                           "num_unreadable", self.loc(p), actual=p.text, reason=parsed,
                           field=_label(name), raw=p.text)
        self.doc.totals.append(total)


def _row_of(holder: dict[str, Piece], item: Item) -> int:
    return min((p.row for p in holder.values()), default=item.row or 0)


def _label(name: str) -> str:
    """How a field is named in a message (``target TW 2``, ``jumlah anggaran``)."""
    m = re.match(r"(target|realisasi|anggaran)(?:_tw(\d))?$", name)
    if not m:
        return name
    base, quarter = m.groups()
    word = {"target": "target", "realisasi": "realisasi", "anggaran": "anggaran"}[base]
    return f"{word} TW {quarter}" if quarter else word


def _printed_unit(text: str, unit: str) -> str:
    """The unit as the cell prints it (``Dokumen``, not the parser's ``dokumen``)."""
    if unit == "%":
        return "%"
    match = re.search(re.escape(unit), text, re.IGNORECASE)
    return match.group(0) if match else unit


def _implied(names: list[str], name: str, values: dict[str, Any], mode: str) -> Any:
    """The value the row's other cells imply for an unreadable one (a suggestion only).

    Periodic quarters add up to the annual value; cumulative ones end at it.
    """
    annual, quarters = names[0], names[1:]
    if mode == "kumulatif":
        if name == annual:
            return values.get(quarters[-1])
        return values.get(annual) if name == quarters[-1] else None
    if name == annual:
        qs = [values.get(q) for q in quarters]
        return sum(qs) if all(v is not None for v in qs) else None
    others = [values.get(q) for q in quarters if q != name]
    if values.get(annual) is None or any(v is None for v in others):
        return None
    return values[annual] - sum(others)
