"""What a first-time user tripped over (issue 15): lost work, duplicated documents, errors
mixed into reports, English leaking into an Indonesian tool.

Every test here failed before its fix.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from checker.cli.main import main
from tests.conftest import REPO

CLEAN = REPO / "sample_plans" / "bersih_rencana_aksi_2025.xlsx"
SEED_000 = REPO / "tests" / "data" / "seeds" / "000_a618195849f537cf.txt"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


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
