"""Cell addresses stored as data in the frames (issue 14, item 4).

The frames keep a column letter per field (categorical) and the row as an integer; ``A1``
text is built only for the rows that become findings. These tests pin the round trip, the
records that span several lines, and the joins of several files' frames.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from checker.dsl.registry import load_registry
from checker.engine.run import Engine
from checker.exporters.template import write_template
from checker.importers.registry import load, load_plan
from checker.model.cells import (
    LETTER_SUFFIX,
    ROW_SUFFIX,
    at_cell,
    categorical,
    cell_text,
    cell_texts,
    cells_at,
    compact,
    constant_letters,
    letter_column,
    row_column,
)
from checker.model.dtypes import INT64
from checker.model.frames import concat, join_frames, to_frames
from checker.model.location import Location
from checker.model.plan import Document, Item
from tests.test_template import sample_documents


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"_row": pd.array([2, 3, None, 5], dtype="Int64"),
                         "anggaran@col": pd.Categorical(["K", "K", "K", None])})


def test_cell_texts_spell_a1_from_letter_and_row() -> None:
    frame = _frame()
    assert cell_texts(frame, "anggaran").tolist() == ["K2", "K3", None, None]
    assert cell_texts(frame.iloc[[1]], "anggaran").tolist() == ["K3"]  # only the rows asked
    assert cell_texts(frame, "nama").tolist() == [None] * 4  # no such column in the table
    assert cell_text(frame.iloc[0], "anggaran") == "K2"
    assert cell_text(frame.iloc[3], "anggaran") is None
    assert cells_at(frame, "anggaran", [1, 0, 1, 3]) == {0: "K2", 1: "K3"}


def test_a_value_on_another_line_keeps_its_own_row() -> None:
    frame = _frame().assign(**{"anggaran@row": pd.array([2, 4, None, None], dtype="Int64")})
    assert cell_texts(frame, "anggaran").tolist() == ["K2", "K4", None, None]
    assert at_cell(frame, "anggaran", "K", 4).tolist() == [False, True, False, False]
    assert at_cell(frame, "anggaran", "K", 3).tolist() == [False] * 4


def test_compact_drops_a_row_column_that_repeats_row() -> None:
    frame = pd.DataFrame({"_row": pd.array([2, 3], dtype="Int64"),
                          "nama@col": ["B", "B"], "nama@row": [2, 3],
                          "anggaran@col": ["C", "C"], "anggaran@row": [2, 4]})
    columns = {name: frame[name] for name in frame.columns}
    compact(columns)
    out = pd.DataFrame(columns)
    assert list(out.columns) == ["_row", "nama@col", "anggaran@col", "anggaran@row"]
    assert row_column("nama") not in out.columns
    assert out[row_column("anggaran")].tolist() == [2, 4]
    assert isinstance(out[letter_column("nama")].dtype, pd.CategoricalDtype)
    assert cell_texts(out, "anggaran").tolist() == ["C2", "C4"]


def test_concat_keeps_letters_categorical_across_files() -> None:
    a = pd.DataFrame({"_row": [2], "nama@col": constant_letters("B", 1)})
    b = pd.DataFrame({"_row": [7], "nama@col": constant_letters("E", 1),
                      "kode@col": constant_letters("A", 1)})
    out = concat([a, b])
    assert isinstance(out["nama@col"].dtype, pd.CategoricalDtype)
    assert cell_texts(out, "nama").tolist() == ["B2", "E7"]
    assert cell_texts(out, "kode").tolist() == [None, "A7"]


def test_concat_keeps_the_cells_of_a_part_without_row_columns() -> None:
    """One file's record spans lines (``@row``), the other's do not: both keep cells."""
    a = pd.DataFrame({"_row": pd.array([2], dtype="Int64"), "nama@col": constant_letters("B", 1),
                      "nama@row": pd.array([3], dtype="Int64")})
    b = pd.DataFrame({"_row": pd.array([7], dtype="Int64"), "nama@col": constant_letters("E", 1)})
    assert cell_texts(concat([a, b]), "nama").tolist() == ["B3", "E7"]
    assert cell_texts(concat([b, a]), "nama").tolist() == ["E7", "B3"]


def test_record_spanning_lines_addresses_each_value_on_its_line() -> None:
    item = Item(id="S1", level="sub_kegiatan", nama="n", anggaran=5, file="r.txt",
                table="T", row=10)
    item.locate("nama", Location(file="r.txt", table="T", row=10, column="B"))
    item.locate("anggaran", Location(file="r.txt", table="T", row=11, column="D"))
    frame = to_frames([Document(id="D", jenis="rencana_aksi", path="r.txt",
                                items=[item])])["item"]
    assert cell_texts(frame, "nama").tolist() == ["B10"]
    assert cell_texts(frame, "anggaran").tolist() == ["D11"]


def test_template_as_frames_gives_the_findings_of_the_documents(tmp_path: Path) -> None:
    """``check``'s path (documents without rows, frames) against the pydantic one."""
    docs = sample_documents()
    docs[0].items[-1].anggaran = 1  # a roll-up that no longer adds up
    path = tmp_path / "plan.xlsx"
    write_template(path, docs)
    headers, frames = load_plan(path)
    assert frames is not None and all(not d.items for d in headers)
    engine = Engine(load_registry(()))
    by_frames = engine.run(headers, frames=join_frames([frames, to_frames([])]))
    by_models = engine.run(load(path))
    assert by_frames.findings, "the changed budget must be found"
    assert [f.model_dump(mode="json") for f in by_frames.findings] == \
        [f.model_dump(mode="json") for f in by_models.findings]


def _concat_whole(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The join as ``concat`` did it before it went column by column (the oracle).

    ``pd.concat`` turns categoricals with different categories into Python objects (one
    string per row again); here every part first gets the union of the letters. A part
    without a ``<field>@row`` column has its cells on ``_row``: it gets that column from
    ``_row`` (left blank, its rows would lose their cells).
    """
    parts = [p for p in parts if p is not None]
    if not parts:
        return pd.DataFrame()
    names = sorted({c for p in parts for c in p.columns if c.endswith(LETTER_SUFFIX)})
    row_names = sorted({c for p in parts for c in p.columns if c.endswith(ROW_SUFFIX)})
    union: dict[str, list[str]] = {}
    for name in names:
        seen: set[str] = set()
        for p in parts:
            if name in p.columns:
                seen.update(str(c) for c in categorical(p[name]).cat.categories)
        union[name] = sorted(seen)
    fixed = []
    for p in parts:
        cols = {}
        for name in names:
            if name in p.columns:
                cols[name] = categorical(p[name]).cat.set_categories(union[name])
            else:
                cols[name] = pd.Series(pd.Categorical([None] * len(p), categories=union[name]),
                                       index=p.index)
        for name in row_names:
            if name not in p.columns:
                cols[name] = p["_row"].astype(INT64) if "_row" in p.columns else \
                    pd.Series(pd.array([None] * len(p), dtype=INT64), index=p.index)
        fixed.append(p.assign(**cols))
    return pd.concat(fixed, ignore_index=True)


def _joined_whole(parts: list) -> dict[str, pd.DataFrame]:
    """The join as it was before it went column by column: ``concat`` of whole frames."""
    from checker.model.frames import coerce, empty_frame
    from checker.model.schema import ENTITIES

    out = {}
    for name in ("document", "item", "indicator", "total", "table_cell", "tahunan"):
        pieces = [p.get(name) for p in parts]
        out[name] = coerce(_concat_whole(pieces), ENTITIES[name]) if any(len(x) for x in pieces) \
            else empty_frame(ENTITIES[name])
    return out


def test_join_by_column_is_the_join_of_whole_frames(tmp_path: Path) -> None:
    """Parts of different shapes (template frames, a text plan's, an empty run) joined one
    column at a time, consuming the parts, give exactly ``concat`` of the whole frames:
    same columns in the same order, dtypes, letters and blanks where a part lacks a field."""
    path = tmp_path / "plan.xlsx"
    write_template(path, sample_documents())
    seed = Path(__file__).parent / "data" / "seeds" / "000_a618195849f537cf.txt"

    def parts() -> list:
        return [load_plan(path)[1], to_frames(load(seed)), to_frames([]), load_plan(path)[1]]

    expected = _joined_whole(parts())
    consumed = parts()
    joined = join_frames(consumed, consume=True)
    for name, frame in expected.items():
        assert list(joined[name].columns) == list(frame.columns), name
        pd.testing.assert_frame_equal(joined[name], frame, check_exact=True)
    assert len(joined["item"]) > len(expected["item"]) // 2 > 0
    assert all(not p.tables for p in consumed), "consumed parts hold no frame"
    kept = parts()
    join_frames(kept)
    assert all(len(p.tables["item"].columns) > 10 for p in kept), "parts kept by default"
