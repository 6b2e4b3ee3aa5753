"""``sakip-check test``: each case passed or failed with its diff; coverage; exit codes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from tests.ruletest.test_fixture_errors import GOOD_CASE, RULE, folder

FAILING = """  - name: nol
    items:
      - {id: S1, level: sub_kegiatan, nama: A, anggaran: 0}
    expect_at: [[Program_Kegiatan, 2, J, LOK-001]]
    values: [[0, 0]]
"""


def run(*args: str):
    return CliRunner().invoke(main, ["test", *args])


def test_passing_cases_exit_0_one_line_each(tmp_path):
    result = run(folder(tmp_path, "rule: LOK-001\ncases:\n" + GOOD_CASE + FAILING))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "lulus  LOK-001 › positif",
        "lulus  LOK-001 › nol",
        "2 lulus, 0 gagal dari 2 kasus; 1 aturan diuji; 0 aturan dengan celah cakupan.",
    ]


def test_a_finding_in_another_cell_fails_with_both_sides_of_the_diff(tmp_path):
    wrong = FAILING.replace("2, J, LOK-001]", "2, K, LOK-001]")
    result = run(folder(tmp_path, "rule: LOK-001\ncases:\n" + GOOD_CASE + wrong))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:6] == [
        "GAGAL  LOK-001 › nol",
        f"       {tmp_path / 'LOK-001.yaml'}:7:5",
        "       - LOK-001  Program_Kegiatan!K2  tertulis 0 · seharusnya 0",
        "       + LOK-001  Program_Kegiatan!J2  tertulis 0 · seharusnya 0",
        "           Pagu A Rp 0.",  # what the rule said about the unexpected finding
    ]
    assert result.stdout.splitlines()[-1].startswith("1 lulus, 1 gagal dari 2 kasus")


def test_wrong_values_and_unexpected_findings_show_in_the_diff(tmp_path):
    wrong = FAILING.replace("values: [[0, 0]]", "values: [[1, 0]]")
    silent = GOOD_CASE.replace("anggaran: 5", "anggaran: -3")
    result = run(folder(tmp_path, "rule: LOK-001\ncases:\n" + silent + wrong), "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "       + LOK-001  Program_Kegiatan!J2  actual -3 · expected 0" in lines
    assert "       - LOK-001  Program_Kegiatan!J2  actual 1 · expected 0" in lines
    assert "       + LOK-001  Program_Kegiatan!J2  actual 0 · expected 0" in lines
    assert lines[-1] == "0 passed, 2 failed of 2 cases; 1 rules tested; 0 rules with coverage gaps."


def test_matching_findings_are_shown_as_context_in_a_failing_case(tmp_path):
    rows = ("  - name: dua baris\n    items:\n"
            "      - {id: S1, level: sub_kegiatan, nama: A, anggaran: 0}\n"
            "      - {id: S2, level: sub_kegiatan, nama: B, anggaran: 0}\n"
            "    expect_at: [[Program_Kegiatan, 2, J, LOK-001]]\n")
    result = run(folder(tmp_path, "rule: LOK-001\ncases:\n" + GOOD_CASE + rows))
    assert "         LOK-001  Program_Kegiatan!J2  tertulis 0 · seharusnya 0" in result.stdout
    assert "       + LOK-001  Program_Kegiatan!J3  tertulis 0 · seharusnya 0" in result.stdout


@pytest.mark.parametrize(("cases", "missing"), [
    (GOOD_CASE, "belum ada kasus gagal"),
    (FAILING, "belum ada kasus lulus"),
])
def test_a_rule_lacking_a_kind_of_case_warns_and_strict_fails(tmp_path, cases, missing):
    path = folder(tmp_path, "rule: LOK-001\ncases:\n" + cases)
    result = run(path)
    assert result.exit_code == 0
    warning = f"PERINGATAN  {tmp_path / 'LOK-001.rules'}:1:6: LOK-001: {missing}"
    assert warning in result.stdout
    strict = run(path, "--strict")
    assert strict.exit_code == 1
    assert warning.replace("PERINGATAN", "GALAT") in strict.stdout


def test_a_rule_without_fixture_warns(tmp_path):
    (tmp_path / "LOK-001.rules").write_text(RULE, encoding="utf-8")
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert "LOK-001: belum ada fixture; tulis kasus ujinya dalam LOK-001.yaml" in result.stdout
    assert run(str(tmp_path), "--strict").exit_code == 1


def test_a_rule_file_finds_its_fixture_beside_it_and_a_fixture_its_rule(tmp_path):
    folder(tmp_path, "rule: LOK-001\ncases:\n" + GOOD_CASE + FAILING)
    other = RULE.replace("LOK-001", "LOK-002")
    (tmp_path / "lain.rules").write_text(other, encoding="utf-8")
    by_rule = run(str(tmp_path / "LOK-001.rules"), "--strict")
    assert by_rule.exit_code == 0, by_rule.output  # LOK-002 is not under test
    assert "1 aturan diuji" in by_rule.stdout
    by_fixture = run(str(tmp_path / "LOK-001.yaml"))
    assert by_fixture.exit_code == 0 and "2 lulus" in by_fixture.stdout
    by_folder = run(str(tmp_path), "--strict")
    assert by_folder.exit_code == 1 and "LOK-002: belum ada fixture" in by_folder.stdout


def test_hidden_folders_are_not_read(tmp_path):
    folder(tmp_path, "rule: LOK-001\ncases:\n" + GOOD_CASE + FAILING)
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    assert run(str(tmp_path)).exit_code == 0


def test_a_builtin_fixture_runs_on_its_own():
    from tests.conftest import REPO

    result = run(str(REPO / "rules" / "fixtures" / "AGT-001.yaml"))
    assert result.exit_code == 0, result.output
    assert "3 lulus, 0 gagal dari 3 kasus; 0 aturan diuji" in result.stdout
