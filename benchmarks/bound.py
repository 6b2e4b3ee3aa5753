"""How fast ``check`` of a size's workbooks could be on this machine, from its CPU seconds.

Usage::

    python benchmarks/bound.py --size 1M            # data made by run.py / generate.py

Issue 14 asks for the 1M workbooks imported and checked in under 20 s. Whether that is a
matter of more work on the tool or of the machine is decided by two costs no version of
the tool can avoid, measured here as CPU seconds (``time.process_time``, so the machine's
load moves them little):

* **parse**: python-calamine turning every sheet of every workbook into its cell range
  (``get_sheet_by_name``; inflating and scanning the XML, in Rust). Any reader built on
  it pays this; ``to_python`` (the cells as Python values) is measured apart, since a
  reader could avoid it.
* **engine**: the whole catalogue over the run's frames (the columnar form of the same
  rows, loaded before the clock): the checking itself, without reading or reports.

From them, on ``--cores`` cores: ``parse / cores + engine`` is the least wall time of
today's design (the workbooks read in parallel, the engine in one process after the last
one, since the cross-document rules need every agency); ``(parse + engine) / cores`` the
least of any design that kept every core busy from start to end. Each step runs in a
fresh process; the figures and the verdict against the target are printed and written
to ``results/bound-<size>-<time>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.run import RESULTS, ensure_data, load_frames, versions

TARGET_S = {"1M": 20.0}


def parse_seconds(folder: str) -> dict[str, Any]:
    """CPU seconds of calamine's parse and of its ``to_python``, over every workbook."""
    from python_calamine import CalamineWorkbook

    files = sorted(Path(folder, "xlsx").glob("*.xlsx"))
    parse = to_python = 0.0
    cells = 0
    for path in files:
        start = time.process_time()
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            parsed = time.process_time()
            rows = sheet.to_python(skip_empty_area=False)
            done = time.process_time()
            parse += parsed - start
            to_python += done - parsed
            cells += sum(len(r) for r in rows)
            start = time.process_time()
    return {"files": len(files), "cells": cells, "parse_cpu_s": parse,
            "to_python_cpu_s": to_python}


def engine_seconds(folder: str) -> dict[str, Any]:
    """CPU seconds of the whole catalogue over the size's frames (loaded untimed)."""
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    frames = load_frames(Path(folder))
    engine = Engine(load_registry())
    start = time.process_time()
    result = engine.run([], frames)
    return {"engine_cpu_s": time.process_time() - start, "findings": len(result.findings)}


def _fresh(func: Any, folder: Path) -> dict[str, Any]:
    """``func(folder)`` in a process of its own: no step inherits another's memory."""
    with ProcessPoolExecutor(1) as pool:
        return pool.submit(func, str(folder)).result()


def bounds(parse: float, engine: float, cores: int) -> dict[str, float]:
    """The least wall seconds of today's design and of a perfectly parallel one."""
    return {"design_today_s": parse / cores + engine, "every_core_busy_s": (parse + engine) / cores}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1M")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent / "data")
    args = parser.parse_args(argv)
    folder = ensure_data(args.size, args.data, xlsx=True)
    out: dict[str, Any] = {"size": args.size, "cores": args.cores, "versions": versions()}
    out.update(_fresh(parse_seconds, folder))
    out.update(_fresh(engine_seconds, folder))
    out.update(bounds(out["parse_cpu_s"], out["engine_cpu_s"], args.cores))
    target = TARGET_S.get(args.size)
    out["target_s"] = target
    print(f"{args.size}: {out['files']} workbooks, {out['cells']:,} cells; CPU s: calamine "
          f"parse {out['parse_cpu_s']:.1f} (+ to_python {out['to_python_cpu_s']:.1f}), "
          f"engine {out['engine_cpu_s']:.1f} ({out['findings']:,} findings)")
    print(f"least wall s on {args.cores} cores: today's design (parallel reading, then the "
          f"engine) {out['design_today_s']:.1f}; every core busy throughout "
          f"{out['every_core_busy_s']:.1f}" + (f"; target {target:.0f}" if target else ""))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = RESULTS / f"bound-{args.size}-{stamp}.json"
    path.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"→ {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
