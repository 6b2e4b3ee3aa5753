"""Seed 004's report tables read by the shared stages: the pagu table and what it taught.

The parity with the retired readers (every finding at the same table and cell) is in
``test_seed_004_pipeline.py``; here, what each table reads into, and the general stages
the move added, each on a small inline table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.importers.caption_tables import CaptionedImporter
from checker.importers.excel_layout import GridImporter
from checker.importers.levels import name_clues
from checker.importers.titles import level_from_text
from checker.model.plan import Document
from tests.conftest import SEEDS

SEED = SEEDS / "004_a30a70c4cd2935b3.txt"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {d.id.split("#", 1)[1]: d for d in CaptionedImporter().read(SEED)}


# --------------------------------------------------------------------------- Tabel 2.3
def test_pagu_versions_read_by_the_shared_stages(docs):
    doc = docs["lkjip-tabel-2.3"]
    info = doc.tables[0]
    assert info.grid == "004_a30a70c4cd2935b3"  # the pipeline's, not read_pagu's
    assert [info.columns[c] for c in "BCD"] == [
        "anggaran_murni", "anggaran_pergeseran", "anggaran_perubahan"]
    levels = [i.level.value for i in doc.items]
    assert levels.count("program") == 4 and levels.count("kegiatan") == 12
    p1 = doc.item("P1")
    assert (p1.anggaran_murni, p1.anggaran_pergeseran, p1.anggaran_perubahan) == (
        3_083_279_600, 3_083_279_600, 2_514_881_923)
    assert p1.anggaran is None  # three versions, none of them 'the' anggaran
    assert p1.cells["anggaran_perubahan"].cell == "D316"
    # 'Pengadaan Barang Milik Daerah' (line 322) begins one official kegiatan's name only;
    # 'Pemeliharaan Taman Makam Pahlawan …' (331) is a kegiatan's and a sub-kegiatan's
    # official name, right after its program: both kegiatan, under their programs
    by_row = {i.row: i for i in doc.items}
    assert (by_row[322].level.value, by_row[322].induk) == ("kegiatan", "P1")
    assert (by_row[331].level.value, by_row[331].induk) == ("kegiatan", "P4")
    p2 = doc.item("P2")  # '1.305.563.5500': murni and pergeseran unread (NUM-001)
    assert (p2.anggaran_murni, p2.anggaran_perubahan) == (None, 1_358_126_500)
    # the bidang row 'SOSIAL' is no item: recognised above the programs and said
    assert 315 not in by_row
    (above,) = [f for f in doc.issues if f.code == "STR-005"]
    assert (above.location.cell, above.actual) == ("A315", [315])


PAGU = ("Pagu Program dan kegiatan Tahun 2025\n\n"
        "PROGRAM/KEGIATAN/SUB KEGIATAN\tPAGU APBD 2025\tAPBD Pergeseran 2025\tAPBD Perubahan\n")


def _read(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "pagu.txt"
    path.write_text(text, encoding="utf-8")
    (doc,) = GridImporter().read(path)
    return doc


def test_budget_versions_side_by_side(tmp_path):
    doc = _read(tmp_path, PAGU +
                "PROGRAM PENANGANAN BENCANA\t100.000\t100.000\t120.000\n"
                "Perlindungan Sosial Korban Bencana Alam dan Sosial Kabupaten/Kota\t"
                "100.000\t100.000\t110.000\n")
    program, kegiatan = doc.items
    assert (program.level.value, kegiatan.level.value, kegiatan.induk) == (
        "program", "kegiatan", program.id)
    assert (program.anggaran_murni, program.anggaran_pergeseran,
            program.anggaran_perubahan) == (100_000, 100_000, 120_000)
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    registry = load_registry()
    result = Engine(registry, registry.select([], [])).run([doc])
    # perubahan 120.000 over a kegiatan of 110.000: the revised pagu does not roll up
    assert sorted((f.code, f.location.cell) for f in result.findings
                  if f.code.startswith("ROL")) == [("ROL-005", "D4")]


def test_a_lone_budget_column_is_the_anggaran_whatever_its_version(tmp_path):
    doc = _read(tmp_path, "Pagu Program dan kegiatan Tahun 2025\n\n"
                          "PROGRAM/KEGIATAN\tIndikator\tAPBD Perubahan\n"
                          "PROGRAM PENANGANAN BENCANA\tPersentase\t120.000\n")
    (program,) = doc.items
    assert (program.anggaran, program.anggaran_perubahan) == (120_000, None)


def test_a_title_naming_several_levels_announces_none():
    assert level_from_text("Pagu Program dan kegiatan Tahun 2024") == (None, None)
    assert level_from_text("PROGRAM/KEGIATAN/SUB KEGIATAN") == (None, None)
    assert level_from_text("Rencana Aksi Sub Kegiatan")[0].value == "sub_kegiatan"
    assert level_from_text("Tingkat Kegiatan")[0].value == "kegiatan"


def test_a_bidang_by_its_short_name_and_a_name_cut_short():
    (bidang,) = name_clues("SOSIAL")
    assert (bidang.level, bidang.source) == ("bidang_urusan", "nomenklatur")
    (cut,) = name_clues("Pengadaan Barang Milik Daerah")
    assert (cut.level, cut.source) == ("kegiatan", "nomenklatur (mirip)")
    assert name_clues("Pengadaan Barang") == []  # two words begin too many names


# ----------------------------------------------------------- Tabel 4.1, 4.5 (no name column)
def test_iku_table_measures_the_documents_one_sasaran(docs):
    doc = docs["lkjip-tabel-4.1"]
    assert doc.tables[0].grid == "004_a30a70c4cd2935b3"  # the pipeline's
    (sasaran,) = doc.items
    # named in Tabel 2.2 (line 303), where the report prints it first
    assert (sasaran.level.value, sasaran.nama, sasaran.cells["nama"].cell) == (
        "sasaran", "Meningkatnya PMKS yang Berdaya", "B303")
    (ind,) = doc.indicators
    assert (ind.item, ind.target, ind.realisasi, ind.capaian, ind.satuan) == (
        "SS1", 87.82, 91.22, 103.81, "%")
    assert [ind.cells[f].cell for f in ("uraian", "target", "realisasi", "capaian")] == [
        "B491", "E491", "F491", "G491"]


def test_spm_table_numbered_rows_are_indicators_of_the_one_sasaran(docs):
    doc = docs["lkjip-tabel-4.5"]
    (sasaran,) = doc.items
    assert sasaran.cells["nama"].cell == "B303"
    assert [(x.target, x.realisasi, x.cells["uraian"].cell) for x in doc.indicators] == [
        (100.0, 36.69, "C555"), (100.0, 100.0, "C556"), (100.0, 100.0, "C557"),
        (100.0, 100.0, "C558"), (100.0, 100.0, "C563")]
    # the header printed again on the next page (line 562) is no indicator
    assert any(row == 562 for row, _ in doc.tables[0].skipped)


def test_name_column_gives_the_measured_item_its_real_cell():
    from checker.importers.excel_grid import Sheet
    from checker.importers.excel_layout import GridImporter  # noqa: F401 (stages loaded)
    from checker.importers.indicator_lists import NamedItem, header_row, name_column

    rows = [["Tabel 4.1"], [], ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi",
                                "Capaian %"],
            ["1", "Persentase A", "%", "80", "88", "110"],
            ["2", "Persentase B", "%", "50", "50", "100"]]
    sheet = Sheet(name="x", rows=rows, container="text")
    assert header_row(sheet, 1, 5) == 3
    found = name_column(sheet, 1, 5, NamedItem("sasaran", "Meningkatnya A", 40, 2))
    assert found is not None
    grid, dropped = found
    assert dropped == []
    assert grid.text(3, 1) == "Sasaran" and grid.text(4, 1) == "Meningkatnya A"
    assert grid.cell_addresses[(4, 1)] == (40, 2)  # where the sasaran is printed
    assert grid.cell_addresses[(4, 6)] == (4, 5)  # every other cell at its own
    assert grid.text(5, 2) == ""  # 'No' numbers indicators, not items
    assert name_column(Sheet(name="y", rows=[["a", "b"]], container="text"), 1, 1,
                       NamedItem("sasaran", "A", 1, 1)) is None


def test_a_capaian_column_is_read_and_checked(tmp_path):
    doc = _read(tmp_path, "Target Kinerja Sasaran Tahun 2025\n\n"
                          "No\tSasaran Kinerja\tIndikator Kinerja\tTarget\tRealisasi\tCapaian %\n"
                          "1\tMeningkatnya A\tPersentase A\t80\t88\t100\n")
    (ind,) = doc.indicators
    assert (ind.target, ind.realisasi, ind.capaian, ind.cells["capaian"].cell) == (
        80.0, 88.0, 100.0, "F4")
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    registry = load_registry()
    result = Engine(registry, registry.select([], [])).run([doc])
    # 88 / 80 x 100 = 110, not the 100 printed
    assert [(f.code, f.location.cell) for f in result.findings if f.code == "CAP-001"] == [
        ("CAP-001", "F4")]


# ------------------------------------------------------------- Tabel 4.2 and 4.2-b (years)
def test_iku_per_year_reads_the_reports_year(docs):
    doc = docs["lkjip-tabel-4.2"]
    info = doc.tables[0]
    assert info.grid == "004_a30a70c4cd2935b3"
    assert [(x.target, x.realisasi, x.cells["realisasi"].cell) for x in doc.indicators] == [
        (None, 100.0, f"E{row}") for row in (503, 504, 508, 509, 510)]
    # 2023's columns (C, D) are context, said (STR-005), never read as 2024's
    (unread,) = [f for f in doc.issues if f.code == "STR-005"]
    assert unread.actual == ["C502", "D502"]
    # the blank 2024 target is named at its own cell, on short lines too
    assert doc.indicators[2].cells["target"].cell == "F508"


def test_year_bands_keep_the_reports_year_only(docs):
    doc = docs["lkjip-tabel-4.2-b"]
    (ind,) = doc.indicators
    assert (ind.target, ind.realisasi, ind.capaian, ind.cells["capaian"].cell) == (
        87.82, 91.22, 103.87, "G537")
    assert sorted(r for r, _ in doc.tables[0].skipped) == [536, 538, 539]


def test_year_bands_in_an_indicator_table():
    from checker.importers.excel_grid import Sheet
    from checker.importers.indicator_lists import NamedItem, name_column

    rows = [["No", "Indikator Kinerja", "Target", "Realisasi"], ["", "", "", "Tahun 2025"],
            ["1", "Persentase A", "80", "88"], ["", "Tahun 2024"], ["2", "", "70", "71"]]
    found = name_column(Sheet(name="x", rows=rows, container="text"), 1, 5,
                        NamedItem("sasaran", "A", 9, 2), 2025)
    assert found is not None
    grid, dropped = found
    assert dropped == [(2, "year_band", 2025), (4, "year_band", 2024),
                       (5, "other_year", 2024)]
    assert grid.rows[4] == [] and grid.text(3, 1) == "A"
