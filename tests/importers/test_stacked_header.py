"""Quarter columns whose cells say their own quarter outvote a garbled header; split labels.

Seed 004's kegiatan rencana aksi prints ``Target |  | Realisasi`` over its four value
columns and ``Trw 1 | Trw 4 | Trw 1 | Trw 4`` below (a scan's garble); every value cell is
labelled (``Trw 2 : 4 Dokumen``). The columns are read in the family's order (kinerja
target, realisasi; keuangan target, realisasi), each value with its own label's quarter.
"""

from __future__ import annotations

from pathlib import Path

from checker.importers.excel_layout import GridImporter
from checker.model.plan import Document

GARBLED = ("RENCANA AKSI TINGKAT KEGIATAN TAHUN 2024\n\n"
           "No\tKegiatan\tIndikator Kegiatan\tKinerja Per triwulan Akumulatif\t\t"
           "Keuangan Per triwulan Akumulatif\t\tPenanggung Jawab\n"
           "\t\t\tTarget\t\tRealisasi\t\t\n"
           "\t\t\tTrw 1\tTrw 4\tTrw 1\tTrw 4\t\n")


def _record(no: str, name: str, ind: str, kinerja: list[str], money: list[str],
            spent: list[str]) -> str:
    lines = []
    for q in range(4):
        head = [no, name, ind] if q == 0 else ["", "", ""]
        lines.append("\t".join([*head, f"Trw {q + 1} : {kinerja[q]}",
                                f"Trw {q + 1} : {kinerja[q]}", f"Trw {q + 1} : {money[q]}",
                                f"Trw {q + 1} : {spent[q]}", "Sekretaris" if q == 0 else ""]))
    return "\n".join(lines) + "\n"


def _read(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "ra.txt"
    path.write_text(text, encoding="utf-8")
    (doc,) = GridImporter().read(path)
    return doc


BODY = (_record("1", "Kegiatan Satu", "Jumlah Dokumen", ["1 Dokumen", "2 Dokumen",
                                                         "3 Dokumen", "4 Dokumen"],
                ["1.000.000", "2.000.000", "3.000.000", "4.000.000"],
                ["900.000", "1.900.000", "2.900.000", "3.900.000"])
        + _record("2", "Kegiatan Dua", "Jumlah Laporan", ["3 Laporan", "6 Laporan",
                                                          "9 Laporan", "12 Laporan"],
                  ["5.000.000", "5.000.000", "5.000.000", "5.000.000"],
                  ["4.000.000", "4.500.000", "5.000.000", "5.000.000"]))


def test_the_cells_own_labels_give_the_quarters_and_the_family_order_the_measures(
        tmp_path):
    doc = _read(tmp_path, GARBLED + BODY)
    assert [i.nama for i in doc.items] == ["Kegiatan Satu", "Kegiatan Dua"]
    first = doc.items[0]
    assert [first.anggaran_tw1, first.anggaran_tw4] == [1_000_000, 4_000_000]
    assert [first.realisasi_tw1, first.realisasi_tw4] == [900_000, 3_900_000]
    assert first.cells["anggaran_tw4"].cell == "F9"  # the keuangan target column
    (ind, _) = doc.indicators
    assert [ind.target_tw1, ind.target_tw4, ind.realisasi_tw4] == [1, 4, 4]
    assert ind.cells["realisasi_tw2"].cell == "E7"


def test_a_header_its_cells_agree_with_is_kept(tmp_path):
    # one quarter per column, the cells labelled with the header's own quarter: nothing
    # contradicts the header, so the stage changes nothing
    header = ("RENCANA AKSI TINGKAT KEGIATAN TAHUN 2024\n\n"
              "No\tKegiatan\tIndikator Kegiatan\tTarget Kinerja Triwulan\t\t\t\t"
              "Penanggung Jawab\n\t\t\tTrw 1\tTrw 2\tTrw 3\tTrw 4\t\n")
    rows = "".join(f"{n}\tKegiatan {n}\tJumlah Dokumen\tTrw 1 : 1\tTrw 2 : 2\tTrw 3 : 3\t"
                   f"Trw 4 : 4\tSekretaris\n" for n in range(1, 6))
    doc = _read(tmp_path, header + rows)
    from checker.importers.excel_layout import _sheets
    from checker.importers.excel_tables import find_tables

    (sheet,) = _sheets(tmp_path / "ra.txt")
    (table,) = find_tables(sheet)
    assert [c.quarter for c in table.header.cols.values() if c.role == "quarter"] == [
        1, 2, 3, 4]
    assert len(doc.items) == 5


def test_a_group_of_three_columns_is_left_as_the_header_says(tmp_path):
    from checker.importers.excel_grid import Sheet  # noqa: F401 (the stage's input)
    from checker.importers.excel_header import Col, Header
    from checker.importers.stacked_header import body_quarters

    class Grid:
        def text(self, row: int, col: int) -> str:
            return f"Trw {row} : 1"

    cols = {i: Col(index=i, path=["Kinerja Per triwulan", "Trw 1"], top=(1, 3),
                   cell=(1, i), role="quarter", quarter=1) for i in (1, 2, 3)}
    header = Header(rows=[1], numbered=[], cols=cols, keys=set())
    assert not body_quarters(Grid(), header, range(1, 5))  # type: ignore[arg-type]
    assert all(c.role == "quarter" for c in cols.values())


def _split_record(no: str, name: str, ind: str, kinerja: str, money: str) -> str:
    """A record whose every value cell the scan split: ``T.W 1 | 1 Dokumen``."""
    lines = []
    for q in range(1, 5):
        head = [no, name, ind] if q == 1 else ["", "", ""]
        tail = ["Sekretaris"] if q == 1 else []
        lines.append("\t".join([*head, f"T.W {q}", kinerja, f"T.W {q}", kinerja, f"T.W {q}",
                                money, f"T.W {q}", money, *tail]))
    return "\n".join(lines) + "\n"


def test_a_quarter_label_split_from_its_value_is_paired_and_said_once_per_record(
        tmp_path):
    body = BODY + _split_record("3", "Kegiatan Tiga", "Jumlah Paket", "1 Paket", "6.730.500")
    doc = _read(tmp_path, GARBLED + body)
    third = doc.items[2]
    assert third.nama == "Kegiatan Tiga" and third.penanggung_jawab == "Sekretaris"
    assert [third.anggaran_tw1, third.realisasi_tw4] == [6_730_500, 6_730_500]
    # read at the value's own cell: I (keuangan target's value), K (realisasi's)
    assert (third.cells["anggaran_tw1"].cell, third.cells["realisasi_tw4"].cell) == (
        "I14", "K17")
    ind = doc.indicators[2]
    assert [ind.target_tw1, ind.realisasi_tw4] == [1, 1]
    assert ind.cells["target_tw1"].cell == "E14"
    said = [f for f in doc.issues if f.code == "STR-001"]
    # the rows of the record, to the table's last header column (as every span)
    assert [(f.location.cell, f.location.range) for f in said] == [("A14", "A14:H17")]


def test_a_row_one_cell_short_is_matched_from_the_right_and_said_once_per_record(
        tmp_path):
    # '4. Kegiatan Empat': the number merged into the name's cell, every cell one to the
    # left, on the record's four lines
    lines = []
    for q in range(1, 5):
        head = ["4. Kegiatan Empat", "Jumlah Unit"] if q == 1 else ["", ""]
        lines.append("\t".join([*head, f"Trw {q} : {q} Unit", f"Trw {q} : {q} Unit",
                                f"Trw {q} : {q}.000.000", f"Trw {q} : {q}.000.000"]))
    doc = _read(tmp_path, GARBLED + BODY + "\n".join(lines) + "\n")
    fourth = doc.items[2]
    assert (fourth.nama, fourth.cells["nama"].cell) == ("Kegiatan Empat", "A14")
    assert [fourth.anggaran_tw1, fourth.realisasi_tw4] == [1_000_000, 4_000_000]
    # each value at its own printed cell: the keuangan target one column left of F
    assert fourth.cells["anggaran_tw1"].cell == "E14"
    ind = doc.indicators[2]
    assert (ind.uraian, [ind.target_tw1, ind.target_tw4]) == ("Jumlah Unit", [1, 4])
    said = [f for f in doc.issues if f.code == "STR-001"]
    assert [f.location.cell for f in said] == ["A14"]
    assert "dicocokkan dengan judul kolomnya dari kanan" in said[0].message["id"]
