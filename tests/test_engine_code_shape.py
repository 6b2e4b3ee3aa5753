"""Rule functions that need only a code's shape answer without the nomenclature index.

``wellformed_code`` (KOD-003) and ``provincial_kegiatan`` read the code's text alone; the
index (tens of milliseconds of unpickling) is for the functions that look codes up.
"""

from __future__ import annotations

import pandas as pd

from checker.engine import reference_functions as rf
from checker.reference import nomenclature

CODES = ["1.06.04.2.01.0001", "1.06.04.1.01.0001", "1.06.02", "1.06.2.01", "x", "",
         "1.06.04.2.01.001x", " 1.06.04.1.01 ", "X.XX.01.2.01.0001", None, "1.06.04.3.01"]


def test_shape_functions_do_not_load_the_index() -> None:
    kode = pd.Series(CODES, dtype="string")
    rf._nom.cache_clear()
    wellformed = rf.wellformed_code(kode)
    provincial = rf.provincial_kegiatan(kode)
    assert rf._nom.cache_info().currsize == 0  # the index was never asked for
    nom = nomenclature()
    for i, code in enumerate(CODES):
        if code is None:
            assert wellformed[i] is pd.NA and provincial[i] is pd.NA
            continue
        assert bool(wellformed[i]) == nom.is_wellformed(code), code
        assert bool(provincial[i]) == nom.is_provincial_kegiatan(code), code
    assert wellformed.dtype == provincial.dtype == "boolean"
    assert wellformed.sum() >= 4 and provincial.sum() >= 2  # both answers occur


def _old_by_unique(values: pd.Series, func, dtype: str) -> pd.Series:
    """The dictionary form ``_by_unique`` had: the oracle of the one-factorisation form."""
    table = {v: func(v) for v in pd.unique(values.dropna())}
    return values.map(table).astype(dtype)


def _old_pairs(a: pd.Series, b: pd.Series, func, dtype: str) -> pd.Series:
    """The merge form ``_pairs`` had: the oracle of the one-factorisation form."""
    frame = pd.DataFrame({"a": a.astype(object), "b": b.astype(object)})
    known = frame.dropna().drop_duplicates().copy()
    known["r"] = [func(x, y) for x, y in zip(known["a"], known["b"], strict=True)]
    joined = frame.merge(known, on=["a", "b"], how="left")
    return pd.Series(joined["r"].to_numpy(), index=frame.index).astype(dtype)


def test_per_distinct_forms_give_the_dictionary_and_merge_answers(seeds) -> None:
    from checker.cli.collect import collect
    from checker.model.frames import to_frames

    frames = to_frames(collect([str(seeds / "004_a30a70c4cd2935b3.txt")]).documents)
    items, indicators = frames.get("item"), frames.get("indicator")
    assert len(items) > 100
    cases = [(items["kode"], items["nama"]), (items["nama"], items["level"]),
             (indicators["uraian"], indicators["satuan"]), (items["kode"], items["kode"]),
             (items["kode"].iloc[:0], items["nama"].iloc[:0]),
             (pd.Series([None, None], dtype=object), pd.Series(["a", None], dtype=object))]
    checked = 0
    for a, b in cases:
        for func, dtype in (
                (lambda x, y: None if len(str(x)) % 3 == 0 else str(x) < str(y), "boolean"),
                (lambda x, y: None if str(y).startswith("P") else f"{x}|{y}", "string")):
            got, want = rf._pairs(a, b, func, dtype), _old_pairs(a, b, func, dtype)
            pd.testing.assert_series_equal(got, want)
            one = lambda x, f=func: f(x, x)  # noqa: E731
            pd.testing.assert_series_equal(rf._by_unique(a, one, dtype),  # the evaluator
                                           _old_by_unique(a, one, dtype),  # drops names
                                           check_names=False)
            checked += 1
    assert checked == 12
    # and through the nomenclature, as the rules call them
    kode = pd.concat([items["kode"], pd.Series(["9.99.99", "1.06.2.01", None])],
                     ignore_index=True)
    pd.testing.assert_series_equal(rf.known_code(kode), _old_by_unique(
        kode, lambda k: rf._nom().by_code(str(k)) is not None, "boolean"), check_names=False)
    pd.testing.assert_series_equal(rf.official_name(kode), _old_by_unique(
        kode, lambda k: getattr(rf._nom().by_code(str(k)), "nama", None), "string"),
        check_names=False)
    known = rf.known_code(kode)
    assert known.sum() > 10 and (~known).fillna(False).sum() > 0  # both answers occur
