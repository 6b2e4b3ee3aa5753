"""The canonical template: what the writer lays out, and what the reader accepts or refuses.

Fixtures are built in code (a workbook per test under ``tmp_path``); every refusal is
checked for the exact cell it names, in both languages.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.exporters.template import write_template
from checker.i18n import catalog
from checker.importers.registry import load
from checker.importers.template import (
    GUIDE_SHEET,
    SOURCE_HEADER,
    TemplateImporter,
    header_key,
    read_frames,
)
from checker.model.cells import cell_texts
from checker.model.errors import InputError
from checker.model.frames import to_frames
from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, Total
from checker.model.schema import ENTITIES, Kind

DATA_SHEETS = [e.sheet for e in ENTITIES.values()]
COMPARED = {"file", "table", "row", "cells", "raw"}


def headers(entity: str) -> list[str]:
    return [f.header for f in ENTITIES[entity].fields]


def letter(entity: str, field: str) -> str:
    names = [f.name for f in ENTITIES[entity].fields]
    return column_letter(names.index(field) + 1)


def make_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with the given sheets, each a list of rows from row 1."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def minimal(items: list[list] | None = None, doc_rows: list[list] | None = None,
            item_headers: list[str] | None = None, **extra: list[list]) -> dict:
    """Sheets of a one-document plan: Dokumen and Program_Kegiatan (+ extra sheets)."""
    return {
        "Dokumen": [["ID Dokumen", "Jenis Dokumen", "Tahun"],
                    *(doc_rows or [["RA", "rencana_aksi", 2025]])],
        "Program_Kegiatan": [item_headers or ["ID", "ID Induk", "Level", "Nama",
                                              "Jumlah Anggaran (Rp)", "Kode"],
                             *(items or [])],
        **extra,
    }


def refusal(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        TemplateImporter().read(path)
    error = info.value
    error.render("en")  # every message has its parameters in both languages
    return error


def detail_texts(error: InputError) -> list[str]:
    return [d.render("id") for d in error.details]


def sample_documents() -> list[Document]:
    """Two documents with every kind of value, including text that looks like a formula."""
    ra = Document(id="RA-2025", jenis="rencana_aksi", path="ra.txt", instansi="Dinas Sosial",
                  pemda="Kabupaten Contoh", tahun=2025, judul="=Rencana Aksi 2025")
    ra.items = [
        Item(id="1.06.02", level="program", kode="1.06.02", nama="PROGRAM PEMBERDAYAAN SOSIAL",
             eselon="II", anggaran=4_969_412_271, anggaran_tw1=1_000_000_000,
             anggaran_tw2=None, anggaran_mode="periodik", persen_realisasi=74.17,
             file="ra.txt", table="RENCANA AKSI ESELON II", row=12),
        Item(id="K1", induk="1.06.02", level="kegiatan", kode="1.06.02.2.01",
             nama="-Pengumpulan sumbangan", penanggung_jawab="+62 Kepala Bidang",
             anggaran=0, realisasi=-5, sisa=123_456_789_012_345, eselon="III"),
        Item(id="S1", induk="TIDAK-ADA", level="sub_kegiatan", nama="@Koordinasi",
             sasaran="Meningkatnya\nkesejahteraan", anggaran=30_000_000),
    ]
    ra.items[0].locate("anggaran", Location(file="ra.txt", table="RENCANA AKSI ESELON II",
                                            row=12, column="K"))
    ra.indicators = [
        Indicator(item="1.06.02", uraian="Persentase PSKS aktif", satuan="%", target=80.5,
                  target_tw1=20.25, target_tw4=80.5, mode="kumulatif", polaritas="positif",
                  capaian=100.0),
        Indicator(item="K1", uraian="Jumlah dokumen", satuan="Dokumen", target=None,
                  target_teks="BB", polaritas="negatif"),
    ]
    ra.totals = [Total(tabel="Eselon IV", level="sub_kegiatan", anggaran=30_000_000,
                       anggaran_tw1=7_500_000)]
    pk = Document(id="PK-2025", jenis="pk", path="pk.txt", tahun=2025)
    pk.items = [Item(id="1.06.02", level="program", nama="PROGRAM PEMBERDAYAAN SOSIAL",
                     anggaran=4_969_412_271)]
    pk.indicators = [Indicator(item="1.06.02", uraian="Persentase PSKS aktif", satuan="%",
                               target=80)]
    return [ra, pk]


def values(rows: list) -> list[dict]:
    return [r.model_dump(exclude=COMPARED) for r in rows]


# ------------------------------------------------------------------ writer
def test_blank_template_sheets_headers_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [GUIDE_SHEET, *DATA_SHEETS]
    for name, entity in ENTITIES.items():
        ws = book[entity.sheet]
        assert [c.value for c in ws[1]] == headers(name)
        assert ws.max_row == 1  # header in row 1, nothing under it
        assert ws.freeze_panes == "A2"
        checks = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                checks[rng.coord] = dv
        for index, f in enumerate(entity.fields, start=1):
            col = column_letter(index)
            dv = checks.get(f"{col}2:{col}1048576")
            if f.kind is Kind.CHOICE:
                assert dv is not None and dv.type == "list", (entity.sheet, f.name)
                assert dv.formula1 == '"' + ",".join(f.choices) + '"'
            elif f.kind in (Kind.MONEY, Kind.INT):
                assert dv is not None and dv.type == "whole", (entity.sheet, f.name)
            elif f.kind is Kind.NUMBER:
                assert dv is not None and dv.type == "decimal", (entity.sheet, f.name)
            else:
                assert dv is None, (entity.sheet, f.name)
            if f.kind is Kind.MONEY:
                assert ws.column_dimensions[col].number_format == "#,##0"
            assert ws.cell(1, index).comment is not None  # help on every header
        assert SOURCE_HEADER not in [c.value for c in ws[1]]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_guide_explains_every_sheet_and_column(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "kosong.xlsx"
    write_template(path, lang=lang)
    guide = openpyxl.load_workbook(path)[GUIDE_SHEET]
    text = "\n".join(str(v) for row in guide.iter_rows(values_only=True) for v in row
                     if v is not None)
    for entity in ENTITIES.values():
        assert entity.sheet in text
        assert (entity.help_id if lang == "id" else entity.help_en) in text
        for f in entity.fields:
            assert f.header in text and f.name in text
            assert (f.help_id if lang == "id" else f.help_en) in text
    rule_keys = [k for k in catalog(lang) if k.startswith("template.guide.rule.")]
    assert len(rule_keys) >= 8
    assert all(catalog(lang)[k] in text for k in rule_keys)


def test_blank_template_has_no_document_to_read(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    write_template(path)
    assert TemplateImporter().sniff(path, None)
    assert refusal(path).key == "template.error.no_documents"


def test_filled_template_marks_source_and_never_writes_formulas(tmp_path: Path) -> None:
    path = tmp_path / "isi.xlsx"
    write_template(path, sample_documents())
    book = openpyxl.load_workbook(path)
    items = book["Program_Kegiatan"]
    header = [c.value for c in items[1]]
    assert header == [*headers("item"), SOURCE_HEADER]
    source = items.cell(2, len(header)).value
    assert source == "ra.txt › RENCANA AKSI ESELON II › baris 12"
    cells = {items.cell(r, c).value: items.cell(r, c)
             for r in range(2, items.max_row + 1) for c in range(1, len(header) + 1)}
    for text in ("-Pengumpulan sumbangan", "+62 Kepala Bidang", "@Koordinasi"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    judul = book["Dokumen"].cell(2, 6)
    assert judul.value == "=Rencana Aksi 2025" and judul.data_type == "s"
    assert judul.quotePrefix
    money = items[f"{letter('item', 'anggaran')}2"]
    assert money.value == 4_969_412_271 and money.number_format == "#,##0"
    # No formula anywhere in the package (a formula element is <f>).
    import zipfile

    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in package.read(name), name


def test_unread_number_is_written_as_its_text_and_refused_until_corrected(
        tmp_path: Path) -> None:
    doc = Document(id="RA", jenis="rencana_aksi", path="ra.txt")
    item = Item(id="P1", level="program", nama="Program", file="ra.txt", table="T", row=7)
    item.locate("anggaran", Location(file="ra.txt", table="T", row=7, column="K"),
                "1.305.563.5500")
    doc.items = [item]
    path = tmp_path / "isi.xlsx"
    write_template(path, [doc])
    cell = openpyxl.load_workbook(path)["Program_Kegiatan"][f"{letter('item', 'anggaran')}2"]
    assert cell.value == "1.305.563.5500" and cell.comment is not None
    error = refusal(path)
    assert detail_texts(error) == [
        f'Program_Kegiatan!{letter("item", "anggaran")}2: "1.305.563.5500" bukan angka']


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_template(path, sample_documents())
    assert os.listdir(tmp_path) == ["plan.xlsx"]
    before = path.read_bytes()

    class Boom(RuntimeError):
        pass

    real_save = openpyxl.Workbook.save

    def explode(self: openpyxl.Workbook, filename: str) -> None:
        real_save(self, filename)  # the bytes are written, then the move never happens
        raise Boom

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(openpyxl.Workbook, "save", explode)
        with pytest.raises(Boom):
            write_template(path, None)
    assert os.listdir(tmp_path) == ["plan.xlsx"]
    assert path.read_bytes() == before


def test_unwritable_target_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        write_template(tmp_path / "tidak-ada" / "plan.xlsx")
    assert info.value.key == "template.error.cannot_write"


# ------------------------------------------------------------------ round trip
def test_round_trip_gives_equal_rows_at_exact_cells(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    docs = sample_documents()
    write_template(path, docs)
    back = TemplateImporter().read(path)
    assert [d.id for d in back] == ["RA-2025", "PK-2025"]
    for original, read in zip(docs, back, strict=True):
        assert read.model_dump(include={"jenis", "instansi", "pemda", "tahun", "judul"}) == \
            original.model_dump(include={"jenis", "instansi", "pemda", "tahun", "judul"})
        assert values(read.items) == values(original.items)
        assert values(read.indicators) == values(original.indicators)
        assert values(read.totals) == values(original.totals)
    program, kegiatan = back[0].items[0], back[0].items[1]
    assert isinstance(program.anggaran, int) and program.anggaran == 4_969_412_271
    assert program.location_of("anggaran") == Location(
        file=str(path), table="Program_Kegiatan", row=2, column=letter("item", "anggaran"))
    assert kegiatan.location_of("nama").cell == f"{letter('item', 'nama')}3"
    # Blank values have an address too: a finding about a missing value points there.
    assert program.location_of("anggaran_tw2").cell == f"{letter('item', 'anggaran_tw2')}2"
    # The PK rows come after the RA rows in the sheet.
    assert back[1].items[0].row == 5 and back[1].indicators[0].row == 4
    assert back[0].indicators[0].location_of("target").cell == \
        f"{letter('indicator', 'target')}2"
    assert back[0].totals[0].location_of("anggaran").table == "Jumlah"
    info = {t.name: t for t in back[0].tables}
    assert info["Program_Kegiatan"].rows_read == 3 and info["Program_Kegiatan"].last_row == 4
    source_col = column_letter(len(ENTITIES["item"].fields) + 1)
    assert "Sumber" in info["Program_Kegiatan"].columns[source_col]


def test_read_frames_equals_frames_of_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_template(path, sample_documents())
    direct = read_frames(path)
    via_models = to_frames(TemplateImporter().read(path))
    for name in ENTITIES:
        pd.testing.assert_frame_equal(direct[name], via_models[name], check_exact=True)
    items = direct["item"]
    assert str(items["anggaran"].dtype) == "Int64"
    assert str(direct["indicator"]["target"].dtype) == "Float64"
    assert cell_texts(items, "anggaran")[0] == f"{letter('item', 'anggaran')}2"
    assert str(items["anggaran@col"].dtype) == "category"  # the letter once, not per row
    assert list(items["_doc"]) == ["RA-2025"] * 3 + ["PK-2025"]


def test_read_frames_on_a_hand_made_sheet_with_gaps_and_reordered_columns(
        tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        item_headers=["Kode", "Level", "ID", "Jumlah Anggaran (Rp)", "ID Induk", "Nama"],
        items=[["1.06", "program", "P1", 1000, None, "Program"],
               [None] * 6,
               ["1.06.2.01", "kegiatan", "K1", "1.000", "P1", "Kegiatan"]]))
    direct = read_frames(path)
    pd.testing.assert_frame_equal(direct["item"], to_frames(TemplateImporter().read(path))["item"])
    assert list(direct["item"]["_row"]) == [2, 4]
    assert list(direct["item"]["anggaran"]) == [1000, 1000]
    assert list(cell_texts(direct["item"], "anggaran")) == ["D2", "D4"]
    assert "dokumen@col" not in direct["item"].columns  # no such column in the sheet
    assert list(direct["indicator"].columns) == list(to_frames([])["indicator"].columns)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    nama=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                 max_size=40).map(str.strip).filter(bool),
    anggaran=st.one_of(st.none(), st.integers(-(10**15), 10**15)),
    target=st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False)),
)
def test_round_trip_of_arbitrary_values(tmp_path: Path, nama: str, anggaran: int | None,
                                        target: float | None) -> None:
    doc = Document(id="D", jenis="pk", path="d.txt")
    doc.items = [Item(id="1", level="program", nama=nama, anggaran=anggaran)]
    doc.indicators = [Indicator(item="1", uraian=nama, satuan="%", target=target)]
    path = tmp_path / "h.xlsx"
    write_template(path, [doc])
    back = TemplateImporter().read(path)[0]
    assert back.items[0].nama == nama and back.items[0].anggaran == anggaran
    # openpyxl writes 16 significant digits (Excel shows 15): what is written is read back.
    assert back.indicators[0].target == (None if target is None else float(f"{target:.16g}"))


# ------------------------------------------------------------------ CSV folder
def write_csv(folder: Path, name: str, rows: list[list], delimiter: str, bom: bool) -> None:
    with open(folder / name, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)


@pytest.mark.parametrize(("delimiter", "bom", "money", "number"),
                         [(";", True, "4.969.412.271", "74,17"),
                          (",", False, "4969412271", "74.17")])
def test_csv_folder(tmp_path: Path, delimiter: str, bom: bool, money: str,
                    number: str) -> None:
    folder = tmp_path / "rencana"
    folder.mkdir()
    write_csv(folder, "Dokumen.csv", [["ID Dokumen", "Jenis Dokumen"], ["RA", "Rencana Aksi"]],
              delimiter, bom)
    write_csv(folder, "Program_Kegiatan.csv",
              [["id", "induk", "level", "nama", "anggaran", "persen_realisasi"],
               ["P1", "", "program", "Program; satu", money, number],
               ["K1", "P1", "Kegiatan", "Kegiatan", "", ""]], delimiter, bom)
    write_csv(folder, "Indikator.csv",
              [["ID Item", "Indikator Kinerja", "Satuan", "Target Tahunan"],
               ["P1", "Persentase", "%", "80"]], delimiter, bom)
    importer = TemplateImporter()
    assert importer.sniff(folder, None)
    docs = load(folder)
    assert len(docs) == 1 and docs[0].jenis == "rencana_aksi" and docs[0].path == str(folder)
    p1, k1 = docs[0].items
    assert p1.anggaran == 4_969_412_271 and p1.persen_realisasi == 74.17
    assert p1.nama == "Program; satu" and k1.level == "kegiatan"
    assert p1.location_of("anggaran") == Location(file=str(folder),
                                                  table="Program_Kegiatan.csv", row=2,
                                                  column="E")
    # Raw text is kept where it was not a plain number.
    assert p1.raw.get("anggaran") == (money if "." in money else None)
    assert docs[0].indicators[0].target == 80.0
    pd.testing.assert_frame_equal(read_frames(folder)["item"], to_frames(docs)["item"])


def test_csv_folder_without_program_kegiatan(tmp_path: Path) -> None:
    folder = tmp_path / "rencana"
    folder.mkdir()
    write_csv(folder, "Dokumen.csv", [["ID Dokumen", "Jenis Dokumen"], ["RA", "pk"]], ",", False)
    write_csv(folder, "Program.csv", [["ID"]], ",", False)
    error = refusal(folder)
    assert error.key == "template.error.missing_csv"
    assert error.params["missing"] == "Program_Kegiatan.csv"
    assert detail_texts(error) == ['mungkin "Program.csv" yang dimaksud? Ganti namanya '
                                   'menjadi "Program_Kegiatan.csv"']


def test_csv_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "rencana"
    folder.mkdir()
    (folder / "Dokumen.csv").write_bytes(b"ID Dokumen;Jenis Dokumen\nRA;pk\n")
    (folder / "Program_Kegiatan.csv").write_bytes(b"ID;ID Induk;Level;Nama\nP1;;program;Caf\xe9\n")
    error = refusal(folder)
    assert error.key == "template.error.csv_encoding" and error.params["line"] == 2


# ------------------------------------------------------------------ structure errors
def test_missing_required_columns_are_listed_together(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        item_headers=["ID", "Nama", "Jumlah Anggaran (Rp)"], items=[["P1", "x", 1]],
        Indikator=[["ID Item", "Indikator Kinerja", "Satuan"]]))
    error = refusal(path)
    assert error.key == "template.error.columns"
    missing = {(d.params["sheet"], d.params["header"]) for d in error.details}
    assert missing == {("Program_Kegiatan", "ID Induk"), ("Program_Kegiatan", "Level"),
                       ("Indikator", "Target Tahunan")}


def test_duplicate_column(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        item_headers=["ID", "ID Induk", "Level", "Nama", "nama"], items=[]))
    error = refusal(path)
    assert [(d.key, d.params["first"], d.params["second"]) for d in error.details] == [
        ("template.error.duplicate_column", "D", "E")]


def test_wrong_sheet_name_names_the_sheets_found_and_a_near_miss(tmp_path: Path) -> None:
    sheets = minimal(items=[["P1", None, "program", "x", 1, None]])
    sheets["Kegiatan"] = sheets.pop("Program_Kegiatan")
    path = make_book(tmp_path / "p.xlsx", sheets)
    assert TemplateImporter().sniff(path, None)
    error = refusal(path)
    assert error.key == "template.error.missing_sheets"
    assert error.location == Location(file=str(path))
    assert error.params["found"] == "Dokumen, Kegiatan"
    assert "Program_Kegiatan" in error.render("id")
    assert detail_texts(error) == ['mungkin "Kegiatan" yang dimaksud? Ganti namanya menjadi '
                                   '"Program_Kegiatan"']


def test_sheet_names_ignore_case_spaces_and_underscores(tmp_path: Path) -> None:
    sheets = minimal(items=[["P1", None, "program", "x", 1, None]])
    sheets["program kegiatan"] = sheets.pop("Program_Kegiatan")
    path = make_book(tmp_path / "p.xlsx", sheets)
    item = TemplateImporter().read(path)[0].items[0]
    assert item.location_of("nama") == Location(file=str(path), table="program kegiatan",
                                                row=2, column="D")


def test_workbook_that_is_not_a_template(tmp_path: Path) -> None:
    path = make_book(tmp_path / "lain.xlsx", {"Sheet1": [["a", "b"]]})
    assert not TemplateImporter().sniff(path, None)
    # An agency's own workbook may well have a "Program Kegiatan" sheet: not claimed.
    agency = make_book(tmp_path / "dinas.xlsx", {"Program Kegiatan": [["NO", "PROGRAM"]]})
    assert not TemplateImporter().sniff(agency, None)
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert TemplateImporter().sniff(broken, None)
    assert refusal(broken).key == "input.unreadable"


def test_header_below_a_title_row_and_data_not_starting_in_column_a(tmp_path: Path) -> None:
    items = [["Rencana Aksi 2025"],
             [None, None, "ID", "ID Induk", "Level", "Nama", "Catatan", "Jumlah Anggaran (Rp)"],
             [None, None, "P1", None, "program", "Program", "lihat", 5000]]
    path = make_book(tmp_path / "p.xlsx", {"Dokumen": minimal()["Dokumen"],
                                           "Program_Kegiatan": items})
    doc = TemplateImporter().read(path)[0]
    item = doc.items[0]
    assert item.row == 3 and item.anggaran == 5000
    assert item.location_of("anggaran").cell == "H3"
    assert item.location_of("id").cell == "C3"
    info = next(t for t in doc.tables if t.name == "Program_Kegiatan")
    assert info.columns["G"] == "(diabaikan: Catatan)"
    assert any("Catatan" in note for note in info.notes)
    assert any("baris 2" in note for note in info.notes)


# ------------------------------------------------------------------ cell errors
def test_text_in_a_money_cell_names_the_cell(tmp_path: Path) -> None:
    # Anggaran placed in column K, as in a planner's own column order.
    item_headers = ["ID", "ID Induk", "Level", "Nama", "Kode", "Eselon", "Sasaran Strategis",
                    "Penanggung Jawab", "ID Dokumen", "Satuan Kerja", "Jumlah Anggaran (Rp)"]
    rows = [["P1", None, "program", "Program", None, None, None, None, None, None, 1000],
            ["K1", "P1", "kegiatan", "Kegiatan", None, None, None, None, None, None,
             "satu juta"]]
    path = make_book(tmp_path / "p.xlsx", minimal(items=rows, item_headers=item_headers))
    error = refusal(path)
    assert error.key == "template.error.bad_cells"
    assert error.location == Location(file=str(path))
    assert detail_texts(error) == ['Program_Kegiatan!K3: "satu juta" bukan angka']
    assert error.details[0].render("en") == 'Program_Kegiatan!K3: "satu juta" is not a number'


def test_every_bad_cell_is_reported_in_one_error(tmp_path: Path) -> None:
    items = [["P1", None, "program", "Program", 1000.5, None],
             ["K1", "P1", "tingkat", "Kegiatan", "Rp 1 juta", None],
             ["S1", "K1", "sub_kegiatan", "Sub", True, 1.1],
             ["S2", "K1", "sub_kegiatan", "Sub", dt.date(2025, 1, 2), "1.06"]]
    dokumen = [["RA", "rencana_aksi", "dua ribu"]]
    ind = [["ID Item", "Indikator Kinerja", "Satuan", "Target Tahunan", "Polaritas"],
           ["P1", "Persentase", "%", "tinggi", "naik"]]
    path = make_book(tmp_path / "p.xlsx", minimal(items=items, doc_rows=dokumen, Indikator=ind))
    error = refusal(path)
    assert error.params["count"] == 9
    assert detail_texts(error) == [
        'Dokumen!C2: "dua ribu" bukan angka',
        "Program_Kegiatan!E2: 1000.5 bukan rupiah bulat (ada sen); tulis tanpa desimal",
        'Program_Kegiatan!C3: "tingkat" tidak dikenal; pilihan: tujuan, sasaran, program, '
        "kegiatan, sub_kegiatan",
        'Program_Kegiatan!E3: "Rp 1 juta" bukan angka',
        "Program_Kegiatan!E4: berisi nilai logika TRUE, bukan angka atau teks",
        "Program_Kegiatan!F4: Kode tertulis sebagai angka 1.1; tulis sebagai teks agar angka "
        "nol di belakang koma tidak hilang",
        "Program_Kegiatan!E5: berisi tanggal 2025-01-02 (Excel mengubah isian menjadi "
        "tanggal); tulis ulang sebagai angka atau teks",
        'Indikator!D2: "tinggi" bukan angka',
        'Indikator!E2: "naik" tidak dikenal; pilihan: positif, negatif, tetap',
    ]


def test_money_with_a_fraction_names_the_cell(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        items=[["P1", None, "program", "Program", 1_500_000.5, None]]))
    assert detail_texts(refusal(path)) == [
        "Program_Kegiatan!E2: 1500000.5 bukan rupiah bulat (ada sen); tulis tanpa desimal"]


def test_numeric_text_is_read_and_its_raw_text_kept(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        items=[["P1", None, "Program", "Program", "4.969.412.271", "1.06"],
               ["K1", "P1", "Sub Kegiatan", "Sub", "Rp 1.500.000", None]]))
    p1, k1 = TemplateImporter().read(path)[0].items
    assert p1.anggaran == 4_969_412_271 and p1.raw == {"anggaran": "4.969.412.271"}
    assert p1.level == "program" and k1.level == "sub_kegiatan"
    assert k1.anggaran == 1_500_000


def test_unclear_numeric_text_is_refused(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        items=[["P1", None, "program", "Program", "-", None],
               ["K1", "P1", "kegiatan", "Kegiatan", "1.305.563.5500", None]],
        Indikator=[["ID Item", "Indikator Kinerja", "Satuan", "Target Tahunan"],
                   ["P1", "Persentase", "%", "1.500"]]))
    texts = detail_texts(refusal(path))
    assert texts[0].startswith('Program_Kegiatan!E2: "-" tidak jelas')
    assert texts[1] == 'Program_Kegiatan!E3: "1.305.563.5500" bukan angka'
    assert texts[2].startswith('Indikator!D2: "1.500" dapat dibaca')


def test_excel_error_and_percent_format_are_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Dokumen"
    for row in minimal()["Dokumen"]:
        book["Dokumen"].append(row)
    ws = book.create_sheet("Program_Kegiatan")
    ws.append(["ID", "ID Induk", "Level", "Nama", "Jumlah Anggaran (Rp)", "% Realisasi"])
    ws.append(["P1", None, "program", "Program", "#REF!", 0.75])
    ws["F2"].number_format = "0%"
    ws.append(["K1", "P1", "kegiatan", "Kegiatan", 10, 75])
    path = tmp_path / "p.xlsx"
    book.save(path)
    assert ws["E2"].data_type == "e"
    assert detail_texts(refusal(path)) == [
        "Program_Kegiatan!E2: berisi galat Excel #REF!",
        "Program_Kegiatan!F2: sel berformat persen (tersimpan 0.75, tampil 75%); tulis 75 "
        "sebagai angka biasa"]


def test_duplicate_item_ids_name_both_cells(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        items=[["P1", None, "program", "A", None, None],
               ["K1", "P1", "kegiatan", "B", None, None],
               ["P1", None, "program", "C", None, None]]))
    assert detail_texts(refusal(path)) == [
        'Program_Kegiatan!A4: ID "P1" sudah dipakai di Program_Kegiatan!A2 (dokumen RA)']


def test_same_id_in_two_documents_is_fine_and_parent_may_be_unknown(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        doc_rows=[["RA", "rencana_aksi", 2025], ["PK", "pk", 2025]],
        item_headers=["ID Dokumen", "ID", "ID Induk", "Level", "Nama"],
        items=[["PK", "P1", None, "program", "A"], ["RA", "P1", "X9", "program", "A"]]))
    ra, pk = TemplateImporter().read(path)
    assert ra.items[0].induk == "X9" and ra.items[0].row == 3 and pk.items[0].row == 2


def test_document_column_with_several_documents(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        doc_rows=[["RA", "rencana_aksi", 2025], ["PK", "pk", 2025], ["RA", "pk", None]],
        item_headers=["ID Dokumen", "ID", "ID Induk", "Level", "Nama"],
        items=[[None, "P1", None, "program", "A"], ["DPA", "P2", None, "program", "B"]]))
    assert detail_texts(refusal(path)) == [
        'Dokumen!A4: ID dokumen "RA" sudah dipakai di Dokumen!A2',
        "Program_Kegiatan!A2: ID Dokumen kosong, padahal ada 2 dokumen (RA, PK)",
        'Program_Kegiatan!A3: dokumen "DPA" tidak ada di lembar Dokumen (yang ada: RA, PK)']


def test_required_values_the_model_cannot_do_without(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        doc_rows=[["RA", None, 2025]],
        items=[[None, None, "program", "A", None, None], ["P2", None, None, None, None, None]]))
    assert detail_texts(refusal(path)) == [
        "Dokumen!B2: Jenis Dokumen wajib diisi",
        "Program_Kegiatan!A2: ID wajib diisi",
        "Program_Kegiatan!C3: Level wajib diisi"]


def test_row_with_data_only_in_unknown_columns_is_skipped_with_a_word(tmp_path: Path) -> None:
    path = make_book(tmp_path / "p.xlsx", minimal(
        item_headers=["ID", "ID Induk", "Level", "Nama", "Catatan"],
        items=[["P1", None, "program", "A", None], [None, None, None, None, "catatan saja"]]))
    info = next(t for t in TemplateImporter().read(path)[0].tables
                if t.name == "Program_Kegiatan")
    assert info.rows_read == 1
    assert info.skipped == [(3, "baris hanya berisi kolom yang tidak dikenal")]


def test_many_bad_cells_are_capped_but_counted(tmp_path: Path) -> None:
    rows = [[f"S{i}", None, "program", "x", "banyak", None] for i in range(250)]
    error = refusal(make_book(tmp_path / "p.xlsx", minimal(items=rows)))
    assert error.params["count"] == 250
    assert len(error.details) == 201
    assert error.details[-1].render("id") == "… dan 50 sel lain"


def test_registry_reads_a_template_workbook(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_template(path, sample_documents())
    assert [d.id for d in load(path)] == ["RA-2025", "PK-2025"]


def test_header_keys_are_unambiguous() -> None:
    for entity in ENTITIES.values():
        seen: dict[str, str] = {}
        for f in entity.fields:
            for key in {header_key(f.header), header_key(f.name)}:
                assert seen.setdefault(key, f.name) == f.name, (entity.sheet, key)
        assert header_key(SOURCE_HEADER) not in seen


def test_template_messages_exist_in_both_languages() -> None:
    ids = {k for k in catalog("id") if k.startswith("template.")}
    ens = {k for k in catalog("en") if k.startswith("template.")}
    assert ids == ens and len(ids) > 50


def test_template_is_written_as_xlsx_only(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        write_template(tmp_path / "plan.xls")
    assert info.value.key == "template.error.suffix"
    assert os.listdir(tmp_path) == []


def test_xml_scan_finds_the_same_cells_whatever_the_chunk_size() -> None:
    import io

    from checker.importers.template_grids import scan_stream

    cells = []
    for r in range(1, 400):
        cells.append(f'<row r="{r}"><c r="A{r}" s="3"><v>{r}</v></c>'
                     f'<c r="B{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c>' if r % 7 == 0 else
                     f'<row r="{r}"><c r="A{r}" s="1"><v>{r}</v></c>'
                     f'<c r="AB{r}" t="s"><v>0</v></c>')
        cells.append("</row>")
    xml = ('<worksheet><sheetData>' + "".join(cells) + "</sheetData></worksheet>").encode()
    expected_errors = {(r, 2): "#DIV/0!" for r in range(7, 400, 7)}
    expected_percent = {(r, 1) for r in range(7, 400, 7)}
    for chunk in (5, 64, 1000, 1 << 23):
        errors, percent = scan_stream(io.BytesIO(xml), [3], chunk=chunk)
        assert errors == expected_errors, chunk
        assert percent == expected_percent, chunk
