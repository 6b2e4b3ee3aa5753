"""Rules that cannot fail, decided from the rule's text and a summary of the frames.

On a document of a few hundred rows most rules find nothing in scope: a plan without a PK
has no row where ``document.jenis = "pk"``, a plan without quarter targets none where
``count(target_tw) > 0``. Evaluating such a ``where`` still costs a dozen pandas calls
(a lookup, a factorisation, a nullable boolean per operand), most of a small run's engine
time. Here the ``where`` is read as an expression over *facts* about its columns — blank
in every row, only these texts, the same whole number everywhere — gathered once per
column per run, and a rule whose scope is provably empty is skipped before any pandas
call on its rows. What a fact cannot decide stays undecided and the rule runs as before,
so a skip never changes a finding.

The decision follows what :class:`checker.engine.evaluate.Evaluator` does with blanks
(a comparison with a blank side is not applicable, ``blank`` of a blank value is true,
``not`` of not-applicable is not-applicable, ``and``/``or`` are three-valued); the tests
check it against evaluating every ``where`` of the catalogue on real documents.

A ``where`` that pairs rows across documents (``pk.anggaran``, ``renstra_tahun.target``,
``copies``) records the pairings it made for LDK-010; a rule with such a ``where`` is never
skipped while a document of that kind is in the run, so the notes stay the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import numpy as np
import pandas as pd

from checker.dsl import ast
from checker.dsl.names import NameError_, Relation, Resolved, resolve
from checker.engine.kernels import ORDER, _is_text, text_test
from checker.engine.reference_functions import FUNCTIONS as REFERENCE
from checker.engine.workspace import Workspace

#: Above this many distinct values a column's texts are not listed (a name column at
#: national scale): tests on it are then left to the evaluator.
MAX_TEXTS = 5000
# The nomenclature's functions (``REFERENCE``) give a blank for a blank argument: they look
# up the distinct non-blank values only (``reference_functions._by_unique``, ``_pairs``).


class Truth(Enum):
    """What a condition is known to give on every row of the frame."""

    TRUE = "true"  # every row true
    FALSE = "false"  # every row false
    BLANK = "blank"  # every row not applicable
    NEVER = "never"  # every row false or not applicable (never true)
    UNKNOWN = "unknown"


_NEVER_TRUE = (Truth.FALSE, Truth.BLANK, Truth.NEVER)


@dataclass(frozen=True)
class Facts:
    """What is known of a value on every row: blank everywhere, its texts, one number."""

    blank: bool = False
    #: every non-blank value is a ``str`` among these (None: not known)
    texts: frozenset[str] | None = None
    #: every row holds this whole number, none blank (None: not known)
    number: int | None = None


UNKNOWN = Facts()
BLANK = Facts(blank=True)


def cannot_apply(ws: Workspace, entity: str, where: ast.Expr) -> bool:
    """True when ``where`` is provably never true on ``entity``'s frame: nothing in scope.

    Kept per (entity, expression) in the workspace: rules share their scopes.
    """
    key = ("cannot_apply", entity, where)
    found = ws.cache.get(key)
    if found is None:
        prover = _Prover(ws, entity)
        found = ws.cache[key] = (prover.truth(where) in _NEVER_TRUE
                                 and not prover.pairs(where))
    return found


def column_facts(ws: Workspace, entity: str, column: str) -> Facts:
    """Blank everywhere, or the distinct texts, of one column of ``entity``'s whole frame."""
    key = ("facts", entity, column)
    found = ws.cache.get(key)
    if found is None:
        found = ws.cache[key] = _column_facts(ws, ws.base(entity)[column])
    return found


def _column_facts(ws: Workspace, values: pd.Series) -> Facts:
    if not len(values) or np.asarray(values.array.isna(), dtype=bool).all():
        return BLANK  # (the array's own blank mask: no Series of it)
    if isinstance(values.dtype, pd.CategoricalDtype):
        distinct = values.cat.categories  # a superset of the values present: still true
    elif _is_text(values):
        distinct = ws.factorized(values)[1]  # the factorisation the evaluator shares
    else:
        return UNKNOWN
    if len(distinct) > MAX_TEXTS:
        return UNKNOWN
    texts = distinct.to_numpy(dtype=object)
    if not all(isinstance(t, str) for t in texts):
        return UNKNOWN
    return Facts(texts=frozenset(texts))


@lru_cache(maxsize=4096)
def _resolved(entity: str, path: tuple[str, ...]) -> Resolved | None:
    """``resolve`` once per name (the catalogue's few hundred), None for an unknown one."""
    try:
        return resolve(entity, path)
    except NameError_:  # an unknown name: the evaluator reports it
        return None


class _Prover:
    """The facts and truths of one entity's expressions (no pandas call per rule)."""

    def __init__(self, ws: Workspace, entity: str) -> None:
        self.ws = ws
        self.entity = entity

    # -- side effects ---------------------------------------------------------------
    def pairs(self, expr: ast.Expr | None) -> bool:
        """Whether evaluating ``expr`` may pair rows across documents (notes for LDK-010)."""
        if expr is None:
            return False
        if isinstance(expr, ast.Call) and expr.name in ("copies", "copy_cells"):
            return True
        if isinstance(expr, ast.FieldRef):
            relation = self._relation(expr)
            return relation is not None and relation.via is not None and \
                self._has_kind(_kind_of(relation.via))
        if isinstance(expr, ast.Call) and expr.where is not None:
            # ``count(children where …)``: the filter is evaluated on the related rows
            relation = self._relation(expr.args[0]) if isinstance(
                expr.args[0], ast.FieldRef) else None
            if relation is None or relation.via is not None or \
                    _Prover(self.ws, relation.target).pairs(expr.where):
                return True
        return any(self.pairs(c) for c in ast.children(expr))

    def _relation(self, ref: ast.FieldRef) -> Relation | None:
        res = _resolved(self.entity, ref.path)
        return None if res is None else res.relation

    def _has_kind(self, kind: str) -> bool:
        jenis = column_facts(self.ws, "document", "jenis")
        return jenis.texts is None or kind in jenis.texts

    # -- truths ---------------------------------------------------------------------
    def truth(self, expr: ast.Expr) -> Truth:
        if isinstance(expr, ast.And):
            parts = [self.truth(o) for o in expr.operands]
            if Truth.FALSE in parts:
                return Truth.FALSE  # false and anything (blank included) is false
            if any(p in _NEVER_TRUE for p in parts):
                return Truth.NEVER
            return Truth.TRUE if all(p is Truth.TRUE for p in parts) else Truth.UNKNOWN
        if isinstance(expr, ast.Or):
            parts = [self.truth(o) for o in expr.operands]
            if Truth.TRUE in parts:
                return Truth.TRUE
            if all(p is Truth.FALSE for p in parts):
                return Truth.FALSE
            if all(p is Truth.BLANK for p in parts):
                return Truth.BLANK
            return Truth.NEVER if all(p in _NEVER_TRUE for p in parts) else Truth.UNKNOWN
        if isinstance(expr, ast.Not):
            inner = self.truth(expr.operand)
            return {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE,
                    Truth.BLANK: Truth.BLANK}.get(inner, Truth.UNKNOWN)
        if isinstance(expr, ast.Compare):
            return self._compare(expr)
        if isinstance(expr, ast.Member):
            value = self.facts(expr.value)
            if value.blank:
                return Truth.BLANK
            options = {o.value for o in expr.options if isinstance(o, ast.Str)}
            if value.texts is not None and len(options) == len(expr.options) \
                    and not value.texts & options:
                return Truth.NEVER
            return Truth.UNKNOWN
        if isinstance(expr, ast.Call):
            return self._call_truth(expr)
        return Truth.UNKNOWN

    def _compare(self, expr: ast.Compare) -> Truth:
        left, right = self.facts(expr.left), self.facts(expr.right)
        if left.blank or right.blank:
            # not applicable; a float NaN side compares false, never true either
            return Truth.NEVER
        if expr.op == "=":
            for side, other in ((expr.left, right), (expr.right, left)):
                if isinstance(side, ast.Str) and isinstance(side.value, str) \
                        and other.texts is not None and side.value not in other.texts:
                    return Truth.NEVER  # only a str equals a str (``_equals_literal``)
        if left.number is not None and right.number is not None and expr.tolerance is None:
            held = ORDER[expr.op](left.number, right.number)
            return Truth.TRUE if held else Truth.FALSE
        return Truth.UNKNOWN

    def _call_truth(self, call: ast.Call) -> Truth:
        if call.name in ("present", "blank") and len(call.args) == 1:
            value = self.facts(call.args[0])
            empty = value.blank or (value.texts is not None
                                    and all(not t.strip() for t in value.texts))
            if not empty:
                return Truth.UNKNOWN
            return Truth.FALSE if call.name == "present" else Truth.TRUE
        if call.name == "case_has" and isinstance(call.args[0], ast.Str):
            return Truth.UNKNOWN if self._has_kind(str(call.args[0].value)) else Truth.FALSE
        if call.name in ("starts_with", "contains") and len(call.args) == 2:
            text, other = self.facts(call.args[0]), self.facts(call.args[1])
            if text.blank or other.blank:
                return Truth.BLANK
            pattern = call.args[1]
            if text.texts is not None and isinstance(pattern, ast.Str) \
                    and isinstance(pattern.value, str) \
                    and not any(text_test(call.name, t, pattern.value) for t in text.texts):
                return Truth.NEVER
        if call.name in REFERENCE and any(self.facts(a).blank for a in call.args):
            return Truth.BLANK
        return Truth.UNKNOWN

    # -- values ---------------------------------------------------------------------
    def facts(self, expr: ast.Expr) -> Facts:
        if isinstance(expr, ast.Str):
            return Facts(texts=frozenset([expr.value])) if isinstance(expr.value, str) \
                else UNKNOWN
        if isinstance(expr, ast.Num):
            whole = expr.value == expr.value.to_integral_value()
            return Facts(number=int(expr.value)) if whole else UNKNOWN
        if isinstance(expr, ast.FieldRef):
            return self._field(expr)
        if isinstance(expr, ast.Arith):
            if self.facts(expr.left).blank or self.facts(expr.right).blank:
                return BLANK
            return UNKNOWN
        if isinstance(expr, ast.Neg):
            return BLANK if self.facts(expr.operand).blank else UNKNOWN
        if isinstance(expr, ast.Call):
            return self._call_facts(expr)
        return UNKNOWN

    def _field(self, ref: ast.FieldRef) -> Facts:
        res = _resolved(self.entity, ref.path)
        if res is None or res.shape != "scalar" or not res.columns:
            return UNKNOWN
        relation, column = res.relation, res.columns[0]
        if relation is None:
            target = self.entity
        elif relation.via is not None:
            if self._has_kind(_kind_of(relation.via)):
                return UNKNOWN
            # No document of that kind in the run: nothing to pair with, and the pairing
            # (``Workspace.matched``, ``periods.matched_year``) stops before any note.
            return BLANK
        else:
            target = relation.target
        if column not in self.ws.base(target).columns:
            return UNKNOWN  # the evaluator raises; the rule's failure is reported
        # A lookup gives the related row's value, or a blank where none is related.
        return column_facts(self.ws, target, column)

    def _call_facts(self, call: ast.Call) -> Facts:
        arg = call.args[0] if call.args else None
        if call.name == "count" and isinstance(arg, ast.FieldRef) and call.where is None:
            res = _resolved(self.entity, arg.path)
            if res is None:
                return UNKNOWN
            if res.shape == "series" and res.relation is None and all(
                    c in self.ws.base(self.entity).columns for c in res.columns) and all(
                    column_facts(self.ws, self.entity, c).blank for c in res.columns):
                return Facts(number=0)  # no quarter filled: counted 0 on every row
            return UNKNOWN
        if call.name == "lower" and arg is not None:
            value = self.facts(arg)
            if value.blank:
                return BLANK
            if value.texts is not None:
                return Facts(texts=frozenset(t.lower() for t in value.texts))
            return UNKNOWN
        if call.name in REFERENCE and any(self.facts(a).blank for a in call.args):
            return BLANK
        if call.name in ("peer_count", "peer_median") and self._one_place():
            # No other place to compare with: every count 0, every median blank
            # (``Evaluator.peer_table`` builds no groups then).
            return Facts(number=0) if call.name == "peer_count" else BLANK
        return UNKNOWN

    def _one_place(self) -> bool:
        """Whether every row of the frame is of one case (pemda, perangkat daerah, year)."""
        from checker.engine.evaluate import Evaluator

        return len(np.unique(Evaluator(self.ws, self.entity).peer_cases())) < 2



def _kind_of(via: str) -> str:
    """The document kind a pairing looks for (``renstra@tahun``: the Renstra)."""
    return via.split("@", 1)[0]
