"""Time the command line on real documents: ``sakip-check check`` per seed, and ``--help``.

What a user waits for is the whole command, interpreter start-up included. Start-up is the
part we cannot remove (Python, pandas), so each measurement is taken against its floor in
the same run, alternating, so that the load of a shared machine affects both alike:

* ``sakip-check check FILE`` (each seed of ``tests/data/seeds``, each workbook of
  ``sample_plans/`` and ``sample_plans/agency/``, each file of ``../shared/corpus`` when
  that folder is there) against ``python -c "import pandas"``;
* ``sakip-check --help`` against a bare ``python -c pass``.

The overhead (median of the command minus median of its floor) is what the tool adds.
Targets: ``check`` ≤ 0.5 s over ``import pandas``; ``--help`` < 0.2 s over a bare
interpreter. Wall-clock time moves with the machine's load, so the CPU time of the child
process (user + system, from ``getrusage``) is reported beside it: on a shared machine it
is the steadier measure of what the tool costs.

Two settings change the numbers and are printed with them:

* ``PYTHONDONTWRITEBYTECODE=1`` (set in some development environments) makes every run
  compile the modules that have no ``.pyc`` yet, about 0.2 s: ``--pyc`` runs the children
  without it, as a user's installation runs (the warm-up run writes the ``.pyc`` files).
* The nomenclature index and the parsed rules are cached in the user's cache folder; on a
  machine shared by several checkouts, each with its own cache key, they evict each other
  and a run may rebuild the index (about a second). ``--cache DIR`` gives the children a
  cache folder of their own (``XDG_CACHE_HOME``), filled by the warm-up run.

Usage::

    python benchmarks/cli_times.py               # 5 repeats, prints a Markdown table
    python benchmarks/cli_times.py --repeat 9 --json out.json --pyc --cache /tmp/c
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
SEEDS = ROOT / "tests" / "data" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
CHECK_TARGET = 0.5
HELP_TARGET = 0.2


_ENV: dict[str, str] = {}
_UNSET: set[str] = set()
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
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=_CWD[0],
                   check=False, env={**env, **_ENV})
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
    """Seeds, sample plans and the corpus (when present), in a stable order."""
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    samples = sorted((ROOT / "sample_plans").glob("*.xlsx"))
    agency = sorted((ROOT / "sample_plans" / "agency").glob("*.xlsx"))
    corpus = sorted(p for p in CORPUS.glob("*") if p.suffix in (".xlsx", ".docx", ".pdf")) \
        if CORPUS.is_dir() else []
    return [*seeds, *samples, *agency, *corpus]


def main() -> None:
    """Measure, print a Markdown table, optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--source", type=Path, default=None,
                        help="run `python -m checker` from this source tree instead")
    parser.add_argument("--pyc", action="store_true",
                        help="run the children without PYTHONDONTWRITEBYTECODE (.pyc kept)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="a cache folder of the children's own (XDG_CACHE_HOME)")
    parser.add_argument("--only", default=None,
                        help="only the inputs whose file name contains this text")
    args = parser.parse_args()
    cmd = _command(args.source)
    if args.pyc:
        _UNSET.add("PYTHONDONTWRITEBYTECODE")
    if args.cache is not None:
        args.cache.mkdir(parents=True, exist_ok=True)
        _ENV["XDG_CACHE_HOME"] = str(args.cache.resolve())
    pandas_floor = [sys.executable, "-c", "import pandas"]
    bare_floor = [sys.executable, "-c", "pass"]
    rows: list[dict[str, object]] = []
    for path in inputs():
        if args.only and args.only not in path.name:
            continue
        res = measure([*cmd, "check", str(path), "--format", "json"], pandas_floor,
                      args.repeat)
        rows.append({"what": f"check {path.name}", "floor": "import pandas", **res,
                     "target_s": CHECK_TARGET})
    res = measure([*cmd, "--help"], bare_floor, args.repeat)
    rows.append({"what": "--help", "floor": "python -c pass", **res, "target_s": HELP_TARGET})
    load = os.getloadavg()[0]
    bytecode = "kept (.pyc)" if args.pyc or not os.environ.get("PYTHONDONTWRITEBYTECODE") \
        else "not written (PYTHONDONTWRITEBYTECODE=1)"
    print(f"load average (1 min) at the end: {load:.2f}; {os.cpu_count()} cores; "
          f"median of {args.repeat}; bytecode {bytecode}; "
          f"cache {'own' if args.cache else 'the user cache'}")
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
        args.json.write_text(json.dumps({"load": load, "bytecode": bytecode,
                                         "own_cache": args.cache is not None,
                                         "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
