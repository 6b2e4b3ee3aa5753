"""A stacked record's line one cell too long (seed 004 line 988) read one column left.

Small text grid through the shared stages: a kegiatan record whose first line has a
blank cell too many on the left (``2 | | | Kegiatan Dua | Jumlah Laporan | Trw 1= …``),
its labelled quarter values starting one column late and the last past every value
column. Its cells are read one column to the left at their own addresses, the record is
said realigned once (STR-001 at its A cell), and its quarters are complete (no STR-002:
the values realigned into a column count as that column's).
"""

from __future__ import annotations

from checker.importers.excel_grid import Sheet
from checker.importers.parts import find_parts, read_part
from checker.model.plan import Document

HEADER = ["No\tProgram\tKegiatan\tIndikator Kegiatan\tKinerja Per Triwulan Akumulatif\t\t"
          "Keuangan Per Triwulan Akumulatif\t\tPenanggung Jawab",
          "\t\t\t\tTarget\tRealisasi\tTarget\tRealisasi\t"]


def _quarters(step: int, unit: str, money: int) -> list[str]:
    return [f"Trw {q}= {step * q} {unit}\tTrw {q}= {step * q} {unit}\t"
            f"Trw {q}= {money * q}.000\tTrw {q}= {money * q - 1}.000" for q in range(1, 5)]


def _read(second_first_cells: str) -> Document:
    lines = ["Rencana Aksi Tingkat Kegiatan", "", *HEADER]
    first = _quarters(1, "Dokumen", 100)
    lines.append(f"1\tProgram Satu\tKegiatan Satu\tJumlah Dokumen\t{first[0]}\tKasubbag")
    lines += ["\t\t\t\t" + q for q in first[1:]]
    second = _quarters(2, "Laporan", 200)
    lines.append(f"{second_first_cells}\t{second[0]}")
    lines += ["\t\t\t\t" + q for q in second[1:]]
    lines.append("")
    sheet = Sheet(name="x", rows=[line.split("\t") if line else [] for line in lines],
                  container="text")
    (part,) = find_parts(sheet, {"rencanaaksitingkat": "rencana_aksi"})
    return read_part("x.txt", sheet, part)


def test_a_line_one_cell_too_long_is_read_one_column_left_at_its_own_cells():
    doc = _read("2\t\t\tKegiatan Dua\tJumlah Laporan")  # row 9: a blank cell too many
    k2 = doc.item("K2")
    assert k2 is not None and k2.nama == "Kegiatan Dua" and k2.cells["nama"].cell == "D9"
    assert [getattr(k2, f"anggaran_tw{q}") for q in range(1, 5)] == [
        200_000, 400_000, 600_000, 800_000]
    assert (k2.cells["anggaran_tw1"].cell, k2.cells["anggaran_tw2"].cell) == ("H9", "G10")
    (ind,) = [i for i in doc.indicators if i.item == "K2"]
    assert (ind.uraian, ind.target_tw1, ind.target_tw4) == ("Jumlah Laporan", 2.0, 8.0)
    assert ind.cells["target_tw1"].cell == "F9"
    assert [(f.code, f.location.cell) for f in doc.issues if f.code != "STR-003"] == [
        ("STR-001", "A9")]


def test_a_line_in_place_is_not_moved():
    doc = _read("2\t\tKegiatan Dua\tJumlah Laporan")  # in its columns
    k2 = doc.item("K2")
    assert k2 is not None and k2.cells["nama"].cell == "C9"
    assert k2.cells["anggaran_tw1"].cell == "G9"
    assert [f.code for f in doc.issues if f.code != "STR-003"] == []


def test_a_long_line_without_a_blank_name_cell_is_not_moved():
    # every name cell filled: the extra cell is not a blank one, the line is left as it is
    doc = _read("2\tProgram Satu\tKegiatan Dua\tJumlah Laporan\tCatatan")
    k2 = doc.item("K2")
    assert k2 is not None and k2.cells["nama"].cell == "C9"
    assert not any("satu sel kosong tambahan" in f.message["id"] for f in doc.issues)


def test_a_values_only_line_two_columns_off_is_read_in_the_value_columns():
    """Seed 004 lines 995-996: a record's TW 3 and TW 4 lines two columns left."""
    lines = ["Rencana Aksi Tingkat Kegiatan", "", *HEADER]
    first = _quarters(1, "Dokumen", 100)
    lines.append(f"1\tProgram Satu\tKegiatan Satu\tJumlah Dokumen\t{first[0]}\tKasubbag")
    lines += ["\t\t\t\t" + first[1], "\t\t" + first[2], "\t\t" + first[3], ""]  # rows 7, 8
    sheet = Sheet(name="x", rows=[line.split("\t") if line else [] for line in lines],
                  container="text")
    (part,) = find_parts(sheet, {"rencanaaksitingkat": "rencana_aksi"})
    doc = read_part("x.txt", sheet, part)
    k1 = doc.item("K1")
    assert k1 is not None and k1.nama == "Kegiatan Satu"
    assert [getattr(k1, f"anggaran_tw{q}") for q in range(1, 5)] == [
        100_000, 200_000, 300_000, 400_000]
    assert (k1.cells["anggaran_tw3"].cell, k1.cells["realisasi_tw4"].cell) == ("E7", "F8")
    (ind,) = doc.indicators
    assert ind.uraian == "Jumlah Dokumen" and ind.target_tw4 == 4.0  # no value as its text
    assert ind.cells["target_tw4"].cell == "C8"
    assert [(f.code, f.location.cell) for f in doc.issues if f.code != "STR-003"] == [
        ("STR-001", "A5")]
