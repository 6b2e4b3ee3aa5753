"""``sakip-check rules new``: a working skeleton and its fixture, never over a file."""

from __future__ import annotations

import ast as python_ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.dsl.ast import DOC_SECTIONS
from checker.dsl.registry import load_registry
from tests.conftest import REPO


def new(*args: str):
    return CliRunner().invoke(main, ["rules", "new", *args])


@pytest.mark.parametrize("category", ["kelengkapan", "capaian"])  # item and indicator
def test_the_skeleton_runs_documented_and_its_cases_pass_strict(tmp_path, category):
    rule = tmp_path / "aturan" / "LOK-001.rules"
    result = new("LOK-001", "--category", category, "-o", str(rule))
    assert result.exit_code == 0, result.output
    fixture = tmp_path / "aturan" / "LOK-001.yaml"
    assert fixture.is_file()
    assert str(fixture) in result.stdout
    (loaded,) = [r for r in load_registry([rule]).ordered() if r.code == "LOK-001"]
    assert loaded.category == category
    assert list(loaded.doc_sections("id")) == list(DOC_SECTIONS)
    assert all(loaded.doc_sections("id").values())
    tested = CliRunner().invoke(main, ["test", str(tmp_path / "aturan"), "--strict"])
    assert tested.exit_code == 0, tested.output
    assert "2 lulus, 0 gagal dari 2 kasus; 1 aturan diuji; 0 aturan" in tested.stdout
    explained = CliRunner().invoke(main, ["rules", "--rules", str(rule), "explain", "LOK-001"])
    assert explained.exit_code == 0 and "Mengapa penting" in explained.stdout


@pytest.mark.parametrize("existing", ["LOK-001.rules", "LOK-001.yaml"])
def test_refuses_to_overwrite_either_file_and_writes_nothing(tmp_path, existing):
    (tmp_path / existing).write_text("milik pengguna\n", encoding="utf-8")
    result = new("LOK-001", "--category", "kode", "-o", str(tmp_path / "LOK-001.rules"))
    assert result.exit_code == 2
    assert f"menolak menimpa {tmp_path / existing}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]
    assert (tmp_path / existing).read_text(encoding="utf-8") == "milik pengguna\n"


@pytest.mark.parametrize(("args", "words"), [
    (["lok-1", "--category", "kode", "-o", "x.rules"], "'lok-1' bukan kode aturan yang sah"),
    (["TGT-001", "--category", "kode", "-o", "x.rules"], "sudah dipakai aturan rules/"),
    (["LOK-001", "--category", "kode", "-o", "x.txt"], "harus berakhiran .rules"),
    (["LOK-001", "--category", "lain", "-o", "x.rules"], "lain"),
])
def test_bad_requests_exit_2_and_write_nothing(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    result = new(*args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_ruletest_package_sits_between_engine_and_cli():
    allowed = {"checker.model", "checker.dsl", "checker.engine", "checker.i18n",
               "checker.ruletest"}
    for path in sorted((REPO / "checker" / "ruletest").glob("*.py")):
        tree = python_ast.parse(path.read_text(encoding="utf-8"))
        for node in python_ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, python_ast.Import)
                     else [node.module or ""] if isinstance(node, python_ast.ImportFrom)
                     else [])
            for name in names:
                if name.startswith("checker"):
                    assert ".".join(name.split(".")[:2]) in allowed, f"{path.name}: {name}"
    for lower in ("model", "importers", "dsl", "engine"):
        for path in sorted((REPO / "checker" / lower).rglob("*.py")):
            assert "checker.ruletest" not in Path(path).read_text(encoding="utf-8"), path
