"""Stacked quarter records kept in step with their labels (``quarter_steps.py``).

Small grids of the shape seed 004's sub-kegiatan rencana aksi prints (lines 1097-1160):
a heading row inside the table, quarter labels out of step with their lines, ``Trw 5``,
a line short of values, amounts without a label on every line. What the evidence does not
place for certain is not read, and said once per record.
"""

from __future__ import annotations

from pathlib import Path

from checker.importers.excel_layout import GridImporter
from checker.importers.numbers import quarter_beyond
from checker.model.plan import Document

HEADER = ("RENCANA AKSI TINGKAT KEGIATAN TAHUN 2024\n\n"
          "No\tKegiatan\tIndikator Kegiatan\tKinerja Per triwulan Akumulatif\t\t"
          "Keuangan Per triwulan Akumulatif\t\tPenanggung Jawab\n"
          "\t\t\tTarget\tRealisasi\tTarget\tRealisasi\t\n")  # rows 3-4, body from row 5


def _lines(no: str, name: str, ind: str, values: list[list[str]]) -> str:
    """A record: its first line with number, name and indicator, then quarter lines."""
    out = []
    for k, cells in enumerate(values):
        head = [no, name, ind] if k == 0 else ["", "", ""]
        out.append("\t".join([*head, *cells]))
    return "\n".join(out) + "\n"


def _good(no: str, name: str) -> str:
    return _lines(no, name, "Jumlah Dokumen", [
        [f"Trw {q} : {q} Dokumen", f"Trw {q} : {q} Dokumen", f"Trw {q} : {q}.000.000",
         f"Trw {q} : {q}.000.000", "Sekretaris" if q == 1 else ""] for q in range(1, 5)])


def _read(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "ra.txt"
    path.write_text(text, encoding="utf-8")
    (doc,) = GridImporter().read(path)
    return doc


def _issues(doc: Document, code: str) -> list[tuple[str | None, str]]:
    return [(f.location.cell, f.message["en"]) for f in doc.issues if f.code == code]


def test_a_quarter_label_beyond_four_is_no_quarter():
    assert [quarter_beyond(x) for x in ("Trw 5", "T.W 6", "Trw 4", "Trw 1 : 5")] == [
        5, 6, None, None]


def test_a_heading_row_inside_the_table_and_its_lines_are_said_once_not_read(tmp_path):
    first = _lines("1", "Kegiatan Satu", "Jumlah Paket", [
        ["Trw 1 : 3 Paket", "Trw 1 : 3 Paket", "Trw 1 : 1.000.000", "Trw 1 : 1.000.000",
         "Sekretaris"]])
    stray = ("No\tKegiatan\tTujuan\tPenanggung Jawab\tTrw 1\tTrw 2\tTrw 3\tTrw 4\tTrw 5\n"
             "\t\t\t\t0 Paket\t6 Paket\t12 Paket\t18 Paket\t24 Paket\n")
    doc = _read(tmp_path, HEADER + first + stray + _good("2", "Kegiatan Dua"))
    assert [i.nama for i in doc.items] == ["Kegiatan Satu", "Kegiatan Dua"]
    (heading, partial) = _issues(doc, "STR-002")
    assert heading[0] == "A6" and "Rows 6–7 do not fit the table's columns" in heading[1]
    # the record the heading cut: its quarters lacking, once, at its first value cell
    # named by its own words and the cell printing them, never its id (K1)
    assert partial == ("D5", "Record 'Kegiatan Satu' (B5) could only be read in part "
                       "(scanned text): TW 2, TW 3, TW 4 not found (D5, E5, F5, G5). Those "
                       "values are left blank.")
    ind = doc.indicators[0]
    assert [ind.target_tw1, ind.target_tw2] == [3, None]
    assert ind.unreadable["target"] == "TW 2, TW 3, TW 4"  # printed, not missing
    assert ind.cells["target"].cell == "D5"
    assert doc.items[1].anggaran_tw4 == 4_000_000  # the next record is read whole


def test_a_line_repeating_a_quarter_puts_the_block_out_of_step(tmp_path):
    # the scan lost a line: TW 1 is printed twice, the labels run one line behind
    broken = _lines("1", "Kegiatan Satu", "Jumlah Dokumen", [
        ["Trw 1 : 0 Dokumen", "Trw 1 : 6 Paket", "15.700.000", "Trw 1 : 11.250.000",
         "Sekretaris"],
        ["Trw 1 : 0 Dokumen", "Trw 1 : 6 Dokumen", "Trw 2 : 20.800.000",
         "Trw 3 : 16.400.000"],
        ["Trw 2 : 6 Paket", "Trw 2 : 12 Paket", "Trw 3 : 30.400.000", "Trw 4 : 30.400.000"]])
    doc = _read(tmp_path, HEADER + broken + _good("2", "Kegiatan Dua"))
    first = doc.items[0]
    assert [first.anggaran_tw1, first.anggaran_tw2, first.realisasi_tw4] == [None] * 3
    ind = doc.indicators[0]
    assert [ind.target_tw1, ind.realisasi_tw1] == [None, None]  # nothing compared
    ((cell, message),) = _issues(doc, "STR-002")
    assert cell == "D6" and "out of step with the block's lines" in message
    assert ind.unreadable["satuan"] == "Trw 1 : 0 Dokumen"
    assert not [f for f in doc.issues if f.code.startswith(("TGT", "AGT"))]
    # the amount first read with its line's label went with the block: not said read
    assert not _issues(doc, "STR-001")


def test_a_label_of_another_quarter_or_beyond_four_leaves_that_value_unread(tmp_path):
    rows = _lines("1", "Kegiatan Satu", "Jumlah Laporan", [
        [f"Trw {q} : {3 * q} Laporan", f"Trw {q} : {3 * q} Laporan",
         f"Trw {q + 1 if q > 1 else q} : {q}.000.000",
         f"Trw {q + 2 if q > 1 else q} : {q}.000.000", "Sekretaris" if q == 1 else ""]
        for q in range(1, 5)])
    doc = _read(tmp_path, HEADER + rows)
    item, ind = doc.items[0], doc.indicators[0]
    assert [ind.target_tw1, ind.target_tw4, ind.realisasi_tw4] == [3, 12, 12]  # in step
    assert [item.anggaran_tw1, item.anggaran_tw2, item.realisasi_tw4] == [
        1_000_000, None, None]  # 'Trw 3' on the TW 2 line, 'Trw 6' on the TW 4 line
    ((cell, message),) = _issues(doc, "STR-002")
    assert cell == "F6"
    assert "F6 'Trw 3 : 2.000.000': quarter label differs from its line's quarter" in message
    assert "G8 'Trw 6 : 4.000.000': quarter 6 does not exist" in message
    assert "not found" not in message  # a refused quarter is not also called missing


def test_a_line_short_of_values_is_matched_by_kind_else_not_read(tmp_path):
    # 'Trw 1 | 3 Laporan | Trw 1 | 3 Laporan | Trw 1 | 1.722.000': two measures fill
    # the two kinerja columns; one amount cannot say target or realisation
    first = "1\tKegiatan Satu\tJumlah Laporan\tTrw 1\t3 Laporan\tTrw 1\t3 Laporan\tTrw 1\t" \
            "1.722.000\n"
    rest = "".join(f"\t\t\tTrw {q}\t{3 * q} Laporan\tTrw {q}\t{3 * q} Laporan\tTrw {q}\t"
                   f"{q}.000.000\tTrw {q}\t{q}.000.000\n" for q in range(2, 5))
    doc = _read(tmp_path, HEADER + first + rest)
    item, ind = doc.items[0], doc.indicators[0]
    assert [ind.target_tw1, ind.realisasi_tw1, ind.target_tw4] == [3, 3, 12]
    assert ind.cells["realisasi_tw1"].cell == "G5"  # at the value's own cell
    assert [item.anggaran_tw1, item.realisasi_tw1, item.anggaran_tw2] == [
        None, None, 2_000_000]
    ((cell, message),) = _issues(doc, "STR-002")
    assert cell == "I5" and "cannot tell whether it is the target or the actual" in message


def test_values_read_with_their_lines_label_are_said_once_per_run(tmp_path):
    rows = "".join(_lines(str(n), f"Kegiatan {n}", "Jumlah Unit", [
        [f"Trw {q} : {q} unit", f"Trw {q} : {q} unit", f"{q}.000.000",
         f"Trw {q} : {q}.000.000", "Sekretaris" if q == 1 else ""] for q in range(1, 5)])
                   for n in (1, 2))
    doc = _read(tmp_path, HEADER + rows)
    assert [i.anggaran_tw3 for i in doc.items] == [3_000_000, 3_000_000]
    ((cell, message),) = _issues(doc, "STR-001")
    assert cell == "F5" and "Cells F5 … F12 (8 cells of this column" in message


def test_a_value_shifted_out_of_its_column_is_read_by_the_tables_convention(tmp_path):
    # '25,000 orang' alone is 25 or 25 thousand; printed one column left of its own
    # (the row lost a cell), it is read as the table's amounts are written: 1,000,000
    good = _lines("1", "Kegiatan Satu", "Jumlah Orang", [
        [f"Trw {q} : {q} orang", f"Trw {q} : {q} orang", f"Trw {q} : {q},000,000",
         f"Trw {q} : {q},000,000", "Sekretaris" if q == 1 else ""] for q in range(1, 5)])
    short = "".join("\t".join([*(["2. Kegiatan Dua", "Jumlah Peserta"] if q == 1 else
                                 ["", ""]), f"Trw {q} : 25,000 orang",
                               f"Trw {q} : 29,432 orang", f"Trw {q} : {q},500,000",
                               f"Trw {q} : {q},400,000"]) + "\n" for q in range(1, 5))
    doc = _read(tmp_path, HEADER + good + short)
    ind = doc.indicators[1]
    assert [ind.target_tw1, ind.realisasi_tw4] == [25_000, 29_432]
    assert ind.cells["target_tw1"].cell == "C9"  # its own printed cell
    assert not [f for f in doc.issues if f.code == "NUM-001"]


def test_amounts_alone_in_no_value_column_are_said_once_not_read(tmp_path):
    loose = "\n322,962,000\n573,816,500\n\n28.2499179\n"  # sums no label explains
    doc = _read(tmp_path, HEADER + _good("1", "Kegiatan Satu") + loose)
    (item,) = doc.items
    assert item.anggaran_tw4 == 4_000_000 and item.penanggung_jawab == "Sekretaris"
    ((cell, message),) = _issues(doc, "STR-004")
    assert cell == "A10" and "rows 10–13, 3 numbers: 322,962,000, 573,816,500, " \
                              "28.2499179" in message
    assert {r for r, _ in doc.tables[0].skipped} >= {10, 11, 13}


def test_split_pairs_starting_in_the_indicators_column_are_the_value_columns(tmp_path):
    # 'Trw 2 | 6 Laporan | Trw 2 | 6 Laporan | …' from the indicator's column C on: the
    # label there is no indicator, the four pairs are the four value columns
    first = "1\tKegiatan Satu\tJumlah Laporan\tTrw 1 : 3 Laporan\tTrw 1 : 3 Laporan\t" \
            "Trw 1 : 1.000.000\tTrw 1 : 900.000\tSekretaris\n"
    rest = "".join(f"\t\tTrw {q}\t{3 * q} Laporan\tTrw {q}\t{3 * q} Laporan\tTrw {q}\t"
                   f"{q}.000.000\tTrw {q}\t{q}00.000\n" for q in range(2, 5))
    doc = _read(tmp_path, HEADER + first + rest)
    (ind,) = doc.indicators
    assert ind.uraian == "Jumlah Laporan"
    assert [ind.target_tw2, ind.realisasi_tw4] == [6, 12]
    assert ind.cells["target_tw2"].cell == "D6"  # the value's own cell
    item = doc.items[0]
    assert [item.anggaran_tw4, item.realisasi_tw4] == [4_000_000, 400_000]
    assert item.cells["realisasi_tw4"].cell == "J8"
    assert not [f for f in doc.issues if f.code == "STR-002"]
