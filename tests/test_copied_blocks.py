"""Blocks copied between agencies' reports (issue 18): LDK-014 and the roll-up gaps it explains.

The real case: corpus 03, BPBD Kota Tangerang's realisation per quarter 2023 (PDF). Its
Program Penunjang figures do not add up to its own kegiatan and sub-kegiatan; checked by
hand on the PDF's text (pdfplumber, pages 1 and 2):

- the program (p. 1 row 7): TW II 15.271.758.613, its kegiatan 149.033.000 + 7.657.406.470 +
  708.745.550 + 5.921.213.593 + 497.260.000 = 14.933.658.613, a gap of 338.100.000;
- Administrasi Keuangan (p. 1 row 17): TW I 4.516.718.375 − 1.281.076.038 (its eight
  sub-kegiatan) = 3.235.642.337; TW II 7.657.406.470 − 3.198.838.998 = 4.458.567.472;
- Administrasi Umum (p. 2 row 7): TW I 562.489.950 − 396.944.450 = 165.545.500; TW II
  708.745.550 − 668.449.084 = 40.296.466;
- Penyediaan Jasa Penunjang (p. 2 row 13): TW II 5.921.213.593 − 5.914.313.593 = 6.900.000
  (below the Rp 10.000.000 threshold: no evidence sentence);
- Pemeliharaan BMD (p. 2 row 16): TW II 497.260.000 − 398.180.000 = 99.080.000.

We do not hold the other agency's report, so the test builds one, as a canonical workbook:
Satpol PP Kota Tangerang 2023, whose Program Penunjang block BPBD's report carries (the
same program and kegiatan figures, rupiah for rupiah), and whose own rows hold exactly the
amounts of BPBD's gaps: its Administrasi Kepegawaian kegiatan (TW II 338.100.000), its
Gaji dan Tunjangan ASN (3.235.642.337; 4.458.567.472), its Rapat Koordinasi
(165.545.500; 40.296.466) and its Pemeliharaan Peralatan (TW II 99.080.000). In Satpol PP's
own report everything adds up.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.exporters.template import write_template
from checker.ruletest.documents import make_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BPBD = "03_kotatangerang_bpbd_realisasi-kinerja-tw_2023.pdf"

PROGRAM = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"


def _row(id_: str, level: str, nama: str, tw1: int, tw2: int, induk: str | None = None) -> dict:
    return {"id": id_, "induk": induk, "level": level, "nama": nama, "anggaran_mode": "periodik",
            "realisasi_tw1": tw1, "realisasi_tw2": tw2, "realisasi_tw3": 0, "realisasi_tw4": 0}


#: Satpol PP's Program Penunjang: BPBD's printed program and kegiatan figures (copied
#: block), plus its own Administrasi Kepegawaian; every parent = the sum of its children.
SATPOL_PP_ROWS = [
    _row("P", "program", PROGRAM, 8_526_244_688, 15_271_758_613),
    _row("K1", "kegiatan", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
         210_781_800, 149_033_000, "P"),
    _row("S11", "sub_kegiatan", "Penyusunan Dokumen Perencanaan Perangkat Daerah",
         210_781_800, 149_033_000, "K1"),
    _row("K2", "kegiatan", "Administrasi Keuangan Perangkat Daerah", 4_516_718_375,
         7_657_406_470, "P"),
    _row("S21", "sub_kegiatan", "Penyediaan Gaji dan Tunjangan ASN", 3_235_642_337,
         4_458_567_472, "K2"),
    _row("S22", "sub_kegiatan", "Penyediaan Administrasi Pelaksanaan Tugas ASN",
         1_281_076_038, 3_198_838_998, "K2"),
    _row("K3", "kegiatan", "Administrasi Umum Perangkat Daerah", 562_489_950, 708_745_550, "P"),
    _row("S31", "sub_kegiatan", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
         165_545_500, 40_296_466, "K3"),
    _row("S32", "sub_kegiatan", "Penyediaan Bahan Logistik Kantor", 396_944_450, 668_449_084,
         "K3"),
    _row("K4", "kegiatan", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
         2_932_974_563, 5_921_213_593, "P"),
    _row("S41", "sub_kegiatan", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
         293_473_252, 279_757_985, "K4"),
    _row("S42", "sub_kegiatan", "Penyediaan Jasa Pelayanan Umum Kantor", 2_639_501_311,
         5_641_455_608, "K4"),
    _row("K5", "kegiatan",
         "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
         303_280_000, 497_260_000, "P"),
    _row("S51", "sub_kegiatan", "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, dan Pajak "
         "Kendaraan Perorangan Dinas atau Kendaraan Dinas Jabatan", 303_280_000, 398_180_000,
         "K5"),
    _row("S52", "sub_kegiatan", "Pemeliharaan Peralatan dan Mesin Lainnya", 0, 99_080_000, "K5"),
    _row("K6", "kegiatan", "Administrasi Kepegawaian Perangkat Daerah", 0, 338_100_000, "P"),
    _row("S61", "sub_kegiatan", "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi",
         0, 338_100_000, "K6"),
]


def test_the_synthetic_report_adds_up_on_its_own() -> None:
    """Satpol PP's workbook is internally sound: what it explains in 03 is not its error."""
    rows = {r["id"]: r for r in SATPOL_PP_ROWS}
    for parent in rows.values():
        kids = [r for r in SATPOL_PP_ROWS if r["induk"] == parent["id"]]
        for tw in ("realisasi_tw1", "realisasi_tw2"):
            if kids:
                assert sum(k[tw] for k in kids) == parent[tw], (parent["id"], tw)
    # the gaps of 03, by hand (module docstring), are amounts of this report
    assert rows["K6"]["realisasi_tw2"] == 15_271_758_613 - 14_933_658_613 == 338_100_000
    assert rows["S21"]["realisasi_tw1"] == 4_516_718_375 - 1_281_076_038
    assert rows["S21"]["realisasi_tw2"] == 7_657_406_470 - 3_198_838_998
    assert rows["S31"]["realisasi_tw1"] == 562_489_950 - 396_944_450
    assert rows["S31"]["realisasi_tw2"] == 708_745_550 - 668_449_084
    assert rows["S52"]["realisasi_tw2"] == 497_260_000 - 398_180_000


def _satpol_pp(path: Path) -> Path:
    doc = make_document(items=SATPOL_PP_ROWS, jenis="realisasi_triwulan", doc_id="satpolpp",
                        file=str(path))
    doc.instansi, doc.pemda, doc.tahun = "Satuan Polisi Pamong Praja", "Kota Tangerang", 2023
    write_template(path, [doc])
    return path


def _check(*paths: Path) -> dict:
    result = CliRunner().invoke(main, ["check", *map(str, paths), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def bpbd() -> Path:
    path = CORPUS / BPBD
    if not path.is_file():
        pytest.skip(f"{path} is not beside the repository (../shared/corpus)")
    return path


@pytest.fixture(scope="module")
def both(bpbd: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("kota_tangerang_2023")
    return _check(bpbd, _satpol_pp(folder / "satpolpp_realisasi_2023.xlsx"))


def test_bpbd_alone_has_no_copied_block_and_no_gap_sentence(bpbd: Path) -> None:
    data = _check(bpbd)
    assert not [f for f in data["findings"] if f["code"] == "LDK-014"]
    rollups = [f for f in data["findings"] if f["code"] == "ROL-010"]
    assert len(rollups) == 5
    assert not any("sama dengan" in f["message"] for f in rollups)


def test_copied_block_is_reported_once_per_pair_with_both_cells(both: dict) -> None:
    copied = [f for f in both["findings"] if f["code"] == "LDK-014"]
    # the program and its five kegiatan carry Satpol PP's figures; Administrasi
    # Kepegawaian (0; 338.100.000) has one specific amount only and is not a block
    assert [(f["file"].rsplit("/", 1)[-1], f["cell"]) for f in copied] == [
        (BPBD, "D7"), (BPBD, "D9"), (BPBD, "D17"),  # page 1: program, two kegiatan
        (BPBD, "D7"), (BPBD, "D13"), (BPBD, "D16")]  # page 2: three kegiatan
    program = copied[0]
    assert program["severity"] == "warning"
    assert program["actual"] == [8_526_244_688, 15_271_758_613, 0, 0]
    assert "Satuan Polisi Pamong Praja" in program["message"]
    assert "satpolpp_realisasi_2023.xlsx › Program_Kegiatan › T2" in program["message"]
    assert "(03_kotatangerang_bpbd_realisasi-kinerja-tw_2023.pdf › Tabel 1 › hlm. 1 › D7)" \
        in program["message"]  # its own cell, with the PDF's page
    assert any(r.endswith("Program_Kegiatan!T2") for r in program["related"])
    # one block, one fact: the program's finding; its copied kegiatan follow it as echoes,
    # each still with its own cell and its copy's cell
    key = f"LDK-014@{program['document']}:Tabel 1 › hlm. 1!D7"
    assert program["consequence_of"] is None
    assert [f["consequence_of"] for f in copied[1:]] == [key] * 5
    assert all(f["message"].startswith(
        "↳ Akibat dari LDK-014 di Tabel 1 › hlm. 1 › D7: Realisasi")
               for f in copied[1:])
    assert "satpolpp_realisasi_2023.xlsx › Program_Kegiatan › T5" in copied[2]["message"]
    summary = both["summary"]
    assert summary["by_category"]["lintas-dokumen"] == 1 and summary["consequences"] == 5


def test_rollup_gaps_name_the_other_agency_and_link_the_block(both: dict) -> None:
    rollups = {(f["page"], f["cell"]): f for f in both["findings"] if f["code"] == "ROL-010"}
    program = rollups[(1, "D7")]
    assert ("Selisih Realisasi Keuangan TW II Rp 338.100.000 sama dengan Realisasi Keuangan "
            "TW II kegiatan \"Administrasi Kepegawaian Perangkat Daerah\" pada dokumen "
            "Satuan Polisi Pamong Praja (satpolpp_realisasi_2023.xlsx › Program_Kegiatan › "
            "U17)") in program["message"]
    keuangan = rollups[(1, "D17")]["message"]
    assert "Realisasi Keuangan TW I Rp 3.235.642.337 sama dengan" in keuangan
    assert "Realisasi Keuangan TW II Rp 4.458.567.472 sama dengan" in keuangan
    assert "Penyediaan Gaji dan Tunjangan ASN" in keuangan
    assert "Rp 165.545.500 sama dengan" in rollups[(2, "D7")]["message"]
    assert "Rp 99.080.000 sama dengan" in rollups[(2, "D16")]["message"]
    assert "sama dengan" not in rollups[(2, "D13")]["message"]  # 6.900.000: below threshold
    copied = [f for f in both["findings"] if f["code"] == "LDK-014"]
    for where in ((1, "D7"), (1, "D17"), (2, "D7"), (2, "D16")):
        rollup = rollups[where]
        # the roll-up finding points at the copied block of its own item …
        assert [k for k in rollup["related"] if k.startswith("LDK-014@")] == [
            f"LDK-014@{rollup['document']}:Tabel 1 › hlm. {where[0]}!{where[1]}"]
        block = next(f for f in copied if (f["page"], f["cell"]) == where)
        # … and the block back at it
        assert f"ROL-010@{rollup['document']}:Tabel 1 › hlm. {where[0]}!{where[1]}" in \
            block["related"]
        assert rollup["consequence_of"] is None  # the roll-up is a fact of its own
    assert not [k for k in rollups[(2, "D13")]["related"] if k.startswith("LDK-014@")]


# ------------------------------------------------------------ the join, without the corpus

def _rule(check: str, where: str = 'level = "kegiatan"') -> str:
    return (f'rule LOK-001 {{\n  title: "t"\n  category: lintas-dokumen\n  severity: warning\n'
            f'  for item where {where}\n  check {check}\n  message: "m"\n}}\n')


@pytest.mark.parametrize("check", [
    "copies(parent.anggaran) = 0",  # a related row's field is no key of this row
    "copies(1) = 0",
    "copies() = 0",
    "count_specific(realisasi_tw, 10000000) >= 2",
    "count_specific(nama, 10000000, 1000000) >= 2",
    "count_specific(realisasi_tw, anggaran, 1000000) >= 2",
])
def test_the_join_functions_are_typed_at_load(check: str) -> None:
    from checker.dsl.parser import DslError, parse_rules
    from checker.dsl.typecheck import check_rule

    (rule,) = parse_rules(_rule(check), "lokal.rules")
    with pytest.raises(DslError):
        check_rule(rule)


def _doc(doc_id: str, instansi: str | None, pemda: str | None, tahun: int | None,
         rows: list[dict]):
    doc = make_document(items=rows, jenis="realisasi_triwulan", doc_id=doc_id,
                        file=f"{doc_id}.xlsx")
    doc.instansi, doc.pemda, doc.tahun = instansi, pemda, tahun
    return doc


def test_government_and_period_of_each_document() -> None:
    from checker.engine.copies import agency_codes
    from checker.model.frames import to_frames

    docs = [_doc("A", "Dinas Sosial", "Kota Tangerang", 2023, []),
            _doc("B", "DINAS  SOSIAL", "Kota Tangerang", 2023, []),  # the same agency
            _doc("C", "Satuan Polisi Pamong Praja", None, 2023, []),  # the year's one pemda
            _doc("D", "Dinas Kesehatan", "Kota Tangerang", 2022, []),
            _doc("E", "Dinas Kesehatan", "Kabupaten Tangerang", 2022, []),
            _doc("F", "BPBD", None, 2022, []),  # two pemda named in 2022: compared with none
            _doc("G", None, "Kota Tangerang", 2023, [])]  # no agency: never compared
    group, agency = agency_codes(to_frames(docs).get("document"))
    assert group["A"] == group["B"] == group["C"] != group["D"]
    assert group["D"] != group["E"] and group["F"] == group["G"] == -1
    assert agency["A"] == agency["B"] != agency["C"]


def test_shared_zeros_never_multiply_out() -> None:
    """40 agencies × 500 kegiatan with the same zeros: counted by a group-by, no pairs."""
    import time

    from checker.engine.copies import build

    n_docs, n_rows = 40, 500
    doc = pd.Series(np.repeat([f"D{i}" for i in range(n_docs)], n_rows))
    docs = pd.DataFrame({"_doc": [f"D{i}" for i in range(n_docs)],
                         "instansi": [f"Dinas {i:02d}" for i in range(n_docs)],
                         "pemda": "Kota Contoh", "tahun": 2023})
    level = pd.Series(["kegiatan"] * len(doc), dtype="object")
    zero = pd.Series(pd.array([0] * len(doc), dtype="Int64"))
    start = time.perf_counter()
    found = build([level, zero, zero], doc, docs)
    assert found.later[0] == (n_docs - 1) * n_rows  # every zero row of the 39 later ones
    assert found.later[-1] == 0
    assert len(found.pairs(np.array([len(doc) - 1]))) == 0
    assert time.perf_counter() - start < 5


def test_english_message_names_both_cells() -> None:
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    rows = [{"id": "K", "level": "kegiatan", "nama": "Administrasi Keuangan Perangkat Daerah",
             "realisasi_tw1": 4_516_718_375, "realisasi_tw2": 7_657_406_470}]
    docs = [_doc("bpbd", "Badan Penanggulangan Bencana Daerah", "Kota Tangerang", 2023, rows),
            _doc("satpol", "Satuan Polisi Pamong Praja", "Kota Tangerang", 2023, rows)]
    registry = load_registry()
    (finding,) = Engine(registry, [registry.get("LDK-014")]).run(docs).findings
    assert finding.document == "bpbd" and finding.location.cell == "T2"
    assert finding.related == ["satpol:Program_Kegiatan!T2"]
    english = finding.text("en")
    assert "(bpbd.xlsx › Program_Kegiatan › T2)" in english
    assert "Satuan Polisi Pamong Praja: \"Administrasi Keuangan Perangkat Daerah\" " \
           "(satpol.xlsx › Program_Kegiatan › T2)" in english


def test_a_gap_printed_in_another_agency_is_named_and_linked_without_the_corpus() -> None:
    """BPBD's kegiatan carries Satpol PP's figures; its own sub-kegiatan fall short by
    3.235.642.337 (TW I) and 4.458.567.472 (TW II), Satpol PP's Gaji dan Tunjangan ASN."""
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    kegiatan = {"id": "K", "level": "kegiatan", "nama": "Administrasi Keuangan Perangkat Daerah",
                "anggaran_mode": "periodik", "realisasi_tw1": 4_516_718_375,
                "realisasi_tw2": 7_657_406_470}
    bpbd = [kegiatan, {"id": "S", "induk": "K", "level": "sub_kegiatan",
                       "nama": "Penyediaan Gaji dan Tunjangan ASN", "anggaran_mode": "periodik",
                       "realisasi_tw1": 1_281_076_038, "realisasi_tw2": 3_198_838_998}]
    satpol = [kegiatan,
              {"id": "S1", "induk": "K", "level": "sub_kegiatan", "anggaran_mode": "periodik",
               "nama": "Penyediaan Gaji dan Tunjangan ASN", "realisasi_tw1": 3_235_642_337,
               "realisasi_tw2": 4_458_567_472},
              {"id": "S2", "induk": "K", "level": "sub_kegiatan", "anggaran_mode": "periodik",
               "nama": "Penyediaan Administrasi Pelaksanaan Tugas ASN",
               "realisasi_tw1": 1_281_076_038, "realisasi_tw2": 3_198_838_998}]
    docs = [_doc("bpbd", "Badan Penanggulangan Bencana Daerah", "Kota Tangerang", 2023, bpbd),
            _doc("satpol", "Satuan Polisi Pamong Praja", "Kota Tangerang", 2023, satpol)]
    registry = load_registry()
    rules = [registry.get(code) for code in ("ROL-010", "LDK-014")]
    findings = Engine(registry, rules).run(docs).findings
    assert [(f.code, f.document, f.location.cell) for f in findings] == [
        ("LDK-014", "bpbd", "T2"), ("ROL-010", "bpbd", "T2")]
    block, rollup = findings
    assert "Selisih Realisasi Keuangan TW I Rp 3.235.642.337 sama dengan Realisasi Keuangan " \
           "TW I sub kegiatan \"Penyediaan Gaji dan Tunjangan ASN\" pada dokumen Satuan Polisi " \
           "Pamong Praja (satpol.xlsx › Program_Kegiatan › T3)." in rollup.text("id")
    assert "The Realisasi Keuangan TW II gap of Rp 4,458,567,472 equals" in rollup.text("en")
    assert rollup.related == [block.key] and rollup.key in block.related
    assert block.consequence_of is None and rollup.consequence_of is None
    # the same two reports, each alone: nothing copied, nothing explained
    alone = Engine(registry, rules).run(docs[:1]).findings
    assert [f.code for f in alone] == ["ROL-010"] and "Selisih" not in alone[0].text("id")


def test_without_the_copied_block_rules_roll_up_messages_are_unchanged(
        bpbd: Path, tmp_path: Path) -> None:
    """`--ignore lintas-dokumen`: the gap sentences belong to the copied-block check."""
    result = CliRunner().invoke(main, ["check", str(bpbd),
                                       str(_satpol_pp(tmp_path / "satpolpp.xlsx")),
                                       "--format", "json", "--ignore", "LDK-014,LDK-015"])
    data = json.loads(result.stdout)
    rollups = [f for f in data["findings"] if f["code"] == "ROL-010"]
    assert len(rollups) == 5 and not any("Selisih" in f["message"] for f in rollups)
