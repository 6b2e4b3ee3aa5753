"""A part of a text extract is searched on its own rows only (issue 14: reading fast).

``parts.cut`` keeps the other parts' rows as empty lists so that row numbers stay the
file's; the stages that search every row for a header or a title line skip those through
``Sheet.filled``. What they find must be what a search of every row finds.
"""

from __future__ import annotations

from checker.importers import parts
from checker.importers.excel_grid import Sheet
from checker.importers.excel_header import is_header_start
from checker.importers.excel_tables import header_starts, title_row
from checker.importers.parts import cut
from checker.importers.registry import load
from tests.conftest import SEEDS


def test_filled_rows_are_the_rows_holding_a_list_with_anything_in_it() -> None:
    sheet = Sheet(name="x", rows=[["a"], [], ["", ""], [], ["b", 1]], container="text")
    assert sheet.filled() == [1, 3, 5]  # a row of blank cells is asked, an empty list not
    assert sheet.filled(2, 4) == [3]
    assert sheet.filled(1, 0) == [] and sheet.filled(4, 99) == [5]
    assert sheet.filled(0, 1) == [1]


def test_each_part_of_seed_004_finds_the_headers_and_titles_of_a_search_of_every_row(
        monkeypatch) -> None:
    regions: list[Sheet] = []

    def recorded(sheet: Sheet, first: int, last: int) -> Sheet:
        regions.append(cut(sheet, first, last))
        return regions[-1]

    monkeypatch.setattr(parts, "cut", recorded)
    (seed,) = SEEDS.glob("004_*.txt")
    load(seed)
    assert len(regions) >= 10  # the agreements and the rencana aksi's tables
    for region in regions:
        every = range(1, region.height + 1)
        assert sum(1 for r in every if not region.rows[r - 1]) > region.height // 2
        assert header_starts(region) == [r for r in every if is_header_start(region, r)]
        assert [r for r in region.filled() if title_row(region, r)] == \
            [r for r in every if title_row(region, r)]
        assert [r for r in every if region.rows[r - 1]] == region.filled()
