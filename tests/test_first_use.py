"""What a first-time user tripped over (issue 15): lost work, duplicated documents, errors
mixed into reports, English leaking into an Indonesian tool.

Every test here failed before its fix.
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from checker.cli.main import main
from tests.conftest import REPO

CLEAN = REPO / "sample_plans" / "bersih_rencana_aksi_2025.xlsx"
SEED_000 = REPO / "tests" / "data" / "seeds" / "000_a618195849f537cf.txt"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env,
                              prog_name="sakip-check")


# --------------------------------------------------------------------------- 1: no lost work
def test_template_refuses_an_existing_workbook_unless_forced(tmp_path: Path):
    target = tmp_path / "rencana.xlsx"
    target.write_bytes(b"a planner's filled workbook")
    result = run("template", str(target))
    assert result.exit_code == 2
    assert str(target) in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"a planner's filled workbook"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left either

    forced = run("template", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes()[:2] == b"PK"  # a real workbook now


def test_import_refuses_an_existing_workbook_unless_forced(tmp_path: Path):
    target = tmp_path / "rencana.xlsx"
    target.write_bytes(b"kept")
    result = run("import", str(SEED_000), "-o", str(target), "--lang", "en")
    assert result.exit_code == 2
    assert str(target) in result.stderr and "--force" in result.stderr
    assert "already exists" in result.stderr
    assert target.read_bytes() == b"kept"

    forced = run("import", str(SEED_000), "-o", str(target), "-f")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes()[:2] == b"PK"


def test_template_with_a_wrong_suffix_is_a_message_not_a_traceback(tmp_path: Path):
    result = CliRunner().invoke(main, ["template", str(tmp_path / "rencana.txt")])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "rencana.txt" in result.stderr


# --------------------------------------------------------------------------- 2: one file once
def test_the_same_file_given_twice_is_one_document(tmp_path: Path):
    import json

    plans = tmp_path / "plans"
    plans.mkdir()
    plan = plans / "rencana.xlsx"
    plan.write_bytes(CLEAN.read_bytes())
    (tmp_path / "link.xlsx").symlink_to(plan)
    result = run("check", str(plan), str(plan), str(plans), str(tmp_path / "link.xlsx"),
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["path"] for d in data["documents"]] == [str(plan)]


# --------------------------------------------------------------------------- 3: errors apart
AGENCY_000 = REPO / "sample_plans" / "agency" / "000_a618195849f537cf_agency.xlsx"


def test_input_errors_go_to_stderr_and_nothing_read_prints_no_empty_report(tmp_path: Path):
    missing = str(tmp_path / "tidak_ada.xlsx")
    result = run("check", missing)
    assert result.exit_code == 2
    assert result.stdout == ""  # no empty summary, no "0 dokumen, 0 temuan"
    assert missing in result.stderr

    out = tmp_path / "laporan.txt"
    result = run("check", missing, "-o", str(out))
    assert result.exit_code == 2 and not out.exists()

    # A format that holds the errors (a CI job reads them from the JSON) is still written.
    result = run("check", missing, "--format", "json")
    assert result.exit_code == 2 and '"errors"' in result.stdout


def test_with_one_good_input_the_report_is_findings_only(tmp_path: Path):
    missing = str(tmp_path / "tidak_ada.xlsx")
    result = run("check", missing, str(CLEAN))
    assert result.exit_code == 2
    assert missing not in result.stdout and missing in result.stderr
    assert "1 dokumen" in result.stdout
    assert "1 masukan tidak dapat dibaca" in result.stdout


def test_output_file_is_announced_on_a_terminal_with_its_annotated_copies(
        tmp_path: Path, monkeypatch):
    import checker.cli.output as output

    plan = tmp_path / "rencana.xlsx"
    plan.write_bytes(AGENCY_000.read_bytes())
    report = tmp_path / "hasil" / "temuan.xlsx"
    quiet = run("check", str(plan), "--format", "xlsx", "-o", str(report))
    assert quiet.exit_code == 1 and quiet.stderr == ""  # a CI log: nothing to say

    monkeypatch.setattr(output, "stderr_is_terminal", lambda: True)
    told = run("check", str(plan), "--format", "xlsx", "-o", str(report), "--force")
    copy = report.parent / "temuan.rencana.annotated.xlsx"
    assert told.exit_code == 1 and copy.is_file()
    assert told.stderr.splitlines() == [f"Ditulis: {report}", f"Ditulis: {copy}"]


def test_every_report_file_gets_the_same_permissions(tmp_path: Path):
    from checker.reports.files import report_mode

    plan = tmp_path / "rencana.xlsx"
    plan.write_bytes(AGENCY_000.read_bytes())
    report = tmp_path / "temuan.xlsx"
    run("check", str(plan), "--format", "xlsx", "-o", str(report))
    copy = tmp_path / "temuan.rencana.annotated.xlsx"
    modes = {p.name: p.stat().st_mode & 0o777 for p in (report, copy)}
    assert modes == {report.name: report_mode(), copy.name: report_mode()}


# --------------------------------------------------------------------------- 4: Indonesian
def test_click_speaks_indonesian_in_help_and_errors():
    helped = run("check", "--help")
    assert helped.exit_code == 0
    assert helped.stdout.startswith("Penggunaan: sakip-check check [OPSI] BERKAS...")
    for english in ("Usage:", "Options:", "Show this message", "[OPTIONS]", "TEXT", "FILE"):
        assert english not in helped.stdout, english
    assert "Tampilkan bantuan ini lalu keluar." in helped.stdout
    # the formats are listed, not hidden behind "--format TEXT"
    assert "--format [text|json|xlsx|html|md|sarif|junit|github]" in helped.stdout

    wrong = run("check", str(CLEAN), "--fromat", "json")
    assert wrong.exit_code == 2
    assert "Kesalahan: Tidak ada opsi '--fromat'. Mungkin maksud Anda '--format'?" in \
        wrong.stderr
    assert "Coba 'sakip-check check --help' untuk bantuan." in wrong.stderr

    unknown = run("check", str(CLEAN), "--format", "pdf")
    assert unknown.exit_code == 2
    assert "'pdf' bukan salah satu dari 'text', 'json'" in unknown.stderr
    assert "Usage" not in run("--help").stdout and "Perintah:" in run("--help").stdout


def test_click_speaks_english_when_asked():
    import os
    import subprocess
    import sys

    env = {**os.environ, "SAKIP_CHECK_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--fromat", "x"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert proc.returncode == 2
    assert "Error: No such option '--fromat'. Did you mean '--format'?" in proc.stderr
    assert proc.stderr.startswith("Usage: python -m checker check [OPTIONS] PATHS...")


def test_severity_labels_read_naturally_in_indonesian():
    result = run("check", str(AGENCY_000))
    out = result.stdout
    assert "Kesalahan" in out.splitlines()[2] and "Peringatan" in out.splitlines()[2]
    assert "KESALAHAN  TGT-001" in out and "PERINGATAN SAT-003" in out
    assert "WARNING" not in out and "ERROR" not in out and " error," not in out
    assert "1 kesalahan, 5 peringatan" in out
    english = run("check", str(AGENCY_000), "--lang", "en").stdout
    assert "ERROR   TGT-001" in english and "WARNING SAT-003" in english


# --------------------------------------------------------------------------- 7: links open
def test_findings_workbook_links_open_the_annotated_copy_where_the_report_is(tmp_path: Path):
    import shutil

    from openpyxl import load_workbook

    inputs = tmp_path / "masukan"
    inputs.mkdir()
    plan = inputs / "rencana.xlsx"
    plan.write_bytes(AGENCY_000.read_bytes())
    text = inputs / "lkjip.txt"
    shutil.copy(REPO / "tests" / "data" / "seeds" / "004_a30a70c4cd2935b3.txt", text)
    report = tmp_path / "hasil" / "temuan.xlsx"
    result = run("check", str(plan), str(text), "--format", "xlsx", "-o", str(report))
    assert result.exit_code == 1, result.output

    ws = load_workbook(report)["Temuan"]
    links = {ws.cell(r, 3).value + "@" + (ws.cell(r, 10).value or ""): ws.cell(r, 12)
             for r in range(2, ws.max_row + 1)}
    tgt = links["TGT-001@E43"]
    assert tgt.hyperlink.target == "temuan.rencana.annotated.xlsx"  # beside the report
    assert tgt.hyperlink.location == "'Renaksi Es II-III'!E43"
    assert (report.parent / tgt.hyperlink.target).is_file()
    for cell in links.values():
        target = cell.hyperlink.target
        assert "\\" not in target, target  # a Windows path opens nowhere else
        assert (report.parent / target).resolve() in {
            (report.parent / "temuan.rencana.annotated.xlsx").resolve(), text.resolve()}
    # the whole folder moved elsewhere: the links still open
    moved = tmp_path / "di_tempat_lain"
    shutil.copytree(report.parent, moved)
    assert (moved / tgt.hyperlink.target).is_file()


# --------------------------------------------------------------------------- 5: words
SEED_004 = REPO / "tests" / "data" / "seeds" / "004_a30a70c4cd2935b3.txt"


def test_documents_are_named_by_agency_kind_and_year():
    out = run("check", str(SEED_004)).stdout
    assert "#lkjip" not in out and "004_a30a70c4cd2935b3#" not in out
    assert "Dinas Sosial Kab. Lampung Barat · LKjIP Tabel 4.8 · 2024" in out
    heading = next(line for line in out.splitlines() if "PK Perubahan · 2024 (" in line)
    assert heading.startswith("Dinas Sosial Kab. Lampung Barat · PK Perubahan · 2024 (")
    assert "004_a30a70c4cd2935b3.txt) ──" in heading
    english = run("check", str(SEED_004), "--lang", "en").stdout
    assert "Dinas Sosial Kab. Lampung Barat · LKjIP Table 4.8 · 2024" in english


def test_levels_in_words_and_the_official_name_once():
    import json

    data = json.loads(run("check", str(SEED_004), str(AGENCY_000), "--format", "json").stdout)
    texts = [f["message"] + " " + (f["suggestion"] or "") for f in data["findings"]]
    assert not any("sub_kegiatan" in text for text in texts)
    nom = [f for f in data["findings"] if f["code"] == "NOM-003"]
    assert nom
    for f in nom:
        assert f["expected"] not in f["message"] + (f["suggestion"] or "")  # once: expected
    assert any(f["message"].startswith("Sub kegiatan \"") for f in nom)


def test_a_missing_value_is_named_by_its_cell_where_the_table_shows_the_column():
    """Seed 004's rencana aksi has sub kegiatan without a penanggung jawab: the finding
    names the empty cell (the column the other rows of that table hold it in), not just
    "baris N"."""
    import json

    data = json.loads(run("check", str(SEED_004), "--format", "json").stdout)
    cells = {f["row"]: f["cell"] for f in data["findings"] if f["code"] == "KLP-005"}
    # rows laid out like the rest of the table: the empty cell in the column the others
    # hold their penanggung jawab in (L; line 1136 of the seed ends at K)
    assert {row: cell for row, cell in cells.items() if row >= 1136} == {
        row: f"L{row}" for row in (1136, 1140, 1144, 1148, 1152, 1156)}
    # rows whose cells shifted in the OCR (line 1103 holds 15,700,000 in L): no guessed
    # column, but still a cell: the sub kegiatan's name, the item that lacks the value
    assert cells[1103] == "E1103" and cells[1107] == "E1107"


def test_inferred_cell_only_for_rows_laid_out_like_their_table():
    from checker.model.cells import cell_texts
    from checker.model.frames import to_frames
    from checker.model.location import Location
    from checker.model.plan import Document, Item

    def item(row: int, **cells: str) -> Item:
        it = Item(id=f"S{row}", level="sub_kegiatan", nama=f"n{row}", anggaran=1,
                  penanggung_jawab="Kasi" if "penanggung_jawab" in cells else None,
                  file="r.txt", table="T", row=row)
        for name, column in cells.items():
            it.locate(name, Location(file="r.txt", table="T", row=row, column=column))
        return it

    full = {"nama": "B", "anggaran": "C", "penanggung_jawab": "D"}
    doc = Document(id="D", jenis="rencana_aksi", path="r.txt", items=[
        item(2, **full), item(3, **full), item(4, nama="B", anggaran="C"),
        item(5, nama="B", anggaran="E")])  # row 5 shifted: its budget is not in C
    frame = to_frames([doc])["item"]
    cells = dict(zip(frame["_row"], cell_texts(frame, "penanggung_jawab"), strict=True))
    assert cells[4] == "D4"
    assert cells[5] is None


def test_an_existing_report_file_is_kept_unless_forced(tmp_path: Path):
    report = tmp_path / "temuan.json"
    report.write_text("pekerjaan orang lain")
    kept = run("check", str(CLEAN), "--format", "json", "-o", str(report))
    assert kept.exit_code == 2 and "--force" in kept.stderr
    assert report.read_text() == "pekerjaan orang lain"  # checked before any reading
    forced = run("check", str(CLEAN), "--format", "json", "-o", str(report), "--force")
    assert forced.exit_code == 0 and report.read_text().startswith("{")
    assert run("check", str(CLEAN), "--format", "json", "-o", os.devnull).exit_code == 0
