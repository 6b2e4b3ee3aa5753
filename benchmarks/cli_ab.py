"""Two source trees on the command line, run by run: floor, before, after, in turn.

``cli_times.py --source`` measures one tree at a time; on a machine shared with other work
the load moves between the two runs by more than a small change is worth. Here each
repetition runs ``python -c "import pandas"``, the *before* tree and the *after* tree one
after the other on the same file, so the three see the same load; the medians of CPU
seconds over the floor are compared (``getrusage`` of the child: user + system).

Usage::

    git archive main | tar -x -C /tmp/main-src
    python benchmarks/cli_ab.py /tmp/main-src . --repeat 5 --json out.json [--only 004]

Both trees run as ``python -m checker check FILE --format json`` from inside the tree,
with ``.pyc`` files written (as an installation runs) and each tree its own cache folder
(its nomenclature index and parsed rules), filled by a warm-up run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_times import _run, inputs


def _tree_command(tree: Path, path: Path, cache: Path) -> tuple[list[str], dict[str, str]]:
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "PYTHONPATH": str(tree), "XDG_CACHE_HOME": str(cache)}
    return [sys.executable, "-m", "checker", "check", str(path), "--format", "json",
            "-o", _REPORT, "--fail-on", "never"], env


#: Stands for the report path in a tree's command; each run writes a new file, removed after.
#: Not /dev/null: a tree from before bbfb1ce moves its report over it, which as root leaves
#: the machine a plain file there (and apt-get and every program writing to it failing);
#: and a file that exists is refused by a tree from 444efa5 on without ``--force``.
_REPORT = "<report>"


def _timed(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    if _REPORT in argv:
        with tempfile.TemporaryDirectory(prefix="cli-ab-report-") as folder:
            fresh = [str(Path(folder) / "report.json") if a == _REPORT else a for a in argv]
            return _timed(fresh, env, cwd)
    import cli_times

    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    cli_times._CWD[0] = cwd
    try:
        return _run(argv)[1]
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default=None, help="files whose name contains this")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    caches = {name: Path(tempfile.mkdtemp(prefix=f"cli-ab-{name}-")) for name in trees}
    floor = [sys.executable, "-c", "import pandas"]
    rows = []
    print("| file | floor CPU s | over floor: before | after | change | min over floor: "
          "before → after |")
    print("|---|---|---|---|---|---|")
    for path in inputs():
        if args.only and args.only not in path.name:
            continue
        commands = {name: _tree_command(tree, path, caches[name])
                    for name, tree in trees.items()}
        for name, (argv, env) in commands.items():  # warm-up: .pyc files and caches
            _timed(argv, env, trees[name])
        times: dict[str, list[float]] = {"floor": [], "before": [], "after": []}
        for _ in range(args.repeat):
            times["floor"].append(_timed(floor, dict(os.environ), trees["after"]))
            for name, (argv, env) in commands.items():
                times[name].append(_timed(argv, env, trees[name]))
        med = {k: statistics.median(v) for k, v in times.items()}
        low = {k: min(v) for k, v in times.items()}
        row = {"file": path.name, "cpu_s": times,
               "over_floor_before": round(med["before"] - med["floor"], 3),
               "over_floor_after": round(med["after"] - med["floor"], 3),
               "floor_cpu_s": round(med["floor"], 3)}
        rows.append(row)
        print(f"| {path.name[:40]} | {med['floor']:.2f} | {row['over_floor_before']:.2f} | "
              f"**{row['over_floor_after']:.2f}** | "
              f"{row['over_floor_after'] - row['over_floor_before']:+.2f} | "
              f"{low['before'] - low['floor']:.2f} → {low['after'] - low['floor']:.2f} |",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps({"load": os.getloadavg(), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
