"""``to_frames`` gives the frames it gave before it was made cheaper, to the value and dtype.

``cells.compact`` factorises each letter column once and ``frames.coerce`` puts the frame
together once from its columns (``to_frames`` compacts those columns before that one
build); the oracle here is the plain pandas form they replaced (a ``where`` and a
``pd.Categorical`` of a list per letter column, one assignment per column), run on real
documents of every kind: the values, the dtypes, the categories' dtype and the type of
every value (None and NaN are not the same blank to a report).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from checker.cli.collect import collect
from checker.model import frames as frames_module
from checker.model.cells import LETTER_SUFFIX, row_column
from checker.model.dtypes import INT64, OBJECT
from checker.model.frames import _RESOLVED, DTYPES, to_frames
from checker.model.schema import ENTITIES, LOCATION_COLUMNS, Entity
from tests.conftest import REPO, SEEDS

CORPUS = REPO.parent / "shared" / "corpus"
FILES = [*sorted(SEEDS.glob("*.txt")), REPO / "sample_plans" / "bersih_rencana_aksi_2025.xlsx",
         *sorted((REPO / "sample_plans" / "agency").glob("*.xlsx")),
         CORPUS / "02_boyolali_bpbd_perjanjian-kinerja-es2-renaksi_2026.docx",
         CORPUS / "08_provjabar_dispora_perjanjian-kinerja_2017.pdf"]


def _coerce_oracle(frame: pd.DataFrame, entity: Entity) -> pd.DataFrame:
    n = len(frame)
    for f in entity.fields:
        dtype = _RESOLVED[f.kind]
        if f.name not in frame.columns:
            frame[f.name] = pd.Series([pd.NA] * n, dtype=dtype, index=frame.index)
        elif str(frame[f.name].dtype) != DTYPES[f.kind]:
            frame[f.name] = frame[f.name].astype(dtype)
    for c in LOCATION_COLUMNS:
        if c not in frame.columns:
            frame[c] = pd.Series([None] * n, dtype=OBJECT, index=frame.index)
    frame["_row"] = frame["_row"].astype(INT64)
    return frame


def _compact_oracle(frame: pd.DataFrame) -> pd.DataFrame:
    drop = []
    base = pd.to_numeric(frame["_row"], errors="coerce").astype(INT64) \
        if "_row" in frame.columns else None
    for name in [c for c in frame.columns if c.endswith(LETTER_SUFFIX)]:
        rows_name = row_column(name[: -len(LETTER_SUFFIX)])
        rows = pd.to_numeric(frame[rows_name], errors="coerce").astype(INT64) \
            if rows_name in frame.columns else base
        letters = frame[name].astype(object)
        if rows is None:
            letters = letters.where(False, None)
        else:
            letters = letters.where(letters.notna() & rows.notna().to_numpy(), None)
        frame[name] = pd.Categorical(letters.tolist())
        if rows_name in frame.columns:
            has = letters.notna().to_numpy()
            if base is not None and bool((rows[has] == base[has]).fillna(False).all()):
                drop.append(rows_name)
            else:
                frame[rows_name] = rows
    return frame.drop(columns=drop) if drop else frame


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_same_frames_as_the_plain_pandas_form(path: Path, monkeypatch) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} is not on this machine")
    docs = collect([str(path)]).documents
    fast = to_frames(docs)
    monkeypatch.setattr(frames_module, "coerce", _coerce_oracle)
    monkeypatch.setattr(frames_module, "_addressed",
                        lambda frame, entity: _compact_oracle(_coerce_oracle(frame, entity)))
    plain = to_frames(docs)
    letters = 0
    for name, expected in plain.tables.items():
        got = fast.tables[name]
        assert list(got.columns) == list(expected.columns), name
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        for column in got.columns:
            assert str(got[column].dtype) == str(expected[column].dtype), (name, column)
            if isinstance(got[column].dtype, pd.CategoricalDtype):
                letters += 1
                assert got[column].cat.categories.dtype == \
                    expected[column].cat.categories.dtype, (name, column)
            assert [type(v) for v in got[column].tolist()] == \
                [type(v) for v in expected[column].tolist()], (name, column)
    assert letters, "no letter column compared: the test proved nothing"


def _empty_oracle(entity: Entity) -> pd.DataFrame:
    """An entity without rows as ``to_frames`` made it: a dict of empty Series, coerced."""
    cols = {c: pd.Series(dtype=OBJECT) for c in LOCATION_COLUMNS}
    cols["_row"] = pd.Series(dtype=INT64)
    for f in entity.fields:
        cols[f.name] = pd.Series(dtype=_RESOLVED[f.kind])
    if entity.name == "tahunan":
        cols.update({key: pd.Series(dtype=OBJECT) for key in frames_module.YEAR_KEYS})
    return _compact_oracle(_coerce_oracle(pd.DataFrame(cols), entity))


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_an_entity_without_rows_is_the_coerced_empty_frame(name: str) -> None:
    entity = ENTITIES[name]
    got, expected = frames_module.empty_frame(entity), _empty_oracle(entity)
    assert list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_index_type=True)
    for column in got.columns:
        assert str(got[column].dtype) == str(expected[column].dtype), column
