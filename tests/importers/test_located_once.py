"""A grid gives one :class:`Location` per cell it addresses (``Sheet.location``).

A table's cells are addressed once per value read and again per finding, note and blank
field; a location is frozen, so the grid keeps the one it made. The oracle is every
address made afresh, on the seeds, on a flowed Word file (``places``: Word's tables and
paragraphs) and on a PDF (``addresses``: printed pages), and a cut of a grid addresses
its cells as the grid does.
"""

from __future__ import annotations

import pytest

from checker.importers import excel_layout, textlines
from checker.importers.excel_grid import Sheet
from checker.importers.parts import cut
from checker.importers.registry import load
from tests.conftest import SEEDS
from tests.importers.containers.conftest import CORPUS


def _files() -> list:
    found = sorted(SEEDS.glob("*.txt"))
    found += sorted(CORPUS.glob("02_*.docx")) + sorted(CORPUS.glob("03_*.pdf"))
    return found


def _read(path, monkeypatch, kept: bool) -> list[dict]:
    excel_layout._CACHE.clear()
    textlines._LAST.clear()
    with monkeypatch.context() as patch:
        if not kept:
            patch.setattr(Sheet, "location", lambda self, file, row, col, table=None:
                          self._locate(file, row, col, table))
        return [d.model_dump(mode="json") for d in load(path)]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name[:12])
def test_documents_are_those_of_every_address_made_afresh(monkeypatch, path) -> None:
    assert _read(path, monkeypatch, kept=True) == _read(path, monkeypatch, kept=False)


def test_a_cut_addresses_as_its_grid_one_object_per_cell() -> None:
    grid = Sheet(name="g", rows=[["a", "1"], ["b", "2"]], container="pdf",
                 addresses=[(3, 7), (4, 1)])
    part = cut(grid, 2, 2)
    where = part.location("f.pdf", 2, 2, "T")
    assert (where.page, where.row, where.column, where.table) == (4, 1, "B", "T")
    assert grid.location("f.pdf", 2, 2, "T") is where
    assert grid.location("f.pdf", 2, 2) == grid._locate("f.pdf", 2, 2, None)
    assert grid.location("f.pdf", 2, 2).table == "g"
    assert grid.location("other.pdf", 2, 2, "T").file == "other.pdf"
