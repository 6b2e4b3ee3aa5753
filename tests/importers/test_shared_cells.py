"""A part cut out of a grid shares the grid's memo of ``Sheet.cells``: the same documents.

Seed 004's 14 parts are cut out of one text grid (``parts.cut``): the same values in new
row lists. The memo answers a row only while it holds the very same objects, so a part
may ask the whole grid's memo, and a stage writing into either grid is read afresh. The
oracle is every part reading its rows itself (``share_cells`` doing nothing), as before.
"""

from __future__ import annotations

import pytest

from checker.importers import excel_grid, excel_layout
from checker.importers.excel_grid import Sheet
from checker.importers.parts import cut
from tests.conftest import SEEDS
from tests.importers.seed_cells import load_counting


def _read(path, monkeypatch, shared: bool) -> tuple[list[dict], int]:
    excel_layout._CACHE.clear()  # the file's grid read afresh, its memo empty
    alone = [] if shared else [(Sheet, "share_cells", lambda self, other: None)]
    return load_counting(path, monkeypatch, excel_grid, "display", alone)


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_documents_are_those_of_each_part_reading_its_rows(monkeypatch, name) -> None:
    got, shown = _read(SEEDS / name, monkeypatch, shared=True)
    want, shown_alone = _read(SEEDS / name, monkeypatch, shared=False)
    assert got == want
    if name.startswith("004"):  # fourteen parts of one grid
        assert shown < shown_alone


def test_a_write_into_a_part_or_its_grid_is_read_afresh() -> None:
    grid = Sheet(name="g", rows=[["a", 1, "x"], ["b", 2], ["c"]], container="text")
    assert grid.cells(1) == [(1, "a"), (2, "1"), (3, "x")]
    part = cut(grid, 1, 2)
    assert part.cells(1) == [(1, "a"), (2, "1"), (3, "x")]
    assert part.cells(3) == []  # not in the part
    part.rows[0][1] = True  # equal to 1, shown otherwise
    assert part.cells(1) == [(1, "a"), (2, "TRUE"), (3, "x")]
    assert grid.cells(1) == [(1, "a"), (2, "1"), (3, "x")]  # the grid keeps its own values
    grid.rows[1] = ["b", None, "y"]
    assert grid.cells(2) == [(1, "b"), (3, "y")]
    assert part.cells(2) == [(1, "b"), (2, "2")]
    assert part.cells(1) == [(1, "a"), (2, "TRUE"), (3, "x")]


def test_a_cut_keeps_its_rows_in_every_range_each_row_a_list_of_its_own() -> None:
    grid = Sheet(name="g", rows=[["a"], [], ["b", 1], ["c"], []], container="text")
    for first in range(-2, 9):
        for last in range(-2, 9):
            want = [list(r) if first <= i + 1 <= last else [] for i, r in enumerate(grid.rows)]
            got = cut(grid, first, last).rows
            assert got == want, (first, last)
            assert len({id(r) for r in got}) == len(got)  # no blank row shared
            assert not any(g is r for g, r in zip(got, grid.rows, strict=True))
