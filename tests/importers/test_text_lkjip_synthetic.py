"""The LKjIP importer on tiny inline files: edge cases the seed shows only once or never."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from checker.importers.caption_tables import CaptionedImporter
from checker.importers.captions import caption_of
from checker.importers.profiles import builtin
from checker.importers.textlines import TextLine, read_lines
from checker.importers.vocabulary import squash
from checker.model.plan import Document

COVER = "LKjIP\n\nLaporan Kinerja Instansi Pemerintah\n\nDINAS SOSIAL\nKABUPATEN CONTOH\n" \
        "2025\n\nKATA PENGANTAR\n\nPuji syukur.\n\n"
REALISASI_HEADER = "Kode Rekening\tUraian\tAnggaran\tRealisasi\tSisa Anggaran\t%\n"


def _read(tmp_path: Path, body: str) -> dict[str, Document]:
    path = tmp_path / "lkjip.txt"
    path.write_text(COVER + body, encoding="utf-8")
    assert CaptionedImporter().sniff(path, read_lines(path))
    return {d.id.split("#", 1)[1]: d for d in CaptionedImporter().read(path)}


def _issues(doc: Document) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.location.cell or str(f.location.row)) for f in doc.issues)


def _line(n: int) -> int:
    """Line number of the n-th line of a body (1-based; the cover has 12 lines)."""
    return COVER.count("\n") + n


def test_headings_are_recognised_despite_case_spacing_and_bold():
    assert caption_of(TextLine(1, "**Tabel 4.5")) == "4.5"
    assert caption_of(TextLine(1, "Tabel . 3.3")) == "3.3"
    assert caption_of(TextLine(1, "TABEL 2.1 Strategi\t:\tII-3")) is None  # list of tables
    # the profile's part headings end a table and open a part
    heads = {squash(k): v for k, v in _lkjip().parts.items()}
    assert [v for k, v in heads.items() if squash("RENCANA  AKSI TINGKAT PROGRAM").startswith(k)
            ] == ["rencana_aksi"]
    part = sorted((k for k in heads
                   if squash("PERJANJIAN KINERJA PERUBAHAN TAHUN 2024").startswith(k)), key=len)
    assert heads[part[-1]] == "pk_perubahan"  # the longer key first, as find_parts tries
    assert not any(squash("Perjanjian Kinerja Kepala Dinas Sosial").startswith(k)
                   for k in heads)


def _lkjip():
    return next(p for p in builtin() if p.name == "lkjip")


def test_sniff_needs_the_lkjip_cover(tmp_path):
    path = tmp_path / "ra.txt"
    path.write_text("RENCANA AKSI TINGKAT PROGRAM\n\nNO\tPROGRAM\n", encoding="utf-8")
    assert not CaptionedImporter().sniff(path, read_lines(path))
    assert not CaptionedImporter().sniff(path, None)


def test_header_only_table_gives_an_empty_document(tmp_path):
    docs = _read(tmp_path, "Tabel 4.8\nCapaian Realisasi Anggaran Tahun 2025\n\n" +
                 REALISASI_HEADER)
    doc = docs["lkjip-tabel-4.8"]
    assert (doc.items, doc.totals) == ([], [])
    assert (doc.instansi, doc.pemda, doc.tahun) == ("Dinas Sosial", "Kabupaten Contoh", 2025)
    # read by the shared pipeline: a table with nothing under its header is said (STR-004),
    # and without values a bare 'Realisasi' and '%' say nothing of what they hold: named as
    # not read (STR-005), never guessed
    unread, empty = doc.issues
    assert unread.code == "STR-005" and unread.actual == [f"D{_line(4)}", f"F{_line(4)}"]
    assert (empty.code, empty.location.cell) == ("STR-004", f"A{_line(4)}")
    assert {k: v.split(" ")[0] for k, v in doc.tables[0].columns.items()} == {
        "A": "kode", "B": "nama", "C": "anggaran", "D": "('Realisasi':", "E": "sisa",
        "F": "('%':"}


def test_totals_row_and_a_number_implied_by_its_row(tmp_path):
    body = ("Tabel 4.8\nCapaian Realisasi Anggaran\n\n" + REALISASI_HEADER +
            "1.06.01\tPROGRAM SATU\t30.000.000\t27.000.000\t3.000.000\t90,00\n"
            "1.06.01.2.01\tKegiatan Satu\t30.000.000\t27.000.000\t3.000.000\t90,00\n"
            "1.06.01.2.01.01\tSub Satu\t23. 000.000\t20.000.000\t3.000.000\t86,96\n"
            "1.06.01.2.01.02\tSub Dua\t7.000.000\t7.000.000\t0\t100,00\n"
            "\tJumlah Belanja\t30.000.000\t27.000.000\t3.000.000\t90,00\n")
    doc = _read(tmp_path, body)["lkjip-tabel-4.8"]
    assert [i.id for i in doc.items] == ["1.06.01", "1.06.01.2.01", "1.06.01.2.01.01",
                                         "1.06.01.2.01.02"]
    sub = doc.item("1.06.01.2.01.01")
    assert (sub.anggaran, sub.raw["anggaran"], sub.induk) == (None, "23. 000.000",
                                                              "1.06.01.2.01")
    (finding,) = doc.issues
    assert (finding.code, finding.location.cell, finding.actual) == (
        "NUM-001", f"C{_line(7)}", "23. 000.000")
    assert "23.000.000" in finding.suggestion["id"]  # realisasi + sisa on the same row
    (total,) = doc.totals
    assert (total.anggaran, total.row, total.level.value) == (30_000_000, _line(9), "program")


def test_pagu_table_and_a_value_implied_by_the_parent(tmp_path):
    body = ("Tabel 2.3\nPagu Program dan Kegiatan\n\n"
            "No\tPROGRAM/KEGIATAN\tPAGU APBD 2025\tAPBD Perubahan 2025\n"
            "1\tPROGRAM SATU\t20.000.000\t20.000.000\n"
            "\tKegiatan satu\t13.2918.000\t13.000.000\n"
            "\tKegiatan dua\t7.000.000\t7.000.000\n")
    doc = _read(tmp_path, body)["lkjip-tabel-2.3"]
    # read by the shared stages: the kegiatan by their place under the program's budget
    assert [(i.level.value, i.induk) for i in doc.items] == [
        ("program", None), ("kegiatan", "P1"), ("kegiatan", "P1")]
    k1 = doc.items[1]
    assert doc.item("P1").anggaran_murni == 20_000_000 and k1.anggaran_murni is None
    (finding,) = doc.issues
    assert (finding.code, finding.location.cell) == ("NUM-001", f"C{_line(6)}")
    assert "13.000.000" in finding.suggestion["id"]  # the program less the other kegiatan


# test_perjanjian_kinerja_rows_without_tabs: tests/importers/test_seed_004_pipeline.py


RA_PROGRAM = (
    "RENCANA AKSI TINGKAT PROGRAM\nTAHUN 2025\n\n"
    "NO\tSASARAN STRATEGIS\tPROGRAM\tINDIKATOR PROGRAM\tKinerja Per Triwulan Akumulatif\t\t"
    "Keuangan Per Triwulan Akumulatif\t\tPENANGGUNG JAWAB\n"
    "\t\t\t\tTarget\tRealisasi\tTarget\tRealisasi\t\n"
)


def test_rencana_aksi_record_with_ocr_damage(tmp_path):
    body = RA_PROGRAM + (
        "1\tSasaran A\tProgram Satu\tPersentase X\tTrw 1= 10%\tTrw 1= 12%\t"
        "Trw 1= 1,000,000\tTrw 1= 900,000\tKepala Dinas\n"
        "\t\t\t\tTrw 2= 20%\tTrw 2= 22%\tTrw 2= 2,000,000\tTrw 2= 1,900,000\t\n"
        "\t\t\t\tTiw 3= 30%\tTrw 1= 33%\tTrw 3= 3,000,000\tTrw 3= 2,900,000\t\n"
        "\n"
        "\t\t\t\t\tTrw 4= 40%\tTrw 4= 44%\tTrw 4= 4.000.000\tTrw 4= 3,9000,000\t\n")
    doc = _read(tmp_path, body)["rencana_aksi"]
    (item,) = doc.items
    assert (item.id, item.nama, item.sasaran, item.penanggung_jawab, item.anggaran_mode) == (
        "P1", "Program Satu", "Sasaran A", "Kepala Dinas", "kumulatif")
    assert [item.anggaran_tw1, item.anggaran_tw2, item.anggaran_tw3, item.anggaran_tw4] == [
        1_000_000, 2_000_000, 3_000_000, 4_000_000]
    assert [item.realisasi_tw3, item.realisasi_tw4] == [2_900_000, None]
    (ind,) = doc.indicators
    assert ind.mode == "kumulatif" and ind.satuan == "%"
    assert [ind.target_tw1, ind.target_tw2, ind.target_tw3, ind.target_tw4] == [
        10.0, 20.0, 30.0, 40.0]  # 'Tiw 3' is the OCR slip for 'Trw 3'
    assert [ind.realisasi_tw2, ind.realisasi_tw3, ind.realisasi_tw4] == [22.0, None, 44.0]
    assert ind.cells["target_tw4"].cell == f"F{_line(10)}"  # shifted one cell right
    codes = Counter(f.code for f in doc.issues)
    assert codes == {"STR-001": 1, "STR-002": 1, "NUM-001": 1, "NUM-002": 1}
    part = next(f for f in doc.issues if f.code == "STR-002")
    assert (part.location.cell, part.actual) == (f"F{_line(8)}", "Trw 1= 33%")
    bad = next(f for f in doc.issues if f.code == "NUM-001")
    assert (bad.location.cell, bad.actual) == (f"I{_line(10)}", "Trw 4= 3,9000,000")
    style = next(f for f in doc.issues if f.code == "NUM-002")
    assert style.location.cell == f"H{_line(10)}"


def test_rencana_aksi_junk_rows_and_missing_quarters(tmp_path):
    body = RA_PROGRAM + (
        "1\tSasaran A\tProgram Satu\tJumlah Y\tTrw 1= 1 Dokumen\tTrw 1= 1 Dokumen\t"
        "Trw 1= 5,000\tTrw 1= 5,000\tSekretaris\n"
        "No\tKegiatan\tTujuan\tTrw 1\tTrw 2\tTrw 3\tTrw 4\tTrw 5\tTrw 6\n"
        "\t\t\t\t0 Paket\t6 Paket\t12 Paket\t18 Paket\t24 Paket\t30 Paket\n")
    doc = _read(tmp_path, body)["rencana_aksi"]
    assert sorted(f.code for f in doc.issues) == ["STR-002", "STR-002"]
    junk = next(f for f in doc.issues if f.location.cell == f"A{_line(7)}")
    assert f"{_line(7)}–{_line(8)}" in junk.message["id"]
    missing = next(f for f in doc.issues if f.location.cell != f"A{_line(7)}")
    assert missing.actual == "TW 2, TW 3, TW 4"
    (ind,) = doc.indicators
    assert (ind.satuan, ind.target_tw1, ind.target_tw2) == ("Dokumen", 1.0, None)


def test_an_indicator_table_of_an_uncertain_sasaran_is_said_not_guessed(tmp_path):
    """Two sasaran named: which one Tabel 4.1's indicators measure is not certain."""
    body = ("Tabel 2.2\nTarget Kinerja Sasaran Tahun 2025\n\n"
            "No\tSasaran Kinerja\tIndikator Kinerja\tTarget\n"
            "1\tMeningkatnya A\tPersentase A\t80\n"
            "2\tMeningkatnya B\tPersentase B\t70\n\n"
            "Tabel 4.1\nCapaian Indikator Kinerja Utama Tahun 2025\n\n"
            "No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian %\n"
            "1\tPersentase A\t80\t88\t110\n")
    docs = _read(tmp_path, body)
    assert "lkjip-tabel-4.1" not in docs  # not read: no sasaran is invented
    (said,) = [f for d in docs.values() for f in d.issues
               if f.code == "STR-004" and f.location.table == "Tabel 4.1"]
    assert said.severity.value == "info"
    assert "Meningkatnya A; Meningkatnya B" in said.message["id"]
