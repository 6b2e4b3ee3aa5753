"""Keys per distinct value give what ``Series.map`` gives, value types and blanks included.

``cases._keyed_unique`` and ``cases._by_document`` map one row per distinct value and
spread the answers by integer code; the cross-document keys (``_case``, ``_kind``,
``_kkey``, ``_name``) must be the objects the plain map made, ``None`` against ``NaN``
included, since they are compared and printed downstream.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.engine.cases import _by_document, _keyed_unique
from checker.model.dtypes import OBJECT, STRING

TEXTS = ["Program A", None, "Kegiatan B", "Program A", np.nan, "", "Kegiatan B", pd.NA]


def _plain_keyed(values: pd.Series, func) -> pd.Series:
    table = {v: func(v) for v in pd.unique(values.dropna())}
    return values.map(table).astype(OBJECT).where(values.notna(), None)


def _same(a: pd.Series, b: pd.Series) -> None:
    assert a.dtype == b.dtype
    assert a.index.equals(b.index)
    assert [type(x) for x in a.tolist()] == [type(x) for x in b.tolist()]
    assert all(x is y or x == y or (pd.isna(x) and pd.isna(y))
               for x, y in zip(a.tolist(), b.tolist(), strict=True))


@pytest.mark.parametrize("dtype", [OBJECT, STRING, "str"])
@pytest.mark.parametrize("func", [str.upper, lambda v: None if "B" in v else v,
                                  lambda v: len(v)])
def test_keyed_unique_is_the_plain_map(dtype, func) -> None:
    values = pd.Series(TEXTS, dtype=dtype, index=range(10, 10 + len(TEXTS)))
    _same(_keyed_unique(values, func), _plain_keyed(values, func))


def test_keyed_unique_of_nothing_and_of_blanks() -> None:
    for values in (pd.Series([], dtype=OBJECT), pd.Series([None, np.nan], dtype=OBJECT)):
        _same(_keyed_unique(values, str.upper), _plain_keyed(values, str.upper))


@pytest.mark.parametrize("dtype", [OBJECT, "str"])
def test_by_document_is_the_plain_map(dtype) -> None:
    per_document = pd.Series(["pemda|dinas|2024", "doc:b"], index=["a.xlsx", "b.txt"])
    doc = pd.Series(["a.xlsx", "b.txt", None, "a.xlsx", "c.pdf"], dtype=dtype)
    _same(_by_document(doc, per_document), doc.map(per_document))
