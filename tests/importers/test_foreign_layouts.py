"""Layouts no importer was written for, read by the shared pipeline.

Each case is one a new user tried and the tool could not read: an LKjIP realisation table
whose names sit under an "INDIKATOR KINERJA" header, a table with a ``Level`` column, a
three-column ``Program | Pagu | Realisasi`` workbook. Each is read and checked, and a table
from which nothing can be read never passes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from checker.cli.main import main
from checker.importers.registry import load
from checker.model.errors import InputError


def _book(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _check(path: Path) -> tuple[int, list[tuple[str, str]]]:
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    data = json.loads(result.stdout) if result.stdout.strip().startswith("{") else {
        "findings": []}
    return result.exit_code, [(f["code"], f["cell"]) for f in data["findings"]]


LKJIP = [
    ["TABEL 3.5 REALISASI ANGGARAN TAHUN 2023"],
    [],
    ["NO", "INDIKATOR KINERJA PROGRAM/ KINERJA", "ANGGARAN (Rp)", "REALISASI (Rp)",
     "CAPAIAN REALISASI ANGGARAN (%)"],
    [1, "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 1500000000,
     1400000000, 93.33],
    [None, "Kegiatan Administrasi Keuangan Perangkat Daerah", 1000000000, 950000000, 95.0],
    [None, "1. Sub Kegiatan Penyediaan Gaji dan Tunjangan ASN", 1000000000, 950000000, 95.0],
    [None, "Kegiatan Administrasi Umum Perangkat Daerah", 500000000, 450000000, 90.0],
    [None, "1. Sub Kegiatan Penyediaan Bahan Logistik Kantor", 300000000, 250000000, 83.33],
    [None, "2. Sub Kegiatan Penyediaan Barang Cetakan dan Penggandaan", 200000000,
     200000000, 100.0],
]


def test_lkjip_realisation_table_with_names_under_an_indicator_header(tmp_path):
    path = _book(tmp_path / "lkjip.xlsx", LKJIP)
    (doc,) = load(path)
    assert doc.jenis.value == "realisasi_triwulan"
    assert [(i.level.value, i.nama) for i in doc.items][:3] == [
        ("program", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"),
        ("kegiatan", "Administrasi Keuangan Perangkat Daerah"),
        ("sub_kegiatan", "Penyediaan Gaji dan Tunjangan ASN")]
    sub = doc.items[2]
    assert sub.raw["nama"] == "1. Sub Kegiatan Penyediaan Gaji dan Tunjangan ASN"
    assert sub.induk == doc.items[1].id and doc.items[1].induk == doc.items[0].id
    assert (sub.anggaran, sub.realisasi, sub.persen_realisasi) == (1000000000, 950000000, 95.0)
    assert _check(path) == (0, [])  # its numbers agree: no finding at all


def test_lkjip_realisation_table_errors_are_found(tmp_path):
    rows = [list(r) for r in LKJIP]
    rows[7][2] = 310000000  # sub-kegiatan pagu: the kegiatan's 500.000.000 no longer adds up
    rows[5][4] = 59.0  # 950.000.000 / 1.000.000.000 is 95 %, not 59 %
    code, found = _check(_book(tmp_path / "lkjip.xlsx", rows))
    assert code == 1
    assert ("ROL-001", "C7") in found and ("REA-003", "E6") in found


def test_level_column(tmp_path):
    rows = [["Kode", "Level", "Nama", "Pagu", "Realisasi"],
            ["1.06.01.2.01", "Kegiatan",
             "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 50000000,
             48000000],
            ["1.06.01.2.01.0001", "Sub-Kegiatan",
             "Penyusunan Dokumen Perencanaan Perangkat Daerah", 35000000, 29000000],
            ["1.06.01.2.01.0007", "Sub-Kegiatan", "Evaluasi Kinerja Perangkat Daerah",
             20000000, 19000000]]
    path = _book(tmp_path / "level.xlsx", rows)
    (doc,) = load(path)
    assert [i.level.value for i in doc.items] == ["kegiatan", "sub_kegiatan", "sub_kegiatan"]
    code, found = _check(path)
    assert code == 1 and found == [("ROL-001", "D2")]  # 35 + 20 million under a 50 million


def test_three_columns_overspent_is_an_error(tmp_path):
    path = _book(tmp_path / "three.xlsx", [
        ["Program", "Pagu", "Realisasi"],
        ["Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 200000000, 210000000],
        ["Program Pemberdayaan Sosial", 150000000, 140000000]])
    code, found = _check(path)
    assert code == 1 and ("REA-001", "C2") in found


def test_a_table_with_nothing_to_check_never_passes(tmp_path):
    path = _book(tmp_path / "empty.xlsx", [["RENCANA AKSI"], ["No", "Uraian Kegiatan",
                                                              "Target", "Keterangan"]])
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2


def test_a_single_csv_file_is_a_table(tmp_path):
    path = tmp_path / "tiga.csv"
    path.write_text("Program;Pagu;Realisasi\n"
                    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota;200.000.000;"
                    "210.000.000\nProgram Pemberdayaan Sosial;150.000.000;140.000.000\n",
                    encoding="cp1252")
    code, found = _check(path)
    assert code == 1 and found == [("REA-001", "C2")]


VIEWER_COPY = """TABEL 3.4 REALISASI ANGGARAN PROGRAM TAHUN 2023

No   Program                                        Anggaran (Rp)      Realisasi (Rp)    Capaian Realisasi Anggaran (%)
1    Program Penunjang Urusan Pemerintahan Daerah   1.250.000.000      1.100.000.000     88,00
2    Program Pemberdayaan Sosial                    500.000.000        480.000.000       {persen}
     Jumlah                                         1.750.000.000      1.580.000.000     90,29
"""  # noqa: E501 - as a PDF viewer copies it


def test_text_copied_from_a_pdf_viewer_is_read_by_position(tmp_path):
    path = tmp_path / "salin.txt"
    path.write_text(VIEWER_COPY.format(persen="96,00"), encoding="utf-8")
    (doc,) = load(path)
    assert [(i.nama, i.anggaran, i.realisasi, i.persen_realisasi) for i in doc.items] == [
        ("Program Penunjang Urusan Pemerintahan Daerah", 1250000000, 1100000000, 88.0),
        ("Program Pemberdayaan Sosial", 500000000, 480000000, 96.0)]
    assert [(t.row, t.anggaran) for t in doc.totals] == [(6, 1750000000)]  # under its column
    assert doc.items[1].cells["realisasi"].cell == "D5"  # the file's line 5
    path.write_text(VIEWER_COPY.format(persen="69,00"), encoding="utf-8")
    code, found = _check(path)
    assert code == 1 and ("REA-003", "E5") in found  # 480 / 500 is 96 %, not 69 %


def test_a_mapping_file_corrects_what_detection_missed(tmp_path):
    """Words the vocabulary does not know ('Dana', 'Serapan'): map them, and it checks."""
    path = _book(tmp_path / "dana.xlsx", [
        ["Uraian", "Dana", "Serapan"],
        ["Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 200000000, 210000000],
        ["Program Pemberdayaan Sosial", 150000000, 140000000]])
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 2  # nothing read
    mapping = tmp_path / "peta.toml"
    result = CliRunner().invoke(main, ["inspect", str(path), "--write-mapping", str(mapping)])
    written = mapping.read_text(encoding="utf-8")
    assert 'grid = "Sheet"' in written and 'B = "abaikan"  # Dana' in written
    mapping.write_text(written.replace('B = "abaikan"', 'B = "anggaran"')
                       .replace('C = "abaikan"', 'C = "realisasi_anggaran"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--mapping", str(mapping),
                                       "--format", "json"])
    assert result.exit_code == 1
    assert [(f["code"], f["cell"]) for f in json.loads(result.stdout)["findings"]
            if f["severity"] == "error"] == [("REA-001", "C2")]
    # the same through the vocabulary: 'Dana' and 'Serapan' taught as header words
    mapping.write_text('[vocabulary.concept.anggaran]\nexact = ["dana"]\n'
                       '[vocabulary.concept.realisasi]\nexact = ["serapan"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--mapping", str(mapping)])
    assert result.exit_code == 1 and "REA-001" in result.stdout
    # an existing file is never overwritten, and a mistake names the file and the column
    again = CliRunner().invoke(main, ["inspect", str(path), "--write-mapping", str(mapping)])
    assert again.exit_code == 2 and "sudah ada" in again.stderr
    mapping.write_text('[[table]]\ngrid = "Sheet"\n[table.columns]\nB = "pagu"\n',
                       encoding="utf-8")
    bad = CliRunner().invoke(main, ["check", str(path), "--mapping", str(mapping)])
    assert bad.exit_code == 2 and "kolom B" in bad.stderr and "'pagu'" in bad.stderr


def test_sasaran_blocks_without_a_table_are_read(tmp_path):
    """A cascading laid out in blocks (no header row): sasaran, numbered indicators."""
    path = _book(tmp_path / "cascading.xlsx", [
        ["PENGUKURAN KINERJA INDIVIDU DINAS CONTOH KABUPATEN CONTOH TAHUN 2025"],
        ["KEPALA DINAS CONTOH"],
        ["Sasaran 1", None, None, "Sasaran 2"],
        [None, "Meningkatnya kualitas perencanaan", None, None,
         "Meningkatnya akuntabilitas kinerja"],
        [None, "Indikator :", None, None, "Indikator :"],
        ["1.1.", "Persentase dokumen perencanaan tepat waktu (3 Dokumen)", None, "2.1.",
         "Jumlah laporan kinerja yang disusun (4 Laporan)"],
        ["1.2.", "Jumlah rapat koordinasi (12 Kali)"],
    ])
    (doc,) = load(path)
    assert doc.jenis.value == "cascading" and doc.tahun == 2025
    assert [(i.nama, i.eselon) for i in doc.items] == [
        ("Meningkatnya kualitas perencanaan", "II"), ("Meningkatnya akuntabilitas kinerja", "II")]
    assert [(i.uraian, i.target, i.satuan) for i in doc.indicators] == [
        ("Persentase dokumen perencanaan tepat waktu", 3.0, "Dokumen"),
        ("Jumlah laporan kinerja yang disusun", 4.0, "Laporan"),
        ("Jumlah rapat koordinasi", 12.0, "Kali")]
    _, found = _check(path)
    assert ("SAT-001", "B6") in found  # a percentage counted in documents


def _stacked(tmp_path, rows):
    """A text table whose records span four quarter lines, read by the shared pipeline."""
    from checker.importers.excel_layout import GridImporter

    path = tmp_path / "bertumpuk.txt"
    path.write_text("\n".join("\t".join(r) if isinstance(r, list) else r for r in rows),
                    encoding="utf-8")
    (doc,) = GridImporter().read(path)
    return doc


def test_stacked_target_and_realisasi_columns_in_k_and_rp(tmp_path):
    """'Realisasi' under both Kinerja and Keuangan: two columns, never one read twice."""
    doc = _stacked(tmp_path, [
        "Rencana Aksi Tingkat Program Dinas Sosial", "Tahun 2024", "",
        ["NO", "PROGRAM", "INDIKATOR PROGRAM", "Kinerja Per Triwulan", "",
         "Keuangan Per Triwulan Akumulatif", ""],
        ["", "", "", "Target", "Realisasi", "Target", "Realisasi"],
        ["1", "Program Rehabilitasi Sosial", "Persentase PMKS", "Trw 1= 10%", "Trw 1= 12%",
         "Trw 1= 1,000,000", "Trw 1= 900,000"],
        ["", "", "", "Trw 2= 20%", "Trw 2= 18%", "Trw 2= 2,000,000", "Trw 2= 1,500,000"],
        ["", "", "", "Trw 3= 30%", "Trw 3= 33%", "Trw 3= 3,000,000", "Trw 3= 2,900,000"],
        ["", "", "", "Trw 4= 40%", "Trw 4= 41%", "Trw 4= 4,000,000", "Trw 4= 3,990,000"]])
    (program,), (ind,) = doc.items, doc.indicators
    assert (ind.target_tw2, ind.realisasi_tw2) == (20, 18)
    assert (program.anggaran_tw4, program.realisasi_tw4) == (4_000_000, 3_990_000)
    assert program.cells["realisasi_tw3"].cell == "G8"


def test_stacked_totals_row_over_four_lines(tmp_path):
    header = [["No", "Sub Kegiatan", "Indikator Sub Kegiatan", "Kinerja Per triwulan Akumulatif",
               "Keuangan Per triwulan Akumulatif"], ["", "", "", "Target", "Target"]]
    doc = _stacked(tmp_path, [
        "Rencana Aksi Tingkat Sub Kegiatan Dinas Sosial Kabupaten Contoh", "Tahun 2023", "",
        *header,
        ["1", "Sub A", "Jumlah dokumen", "TRW I = 1 dokumen", "Trw 1= 1,000.00"],
        ["", "", "", "TRW II = 2 dokumen", "Trw 2= 2,000.00"],
        ["", "", "", "TRW III = 3 dokumen", "Trw 3= 3,000.00"],
        ["", "", "", "TRW IV = 4 dokumen", "Trw 4= 4,000.00"],
        ["JUMLAH", "", "", "", "Trw 1= 1,000.00"],
        ["", "", "", "", "Trw 2= 2,000.00"],
        ["", "", "", "", "Trw 3= 3,000.00"],
        ["", "", "", "", "Trw 4= 4,000.00"]])
    (total,) = doc.totals
    assert (total.anggaran_tw1, total.anggaran_tw4) == (1000, 4000)
    assert total.cells["anggaran_tw4"].cell == "E13"
    assert len(doc.items) == 1 and doc.items[0].anggaran_tw4 == 4000


def test_a_damaged_pdf_is_named_with_its_reason(tmp_path):
    path = tmp_path / "rusak.pdf"
    path.write_text("bukan pdf", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "tidak ada dokumen" not in result.stderr and "rusak.pdf" in result.stderr


def test_cells_without_a_header_say_what_was_read_and_how_to_map_it(tmp_path):
    """Real HTML rows with no header (fixture 14): exit 2, the count read, the mapping steps."""
    rows = Path(__file__).parent.parent / "fixtures/real_tables/14_sumedang_diskominfo_renstra.txt"
    with pytest.raises(InputError) as caught:
        load(rows)
    assert caught.value.key == "input.no_table_header"
    assert caught.value.params["grids"] == 1 and caught.value.params["rows"] > 0
    result = CliRunner().invoke(main, ["check", str(rows)])
    assert result.exit_code == 2
    assert "--write-mapping pemetaan.toml" in result.stderr and "--mapping" in result.stderr
    mapping = tmp_path / "m.toml"
    written = CliRunner().invoke(main, ["inspect", str(rows), "--write-mapping", str(mapping)])
    assert 'grid = "Tabel 1"' in mapping.read_text(encoding="utf-8"), written.output


def test_a_word_file_of_paragraphs_only_is_said_to_hold_no_table(tmp_path):
    """A Word report of prose only: exit 2 saying there is no table to read, in both
    languages, not the vaguer 'no recognisable document'."""
    docx = pytest.importorskip("docx")
    path = tmp_path / "uraian.docx"
    document = docx.Document()
    document.add_paragraph("Capaian kinerja tahun ini diuraikan pada Bab III.")
    document.save(path)
    for lang, words in (("id", "tanpa tabel"), ("en", "without a table")):
        result = CliRunner().invoke(main, ["check", "--lang", lang, str(path)])
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert words in result.stderr and "uraian.docx" in result.stderr
