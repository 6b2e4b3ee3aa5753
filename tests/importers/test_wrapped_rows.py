"""The wrapped-label stage on small grids: what it joins, what it sets aside, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.importers.excel_grid import Sheet
from checker.importers.wrapped_rows import (
    continues,
    dangles,
    describe,
    find_wrapped,
    is_figure,
    joined_grid,
)

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real_tables"


def _grid(lines: list[str | list[str]]) -> Sheet:
    """A text grid: a string is one cell, a list the cells of one line."""
    rows = [[x] if isinstance(x, str) and x else list(x) if x else [] for x in lines]
    return Sheet("t", rows, container="text")


def _figures(label: str, *values: str) -> list[str]:
    return [label, *values] if label else list(values)


TOP_ALIGNED = [
    "Kinerja Awal 2018 2019",                                    # 1
    _figures("Persentase persalinan di", "70,0", "75,0", "85,0"),  # 2
    "1 fasilitas kesehatan (%)",                                 # 3
    _figures("Persentase ibu hamil", "100", "100", "100"),        # 4
    "2 mendapatkan pelayanan ibu",                               # 5
    "hamil (%)",                                                 # 6
    "",                                                          # 7
    _figures("Prevalensi stunting (pendek", "39,7", "38,7", "37,7"),  # 8
    "",                                                          # 9
    "3 dan sangat pendek) pada anak",                            # 10
    "baduta (%)",                                                # 11
]


#: Two rows whose labels run on below their figures, numbered on the continuation line:
#: the opening of the tests that put something else after them.
TWO_ROWS_BELOW = [
    _figures("Persentase persalinan di", "70,0", "75,0", "85,0"),
    "1 fasilitas kesehatan (%)",
    _figures("Persentase ibu hamil", "100", "100", "100"),
    "2 mendapatkan pelayanan",
]


def _two_rows_then(grid: Sheet):
    """The wrapped table of a grid opening with ``TWO_ROWS_BELOW``, its two rows joined."""
    table = find_wrapped(grid)
    assert table is not None and table.direction == "down"
    assert table.rows[1].label == "Persentase ibu hamil mendapatkan pelayanan"
    return table


def test_words_that_decide():
    assert is_figure("70,0") and is_figure("1,231,790,000") and is_figure("69,1-69,5")
    assert is_figure("19,29%") and not is_figure("Persen") and not is_figure("1 Program")
    assert dangles("Persentase persalinan di") and dangles("Prevalensi stunting (pendek")
    assert not dangles("Persentase ibu hamil") and not dangles("(%)")
    assert continues("mendapatkan pelayanan") and continues("(underweight) pada")
    assert not continues("Persentase bumil KEK (%)") and not continues("14")


def test_fragments_below_join_the_row_above_with_its_number():
    table = find_wrapped(_grid(TOP_ALIGNED))
    assert table is not None and table.direction == "down"
    got = [(r.row, r.number, r.label, r.lines) for r in table.rows]
    assert got == [
        (2, 1, "Persentase persalinan di fasilitas kesehatan (%)", [2, 3]),
        (4, 2, "Persentase ibu hamil mendapatkan pelayanan ibu hamil (%)", [4, 5, 6]),
        (8, 3, "Prevalensi stunting (pendek dan sangat pendek) pada anak baduta (%)",
         [8, 10, 11]),
    ]
    assert table.unplaced == []


def test_fragments_above_join_the_row_below():
    grid = _grid([
        "1 Sub Kegiatan", "Fasilitasi Pelaksanaan", "Pemerintahan Umum",
        ["749.930.215", "702.188.300", "93.6"],
        "2 Sub Kegiatan Fasilitasi", "Kerjasama antar",
        ["216.194.000", "188.957.200", "87.4"],
        "3 Sub Kegiatan", "Evaluasi Pelaksanaan",
        ["398.379.650", "307.055.630", "80.5"],
    ])
    table = find_wrapped(grid)
    assert table is not None and table.direction == "up"
    # the first row's fragments lie above the first figures line: no gap, not joined
    assert [(r.row, r.number, r.label) for r in table.rows] == [
        (4, None, ""),
        (7, 2, "Sub Kegiatan Fasilitasi Kerjasama antar"),
        (10, 3, "Sub Kegiatan Evaluasi Pelaksanaan"),
    ]


def test_a_lone_number_counting_no_row_is_set_aside():
    grid = _grid([
        _figures("Indeks Kesehatan", "72.80", "73.42", "73.72"),   # 1
        "1.",                                                     # 2: a tujuan's code
        _figures("Angka Kematian Ibu", "0", "0", "0"),             # 3
        "1 Melahirkan per 100.000",                               # 4
        "kelahiran hidup",                                        # 5
        _figures("Angka Kematian Bayi per", "1.000", "0", "0", "0"),  # 6
        "2 kelahiran hidup",                                      # 7
        _figures("3 Persentase BBLR (%)", "13,0", "10,0", "8,0"),   # 8
        _figures("Persentase bumil Anemia (%)", "31,7", "29,9", "28,0"),  # 9
        "4",                                                      # 10
        _figures("Persentase bumil Anemia yang", "90,0", "93,3", "95,0"),  # 11
        "5 mendapat tablet (%)",                                  # 12
    ])
    table = find_wrapped(grid)
    assert table is not None and table.direction == "down"
    got = [(r.row, r.number, r.label, [f.text for f in r.figures]) for r in table.rows]
    assert got == [
        (1, None, "Indeks Kesehatan", ["72.80", "73.42", "73.72"]),
        (3, 1, "Angka Kematian Ibu Melahirkan per 100.000 kelahiran hidup", ["0", "0", "0"]),
        (6, 2, "Angka Kematian Bayi per 1.000 kelahiran hidup", ["0", "0", "0"]),
        (8, 3, "Persentase BBLR (%)", ["13,0", "10,0", "8,0"]),
        (9, 4, "Persentase bumil Anemia (%)", ["31,7", "29,9", "28,0"]),
        (11, 5, "Persentase bumil Anemia yang mendapat tablet (%)", ["90,0", "93,3", "95,0"]),
    ]
    assert [(f.row, f.text) for f, _ in table.unplaced] == [(2, "1.")]


def test_a_number_that_counts_no_row_is_label_text():
    grid = _grid([
        _figures("Persentase ibu hamil", "100", "100", "100"),
        "1 mendapatkan pelayanan",
        _figures("Persentase warga negara usia", "100", "100", "100"),
        "60 tahun keatas",
        "2 mendapatkan skrining",
        _figures("3 Persentase BBLR (%)", "13,0", "10,0", "8,0"),
    ])
    table = find_wrapped(grid)
    assert table is not None
    assert table.rows[1].label == ("Persentase warga negara usia 60 tahun keatas "
                                   "mendapatkan skrining")
    assert table.rows[1].number == 2


def test_a_fragment_numbering_the_row_on_its_other_side_is_not_joined():
    grid = _grid([
        *TWO_ROWS_BELOW,
        "3 Persentase gizi",          # numbers the row below: which row is it?
        _figures("", "20,7", "19,7", "18,7"),
        _figures("4 Persentase bumil KEK (%)", "20,7", "19,7", "18,7"),
        _figures("5 Persentase bumil anemia (%)", "31,7", "29,9", "28,0"),
        "yang ditangani",
    ])
    table = _two_rows_then(grid)
    assert [(f.row, f.text, why) for f, why in table.unplaced] == [
        (5, "3 Persentase gizi", "other_row")]
    assert table.rows[2].label == "" and table.rows[2].number is None


def test_no_clear_direction_joins_nothing():
    grid = _grid([
        _figures("Jumlah", "1", "2", "3"),
        "Catatan",
        _figures("Jumlah", "4", "5", "6"),
        "Lain",
        _figures("Jumlah", "7", "8", "9"),
    ])
    table = find_wrapped(grid)
    assert table is not None and table.direction is None
    assert all(r.label == "Jumlah" for r in table.rows)
    assert [why for _, why in table.unplaced] == ["direction", "direction"]


@pytest.mark.parametrize("lines", [
    [_figures("A", "1", "2", "3"), _figures("B", "4", "5", "6"), _figures("C", "7", "8", "9")],
    [_figures("A", "1", "2", "3"), "x", _figures("B", "4", "5", "6")],
    ["title", "just text", "more text"],
])
def test_no_wrapped_table_without_fragments_between_three_figures_lines(lines):
    assert find_wrapped(_grid(lines)) is None


def test_joined_grid_keeps_every_cell_address_and_says_what_it_joined():
    sheet = _grid(TOP_ALIGNED)
    table = find_wrapped(sheet)
    grid = joined_grid(sheet, table)
    # No | text (a label naming no level) | name | figures
    assert grid.cells(2) == [(1, "1"), (2, "Persentase persalinan di fasilitas kesehatan (%)"),
                             (4, "70,0"), (5, "75,0"), (6, "85,0")]
    assert grid.cells(3) == [] and grid.cells(10) == [] and grid.cells(1) == sheet.cells(1)
    assert grid.cell_addresses[(2, 1)] == (3, 1)     # the number, printed on line 3
    assert grid.cell_addresses[(8, 2)] == (8, 1)     # the label starts on its own line
    assert grid.cell_addresses[(8, 6)] == (8, 4)     # each figure where it was printed
    assert (4, "wrapped.joined", {"lines": "4–6", "label":
            "Persentase ibu hamil mendapatkan pelayanan ibu hamil (%)"}) in grid.notes
    assert sheet.cells(3) == [(1, "1 fasilitas kesehatan (%)")]  # the input is unchanged


def test_describe_names_each_row_and_each_fragment_set_aside():
    table = find_wrapped(_grid(TOP_ALIGNED))
    said = describe(table)
    assert said[0] == ("wrapped_table_down", {"first": 2, "last": 11, "rows": 3, "joined": 3})
    assert said[1] == ("wrapped_row", {
        "row": 2, "lines": "2, 3", "number": 1,
        "label": "Persentase persalinan di fasilitas kesehatan (%)",
        "figures": "70,0 75,0 85,0"})


def test_fixture_08_every_indicator_joined_by_hand():
    """Fixture 08 (a Renstra copied from a PDF viewer): 19 rows, checked line by line."""
    from checker.importers.containers import read_grids

    [sheet] = read_grids(REAL / "08_region_not_stated_dinkes_renstra.txt")
    table = find_wrapped(sheet)
    assert table is not None and table.direction == "down" and len(table.rows) == 19
    by_row = {r.row: r for r in table.rows}
    assert [r.number for r in table.rows] == [None, *range(1, 19)]
    assert by_row[34].label == "Angka Kematian Bayi per 1.000 kelahiran hidup"
    assert by_row[39].label == "Persentase persalinan di fasilitas kesehatan (%)"
    assert by_row[39].lines == [39, 40]
    assert by_row[93].label == ("Persentase warga negara usia 60 tahun Keatas mendapatkan "
                                "skrining kesehatan sesuai standar (%)")
    assert by_row[98].lines == [98, 101]
    assert [f.text for f in by_row[38].figures] == ["13,0", "10,0", "8,0", "7,0", "5,0",
                                                    "5,0"]
    assert [(f.row, f.text) for f, _ in table.unplaced] == [(25, "1.")]


REALISATION = [
    "1 2 3 4 5 6",                               # 1: the columns' numbers bound the table
    "1 Persentase",                              # 2
    "kegiatan dalam pembinaan di daerah serta",  # 3: 'kegiatan' in a sentence opens no name
    "Kegiatan Evaluasi Kerjasama",               # 4: after 'serta': still the sentence
    "Program Pemerintahan Daerah 88.6",          # 5: a name whose line ends in a figure
    "Kegiatan",                                  # 6: a kegiatan printing no figures
    "Pelaksanaan Tugas",                         # 7
    "1. Sub Kegiatan",                           # 8
    "Fasilitasi Umum",                           # 9
    ["749.930.215", "702.188.300", "93.6"],      # 10
    "Kegiatan Fasilitasi",                       # 11
    "1.Sub Kegiatan Kerjasama",                  # 12
    ["216.194.000", "188.957.200", "87.4"],      # 13
    "2.Sub Kegiatan Evaluasi",                   # 14
    ["398.379.650", "307.055.630", "80.5"],      # 15
]


def test_names_in_a_gap_are_rows_of_their_own_and_text_before_a_name_is_its_cell():
    table = find_wrapped(_grid([x.split() if i == 0 else x
                                for i, x in enumerate(REALISATION)]))
    assert table is not None and table.direction == "up"
    got = [(r.row, " ".join(p.text for p in r.split()[0]), " ".join(p.text for p in r.split()[1]),
            [f.text if f else None for f in r.figures]) for r in table.rows]
    assert got == [
        (5, "1 Persentase kegiatan dalam pembinaan di daerah serta Kegiatan Evaluasi Kerjasama",
         "Program Pemerintahan Daerah", [None, None, "88.6"]),
        (6, "", "Kegiatan Pelaksanaan Tugas", [None, None, None]),
        (10, "", "1. Sub Kegiatan Fasilitasi Umum", ["749.930.215", "702.188.300", "93.6"]),
        (11, "", "Kegiatan Fasilitasi", [None, None, None]),
        (13, "", "1.Sub Kegiatan Kerjasama", ["216.194.000", "188.957.200", "87.4"]),
        (15, "", "2.Sub Kegiatan Evaluasi", ["398.379.650", "307.055.630", "80.5"]),
    ]
    grid = joined_grid(_grid(REALISATION), table)
    assert grid.cells(5)[1:] == [(3, "Program Pemerintahan Daerah"), (6, "88.6")]
    assert grid.cell_addresses[(5, 6)] == (5, 1)  # 88.6 is printed inside the name's cell
    assert grid.cell_addresses[(5, 2)] == (2, 1) and grid.cell_addresses[(10, 3)] == (8, 1)


def test_a_figure_written_like_no_single_column_is_not_placed():
    lines = list(REALISATION)
    lines[4] = "Program Pemerintahan Daerah 1.500"   # neither 93.6 nor 749.930.215
    table = find_wrapped(_grid([x.split() if i == 0 else x for i, x in enumerate(lines)]))
    assert table is not None
    assert 5 not in [r.row for r in table.rows]
    assert {(f.row, why) for f, why in table.unplaced} >= {(5, "figures")}


def test_an_undecided_table_says_nothing():
    table = find_wrapped(_grid([_figures("Jumlah", "1", "2", "3"), "Catatan",
                                _figures("Jumlah", "4", "5", "6"), "Lain",
                                _figures("Jumlah", "7", "8", "9")]))
    assert table is not None and describe(table) == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_thing_said_is_in_both_catalogues(lang):
    from checker.i18n import t
    from checker.importers.containers import read_grids

    realisation = [x.split() if i == 0 else x for i, x in enumerate(REALISATION)]
    figures = list(realisation)
    figures[4] = "Program Pemerintahan Daerah 1.500"
    said = [x for lines in (TOP_ALIGNED, figures, realisation)
            for x in describe(find_wrapped(_grid(lines)))]
    [sheet] = read_grids(REAL / "08_region_not_stated_dinkes_renstra.txt")
    said += describe(find_wrapped(sheet))
    said += describe(find_wrapped(_grid([
        _figures("Persentase ibu hamil", "100", "100", "100"), "1 mendapatkan pelayanan",
        "Sasaran 2", _figures("Persentase bumil KEK yang", "50,0", "50,0", "50,0"),
        "2 mendapat makanan (%)", _figures("3 Persentase BBLR (%)", "13,0", "10,0", "8,0"),
        "9", _figures("Persentase KEK yang", "5", "5", "5"), "5 mendapat (%)"])))
    keys = {key for key, _ in said}
    assert keys >= {"wrapped_table_down", "wrapped_table_up", "wrapped_row",
                    "wrapped_unplaced_other_row", "wrapped_unplaced_figures",
                    "wrapped_unplaced_unasked", "wrapped_unplaced_lone_number"}
    for key, params in said:
        text = t(f"input.{key}", lang, **params)
        assert text and "{" not in text and f"input.{key}" not in text


def test_spans_write_runs_of_lines_as_a_reader_does():
    from checker.importers.wrapped_rows import spans

    assert spans([27, 29, 32]) == "27, 29, 32"
    assert spans([38, 39, 40, 41, 54]) == "38–41, 54" and spans([2, 3]) == "2, 3"


def test_fixture_02_read_with_its_mapping_shows_what_was_joined():
    """Read as a user's file: the joined rows at their printed cells, named in inspect."""
    from checker.importers.mapping import using
    from checker.importers.registry import load

    name = "02_sumatera_utara_setda_lkjip_realisasi_anggaran"
    with using(REAL / "mappings" / f"{name}.toml"):
        [doc] = load(REAL / f"{name}.txt")
    by_name = {i.nama: i for i in doc.items}
    sub = by_name["Fasilitasi Pelaksanaan Pemerintahan Umum"]
    assert sub.level.value == "sub_kegiatan" and sub.anggaran == 749930215
    assert (sub.cells["nama"].row, sub.cells["nama"].column) == (59, "A")
    assert (sub.cells["anggaran"].row, sub.cells["anggaran"].column) == (64, "A")
    assert doc.instansi is None  # 'Kerjasama Badan Usaha/Swasta' in the prose is no office
    [info] = doc.tables
    assert any("64 ← 59–64" in note and "54 ← 38–54" in note for note in info.notes)


def test_a_capitalised_line_nothing_asks_for_is_set_aside_not_joined():
    grid = _grid([
        *TWO_ROWS_BELOW,
        "Sasaran 2: Meningkatnya gizi masyarakat",  # a section line between two rows
        "Bidang Kesehatan Masyarakat",
        _figures("3 Persentase BBLR (%)", "13,0", "10,0", "8,0"),
        _figures("Persentase bumil KEK yang", "50,0", "50,0", "50,0"),
        "4 mendapat makanan (%)",
    ])
    table = _two_rows_then(grid)
    assert [(f.row, why) for f, why in table.unplaced] == [(5, "unasked"), (6, "unasked")]
    assert "Sasaran" not in " ".join(r.label for r in table.rows)
