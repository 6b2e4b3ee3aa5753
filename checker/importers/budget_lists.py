"""Budget lists: ``Program | Anggaran`` tables whose level is announced by marker lines.

A Perjanjian Kinerja (and its Perubahan) prints its budget as a list, not a grid: under a
header ``Program | Anggaran | Keterangan`` a program row, then a line ``Kegiatan`` alone
announcing that the rows below are kegiatan, a line ``Sub Kegiatan`` announcing
sub-kegiatan, and so on, closed by ``Jumlah Anggaran``. A text extract of such a list
keeps few of its columns: scanned pages lose their tabs (``3 Pemeliharaan … : 13.272.600
APBD`` is one cell), a ``:`` printed between name and amount becomes a cell of its own and
pushes the amount one column right, a row number sticks to the name, and rule lines
(``--- | -- | ------------``) sit between the rows.

This stage, for text extracts only (a workbook, Word or PDF table keeps its cells, and
its marker rows are section labels the table stages read), reads each row from its text,
as a reader of the page does: an optional row
number, the name, the amount, the funding source (``APBD``); and writes the list as a
virtual grid with one column per value (``No | Level | Nama | Anggaran | Keterangan``),
every cell keeping its real address (:attr:`Sheet.cell_addresses`). The shared stages
then read it like any other table: the level from the Level column, parents by order in
the mixed-level name column, amounts through the one number parser, the totals row.

The level of a row is the marker's above it, except a row before any marker or named
``Program …`` (a program), and a numbered row followed by a ``Kegiatan`` marker whose
number does not continue the sub-kegiatan numbering (the next program: the last
sub-kegiatan of a kegiatan is followed by a ``Kegiatan`` marker too). When its number
continues both numberings, a funding source says sub-kegiatan (programs carry none);
without one the row is read as a sub-kegiatan and reported (STR-002). A name cut off at
the end of a scanned line (``… Bulanan / Triwulan /``) is reported too (STR-002).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.importers.excel_grid import WHOLE_FILE_GRIDS, Sheet, framed_rows
from checker.importers.issues import issue
from checker.importers.vocabulary import squash
from checker.model.finding import Finding, ItemRef
from checker.model.schema import Level

NS = "import_excel"
#: The words of a level marker line, squashed, and the level of the rows below it.
MARKERS = {"program": Level.PROGRAM, "kegiatan": Level.KEGIATAN,
           "subkegiatan": Level.SUB_KEGIATAN}
LEVEL_WORDS = {Level.PROGRAM: "Program", Level.KEGIATAN: "Kegiatan",
               Level.SUB_KEGIATAN: "Sub Kegiatan"}
#: Funding sources printed after a sub-kegiatan's amount.
SOURCES = re.compile(r"\b(apbd|apbn|dak|dau|blud|dbhcht)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"^(?:rp\.?\s*)?[-−–]?\s*\d[\d.,]*")
_NO = re.compile(r"(\d{1,3})[.)]?")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]?\s+(\S.*)$")
_CUT = re.compile(r"[/,\-]\s*$|\b(dan|serta)\s*$", re.IGNORECASE)
#: A title above a list names it: how far up it is looked for, and the words of one.
TITLE_LINES = 40
TITLE = re.compile(r"perjanjian|rencana|renaksi", re.IGNORECASE)
#: Rows read after the header before a list that has shown no marker is given up.
MAX_ROWS_WITHOUT_MARKER = 3


@dataclass
class _Row:
    """One row of the list: its values, each with the (row, column) it was printed at."""

    row: int
    level: Level
    no: tuple[str, int] | None
    name: tuple[str, int]
    amount: tuple[str, int, int] | None  # (text, row, column)
    source: tuple[str, int] | None


@dataclass
class BudgetList:
    """What the stage found: the grid without the list, the list's grid, and findings."""

    remaining: Sheet
    grids: list[Sheet] = field(default_factory=list)
    end: int = 0  # the last line of the last list (its total's amount)
    issues: list[tuple[str, str, int, int, dict[str, object]]] = field(default_factory=list)

    def findings(self, document: str, file: str, table: str | None = None) -> list[Finding]:
        """The stage's findings as importer findings of ``document`` (in table ``table``)."""
        out = []
        for code, key, row, col, params in self.issues:
            grid = next((g for g in self.grids if g.cell_addresses), None)
            table = table or (grid.titles[0] if grid and grid.titles else self.remaining.name)
            name = str(params["name"])
            level = str(params["level"])
            out.append(issue(document, code, f"{NS}.{key}",
                             self.remaining.location(file, row, col, table),
                             item=ItemRef(level=level, nama=name), actual=name, name=name))
        return out


def _cells(sheet: Sheet, row: int) -> list[tuple[int, str]]:
    """A row's cells without the lone ``:`` or ``=`` a form prints between name and value."""
    return [(c, x.strip()) for c, x in sheet.cells(row) if x.strip() not in (":", "=")]


def _value(text: str) -> str:
    return re.sub(r"^\s*[:=]\s*", "", text).strip()


def _numeric(text: str) -> bool:
    return bool(_AMOUNT.match(_value(text)))


def marker(sheet: Sheet, row: int) -> Level | None:
    """The level a marker line (``Kegiatan``, ``Sub Kegiatan :``) announces, if it is one."""
    cells = _cells(sheet, row)
    return MARKERS.get(squash(cells[0][1])) if len(cells) == 1 else None


def separator(sheet: Sheet, row: int) -> bool:
    """A rule line of dashes between rows."""
    cells = _cells(sheet, row)
    return bool(cells) and all(re.fullmatch(r"-+", x) for _, x in cells)


def header_row(sheet: Sheet, row: int) -> bool:
    """``Program | Anggaran [| Keterangan]``: a level and an amount, and nothing measured."""
    cells = sheet.cells(row)
    if len(cells) < 2:  # most lines of a text grid: asked for every row of every part
        return False
    words = [squash(x) for _, x in cells]
    return ("program" in words and any(w.startswith(("anggaran", "pagu"))
                                                           for w in words)
            and not any(w.startswith(("indikator", "target", "realisasi")) for w in words))


def split_row(sheet: Sheet, row: int) -> tuple[tuple[str, int] | None, tuple[str, int] | None,
                                               tuple[str, int] | None, tuple[str, int] | None]:
    """(number, name, amount, source) of a row, each with its column; ``None`` if absent."""
    cells = _cells(sheet, row)
    no = name = amount = source = None
    if cells and (m := _NO.fullmatch(cells[0][1])):
        no = (m.group(1), cells.pop(0)[0])
    elif cells and (m := _NUMBERED.match(cells[0][1])) and not _numeric(m.group(2)):
        no, cells[0] = (m.group(1), cells[0][0]), (cells[0][0], m.group(2))
    for col, text in cells:
        if name is None and not _numeric(text):
            name = (text, col)
        elif amount is None and _numeric(text):
            amount = (_value(text), col)
        elif source is None and SOURCES.fullmatch(text.strip()):
            source = (text.strip(), col)
    if amount is None and name and ":" in name[0]:
        head, _, tail = name[0].rpartition(":")
        if _numeric(tail):
            name, amount = (head.strip(), name[1]), (tail.strip(), name[1])
    if amount is not None and (m := SOURCES.search(amount[0])) and m.start() > 0:
        source = source or (m.group(0), amount[1])
        amount = (amount[0][:m.start()].strip(), amount[1])
    return no, name, amount, source


class _Reader:
    """Walks one list from its header to its totals row."""

    def __init__(self, sheet: Sheet, header: int) -> None:
        self.sheet, self.header = sheet, header
        self.rows: list[_Row] = []
        self.used: set[int] = {header}
        self.issues: list[tuple[str, str, int, int, dict[str, object]]] = []
        self.expect: Level | None = None
        self.sub_no: int | None = None
        self.program_no = 0
        self.total: tuple[int, str, tuple[str, int, int] | None] | None = None

    def read(self) -> None:
        sheet = self.sheet
        for row in range(self.header + 1, sheet.height + 1):
            if sheet.row_blank(row):
                continue
            if self.total is not None:
                if self.total[2] is None:
                    _, _, amount, _ = split_row(sheet, row)
                    if amount is not None and not _cells(sheet, row)[0][1][:1].isalpha():
                        self.total = (self.total[0], self.total[1], (*amount[:1], row,
                                                                     amount[1]))
                        self.used.add(row)
                break  # below the total: signatures and the rest of the appendix
            if separator(sheet, row):
                self.used.add(row)
                continue
            if (level := marker(sheet, row)) is not None:
                self.expect = level
                self.sub_no = 0 if level == Level.SUB_KEGIATAN else None
                self.used.add(row)
                continue
            no, name, amount, source = split_row(sheet, row)
            if name is None:
                if self.expect is None and len(self.rows) >= MAX_ROWS_WITHOUT_MARKER:
                    break
                continue
            self.used.add(row)
            if squash(name[0]).startswith(("jumlah", "total")):
                self.total = (row, name[0], (amount[0], row, amount[1]) if amount else None)
                continue
            self._item(row, no, name, amount, source)

    def _following_marker(self, row: int) -> Level | None:
        for r in range(row + 1, self.sheet.height + 1):
            if self.sheet.row_blank(r) or separator(self.sheet, r):
                continue
            return marker(self.sheet, r)
        return None

    def _level(self, row: int, no: str | None, name: tuple[str, int], funded: bool) -> Level:
        if self.expect is None or squash(name[0]).startswith("program"):
            return Level.PROGRAM
        if no is None or self._following_marker(row) != Level.KEGIATAN:
            return self.expect
        sub = self.sub_no is not None and int(no) == self.sub_no + 1
        if sub and int(no) == self.program_no + 1:
            if not funded:  # programs carry no funding source; without one, unclear
                self.issues.append(("STR-002", "str_level_unclear", row, name[1],
                                    {"name": name[0], "level": self.expect.value}))
            return self.expect
        return self.expect if sub else Level.PROGRAM

    def _item(self, row: int, no: tuple[str, int] | None, name: tuple[str, int],
              amount: tuple[str, int] | None, source: tuple[str, int] | None) -> None:
        level = self._level(row, no[0] if no else None, name, source is not None)
        if _CUT.search(name[0]):
            self.issues.append(("STR-002", "str_name_cut", row, name[1],
                                {"name": name[0], "level": level.value}))
        self.sub_no = int(no[0]) if level == Level.SUB_KEGIATAN and no else None
        if level == Level.PROGRAM:
            self.program_no = int(no[0]) if no else self.program_no + 1
        if level == Level.KEGIATAN and self.expect == Level.KEGIATAN:
            self.expect = Level.SUB_KEGIATAN
        self.rows.append(_Row(row, level, no, name,
                              (amount[0], row, amount[1]) if amount else None, source))


HEADERS = ["No", "Level", "Nama", "Anggaran", "Keterangan"]


def _grid(sheet: Sheet, title: str, reader: _Reader) -> Sheet:
    """The list as a virtual table: title, header and column numbers above its first row."""
    header_cells = {squash(x): c for c, x in sheet.cells(reader.header)}
    top = min([r.row for r in reader.rows] + ([reader.total[0]] if reader.total else []))
    bottom = max([r.row for r in reader.rows] + [reader.total[0] if reader.total else 0])
    rows, head = framed_rows(title, list(HEADERS), top, bottom)
    shift = head + 2 - top
    addresses: dict[tuple[int, int], tuple[int, int]] = {}
    for col, word in ((3, "program"), (4, "anggaran"), (5, "keterangan")):
        if word in header_cells:
            addresses[(head, col)] = (reader.header, header_cells[word])
    for r in reader.rows:
        cells: list[object] = [None] * len(HEADERS)
        at = r.row + shift
        values = {1: r.no, 3: r.name, 5: r.source}
        for col, value in values.items():
            if value is not None:
                cells[col - 1] = value[0]
                addresses[(at, col)] = (r.row, value[1])
        cells[1] = LEVEL_WORDS[r.level]
        addresses[(at, 2)] = (r.row, r.name[1])
        if r.amount is not None:
            cells[3] = r.amount[0]
            addresses[(at, 4)] = (r.amount[1], r.amount[2])
        rows[at - 1] = cells
    if reader.total is not None:
        row, label, amount = reader.total
        cells = [None, None, label, amount[0] if amount else None, None]
        addresses[(row + shift, 3)] = (row, next(c for c, x in sheet.cells(row) if x))
        if amount:
            addresses[(row + shift, 4)] = (amount[1], amount[2])
        rows[row + shift - 1] = cells
    return Sheet(name=f"{sheet.name} › {title}", rows=rows, container=sheet.container,
                 titles=[title], cell_addresses=addresses, places=sheet.places)


def title_above(sheet: Sheet, row: int) -> str:
    """The nearest title line above a list (``PERJANJIAN KINERJA TAHUN 2025``), else the grid.

    The title names the virtual table and, through the shared title stage, its kind.
    """
    for r in range(row - 1, max(row - TITLE_LINES, 0), -1):
        cells = sheet.cells(r)
        if len(cells) == 1 and TITLE.search(cells[0][1]):
            return cells[0][1].strip("* ").strip()
    return sheet.name


def read_budget_lists(sheet: Sheet, title: str | None = None) -> BudgetList:
    """Every budget list of a grid as a virtual table; the grid without it.

    ``title`` names the tables (a part's heading); without it, the nearest title line
    above each list does. A list is read only when a marker line follows its header: a
    ``Program | Anggaran`` table without markers is an ordinary table, left to the shared
    stages as it is.
    """
    found = BudgetList(remaining=sheet)
    if sheet.container not in WHOLE_FILE_GRIDS:
        return found  # a workbook, Word or PDF table keeps its cells: the table stages read it
    used: set[int] = set()
    for row in sheet.filled():
        if row in used or not header_row(sheet, row):
            continue
        reader = _Reader(sheet, row)
        reader.read()
        if not reader.rows or not any(marker(sheet, r) for r in reader.used):
            continue
        used |= reader.used
        found.end = max(reader.used)
        found.grids.append(_grid(sheet, title or title_above(sheet, row), reader))
        found.issues.extend(reader.issues)
    if used:
        rows = [[] if i + 1 in used else list(r) for i, r in enumerate(sheet.rows)]
        found.remaining = Sheet(name=sheet.name, rows=rows, merges=list(sheet.merges),
                                container=sheet.container, titles=list(sheet.titles),
                                places=sheet.places)
    return found

