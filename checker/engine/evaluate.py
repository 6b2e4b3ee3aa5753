"""Vectorised evaluation of rule expressions over the plan's DataFrames.

Every expression becomes whole-column pandas operations: a field is a column, a quarter
series is four columns, ``sum(children.anggaran)`` is one ``groupby`` on the parent key
mapped back onto the rows, ``parent.anggaran`` one keyed lookup. No Python loop runs per
row. Aggregates and lookups are cached on the :class:`Workspace`, so rules that need the
same group-by share it.

Speed (a million rows in a few seconds): the scope and the check of a rule are evaluated
over the whole frame, so no rule copies the frame; an expression that several rules (or
one rule twice) compute is evaluated once per run (``Workspace.shared``); a relation is
joined once, as integer codes of (document, key), and every lookup and group total through
it is a ``take`` or a ``bincount``; quarter-series functions and text tests run as numpy
kernels, text tests once per distinct value. Each fast path gives the same values, dtypes
and blanks as the plain pandas expression it stands for, which it falls back to for any
input it was not written for.

Blank values follow one rule: a comparison with a blank side is *not applicable* (neither
pass nor fail), because completeness has its own rules and a reviewer wants one finding
per fact. Quarter sums treat a blank quarter as nothing planned (0) but are blank when all
four are blank; a sum over children is blank when any child's value is blank.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from pandas.arrays import BooleanArray, FloatingArray, IntegerArray, NumpyExtensionArray

from checker.dsl import ast
from checker.dsl.names import Relation, resolve
from checker.engine.peers import Peers, others
from checker.model.cells import cell_texts
from checker.model.frames import Frames, twin_key, year_keys
from checker.model.schema import ENTITIES

FLOAT_EPSILON = 1e-9
#: Below this share of a frame's rows, a rule's check (or the rest of an ``and``) is
#: evaluated on those rows only; above it, on the whole frame (no copy, shared results).
SUBSET_SHARE = 0.1
_TEXT_KINDS = ("string", "empty")


@dataclass
class Workspace:
    """The frames of one run plus the work rules share (group-bys, keyed lookups)."""

    frames: Frames
    cache: dict[tuple, Any] = field(default_factory=dict)
    #: (entity, expression) pairs that more than one place computes: kept once computed.
    shared: set[tuple[str, ast.Expr]] = field(default_factory=set)
    _bases: dict[str, pd.DataFrame] = field(default_factory=dict)

    def base(self, entity: str) -> pd.DataFrame:
        """The whole frame of ``entity``, the same object for the whole run."""
        frame = self._bases.get(entity)
        if frame is None:
            frame = self._bases[entity] = self.frames.get(entity)
            if entity == "indicator" and "_twin" not in frame.columns:
                # the derived key of the ``same_uraian`` relation, on a copy: the caller's
                # frames (a template read, a benchmark's ground truth) stay as given
                frame = self._bases[entity] = frame.assign(_twin=twin_key(frame))
            if entity == "tahunan" and "_self" not in frame.columns:  # frames built elsewhere
                frame = self._bases[entity] = frame.assign(
                    **year_keys(frame, self.frames.get("item")))
        return frame

    def positions(self, entity: str, frame: pd.DataFrame) -> np.ndarray | None:
        """Positions of ``frame``'s rows in the whole frame; ``None`` when it is the whole.

        Raises :class:`LookupError` for rows that are not the whole frame's (the caller
        then takes the plain path).
        """
        base = self.base(entity)
        if frame is base:
            return None
        key = ("unique_index", entity)
        if key not in self.cache:
            self.cache[key] = base.index.is_unique
        if not self.cache[key]:
            raise LookupError(entity)
        pos = base.index.get_indexer(frame.index)
        if len(pos) and pos.min() < 0:
            raise LookupError(entity)
        return pos

    def join(self, entity: str, relation: Relation) -> tuple[np.ndarray, np.ndarray, int]:
        """Integer codes of (document, key) for the relation's target rows and ``entity``'s rows.

        Equal codes mean equal (document, key) pairs; ``-1`` marks a blank key. Raises
        :class:`LookupError` where the plain path must be taken (a blank document id, keys
        that are not text).
        """
        key = ("join", entity, relation.name)
        if key not in self.cache:
            self.cache[key] = self._join(entity, relation)
        found = self.cache[key]
        if found is None:
            raise LookupError(relation.name)
        return found

    def _join(self, entity: str, relation: Relation) -> tuple[np.ndarray, np.ndarray, int] | None:
        source, target = self.base(entity), self.base(relation.target)
        columns = (source["_doc"], target["_doc"], source[relation.source_key],
                   target[relation.target_key])
        if any(not _is_text(c) for c in columns) or columns[0].isna().any() \
                or columns[1].isna().any():
            return None
        target_keys, distinct = self.factorized(columns[3])
        if columns[2] is columns[3] or (entity == relation.target
                                         and relation.source_key == relation.target_key):
            source_keys = target_keys
        else:
            source_keys = distinct.get_indexer(columns[2])
        width = max(len(distinct), 1)
        target_pairs = self.doc_codes(relation.target) * width + target_keys
        source_pairs = self.doc_codes(entity) * width + source_keys
        target_codes = np.full(len(target), -1, dtype=np.int64)
        known = target_keys >= 0
        target_codes[known], groups = pd.factorize(target_pairs[known])
        source_codes = np.where(source_keys >= 0,
                                pd.Index(groups).get_indexer(source_pairs), -1)
        return target_codes, source_codes.astype(np.int64), len(groups)

    def factorized(self, values: pd.Series) -> tuple[np.ndarray, pd.Index]:
        """``pd.factorize`` of a column, once per underlying array (rules share columns)."""
        array = values.array
        held = values.to_numpy() if isinstance(array, NumpyExtensionArray) or \
            isinstance(getattr(array, "_ndarray", None), np.ndarray) else array
        pointer = held.__array_interface__["data"][0] if isinstance(held, np.ndarray) \
            else id(held)
        key = ("factorized", pointer, len(values), str(values.dtype))
        found = self.cache.get(key)
        if found is None:
            codes, distinct = pd.factorize(values)
            found = self.cache[key] = (codes, distinct, held)  # held: keeps the key valid
        return found[0], found[1]

    def doc_codes(self, entity: str) -> np.ndarray:
        """Document of each row as an integer, the same numbering for every entity."""
        key = ("doc_codes", entity)
        if key not in self.cache:
            if ("doc_index",) not in self.cache:
                distinct = [self.factorized(self.base(e)["_doc"])[1].to_numpy(dtype=object)
                            for e in ENTITIES]
                self.cache[("doc_index",)] = pd.Index(pd.unique(np.concatenate(distinct)))
            codes, distinct = self.factorized(self.base(entity)["_doc"])
            where = self.cache[("doc_index",)].get_indexer(distinct)
            self.cache[key] = np.where(codes >= 0, where[np.maximum(codes, 0)], -1).astype(
                np.int64)
        return self.cache[key]

    def lookup_one(self, entity: str, relation: Relation, column: str,
                   frame: pd.DataFrame) -> pd.Series:
        """``column`` of the one related row (first in file order), per row of ``frame``."""
        try:
            pos = self.positions(entity, frame)
            key = ("lookup_one", entity, relation.name, column)
            if key not in self.cache:
                target_codes, codes, n = self.join(entity, relation)
                first = np.full(n, -1, dtype=np.int64)
                rows = np.flatnonzero(target_codes >= 0)
                # Codes are numbered in order of first appearance (pd.factorize), so a row
                # is its key's first exactly where its code exceeds every earlier one.
                ranked = target_codes[rows]
                new = ranked > np.maximum.accumulate(np.r_[-1, ranked[:-1]])
                first[ranked[new]] = rows[new]
                where = np.where(codes >= 0, first[np.maximum(codes, 0)], -1)
                values = self.base(relation.target)[column].array.take(where, allow_fill=True)
                self.cache[key] = pd.Series(values, index=self.base(entity).index)
        except LookupError:
            return _lookup(self.keyed(relation, column), frame, relation.source_key)
        return _at(self.cache[key], pos, frame)

    def lookup_many(self, entity: str, relation: Relation, column: str | None, func: str,
                    frame: pd.DataFrame,
                    keep: tuple[ast.Expr, np.ndarray] | None = None) -> pd.Series:
        """``count`` (blank: 0) or ``sum`` (blank if any is) of the related rows, per row.

        ``keep`` (the filter's expression and its mask over the related rows) restricts
        the related rows, for ``count(children where …)``.
        """
        fill = 0 if func == "count" else None
        try:
            pos = self.positions(entity, frame)
            key = ("lookup_many", entity, relation.name, column, func,
                   None if keep is None else keep[0])
            if key not in self.cache:
                self.cache[key] = self._aggregate(entity, relation, column, func,
                                                  None if keep is None else keep[1])
        except LookupError:
            if keep is not None:
                raise
            return _lookup(self.grouped(relation, column, func), frame, relation.source_key,
                           fill=fill)
        return _at(self.cache[key], pos, frame)

    def _aggregate(self, entity: str, relation: Relation, column: str | None,
                   func: str, keep: np.ndarray | None = None) -> pd.Series:
        values = None if column is None else self.base(relation.target)[column]
        if func not in ("count", "sum") or (func == "sum" and str(values.dtype) not in
                                            ("Int64", "Float64")):
            raise LookupError(func)  # min, max, other types: pandas' own group-by
        target_codes, codes, n = self.join(entity, relation)
        index = self.base(entity).index
        member = target_codes >= 0
        if keep is not None:
            member = member & keep
        if func == "count":
            counted = member if values is None else member & values.notna().to_numpy()
            per_group = np.bincount(target_codes[counted], minlength=n)
            out = np.where(codes >= 0, per_group[np.maximum(codes, 0)], 0)
            return pd.Series(IntegerArray(out.astype(np.int64), np.zeros(len(out), bool)),
                             index=index)
        blank = values.isna().to_numpy()
        integer = str(values.dtype) == "Int64"
        rows = np.bincount(target_codes[member], minlength=n)
        blanks = np.bincount(target_codes[member & blank], minlength=n)
        empty = (rows == 0) | (blanks > 0)  # no row (min_count=1), or a blank one
        if integer:
            data = values.to_numpy(dtype=np.int64, na_value=0)
            totals = np.zeros(n, dtype=np.int64)
            np.add.at(totals, target_codes[member], data[member])
        else:
            totals = _group_kahan(values.to_numpy(dtype=np.float64, na_value=0.0),
                                  target_codes, member & ~blank, n)
            empty |= np.isnan(totals)  # pandas gives a blank, not NaN (inf − inf)
        safe = np.maximum(codes, 0)
        mask = (codes < 0) | empty[safe]
        out = np.where(mask, 0, totals[safe])
        array = IntegerArray(out, mask) if integer else FloatingArray(out.astype(np.float64),
                                                                      mask)
        return pd.Series(array, index=index)

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

    def peer_keys(self, entity: str) -> pd.DataFrame:
        """The keys ``peers`` groups by: level, code key, and the name key where no code.

        For items this is :meth:`keys` without the name matching of rows that have a code
        (a nomenclature search per distinct name, seconds on a large plan set): the code key
        comes from the printed code, and only rows without one are matched by name.
        """
        if entity != "item":
            return self.keys(entity)
        key = ("peer_keys", entity)
        if ("keys", entity) in self.cache:
            return self.cache[("keys", entity)]
        if key not in self.cache:
            from checker.engine.cases import (
                _keyed_unique,
                _name_key,
                _normal_code,
                _official_code,
            )

            items = self.base("item")
            out = pd.DataFrame(index=items.index)
            out["_level"] = items["level"]
            kkey = _keyed_unique(items["kode"], _normal_code)
            need = kkey.isna().to_numpy()
            nkey = pd.Series(None, index=items.index, dtype="object")
            if need.any():
                rows = items[need]
                level_name = rows["level"].astype("string") + "|" + \
                    rows["nama"].astype("string")
                kkey[need] = _keyed_unique(
                    level_name.astype("object").where(level_name.notna(), None),
                    _official_code).to_numpy()
                names = _keyed_unique(rows["nama"], _name_key)
                nkey[need] = (rows["level"].astype("string") + "|"
                              + names.astype("string")).astype("object").where(
                    names.notna(), None).to_numpy()
            out["_kkey"] = kkey
            out["_nkey"] = nkey
            self.cache[key] = out
        return self.cache[key]

    def matched(self, entity: str, kind: str, column: str | None) -> pd.Series:
        """Row index of the same item in the case's ``kind`` document (carrying ``column``)."""
        key = ("matched", entity, kind, column)
        if key not in self.cache:
            from checker.engine.cases import match

            if "@" in kind:  # a row of another entity of the matched document (a year)
                from checker.engine.periods import matched_year

                self.cache[key] = matched_year(self, entity, kind)
                return self.cache[key]
            if not (self.base("document")["jenis"] == kind).any():
                # No document of that kind at all: nothing can match, and the item keys
                # (a nomenclature lookup per distinct name) need not be computed.
                self.cache[key] = pd.Series(pd.NA, index=self.base(entity).index,
                                            dtype="Int64")
                return self.cache[key]
            usable = self.frames.get(entity)[column].notna() if column else None
            notes = self.cache.setdefault(("match_notes",), {})
            items = self.matched("item", kind, None) if entity == "indicator" else None
            self.cache[key] = match(self.keys(entity), kind, usable, notes=notes, items=items)
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


def _at(full: pd.Series, pos: np.ndarray | None, frame: pd.DataFrame) -> pd.Series:
    """The rows ``pos`` of a whole-frame result, indexed like ``frame``."""
    if pos is None:
        return full
    return pd.Series(full.array.take(pos), index=frame.index)


def _is_text(s: pd.Series) -> bool:
    return s.dtype == object or pd.api.types.is_string_dtype(s.dtype)


def _literal(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _as_series(value: Any, frame: pd.DataFrame) -> pd.Series:
    if isinstance(value, pd.Series):
        return value
    if not len(frame):
        return pd.Series([value] * len(frame), index=frame.index)
    # The dtype pandas infers for [value] * n, without building an n-element list.
    one = pd.Series([value])
    return pd.Series(one.array.take(np.zeros(len(frame), dtype=np.intp)), index=frame.index)


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
        key = (self.entity, expr)
        if key in self.ws.shared and frame is self.ws.base(self.entity):
            cached = self.ws.cache.get(("value", key))
            if cached is None:
                cached = self.ws.cache[("value", key)] = self._value(expr, frame)
            return cached
        return self._value(expr, frame)

    def _value(self, expr: ast.Expr, frame: pd.DataFrame) -> Any:
        if isinstance(expr, ast.Num | ast.Str):
            value = _literal(expr.value) if isinstance(expr, ast.Num) else expr.value
            if frame is not self.ws.base(self.entity):
                return _as_series(value, frame)
            key = ("constant", self.entity, type(value), value)
            if key not in self.ws.cache:
                self.ws.cache[key] = _as_series(value, frame)
            return self.ws.cache[key]
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
                out = self._and(out, operand, frame)
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

    def _and(self, out: pd.Series, operand: ast.Expr, frame: pd.DataFrame) -> pd.Series:
        """``out & operand``, computing ``operand`` only where ``out`` is not already false.

        False and anything is false (blank included), so rows already false need nothing
        more; when few rows remain, the operand is evaluated on those rows alone. This is
        what keeps an expensive test (a nomenclature lookup) behind a cheap one.
        """
        live = ~(out == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712
        n_live = int(live.sum())
        if n_live == 0:
            return out
        if n_live > SUBSET_SHARE * len(frame):
            return out & self.condition(operand, frame)
        part = self.condition(operand, frame[live])
        values = out.array.copy()
        values[live] = (out[live] & part).array
        return pd.Series(values, index=out.index)

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
            target = self.ws.frames.get(res.relation.target)[column]
            values = target.reindex(where.fillna(-1).astype("int64").to_numpy())
            return pd.Series(values.array, index=frame.index)
        if res.shape == "scalar":  # a one-to-one join: parent, item, document
            return self.ws.lookup_one(self.entity, res.relation, res.columns[0], frame)
        raise TypeError(f"{ref.text} must be aggregated")  # pragma: no cover

    def cell(self, ref: ast.FieldRef, frame: pd.DataFrame) -> pd.Series:
        """``file › table › A1`` of a field's value, here or in the matched document."""
        res = resolve(self.entity, ref.path)
        full = self.ws.frames.get(res.relation.target if res.relation is not None
                                  and res.relation.via else self.entity)
        if res.relation is not None and res.relation.via:
            where = self.ws.matched(self.entity, res.relation.via, res.columns[0])
            rows = where.reindex(frame.index).fillna(-1).astype("int64").to_numpy()
            source = full.reindex(rows)
        elif res.relation is None:
            source = frame
        else:
            raise TypeError("cell() takes a field of the row or of a matched document")
        cells = cell_texts(source, res.columns[0])
        name = source["_file"].astype("string").str.rsplit("/", n=1).str[-1]
        table = source["_table"].astype("string").fillna("-")
        if "_page" in source.columns:  # a PDF's D7 is on a page: "Tabel 1 › hlm. 2 › D7"
            page = pd.to_numeric(source["_page"], errors="coerce").astype("Int64")
            table = (table + " › hlm. " + page.astype("string")).fillna(table)
        text = name + " › " + table + " › " + \
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
        if expr.tolerance is None and not (_is_float(left) or _is_float(right)):
            op = expr.op  # whole numbers: exact comparison, no tolerance to compute
            results = {"=": operator.eq, "!=": operator.ne, "<": operator.lt,
                       "<=": operator.le, ">": operator.gt, ">=": operator.ge}
            return results[op](left, right).astype("boolean")
        tol = self.tolerance(expr, left, right)
        diff = left.astype("Float64") - right.astype("Float64") \
            if tol is not None else left - right
        op = expr.op
        if tol is None:
            results = {"=": left == right, "!=": left != right, "<": left < right,
                       "<=": left <= right, ">": left > right, ">=": left >= right}
            return results[op].astype("boolean")
        results = {"=": lambda: diff.abs() <= tol, "!=": lambda: diff.abs() > tol,
                   "<": lambda: diff < tol, "<=": lambda: diff <= tol,
                   ">": lambda: diff > -tol, ">=": lambda: diff >= -tol}
        return results[op]().astype("boolean")  # only the comparison asked for

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

    def peers(self, name: str, expr: ast.Expr, frame: pd.DataFrame) -> pd.Series:
        """The value of ``expr`` for the same item in other places of the document set.

        Peers are the rows of the same level with the same match key (kode, or the official
        code the name denotes, or the name key), in any document of the run. Other places
        are other cases (pemda, perangkat daerah, year), each counted once: the row itself,
        its own case's other documents and duplicated files are no comparators
        (:mod:`checker.engine.peers`). ``peer_count`` counts the other places with a value;
        ``peer_median`` is the median of their values.
        """
        found = self.peer_table(expr)
        out = found.count if name == "peer_count" else found.median
        return out.reindex(frame.index)

    def peer_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Integer codes per base row: its peer group (level and key) and its case."""
        key = ("peer_codes", self.entity)
        if key not in self.ws.cache:
            base = self.ws.base(self.entity)
            keys = self.ws.peer_keys(self.entity)
            # Peers share level and key (the code, else the name key): grouped on integer
            # codes of that pair rather than on "level|key" strings built for every row.
            if "_level" in keys:
                levels, _ = pd.factorize(keys["_level"].astype("string"))
            else:
                levels = np.zeros(len(keys), dtype=np.int64)
            kkey = keys["_kkey"].astype("string")
            either = kkey.fillna(keys["_nkey"].astype("string"))
            names, distinct = pd.factorize(either)
            pair = levels.astype(np.int64) * max(len(distinct), 1) + names
            usable = (levels >= 0) & (names >= 0)
            groups = np.full(len(pair), -1, dtype=np.int64)
            groups[usable], _ = pd.factorize(pair[usable])
            docs = self.ws.base("document")
            place = (docs["pemda"].astype("string").fillna("") + "|"
                     + docs["instansi"].astype("string").fillna("") + "|"
                     + docs["tahun"].astype("string").fillna(""))
            place = place.where(place != "||", "doc:" + docs["id"].astype("string"))
            case_of = pd.Series(place.to_numpy(), index=docs["id"].to_numpy())
            cases, _ = pd.factorize(base["_doc"].map(case_of).fillna(base["_doc"]))
            self.ws.cache[key] = (groups, cases)
        return self.ws.cache[key]

    def peer_table(self, expr: ast.Expr) -> Peers:
        """Comparators of ``expr`` for every base row, computed once per run."""
        key = ("peers", self.entity, expr)
        if key not in self.ws.cache:
            base = self.ws.base(self.entity)
            values = _numeric(self.value(expr, base)).astype("Float64")
            groups, cases = self.peer_codes()
            self.ws.cache[key] = others(values, groups, cases)
        return self.ws.cache[key]

    def filtered(self, call: ast.Call, frame: pd.DataFrame) -> pd.Series:
        """``count(children where …)``: one filtered group-by over the related rows."""
        res = resolve(self.entity, call.args[0].path)  # type: ignore[attr-defined]
        rel = res.relation
        column = res.columns[0] if res.columns else None
        key = ("filtered", self.entity, rel.name, column, call.name, call.where)
        if not rel.via:  # through the relation's integer join, when it has one
            try:
                target = self.ws.base(rel.target)
                mask_key = ("keep", *key)
                if mask_key not in self.ws.cache:
                    self.ws.cache[mask_key] = Evaluator(self.ws, rel.target).condition(
                        call.where, target).fillna(False).to_numpy(dtype=bool)
                return self.ws.lookup_many(self.entity, rel, column, call.name, frame,
                                           keep=(call.where, self.ws.cache[mask_key]))
            except LookupError:
                pass
        if key not in self.ws.cache:
            target = self.ws.base(rel.target)
            keep = Evaluator(self.ws, rel.target).condition(call.where, target)
            rows = target[keep.fillna(False).to_numpy(dtype=bool)]
            keys = [rows["_doc"], rows[rel.target_key]]
            if call.name == "count" and column is None:
                result = rows.groupby(keys, dropna=True).size().astype("Int64")
            elif call.name == "count":
                result = rows[column].notna().groupby(keys, dropna=True).sum().astype("Int64")
            else:
                values = rows[column]
                groups = values.groupby(keys, dropna=True)
                result = groups.sum(min_count=1) if call.name == "sum" else \
                    getattr(groups, call.name)()
                blank = values.isna().groupby(keys, dropna=True).any()
                result = result.where(~blank.reindex(result.index, fill_value=False))
            self.ws.cache[key] = result
        fill = 0 if call.name == "count" else None
        return _lookup(self.ws.cache[key], frame, rel.source_key, fill=fill)

    def call(self, call: ast.Call, frame: pd.DataFrame) -> Any:
        name = call.name
        arg = call.args[0]
        if name == "case_has":
            wanted = arg.value  # type: ignore[attr-defined]
            per_document = self.ws.case_kinds().map(lambda kinds: wanted in kinds)  # per doc
            return frame["_doc"].map(per_document).fillna(False).astype("boolean")
        if name == "cell":
            return self.cell(arg, frame)  # type: ignore[arg-type]
        if name in ("peer_median", "peer_count"):
            return self.peers(name, arg, frame)
        if name in ("copies", "copy_cells", "count_specific"):
            from checker.engine import copies

            if name != "count_specific":  # the join across the run's other agencies
                return copies.copy_call(self, name, call.args, frame)
            value = self.value(arg, frame)
            return copies.count_specific(value if isinstance(value, list) else [value],
                                         _literal(call.args[1].value),  # type: ignore[attr-defined]
                                         _literal(call.args[2].value),  # type: ignore[attr-defined]
                                         frame.index)
        from checker.engine.reference_functions import FUNCTIONS as REFERENCE

        if name in REFERENCE:
            func = REFERENCE[name][0]
            return _per_distinct_call(func, [self.value(a, frame).astype("object")
                                             for a in call.args])
        if name == "count" and isinstance(arg, ast.FieldRef):
            res = resolve(self.entity, arg.path)
            if res.relation is not None and res.relation.via:
                where = self.ws.matched(self.entity, res.relation.via, None)
                return where.reindex(frame.index).notna().astype("Int64")
        if call.where is not None:
            return self.filtered(call, frame)
        if name in ("sum", "min", "max", "count") and isinstance(arg, ast.FieldRef):
            res = resolve(self.entity, arg.path)
            if res.shape in ("many", "relation"):
                column = res.columns[0] if res.columns else None
                func = "count" if name == "count" else name
                return self.ws.lookup_many(self.entity, res.relation, column, func, frame)
        if name in ("sum", "min", "max", "first", "last", "count", "count_blank",
                    "nondecreasing"):
            series = self.value(arg, frame)
            fast = _series_function(name, series, frame.index)
            if fast is not None:
                return fast
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
            blank = _per_distinct(value, _blank_text, self.ws.factorized)
            if blank is None:
                blank = value.isna()
                if value.dtype == object or pd.api.types.is_string_dtype(value.dtype):
                    blank = blank | _blank_text(value)
                blank = blank.astype("boolean")
            return blank if name == "blank" else ~blank
        if name == "abs":
            return _numeric(self.value(arg, frame)).abs()
        if name == "round":
            places = int(call.args[1].value)  # type: ignore[attr-defined]
            return _numeric(self.value(arg, frame)).astype("Float64").round(places)
        if name == "lower":
            value = self.value(arg, frame)
            lowered = _per_distinct(value, _lower_text, self.ws.factorized)
            return lowered if lowered is not None else _lower_text(value)
        if name in ("starts_with", "contains"):
            text = self.value(arg, frame)
            other = self.value(call.args[1], frame)
            return _per_distinct_pair(name, text, other, self._text_test, self.ws.factorized)
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


# ----------------------------------------------------------------------------- kernels
# Whole-column versions of pandas expressions above, giving the same values, dtypes and
# blanks; each returns None for input it was not written for, and the caller falls back.

def _blank_text(value: pd.Series) -> pd.Series:
    """Blank text: missing, or only spaces (as ``str.strip`` sees them)."""
    return (value.astype("string").str.strip() == "").fillna(True)


def _lower_text(value: pd.Series) -> pd.Series:
    return value.astype("string").str.lower()


Factorize = Callable[[pd.Series], tuple[np.ndarray, pd.Index]]


def _all_text(value: pd.Series) -> bool:
    """Only ``str`` values (and blanks): distinct values are then distinct texts."""
    if not _is_text(value):
        return False
    return value.dtype != object or \
        pd.api.types.infer_dtype(value, skipna=True) in _TEXT_KINDS


def _per_distinct(value: pd.Series, func: Callable[[pd.Series], pd.Series],
                  factorize: Factorize = pd.factorize) -> pd.Series | None:
    """``func`` applied once per distinct text and mapped back (blank rows: ``func``'s own).

    For text columns only, where a million rows hold a few thousand distinct values;
    ``None`` for anything else.
    """
    if not _all_text(value):
        return None
    codes, uniques = factorize(value)
    if len(uniques) > len(value) // 2:
        return None  # mostly distinct: nothing to share
    per_value = func(pd.Series(uniques))
    blank = func(pd.Series([pd.NA], dtype="string"))  # what func says of a missing value
    if str(per_value.dtype) != str(blank.dtype):
        return None
    table = pd.concat([per_value, blank], ignore_index=True).array
    return pd.Series(table.take(np.where(codes >= 0, codes, len(uniques))), index=value.index)


def _per_distinct_pair(name: str, text: pd.Series, other: pd.Series,
                       test: Callable[[str, pd.Series, pd.Series], pd.Series],
                       factorize: Factorize = pd.factorize) -> pd.Series:
    """``test(name, text, other)`` on the texts, once per distinct (text, other) pair."""
    if not (_all_text(text) and _all_text(other)):
        return test(name, text.astype("string"), other.astype("string"))
    tc, tu = factorize(text)
    oc, ou = factorize(other)
    valid = (tc >= 0) & (oc >= 0)
    width = max(len(ou), 1)
    codes, distinct = pd.factorize(tc[valid].astype(np.int64) * width + oc[valid])
    if len(distinct) > len(text) // 2:
        return test(name, text.astype("string"), other.astype("string"))
    result = test(name, pd.Series(tu.take(distinct // width)).astype("string"),
                  pd.Series(ou.take(distinct % width)).astype("string"))
    out = np.zeros(len(text), dtype=bool)
    out[valid] = result.to_numpy(dtype=bool)[codes]
    return pd.Series(BooleanArray(out, ~valid), index=text.index)


def _per_distinct_call(func: Callable[..., pd.Series], args: list[pd.Series]) -> pd.Series:
    """A row-wise function of columns, called once per distinct combination of values.

    The nomenclature functions look each value up, but map it back over every row; with a
    million rows and a few thousand distinct codes, the mapping is the cost. Blank values
    are passed on as they are, so the function still says what a blank gives.
    """
    index = args[0].index
    combined = np.zeros(len(index), dtype=np.int64)
    distinct: list[pd.Index] = []
    width = 1
    for arg in args:
        codes, uniques = pd.factorize(arg, use_na_sentinel=False)
        combined = combined * max(len(uniques), 1) + codes
        width *= max(len(uniques), 1)
        distinct.append(uniques)
        if width > 2**62:  # pragma: no cover - no room for the combined code
            return func(*args)
    rows, combos = pd.factorize(combined)
    if len(combos) > len(index) // 2:
        return func(*args)
    small = []
    rest = combos
    for uniques in reversed(distinct):
        size = max(len(uniques), 1)
        small.append(pd.Series(uniques.take(rest % size), dtype=object))
        rest = rest // size
    result = func(*reversed(small))
    return pd.Series(result.array.take(rows), index=index)


def _series_function(name: str, series: list[pd.Series],
                     index: pd.Index) -> pd.Series | None:
    """Quarter-series functions as numpy over the quarters' values and blank masks.

    The same results as the pandas row-wise forms (``sum(axis=1, min_count=1)``, ``ffill``
    along the quarters), whose per-row machinery costs seconds on a million rows.
    """
    if name in ("min", "max") or not series or not len(index):
        return None
    dtype = str(series[0].dtype)
    if dtype not in ("Int64", "Float64") or any(str(s.dtype) != dtype for s in series):
        return None
    integer = dtype == "Int64"
    values = [s.to_numpy(dtype=np.int64 if integer else np.float64, na_value=0)
              for s in series]
    blank = [s.isna().to_numpy() for s in series]
    n = len(index)
    if name in ("count", "count_blank"):
        counted = sum((b if name == "count_blank" else ~b).astype(np.int64) for b in blank)
        return pd.Series(IntegerArray(np.asarray(counted, dtype=np.int64),
                                      np.zeros(n, dtype=bool)), index=index)
    if name == "sum":
        total, known = _quarter_sum(values, blank, integer)
        if not integer:
            known &= ~np.isnan(total)  # pandas gives a blank, not NaN (inf − inf)
        return _masked(total, ~known, integer, index)
    order = range(len(values)) if name != "first" else range(len(values) - 1, -1, -1)
    filled, filled_blank = values[order[0]].copy(), blank[order[0]].copy()
    ok = np.ones(n, dtype=bool)
    for i in list(order)[1:]:
        current = np.where(blank[i], filled, values[i])
        current_blank = blank[i] & filled_blank
        if name == "nondecreasing":  # a blank on either side of a step is no step
            ok &= filled_blank | current_blank | (current >= filled)
        filled, filled_blank = current, current_blank
    if name == "nondecreasing":
        return pd.Series(BooleanArray(ok, filled_blank), index=index)
    return _masked(filled, filled_blank, integer, index)


def _quarter_sum(values: list[np.ndarray], blank: list[np.ndarray],
                 integer: bool) -> tuple[np.ndarray, np.ndarray]:
    """Row sums skipping blanks, added in quarter order as pandas does (floats: Kahan)."""
    known = np.zeros(len(values[0]), dtype=bool)
    if integer:
        total = np.zeros(len(values[0]), dtype=np.int64)
        for v, b in zip(values, blank, strict=True):
            total = np.where(b, total, total + v)
            known |= ~b
        return total, known
    total = np.zeros(len(values[0]), dtype=np.float64)
    compensation = np.zeros_like(total)
    with np.errstate(invalid="ignore", over="ignore"):
        for v, b in zip(values, blank, strict=True):
            y = v - compensation
            t = total + y
            c = t - total - y
            c = np.where(np.isnan(c), 0.0, c)
            total = np.where(b, total, t)
            compensation = np.where(b, compensation, c)
            known |= ~b
    return total, known


#: Above this many related rows for one key, float totals go back to pandas' group-by.
KAHAN_MAX_GROUP = 1000


def _group_kahan(values: np.ndarray, groups: np.ndarray, rows: np.ndarray,
                 n: int) -> np.ndarray:
    """Per-group float sums, added in row order with Kahan compensation as pandas does.

    Rows are taken rank by rank (every group's first row, then every group's second…), so
    each step is one vector operation over distinct groups.
    """
    at = np.flatnonzero(rows)
    g = groups[at]
    order = np.argsort(g, kind="stable")
    g, v = g[order], values[at][order]
    total = np.zeros(n, dtype=np.float64)
    if not len(g):
        return total
    starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    rank = np.arange(len(g)) - np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    if rank.max() >= KAHAN_MAX_GROUP:
        raise LookupError("group too large for rank-wise sums")
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(rank.max() + 2))
    compensation = np.zeros(n, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        for k in range(len(bounds) - 1):
            step = by_rank[bounds[k]:bounds[k + 1]]
            gg = g[step]
            y = v[step] - compensation[gg]
            t = total[gg] + y
            c = t - total[gg] - y
            compensation[gg] = np.where(np.isnan(c), 0.0, c)
            total[gg] = t
    return total


def _masked(values: np.ndarray, mask: np.ndarray, integer: bool, index: pd.Index) -> pd.Series:
    values = np.where(mask, 0, values)
    array = IntegerArray(values.astype(np.int64), mask) if integer else \
        FloatingArray(values.astype(np.float64), mask)
    return pd.Series(array, index=index)
