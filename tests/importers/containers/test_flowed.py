"""Flowed text: a web page's table copied as lines of single-spaced words, put back in columns."""

from __future__ import annotations

from checker.importers.containers import read_grids
from checker.importers.containers.flowed import month_row, split_header

PAGE = """Pengukuran Kinerja Tahun 2022

Pejabat Kegiatan / Sub-Kegiatan Alokasi Anggaran (Rp) Realisasi Anggaran (Rp) Realisasi(%)
1 2 3 4 5 6 7 8 9 10 11 12 Jumlah
Kepala Sub Bidang Penyusunan Anggaran
  Kegiatan :
  Koordinasi Penyusunan Anggaran 1,004,422,800 177,776,900 217,285,100 394,062,000 39.23
  Sub-Kegiatan :
  Penyusunan APBD 808,430,200 177,776,900 139,800,500 317,577,400 39.28


0 - 24.99% 25 - 49.99% 50 - 74.99%
"""


def test_header_split_by_the_vocabulary():
    assert split_header("Pejabat Sasaran Kegiatan / Sub-Kegiatan Indikator Satuan Target "
                        "Realisasi Target Kinerja(%)") == [
        "Pejabat", "Sasaran Kegiatan / Sub-Kegiatan", "Indikator", "Satuan", "Target",
        "Realisasi", "Target Kinerja(%)"]
    assert split_header("Pejabat Kegiatan / Sub-Kegiatan Alokasi Anggaran (Rp) Realisasi "
                        "Anggaran (Rp) Realisasi(%)") == [
        "Pejabat", "Kegiatan / Sub-Kegiatan", "Alokasi Anggaran (Rp)",
        "Realisasi Anggaran (Rp)", "Realisasi(%)"]


def test_not_a_flowed_header():
    assert split_header("Pengukuran Kinerja Tahun 2022") is None  # a title with a year
    assert split_header("TUJUAN SASARAN INDIKATOR SASARAN") is None  # two headers side by side
    assert split_header("KODE TUJUAN SASARAN INDIKATOR SATUAN") is None  # no value column
    assert split_header("Meningkatnya Kualitas Penganggaran Daerah") is None


def test_month_row():
    assert month_row("1 2 3 4 5 6 7 8 9 10 11 12 Jumlah")[-2:] == ["12", "Jumlah"]
    assert month_row("1 2 3") == ["1", "2", "3"]
    assert month_row("1 3 5 Jumlah") is None
    assert month_row("2 3 4") is None


def test_rows_aligned_from_both_ends_and_months_kept_apart(tmp_path):
    path = tmp_path / "halaman.txt"
    path.write_text(PAGE, encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows[2] == ["Pejabat", "Kegiatan / Sub-Kegiatan", "Alokasi Anggaran (Rp)",
                             "Realisasi Anggaran (Rp)", "Realisasi(%)", ""]
    # the total under Realisasi; the month numbers over a column of their own
    assert sheet.rows[3] == ["", "", "", "Jumlah", "", "1 2 3 4 5 6 7 8 9 10 11 12"]
    assert (3, 1, 4, 1) in sheet.merges and (3, 4, 4, 4) not in sheet.merges
    assert sheet.rows[4][0] == "Kepala Sub Bidang Penyusunan Anggaran"  # the official: Pejabat
    assert sheet.rows[5][1] == "Kegiatan :"
    assert sheet.rows[6] == ["", "Koordinasi Penyusunan Anggaran", "1,004,422,800",
                             "394,062,000", "39.23", "177,776,900 217,285,100"]
    assert (7, "containers.flowed_months_unplaced",
            {"values": "177,776,900 217,285,100"}) in sheet.notes
    assert sheet.rows[11] == ["0 - 24.99% 25 - 49.99% 50 - 74.99%"]  # a legend stays one text


def test_flowed_page_read_through_the_pipeline(tmp_path):
    from checker.importers.registry import load

    path = tmp_path / "halaman.txt"
    path.write_text(PAGE, encoding="utf-8")
    [doc] = load(path)
    by_row = {i.row: i for i in doc.items}
    assert (by_row[7].level.value, by_row[7].anggaran, by_row[7].realisasi) == (
        "kegiatan", 1_004_422_800, 394_062_000)
    assert by_row[7].cells["realisasi"].cell == "D7"
    assert (by_row[9].level.value, by_row[9].anggaran) == ("sub_kegiatan", 808_430_200)


def test_a_row_whose_numbers_do_not_fit_is_kept_whole(tmp_path):
    # Target, Realisasi, Capaian: three value columns; a row with two numbers could be
    # target + realisasi or realisasi + capaian: not placed, kept whole.
    path = tmp_path / "capaian.txt"
    path.write_text("Sasaran Indikator Target Realisasi Capaian\n"
                    "Meningkatnya Akuntabilitas\n"
                    "Nilai SAKIP 70 72 102.86\n"
                    "Opini BPK 1 1\n", encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.rows[0] == ["Sasaran", "Indikator", "Target", "Realisasi", "Capaian"]
    assert sheet.rows[1] == ["Meningkatnya Akuntabilitas", "", "", "", ""]
    assert sheet.rows[2] == ["", "Nilai SAKIP", "70", "72", "102.86"]
    assert sheet.rows[3] == ["Opini BPK 1 1", "", "", "", ""]
    assert sheet.notes == [(4, "containers.flowed_row_unplaced", {"count": 2})]
