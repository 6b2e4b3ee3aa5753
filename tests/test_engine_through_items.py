"""Indicators paired through their items: the array join chooses what the merge chose.

``cases._match_through_items`` pairs an indicator left by the code joins with the first
candidate (in row order) of the same uraian under its item's pair. It runs on integer
codes and one sort (``_first_of_other_document`` with every pending row of its own
document); the merge of frames it replaced is the oracle here, on random keys with blank
items, blank uraian, items without a pair, repeated keys and rows already paired. The key
frame's row positions, read by arithmetic where its labels are 0..n-1, are pandas'
``get_indexer``'s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.engine.cases import _match_through_items
from checker.model.dtypes import I64, INT64, STRING


def _keys(rng: np.random.Generator, n: int) -> pd.DataFrame:
    uraian = np.array(["jumlah peserta", "persentase capaian", "indeks", None], dtype=object)
    index = pd.Index(rng.permutation(np.arange(50, 50 + 3 * n))[:n])  # labels, not positions
    item = pd.array(rng.integers(0, 8, n), dtype=INT64)
    item[rng.random(n) < 0.1] = pd.NA
    return pd.DataFrame({
        "_item": item,
        "_uraian": pd.array(uraian[rng.integers(0, len(uraian), n)], dtype=STRING),
        "_kind": np.array(["pk", "lkjip"], dtype=object)[rng.integers(0, 2, n)],
    }, index=index)


def _by_merge(keys: pd.DataFrame, candidates: pd.DataFrame, result: pd.Series,
              items: pd.Series) -> pd.Series:
    """The merge of frames ``_match_through_items`` was written as before (the reference)."""
    out = result.copy()
    pending = keys[result.isna().to_numpy() & keys["_item"].notna().to_numpy()
                   & keys["_uraian"].notna().to_numpy()]
    if pending.empty:
        return out
    target_item = items.reindex(pending["_item"].astype(I64).to_numpy()).to_numpy()
    left = pd.DataFrame({"_src": pending.index, "_titem": target_item,
                         "_uraian": pending["_uraian"].to_numpy()}).dropna()
    right = candidates[["_item", "_uraian"]].dropna().reset_index(names="_dst").rename(
        columns={"_item": "_titem"})
    if left.empty or right.empty:
        return out
    left["_titem"] = left["_titem"].astype(I64)
    right["_titem"] = right["_titem"].astype(I64)
    joined = left.merge(right, on=["_titem", "_uraian"], how="inner")
    joined = joined.sort_values(["_src", "_dst"]).drop_duplicates("_src", keep="first")
    out.loc[joined["_src"].to_numpy()] = joined["_dst"].to_numpy()
    return out


def _items_pairs(rng: np.random.Generator) -> pd.Series:
    """Each item row's pair (8 items), some left unpaired: their indicators are too."""
    pairs = pd.Series(pd.array(rng.integers(0, 8, 8), dtype=INT64), index=range(8))
    pairs[rng.random(8) < 0.25] = pd.NA
    return pairs


@pytest.mark.parametrize("seed", range(40))
def test_array_join_through_items_chooses_what_the_merge_chose(seed):
    rng = np.random.default_rng(seed)
    keys, items = _keys(rng, int(rng.integers(1, 60))), _items_pairs(rng)
    result = pd.Series(pd.NA, index=keys.index, dtype=INT64).mask(
        rng.random(len(keys)) < 0.2, 7)  # paired by an earlier stage: kept
    candidates = keys[keys["_kind"] == "pk"]
    expected = _by_merge(keys, candidates, result, items)
    _match_through_items(keys, candidates, result, items)
    pd.testing.assert_series_equal(result, expected)


def test_the_first_candidate_of_the_uraian_under_the_items_pair_is_chosen():
    keys = pd.DataFrame({
        "_item": pd.array([0, 0, 5, 5, 5], dtype=INT64),
        "_uraian": pd.array(["indeks", "jumlah", "jumlah", "indeks", "indeks"], dtype=STRING),
    }, index=[10, 11, 12, 13, 14])
    items = pd.Series(pd.array([5], dtype=INT64), index=[0])
    result = pd.Series(pd.NA, index=keys.index, dtype=INT64)
    _match_through_items(keys, keys.loc[[12, 14, 13]], result, items)
    assert result.tolist() == [13, 12, pd.NA, pd.NA, pd.NA]  # item 5 has no pair


@pytest.mark.parametrize("index", [pd.RangeIndex(0, 30), pd.RangeIndex(5, 35),
                                   pd.RangeIndex(0, 60, 2), pd.Index(np.arange(30)[::-1])])
def test_key_positions_are_pandas_get_indexer(index):
    """``_KeyColumns.positions`` (arithmetic on a frame's own 0..n-1 labels) is get_indexer."""
    from checker.engine.cases import _KeyColumns

    keys = pd.DataFrame({c: [None] * len(index) for c in (
        "_parent", "_kkey", "_okey", "_nkey", "_name", "_doc")}, index=index)
    keys["_parent"] = keys["_parent"].astype("float64")
    columns = _KeyColumns(keys)
    rng = np.random.default_rng(len(index))
    for labels in (rng.integers(-5, 70, 40), np.array([], dtype=np.int64),
                   rng.integers(0, 30, 10).astype(np.int32), np.array([3.0, 7.5, 40.0])):
        assert columns.positions(labels).tolist() == index.get_indexer(labels).tolist()


@pytest.mark.parametrize("index", [pd.RangeIndex(0, 30), pd.RangeIndex(5, 35),
                                   pd.Index(np.arange(30)[::-1])])
def test_assignments_by_position_are_those_by_label(index):
    """``cases._assign`` (``iloc`` on a frame's own 0..n-1 labels) is ``loc``'s assignment."""
    from checker.engine.cases import _assign

    rng = np.random.default_rng(len(index) + int(index[0]))
    for labels in (rng.choice(index.to_numpy(), 12, replace=False), np.array([], dtype=int),
                   list(index[:3])):
        # whole numbers as integers (written into the array), as a list, as floats (iloc)
        for values in (rng.integers(0, 99, len(labels)), rng.integers(0, 99, len(labels)).tolist(),
                       rng.integers(0, 99, len(labels)).astype(float)):
            got = pd.Series(pd.NA, index=index, dtype=INT64)
            got.iloc[-1:] = 5  # a value already there stays
            want = got.copy()
            _assign(got, labels, values)
            want.loc[labels] = values
            pd.testing.assert_series_equal(got, want)
    with pytest.raises(KeyError):
        _assign(pd.Series(pd.NA, index=index, dtype=INT64), np.array([99]), [1])
