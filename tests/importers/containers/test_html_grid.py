"""HTML tables: spans laid out as a browser does, typed sdval, rows saved in a text file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.importers.containers import read_grids
from checker.importers.excel_grid import Percent
from checker.model.errors import InputError

PAGE = """<html><body><p>RENSTRA DINAS CONTOH</p>
<table>
<caption>Tabel 2.1</caption>
<tr><th rowspan=2>Program</th><th colspan=2>Tahun 1</th></tr>
<tr><th>Target</th><th>Rp</th></tr>
<tr><td>Program A</td><td sdval="0.75" sdnum="1033;0;0%">75%</td>
<td sdval="5883282200"> 5,883,282,200 </td></tr>
<tr><td>Program B</td><td sdval="3.81">3.81</td><td>1,000<br>(APBD)</td></tr>
</table>
<table><tr><td>Lain</td></tr></table>
</body></html>
"""


def test_spans_become_merges_and_sdval_the_typed_value(tmp_path):
    path = tmp_path / "renstra.html"
    path.write_text(PAGE, encoding="utf-8")
    first, second = read_grids(path)
    assert (first.name, first.container, second.name) == ("Tabel 1", "html", "Tabel 2")
    assert first.rows[0] == ["Program", "Tahun 1", ""]
    assert first.rows[1] == ["", "Target", "Rp"]  # under the rowspan, the next free column
    assert (1, 1, 2, 1) in first.merges and (1, 2, 1, 3) in first.merges
    assert first.shown(2, 1) == "Program"
    target, money = first.value(3, 2), first.value(3, 3)
    assert isinstance(target, Percent) and first.text(3, 2) == "75%"
    assert money == 5883282200 and isinstance(money, int)
    assert first.value(4, 2) == Decimal("3.81")
    assert first.text(4, 3) == "1,000 (APBD)"  # <br> is a space; the text stays text
    assert first.titles == ["Tabel 2.1", "RENSTRA DINAS CONTOH"]
    assert first.bold >= {(1, 1), (1, 2), (2, 2)}
    assert first.lines[(3, 3)] == 7  # the line of the file the cell starts on
    assert first.location("renstra.html", 3, 3).cell == "C3"


def test_rows_without_table_in_a_text_file_after_metadata(tmp_path):
    path = tmp_path / "baris.txt"
    path.write_text("# source: https://contoh.go.id\n# ---\n"
                    "<tr>\n<td>Program A</td>\n<td sdval=\"12\">12</td>\n</tr>\n",
                    encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.container == "html" and sheet.rows == [["Program A", 12]]
    assert sheet.lines == {(1, 1): 4, (1, 2): 5}


def test_a_row_filling_every_column_ends_the_spans_above_it(tmp_path):
    # rowspan=3 over two printed rows: the third row is a whole item of its own.
    path = tmp_path / "potong.html"
    path.write_text("<table>"
                    "<tr><td rowspan=3>Keg A</td><td>x</td><td rowspan=3>10</td></tr>"
                    "<tr><td>y</td></tr>"
                    "<tr><td>Keg B</td><td>z</td><td>20</td></tr></table>", encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows[2] == ["Keg B", "z", "20"]
    assert (1, 1, 2, 1) in sheet.merges and (1, 3, 2, 3) in sheet.merges
    assert sheet.notes == [(3, "containers.html_span_cut", {"cells": 2})]


def test_html_without_rows_is_an_input_error(tmp_path):
    path = tmp_path / "kosong.htm"
    path.write_text("<html><body><p>Tidak ada tabel</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_grids(path)
    assert caught.value.key == "containers.html_no_table"


def test_nested_table_text_stays_in_its_cell_and_scripts_are_not_text(tmp_path):
    path = tmp_path / "bersarang.html"
    path.write_text("<html><head><style>td{}</style><script>var x = 1;</script></head>"
                    "<body><h3>Tabel Renstra</h3><table><tr><td>Program A<table><tr>"
                    "<td>catatan</td><td>1</td></tr></table></td><td sdval=\"5\">5</td>"
                    "</tr></table></body></html>", encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows == [["Program A catatan 1", 5]]
    assert sheet.titles == ["Tabel Renstra"]


def test_an_html_page_goes_through_the_pipeline(tmp_path):
    from checker.importers.registry import load

    path = tmp_path / "realisasi.html"
    path.write_text(
        "<html><body><h3>REALISASI ANGGARAN DINAS CONTOH TAHUN 2024</h3><table>"
        "<tr><th rowspan=2>No</th><th rowspan=2>Program/Kegiatan/Sub Kegiatan</th>"
        "<th colspan=2>Anggaran</th></tr><tr><th>Pagu (Rp)</th><th>Realisasi (Rp)</th></tr>"
        "<tr><td>1</td><td>Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota</td>"
        "<td sdval=\"1000000\">1.000.000</td><td>900.000</td></tr>"
        "<tr><td>1.1</td><td>Kegiatan Administrasi Keuangan Perangkat Daerah</td>"
        "<td>600.000</td><td>550.000</td></tr></table></body></html>", encoding="utf-8")
    [doc] = load(path)
    program, kegiatan = doc.items
    assert (program.level.value, program.anggaran, program.realisasi) == (
        "program", 1_000_000, 900_000)
    assert isinstance(program.anggaran, int)  # the sdval number stays exact
    assert program.cells["anggaran"].table == "Tabel 1"
    assert program.cells["anggaran"].cell == "C3"  # third <tr>, third column
    assert (kegiatan.level.value, kegiatan.anggaran) == ("kegiatan", 600_000)
    assert doc.tahun == 2024
