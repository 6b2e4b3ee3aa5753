"""The cascading (penjenjangan kinerja) importer, on the real seed and on tiny inline files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.importers.text_cascading import (
    CascadingImporter,
    _best,
    _norm,
    parse_key_value,
)
from checker.importers.textlines import TextLine, read_lines
from checker.model.plan import Document, Indicator, Item
from checker.model.schema import Level
from tests.conftest import SEEDS

SEED = SEEDS / "002_f85901f096964ca2.txt"


# --------------------------------------------------------------------------- helpers
def _docs(path: Path) -> dict[str, Document]:
    return {d.id.rsplit("-", 1)[-1]: d for d in CascadingImporter().read(path)}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cascading.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _by_name(doc: Document, nama: str) -> Item:
    hits = [i for i in doc.items if i.nama == nama]
    assert len(hits) == 1, (nama, [i.id for i in hits])
    return hits[0]


def _indicators(doc: Document, item: Item) -> list[Indicator]:
    return [x for x in doc.indicators if x.item == item.id]


def _issues(doc: Document) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.location.cell) for f in doc.issues)


HEADER = "Penjenjangan Kinerja\n\n**Perangkat Daerah:\nDINAS SOSIAL\nKABUPATEN CONTOH\n" \
         "TAHUN 2025**\n\nTAHAP 5\n\n"


# --------------------------------------------------------------------------- the real seed
@pytest.fixture(scope="module")
def seed() -> dict[str, Document]:
    return _docs(SEED)


def test_seed_is_recognised_and_split_in_two_documents(seed: dict[str, Document]) -> None:
    assert CascadingImporter().sniff(SEED, read_lines(SEED))
    assert set(seed) == {"pohon", "kinerja"}
    for doc in seed.values():
        assert doc.jenis.value == "cascading"
        assert (doc.instansi, doc.pemda, doc.tahun) == (
            "DINAS SOSIAL", "KABUPATEN KOTAWARINGIN TIMUR", 2025)
        assert len({i.id for i in doc.items}) == len(doc.items)


def test_seed_counts_per_level(seed: dict[str, Document]) -> None:
    plan = Counter(i.level for i in seed["kinerja"].items)
    assert plan == {Level.TUJUAN: 1, Level.SASARAN: 1, Level.PROGRAM: 7, Level.KEGIATAN: 13,
                    Level.SUB_KEGIATAN: 43}
    assert len(seed["kinerja"].indicators) == 70
    tree = Counter(i.level for i in seed["pohon"].items)
    assert tree == {Level.TUJUAN: 1, Level.SASARAN: 70}
    assert len(seed["pohon"].indicators) == 70


def test_seed_budgets_and_targets_with_their_cells(seed: dict[str, Document]) -> None:
    doc = seed["kinerja"]
    p1 = _by_name(doc, "Program Penanganan Bencana")
    assert (p1.id, p1.anggaran, p1.cells["anggaran"].cell, p1.raw["anggaran"]) == (
        "P1", 372_250_370, "C657", "372.250.370")
    p7 = _by_name(doc, "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")
    assert (p7.anggaran, p7.cells["anggaran"].cell) == (5_328_418_993, "C782")
    assert len([i for i in doc.items if i.induk == p7.id]) == 6  # six blocks, one program

    makanan = _by_name(doc, "Penyediaan Makanan")
    assert makanan.induk == "K1.1" and makanan.cells["nama"].cell == "C862"
    (ind,) = _indicators(doc, makanan)
    assert (ind.target, ind.satuan, ind.cells["target"].cell, ind.raw["target"]) == (
        55.0, "Orang", "C865", "55 Orang")

    keg = doc.item("K1.1")
    (ind,) = _indicators(doc, keg)
    assert (ind.target, ind.satuan, ind.cells["target"].cell) == (93.59, "%", "C661")

    gaji = _by_name(doc, "Penyediaan Gaji dan Tunjangan ASN")
    (ind,) = _indicators(doc, gaji)
    assert (ind.target, ind.satuan) == (33.0, "Orang / Bulan")

    panti = _by_name(doc, "Fasilitasi Bantuan Sosial Kesejahteraan Keluarga")
    (ind,) = _indicators(doc, panti)
    assert (ind.target, ind.satuan, ind.cells["target"].cell) == (1.0, None, "C1039")

    tujuan = doc.item("T1")
    (ind,) = _indicators(doc, tujuan)
    assert (ind.target, ind.cells["target"].cell) == (94.99, "G636")
    assert [x.target for x in _indicators(doc, doc.item("SS1"))] == [
        85.37, 90.05, 89.93, 82.07, 93.59, 90.91]
    assert doc.item("SS1").induk == "T1"


def test_seed_malformed_budgets_are_reported_never_read(seed: dict[str, Document]) -> None:
    doc = seed["kinerja"]
    expected = {  # cell: (raw, suggested value)
        "C749": ("32.400.0000", "32.400.000"),
        "C1072": ("23. 000.000", "23.000.000"),
        "C1122": ("3.536.925. 665", "3.536.925.665"),
        "C1169": ("13.2918.000", "13.298.000"),
    }
    num = {f.location.cell: f for f in doc.issues if f.code.startswith("NUM")}
    assert set(num) == set(expected)
    for cell, (raw, suggestion) in expected.items():
        finding = num[cell]
        assert finding.code == "NUM-001" and finding.actual == raw
        assert suggestion in finding.suggestion_text("id")
        owner = next(i for i in doc.items if i.cells.get("anggaran") == finding.location)
        assert owner.anggaran is None and owner.raw["anggaran"] == raw


def test_seed_parents_by_block_and_heading(seed: dict[str, Document]) -> None:
    doc = seed["kinerja"]
    # "(Kegiatan : … Panti Sosial)" vs the block's "… panti social": the same kegiatan
    assert _by_name(doc, "Penyediaan Permakanan").induk == "K2.1"
    # two "Pemberian Layanan Rujukan", one under each rehabilitation kegiatan
    rujukan = sorted((i.induk, i.row) for i in doc.items if i.nama == "Pemberian Layanan Rujukan")
    assert rujukan == [("K2.1", 998), ("K2.2", 1021)]
    # its kegiatan has no block: STR-003 at the heading, the printed parent kept
    psiko = _by_name(doc, "Pelayanan Dukungan Psikososial")
    assert psiko.induk is None and psiko.id == "SK@896"
    assert psiko.cells["induk"].cell == "A894"
    assert psiko.raw["induk"].startswith("Penyelenggaraan Pemberdayaan Masyarakat")
    assert ("STR-003", "A894") in _issues(doc)
    assert ("STR-004", "A1274") in _issues(doc)  # the position matrix, recognised, not read


def test_seed_tree(seed: dict[str, Document]) -> None:
    doc = seed["pohon"]
    assert doc.item("T1").level == Level.TUJUAN
    assert [doc.item(f"CSF{n}").induk for n in (1, 2, 3)] == ["T1"] * 3
    assert doc.item("CSF1").nama == "Meningkatnya Pelayanan Sosial PPKS"
    assert doc.item("CSF1").cells["nama"].cell == "A41"
    # a word replaced is another node: pemeliharaan vs pengamanan of the TMP
    kids = [doc.item(k).nama for k in ("CSF2.2.1.1", "CSF2.2.1.2")]
    assert kids[0].startswith("Terlaksananya Pemeliharaan Taman")
    assert kids[1].startswith("Terlaksananya Pengamanan Taman")
    (ind,) = _indicators(doc, doc.item("CSF2.2.1.2"))
    assert (ind.uraian or "").startswith("Jumlah Laporan Hasil Pengamanan")
    assert ind.cells["uraian"].cell == "A498"
    (ind,) = _indicators(doc, doc.item("CSF2.2"))  # "Terkelolanya TMP" in stage 4
    assert ind.cells["uraian"].cell == "A308"
    assert _issues(doc) == [("STR-003", "A358"), ("STR-003", "A370"), ("STR-003", "A456"),
                            ("STR-003", "A97")]
    misnamed = next(f for f in doc.issues if f.location.cell == "A97")
    assert misnamed.actual == "Terwujudnya rehabilitasi bagi PPKS"
    assert misnamed.expected[0].startswith("Terwujudnya Rehabilitasi Dasar Penyandang")


def test_seed_every_issue_has_an_address(seed: dict[str, Document]) -> None:
    for doc in seed.values():
        for f in doc.issues:
            assert f.location.file == str(SEED)
            assert f.location.row is not None and f.location.column is not None
            assert f.message["id"] and f.message["en"]


# --------------------------------------------------------------------------- key-value lines
@pytest.mark.parametrize(("text", "value", "column"), [
    ("Anggaran\t:\t372.250.370", "372.250.370", "C"),
    ("Anggaran :\t372.250.370", "372.250.370", "B"),
    ("Anggaran\t: 372.250.370", "372.250.370", "B"),
    ("Anggaran : 372.250.370", "372.250.370", "A"),
    ("Anggaran\t:\t", "", "C"),
])
def test_key_value_address(text: str, value: str, column: str) -> None:
    kv = parse_key_value(TextLine(7, text))
    assert kv is not None and kv.field == "anggaran"
    assert (kv.value, f"{chr(64 + kv.column)}") == (value, column)


@pytest.mark.parametrize(("key", "field", "level"), [
    ("Nama Sub Kegiatan", "nama", Level.SUB_KEGIATAN),
    ("Indikatur Sub Kegiatn", "indikator", Level.SUB_KEGIATAN),
    ("TARGET  KEGIATAN", "target", Level.KEGIATAN),
    ("Sasaran Program", "sasaran", Level.PROGRAM),
    ("Penanggung Jawab", "penanggung_jawab", None),
    ("Keterangan", None, None),
])
def test_key_meaning(key: str, field: str | None, level: Level | None) -> None:
    kv = parse_key_value(TextLine(1, f"{key}\t:\tx"))
    assert kv is not None and (kv.field, kv.level) == (field, level)


def test_headings_and_prose_are_not_key_values() -> None:
    assert parse_key_value(TextLine(1, "(Kegiatan : Pengelolaan Data Fakir Miskin)")) is None
    assert parse_key_value(TextLine(1, "PROGRAM PENANGANAN BENCANA")) is None
    long = "Keterangan Pengisian yang sangat panjang sekali sekali: 1. Elaborasi"
    assert parse_key_value(TextLine(1, long)) is None


def test_similar_names_are_not_confused() -> None:
    kegiatan = [(k, _norm(n)) for k, n in [("K1", "Administrasi Keuangan Perangkat Daerah"),
                                           ("K2", "Administrasi Kepegawaian Perangkat Daerah")]]
    assert _best("Administrasi Umum Perangkat Daerah", kegiatan)[0] is None
    assert _best("Adminstrasi Keuangan Perangkat Daerah", kegiatan)[0] == "K1"
    programs = [("P1", _norm("Proram Rehabilitasi Sosial"))]
    assert _best("PROGRAM REHABILITASI SOSIAL", programs)[0] == "P1"


# --------------------------------------------------------------------------- inline files
BLOCKS = HEADER + """2. Menetapkan Kinerja Manajerial Sebagai Sasaran Program dan Kegiatan

PROGRAM CONTOH

Nama Program\t:\tProgram Contoh
Indikator Program\t:\tPersentase contoh
Target Program\t:\t90 %
Anggaran\t:\t300.000
Nama Kegiatan\t:\tKegiatan Satu
Indikator Kegiatan\t:\tJumlah dokumen
Target Kegiatan\t:\t4 Dokumen

TAHAP 5

Menerjemahkan Pohon Kinerja Ke Dalam Komponen Perencanaan Dan Kinerja Jabatan

PROGRAM CONTOH

Anggaran\t:\t200.000

TAHAP 5

3. Menetapkan Kinerja Operasional Sebagai Sasaran Subkegiatan

PROGRAM CONTOH (Kegiatan : Kegiatan Satu)

Nama Sub Kegiatan\t:\tSub A
Indikator Sub Kegiatan\t:\tJumlah laporan
Target Sub Kegiatan\t:\t12 Laporan
Keterangan\t:\tcatatan bebas
Anggaran\t:\t150.000

Sasaran Sub Kegiatan\t:\tTersedianya sesuatu
Indikator Sub Kegiatan\t:\tJumlah paket
Anggaran\t:\t50.000
"""


def test_blocks_page_break_missing_name_and_unknown_key(tmp_path: Path) -> None:
    doc = _docs(_write(tmp_path, BLOCKS))["kinerja"]
    assert [(i.id, i.induk, i.nama) for i in doc.items] == [
        ("P1", None, "Program Contoh"), ("K1.1", "P1", "Kegiatan Satu"),
        ("SK1.1.1", "K1.1", "Sub A"), ("SK1.1.2", "K1.1", None)]
    # the kegiatan's Anggaran comes after a page break, under a repeated heading
    keg = doc.item("K1.1")
    assert (keg.anggaran, keg.cells["anggaran"].cell) == (200_000, "C28")
    sub = doc.item("SK1.1.1")
    assert (sub.anggaran, sub.cells["anggaran"].cell) == (150_000, "C40")
    # a block without its Nama line is its own item, reported
    nameless = doc.item("SK1.1.2")
    assert nameless.anggaran == 50_000 and nameless.sasaran == "Tersedianya sesuatu"
    (ind,) = _indicators(doc, nameless)
    assert ind.target is None and "target" not in ind.cells  # no Target line: nothing read
    assert _issues(doc) == [("STR-002", "A39"), ("STR-002", "A42")]
    unknown = next(f for f in doc.issues if f.location.cell == "A39")
    assert unknown.actual == "catatan bebas" and "Keterangan" in unknown.text("id")


def test_repeated_block_with_another_budget_is_not_guessed(tmp_path: Path) -> None:
    text = HEADER + """Nama Program\t:\tProgram Contoh
Anggaran\t:\t300.000
Nama Kegiatan\t:\tKegiatan Satu
Anggaran\t:\t100.000

Nama Program\t:\tProgram Contoh
Anggaran\t:\t350.000
Nama Kegiatan\t:\tKegiatan Dua
Anggaran\t:\t200.000
"""
    doc = _docs(_write(tmp_path, text))["kinerja"]
    assert [i.id for i in doc.items] == ["P1", "K1.1", "K1.2"]
    p1 = doc.item("P1")
    assert p1.anggaran is None and p1.cells["anggaran"].cell == "C11"
    (finding,) = doc.issues
    assert (finding.code, finding.location.cell, finding.actual, finding.expected) == (
        "NUM-001", "C16", "350.000", "300.000")
    assert "C11" in finding.text("id")


def test_separate_satuan_is_compared_with_the_target(tmp_path: Path) -> None:
    text = HEADER + """Nama Sub Kegiatan\t:\tSub A
Indikator Sub Kegiatan\t:\tJumlah orang
Target Sub Kegiatan\t:\t55 Orang
Satuan Sub Kegiatan\t:\torang

Nama Sub Kegiatan\t:\tSub B
Indikator Sub Kegiatan\t:\tJumlah paket
Target Sub Kegiatan\t:\t55 Orang
Satuan Sub Kegiatan\t:\tPaket
"""
    doc = _docs(_write(tmp_path, text))["kinerja"]
    a, b = doc.indicators
    assert (a.target, a.satuan) == (55.0, "orang")
    assert (b.target, b.satuan, b.target_teks) == (None, "Paket", "55 Orang")
    codes = [(f.code, f.location.cell) for f in doc.issues]
    assert ("NUM-001", "C17") in codes  # the conflicting target
    assert all(code == "STR-003" for code, cell in codes if cell != "C17")  # no parents


def test_printed_codes_become_ids_and_parents(tmp_path: Path) -> None:
    text = HEADER + """Kode Program\t:\t1.06.04
Nama Program\t:\tProgram Rehabilitasi Sosial
Nama Kegiatan\t:\tRehabilitasi Sosial Dasar
Kode Kegiatan\t:\t1.06.04.2.01
"""
    doc = _docs(_write(tmp_path, text))["kinerja"]
    # a Kode line before its Nama line belongs to the block that Nama opens
    assert [(i.id, i.induk, i.kode) for i in doc.items] == [
        ("1.06.04", None, "1.06.04"), ("1.06.04.2.01", "1.06.04", "1.06.04.2.01")]
    assert doc.items[0].cells["kode"].cell == "C10"
    assert doc.items[1].cells["kode"].cell == "C13"
    assert doc.issues == []


def test_unreadable_target_and_text_target(tmp_path: Path) -> None:
    text = HEADER + """Nama Sub Kegiatan\t:\tSub A
Indikator Sub Kegiatan\t:\tJumlah orang
Target Sub Kegiatan\t:\tmeningkat
Anggaran\t:\tsatu juta

Nama Sub Kegiatan\t:\tSub B
Indikator Sub Kegiatan\t:\tNilai SAKIP
Target Sub Kegiatan\t:\tBB
"""
    doc = _docs(_write(tmp_path, text))["kinerja"]
    a, b = doc.indicators
    assert (a.target, a.target_teks) == (None, "meningkat")
    assert (b.target, b.target_teks) == (None, "BB")  # a predikat: text, not an error
    assert doc.items[0].anggaran is None
    num = sorted((f.code, f.location.cell) for f in doc.issues if f.code.startswith("NUM"))
    assert num == [("NUM-003", "C12"), ("NUM-003", "C13")]


TREE = """Penjenjangan Kinerja

**Perangkat Daerah:
DINAS SOSIAL
KABUPATEN CONTOH
TAHUN 2024**

TAHAP 2

OUTCOME :
Meningkatnya Kesejahteraan PPKS

CSF I:

Meningkatnya Pelayanan
Sosial PPKS

TAHAP 3

Faktor Penyebab/Pembentuk (CSF 1)\tKondisi yang diperlukan
Meningkatnya Pelayanan Sosial PPKS\tTerwujudnya Rehabilitasi Bagi PPKS
\tTerkelolanya Taman Makam Pahlawan Dengan Baik

TAHAP 3

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
"""


def test_tree_levels_ids_and_findings(tmp_path: Path) -> None:
    path = _write(tmp_path, TREE)
    assert CascadingImporter().sniff(path, read_lines(path))
    doc = _docs(path)["pohon"]
    assert doc.tahun == 2024
    assert [(i.id, i.induk, i.level) for i in doc.items] == [
        ("T1", None, Level.TUJUAN), ("CSF1", "T1", Level.SASARAN),
        ("CSF1.1", "CSF1", Level.SASARAN), ("CSF1.2", "CSF1", Level.SASARAN),
        ("CSF1.1.1", "CSF1.1", Level.SASARAN), ("N@49", None, Level.SASARAN)]
    assert doc.item("CSF1").nama == "Meningkatnya Pelayanan Sosial PPKS"
    ind = {x.item: (x.uraian, x.cells["uraian"].cell) for x in doc.indicators}
    assert ind["CSF1.2"] == ("Persentase TMP dikelola", "A47")  # "… Dengan Baik" dropped
    # A27: a "Kondisi Antara (X)" table whose left column names X itself
    assert _issues(doc) == [("STR-002", "A53"), ("STR-003", "A27"), ("STR-003", "A49")]


def test_strategic_table_without_the_year(tmp_path: Path) -> None:
    text = HEADER + """Tujuan\tIndikator Tujuan\tTahun 2023\tTahun 2024
Tujuan Satu\tPersentase satu\t10,5\t20,25
"""
    doc = _docs(_write(tmp_path, text))["kinerja"]
    (ind,) = doc.indicators
    assert ind.target is None and "target" not in ind.cells
    assert [(f.code, f.location.cell) for f in doc.issues] == [("STR-004", "C11")]


def test_sniff_rejects_other_texts(tmp_path: Path) -> None:
    path = _write(tmp_path, "RENCANA AKSI ESELON II\nNO\tURAIAN\tTARGET\n1\tx\t5\n")
    assert not CascadingImporter().sniff(path, read_lines(path))
    path = _write(tmp_path, "Penjenjangan Kinerja\n\nSebuah laporan tanpa tabel.\n")
    assert not CascadingImporter().sniff(path, read_lines(path))
    assert not CascadingImporter().sniff(path, None)


def test_sub_block_split_by_a_page_break_with_repeated_headings(tmp_path: Path) -> None:
    text = HEADER + """Nama Program\t:\tProgram Contoh
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
"""
    doc = _docs(_write(tmp_path, text))["kinerja"]
    assert [(i.id, i.induk) for i in doc.items] == [
        ("P1", None), ("K1.1", "P1"), ("K1.2", "P1"), ("SK1.2.1", "K1.2"), ("SK1.2.2", "K1.2")]
    sub = doc.item("SK1.2.1")
    (ind,) = _indicators(doc, sub)
    assert (ind.target, ind.satuan, ind.cells["target"].cell) == (12.0, "Laporan", "C29")
    assert (sub.anggaran, sub.cells["anggaran"].cell) == (1_500_000, "C30")
    assert doc.issues == []


@given(st.lists(st.text(alphabet=st.sampled_from("ab :\t1.,()Nama"), max_size=12), max_size=5))
def test_key_value_parser_never_fails(parts: list[str]) -> None:
    line = TextLine(3, "\t".join(parts))
    kv = parse_key_value(line)
    if kv is not None:
        assert 1 <= kv.column <= len(line.fields) + 1
        assert kv.line is line
