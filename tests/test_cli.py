"""The command as a user runs it: exit codes, formats, and clear answers to mistakes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from tests.conftest import REPO

SAMPLES = REPO / "sample_plans"
CLEAN = SAMPLES / "bersih_rencana_aksi_2025.xlsx"
LOMBOK = SAMPLES / "agency" / "000_a618195849f537cf_agency.xlsx"  # seed 000, as kept


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_help_and_rules_list():
    assert run("--help").exit_code == 0
    result = run("rules")
    assert result.exit_code == 0
    codes = [line.split()[0] for line in result.output.splitlines() if "-" in line[:8]]
    assert {"TGT-001", "AGT-001", "ROL-001", "KLP-001", "REA-001"} <= set(codes)


@pytest.mark.parametrize("code", ["TGT-001", "AGT-001", "ROL-001", "KLP-001", "REA-002"])
def test_rules_explain_shows_all_five_sections(code):
    out = run("rules", "explain", code).output
    for heading in ("Apa yang diperiksa", "Mengapa penting", "Contoh yang salah",
                    "Perbaikan", "Dasar hukum"):
        assert f"## {heading}" in out
    assert "(belum ditulis)" not in out


def test_unknown_rule_code_exits_2():
    result = run("rules", "explain", "XXX-999")
    assert result.exit_code == 2


def test_rule_file_with_syntax_error_exits_2_with_location(tmp_path):
    bad = tmp_path / "salah.rules"
    bad.write_text('rule ABC-001 {\n  title: "x"\n  categroy: kode\n}\n', encoding="utf-8")
    result = run("check", str(CLEAN), "--rules", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:3:3:" in result.output
    assert "Traceback" not in result.output


def test_rule_file_with_unknown_field_exits_2(tmp_path):
    bad = tmp_path / "salah.rules"
    bad.write_text('rule ABC-001 {\n  title: "x"\n  category: kode\n  severity: error\n'
                   '  for item\n  check anggaraan > 0\n  message: "m"\n}\n', encoding="utf-8")
    result = run("check", str(CLEAN), "--rules", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:6:9:" in result.output and "anggaran" in result.output


def test_missing_path_exits_2_and_names_it(tmp_path):
    result = run("check", str(tmp_path / "tidak_ada.xlsx"))
    assert result.exit_code == 2
    assert "tidak_ada.xlsx" in result.output


def test_unknown_format_and_selector_exit_2():
    assert run("check", str(CLEAN), "--format", "pdf").exit_code == 2
    assert run("check", str(CLEAN), "--select", "BUKAN-ATURAN").exit_code == 2


@pytest.mark.skipif(not CLEAN.exists(), reason="sample plans not built")
def test_clean_sample_plan_has_no_finding():
    result = run("check", str(CLEAN))
    assert result.exit_code == 0, result.output
    data = json.loads(run("check", str(CLEAN), "--format", "json").output)
    assert data["findings"] == []


def test_lombok_timur_sample_has_the_84_vs_85_finding_with_its_cell():
    result = run("check", str(LOMBOK), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["schema"] == "sakip-check/findings/v1"
    assert set(data) >= {"schema", "tool", "documents", "findings", "summary"}
    hits = [f for f in data["findings"] if f["code"] == "TGT-001"
            and f["actual"] == 85 and f["expected"] == 84]
    assert len(hits) == 1
    hit = hits[0]
    assert hit["table"] == "Renaksi Es II-III" and hit["cell"] == "E43"
    assert "Pengembangan Potensi Sumber Kesejahteraan Sosial" in hit["item"]["nama"]
    for f in data["findings"]:
        assert set(f) >= {"code", "category", "severity", "message", "document", "table",
                          "row", "column", "cell", "item", "actual", "expected",
                          "suggestion"}


def test_same_input_same_bytes_and_english_messages(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    run("check", str(SAMPLES), "--format", "json", "-o", str(a))
    run("check", str(SAMPLES), "--format", "json", "-o", str(b))
    assert a.read_bytes() == b.read_bytes()
    english = run("check", str(LOMBOK), "--lang", "en").output
    assert "add up to" in english


def test_refuses_to_write_report_over_an_input(tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(CLEAN.read_bytes())
    result = run("check", str(plan), "-o", str(plan))
    assert result.exit_code == 2
    assert plan.read_bytes() == CLEAN.read_bytes()


def test_a_folder_walk_skips_hidden_and_tool_folders(tmp_path):
    plan = tmp_path / "plans"
    (plan / ".venv" / "lib").mkdir(parents=True)
    (plan / ".venv" / "lib" / "LICENSE.txt").write_text("MIT License\n", encoding="utf-8")
    (plan / "node_modules").mkdir()
    (plan / "node_modules" / "notes.txt").write_text("x\n", encoding="utf-8")
    (plan / "rencana.xlsx").write_bytes(CLEAN.read_bytes())
    result = run("check", str(plan))
    assert result.exit_code == 0, result.output
    assert "LICENSE" not in result.output and "notes.txt" not in result.output
