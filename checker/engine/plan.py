"""What the engine knows of a rule set before it reads a document, worked out once.

Which expressions several rules compute (kept once computed), where each is read last
(freed after it), which rules pair copied blocks, which call of a rule's check names the
copies or the peers a finding shows: all of it depends on the rules alone. It was
recomputed on every run by walking every rule's expressions and hashing each node (a
frozen dataclass hashes its whole subtree, every time): ~10 ms of a small document's
engine, and as much again in :meth:`Workspace.finished`. Here it is one walk per rule set,
kept while the rule set lives (the registry is loaded once per process, and a warm
benchmark runs the same rules again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from checker.dsl import ast

#: Calls of a check that a finding shows more of: the copied block's cells, the peers.
SHOWN_CALLS = ("copies", "peer_median")
_KEPT_PLANS = 8  # rule sets planned and kept (the catalogue, a selection, a test's rules)


def subexpressions(expr: ast.Expr | None) -> list[ast.Expr]:
    """Every expression node under ``expr``, itself included, in reading order."""
    if expr is None:
        return []
    out = [expr]
    for child in ast.children(expr):
        out += subexpressions(child)
    return out


@dataclass(frozen=True)
class Plan:
    """The facts of one rule set that no document changes."""

    #: (entity, expression) pairs computed more than once by the scopes and checks
    shared: frozenset[tuple[str, ast.Expr]]
    #: for every shared pair, the position of the last rule whose scope or check reads it
    last_use: dict[tuple[str, ast.Expr], int]
    #: codes of the rules that join rows across agencies (``copies``)
    copy_codes: frozenset[str]
    #: per rule (by identity), the first ``copies`` / ``peer_median`` call of its check
    calls: dict[int, dict[str, ast.Call]]

    def call(self, rule: ast.Rule, name: str) -> ast.Call | None:
        """The first call named ``name`` in ``rule``'s check (one of :data:`SHOWN_CALLS`).

        A rule outside the planned set (run alone by a caller) is read on the spot.
        """
        named = self.calls.get(id(rule))
        return (named if named is not None else _shown_calls(rule)).get(name)


def plan_of(rules: Iterable[ast.Rule]) -> Plan:
    """The plan of ``rules`` (in this order), computed once while the same rules are used.

    Kept by the identity of the rules and of their scope and check (a rule's expressions
    are frozen; a rule given another check is another rule set). The rules are held with
    their plan, so no identity is reused while it is kept.
    """
    rules = tuple(rules)
    ident = tuple((id(r), id(r.where), id(r.check), r.entity, r.source) for r in rules)
    found = _PLANS.get(ident)
    if found is None:
        if len(_PLANS) >= _KEPT_PLANS:
            del _PLANS[next(iter(_PLANS))]
        found = _PLANS[ident] = (rules, _plan(rules))
    return found[1]


_PLANS: dict[tuple, tuple[tuple[ast.Rule, ...], Plan]] = {}


def _plan(rules: tuple[ast.Rule, ...]) -> Plan:
    """One walk over every rule's scope and check (see :class:`Plan`)."""
    uses: dict[tuple[str, ast.Expr], list[int]] = {}  # key: [times read, last position]
    copy_codes: set[str] = set()
    calls: dict[int, dict[str, ast.Call]] = {}
    for position, rule in enumerate(rules):
        checked = subexpressions(rule.check)
        named = calls[id(rule)] = _shown_calls(rule, checked)
        if "copies" in named:
            copy_codes.add(rule.code)
        if rule.source != "dsl":
            continue
        entity = rule.entity or "item"
        for expr in (*subexpressions(rule.where), *checked):
            if isinstance(expr, ast.Num | ast.Str) or (
                    isinstance(expr, ast.FieldRef) and len(expr.path) == 1):
                continue  # reading a literal or a plain field costs nothing worth keeping
            use = uses.get((entity, expr))
            if use is None:
                uses[(entity, expr)] = [1, position]
            else:
                use[0] += 1
                use[1] = position
    shared = {key: last for key, (n, last) in uses.items() if n > 1}
    return Plan(shared=frozenset(shared), last_use=shared, copy_codes=frozenset(copy_codes),
                calls=calls)


def _shown_calls(rule: ast.Rule, checked: list[ast.Expr] | None = None) -> dict[str, ast.Call]:
    """The first call of each name in :data:`SHOWN_CALLS` in ``rule``'s check."""
    named: dict[str, ast.Call] = {}
    for expr in subexpressions(rule.check) if checked is None else checked:
        if isinstance(expr, ast.Call) and expr.name in SHOWN_CALLS:
            named.setdefault(expr.name, expr)
    return named
