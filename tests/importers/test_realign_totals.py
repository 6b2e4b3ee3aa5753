"""``realign.shift_totals`` (prefix sums) equals scoring every candidate shift cell by cell.

The reference is the loop the shifted-row test ran before: for each ``k`` and ``delta``,
every column's fit and every filled cell looked at again.
"""

from __future__ import annotations

import random

from checker.importers.realign import shift_totals


def _reference(fits: dict[int, dict[int, int]], kept: list[int], cols: set[int],
               width: int) -> list[tuple[int, int, int]]:
    out = []
    for k in range(2, width + 1):
        for delta in (-1, 1):
            score = 0
            for i in cols:
                if i < k:
                    score += fits[0][i]
                elif not (delta < 0 and i == k):
                    score += fits[delta][i]
            lost = sum(1 for c in kept
                       if not ((c < k and c in cols)
                               or (c - delta >= k and c - delta in cols
                                   and not (delta < 0 and c - delta == k))))
            out.append((score - 3 * lost, k, delta))
    return out


def test_shift_totals_equal_the_cell_by_cell_scores() -> None:
    rnd = random.Random(30)
    for _ in range(2000):
        width = rnd.randint(0, 14)
        cols = set(rnd.sample(range(1, width + 4), rnd.randint(0, min(width + 3, 10))))
        kept = sorted(rnd.sample(range(1, width + 4), rnd.randint(0, min(width + 3, 12))))
        fits = {d: {i: rnd.choice([-2, -1, 0, 1]) for i in cols} for d in (-1, 0, 1)}
        assert shift_totals(fits, kept, cols, width) == _reference(fits, kept, cols, width), \
            (fits, kept, cols, width)
