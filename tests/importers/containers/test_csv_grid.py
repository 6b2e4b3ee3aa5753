"""CSV files: encoding and delimiter detected, values kept as the text the file holds."""

from __future__ import annotations

import pytest

from checker.importers.containers import read_grids
from checker.importers.containers.csv_grid import detect_delimiter
from checker.model.errors import InputError
from tests.importers.containers.conftest import SEED_HEADER


def test_semicolon_cp1252_export_keeps_indonesian_numbers_as_text(tmp_path):
    # What Excel writes under an Indonesian Windows locale: ';' and Windows-1252.
    text = ("Program;Pagu;Realisasi;Capaian\r\n"
            "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik;1.250.000.000;"
            "1.100.000.000;88,00\r\n"
            "Pemeliharaan Barang – Gedung Kantor;74.500.000;-;0\r\n")
    path = tmp_path / "realisasi.csv"
    path.write_bytes(text.encode("cp1252"))
    [sheet] = read_grids(path)
    assert sheet.name == "realisasi" and sheet.container == "csv"
    assert sheet.height == 3 and sheet.width == 4
    assert sheet.value(2, 1) == "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"
    assert sheet.value(2, 2) == "1.250.000.000"   # text, read later by numbers.py
    assert sheet.value(2, 4) == "88,00"
    assert sheet.value(3, 1) == "Pemeliharaan Barang – Gedung Kantor"  # 0x96 in cp1252
    assert sheet.location("realisasi.csv", 2, 4).cell == "D2"


def test_utf8_bom_comma_with_quoted_commas_and_line_breaks(tmp_path):
    path = tmp_path / "pk.csv"
    path.write_text('NO,SASARAN,TARGET\n1,"Meningkatnya peran, organisasi\nkepemudaan",'
                    '"74,17"\n2,Prestasi,6\n', encoding="utf-8-sig")
    [sheet] = read_grids(path)
    assert sheet.value(1, 1) == "NO"  # the BOM is not part of the first cell
    assert sheet.value(2, 2) == "Meningkatnya peran, organisasi\nkepemudaan"
    assert sheet.text(2, 2) == "Meningkatnya peran, organisasi kepemudaan"
    assert sheet.value(2, 3) == "74,17"
    assert sheet.height == 3  # a record with a line break is one grid row


@pytest.mark.parametrize("delimiter", ["\t", "|", ";", ","])
def test_seed_table_round_trips_with_every_delimiter(tmp_path, seed_rows, delimiter):
    import csv

    path = tmp_path / "eselon2.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([SEED_HEADER, *seed_rows])
    [sheet] = read_grids(path)
    assert sheet.rows == [SEED_HEADER, *seed_rows]
    assert sheet.value(2, 4) == "74,17 (BB)" and sheet.value(2, 6) == "4.969.412.271"


def test_sniffer_fooled_by_decimal_commas_is_overruled():
    sample = "a;b;c\n1,5;2,5;3\n4,25;5;6,75\n7;8,5;9\n"
    assert detect_delimiter(sample) == ";"
    # Without a header, one decimal comma per record splits every record the same way.
    no_header = ("Penunjang Urusan;1.250.000.000;88,00\nRehabilitasi Sosial;11.861.000.000;"
                 "28,46\nPerlindungan dan Jaminan Sosial;452.558.000;74,17\n")
    assert detect_delimiter(no_header) == ";"
    quoted = 'Program,Capaian\nPenunjang,"88,00"\nRehabilitasi,"28,46"\n'
    assert detect_delimiter(quoted) == ","


def test_one_column_file_reads_as_one_column(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_text("Program\nPenunjang Urusan\nRehabilitasi Sosial\n", encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows == [["Program"], ["Penunjang Urusan"], ["Rehabilitasi Sosial"]]


def test_binary_file_named_csv_is_an_input_error_not_a_traceback(tmp_path):
    path = tmp_path / "rusak.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputError) as err:
        read_grids(path)
    assert err.value.key == "input.binary"


def test_field_over_the_csv_limit_is_an_input_error(tmp_path):
    path = tmp_path / "besar.csv"
    path.write_text('a,b\n1,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_grids(path)
    assert err.value.key == "containers.csv_unreadable"
    assert "CSV" in err.value.render("id") and "CSV" in err.value.render("en")
