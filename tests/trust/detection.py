"""Plant errors in generated plans, run the whole catalogue once per batch, judge each plant.

A planted error is:

- ``undetectable`` when the mutated plan breaks no constraint of the independent oracle
  (:func:`tests.trust.strategies.violations`): it is itself a consistent plan, so no
  checker of internal consistency can see it (a swap of equal values, two quarters of a
  periodic plan exchanged, a cumulative quarter moved within its neighbours);
- ``detected`` when a finding of a rule category that checks the changed field points at the
  changed
  row or at a row whose checked value depends on it (``exact`` when at the very cell);
- ``explained`` when it is missed and every constraint it breaks is a listed gap of the
  catalogue (:data:`KNOWN_GAPS`, each with its reason);
- ``miss`` otherwise, and ``false_alarm`` when the oracle sees nothing wrong but a rule
  fires: both must never happen.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from checker.engine.run import Engine
from checker.model.finding import Finding
from tests.trust.strategies import (
    JENIS_FOR_KIND,
    PLANTERS,
    Chooser,
    Planted,
    RandomChooser,
    build_plan,
    violations,
)

# Constraints of the domain that no built-in rule checks, and why a miss there is expected.
# (A unit against the nomenclature's is SAT-004; a duplicated row ID KOD-004; the same
# indicator twice for one item KLP-007: issue 13 closed those gaps.)
KNOWN_GAPS: dict[str, str] = {
    "kode-nomenklatur": "code no longer names the official item (found by NOM-001/002 "
                        "where the nomenclature rules are installed)",
}


@dataclass
class Outcome:
    """How one planted error fared."""

    planted: Planted
    verdict: str
    exact: bool = False
    violated: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def describe(self) -> str:
        p = self.planted
        got = [(f.code, f.location.table, f.location.cell or f.location.row)
               for f in self.findings]
        return (f"{p.kind} {p.plan.doc_id} ({p.plan.jenis}) {p.sheet}!{p.column or ''}{p.row}"
                f" {p.note}: {self.verdict}; oracle {self.violated}; findings {got}")


def judge(planted: Planted, findings: list[Finding]) -> Outcome:
    """Classify one planted error from the findings of its document."""
    violated = violations(planted.plan)
    if not violated:
        return Outcome(planted, "false_alarm" if findings else "undetectable",
                       violated=violated, findings=findings)
    rows = {planted.plan.where(uid) for uid in planted.related} - {None}
    hits = [f for f in findings
            if f.category in planted.categories and (f.location.table, f.location.row) in rows]
    if hits:
        exact = any((f.location.table, f.location.row, f.location.column)
                    == (planted.sheet, planted.row, planted.column) for f in hits)
        return Outcome(planted, "detected", exact, violated, findings)
    if all(name in KNOWN_GAPS for name, _ in violated):
        return Outcome(planted, "explained", violated=violated, findings=findings)
    return Outcome(planted, "miss", violated=violated, findings=findings)


def plant_many(kind: str, c: Chooser, n: int, prefix: str = "D") -> list[Planted]:
    """``n`` generated plans, each with one error of ``kind`` planted (when applicable)."""
    out = []
    for i in range(n):
        plan = build_plan(c, f"{prefix}{i}", JENIS_FOR_KIND.get(kind))
        planted = PLANTERS[kind](c, plan)
        if planted is not None:
            out.append(planted)
    return out


def run_batch(registry, planted: list[Planted]) -> list[Outcome]:
    """One engine run over every mutated plan; each judged on its own document's findings."""
    # kewajaran (unit costs between agencies) is left out: generated budgets and targets
    # are drawn independently, so unit costs are arbitrary by construction.
    rules = [r for r in registry.ordered() if r.category != "kewajaran"]
    result = Engine(registry, rules).run([p.plan.document() for p in planted])
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_doc[f.document].append(f)
    return [judge(p, by_doc.get(p.plan.doc_id, [])) for p in planted]


def measure(registry, n: int, seed: int) -> dict[str, list[Outcome]]:
    """Outcomes of ``n`` plants of every kind, reproducibly from ``seed``."""
    out = {}
    for k, kind in enumerate(PLANTERS):
        c = RandomChooser(random.Random(seed * 1000 + k))
        out[kind] = run_batch(registry, plant_many(kind, c, n))
    return out


def table(outcomes: dict[str, list[Outcome]]) -> str:
    """The detection-rate table, one line per kind of planted error."""
    head = (f"{'kind':16} {'planted':>7} {'undetect.':>9} {'detectable':>10} {'detected':>8} "
            f"{'rate':>6} {'exact':>6} {'gap':>4} {'miss':>4} {'false':>5}  gaps")
    lines = [head, "-" * len(head)]
    for kind, results in outcomes.items():
        counts = Counter(o.verdict for o in results)
        detectable = counts["detected"] + counts["explained"] + counts["miss"]
        rate = counts["detected"] / detectable if detectable else 1.0
        exact = sum(o.exact for o in results)
        gaps = Counter(name for o in results if o.verdict == "explained"
                       for name in {v for v, _ in o.violated})
        lines.append(
            f"{kind:16} {len(results):7} {counts['undetectable']:9} {detectable:10} "
            f"{counts['detected']:8} {rate:6.1%} {exact:6} {counts['explained']:4} "
            f"{counts['miss']:4} {counts['false_alarm']:5}  "
            + ", ".join(f"{g}×{n}" for g, n in sorted(gaps.items())))
    return "\n".join(lines)
