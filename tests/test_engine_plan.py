"""The rule set's plan (shared expressions, last readers, shown calls) and its upkeep.

The plan is worked out once per rule set (``checker.engine.plan``); these tests hold it
equal to the plain reading of the rules it replaced, and that the workspace's counted
upkeep of kept columns frees what a full recount would.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np
import pandas as pd

from checker.dsl import ast
from checker.engine.plan import plan_of, subexpressions
from checker.engine.run import Engine, with_tolerance
from checker.engine.workspace import Workspace, _held
from checker.model.frames import to_frames


def _plain_reading(rules: list[ast.Rule]):
    """Shared pairs, their last readers and the shown calls, read the plain way."""
    seen: dict = {}
    last: dict = {}
    for position, rule in enumerate(rules):
        if rule.source != "dsl":
            continue
        for expr in (*subexpressions(rule.where), *subexpressions(rule.check)):
            last[(rule.entity or "item", expr)] = position
            if isinstance(expr, ast.Num | ast.Str) or (
                    isinstance(expr, ast.FieldRef) and len(expr.path) == 1):
                continue
            seen[(rule.entity or "item", expr)] = seen.get((rule.entity or "item", expr), 0) + 1
    shared = {k for k, n in seen.items() if n > 1}
    copies = {r.code for r in rules if any(isinstance(e, ast.Call) and e.name == "copies"
                                           for e in subexpressions(r.check))}
    return shared, {k: last[k] for k in shared}, copies


def test_the_plan_is_the_plain_reading_of_the_catalogue(registry) -> None:
    rules = registry.ordered()
    plan = plan_of(rules)
    shared, last, copies = _plain_reading(rules)
    assert plan.shared == shared and plan.last_use == last and plan.copy_codes == copies
    assert len(shared) > 20 and copies  # the catalogue shares work and pairs copies
    for rule in rules:
        for name in ("copies", "peer_median"):
            first = next((e for e in subexpressions(rule.check)
                          if isinstance(e, ast.Call) and e.name == name), None)
            assert plan.call(rule, name) is first, (rule.code, name)
    assert any(plan.call(r, "peer_median") for r in rules)


def test_the_plan_is_kept_per_rule_set(registry) -> None:
    rules = registry.ordered()
    assert plan_of(rules) is plan_of(registry.ordered())  # the same rules: planned once
    fewer = rules[1:]
    assert plan_of(fewer) is not plan_of(rules)
    changed = [with_tolerance(r, ast.Tolerance(Decimal(1))) if r.code == "ROL-001" else r
               for r in rules]
    assert plan_of(changed) is not plan_of(rules)  # another check: another plan
    loose = replace(rules[0])
    assert plan_of([loose]).call(rules[1], "copies") is \
        next((e for e in subexpressions(rules[1].check)
              if isinstance(e, ast.Call) and e.name == "copies"), None)  # read on the spot


def test_counted_upkeep_frees_what_a_recount_frees() -> None:
    ws = Workspace(to_frames([]))
    kept = pd.Series(["x", "y", "x"], dtype=object)
    dropped = pd.Series(["a", "b", "a"], dtype=object)
    twice = pd.Series(["p", "q", "p"], dtype=object)
    for column in (kept, dropped, twice):
        ws.factorized(column)
    ws.cache[("lookup_one", "item", "parent", "kode")] = kept
    ws.cache[("a",)] = twice
    ws.cache[("b",)] = (twice, 3)
    ws.cache[("c",)] = dropped
    ws.finished(0)
    assert len([k for k in ws.cache if k[0] == "factorized"]) == 3
    del ws.cache[("c",)]  # the only holder of ``dropped``
    del ws.cache[("a",)]  # one of two holders of ``twice``
    ws.finished(1)
    assert {k[1] for k in ws.cache if k[0] == "factorized"} == \
        {_held(kept)[1], _held(twice)[1]}
    del ws.cache[("b",)]
    ws.finished(2)
    assert {k[1] for k in ws.cache if k[0] == "factorized"} == {_held(kept)[1]}


def test_a_categorical_column_is_one_column() -> None:
    """Its factorisation is found again, and no copy of its values is kept with it."""
    frame = pd.DataFrame({"level": pd.Categorical(["program", "kegiatan", "program"])})
    ws = Workspace(to_frames([]))
    first = ws.factorized(frame["level"])
    again = ws.factorized(frame["level"])
    assert first[0] is again[0]
    assert _held(frame["level"])[1] == _held(frame["level"])[1]
    (held,) = [v[2] for k, v in ws.cache.items() if k[0] == "factorized"]
    assert not isinstance(held, np.ndarray)  # the categorical itself, not its values


def test_a_rule_run_alone_shows_its_calls(registry) -> None:
    """``run_rule`` for a rule outside the engine's set still finds its shown calls."""
    engine = Engine(registry, [r for r in registry.ordered() if r.code == "KOD-003"])
    peer = next(r for r in registry.ordered() if any(
        isinstance(e, ast.Call) and e.name == "peer_median" for e in subexpressions(r.check)))
    assert plan_of(engine.rules).call(peer, "peer_median") is not None
