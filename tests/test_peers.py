"""``checker.engine.peers.others`` against a plain per-row reading of its definition.

The numpy version numbers (group, case) pairs and sorts integer keys; these tests say what
it must compute, row by row: each other case of the row's group counted once (its first
value in file order), their count and median, and who they are.
"""

from __future__ import annotations

import statistics

import numpy as np
import pandas as pd
import pytest

from checker.engine.peers import others


def _reference(values: list[float | None], group: list[int], case: list[int]):
    """Count, median and comparator rows per row, by reading the definition literally."""
    first: dict[tuple[int, int], tuple[int, float]] = {}
    for i, (v, g, c) in enumerate(zip(values, group, case, strict=True)):
        if g >= 0 and v is not None and (g, c) not in first:
            first[(g, c)] = (i, v)
    counts, medians, rows = [], [], []
    for v, g, c in zip(values, group, case, strict=True):
        if g < 0 or v is None:
            counts.append(0)
            medians.append(None)
            rows.append(None)
            continue
        other = sorted(((val, cc, row) for (gg, cc), (row, val) in first.items()
                        if gg == g and cc != c))
        counts.append(len(other))
        medians.append(statistics.median([o[0] for o in other]) if other else None)
        rows.append([o[2] for o in other])
    return counts, medians, rows


@pytest.mark.parametrize("seed", range(40))
def test_others_matches_the_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 40))
    group = rng.integers(-1, 4, n).tolist()
    case = rng.integers(-1, 5, n).tolist()
    pool = [None, 0.0, -0.0, 1.0, 2.5, 3.0, 1e9, 7.0]
    values = [pool[i] for i in rng.integers(0, len(pool), n)]
    series = pd.Series(pd.array(values, dtype="Float64"))
    got = others(series, np.array(group, dtype=np.int64), np.array(case, dtype=np.int64))
    counts, medians, rows = _reference(values, group, case)
    assert got.count.tolist() == counts
    assert [None if pd.isna(m) else m for m in got.median.tolist()] == medians
    asked = [i for i in range(n) if rows[i] is not None]
    found = got.comparators(np.array(asked, dtype=np.int64),
                            np.array([group[i] for i in asked], dtype=np.int64),
                            np.array([case[i] for i in asked], dtype=np.int64))
    assert [sorted(f) for f in found] == [sorted(rows[i]) for i in asked]


def test_a_case_counts_once_with_its_first_value() -> None:
    values = pd.Series(pd.array([10.0, 99.0, 20.0, 30.0], dtype="Float64"))
    got = others(values, np.array([0, 0, 0, 0]), np.array([1, 1, 2, 3]))
    assert got.count.tolist() == [2, 2, 2, 2]
    assert got.median.tolist() == [25.0, 25.0, 20.0, 15.0]
