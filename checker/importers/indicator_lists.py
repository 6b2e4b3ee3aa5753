"""Indicator tables without a name column: the item they measure is named elsewhere.

An LKjIP reports its key indicators (IKU) in a table of their own, ``No | Indikator
Kinerja | Formulasi | Satuan | Target | Realisasi | Capaian %``: the indicators of the
agency's sasaran strategis, which the table does not name because the report names it
once, in its targets table (``Sasaran Kinerja``, Tabel 2.2). The header stages find a
table by its item column, so such a table would be no table at all. Given the item the
caller knows the indicators measure (its level, name and the cell that names it), this
stage writes a virtual grid with one column more on the left, headed by the item's
level, whose first row of figures names the item; every other cell keeps its real
address (:attr:`Sheet.cell_addresses`), and the item's name points to the cell where it
is printed. The shared stages then read the table as any indicator table: the first row
is the item with its indicator, the rows below further indicators of it.

Which item is measured is the caller's evidence, never guessed here: the LKjIP reader
passes the one sasaran the document's other tables name (with two or more, or none, the
table is not given an item and stays unread).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.importers.excel_grid import Sheet, typed_number
from checker.importers.excel_header import concepts
from checker.importers.numbers import parse_number

#: The concepts that make a row the header of an indicator table without a name column.
_INDICATOR = "indikator"
_FIGURES = {"target", "realisasi", "capaian"}
#: The header word of the added column, per level of the item measured.
_HEADER = {"sasaran": "Sasaran", "tujuan": "Tujuan", "program": "Program"}


@dataclass(frozen=True)
class NamedItem:
    """The item an indicator table measures: its level, name and where it is printed."""

    level: str
    name: str
    row: int
    col: int


def header_row(sheet: Sheet, first: int, last: int) -> int | None:
    """The first row of ``first``..``last`` naming an indicator column and a figure."""
    for row in range(first, last + 1):
        cells = sheet.cells(row)
        if len(cells) < 3:
            continue
        found = set().union(*(concepts(x) for _, x in cells))
        if _INDICATOR in found and found & _FIGURES:
            return row
    return None


def _key(sheet: Sheet, row: int) -> tuple[str, ...]:
    return tuple(x.strip().casefold() for _, x in sheet.cells(row))


def _has_figures(sheet: Sheet, row: int) -> bool:
    return any(typed_number(sheet.value(row, c)) or parse_number(x).ok
               for c, x in sheet.cells(row)[1:])


def name_column(sheet: Sheet, first: int, last: int, item: NamedItem) -> Sheet | None:
    """The rows ``first``..``last`` with a column naming ``item`` added on the left.

    ``None`` when no indicator header is found there. Rows outside the span are blank,
    so every row keeps its line number.
    """
    head = header_row(sheet, first, last)
    if head is None:
        return None
    data = next((r for r in range(head + 1, last + 1) if _has_figures(sheet, r)), None)
    key = _key(sheet, head)
    numbering = next((c for c, x in sheet.cells(head) if "no" in concepts(x)), None)
    rows: list[list[object]] = []
    addresses: dict[tuple[int, int], tuple[int, int]] = {}
    for i, row in enumerate(sheet.rows, start=1):
        if not first <= i <= last:
            rows.append([])
            continue
        cells: list[object] = [None, *row]
        for c in range(1, len(row) + 1):
            addresses[(i, c + 1)] = (i, c)
        if i == head or _key(sheet, i) == key:  # the header, or printed again on a page
            cells[0] = _HEADER.get(item.level, item.level.title())
            addresses[(i, 1)] = (i, 1)
        elif i > head and numbering is not None and len(cells) > numbering:
            # 'No' numbers the indicators of the one item, not items: each numbered row
            # is a further indicator of the item, not an item of its own
            cells[numbering] = None
        if i == data:
            cells[0] = item.name
            addresses[(i, 1)] = (item.row, item.col)
        rows.append(cells)
    return Sheet(name=sheet.name, rows=rows, container=sheet.container,
                 titles=list(sheet.titles), cell_addresses=addresses)
