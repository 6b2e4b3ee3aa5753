"""Quarter columns whose own cells say their quarter: the body, not a garbled header.

A scanned rencana aksi prints each item on four lines, the quarter written in every value
cell (``Trw 1 : 4 Dokumen`` … ``Trw 4 : 4 Dokumen``). When the scan garbles the header
(seed 004's kegiatan table: ``Target |  | Realisasi`` over four value columns and
``Trw 1 | Trw 4 | Trw 1 | Trw 4`` below), the header stage reads the columns as single
quarters and as the wrong measures: the keuangan target becomes a realisation of TW 1.
The body proves the header wrong: a column headed ``Trw 4`` whose cells are labelled
``Trw 1``, ``Trw 2``, ``Trw 3`` holds every quarter. Such columns are read as stacked
cells (role ``cells``, each value with the quarter its own label gives), and within a
group of two (``Kinerja …`` / ``Keuangan …``) in this family's order: target, then
realisasi, as every rencana aksi prints them. A group of any other width is left as the
header says (nothing is guessed where the family's order does not decide).
"""

from __future__ import annotations

from collections import Counter

from checker.importers.excel_grid import Sheet
from checker.importers.excel_header import Col, Header
from checker.importers.numbers import quarter_values

#: Labelled cells a column needs before its own labels outvote its header.
MIN_LABELLED = 4
#: Share of a column's labelled cells that must name another quarter than its header's.
OTHER_SHARE = 0.5


def _labels(sheet: Sheet, col: int, rows: range) -> Counter[int]:
    """How often each quarter labels a cell of the column (a cell counts once a label)."""
    found: Counter[int] = Counter()
    for row in rows:
        text = sheet.text(row, col)
        if text:
            found.update({q for q, _ in quarter_values(text)})
    return found


def _contradicted(sheet: Sheet, col: Col, rows: range) -> bool:
    """Whether the column's cells carry several quarters, mostly not its header's."""
    labels = _labels(sheet, col.index, rows)
    total = sum(labels.values())
    if total < MIN_LABELLED or len(labels) < 3:
        return False
    return total - labels.get(col.quarter or 0, 0) >= OTHER_SHARE * total


def body_quarters(sheet: Sheet, header: Header, rows: range) -> bool:
    """Read header-quarter columns that hold every quarter as stacked cells; whether any.

    Only a group whose columns are all contradicted by their cells, two of them, is
    changed: its first column is the target, its second the realisation (``confirmed``
    says why, for ``sakip-check inspect``).
    """
    groups: dict[str, list[Col]] = {}
    for col in sorted(header.cols.values(), key=lambda c: c.index):
        if col.role == "quarter" and len(col.path) > 1:
            groups.setdefault(col.path[0], []).append(col)
    changed = False
    for cols in groups.values():
        if len(cols) != 2 or not all(_contradicted(sheet, c, rows) for c in cols):
            continue
        for col, measure in zip(cols, ("target", "realisasi"), strict=True):
            col.role, col.quarter, col.measure = "cells", None, measure
            col.confirmed = "label triwulan di sel"
        changed = True
    return changed
