"""HTML tables as grids: ``<table>/<tr>/<td|th>`` with rowspan and colspan, one grid per table.

Agencies' e-SAKIP applications print their Renstra and realisation tables as HTML views, and
an office saves such a page (or copies its rows into a text file) to hand it over. The
browser lays the cells out from ``rowspan``/``colspan``; this module does the same so that
the shared stages see the rows and columns a reviewer sees:

- a cell spanning rows or columns is one value at its top-left position and a merged range
  ``(r1, c1, r2, c2)`` over the rest, as a worksheet's merged cells are;
- a ``sdval`` attribute (LibreOffice's export writes the stored number beside the text it
  shows: ``<td sdval="0.75">75%</td>``) is the typed value; a percent format (``sdnum`` with
  ``%``) makes it a :class:`~checker.importers.excel_grid.Percent` shown as the page shows
  it, so a target of 75% never becomes 0.75;
- rows copied without their ``<table>`` element (``<tr>`` lines pasted into a text file)
  form one table.

Addresses: the grid is named ``Tabel n`` (n-th table of the file), a grid row is the n-th
``<tr>`` of the table. :attr:`Sheet.lines` keeps the line of the file each cell starts on,
so a reviewer who opens the file in an editor finds the cell. Numbers printed as text stay
text for :mod:`checker.importers.numbers`. Only the standard library's parser is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

# The test lives with the container dispatch, so that a text file that is no HTML never
# loads this module (and the standard library's HTML parser); kept importable from here.
from checker.importers.containers import HTML_START, looks_like_html
from checker.importers.excel_grid import Percent, Sheet
from checker.importers.textlines import read_lines
from checker.model.errors import InputError
from checker.model.location import Location

#: Most rows or columns one cell may span: a damaged ``rowspan=100000`` must not fill memory.
MAX_SPAN = 1000
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE]-?\d+)?$")


@dataclass
class _Cell:
    text: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1
    sdval: str | None = None
    percent: bool = False
    line: int = 0
    bold: bool = False


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    """Collects tables, their rows and cells, in document order.

    A table nested in a cell gives its text to that cell (as the Word container does);
    scripts and styles are not text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self._stack: list[_Table] = []
        self._cell: _Cell | None = None
        self._in_caption = False
        self._bold = 0
        self._nested = 0  # depth of tables inside the current cell
        self._hidden = 0  # inside <script> or <style>
        self.before: list[str] = []  # text outside any table, for titles

    def _table(self) -> _Table:
        if not self._stack:  # rows without a <table>: one implicit table
            table = _Table()
            self.tables.append(table)
            self._stack.append(table)
        return self._stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag in ("script", "style"):
            self._hidden += 1
        elif self._nested:  # a table inside a cell: its text belongs to that cell
            if tag == "table":
                self._nested += 1
            elif tag in ("td", "th", "br", "tr") and self._cell is not None:
                self._cell.text.append(" ")
        elif tag == "table" and self._cell is not None:
            self._nested = 1
        elif tag == "table":
            table = _Table()
            self.tables.append(table)
            self._stack.append(table)
        elif tag == "tr":
            self._close_cell()
            self._table().rows.append([])
        elif tag in ("td", "th"):
            self._close_cell()
            table = self._table()
            if not table.rows:
                table.rows.append([])
            self._cell = _Cell(rowspan=_span(values.get("rowspan")),
                               colspan=_span(values.get("colspan")),
                               sdval=values.get("sdval") or None,
                               percent="%" in values.get("sdnum", ""),
                               line=self.getpos()[0], bold=tag == "th" or self._bold > 0)
            table.rows[-1].append(self._cell)
        elif tag == "br" and self._cell is not None:
            self._cell.text.append(" ")
        elif tag in ("b", "strong"):
            self._bold += 1
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        elif self._nested:
            if tag == "table":
                self._nested -= 1
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "table" and self._stack:
            self._close_cell()
            self._stack.pop()
        elif tag in ("b", "strong"):
            self._bold = max(0, self._bold - 1)
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._cell is not None:
            self._cell.text.append(data)
            if self._bold:
                self._cell.bold = True
        elif self._in_caption and self._stack:
            self._stack[-1].caption.append(data)
        elif data.strip() and not self._stack:
            self.before.append(data)

    def _close_cell(self) -> None:
        self._cell = None


def _span(value: str | None) -> int:
    """A rowspan/colspan attribute as a count (1 when missing or unreadable)."""
    try:
        return max(1, min(MAX_SPAN, int((value or "1").strip().strip('"'))))
    except ValueError:
        return 1


def _value(cell: _Cell) -> Any:
    """The cell's value: its ``sdval`` number when present, else its text."""
    text = _SPACES.sub(" ", "".join(cell.text).replace("\u00a0", " ")).strip()
    if cell.sdval is not None and _NUMBER.match(cell.sdval.strip()):
        try:
            number = Decimal(cell.sdval.strip())
        except InvalidOperation:
            return text
        if cell.percent:
            return Percent(float(number * 100))
        if number == number.to_integral_value():
            return int(number)
        return number
    return text


def _grid(table: _Table, number: int, titles: list[str]) -> Sheet:
    """Lay the cells out as a browser does: spans fill the positions below and beside them.

    One repair: a row whose own cells fill every column of the table ends the row spans
    from above that would cover it (an export that dropped a hidden row leaves a
    ``rowspan=3`` over two rows; laid out literally, the next item's cells would all move
    right by the spanned columns). Each cut is a note at that row.
    """
    full = max((sum(cell.colspan for cell in cells) for cells in table.rows), default=0)
    taken: dict[tuple[int, int], int] = {}  # position → index of the merge covering it
    placed: dict[tuple[int, int], Any] = {}
    lines: dict[tuple[int, int], int] = {}
    bold: set[tuple[int, int]] = set()
    merges: list[tuple[int, int, int, int]] = []
    notes: list[tuple[int, str, dict[str, Any]]] = []
    for r, cells in enumerate(table.rows, start=1):
        if cells and sum(cell.colspan for cell in cells) >= full:
            cut = _cut_spans(r, taken, merges)
            if cut:
                notes.append((r, "containers.html_span_cut", {"cells": cut}))
        c = 1
        for cell in cells:
            while (r, c) in taken:
                c += 1
            r2, c2 = r + cell.rowspan - 1, c + cell.colspan - 1
            index = len(merges)
            merges.append((r, c, r2, c2))
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    taken[(rr, cc)] = index
            placed[(r, c)] = _value(cell)
            lines[(r, c)] = cell.line
            if cell.bold and str(placed[(r, c)]).strip():
                bold.add((r, c))
            c = c2 + 1
    height = max([len(table.rows)] + [m[2] for m in merges])
    width = max((c for _, c in taken), default=0)
    rows = [[placed.get((r, c), "") for c in range(1, width + 1)] for r in range(1, height + 1)]
    caption = _SPACES.sub(" ", "".join(table.caption)).strip()
    return Sheet(name=f"Tabel {number}", rows=rows, container="html", bold=bold, notes=notes,
                 merges=[m for m in merges if (m[0], m[1]) != (m[2], m[3])], lines=lines,
                 titles=([caption] if caption else []) + titles)


def _cut_spans(row: int, taken: dict[tuple[int, int], int],
               merges: list[tuple[int, int, int, int]]) -> int:
    """End every span from an earlier row at ``row - 1``; how many cells were cut."""
    cut = {index for (r, _), index in taken.items() if r == row and merges[index][0] < row}
    for index in cut:
        r1, c1, r2, c2 = merges[index]
        for rr in range(row, r2 + 1):
            for cc in range(c1, c2 + 1):
                taken.pop((rr, cc), None)
        merges[index] = (r1, c1, row - 1, c2)
    return len(cut)


def read_html_grids(path: Path, skip_lines: int = 0) -> list[Sheet]:
    """Every table of an HTML file (or of a text file holding HTML rows) as a grid.

    ``skip_lines`` leading lines are not parsed (a fixture's metadata block); line numbers
    stay those of the file. A file holding no table row is an :class:`InputError`.
    """
    lines = read_lines(path)
    parser = _Collector()
    parser.feed("\n" * skip_lines + "\n".join(line.text for line in lines[skip_lines:]))
    parser.close()
    titles = [t for t in (_SPACES.sub(" ", b).strip() for b in parser.before) if t][-8:]
    tables = [t for t in parser.tables if any(t.rows)]
    if not tables:
        raise InputError("containers.html_no_table", Location(file=str(path)))
    return [_grid(t, n, titles if n == 1 else []) for n, t in enumerate(tables, start=1)]


__all__ = ["HTML_START", "MAX_SPAN", "looks_like_html", "read_html_grids"]
