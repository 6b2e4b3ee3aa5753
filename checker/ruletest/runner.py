"""Run fixture cases through the engine and compare what it finds with what was expected.

Each case runs its one rule alone over its tiny plan. The findings are compared in the
engine's own deterministic order (document, sheet, row, column), by code and cell, and by
the ``[actual, expected]`` values where the fixture gives them. A failing case carries a
diff, expected against found, aligned on the findings that do match, so the reader sees at
once which finding is missing, which is extra, and which sits in the wrong cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.dsl import ast
from checker.dsl.registry import Registry
from checker.engine.run import Engine
from checker.model.finding import Finding
from checker.ruletest.fixture import Case, Expected, FixtureFile
from checker.ruletest.yamlpos import FixtureError


@dataclass(frozen=True)
class DiffLine:
    """One line of a case's diff: ``=`` in both, ``-`` expected only, ``+`` found only."""

    op: str
    expected: Expected | None = None
    found: Finding | None = None


@dataclass
class CaseResult:
    """The outcome of one case: passed, or the diff and the engine's failure if any."""

    case: Case
    found: list[Finding]
    diff: list[DiffLine]
    failure: str | None = None

    @property
    def passed(self) -> bool:
        return self.failure is None and all(line.op == "=" for line in self.diff)


@dataclass(frozen=True)
class CoverageGap:
    """A rule under test without fixtures, or without a passing or a failing case."""

    rule: ast.Rule
    missing: tuple[str, ...]  # "fixture", or the case kinds lacking: "pass", "fail"


@dataclass
class SuiteResult:
    """Every case's result, the coverage gaps, and what was tested."""

    results: list[CaseResult] = field(default_factory=list)
    gaps: list[CoverageGap] = field(default_factory=list)
    rules_tested: list[str] = field(default_factory=list)
    importer_rules: list[str] = field(default_factory=list)  # raised while reading: no case

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]


def matches(expected: Expected, found: Finding) -> bool:
    """Whether a finding is the one expected: code, cell, and values when given."""
    loc = found.location
    if expected.document is not None and expected.document != found.document:
        return False
    if (expected.table, expected.row, expected.column, expected.code) != (
            loc.table, loc.row, loc.column, found.code):
        return False
    return expected.values is None or _same(list(expected.values),
                                            [found.actual, found.expected])


def _same(left: Any, right: Any) -> bool:
    """Equality as the fixture means it: 84 and 84.0 are the same value."""
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right,
                                                                          strict=True))
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    return bool(left == right)


def diff(expected: list[Expected], found: list[Finding]) -> list[DiffLine]:
    """Expected against found, aligned on their longest common ordered run of matches.

    Cases hold a handful of findings, so the quadratic table is cheap and keeps the diff
    minimal: a finding in the wrong cell shows as one ``-`` and one ``+`` line.
    """
    n, m = len(expected), len(found)
    common = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            common[i][j] = (common[i + 1][j + 1] + 1 if matches(expected[i], found[j])
                            else max(common[i + 1][j], common[i][j + 1]))
    lines: list[DiffLine] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and matches(expected[i], found[j]):
            lines.append(DiffLine("=", expected[i], found[j]))
            i, j = i + 1, j + 1
        elif j < m and (i == n or common[i][j + 1] >= common[i + 1][j]):
            lines.append(DiffLine("+", found=found[j]))
            j += 1
        else:
            lines.append(DiffLine("-", expected=expected[i]))
            i += 1
    return _expected_first(lines)


def _expected_first(lines: list[DiffLine]) -> list[DiffLine]:
    """Within each run of changes, the expected lines before the found ones (as diff does)."""
    out: list[DiffLine] = []
    run: list[DiffLine] = []
    for line in [*lines, DiffLine("=")]:
        if line.op == "=":
            out += [x for x in run if x.op == "-"] + [x for x in run if x.op == "+"]
            run = []
            if line.expected is not None:
                out.append(line)
        else:
            run.append(line)
    return out


def run_case(registry: Registry, case: Case) -> CaseResult:
    """Run the case's rule alone over the case's documents and compare."""
    rule = registry.get(case.rule)
    if rule is None:  # checked when the suite was assembled; kept for direct callers
        raise FixtureError(case.file, case.pos.line, case.pos.column, "ruletest.unknown_rule",
                           code=case.rule)
    documents = [d.model_copy(deep=True) for d in case.documents]
    result = Engine(registry, [rule]).run(documents)
    failure = "; ".join(reason for _, reason in result.failures) or None
    return CaseResult(case, result.findings, diff(case.expected, result.findings), failure)


def check_fixtures(registry: Registry, fixtures: list[FixtureFile]) -> None:
    """Refuse a fixture for a rule that does not exist or that the engine does not run."""
    for fixture in fixtures:
        rule = registry.get(fixture.rule)
        pos = fixture.rule_pos
        if rule is None:
            raise FixtureError(fixture.path, pos.line, pos.column, "ruletest.unknown_rule",
                               code=fixture.rule)
        if rule.source != "dsl":
            raise FixtureError(fixture.path, pos.line, pos.column, "ruletest.importer_rule",
                               code=fixture.rule)


def coverage(rules: list[ast.Rule], fixtures: list[FixtureFile]) -> list[CoverageGap]:
    """Rules under test lacking a fixture, a passing case, or a failing case.

    A rule that is only ever seen staying silent may never fire at all, and one only seen
    firing may fire on everything: each needs one case of each kind.
    """
    kinds: dict[str, set[str]] = {}
    for fixture in fixtures:
        kinds.setdefault(fixture.rule, set()).update(c.kind for c in fixture.cases)
    gaps = []
    for rule in rules:
        if rule.source != "dsl":
            continue
        if rule.code not in kinds:
            gaps.append(CoverageGap(rule, ("fixture",)))
            continue
        missing = tuple(k for k in ("pass", "fail") if k not in kinds[rule.code])
        if missing:
            gaps.append(CoverageGap(rule, missing))
    return gaps


def run_suite(registry: Registry, rules: list[ast.Rule],
              fixtures: list[FixtureFile]) -> SuiteResult:
    """Every case of every fixture, plus the coverage of ``rules`` (the rules under test)."""
    check_fixtures(registry, fixtures)
    suite = SuiteResult(rules_tested=[r.code for r in rules if r.source == "dsl"],
                        importer_rules=[r.code for r in rules if r.source != "dsl"])
    for fixture in fixtures:
        suite.results += [run_case(registry, case) for case in fixture.cases]
    suite.gaps = coverage(rules, fixtures)
    return suite
