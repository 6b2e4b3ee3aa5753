"""Where ``sakip-check check`` spends its time and memory, phase by phase.

Usage::

    python benchmarks/phases.py benchmarks/data/1M/xlsx --jobs 2 [--out FILE.json]

Runs the ``check`` command in this process (``--format json``, report to a temporary
file) while a thread samples the resident size (``/proc/self/status``, every 0.1 s) and
the phase the command is in: reading (the reader processes at work, their frames
arriving), the join of the files' frames, each rule, the post-processing (copied blocks,
blame) and the report. ``tracemalloc`` would slow a million-row run many times over;
sampling the resident size costs nothing measurable, and the peak it misses between two
samples is bounded by ``VmHWM``, printed at the end. Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def memory_mb() -> tuple[float, float]:
    """(resident now, resident peak) of this process, MB."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class Phases:
    """The current phase, and samples of (seconds, resident MB, phase)."""

    def __init__(self) -> None:
        self.now = "start-up"
        self.start = time.perf_counter()
        self.samples: list[tuple[float, float, str]] = []

    def sample(self) -> None:
        self.samples.append((time.perf_counter() - self.start, memory_mb()[0], self.now))

    def run(self, interval: float = 0.1) -> None:
        while True:
            self.sample()
            time.sleep(interval)

    def wrap(self, owner: Any, name: str, label: Callable[..., str] | str,
             after: str | None = None) -> None:
        """Label the time inside ``owner.name`` (and ``after`` it returns, if given)."""
        original = getattr(owner, name)

        def labelled(*args: Any, **kwargs: Any) -> Any:
            self.now = label(*args) if callable(label) else label
            try:
                return original(*args, **kwargs)
            finally:
                if after is not None:
                    self.now = after

        setattr(owner, name, labelled)

    def table(self) -> list[dict[str, Any]]:
        """Per phase (rules folded into one row each): first and last second, peak MB."""
        rows: dict[str, dict[str, Any]] = {}
        for seconds, rss, phase in self.samples:
            row = rows.setdefault(phase, {"phase": phase, "from_s": seconds,
                                          "to_s": seconds, "peak_mb": rss})
            row["to_s"] = seconds
            row["peak_mb"] = max(row["peak_mb"], rss)
        return list(rows.values())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    import checker.cli.collect as collect
    import checker.engine.run as run
    from checker.cli.main import main as cli

    phases = Phases()
    threading.Thread(target=phases.run, daemon=True).start()
    # ``_read_all`` is a generator (it returns at once): the reading is ``collect`` up
    # to the join
    phases.wrap(collect, "collect", "read", after="engine: set-up")
    phases.wrap(collect, "_joined", "join", after="join: pages returned")
    phases.wrap(run.Engine, "run_rule", lambda self, rule, ws: f"rule {rule.code}")
    phases.wrap(run.Engine, "_ambiguities", "post: ambiguities")
    phases.wrap(run, "link_copies", "post: copied blocks")
    phases.wrap(run, "blame", "post: blame", after="report")
    # the command's exit code is not measured: SystemExit is let go
    with tempfile.TemporaryDirectory() as tmp, contextlib.suppress(SystemExit):
        cli(["check", args.folder, "--format", "json", "-o", str(Path(tmp) / "r.json"),
             "--jobs", str(args.jobs), "--fail-on", "never"], standalone_mode=False)
    phases.now = "end"
    phases.sample()
    rows = phases.table()
    peak = memory_mb()[1]
    rules = [r for r in rows if r["phase"].startswith("rule ")]
    print(f"{'phase':26s} {'from s':>7s} {'to s':>7s} {'peak MB':>8s}")
    for row in rows:
        if row in rules and row is not max(rules, key=lambda r: r["peak_mb"]) \
                and row is not rules[0] and row is not rules[-1]:
            continue  # the first, last and largest rule stand for the others
        print(f"{row['phase']:26s} {row['from_s']:7.1f} {row['to_s']:7.1f} "
              f"{row['peak_mb']:8.0f}")
    print(f"peak (VmHWM) {peak:.0f} MB")
    if args.out:
        args.out.write_text(json.dumps({"folder": args.folder, "jobs": args.jobs,
                                        "peak_mb": peak, "phases": rows}, indent=1),
                            encoding="utf-8")


if __name__ == "__main__":
    main()
