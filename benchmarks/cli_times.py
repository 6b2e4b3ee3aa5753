"""Time the command line on real documents: ``sakip-check check`` per seed, and ``--help``.

What a user waits for is the whole command, interpreter start-up included. Start-up is the
part we cannot remove (Python, pandas), so each measurement is taken against its floor in
the same run, alternating, so that the load of a shared machine affects both alike:

* ``sakip-check check FILE`` (each seed under ``../shared/seeds`` and ``sample_plans/``)
  against ``python -c "import pandas"``;
* ``sakip-check --help`` against a bare ``python -c pass``.

The overhead (median of the command minus median of its floor) is what the tool adds.
Targets: ``check`` ≤ 0.5 s over ``import pandas``; ``--help`` < 0.2 s over a bare
interpreter. Wall-clock time moves with the machine's load, so the CPU time of the child
process (user + system, from ``getrusage``) is reported beside it: on a shared machine it
is the steadier measure of what the tool costs.

Usage::

    python benchmarks/cli_times.py               # 5 repeats, prints a Markdown table
    python benchmarks/cli_times.py --repeat 9 --json out.json
    git archive <commit> | tar -x -C /tmp/old     # an earlier version, for "before"
    python benchmarks/cli_times.py --source /tmp/old
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CHECK_TARGET = 0.5
HELP_TARGET = 0.2


_ENV: dict[str, str] = {}
_CWD: list[Path] = [ROOT]


def _command(source: Path | None) -> list[str]:
    """``sakip-check`` as installed beside this interpreter, or a source tree's ``-m``."""
    if source is not None:
        # Run from inside the source tree: ``-m`` puts the working folder first on the path.
        _ENV["PYTHONPATH"] = str(source.resolve())
        _CWD[0] = source.resolve()
        return [sys.executable, "-m", "checker"]
    script = Path(sys.executable).with_name("sakip-check")
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


def _run(argv: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run, output discarded (exit 1 is "findings")."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=_CWD[0],
                   check=False, env={**os.environ, **_ENV})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(argv: list[str], floor: list[str], repeat: int) -> dict[str, float]:
    """Medians of a command and of its floor, run alternately ``repeat`` times each."""
    _run(argv)  # warm the disk cache and any user cache
    own, base = [], []
    for _ in range(repeat):
        base.append(_run(floor))
        own.append(_run(argv))
    cmd, flo = statistics.median(w for w, _ in own), statistics.median(w for w, _ in base)
    cmd_cpu = statistics.median(c for _, c in own)
    flo_cpu = statistics.median(c for _, c in base)
    return {"median_s": round(cmd, 3), "floor_s": round(flo, 3),
            "overhead_s": round(cmd - flo, 3), "cpu_s": round(cmd_cpu, 3),
            "floor_cpu_s": round(flo_cpu, 3), "overhead_cpu_s": round(cmd_cpu - flo_cpu, 3)}


def inputs() -> list[Path]:
    """Seeds and sample plans, in a stable order."""
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    samples = sorted((ROOT / "sample_plans").glob("*.xlsx"))
    return [*seeds, *samples]


def main() -> None:
    """Measure, print a Markdown table, optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--source", type=Path, default=None,
                        help="run `python -m checker` from this source tree instead")
    args = parser.parse_args()
    cmd = _command(args.source)
    pandas_floor = [sys.executable, "-c", "import pandas"]
    bare_floor = [sys.executable, "-c", "pass"]
    rows: list[dict[str, object]] = []
    for path in inputs():
        res = measure([*cmd, "check", str(path), "--format", "json"], pandas_floor,
                      args.repeat)
        rows.append({"what": f"check {path.name}", "floor": "import pandas", **res,
                     "target_s": CHECK_TARGET})
    res = measure([*cmd, "--help"], bare_floor, args.repeat)
    rows.append({"what": "--help", "floor": "python -c pass", **res, "target_s": HELP_TARGET})
    load = os.getloadavg()[0]
    print(f"load average (1 min) at the end: {load:.2f}; {os.cpu_count()} cores; "
          f"median of {args.repeat}")
    print("| command | wall s | floor | floor wall s | over floor (wall) s | cpu s | "
          "floor cpu s | over floor (cpu) s | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        ok = "met" if row["overhead_cpu_s"] <= row["target_s"] else "**not met**"  # type: ignore[operator]
        print(f"| `{row['what']}` | {row['median_s']:.3f} | {row['floor']} | "
              f"{row['floor_s']:.3f} | {row['overhead_s']:.3f} | {row['cpu_s']:.3f} | "
              f"{row['floor_cpu_s']:.3f} | {row['overhead_cpu_s']:.3f} | "
              f"≤ {row['target_s']} (cpu) {ok} |")
    if args.json:
        args.json.write_text(json.dumps({"load": load, "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
