"""Column kernels behind the rule functions, as numpy where pandas would loop.

Text tests run once per distinct value; quarter-series functions and group sums run as
numpy; each gives the values, dtypes and blanks of the plain pandas expression it stands
for.

Split from :mod:`checker.engine.evaluate`, which calls them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np
import pandas as pd
from pandas.arrays import BooleanArray, FloatingArray, IntegerArray

from checker.model.dtypes import OBJECT, STRING

_TEXT_KINDS = ("string", "empty")


def _is_text(s: pd.Series) -> bool:
    return s.dtype == object or pd.api.types.is_string_dtype(s.dtype)


def _blank_text(value: pd.Series) -> pd.Series:
    """Blank text: missing, or only spaces (as ``str.strip`` sees them)."""
    return (value.astype(STRING).str.strip() == "").fillna(True)


Factorize = Callable[[pd.Series], tuple[np.ndarray, pd.Index]]


def blank_per_distinct(value: pd.Series,
                       factorize: Factorize | None = None) -> pd.Series | None:
    """``blank(x)`` of a text column: once per distinct ``str``, spread back by its codes.

    What ``isna() | _blank_text(...)`` gives (a missing value or only spaces, as
    ``str.strip`` sees them: pandas' ``str.strip`` calls it), as a nullable boolean
    without blanks; ``None`` for a column that holds anything but ``str``. The pandas form
    copied the distinct values into a Series, converted it, stripped, compared, filled
    and concatenated: ~0.5 ms a call on a few hundred rows, ~25 calls a run.
    """
    if not _all_text(value):
        return None
    codes, uniques = (factorize or pd.factorize)(value)
    hit = np.fromiter((not u.strip() for u in uniques.to_numpy(dtype=object)),
                      dtype=bool, count=len(uniques))
    return _per_row(hit, codes, value.index, blank=True)


def _lower_text(value: pd.Series) -> pd.Series:
    return value.astype(STRING).str.lower()


def _all_text(value: pd.Series) -> bool:
    """Only ``str`` values (and blanks): distinct values are then distinct texts."""
    if not _is_text(value):
        return False
    return value.dtype != object or \
        pd.api.types.infer_dtype(value, skipna=True) in _TEXT_KINDS


def _per_distinct(value: pd.Series, func: Callable[[pd.Series], pd.Series],
                  factorize: Factorize = pd.factorize) -> pd.Series | None:
    """``func`` applied once per distinct text and mapped back (blank rows: ``func``'s own).

    For text columns only, where a million rows hold a few thousand distinct values;
    ``None`` for anything else.
    """
    if not _all_text(value):
        return None
    codes, uniques = factorize(value)
    if len(uniques) > len(value) // 2:
        return None  # mostly distinct: nothing to share
    per_value = func(pd.Series(uniques))
    blank = func(pd.Series([pd.NA], dtype=STRING))  # what func says of a missing value
    if str(per_value.dtype) != str(blank.dtype):
        return None
    table = pd.concat([per_value, blank], ignore_index=True).array
    return pd.Series(table.take(np.where(codes >= 0, codes, len(uniques))), index=value.index)


def _per_distinct_pair(name: str, text: pd.Series, other: pd.Series,
                       test: Callable[[str, pd.Series, pd.Series], pd.Series],
                       factorize: Factorize = pd.factorize) -> pd.Series:
    """``test(name, text, other)`` on the texts, once per distinct (text, other) pair.

    Over two ``str`` columns each distinct pair is decided by :func:`text_test` in
    Python (what ``test`` gives on one pair); the pandas form (a loop of string
    operations per pattern or pattern length) stays for any other column.
    """
    if not (_all_text(text) and _all_text(other)):
        return test(name, text.astype(STRING), other.astype(STRING))
    tc, tu = factorize(text)
    oc, ou = factorize(other)
    valid = (tc >= 0) & (oc >= 0)
    width = max(len(ou), 1)
    codes, distinct = pd.factorize(tc[valid].astype(np.int64) * width + oc[valid])
    texts = tu.to_numpy(dtype=object)[distinct // width]
    patterns = ou.to_numpy(dtype=object)[distinct % width]
    result = np.fromiter((text_test(name, t, p) for t, p in zip(texts, patterns, strict=True)),
                         dtype=bool, count=len(distinct))
    out = np.zeros(len(text), dtype=bool)
    out[valid] = result[codes]
    return pd.Series(BooleanArray(out, ~valid), index=text.index)


def text_test(name: str, text: str, pattern: str) -> bool:
    """``starts_with``/``contains`` on one text: a prefix as written, a part in any case.

    What ``Evaluator._text_test`` gives row by row (``str.slice`` of the pattern's length
    equal to it; ``casefold`` then ``contains`` without regex), for one ``str``.
    """
    if name == "contains":
        return pattern.casefold() in text.casefold()
    return text.startswith(pattern)


def _per_distinct_literal(name: str, text: pd.Series, literal: str,
                          factorize: Factorize = pd.factorize) -> pd.Series | None:
    """``starts_with(x, "…")`` / ``contains(x, "…")``, decided once per distinct text.

    What :func:`_per_distinct_pair` gives when the other side is one text everywhere, as
    :func:`_equals_literal` does for ``=``: a test of each distinct ``str`` and a spread
    by the factorisation's codes, without a column of copies of the literal nor a pandas
    string operation per pattern length (~1 ms a call on a few hundred rows); ``None``
    for anything but text.
    """
    if not _all_text(text):
        return None
    codes, uniques = factorize(text)
    hit = np.fromiter((text_test(name, u, literal) for u in uniques.to_numpy(dtype=object)),
                      dtype=bool, count=len(uniques))
    return _per_row(hit, codes, text.index)


def _equals_literal(value: pd.Series, literal: str,
                    factorize: Factorize = pd.factorize) -> pd.Series:
    """``value = "literal"`` (blank where the value is), once per distinct value.

    Only a ``str`` equals a ``str``, so each distinct value decides for all its rows; the
    comparison of a 2.5M-row text column with a column of the literal cost 0.15 s a call.
    """
    codes, uniques = factorize(value)
    hit = np.fromiter((isinstance(u, str) and u == literal
                       for u in uniques.to_numpy(dtype=object)), dtype=bool,
                      count=len(uniques))
    return _per_row(hit, codes, value.index)


def _per_row(per_distinct: np.ndarray, codes: np.ndarray, index: pd.Index,
             blank: bool | None = None) -> pd.Series:
    """A test decided per distinct value, spread back over the rows.

    ``codes`` come from a factorisation (``-1`` for a blank row); ``blank`` is what a
    blank row gives, ``None`` for a blank answer.
    """
    known = codes >= 0
    out = np.full(len(codes), bool(blank), dtype=bool)
    out[known] = per_distinct[codes[known]]
    mask = ~known if blank is None else np.zeros(len(codes), dtype=bool)
    return pd.Series(BooleanArray(out, mask), index=index)


def combinations(columns: list[pd.Series], factorize: Factorize = pd.factorize,
                 blank_is_value: bool = True
                 ) -> tuple[np.ndarray, list[np.ndarray], np.ndarray] | None:
    """The distinct combinations of the columns' values, row by row.

    Returns ``(rows, values, known)``: ``values[k][c]`` is column ``k``'s value in
    combination ``c`` (objects) and ``rows`` the combination of each row of ``known``.
    With ``blank_is_value`` a blank is one more value (the first blank met, so the caller
    sees what a blank gives) and every row is known; without, a row with any blank is not
    known. One factorisation per column (``factorize``: the workspace's, kept per column,
    so rules reading the same code column share it) and one of the combined codes. None
    when the combined code would not fit in 64 bits.
    """
    size_of_rows = len(columns[0])
    known = np.ones(size_of_rows, dtype=bool)
    combined = np.zeros(size_of_rows, dtype=np.int64)
    distinct: list[np.ndarray] = []
    width = 1
    for column in columns:
        codes, uniques = factorize(column)
        values = np.asarray(uniques, dtype=object)
        if blank_is_value:
            if (codes < 0).any():
                blank = column.iloc[int(np.argmax(codes < 0))]
                codes = np.where(codes < 0, len(values), codes)
                values = np.append(values, np.array([blank], dtype=object))
        else:
            known &= codes >= 0
            codes = np.maximum(codes, 0)
        size = max(len(values), 1)
        combined = combined * size + codes
        width *= size
        distinct.append(values)
        if width > 2**62:  # pragma: no cover - no room for the combined code
            return None
    rows, combos = pd.factorize(combined if blank_is_value else combined[known])
    parts = []
    for values in reversed(distinct):
        size = max(len(values), 1)
        parts.append(values[combos % size] if len(values) else values)
        combos = combos // size
    return rows, parts[::-1], known


def _per_distinct_call(func: Callable[..., pd.Series], args: list[pd.Series],
                       factorize: Factorize = pd.factorize) -> pd.Series:
    """A row-wise function of columns, called once per distinct combination of values.

    The nomenclature functions look each value up, but map it back over every row; with a
    million rows and a few thousand distinct codes, the mapping is the cost. Blank values
    are passed on as they are, so the function still says what a blank gives; only the
    distinct combinations are passed to ``func``, as objects.
    """
    index = args[0].index
    found = combinations(args, factorize)
    if found is None or len(found[1][0]) > len(index) // 2:
        return func(*(a.astype(OBJECT) for a in args))
    rows, values, _ = found
    result = func(*(pd.Series(v, dtype=object) for v in values))
    return pd.Series(result.array.take(rows), index=index)


def _series_function(name: str, series: list[pd.Series],
                     index: pd.Index) -> pd.Series | None:
    """Quarter-series functions as numpy over the quarters' values and blank masks.

    The same results as the pandas row-wise forms (``sum(axis=1, min_count=1)``, ``ffill``
    along the quarters), whose per-row machinery costs seconds on a million rows.
    """
    if name in ("min", "max") or not series or not len(index):
        return None
    dtype = str(series[0].dtype)
    if dtype not in ("Int64", "Float64") or any(str(s.dtype) != dtype for s in series):
        return None
    integer = dtype == "Int64"
    values = [s.to_numpy(dtype=np.int64 if integer else np.float64, na_value=0)
              for s in series]
    blank = [s.isna().to_numpy() for s in series]
    n = len(index)
    if name in ("count", "count_blank"):
        counted = sum((b if name == "count_blank" else ~b).astype(np.int64) for b in blank)
        return pd.Series(IntegerArray(np.asarray(counted, dtype=np.int64),
                                      np.zeros(n, dtype=bool)), index=index)
    if name == "sum":
        total, known = _quarter_sum(values, blank, integer)
        if not integer:
            known &= ~np.isnan(total)  # pandas gives a blank, not NaN (inf − inf)
        return _masked(total, ~known, integer, index)
    order = range(len(values)) if name != "first" else range(len(values) - 1, -1, -1)
    filled, filled_blank = values[order[0]].copy(), blank[order[0]].copy()
    ok = np.ones(n, dtype=bool)
    for i in list(order)[1:]:
        current = np.where(blank[i], filled, values[i])
        current_blank = blank[i] & filled_blank
        if name == "nondecreasing":  # a blank on either side of a step is no step
            ok &= filled_blank | current_blank | (current >= filled)
        filled, filled_blank = current, current_blank
    if name == "nondecreasing":
        return pd.Series(BooleanArray(ok, filled_blank), index=index)
    return _masked(filled, filled_blank, integer, index)


def _quarter_sum(values: list[np.ndarray], blank: list[np.ndarray],
                 integer: bool) -> tuple[np.ndarray, np.ndarray]:
    """Row sums skipping blanks, added in quarter order as pandas does (floats: Kahan)."""
    known = np.zeros(len(values[0]), dtype=bool)
    if integer:
        total = np.zeros(len(values[0]), dtype=np.int64)
        for v, b in zip(values, blank, strict=True):
            total = np.where(b, total, total + v)
            known |= ~b
        return total, known
    total = np.zeros(len(values[0]), dtype=np.float64)
    compensation = np.zeros_like(total)
    with np.errstate(invalid="ignore", over="ignore"):
        for v, b in zip(values, blank, strict=True):
            y = v - compensation
            t = total + y
            c = t - total - y
            c = np.where(np.isnan(c), 0.0, c)
            total = np.where(b, total, t)
            compensation = np.where(b, compensation, c)
            known |= ~b
    return total, known


#: Above this many related rows for one key, float totals go back to pandas' group-by.
KAHAN_MAX_GROUP = 1000


def _group_kahan(values: np.ndarray, groups: np.ndarray, rows: np.ndarray,
                 n: int) -> np.ndarray:
    """Per-group float sums, added in row order with Kahan compensation as pandas does.

    Rows are taken rank by rank (every group's first row, then every group's second…), so
    each step is one vector operation over distinct groups.
    """
    at = np.flatnonzero(rows)
    g = groups[at]
    order = np.argsort(g, kind="stable")
    g, v = g[order], values[at][order]
    total = np.zeros(n, dtype=np.float64)
    if not len(g):
        return total
    starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    rank = np.arange(len(g)) - np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    if rank.max() >= KAHAN_MAX_GROUP:
        raise LookupError("group too large for rank-wise sums")
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(rank.max() + 2))
    compensation = np.zeros(n, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        for k in range(len(bounds) - 1):
            step = by_rank[bounds[k]:bounds[k + 1]]
            gg = g[step]
            y = v[step] - compensation[gg]
            t = total[gg] + y
            c = t - total[gg] - y
            compensation[gg] = np.where(np.isnan(c), 0.0, c)
            total[gg] = t
    return total


def _masked(values: np.ndarray, mask: np.ndarray, integer: bool, index: pd.Index) -> pd.Series:
    values = np.where(mask, 0, values)
    array = IntegerArray(values.astype(np.int64), mask) if integer else \
        FloatingArray(values.astype(np.float64), mask)
    return pd.Series(array, index=index)


#: A float's rounding noise, scaled by the compared value (``|right|`` clipped at 1).
FLOAT_EPSILON = 1e-9
#: A comparison's operator as a function: on numbers, and element-wise on numpy arrays.
ORDER = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
         ">": operator.gt, ">=": operator.ge}


def _numbers(values: pd.Series, as_float: bool) -> tuple[np.ndarray, np.ndarray]:
    """(data, blank mask) of a number column, as ``astype(Float64)`` (or Int64) holds it.

    A NaN of a numpy float column is a blank once converted to Float64.
    """
    # the array's own mask (a nullable array's, NaN for numpy floats): no Series made
    blank = np.asarray(values.array.isna(), dtype=bool)
    if str(values.dtype) == "float64":
        return values.to_numpy(), blank
    if as_float:
        return values.to_numpy(dtype=np.float64, na_value=np.nan), blank
    return values.to_numpy(dtype=np.int64, na_value=0), blank


def compare_numbers(op: str, tolerance: tuple[float, bool] | None, floats: bool,
                    left: pd.Series, right: pd.Series) -> pd.Series:
    """``Evaluator.compare`` of two number columns, as numpy on their data and blank masks.

    Whole numbers exactly; otherwise the difference of the two as floats against the
    tolerance: ``amount`` or ``|right| × amount / 100``, plus a float's rounding noise
    scaled by ``|right|`` clipped at 1. Blank where either side is, or where the
    difference or the tolerance is not a number (inf − inf). This is the one form: a dozen
    pandas operations on a frame of a few hundred rows cost more than the comparison, and
    the tests hold it against the pandas steps it replaced (``tests/test_compare_numbers``).
    """
    if not (left.index is right.index or left.index.equals(right.index)):
        raise ValueError("two number columns of different rows compared")  # a rule failure
    name = left.name if left.name == right.name else None
    exact = tolerance is None and not floats
    ld, lm = _numbers(left, not exact)
    rd, rm = _numbers(right, not exact)
    blank = lm | rm
    with np.errstate(all="ignore"):
        if exact:
            held = ORDER[op](ld, rd)
        else:
            size = np.abs(rd)
            scale = np.where(rm | (size >= 1.0), size, 1.0)  # Series.clip(lower=1.0)
            noise = FLOAT_EPSILON * scale
            if tolerance is None:
                tol = noise
            elif tolerance[1]:
                tol = size * tolerance[0] / 100 + noise
            else:
                tol = tolerance[0] + noise
            diff = ld - rd
            # pandas blanks a NaN its Float64 arithmetic makes (inf − inf, inf × 0)
            blank = blank | np.isnan(diff) | np.isnan(tol)
            held = {"=": lambda: np.abs(diff) <= tol, "!=": lambda: np.abs(diff) > tol,
                    "<": lambda: diff < tol, "<=": lambda: diff <= tol,
                    ">": lambda: diff > -tol, ">=": lambda: diff >= -tol}[op]()
    return pd.Series(BooleanArray(np.where(blank, False, held), blank), index=left.index,
                     name=name)
