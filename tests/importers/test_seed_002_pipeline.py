"""Penjenjangan kinerja (seed 002, Dinas Sosial Kotawaringin Timur 2025) on the shared pipeline.

The pipeline reads the whole seed: its tujuan and sasaran strategis table and its program,
kegiatan and sub-kegiatan blocks (the key-value stage, ``key_values.py``) into the plan
document, and the tree of stages 1–4 (outcome, CSF, ``Kondisi`` tables, ``Pohon
Kinerja``; the tree stage, ``tree.py``) into the ``#cascading-pohon`` document, both under
the ``cascading`` profile. Every finding of the retired own importer (``text_cascading.py``)
is still given at the same table and cell. Many expectations are the own importer's
tests, pointed at the pipeline.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.importers.excel_grid import Sheet
from checker.importers.excel_layout import GridImporter, _sheets
from checker.importers.key_values import key_line, key_meaning
from checker.importers.profiles import builtin, match
from checker.model.plan import Document, Indicator, Item
from checker.model.schema import Level
from tests.conftest import SEEDS

SEED = SEEDS / "002_f85901f096964ca2.txt"


def _docs(path: Path) -> dict[str, Document]:
    """The documents of a file by the last part of their id (``pohon``, ``cascading``)."""
    return {d.id.rsplit("-", 1)[-1].rsplit("#", 1)[-1]: d for d in GridImporter().read(path)}


def _doc(path: Path) -> Document:
    """The plan document (stage 5): the file's last."""
    return GridImporter().read(path)[-1]


def _by_name(doc: Document, nama: str) -> Item:
    hits = [i for i in doc.items if i.nama == nama]
    assert len(hits) == 1, (nama, [i.id for i in hits])
    return hits[0]


def _indicators(doc: Document, item: Item) -> list[Indicator]:
    return [x for x in doc.indicators if x.item == item.id]


def _issues(doc: Document) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.location.cell) for f in doc.issues)


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return _docs(SEED)


@pytest.fixture(scope="module")
def doc(docs: dict[str, Document]) -> Document:
    return docs["cascading"]


@pytest.fixture(scope="module")
def tree(docs: dict[str, Document]) -> Document:
    return docs["pohon"]


# --------------------------------------------------------------------------- the profile
def test_the_cascading_profile_claims_seed_002_and_no_other_seed() -> None:
    assert "cascading" in [p.name for p in builtin()]
    for seed in sorted(SEEDS.glob("*.txt")):
        profile = match(_sheets(seed))
        claimed = profile is not None and profile.name == "cascading"
        assert claimed == (seed == SEED), seed.name


# --------------------------------------------------------------------------- the seed
def test_the_pipeline_reads_the_seed(docs: dict[str, Document], doc: Document) -> None:
    assert [d.id for d in docs.values()] == [
        "002_f85901f096964ca2#cascading-pohon", "002_f85901f096964ca2#cascading"]
    assert doc.jenis.value == "cascading"
    assert (doc.instansi, doc.pemda, doc.tahun) == (
        "Dinas Sosial", "Kabupaten Kotawaringin Timur", 2025)
    assert [t.name for t in doc.tables] == [
        "Tujuan dan Sasaran Strategis", "Kinerja Manajerial", "Kinerja Operasional"]
    assert Counter(i.level for i in doc.items) == {
        Level.TUJUAN: 1, Level.SASARAN: 1, Level.PROGRAM: 7, Level.KEGIATAN: 13,
        Level.SUB_KEGIATAN: 43}
    assert len(doc.indicators) == 70  # as the own importer's kinerja document


def test_budgets_and_targets_with_their_cells(doc: Document) -> None:
    p1 = _by_name(doc, "Program Penanganan Bencana")
    assert (p1.anggaran, p1.cells["anggaran"].cell, p1.raw["anggaran"]) == (
        372_250_370, "C657", "372.250.370")
    assert p1.cells["nama"].cell == "C653" and p1.cells["nama"].table == "Kinerja Manajerial"
    p7 = _by_name(doc, "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")
    assert (p7.anggaran, p7.cells["anggaran"].cell) == (5_328_418_993, "C782")
    assert len([i for i in doc.items if i.induk == p7.id]) == 6  # six blocks, one program

    keg = _by_name(doc, "Perlindungan Sosial Korban Bencana Alam dan Sosial Kabupaten/ Kota")
    (ind,) = _indicators(doc, keg)
    assert (ind.target, ind.satuan, ind.cells["target"].cell) == (93.59, "%", "C661")
    makanan = _by_name(doc, "Penyediaan Makanan")
    assert makanan.induk == keg.id and makanan.cells["nama"].cell == "C862"
    (ind,) = _indicators(doc, makanan)
    assert (ind.target, ind.satuan, ind.cells["target"].cell, ind.raw["target"]) == (
        55.0, "Orang", "C865", "55 Orang")

    gaji = _by_name(doc, "Penyediaan Gaji dan Tunjangan ASN")
    (ind,) = _indicators(doc, gaji)
    assert (ind.target, ind.satuan) == (33.0, "orang/bulan")  # the pipeline's spelling
    panti = _by_name(doc, "Fasilitasi Bantuan Sosial Kesejahteraan Keluarga")
    (ind,) = _indicators(doc, panti)
    assert (ind.target, ind.satuan, ind.cells["target"].cell) == (1.0, None, "C1039")


def test_the_strategic_table_reads_the_documents_year(doc: Document) -> None:
    (ind,) = _indicators(doc, doc.item("T1"))
    assert (ind.target, ind.cells["target"].cell) == (94.99, "G636")
    assert [x.target for x in _indicators(doc, doc.item("SS1"))] == [
        85.37, 90.05, 89.93, 82.07, 93.59, 90.91]
    assert doc.item("SS1").induk == "T1"
    # the other years are context, named in one STR-005 warning
    (unread,) = [f for f in doc.issues if f.code == "STR-005" and f.location.table ==
                 "Tujuan dan Sasaran Strategis"]
    assert unread.actual == ["C635", "D635", "E635", "F635"]


def test_malformed_budgets_are_reported_never_read(doc: Document) -> None:
    expected = {"C749": "32.400.0000", "C1072": "23. 000.000", "C1122": "3.536.925. 665",
                "C1169": "13.2918.000"}
    num = {f.location.cell: f for f in doc.issues if f.code.startswith("NUM")}
    assert {c: f.actual for c, f in num.items()} == expected
    for cell, raw in expected.items():
        owner = next(i for i in doc.items if i.cells.get("anggaran") == num[cell].location)
        assert owner.anggaran is None and owner.raw["anggaran"] == raw


def test_parents_by_block_and_heading(doc: Document) -> None:
    rehab = _by_name(doc, "Rehabilitasi sosial dasar penyandang disabilitas terlantar, anak "
                          "terlantar, lanjut usia terlantar serta gelandangan pengemis di luar "
                          "panti social")
    # "(Kegiatan : … Panti Sosial)" vs the block's "… panti social": the same kegiatan,
    # the two spellings reported once at the heading
    assert _by_name(doc, "Penyediaan Permakanan").induk == rehab.id
    assert ("STR-003", "A910") in _issues(doc)
    # two "Pemberian Layanan Rujukan", one under each rehabilitation kegiatan
    rujukan = sorted((i.row, i.induk) for i in doc.items if i.nama == "Pemberian Layanan Rujukan")
    assert [r for r, _ in rujukan] == [998, 1021] and rujukan[0][1] == rehab.id
    assert rujukan[1][1] != rehab.id and rujukan[1][1] is not None
    # its kegiatan has no block: STR-003 at the heading
    assert _by_name(doc, "Pelayanan Dukungan Psikososial").induk is None
    assert ("STR-003", "A894") in _issues(doc)
    assert ("STR-004", "A1274") in _issues(doc)  # the position matrix, recognised, not read


def test_every_finding_has_an_address_and_both_languages(doc: Document) -> None:
    for f in doc.issues:
        assert f.location.row is not None and f.location.table, f
        assert f.message["id"] and f.message["en"]


# What the retired own importer (text_cascading.py) reported on this seed, by code, table
# and cell (``sakip-check check`` on the seed before it was retired): the plan part ...
OWN_IMPORTER_CELLS = [
    ("STR-004", "Distribusi Kinerja Jabatan", "A1274"),
    ("ROL-001", "Kinerja Manajerial", "C662"), ("NOM-003", "Kinerja Manajerial", "C677"),
    ("ROL-001", "Kinerja Manajerial", "C681"), ("ROL-001", "Kinerja Manajerial", "C730"),
    ("ROL-001", "Kinerja Manajerial", "C725"), ("NUM-001", "Kinerja Manajerial", "C749"),
    ("ROL-001", "Kinerja Manajerial", "C809"), ("NOM-003", "Kinerja Manajerial", "C816"),
    *(("SAT-002", "Kinerja Manajerial", f"C{row}") for row in (
        661, 680, 691, 710, 729, 748, 767, 786, 797, 808, 819, 849)),
    ("STR-003", "Kinerja Operasional", "A894"), ("KLP-003", "Kinerja Operasional", "C1039"),
    ("NUM-001", "Kinerja Operasional", "C1072"), ("NUM-001", "Kinerja Operasional", "C1122"),
    ("NUM-001", "Kinerja Operasional", "C1169"), ("NOM-003", "Kinerja Operasional", "C1185"),
    *(("SAT-003", "Tujuan dan Sasaran Strategis", f"G{row}") for row in range(636, 644)
      if row != 637)]
#: ... and the tree of stages 1–4 (the ``#cascading-pohon`` document).
TREE_FINDINGS = [("STR-003", "Kondisi", "A97"), ("STR-003", "Pohon Kinerja", "A358"),
                 ("STR-003", "Pohon Kinerja", "A370"), ("STR-003", "Pohon Kinerja", "A456")]


def _engine_findings(docs: list[Document]) -> list:
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    registry = load_registry()
    return Engine(registry, registry.select([], [])).run(docs).findings


@pytest.fixture(scope="module")
def findings(docs: dict[str, Document]) -> list:
    return _engine_findings(list(docs.values()))


def test_the_pipeline_gives_every_finding_of_the_own_importer_on_the_plan(findings) -> None:
    """Tujuan/sasaran table and blocks: every finding of the own importer, at its cell.

    A unit missing where no SATUAN column exists (SAT-003, KLP-003) is named at the
    target's cell, where the form writes it (``55 Orang``), as the own importer did.
    """
    cells = {(f.code, f.location.table, f.location.cell) for f in findings}
    assert set(OWN_IMPORTER_CELLS) <= cells
    assert len(OWN_IMPORTER_CELLS) == 34
    sat2 = next(f for f in findings if f.code == "SAT-002" and f.location.cell == "C661")
    assert sat2.actual == "%" and sat2.item.nama.startswith("Perlindungan Sosial Korban")


def test_what_the_pipeline_adds_is_said_and_explained(findings) -> None:
    """New: the two spellings of a parent (STR-003), columns and parts not read.

    The own importer kept the context table of stage 1 (expectations, mandate, strategic
    issues: prose, no target, no budget) as rows skipped in ``inspect``; the pipeline says
    so in an info finding (STR-004 at its first line, ``Outcome › A22``).
    """
    own = set(OWN_IMPORTER_CELLS) | set(TREE_FINDINGS)
    added = Counter((f.code, f.location.table) for f in findings
                    if (f.code, f.location.table, f.location.cell) not in own)
    assert added == {
        ("STR-003", "Kinerja Operasional"): 5,  # (Kegiatan : …) spelled unlike its block
        ("STR-005", "Kinerja Manajerial"): 1, ("STR-005", "Kinerja Operasional"): 1,
        ("STR-005", "Tujuan dan Sasaran Strategis"): 1,  # Sasaran …, other years
        ("STR-004", "Outcome"): 1}  # the context table of stage 1
    (context,) = [f for f in findings if f.location.table == "Outcome"]
    assert (context.location.cell, context.severity.value) == ("A22", "info")


def test_the_pipeline_gives_the_tree_findings(findings) -> None:
    cells = {(f.code, f.location.table, f.location.cell) for f in findings}
    assert set(TREE_FINDINGS) <= cells
    tree = [f for f in findings if f.document.endswith("-pohon")]
    assert sorted((f.code, f.location.table, f.location.cell) for f in tree) == sorted(
        [*TREE_FINDINGS, ("STR-004", "Outcome", "A22")])  # no rule fires on the tree


def test_the_tree_nodes_indicators_and_parents(tree: Document) -> None:
    """The own importer's tree, node for node (``test_text_cascading.test_seed_tree``)."""
    assert Counter(i.level for i in tree.items) == {Level.TUJUAN: 1, Level.SASARAN: 70}
    assert len(tree.indicators) == 70
    assert [t.name for t in tree.tables] == ["Outcome", "CSF", "Kondisi", "Pohon Kinerja"]
    assert tree.item("T1").level == Level.TUJUAN and tree.item("T1").cells["nama"].cell == "A20"
    assert [tree.item(f"CSF{n}").induk for n in (1, 2, 3)] == ["T1"] * 3
    assert tree.item("CSF1").nama == "Meningkatnya Pelayanan Sosial PPKS"
    assert tree.item("CSF1").cells["nama"].cell == "A41"
    assert tree.item("CSF1.1").cells["nama"].cell == "B61"  # a condition: the right column
    # a word replaced is another node: pemeliharaan vs pengamanan of the TMP
    kids = [tree.item(k).nama for k in ("CSF2.2.1.1", "CSF2.2.1.2")]
    assert kids[0].startswith("Terlaksananya Pemeliharaan Taman")
    assert kids[1].startswith("Terlaksananya Pengamanan Taman")
    (ind,) = [x for x in tree.indicators if x.item == "CSF2.2.1.2"]
    assert (ind.uraian or "").startswith("Jumlah Laporan Hasil Pengamanan")
    assert ind.cells["uraian"].cell == "A498"
    (ind,) = [x for x in tree.indicators if x.item == "CSF2.2"]  # "Terkelolanya TMP"
    assert ind.cells["uraian"].cell == "A308"
    misnamed = next(f for f in tree.issues if f.location.cell == "A97")
    assert misnamed.actual == "Terwujudnya rehabilitasi bagi PPKS"
    assert misnamed.expected[0].startswith("Terwujudnya Rehabilitasi Dasar Penyandang")
    # the three nodes of stage 4 named nowhere above: kept, without a parent
    assert [(i.id, i.induk) for i in tree.items if i.id.startswith("N@")] == [
        ("N@358", None), ("N@370", None), ("N@456", None)]
    # a close name is linked and said in the table's notes
    pohon = next(t for t in tree.tables if t.name == "Pohon Kinerja")
    assert any("306" in n and "0.92" in n for n in pohon.notes)


def test_the_registry_reads_the_seed_through_the_pipeline_and_loses_no_finding() -> None:
    """Every finding the retired importer gave is still given, at the same table and cell.

    What changed, each checked against the seed's text:

    * new STR-003 warnings (5, ``Kinerja Operasional``): a ``(Kegiatan : …)`` heading
      spelled unlike its kegiatan's block (``panti social`` / ``Panti Sosial``), linked and
      said;
    * new STR-005 warnings (3): the ``Sasaran Program/Kegiatan`` keys and the strategic
      table's other years, which no model field holds;
    * new STR-004 info at ``Outcome › A22``: the context table of stage 1, not read.

    No new error: every added finding is a warning or an info.
    """
    from checker.importers.registry import load

    docs = load(SEED)
    assert [d.id.rsplit("#", 1)[-1] for d in docs] == ["cascading-pohon", "cascading"]
    found = _engine_findings(docs)
    cells = {(f.code, f.location.table, f.location.cell) for f in found}
    assert set(OWN_IMPORTER_CELLS) | set(TREE_FINDINGS) <= cells  # all 38
    own = set(OWN_IMPORTER_CELLS) | set(TREE_FINDINGS)
    added = [f for f in found if (f.code, f.location.table, f.location.cell) not in own]
    assert Counter(f.code for f in added) == {"STR-003": 5, "STR-005": 3, "STR-004": 1}
    assert {f.severity.value for f in added} <= {"warning", "info"}


# --------------------------------------------------------------------------- key-value lines
def _sheet(*rows: list[str]) -> Sheet:
    return Sheet(name="t", rows=[list(r) for r in rows], container="text")


@pytest.mark.parametrize(("cells", "value", "column"), [
    (["Anggaran", ":", "372.250.370"], "372.250.370", 3),
    (["Anggaran :", "372.250.370"], "372.250.370", 2),
    (["Anggaran", ": 372.250.370"], "372.250.370", 2),
    (["Anggaran : 372.250.370"], "372.250.370", 1),
    (["Anggaran", ":"], "", 3),
])
def test_key_value_address(cells: list[str], value: str, column: int) -> None:
    kv = key_line(_sheet(cells), 1)
    assert kv is not None and kv.field == "anggaran" and kv.level is None
    assert (kv.value, kv.value_col) == (value, column)


@pytest.mark.parametrize(("key", "field", "level"), [
    ("Nama Sub Kegiatan", "nama", Level.SUB_KEGIATAN),
    ("TARGET  KEGIATAN", "target", Level.KEGIATAN),
    ("Sasaran Program", "sasaran", Level.PROGRAM),
    ("Indikator Kinerja Program", "indikator", Level.PROGRAM),
    ("Pagu Anggaran", "anggaran", None),
    ("Penanggung Jawab", "pj", None),
    ("Keterangan", None, None),
])
def test_key_meaning_from_the_vocabulary(key: str, field: str | None,
                                         level: Level | None) -> None:
    assert key_meaning(key) == (field, level)


def test_headings_and_prose_are_not_key_values() -> None:
    assert key_line(_sheet(["(Kegiatan : Pengelolaan Data Fakir Miskin)"]), 1) is None
    assert key_line(_sheet(["PROGRAM PENANGANAN BENCANA"]), 1) is None
    long = "Keterangan Pengisian yang sangat panjang sekali sekali: 1. Elaborasi"
    assert key_line(_sheet([long]), 1) is None


# --------------------------------------------------------------------------- inline files
HEADER = "Penjenjangan Kinerja\n\n**Perangkat Daerah:\nDINAS SOSIAL\nKABUPATEN CONTOH\n" \
         "TAHUN 2025**\n\nTAHAP 5\n\n"
BLOCKS = HEADER + """2. Menetapkan Kinerja Manajerial Sebagai Sasaran Program dan Kegiatan

PROGRAM CONTOH

Nama Program\t:\tProgram Contoh
Indikator Program\t:\tPersentase contoh
Target Program\t:\t90 %
Anggaran\t:\t300.000
Nama Kegiatan\t:\tKegiatan Satu
Indikator Kegiatan\t:\tJumlah dokumen
Target Kegiatan\t:\t4 Dokumen
Indikator Kegiatan\t:\tJumlah laporan
Target Kegiatan\t:\t2 Laporan
Anggaran\t:\t300.000

Nama Program\t:\tProgram Contoh
Anggaran\t:\t350.000

TAHAP 5

3. Menetapkan Kinerja Operasional Sebagai Sasaran Subkegiatan

PROGRAM CONTOH (Kegiatan : Kegiatan Satu)

Nama Sub Kegiatan\t:\tSub A
Indikator Sub Kegiatan\t:\tJumlah laporan
Target Sub Kegiatan\t:\t12 Laporan
Keterangan\t:\tcatatan bebas
Anggaran\t:\t150.000

Nama Sub Kegiatan\t:\tSub B
Indikator Sub Kegiatan\t:\tJumlah paket
Target Sub Kegiatan\t:\t1 Paket
Anggaran\t:\t150.000
"""


def test_blocks_read_by_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "cascading.txt"
    path.write_text(BLOCKS, encoding="utf-8")
    assert match(_sheets(path)) is not None  # "Penjenjangan", "Kinerja Manajerial" …
    doc = _doc(path)
    assert [(i.level.value, i.nama) for i in doc.items] == [
        ("program", "Program Contoh"), ("kegiatan", "Kegiatan Satu"),
        ("sub_kegiatan", "Sub A"), ("sub_kegiatan", "Sub B")]
    p, k, a, b = doc.items
    assert k.induk == p.id and a.induk == k.id and b.induk == k.id
    # a second Indikator line: a second indicator of the same kegiatan
    assert [(x.uraian, x.target, x.satuan) for x in _indicators(doc, k)] == [
        ("Jumlah dokumen", 4.0, "Dokumen"), ("Jumlah laporan", 2.0, "Laporan")]
    assert (k.anggaran, k.cells["anggaran"].cell) == (300_000, "C23")
    # the program printed again with another budget: the first is read, both are shown
    (again,) = [f for f in doc.issues if f.code == "STR-002"]
    assert (again.location.cell, again.actual, again.expected) == ("C26", "350.000", "300.000")
    assert p.anggaran == 300_000 and "C17" in again.text("id")
    # a key the vocabulary does not read is a column not read (STR-005), never dropped
    unread = [f for f in doc.issues if f.code == "STR-005"]
    assert any("Keterangan" in f.text("en") for f in unread)
    assert (a.anggaran, a.cells["anggaran"].cell) == (150_000, "C38")


def test_a_kode_line_before_its_nama_line(tmp_path: Path) -> None:
    text = HEADER + """Kode Program\t:\t1.06.04
Nama Program\t:\tProgram Rehabilitasi Sosial
Indikator Program\t:\tPersentase PPKS
Target Program\t:\t90 %
Anggaran\t:\t100.000
Nama Kegiatan\t:\tRehabilitasi Sosial Dasar
Kode Kegiatan\t:\t1.06.04.2.01
Indikator Kegiatan\t:\tJumlah orang
Target Kegiatan\t:\t5 Orang
Anggaran\t:\t100.000
Nama Kegiatan\t:\tRehabilitasi Lain
"""
    path = tmp_path / "kode.txt"
    path.write_text(text, encoding="utf-8")
    doc = _doc(path)
    assert [(i.kode, i.nama) for i in doc.items][:2] == [
        ("1.06.04", "Program Rehabilitasi Sosial"), ("1.06.04.2.01", "Rehabilitasi Sosial Dasar")]
    assert doc.items[0].cells["kode"].cell == "C10"
    assert doc.items[1].induk == doc.items[0].id


def test_blocks_without_any_table_are_claimed_by_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "blocks.txt"
    path.write_text("""Nama Program\t:\tProgram Contoh
Anggaran\t:\t300.000
Nama Kegiatan\t:\tKegiatan Satu
Anggaran\t:\t200.000
Nama Kegiatan\t:\tKegiatan Dua
Anggaran\t:\t100.000
""", encoding="utf-8")
    assert match(_sheets(path)) is None and GridImporter().sniff(path, None)
    doc = _doc(path)
    assert [(i.level.value, i.anggaran) for i in doc.items] == [
        ("program", 300_000), ("kegiatan", 200_000), ("kegiatan", 100_000)]
    assert [t.name for t in doc.tables] == ["Key-Value"]


def test_a_block_split_by_a_page_break_with_repeated_headings(tmp_path: Path) -> None:
    path = tmp_path / "split.txt"
    path.write_text(HEADER + """Nama Program\t:\tProgram Contoh
Nama Kegiatan\t:\tKegiatan Satu
Nama Kegiatan\t:\tKegiatan Dua

TAHAP 5

PROGRAM CONTOH
(Kegiatan : Kegiatan Dua)

Nama Sub Kegiatan\t:\tSub A
Indikator Sub Kegiatan\t:\tJumlah laporan

TAHAP 5

Menerjemahkan Pohon Kinerja Ke Dalam Komponen Perencanaan Dan Kinerja Jabatan

PROGRAM CONTOH
(Kegiatan : Kegiatan Dua)

Target Sub Kegiatan\t:\t12 Laporan
Anggaran\t:\t1.500.000

Nama Sub Kegiatan\t:\tSub B
""", encoding="utf-8")
    doc = _doc(path)
    assert [(i.nama, (doc.item(i.induk) or i).nama if i.induk else None) for i in doc.items] == [
        ("Program Contoh", None), ("Kegiatan Satu", "Program Contoh"),
        ("Kegiatan Dua", "Program Contoh"), ("Sub A", "Kegiatan Dua"),
        ("Sub B", "Kegiatan Dua")]
    sub = doc.items[3]
    (ind,) = _indicators(doc, sub)
    assert (ind.target, ind.satuan, ind.cells["target"].cell) == (12.0, "Laporan", "C29")
    assert (sub.anggaran, sub.cells["anggaran"].cell) == (1_500_000, "C30")


@given(st.lists(st.text(alphabet=st.sampled_from("ab :\t1.,()Nama"), max_size=12), max_size=5))
def test_key_line_never_fails(parts: list[str]) -> None:
    sheet = _sheet(list(parts))
    kv = key_line(sheet, 1)
    if kv is not None:
        assert 1 <= kv.value_col <= len(parts) + 1 and kv.key


def test_unreadable_and_text_targets_and_a_separate_satuan(tmp_path: Path) -> None:
    path = tmp_path / "targets.txt"
    path.write_text(HEADER + """Nama Sub Kegiatan\t:\tSub A
Indikator Sub Kegiatan\t:\tJumlah orang
Target Sub Kegiatan\t:\tmeningkat
Anggaran\t:\tsatu juta

Nama Sub Kegiatan\t:\tSub B
Indikator Sub Kegiatan\t:\tNilai SAKIP
Target Sub Kegiatan\t:\tBB

Nama Sub Kegiatan\t:\tSub C
Indikator Sub Kegiatan\t:\tJumlah paket
Target Sub Kegiatan\t:\t55 Orang
Satuan Sub Kegiatan\t:\tPaket
""", encoding="utf-8")
    doc = _doc(path)
    a, b, c = doc.indicators
    assert a.target is None and b.target_teks == "BB"  # a predikat: text, not an error
    assert (c.target, c.satuan) == (None, "Paket")  # 55 Orang is not 55 Paket
    assert doc.items[0].anggaran is None
    # every value named by its key: no row is ever taken for shifted (no STR-002)
    assert _issues(doc) == [("NUM-003", "C12"), ("NUM-003", "C13"), ("NUM-003", "C21")]


def test_a_profile_is_data_read_by_a_generic_loader() -> None:
    from checker.importers.profiles import parse

    profile = parse({"name": "contoh", "kind": "pk",
                     "sniff": {"words": {"Lembar Kinerja": 2, "Contoh Kata": 1}, "score": 3},
                     "section": {"Bagian Satu": "Tabel Satu"},
                     "unread": {"Lampiran": "Lampiran"}, "running": {"lines": ["Halaman"]},
                     "vocabulary": {"concept": {"anggaran": {"exact": ["dana"]}}}})
    assert profile.kind.value == "pk" and profile.words == {"lembarkinerja": 2.0,
                                                            "contohkata": 1.0}
    assert not profile.claims([_sheet(["LEMBAR KINERJA"])])
    assert profile.claims([_sheet(["LEMBAR KINERJA"], ["contoh kata"])])
    assert profile.section("1. Bagian Satu dari Dokumen") == "Tabel Satu"
    sheet = _sheet(["Halaman 2"], ["Lampiran"], ["a", "b"], ["Bagian Satu"], ["x", "y"])
    remaining, (part,) = profile.set_aside(sheet)
    assert [remaining.cells(r) for r in range(1, 6)] == [
        [], [], [], [(1, "Bagian Satu")], [(1, "x"), (2, "y")]]
    assert (part.name, part.where) == ("Lampiran", (3, 1, "a b"))
    with pytest.raises(ValueError):
        parse({"name": "salah", "kind": "bukan_jenis"})
