"""A check imports what its file and its options need, not every command's code (issue 14).

Each module below cost every ``check`` a few milliseconds of start for nothing: the
commands ``test``, ``rules new``, ``config`` and ``serve``, the suppressions without an
entry, the baseline machinery without ``--baseline``, the report summary (only some
formats use it), the canonical template's reader for a file that is no workbook, the
joining of wrapped labels for a file whose grids all have a header. Run in a fresh
interpreter: the test process itself has imported everything long before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from tests.conftest import REPO, SEEDS

NOT_FOR_A_TEXT_CHECK = ("checker.web.command", "checker.cli.ruletest_command",
                        "checker.config.command", "checker.config.baseline",
                        "checker.reports.summary", "checker.importers.template",
                        "checker.importers.wrapped_rows", "checker.config.suppressions")

RUN = """
import json, sys
from checker.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("checker."))))
"""


def _modules_after(args: list[str], tmp_path) -> set[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", RUN, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True)
    assert "Traceback" not in done.stderr, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def seed() -> str:
    return str(sorted(SEEDS.glob("000_*.txt"))[0])


def test_a_text_check_leaves_other_commands_and_containers_unimported(seed, tmp_path):
    loaded = _modules_after(["check", seed, "--format", "json", "-o",
                             str(tmp_path / "r.json"), "--fail-on", "never"], tmp_path)
    assert "checker.engine.run" in loaded  # the check did run
    assert not loaded & set(NOT_FOR_A_TEXT_CHECK)


def test_what_an_option_needs_is_still_imported(seed, tmp_path):
    loaded = _modules_after(["check", seed, "--format", "md", "-o",
                             str(tmp_path / "r.md"), "--fail-on", "never",
                             "--write-baseline", str(tmp_path / "b.json")], tmp_path)
    assert {"checker.config.baseline", "checker.reports.summary"} <= loaded
    assert (tmp_path / "b.json").is_file() and (tmp_path / "r.md").is_file()


def test_lazy_commands_are_listed_run_and_helped() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["--help"]).output
    for name in ("config", "serve", "test"):
        assert f"  {name} " in listing
    assert "  new " in runner.invoke(main, ["rules", "--help"]).output
    assert main.get_command(None, "nope") is None
    assert main.get_command(None, "test").name == "test"
    shown = runner.invoke(main, ["test", "--help"])
    assert shown.exit_code == 0 and "--strict" in shown.output
    missing = runner.invoke(main, ["test"])  # its own argument check, in its own words
    assert missing.exit_code == 2
