"""``min``/``max`` over a relation: the vector path gives exactly pandas' group-by answer.

The engine aggregates ``min(children.x)`` with one ``ufunc.at`` over joined codes
(``Workspace._extreme``) instead of a group-by and a MultiIndex lookup per aggregate. The
answer must be the group-by's, blanks included: a blank child makes the aggregate blank,
a row without children is blank, integers stay integers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.dsl.names import RELATIONS
from checker.engine.evaluate import Workspace, _lookup
from checker.importers.registry import load
from checker.model.frames import to_frames

CHILDREN = RELATIONS["item"]["children"]


def _numeric_columns(items: pd.DataFrame) -> list[str]:
    return [c for c in items.columns if str(items[c].dtype) in ("Int64", "Float64")]


def _both(ws: Workspace, column: str, func: str) -> tuple[pd.Series, pd.Series]:
    items = ws.base("item")
    fast = ws.lookup_many("item", CHILDREN, column, func, items)
    slow = _lookup(ws.grouped(CHILDREN, column, func), items, CHILDREN.source_key)
    return fast, slow


@pytest.mark.parametrize("seed", ["000_a618195849f537cf.txt", "001_0bdef1ee33a13803.txt",
                                  "002_f85901f096964ca2.txt"])
def test_extremes_of_children_equal_pandas_group_by(seeds, seed):
    frames = to_frames(load(seeds / seed))
    items = frames.get("item")
    columns = _numeric_columns(items)
    assert columns
    # Blank a few values so that groups with a blank child are exercised as well.
    rng = np.random.default_rng(7)
    for column in columns:
        picked = rng.random(len(items)) < 0.1
        items.loc[picked, column] = pd.NA
    ws = Workspace(frames)
    compared = 0
    for column in columns:
        for func in ("min", "max"):
            fast, slow = _both(ws, column, func)
            assert str(fast.dtype) == str(slow.dtype), (column, func)
            pd.testing.assert_series_equal(fast, slow, check_names=False)
            compared += int(fast.notna().sum())
    assert compared > 0  # some parents had all their children's values


def test_a_negative_zero_leaves_the_choice_to_pandas(seeds):
    """``0.0`` and ``-0.0`` compare equal: which one a group shows is pandas' choice."""
    frames = to_frames(load(seeds / "001_0bdef1ee33a13803.txt"))
    items = frames.get("item")
    floats = [c for c in _numeric_columns(items) if str(items[c].dtype) == "Float64"]
    signed = np.where(np.arange(len(items)) % 2 == 0, 0.0, -0.0)
    for column in floats:
        items[column] = items[column].where(items[column].isna(), signed)
    ws = Workspace(frames)
    shown = 0
    for column in floats:
        for func in ("min", "max"):
            fast, slow = _both(ws, column, func)
            pd.testing.assert_series_equal(fast, slow, check_names=False)
            filled = slow.notna().to_numpy()
            a = fast.to_numpy(dtype=np.float64, na_value=np.nan)[filled]
            b = slow.to_numpy(dtype=np.float64, na_value=np.nan)[filled]
            assert (np.signbit(a) == np.signbit(b)).all(), (column, func)
            shown += len(a)
    assert shown
