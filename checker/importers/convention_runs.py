"""NUM-002 said once per run of cells, not once per cell.

A scanned table often writes a whole stretch of a column in the other separator habit
(seed 004's program rencana aksi: ``Trw 1= 23.22`` … ``Trw 4= 40.10`` on F877–F881 under a
column of ``1.741.737.370``): one slip of the typist, five cells. Said per cell, the
reviewer reads five warnings about one thing; said once at the run's first cell, with how
many follow and down to which cell, the finding is the same fact. A run is the column's
contradicting cells with no value of the column's own habit between them (a value that
proves no habit, ``30``, does not end it), as the old appendix reader said it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.model.location import Location


@dataclass
class Slip:
    """One value whose separators contradict its column's convention (NUM-002)."""

    row: int
    col: int
    location: Location
    params: dict[str, Any] = field(default_factory=dict)  # what the finding says of it


def runs(slips: list[Slip], agreeing: dict[int, list[int]]) -> list[list[Slip]]:
    """The slips grouped in runs: per column, in row order, broken by an agreeing value.

    ``agreeing`` gives, per column, the rows of values written in the column's own habit.
    Two slips of one row (a cell holding several quarters) stay in one run.
    """
    out: list[list[Slip]] = []
    by_col: dict[int, list[Slip]] = {}
    for slip in slips:
        by_col.setdefault(slip.col, []).append(slip)
    for col in sorted(by_col):
        ordered = sorted(by_col[col], key=lambda s: s.row)
        stops = sorted(set(agreeing.get(col, [])))
        current: list[Slip] = []
        for slip in ordered:
            if current and any(current[-1].row < r <= slip.row for r in stops):
                out.append(current)
                current = []
            current.append(slip)
        if current:
            out.append(current)
    return sorted(out, key=lambda run: (run[0].row, run[0].col))
