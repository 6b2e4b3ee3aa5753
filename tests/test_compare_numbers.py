"""``kernels.compare_numbers`` gives what the pandas comparison gave, row for row.

The evaluator compares number columns as numpy arrays (``Evaluator.compare``); the oracle
is the same comparison with the fast path turned off. Columns of every number dtype the
frames hold, with blanks, NaN computed inside a Float64 column, zeros, negatives, huge
values and exact ties, under every operator and every kind of tolerance.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from checker.dsl.parser import parse_expression
from checker.engine import evaluate
from checker.engine.evaluate import Evaluator
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


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_numbers_compare_as_in_pandas(text: str, workspace: Workspace, monkeypatch) -> None:
    from checker.dsl import names

    monkeypatch.setattr(names, "resolve", _resolve_any)
    monkeypatch.setattr(evaluate, "resolve", _resolve_any)
    fast = _evaluate(workspace, text)
    monkeypatch.setattr(evaluate, "compare_numbers", lambda *args: None)
    assert fast == _evaluate(workspace, text), text


def test_the_fast_path_is_taken(workspace: Workspace, monkeypatch) -> None:
    monkeypatch.setattr(evaluate, "resolve", _resolve_any)
    taken = []
    real = evaluate.compare_numbers
    monkeypatch.setattr(evaluate, "compare_numbers",
                        lambda *args: taken.append(1) or real(*args))
    _evaluate(workspace, "i < f within 1%")
    assert taken and real("<", None, False, workspace.base("item")["i"],
                          workspace.base("item")["j"]) is not None


def _resolve_any(entity: str, path: tuple[str, ...]):
    """Every one-letter name is a plain column of the test frame."""
    from checker.dsl.names import Resolved

    return Resolved("scalar", None, (path[0],))
