"""The benchmark's generator and ground truth, at a size a test can afford (no timings).

If the catalogue gains a rule that fires on the generated plans, or an injected error is no
longer caught, the benchmark's numbers would be about the wrong thing: this test says so
first. The hand-written reference must also find the same rows as the engine, or its
timings are not a fair floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import KINDS, generate, write_workbook
from benchmarks.reference import floor
from benchmarks.verify import compare, finding_keys, frame_differences
from checker.engine.run import Engine

SIZE = 500  # sub-kegiatan rows: a few agencies, every kind of injected error


@pytest.fixture(scope="module")
def plan():
    return generate(SIZE, seed=7)


@pytest.fixture(scope="module")
def result(plan, registry):
    return Engine(registry).run([], frames=plan.frames)


def touched(plan) -> set[tuple[str, str]]:
    out = set()
    for inj in plan.injections:
        out.add((inj.document, inj.key))
        out.update((e.document, e.key) for e in inj.expected)
    return out


def test_every_kind_of_error_is_injected(plan):
    assert {inj.kind for inj in plan.injections} == set(KINDS)
    assert all(inj.expected for inj in plan.injections)


def test_engine_finds_every_injected_error_and_nothing_in_the_consistent_part(plan, result):
    assert not result.failures
    verdict = compare(finding_keys(result.findings, plan.frames), plan.expected(),
                      touched(plan))
    assert verdict.missing == []
    assert verdict.unexpected == []


def test_the_reference_implementation_agrees_with_the_engine(plan, result, registry):
    codes = [r.code for r in registry.ordered() if r.source == "dsl"]
    found, _missing = floor(plan.frames, codes)
    engine: dict[str, set] = {}
    for f in result.findings:
        engine.setdefault(f.code, set()).add((f.document, f.location.table, f.location.row))
    assert {code for code, rows in found.items() if rows != engine.get(code, set())} == set()


def test_workbook_reads_back_as_the_same_frames(plan, tmp_path: Path):
    read_frames = pytest.importorskip("checker.importers.template").read_frames
    name, docs = next(iter(plan.files.items()))
    path = tmp_path / name
    write_workbook(path, plan.frames, docs)
    read = read_frames(path)
    ours = {entity: frame[frame["_doc"].isin(docs)].reset_index(drop=True)
            for entity, frame in plan.frames.tables.items()}
    from checker.model.frames import Frames

    assert frame_differences(read, Frames(ours)) == []


def test_bound_measures_every_cell_and_the_engines_findings(plan, result, tmp_path):
    """``bound.py``'s two costs are of the whole input: every cell parsed, every finding made."""
    from python_calamine import CalamineWorkbook

    from benchmarks.bound import bounds, engine_seconds, parse_seconds
    from benchmarks.storage import write_columnar

    docs = sorted(plan.frames["document"]["id"])
    halves = [docs[: len(docs) // 2], docs[len(docs) // 2:]]
    (tmp_path / "xlsx").mkdir()
    for i, part in enumerate(halves):
        write_workbook(tmp_path / "xlsx" / f"part{i}.xlsx", plan.frames, part)
    write_columnar(plan, tmp_path)
    cells = 0
    for path in sorted((tmp_path / "xlsx").glob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        cells += sum(len(r) for name in book.sheet_names
                     for r in book.get_sheet_by_name(name).to_python(skip_empty_area=False))
    parsed = parse_seconds(str(tmp_path))
    assert (parsed["files"], parsed["cells"]) == (2, cells)
    assert parsed["parse_cpu_s"] > 0
    assert engine_seconds(str(tmp_path))["findings"] == len(result.findings)
    assert bounds(30.0, 10.0, 2) == {"design_today_s": 25.0, "every_core_busy_s": 20.0}
