"""The README's sample output is what the tool prints today, not what it printed once.

The block after the ``<!-- contoh: ARGS | N -->`` marker must be the first ``N`` lines of
the findings section (from the document's heading on) of ``sakip-check check ARGS``, run
from the repository root. ``UPDATE_SNAPSHOTS=1`` rewrites the block from a real run, like
the report snapshots.
"""

from __future__ import annotations

import os
import re
import shlex

from click.testing import CliRunner

from checker.cli.main import main
from tests.conftest import REPO

README = REPO / "README.md"
BLOCK = re.compile(r"(<!-- contoh: (?P<args>[^|]+?) \| (?P<n>\d+) -->\n+```\n)(?P<body>.*?)(```)",
                   re.S)


def _real_output(args: str, n: int) -> str:
    here = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(main, ["check", *shlex.split(args)],
                                    catch_exceptions=False)
    finally:
        os.chdir(here)
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("─") and "(" in line)
    return "\n".join(lines[start:start + n]) + "\n"


def test_readme_sample_output_comes_from_a_real_run():
    text = README.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    assert blocks, "the README has no <!-- contoh: … --> block"
    for m in blocks:
        real = _real_output(m["args"], int(m["n"]))
        if os.environ.get("UPDATE_SNAPSHOTS"):
            text = text.replace(m.group(0), m.group(1) + real + m.group(5))
            continue
        assert m["body"] == real, f"README block for `{m['args']}` differs from a real run"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        README.write_text(text, encoding="utf-8")
