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

Which item is measured is the caller's evidence, never guessed here: the captions stage
(:mod:`~checker.importers.caption_tables`) passes the one item of the profile's
``measured`` level the document's other tables name (an LKjIP's sasaran; with two or
more, or none, the table is not given an item and stays unread).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.i18n import t
from checker.importers.excel_grid import Sheet, typed_number
from checker.importers.excel_header import concepts
from checker.importers.excel_pieces import ROW_NUMBER, SUMMARY_LABEL
from checker.importers.numbers import parse_number
from checker.model.location import cell_ref, column_index, column_letter
from checker.model.plan import TableInfo

#: The concepts that make a row the header of an indicator table without a name column.
_INDICATOR = {"indikator", "layanan"}  # an SPM table's service is what it measures
_FIGURES = {"target", "realisasi", "capaian"}
_BAND = re.compile(r"tahun\s*((?:19|20)\d\d)", re.IGNORECASE)
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
        if len(cells) < 3 or _has_figures(sheet, row):
            continue
        found = set().union(*(concepts(x) for _, x in cells))
        if row < last and not _has_figures(sheet, row + 1):  # Target | Realisasi below
            found |= set().union(set(), *(concepts(x) for _, x in sheet.cells(row + 1)))
        if found & _INDICATOR and found & _FIGURES:
            return row
    return None


def year_band(sheet: Sheet, row: int) -> int | None:
    """The year of a row that says only ``Tahun 2023``: the rows below are that year's."""
    cells = sheet.cells(row)
    m = _BAND.fullmatch(cells[0][1].strip()) if len(cells) == 1 else None
    return int(m.group(1)) if m else None


def _key(sheet: Sheet, row: int) -> tuple[str, ...]:
    return tuple(x.strip().casefold() for _, x in sheet.cells(row))


def _has_figures(sheet: Sheet, row: int) -> bool:
    return any(typed_number(sheet.value(row, c)) or parse_number(x).ok
               for c, x in sheet.cells(row)[1:])


def name_column(sheet: Sheet, first: int, last: int, item: NamedItem,
                year: int | None = None) -> tuple[Sheet, list[tuple[int, str, int | None]]] | None:
    """The rows ``first``..``last`` with a column naming ``item`` added on the left.

    ``None`` when no indicator header is found there. Rows outside the span are blank,
    so every row keeps its line number. A table divided by rows ``Tahun 2023`` / ``Tahun
    2024`` (year bands) keeps only the rows of ``year`` (the document's): the bands and
    the rows of other years are blanked, and so is a row of totals of the percentages
    (``Total | 100% | 99,51%``, no indicator); each is returned as ``(row, why, year)``
    (``year_band``, ``other_year``, ``percent_total``), so that the caller says them.
    """
    head = header_row(sheet, first, last)
    if head is None:
        return None
    dropped: list[tuple[int, str, int | None]] = []
    band: int | None = None
    for row in range(head + 1, last + 1):
        found = year_band(sheet, row)
        texts = [x for _, x in sheet.cells(row) if not ROW_NUMBER.match(x.strip())]
        if found is not None:
            band = found
            dropped.append((row, "year_band", found))
        elif band is not None and year is not None and band != year and sheet.cells(row):
            dropped.append((row, "other_year", band))
        elif texts and SUMMARY_LABEL.match(texts[0]):
            # 'Total | 100% | 99,51%': the table's average of percentages, no indicator
            dropped.append((row, "percent_total", None))
    gone = {r for r, _, _ in dropped}
    data = next((r for r in range(head + 1, last + 1)
                 if r not in gone and _has_figures(sheet, r)), None)
    key = _key(sheet, head)
    numbering = next((c for c, x in sheet.cells(head) if "no" in concepts(x)), None)
    rows: list[list[object]] = []
    addresses: dict[tuple[int, int], tuple[int, int]] = {}
    width = max(len(sheet.rows[i - 1]) for i in range(first, last + 1))
    for i, row in enumerate(sheet.rows, start=1):
        if not first <= i <= last or i in gone:
            rows.append([])
            continue
        cells: list[object] = [None, *row]
        for c in range(1, width + 1):  # blank cells too: a missing target is named there
            addresses[(i, c + 1)] = (i, c)
        if i == head or _key(sheet, i) == key:  # the header, or printed again on a page
            # printed nowhere: no address, so that inspect names it by its header
            # ([Sasaran]), not by the cell of the file's first column (the NO's)
            cells[0] = _HEADER.get(item.level, item.level.title())
        elif i > head and numbering is not None and len(cells) > numbering:
            # 'No' numbers the indicators of the one item, not items: each numbered row
            # is a further indicator of the item, not an item of its own
            cells[numbering] = None
        if i == data:
            cells[0] = item.name
            addresses[(i, 1)] = (item.row, item.col)
        rows.append(cells)
    return Sheet(name=sheet.name, rows=rows, container=sheet.container,
                 titles=list(sheet.titles), cell_addresses=addresses,
                 places=sheet.places), dropped  # a flowed Word grid's rows keep their place


def real_columns(info: TableInfo, item: NamedItem, cell: str | None = None) -> None:
    """The table's description by the file's own columns, not the virtual grid's.

    The added name column is no column of the file: it is said in a note (where the
    item is named); every other column named by a letter of the virtual grid moves back
    one letter (``E`` → ``D``). A column already named by the real cell of its header
    (``D490``, as ``inspect`` names the columns of a grid with cell addresses) stays.
    ``cell``: where the item is printed, as the caller names it (a Word table's cell:
    ``Tabel 4 B2``); by default the grid's cell.
    """
    for name in ("columns", "roles", "headers"):
        mapping: dict[str, str] = getattr(info, name)
        shifted = {(column_letter(column_index(k) - 1) if k.isalpha() else k): v
                   for k, v in mapping.items() if not (k.isalpha() and column_index(k) == 1)}
        setattr(info, name, shifted)
    info.notes.append(t("import_excel.note_measured_item", level=item.level,
                        name=item.name, cell=cell or cell_ref(item.row, item.col)))
