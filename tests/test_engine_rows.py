"""``rows.rows`` cuts the same frame as ``frame[mask]``, on every frame of real plans.

The engine cuts rows out of the whole-plan frames with it (narrow scopes, ``and``, the
failing rows); the oracle is pandas' boolean indexing. Every entity's frame of a seed with
every kind of document and of a workbook, under masks of no row, one row, every other
row, the last row and every row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from checker.engine.rows import rows, take
from checker.importers.registry import load
from checker.model.frames import to_frames

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "tests/data/seeds/004_a30a70c4cd2935b3.txt",
         ROOT / "sample_plans/agency/001_0bdef1ee33a13803_agency.xlsx"]


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.name)
def frames(request) -> dict[str, pd.DataFrame]:
    return to_frames(load(request.param)).tables


def _masks(n: int) -> dict[str, np.ndarray]:
    every_other = np.arange(n) % 2 == 0
    last = np.zeros(n, dtype=bool)
    if n:
        last[-1] = True
    one = np.zeros(n, dtype=bool)
    one[n // 2 if n else slice(0)] = True
    return {"none": np.zeros(n, dtype=bool), "one": one, "every other": every_other,
            "last": last, "all": np.ones(n, dtype=bool)}


@pytest.mark.parametrize("mask_name", ["none", "one", "every other", "last", "all"])
def test_rows_are_boolean_indexing(frames: dict[str, pd.DataFrame], mask_name: str) -> None:
    assert len(frames["item"]) > 10
    for name, frame in frames.items():
        mask = _masks(len(frame))[mask_name]
        got, want = rows(frame, mask), frame[mask]
        pd.testing.assert_frame_equal(got, want, check_index_type=True)
        assert list(got.columns) == list(want.columns)
        assert [str(d) for d in got.dtypes] == [str(d) for d in want.dtypes], name
        for column in frame.columns:  # each value's own type, as the findings read them
            assert [type(v) for v in got[column].tolist()] == \
                [type(v) for v in want[column].tolist()], (name, column)


def test_a_cut_of_a_cut_and_a_frame_left_alone(frames: dict[str, pd.DataFrame]) -> None:
    frame = frames["item"]
    before = frame.copy()
    first = rows(frame, np.arange(len(frame)) % 3 != 0)
    second = take(first, np.array([0, len(first) - 1]))
    pd.testing.assert_frame_equal(second, frame[np.arange(len(frame)) % 3 != 0].iloc[[0, -1]])
    second.iloc[0, 0] = "changed"  # the cut is a copy: the plan's frame does not move
    pd.testing.assert_frame_equal(frame, before)


def test_a_pandas_without_the_block_manager_cuts_through_its_own_take(
        frames: dict[str, pd.DataFrame], monkeypatch) -> None:
    """The block-by-block cut leans on pandas internals; where the block manager cannot be
    imported, the cut is pandas' public ``take`` and the frame the same."""
    from checker.engine import rows as rows_module

    monkeypatch.setattr(rows_module, "BlockManager", None)
    frame = frames["item"]
    mask = np.arange(len(frame)) % 2 == 0
    pd.testing.assert_frame_equal(rows(frame, mask), frame[mask], check_index_type=True)


def test_every_kind_of_block_is_cut_as_pandas_cuts_it() -> None:
    """Each block kind ``_take_block`` takes itself (nullable integers, floats and booleans
    with blanks, categoricals, numpy blocks of one and of several columns), and one it
    leaves to pandas (text), cut as ``frame.take`` cuts them."""
    frame = pd.DataFrame({
        "i": pd.array([1, None, 3, 4], dtype="Int64"),
        "f": pd.array([0.5, 1.5, None, -0.0], dtype="Float64"),
        "b": pd.array([True, None, False, True], dtype="boolean"),
        "c": pd.Categorical(["K", None, "B", "K"]),
        "s": pd.array(["a", None, "c", "d"], dtype="string"),
        "o1": [None, "x", 2, 3.5], "o2": [1, None, "q", "r"],
        "n": np.array([1.0, np.nan, 3.0, 4.0]),
    })
    frame._consolidate_inplace()  # the two object columns in one two-column block
    assert any(block.shape[0] == 2 for block in frame._mgr.blocks)
    for positions in ([], [2], [3, 0, 1], [1, 1, 2, 3]):
        at = np.array(positions, dtype=np.intp)
        pd.testing.assert_frame_equal(take(frame, at), frame.take(at), check_index_type=True)
