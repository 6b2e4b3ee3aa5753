"""What the workspace keeps between rules, and that keeping less changes no finding.

At a million rows the engine's kept results were most of its working set (issue 14:
literals broadcast to whole columns, int64 codes, shared values kept after their last
reader, factorisations holding a rule's intermediate column). The workspace now frees
them; these tests hold that the findings are the same whatever is kept, and that what is
freed is really gone.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from checker.cli.collect import collect
from checker.engine import run as engine_run
from checker.engine.plan import plan_of, subexpressions
from checker.engine.run import Engine
from checker.engine.workspace import Workspace
from checker.model.frames import to_frames

ROOT = Path(__file__).resolve().parents[1]
CLEAN = ROOT / "sample_plans" / "bersih_rencana_aksi_2025.xlsx"
PLANS = [ROOT / "sample_plans" / "agency" / "000_a618195849f537cf_agency.xlsx",
         ROOT / "tests" / "data" / "seeds" / "004_a30a70c4cd2935b3.txt"]


def _frames(path: Path):
    collected = collect([str(path)], frames=True)
    frames = collected.frames if collected.frames is not None \
        else to_frames(collected.documents)
    return collected.documents, frames


def _run(registry, documents, frames, keep_everything: bool, monkeypatch):
    """The engine's run, with the workspace it used; ``keep_everything``: nothing freed."""
    made: list[Workspace] = []

    class Kept(Workspace):
        def finished(self, position: int) -> None:
            if not keep_everything:
                super().finished(position)

    def workspace(*args, **kwargs):
        made.append(Kept(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(engine_run, "Workspace", workspace)
    result = Engine(registry).run(documents, frames=frames)
    return [f.model_dump_json() for f in result.findings], result.failures, made[0]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_freeing_changes_no_finding(registry, path: Path, monkeypatch) -> None:
    documents, frames = _frames(path)
    kept, kept_failures, everything = _run(registry, documents, frames, True, monkeypatch)
    freed, freed_failures, lean = _run(registry, documents, frames, False, monkeypatch)
    assert freed == kept and freed_failures == kept_failures == []
    assert kept, "no finding: the comparison proved nothing"
    values = [k for k in everything.cache if k[0] == "value"]
    assert values, "nothing shared was kept: the freeing was not exercised"
    assert not [k for k in lean.cache if k[0] == "value"]  # each freed after its last reader
    assert len([k for k in lean.cache if k[0] == "factorized"]) < \
        len([k for k in everything.cache if k[0] == "factorized"])


def test_a_value_is_freed_after_its_last_reader_only(registry) -> None:
    rules = [r for r in registry.ordered() if r.source == "dsl"]
    plan = plan_of(rules)
    shared, last = plan.shared, plan.last_use
    assert shared and set(shared) <= set(last)
    key = next(iter(shared))
    readers = [i for i, r in enumerate(rules) for e in (
        *subexpressions(r.where), *subexpressions(r.check))
        if (r.entity or "item", e) == key]
    assert last[key] == max(readers) and len(readers) > 1
    ws = Workspace(to_frames([]), shared=shared, last_use=last)
    ws.cache[("value", key)] = pd.Series([1])
    ws.finished(last[key] - 1)
    assert ("value", key) in ws.cache  # a later rule still reads it
    ws.finished(last[key])
    assert ("value", key) not in ws.cache


def test_a_literal_is_one_element_and_codes_are_small(registry) -> None:
    _, frames = _frames(CLEAN)
    ws = Workspace(frames)
    n = len(ws.base("item"))
    for value, dtype in ((7, "int64"), (0.5, "float64"), ("sub_kegiatan", "str")):
        column = ws.constant("item", value)
        assert len(column) == n and str(column.dtype) == dtype
        assert column.tolist() == [value] * n
        assert column.to_numpy().strides == (0,)  # one element, whatever the rows
        assert ws.constant("item", value) is column  # kept, once
    codes, distinct = ws.factorized(ws.base("item")["level"])
    assert codes.dtype == np.int32
    expected_codes, expected = pd.factorize(ws.base("item")["level"])
    assert (codes == expected_codes).all() and list(distinct) == list(expected)


def test_an_intermediate_column_is_not_kept_past_its_rule() -> None:
    frames = to_frames([])
    ws = Workspace(frames)
    temporary = pd.Series(["a", "b", "a"], dtype=object)
    ws.factorized(temporary)
    kept = pd.Series(["x", "y", "x"], dtype=object)
    ws.cache[("lookup_one", "item", "parent", "kode")] = kept
    ws.factorized(kept)
    ws.finished(0)
    held = [v[2] for k, v in ws.cache.items() if k[0] == "factorized"]
    assert len(held) == 1 and held[0] is not None
    assert np.shares_memory(held[0], kept.to_numpy())


def _finished_pass_by_pass(ws: Workspace, position: int) -> None:
    """``Workspace.finished`` as it was: a walk of the cache per question."""
    for key in [k for k in ws.cache if k[0] == "value"]:
        if ws._last_read(key) <= position:
            del ws.cache[key]
    frames = (*ws._bases.values(), *ws.frames.tables.values())
    holders = {id(v): v for v in frames}
    holders.update((id(v), v) for k, v in ws.cache.items() if k[0] != "factorized")
    for ident in [i for i in ws._names if i not in holders]:
        ws._unname(ident)
    for frame in frames:
        if id(frame) in ws._names and ws._names[id(frame)][1] != frame.shape[1]:
            ws._unname(id(frame))
    for ident in holders.keys() - ws._names.keys():
        ws._name(holders[ident])
    for key in [k for k in ws.cache if k[0] == "factorized" and not ws._live.get(k[1])]:
        del ws.cache[key]
    keys = {id(k) for k in ws.cache}
    for ident in [i for i in ws._until if i not in keys]:
        del ws._until[ident]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_one_walk_keeps_what_a_walk_per_question_kept(registry, path: Path,
                                                      monkeypatch) -> None:
    """After every rule, the same results kept (and as many factorisations) as the walk
    per question kept, and a reader known for each kept value only."""
    documents, frames = _frames(path)
    seen: dict[bool, list] = {True: [], False: []}

    def recorder(one_walk: bool):
        class Recorded(Workspace):
            def finished(self, position: int) -> None:
                if one_walk:
                    super().finished(position)
                    assert set(self._until) <= {id(k) for k in self.cache}
                else:
                    _finished_pass_by_pass(self, position)
                factorized = sum(k[0] == "factorized" for k in self.cache)
                seen[one_walk].append(({k for k in self.cache if k[0] != "factorized"},
                                       factorized, len(self._live)))
        return Recorded

    for one_walk in (True, False):
        monkeypatch.setattr(engine_run, "Workspace", recorder(one_walk))
        Engine(registry).run(documents, frames=frames)
    assert len(seen[True]) > 50 and seen[True] == seen[False]
