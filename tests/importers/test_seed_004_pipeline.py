"""Seed 004 (LKjIP Lampung Barat 2024) moving onto the shared pipeline, part by part.

The Perjanjian Kinerja and the PK Perubahan appended to the report are read by the shared
pipeline as the parts the ``lkjip`` profile names (``profiles/lkjip.toml``,
``checker/importers/parts.py``), their budget lists by ``budget_lists.py``; the importer of
their own (``text_lkjip_pk.py``, 264 lines) is retired. Every report table is read by the
shared stages too: Tabel 4.8 (realisation per code), 2.2, 2.4, 2.5 (targets per sasaran or
program), 2.3 (pagu per version) and 4.1-4.7 (indicators without a name column, through
``indicator_lists.py``); their own readers (``read_realisasi``, ``read_pagu``,
``read_indicators`` of ``text_lkjip_tables.py``) are retired.
Every finding the own readers gave there is still given at the same
table and cell, except the two listed and explained below; what is new is listed and
explained too. The rencana aksi appendix is the profile's joined part (four level
headings, one document), read by the shared stages as a whole: its tujuan/sasaran grid and
its program, kegiatan and sub-kegiatan record tables, whose own reader
(``text_lkjip_appendix.py``) is retired; its 118 findings are listed and given again.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.importers.budget_lists import marker, read_budget_lists, split_row
from checker.importers.caption_tables import CaptionedImporter
from checker.importers.excel_grid import Sheet
from checker.importers.excel_layout import GridImporter
from checker.importers.profiles import builtin
from checker.model.plan import Document, Item
from tests.conftest import SEEDS

SEED = SEEDS / "004_a30a70c4cd2935b3.txt"
PK, PKP = "PERJANJIAN KINERJA TAHUN 2024", "PERJANJIAN KINERJA PERUBAHAN TAHUN 2024"

# What the retired importer (text_lkjip_pk.py) gave on the two agreements, by code and
# cell, cross-document findings placed there included (LDK-002/003 are consequences of
# the ROL findings of Tabel 2.3; LDK-006/010 pair the agreements with the rencana aksi).
RETIRED_IMPORTER_FINDINGS = {
    PK: [("LDK-002", "C1235"), ("NOM-003", "B1235"), ("NOM-003", "B1244"),
         ("STR-002", "A1252"), ("NOM-003", "A1257"), ("NOM-003", "A1267"),
         ("NOM-003", "A1277"), ("NOM-003", "A1296"), ("NOM-003", "A1301"),
         ("NOM-003", "A1312"), ("NOM-003", "A1317"), ("NOM-003", "B1321"),
         ("LDK-010", "B1325"), ("LDK-010", "B1326"), ("LDK-010", "B1330"),
         ("LDK-010", "B1333"), ("LDK-006", "B1343")],
    PKP: [("LDK-003", "C1391"), ("NOM-003", "B1391"), ("NOM-003", "B1400"),
          ("STR-002", "A1408"), ("NOM-003", "A1413"), ("NOM-003", "A1423"),
          ("NOM-003", "A1433"), ("NOM-003", "A1452"), ("NOM-003", "A1457"),
          ("NOM-003", "A1468"), ("NOM-003", "A1473"), ("LDK-010", "A1486"),
          ("LDK-010", "A1487"), ("LDK-010", "A1495"), ("LDK-010", "A1498"),
          ("LDK-006", "A1518")],
}
# Tabel 4.8: what text_lkjip_tables.read_realisasi gave, by code and cell (consequences
# included: KOD-002 A686).
RETIRED_IMPORTER_FINDINGS["Tabel 4.8"] = [
    ("STR-004", "A629"), ("REA-003", "F644"), ("REA-003", "F645"), ("KOD-002", "A683"),
    ("LDK-010", "B684"), ("STR-003", "A684"), ("LDK-010", "B685"), ("STR-003", "A685"),
    ("KOD-002", "A686"), ("LDK-010", "B688"), ("LDK-010", "B690"), ("NOM-002", "B701")]
# Changed in Tabel 4.8: sub-kegiatan 1.06.04.2.01.05 and .08 (lines 684, 685) were left
# without a parent (STR-003 warnings: kegiatan 1.06.04.2.01 is not in the table); the
# shared stages put them under the kegiatan printed above them (line 683, code
# 1.06.04.2.02), which their amounts prove is theirs (221.658.000 + 30.000.000 =
# 251.658.000, realisasi 221.442.500 + 29.495.200 = 250.937.700), and KOD-001 says that
# their codes do not start with its code: true errors of the document's own codes (the
# kegiatan's code is the one printed wrong, as KOD-002 A683 says). Checked by hand.
CHANGED = {"Tabel 4.8": ([("STR-003", "A684"), ("STR-003", "A685")],
                         [("KOD-001", "A684"), ("KOD-001", "A685")])}
# New: the columns no model field holds are said, not dropped (STR-005 warnings): the
# sasaran table's FORMULASI (D1230, D1386: the indicator's formula, text) and the budget
# list's Keterangan (D1234, D1390: the funding source 'APBD'). Checked by hand against the
# seed text: both columns hold exactly that, and nothing of them is checked by any rule.
NEW_FINDINGS = {PK: [("STR-005", "D1230"), ("STR-005", "D1234")],
                PKP: [("STR-005", "D1386"), ("STR-005", "D1390")], "Tabel 4.8": []}
# Tabel 2.5 (program targets): read_indicators gave no finding at this table, nor does the
# pipeline; the skipped tables after it (Tabel 3.1-3.5, STR-004 and ROL-011) are still
# placed on its document. The engine's output on the whole file is unchanged (checked by
# diffing `sakip-check check --format json` before and after: 190 findings, same codes,
# cells, values and messages).
RETIRED_IMPORTER_FINDINGS["Tabel 2.5"] = []
NEW_FINDINGS["Tabel 2.5"] = []
# Tabel 2.2 and 2.4 (the sasaran's target per year): read_indicators gave no finding there
# either (Tabel 2.1's STR-004 at A227 is placed on 2.2's document, as before). New: one
# STR-005 warning each, naming the columns no field holds: D (Penjelasan/Alasan/
# Formulasi/Perhitungan, the indicator's formula, text) and E, G, H (the targets of 2023,
# 2025 and 2026; the report is for 2024). Checked by hand against lines 301-303 and
# 344-346 of the seed: true, and no rule reads those columns. The sasaran read here still
# names the document's one sasaran for Tabel 4.1 (CAP-001 G491 kept).
for table, cells in (("Tabel 2.2", ["D301"]), ("Tabel 2.4", ["D344"])):
    RETIRED_IMPORTER_FINDINGS[table] = []
    NEW_FINDINGS[table] = [("STR-005", cell) for cell in cells]

# --------------------------------------------------------------------- rencana aksi appendix
RA_GOALS = "Rencana Aksi Tingkat Tujuan dan Sasaran Strategis Dinas Sosial"
RA_PROGRAM = "RENCANA AKSI TINGKAT PROGRAM DINAS SOSIAL"
RA_KEGIATAN = "Rencana Aksi Tingkat Kegiatan Dinas Sosial"
RA_SUB = "Rencana Aksi Tingkat Sub Kegiatan Dinas Sosial"
# The tujuan/sasaran grid is read by the shared stages (text_lkjip_appendix._GoalTable,
# 110 lines, retired): the old reader gave no finding there, nor does the pipeline. The
# engine's output on the whole file is byte-identical before and after (192 findings).
RETIRED_IMPORTER_FINDINGS[RA_GOALS] = []
NEW_FINDINGS[RA_GOALS] = []
# The record tables (program, kegiatan, sub-kegiatan) were read by
# text_lkjip_appendix._RecordTable (retired): what it gave there, by code and cell
# (consequences and cross-document findings placed there included), every one given again
# by the shared stages at the same cell.
APPENDIX_FINDINGS: dict[str, list[tuple[str, str]]] = {}
APPENDIX_FINDINGS[RA_PROGRAM] = [
    ("NOM-003", "C857"), ("ROL-007", "H857"), ("ROL-010", "I857"), ("ROL-007", "H861"),
    ("ROL-010", "I861"), ("KLP-006", "E869"), ("NUM-002", "F877"), ("NUM-002", "G877")]
APPENDIX_FINDINGS[RA_KEGIATAN] = [
    ("NUM-002", "I894"), ("ROL-007", "I894"), ("NUM-002", "J894"), ("ROL-010", "J894"),
    ("LDK-008", "I897"), ("STR-001", "A906"), ("ROL-007", "I906"), ("ROL-010", "J906"),
    ("LDK-008", "I909"), ("TGT-005", "G918"), ("STR-002", "G922"), ("STR-001", "A923"),
    ("ROL-010", "N923"), ("LDK-012", "N926"), ("STR-001", "A927"), ("NOM-003", "D927"),
    ("ROL-007", "L927"), ("ROL-010", "N927"), ("LDK-008", "L930"), ("LDK-012", "N930"),
    ("STR-001", "A931"), ("LDK-008", "L934"), ("LDK-012", "N934"), ("STR-001", "A955"),
    ("TGT-005", "H955"), ("STR-002", "F959"), ("LDK-012", "J967"), ("ROL-007", "I976"),
    ("ROL-010", "J976"), ("LDK-008", "I979"), ("LDK-012", "J979"), ("ROL-007", "I980"),
    ("ROL-010", "J980"), ("LDK-008", "I983"), ("STR-001", "A988"), ("LDK-010", "E988"),
    ("ROL-007", "J988"), ("ROL-010", "K988"), ("LDK-008", "I991"), ("TGT-006", "G997"),
    ("TGT-006", "G998"), ("STR-001", "A999")]
APPENDIX_FINDINGS[RA_SUB] = [
    ("NUM-002", "J1036"), ("NUM-002", "K1036"), ("LDK-008", "J1043"), ("LDK-012", "K1043"),
    ("NOM-003", "E1056"), ("LDK-008", "J1059"), ("REA-004", "K1060"), ("STR-001", "A1064"),
    ("LDK-008", "I1068"), ("LDK-012", "J1068"), ("STR-001", "A1069"), ("NOM-003", "D1069"),
    ("STR-001", "A1073"), ("STR-001", "A1077"), ("STR-001", "A1081"), ("STR-001", "A1085"),
    ("STR-001", "A1089"), ("STR-001", "A1093"), ("STR-001", "A1097"), ("KLP-004", "G1097"),
    ("STR-002", "G1097"), ("TGT-005", "G1097"), ("STR-002", "A1099"), ("STR-001", "A1103"),
    ("KLP-005", "E1103"), ("KLP-003", "H1104"), ("KLP-004", "H1104"), ("KLP-006", "H1104"),
    ("STR-002", "H1104"), ("STR-001", "A1107"), ("KLP-005", "E1107"), ("STR-002", "M1107"),
    ("STR-001", "A1111"), ("KLP-005", "E1111"), ("NOM-003", "E1111"), ("STR-002", "M1111"),
    ("STR-001", "A1115"), ("KLP-005", "E1115"), ("STR-002", "M1115"), ("STR-001", "A1119"),
    ("KLP-005", "E1119"), ("STR-002", "M1119"), ("STR-001", "A1123"), ("KLP-005", "E1123"),
    ("STR-002", "M1123"), ("STR-001", "A1127"), ("KLP-005", "E1127"), ("STR-002", "M1127"),
    ("STR-001", "A1131"), ("STR-002", "M1131"), ("LDK-008", "I1135"), ("LDK-012", "J1135"),
    ("KLP-005", "L1136"), ("KLP-005", "L1140"), ("KLP-005", "L1144"), ("LDK-010", "E1148"),
    ("REA-004", "K1148"), ("KLP-005", "L1148"), ("LDK-010", "E1152"), ("KLP-005", "L1152"),
    ("KLP-005", "L1156"), ("LDK-010", "E1161"), ("NOM-003", "E1165"), ("TGT-006", "I1165"),
    ("LDK-010", "E1169"), ("TGT-006", "I1169"), ("LDK-007", "E1177"), ("STR-004", "A1182")]
# What the shared stages give there besides, each checked by hand against the seed's text:
# the columns of each record's own sasaran statement (D857 'Meningkatnya SAKIP Perangkat
# Daerah'), which no field of the model holds, said unread (STR-005); J1136-J1159,
# amounts without a quarter label beside labelled ones, read by their line's label
# (STR-001, once for the run); sub-kegiatan naming their kegiatan with a spelling that is
# not the kegiatan table's (STR-003 near, 0.92-0.98: 'ADMINISTRASI KEUANGAN PEJANGKAT
# DAERAH' for D906's name), linked and said; 'Pengadaan Barang Milik Daerah Penunjang
# Urusan Pen crntah Daerah' (1115, 1119), 0.79 to the Pemeliharaan kegiatan and 0.70 to the
# Pengadaan one, left without a parent and said (the old reader took the table's order).
APPENDIX_NEW: dict[str, list[tuple[str, str]]] = {
    RA_PROGRAM: [("STR-005", "D854")],
    RA_KEGIATAN: [("STR-005", "E891")],
    RA_SUB: [("STR-005", "F1034"), ("STR-001", "J1136"), ("STR-003", "C1069"),
             ("STR-003", "C1073"), ("STR-003", "C1077"), ("STR-003", "C1081"),
             ("STR-003", "C1085"), ("STR-003", "D1103"), ("STR-003", "D1115"),
             ("STR-003", "D1119")]}


# Tabel 2.3 (pagu per version: PAGU APBD 2024 | APBD Pergeseran 2024 | APBD Perubahan),
# what read_pagu gave, consequences included (ROL-004 C316 follows ROL-003 B316). New: the
# bidang row 'SOSIAL' (line 315, the urusan's total over the four programs) is recognised
# as a bidang urusan row and said not to be checked (STR-005 warning), where read_pagu kept
# it as an unchecked total in a note. True: its sums are not checked by any rule either way
# (murni 4.610.224.900 is 3.083.279.600 + 1.305.563.500 + 129.440.000 + 92.941.800 with
# the garbled '1.305.563.5500' read as printed in the PK; nothing is invented).
RETIRED_IMPORTER_FINDINGS["Tabel 2.3"] = [
    ("ROL-003", "B316"), ("ROL-004", "C316"), ("ROL-005", "D316"), ("NUM-001", "B325"),
    ("NUM-001", "C325")]
NEW_FINDINGS["Tabel 2.3"] = [("STR-005", "A315")]


# Tabel 4.1 (IKU: No | Indikator Kinerja | Formulasi | Satuan | Target | Realisasi |
# Capaian %) and 4.5 (SPM services: Jenis Pelayanan Dasar | Indikator Kinerja | Target
# Nasional | Realisasi Kabupaten | Keterangan), indicator tables without a name column, about
# the document's one sasaran (named at B303): read_indicators gave CAP-001 G491 (103,81
# printed; 91,22 / 87,82 x 100 = 103,87) and nothing at 4.5; so does the pipeline
# (checker/importers/indicator_lists.py). New: the columns no field holds are said
# (STR-005): 4.1's formula (C490, text) and 4.5's service name and Keterangan (B554, F554:
# the SPM service, text; '129 / 129 X 100%', the computation). Checked by hand against lines
# 490-491 and 554-563: true, and no rule reads them.
RETIRED_IMPORTER_FINDINGS["Tabel 4.1"] = [("CAP-001", "G491")]
NEW_FINDINGS["Tabel 4.1"] = [("STR-005", "C490")]
# Tabel 4.2 (the IKU per year: Tahun 2023 | Tahun 2024, each Realisasi | Target) and the
# second table printed as 4.2 (divided by rows 'Tahun 2024' / 'Tahun 2023'): read_indicators
# gave nothing there, nor does the pipeline; both tables' location is 'Tabel 4.2'. The
# 2024 figures are read (realisasi 100% at E503..E510, the 2024 target blank as printed;
# 87,82 / 91,22 / 103,87 at E537..G537) and the 2023 ones are not: the columns C, D of
# 4.2 and the rows 538-539 of 4.2-b. New: STR-005 C502 (4.2's 2023 columns C, D) and
# STR-005 C535 (4.2-b's 'Jenis PMKS dan Formulasi Pengukuran', text), checked by hand
# against lines 501-510 and 535-539: true, no rule reads them.
RETIRED_IMPORTER_FINDINGS["Tabel 4.2"] = []
NEW_FINDINGS["Tabel 4.2"] = [("STR-005", "C502"), ("STR-005", "C535")]
# Tabel 4.6 and 4.7 (SPM services beside another region's columns: Kabupaten Lampung Barat
# | Provinsi Lampung, each Target | Realisasi; Realisasi Kabupaten over Lampung Barat | Way
# Kanan*): read_indicators gave nothing, nor does the pipeline; the own region's figures
# are read (C, D: 100% each), the 'Total' rows (586, 609) are said as skipped, the other
# region's columns are named (STR-005 E580 for E, F; STR-005 E603 for E), as
# read_indicators named them in its column notes. Checked against lines 579-609.
for table, cells in (("Tabel 4.6", ["E580"]), ("Tabel 4.7", ["E603"])):
    RETIRED_IMPORTER_FINDINGS[table] = []
    NEW_FINDINGS[table] = [("STR-005", cell) for cell in cells]
RETIRED_IMPORTER_FINDINGS["Tabel 4.5"] = []
NEW_FINDINGS["Tabel 4.5"] = [("STR-005", "B554")]


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {d.id.split("#", 1)[1]: d for d in CaptionedImporter().read(SEED)}


def _item(doc: Document, item_id: str) -> Item:
    item = doc.item(item_id)
    assert item is not None, item_id
    return item


def test_the_agreements_lose_no_finding_and_gain_only_unread_columns():
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine
    from checker.importers.registry import load

    registry = load_registry()
    result = Engine(registry, registry.select([], [])).run(load(SEED))
    for table, retired in RETIRED_IMPORTER_FINDINGS.items():
        found = {(f.code, f.location.cell) for f in result.findings
                 if f.location.table == table}
        gone, instead = CHANGED.get(table, ([], []))
        assert found == (set(retired) - set(gone)) | set(instead) | set(NEW_FINDINGS[table]), \
            table
    # the rest of the file is read by the captions stage: no other error appears or goes
    assert Counter(f.severity.value for f in result.findings
                   if not f.consequence_of)["error"] == 49 + 2  # the two KOD-001


def test_the_agreements_are_documents_of_their_own(docs):
    pk, pkp = docs["pk"], docs["pk_perubahan"]
    for doc in (pk, pkp):
        assert (doc.instansi, doc.pemda, doc.tahun) == (
            "Dinas Sosial", "Kabupaten Lampung Barat", 2024)
        assert Counter(i.level.value for i in doc.items) == {
            "sasaran": 1, "program": 4, "kegiatan": 12, "sub_kegiatan": 35}
        assert len(doc.indicators) == 1 and len(doc.totals) == 1
    assert {t.name for t in pk.tables} == {PK} and {t.name for t in pkp.tables} == {PKP}


def test_perjanjian_kinerja_budgets(docs):
    pk, pkp = docs["pk"], docs["pk_perubahan"]
    assert [(i.nama, i.anggaran) for i in pk.items if i.level.value == "program"] == [
        ("Penunjang Urusan Pemerintah Daerah : Kabupaten/Kota", 3_082_279_600),
        ("Kehabilitasi Sosial", 1_305_563_500),
        ("PROGRAM PENANGANAN BENCANA", 129_440_000),
        ("Pengelolaan Taman Makam Pahlawan", 92_941_800)]
    # ': ' printed as a cell of its own pushes the amount one column right: D, not C
    assert _item(pk, "P2").cells["anggaran"].cell == "D1321"
    assert _item(pk, "K9").anggaran is None  # not printed in the PK murni
    assert _item(pk, "S8").anggaran == 2_511_828_700
    assert (pk.totals[0].anggaran, pk.totals[0].cells["anggaran"].cell) == (
        4_610_224_900, "D1345")  # the amount on the line below 'Jumlah Anggaran'
    # a scanned line without tabs: name, amount and source split from one cell
    s27 = _item(pkp, "S27")
    assert (s27.anggaran, s27.cells["anggaran"].cell) == (13_272_600, "A1476")
    assert s27.nama == "Pemeliharaan/Rehabilitasi gedung kantor dan bangunan lainnya"
    assert (pkp.totals[0].anggaran, pkp.totals[0].cells["anggaran"].cell) == (
        4_825_138_126, "A1520")
    (target,) = pkp.indicators
    assert (target.target, target.satuan) == (87.82, "%")
    for doc in (pk, pkp):
        assert [i.induk for i in doc.items if i.level.value == "sub_kegiatan"][:7] == \
            ["K1"] * 7
        assert _item(doc, "S35").induk == "K12" and _item(doc, "K12").induk == "P4"
        assert Counter(f.code for f in doc.issues) == {"STR-002": 1, "STR-005": 2}
        (cut,) = [f for f in doc.issues if f.code == "STR-002"]
        assert cut.actual == "Koordinasi dan Penyusunan laporan Keuangan Bulanan / Triwulan /"
        # what follows the total (signature, the next part's letterhead) is said in a note
        assert any("1351" in n for n in doc.tables[-1].notes) or doc is pkp


# --------------------------------------------------------------------------- inline files
COVER = "LKjIP\n\nLaporan Kinerja Instansi Pemerintah\n\nDINAS SOSIAL\nKABUPATEN CONTOH\n" \
        "2025\n\nKATA PENGANTAR\n\nPuji syukur.\n\n"
AGREEMENT = ("PERJANJIAN KINERJA TAHUN 2025\n\n"
             "NO.\tSASARAN STRATEGIS\tINDIKATOR KINERJA\tTARGET\n"
             "1\tMeningkatnya Sesuatu\tPersentase Sesuatu\t87,5%\n\n"
             "\tProgram\tAnggaran\tKeterangan\n"
             "1\tProgram Satu\t:\t30.000.000\n"
             "Kegiatan\n"
             "Kegiatan Satu : 30.000.000\n"
             "Sub Kegiatan\n"
             "1 Sub satu : 23. 000.000 APBD\n"
             "2 Sub dua : 7.000.000 APBD\n"
             "Jumlah Anggaran\n"
             "\t\t:\t30.000.000\n"
             "Liwa, 1 Januari 2025\n")


def _line(n: int) -> int:
    """Line number of the n-th line of a body (1-based; the cover has 12 lines)."""
    return COVER.count("\n") + n


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lkjip.txt"
    path.write_text(COVER + body, encoding="utf-8")
    return path


def test_perjanjian_kinerja_rows_without_tabs(tmp_path):
    path = _write(tmp_path, AGREEMENT)
    doc = {d.id.split("#", 1)[1]: d for d in CaptionedImporter().read(path)}["pk"]
    assert [(i.id, i.level.value, i.induk, i.anggaran) for i in doc.items] == [
        ("SS1", "sasaran", None, None), ("P1", "program", None, 30_000_000),
        ("K1", "kegiatan", "P1", 30_000_000), ("S1", "sub_kegiatan", "K1", None),
        ("S2", "sub_kegiatan", "K1", 7_000_000)]
    assert doc.item("K1").cells["anggaran"].cell == f"A{_line(9)}"
    (target,) = doc.indicators
    assert (target.target, target.satuan) == (87.5, "%")
    by_code = {f.code: f for f in doc.issues}
    assert set(by_code) == {"NUM-001", "STR-005"}
    assert (by_code["NUM-001"].location.cell, by_code["NUM-001"].actual) == (
        f"A{_line(11)}", "23. 000.000")
    # the unread Keterangan column is named by its printed header cell
    assert by_code["STR-005"].actual == [f"D{_line(6)}"]
    (total,) = doc.totals
    assert (total.anggaran, total.cells["anggaran"].cell) == (30_000_000, f"D{_line(14)}")


def test_the_lkjip_profile_claims_seed_004_and_no_other_seed():
    from checker.importers.excel_layout import _sheets
    from checker.importers.profiles import match

    for seed in sorted(SEEDS.glob("*.txt")):
        profile = match(_sheets(seed))
        assert (profile is not None and profile.name == "lkjip") == (seed == SEED), seed.name


def test_the_profile_names_the_parts_and_the_grid_reader_reads_them(tmp_path):
    (profile,) = [p for p in builtin() if p.name == "lkjip"]
    assert profile.kind is None  # each part says its kind; other tables keep theirs
    assert profile.parts == {"perjanjiankinerjatahun": "pk",
                             "perjanjiankinerjaperubahantahun": "pk_perubahan",
                             "rencanaaksitingkat": "rencana_aksi"}
    path = _write(tmp_path, AGREEMENT + "\nPERJANJIAN KINERJA PERUBAHAN TAHUN 2025\n\n" +
                  AGREEMENT.split("\n", 1)[1].replace("30.000.000", "31.000.000"))
    docs = {d.id.split("#", 1)[1]: d for d in GridImporter().read(path)}
    assert set(docs) == {"pk", "pk_perubahan"}
    assert docs["pk_perubahan"].item("P1").anggaran == 31_000_000
    assert docs["pk"].item("P1").anggaran == 30_000_000
    assert docs["pk"].tables[0].name == "PERJANJIAN KINERJA TAHUN 2025"


def _sheet(lines: list[str]) -> Sheet:
    return Sheet(name="x", rows=[line.split("\t") if line else [] for line in lines],
                 container="text")


def test_split_row_reads_number_name_amount_and_source():
    sheet = _sheet(["3 Pemeliharaan gedung : 13.272.600 APBD",
                    "2\tKehabilitasi Sosial\t:\t1.305.563.500",
                    "1\tPemberian Bimbingan\t:\t169.095.000 APBD",
                    "Admisiontrasi Barang\t\t10.275.000\t"])
    assert split_row(sheet, 1) == (("3", 1), ("Pemeliharaan gedung", 1),
                                   ("13.272.600", 1), ("APBD", 1))
    assert split_row(sheet, 2) == (("2", 1), ("Kehabilitasi Sosial", 2),
                                   ("1.305.563.500", 4), None)
    assert split_row(sheet, 3)[2:] == (("169.095.000", 4), ("APBD", 4))
    assert split_row(sheet, 4) == (None, ("Admisiontrasi Barang", 1), ("10.275.000", 3), None)
    assert marker(_sheet(["\tSub Kegiatan\t\t"]), 1) is not None
    assert marker(_sheet(["Kegiatan Satu : 5"]), 1) is None


def test_a_number_continuing_both_numberings_is_reported():
    # '2' after sub-kegiatan 1 and program 1, followed by a Kegiatan marker, without a
    # funding source: a program or the second sub-kegiatan? Read as printed, and said.
    sheet = _sheet(["\tProgram\tAnggaran", "1\tProgram Satu\t10", "Kegiatan",
                    "Kegiatan Satu\t\t10", "Sub Kegiatan", "1\tSub satu\t:\t5",
                    "2\tSub dua\t:\t5", "Kegiatan", "Kegiatan Dua\t\t5"])
    found = read_budget_lists(sheet, "PK")
    (grid,) = found.grids
    # the level of each printed line (the virtual grid keeps every cell's real address)
    levels = {grid.cell_addresses[(r, 3)][0]: grid.text(r, 2)
              for r in range(1, grid.height + 1)
              if (r, 3) in grid.cell_addresses and grid.cell_addresses[(r, 3)][0] > 1}
    assert levels == {2: "Program", 4: "Kegiatan", 6: "Sub Kegiatan", 7: "Sub Kegiatan",
                      9: "Kegiatan"}
    assert [(code, key, row) for code, key, row, _, _ in found.issues] == [
        ("STR-002", "str_level_unclear", 7)]


def test_a_workbook_budget_list_is_left_to_the_table_stages():
    """A workbook keeps its cells; its marker rows are section labels the tables read.

    (sample_plans/agency/004_…_agency.xlsx prints a kegiatan right under a sub-kegiatan,
    without a marker: evidence the table stages weigh, that markers alone would miss.)
    """
    rows = [["No", "Program", "Anggaran"], ["1", "Program Satu", "10"], ["", "Kegiatan"],
            ["", "Kegiatan Satu", "10"]]
    found = read_budget_lists(Sheet(name="PK", rows=rows, container="xlsx"), "PK")
    assert found.grids == [] and found.remaining.container == "xlsx"


def test_a_program_anggaran_table_without_markers_is_left_to_the_table_stages():
    sheet = _sheet(["\tProgram\tAnggaran", "1\tProgram Satu\t10", "2\tProgram Dua\t20"])
    found = read_budget_lists(sheet, "PK")
    assert found.grids == [] and found.remaining is sheet


# --------------------------------------------------------------------------- Tabel 4.8
def test_budget_realisation_by_code(docs):
    doc = docs["lkjip-tabel-4.8"]
    assert doc.jenis.value == "lkjip" and [t.name for t in doc.tables] == [
        "Tabel 4.8", "Tabel 4.9", "Tabel 4.10"]  # the two tables after it, recognised only
    sub = _item(doc, "1.06.01.2.01.05")
    assert (sub.anggaran, sub.realisasi, sub.sisa, sub.persen_realisasi) == (
        5_445_000, 5_442_000, 3_000, 0.0)
    # the bare '%' is the realisation share: its values agree with realisasi / anggaran
    assert sub.cells["persen_realisasi"].cell == "F644" and sub.cells["sisa"].cell == "E644"
    assert sub.induk == "1.06.01.2.01"
    assert _item(doc, "1.06.01.2.01").induk == "1.06.01"
    program = _item(doc, "1.06.01")
    assert (program.anggaran, program.realisasi, program.sisa) == (
        3_188_224_826, 3_047_338_414, 140_886_412)
    assert program.cells["anggaran"].cell == "C638"
    (total,) = doc.totals
    assert (total.anggaran, total.cells["anggaran"].cell) == (4_825_138_126, "C702")
    # 'Dinas Sosial' at the foot of two pages (lines 651, 696) is no row of the table
    assert {r for r, _ in doc.tables[0].skipped} >= {651, 696}


def test_duplicate_code_and_account_rows(docs):
    doc = docs["lkjip-tabel-4.8"]
    first, second = _item(doc, "1.06.04.2.02"), _item(doc, "1.06.04.2.02-2")
    assert first.kode == second.kode == "1.06.04.2.02"
    assert (first.anggaran, second.anggaran) == (251_658_000, 1_106_468_500)
    assert _item(doc, "1.06.04.2.02.03").induk == "1.06.04.2.02-2"
    assert _item(doc, "1.06.04.2.01.05").induk == "1.06.04.2.02"  # by order and amounts
    (akun,) = [f for f in doc.issues if f.code == "STR-004" and f.location.table == "Tabel 4.8"]
    assert (akun.location.cell, akun.location.end, akun.actual) == ("A629", "F637", "1.06.01.5")
    assert "629–637" in akun.message["id"] and "9" in akun.message["en"]
    assert not any((i.kode or "").startswith("1.06.01.5") for i in doc.items)


def test_a_perjanjian_kinerja_on_its_own_is_read_by_the_grid_reader(tmp_path):
    """Budget lists are a shared stage: a PK handed over alone, no LKjIP around it."""
    from checker.importers.registry import load

    path = tmp_path / "pk.txt"
    body = AGREEMENT.replace("2 Sub dua : 7.000.000 APBD", "2 Sub dua Bulanan / : 7.000.000 APBD")
    path.write_text("DINAS SOSIAL KABUPATEN CONTOH\nOPD : DINAS SOSIAL\n\n" + body,
                    encoding="utf-8")
    (doc,) = load(path)
    assert (doc.jenis.value, doc.instansi, doc.pemda, doc.tahun) == (
        "pk", "Dinas Sosial", "Kabupaten Contoh", 2025)
    assert [(i.level.value, i.anggaran) for i in doc.items] == [
        ("sasaran", None), ("program", 30_000_000), ("kegiatan", 30_000_000),
        ("sub_kegiatan", None), ("sub_kegiatan", 7_000_000)]
    (cut,) = [f for f in doc.issues if f.code == "STR-002"]
    assert (cut.location.cell, cut.actual) == ("A15", "Sub dua Bulanan /")
    assert cut.location.table == doc.tables[-1].name  # the list's table
    assert doc.totals[0].cells["anggaran"].cell == "D17"


# ------------------------------------------------------- shared stages learnt from Tabel 4.8
REALISATION = "Kode Rekening\tUraian\tAnggaran\tRealisasi\tSisa Anggaran\t%\n"


def _realisation(tmp_path: Path, rows: list[str]) -> Document:
    path = tmp_path / "realisasi.txt"
    path.write_text("Capaian Realisasi Anggaran Tahun 2025\n\n" + REALISATION +
                    "\n".join(rows) + "\n", encoding="utf-8")
    (doc,) = GridImporter().read(path)
    return doc


def test_sisa_and_a_share_column_confirmed_by_its_values(tmp_path):
    doc = _realisation(tmp_path, [
        "1.06.01\tPROGRAM SATU\t40.000.000\t36.000.000\t4.000.000\t90,00",
        "1.06.01.2.01\tKegiatan Satu\t40.000.000\t36.000.000\t4.000.000\t90,00",
        "1.06.01.2.01.01\tSub Satu\t20.000.000\t18.000.000\t1.000.000\t90,00",
        "Dinas Contoh",
        "1.06.01.2.01.02\tSub Dua\t10.000.000\t9.000.000\t1.000.000\t9,00",
        "Dinas Contoh",
        "1.06.01.2.01.03\tSub Tiga\t10.000.000\t9.000.000\t1.000.000\t90,00"])
    sub1, sub2 = doc.item("1.06.01.2.01.01"), doc.item("1.06.01.2.01.02")
    assert (sub1.sisa, sub1.persen_realisasi, sub2.persen_realisasi) == (1_000_000, 90.0, 9.0)
    found = sorted((f.code, f.location.cell) for f in doc.issues)
    assert found == []  # the footer lines are no rows: nothing reported for them
    assert {r for r, _ in doc.tables[0].skipped} == {7, 9}
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    registry = load_registry()
    result = Engine(registry, registry.select([], [])).run([doc])
    checked = sorted((f.code, f.location.cell) for f in result.findings
                     if f.code.startswith("REA"))
    # the share agrees on four rows in five: read; sisa 1.000.000 ≠ 20.000.000 − 18.000.000
    # (REA-002); 9 % ≠ 90 % (REA-003)
    assert checked == [("REA-002", "E6"), ("REA-003", "F8")]


def test_a_percent_column_the_values_do_not_confirm_stays_unread(tmp_path):
    doc = _realisation(tmp_path, [
        "1.06.01.2.01.01\tSub Satu\t20.000.000\t18.000.000\t2.000.000\t75,00",
        "1.06.01.2.01.02\tSub Dua\t10.000.000\t9.000.000\t1.000.000\t12,00",
        "1.06.01.2.01.03\tSub Tiga\t10.000.000\t5.000.000\t5.000.000\t100,00"])
    assert all(i.persen_realisasi is None for i in doc.items)
    (unread,) = [f for f in doc.issues if f.code == "STR-005"]
    assert unread.actual == ["F3"]


# --------------------------------------------------------------------------- Tabel 2.5
def test_program_targets_read_by_the_shared_stages(docs):
    doc = docs["lkjip-tabel-2.5"]
    info = doc.tables[0]
    assert (info.name, info.grid) == ("Tabel 2.5", "004_a30a70c4cd2935b3")  # the pipeline's
    assert info.roles == {"A": "no", "B": "nama:program", "C": "indikator", "D": "target"}
    assert [(i.id, i.level.value, i.cells["nama"].cell) for i in doc.items] == [
        ("P1", "program", "B356"), ("P2", "program", "B357"), ("P3", "program", "B360"),
        ("P4", "program", "B361")]
    assert [(x.item, x.target, x.satuan, x.cells["target"].cell) for x in doc.indicators] == [
        ("P1", 78.75, "%", "D356"), ("P2", 19.55, "%", "D357"), ("P2", 13.23, "%", "D358"),
        ("P2", None, None, "D359"), ("P3", 100.0, "%", "D360"), ("P4", 78.57, "%", "D361")]
    assert doc.indicators[3].raw["target"] == "B"  # IKM's grade, kept as printed
    # the tables recognised only (Tabel 3.1-3.5) are still said on this document
    assert sorted(f.location.cell for f in doc.issues if f.code == "STR-004") == [
        "A371", "A386", "A397", "A412", "A464"]


def test_sasaran_targets_read_by_the_shared_stages(docs):
    """'Sasaran Kinerja' names the sasaran; 'Target (%)' of the report's year is its target."""
    for part, row in (("lkjip-tabel-2.2", 303), ("lkjip-tabel-2.4", 346)):
        doc = docs[part]
        info = doc.tables[0]
        assert info.grid == "004_a30a70c4cd2935b3"  # the pipeline's, not read_indicators'
        assert (info.roles["B"], info.roles["C"], info.roles["F"]) == (
            "nama:sasaran", "indikator", "target")
        assert {info.roles[c] for c in "DEGH"} == {"abaikan"}  # formula, other years
        (item,) = doc.items
        assert (item.id, item.level.value, item.nama, item.cells["nama"].cell) == (
            "SS1", "sasaran", "Meningkatnya PMKS yang Berdaya", f"B{row}")
        (ind,) = doc.indicators
        assert (ind.item, ind.target, ind.satuan, ind.cells["target"].cell) == (
            "SS1", 87.82, "%", f"F{row}")  # the unit from the header 'Target (%)'
    # Tabel 4.1 has no sasaran column: its indicator belongs to the sasaran named above
    (sasaran,) = docs["lkjip-tabel-4.1"].items
    assert sasaran.cells["nama"].cell == "B303"


# ------------------------------------------------ shared stages learnt from Tabel 2.2 / 2.4
SASARAN_TARGETS = "Target Kinerja Sasaran Tahun 2025\n\nNo\tSasaran Kinerja\tIndikator Kinerja\t"


def _grid_doc(tmp_path: Path, body: str) -> Document:
    path = tmp_path / "sasaran.txt"
    path.write_text(SASARAN_TARGETS + body, encoding="utf-8")
    (doc,) = GridImporter().read(path)
    return doc


def test_sasaran_kinerja_names_the_sasaran_and_target_percent_gives_the_unit(tmp_path):
    doc = _grid_doc(tmp_path, "Target (%)\t\n\t\t\t2025\t2026\n"
                              "1\tMeningkatnya Sesuatu\tPersentase Sesuatu\t87,5\t90\n")
    assert doc.tables[0].roles == {"A": "no", "B": "nama:sasaran", "C": "indikator",
                                   "D": "target", "E": "abaikan"}  # 2026: not this year
    assert [(i.level.value, i.nama) for i in doc.items] == [("sasaran", "Meningkatnya Sesuatu")]
    (ind,) = doc.indicators
    assert (ind.target, ind.satuan, ind.cells["target"].cell) == (87.5, "%", "D5")


def test_a_bare_target_header_gives_no_unit(tmp_path):
    doc = _grid_doc(tmp_path, "Target\n1\tMeningkatnya Sesuatu\tPersentase Sesuatu\t87,5\n")
    (ind,) = doc.indicators
    assert (ind.target, ind.satuan) == (87.5, None)  # no word of the table says '%'


def _findings_at(docs: list[Document], tables: set[str]) -> dict[str, set[tuple[str, str]]]:
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    registry = load_registry()
    result = Engine(registry, registry.select([], [])).run(docs)
    found: dict[str, set[tuple[str, str]]] = {t: set() for t in tables}
    for f in result.findings:
        if f.location.table in tables:
            found[f.location.table].add((f.code, f.location.cell))
    return found


def test_the_appendix_is_one_part_of_four_sections_each_naming_its_table():
    from checker.importers.excel_layout import _sheets
    from checker.importers.parts import find_parts

    (profile,) = [p for p in builtin() if p.name == "lkjip"]
    (sheet,) = _sheets(SEED)
    (part,) = [p for p in find_parts(sheet, profile.parts) if p.kind.value == "rencana_aksi"]
    assert [(title, first, last) for title, first, last in part.section_spans()] == [
        (RA_GOALS, 833, 845), (RA_PROGRAM, 846, 886), (RA_KEGIATAN, 887, 1029),
        (RA_SUB, 1030, 1201)]  # to the line before PERJANJIAN KINERJA TAHUN 2024
    assert part.title_at(1100) == RA_SUB and part.title_at(833) == RA_GOALS


def test_the_goal_table_is_read_by_the_shared_stages(docs):
    doc = docs["rencana_aksi"]
    info = next(t for t in doc.tables if t.name == RA_GOALS)
    assert info.grid == "004_a30a70c4cd2935b3"  # the pipeline's table description
    assert (info.roles["B"], info.roles["M"], info.roles["X"]) == (
        "nama:tujuan", "nama:sasaran", "pj")
    tujuan, sasaran = _item(doc, "T1"), _item(doc, "SS1")
    assert (tujuan.nama, tujuan.cells["nama"].cell) == ("Meningkatnya PMKS Mandiri", "B841")
    assert (sasaran.nama, sasaran.induk, sasaran.cells["nama"].cell) == (
        "Meningkatnya PMKS yang berdaya", "T1", "M841")
    assert sasaran.penanggung_jawab == "KEPALA DINAS SOSIAL"
    by_item = {i.item: i for i in doc.indicators if i.item in ("T1", "SS1")}
    goal, target = by_item["T1"], by_item["SS1"]
    assert (goal.target_tw1, goal.realisasi_tw4, goal.mode) == (26.0, 84.02, "kumulatif")
    assert (goal.cells["target_tw1"].cell, goal.cells["realisasi_tw4"].cell) == ("E841", "L841")
    assert (target.satuan, target.target_tw4, target.realisasi_tw4) == ("Persen", 87.82, 91.22)
    assert (target.cells["target_tw1"].cell, target.cells["realisasi_tw4"].cell) == (
        "P841", "W841")
    # the programs of the record tables still find their sasaran by name
    assert {i.induk for i in doc.items if i.level.value == "program"} == {"SS1"}
    # the numbering row (1 … 8 5 … 8 9 …) and the average row are not items
    assert {r for r, _ in info.skipped} == {840, 842}


def test_the_record_tables_lose_no_finding_of_the_retired_reader():
    """The appendix read by the shared stages: the old reader's 118 findings at the same
    cell, and only the new ones checked by hand (``APPENDIX_NEW``)."""
    from checker.importers.registry import load

    found = _findings_at(load(SEED), set(APPENDIX_FINDINGS))
    for table, expected in APPENDIX_FINDINGS.items():
        assert found[table] == set(expected) | set(APPENDIX_NEW[table]), table


def test_headings_of_one_kind_in_a_row_join_one_part_each_naming_its_table():
    """A general profile feature: a part's level sections read as one document."""
    from checker.importers.parts import find_parts, read_part

    lines = ["Pendahuluan", "",
             "Rencana Aksi Tingkat Program", "",
             "No\tProgram\tIndikator Program\tTarget\tAnggaran",
             "1\tProgram Satu\tPersentase Satu\t80%\t10.000.000", "",
             "Rencana Aksi Tingkat Kegiatan", "",
             "No\tKegiatan\tIndikator Kegiatan\tTarget\tAnggaran",
             "1\tKegiatan Satu\tJumlah Dokumen\t2 Dokumen\t10.000.000", "",
             "PERJANJIAN KINERJA TAHUN 2025", ""]
    sheet = _sheet(lines)
    heads = {"rencanaaksitingkat": "rencana_aksi", "perjanjiankinerjatahun": "pk"}
    ra, pk = find_parts(sheet, heads)
    assert (ra.first, ra.last, pk.first) == (3, 12, 13)
    assert ra.sections == ((3, "Rencana Aksi Tingkat Program"),
                           (8, "Rencana Aksi Tingkat Kegiatan"))
    assert pk.sections == () and pk.section_spans() == [("PERJANJIAN KINERJA TAHUN 2025",
                                                         13, 14)]
    doc = read_part("x.txt", sheet, ra)
    assert doc.id.endswith("#rencana_aksi")
    assert [(t.name, t.first_row) for t in doc.tables] == [
        ("Rencana Aksi Tingkat Program", 5), ("Rencana Aksi Tingkat Kegiatan", 10)]
    assert [(i.level.value, i.table) for i in doc.items] == [
        ("program", "Rencana Aksi Tingkat Program"),
        ("kegiatan", "Rencana Aksi Tingkat Kegiatan")]
