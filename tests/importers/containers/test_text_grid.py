"""Text extracts: tabs, space-aligned columns, label + numbers; grid row = file line."""

from __future__ import annotations

from checker.importers.containers import read_grids
from checker.importers.containers.text_grid import split_line
from tests.importers.containers.conftest import SEED


def test_seed_extract_rows_are_file_lines(seeds):
    [sheet] = read_grids(seeds / SEED)
    lines = (seeds / SEED).read_text(encoding="utf-8").split("\n")
    assert sheet.container == "text" and sheet.name == SEED.removesuffix(".txt")
    last_text_line = max(i for i, ln in enumerate(lines, start=1) if ln.strip())
    assert sheet.height == last_text_line
    # The README's example: line 45, column E is the annual target 85 of
    # "Pengembangan Potensi Sumber Kesejahteraan Sosial Daerah Kabupaten/Kota".
    assert sheet.value(45, 5) == "85"
    assert sheet.value(45, 10).startswith("Pengembangan Potensi Sumber Kesejahteraan")
    assert sheet.location(SEED, 45, 5).cell == "E45"
    assert sheet.value(14, 11) == "4.969.412.271" and sheet.value(14, 5) == "74,17 (BB)"
    assert sheet.rows[5] == [] and sheet.row_blank(6)  # the blank line 6 stays a row


def test_seed_bold_headings_lose_their_asterisks(seeds):
    [sheet] = read_grids(seeds / SEED)
    assert sheet.value(3, 1) == "RENCANA AKSI ESELON II"
    assert sheet.value(5, 1) == "KABUPATEN LOMBOK TIMUR TAHUN 2024"
    assert {(3, 1), (4, 1), (5, 1)} <= sheet.bold
    assert (7, 1) not in sheet.bold  # the table header after the heading is not bold


def test_viewer_copy_label_numbers_and_blank_lines(tmp_path):
    path = tmp_path / "salinan.txt"
    path.write_text(
        "REALISASI ANGGARAN TAHUN 2023\n"
        "\n"
        "Program                      Pagu            Realisasi      %\n"
        "Program Penunjang Urusan 1.250.000.000 1.100.000.000 88,00\n"
        "Program Rehabilitasi Sosial   11.861.000.000   3.375.706.000   28,46\n"
        "\n"
        "Selong, Januari 2024\n", encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows[0] == ["REALISASI ANGGARAN TAHUN 2023"]
    assert sheet.rows[1] == []
    assert sheet.rows[2] == ["Program", "Pagu", "Realisasi", "%"]
    assert sheet.rows[3] == ["Program Penunjang Urusan", "1.250.000.000", "1.100.000.000",
                             "88,00"]
    assert sheet.rows[4] == ["Program Rehabilitasi Sosial", "11.861.000.000",
                             "3.375.706.000", "28,46"]
    assert sheet.rows[6] == ["Selong, Januari 2024"]  # one number: a heading, kept whole
    assert sheet.height == 7


def test_split_line_keeps_empty_tab_fields_in_place():
    assert split_line("1\t\tNilai\t74,17 (BB)") == ["1", "", "Nilai", "74,17 (BB)"]
    assert split_line("Jumlah 19.058.970.271 - -") == ["Jumlah", "19.058.970.271", "-", "-"]
    assert split_line("Tahun - -") == ["Tahun - -"]  # dashes alone are no numbers


def test_viewer_columns_that_still_hold_several_numbers():
    assert split_line("1   Program Penunjang Urusan 1.250.000.000 1.100.000.000   BPBD") == [
        "1", "Program Penunjang Urusan", "1.250.000.000", "1.100.000.000", "BPBD"]
    assert split_line("Jumlah    19.058.970.271 6.146.052.995") == [
        "Jumlah", "19.058.970.271", "6.146.052.995"]
    assert split_line("Nilai SAKIP    74,17 (BB)    B") == ["Nilai SAKIP", "74,17 (BB)", "B"]


def test_metadata_block_closed_by_separator_is_skipped(tmp_path):
    path = tmp_path / "salinan.txt"
    path.write_text("# source: https://contoh.go.id/x\n# kind: renstra\n# ---\n"
                    "Program A 1.000 2.000\n", encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows[:3] == [[], [], []]  # the lines stay rows: line 4 is row 4
    assert sheet.rows[3] == ["Program A", "1.000", "2.000"]


def test_hash_lines_without_separator_are_kept(tmp_path):
    path = tmp_path / "salinan.txt"
    path.write_text("# source: https://contoh.go.id/x\nProgram A 1.000 2.000\n",
                    encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows[0] == ["# source: https://contoh.go.id/x"]


def test_pipe_table_rows_and_markdown_rule(tmp_path):
    path = tmp_path / "portal.txt"
    path.write_text("| INDIKATOR | SATUAN | 2025 |\n|---|---|---|\n"
                    "| Rata-rata Lama Sekolah | Tahun | 9,66 |\n"
                    "1 | PENDIDIKAN | 98,63 % | |\n"
                    "LKjIP Tanah Datar | Tahun 2016\n", encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows[0] == ["INDIKATOR", "SATUAN", "2025"]
    assert sheet.rows[1] == []
    assert sheet.rows[2] == ["Rata-rata Lama Sekolah", "Tahun", "9,66"]
    assert sheet.rows[3] == ["1", "PENDIDIKAN", "98,63 %", ""]
    assert sheet.rows[4] == ["LKjIP Tanah Datar | Tahun 2016"]  # one bar: prose, not a table
