"""Rencana Aksi eselon II/III/IV (seed 000, Lombok Timur 2024), read by the shared pipeline.

Seed 000 had an importer of its own (1,148 lines, ``text_rencana_aksi_eselon.py``), retired
once the pipeline read the seed with every finding it gave, at the same cells. These are
that importer's tests, pointed at the pipeline; where the pipeline says a thing in its own
words (a column's description in ``inspect``, an empty table said as STR-004), the
expectation follows the pipeline.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.i18n import t
from checker.importers.budget_partition import partition
from checker.importers.excel_layout import GridImporter
from checker.importers.textlines import read_lines
from checker.model.plan import Document
from tests.conftest import SEEDS

SEED = SEEDS / "000_a618195849f537cf.txt"
T2, T3, T4 = (f"RENCANA AKSI ESELON {e}" for e in ("II", "III", "IV"))


@pytest.fixture(scope="module")
def doc() -> Document:
    docs = GridImporter().read(SEED)
    assert len(docs) == 1
    return docs[0]


def item(d: Document, item_id: str):
    found = d.item(item_id)
    assert found is not None, item_id
    return found


def indicator(d: Document, item_id: str):
    found = [i for i in d.indicators if i.item == item_id]
    assert len(found) == 1, item_id
    return found[0]


def cells(obj, *fields: str) -> list[str | None]:
    return [obj.cells[f].cell if f in obj.cells else None for f in fields]


# --------------------------------------------------------------------------- the seed
def test_document_from_headings(doc: Document) -> None:
    assert (doc.jenis.value, doc.instansi, doc.pemda, doc.tahun) == (
        "rencana_aksi", "Dinas Sosial", "Kabupaten Lombok Timur", 2024)
    assert doc.id == "000_a618195849f537cf#rencana_aksi"
    assert doc.path == str(SEED)


def test_counts_per_level(doc: Document) -> None:
    levels = Counter(i.level.value for i in doc.items)
    assert levels == {"tujuan": 1, "sasaran": 1, "program": 7, "kegiatan": 15,
                      "sub_kegiatan": 48}
    by_table = Counter((i.table, i.level.value) for i in doc.items if i.eselon)
    assert by_table == {(T2, "program"): 7, (T3, "kegiatan"): 15, (T4, "sub_kegiatan"): 48}
    assert len({i.id for i in doc.items}) == len(doc.items)
    assert all(i.kode is None for i in doc.items)  # the document prints no codes


def test_every_item_has_indicator_budget_plan_and_official(doc: Document) -> None:
    for it in doc.items:
        if it.level.value in ("tujuan", "sasaran"):
            continue
        ind = indicator(doc, it.id)
        assert ind.uraian and ind.satuan and ind.target is not None and ind.mode == "periodik"
        assert it.nama and it.penanggung_jawab and it.sasaran
        assert it.anggaran is not None and it.anggaran_mode == "periodik"
        assert all(getattr(it, f"anggaran_tw{q}") is not None for q in range(1, 5))
        if it.id != "P1":  # P1 prints no quarterly targets (E14 only)
            assert all(getattr(ind, f"target_tw{q}") is not None for q in range(1, 5))
    assert len(doc.indicators) == 72


def test_program_values_and_cells(doc: Document) -> None:
    p1 = item(doc, "P1")
    assert p1.nama == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    assert (p1.anggaran, p1.anggaran_tw1, p1.anggaran_tw4) == (4969412271, 1741737370,
                                                                1026700721)
    assert cells(p1, "nama", "anggaran", "anggaran_tw1", "anggaran_tw4", "penanggung_jawab") \
        == ["J14", "K14", "L14", "O14", "P14"]
    assert p1.raw["anggaran"] == "4.969.412.271"
    ind = indicator(doc, "P1")
    assert (ind.target, ind.target_teks, ind.satuan) == (74.17, "74,17 (BB)", "Nilai")
    assert ind.target_tw1 is None and cells(ind, "target") == ["E14"]
    p3 = item(doc, "P3")  # '-' is a printed zero
    assert (p3.anggaran_tw1, p3.anggaran_tw4, p3.raw["anggaran_tw1"]) == (0, 0, "-")
    assert cells(p3, "anggaran_tw1") == ["L16"]


def test_kegiatan_target_error_is_imported_faithfully(doc: Document) -> None:
    k8 = indicator(doc, "K8")
    assert k8.target == 85
    assert [k8.target_tw1, k8.target_tw2, k8.target_tw3, k8.target_tw4] == [21] * 4
    assert cells(k8, "target", "target_tw1", "target_tw4") == ["E45", "F45", "I45"]


def test_thousands_in_targets(doc: Document) -> None:
    s38 = indicator(doc, "S38")
    assert (s38.target, s38.target_tw4) == (960067, 240016)
    assert s38.raw["target"] == "960.067" and s38.target_teks is None


def test_blank_quarters_next_to_filled_ones_are_zero(doc: Document) -> None:
    s7 = indicator(doc, "S7")  # 3 = 1 + 1 + 1 + (blank)
    assert [s7.target_tw1, s7.target_tw4] == [1, 0]
    assert cells(s7, "target_tw4") == ["I81"] and s7.raw["target_tw4"] == ""
    s6 = item(doc, "S6")  # budget planned in TW III only
    assert [s6.anggaran_tw1, s6.anggaran_tw2, s6.anggaran_tw3, s6.anggaran_tw4] == [
        0, 0, 13200000, 0]
    s42 = item(doc, "S42")  # blank, '-', value, blank
    assert (s42.anggaran_tw1, s42.anggaran_tw2, s42.raw["anggaran_tw2"]) == (0, 0, "-")


def test_shifted_rows_are_realigned_and_reported(doc: Document) -> None:
    shifted = [f for f in doc.issues if f.code == "STR-001"]
    assert [(f.location.table, f.location.row) for f in shifted] == [
        (T4, 111), (T4, 112), (T4, 113), (T4, 114)]
    assert "B111" in shifted[0].message["id"] and "SASARAN STRATEGIS" in shifted[0].message["en"]
    # the direction is said in each message's own language, not in the reader's
    assert "ke kiri" in shifted[0].message["id"] and "to the left" in shifted[0].message["en"]
    s32 = item(doc, "S32")
    assert (s32.nama, s32.anggaran, s32.anggaran_tw3) == (
        "Pemberian Layanan Data dan Pengaduan", 1000000, 1000000)
    assert cells(s32, "nama", "anggaran", "anggaran_tw3", "penanggung_jawab") == [
        "I111", "J111", "M111", "O111"]
    assert s32.penanggung_jawab == "Pekerja Sosial Ahli Muda - Penyuluh Sosial Ahli Muda"
    assert s32.sasaran.startswith("Terlaksananya rehabilitasi")  # filled down from B103
    assert cells(s32, "sasaran") == ["B103"]
    ind = indicator(doc, "S32")
    assert (ind.uraian[:26], ind.satuan, ind.target) == ("Jumlah Orang yang Mendapat", "Orang",
                                                         68)
    assert cells(ind, "uraian", "satuan", "target", "target_tw4") == [
        "B111", "C111", "D111", "H111"]
    s35 = item(doc, "S35")
    assert [s35.anggaran, s35.anggaran_tw3, s35.anggaran_tw4] == [2000000, 1000000, 1000000]


def test_no_number_findings_on_the_seed(doc: Document) -> None:
    assert Counter(f.code for f in doc.issues) == {"STR-001": 4}


def test_tujuan_and_sasaran_once(doc: Document) -> None:
    tujuan, sasaran = item(doc, "TUJUAN1"), item(doc, "SASARAN1")
    assert tujuan.nama.startswith("Meningkatkan Penanganan") and cells(tujuan, "nama") == ["B12"]
    assert sasaran.induk == "TUJUAN1" and sasaran.nama is None
    ti, si = indicator(doc, "TUJUAN1"), indicator(doc, "SASARAN1")
    assert (ti.target, ti.satuan, cells(ti, "target")) == (100, "%", ["I12"])
    assert (si.target, si.raw["target"], cells(si, "uraian", "target")) == (
        105341, "105.341", ["C13", "I13"])


def test_parents_inferred_from_budgets(doc: Document) -> None:
    kegiatan = {f"K{n}": p for p, ks in {"P1": range(1, 8), "P2": [8], "P3": [9],
                                          "P4": [10, 11], "P5": [12], "P6": [13, 14],
                                          "P7": [15]}.items() for n in ks}
    groups = {"K1": 2, "K2": 2, "K3": 1, "K4": 4, "K5": 2, "K6": 3, "K7": 5, "K8": 3,
              "K9": 1, "K10": 12, "K11": 2, "K12": 4, "K13": 5, "K14": 1, "K15": 1}
    subs, n = {}, 1
    for k, size in groups.items():
        for _ in range(size):
            subs[f"S{n}"] = k
            n += 1
    assert n == 49
    got = {i.id: i.induk for i in doc.items if i.level.value in ("kegiatan", "sub_kegiatan")}
    assert got == {**kegiatan, **subs}
    assert all(item(doc, f"P{n}").induk is None for n in range(1, 8))
    assert not [f for f in doc.issues if f.code == "STR-003"]


def test_totals_rows(doc: Document) -> None:
    assert [(t.tabel, t.level.value, t.row) for t in doc.totals] == [
        (T2, "program", 21), (T3, "kegiatan", 53), (T4, "sub_kegiatan", 133)]
    for total in doc.totals:
        assert (total.anggaran, total.anggaran_tw1, total.anggaran_tw4) == (
            19058970271, 6146052995, 1230171010)
        assert cells(total, "anggaran", "anggaran_tw4") == [f"K{total.row}", f"O{total.row}"]
    assert not any(i.row in (21, 53, 133) for i in doc.items)


def test_table_info(doc: Document) -> None:
    names = [t.name for t in doc.tables]
    assert names == [T2, T3, T4]
    t2, t3, t4 = doc.tables
    assert (t2.first_row, t2.last_row, t3.first_row, t4.first_row, t4.last_row) == (
        7, 21, 31, 68, 133)
    assert t4.roles["A"] == "no" and t4.roles["J"] == "nama" and t4.roles["K"] == "anggaran"
    assert t4.roles["L"] == "anggaran_tw1" and t4.roles["O"] == "anggaran_tw4"
    assert t4.roles["F"] == "target_tw1" and t4.roles["P"] == "pj"
    skipped = dict(t4.skipped)
    for row in (71, 94, 95, 96, 97, 116, 117, 118, 119, 133, 135, 139, 140, 141):
        assert row in skipped, row
    assert "nomor kolom" in skipped[97] and "diulang" in skipped[94]
    assert "tanda tangan" in dict(t3.skipped)[58]
    assert any("P21" in n and "19.058.970.271" in n for n in t2.notes)
    assert any("41 sel 'SASARAN STRATEGIS'" in n for n in t4.notes)
    assert any("L–O" in n for n in t4.notes)
    assert (t2.rows_read, t3.rows_read, t4.rows_read) == (10, 15, 48)


# --------------------------------------------------------------------------- inline tables
H1 = ("NO\tSASARAN STRATEGIS\tINDIKATOR KINERJA\t\t\t\t\t\t\tPROGRAM/KEGIATAN/SUB KEGIATAN"
      "\tANGGARAN APBD\t\t\t\t\tPENANGGUNGJAWAB")
H2 = ("\t\tURAIAN\tSATUAN\tTARGET KINERJA\tRENCANA AKSI Per TRIWULAN\t\t\t\t\tJUMLAH ANGGARAN"
      "\tRENCANA AKSI PER TRIWULAN\t\t\t\t")
H3 = "\t\t\t\t\tTR I\tTR II\tTR III\tTR IV\t\t\tRp\tI\tII\tIII\t"
NUMS = "1\t2\t3\t4\t5\t6\t7\t8\t9\t14\t15\t16\t17\t18\t19\t20"
HEADER = [H1, H2, H3, NUMS]


def heading(eselon: str) -> list[str]:
    return [f"**RENCANA AKSI ESELON {eselon}", "DINAS SOSIAL",
            "KOTA CONTOH TAHUN 2025**", ""]


def row(no: str, sas: str, uraian: str, satuan: str, target: str, tw: str, nama: str,
        ang: str, q: str, pj: str = "Kepala Dinas") -> str:
    return "\t".join([no, sas, uraian, satuan, target, *tw.split(","), nama, ang,
                      *q.split(","), pj])


def read(tmp_path: Path, lines: list[str]) -> Document:
    path = tmp_path / "ra.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    importer = GridImporter()
    assert importer.sniff(path, read_lines(path))
    [d] = importer.read(path)
    return d


def test_header_only(tmp_path: Path) -> None:
    d = read(tmp_path, [*heading("IV"), *HEADER])
    assert (d.instansi, d.pemda, d.tahun) == ("Dinas Sosial", "Kota Contoh", 2025)
    assert d.items == [] and d.totals == []
    [empty] = d.issues  # a table without rows is said, not passed
    assert (empty.code, empty.severity.value, empty.location.row) == ("STR-004", "info", 5)
    [info] = d.tables
    assert info.name == "RENCANA AKSI ESELON IV" and info.rows_read == 0
    assert info.skipped == [(8, t("import_excel.skip_numbered"))]


def test_empty_table_with_totals_row(tmp_path: Path) -> None:
    d = read(tmp_path, [*heading("III"), *HEADER, "\t" * 10 + "0\t0\t0\t0\t0\t0",
                        "", "Kota Contoh, Januari 2025"])
    assert d.items == []
    [total] = d.totals
    assert (total.level.value, total.anggaran, total.row) == ("kegiatan", 0, 9)
    assert dict(d.tables[0].skipped)[11] == t("import_excel.skip_signature")


def test_repeated_header_and_totals(tmp_path: Path) -> None:
    d = read(tmp_path, [
        *heading("IV"), *HEADER,
        row("1", "Sasaran A", "Jumlah Dokumen", "Dokumen", "4", "1,1,1,1", "Sub A",
            "400.000", "100.000,100.000,100.000,100.000"),
        "", *HEADER,
        row("2", "", "Jumlah Laporan", "Laporan", "2", ",1,,1", "Sub B", "200.000",
            ",,200.000,"),
        "\t" * 10 + "600.000\t100.000\t100.000\t300.000\t100.000\t600.000",
    ])
    s1, s2 = d.items
    assert (s1.id, s2.id, s2.sasaran, s2.cells["sasaran"].cell) == ("S1", "S2", "Sasaran A",
                                                                    "B9")
    assert s2.row == 15 and s2.anggaran_tw3 == 200000 and s2.anggaran_tw1 == 0
    ind = next(i for i in d.indicators if i.item == "S2")
    assert [ind.target_tw1, ind.target_tw2, ind.target_tw3, ind.target_tw4] == [0, 1, 0, 1]
    skipped = dict(d.tables[0].skipped)
    assert all(r in skipped for r in (11, 12, 13, 14))
    assert d.totals[0].anggaran == 600000 and d.totals[0].cells["anggaran"].cell == "K16"
    assert any("P16" in n for n in d.tables[0].notes)


def test_all_quarters_blank_means_no_plan(tmp_path: Path) -> None:
    d = read(tmp_path, [*heading("II"), *HEADER,
                        row("1", "S", "Nilai SAKIP", "Nilai", "B", ",,,", "PROGRAM X",
                            "1.000", ",,,")])
    [p] = d.items
    [ind] = d.indicators
    assert p.anggaran == 1000 and p.anggaran_tw1 is None and p.anggaran_mode is None
    assert ind.target is None and ind.target_teks == "B" and ind.target_tw1 is None
    assert d.issues == []  # a grade is a target as printed, not a broken number


def test_malformed_numbers_are_reported_never_read(tmp_path: Path) -> None:
    d = read(tmp_path, [*heading("IV"), *HEADER,
                        row("1", "S", "Jumlah Dokumen", "Dokumen", "12", "3,3,3,3", "Sub A",
                            "1.305.563.5500", "1.200.000,1.200.000,1.200.000,1.200.000"),
                        row("2", "", "Jumlah Orang", "Orang", "8", "2,2,2,2", "Sub B",
                            "4.000.000", "1.000.000,13.2918.000,1.000.000,1.000.000"),
                        row("3", "", "Jumlah Unit", "Unit", "4", "1,1,1,1", "Sub C",
                            "58,957,000.00", "lihat,0,0,0"),
                        row("4", "", "Jumlah Paket", "Paket", "23.22", "1,1,1,1", "Sub D",
                            "4.000.000", "1.000.000,1.000.000,1.000.000,1.000.000")])
    got = sorted((f.code, f.location.cell, f.actual) for f in d.issues)
    # '23.22' has one reading only: two digits after a separator are never a thousands
    # group (issue 13), so it is read, with NUM-002 on the English-style point.
    assert d.indicators[3].target == 23.22
    assert got == [
        ("NUM-001", "K9", "1.305.563.5500"),
        ("NUM-001", "M10", "13.2918.000"),
        ("NUM-002", "E12", "23.22"),
        ("NUM-002", "K11", "58,957,000.00"),
        ("NUM-003", "L11", "lihat"),
    ]
    s1, s2, s3, _ = d.items
    assert s1.anggaran is None and s1.raw["anggaran"] == "1.305.563.5500"
    assert s2.anggaran_tw2 is None and s3.anggaran == 58957000 and s3.anggaran_tw1 is None
    k9 = next(f for f in d.issues if f.location.cell == "K9")
    assert k9.expected == 4800000 and "4.800.000" in k9.suggestion["id"]
    assert "4,800,000" in k9.suggestion["en"]
    m10 = next(f for f in d.issues if f.location.cell == "M10")
    assert m10.expected == 1000000
    e12 = next(f for f in d.issues if f.location.cell == "E12")
    assert "'23.22'" in e12.message["id"] and "2.322" not in e12.message["id"]


def test_shifted_row_synthetic(tmp_path: Path) -> None:
    ok = row("1", "Sasaran A", "Jumlah Dokumen", "Dokumen", "4", "1,1,1,1", "Sub A",
             "400.000", "100.000,100.000,100.000,100.000")
    shifted = "\t".join(["2", "Jumlah Laporan", "Laporan", "8", "2", "2", "2", "2", "Sub B",
                         "800.000", "200.000", "200.000", "200.000", "200.000", "Kasi", ""])
    d = read(tmp_path, [*heading("IV"), *HEADER, ok, shifted])
    [f] = d.issues
    # the cell holding the value that moved in (issue 15: every finding names a cell)
    assert (f.code, f.location.row, f.location.column) == ("STR-001", 10, "B")
    s2 = d.item("S2")
    assert (s2.nama, s2.anggaran, s2.penanggung_jawab, s2.sasaran) == (
        "Sub B", 800000, "Kasi", "Sasaran A")
    assert [s2.cells[n].cell for n in ("nama", "anggaran", "anggaran_tw4")] == [
        "I10", "J10", "N10"]
    ind = next(i for i in d.indicators if i.item == "S2")
    assert (ind.uraian, ind.satuan, ind.target, ind.cells["target"].cell) == (
        "Jumlah Laporan", "Laporan", 8, "D10")


def test_headers_found_by_text_not_position(tmp_path: Path) -> None:
    top = ("No.\tProgram / Kegiatan\tSasaran Strategis\tIndikator Kinerja" + "\t" * 7
           + "Anggaran" + "\t" * 5 + "Penanggung Jawab")
    mid = "\t\t\tUraian\tSatuan\tTarget\tTriwulan\t\t\t\tPagu\tRencana Triwulan\t\t\t\t"
    low = "\t\t\t\t\t\tTW 1\tTW 2\tTW 3\tTW 4\t\tTW 1\tTW 2\tTW 3\tTW 4\t"
    data = "\t".join(["7", "Sub X", "Sasaran", "Jumlah Orang", "Orang", "10", "1", "2",
                      "3", "4", "100", "10", "20", "30", "40", "Kasi"])
    d = read(tmp_path, ["RENCANA AKSl ESEL0N lV", "DINAS SOSIAL KABUPATEN CONTOH TAHUN 2023",
                        "", top, mid, low, data])
    [s] = d.items
    [ind] = d.indicators
    assert (s.id, s.nama, s.anggaran, s.anggaran_tw4, s.cells["anggaran_tw4"].cell) == (
        "S7", "Sub X", 100, 40, "O7")
    assert (ind.target, ind.target_tw3, ind.cells["target_tw3"].cell) == (10, 3, "I7")
    assert (d.instansi, d.pemda, d.tahun) == ("Dinas Sosial", "Kabupaten Contoh", 2023)


def two_tables(programs: list[tuple[str, str]], kegiatan: list[tuple[str, str]]) -> list[str]:
    lines = [*heading("II"), *HEADER]
    for n, (name, budget) in enumerate(programs, start=1):
        lines.append(row(str(n), "Sasaran", "Persentase", "%", "100", "25,25,25,25", name,
                         budget, "0,0,0," + budget))
    lines += ["", *heading("III"), *HEADER]
    for n, (name, budget) in enumerate(kegiatan, start=1):
        lines.append(row(str(n), "Sasaran", "Persentase", "%", "100", "25,25,25,25", name,
                         budget, "0,0,0," + budget))
    return lines


def test_parent_from_neighbouring_budgets_despite_a_wrong_sum(tmp_path: Path) -> None:
    d = read(tmp_path, two_tables([("PROGRAM A", "100"), ("PROGRAM B", "50")],
                                  [("Keg 1", "60"), ("Keg 2", "30"), ("Keg 3", "50")]))
    assert [i.induk for i in d.items if i.level.value == "kegiatan"] == ["P1", "P1", "P2"]
    assert not [f for f in d.issues if f.code == "STR-003"]


def test_parent_left_empty_when_evidence_ties(tmp_path: Path) -> None:
    d = read(tmp_path, two_tables([("PROGRAM A", "100"), ("PROGRAM B", "100")],
                                  [("Keg 1", "100")]))
    [k] = [i for i in d.items if i.level.value == "kegiatan"]
    assert k.induk is None
    [f] = [f for f in d.issues if f.code == "STR-003"]
    # candidates by name, not by the importer's ids P1, P2 (issue 15)
    assert f.expected == ["PROGRAM A", "PROGRAM B"] and f.location.cell == "J20"
    assert "PROGRAM A" in f.message["id"] and "PROGRAM B" in f.message["en"]


class _Entry:
    def __init__(self, kode: str) -> None:
        self.kode = kode


class _FakeNomenclature:
    names = {"PROGRAM A": "1.06.02", "PROGRAM B": "1.06.04", "Keg 1": "1.06.04.2.01"}

    def __init__(self) -> None:
        self.within: list[str | None] = []

    def match_name(self, nama: str, level: str, limit: int = 3,
                   within: str | None = None) -> list[tuple[_Entry, float]]:
        self.within.append(within)
        return [(_Entry(self.names[nama]), 1.0)] if nama in self.names else []

    def parent_code(self, kode: str) -> str:
        return kode.rsplit(".", 2)[0]


def test_nomenclature_breaks_a_budget_tie(tmp_path: Path, monkeypatch) -> None:
    fake = _FakeNomenclature()
    monkeypatch.setattr("checker.reference.nomenclature", lambda: fake)
    d = read(tmp_path, two_tables([("PROGRAM A", "100"), ("PROGRAM B", "100")],
                                  [("Keg 1", "100")]))
    [k] = [i for i in d.items if i.level.value == "kegiatan"]
    assert k.induk == "P2"
    assert any("K1=1.06.04.2.01" in n for n in d.tables[1].notes)
    assert any("P2=1.06.04" in n for n in d.tables[0].notes)
    assert fake.within[0] is None and fake.within[-1] == "1.06"  # bidang learnt from programs


def test_nomenclature_contradicting_budgets_is_not_guessed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("checker.reference.nomenclature", _FakeNomenclature)
    d = read(tmp_path, two_tables([("PROGRAM A", "100"), ("PROGRAM B", "50")],
                                  [("Keg 1", "100"), ("Keg 2", "50")]))
    k1, k2 = [i for i in d.items if i.level.value == "kegiatan"]
    assert k1.induk is None and k2.induk == "P2"
    [f] = [f for f in d.issues if f.code == "STR-003"]
    assert f.expected == ["PROGRAM A", "PROGRAM B"]


def test_partition_zero_budget_at_boundary_is_undecided() -> None:
    cands, exact = partition([60, 40, 0, 30], [100, 30], [[0, 0]] * 4)
    assert cands == [{0}, {0}, {0, 1}, {1}] and exact == {0, 1}


def test_partition_unknown_budget_keeps_order() -> None:
    cands, exact = partition([60, None, 30], [100, 30], [[0, 0]] * 3)
    assert cands == [{0}, {0}, {1}] and exact == {1}


def test_further_indicator_labelled_totals_and_signature_in_cells(tmp_path: Path) -> None:
    second = "\t".join(["", "", "Persentase Laporan Tepat Waktu", "%", "100", "25", "25", "25",
                        "25", "", "", "", "", "", "", ""])
    d = read(tmp_path, [
        *heading("III"), *HEADER,
        "Tujuan :\tMeningkatkan Layanan" + "\t" * 7 + "90 %" + "\t" * 7,
        row("1", "Sasaran A", "Jumlah Dokumen", "Dokumen", "4", "1,1,1,1", "Keg A",
            "400.000", "100.000,100.000,100.000,100.000"),
        second,
        "\t".join(["", "", "", "", "", "", "", "", "", "JUMLAH", "400.000", "100.000",
                   "100.000", "100.000", "100.000", ""]),
        "\t" * 9 + "Kota Contoh, Januari 2025" + "\t" * 6,
        "\t" * 9 + "KEPALA DINAS SOSIAL" + "\t" * 6,
    ])
    tujuan, keg = d.items
    assert (tujuan.level.value, tujuan.nama, keg.id) == ("tujuan", "Meningkatkan Layanan", "K1")
    assert [(i.item, i.uraian, i.target, i.row) for i in d.indicators] == [
        ("TUJUAN1", None, 90, 9),
        ("K1", "Jumlah Dokumen", 4, 10),
        ("K1", "Persentase Laporan Tepat Waktu", 100, 11),
    ]
    [total] = d.totals
    assert (total.row, total.anggaran) == (12, 400000)
    skipped = dict(d.tables[0].skipped)
    assert skipped[13] == skipped[14] == t("import_excel.skip_signature")
    assert d.issues == []


def test_official_codes_only_noted(doc: Document) -> None:
    try:
        from checker.reference import nomenclature

        nomenclature()
    except (ImportError, OSError, ValueError):
        pytest.skip("the national nomenclature is not available")
    t2, t3, _ = doc.tables
    assert any("P1=1.06.01;" in n and "P7=1.06.07" in n for n in t2.notes)
    assert any("K1=1.06.01.2.01;" in n and "K15=1.06.07.2.01" in n for n in t3.notes)
    assert all(i.kode is None for i in doc.items)


def test_indicator_header_naming_program_is_not_the_name_column(tmp_path: Path) -> None:
    top = H1.replace("INDIKATOR KINERJA", "INDIKATOR KINERJA PROGRAM")
    d = read(tmp_path, [*heading("II"), top, H2, H3,
                        row("1", "S", "Persentase A", "%", "100", "25,25,25,25", "PROGRAM A",
                            "100", "25,25,25,25")])
    assert d.tables[0].roles["C"] == "indikator" and d.tables[0].roles["J"] == "nama"
    assert d.items[0].nama == "PROGRAM A"


def test_tables_that_cannot_be_read_are_reported(tmp_path: Path) -> None:
    no_budget = "NO\tSASARAN STRATEGIS\tINDIKATOR KINERJA\tPROGRAM/KEGIATAN\tPENANGGUNGJAWAB"
    d = read(tmp_path, [*heading("II"), "(tabel terlampir)", "", *heading("IV"), no_budget,
                        "1\tS\tJumlah\tSub A\tKasi", "", *heading("IV"), *HEADER])
    # A table without budget columns is still read (names, penanggung jawab); the empty
    # one is said. The title followed by '(tabel terlampir)' and no table is not a table.
    assert [(f.code, f.location.table, f.location.row) for f in d.issues] == [
        ("STR-004", "RENCANA AKSI ESELON IV (2)", 18)]
    [sub] = d.items
    assert (sub.nama, sub.anggaran, sub.penanggung_jawab) == ("Sub A", None, "Kasi")
    assert [t.name for t in d.tables] == ["RENCANA AKSI ESELON IV", "RENCANA AKSI ESELON IV (2)"]
