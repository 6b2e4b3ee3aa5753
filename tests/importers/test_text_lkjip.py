"""The LKjIP importer on the real seed 004 (LKjIP Lampung Barat 2024 and its appendices)."""

from __future__ import annotations

from collections import Counter

import pytest

from checker.importers.caption_tables import CaptionedImporter
from checker.importers.registry import load
from checker.importers.textlines import read_lines
from checker.model.plan import Document, Indicator, Item
from tests.conftest import SEEDS

SEED = SEEDS / "004_a30a70c4cd2935b3.txt"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {d.id.split("#", 1)[1]: d for d in CaptionedImporter().read(SEED)}


def _levels(doc: Document) -> dict[str, int]:
    return dict(Counter(i.level.value for i in doc.items))


def _item(doc: Document, item_id: str) -> Item:
    item = doc.item(item_id)
    assert item is not None, item_id
    return item


def _indicators(doc: Document, item_id: str) -> list[Indicator]:
    return [x for x in doc.indicators if x.item == item_id]


def _issue(doc: Document, code: str, cell: str):
    hits = [f for f in doc.issues if f.code == code and f.location.cell == cell]
    assert len(hits) == 1, (code, cell, sorted((f.code, f.location.cell) for f in doc.issues))
    return hits[0]


def _codes(doc: Document) -> dict[str, int]:
    return dict(Counter(f.code for f in doc.issues))


# --------------------------------------------------------------------------- recognition
def test_sniff_recognises_only_the_lkjip():
    for path in sorted(SEEDS.glob("*.txt")):
        assert CaptionedImporter().sniff(path, read_lines(path)) == (path == SEED), path.name


def test_registry_routes_the_seed_here():
    ids = [d.id for d in load(SEED)]
    assert ids[0] == "004_a30a70c4cd2935b3#lkjip-tabel-2.2"
    assert "004_a30a70c4cd2935b3#pk_perubahan" in ids


def test_documents_parts_and_metadata(docs):
    assert list(docs) == [
        "lkjip-tabel-2.2", "lkjip-tabel-2.3", "lkjip-tabel-2.4", "lkjip-tabel-2.5",
        "lkjip-tabel-4.1", "lkjip-tabel-4.2", "lkjip-tabel-4.2-b", "lkjip-tabel-4.5",
        "lkjip-tabel-4.6", "lkjip-tabel-4.7", "lkjip-tabel-4.8", "rencana_aksi", "pk",
        "pk_perubahan"]
    for doc in docs.values():
        assert (doc.instansi, doc.pemda, doc.tahun) == (
            "Dinas Sosial", "Kabupaten Lampung Barat", 2024)
        assert doc.path == str(SEED)
    assert {d.jenis.value for d in docs.values()} == {"lkjip", "rencana_aksi", "pk",
                                                      "pk_perubahan"}


def test_counts_per_document_and_level(docs):
    expected = {
        "lkjip-tabel-2.2": ({"sasaran": 1}, 1), "lkjip-tabel-2.3": (
            {"program": 4, "kegiatan": 12}, 0), "lkjip-tabel-2.4": ({"sasaran": 1}, 1),
        "lkjip-tabel-2.5": ({"program": 4}, 6), "lkjip-tabel-4.1": ({"sasaran": 1}, 1),
        "lkjip-tabel-4.2": ({"sasaran": 1}, 5), "lkjip-tabel-4.2-b": ({"sasaran": 1}, 1),
        "lkjip-tabel-4.5": ({"sasaran": 1}, 5), "lkjip-tabel-4.6": ({"sasaran": 1}, 5),
        "lkjip-tabel-4.7": ({"sasaran": 1}, 5),
        "lkjip-tabel-4.8": ({"program": 4, "kegiatan": 12, "sub_kegiatan": 35}, 0),
        "rencana_aksi": ({"tujuan": 1, "sasaran": 1, "program": 4, "kegiatan": 12,
                          "sub_kegiatan": 35}, 72),
        "pk": ({"sasaran": 1, "program": 4, "kegiatan": 12, "sub_kegiatan": 35}, 1),
        "pk_perubahan": ({"sasaran": 1, "program": 4, "kegiatan": 12, "sub_kegiatan": 35}, 1),
    }
    for part, (levels, indicators) in expected.items():
        assert _levels(docs[part]) == levels, part
        assert len(docs[part].indicators) == indicators, part


def test_item_ids_are_unique_and_parents_exist(docs):
    for doc in docs.values():
        ids = [i.id for i in doc.items]
        assert len(ids) == len(set(ids)), doc.id
        for item in doc.items:
            assert item.induk is None or doc.item(item.induk) is not None, (doc.id, item.id)
        for ind in doc.indicators:
            assert doc.item(ind.item) is not None


def test_every_read_number_keeps_its_cell_and_raw_text(docs):
    numeric = ("anggaran", "anggaran_murni", "anggaran_pergeseran", "anggaran_perubahan",
               "realisasi", "sisa", "persen_realisasi", "target", "capaian",
               *(f"{f}_tw{q}" for f in ("anggaran", "realisasi", "target") for q in range(1, 5)))
    for doc in docs.values():
        for row in [*doc.items, *doc.indicators, *doc.totals]:
            for name in numeric:
                if getattr(row, name, None) is not None:
                    assert row.cells[name].cell, (doc.id, row, name)
                    assert row.raw[name], (doc.id, name)


# --------------------------------------------------------------------------- Tabel 2.3
def test_pagu_versions_and_the_malformed_pagu(docs):
    doc = docs["lkjip-tabel-2.3"]
    p1 = _item(doc, "P1")
    assert (p1.anggaran, p1.anggaran_murni, p1.anggaran_perubahan) == (
        None, 3_083_279_600, 2_514_881_923)
    assert p1.cells["anggaran_perubahan"].cell == "D316"
    p2 = _item(doc, "P2")
    assert p2.anggaran_murni is None and p2.anggaran_pergeseran is None
    assert p2.raw["anggaran_murni"] == "1.305.563.5500"
    assert p2.anggaran_perubahan == 1_358_126_500
    for cell in ("B325", "C325"):
        finding = _issue(doc, "NUM-001", cell)
        assert finding.actual == "1.305.563.5500"
        assert "1.305.563.500" in finding.suggestion["id"]
        assert "1,305,563,500" in finding.suggestion["en"]
    assert [i.induk for i in doc.items if i.level.value == "kegiatan"][:2] == ["P1", "P1"]
    assert _item(doc, "K9").induk == "P2"
    # the bidang row (SOSIAL, line 315) is above the programs: no item, no total, said
    assert doc.totals == [] and all(i.row != 315 for i in doc.items)
    assert _codes(doc) == {"NUM-001": 2, "STR-005": 1}


# --------------------------------------------------------------------------- Tabel 4.8
# Tabel 4.8 (realisation per code) is read by the shared pipeline now:
# tests/importers/test_seed_004_pipeline.py.


# --------------------------------------------------------------------------- indicator tables
def test_iku_capaian_and_targets(docs):
    (ind,) = docs["lkjip-tabel-4.1"].indicators
    assert (ind.target, ind.realisasi, ind.capaian, ind.satuan) == (87.82, 91.22, 103.81, "%")
    assert [ind.cells[f].cell for f in ("target", "realisasi", "capaian")] == [
        "E491", "F491", "G491"]
    sasaran = _item(docs["lkjip-tabel-4.1"], "SS1")
    assert sasaran.nama == "Meningkatnya PMKS yang Berdaya"
    assert sasaran.cells["nama"].cell == "B303"  # named by Tabel 2.2
    (pk_row,) = docs["lkjip-tabel-2.2"].indicators
    assert (pk_row.target, pk_row.cells["target"].cell) == (87.82, "F303")  # 2024 column
    (b,) = docs["lkjip-tabel-4.2-b"].indicators
    assert (b.capaian, b.cells["capaian"].cell) == (103.87, "G537")
    skipped = dict(docs["lkjip-tabel-4.2-b"].tables[0].skipped)
    assert 539 in skipped  # the 2023 row


def test_program_targets_mixed_conventions_and_grade(docs):
    doc = docs["lkjip-tabel-2.5"]
    by_cell = {i.cells["target"].cell: i for i in doc.indicators}
    assert by_cell["D356"].target == 78.75
    assert by_cell["D357"].target == 19.55
    ikm = by_cell["D359"]
    assert (ikm.uraian, ikm.target, ikm.target_teks) == ("IKM", None, "B")
    assert [i.item for i in doc.indicators] == ["P1", "P2", "P2", "P2", "P3", "P4"]
    assert not [f for f in doc.issues if f.code.startswith("NUM")]


def test_spm_tables_read_own_region_columns(docs):
    first = docs["lkjip-tabel-4.5"].indicators[0]
    assert (first.target, first.realisasi, first.cells["realisasi"].cell) == (
        100.0, 36.69, "E555")
    assert [i.cells["realisasi"].cell for i in docs["lkjip-tabel-4.6"].indicators][:2] == [
        "D581", "D582"]  # Lampung Barat, not the province (F)
    assert [i.realisasi for i in docs["lkjip-tabel-4.7"].indicators] == [100.0] * 5
    # described by the file's own columns (the sasaran is named at B303, said in a note)
    info = docs["lkjip-tabel-4.7"].tables[0]
    assert info.roles["D"] == "realisasi" and info.roles["E"] == "abaikan"
    assert any("B303" in note for note in info.notes)


def test_skipped_report_tables_are_reported(docs):
    skipped = sorted(f.location.table for d in docs.values() for f in d.issues
                     if f.code == "STR-004" and (f.location.table or "").startswith("Tabel")
                     and f.location.table != "Tabel 4.8")
    assert skipped == ["Tabel 2.1", "Tabel 3.1", "Tabel 3.2", "Tabel 3.3", "Tabel 3.4",
                       "Tabel 3.5", "Tabel 4.10", "Tabel 4.9"]


# --------------------------------------------------------------------------- rencana aksi
def test_rencana_aksi_goal_and_program_levels(docs):
    doc = docs["rencana_aksi"]
    assert _item(doc, "SS1").induk == "T1"
    (goal,) = _indicators(doc, "SS1")
    assert goal.mode == "kumulatif"
    assert [goal.target_tw1, goal.target_tw4, goal.realisasi_tw4] == [50.0, 87.82, 91.22]
    assert goal.cells["target_tw4"].cell == "S841"
    p1 = _item(doc, "P1")
    assert (p1.induk, p1.anggaran_mode, p1.penanggung_jawab) == (
        "SS1", "kumulatif", "Sekretaris Dinas")
    assert [p1.anggaran_tw1, p1.anggaran_tw4] == [1_003_439_943, 3_188_224_826]
    assert p1.cells["anggaran_tw4"].cell == "H860"
    (sakip,) = _indicators(doc, "P1")
    # "Kinerja Per Triwulan" beside "Keuangan Per Triwulan Akumulatif": each column group
    # keeps the mode it states, so the kinerja quarters are periodik (no false TGT-006)
    assert sakip.mode == "periodik"
    # Program 2 holds three sasaran blocks; its keuangan is their sum.
    p2 = _item(doc, "P2")
    assert p2.anggaran_tw4 == 221_658_000 + 1_136_468_500
    assert p2.raw["anggaran_tw4"] == "Trw 4= 221,658,000 + Trw 4= 1,136,468,500"
    assert len(_indicators(doc, "P2")) == 3


def test_rencana_aksi_malformed_and_shifted_values(docs):
    doc = docs["rencana_aksi"]
    # '100,00%' and '78,57%' in a column written '100.00%': a decimal comma, never a
    # thousands group (issue 13, false error 1). Read, with NUM-002 on the convention.
    assert not [f for f in doc.issues if f.code == "NUM-001"
                and f.location.cell in ("F877", "G877", "F879", "G881")]
    assert _issue(doc, "NUM-002", "F877").actual.endswith("100,00%")
    (bencana,) = _indicators(doc, "P3")
    assert (bencana.target_tw3, bencana.target_tw4) == (100.0, 100.0)
    (makam,) = _indicators(doc, "P4")
    assert (makam.target_tw2, makam.realisasi_tw4) == (78.57, 78.57)
    assert bencana.uraian.endswith("hari setelah laporan")  # continued on line 877
    # 'T.W 1' on the fourth line of its block: not read, reported.
    assert "T.W 1" in _issue(doc, "STR-002", "G922").actual
    prognosis = _indicators(doc, "K2")[3]
    assert (prognosis.target_tw3, prognosis.target_tw4, prognosis.realisasi_tw4) == (
        1.0, None, 1.0)
    assert _issue(doc, "STR-002", "F959").actual == "T.w 1 : 1 Unit"
    # OCR 'Tiw' labels are read.
    alat = _indicators(doc, "K6")[1]
    assert (alat.target_tw1, alat.cells["target_tw1"].cell) == (1.0, "G960")
    assert "STR-001" in _codes(doc)
    assert "A1069" in {f.location.cell for f in doc.issues if f.code == "STR-001"}


def test_rencana_aksi_garbled_blocks_are_reported_not_read(docs):
    doc = docs["rencana_aksi"]
    junk = _issue(doc, "STR-002", "A1099")
    assert "1099–1102" in junk.message["id"]
    loose = [f for f in doc.issues if f.code == "STR-004"]
    assert [f.location.row for f in loose] == [1182]
    sk17 = _item(doc, "S17")
    assert [sk17.anggaran_tw1, sk17.realisasi_tw1] == [None, None]
    assert _issue(doc, "STR-002", "H1104").actual == "Trw 1 : 0 Dokumen"
    sk18 = _item(doc, "S18")
    assert sk18.anggaran_tw2 is None  # 'Trw 3' label on the TW 2 line
    (visits,) = _indicators(doc, "S18")
    assert [visits.target_tw1, visits.target_tw4] == [3.0, 12.0]
    sk24 = _item(doc, "S24")
    assert [sk24.anggaran_tw3, sk24.anggaran_tw4] == [49_509_680, 96_137_800]


def test_rencana_aksi_parents_by_name_and_counts_in_thousands(docs):
    doc = docs["rencana_aksi"]
    # 'ADMINISTRASI KEPERANGKAT DAERAH': 0.91 to K2 and 0.90 to K5 among all kegiatan,
    # but between K1's and K2's sub-kegiatan only K2 is near (excel_parents._between)
    assert _item(doc, "S8").induk == "K2"
    assert _item(doc, "S12").induk == "K3"
    assert _item(doc, "K7").induk == "P1"  # 'PENJUANG DILUSAN PEMERINTAHAN …'
    assert _item(doc, "S34").induk == "K11"
    (bimbingan,) = _indicators(doc, "S32")
    assert (bimbingan.target_tw1, bimbingan.realisasi_tw4) == (25_000.0, 28_274.0)
    k1 = _item(doc, "K1")
    assert k1.anggaran_tw4 == 5_000_000 + 23_025_000 + 8_460_000
    # 'Trw 1 :' left blank in a record whose other quarters hold values: nothing spent
    assert _item(doc, "S2").realisasi_tw1 == 0


# The Perjanjian Kinerja and PK Perubahan are read by the shared pipeline now:
# tests/importers/test_seed_004_pipeline.py.


def test_number_findings_never_carry_a_value(docs):
    for doc in docs.values():
        for finding in doc.issues:
            if finding.code in ("NUM-001", "NUM-003"):
                assert finding.location.cell and finding.actual
                for row in [*doc.items, *doc.indicators, *doc.totals]:
                    for name, loc in row.cells.items():
                        if loc.cell == finding.location.cell and loc.table == \
                                finding.location.table:
                            assert getattr(row, name) is None, (doc.id, name, loc.cell)
