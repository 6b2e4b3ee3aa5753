"""Workbooks laid out the way agencies lay them out, for samples and tests.

The agency-layout importer must read the workbooks offices really keep, so the project
needs such workbooks built from real plans: a title block, a header several rows deep with
merged cells, the row that numbers the columns, the header printed again at the top of
every page, items whose shared cells (the sasaran strategis, a four-line record's name) are
merged down, totals rows and a signature block. This module writes that layout from a
plain description (:class:`AgencySheet`, :class:`AgencyTable`); what goes in it is the
caller's business (``sample_plans/make_agency_workbooks.py`` fills it from the seeds).

Whole rupiah are written as numbers with Excel's ``#,##0`` format, as planners type them;
text that Excel would take for a formula is written with its quote prefix.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

MONEY_FORMAT = "#,##0"
_FORMULA_START = ("=", "+", "@")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, horizontal="center", vertical="center")


@dataclass
class HeaderCell:
    """One cell of a header block; ``rows``/``cols`` > 1 make a merged range."""

    text: str
    row: int  # 1-based within the header block
    col: int
    rows: int = 1
    cols: int = 1


@dataclass
class Row:
    """One sheet row: values by column, and horizontal merges ``(first, last)``."""

    cells: dict[int, Any] = field(default_factory=dict)
    merges: list[tuple[int, int]] = field(default_factory=list)
    bold: bool = False


@dataclass
class Record:
    """One item's rows.

    ``span`` lists columns whose value, written on the first row, is merged over all the
    record's rows (a stacked record's name, its penanggung jawab). ``continues`` lists
    columns left blank because they repeat the record above: the writer merges them into
    the cell above when both sit on the same printed page.
    """

    rows: list[Row]
    span: set[int] = field(default_factory=set)
    continues: set[int] = field(default_factory=set)
    kind: str = "item"  # item, label, total


@dataclass
class AgencyTable:
    """A table as an agency prints it."""

    title: list[str]
    header: list[HeaderCell]
    width: int
    records: list[Record]
    numbers: list[int | str | None] | None = None  # the column-number row, per column
    signature: list[str] = field(default_factory=list)
    signature_col: int | None = None
    money_cols: set[int] = field(default_factory=set)
    page_rows: int = 18  # rows of items per printed page before the header repeats
    widths: dict[int, float] = field(default_factory=dict)
    gap_after: int = 3  # blank rows after the table


@dataclass
class AgencySheet:
    """A worksheet holding one or more tables, one under the other."""

    name: str
    tables: list[AgencyTable]
    cover: list[str] = field(default_factory=list)  # text rows above the first table


def write_agency_workbook(path: str | Path, sheets: list[AgencySheet]) -> None:
    """Write the sheets to ``path`` (through a temporary file, then moved into place)."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(spec.name[:31])
        _SheetWriter(ws).write(spec)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        book.save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the file from others
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _safe(value: Any) -> Any:
    """Text Excel would read as a formula keeps its characters (quote prefix)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _SheetWriter:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1

    def write(self, spec: AgencySheet) -> None:
        for text in spec.cover:
            self.ws.cell(self.row, 1, _safe(text)).font = Font(bold=True)
            self.row += 1
        if spec.cover:
            self.row += 1
        for table in spec.tables:
            self._table(table)

    # ----------------------------------------------------------------- parts
    def _title(self, table: AgencyTable) -> None:
        for text in table.title:
            if text:
                cell = self.ws.cell(self.row, 1, _safe(text))
                cell.font = Font(bold=True, size=12)
                cell.alignment = Alignment(horizontal="center")
                self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row,
                                    end_column=table.width)
            self.row += 1
        self.row += 1

    def _header(self, table: AgencyTable) -> None:
        depth = max(h.row + h.rows - 1 for h in table.header)
        for h in table.header:
            top = self.row + h.row - 1
            cell = self.ws.cell(top, h.col, _safe(h.text))
            cell.font = Font(bold=True)
            cell.alignment = _CENTRE
            if h.rows > 1 or h.cols > 1:
                self.ws.merge_cells(start_row=top, start_column=h.col,
                                    end_row=top + h.rows - 1, end_column=h.col + h.cols - 1)
        for r in range(self.row, self.row + depth):
            for c in range(1, table.width + 1):
                cell = self.ws.cell(r, c)
                cell.fill, cell.border = _HEADER_FILL, _BOX
        self.row += depth
        if table.numbers:
            for c, number in enumerate(table.numbers, start=1):
                cell = self.ws.cell(self.row, c, number)
                cell.alignment, cell.border = _CENTRE, _BOX
                cell.font = Font(italic=True, size=8)
            self.row += 1

    def _table(self, table: AgencyTable) -> None:
        self._title(table)
        self._header(table)
        for c, width in table.widths.items():
            self.ws.column_dimensions[_letter(c)].width = width
        mergeable = set().union(*(r.span | r.continues for r in table.records))
        runs: dict[int, list[int]] = {}  # column → [first row, last row] of one merged cell
        on_page = 0
        for record in table.records:
            size = len(record.rows)
            if record.kind == "item" and on_page and on_page + size > table.page_rows:
                self._close(runs)
                self.ws.row_breaks.append(Break(id=self.row - 1))
                self._header(table)
                on_page = 0
            first = self.row
            for row in record.rows:
                self._row(row, table)
            last = self.row - 1
            on_page += size
            if record.kind != "item":
                self._close(runs)
                continue
            for c in list(runs):
                if c in record.continues:
                    runs[c][1] = last
                else:
                    self._merge(c, *runs.pop(c))
            starts = {c for c in mergeable - record.continues
                      if c in record.span or record.rows[0].cells.get(c) is not None}
            for c in starts:
                runs[c] = [first, last if c in record.span else first]
        self._close(runs)
        if table.signature:
            self.row += 1
            col = table.signature_col or max(1, table.width - 3)
            for text in table.signature:
                if text:
                    self.ws.cell(self.row, col, _safe(text))
                self.row += 1
        self.row += table.gap_after

    def _close(self, runs: dict[int, list[int]]) -> None:
        for c, (first, last) in runs.items():
            self._merge(c, first, last)
        runs.clear()

    def _merge(self, col: int, first: int, last: int) -> None:
        """One cell over rows ``first``–``last`` of a column (the value is on ``first``)."""
        if last > first:
            self.ws.merge_cells(start_row=first, start_column=col, end_row=last,
                                end_column=col)

    def _row(self, row: Row, table: AgencyTable) -> None:
        for c in range(1, table.width + 1):
            self.ws.cell(self.row, c).border = _BOX
        for c, value in row.cells.items():
            if value is None:
                continue
            cell = self.ws.cell(self.row, c, _safe(value))
            cell.alignment = _WRAP
            if c in table.money_cols and isinstance(value, int):
                cell.number_format = MONEY_FORMAT
            if row.bold:
                cell.font = Font(bold=True)
                cell.fill = _TOTAL_FILL
        for first, last in row.merges:
            self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row,
                                end_column=last)
        self.row += 1


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)
