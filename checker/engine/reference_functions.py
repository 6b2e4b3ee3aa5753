"""Rule functions that look things up in the national nomenclature.

Each function maps a column through the shipped Kepmendagri 900.1.15.5-1317/2023 and
Permendagri 90/2019 lists. The lookup runs once per *distinct* value and is mapped back with
pandas, so a plan with a million rows but a few thousand distinct codes costs a few thousand
lookups, never a Python call per row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from checker.engine.kernels import combinations
from checker.reference.codes import is_wellformed, kegiatan_digit

NEAR_MISS = 0.75  # below this a "closest official name" is not worth suggesting
SAME_ITEM = 0.9  # checker.reference's band for "the same name written differently"
NOMENCLATURE_LEVELS = ("program", "kegiatan", "sub_kegiatan")
PROVINCIAL = "1"  # the kegiatan digit of provincial authority (Nomenclature.is_provincial_kegiatan)


@cache
def _nom():
    from checker.reference import nomenclature

    return nomenclature()


def _by_unique(values: pd.Series, func: Callable[[Any], Any], dtype: str) -> pd.Series:
    """``func`` of each value (blank for a blank), once per distinct value."""
    return _per_combination(func, dtype, values)


def _pairs(a: pd.Series, b: pd.Series, func: Callable[[Any, Any], Any], dtype: str) -> pd.Series:
    """``func`` of each row's two values (blank if either is), once per distinct pair."""
    return _per_combination(func, dtype, a, b)


def _per_combination(func: Callable[..., Any], dtype: str, *columns: pd.Series) -> pd.Series:
    """``func`` of each row's values, blank where any is blank, once per distinct row.

    The distinct combinations come from :func:`kernels.combinations` (one factorisation
    per column and one of the combined codes), the answers spread back by code: the same
    answers as mapping a dictionary of the distinct values (one argument) or merging a
    frame of the distinct pairs (two), without a frame, a ``dropna``, a
    ``drop_duplicates`` and a merge per call (~3 ms each on a few hundred rows, whatever
    their number).
    """
    found = combinations(list(columns), blank_is_value=False)
    if found is None:  # pragma: no cover - two columns' codes always fit in 64 bits
        raise OverflowError("too many distinct combinations of values")
    rows, values, known = found
    answers = pd.array([func(*args) for args in zip(*values, strict=True)], dtype=dtype)
    where = np.full(len(known), -1, dtype=np.intp)
    where[known] = rows
    return pd.Series(answers.take(where, allow_fill=True), index=columns[0].index)


def wellformed_code(kode: pd.Series) -> pd.Series:
    """Whether each code has a nomenclature code's shape: the code alone says, no index read.

    The shape is a pure function of the text (:mod:`checker.reference.codes`); loading the
    nomenclature for it cost a small plan's run ~0.07 s of unpickling.
    """
    return _by_unique(kode, lambda k: is_wellformed(str(k)), "boolean")


def known_code(kode: pd.Series) -> pd.Series:
    return _by_unique(kode, lambda k: _nom().by_code(str(k)) is not None, "boolean")


def official_name(kode: pd.Series) -> pd.Series:
    def name(k: Any) -> str | None:
        entry = _nom().by_code(str(k))
        return entry.nama if entry else None

    return _by_unique(kode, name, "string")


def official_unit(kode: pd.Series) -> pd.Series:
    """The unit the nomenclature gives a sub-kegiatan's official indicator (blank if none)."""
    return _by_unique(kode, lambda k: _nom().official_satuan(str(k)), "string")


def official_indicator(kode: pd.Series) -> pd.Series:
    """The official indicator of a sub-kegiatan code in the nomenclature (blank if none)."""
    return _by_unique(kode, lambda k: _nom().official_indikator(str(k)), "string")


def provincial_kegiatan(kode: pd.Series) -> pd.Series:
    """Whether each kegiatan code is of provincial authority: its digit, no index read."""
    return _by_unique(kode, lambda k: kegiatan_digit(str(k)) == PROVINCIAL, "boolean")


def same_name(a: pd.Series, b: pd.Series) -> pd.Series:
    from checker.reference import name_key

    return _pairs(a, b, lambda x, y: name_key(str(x)) == name_key(str(y)), "boolean")


def name_fits_code(kode: pd.Series, nama: pd.Series) -> pd.Series:
    def fits(k: Any, n: Any) -> bool | None:
        scored = _nom().name_score(str(k), str(n))
        return None if scored is None else scored[1] >= SAME_ITEM

    return _pairs(kode, nama, fits, "boolean")


def known_name(nama: pd.Series, level: pd.Series) -> pd.Series:
    def known(n: Any, lv: Any) -> bool | None:
        if str(lv) not in NOMENCLATURE_LEVELS:
            return None
        best = _nom().match_name(str(n), level=str(lv), limit=1)
        return bool(best) and best[0][1] >= 0.999

    return _pairs(nama, level, known, "boolean")


def closest_name(nama: pd.Series, level: pd.Series) -> pd.Series:
    def closest(n: Any, lv: Any) -> str | None:
        if str(lv) not in NOMENCLATURE_LEVELS:
            return None
        best = _nom().match_name(str(n), level=str(lv), limit=1)
        if not best or best[0][1] < NEAR_MISS:
            return None
        entry = best[0][0]
        return f"{entry.kode} {entry.nama}"

    return _pairs(nama, level, closest, "string")


# name → (function, number of text arguments, result kind: "bool" or "text")
FUNCTIONS: dict[str, tuple[Callable[..., pd.Series], int, str]] = {
    "wellformed_code": (wellformed_code, 1, "bool"),
    "known_code": (known_code, 1, "bool"),
    "official_name": (official_name, 1, "text"),
    "official_unit": (official_unit, 1, "text"),
    "official_indicator": (official_indicator, 1, "text"),
    "provincial_kegiatan": (provincial_kegiatan, 1, "bool"),
    "same_name": (same_name, 2, "bool"),
    "name_fits_code": (name_fits_code, 2, "bool"),
    "known_name": (known_name, 2, "bool"),
    "closest_name": (closest_name, 2, "text"),
}
