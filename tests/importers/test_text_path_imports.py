"""A report of captioned tables is read without the stages it never asks (issue 14).

The key-value records (``key_values``), the tree of objectives (``tree``) and the sasaran
blocks (``blocks``) are the grid reader's, asked only of a grid a profile or no header
leaves to them; a text extract a profile claims as a report of captioned tables (seed 004)
never reaches them, and their import was ~4 ms of its reading. A file that needs them
still gets them. Run in a fresh interpreter: the test process has imported everything
long before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO, SEEDS

STAGES = ("checker.importers.key_values", "checker.importers.tree", "checker.importers.blocks")

RUN = """
import json, sys
from checker.importers.registry import load
docs = load(sys.argv[1])
print(json.dumps([len(docs), sorted(m for m in sys.modules if m.startswith("checker."))]))
"""


def _read(path, tmp_path) -> tuple[int, set[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", RUN, str(path)], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True)
    count, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return count, set(modules)


def test_a_captioned_report_leaves_the_record_and_tree_stages_unimported(tmp_path) -> None:
    count, modules = _read(sorted(SEEDS.glob("004_*.txt"))[0], tmp_path)
    assert count == 14  # every table and part was read
    assert "checker.importers.excel_layout" in modules
    assert not modules & set(STAGES)


def test_a_grid_the_grid_reader_reads_still_asks_them(tmp_path) -> None:
    count, modules = _read(sorted(SEEDS.glob("000_*.txt"))[0], tmp_path)
    assert count >= 1
    assert "checker.importers.key_values" in modules  # asked whether records are there
