"""``x in [...]``, ``and`` and arithmetic give what their pandas forms gave, blanks and all.

The evaluator decides ``level in ["program", …]`` on a text column once per distinct text,
``and``s two conditions and adds, subtracts, multiplies and divides two number columns as
their nullable arrays; the oracles are the pandas expressions they replaced (``isin`` then
``where``; ``Series.__and__``; ``Series`` arithmetic), kept here only as oracles. Whole
frames and cut frames (the rows an ``and`` still has to decide).
"""

from __future__ import annotations

import pandas as pd
import pytest

from checker.dsl import ast
from checker.dsl.parser import parse_expression
from checker.engine import evaluate
from checker.engine.evaluate import Evaluator
from checker.engine.workspace import Workspace
from checker.model.dtypes import BOOLEAN
from checker.model.frames import Frames

LEVELS = ["program", None, "kegiatan", "Program", "sub_kegiatan", "", "program", pd.NA,
          "kegiatan ", "kegiatan"] * 3


def _frame() -> pd.DataFrame:
    n = len(LEVELS)
    return pd.DataFrame({
        "_doc": ["RA"] * n,
        "l": pd.Series(LEVELS, dtype=object),
        "s": pd.Series(LEVELS, dtype="string"),
        "m": pd.Series([1, None, 2.5] * 10, dtype=object),  # not text: the pandas form
        "i": pd.Series([*range(n - 2), None, None], dtype="Int64"),
        "k": pd.Series([3, None, 7] * 10, dtype="Int64"),
        "z": pd.Series([0, 2, None, -4, 0] * 6, dtype="Int64"),
        "f": pd.Series([0.5, None, 1e300, -0.0, 3.25, float("inf")] * 5, dtype="Float64"),
        "n": pd.Series([1.5, float("nan"), 2.0] * 10),  # numpy floats: the pandas form
    })


def _resolve_any(entity: str, path: tuple[str, ...]):
    """Every one-letter name is a plain column of the test frame."""
    from checker.dsl.names import Resolved

    return Resolved("scalar", None, (path[0],))


@pytest.fixture
def workspace(monkeypatch) -> Workspace:
    from checker.dsl import names

    monkeypatch.setattr(names, "resolve", _resolve_any)
    monkeypatch.setattr(evaluate, "resolve", _resolve_any)
    return Workspace(Frames({"item": _frame()}))


def _plain(values: pd.Series) -> tuple[list, str]:
    return [None if v is pd.NA else bool(v) for v in values.tolist()], str(values.dtype)


@pytest.mark.parametrize("column", ["l", "s", "m"])
@pytest.mark.parametrize("options", ['["program", "kegiatan"]', '["", "kegiatan "]',
                                     '["x"]', '["program", 1]'])
@pytest.mark.parametrize("cut", [False, True])
def test_member_is_isin_then_where(workspace: Workspace, column: str, options: str,
                                   cut: bool) -> None:
    expr = parse_expression(f"{column} in {options}", "test", 1, 1)
    assert isinstance(expr, ast.Member)
    frame = workspace.base("item")
    if cut:
        frame = frame.iloc[::3]
    ev = Evaluator(workspace, "item")
    got = ev.value(expr, frame)
    val = frame[column]
    wanted = [ev.value(o, frame).iloc[0] for o in expr.options]
    want = val.isin(wanted).astype(BOOLEAN).where(val.notna(), pd.NA)
    assert _plain(got) == _plain(want)
    assert got.index.equals(frame.index)


@pytest.mark.parametrize("text", [
    'l in ["program"] and i > 3',  # many rows left: the whole-frame path
    'i > 100 and l in ["program"]',  # none left
    'i > 26 and k > 1',  # three rows left (one true, two blank): the cut path
    'i > 26 and k > 1 and l in ["kegiatan"]',
    'k > 5 and i < 4',
])
def test_and_is_the_pandas_and(workspace: Workspace, text: str) -> None:
    expr = parse_expression(text, "test", 1, 1)
    assert isinstance(expr, ast.And)
    frame = workspace.base("item")
    ev = Evaluator(workspace, "item")
    got = ev.condition(expr, frame)
    want = ev.condition(expr.operands[0], frame)
    for operand in expr.operands[1:]:
        want = want & ev.condition(operand, frame)
    assert _plain(got) == _plain(want)
    assert got.index.equals(frame.index)


@pytest.mark.parametrize("left", ["i", "z", "f", "n"])
@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
@pytest.mark.parametrize("right", ["k", "z", "f", "n", "2"])
def test_arithmetic_is_the_pandas_arithmetic(workspace: Workspace, left: str, op: str,
                                             right: str) -> None:
    expr = parse_expression(f"{left} {op} {right}", "test", 1, 1)
    assert isinstance(expr, ast.Arith)
    frame = workspace.base("item")
    ev = Evaluator(workspace, "item")
    got = ev.value(expr, frame)
    a = evaluate._numeric(ev.value(expr.left, frame))
    b = evaluate._numeric(ev.value(expr.right, frame))
    if op == "/":
        want = a.astype("Float64") / b.astype("Float64").mask(b == 0)
    else:
        want = {"+": a + b, "-": a - b, "*": a * b}[op]
    assert str(got.dtype) == str(want.dtype)
    assert got.name == want.name
    pd.testing.assert_series_equal(got, want)
