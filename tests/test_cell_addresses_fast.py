"""A finding's cell addresses written from the stored codes, as the string columns wrote them.

``cell_texts`` spells ``letter + row`` from a categorical letter column's codes and plain
line numbers; ``Evaluator.cell`` reindexes only the address columns of the matched
document's frame. The oracles are the pandas paths they replace, kept here: the string
columns' concatenation on every letter column of every entity of the seeds' frames (whole,
on a shuffled subset, with rows as float and with unknown rows), and the engine's findings
on seed 004 (whose ``cell()`` rules read a matched document) with the whole frame reindexed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.dsl.registry import load_registry
from checker.engine import evaluate
from checker.engine.run import Engine
from checker.importers.registry import load
from checker.model.cells import LETTER_SUFFIX, cell_texts, row_column
from checker.model.dtypes import INT64, STRING
from checker.model.frames import to_frames
from tests.conftest import SEEDS


def _concatenated(frame: pd.DataFrame, field_name: str) -> pd.Series:
    """``cell_texts`` as it was: letters and rows as string columns, added."""
    letters = frame[f"{field_name}{LETTER_SUFFIX}"]
    rows = frame.get(row_column(field_name))
    rows = frame["_row"] if rows is None else rows
    rows = pd.to_numeric(rows, errors="coerce").astype(INT64)
    text = letters.astype(STRING) + rows.astype(STRING)
    return text.astype(object).where(text.notna(), None)


@pytest.fixture(scope="module")
def seed_frames() -> list[pd.DataFrame]:
    frames = []
    for path in sorted(SEEDS.glob("*.txt")):
        tables = to_frames(load(path))
        frames += [f for f in tables.tables.values() if any(
            c.endswith(LETTER_SUFFIX) for c in f.columns)]
    return frames


def _variants(frame: pd.DataFrame) -> list[pd.DataFrame]:
    rng = np.random.default_rng(7)
    picked = frame.iloc[rng.permutation(len(frame))[: max(1, len(frame) // 3)]]
    unknown = frame.assign(_row=frame["_row"].astype("float64").where(
        np.arange(len(frame)) % 4 != 1))
    return [frame, picked, unknown, frame.iloc[:0]]


def test_cell_texts_are_the_concatenated_strings(seed_frames) -> None:
    compared = 0
    for frame in seed_frames:
        for variant in _variants(frame):
            for name in [c for c in variant.columns if c.endswith(LETTER_SUFFIX)]:
                field_name = name[: -len(LETTER_SUFFIX)]
                got = cell_texts(variant, field_name)
                pd.testing.assert_series_equal(got, _concatenated(variant, field_name))
                compared += int(got.notna().sum())
    assert compared > 1000


def test_letters_not_stored_as_compact_stores_them_take_the_strings() -> None:
    frame = pd.DataFrame({"x@col": ["K", None, "B"], "_row": [2.0, 3.0, 4.5]})
    frame["x@col"] = frame["x@col"].astype(object)
    whole = frame.iloc[:2].assign(_row=[2, 3])
    assert cell_texts(whole, "x").tolist() == ["K2", None]
    with pytest.raises(TypeError):  # a row that is no line number, as pandas says
        cell_texts(frame.assign(**{"x@col": frame["x@col"].astype("category")}), "x")


class _Everything:
    """Every column is an address column: ``Evaluator.cell`` as it was (the whole frame)."""

    def __contains__(self, _column: object) -> bool:
        return True


def test_cells_of_a_matched_document_read_from_its_address_columns(monkeypatch) -> None:
    docs = load(SEEDS / "004_a30a70c4cd2935b3.txt")
    calls: list[int] = []
    cell = evaluate.Evaluator.cell
    monkeypatch.setattr(evaluate.Evaluator, "cell",
                        lambda self, ref, frame, *lang: calls.append(1)
                        or cell(self, ref, frame, *lang))
    engine = Engine(load_registry())
    got = [f.model_dump(mode="json") for f in engine.run(docs).findings]
    assert calls, "seed 004 has rules reading a matched document's cell"
    monkeypatch.setattr(evaluate, "_address_columns", lambda _name: _Everything())
    want = [f.model_dump(mode="json") for f in engine.run(docs).findings]
    assert got == want
