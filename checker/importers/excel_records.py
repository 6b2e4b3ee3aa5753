"""The rows of one agency table, grouped into records before they become items.

Two shapes of table exist in the agencies' workbooks:

* *wide*: one row per item, the quarters in their own columns (``TR I … TR IV``,
  ``Target s.d. TW I``), a further indicator of the same item on the next row with the
  item's cells merged or left blank; a table may hold two item columns side by side
  (tujuan and sasaran strategis, each with its indicators);
* *stacked*: one row per quarter, the quarter written inside the cell (``Trw 1= 23.22``,
  ``TRW II = 9 dokumen``), so one item spans four rows, its other cells merged over them.

Around the items sit the things that are not items, each recognised and recorded in the
table's ``skipped`` list with its reason: header rows printed again on every page, the row
numbering the columns, ``Tujuan :``/``Sasaran :`` blocks (read as tujuan and sasaran
items), section labels (``Kegiatan``, ``Sub Kegiatan``) announcing the level of the rows
below, totals rows (read as :class:`~checker.model.plan.Total`) and the signature block.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import Any

from checker.i18n import t
from checker.importers.excel_grid import (
    WHOLE_FILE_GRIDS,
    Sheet,
    blank,
    display,
    typed_number,
)
from checker.importers.excel_header import (
    LEVEL_WORDS,
    groups,
    is_header_row,
    is_numbered_row,
    row_key,
    squash,
)
from checker.importers.excel_pieces import (
    AGENCY_LABEL,
    LEVEL_RANK,
    NS,
    PARENT_LEVEL,
    ROW_NUMBER,
    SUMMARY_LABEL,
    Ind,
    Piece,
    Rec,
    Slot,
    slots_of,
)
from checker.importers.excel_stacked import StackedRows
from checker.importers.excel_tables import Table, signature_row
from checker.importers.kode_columns import joined_code, split_code_columns
from checker.importers.levels import (
    ABOVE_PROGRAM,
    Clue,
    as_level,
    code_clue,
    decide,
    name_clues,
    official_levels,
    text_clue,
)
from checker.importers.long_rows import place_values_line, say_repaired, shift_long_row
from checker.importers.numbers import (
    Convention,
    detect_convention,
    parse_money,
    quarter_values,
)
from checker.importers.quarter_steps import stray_header
from checker.importers.vocabulary import level_named
from checker.model.location import column_letter
from checker.model.schema import Level


class TableReader(StackedRows):
    """Reads one table's body into records, totals and skipped rows."""

    def __init__(self, table: Table, report: Any) -> None:
        assert table.info is not None
        self.t = table
        self.sheet: Sheet = table.sheet
        self.info = table.info
        self.report = report  # the document reader: findings, blocks, locations
        self.groups = groups(table.header)
        self.slots = {g: slots_of(table, g) for g in self.groups}
        cols = table.header.cols
        self.no_col = next((c.index for c in cols.values() if c.role == "no"), None)
        self.context_cols = {c.level: c for c in cols.values()
                             if c.role == "name" and c.index not in self.groups
                             and c.level is not None}
        self.stacked = any(s.dest == "cells" for g in self.groups for s in self.slots[g])
        if self.stacked:
            self.groups = self.groups[-1:]
        self.recs: list[Rec] = []
        self.totals: list[tuple[int, dict[str, Piece], str | None]] = []
        self.section: Level | None = None
        self.sectioned = False
        self.shift: tuple[int, int] | None = None  # (column, ±1) of a realigned row
        self.found: str | None = None  # the level the evidence decided for the last row
        self.clues: list[Clue] = []  # and the clues behind it
        self.above_program: list[tuple[int, str]] = []  # urusan / bidang rows: (row, name)
        self.agency: str | None = None  # from a "Perangkat Daerah : …" row in the table
        self.code_parts = split_code_columns(table.header)  # kode over several columns
        self.moved: dict[tuple[int, int | None], Piece | None] = {}  # excel_stacked pairs
        self.paired: list[int] = []  # rows read so
        self.shifted: list[int] = []  # rows read one column to the right
        self.stretched: list[int] = []  # rows read one column to the left (long_rows)
        self.placed: list[int] = []  # value-only rows read into the value columns
        self.ambiguous: dict[int, list[tuple[Piece, bool]]] = {}  # quarter_steps: by kind
        self.from_row: list[tuple[Piece, int]] = []  # values read with their line's label
        self.stray: set[int] = set()  # a heading row inside the table and the lines under it
        self.loose: list[tuple[int, list[str]]] = []  # lines of amounts in no value column

    # ----------------------------------------------------------------- helpers
    @cached_property
    def convention(self) -> Convention | None:
        """The number convention the table's own cells prove (``1.741.737.370``, ``74,17``).

        For values read outside the value columns (a ``Sasaran :`` block's target), whose
        column proves nothing on its own: one author and one locale wrote the table.
        """
        first, last = self.t.body
        return detect_convention(text for row in range(first, last + 1)
                                 for _, text in self.sheet.cells(row)
                                 if any(ch.isdigit() for ch in text))

    def piece(self, row: int, col: int | None) -> Piece | None:
        """The cell's own content (a covered cell of a merged range reads blank).

        A code printed over several columns reads as one code (``kode_columns``).
        """
        if col is not None and col in self.code_parts:
            return joined_code(self, row, self.code_parts[col])
        if (row, col) in self.moved:  # a split quarter label joined to its value
            return self.moved[row, col]
        return self.cell_piece(row, col)

    def cell_piece(self, row: int, col: int | None) -> Piece | None:
        """One cell's own content, whatever its column."""
        if col is None:
            return None
        value = self.sheet.value(row, col)
        if blank(value):
            return None
        return Piece(value, display(value), row, col)

    def master_piece(self, row: int, col: int) -> Piece | None:
        """The content shown at a position: a merged range shows its top-left cell."""
        r, c = self.sheet.master(row, col)
        return self.piece(r, c)

    def skip(self, row: int, key: str, **params: Any) -> None:
        self.info.skipped.append((row, t(f"{NS}.{key}", **params)))

    def level_of_group(self, group: int) -> Level | None:
        col = self.t.header.cols[group]
        if self.section is not None and self.sectioned:
            return self.section
        return col.level or self.t.level

    # ----------------------------------------------------------------- walk
    def read(self) -> None:
        """Classify every row of the body, left to right across its groups."""
        first, last = self.t.body
        self.sectioned = self._has_sections(first, last)
        if self.sectioned:
            self.section = self.t.header.cols[self.groups[0]].level or self.t.level
        current: dict[int, Rec] = {}
        after_totals = False
        in_signature = False
        last_read = self.t.header.last_row
        filled = self.sheet.filled(first, last)  # an empty row is never read
        running = Counter(c[0][1] for r in filled if len(c := self.sheet.cells(r)) == 1)
        stray_end = 0
        for row in filled:
            cells = self.sheet.cells(row)
            if not cells:
                continue
            if row <= stray_end:
                self.stray.add(row)
                self.skip(row, "skip_stray_header")
                continue
            if in_signature:
                self.skip(row, "skip_signature")
                continue
            if row_key(self.sheet, row) in self.t.header.keys:
                self.skip(row, "skip_repeated_header")
                continue
            if is_numbered_row(self.sheet, row):
                self.skip(row, "skip_numbered")
                continue
            if self.stacked and self.recs and stray_header(self.sheet, row):
                stray_end = self.stray_stretch(row)
                self.stray.add(row)
                self.report.stray_header(self, row, stray_end)
                self.skip(row, "skip_stray_header")
                continue
            no = self._no(row)
            if after_totals and self.stacked and not no and self._more_totals(row):
                continue  # the totals row's next quarter, on a line of its own
            if self._official_row(cells):
                self.skip(row, "skip_official", official=cells[0][1])
                continue
            if signature_row(self.sheet, row) or (after_totals and not no):
                in_signature = True
                self.report.close_block(self)
                self.skip(row, "skip_signature")
                continue
            last_read = row
            if len(cells) == 1 and (m := AGENCY_LABEL.match(cells[0][1])):
                self.agency = self.agency or m.group(1).strip()
                self.skip(row, "skip_agency_label", agency=m.group(1).strip())
                continue
            section = self._section_label(row, cells)
            if section is not None:
                self.report.close_block(self)
                self.section = section
                self.skip(row, "skip_section", level=section.value)
                continue
            if self._running(cells, running):
                self.skip(row, "skip_running", text=cells[0][1])
                continue
            label = self._summary_label(row, cells)
            if label is not None or self._numbers_only(row, cells, no):
                self.report.close_block(self)
                if self._totals(row, label):
                    after_totals = True
                continue
            if not self.stacked and len(self.groups) == 1 and self.report.block_row(
                    self, row, cells, no):
                continue
            after_totals = False
            if self.stacked and not no and self.loose_number(row, cells):
                self.skip(row, "skip_loose_number")
                continue
            if self.stacked:
                shift_long_row(self, row) or place_values_line(self, row)
                self._stacked_row(row, cells, no, current)
            else:
                self._wide_row(row, no, current)
        self.report.close_block(self)
        self.info.last_row = last_read
        say_repaired(self, last_read)
        self.say_from_row()
        self.say_loose()
        self._fill_context()

    def _running(self, cells: list[tuple[int, str]], alone: Counter[str]) -> bool:
        """A line printed alone, and alike, on several rows of a text table: a page's foot.

        The agency's name at the foot of every page of an LKjIP is no row of the table. A
        level's name (``Kegiatan``) or a line with a number is never taken for one.
        """
        if self.sheet.container not in WHOLE_FILE_GRIDS or len(cells) != 1 \
                or alone[cells[0][1]] < 2:
            return False
        text = cells[0][1]
        return not any(ch.isdigit() for ch in text) and level_named(text, whole=False) is None

    def _official_row(self, cells: list[tuple[int, str]]) -> bool:
        """An official's title alone in the table's ``Pejabat`` column: whose rows follow.

        A page that lists targets per official prints ``Kepala Sub Bidang …`` in that
        column above the official's rows; it is not the signature block below a table.
        """
        return len(cells) == 1 and cells[0][1].lower().startswith("kepala") and any(
            c.role == "pj" and c.index == cells[0][0] for c in self.t.header.cols.values())

    def _has_sections(self, first: int, last: int) -> bool:
        return any(self._section_label(r, self.sheet.cells(r)) is not None
                   for r in self.sheet.filled(first, last))

    def _section_label(self, row: int, cells: list[tuple[int, str]]) -> Level | None:
        """``Kegiatan`` / ``Sub Kegiatan`` alone on a row: the level of the rows below."""
        if not self.groups or not cells or cells[0][0] > self.groups[0]:
            return None
        if len(cells) > 1:  # "Sasaran Strategis | Indikator Sasaran | Tahun 2021 …"
            named = level_named(cells[0][1]) if cells[0][0] == self.groups[0] and \
                is_header_row(self.sheet, row) else None
            return named if named is not None and named != self.t.header.cols[
                self.groups[0]].level else None
        if len(cells) != 1:
            return None
        text = cells[0][1]
        word = squash(text).rstrip(":")
        level = LEVEL_WORDS.get(word)
        if text.rstrip().endswith(":") and word.startswith("sasaran") \
                and self.t.header.cols[self.groups[0]].level == Level.SASARAN:
            return Level.SASARAN  # "Sasaran Sub-Kegiatan :" over a column of sasaran
        return level if level in (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN) else None

    def _no(self, row: int) -> str | None:
        p = self.piece(row, self.no_col)
        if p is None:
            return None
        text = p.text.rstrip(".")
        return text if ROW_NUMBER.match(p.text) else None

    def _summary_label(self, row: int, cells: list[tuple[int, str]]) -> str | None:
        """The label of a JUMLAH / TOTAL / Rata-rata row, in the NO or a name column."""
        col, text = cells[0]
        if typed_number(self.sheet.value(row, col)) or not SUMMARY_LABEL.match(text):
            return None
        names = {self.no_col, *self.groups, *(c.index for c in self.context_cols.values())}
        if col not in names and col > min(self.groups or [col]):
            return None
        return text

    def _numbers_only(self, row: int, cells: list[tuple[int, str]], no: str | None) -> bool:
        """A row of amounts with no number, name or indicator: an unlabelled totals row.

        A text column (name, indicator, penanggung jawab) holding only an amount does not
        make the row an item: seed 000 repeats the grand total in the PENANGGUNGJAWAB column.
        """
        if no or self.stacked:
            return False
        for group in self.groups:
            for slot in self.slots[group]:
                if slot.dest in ("item", "ind_text") and (p := self.piece(
                        row, slot.col.index)) and parse_money(p.text).status != "ok":
                    return False
        for col, text in cells:
            if typed_number(self.sheet.value(row, col)):
                continue  # a number the workbook stores as a number (a percentage too)
            parsed = parse_money(text)
            if parsed.status != "ok" and not (parsed.status == "blank" and text.strip()):
                return False
        return True

    # ----------------------------------------------------------------- totals
    def _totals(self, row: int, label: str | None) -> bool:
        """A totals row: a Total when it holds amounts in the budget columns."""
        money: dict[str, Piece] = {}
        used: set[int] = set()
        for group in self.groups:
            for slot in self.slots[group]:
                if slot.dest == "money":
                    p = self.piece(row, slot.col.index)
                    if p is not None:
                        money.setdefault(slot.field, p)
                        used.add(slot.col.index)
                elif slot.dest == "cells" and slot.col.money:
                    p = self.piece(row, slot.col.index)
                    if p is not None:
                        for q, value in quarter_values(p.text):
                            money.setdefault(f"{slot.field}_tw{q}",
                                             Piece(value, p.text, row, p.col))
                        used.add(slot.col.index)
        extra = [(c, x) for c, x in self.sheet.cells(row) if c not in used and x != label]
        if not money:
            self.skip(row, "skip_summary", label=label or "-")
            if extra:
                self.report.summary_values(self, row, label or "-", extra)
            return False
        self.totals.append((row, money, label))
        self.skip(row, "skip_totals")
        for col, text in extra:
            header = self.t.header.cols[col].header if col in self.t.header.cols else "-"
            self.info.notes.append(t(f"{NS}.note_totals_extra", cell=f"{column_letter(col)}{row}",
                                     raw=text, header=header))
        return True

    def _more_totals(self, row: int) -> bool:
        """A stacked totals row goes on over the next lines (``Trw 2= …`` alone)."""
        if not self.totals or self.piece(row, self.groups[0]) is not None:
            return False
        money = self.totals[-1][1]
        added = False
        for slot in self.slots[self.groups[0]]:
            if slot.dest != "cells" or not slot.col.money:
                continue
            p = self.piece(row, slot.col.index)
            if p is None:
                continue
            for q, value in quarter_values(p.text):
                key = f"{slot.field}_tw{q}"
                if key not in money:
                    money[key] = Piece(value, p.text, row, p.col)
                    added = True
        if added:
            self.skip(row, "skip_totals")
        return added

    # ----------------------------------------------------------------- wide rows
    def _wide_row(self, row: int, no: str | None, current: dict[int, Rec]) -> None:
        """One row of a wide table: per item column, a new item or a further indicator."""
        single = len(self.groups) == 1
        used = reported = False
        self.shift = None
        for k, group in enumerate(self.groups):
            slots = self.slots[group]
            # keyed by destination too: realisasi_tw1 is a K column and an Rp column
            mapping = {(s.dest, s.field): s.col.index for s in slots}
            if single and not self.sectioned:
                mapping = self.report.realign(self, row, mapping)
            read = {s: self.piece(row, mapping.get((s.dest, s.field))) for s in slots
                    if mapping.get((s.dest, s.field)) is not None}
            name = next((p for s, p in read.items() if s.field == "nama" and p), None)
            uraian = next((p for s, p in read.items() if s.field == "uraian" and p), None)
            ind_vals = any(p for s, p in read.items() if s.dest in ("ind_num",) and p)
            satuan = any(p for s, p in read.items() if s.field == "satuan" and p)
            pagu = any(p for s, p in read.items() if s.field == "anggaran" and p)
            rec = current.get(group)
            starts = name is not None or (single and (no is not None or pagu))
            if starts:
                level = self._row_level(row, group)
                if self.found in ABOVE_PROGRAM:
                    self.above_program.append((row, name.text if name else ""))
                    if self.found == "perangkat_daerah" and name is not None:
                        self.agency = self.agency or name.text  # the agency's own row
                    self.skip(row, "skip_above_program", level=self.found,
                              clues="; ".join(c.describe() for c in self.clues))
                    current.pop(group, None)
                    reported = True
                    continue
                rec = Rec(level=level, row=row, group=group, no=no)
                rec.clues = list(self.clues)
                rec.parent = current.get(self.groups[k - 1]) if k else self._section_parent(
                    level) or self._order_parent(group, level)
                current[group] = rec
                for deeper in self.groups[k + 1:]:
                    current.pop(deeper, None)
                self.recs.append(rec)
                self._context(rec, row)
                for slot, p in read.items():
                    if p is not None and slot.dest == "item":
                        rec.texts[slot.field] = p
                    elif p is not None and slot.dest == "money":
                        rec.vals[slot.field] = p
                rec.inds.append(self._ind(row, read))  # empty when the row has none
                used = True
            elif uraian or ind_vals or satuan:
                if rec is None:
                    self.report.orphan(self, row, min(p.col for p in read.values() if p))
                    reported = True
                    continue
                rec.inds.append(self._ind(row, read))  # a further indicator of the item
                for slot, p in read.items():
                    if p is not None and slot.dest == "item":
                        rec.texts.setdefault(slot.field, p)
                used = True
        if used:
            self.info.rows_read += 1
        elif not reported:
            self.report.unknown_row(self, row)

    def _ind(self, row: int, read: dict[Slot, Piece | None]) -> Ind:
        ind = Ind(row)
        for slot, p in read.items():
            if p is None:
                continue
            if slot.dest == "ind_text":
                ind.texts[slot.field] = p
            elif slot.dest == "ind_num":
                ind.vals[slot.field] = p
        return ind

    def _row_level(self, row: int, group: int) -> Level | None:
        """A row's level: weighed evidence in a mixed column, else its column's or section's.

        In a table mixing levels under one ``PROGRAM/KEGIATAN/SUB KEGIATAN`` column every
        clue the row gives is weighed (:mod:`~checker.importers.levels`: a level column,
        the code, the name's first word, the nomenclature, the section label, the
        titles). A row announcing the next section (``Kegiatan`` below a program) is one
        level above that section.
        """
        col = self.t.header.cols[group]
        self.found, self.clues = None, []
        if col.level is None:
            found, clues = self._weigh(row, group)
            self.found, self.clues = found, clues
            if found is not None:
                return as_level(found)
        if not self.sectioned:
            return self.level_of_group(group)
        nxt = row + 1
        while nxt <= self.t.body[1] and self.sheet.row_blank(nxt):
            nxt += 1
        below = self._section_label(nxt, self.sheet.cells(nxt)) if nxt <= self.t.body[1] \
            else None
        if below is not None and below in PARENT_LEVEL and below != Level.PROGRAM:
            return PARENT_LEVEL[below]
        return self.section

    def _weigh(self, row: int, group: int) -> tuple[str | None, list[Clue]]:
        """Every clue of a row in a mixed-level column, and the level they decide."""
        slots = {s.field: s for s in self.slots[group]}
        text = {f: (p.text if (p := self.piece(row, s.col.index)) else None)
                for f, s in slots.items() if f in ("kode", "level_text", "nama")}
        clues = code_clue(text.get("kode"))
        clues += text_clue(text.get("level_text"), "kolom level")
        if not any(c.source in ("kode", "kolom level") for c in clues):
            clues += name_clues(text.get("nama"))
        if not clues:
            prev = next((r for r in reversed(self.recs) if r.group == group), None)
            if prev is not None and prev.level == Level.SUB_KEGIATAN:
                clues.append(Clue(Level.SUB_KEGIATAN.value, "urutan", f"baris {prev.row}"))
            elif prev is not None and prev.level == Level.PROGRAM and "kegiatan" in \
                    official_levels(text.get("nama")):
                # an official name of a kegiatan and of a sub-kegiatan alike, right after a
                # program: the kegiatan (a program lists its kegiatan first)
                clues.append(Clue(Level.KEGIATAN.value, "urutan", f"baris {prev.row}"))
        statements = self.t.header.cols[group].levels_named & {"tujuan", "sasaran"}
        if not clues and statements:  # "Tujuan/ Sasaran Strategis/ Program": a statement
            deepest = "sasaran" if "sasaran" in statements else "tujuan"
            clues.append(Clue(deepest, "judul kolom", self.t.header.cols[group].header))
        if self.sectioned and self.section is not None:
            clues.append(Clue(self.section.value, "label bagian"))
        if self.t.level is not None:
            clues.append(Clue(self.t.level.value, "judul tabel", self.t.level_source or ""))
        return decide(clues)

    def _order_parent(self, group: int, level: Level | None) -> Rec | None:
        """In one column mixing levels, a row's parent is the last row of the level above.

        Read as a person reads a list of programs, each followed by its kegiatan, each
        followed by its sub-kegiatan; codes, where printed, are checked against it later.
        """
        if self.t.header.cols[group].level is not None or level not in PARENT_LEVEL:
            return None
        above = PARENT_LEVEL[level]
        for rec in reversed(self.recs):
            if rec.group != group:
                continue
            if rec.level == above:
                return rec
            if rec.level is not None and LEVEL_RANK[rec.level] < LEVEL_RANK[above]:
                return None  # a higher level came first: this row's parent is missing
        return None

    def _section_parent(self, level: Level | None) -> Rec | None:
        """In a sectioned list, the parent of a row is the last row of the level above."""
        if not self.sectioned or level not in PARENT_LEVEL:
            return None
        above = PARENT_LEVEL[level]
        return next((r for r in reversed(self.recs) if r.level == above), None)

    def _context(self, rec: Rec, row: int) -> None:
        """Ancestor names (SASARAN STRATEGIS, Program, Kegiatan) printed on the item's row.

        A merged cell gives its text to every row it covers; a blank, unmerged cell means
        "same as above" and is filled from the previous item (counted in a note).
        """
        for level, col in self.context_cols.items():
            index = col.index
            if self.shift is not None and index >= self.shift[0]:
                index = None if self.shift[1] < 0 and index == self.shift[0] else \
                    index + self.shift[1]
            p = self.master_piece(row, index) if index is not None else None
            if p is not None:
                rec.context[level] = p
                rec.filled[level] = False
                continue
            prev = next((r for r in reversed(self.recs[:-1]) if r.group == rec.group
                         and level in r.context), None)
            if prev is not None:
                rec.context[level] = prev.context[level]
                rec.filled[level] = True

    def _fill_context(self) -> None:
        for level, col in self.context_cols.items():
            count = sum(1 for r in self.recs if r.filled.get(level))
            if count:
                self.info.notes.append(t(f"{NS}.note_context_filled", count=count,
                                         header=col.header, column=col.letter))
