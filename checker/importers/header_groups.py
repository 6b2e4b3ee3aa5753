"""Labels that stand over a group of a header's columns, and what they say of each column.

A header groups columns under one label: the versions of a budget side by side (``PAGU
APBD | APBD Pergeseran | APBD Perubahan``), a year (``Tahun 2023 |  | Tahun 2024 | ``
over ``Realisasi | Target`` each), a region (``Kabupaten Lampung Barat |  | Provinsi
Lampung | ``), and labels under a group that are no header words at all (``Realisasi
Kabupaten`` over ``Lampung Barat | Way Kanan*``). The header stage
(:mod:`~checker.importers.excel_header`) asks here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.importers import vocabulary as _vocabulary
from checker.importers.excel_grid import Sheet, typed_number
from checker.importers.numbers import parse_number

if TYPE_CHECKING:
    from checker.importers.excel_header import Col, Header

#: A region over a group of columns ("Kabupaten Lampung Barat |  | Provinsi Lampung | ").
_REGION = re.compile(r"^\s*(?:kabupaten|kab\.|kota|provinsi)\s+\w", re.IGNORECASE)


def group_label(text: str) -> bool:
    """A year or a region: a header label when it stands over a group of columns.

    (Not a row of years side by side, which is a Renstra's header further down: the
    caller counts it only when the cell to its right is blank.)
    """
    return bool(_vocabulary.year_of(text) or _REGION.match(text))


def _groups(sheet: Sheet, row: int) -> list[tuple[int, int]]:
    """The column spans of ``row``'s labels that have blank cells to their right."""
    cells = sheet.cells(row)
    width = max((len(sheet.rows[r - 1]) for r in (row, row + 1) if r <= sheet.height),
                default=0)
    spans = []
    for n, (c, _) in enumerate(cells):
        end = cells[n + 1][0] - 1 if n + 1 < len(cells) else width
        if end > c:
            spans.append((c, end))
    return spans


def sub_labels(sheet: Sheet, row: int, above: int) -> bool:
    """A row of labels under group labels of the row above, no header words themselves.

    ``Realisasi Kabupaten`` (with a blank cell beside it) over ``Lampung Barat | Way
    Kanan*``: two or more text cells, no figure, each under a label of ``above`` that
    spans blank cells.
    """
    cells = sheet.cells(row)
    if len(cells) < 2 or any(typed_number(sheet.value(row, c)) or parse_number(x).ok
                             for c, x in cells):
        return False
    spans = _groups(sheet, above)
    return all(any(a <= c <= b for a, b in spans) for c, _ in cells)


def versions(header: Header) -> None:
    """Budgets printed in several versions side by side (``vocabulary.toml`` ``[version]``).

    Among two or more pagu columns of one item column where some name a version (``APBD
    Pergeseran``, ``APBD Perubahan``), the one naming none (``PAGU APBD 2024``) is the budget
    as adopted, ``murni``. A lone budget column is the item's anggaran, whatever version
    its header names: one figure is the budget the document works with.
    """
    by_owner: dict[int | None, list[Col]] = {}
    for col in header.cols.values():
        if col.role == "pagu" and col.measure == "target" and col.year is None:
            by_owner.setdefault(col.owner, []).append(col)
    for cols in by_owner.values():
        named = [c for c in cols if c.version]
        if len(cols) < 2 or not named:
            for col in cols:
                col.version = None
            continue
        bare = [c for c in cols if not c.version]
        if len(bare) == 1:
            bare[0].version = "murni"
