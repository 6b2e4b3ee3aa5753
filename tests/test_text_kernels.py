"""Text kernels per distinct value give what the plain pandas expression gives, blanks too.

``_equals_literal`` stands for ``(column == "text")`` with blanks kept blank, and
``_per_distinct_literal`` for ``starts_with``/``contains`` against a column holding the
same text on every row, ``_per_distinct_pair`` for them against another column, and
``blank_per_distinct`` for ``blank(x)``; each runs once per distinct value instead of once
per row, and is held here against the pandas form it replaced.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.engine.evaluate import Evaluator
from checker.engine.kernels import (
    _blank_text,
    _equals_literal,
    _per_distinct_literal,
    _per_distinct_pair,
    blank_per_distinct,
)
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


PAIRS = {
    "prefixes": (["Persentase capaian", "Jumlah", None, "persentase", "", "Jumlah dokumen",
                  "Jumlah", "abc"],
                 ["Persentase", "Jumlah dok", "x", None, "", "Jumlah", "JUMLAH", "abcd"]),
    "repeated": (["a b", "a b", "A B", "b", "a b"], ["a", "A", "a", "b", "a"]),
    "one row": (["ab"], ["a"]),
}


@pytest.mark.parametrize("kind", ["string", "str"])
@pytest.mark.parametrize("name", ["starts_with", "contains"])
@pytest.mark.parametrize("case", sorted(PAIRS))
def test_text_test_against_a_column_is_the_pandas_form(kind: str, name: str,
                                                       case: str) -> None:
    texts, patterns = PAIRS[case]
    text, other = pd.Series(texts, dtype=kind), pd.Series(patterns, dtype=kind)
    got = _per_distinct_pair(name, text, other, Evaluator._text_test)
    want = Evaluator._text_test(name, text.astype(STRING), other.astype(STRING))
    assert got.dtype == want.dtype
    assert got.tolist() == want.tolist()


BLANKS = {
    **COLUMNS,
    "spaces": pd.Series(["  ", "\t", "x ", None, "", "\u00a0", "x ", "  "], dtype=STRING),
    "mostly distinct": pd.Series([" a", "b", None], dtype=object),
    "all blank": pd.Series([None, None], dtype=STRING),
    "numbers": pd.Series([1.0, np.nan], dtype="Float64"),
}


@pytest.mark.parametrize("kind", sorted(BLANKS))
def test_blank_per_distinct_is_the_pandas_form(kind: str) -> None:
    value = BLANKS[kind]
    got = blank_per_distinct(value)
    if kind in ("object", "numbers", "category"):  # not text alone: the pandas form
        assert got is None
        return
    want = (value.isna() | _blank_text(value)).astype(BOOLEAN)
    assert got is not None
    assert got.dtype == want.dtype
    assert got.tolist() == want.tolist()
