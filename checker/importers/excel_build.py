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

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from checker.i18n import LANGUAGES, t
from checker.importers.base import document_id, normalise_name
from checker.importers.column_text import column_text
from checker.importers.columns import CURRENCY_ONLY
from checker.importers.excel_header import BLOCK_LABEL, Col, marker
from checker.importers.excel_items import ItemBuilder
from checker.importers.excel_pieces import NS, Piece, Rec, parse_piece
from checker.importers.excel_records import TableReader
from checker.importers.excel_tables import Table
from checker.importers.issues import issue, item_words
from checker.importers.mapping import role_name
from checker.importers.numbers import ParsedNumber, unread_code
from checker.importers.realign import realign
from checker.importers.word_places import cell_named, place_rows
from checker.model.finding import ItemRef
from checker.model.location import Location, column_index, page_words
from checker.model.plan import Document, Indicator, Item, TableInfo
from checker.model.schema import DocumentKind, Level


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

    def __init__(self, path: str, kind: DocumentKind, tables: list[Table],
                 name: str | None = None) -> None:
        self.file = path
        self.tables = tables
        self.doc = Document(id=document_id(path, kind, name), jenis=kind, path=path)
        self.counter: Counter[Level] = Counter()
        self.blocks: list[tuple[tuple[Any, ...], str, str]] = []  # (key, item id, table)
        self.block: _Block | None = None
        self.last_tujuan: str | None = None
        self.context: dict[str, dict[Level, tuple[str, Location]]] = {}
        self.readers: list[TableReader] = []
        self.codes_noted: set[str] = set()  # items whose official codes a note gave
        self.table_of: dict[str, str] = {}  # item id → name of the table it was read from
        #: cells of parents named near-alike: (table, cell), a Word table's C1 is not another's
        self.near_reported: set[tuple[str | None, str | None]] = set()

    # ----------------------------------------------------------------- findings
    def loc(self, reader: TableReader | Table, row: int, col: int | None = None) -> Location:
        """A cell's address; for a whole row, the row's first filled cell.

        Every finding names a cell (issue 15): a finding about a row points at what a
        reader sees first on it, not at "baris N".
        """
        sheet = reader.sheet
        label = reader.t.label if isinstance(reader, TableReader) else reader.label
        if col is None:
            filled = sheet.cells(row)
            col = filled[0][0] if filled else 1
        return sheet.location(self.file, row, col, label)

    def span(self, reader: TableReader | Table, first: int, last: int,
             col: int | None = None) -> Location:
        """Rows ``first``..``last`` of a table: the first row's cell and the range's end.

        The range runs to the table's last header column. A PDF range that crosses a page
        keeps its first cell only: rows are counted per page there.
        """
        table = reader if isinstance(reader, Table) else reader.t
        start = self.loc(reader, first, col)
        width = max((c.index for c in table.header.cols.values()), default=1)
        end = reader.sheet.location(self.file, max(first, last),
                                    max(width, column_index(start.column or "A")), start.table)
        if end.page != start.page:
            return start
        return start.model_copy(update={"end": end.cell})

    def rows(self, reader: TableReader, first: int, last: int) -> str:
        """A range of rows as a message says it: Word's rows in a flowed Word grid."""
        if reader.sheet.places is not None:
            first, last = (self.loc(reader, r, 1).row or r for r in (first, last))
        return f"{first}–{last}" if first != last else str(first)

    def say_record(self, reader: TableReader, key: str, first: int, end: int) -> None:
        """STR-001 once for a record whose lines were repaired: its rows, named by its item.

        The record is not an item yet when its lines are read; the finding names it by the
        level and name printed on its first row, as it names an item.
        """
        rec = next((r for r in reader.recs if r.row == first), None)
        name = rec.texts.get("nama") if rec is not None else None
        ref = ItemRef(level=rec.level.value if rec.level else None,
                      kode=rec.texts["kode"].text if "kode" in rec.texts else None,
                      nama=name.text) if rec is not None and name is not None else None
        self.add("STR-001", key, self.span(reader, first, end, 1), item=ref,
                 actual=name.text if name is not None else None,
                 rows=self.rows(reader, first, end))

    def add(self, code: str, key: str, location: Location, *,
            item: Item | ItemRef | None = None,
            actual: Any = None, expected: Any = None, reason: ParsedNumber | None = None,
            localised: dict[str, Callable[[str], str]] | None = None,
            suggestion: str | None = None, suggestion_params: dict[str, Any] | None = None,
            **params: Any) -> None:
        """Append an importer finding, each language's message filled in that language."""
        ref = item if isinstance(item, ItemRef) or item is None else ItemRef(
            level=item.level.value, kode=item.kode, nama=item.nama)
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
                                   cell=self.loc(reader, p.row, p.col).cell or ""))

    def quarter_from_row(self, reader: TableReader, p: Piece, quarter: int) -> None:
        self.add("STR-001", "str_quarter_from_row", self.loc(reader, p.row, p.col),
                 actual=p.text, expected=f"TW {quarter}", raw=p.text, quarter=quarter)

    def quarter_from_row_run(self, reader: TableReader, run: list[tuple[Piece, int]]) -> None:
        first, last = run[0][0], run[-1][0]
        where = self.loc(reader, first.row, first.col)
        end = self.loc(reader, last.row, last.col).cell
        self.add("STR-001", "str_quarter_from_row_run", where.model_copy(update={"end": end}),
                 actual=first.text, raw=first.text, count=len(run), first=where.cell or "",
                 last=end or "")

    def loose_numbers(self, reader: TableReader, run: list[tuple[int, list[str]]]) -> None:
        first, last = run[0][0], run[-1][0]
        values = [x for _, texts in run for x in texts]
        where = self.loc(reader, first)
        self.add("STR-004", "str_loose_numbers", where.model_copy(
                     update={"end": self.loc(reader, last).cell}), actual=", ".join(values),
                 values=", ".join(values), count=len(values),
                 rows=self.rows(reader, first, last))

    def stray_header(self, reader: TableReader, first: int, last: int) -> None:
        text = " ".join(x for _, x in reader.sheet.cells(first))
        self.add("STR-002", "str_stray_header", self.span(reader, first, last, None),
                 actual=text[:120], text=text[:120],
                 rows=self.rows(reader, first, last))

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
            parsed = parse_piece(p, False, reader.convention)
            if (parsed.ok or parsed.status == "ambiguous") and any(ch.isdigit() for ch in text):
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
                earlier = self.doc.item(same[1])
                reader.skip(row, "skip_repeated_block", table=same[2],
                            item=item_words(earlier) if earlier else same[2])
            if block.level == Level.TUJUAN:
                self.last_tujuan = same[1]
            return
        n = 1 + sum(1 for i in self.doc.items if i.level == block.level)
        item_id = f"{block.level.value.upper()}{n}"
        item = Item(id=item_id, level=block.level, file=self.file,
                    table=reader.t.label, row=block.rows[0],
                    induk=self.last_tujuan if block.level == Level.SASARAN else None)
        if block.nama:
            item.nama = block.nama.text
            item.locate("nama", self.loc(reader, block.nama.row, block.nama.col))
        else:
            reader.info.notes.append(t(f"{NS}.note_block_no_statement",
                                       item=t(f"report.level.{block.level.value}"),
                                       row=block.rows[0]))
        if block.level == Level.TUJUAN:
            self.last_tujuan = item_id
        self.doc.items.append(item)
        self.table_of[item_id] = reader.info.name
        self.blocks.append((key, item_id, reader.info.name))
        reader.info.rows_read += len(block.rows)
        for entry in block.entries:
            ind = Indicator(item=item_id, file=self.file, table=reader.t.label,
                            row=min(p.row for p in entry.values()))
            if "uraian" in entry:
                ind.uraian = entry["uraian"].text
                ind.locate("uraian", self.loc(reader, entry["uraian"].row, entry["uraian"].col))
            if "target" in entry:
                p = entry["target"]
                parsed = parse_piece(p, False, reader.convention)
                if not parsed.ok:
                    code = unread_code(parsed)
                    self.add(code, "num_sen" if code == "NUM-004" else "num_unreadable",
                             self.loc(reader, p.row, p.col),
                             actual=p.text, reason=parsed, field="target", raw=p.text)
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

        (:func:`checker.importers.realign.realign`, called back by the table reader.)
        """
        return realign(self, reader, row, mapping)

    # ----------------------------------------------------------------- reading
    def read(self) -> Document:
        """Read every table, then link parents and fill the document's heading."""
        for table in self.tables:
            info = TableInfo(name=table.name, file=self.file, grid=table.sheet.name,
                             first_row=table.top, headerless=table.bare)
            table.info = info
            self.doc.tables.append(info)
            reader = TableReader(table, self)  # first: it sets aside duplicate columns
            self._describe(table)
            if not reader.groups:
                self.add("STR-004", "str_bare_table_no_items" if table.bare
                         else "str_table_no_items",
                         self.span(table, table.top, table.body[1]),
                         actual=" | ".join(c.header for c in table.header.cols.values()),
                         table_named=table.name)
                info.last_row = table.header.last_row
                continue
            for row in table.header.numbered:
                info.skipped.append((row, t(f"{NS}.skip_numbered")))
            reader.read()
            if reader.agency and self.doc.instansi is None:
                self.doc.instansi = reader.agency
            self._unread(reader)
            self.readers.append(reader)
            ItemBuilder(self, reader).build()
            if not reader.recs and not reader.totals:
                self.add("STR-004", "str_bare_table_empty" if table.bare
                         else "str_table_empty",
                         self.span(table, table.top, table.body[1]),
                         table_named=table.name)
        from checker.importers.excel_parents import link_parents

        link_parents(self)
        for info in self.doc.tables:
            info.skipped.sort()
        self._printed_rows()
        place_rows(self.file, self.doc, self.tables)
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
                if c.role in ("unknown", "ignored", "item_sasaran")
                and c.confirmed != CURRENCY_ONLY]
        if cols:
            first = cols[0]
            # a virtual grid (key-value records, a budget list) names the printed cells
            virtual = reader.sheet.cell_addresses
            placed = reader.sheet.places is not None  # a flowed Word grid: Word's cells
            cells = [self.loc(reader, *c.cell) if c.cell in virtual or placed else None
                     for c in cols]
            first_loc = self.loc(reader, first.cell[0], first.cell[1])
            self.add("STR-005", "str_columns_unread", first_loc,
                     actual=[cell_named(x, first_loc) if x else f"{c.letter}{c.cell[0]}"
                             for c, x in zip(cols, cells, strict=True)], table_named=table.name,
                     columns=", ".join(f"{x.column if x else c.letter} ('{c.header[:60]}')"
                                       for c, x in zip(cols, cells, strict=True)))
        if reader.above_program:
            row, _ = reader.above_program[0]
            self.add("STR-005", "str_rows_above_program", self.loc(reader, row),
                     actual=[self.loc(reader, r).row if reader.sheet.places is not None
                             else r for r, _ in reader.above_program],  # Word's own row
                     table_named=table.name, localised={"rows": lambda lang: ", ".join(
                         f"{self.cell_words(reader, r, lang)} ({name[:40]})"
                         for r, name in reader.above_program)})

    def cell_words(self, reader: TableReader, row: int, lang: str = "id") -> str:
        """A row as a message in ``lang`` names it: its first filled cell (with a PDF's page)."""
        loc = self.loc(reader, row)
        if reader.sheet.places is not None:  # a flowed Word grid: the Word table, then cell
            return f"{(loc.table or '').split(' › ')[0]} {loc.cell}"
        return f"{page_words(loc.page, lang)} {loc.cell}" if loc.page is not None \
            else str(loc.cell)

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
        # Groups that state different modes (``Kinerja Per Triwulan`` beside ``Keuangan Per
        # Triwulan Akumulatif``): the contrast says each group's own; one group's
        # 'akumulatif' does not make the other cumulative (seed 004's program table).
        contrast = {"kumulatif", "periodik"} <= {stated.get(c.index) for c in quarters}
        for col in quarters:
            own = stated.get(col.index) if contrast else None
            col.mode = own or table_mode or stated.get(col.index) or "periodik"
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
        keys: dict[int, str] = {}
        # a printed header cell goes to the column of that header first; the level column
        # of a key-value table is read from the same key cell as the name
        for col in sorted(cols.values(), key=lambda c: (c.role == "level", c.index)):
            keys[col.index] = self._column_key(table, col, set(keys.values()))
        for col in sorted(cols.values(), key=lambda c: c.index):
            info.columns[keys[col.index]] = column_text(table, col)
            info.roles[col.letter] = role_name(col)  # a mapping file names the grid's letters
            info.headers[col.letter] = col.header

    def _column_key(self, table: Table, col: Col, taken: set[str]) -> str:
        """A column as ``inspect`` names it: its letter, or in a virtual grid a real cell.

        A key-value or budget-list table is a virtual grid whose letters are printed
        nowhere: its column is named by the cell where its header word is printed
        (``A662``, the key ``Anggaran``; in Word ``Tabel 26 A5``), and a column printed
        nowhere as such (the level, an ancestor filled from a heading) by its header in
        brackets. Not a letter, so no empty value is ever placed in a virtual column.
        """
        sheet = table.sheet
        if not sheet.cell_addresses:
            return col.letter
        key = f"[{col.header}]"
        if col.cell in sheet.cell_addresses:
            loc = self.loc(table, *col.cell)
            cell = f"{(loc.table or '').split(' › ')[0]} {loc.cell}" if sheet.places else loc.cell
            key = cell if cell and cell not in taken else key
        return key
