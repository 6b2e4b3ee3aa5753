"""Text kernels per distinct value give what the plain pandas expression gives, blanks too.

``_equals_literal`` stands for ``(column == "text")`` with blanks kept blank, and
``_per_distinct_literal`` for ``starts_with``/``contains`` against a column holding the
same text on every row; both run once per distinct value instead of once per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.engine.evaluate import Evaluator
from checker.engine.kernels import _equals_literal, _per_distinct_literal, _per_distinct_pair
from checker.model.dtypes import BOOLEAN, STRING

COLUMNS = {
    "object": pd.Series(["positif", None, "Positif", np.nan, "positif ", 5, "positif",
                         pd.NA, ""], dtype=object),
    "string": pd.Series(["persentase x", None, "Persentase", "", "persentase", "pers"],
                        dtype=STRING),
    "str": pd.Series(["a", None, "ab", "a", "b"], dtype="str"),
    "category": pd.Series(["kegiatan", None, "program", "kegiatan"], dtype="category"),
}


def _plain_equals(value: pd.Series, literal: str) -> pd.Series:
    right = pd.Series([literal] * len(value), index=value.index)
    eq = (value == right).astype(BOOLEAN)
    return eq.where(value.notna() & right.notna(), pd.NA)


@pytest.mark.parametrize("kind", sorted(COLUMNS))
@pytest.mark.parametrize("literal", ["positif", "a", "kegiatan", "", "5"])
def test_equals_literal_is_the_plain_comparison(kind: str, literal: str) -> None:
    value = COLUMNS[kind]
    got = _equals_literal(value, literal)
    want = _plain_equals(value, literal)
    assert got.dtype == want.dtype
    assert got.tolist() == want.tolist()


@pytest.mark.parametrize("kind", ["string", "str"])
@pytest.mark.parametrize("name", ["starts_with", "contains"])
@pytest.mark.parametrize("literal", ["persentase", "a", "", "x"])
def test_text_test_against_a_literal_is_the_pair_test(kind: str, name: str,
                                                      literal: str) -> None:
    text = COLUMNS[kind]
    other = pd.Series([literal] * len(text), dtype=STRING)
    got = _per_distinct_literal(name, text, literal)
    want = _per_distinct_pair(name, text, other, Evaluator._text_test)
    assert got is not None
    assert got.dtype == want.dtype
    assert got.tolist() == want.tolist()


def test_a_column_that_is_not_all_text_takes_the_pair_path() -> None:
    assert _per_distinct_literal("contains", COLUMNS["object"], "pos") is None
