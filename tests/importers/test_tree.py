"""The tree stage (``tree.py``): a tree of objectives printed in parts a profile names.

On inline files: the cascading profile's form (seed 002's stages 1–4, shortened), and a
made-up layout declared in a profile of its own, to show that nothing of the cascading
form is written in the stage. The seed itself is in ``test_seed_002_pipeline.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.importers.excel_grid import Sheet
from checker.importers.excel_layout import GridImporter, _sheets
from checker.importers.names import best, norm, similarity
from checker.importers.profiles import match, parse
from checker.importers.tree import read_tree
from checker.model.plan import Document
from checker.model.schema import DocumentKind, Level

TREE = """Penjenjangan Kinerja

**Perangkat Daerah:
DINAS SOSIAL
KABUPATEN CONTOH
TAHUN 2024**

TAHAP 2

Menentukan CSF (Critical Success Factor)

OUTCOME :
Meningkatnya Kesejahteraan PPKS

CSF I:

Meningkatnya Pelayanan
Sosial PPKS

TAHAP 3

Menguraikan CSF kepada kondisi-kondisi antara

Faktor Penyebab/Pembentuk (CSF 1)\tKondisi yang diperlukan
Meningkatnya Pelayanan Sosial PPKS\tTerwujudnya Rehabilitasi Bagi PPKS
\tTerkelolanya Taman Makam Pahlawan Dengan Baik

TAHAP 3

Menguraikan CSF kepada kondisi-kondisi antara

Kondisi Antara (Terwujudnya Rehabilitasi Bagi PPKS)\tKondisi yang diperlukan
Terwujudnya Rehabilitasi Bagi PPKS\tTerpenuhinya Permakanan

TAHAP 4

**Menyusun Pohon Kinerja**

Note:

- **Tujuan berdasarkan hasil identifikasi Outcome**

Meningkatnya Kesejahteraan PPKS

Persentase PPKS tertangani

Meningkatnya Pelayanan Sosial PPKS

Persentase PPKS terlayani

Terkelolanya Taman Makam Pahlawan

Persentase TMP dikelola

Terwujudnya Sesuatu Yang Lain

Jumlah sesuatu

Simpul tanpa indikator

TAHAP 5

3. Menetapkan Kinerja Operasional Sebagai Sasaran Subkegiatan

Nama Sub Kegiatan\t:\tSub A
Indikator Sub Kegiatan\t:\tJumlah laporan
Target Sub Kegiatan\t:\t12 Laporan
Anggaran\t:\t150.000
"""


def _issues(doc: Document) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.location.cell) for f in doc.issues)


@pytest.fixture()
def docs(tmp_path: Path) -> list[Document]:
    path = tmp_path / "pohon.txt"
    path.write_text(TREE, encoding="utf-8")
    assert match(_sheets(path)) is not None
    return GridImporter().read(path)


def test_the_tree_is_a_document_of_its_own(docs: list[Document]) -> None:
    tree, plan = docs
    assert tree.id.endswith("#cascading-pohon") and plan.id.endswith("#cascading")
    assert (tree.instansi, tree.pemda, tree.tahun) == (plan.instansi, plan.pemda, 2024)
    assert [i.nama for i in plan.items] == ["Sub A"]  # the plan is read as before


def test_levels_ids_parents_and_findings(docs: list[Document]) -> None:
    tree = docs[0]
    assert [(i.id, i.induk, i.level) for i in tree.items] == [
        ("T1", None, Level.TUJUAN), ("CSF1", "T1", Level.SASARAN),
        ("CSF1.1", "CSF1", Level.SASARAN), ("CSF1.2", "CSF1", Level.SASARAN),
        ("CSF1.1.1", "CSF1.1", Level.SASARAN), ("N@55", None, Level.SASARAN)]
    assert tree.item("CSF1").nama == "Meningkatnya Pelayanan Sosial PPKS"  # two lines joined
    assert tree.item("CSF1").cells["nama"].cell == "A17"
    assert tree.item("CSF1.2").cells["nama"].cell == "B26"
    ind = {x.item: (x.uraian, x.cells["uraian"].cell) for x in tree.indicators}
    assert ind["CSF1.2"] == ("Persentase TMP dikelola", "A53")  # "… Dengan Baik" dropped
    assert ind["T1"] == ("Persentase PPKS tertangani", "A45")
    # A33: a "Kondisi Antara (X)" table whose left column names X itself; A55: a node of
    # the tree named nowhere above; A59: a last line without its indicator line
    assert _issues(tree) == [("STR-002", "A59"), ("STR-003", "A33"), ("STR-003", "A55")]
    a33 = next(f for f in tree.issues if f.location.cell == "A33")
    assert (a33.actual, a33.expected) == ("Terwujudnya Rehabilitasi Bagi PPKS", [])
    assert all(f.message["id"] and f.message["en"] for f in tree.issues)
    a55 = next(f for f in tree.issues if f.location.cell == "A55")
    assert "(CSF, Kondisi)" in a55.text("id")  # the parts it was looked for in


def test_a_layout_of_its_own_declares_its_tree_in_its_profile() -> None:
    """Other words, same forms: the stage reads what the profile names, nothing else."""
    profile = parse({
        "name": "contoh", "kind": "cascading",
        "tree": {"document": "akar", "root_label": "Dampak", "node_label": "Faktor Kunci",
                 "child_header": "Syarat", "own_title": "Uraian",
                 "strip_title": "Rincian",
                 "parts": {"Bagian Dua": {"name": "Faktor", "form": "labels"},
                           "Bagian Tiga": {"name": "Syarat", "form": "pairs"}}}})
    rows = [["Bagian Dua"], ["Dampak : Warga sejahtera"], [],
            ["Faktor Kunci 1:"], ["Layanan membaik"], [],
            ["Bagian Tiga"], ["Uraian (Faktor Kunci 1)", "Syarat"],
            ["Layanan membaik", "Petugas terlatih"], ["", "Data lengkap"], [],
            ["Rincian (Petugas terlatih)", "Syarat"], ["Petugas terlatih", "Pelatihan rutin"]]
    sheet = Sheet(name="contoh", rows=rows, container="text")
    _, parts = profile.set_aside(sheet)
    assert [(p.name, p.form) for p in parts] == [("Faktor", "labels"), ("Syarat", "pairs")]
    doc = read_tree("contoh.txt", sheet, parts, profile.tree, DocumentKind.CASCADING)
    assert doc is not None and doc.id == "contoh#cascading-akar"
    assert [(i.id, i.induk, i.nama) for i in doc.items] == [
        ("T1", None, "Warga sejahtera"), ("FAKTORKUNCI1", "T1", "Layanan membaik"),
        ("FAKTORKUNCI1.1", "FAKTORKUNCI1", "Petugas terlatih"),
        ("FAKTORKUNCI1.2", "FAKTORKUNCI1", "Data lengkap"),
        ("FAKTORKUNCI1.1.1", "FAKTORKUNCI1.1", "Pelatihan rutin")]
    # "Rincian (Petugas terlatih)" lists the conditions of "Petugas terlatih", and its
    # left cell names that node itself: linked as printed, and said (STR-003)
    assert _issues(doc) == [("STR-003", "A13")]


def test_an_unknown_tree_form_is_an_error_of_the_profile() -> None:
    with pytest.raises(ValueError):
        parse({"name": "salah", "kind": "cascading",
               "tree": {"parts": {"x": {"name": "X", "form": "spiral"}}}})


def test_similar_names_are_not_confused() -> None:
    kegiatan = [(k, norm(n)) for k, n in [("K1", "Administrasi Keuangan Perangkat Daerah"),
                                          ("K2", "Administrasi Kepegawaian Perangkat Daerah")]]
    assert best("Administrasi Umum Perangkat Daerah", kegiatan)[0] is None
    assert best("Adminstrasi Keuangan Perangkat Daerah", kegiatan)[0] == "K1"
    assert best("PROGRAM REHABILITASI SOSIAL", [("P1", norm("Proram Rehabilitasi Sosial"))]
                )[0] == "P1"
    # a word replaced is another name; a few words more, or a swapped leading verb, is not
    assert similarity(norm("Terlaksananya Pemeliharaan Taman Makam Pahlawan"),
                      norm("Terlaksananya Pengamanan Taman Makam Pahlawan")) < 0.9
    assert 0.92 <= similarity(norm("Terkelolanya Taman Makam Pahlawan"),
                              norm("Terkelolanya taman makam pahlawan dengan baik")) <= 0.95
    assert best("Terwujudnya peningkatan kemampuan PSKS",
                [("A", norm("Terlaksananya peningkatan kemampuan PSKS")),
                 ("B", norm("Terwujudnya PSKS yang berdaya"))], verbs=True)[0] == "A"


def test_the_profile_claims_no_other_text(tmp_path: Path) -> None:
    """The own importer's sniff test: a title alone, or another form, is not claimed."""
    for text in ("RENCANA AKSI ESELON II\nNO\tURAIAN\tTARGET\n1\tx\t5\n",
                 "Penjenjangan Kinerja\n\nSebuah laporan tanpa tabel.\n"):
        path = tmp_path / "lain.txt"
        path.write_text(text, encoding="utf-8")
        assert match(_sheets(path)) is None


@given(st.text(alphabet=st.sampled_from("ab Ter nya/dan"), max_size=30),
       st.text(alphabet=st.sampled_from("ab Ter nya/dan"), max_size=30))
def test_similarity_is_a_score_and_a_name_is_itself(a: str, b: str) -> None:
    score = similarity(norm(a), norm(b), verbs=True)
    assert 0.0 <= score <= 1.0
    assert similarity(norm(a), norm(a)) == 1.0
    key, _ = best(a, [("x", norm(a)), ("y", norm(b))])
    assert key == "x" or norm(a) == norm(b)


def test_a_file_holding_only_its_tree_is_read(tmp_path: Path) -> None:
    """Stages 1–4 without the plan of stage 5: the tree alone, not "no table header"."""
    path = tmp_path / "pohon.txt"
    path.write_text(TREE[:TREE.index("TAHAP 5")], encoding="utf-8")
    (tree,) = GridImporter().read(path)
    assert tree.id.endswith("#cascading-pohon") and len(tree.items) == 6
    assert tree.tahun == 2024
