"""A worksheet as a grid of values and merged ranges, for the agency-layout importer.

Agencies' workbooks are read as they are: values come from python-calamine (fast, and it
reads numbers as the numbers Excel stores, never as the text a PDF shows), merged ranges
from calamine too, which parses the sheet's ``<mergeCells>`` with its values. Only when
calamine cannot say (it answers ``None`` for formats without merge information) is the
sheet opened with openpyxl, and then only the sheets whose tables need the merges.

Rows and columns are 1-based everywhere, as in Excel, so that every address this module
hands out is the cell a reviewer opens.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from checker.model.errors import InputError
from checker.model.location import Location, column_index, column_letter

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MAIN = MAIN_NS
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_QUOTED = re.compile(r'"[^"]*"|\\.')
#: Containers whose one grid is the whole file in document order, titles and key-value
#: lines between the table rows: a text extract, and a Word file flowed
#: (:mod:`~checker.importers.containers.docx_flow`, when a layout profile claims it).
WHOLE_FILE_GRIDS = frozenset({"text", "docx-flow"})
#: Where a flowed Word grid places a paragraph (``Sheet.places``; the row is its number).
PARAGRAPH = "Paragraf"


class Percent(float):
    """A number Excel shows as a percent: ``1`` formatted ``0%`` is the ``100%`` typed.

    Calamine returns the stored 1.0; read as it is, a target of 100% would silently
    become 1. The cell is given the value the reviewer sees (100.0) and the unit ``%``.
    """

    def shown(self) -> str:
        return f"{display(float(self))}%"


def blank(value: Any) -> bool:
    """True for an empty cell: nothing, an empty or all-space string, or NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


#: Cell texts already shown (:func:`display`): the stages show the same few thousand texts
#: tens of thousands of times on a text extract. Cleared when it grows past the bound.
_SHOWN: dict[str, str] = {}
_SHOWN_MAX = 200_000


def display(value: Any) -> str:
    """The text a reviewer sees in a cell: ``4969412271`` for the float calamine returns."""
    if type(value) is str:  # exactly str: a subclass may show itself otherwise
        shown = _SHOWN.get(value)
        if shown is None:
            shown = " ".join(value.split())  # runs of any space (no-break too) as one
            if len(_SHOWN) >= _SHOWN_MAX:
                _SHOWN.clear()
            _SHOWN[value] = shown
        return shown
    if blank(value):
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, Percent):
        return value.shown()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return str(value)
    return str(value)


def typed_number(value: Any) -> bool:
    """True when the cell holds a number stored as a number (not text).

    A worksheet stores int or float; an HTML export's ``sdval`` is kept exact as a
    :class:`~decimal.Decimal` (``12.6353790613718``), which is no text to read either.
    """
    if type(value) is str:  # a text extract's every cell: no union test (~0.2 us)
        return False
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool) \
        and not blank(value)


@dataclass
class Sheet:
    """One grid of addressed cells: a worksheet, or a table of a CSV, Word, PDF or text file.

    Every container becomes this one structure so that the shared stages (find tables,
    header paths, column roles, rows, levels, parents) never know where a grid came from.

    ``merges`` are inclusive ``(first_row, first_col, last_row, last_col)``. A merged range
    shows its top-left cell's value over the whole range; calamine returns that value at
    the top-left only, so :meth:`master` says which cell a covered position belongs to.

    What only some containers have is optional: ``addresses`` maps a grid row to the
    (page, row on that page) a reviewer finds it at (PDF); ``indent`` and ``bold`` hold the
    cell formatting that hints at an item's level; ``titles`` are the paragraphs printed
    above a table that is not in a worksheet (a Word or PDF caption); ``container`` names
    the kind of file (``xlsx``, ``csv``, ``docx``, ``pdf``, ``text``). ``notes`` are what a
    converter changed in the grid that a reviewer must be able to see, as ``(grid row,
    catalogue key, parameters)``: a PDF row split by a page break and joined back into one
    row, for instance, so that the pipeline can report it at that row. ``lines`` maps a
    cell to the line of the file it starts on, for a container whose rows are not lines
    (HTML), so a reviewer can open the file at that line.
    ``cell_addresses`` maps a cell of a virtual grid to the (row, column) it was read from
    (key-value records, :mod:`~checker.importers.key_values`: one record's values stand on
    several lines of the file).
    ``places`` maps a row of a flowed grid (a Word document read in document order,
    :mod:`~checker.importers.containers.docx_flow`) to where Word prints it: ``("Tabel 3",
    5)`` for row 5 of the document's third table, ``("Paragraf", 12)`` for its twelfth
    paragraph. A cell keeps its column, so that a finding names the Word cell.
    """

    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    merges_known: bool = True
    cells_checked: bool = False
    container: str = "xlsx"
    addresses: list[tuple[int | None, int]] | None = None
    indent: dict[tuple[int, int], int] = field(default_factory=dict)
    bold: set[tuple[int, int]] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    notes: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    lines: dict[tuple[int, int], int] = field(default_factory=dict)
    cell_addresses: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    places: list[tuple[str, int]] | None = None
    _cover: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict,
                                                                        repr=False)
    #: :meth:`cells` per row, with the values it was read from: the table stages ask the
    #: same rows again and again (126,000 times for seed 004's 1,200 lines), and a row's
    #: cells change only where a stage writes into the grid. Shared with the grids cut
    #: out of this one (:meth:`share_cells`).
    _cells_memo: dict[int, tuple[tuple[Any, ...], list[tuple[int, str]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    #: :meth:`location` per (file, row, column, table): a table's cells are addressed once
    #: per value read and again per finding, note and blank field (3,700 addresses of 2,100
    #: cells on seed 004). A :class:`Location` is frozen, so one object serves them all.
    _located: dict[tuple[str, int, int, str | None], Location] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.set_merges(self.merges)

    def set_merges(self, merges: list[tuple[int, int, int, int]]) -> None:
        """Record the merged ranges and index every cell they cover."""
        self.merges = sorted(merges)
        self._cover = {}
        for box in self.merges:
            r1, c1, r2, c2 = box
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:  # a whole-column merge: ignore
                continue
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self._cover[(r, c)] = box

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def filled(self, first: int = 1, last: int | None = None) -> list[int]:
        """Rows ``first``..``last`` (the grid's end if None) whose list holds any value.

        A part of a text extract (``parts.cut``) keeps the other parts' rows as empty lists
        so that row numbers stay the file's: seed 004's 14 parts are 14 grids of 1,688
        rows, and the stages that search every row for what an empty row never is (a
        header, a title line, a budget list's header) asked 114,000 empty rows. Those
        stages ask these rows only; an empty list answers nothing in them. The rows are
        picked by ``compress`` (the lists' truth tested without a Python step per row):
        those stages ask 119 ranges of the 1,688 rows on seed 004.
        """
        start = max(first, 1)
        stop = self.height if last is None else min(last, self.height)
        return list(compress(range(start, stop + 1), self.rows[start - 1:stop]))

    def value(self, row: int, col: int) -> Any:
        """The value stored in the cell itself (``None`` beyond the used area)."""
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= col <= len(cells):
                return cells[col - 1]
        return None

    def text(self, row: int, col: int) -> str:
        """The cell's own text, spaces collapsed ("" for a blank or covered cell)."""
        return display(self.value(row, col))

    def merge_of(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The merged range covering a cell, if any."""
        return self._cover.get((row, col))

    def master(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of the merged range covering ``(row, col)``, else the cell."""
        box = self._cover.get((row, col))
        return (box[0], box[1]) if box else (row, col)

    def shown(self, row: int, col: int) -> str:
        """The text Excel shows at a position: a covered cell shows its range's value."""
        return self.text(*self.master(row, col))

    def covered(self, row: int, col: int) -> bool:
        """True for a cell inside a merged range but not its top-left cell."""
        return self.master(row, col) != (row, col)

    def cells(self, row: int) -> list[tuple[int, str]]:
        """(column, text) of every non-blank cell of a row, left to right.

        Read once per row and kept while the row holds the very same values: the memo is
        used only when the row holds the same objects, in the same places (identity, not
        equality: ``1``, ``1.0`` and ``True`` are equal but shown differently), so a stage
        that writes into a row or replaces it is read afresh. The answer depends on those
        objects alone, so a grid cut out of this one (the same objects in new row lists)
        may share the memo. A new list is returned each time, as before, so a caller may
        change it.
        """
        if not 1 <= row <= len(self.rows):
            return []
        values = self.rows[row - 1]
        if not values:  # a row left out of a part (``parts.cut``): nothing to keep
            return []
        memo = self._cells_memo.get(row)
        if memo is not None and len(values) == len(memo[0]) \
                and all(map(operator.is_, values, memo[0])):
            return list(memo[1])
        out = [(c, display(v)) for c, v in enumerate(values, start=1) if not blank(v)]
        self._cells_memo[row] = (tuple(values), out)
        return list(out)

    def share_cells(self, other: Sheet) -> None:
        """Keep :meth:`cells` (and :meth:`location`) in ``other``'s memo: a cut of it.

        A part of a text extract (``parts.cut``) holds the whole grid's values in new row
        lists; without the shared memo each of seed 004's 14 parts read its rows' cells
        again (2,000 rows read, 1,100 of them distinct).
        """
        self._cells_memo = other._cells_memo
        self._located = other._located  # the same addresses: its name, places and pages

    def row_blank(self, row: int) -> bool:
        return not self.cells(row)

    def location(self, file: str, row: int, col: int, table: str | None = None) -> Location:
        """Address of a cell: the real sheet (or table), row and column letter.

        A grid with ``addresses`` (a PDF table) names the printed page and the row on it.
        ``table``: the table's own label where the grid is the whole file (a text extract),
        so that a finding says ``RENCANA AKSI ESELON III › E45`` rather than the file twice.
        A flowed Word grid (``places``) names the Word table (or ``Paragraf``) before the
        label: ``Tabel 27 › Kinerja Manajerial › C8`` is row 8 of the 27th Word table.
        """
        key = (file, row, col, table)
        found = self._located.get(key)
        if found is None:
            found = self._located[key] = self._locate(file, row, col, table)
        return found

    def _locate(self, file: str, row: int, col: int, table: str | None) -> Location:
        name = table or self.name
        if (row, col) in self.cell_addresses:
            row, col = self.cell_addresses[(row, col)]
        if self.places is not None and 1 <= row <= len(self.places):
            where, row = self.places[row - 1]
            name = f"{where} › {table}" if table and table != self.name else where
        if self.addresses is not None and 1 <= row <= len(self.addresses):
            page, on_page = self.addresses[row - 1]
            return Location(file=file, table=name, page=page, row=on_page,
                            column=column_letter(col))
        return Location(file=file, table=name, row=row, column=column_letter(col))


def read_sheets(path: Path) -> list[Sheet]:
    """Every worksheet's values and merged ranges, read with python-calamine.

    A workbook calamine cannot open is an :class:`InputError` naming the file.
    """
    from python_calamine import CalamineWorkbook

    where = Location(file=str(path))
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine raises its own error types, and OSError
        raise InputError("input.unreadable", where,
                         reason=f"{type(exc).__name__}: {exc}") from exc
    sheets: list[Sheet] = []
    try:
        for name in names:
            try:
                raw = book.get_sheet_by_name(name)
            except Exception:  # a chart sheet or a damaged part: nothing to read there
                continue
            rows = raw.to_python(skip_empty_area=False)
            merges = raw.merged_cell_ranges
            sheet = Sheet(name=name, rows=[list(r) for r in rows],
                          merges_known=merges is not None)
            if merges is not None:
                sheet.set_merges([(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1)
                                  for a, b in merges])
            sheets.append(sheet)
    finally:
        book.close()
    return sheets


def complete_merges(path: Path, sheets: list[Sheet]) -> None:
    """Merged ranges, with openpyxl, of the given sheets that calamine could not describe.

    Called only with the sheets that hold a table; a workbook openpyxl cannot open keeps
    them without merges, and the header reader then infers spans from the blank cells.
    """
    sheets = [s for s in sheets if not s.merges_known]
    if not sheets:
        return
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=False, data_only=True)
    except Exception:  # the values were read already; spans stay inferred
        return
    try:
        for sheet in sheets:
            if sheet.name not in book.sheetnames:
                continue
            ws = book[sheet.name]
            sheet.set_merges([(m.min_row, m.min_col, m.max_row, m.max_col)
                              for m in ws.merged_cells.ranges])
            sheet.merges_known = True
    finally:
        book.close()


def complete_cells(path: Path, sheets: list[Sheet]) -> None:
    """What calamine does not say about cells, from the sheets' XML (tables only).

    Percent-formatted numbers become :class:`Percent` (the value shown, not the stored
    fraction); an error cell (``#REF!``) and a formula saved without its result (a
    workbook written by a program, never opened in Excel) get their text, so that a
    number column reports them instead of reading them as blank.
    """
    todo = {s.name: s for s in sheets if not s.cells_checked}
    if not todo:
        return
    try:
        with zipfile.ZipFile(path) as package:
            parts, styles = sheet_parts(package)
            percent_styles = _percent_styles(package, styles)
            for name, sheet in todo.items():
                part = parts.get(name)
                if part is None or part not in package.namelist():
                    continue
                with package.open(part) as stream:
                    _apply_cells(sheet, stream, percent_styles)
                sheet.cells_checked = True
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return  # not an Office Open XML package: calamine's values stand


def sheet_parts(package: zipfile.ZipFile) -> tuple[dict[str, str], str]:
    """Sheet name → XML part, and the styles part, from the workbook's relationships.

    Shared by the agency-workbook grid and the canonical template's XML scan.
    """
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets: dict[str, str] = {}
    styles = "xl/styles.xml"
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else \
            str(PurePosixPath("xl") / target)
        targets[rel.get("Id", "")] = target
        if rel.get("Type", "").endswith("/styles"):
            styles = target
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        rid = sheet.get(f"{_REL}id")
        if rid in targets:
            parts[sheet.get("name", "")] = targets[rid]
    return parts, styles


def _percent_styles(package: zipfile.ZipFile, styles: str) -> set[str]:
    """Indices (as written in a cell's ``s=``) of the formats that show a percent."""
    if styles not in package.namelist():
        return set()
    root = ElementTree.fromstring(package.read(styles))
    custom = {fmt.get("numFmtId", ""): "%" in _QUOTED.sub("", fmt.get("formatCode", ""))
              for fmt in root.iter(f"{_MAIN}numFmt")}
    xfs = root.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {str(i) for i, xf in enumerate(xfs.findall(f"{_MAIN}xf"))
            if xf.get("numFmtId", "0") in ("9", "10") or custom.get(xf.get("numFmtId", ""))}


def _apply_cells(sheet: Sheet, stream: Any, percent_styles: set[str]) -> None:
    for _, elem in ElementTree.iterparse(stream):
        if elem.tag != f"{_MAIN}c":
            continue
        ref = _CELL_REF.match(elem.get("r", ""))
        if ref is None:
            elem.clear()
            continue
        row, col = int(ref.group(2)), column_index(ref.group(1))
        kind = elem.get("t", "n")
        value = elem.find(f"{_MAIN}v")
        formula = elem.find(f"{_MAIN}f")
        text = value.text if value is not None else None
        if kind == "e":
            _put(sheet, row, col, text or "#ERROR")
        elif formula is not None and not text and formula.text:
            _put(sheet, row, col, "=" + formula.text)
        elif kind == "n" and text and elem.get("s") in percent_styles:
            current = sheet.value(row, col)
            if typed_number(current):
                _put(sheet, row, col, Percent(float(Decimal(text) * 100)))
        elem.clear()


def _put(sheet: Sheet, row: int, col: int, value: Any) -> None:
    while len(sheet.rows) < row:
        sheet.rows.append([])
    cells = sheet.rows[row - 1]
    while len(cells) < col:
        cells.append("")
    cells[col - 1] = value


def framed_rows(title: str, headers: list[str], top: int,
                bottom: int) -> tuple[list[list[object]], int]:
    """The rows of a virtual table whose data sits at rows ``top``..``bottom`` of its file.

    A list or a key-value form read as a table keeps each data row at its file's row
    number; above the first one go the title, the header and a row numbering the columns
    (the header ends there, as on printed forms, so that a first record of names alone is
    never taken for a further header row). When the data starts too high for those three
    rows, every row moves down by the same shift. Returns the rows (data rows still empty,
    to be filled at ``row + shift``) and the numbering row's index, ``top + shift - 2``.
    """
    shift = 0 if top >= 4 else 4 - top
    rows: list[list[object]] = [[] for _ in range(bottom + shift)]
    numbering = top + shift - 2
    rows[numbering - 2] = [title]
    rows[numbering - 1] = list(headers)
    rows[numbering] = [str(i) for i in range(1, len(headers) + 1)]
    return rows, numbering
