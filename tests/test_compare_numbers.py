"""``kernels.compare_numbers`` gives what the pandas comparison gave, row for row.

The evaluator compares number columns as numpy arrays (``Evaluator.compare``); the oracle
is the pandas form it replaced (``_pandas_compare``, kept here only as the oracle).
Columns of every number dtype the frames hold, with blanks, NaN computed inside a Float64
column, zeros, negatives, huge values and exact ties, under every operator and every kind
of tolerance.
"""

from __future__ import annotations

import itertools
import operator

import numpy as np
import pandas as pd
import pytest

from checker.dsl.parser import parse_expression
from checker.engine import evaluate
from checker.engine.evaluate import Evaluator
from checker.engine.kernels import FLOAT_EPSILON, compare_numbers
from checker.engine.workspace import Workspace
from checker.model.frames import Frames

RAW = [0, 1, -1, 2, 1_000_000_000_000, None, 3, 1, 0, -5, 7, None]


def _columns() -> dict[str, pd.Series]:
    floats = [None if v is None else v * 1.0000001 for v in RAW]
    computed = pd.Series(floats, dtype="Float64")
    computed = computed - computed.shift(1).fillna(0) * 0  # a column computed in Float64
    # NaN and infinities held as values (not blanks) inside a Float64 column
    inner_nan = pd.arrays.FloatingArray(np.array([np.nan, 1.0, np.inf, -np.inf] * 3),
                                        np.array([False, False, False, True] * 3))
    return {
        "i": pd.Series(RAW, dtype="Int64"),
        "j": pd.Series(list(reversed(RAW)), dtype="Int64"),
        "f": pd.Series(floats, dtype="Float64"),
        "g": pd.Series(inner_nan),
        "n": pd.Series([np.nan if v is None else float(v) for v in RAW]),  # numpy float
        "k": pd.Series([0 if v is None else v for v in RAW], dtype="int64"),
        "c": computed,
    }


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"_doc": ["RA"] * len(RAW), **_columns()})


EXPRESSIONS = [f"{a} {op} {b}{tol}" for a, b in itertools.permutations("ijfgnkc", 2)
               for op in ("=", "!=", "<", "<=", ">", ">=")
               for tol in ("", " within 0.5", " within 1%", " within 0")]
EXPRESSIONS += [f"i {op} 1" for op in ("=", "!=", "<", ">=")] + \
    [f"f {op} 0.5 within 2%" for op in ("=", ">")]


def _evaluate(ws: Workspace, text: str) -> list:
    expr = parse_expression(text, "test", 1, 1)
    result = Evaluator(ws, "item").compare(expr, ws.base("item"))
    return [None if v is pd.NA else bool(v) for v in result.tolist()], str(result.dtype)


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace(Frames({"item": _frame()}))


def _pandas_compare(op: str, tolerance: tuple[float, bool] | None,
                    left: pd.Series, right: pd.Series) -> pd.Series:
    """The comparison as the engine wrote it in pandas before ``compare_numbers``."""
    floats = pd.api.types.is_float_dtype(left.dtype) or pd.api.types.is_float_dtype(right.dtype)
    if tolerance is None and not floats:
        results = {"=": operator.eq, "!=": operator.ne, "<": operator.lt,
                   "<=": operator.le, ">": operator.gt, ">=": operator.ge}
        return results[op](left, right).astype("boolean")
    scale = right.astype("Float64").abs().clip(lower=1.0)
    if tolerance is not None:
        amount, percent = tolerance
        tol = right.astype("Float64").abs() * amount / 100 + FLOAT_EPSILON * scale \
            if percent else amount + FLOAT_EPSILON * scale
    else:
        tol = FLOAT_EPSILON * scale
    diff = left.astype("Float64") - right.astype("Float64")
    results = {"=": lambda: diff.abs() <= tol, "!=": lambda: diff.abs() > tol,
               "<": lambda: diff < tol, "<=": lambda: diff <= tol,
               ">": lambda: diff > -tol, ">=": lambda: diff >= -tol}
    return results[op]().astype("boolean")


def _oracle(ws: Workspace, text: str) -> tuple[list, str]:
    expr = parse_expression(text, "test", 1, 1)
    ev, frame = Evaluator(ws, "item"), ws.base("item")
    left = evaluate._numeric(ev.value(expr.left, frame))
    right = evaluate._numeric(ev.value(expr.right, frame))
    tolerance = None if expr.tolerance is None else (float(expr.tolerance.amount),
                                                      expr.tolerance.percent)
    result = _pandas_compare(expr.op, tolerance, left, right)
    return [None if v is pd.NA else bool(v) for v in result.tolist()], str(result.dtype)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_numbers_compare_as_in_pandas(text: str, workspace: Workspace, monkeypatch) -> None:
    from checker.dsl import names

    monkeypatch.setattr(names, "resolve", _resolve_any)
    monkeypatch.setattr(evaluate, "resolve", _resolve_any)
    assert _evaluate(workspace, text) == _oracle(workspace, text), text


def test_columns_of_other_rows_are_refused(workspace: Workspace) -> None:
    column = workspace.base("item")["i"]
    with pytest.raises(ValueError):
        compare_numbers("=", None, False, column, column.iloc[1:])


def _resolve_any(entity: str, path: tuple[str, ...]):
    """Every one-letter name is a plain column of the test frame."""
    from checker.dsl.names import Resolved

    return Resolved("scalar", None, (path[0],))
