"""A stacked record's line one cell too long: a blank cell the scan put among its names.

Seed 004's kegiatan record 988 prints ``10 | | | | Rehabilitasi Sosial … | Terpenuhinya …
| Jumlah orang … | Tiw 1 : 0 orang | … | Tiw 1 : 19,493,000`` under ``No | Sasaran
Strategis | Program | Kegiatan | Sasaran Kegiatan | Indikator | four value columns |
Penanggung Jawab``: its labelled quarter cells, one per value column, start one column
after the first value column and the last stands past every value column, so no cell
there is in place. A blank cell was added on the left: the row's first blank name cell
is taken for it and every cell after it is read one column to the left, at its own
address (the money at J988, as printed). The mirror of
:meth:`~checker.importers.excel_stacked.StackedRows._shift_short_row`; said once per
record (STR-001 at its A cell, its rows), as the old appendix reader did.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from checker.importers.numbers import quarter_values

if TYPE_CHECKING:
    from checker.importers.excel_records import TableReader


def value_columns(reader: TableReader) -> list[int]:
    """The stacked table's value columns (role ``cells``), left to right."""
    return sorted(c.index for c in reader.t.header.cols.values() if c.role == "cells")


def labelled_cells(cells: Iterable[tuple[int, str]]) -> list[int]:
    """The columns of a row whose cell starts with a labelled quarter value (``Trw 1 : 5``)."""
    return sorted(c for c, text in cells if (pairs := quarter_values(text)) and pairs[0][1])


def one_run(cols: list[int]) -> bool:
    """Whether sorted columns stand side by side (``[7, 8, 9, 10]``)."""
    return bool(cols) and cols == list(range(cols[0], cols[0] + len(cols)))


def shift_long_row(reader: TableReader, row: int) -> bool:
    """Read a row one cell too long one column to the left from its first blank name cell.

    Only when its labelled quarter values are one run, exactly as many as the value
    columns, starting one column after the first value column, and a name cell before
    the value columns is blank (the cell the scan added). Returns whether it was moved.
    """
    value_cols = value_columns(reader)
    if not value_cols:
        return False
    start = value_cols[0]
    cells = dict(reader.sheet.cells(row))
    if labelled_cells(cells.items()) != list(range(start + 1, start + 1 + len(value_cols))):
        return False
    blank = next((c for c in range(2, start) if c not in cells), None)
    if blank is None:
        return False
    for col in range(blank, max(cells) + 1):
        reader.moved[row, col] = reader.cell_piece(row, col + 1)
    reader.stretched.append(row)
    return True


def place_values_line(reader: TableReader, row: int) -> bool:
    """A quarter line of nothing but its labelled values, standing two or more columns off.

    Seed 004's lines 995-996 (``Trw 3 : 90 orang | … | Trw 3 : 130,586,850``) stand two
    columns left of their value columns: a line that carries only one labelled value per
    value column, in one run, cannot belong anywhere else, so its k-th value is the k-th
    value column's, read at its own cell; the cells it stood in are blank to the other
    columns (no value is taken for a sasaran or indicator text). One column off is left to
    the one-cell repairs (:meth:`~checker.importers.excel_stacked.StackedRows.
    _shift_short_row`, :func:`shift_long_row`).
    """
    value_cols = value_columns(reader)
    cells = dict(reader.sheet.cells(row))
    labelled = labelled_cells(cells.items())
    if not value_cols or sorted(cells) != labelled or len(labelled) != len(value_cols) \
            or not one_run(labelled) or abs(labelled[0] - value_cols[0]) < 2:
        return False
    for source in labelled:
        reader.moved[row, source] = None
    for col, source in zip(value_cols, labelled, strict=True):
        reader.moved[row, col] = reader.cell_piece(row, source)
    reader.placed.append(row)
    return True


#: The repairs said once per record, in this order: a record repaired in several ways is
#: said by the first (a label split from its value, a row one cell short, one too long, a
#: values-only line off its columns).
REPAIRS = (("paired", "str_pairs_joined"), ("shifted", "str_row_shifted"),
           ("stretched", "str_row_stretched"), ("placed", "str_values_placed"))


def say_repaired(reader: TableReader, last_row: int) -> None:
    """STR-001 once per record with a line repaired: its A cell, its rows.

    ``reader.paired``, ``shifted``, ``stretched`` and ``placed`` hold the rows each repair
    moved; the record is named by the first of them (:data:`REPAIRS`), its rows to its
    last printed line (a heading printed inside the table, ``reader.stray``, left out).
    """
    starts = sorted(r.row for r in reader.recs)
    for index, first in enumerate(starts):
        last = starts[index + 1] - 1 if index + 1 < len(starts) else last_row
        for name, key in REPAIRS:
            if any(first <= r <= last for r in getattr(reader, name)):
                end = max(r for r in range(first, last + 1) if reader.sheet.cells(r)
                          and r not in reader.stray)
                reader.report.say_record(reader, key, first, end)
                break
