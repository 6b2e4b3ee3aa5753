"""A finding's address (``file › table › A1``) written as Python strings, as the columns wrote it.

``evaluate.address_texts`` replaces a dozen string-column operations of ``Evaluator.cell``.
The oracle is that pandas path, kept here: both are compared on every address column of
every entity of the seeds' and the corpus PDFs' frames (PDF rows carry a page), whole, on
a shuffled subset, reindexed with rows no document has (what a row without a match gives
the cell of a matched document: blank files, float row numbers), with blank tables and
rows, and in both languages. ``Engine._cells`` (the cell each finding names) is compared
with its Series form the same way, on every finding of three seeds and the corpus PDFs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from checker.engine.evaluate import address_texts
from checker.i18n import t
from checker.importers.registry import load
from checker.model.cells import LETTER_SUFFIX, cell_texts
from checker.model.dtypes import INT64, STRING
from checker.model.frames import to_frames
from checker.model.location import page_words
from tests.conftest import SEEDS

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _columns_wrote(source: pd.DataFrame, field_name: str, lang: str) -> list[str | None]:
    """``Evaluator.cell``'s texts as the string columns wrote them."""
    cells = cell_texts(source, field_name)
    name = source["_file"].astype(STRING).str.rsplit("/", n=1).str[-1]
    table = source["_table"].astype(STRING).fillna("-")
    if "_page" in source.columns:
        page = pd.to_numeric(source["_page"], errors="coerce").astype(INT64)
        words = {p: page_words(int(p), lang) for p in page.dropna().unique()}
        table = (table + " › " + page.map(words).astype(STRING)).fillna(table)
    text = name + " › " + table + " › " + cells.astype(STRING).fillna(
        t("report.row", lang) + " " + source["_row"].astype(STRING))
    return text.to_numpy(dtype=object, na_value=None).tolist()


@pytest.fixture(scope="module")
def address_frames() -> list[pd.DataFrame]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.pdf"))
    frames = []
    for path in paths:
        tables = to_frames(load(path))
        frames += [f for f in tables.tables.values()
                   if len(f) and any(c.endswith(LETTER_SUFFIX) for c in f.columns)]
    return frames


def _variants(frame: pd.DataFrame) -> list[pd.DataFrame]:
    rng = np.random.default_rng(11)
    picked = frame.iloc[rng.permutation(len(frame))[: max(1, len(frame) // 3)]]
    labels = np.r_[frame.index.to_numpy()[::2], -1, -1]  # rows with no match: all blank
    blanks = frame.assign(
        _table=frame["_table"].where(np.arange(len(frame)) % 3 != 0),
        _row=frame["_row"].astype("float64").where(np.arange(len(frame)) % 4 != 1))
    return [frame, picked, frame.reindex(labels), blanks, frame.iloc[:0]]


def test_addresses_are_the_string_columns_texts(address_frames) -> None:
    compared = rows_only = paged = 0
    for frame in address_frames:
        for variant in _variants(frame):
            for name in [c for c in variant.columns if c.endswith(LETTER_SUFFIX)]:
                field_name = name[: -len(LETTER_SUFFIX)]
                for lang in ("id", "en"):
                    got = address_texts(variant, field_name, lang)
                    assert got == _columns_wrote(variant, field_name, lang)
                    compared += sum(g is not None for g in got)
                    rows_only += sum(g is not None and g.split(" › ")[-1].startswith(
                        t("report.row", lang)) for g in got)
                    paged += sum(g is not None and g.count(" › ") == 3 for g in got)
    # every branch met many times: cells, rows in place of a cell, a PDF's pages
    assert compared > 5000 and rows_only > 500
    if list(CORPUS.glob("*.pdf")):
        assert paged > 100


def test_a_file_that_is_no_text_is_written_as_pandas_writes_it() -> None:
    frame = pd.DataFrame({"_file": [7, None], "_table": ["T", "T"], "_row": [3, 4],
                          "x@col": pd.Categorical([None, "B"])})
    assert address_texts(frame, "x", "en") == _columns_wrote(frame, "x", "en") == \
        ["7.0 › T › row 3", None]  # a float column, as pandas writes it


def _cells_as_series(rule, at, rows: pd.DataFrame) -> tuple[list, int]:
    """``Engine._cells`` as it was (Series filled anchor by anchor with ``where``), and how
    many rows lacked the field's own cell."""
    from checker.dsl.names import resolve
    from checker.engine.run import ANCHOR_CELLS, _objects
    from checker.model.cells import has_cells

    column = None
    if at is not None:
        res = resolve(rule.entity or "item", at.path)
        column = res.columns[0] if res.columns and res.relation is None else None
    cells = cell_texts(rows, column) if column is not None else \
        pd.Series(None, index=rows.index, dtype=object)
    lacking = int(cells.isna().sum())
    for anchor in ANCHOR_CELLS:
        if cells.notna().all():
            break
        if has_cells(rows, anchor):
            cells = cells.where(cells.notna(), cell_texts(rows, anchor))
    return _objects(cells), lacking


def test_a_findings_cells_are_the_series_ones(monkeypatch) -> None:
    """Every rule's findings on three seeds and the corpus PDFs name the cells the Series
    named: the field's own cell or, lacking it, the row's name cell."""
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    cells = Engine._cells
    compared = {"rows": 0, "anchored": 0}

    def both(rule, at, rows):
        got = cells(rule, at, rows)
        want, lacking = _cells_as_series(rule, at, rows)
        assert got == want, rule.code
        compared["rows"] += len(got)
        compared["anchored"] += lacking
        return got

    monkeypatch.setattr(Engine, "_cells", staticmethod(both))
    paths = [*sorted(SEEDS.glob("00[014]_*.txt")), *sorted(CORPUS.glob("0[38]_*.pdf"))]
    for path in paths:
        Engine(load_registry()).run(load(path))
    assert compared["rows"] > 100 and compared["anchored"] > 5, compared
