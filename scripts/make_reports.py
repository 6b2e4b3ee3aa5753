"""Regenerate the example reports in ``reports/`` from the bundled sample plans.

Run from anywhere: ``python scripts/make_reports.py``. For every output format it runs
``sakip-check check sample_plans --format F -o reports/sample_plans.<ext> --lang id`` from
the repository root, so every path in the reports reads ``sample_plans/…`` (all formats in
one process, to start Python once). It writes into a staging folder first, then moves the
results into ``reports/`` and removes example files that are no longer produced.
``tests/reports/test_examples_current.py`` fails when the committed reports differ from
what this script makes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLANS = "sample_plans"
STEM = "sample_plans"
# format → file name inside reports/
OUTPUTS: dict[str, str] = {
    "text": f"{STEM}.txt",
    "json": f"{STEM}.json",
    "xlsx": f"{STEM}.xlsx",
    "html": f"{STEM}.html",
    "md": f"{STEM}.md",
    "sarif": f"{STEM}.sarif",
    "junit": f"{STEM}.junit.xml",
    "github": f"{STEM}.github.txt",
}


def run_check(args: list[str]) -> int:
    """``sakip-check check …`` in this process (one start-up for every format), from the repo.

    Returns the command's exit code.
    """
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from checker.cli.main import main as cli

    here = Path.cwd()
    os.chdir(REPO)
    try:
        cli.main(args=["check", *args], prog_name="sakip-check", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        os.chdir(here)
    return 0


def generate(out_dir: Path) -> list[Path]:
    """Write every example report into ``out_dir`` (a folder directly under the repository).

    Returns the files written, annotated workbook copies included. Exit code 1 ("there are
    findings") is expected; anything else is an error.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for fmt, name in OUTPUTS.items():
        args = [PLANS, "--format", fmt, "-o", os.path.relpath(out_dir / name, REPO),
                "--lang", "id", "--force"]  # the example reports are regenerated in place
        code = run_check(args)
        if code not in (0, 1):
            raise RuntimeError(f"sakip-check check {' '.join(args)} exited {code}")
    return sorted(p for p in out_dir.iterdir() if p.name.startswith(f"{STEM}."))


def staging_dir() -> Path:
    """A fresh folder beside ``reports/``, at the same depth, so relative links match."""
    return Path(tempfile.mkdtemp(prefix=".reports-", dir=REPO))


def main() -> int:
    """Regenerate ``reports/`` and say what changed."""
    reports = REPO / "reports"
    reports.mkdir(exist_ok=True)
    stage = staging_dir()
    try:
        made = generate(stage)
        names = {p.name for p in made}
        for old in reports.glob(f"{STEM}.*"):
            if old.name not in names:
                old.unlink()
                print(f"removed  reports/{old.name}")
        for new in made:
            target = reports / new.name
            same = target.exists() and target.read_bytes() == new.read_bytes()
            shutil.copyfile(new, target)
            print(f"{'same    ' if same else 'written '} reports/{new.name}")
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
