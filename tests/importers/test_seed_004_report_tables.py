"""Seed 004's report tables read by the shared stages: the pagu table and what it taught.

The parity with the retired readers (every finding at the same table and cell) is in
``test_seed_004_pipeline.py``; here, what each table reads into, and the general stages
the move added, each on a small inline table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.importers.excel_layout import GridImporter
from checker.importers.levels import name_clues
from checker.importers.text_lkjip import LkjipImporter
from checker.importers.titles import level_from_text
from checker.model.plan import Document
from tests.conftest import SEEDS

SEED = SEEDS / "004_a30a70c4cd2935b3.txt"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {d.id.split("#", 1)[1]: d for d in LkjipImporter().read(SEED)}


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
