"""The cyclic garbage collector during a check (``checker.cli.main._space_collector``).

A small document must not pay for collector passes (each walks every object made since the
last one: 8-15 ms at 50,000), and the collector must stay on: pdfminer's page objects are
cycles that only a pass frees.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, SEEDS

#: Runs one check in a fresh interpreter and prints the collector's passes made once the
#: check has spaced them, then whether it is still enabled.
PROBE = """
import gc, sys
from checker.cli import main as m
passes = []
gc.callbacks.append(lambda phase, info: phase == "stop"
                    and gc.get_threshold()[0] == m.COLLECT_EVERY and passes.append(1))
try:
    m.main.main(args=["check", sys.argv[1], "--format", "json", "-o", "/dev/null",
                      "--fail-on", "never"], standalone_mode=False)
except SystemExit:
    pass
print(len(passes), gc.isenabled(), gc.get_threshold()[0] == m.COLLECT_EVERY)
"""


def _passes(path: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, path], cwd=REPO, capture_output=True,
                          text=True, check=True, timeout=300)
    return done.stdout.split()


def test_a_seed_is_checked_without_a_collector_pass_and_the_collector_stays_on() -> None:
    # seed 004: 14 documents, the largest seed (four passes at the former 50,000)
    assert _passes(str(SEEDS / "004_a30a70c4cd2935b3.txt")) == ["0", "True", "True"]
