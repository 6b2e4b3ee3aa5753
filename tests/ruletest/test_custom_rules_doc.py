"""docs/custom-rules.md runs as written: skeleton, rule, fixture, a pass, a break, a diff."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from tests.conftest import REPO

DOC = (REPO / "docs" / "custom-rules.md").read_text(encoding="utf-8")
BROKEN = ('check eselon = "IV"', 'check eselon = "III"')


def block(name: str) -> str:
    found = re.search(rf"<!-- contoh: {name} -->\n```[a-z]*\n(.*?)```", DOC, flags=re.S)
    assert found, name
    return found.group(1)


def session(text: str) -> tuple[list[str], str]:
    """The command of a ``$ sakip-check …`` block and the output shown under it."""
    first, _, output = text.partition("\n")
    assert first.startswith("$ sakip-check ")
    return shlex.split(first[2:])[1:], output


def run_shown(text: str, exit_code: int) -> None:
    args, shown = session(text)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == exit_code, result.output
    assert result.stdout == shown


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_documented_session_runs_as_shown(project):
    new_block = re.search(r"```\n(\$ sakip-check rules new .*?)```", DOC, flags=re.S)
    assert new_block
    run_shown(new_block.group(1), 0)
    rule, fixture = project / "aturan" / "LOK-001.rules", project / "aturan" / "LOK-001.yaml"
    assert rule.is_file() and fixture.is_file()
    # the reader edits the skeleton into the documented rule and fixture
    rule.write_text(block("aturan"), encoding="utf-8")
    fixture.write_text(block("fixture"), encoding="utf-8")
    run_shown(block("lulus"), 0)
    assert all(f"`{text}`" in DOC for text in BROKEN)
    rule.write_text(block("aturan").replace(*BROKEN), encoding="utf-8")
    run_shown(block("gagal"), 1)
    assert "+ LOK-001  Program_Kegiatan!G3" in block("gagal")
    assert "- LOK-001  Program_Kegiatan!G3" in block("gagal")


def test_the_documented_rule_passes_strict_and_checks_plans(project):
    (project / "aturan").mkdir()
    (project / "aturan" / "LOK-001.rules").write_text(block("aturan"), encoding="utf-8")
    (project / "aturan" / "LOK-001.yaml").write_text(block("fixture"), encoding="utf-8")
    assert CliRunner().invoke(main, ["test", "aturan", "--strict"]).exit_code == 0
    explained = CliRunner().invoke(main, ["rules", "--rules", "aturan", "explain", "LOK-001"])
    assert explained.exit_code == 0 and "Dasar hukum" in explained.stdout


def test_the_ci_examples_run_the_rule_tests():
    ci = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "run: sakip-check test aturan --strict" in ci
    assert "run: sakip-check test aturan --strict" in DOC
    assert "- id: sakip-check-test" in DOC and "- id: sakip-check-test" in ci
