"""Configuration, suppressions and baseline, through the ``check`` and ``config`` commands.

The plan is built in code and handed to the CLI in place of an importer, so these tests
depend on the rules (``TGT-001`` and the ``SUP`` codes) and not on any file layout.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import collect as collect_module
from checker.cli.main import main
from checker.config.settings import find_config, load_file, resolve
from checker.config.suppressions import Suppression, apply_suppressions, parse_entry
from checker.engine.run import Engine
from checker.model.errors import InputError
from tests.conftest import make_document

SELECT = ("--select", "TGT-001,SUP-*")
PERMAKANAN = "1.06.02.2.01.0001"


def plan(inserted: bool = False, second_bad: bool = False):
    """A rencana aksi whose Permakanan targets add up to 84 against 85 (TGT-001)."""
    items = [{"id": "S1", "level": "sub_kegiatan", "kode": PERMAKANAN,
              "nama": "Penyediaan Permakanan"},
             {"id": "S2", "level": "sub_kegiatan", "kode": "1.06.02.2.01.0002",
              "nama": "Penyediaan Sandang"}]
    quarter = {"satuan": "Orang", "mode": "periodik"}
    indicators = [
        {"item": "S1", "uraian": "Jumlah penerima permakanan", "target": 85,
         "target_tw1": 21, "target_tw2": 21, "target_tw3": 21, "target_tw4": 21, **quarter},
        {"item": "S2", "uraian": "Jumlah penerima sandang", "target": 100,
         "target_tw1": 25, "target_tw2": 25, "target_tw3": 25,
         "target_tw4": 24 if second_bad else 25, **quarter},
    ]
    if inserted:  # a new row above both: every row number moves down by one
        items.insert(0, {"id": "S0", "level": "sub_kegiatan", "kode": "1.06.02.2.01.0009",
                         "nama": "Penyediaan Alat Bantu"})
        indicators.insert(0, {"item": "S0", "uraian": "Jumlah alat bantu", "target": 4,
                              "target_tw1": 1, "target_tw2": 1, "target_tw3": 1,
                              "target_tw4": 1, **quarter})
    return make_document(items, indicators, doc_id="RA-2024", file="rencana.xlsx")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A plan folder in a project; ``state`` chooses which version of the plan is read."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAKIP_CHECK_TODAY", "2025-06-30")
    monkeypatch.delenv("SAKIP_CHECK_LANG", raising=False)
    (tmp_path / "rencana").mkdir()
    (tmp_path / "rencana" / "rencana.xlsx").write_bytes(b"")
    state = {"inserted": False, "second_bad": False}
    monkeypatch.setattr(collect_module, "load", lambda path: [plan(**state)])
    # ``check`` reads through load_plan (rows as frames where the reader can): not here
    monkeypatch.setattr(collect_module, "load_plan", lambda path: ([plan(**state)], None))
    return tmp_path, state


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def findings_of(result) -> tuple[list[str], list[str]]:
    data = json.loads(result.output)
    return ([f"{f['code']}@{f['cell'] or f['row']}" for f in data["findings"]],
            [f"{f['code']}@{f['cell'] or f['row']}" for f in data["suppressed"]])


SUPPRESS = '''
[[suppress]]
rule = "TGT-001"
kind = "rencana_aksi"
kode = "{kode}"
reason = "Target TW IV disepakati ditambah 1 orang pada PK Perubahan"
accepted_by = "Inspektur Pembantu II"
expires = {expires}
'''


# ---------------------------------------------------------------------- finding the file
def test_config_is_found_walking_up_from_the_checked_files(tmp_path, monkeypatch):
    (tmp_path / "a" / "b").mkdir(parents=True)
    plan_file = tmp_path / "a" / "b" / "rencana.xlsx"
    plan_file.write_bytes(b"")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config([str(plan_file)], cwd=tmp_path / "a") is None
    (tmp_path / "pyproject.toml").write_text("[tool.sakip-check]\nlang = 'en'\n",
                                             encoding="utf-8")
    assert find_config([str(plan_file)], cwd=tmp_path) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "sakip-check.toml").write_text("lang = 'id'\n", encoding="utf-8")
    assert find_config([str(plan_file)], cwd=tmp_path) == tmp_path / "a" / "sakip-check.toml"
    elsewhere = tmp_path.parent / f"{tmp_path.name}-lain"
    elsewhere.mkdir()
    (elsewhere / "sakip-check.toml").write_text("", encoding="utf-8")
    assert find_config([str(plan_file)], cwd=elsewhere) == tmp_path / "a" / "sakip-check.toml"
    assert find_config([], cwd=elsewhere) == elsewhere / "sakip-check.toml"


def test_pyproject_table_with_every_key_and_its_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "rencana"\n\n[tool.sakip-check]\nlang = "en"\nformat = "sarif"\n'
        'fail-on = "warning"\nrules = ["aturan"]\nselect = "TGT, ROL-001"\nignore = []\n'
        'suppressions = "penerimaan.toml"\nbaseline = "baseline.json"\n\n'
        '[tool.sakip-check.severity]\nTGT-001 = "warning"\n\n'
        '[tool.sakip-check.tolerances]\nTGT-001 = "0.5%"\nROL-001 = 1000\n', encoding="utf-8")
    settings = load_file(tmp_path / "pyproject.toml")
    assert (settings.lang, settings.format, settings.fail_on) == ("en", "sarif", "warning")
    assert settings.select == ["TGT", "ROL-001"] and settings.rules == ["aturan"]
    assert settings.severity == {"TGT-001": "warning"}
    assert settings.tolerances == {"TGT-001": "0.5%", "ROL-001": 1000}
    assert (settings.suppressions, settings.baseline) == ("penerimaan.toml", "baseline.json")
    assert settings.sources["fail-on"].describe() == "pyproject.toml:7"
    assert settings.key_sources["severity"]["TGT-001"].describe() == "pyproject.toml:15"


def test_the_command_line_wins_over_the_file_and_the_file_over_defaults(tmp_path):
    (tmp_path / "sakip-check.toml").write_text('fail-on = "warning"\nformat = "md"\n',
                                               encoding="utf-8")
    settings = resolve([str(tmp_path)], None, {"fail-on": "never"}, cwd=tmp_path)
    assert settings.fail_on == "never" and settings.sources["fail-on"].describe() == \
        "opsi --fail-on"
    assert settings.format == "md" and settings.sources["format"].line == 2
    assert settings.lang == "id" and settings.sources["lang"].describe("en") == "default"


@pytest.mark.parametrize(("text", "key", "line", "needle"), [
    ('lang = "id"\nfail_on = "error"\n', "config.unknown_key", 2, "fail-on"),
    ('[severity]\nTGT-001 = "fatal"\n', "config.bad_severity", 2, "fatal"),
    ('select = 3\n', "config.bad_type", 1, "select"),
    ('lang = "fr"\n', "config.bad_type", 1, "lang"),
    ('[tolerances]\nTGT-001 = "setengah"\n', "config.bad_tolerance", 2, "setengah"),
    ('lang = "id"\nfail-on = \n', "config.bad_toml", 2, "TOML"),
    ('[[suppress]]\nrule = "TGT-001"\nreason = "r"\naccepted_by = "a"\nexpires = 2025-01-01\n',
     None, None, None),
])
def test_mistakes_in_the_file_name_the_file_and_line(tmp_path, text, key, line, needle):
    path = tmp_path / "sakip-check.toml"
    path.write_text(text, encoding="utf-8")
    if key is None:  # valid TOML, but the entry names no item: refused when parsed
        settings = load_file(path)
        with pytest.raises(InputError) as info:
            parse_entry(*settings.suppress[0])
        assert info.value.key == "config.suppress_needs_item"
        assert info.value.location.row == 1
        return
    with pytest.raises(InputError) as info:
        load_file(path)
    assert info.value.key == key
    assert info.value.location.row == line
    assert needle in info.value.render("id")


# --------------------------------------------------------------- check with configuration
def test_severity_override_and_fail_on_from_the_file_and_the_cli_winning(project):
    root, _ = project
    assert run("check", "rencana", *SELECT).exit_code == 1
    (root / "sakip-check.toml").write_text('[severity]\nTGT-001 = "warning"\n',
                                           encoding="utf-8")
    result = run("check", "rencana", *SELECT, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["findings"][0]["severity"] == "warning"
    (root / "sakip-check.toml").write_text(
        '[severity]\nTGT-001 = "warning"\n', encoding="utf-8")
    (root / "sakip-check.toml").write_text('fail-on = "warning"\nformat = "md"\n'
                                           '[severity]\nTGT-001 = "warning"\n',
                                           encoding="utf-8")
    result = run("check", "rencana", *SELECT)
    assert result.exit_code == 1 and result.output.startswith("### Hasil sakip-check")
    assert run("check", "rencana", *SELECT, "--fail-on", "never").exit_code == 0


def test_unknown_rule_in_the_severity_table_stops_the_run(project):
    root, _ = project
    (root / "sakip-check.toml").write_text('\n[severity]\nTGT-01 = "warning"\n',
                                           encoding="utf-8")
    result = run("check", "rencana", *SELECT)
    assert result.exit_code == 2
    assert "sakip-check.toml › baris 3" in result.output and "TGT-01" in result.output


def test_config_command_says_where_every_value_came_from(project):
    root, _ = project
    (root / "sakip-check.toml").write_text('format = "html"\n\n[severity]\nTGT-001 = "info"\n'
                                           + SUPPRESS.format(kode=PERMAKANAN,
                                                             expires="2025-12-31"),
                                           encoding="utf-8")
    result = run("config", "rencana", "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# Konfigurasi: sakip-check.toml"
    assert any(x.startswith('format = "html"') and x.endswith("# sakip-check.toml:1")
               for x in lines)
    assert any(x.startswith('fail-on = "warning"') and x.endswith("# opsi --fail-on")
               for x in lines)
    assert any(x.startswith('lang = "id"') and x.endswith("# bawaan") for x in lines)
    assert any(x.startswith('"TGT-001" = "info"') and x.endswith("# sakip-check.toml:4")
               for x in lines)
    assert any("TGT-001 rencana_aksi kode 1.06.02.2.01.0001 → 2025-12-31" in x
               and x.endswith("# sakip-check.toml:6") for x in lines)


# ------------------------------------------------------------------------- suppressions
def test_a_suppressed_finding_moves_apart_and_stays_suppressed_when_rows_move(project):
    root, state = project
    (root / "sakip-check.toml").write_text(SUPPRESS.format(kode=PERMAKANAN,
                                                           expires="2025-12-31"),
                                           encoding="utf-8")
    result = run("check", "rencana", *SELECT, "--format", "json")
    assert result.exit_code == 0
    assert findings_of(result) == ([], ["TGT-001@E2"])
    state["inserted"] = True  # a row inserted above: the finding is now at E3
    result = run("check", "rencana", *SELECT, "--format", "json")
    assert result.exit_code == 0
    assert findings_of(result) == ([], ["TGT-001@E3"])
    assert json.loads(result.output)["summary"]["suppressed"] == 1


def test_an_expired_entry_no_longer_applies_and_is_reported_with_its_line(project):
    root, _ = project
    (root / "sakip-check.toml").write_text(SUPPRESS.format(kode=PERMAKANAN,
                                                           expires="2025-06-29"),
                                           encoding="utf-8")
    result = run("check", "rencana", *SELECT, "--format", "json")
    assert result.exit_code == 1
    found, accepted = findings_of(result)
    assert found == ["TGT-001@E2", "SUP-001@2"] and accepted == []
    sup = json.loads(result.output)["findings"][1]
    assert (sup["file"], sup["row"], sup["severity"]) == ("sakip-check.toml", 2, "warning")
    assert "berakhir 2025-06-29" in sup["message"]


def test_an_unused_entry_is_reported_as_info_and_can_be_ignored(project):
    root, _ = project
    (root / "sakip-check.toml").write_text(SUPPRESS.format(kode="1.06.02.2.01.0077",
                                                           expires="2025-12-31"),
                                           encoding="utf-8")
    result = run("check", "rencana", *SELECT, "--format", "json")
    found, _ = findings_of(result)
    assert found == ["TGT-001@E2", "SUP-002@2"]
    assert json.loads(result.output)["findings"][1]["severity"] == "info"
    result = run("check", "rencana", "--select", "TGT-001", "--format", "json")
    assert findings_of(result)[0] == ["TGT-001@E2"]


def test_suppressions_from_a_separate_file_and_their_mistakes(project):
    root, _ = project
    (root / "penerimaan.toml").write_text(SUPPRESS.format(kode=PERMAKANAN,
                                                          expires="2025-12-31"),
                                          encoding="utf-8")
    result = run("check", "rencana", *SELECT, "--suppressions", "penerimaan.toml",
                 "--format", "json")
    assert findings_of(result) == ([], ["TGT-001@E2"])
    (root / "penerimaan.toml").write_text(
        SUPPRESS.format(kode=PERMAKANAN, expires="2025-12-31").replace("TGT-001", "TGT-099"),
        encoding="utf-8")
    result = run("check", "rencana", *SELECT, "--suppressions", "penerimaan.toml")
    assert result.exit_code == 2
    assert "penerimaan.toml › baris 2" in result.output and "TGT-099" in result.output


def test_matching_by_name_ignores_case_and_spacing_but_not_the_kind(registry):
    doc = plan()
    findings = Engine(registry, [registry.get("TGT-001")]).run([doc]).findings
    source = parse_entry({"rule": "tgt-001", "nama": " penyediaan  PERMAKANAN ",
                          "reason": "r", "accepted_by": "a", "expires": "2025-12-31"},
                         _source())
    applied = apply_suppressions(findings, [source], {"RA-2024": "rencana_aksi"},
                                 dt.date(2025, 1, 1), {})
    assert [f.code for f in applied.suppressed] == ["TGT-001"] and not applied.kept
    other_kind = Suppression(**{**source.__dict__, "kind": "pk"})
    applied = apply_suppressions(findings, [other_kind], {"RA-2024": "rencana_aksi"},
                                 dt.date(2025, 1, 1), {})
    assert not applied.suppressed and len(applied.kept) == 1


def _source():
    from checker.config.settings import Source

    return Source("file", "sakip-check.toml", 3)


# ----------------------------------------------------------------------------- baseline
def test_baseline_reports_only_new_findings_and_survives_inserted_rows(project):
    root, state = project
    result = run("check", "rencana", *SELECT, "--write-baseline", "baseline.json",
                 "--format", "json")
    assert result.exit_code == 0  # everything found today is now known
    assert findings_of(result) == ([], ["TGT-001@E2"])
    recorded = json.loads((root / "baseline.json").read_text(encoding="utf-8"))
    assert recorded == {"schema": "sakip-check/baseline/v1", "entries": [
        {"code": "TGT-001", "kind": "rencana_aksi", "level": "sub_kegiatan",
         "key": f"kode:{PERMAKANAN}", "count": 1}]}
    state["inserted"] = True
    result = run("check", "rencana", *SELECT, "--baseline", "baseline.json",
                 "--format", "json")
    assert result.exit_code == 0 and findings_of(result) == ([], ["TGT-001@E3"])
    state["second_bad"] = True  # a new problem: only it is reported, and it fails
    result = run("check", "rencana", *SELECT, "--baseline", "baseline.json",
                 "--format", "json")
    assert result.exit_code == 1
    assert findings_of(result) == (["TGT-001@E4"], ["TGT-001@E3"])


def test_baseline_bytes_are_stable_and_a_missing_baseline_is_an_input_error(project):
    root, _ = project
    run("check", "rencana", *SELECT, "--write-baseline", "satu.json")
    run("check", "rencana", *SELECT, "--write-baseline", "dua.json")
    assert (root / "satu.json").read_bytes() == (root / "dua.json").read_bytes()
    result = run("check", "rencana", *SELECT, "--baseline", "tidak-ada.json")
    assert result.exit_code == 2 and "tidak-ada.json" in result.output


def test_baseline_from_the_configuration_file(project):
    root, state = project
    run("check", "rencana", *SELECT, "--write-baseline", "baseline.json")
    (root / "sakip-check.toml").write_text('baseline = "baseline.json"\n', encoding="utf-8")
    assert run("check", "rencana", *SELECT).exit_code == 0
    state["second_bad"] = True
    assert run("check", "rencana", *SELECT).exit_code == 1
