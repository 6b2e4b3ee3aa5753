"""Vectorised evaluation of rule expressions over the plan's DataFrames.

Every expression becomes whole-column pandas operations: a field is a column, a quarter
series is four columns, ``sum(children.anggaran)`` is one ``groupby`` on the parent key
mapped back onto the rows, ``parent.anggaran`` one keyed lookup. No Python loop runs per
row. Aggregates and lookups are cached on the :class:`Workspace`, so rules that need the
same group-by share it.

Blank values follow one rule: a comparison with a blank side is *not applicable* (neither
pass nor fail), because completeness has its own rules and a reviewer wants one finding
per fact. Quarter sums treat a blank quarter as nothing planned (0) but are blank when all
four are blank; a sum over children is blank when any child's value is blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.dsl import ast
from checker.dsl.names import Relation, resolve
from checker.model.frames import Frames

FLOAT_EPSILON = 1e-9


@dataclass
class Workspace:
    """The frames of one run plus the work rules share (group-bys, keyed lookups)."""

    frames: Frames
    cache: dict[tuple, Any] = field(default_factory=dict)

    def keyed(self, relation: Relation, column: str) -> pd.Series:
        """``column`` of the relation's target, indexed by (document, target key)."""
        key = ("keyed", relation.target, relation.target_key, column)
        if key not in self.cache:
            target = self.frames.get(relation.target)
            columns = list(dict.fromkeys(["_doc", relation.target_key, column]))
            sub = target[columns].dropna(
                subset=[relation.target_key])
            sub = sub.drop_duplicates(subset=["_doc", relation.target_key], keep="first")
            self.cache[key] = pd.Series(
                sub[column].to_numpy(),
                index=pd.MultiIndex.from_arrays([sub["_doc"], sub[relation.target_key]]),
                dtype=target[column].dtype)
        return self.cache[key]

    def keys(self, entity: str) -> pd.DataFrame:
        """Case, kind and match keys of every row of ``entity`` (items or indicators)."""
        key = ("keys", entity)
        if key not in self.cache:
            from checker.engine.cases import indicator_keys, item_keys

            items, docs = self.frames.get("item"), self.frames.get("document")
            item_key_frame = self.keys("item") if entity == "indicator" else None
            self.cache[key] = item_keys(items, docs) if entity == "item" else indicator_keys(
                self.frames.get("indicator"), items, item_key_frame)
        return self.cache[key]

    def matched(self, entity: str, kind: str, column: str | None) -> pd.Series:
        """Row index of the same item in the case's ``kind`` document (carrying ``column``)."""
        key = ("matched", entity, kind, column)
        if key not in self.cache:
            from checker.engine.cases import match

            usable = self.frames.get(entity)[column].notna() if column else None
            self.cache[key] = match(self.keys(entity), kind, usable)
        return self.cache[key]

    def case_kinds(self) -> pd.Series:
        """Per document id, the set of document kinds present in its case."""
        key = ("case_kinds",)
        if key not in self.cache:
            from checker.engine.cases import case_of_documents

            docs = self.frames.get("document")
            case = case_of_documents(docs)
            kinds = pd.Series(docs["jenis"].to_numpy(), index=docs["_doc"].to_numpy())
            per_case = kinds.groupby(case).agg(lambda k: frozenset(k))
            self.cache[key] = case.map(per_case)
        return self.cache[key]

    def grouped(self, relation: Relation, column: str | None, func: str) -> pd.Series:
        """Aggregate of the relation's target rows per (document, target key)."""
        key = ("grouped", relation.target, relation.target_key, column, func)
        if key not in self.cache:
            target = self.frames.get(relation.target)
            keys = [target["_doc"], target[relation.target_key]]
            if func == "count" and column is None:
                result = target.groupby(keys, dropna=True).size()
            else:
                values = target[column]
                groups = values.groupby(keys, dropna=True)
                if func == "count":
                    result = values.notna().groupby(keys, dropna=True).sum()
                else:
                    result = getattr(groups, func)(min_count=1) if func == "sum" \
                        else getattr(groups, func)()
                    has_blank = values.isna().groupby(keys, dropna=True).any()
                    result = result.where(~has_blank.reindex(result.index, fill_value=False))
            if func == "count":
                result = result.astype("Int64")
            self.cache[key] = result
        return self.cache[key]


def _frame_keys(frame: pd.DataFrame, source_key: str) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays([frame["_doc"], frame[source_key]])


def _lookup(indexed: pd.Series, frame: pd.DataFrame, source_key: str,
            fill: Any = None) -> pd.Series:
    values = indexed.reindex(_frame_keys(frame, source_key))
    out = pd.Series(values.array, index=frame.index)
    if fill is not None:
        out = out.fillna(fill)
    return out


def _literal(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _as_series(value: Any, frame: pd.DataFrame) -> pd.Series:
    if isinstance(value, pd.Series):
        return value
    return pd.Series([value] * len(frame), index=frame.index)


def _is_float(s: pd.Series) -> bool:
    return pd.api.types.is_float_dtype(s.dtype)


def _numeric(s: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s
    return pd.to_numeric(s, errors="coerce").astype("Float64")


class Evaluator:
    """Evaluate expressions of rules scoped to ``entity`` over any subset of its frame."""

    def __init__(self, workspace: Workspace, entity: str) -> None:
        self.ws = workspace
        self.entity = entity

    # Values are pd.Series aligned to the frame, or a list of them for quarter series.
    def value(self, expr: ast.Expr, frame: pd.DataFrame) -> Any:
        if isinstance(expr, ast.Num):
            return _as_series(_literal(expr.value), frame)
        if isinstance(expr, ast.Str):
            return _as_series(expr.value, frame)
        if isinstance(expr, ast.FieldRef):
            return self.field(expr, frame)
        if isinstance(expr, ast.SeriesRange):
            start, end = expr.start.text, expr.end.text
            prefix = start[:-1]
            return [frame[f"{prefix}{i}"] for i in range(int(start[-1]), int(end[-1]) + 1)]
        if isinstance(expr, ast.Compare):
            return self.compare(expr, frame)
        if isinstance(expr, ast.Member):
            val = self.value(expr.value, frame)
            options = [self.value(o, frame).iloc[0] if len(frame) else None
                       for o in expr.options]
            return val.isin(options).astype("boolean").where(val.notna(), pd.NA)
        if isinstance(expr, ast.Arith):
            left = _numeric(self.value(expr.left, frame))
            right = _numeric(self.value(expr.right, frame))
            if expr.op == "+":
                return left + right
            if expr.op == "-":
                return left - right
            if expr.op == "*":
                return left * right
            right = right.astype("Float64").mask(right == 0)
            return left.astype("Float64") / right
        if isinstance(expr, ast.Neg):
            return -_numeric(self.value(expr.operand, frame))
        if isinstance(expr, ast.Not):
            return ~self.condition(expr.operand, frame)
        if isinstance(expr, ast.And):
            out = self.condition(expr.operands[0], frame)
            for operand in expr.operands[1:]:
                out = out & self.condition(operand, frame)
            return out
        if isinstance(expr, ast.Or):
            # Alternatives: true if any known alternative holds, false if every known one
            # fails, not applicable only when none can be evaluated ("PK or PK Perubahan").
            parts = [self.condition(o, frame) for o in expr.operands]
            any_true = parts[0].fillna(False)
            any_known = parts[0].notna()
            for part in parts[1:]:
                any_true = any_true | part.fillna(False)
                any_known = any_known | part.notna()
            return any_true.astype("boolean").where(any_true | any_known, pd.NA)
        if isinstance(expr, ast.Call):
            return self.call(expr, frame)
        raise TypeError(f"cannot evaluate {expr!r}")  # pragma: no cover - checked at load

    def condition(self, expr: ast.Expr, frame: pd.DataFrame) -> pd.Series:
        """A nullable boolean Series (NA: not applicable)."""
        value = self.value(expr, frame)
        return value.astype("boolean")

    def field(self, ref: ast.FieldRef, frame: pd.DataFrame) -> Any:
        res = resolve(self.entity, ref.path)
        if res.shape == "series":
            return [frame[c] for c in res.columns]
        if res.relation is None:
            return frame[res.columns[0]]
        if res.relation.via:  # the same item in another document of the case
            column = res.columns[0]
            where = self.ws.matched(self.entity, res.relation.via, column).reindex(frame.index)
            target = self.ws.frames.get(self.entity)[column]
            values = target.reindex(where.fillna(-1).astype("int64").to_numpy())
            return pd.Series(values.array, index=frame.index)
        if res.shape == "scalar":  # a one-to-one join: parent, item, document
            return _lookup(self.ws.keyed(res.relation, res.columns[0]), frame,
                           res.relation.source_key)
        raise TypeError(f"{ref.text} must be aggregated")  # pragma: no cover

    def cell(self, ref: ast.FieldRef, frame: pd.DataFrame) -> pd.Series:
        """``file › table › A1`` of a field's value, here or in the matched document."""
        res = resolve(self.entity, ref.path)
        column = f"{res.columns[0]}@cell"
        full = self.ws.frames.get(self.entity)
        if res.relation is not None and res.relation.via:
            where = self.ws.matched(self.entity, res.relation.via, res.columns[0])
            rows = where.reindex(frame.index).fillna(-1).astype("int64").to_numpy()
            source = full.reindex(rows)
        elif res.relation is None:
            source = frame
        else:
            raise TypeError("cell() takes a field of the row or of a matched document")
        cells = source[column] if column in source.columns else \
            pd.Series(None, index=source.index, dtype="object")
        name = source["_file"].astype("string").str.rsplit("/", n=1).str[-1]
        text = name + " › " + source["_table"].astype("string").fillna("-") + " › " + \
            cells.astype("string").fillna("baris " + source["_row"].astype("string"))
        return pd.Series(text.to_numpy(), index=frame.index, dtype="string")

    def compare(self, expr: ast.Compare, frame: pd.DataFrame) -> pd.Series:
        left = self.value(expr.left, frame)
        right = self.value(expr.right, frame)
        numeric = pd.api.types.is_numeric_dtype(left.dtype) or \
            pd.api.types.is_numeric_dtype(right.dtype)
        if not numeric:
            eq = (left == right).astype("boolean")
            eq = eq.where(left.notna() & right.notna(), pd.NA)
            return eq if expr.op == "=" else ~eq
        left, right = _numeric(left), _numeric(right)
        tol = self.tolerance(expr, left, right)
        diff = left.astype("Float64") - right.astype("Float64") \
            if tol is not None else left - right
        op = expr.op
        if tol is None:
            results = {"=": left == right, "!=": left != right, "<": left < right,
                       "<=": left <= right, ">": left > right, ">=": left >= right}
            return results[op].astype("boolean")
        results = {"=": diff.abs() <= tol, "!=": diff.abs() > tol, "<": diff < tol,
                   "<=": diff <= tol, ">": diff > -tol, ">=": diff >= -tol}
        return results[op].astype("boolean")

    @staticmethod
    def tolerance(expr: ast.Compare, left: pd.Series, right: pd.Series) -> Any:
        """Allowed difference: explicit, or a float's rounding noise, or none for integers."""
        scale = right.astype("Float64").abs().clip(lower=1.0)
        if expr.tolerance is not None:
            amount = float(expr.tolerance.amount)
            if expr.tolerance.percent:
                return right.astype("Float64").abs() * amount / 100 + FLOAT_EPSILON * scale
            return amount + FLOAT_EPSILON * scale
        if _is_float(left) or _is_float(right):
            return FLOAT_EPSILON * scale
        return None

    def call(self, call: ast.Call, frame: pd.DataFrame) -> Any:
        name = call.name
        arg = call.args[0]
        if name == "case_has":
            wanted = arg.value  # type: ignore[attr-defined]
            per_document = self.ws.case_kinds().map(lambda kinds: wanted in kinds)  # per doc
            return frame["_doc"].map(per_document).fillna(False).astype("boolean")
        if name == "cell":
            return self.cell(arg, frame)  # type: ignore[arg-type]
        from checker.engine.reference_functions import FUNCTIONS as REFERENCE

        if name in REFERENCE:
            func = REFERENCE[name][0]
            return func(*(self.value(a, frame).astype("object") for a in call.args))
        if name == "count" and isinstance(arg, ast.FieldRef):
            res = resolve(self.entity, arg.path)
            if res.relation is not None and res.relation.via:
                where = self.ws.matched(self.entity, res.relation.via, None)
                return where.reindex(frame.index).notna().astype("Int64")
        if name in ("sum", "min", "max", "count") and isinstance(arg, ast.FieldRef):
            res = resolve(self.entity, arg.path)
            if res.shape in ("many", "relation"):
                column = res.columns[0] if res.columns else None
                func = "count" if name == "count" else name
                grouped = self.ws.grouped(res.relation, column, func)
                fill = 0 if name == "count" else None
                return _lookup(grouped, frame, res.relation.source_key, fill=fill)
        if name in ("sum", "min", "max", "first", "last", "count", "count_blank",
                    "nondecreasing"):
            series = self.value(arg, frame)
            table = pd.concat(series, axis=1, ignore_index=True) if series else \
                pd.DataFrame(index=frame.index)
            if name == "sum":
                out = table.sum(axis=1, min_count=1)
                return out.astype(series[0].dtype) if len(out) else out
            if name == "min":
                return table.min(axis=1)
            if name == "max":
                return table.max(axis=1)
            if name == "last":
                return table.ffill(axis=1).iloc[:, -1].astype(series[0].dtype)
            if name == "first":
                return table.bfill(axis=1).iloc[:, 0].astype(series[0].dtype)
            if name == "count":
                return table.notna().sum(axis=1).astype("Int64")
            if name == "count_blank":
                return table.isna().sum(axis=1).astype("Int64")
            filled = table.ffill(axis=1)
            ok = pd.Series(True, index=frame.index, dtype="boolean")
            for i in range(1, filled.shape[1]):
                step = (filled.iloc[:, i] >= filled.iloc[:, i - 1]).astype("boolean")
                ok = ok & step.fillna(True)
            return ok.where(table.notna().any(axis=1), pd.NA)
        if name in ("blank", "present"):
            value = self.value(arg, frame)
            blank = value.isna()
            if value.dtype == object or pd.api.types.is_string_dtype(value.dtype):
                blank = blank | (value.astype("string").str.strip() == "").fillna(True)
            blank = blank.astype("boolean")
            return blank if name == "blank" else ~blank
        if name == "abs":
            return _numeric(self.value(arg, frame)).abs()
        if name == "round":
            places = int(call.args[1].value)  # type: ignore[attr-defined]
            return _numeric(self.value(arg, frame)).astype("Float64").round(places)
        if name == "lower":
            return self.value(arg, frame).astype("string").str.lower()
        if name in ("starts_with", "contains"):
            text = self.value(arg, frame).astype("string")
            other = self.value(call.args[1], frame).astype("string")
            return self._text_test(name, text, other)
        raise TypeError(f"unknown function {name}")  # pragma: no cover

    @staticmethod
    def _text_test(name: str, text: pd.Series, other: pd.Series) -> pd.Series:
        """``starts_with``/``contains`` against another column, vectorised per length."""
        out = pd.Series(pd.NA, index=text.index, dtype="boolean")
        valid = text.notna() & other.notna()
        if not valid.any():
            return out
        if name == "contains":
            for pattern in pd.unique(other[valid]):
                rows = valid & (other == pattern)
                out[rows] = text[rows].str.casefold().str.contains(
                    str(pattern).casefold(), regex=False)
            return out
        lengths = other.str.len()
        for length in np.unique(lengths[valid].to_numpy(dtype=int)):
            rows = valid & (lengths == length)
            out[rows] = (text[rows].str.slice(0, int(length)) == other[rows]).astype("boolean")
        return out
