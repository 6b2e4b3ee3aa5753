"""Rows and cells of a flowed Word grid named as Word prints them.

A Word file a layout profile claims is read as one grid in document order
(:mod:`~checker.importers.containers.docx_flow`): while reading, a row is a line of the
whole document, so that the shared stages see titles, key-value blocks and table rows in
order. A reviewer opens a Word table, not a line: every cell already carries its Word
address (``Sheet.places``); this module gives the rows read from such a grid the same
address once the stages are done (parents are linked by document order first).
"""

from __future__ import annotations

from checker.i18n import t
from checker.importers.excel_grid import Sheet
from checker.importers.excel_tables import Table
from checker.model.location import Location
from checker.model.plan import Document, TableInfo


def place_rows(file: str, doc: Document, tables: list[Table]) -> None:
    """Items, indicators, totals and yearly values at their Word table (or paragraph) and row.

    A row is placed by its first filled cell, so a key-value record is at its ``Nama``
    value; nothing changes for any other grid.
    """
    flowed = [t for t in tables if t.sheet.places is not None]
    if not flowed:
        return
    for table in flowed:
        if table.info is not None:
            note_rows(file, table.info, table.sheet)
    by_label = {t.label: t for t in flowed}
    by_grid = {t.sheet.name: t for t in flowed}
    for row in [*doc.items, *doc.indicators, *doc.totals]:
        table = by_label.get(row.table or "")
        if table is not None and row.row is not None:
            where = _first_cell(file, table, row.row, table.label)
            row.table, row.row = where.table, where.row
    for value in doc.tahunan:  # a Renstra's values per year, named by their grid
        table = by_grid.get(value.table or "")
        if table is not None and value.row is not None:
            where = _first_cell(file, table, value.row, None)
            value.table, value.row = where.table, where.row


def _first_cell(file: str, table: Table, row: int, label: str | None) -> Location:
    """The row's first filled cell, past an added cell naming an item printed elsewhere.

    An indicator table naming no item (:mod:`~checker.importers.indicator_lists`) adds a
    first cell naming the item where the report prints it (another Word table): the
    indicator's row is its own, not that one. A key-value record's cells are moved each
    to its own line (its row is its ``Nama`` value's), as before.
    """
    filled = [c for c, _ in table.sheet.cells(row)]
    col = _own_column(table.sheet, row, filled[0] if filled else 1)
    return table.sheet.location(file, row, col, label)


def cell_named(loc: Location, first: Location) -> str | None:
    """A cell as a finding's list names it: with its Word table when not the finding's own.

    A key-value table flowed from Word spans several Word tables (``Sasaran Program`` in
    Tabel 26, ``Sasaran Kegiatan`` in Tabel 27); ``A2`` alone would say neither. In every
    other grid the cells of a list are the finding's table's, and named by cell alone.
    """
    if loc.table == first.table or not loc.table:
        return loc.cell
    return f"{loc.table.split(' › ')[0]} › {loc.cell}"


def note_rows(file: str, info: TableInfo, sheet: Sheet) -> None:
    """Say in a table's notes which Word cells its rows are (``inspect`` shows row numbers).

    The rows a table description counts (first, last, skipped) are the flowed grid's, in
    document order; the note gives the Word address of the first and the last.
    """
    if sheet.places is None or info.first_row is None or info.last_row is None:
        return
    start, end = (_word_row(sheet.location(file, r, _own_column(sheet, r)))
                  for r in (info.first_row, info.last_row))
    info.notes.append(t("import_excel.note_word_rows", first=info.first_row,
                        last=info.last_row, start=start, end=end))


def _own_column(sheet: Sheet, row: int, first: int = 1) -> int:
    """``first``, or the next filled column when only ``first`` is printed elsewhere.

    That is the added item cell of an indicator table (every other cell on its own
    row); a key-value record's cells come from several lines, and keep ``first``.
    """
    at = sheet.cell_addresses
    if at.get((row, first), (row, first))[0] == row:
        return first
    rest = [c for c, _ in sheet.cells(row) if c > first]
    if rest and all(at.get((row, c), (row, c))[0] == row for c in rest):
        return rest[0]
    return first


def _word_row(loc: Location) -> str:
    """``Tabel 26 A1`` or ``Paragraf A337`` (the 337th paragraph)."""
    return f"{(loc.table or '').split(' › ')[0]} {loc.cell}"
