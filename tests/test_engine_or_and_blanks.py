"""The engine's array shortcuts give what the pandas expressions they replace give.

``evaluate._any_of`` (a rule's ``or``) against the ``fillna``/``|``/``notna``/``where`` of
the Series, kept here as the oracle, on random nullable conditions of one to four parts
with every pattern of names; ``cases._filled`` against ``notna().to_numpy()`` on every
column of the key frames of seed 004 (text, codes, nullable integers, objects).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.engine.cases import _filled, indicator_keys, item_keys
from checker.engine.evaluate import _any_of
from checker.engine.evaluate import _series_or as _pandas_or  # the aligned path, the oracle
from checker.importers.registry import load
from checker.model.frames import to_frames
from tests.conftest import SEEDS


def _condition(rng: np.random.Generator, index: pd.Index, name: str | None) -> pd.Series:
    # a third blank; under a blank the stored value is true or false alike (as pandas
    # leaves it after a Kleene operation), and must not count
    blank = rng.integers(0, 3, len(index)) == 2
    array = pd.arrays.BooleanArray(rng.integers(0, 2, len(index)).astype(bool), blank)
    return pd.Series(array, index=index, name=name)


@pytest.mark.parametrize("n_parts", [1, 2, 3, 4])
def test_or_is_the_series_or(n_parts: int) -> None:
    rng = np.random.default_rng(n_parts)
    for trial in range(40):
        index = pd.RangeIndex(5, 5 + int(rng.integers(0, 30))) if trial % 2 else \
            pd.Index(rng.permutation(40)[: int(rng.integers(0, 30))])
        names = [[None, "a", "b"][int(rng.integers(0, 3))] for _ in range(n_parts)]
        parts = [_condition(rng, index, name) for name in names]
        got = _any_of(parts)
        assert got is not None
        pd.testing.assert_series_equal(got, _pandas_or(parts), check_index_type=True)


def test_or_of_other_rows_or_other_arrays_is_left_to_pandas() -> None:
    rng = np.random.default_rng(3)
    one = _condition(rng, pd.RangeIndex(6), None)
    for parts in ([one, _condition(rng, pd.RangeIndex(1, 7), None)], [one, one.astype(object)]):
        pd.testing.assert_series_equal(_any_of(parts), _pandas_or(parts))


def test_filled_is_notna_on_every_key_column() -> None:
    frames = to_frames(load(SEEDS / "004_a30a70c4cd2935b3.txt"))
    items = item_keys(frames.get("item"), frames.get("document"))
    indicators = indicator_keys(frames.get("indicator"), frames.get("item"), items)
    seen = set()
    for frame in (items, indicators, frames.get("item"), frames.get("indicator")):
        for column in frame.columns:
            values = frame[column]
            got = _filled(values)
            assert got.dtype == bool
            np.testing.assert_array_equal(got, values.notna().to_numpy())
            seen.add(str(values.dtype))
    assert {"object", "Int64", "str", "category", "Float64"} <= seen
