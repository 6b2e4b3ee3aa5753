"""Pairing on (case, key): the array path chooses exactly what the merge of frames chose.

``cases._join_first`` pairs each pending row with the first candidate row (in row order)
of the same case and key in *another* document. It runs on integer codes and sorted
arrays; the merge it replaced stays for blank cases or documents. Both must agree on
every row, whatever the mix of documents, repeated keys and rows already paired.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.engine.cases import _join_first


def _keys(rng: np.random.Generator, n: int) -> pd.DataFrame:
    docs = np.array(["a#pk", "a#lkjip", "b#pk", "b#renaksi"], dtype=object)
    cases = np.array(["x|dinas|2024", "y|dinas|2024"], dtype=object)
    values = np.array([f"1.0{i}" for i in range(6)] + [None], dtype=object)
    index = pd.Index(rng.permutation(np.arange(100, 100 + 3 * n))[:n])  # labels, not positions
    return pd.DataFrame({
        "_doc": docs[rng.integers(0, len(docs), n)],
        "_case": cases[rng.integers(0, len(cases), n)],
        "_kkey": values[rng.integers(0, len(values), n)],
        "_kind": np.array(["pk", "lkjip"], dtype=object)[rng.integers(0, 2, n)],
    }, index=index)


def _by_merge(keys: pd.DataFrame, candidates: pd.DataFrame, result: pd.Series) -> pd.Series:
    """The merge of frames ``_join_first`` was written as before (the reference)."""
    mask = result.isna().to_numpy() & keys["_kkey"].notna().to_numpy()
    left = keys[mask][["_doc", "_case", "_kkey"]].reset_index(names="_src")
    right = candidates[["_doc", "_case", "_kkey"]].dropna(subset=["_kkey"]).reset_index(
        names="_dst")
    joined = left.merge(right, on=["_case", "_kkey"], how="inner", suffixes=("", "_t"))
    joined = joined[joined["_doc"] != joined["_doc_t"]]
    joined = joined.sort_values(["_src", "_dst"]).drop_duplicates("_src", keep="first")
    out = result.copy()
    out.loc[joined["_src"].to_numpy()] = joined["_dst"].to_numpy()
    return out


@pytest.mark.parametrize("seed", range(40))
def test_array_join_chooses_what_the_merge_chose(seed):
    rng = np.random.default_rng(seed)
    keys = _keys(rng, int(rng.integers(1, 60)))
    candidates = keys[keys["_kind"] == "pk"]
    result = pd.Series(pd.NA, index=keys.index, dtype="Int64")
    already = rng.random(len(keys)) < 0.2  # rows paired by an earlier stage stay as they are
    result[already] = 7
    expected = _by_merge(keys, candidates, result)
    _join_first(keys, candidates, "_kkey", result)
    pd.testing.assert_series_equal(result, expected)


def test_a_row_of_the_first_candidates_document_takes_the_next_document():
    keys = pd.DataFrame({
        "_doc": ["pk", "pk", "lkjip", "renaksi"],
        "_case": ["c"] * 4,
        "_kkey": ["1.01"] * 4,
    }, index=[10, 11, 12, 13])
    result = pd.Series(pd.NA, index=keys.index, dtype="Int64")
    _join_first(keys, keys.loc[[11, 12, 13]], "_kkey", result)
    assert result.tolist() == [12, 12, 11, 11]


def test_a_blank_case_takes_the_merge_and_gets_its_answer():
    rng = np.random.default_rng(3)
    keys = _keys(rng, 40)
    keys.loc[keys.index[::7], "_case"] = None  # unknown agency or year: the merge decides
    candidates = keys[keys["_kind"] == "pk"]
    result = pd.Series(pd.NA, index=keys.index, dtype="Int64")
    expected = _by_merge(keys, candidates, result)
    _join_first(keys, candidates, "_kkey", result)
    pd.testing.assert_series_equal(result, expected)
    assert result.notna().any()


@pytest.mark.parametrize("seed", range(40))
def test_the_key_frames_codes_choose_what_the_merge_chose(seed):
    """With the key frame's codes made once (``JoinCodes``, kept across joins): the same
    pairs, on frames labelled by position, with and without blank cases or documents, a
    part of the rows pending, and on other labels (where the codes stand aside)."""
    from checker.engine.cases import JoinCodes

    rng = np.random.default_rng(100 + seed)
    keys = _keys(rng, int(rng.integers(1, 60)))
    if seed % 2:
        keys = keys.reset_index(drop=True)  # the engine's own labels: 0..n-1
    if seed % 4 == 1:  # a blank case or document somewhere: the merge decides
        keys.loc[keys.index[int(rng.integers(0, len(keys)))],
                 "_case" if seed % 8 == 1 else "_doc"] = None
    codes = JoinCodes(keys)
    candidates = keys[keys["_kind"] == "pk"]
    for _ in range(2):  # the codes serve a second join of the same frame
        result = pd.Series(pd.NA, index=keys.index, dtype="Int64")
        result[rng.random(len(keys)) < 0.2] = 7
        expected = _by_merge(keys, candidates, result)
        _join_first(keys, candidates, "_kkey", result, codes=codes)
        pd.testing.assert_series_equal(result, expected)
