"""The Renstra profile on real rows: year columns, period, baseline, end of period, rules.

The grids are built from fixtures 14-16's verbatim rows (:mod:`tests.importers.renstra_grids`)
and read through the ordinary pipeline; every expected value below is printed in the
fixture at the cell named, and each sum is the one ``tests/fixtures/real_tables/README.md``
checked by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.importers.excel_header import Col
from checker.importers.registry import load
from checker.importers.renstra import year_of
from checker.importers.titles import kind_from_text
from checker.model.plan import Document
from checker.model.schema import DocumentKind
from tests.importers import renstra_grids as grids


def _findings(path: Path) -> list[tuple[str, str, object, object]]:
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["cell"], f.get("actual"), f.get("expected"))
            for f in json.loads(result.stdout)["findings"]]


def _years(doc: Document, item: str, indikator: str | None = None) -> dict[int, tuple]:
    """tahun → (target or anggaran, cell) of one item's funding or one indicator's targets."""
    out = {}
    for y in doc.tahunan:
        if y.item != item or (y.indikator or None) != indikator:
            continue
        field = "target" if indikator else "anggaran"
        out[y.tahun] = (getattr(y, field), y.cells[field].cell)
    return out


@pytest.mark.parametrize(("title", "kind"), [
    ("RENCANA PROGRAM, KEGIATAN DAN PENDANAAN INDIKATIF DINAS KESEHATAN", DocumentKind.RENSTRA),
    ("TUJUAN DAN SASARAN BESERTA INDIKATOR RENSTRA DINAS KESEHATAN", DocumentKind.RENSTRA),
    ("Indikasi Program Prioritas RPJMD Provinsi Jawa Barat", DocumentKind.RPJMD),
    ("Evaluasi Terhadap Hasil RKPD", DocumentKind.EVALUASI_RENJA),
    ("PERJANJIAN KINERJA TAHUN 2024", DocumentKind.PK),
])
def test_kind_from_title(title: str, kind: DocumentKind) -> None:
    assert kind_from_text(title) == kind


@pytest.mark.parametrize(("path", "year"), [
    (["Target Kinerja Program dan Kerangka Pendanaan", "Tahun-3", "Rp"], ("ke", 3)),
    (["TARGET KINERJA PADA TAHUN KE-", "2019"], ("tahun", 2019)),
    (["Tahun ke 2", "Target"], ("ke", 2)),
    (["Renstra 2021-2026", "Target 2023"], ("tahun", 2023)),
    (["Kondisi Kinerja pada Akhir Periode Renstra", "Rp"], None),
    (["Data Capaian pada Tahun Awal Perencanaan"], None),
    (["Realisasi 2023"], None),
])
def test_year_of_a_column(path: list[str], year: tuple[str, int] | None) -> None:
    assert year_of(Col(index=1, path=path, top=(1, 1), cell=(1, 1))) == year


def test_diskominfo_years_are_read_with_their_cells(tmp_path: Path) -> None:
    """Fixture 14: Tahun-3 … Tahun-5, a sasaran indicator, programs and kegiatan by code."""
    doc = load(grids.diskominfo(tmp_path / "r14.xlsx"))[0]
    assert doc.jenis == DocumentKind.RENSTRA
    assert (doc.tahun_awal, doc.tahun_akhir) == (None, None)  # no calendar year printed
    kode = {i.kode: i for i in doc.items if i.kode}
    assert kode["2.16.03"].level.value == "program"
    assert kode["2.16.03.2.01"].induk == "2.16.03"  # by code, not the sasaran to the left
    # the program's funding per year (ordinal years: no period is printed)
    assert _years(doc, "2.16.03") == {3: (5_883_282_200, "N7"), 4: (6_545_000_000, "P7"),
                                      5: (7_215_000_000, "R7")}
    indicator = "Persentase Perangkat Daerah dan Desa Menggunakan Layanan Publik Berbasis " \
                "Elektronik"
    assert _years(doc, "2.16.03", indicator) == {3: (75.0, "M7"), 4: (90.0, "O7"),
                                                 5: (100.0, "Q7")}
    spbe = next(i for i in doc.indicators if i.uraian == "Nilai SPBE")
    assert (spbe.kondisi_awal, spbe.cells["kondisi_awal"].cell) == (3.81, "L6")
    assert (spbe.target_akhir, spbe.cells["target_akhir"].cell) == (4.2, "S6")
    assert all(y.ke == y.tahun for y in doc.tahunan)


def test_diskominfo_rules(tmp_path: Path) -> None:
    """The roll-ups hold in every year; the "2 Paket" typed in a code cell is reported."""
    found = _findings(grids.diskominfo(tmp_path / "r14.xlsx"))
    codes = {(code, cell) for code, cell, _, _ in found}
    assert not any(code.startswith("REN-") for code, _ in codes)
    assert ("KOD-001", "D15") in codes  # "2 | 2 Paket | 02 | 2.02": read as printed
    assert not any(code.startswith("NUM-") for code, _ in codes)  # "n/a" is no data


def test_a_changed_kegiatan_budget_breaks_its_program_year(tmp_path: Path) -> None:
    """Kegiatan 2.02 of Aplikasi Informatika, Tahun-4: 1,395,000,000 typed 1,355,000,000."""
    found = _findings(grids.diskominfo(tmp_path / "r14.xlsx", edit={"P10": "1,355,000,000"}))
    ren = [f for f in found if f[0] == "REN-002"]
    assert ren == [("REN-002", "P7", 6_545_000_000, 6_505_000_000)]


def test_bkpsdm_calendar_years_blank_years_and_period_totals(tmp_path: Path) -> None:
    """Fixture 15: 2021-2023; every roll-up printed holds (README, lines 23-27, 149-289)."""
    path = grids.bkpsdm(tmp_path / "r15.xlsx")
    doc = load(path)[0]
    assert (doc.tahun_awal, doc.tahun_akhir) == (2021, 2023)
    assert _years(doc, "5.03.01") == {2021: (7_742_388_142, "M6"),
                                      2022: (8_517_267_832, "O6"),
                                      2023: (9_175_148_049, "Q6")}
    # kegiatan 2.03 prints no 2021 funding beside its 2022 and 2023: nothing planned (0)
    assert _years(doc, "5.03.01.2.03")[2021] == (0, "M14")
    perencanaan = next(i for i in doc.items if i.kode == "5.03.01.2.01")
    assert (perencanaan.anggaran_periode, perencanaan.cells["anggaran_periode"].cell) == (
        202_035_000, "S12")
    program_indicators = [i for i in doc.indicators if i.item == "5.03.01"]
    assert len(program_indicators) == 6
    found = _findings(path)
    assert not [f for f in found if f[0] in ("REN-002", "REN-003", "REN-004")]
    # "24 Dokumen … 26 dokumen" per year against "100%" at the end of the period
    assert ("REN-006", "P12", 26, 100) in found


def test_bappelitbangda_period_from_the_title(tmp_path: Path) -> None:
    """Fixture 16: 2019-2023; the kegiatan's end-of-period funding is the sum of its years."""
    path = grids.bappelitbangda(tmp_path / "r16.xlsx")
    doc = load(path)[0]
    assert (doc.tahun_awal, doc.tahun_akhir) == (2019, 2023)
    kegiatan = next(i for i in doc.items if i.kode == "5.01.01.2.01")  # "2,01" in the cell
    assert _years(doc, kegiatan.id)[2019] == (0, "L7")  # "-": nothing planned
    assert kegiatan.anggaran_periode == 899_556_500
    found = _findings(path)
    assert not [f for f in found if f[0] == "REN-004"]
    # The excerpt ends after four of the program's kegiatan (README: "the remaining kegiatan
    # lie beyond the excerpt"): the program's 2021 funding exceeds them by 2,854,370,000.
    assert ("REN-002", "P6", 11_566_246_594, 8_711_876_594) in found


def test_annual_documents_keep_renstra_columns_as_context(tmp_path: Path) -> None:
    """An LKjIP-style header (Target 2024, Realisasi 2023, Realisasi 2024) is no Renstra."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    rows = [["No", "Program/Kegiatan", "Indikator", "Satuan", "Target 2024",
             "Realisasi 2023", "Realisasi 2024", "Capaian (%)"],
            [1, "Program Penunjang Urusan Pemerintahan Daerah", "Nilai SAKIP", "Nilai", 75,
             70, 74, 98.67]]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    path = tmp_path / "lkjip.xlsx"
    wb.save(path)
    doc = load(path)[0]
    assert doc.jenis != DocumentKind.RENSTRA
    assert doc.tahunan == []


def test_pk_target_of_year_n_meets_the_renstra_target_of_year_n(tmp_path: Path) -> None:
    """REN-001: a PK 2022 of the same agency beside the BKPSDM Renstra (fixture 15)."""
    from checker.exporters.template import write_template
    from checker.ruletest.documents import make_document

    renstra = load(grids.bkpsdm(tmp_path / "renstra.xlsx"))[0]
    program = next(i for i in renstra.indicators if i.item == "5.03.01")
    kegiatan = next(i for i in renstra.indicators if i.item == "5.03.01.2.01")
    pk = make_document(
        items=[{"id": "P1", "level": "program", "kode": "5.03.01",
                "nama": "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"},
               {"id": "K1", "induk": "P1", "level": "kegiatan", "kode": "5.03.01.2.01",
                "nama": "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"}],
        indicators=[{"item": "P1", "uraian": program.uraian, "satuan": "%", "target": 90},
                    {"item": "K1", "uraian": kegiatan.uraian, "satuan": "Dokumen",
                     "target": 26}],
        jenis="pk", doc_id="PK")
    pk.instansi, pk.pemda, pk.tahun = renstra.instansi, renstra.pemda, 2022
    write_template(tmp_path / "pk_2022.xlsx", [pk])
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json",
                                       "--select", "REN-001"])
    data = json.loads(result.output)
    found = [(f["code"], Path(f["file"]).name, f["cell"], f["actual"], f["expected"])
             for f in data["findings"]]
    # the program's 2022 target in the Renstra is "100 %" (N6); the kegiatan's 26 agrees
    assert found == [("REN-001", "pk_2022.xlsx", "E2", 90, 100)]
    assert "renstra.xlsx › T-C.27 › N6" in data["findings"][0]["message"]


def _with_polarity(path: Path) -> Document:
    """The Dinkes Renstra as read, with the polarity a reviewer declares for two indicators."""
    doc = load(path)[0]
    for indicator in doc.indicators:
        if indicator.uraian.startswith(("Persentase BBLR", "Prevalensi stunting")):
            indicator.polaritas = "negatif"
    return doc


def test_dinkes_calendar_years_baseline_and_period(tmp_path: Path) -> None:
    """Fixture 08: Awal + 2018-2022; the title's "2018-2019" does not hold the years."""
    doc = load(grids.dinkes(tmp_path / "r08.xlsx"))[0]
    assert doc.jenis == DocumentKind.RENSTRA
    assert (doc.tahun_awal, doc.tahun_akhir) == (2018, 2022)
    bblr = next(i for i in doc.indicators if i.uraian == "Persentase BBLR (%)")
    assert (bblr.kondisi_awal, bblr.cells["kondisi_awal"].cell) == (13.0, "D8")
    assert _years(doc, bblr.item, bblr.uraian) == {
        2018: (10.0, "E8"), 2019: (8.0, "F8"), 2020: (7.0, "G8"), 2021: (5.0, "H8"),
        2022: (5.0, "I8")}
    health = next(i for i in doc.indicators if i.uraian == "Indeks Kesehatan")
    assert _years(doc, health.item, health.uraian)[2022] == (74.65, "I6")


@pytest.mark.parametrize(("edit", "expected"), [
    ({}, []),  # README: the lower-is-better series fall (BBLR 13,0 → 5,0; stunting → 36,7)
    ({"G8": "9,0"}, [("REN-005", "G8", 9.0, 8.0)]),  # BBLR 2020 rising above 2019
])
def test_a_target_against_its_declared_polarity(tmp_path: Path, edit: dict[str, str],
                                                expected: list) -> None:
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    doc = _with_polarity(grids.dinkes(tmp_path / "r08.xlsx", edit=edit))
    registry = load_registry()
    found = Engine(registry, [registry.get("REN-005")]).run([doc]).findings
    assert [(f.code, f.location.cell, f.actual, f.expected) for f in found] == expected


def test_kesbangpol_target_rp_pairs_and_end_of_period(tmp_path: Path) -> None:
    """Fixture 03: "TARGET RP." over each pair; four Rp add up to the end of period."""
    path = grids.kesbangpol(tmp_path / "r03.xlsx")
    doc = load(path)[0]
    assert doc.jenis == DocumentKind.RPJMD
    program = doc.items[0]
    assert _years(doc, program.id) == {1: (0, "F5"), 2: (1_231_790_000, "H5"),
                                       3: (1_556_600_000, "J5"), 4: (1_713_578_000, "L5"),
                                       5: (1_647_460_000, "N5")}
    assert (program.anggaran_periode, program.cells["anggaran_periode"].cell) == (
        6_149_428_000, "P5")
    indicator = doc.indicators[0]
    assert (indicator.kondisi_awal, indicator.target_akhir) == (70.78, 74.78)
    found = _findings(path)
    # README: 1,231,790,000 + 1,556,600,000 + 1,713,578,000 + 1,647,460,000 = 6,149,428,000
    # and the end target equals the last year's (74.78): nothing to report
    assert not [f for f in found if f[0].startswith("REN-")]


@pytest.mark.parametrize(("values", "renstra"), [
    (["13,0", "10,0", "8,0"], True),  # fixture 08's BBLR row, without the title
    (["Sosialisasi", "Pelatihan", "Evaluasi"], False),  # a schedule of activities per year
])
def test_an_untitled_header_of_years_is_a_renstra_when_the_values_agree(
        tmp_path: Path, values: list[str], renstra: bool) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    rows = [["No", "Sasaran", "Indikator", "Satuan", "Target Kinerja pada Tahun", "", ""],
            ["", "", "", "", "2018", "2019", "2020"],
            ["1", "Meningkatnya derajat kesehatan masyarakat", "Persentase BBLR", "%",
             *values]]
    for r, cells in enumerate(rows, start=1):
        for c, text in enumerate(cells, start=1):
            if text:
                ws.cell(r, c, text)
    for c in range(1, 5):
        ws.merge_cells(start_row=1, start_column=c, end_row=2, end_column=c)
    ws.merge_cells(start_row=1, start_column=5, end_row=1, end_column=7)
    wb.save(tmp_path / "untitled.xlsx")
    docs = load(tmp_path / "untitled.xlsx", require_items=False)
    assert (docs[0].jenis == DocumentKind.RENSTRA) is renstra
    assert bool(docs[0].tahunan) is renstra


def test_a_mapping_file_names_the_year_roles_and_reads_the_same(tmp_path: Path) -> None:
    """``inspect --write-mapping`` writes ``target:2021``, ``anggaran:2021`` …; read back."""
    path = grids.bkpsdm(tmp_path / "r15.xlsx")
    peta = tmp_path / "peta.toml"
    result = CliRunner().invoke(main, ["inspect", str(path), "--write-mapping", str(peta)])
    assert result.exit_code == 0, result.output
    text = peta.read_text(encoding="utf-8")
    for line in ('K = "kondisi_awal"', 'L = "target:2021"', 'M = "anggaran:2021"',
                 'R = "target_akhir"', 'S = "anggaran_periode"'):
        assert line in text
    result = CliRunner().invoke(main, ["check", str(path), "--mapping", str(peta),
                                       "--format", "json"])
    mapped = sorted((f["code"], f["cell"]) for f in json.loads(result.stdout)["findings"])
    assert mapped == sorted((code, cell) for code, cell, _, _ in _findings(path))
    peta.write_text(text.replace('M = "anggaran:2021"', 'M = "abaikan"'), encoding="utf-8")
    from checker.importers.mapping import using

    with using(peta):
        doc = load(path)[0]
    assert 2021 not in _years(doc, "5.03.01")
