"""Stages that walk a part's rows ask only the rows holding anything: the same documents.

A text extract's parts are grids of the whole file's length with the other parts' rows
left empty (``parts.cut``): seed 004's 14 parts are 14 grids of 1,688 rows. The line
joiner (``continuation.join_lines``), a part's closing lines (``parts.read_part``) and the
table walk (``TableReader.read``) skip those rows without asking their cells. The oracle
is every stage asking every row, as before: ``Sheet.filled`` answering every row of its
range, and ``Sheet.cells`` counted to show the rows are no longer asked one by one.
"""

from __future__ import annotations

import pytest

from checker.importers import excel_grid
from tests.conftest import SEEDS
from tests.importers.seed_cells import load_counting


def _every_row(self, first: int = 1, last: int | None = None) -> list[int]:
    stop = self.height if last is None else min(last, self.height)
    return list(range(max(first, 1), stop + 1))


def _read(path, monkeypatch, every_row: bool) -> tuple[list[dict], int]:
    every = [(excel_grid.Sheet, "filled", _every_row)] if every_row else []
    return load_counting(path, monkeypatch, excel_grid.Sheet, "cells", every)


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_documents_are_those_of_asking_every_row(monkeypatch, name) -> None:
    got, asked = _read(SEEDS / name, monkeypatch, every_row=False)
    want, asked_every = _read(SEEDS / name, monkeypatch, every_row=True)
    assert got == want
    if name.startswith("004"):  # fourteen parts of one file: most rows are others'
        assert asked * 2 < asked_every


def test_filled_is_every_row_holding_anything_in_any_range() -> None:
    """``Sheet.filled`` picks rows without a Python step per row: the same rows as asking each."""
    grid = excel_grid.Sheet(name="g", rows=[[], ["a"], [], [None], ["b"], [], [""], []])
    for first in range(-2, 11):
        for last in [None, *range(-2, 11)]:
            want = [r for r in _every_row(grid, first, last) if grid.rows[r - 1]]
            assert grid.filled(first, last) == want, (first, last)
