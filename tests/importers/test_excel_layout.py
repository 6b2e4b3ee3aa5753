"""The agency-layout workbook importer: the seeds' agency workbooks, then small workbooks.

The agency workbook of each seed must import to the same plan as the seed's text import
(same items, budgets, quarter plans, indicators, targets, penanggung jawab and totals);
only the addresses differ, and every address must be a real cell of the workbook holding
the value. The small workbooks built here pin one layout habit each.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from checker.exporters.agency_workbook import (
    AgencySheet,
    AgencyTable,
    HeaderCell,
    Record,
    Row,
    write_agency_workbook,
)
from checker.importers.excel_grid import read_sheets
from checker.importers.excel_layout import AgencyWorkbookImporter
from checker.importers.registry import load
from checker.model.errors import InputError
from checker.model.plan import Document
from tests.conftest import REPO, SEEDS

SCRIPT = REPO / "sample_plans" / "make_agency_workbooks.py"
COMMITTED = REPO / "sample_plans" / "agency"
SEED_STEMS = ("000_a618195849f537cf", "001_0bdef1ee33a13803", "004_a30a70c4cd2935b3")
ITEM_FIELDS = ("induk", "level", "kode", "nama", "eselon", "sasaran", "penanggung_jawab",
               "anggaran", "anggaran_tw1", "anggaran_tw2", "anggaran_tw3", "anggaran_tw4",
               "anggaran_mode")
INDICATOR_FIELDS = ("item", "uraian", "satuan", "target", "target_tw1", "target_tw2",
                    "target_tw3", "target_tw4", "realisasi_tw1", "realisasi_tw4", "mode")
TOTAL_FIELDS = ("level", "anggaran", "anggaran_tw1", "anggaran_tw2", "anggaran_tw3",
                "anggaran_tw4")


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("make_agency_workbooks", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each seed's agency workbook, written afresh by the sample script."""
    script = _script()
    out = tmp_path_factory.mktemp("agency")
    paths = {}
    for seed, build in script.BUILDERS.items():
        path = out / f"{seed.stem}_agency.xlsx"
        write_agency_workbook(path, build())
        paths[seed.stem] = path
    return paths


def _same_id(item_id: str | None, stem: str) -> str | None:
    """The LKjIP importer numbers PK sub-kegiatan ``SK1…``; every other importer ``S1…``."""
    if item_id and stem.startswith("004"):
        return re.sub(r"^SK(\d)", r"S\1", item_id)
    return item_id


def assert_same_plan(text: Document, excel: Document, stem: str) -> None:
    """Same items by id and level, same values; only the addresses differ."""
    assert (excel.jenis, excel.instansi, excel.pemda, excel.tahun) == (
        text.jenis, text.instansi, text.pemda, text.tahun)
    assert [_same_id(i.id, stem) for i in text.items] == [i.id for i in excel.items]
    for a, b in zip(text.items, excel.items, strict=True):
        got = {f: getattr(b, f) for f in ITEM_FIELDS}
        want = {f: getattr(a, f) for f in ITEM_FIELDS}
        want["induk"] = _same_id(a.induk, stem)
        assert got == want, a.id
        persen = {k: v for k, v in a.raw.items() if "_persen_" in k}
        assert persen == {k: v for k, v in b.raw.items() if "_persen_" in k}, a.id
    assert len(text.indicators) == len(excel.indicators)
    for a, b in zip(text.indicators, excel.indicators, strict=True):
        want = {f: getattr(a, f) for f in INDICATOR_FIELDS}
        want["item"] = _same_id(a.item, stem)
        assert {f: getattr(b, f) for f in INDICATOR_FIELDS} == want, a.item
        # The eselon text importer keeps '100%' as printed text; a number with its unit
        # is kept as printed only when it carries more (a grade: '74,17 (BB)').
        if a.target_teks != b.target_teks:
            assert (a.target_teks, b.target_teks) == ("100%", None), a.item
    assert [{f: getattr(x, f) for f in TOTAL_FIELDS} for x in text.totals] == \
        [{f: getattr(x, f) for f in TOTAL_FIELDS} for x in excel.totals]


def _text_docs(stem: str) -> dict[str, Document]:
    docs = load(SEEDS / f"{stem}.txt")
    return {d.jenis.value: d for d in docs}


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_agency_workbook_is_the_seeds_plan(built: dict[str, Path], stem: str) -> None:
    text = _text_docs(stem)
    excel = load(built[stem])
    kinds = [d.jenis.value for d in excel]
    assert kinds == (["pk", "pk_perubahan"] if stem.startswith("004") else ["rencana_aksi"])
    for doc in excel:
        assert_same_plan(text[doc.jenis.value], doc, stem)


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_committed_samples_are_current(built: dict[str, Path], stem: str) -> None:
    """The workbooks in sample_plans/agency import to the plan the script builds today."""
    committed = COMMITTED / f"{stem}_agency.xlsx"
    assert committed.is_file(), "run python sample_plans/make_agency_workbooks.py"
    text = _text_docs(stem)
    for doc in load(committed):
        assert_same_plan(text[doc.jenis.value], doc, stem)


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_address_is_a_real_cell(built: dict[str, Path], stem: str) -> None:
    """A value's address is the sheet, row and column of the workbook cell holding it."""
    path = built[stem]
    sheets = {s.name: s for s in read_sheets(path)}
    checked = 0
    for doc in load(path):
        for obj in (*doc.items, *doc.indicators, *doc.totals):
            for name, loc in obj.cells.items():
                value = getattr(obj, name, None)
                assert loc.file == str(path) and loc.table in sheets, (obj, name)
                shown = sheets[loc.table].shown(loc.row, _col(loc.column))
                if value is None or obj.raw.get(name) == "":
                    continue  # a blank cell: a missing value, or a blank quarter read 0
                assert shown, (name, loc.describe())
                if isinstance(value, str) and name in ("nama", "uraian", "penanggung_jawab"):
                    assert shown == value, (name, loc.describe())
                checked += 1
    assert checked > 100


def _col(letters: str | None) -> int:
    from checker.model.location import column_index

    return column_index(letters or "A")


def test_lombok_timur_counts_and_addresses(built: dict[str, Path]) -> None:
    (doc,) = load(built["000_a618195849f537cf"])
    assert Counter(i.level.value for i in doc.items) == {
        "tujuan": 1, "sasaran": 1, "program": 7, "kegiatan": 15, "sub_kegiatan": 48}
    p1 = doc.item("P1")
    assert p1 is not None
    assert p1.cells["anggaran"].describe().endswith("Renaksi Es II-III › K12")
    s48 = doc.item("S48")
    assert s48 is not None and s48.cells["nama"].table == "Renaksi Es IV"
    tables = [t.name for t in doc.tables]
    assert tables == ["Renaksi Es II-III › RENCANA AKSI ESELON II",
                      "Renaksi Es II-III › RENCANA AKSI ESELON III",
                      "Renaksi Es IV › RENCANA AKSI ESELON IV"]
    iv = doc.tables[2]
    assert iv.columns["F"].startswith("indikator.target_tw1") and iv.columns["K"].startswith(
        "anggaran")
    reasons = Counter(reason.split(" (")[0] for _, reason in iv.skipped)
    assert reasons["judul kolom yang diulang"] == 6  # two page repeats of three rows
    assert any("baris jumlah" in r for _, r in iv.skipped)
    assert any("tanda tangan" in r for _, r in iv.skipped)
    assert not doc.issues  # the workbook is not shifted like its PDF extract


def test_lampung_barat_kumulatif(built: dict[str, Path]) -> None:
    (doc,) = load(built["001_0bdef1ee33a13803"])
    # 'Kinerja Per Triwulan' beside 'Keuangan Per Triwulan Akumulatif' in the program
    # table: the kinerja is per quarter there, every other level's cumulative
    levels = {i.id: i.level.value for i in doc.items}
    modes = Counter((levels[x.item], x.mode) for x in doc.indicators)
    assert {lv for (lv, m) in modes if m == "periodik"} == {"program"}
    assert {m for (lv, m) in modes if lv != "program"} == {"kumulatif"}
    # STR-005: the 'Sasaran Program/Kegiatan/Sub Kegiatan' text columns are not read.
    # The seed's two sub-kegiatan printing their kegiatan as 'Penyanggah' are linked to it
    # (a typing slip, reported on the seed), so the workbook built from them names it right.
    assert Counter(f.code for f in doc.issues) == {"STR-003": 7, "STR-004": 2, "STR-005": 3}
    k5 = doc.item("K5")
    assert k5 is not None and k5.nama == "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"


# --------------------------------------------------------------------------- inspect
@pytest.mark.parametrize("stem", SEED_STEMS)
def test_inspect_shows_mapping_and_counts(built: dict[str, Path], stem: str) -> None:
    from checker.cli.main import main

    result = CliRunner().invoke(main, ["inspect", str(built[stem])])
    assert result.exit_code == 0, result.output
    assert "Kolom: A→(nomor baris)" in result.output
    assert "dilewati, baris" in result.output
    counts = {"000": "program 7, kegiatan 15, sub kegiatan 48",
              "001": "tujuan 2, sasaran 2, program 4, kegiatan 13, sub kegiatan 38",
              "004": "sasaran 1, program 4, kegiatan 12, sub kegiatan 35"}
    assert counts[stem[:3]] in result.output


# --------------------------------------------------------------------------- small books
ESELON_HEADER = [
    HeaderCell("NO", 1, 1, rows=3), HeaderCell("SASARAN STRATEGIS", 1, 2, rows=3),
    HeaderCell("INDIKATOR KINERJA", 1, 3, cols=7),
    HeaderCell("PROGRAM/KEGIATAN/SUB KEGIATAN", 1, 10, rows=3),
    HeaderCell("ANGGARAN", 1, 11, cols=5), HeaderCell("PENANGGUNGJAWAB", 1, 16, rows=3),
    HeaderCell("URAIAN", 2, 3, rows=2), HeaderCell("SATUAN", 2, 4, rows=2),
    HeaderCell("TARGET", 2, 5, rows=2), HeaderCell("RENCANA AKSI PER TRIWULAN", 2, 6, cols=4),
    HeaderCell("JUMLAH ANGGARAN", 2, 11, rows=2), HeaderCell("Rencana per Triwulan", 2, 12,
                                                              cols=4),
    HeaderCell("TW 1", 3, 6), HeaderCell("Trw 2", 3, 7), HeaderCell("Triwulan III", 3, 8),
    HeaderCell("TW IV", 3, 9),
    *(HeaderCell(q, 3, 11 + i) for i, q in enumerate(("I", "II", "III", "IV"), start=1)),
]


def item_row(no: int, sasaran: str | None, uraian: str, target: Any, tws: list[Any],
             nama: str, pagu: Any, money: list[Any], pj: str) -> Record:
    cells: dict[int, Any] = {1: no, 2: sasaran, 3: uraian, 4: "Dokumen", 5: target, 10: nama,
                             11: pagu, 16: pj}
    cells.update({6 + i: v for i, v in enumerate(tws)})
    cells.update({12 + i: v for i, v in enumerate(money)})
    return Record([Row(cells)], continues=set() if sasaran else {2})


def eselon_table(title: str, rows: list[Record], total: int | None = None,
                 page_rows: int = 18) -> AgencyTable:
    records = list(rows)
    if total is not None:
        records.append(Record([Row({1: "JUMLAH", 11: total}, merges=[(1, 10)])], kind="total"))
    return AgencyTable(title=[title, "DINAS CONTOH", "KABUPATEN CONTOH TAHUN 2025"],
                       header=ESELON_HEADER, width=16, numbers=list(range(1, 17)),
                       records=records, signature=["Contoh, Januari 2025", "KEPALA DINAS",
                                                   "NIP. 19700101 199001 1 001"],
                       money_cols=set(range(11, 16)), page_rows=page_rows)


def kegiatan_rows() -> list[Record]:
    return [
        item_row(1, "Sasaran A", "Jumlah dokumen", 4, [1, 1, 1, 1], "Kegiatan Satu",
                 400_000, [100_000, 100_000, 100_000, 100_000], "Kepala Bidang"),
        item_row(2, None, "Jumlah laporan", 2, [None, 1, None, 1], "Kegiatan Dua",
                 200_000, [None, 100_000, None, 100_000], "Kepala Bidang"),
    ]


def sub_rows() -> list[Record]:
    return [
        item_row(1, "Sasaran A", "Jumlah dokumen", 4, [1, 1, 1, 1], "Sub Satu", 250_000,
                 [62_500, 62_500, 62_500, 62_500], "Kasubbag"),
        item_row(2, None, "Jumlah rapat", 4, [1, 1, 1, 1], "Sub Dua", 150_000,
                 [37_500, 37_500, 37_500, 37_500], "Kasubbag"),
        item_row(3, None, "Jumlah laporan", 2, [None, 1, None, 1], "Sub Tiga", 200_000,
                 [None, 100_000, None, 100_000], "Kasi"),
    ]


def write(tmp_path: Path, sheets: list[AgencySheet], name: str = "renaksi.xlsx") -> Path:
    path = tmp_path / name
    write_agency_workbook(path, sheets)
    return path


def test_empty_sheet_is_no_document(tmp_path: Path) -> None:
    """An empty workbook is said to be empty, not 'no recognisable document'."""
    book = Workbook()
    book.active.title = "Lembar1"
    path = tmp_path / "kosong.xlsx"
    book.save(path)
    assert AgencyWorkbookImporter().sniff(path, None) is False
    with pytest.raises(InputError) as caught:
        AgencyWorkbookImporter().read(path)
    assert caught.value.key == "input.no_cells"
    assert caught.value.location is not None and caught.value.location.file == str(path)
    with pytest.raises(InputError) as via_registry:
        load(path)
    assert via_registry.value.key == "input.no_cells"


def test_header_only_is_reported_not_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, [AgencySheet("Es III", [eselon_table("RENCANA AKSI ESELON III",
                                                                 [])])])
    assert AgencyWorkbookImporter().sniff(path, None) is True
    with pytest.raises(InputError) as caught:  # nothing read is never a clean pass
        load(path)
    assert caught.value.key == "input.nothing_read"
    assert [d.location.table for d in caught.value.details
            if d.key == "input.nothing_read_table"] == ["Es III › RENCANA AKSI ESELON III"]


def test_merged_header_spellings_and_blank_quarters(tmp_path: Path) -> None:
    path = write(tmp_path, [AgencySheet("Es III", [eselon_table(
        "RENCANA AKSI ESELON III", kegiatan_rows(), total=600_000)])])
    (doc,) = load(path)
    info = doc.tables[0]
    assert [info.columns[c].split(" [")[0] for c in "FGHI"] == [
        f"indikator.target_tw{q} (kegiatan)" for q in range(1, 5)]
    assert [info.columns[c].split(" [")[0] for c in "KLMNO"] == [
        "anggaran (kegiatan)", *(f"anggaran_tw{q} (kegiatan)" for q in range(1, 5))]
    assert info.columns["E"] == "indikator.target (kegiatan)"
    k2 = doc.item("K2")
    assert k2 is not None
    assert (k2.anggaran, k2.anggaran_tw1, k2.anggaran_tw2, k2.anggaran_mode) == (
        200_000, 0, 100_000, "periodik")
    ind = doc.indicators[1]
    assert (ind.item, ind.target, ind.target_tw1, ind.target_tw2, ind.mode) == (
        "K2", 2.0, 0.0, 1.0, "periodik")
    assert k2.cells["anggaran_tw1"].cell == "L10" and k2.raw["anggaran_tw1"] == ""
    assert k2.sasaran == "Sasaran A" and k2.cells["sasaran"].cell == "B9"  # merged down
    (total,) = doc.totals
    assert (total.level.value, total.anggaran, total.cells["anggaran"].cell) == (
        "kegiatan", 600_000, "K11")
    assert [i.id for i in doc.items] == ["K1", "K2"]  # the JUMLAH row is not an item


def test_repeated_header_and_two_tables_on_one_sheet(tmp_path: Path) -> None:
    path = write(tmp_path, [AgencySheet("Renaksi", [
        eselon_table("RENCANA AKSI ESELON III", kegiatan_rows(), total=600_000),
        eselon_table("RENCANA AKSI ESELON IV", sub_rows(), total=600_000, page_rows=2),
    ])])
    (doc,) = load(path)
    assert [t.name for t in doc.tables] == ["Renaksi › RENCANA AKSI ESELON III",
                                            "Renaksi › RENCANA AKSI ESELON IV"]
    assert [(i.id, i.level.value, i.induk) for i in doc.items] == [
        ("K1", "kegiatan", None), ("K2", "kegiatan", None),
        ("S1", "sub_kegiatan", "K1"), ("S2", "sub_kegiatan", "K1"),
        ("S3", "sub_kegiatan", "K2")]  # parents from the budgets: 250 + 150 = 400
    iv = doc.tables[1]
    repeats = [row for row, reason in iv.skipped if "diulang" in reason]
    assert len(repeats) == 3  # the three header rows printed again after two items
    assert any("diisi dengan isi baris di atasnya" in note for note in iv.notes)
    s3 = doc.item("S3")
    assert s3 is not None and s3.sasaran == "Sasaran A"  # blank after a page break: filled
    assert [t.level.value for t in doc.totals] == ["kegiatan", "sub_kegiatan"]


def test_shifted_row_is_realigned_and_reported(tmp_path: Path) -> None:
    path = write(tmp_path, [AgencySheet("Es III", [eselon_table(
        "RENCANA AKSI ESELON III", kegiatan_rows())])])
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book["Es III"]
    row = 10  # K2: its SASARAN cell is missing, everything after moved one column left
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row <= row <= merged.max_row and merged.min_col == 2:
            ws.unmerge_cells(str(merged))
    values = [ws.cell(row, c).value for c in range(3, 17)]
    for c in range(2, 17):
        ws.cell(row, c).value = values[c - 2] if c - 2 < len(values) else None
    book.save(path)
    (doc,) = load(path)
    k2 = doc.item("K2")
    assert k2 is not None
    assert (k2.nama, k2.anggaran, k2.penanggung_jawab) == ("Kegiatan Dua", 200_000,
                                                           "Kepala Bidang")
    assert k2.cells["nama"].cell == "I10" and k2.cells["anggaran"].cell == "J10"
    assert [(f.code, f.location.row) for f in doc.issues] == [("STR-001", 10)]


def test_shift_scores_are_the_candidates_scored_one_by_one(tmp_path: Path,
                                                            monkeypatch) -> None:
    """``_shift_scores`` (each column's fit read once) gives every candidate shift the score
    ``_fit`` gives it alone, on a shifted row and on rows as printed."""
    from checker.importers import realign

    path = write(tmp_path, [AgencySheet("Es III", [eselon_table(
        "RENCANA AKSI ESELON III", kegiatan_rows())])])
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book["Es III"]
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row <= 10 <= merged.max_row and merged.min_col == 2:
            ws.unmerge_cells(str(merged))
    values = [ws.cell(10, c).value for c in range(3, 17)]
    for c in range(2, 17):
        ws.cell(10, c).value = values[c - 2] if c - 2 < len(values) else None
    book.save(path)
    fast = realign._shift_scores
    compared: list[int] = []

    def both(view, cols, width):  # type: ignore[no-untyped-def]
        scores = fast(view, cols, width)
        assert scores == [(realign._fit(view, cols, k, d)[0], k, d)
                          for k in range(2, width + 1) for d in (-1, 1)]
        compared.append(max(s for s, _, _ in scores))
        return scores

    monkeypatch.setattr(realign, "_shift_scores", both)
    load(path)
    assert compared  # the shifted row (10) is scored: the one row with two conflicts


KUMULATIF_HEADER = [
    HeaderCell("No", 1, 1, rows=2), HeaderCell("Kode", 1, 2, rows=2),
    HeaderCell("Program / Kegiatan / Sub Kegiatan", 1, 3, rows=2),
    HeaderCell("Indikator Kinerja", 1, 4, rows=2), HeaderCell("Satuan", 1, 5, rows=2),
    HeaderCell("Target", 1, 6, rows=2),
    *(HeaderCell(f"Target s.d. TW {q}", 1, 6 + i, rows=2)
      for i, q in enumerate(("I", "II", "III", "IV"), start=1)),
    HeaderCell("Pagu (Rp)", 1, 11, rows=2),
    HeaderCell("Nama Jabatan Penanggung Jawab", 1, 12, rows=2),
]


def test_kumulatif_headers_and_codes_give_levels_and_parents(tmp_path: Path) -> None:
    rows = [
        (1, "1.06.02", "PROGRAM PEMBERDAYAAN SOSIAL", 300_000, "Kepala Dinas"),
        (2, "1.06.02.2.01", "Pengumpulan Sumbangan", 300_000, "Kepala Bidang"),
        (3, "1.06.02.2.01.0001", "Penyusunan Data", 300_000, "Pekerja Sosial Ahli Muda"),
    ]
    records = [Record([Row({1: n, 2: kode, 3: nama, 4: "Persentase data", 5: "%", 6: 100,
                            7: 25, 8: 50, 9: 75, 10: 100, 11: pagu, 12: pj})])
               for n, kode, nama, pagu, pj in rows]
    path = write(tmp_path, [AgencySheet("Renaksi 2025", [AgencyTable(
        title=["Rencana Aksi Dinas Sosial Kabupaten Contoh Tahun 2025"],
        header=KUMULATIF_HEADER, width=12, records=records, money_cols={11})])])
    (doc,) = load(path)
    assert [(i.id, i.level.value, i.induk, i.anggaran) for i in doc.items] == [
        ("1.06.02", "program", None, 300_000),
        ("1.06.02.2.01", "kegiatan", "1.06.02", 300_000),
        ("1.06.02.2.01.0001", "sub_kegiatan", "1.06.02.2.01", 300_000)]
    ind = doc.indicators[2]
    assert (ind.mode, ind.target, ind.target_tw4, ind.cells["target_tw1"].cell) == (
        "kumulatif", 100.0, 100.0, "G7")
    assert (doc.instansi, doc.pemda, doc.tahun) == ("Dinas Sosial", "Kabupaten Contoh", 2025)


def test_unreadable_number_is_reported_at_its_cell(tmp_path: Path) -> None:
    rows = kegiatan_rows()
    rows[0].rows[0].cells[11] = "1.305.563.5500"
    path = write(tmp_path, [AgencySheet("Es III", [eselon_table("RENCANA AKSI ESELON III",
                                                                 rows)])])
    (doc,) = load(path)
    k1 = doc.item("K1")
    assert k1 is not None and k1.anggaran is None and k1.raw["anggaran"] == "1.305.563.5500"
    found = [(f.code, f.location.cell) for f in doc.issues]
    assert ("NUM-001", "K9") in found
    finding = next(f for f in doc.issues if f.code == "NUM-001")
    assert finding.expected == 400_000  # the quarters imply it: a suggestion, not a value


def test_stacked_quarter_cells(tmp_path: Path) -> None:
    header = [HeaderCell("No", 1, 1, rows=2), HeaderCell("Sasaran Strategis", 1, 2, rows=2),
              HeaderCell("Kegiatan", 1, 3, rows=2), HeaderCell("Indikator Kegiatan", 1, 4,
                                                                 rows=2),
              HeaderCell("Kinerja Per triwulan Akumulatif", 1, 5),
              HeaderCell("Keuangan Per triwulan Akumulatif", 1, 6),
              HeaderCell("Nama Jabatan Penanggung Jawab", 1, 7, rows=2),
              HeaderCell("Target", 2, 5), HeaderCell("Target", 2, 6)]
    quarters = [("TRW I = 0 dokumen", "Trw 1= 1,000,000.00"),
                ("TRW II = 2 dokumen", "Trw 2= 2,000,000.00"),
                ("TRW III = 3 dokumen", "Trw 3= 3,000,000.00"),
                ("TRW IV = 4 dokumen", "Trw 4= 4,000,000.00")]
    rows = [Row({5: k, 6: m}) for k, m in quarters]
    rows[0].cells.update({1: 1, 2: "Sasaran A", 3: "Kegiatan Satu", 4: "Jumlah dokumen",
                          7: "Sekretaris"})
    path = write(tmp_path, [AgencySheet("Kegiatan", [AgencyTable(
        title=["Rencana Aksi Tingkat Kegiatan", "Tahun 2021"], header=header, width=7,
        records=[Record(rows, span={1, 2, 3, 4, 7})])])])
    (doc,) = load(path)
    (item,) = doc.items
    (ind,) = doc.indicators
    assert (item.id, item.level.value, item.sasaran, item.penanggung_jawab) == (
        "K1", "kegiatan", "Sasaran A", "Sekretaris")
    assert [getattr(item, f"anggaran_tw{q}") for q in range(1, 5)] == [
        1_000_000, 2_000_000, 3_000_000, 4_000_000]
    assert (ind.satuan, ind.mode, ind.target_tw2, ind.cells["target_tw2"].cell) == (
        "dokumen", "kumulatif", 2.0, "E7")


def test_template_workbook_is_not_claimed(tmp_path: Path) -> None:
    from checker.exporters.template import write_template

    path = tmp_path / "templat.xlsx"
    write_template(path, [])
    assert AgencyWorkbookImporter().sniff(path, None) is False


def test_what_calamine_hides_percent_errors_and_unsaved_formulas(tmp_path: Path) -> None:
    """``100%`` typed in Excel is stored as 1: it must read 100 (%), never 1."""
    path = write(tmp_path, [AgencySheet("Es III", [eselon_table(
        "RENCANA AKSI ESELON III", kegiatan_rows())])])
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book["Es III"]
    ws["E9"].value, ws["E9"].number_format = 1, "0%"  # K1's target typed as 100%
    ws["D9"].value = None  # and no SATUAN: the unit comes from the cell
    ws["K10"].value = "=SUM(L10:O10)"  # saved by a program: no computed value
    book.save(path)
    (doc,) = AgencyWorkbookImporter().read(path)
    k1 = next(i for i in doc.indicators if i.item == "K1")
    assert (k1.target, k1.satuan, k1.raw["target"]) == (100.0, "%", "100%")
    k2 = doc.item("K2")
    assert k2 is not None and k2.anggaran is None
    assert [(f.code, f.location.cell, f.actual) for f in doc.issues] == [
        ("NUM-003", "K10", "=SUM(L10:O10)")]


def test_header_repeated_with_other_spelling_is_still_a_repeat(tmp_path: Path) -> None:
    path = write(tmp_path, [AgencySheet("Es IV", [eselon_table(
        "RENCANA AKSI ESELON IV", sub_rows(), page_rows=2)])])
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book["Es IV"]
    repeated = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "NO"][1]
    ws.cell(repeated, 16).value = "PJ"  # the same columns, spelt otherwise
    ws.cell(repeated, 11).value = "PAGU ANGGARAN"
    ws.cell(repeated + 2, 6).value = "TR I"
    book.save(path)
    (doc,) = load(path)
    assert [t.name for t in doc.tables] == ["Es IV › RENCANA AKSI ESELON IV"]
    assert [i.id for i in doc.items] == ["S1", "S2", "S3"]


def test_level_unknown_is_reported(tmp_path: Path) -> None:
    rows = kegiatan_rows()  # names that say no level: no prefix, not in the nomenclature
    for record, name in zip(rows, ("Satu", "Dua"), strict=True):
        record.rows[0].cells[10] = name
    table = eselon_table("", rows)
    table.title = ["DINAS CONTOH"]
    path = write(tmp_path, [AgencySheet("Lembar1", [table])])
    with pytest.raises(InputError) as caught:  # nothing read: never a clean pass
        load(path)
    issues = [d for d in caught.value.details if d.key == "input.nothing_read_issue"]
    # the first row left unread, by its name's cell, and the range down to the last one
    # (the header row 3 used to be named, by its row only: issue 15)
    loc = issues[0].location
    assert (issues[0].params["code"], loc.row, loc.cell) == ("STR-004", 7, "J7")
    assert loc.range is not None and loc.range.startswith("J7:")
    assert "RENCANA AKSI ESELON IV" in issues[0].render("id")


def test_level_from_the_names_when_no_title_says_it(tmp_path: Path) -> None:
    table = eselon_table("", kegiatan_rows())  # "Kegiatan Satu", "Kegiatan Dua"
    table.title = ["DINAS CONTOH"]
    (doc,) = load(write(tmp_path, [AgencySheet("Lembar1", [table])]))
    assert [(i.level.value, i.nama) for i in doc.items] == [("kegiatan", "Satu"),
                                                            ("kegiatan", "Dua")]
    assert doc.items[0].raw["nama"] == "Kegiatan Satu"


def test_budget_inference_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Too many rows to compare budgets one by one: no guess, every child reported."""
    from checker.importers import excel_parents

    monkeypatch.setattr(excel_parents, "MAX_PARTITION_STEPS", 10)
    path = write(tmp_path, [AgencySheet("Renaksi", [
        eselon_table("RENCANA AKSI ESELON III", kegiatan_rows()),
        eselon_table("RENCANA AKSI ESELON IV", sub_rows())])])
    (doc,) = load(path)
    assert [i.induk for i in doc.items if i.level.value == "sub_kegiatan"] == [None] * 3
    assert [f.code for f in doc.issues] == ["STR-003"] * 3
    assert any("terlalu banyak" in note for note in doc.tables[1].notes)


def test_quarter_labels_out_of_line_are_read_by_position(tmp_path: Path) -> None:
    """The seed prints 'Rp I II III' over the four budget quarters (the labels slipped)."""
    header = [h for h in ESELON_HEADER if not (h.row == 3 and h.col >= 11)]
    header = [h if h.text != "JUMLAH ANGGARAN" else HeaderCell(h.text, 2, 11, rows=2)
              for h in header]
    header += [HeaderCell(x, 3, 12 + i) for i, x in enumerate(("Rp", "I", "II", "III"))]
    table = eselon_table("RENCANA AKSI ESELON III", kegiatan_rows())
    table.header = header
    path = write(tmp_path, [AgencySheet("Es III", [table])])
    (doc,) = load(path)
    k1 = doc.item("K1")
    assert k1 is not None and [getattr(k1, f"anggaran_tw{q}") for q in range(1, 5)] == [
        100_000] * 4
    assert any("menurut posisi" in n and "L=Rp" in n for n in doc.tables[0].notes)
