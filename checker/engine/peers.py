"""The same item in other places: comparators for ``peer_count`` and ``peer_median``.

A unit cost is "far out of line" only against *other* places. The item itself must not be
among its comparators (it would pull the median towards itself), and neither may copies of
the same place: a PK, its rencana aksi and its LKjIP hold the same sub-kegiatan three times,
and a file checked twice would vote twice (issue 13, item 6). So comparators are counted
once per *case* (pemda, perangkat daerah, year; the document when those are unknown), and
the item's own case is left out.

Everything is computed once per expression for the whole run, with array arithmetic: the
median of a sorted group without one element is read off by index, no row loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.model.dtypes import FLOAT64, INT64


@dataclass(frozen=True)
class Peers:
    """Per row: how many other places have a value, their median, and who they are."""

    count: pd.Series  # Int64
    median: pd.Series  # Float64, blank without comparators
    group: np.ndarray  # the members (one row per group and case), sorted by group,
    case: np.ndarray  # value and case: their group, case and base position
    row: np.ndarray

    def comparators(self, positions: np.ndarray, groups: np.ndarray,
                    cases: np.ndarray) -> list[list[int]]:
        """Base-frame positions of each given row's comparators (for ``related``).

        A group's members are one slice of the sorted members; a row's comparators are
        that slice without its own case, in member order (value, then case).
        """
        starts = np.searchsorted(self.group, groups, side="left")
        ends = np.searchsorted(self.group, groups, side="right")
        out: list[list[int]] = []
        for start, end, c in zip(starts.tolist(), ends.tolist(), cases.tolist(),
                                 strict=True):
            part = slice(start, end)
            out.append(self.row[part][self.case[part] != c].tolist())
        return out


def others(values: pd.Series, group: np.ndarray, case: np.ndarray) -> Peers:
    """Count and median of the other cases' values in each row's group.

    ``group`` and ``case`` are integer codes per row (-1: no group, not compared); a case
    with several rows in a group contributes its first value once. Plain numpy over
    integer keys (the pairs numbered once, one integer sort), not data-frame group-bys: at
    a million rows pandas' de-duplication, three-key sort and multi-index lookup were
    most of the unit-cost rule's time.
    """
    n_rows = len(values)
    vals = values.astype(FLOAT64).to_numpy(dtype=float, na_value=np.nan)
    group = np.asarray(group, dtype=np.int64)
    case = np.asarray(case, dtype=np.int64) + 1  # a blank case (-1) is a case too
    width = int(case.max()) + 1 if n_rows else 1
    known = (group >= 0) & ~np.isnan(vals)
    rows = np.flatnonzero(known)
    # each (group, case) once, with its first row's value; ``pair_of``: each row's pair
    _, first_seen, pair_of = np.unique(group[rows] * width + case[rows], return_index=True,
                                       return_inverse=True)
    rows = rows[first_seen]
    m_group, m_case, m_value = group[rows], case[rows], vals[rows]
    # by group, then value, then case: (group, case) is unique, so the order is total
    order = _by_group_value_case(m_group, m_value, m_case, width)
    rows, m_group, m_case, m_value = rows[order], m_group[order], m_case[order], \
        m_value[order]
    n = len(rows)
    at_pair = np.empty(n, dtype=np.int64)
    at_pair[order] = np.arange(n)
    where = np.full(n_rows, -1, dtype=np.int64)
    where[known] = at_pair[pair_of.reshape(-1)]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = m_group[1:] != m_group[:-1]
    run = np.cumsum(new_group) - 1  # the group's run number, per member
    first = np.flatnonzero(new_group)[run] if n else np.zeros(0, dtype=np.int64)
    starts = np.arange(n) - first  # rank within the group
    size = np.diff(np.append(np.flatnonzero(new_group), n))[run] if n else \
        np.zeros(0, dtype=np.int64)
    count = np.zeros(n_rows, dtype=np.int64)
    median = np.full(n_rows, np.nan)
    has = known & (where >= 0)
    at = where[has]
    n_other = size[at] - 1
    count[has] = n_other
    ok = n_other > 0
    at, n_other = at[ok], n_other[ok]
    pos, base = starts[at], first[at]
    sorted_values = m_value

    def other(j: np.ndarray) -> np.ndarray:  # the j-th of the others, in value order
        return sorted_values[base + j + (j >= pos)]

    k = (n_other - 1) // 2
    odd = n_other % 2 == 1
    mid = np.where(odd, other(k), (other(k) + other(np.minimum(k + 1, n_other - 1))) / 2)
    target = np.flatnonzero(has)[ok]
    median[target] = mid
    index = values.index
    return Peers(pd.Series(count, index=index, dtype=INT64),
                 pd.Series(median, index=index, dtype=FLOAT64).where(~np.isnan(median)),
                 m_group, m_case - 1, rows)


def _by_group_value_case(group: np.ndarray, value: np.ndarray, case: np.ndarray,
                         width: int) -> np.ndarray:
    """The order of rows by (group, value, case), as one integer sort where it fits.

    Equal values (``0.0`` and ``-0.0`` too) share a rank, as in a sort on the value itself.
    """
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    _, rank = np.unique(value, return_inverse=True)
    ranks = int(rank.max()) + 1
    if (int(group.max()) + 1) * ranks * width < 2**62:
        return np.argsort((group * ranks + rank.reshape(-1)) * width + case, kind="stable")
    return np.lexsort((case, value, group))
