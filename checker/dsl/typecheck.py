"""Name and type checks that run before any rule touches data.

A rule that names an unknown field, adds a text to a number or compares a quarter series
with a single value is refused at load time with ``file:line:col`` and a hint, so a
mistake in a rule file can never surface as a crash in the middle of an audit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from checker.dsl import ast
from checker.dsl.errors import DslError
from checker.dsl.names import RELATIONS, NameError_, resolve
from checker.model.schema import CATEGORIES, ENTITIES, DocumentKind, Kind

NUMERIC = {Kind.MONEY, Kind.NUMBER, Kind.INT}
TEXTUAL = {Kind.TEXT, Kind.CHOICE}
SEVERITIES = ("error", "warning", "info")
SOURCES = ("dsl", "importer")
POLARITY_WORDS = ("positif", "negatif", "tetap")


@dataclass(frozen=True)
class Type:
    """``shape`` is scalar, series, many, relation or bool; ``kind`` the value kind."""

    shape: str
    kind: Kind | None = None

    def describe(self) -> str:
        if self.shape == "bool":
            return "ya/tidak"
        return f"{self.shape}:{self.kind.value if self.kind else '-'}"


BOOL = Type("bool")
NUMBER = Type("scalar", Kind.NUMBER)
TEXT = Type("scalar", Kind.TEXT)

# name → (accepted argument shapes, result); "elem" means the argument's own kind.
FUNCTIONS: dict[str, str] = {
    "sum": "aggregate", "min": "aggregate", "max": "aggregate",
    "first": "series_value", "last": "series_value",
    "count": "count", "count_blank": "count_blank",
    "nondecreasing": "series_bool",
    "blank": "any_bool", "present": "any_bool",
    "abs": "numeric", "round": "round",
    "starts_with": "text2", "contains": "text2",
    "lower": "text1",
    "case_has": "document_kind",
    "peer_median": "numeric_peer", "peer_count": "numeric_peer",
    # the same values in another agency of the run's government and period (issue 18)
    "copies": "copy_join", "copy_cells": "copy_join", "count_specific": "specific",
    # national nomenclature lookups (implemented in checker/engine/reference_functions.py)
    "wellformed_code": "ref_bool1", "known_code": "ref_bool1", "official_name": "ref_text1",
    "official_unit": "ref_text1", "official_indicator": "ref_text1",
    "provincial_kegiatan": "ref_bool1", "same_name": "ref_bool2", "known_name": "ref_bool2",
    "name_fits_code": "ref_bool2",
    "closest_name": "ref_text2",
    "cell": "cell",
}


class Checker:
    """Checks one rule; raises :class:`DslError` at the first problem."""

    def __init__(self, rule: ast.Rule) -> None:
        self.rule = rule

    def fail(self, pos: ast.Pos, key: str, **params: object) -> DslError:
        return DslError(self.rule.file, pos.line or self.rule.pos.line, pos.column or 1, key,
                        **params)

    def check(self) -> None:
        r = self.rule
        where = r.clause_pos
        for key in ("title", "category", "severity"):
            if key not in where:
                raise self.fail(r.pos, "dsl.missing_clause", clause=key, code=r.code)
        if r.category not in CATEGORIES:
            raise self.fail(where["category"], "dsl.unknown_category", word=r.category,
                            known=", ".join(CATEGORIES))
        if r.severity not in SEVERITIES:
            raise self.fail(where["severity"], "dsl.unknown_severity", word=r.severity)
        if r.source not in SOURCES:
            raise self.fail(where["source"], "dsl.unknown_source", word=r.source)
        if r.polarity is not None and r.polarity not in POLARITY_WORDS:
            raise self.fail(where["polarity"], "dsl.unknown_polarity", word=r.polarity)
        if not r.message and r.source == "dsl":
            raise self.fail(r.pos, "dsl.missing_clause", clause="message", code=r.code)
        if r.source == "importer":
            for key in ("for", "check", "at", "actual", "expected"):
                if key in where:
                    raise self.fail(where[key], "dsl.importer_rule_clause", clause=key)
            return
        for key in ("for", "check"):
            if key not in where:
                raise self.fail(r.pos, "dsl.missing_clause", clause=key, code=r.code)
        if r.entity not in ENTITIES:
            raise self.fail(where["for"], "dsl.unknown_entity", word=r.entity,
                            known=", ".join(ENTITIES))
        if r.where is not None:
            self.expect_bool(r.where)
        assert r.check is not None
        self.expect_bool(r.check)
        if r.at is not None:
            t = self.type_of(r.at)
            if t.shape not in ("scalar",) or r.at.path[0] in RELATIONS[r.entity]:
                raise self.fail(r.at.pos, "dsl.bad_at", name=r.at.text)
        for value in (r.actual, r.expected):
            if value is not None:
                self.expect_value(value)
        for templates in (r.message, r.suggest):
            for template in templates.values():
                for expr in template.expressions():
                    self.expect_value(expr, allow_bool=True)

    # -- expressions -------------------------------------------------------------------

    def expect_bool(self, expr: ast.Expr) -> None:
        t = self.type_of(expr)
        if t.shape != "bool":
            raise self.fail(expr.pos, "dsl.expected_condition", got=t.describe())

    def expect_value(self, expr: ast.Expr, allow_bool: bool = False) -> Type:
        t = self.type_of(expr)
        if t.shape in ("scalar",) or (allow_bool and t.shape == "bool"):
            return t
        if t.shape == "series":  # a series prints as its four values
            return t
        raise self.fail(expr.pos, "dsl.expected_value", got=t.describe())

    def type_of(self, expr: ast.Expr) -> Type:
        entity = self.rule.entity or "item"
        if isinstance(expr, ast.Num):
            return NUMBER
        if isinstance(expr, ast.Str):
            return TEXT
        if isinstance(expr, ast.FieldRef):
            try:
                res = resolve(entity, expr.path)
            except NameError_ as exc:
                hint = ", ".join(exc.hints) if exc.hints else "-"
                raise self.fail(expr.pos, "dsl.unknown_name", name=exc.name, entity=entity,
                                hint=hint) from None
            return Type(res.shape, res.kind)
        if isinstance(expr, ast.SeriesRange):
            a, b = self.type_of(expr.start), self.type_of(expr.end)
            if a.shape != "scalar" or b.shape != "scalar" or a.kind != b.kind:
                raise self.fail(expr.pos, "dsl.bad_range")
            sa, sb = expr.start.text, expr.end.text
            if sa[:-1] != sb[:-1] or not sa[-1].isdigit() or not sb[-1].isdigit() \
                    or int(sa[-1]) >= int(sb[-1]):
                raise self.fail(expr.pos, "dsl.bad_range")
            return Type("series", a.kind)
        if isinstance(expr, ast.Compare):
            lt, rt = self.type_of(expr.left), self.type_of(expr.right)
            for side, t in ((expr.left, lt), (expr.right, rt)):
                if t.shape != "scalar":
                    raise self.fail(side.pos, "dsl.compare_needs_value", got=t.describe())
            if (lt.kind in NUMERIC) != (rt.kind in NUMERIC):
                raise self.fail(expr.pos, "dsl.compare_mixed", left=lt.describe(),
                                right=rt.describe())
            if expr.tolerance is not None and lt.kind not in NUMERIC:
                raise self.fail(expr.pos, "dsl.tolerance_needs_number")
            if lt.kind not in NUMERIC and expr.op not in ("=", "!="):
                raise self.fail(expr.pos, "dsl.order_needs_number", op=expr.op)
            return BOOL
        if isinstance(expr, ast.Member):
            vt = self.type_of(expr.value)
            if vt.shape != "scalar":
                raise self.fail(expr.pos, "dsl.compare_needs_value", got=vt.describe())
            for option in expr.options:
                ot = self.type_of(option)
                if (ot.kind in NUMERIC) != (vt.kind in NUMERIC):
                    raise self.fail(option.pos, "dsl.compare_mixed", left=vt.describe(),
                                    right=ot.describe())
            return BOOL
        if isinstance(expr, ast.Arith):
            lt, rt = self.type_of(expr.left), self.type_of(expr.right)
            for side, t in ((expr.left, lt), (expr.right, rt)):
                if t.shape != "scalar" or t.kind not in NUMERIC:
                    raise self.fail(side.pos, "dsl.arith_needs_number", got=t.describe())
            if expr.op == "/" or Kind.NUMBER in (lt.kind, rt.kind):
                return NUMBER
            return Type("scalar", Kind.MONEY if Kind.MONEY in (lt.kind, rt.kind) else lt.kind)
        if isinstance(expr, ast.Neg):
            t = self.type_of(expr.operand)
            if t.shape != "scalar" or t.kind not in NUMERIC:
                raise self.fail(expr.pos, "dsl.arith_needs_number", got=t.describe())
            return t
        if isinstance(expr, ast.Not):
            self.expect_bool(expr.operand)
            return BOOL
        if isinstance(expr, ast.And | ast.Or):
            for operand in expr.operands:
                self.expect_bool(operand)
            return BOOL
        if isinstance(expr, ast.Call):
            return self.type_of_call(expr)
        raise self.fail(expr.pos, "dsl.unexpected_token", token=type(expr).__name__)

    def type_of_call(self, call: ast.Call) -> Type:
        if call.where is not None:
            return _filtered_type(self, call)
        sig = FUNCTIONS.get(call.name)
        if sig is None:
            from checker.reference.matching import close_matches

            hint = ", ".join(close_matches(call.name, FUNCTIONS, n=2)) or "-"
            raise self.fail(call.pos, "dsl.unknown_function", name=call.name, hint=hint,
                            known=", ".join(sorted(FUNCTIONS)))
        if sig == "document_kind":
            # The schema's kinds (as checker.engine.cases lists them), without importing
            # the engine and pandas just to load rules.
            kinds = tuple(k.value for k in DocumentKind)
            if len(call.args) != 1 or not isinstance(call.args[0], ast.Str) \
                    or call.args[0].value not in kinds:
                raise self.fail(call.pos, "dsl.bad_argument", name=call.name,
                                got=", ".join(kinds))
            return BOOL
        if sig == "cell":
            arg = call.args[0] if len(call.args) == 1 else None
            if not isinstance(arg, ast.FieldRef) or self.type_of(arg).shape != "scalar":
                raise self.fail(call.pos, "dsl.bad_argument", name=call.name, got="-")
            return TEXT
        args = [self.type_of(a) for a in call.args]
        if sig in ("copy_join", "specific"):
            return _copy_type(self, call, sig, args)
        if sig.startswith("ref_"):
            arity = int(sig[-1])
            if len(args) != arity:
                raise self.fail(call.pos, "dsl.wrong_arity", name=call.name, n=arity)
            for t in args:
                if t.shape != "scalar" or t.kind not in TEXTUAL:
                    raise self.fail(call.pos, "dsl.bad_argument", name=call.name,
                                    got=t.describe())
            return BOOL if "bool" in sig else TEXT
        arity = {"text2": 2, "round": 2}.get(sig, 1)
        if len(args) != arity:
            raise self.fail(call.pos, "dsl.wrong_arity", name=call.name, n=arity)
        a = args[0]
        bad = self.fail(call.pos, "dsl.bad_argument", name=call.name, got=a.describe())
        if sig == "aggregate":
            if a.shape not in ("series", "many") or a.kind not in NUMERIC:
                raise bad
            return Type("scalar", a.kind)
        if sig == "series_value":
            if a.shape != "series":
                raise bad
            return Type("scalar", a.kind)
        if sig == "count":
            if a.shape not in ("relation", "many", "series"):
                raise bad
            return Type("scalar", Kind.INT)
        if sig == "count_blank":
            if a.shape != "series":
                raise bad
            return Type("scalar", Kind.INT)
        if sig == "series_bool":
            if a.shape != "series" or a.kind not in NUMERIC:
                raise bad
            return BOOL
        if sig == "any_bool":
            if a.shape not in ("scalar",):
                raise bad
            return BOOL
        if sig == "numeric_peer":
            if a.shape != "scalar" or a.kind not in NUMERIC:
                raise bad
            return NUMBER if call.name == "peer_median" else Type("scalar", Kind.INT)
        if sig in ("numeric", "round"):
            if a.shape != "scalar" or a.kind not in NUMERIC:
                raise bad
            if sig == "round" and not isinstance(call.args[1], ast.Num):
                raise self.fail(call.args[1].pos, "dsl.bad_argument", name=call.name,
                                got=args[1].describe())
            return NUMBER if sig == "round" else a
        if sig in ("text1", "text2"):
            for t in args:
                if t.shape != "scalar" or t.kind not in TEXTUAL:
                    raise self.fail(call.pos, "dsl.bad_argument", name=call.name,
                                    got=t.describe())
            return BOOL if sig == "text2" else TEXT
        raise bad  # pragma: no cover - every signature is handled above


def _copy_type(checker: Checker, call: ast.Call, sig: str, args: list[Type]) -> Type:
    """``copies(keys…)``, ``copy_cells(keys…)``, ``count_specific(amounts, min, step)``.

    The join keys are the row's own fields (scalars or a quarter series): a copy is a row
    of another agency with the same values, so a related row's field has no meaning here.
    """
    if sig == "specific":
        if len(args) != 3:
            raise checker.fail(call.pos, "dsl.wrong_arity", name=call.name, n=3)
        if args[0].shape not in ("scalar", "series") or args[0].kind not in NUMERIC:
            raise checker.fail(call.pos, "dsl.bad_argument", name=call.name,
                               got=args[0].describe())
        for arg in call.args[1:]:
            if not isinstance(arg, ast.Num):
                raise checker.fail(arg.pos, "dsl.bad_argument", name=call.name, got="-")
        return Type("scalar", Kind.INT)
    if not args:
        raise checker.fail(call.pos, "dsl.wrong_arity", name=call.name, n=1)
    for arg, t in zip(call.args, args, strict=True):
        own = isinstance(arg, ast.SeriesRange) or (
            isinstance(arg, ast.FieldRef) and resolve(checker.rule.entity or "item",
                                                      arg.path).relation is None)
        if not own or t.shape not in ("scalar", "series"):
            raise checker.fail(call.pos, "dsl.bad_argument", name=call.name,
                               got=t.describe())
    return Type("scalar", Kind.INT) if call.name == "copies" else TEXT


def _filtered_type(checker: Checker, call: ast.Call) -> Type:
    """``sum(children.anggaran where …)``: an aggregate over the related rows that pass."""
    entity = checker.rule.entity or "item"
    arg = call.args[0]
    if call.name not in ("sum", "min", "max", "count") or not isinstance(arg, ast.FieldRef):
        raise checker.fail(call.pos, "dsl.bad_filter", name=call.name)
    try:
        res = resolve(entity, arg.path)
    except NameError_ as exc:
        raise checker.fail(arg.pos, "dsl.unknown_name", name=exc.name, entity=entity,
                           hint=", ".join(exc.hints) or "-") from None
    if res.shape not in ("many", "relation") or res.relation is None or res.relation.via:
        raise checker.fail(call.pos, "dsl.bad_filter", name=call.name)
    inner = Checker(replace(checker.rule, entity=res.relation.target))
    inner.expect_bool(call.where)  # type: ignore[arg-type]
    if call.name == "count":
        return Type("scalar", Kind.INT)
    if res.kind not in NUMERIC:
        raise checker.fail(call.pos, "dsl.bad_argument", name=call.name, got=res.kind or "-")
    return Type("scalar", res.kind)


def check_rule(rule: ast.Rule) -> None:
    """Refuse a rule with unknown names, wrong types or missing clauses."""
    Checker(rule).check()
