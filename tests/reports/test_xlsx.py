"""The findings workbook, the annotated copies, and text that must never become a formula."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from checker.cli.output import write_report
from checker.reports.xlsx import annotated_name, risky, sheet_ref
from tests.reports.fixtures import XLSX, hostile_report, sample_report


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_findings_sheet_has_filter_frozen_header_and_a_link_to_each_cell(workdir):
    write_report(sample_report(), "xlsx", "laporan/temuan.xlsx")
    book = load_workbook(workdir / "laporan" / "temuan.xlsx")
    assert book.sheetnames == ["Ringkasan", "Temuan", "Diterima"]
    ws = book["Temuan"]
    assert ws.auto_filter.ref == "A1:T6"
    assert ws.freeze_panes == "A2"
    rows = {ws.cell(r, 3).value: r for r in range(2, 7)}
    tgt = ws.cell(rows["TGT-001"], 12)
    # the annotated copy beside the report, at the marked cell
    assert tgt.value == "[temuan.rencana.annotated.xlsx]Indikator!E12"
    assert (tgt.hyperlink.target, tgt.hyperlink.location) == ("temuan.rencana.annotated.xlsx",
                                                               "Indikator!E12")
    rol = ws.cell(rows["ROL-001"], 12)
    assert rol.value == "000_a618195849f537cf.txt:31"
    assert rol.hyperlink.target == "../000_a618195849f537cf.txt"  # no copy: the input
    assert [ws.cell(rows["TGT-001"], c).value for c in (9, 10, 11, 14, 15)] == \
        ["Indikator", "E12", 12, 84, 85]
    accepted = book["Diterima"]
    assert accepted.cell(2, 3).value == "KLP-003"


def test_summary_counts_by_document_severity_category_and_lists_the_copy(workdir):
    write_report(sample_report(), "xlsx", "temuan.xlsx")
    ws = load_workbook(workdir / "temuan.xlsx")["Ringkasan"]
    rows = [tuple(c for c in row if c is not None) for row in ws.iter_rows(values_only=True)]
    assert ("Dinas Sosial Kab. Contoh · Rencana Aksi · 2024", "Rencana Aksi", 2, 0, 0, 2,
            "rencana.xlsx") in rows
    assert ("Kesalahan", 3) in rows and ("Peringatan", 1) in rows and ("Info", 1) in rows
    assert ("kelengkapan", 1) in rows
    assert ("rencana.xlsx", "temuan.rencana.annotated.xlsx", 2) in rows


def test_annotated_copy_marks_cells_and_leaves_the_original_byte_for_byte(workdir):
    original = workdir / XLSX
    before = sha(original)
    write_report(sample_report(), "xlsx", "temuan.xlsx")
    assert sha(original) == before
    copy = workdir / "temuan.rencana.annotated.xlsx"
    book = load_workbook(copy)
    cell = book["Indikator"]["E12"]
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert cell.comment.text.startswith("[TGT-001 · Kesalahan] Target TW I–IV")
    assert "Seharusnya: 85" in cell.comment.text and "Saran: Sesuaikan" in cell.comment.text
    assert cell.value == 85  # the value itself is untouched
    kept = book["Program_Kegiatan"]["F7"].comment.text
    assert kept.startswith("Catatan perencana: nama dari DPA.")  # a planner's note is kept
    assert "[KLP-001 · Kesalahan]" in kept
    unmarked = book["Indikator"]["E11"]
    assert unmarked.comment is None and unmarked.fill.fill_type is None


def test_annotated_copy_speaks_english_when_asked(workdir):
    write_report(sample_report("en"), "xlsx", "findings.xlsx")
    comment = load_workbook(workdir / "findings.rencana.annotated.xlsx")["Indikator"]["E12"]
    assert "Expected: 85" in comment.comment.text.replace("\n", " ")
    assert "Quarterly targets" in comment.comment.text


def test_annotated_copy_is_not_written_when_the_input_is_missing(workdir):
    (workdir / XLSX).unlink()
    write_report(sample_report(), "xlsx", "temuan.xlsx")
    assert not (workdir / "temuan.rencana.annotated.xlsx").exists()
    rows = list(load_workbook(workdir / "temuan.xlsx")["Ringkasan"].iter_rows(values_only=True))
    assert ("rencana.xlsx", "tidak dibuat: berkas masukan tidak ditemukan", 0) in \
        [r[:3] for r in rows]


def test_a_finding_in_a_merged_range_marks_its_top_left_cell(workdir):
    report = sample_report()
    first = report.findings[0]
    report.findings = [first.model_copy(update={"location": first.location.model_copy(
        update={"row": 20, "column": "D"})})]
    write_report(report, "xlsx", "temuan.xlsx")
    ws = load_workbook(workdir / "temuan.rencana.annotated.xlsx")["Indikator"]
    assert ws["C20"].comment is not None and "TGT-001" in ws["C20"].comment.text


def test_text_from_a_document_is_never_written_as_a_formula(workdir):
    write_report(hostile_report(), "xlsx", "temuan.xlsx")
    with zipfile.ZipFile(workdir / "temuan.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name), name
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    assert "=HYPERLINK(" in strings and "@SUM(A1)" in strings and "-1+2" in strings
    ws = load_workbook(workdir / "temuan.xlsx")["Temuan"]
    row = [c for c in ws[2]]
    by_value = {c.value: c for c in row if isinstance(c.value, str)}
    for cell in row:
        if isinstance(cell.value, str) and risky(cell.value):
            assert cell.data_type == "s", cell.coordinate
            assert cell.quotePrefix, cell.coordinate  # Excel keeps it text even when edited
    assert "-1+2" in by_value and "@SUM(A1)" in by_value and "+62 811" in by_value
    message = next(c for v, c in by_value.items() if v.startswith('=HYPERLINK("http'))
    assert message.quotePrefix and message.data_type == "s"


def test_risky_prefixes_and_sheet_references():
    for text in ("=1+1", "+1", "-1", "@x", "\tx", "\rx"):
        assert risky(text)
    assert not risky("Rp 1.000") and not risky("1.06.02")
    assert sheet_ref("Indikator", "E12") == "Indikator!E12"
    assert sheet_ref("RENCANA AKSI", "J31") == "'RENCANA AKSI'!J31"
    assert sheet_ref("Dinas's", "A1") == "'Dinas''s'!A1"


def test_copies_of_two_inputs_with_one_name_do_not_overwrite_each_other():
    taken: set[str] = set()
    assert annotated_name("out/laporan.xlsx", "a/rencana.xlsx", taken) == \
        "laporan.rencana.annotated.xlsx"
    assert annotated_name("out/laporan.xlsx", "b/rencana.xlsx", taken) == \
        "laporan.rencana-2.annotated.xlsx"


def test_a_copy_left_from_an_earlier_run_goes_when_the_input_is_clean(workdir):
    write_report(sample_report(), "xlsx", "temuan.xlsx")
    copy = workdir / "temuan.rencana.annotated.xlsx"
    assert copy.exists()
    clean = sample_report()
    clean.findings = [f for f in clean.findings if f.location.file != XLSX]
    write_report(clean, "xlsx", "temuan.xlsx")
    assert not copy.exists()
    assert (workdir / XLSX).exists()


def test_sources_read_a_workbook_stored_under_another_name(workdir):
    """A web upload: the report names 'rencana.xlsx', the server stored 'berkas-1.xlsx'."""
    stored = workdir / "simpan" / "berkas-1.xlsx"
    stored.parent.mkdir()
    (workdir / XLSX).rename(stored)
    write_report(sample_report(), "xlsx", "keluaran/temuan.xlsx",
                 sources={XLSX: "simpan/berkas-1.xlsx"})
    out = workdir / "keluaran"
    assert sorted(p.name for p in out.iterdir()) == ["temuan.berkas-1.annotated.xlsx",
                                                     "temuan.xlsx"]
    copy = load_workbook(out / "temuan.berkas-1.annotated.xlsx")
    assert copy["Indikator"]["E12"].comment.text.startswith("[TGT-001 · Kesalahan]")
    ws = load_workbook(out / "temuan.xlsx")["Temuan"]
    links = {ws.cell(r, 12).value: ws.cell(r, 12).hyperlink for r in range(2, 7)}
    link = links["[rencana.xlsx]Indikator!E12"]
    assert (link.target, link.location) == ("rencana.xlsx", "Indikator!E12")
