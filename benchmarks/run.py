"""Benchmark sakip-check: start-up, import, every rule, reports; against hand-written code.

Usage::

    python benchmarks/run.py --sizes 10k,100k,1M      # generates missing data first
    python benchmarks/run.py --sizes 10k --no-xlsx     # columnar data only, no import phase

Each phase of each size runs in a fresh process, so its peak memory (``ru_maxrss``) is its
own: *engine* (load the columnar frames, run the whole catalogue rule by rule, check the
findings against the ground truth, write every report format), *floor* and *naive* (the
same checks hand-written in pandas and as a per-row loop, see ``reference.py``), *import*
(every workbook of the size through the real importer, and through bare python-calamine
for the importer's overhead) and *e2e* (workbooks read in parallel and fully checked).
Results are printed as a table and written as JSON under ``benchmarks/results/``.

Timings are wall-clock on a shared machine: run it alone, and compare ratios rather than
seconds across machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import generate as gen
from benchmarks.verify import compare, expected_keys_touched, finding_keys

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
REPORT_FINDINGS = 10_000
NAIVE_MAX = 100_000


# ----------------------------------------------------------------------------- helpers
def peak_mb() -> float:
    """Peak resident memory of this process so far, MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed(func, *args, **kwargs) -> tuple[float, Any]:
    start = time.perf_counter()
    out = func(*args, **kwargs)
    return time.perf_counter() - start, out


def load_frames(folder: Path):
    return gen.read_columnar(folder)


def rule_codes(registry) -> list[str]:
    return [r.code for r in registry.ordered() if r.source == "dsl"]


def failing_rows(findings) -> dict[str, set[tuple[str, str, int]]]:
    out: dict[str, set[tuple[str, str, int]]] = {}
    for f in findings:
        out.setdefault(f.code, set()).add((f.document, f.location.table, f.location.row))
    return out


def agreement(engine: dict[str, set], other: dict[str, set]) -> list[str]:
    """Rule codes on which a hand-written version finds other rows than the engine."""
    return sorted(code for code, rows in other.items() if rows != engine.get(code, set()))


def documents_of(frames) -> list:
    """Document headers (no rows) for reports: what a report says about each document."""
    from checker.model.plan import Document

    out = []
    for rec in frames["document"].to_dict("records"):
        out.append(Document(id=rec["id"], jenis=rec["jenis"], path=rec["_file"],
                            instansi=rec["instansi"], pemda=rec["pemda"],
                            tahun=None if rec["tahun"] is None else int(rec["tahun"]),
                            judul=rec["judul"]))
    return out


# ----------------------------------------------------------------------------- workers
def worker_engine(folder: Path) -> dict[str, Any]:
    """Load the frames, run every rule, verify, and write every report format."""
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    truth = gen.read_truth(folder)
    t_load, frames = timed(load_frames, folder)
    registry = load_registry()
    per_rule: dict[str, float] = {}

    class Timed(Engine):
        def run_rule(self, rule, ws):  # type: ignore[override]
            start = time.perf_counter()
            try:
                return super().run_rule(rule, ws)
            finally:
                per_rule[rule.code] = time.perf_counter() - start

    engine = Timed(registry)
    t_run, result = timed(engine.run, [], frames)
    peak_engine = peak_mb()
    expected = gen.expected_from_truth(truth)
    verdict = compare(finding_keys(result.findings, frames), expected,
                      expected_keys_touched(truth))
    out: dict[str, Any] = {
        "rows": truth["rows"], "sub_kegiatan": truth["sub_kegiatan_rows"],
        "load_s": t_load, "engine_s": t_run, "per_rule_s": per_rule,
        "rules": len(per_rule), "findings": len(result.findings),
        "failures": result.failures, "peak_engine_mb": peak_engine,
        "verdict": verdict.as_dict(), "failing": {k: sorted(map(list, v)) for k, v in
                                                   failing_rows(result.findings).items()},
    }
    out["reports"] = write_reports(result.findings, frames, registry)
    out["peak_mb"] = peak_mb()
    return out


def write_reports(findings: list, frames, registry) -> dict[str, Any]:
    """Every registered format, for this run's findings and for exactly 10,000 findings."""
    from checker.cli.output import write_report
    from checker.reports import REPORTERS
    from checker.reports.base import Report

    docs = documents_of(frames)
    standard = [findings[i % len(findings)] for i in range(REPORT_FINDINGS)] if findings \
        else []
    wanted = {f.document for f in standard}
    cases = {
        "run": Report(documents=docs, findings=findings, rules=registry.rules),
        "10k": Report(documents=[d for d in docs if d.id in wanted], findings=standard,
                      rules=registry.rules),
    }
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case, report in cases.items():
            for fmt in REPORTERS:
                target = Path(tmp) / f"{case}.{fmt}"
                try:
                    seconds, _ = timed(write_report, report, fmt, str(target))
                    size = target.stat().st_size if target.exists() else 0
                    out[f"{case}:{fmt}"] = {"s": seconds, "bytes": size,
                                            "findings": len(report.findings),
                                            "documents": len(report.documents)}
                except Exception as exc:  # one format failing must not hide the others
                    out[f"{case}:{fmt}"] = {"error": f"{type(exc).__name__}: {exc}"}
    return out


def worker_floor(folder: Path) -> dict[str, Any]:
    from benchmarks.reference import floor
    from checker.dsl.registry import load_registry

    frames = load_frames(folder)
    codes = rule_codes(load_registry())
    seconds, (failing, missing) = timed(floor, frames, codes)
    return {"floor_s": seconds, "missing": missing, "peak_mb": peak_mb(),
            "failing": {k: sorted(map(list, v)) for k, v in failing.items()}}


def worker_naive(folder: Path) -> dict[str, Any]:
    from benchmarks.reference import naive
    from checker.dsl.registry import load_registry

    frames = load_frames(folder)
    codes = rule_codes(load_registry())
    seconds, (failing, missing) = timed(naive, frames, codes)
    return {"naive_s": seconds, "missing": missing, "peak_mb": peak_mb(),
            "failing": {k: sorted(map(list, v)) for k, v in failing.items()}}


def _read_frames(path: str):
    from checker.importers.template import read_frames

    return read_frames(path)


def _calamine(path: str) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    cells = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells += sum(len(r) for r in rows)
    return cells


def worker_import(folder: Path) -> dict[str, Any]:
    """Workbooks → frames through the importer, one process, and bare calamine reads."""
    files = sorted(str(p) for p in (folder / "xlsx").glob("*.xlsx"))
    t_raw, cells = timed(lambda: sum(_calamine(f) for f in files))
    raw_peak = peak_mb()
    t_imp, frames = timed(lambda: [_read_frames(f) for f in files])
    rows = sum(len(fr["item"]) + len(fr["indicator"]) + len(fr["total"]) for fr in frames)
    return {"files": len(files), "bytes": sum(os.path.getsize(f) for f in files),
            "calamine_s": t_raw, "cells": cells, "import_s": t_imp, "rows": rows,
            "peak_calamine_mb": raw_peak, "peak_mb": peak_mb()}


def _load_plan(path: str):
    from checker.importers.registry import load_plan

    return load_plan(Path(path))


def _load_plan_rows(path: str) -> int:
    """A workbook read as ``check`` reads it, only its row count sent back."""
    return sum(len(f) for f in _load_plan(path)[1].tables.values())


def worker_read_floor(folder: Path, jobs: int) -> dict[str, Any]:
    """What reading costs on this machine with ``jobs`` processes, step by step.

    Bare calamine (every cell of every sheet to Python values: no reader can do less), the
    importer as ``check`` calls it (``load_plan``) with only a count sent back, and the
    same with the frames sent back to this process (pickled, unpickled), as ``check``
    gets them. The processes are started and their imports done before the clock runs.
    """
    files = sorted(str(p) for p in (folder / "xlsx").glob("*.xlsx"))
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_load_plan_rows, files[:jobs]))  # start-up and imports, untimed
        t_raw, cells = timed(lambda: sum(pool.map(_calamine, files, chunksize=1)))
        t_imp, rows = timed(lambda: sum(pool.map(_load_plan_rows, files, chunksize=1)))
        t_sent, parts = timed(lambda: list(pool.map(_load_plan, files, chunksize=1)))
    del parts
    return {"jobs": jobs, "files": len(files), "cells": cells, "rows": rows,
            "calamine_s": t_raw, "import_s": t_imp, "import_sent_s": t_sent,
            "peak_mb": peak_mb(), "peak_children_mb": children_peak_mb()}


def concat_frames(parts: list):
    """The workbooks' frames as one run's, letters kept categorical (as ``check`` joins)."""
    from checker.model.frames import join_frames

    return join_frames(parts, consume=True)


def worker_e2e(folder: Path, jobs: int) -> dict[str, Any]:
    """Every workbook read in ``jobs`` processes, concatenated, checked by the catalogue."""
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    start = time.perf_counter()
    files = sorted(str(p) for p in (folder / "xlsx").glob("*.xlsx"))
    with ProcessPoolExecutor(jobs) as pool:
        parts = list(pool.map(_read_frames, files, chunksize=1))
    t_read = time.perf_counter() - start
    frames = concat_frames(parts)
    del parts
    t_concat = time.perf_counter() - start - t_read
    result = Engine(load_registry()).run([], frames=frames)
    total = time.perf_counter() - start
    truth = gen.read_truth(folder)
    verdict = compare(finding_keys(result.findings, frames), gen.expected_from_truth(truth),
                      expected_keys_touched(truth))
    return {"jobs": jobs, "read_s": t_read, "concat_s": t_concat, "total_s": total,
            "findings": len(result.findings), "verdict": verdict.as_dict(),
            "peak_mb": peak_mb(), "peak_children_mb": children_peak_mb()}


def worker_check(folder: Path, jobs: int) -> dict[str, Any]:
    """``sakip-check check <xlsx folder> --format json``: the command a user runs.

    Timed from outside (start-up, collect, engine, report); the peak is the largest of the
    command's process and its reader processes. The findings are counted from the report.
    """
    script = Path(sys.executable).with_name("sakip-check")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "checker"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [*base, "check", str(folder / "xlsx"), "--format", "json", "-o", str(out),
               "--jobs", str(jobs), "--fail-on", "never"]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-5:], "check_s": seconds}
        report = json.loads(out.read_text(encoding="utf-8"))
    peak = children_peak_mb()
    # Against the truth: the report's cells read back to row keys through the columnar
    # form (the same rows as the workbooks), after the command, so not in its peak.
    truth = gen.read_truth(folder)
    verdict = compare(finding_keys(report["findings"], gen.read_columnar(folder)),
                      gen.expected_from_truth(truth), expected_keys_touched(truth))
    return {"jobs": jobs, "check_s": seconds, "findings": len(report["findings"]),
            "documents": report["summary"]["documents"], "peak_mb": peak,
            "verdict": verdict.as_dict()}


WORKERS = {"engine": worker_engine, "floor": worker_floor, "naive": worker_naive,
           "import": worker_import}
PARALLEL = {"e2e": worker_e2e, "check": worker_check, "read": worker_read_floor}


def run_worker(kind: str, folder: Path, jobs: int = 1) -> dict[str, Any]:
    """One phase in a fresh interpreter; its JSON is the last line of its output."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--data",
           str(folder), "--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-5:], "wall_s": wall}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall_s"] = wall
    return out


# ----------------------------------------------------------------------------- start-up
def startup(repeat: int = 7) -> dict[str, Any]:
    """Wall time of ``sakip-check --help`` and ``rules`` (median), as a user starts them."""
    script = Path(sys.executable).with_name("sakip-check")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "checker"]
    out = {}
    for name, args in (("--help", ["--help"]), ("rules", ["rules"])):
        subprocess.run(base + args, capture_output=True, check=False)  # warm caches
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(base + args, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        out[name] = {"median_s": statistics.median(times), "min_s": min(times)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=False)
    out["python_s"] = time.perf_counter() - start
    return out


# ----------------------------------------------------------------------------- main
def versions() -> dict[str, str]:
    import numpy
    import pandas

    from checker import __version__

    try:
        from importlib.metadata import version

        calamine = version("python-calamine")
    except Exception:  # pragma: no cover - odd installs
        calamine = "?"
    try:
        import pyarrow

        arrow = pyarrow.__version__
    except ImportError:
        arrow = "not installed"
    return {"python": platform.python_version(), "pandas": pandas.__version__,
            "numpy": numpy.__version__, "python-calamine": calamine, "pyarrow": arrow,
            "sakip-check": __version__, "cpus": str(os.cpu_count()),
            "machine": platform.machine(), "system": platform.system()}


def ensure_data(size: str, root: Path, xlsx: bool) -> Path:
    folder = root / size
    have = (folder / "frames.pkl").exists() and (folder / "truth.json").exists()
    have_xlsx = (folder / "xlsx").is_dir() and any((folder / "xlsx").glob("*.xlsx"))
    if not have or (xlsx and not have_xlsx):
        gen.build(size, xlsx=xlsx, root=root)
    return folder


def bench_size(size: str, root: Path, args: argparse.Namespace) -> dict[str, Any]:
    folder = ensure_data(size, root, not args.no_xlsx)
    out: dict[str, Any] = {"size": size}
    phases = set(args.phases.split(","))
    if "engine" in phases:
        print(f"[{size}] engine …", flush=True)
        out["engine"] = run_worker("engine", folder)
    if "floor" in phases:
        print(f"[{size}] floor …", flush=True)
        out["floor"] = run_worker("floor", folder)
    if "naive" in phases and gen.parse_size(size) <= args.naive_max:
        print(f"[{size}] naive loop …", flush=True)
        out["naive"] = run_worker("naive", folder)
    eng = out.get("engine", {})
    if "failing" in eng:
        engine_rows = {k: {tuple(r) for r in v} for k, v in eng["failing"].items()}
        for name in ("floor", "naive"):
            part = out.get(name)
            if part and "failing" in part:
                other = {k: {tuple(r) for r in v} for k, v in part.pop("failing").items()}
                part["disagrees_on"] = agreement(engine_rows, other)
        eng.pop("failing")
    if not args.no_xlsx and "import" in phases:
        print(f"[{size}] import …", flush=True)
        out["import"] = run_worker("import", folder)
    if not args.no_xlsx and "e2e" in phases:
        print(f"[{size}] workbooks → findings, {args.jobs} processes …", flush=True)
        out["e2e"] = run_worker("e2e", folder, args.jobs)
    if not args.no_xlsx and "read" in phases:
        print(f"[{size}] reading floor, {args.jobs} processes …", flush=True)
        out["read"] = run_worker("read", folder, args.jobs)
    if not args.no_xlsx and "check" in phases:
        print(f"[{size}] sakip-check check on the workbooks, --jobs {args.jobs} …", flush=True)
        out["check"] = run_worker("check", folder, args.jobs)
    return out


def covered_seconds(engine: dict[str, Any], missing: list[str]) -> float:
    """Engine seconds for the rules the hand-written versions also implement."""
    return sum(s for code, s in engine["per_rule_s"].items() if code not in missing)


def summarise(results: dict[str, Any], naive_scale: dict[str, float]) -> list[dict[str, Any]]:
    """One row per size: the numbers the README table shows."""
    rows = []
    for res in results["sizes"]:
        eng, fl, nv = res.get("engine", {}), res.get("floor", {}), res.get("naive")
        if "engine_s" not in eng:  # the workbook phases alone (--phases import,e2e,check)
            rows.append(_xlsx_columns(res, {"size": res["size"]}))
            continue
        n = sum(eng["rows"][k] for k in ("item", "indicator", "total"))
        covered = covered_seconds(eng, fl.get("missing", []))
        row: dict[str, Any] = {
            "size": res["size"], "sub_kegiatan": eng["sub_kegiatan"], "rows": n,
            "engine_s": eng["engine_s"], "rows_per_s": n / eng["engine_s"],
            "peak_engine_mb": eng["peak_engine_mb"], "findings": eng["findings"],
            "truth": "ok" if eng["verdict"]["ok"] else "FAILED",
            "floor_s": fl.get("floor_s"), "vs_floor": covered / fl["floor_s"]
            if fl.get("floor_s") else None,
        }
        if nv and "naive_s" in nv:
            row["naive_s"] = nv["naive_s"]
            row["vs_naive"] = covered / nv["naive_s"]
            naive_scale["s_per_row"] = nv["naive_s"] / n
        elif naive_scale.get("s_per_row"):
            row["naive_s"] = naive_scale["s_per_row"] * n
            row["naive_extrapolated"] = True
            row["vs_naive"] = covered / row["naive_s"]
        rep = eng.get("reports", {})
        row["reports_10k_max_s"] = max((v["s"] for k, v in rep.items()
                                        if k.startswith("10k:") and "s" in v), default=None)
        rows.append(_xlsx_columns(res, row))
    return rows


def _xlsx_columns(res: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """The import, workbooks-to-findings and ``check`` columns of one size's row."""
    imp, e2e = res.get("import"), res.get("e2e")
    if imp and "import_s" in imp:
        row["import_s"] = imp["import_s"]
        row["calamine_s"] = imp["calamine_s"]
        row["import_vs_calamine"] = imp["import_s"] / imp["calamine_s"]
        row["peak_import_mb"] = imp["peak_mb"]
    if e2e and "total_s" in e2e:
        row["e2e_s"] = e2e["total_s"]
        row["e2e_peak_mb"] = max(e2e["peak_mb"], e2e["peak_children_mb"])
        row["e2e_truth"] = "ok" if e2e["verdict"]["ok"] else "FAILED"
    read = res.get("read")
    if read and "calamine_s" in read:
        row["read_calamine_s"] = read["calamine_s"]
        row["read_import_s"] = read["import_s"]
        row["read_sent_s"] = read["import_sent_s"]
    chk = res.get("check")
    if chk and "check_s" in chk and "error" not in chk:
        row["check_s"] = chk["check_s"]
        row["check_peak_mb"] = chk["peak_mb"]
        row["check_truth"] = "ok" if chk["verdict"]["ok"] else "FAILED"
    return row


def _fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.2f}{unit}" if v < 100 else f"{v:,.0f}{unit}"
    return f"{v:,}{unit}" if isinstance(v, int) else str(v)


def table(rows: list[dict[str, Any]]) -> str:
    cols = [("size", "size"), ("sub_kegiatan", "sub-keg."), ("rows", "rows"),
            ("engine_s", "engine s"), ("rows_per_s", "rows/s"), ("floor_s", "floor s"),
            ("vs_floor", "×floor"), ("naive_s", "naive s"), ("vs_naive", "×naive"),
            ("peak_engine_mb", "peak MB"), ("findings", "findings"), ("truth", "truth"),
            ("import_s", "import s"), ("import_vs_calamine", "×calamine"),
            ("e2e_s", "xlsx→findings s"), ("e2e_peak_mb", "e2e peak MB"),
            ("e2e_truth", "e2e truth"), ("read_calamine_s", "calamine ∥ s"),
            ("read_import_s", "importer ∥ s"), ("read_sent_s", "importer+sent ∥ s"),
            ("check_s", "check s"),
            ("check_peak_mb", "check peak MB"), ("check_truth", "check truth"),
            ("reports_10k_max_s", "10k rep. s")]
    lines = ["| " + " | ".join(h for _, h in cols) + " |",
             "|" + "---|" * len(cols)]
    for r in rows:
        cells = []
        for key, _ in cols:
            v = r.get(key)
            text = _fmt(v)
            if key == "naive_s" and r.get("naive_extrapolated"):
                text += "*"
            if key == "vs_naive" and r.get("naive_extrapolated"):
                text += "*"
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--data", type=Path, default=gen.DATA)
    parser.add_argument("--no-xlsx", action="store_true", help="skip workbooks (import, e2e)")
    parser.add_argument("--naive-max", type=gen.parse_size, default=NAIVE_MAX,
                        help="largest size the per-row loop runs at (extrapolated beyond)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--phases", default="engine,floor,naive,import,e2e,check",
                        help="which phases to run (comma-separated; also read: the "
                             "reading floor in --jobs processes)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", choices=[*WORKERS, *PARALLEL], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        if args.worker in PARALLEL:
            result = PARALLEL[args.worker](args.data, args.jobs)
        else:
            result = WORKERS[args.worker](args.data)
        sys.stdout.write("\n" + json.dumps(result, default=str) + "\n")
        return
    results: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"), "versions": versions(),
        "startup": startup(), "sizes": []}
    print("start-up:", json.dumps(results["startup"]), flush=True)
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        results["sizes"].append(bench_size(size, args.data, args))
    rows = summarise(results, {})
    results["summary"] = rows
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = results["date"].replace(":", "").replace("-", "")
    path = args.out / f"run-{stamp}.json"
    path.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    shutil.copyfile(path, args.out / "latest.json")
    buf = io.StringIO()
    buf.write(f"\n{results['date']}  " + ", ".join(f"{k} {v}" for k, v in
                                                   results["versions"].items()) + "\n")
    st = results["startup"]
    buf.write(f"start-up: --help {st['--help']['median_s']:.3f} s, rules "
              f"{st['rules']['median_s']:.3f} s (bare python {st['python_s']:.3f} s)\n\n")
    buf.write(table(rows) + "\n")
    buf.write("* extrapolated linearly from the largest size the loop ran at\n")
    for res in results["sizes"]:
        eng = res.get("engine", {})
        if "verdict" in eng:
            buf.write(f"{res['size']}: {eng['verdict']['summary']}\n")
        for name in ("floor", "naive"):
            part = res.get(name) or {}
            if part.get("disagrees_on"):
                buf.write(f"{res['size']}: {name} disagrees with the engine on "
                          f"{', '.join(part['disagrees_on'])}\n")
            if part.get("missing"):
                buf.write(f"{res['size']}: {name} does not implement "
                          f"{', '.join(part['missing'])} (left out of its ratio)\n")
    print(buf.getvalue())
    print(f"written {path}")


if __name__ == "__main__":
    main()
