"""Header rows a scanned text extract printed with cells lost (seed 004's rencana aksi).

The shared header stage must read the columns of a two-block header (tujuan | sasaran
strategis) whose top row lost the blank cells of its merged labels, and a numbering row
that numbers the target and realisation columns alike.
"""

from __future__ import annotations

from checker.importers.excel_grid import Sheet
from checker.importers.excel_header import is_numbered_row, read_header
from checker.importers.header_anchors import anchored_top

# Seed 004, lines 837-840 (text extract, tab-separated), shortened to one quarter a block.
ROWS = [
    ["NO", "TUJUAN", "", "", "SASARAN STRATEGIS", "", "PENANGGUNG JAWAB"],
    ["", "TUJUAN", "INDIKATOR", "TARGET", "REALISASI", "SASARAN STRATEGIS", "INDIKATOR",
     "TARGET", "REALISASI"],
    ["1", "2", "3", "4", "4", "5", "6", "7", "7", "8"],
]


def _sheet(rows: list[list[str]]) -> Sheet:
    return Sheet(name="t", rows=[list(r) for r in rows], container="text")


def test_a_top_label_the_row_below_repeats_stands_over_its_block():
    sheet = _sheet(ROWS)
    # SASARAN STRATEGIS printed at E belongs at F; PENANGGUNG JAWAB (G) after the blocks
    assert anchored_top(sheet, [1, 2]) == {1: 1, 2: 2, 6: 5, 10: 7}
    header = read_header(sheet, [1, 2], [3])
    paths = {c.letter: " / ".join(c.path) for c in header.cols.values()}
    assert paths["E"] == "TUJUAN / REALISASI"
    assert paths["F"] == "SASARAN STRATEGIS / SASARAN STRATEGIS"
    assert paths["I"] == "SASARAN STRATEGIS / REALISASI"
    assert paths["J"] == "PENANGGUNG JAWAB"
    assert header.cols[10].role == "pj"
    # the header cell that names the column is still the one printed (G1), for findings
    assert header.cols[10].cell == (1, 7)


def test_a_top_row_the_row_below_does_not_repeat_is_left_alone():
    rows = [["NO", "PROGRAM", "", "TARGET"], ["", "NAMA", "KODE", "TW 1"]]
    assert anchored_top(_sheet(rows), [1, 2]) == {}


def test_a_workbook_with_merges_is_never_realigned():
    sheet = _sheet(ROWS)
    sheet.set_merges([(1, 2, 1, 4)])
    assert anchored_top(sheet, [1, 2]) == {}


def test_a_numbering_row_may_number_target_and_realisation_alike():
    numbering = [str(n) for n in (1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                                  15, 12, 13, 14, 15, 16)]
    assert is_numbered_row(_sheet([numbering]), 1)
    assert is_numbered_row(_sheet([["1", "2", "3", "7", "9"]]), 1)  # gaps, as before
    # seed 004 line 855: one number over the target and the realisation of a group
    assert is_numbered_row(_sheet([["1", "2", "3", "4", "5", "6", "6", "7", "7", "8"]]), 1)
    assert not is_numbered_row(_sheet([["1", "1", "2"]]), 1)
    # figures, not column numbers: they fall back to no number printed before
    assert not is_numbered_row(_sheet([["1", "5", "3", "4"]]), 1)
    # a row that mostly steps back is no numbering
    assert not is_numbered_row(_sheet([["1", "2", "1", "2", "1", "2"]]), 1)


def test_a_penanggung_jawab_over_labelled_columns_stands_after_them():
    # seed 004 lines 853-855: the top row lost a blank cell before PENANGGUNG JAWAB, which
    # then stood over the Realisasi of Keuangan (I) instead of its own column (J)
    rows = [["NO", "PROGRAM", "", "", "PENANGGUNG JAWAB"],
            ["", "PROGRAM", "Kinerja Per Triwulan", "", "Keuangan Per Triwulan"],
            ["", "", "Target", "Realisasi", "Target", "Realisasi"]]
    sheet = _sheet(rows)
    assert anchored_top(sheet, [1, 2, 3]) == {1: 1, 2: 2, 7: 5}
    header = read_header(sheet, [1, 2, 3], [])
    assert header.cols[6].path == ["PROGRAM", "Keuangan Per Triwulan", "Realisasi"]
    assert (header.cols[7].role, header.cols[7].cell) == ("pj", (1, 5))
    # a penanggung jawab over a column the rows below leave blank stays where it is
    rows[2] = ["", "", "Target", "Realisasi"]
    rows[1] = ["", "PROGRAM", "Kinerja Per Triwulan"]
    assert anchored_top(_sheet(rows), [1, 2, 3]) == {}
