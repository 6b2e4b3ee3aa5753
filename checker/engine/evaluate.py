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
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from pandas.core.arrays.masked import BaseMaskedArray

from checker.dsl import ast
from checker.dsl.names import resolve
from checker.engine.kernels import (
    _all_text,
    _blank_text,
    _equals_literal,
    _lower_text,
    _per_distinct,
    _per_distinct_call,
    _per_distinct_literal,
    _per_distinct_pair,
    _per_row,
    _series_function,
    blank_per_distinct,
    compare_numbers,
)
from checker.engine.peers import Peers, others
from checker.engine.rows import rows as take_rows
from checker.engine.workspace import Workspace, _lookup
from checker.i18n import t
from checker.model.cells import cell_texts, letter_column, row_column
from checker.model.dtypes import BOOLEAN, FLOAT64, I64, INT64, STRING
from checker.model.location import page_words

#: Below this share of a frame's rows, a rule's check (or the rest of an ``and``) is
#: evaluated on those rows only; above it, on the whole frame (no copy, shared results).
SUBSET_SHARE = 0.1


def _address_columns(field_name: str) -> frozenset[str]:
    """The columns ``Evaluator.cell`` reads to write a field's address."""
    return frozenset({letter_column(field_name), row_column(field_name), "_row", "_file",
                      "_table", "_page"})


def address_texts(source: pd.DataFrame, field_name: str, lang: str) -> list[str | None]:
    """``file › table › A1`` (or ``… › baris 7``) per row of ``source``, None where unknown.

    What the string columns wrote (the file's base name, the table or ``-``, a PDF's page,
    the cell or else the row; a row without a file or without any line is blank), built
    as Python strings: the rows are the few that become findings, and a dozen string
    column operations cost ~2.5 ms a call (8 a run on seed 004) for a handful of texts.
    """
    cells = cell_texts(source, field_name).tolist()
    files = _plain_texts(source["_file"])
    tables = _plain_texts(source["_table"])
    pages: list[Any] = [None] * len(source)
    if "_page" in source.columns:  # a PDF's D7 is on a page: "Tabel 1 › hlm. 2 › D7"
        pages = pd.to_numeric(source["_page"], errors="coerce").astype(INT64).to_numpy(
            dtype=object, na_value=None).tolist()
    lines: list[str | None] | None = None
    out: list[str | None] = []
    for i, (file, table, page, cell) in enumerate(zip(files, tables, pages, cells,
                                                       strict=True)):
        if cell is None:  # no cell: the row, when the row is known
            if lines is None:
                lines = _plain_texts(source["_row"])
            cell = None if lines[i] is None else f"{t('report.row', lang)} {lines[i]}"
        if file is None or cell is None:
            out.append(None)
            continue
        table = "-" if table is None else table
        if page is not None:
            table = f"{table} › {page_words(int(page), lang)}"
        out.append(f"{file.rsplit('/', 1)[-1]} › {table} › {cell}")
    return out


def _plain_texts(values: pd.Series) -> list[str | None]:
    """A column as ``astype("string")`` writes it, as Python strings (None for a blank).

    Text columns (the file, the table) are their own strings; anything else (a row number,
    an integer or a float after a reindex) is written by pandas' own conversion.
    """
    found = values.to_numpy(dtype=object, na_value=None).tolist()
    if all(v is None or type(v) is str for v in found):
        return found
    return values.astype(STRING).to_numpy(dtype=object, na_value=None).tolist()


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


def _text_literal(left_expr: ast.Expr, right_expr: ast.Expr, left: Any,
                  right: Any) -> tuple[pd.Series, str] | None:
    """(column, text) when a comparison is a column against a text literal, else None."""
    for expr, value, other_expr in ((right_expr, left, left_expr),
                                    (left_expr, right, right_expr)):
        if isinstance(expr, ast.Str) and isinstance(expr.value, str) \
                and not isinstance(other_expr, ast.Str) and isinstance(value, pd.Series):
            return value, expr.value
    return None


def _boolean(value: pd.Series) -> pd.Series:
    """``value.astype(BOOLEAN)``, without a new Series when it already is one.

    Every condition passes through here; on a frame of a few hundred rows the conversion
    of an already nullable boolean cost as much as the comparison that made it.
    """
    # (an isinstance, not ``dtype ==``: an ExtensionDtype's ``__eq__`` costs as much)
    return value if isinstance(value.dtype, pd.BooleanDtype) else value.astype(BOOLEAN)


def holds(condition: pd.Series) -> np.ndarray:
    """Rows where a condition is true, as a numpy mask (not applicable: not held)."""
    return condition.to_numpy(dtype=bool, na_value=False)


def fails(condition: pd.Series) -> np.ndarray:
    """Rows where a condition is false, as a numpy mask (not applicable: no failure)."""
    return ~condition.to_numpy(dtype=bool, na_value=True)


#: The arithmetic of the rule language, on Series or on their arrays alike.
ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _arith(op: Callable[[Any, Any], Any], left: pd.Series, right: pd.Series) -> pd.Series:
    """``op(left, right)``: on two nullable arrays of the same rows, the arrays' own op.

    What ``Series`` arithmetic computes once it has checked the two are aligned (it calls
    the same array method, and keeps a name both share); ROL-008 and ROL-009 make some
    forty such steps a run. Anything else (numpy columns, other rows) goes to pandas.
    """
    if not (isinstance(left.array, BaseMaskedArray) and isinstance(right.array, BaseMaskedArray)
            and _same_rows(left, right)):
        return op(left, right)
    return pd.Series(op(left.array, right.array), index=left.index,
                     name=left.name if left.name == right.name else None)


def _any_of(parts: list[pd.Series]) -> pd.Series:
    """A rule's ``or``: true where any part is true, blank where none is known, else false.

    Conditions of the same rows held as boolean arrays (the usual case) are combined on
    their arrays, with the name the Series operations keep, without the dozen Series
    those build for a handful of rows (LDK-005 and its kind: two to four ``or`` a rule);
    anything else goes through :func:`_series_or`, which aligns.
    """
    first = parts[0]
    if not all(type(p.array) is pd.arrays.BooleanArray and _same_rows(first, p)
               for p in parts):
        return _series_or(parts)
    true = np.zeros(len(first), dtype=bool)
    known = np.zeros(len(first), dtype=bool)
    name = first.name
    for part in parts:
        values, blank = part.array._data, part.array._mask
        true |= values & ~blank
        known |= ~blank
        if part.name != name:
            name = None
    return pd.Series(pd.arrays.BooleanArray(true, ~known), index=first.index, name=name)


def _series_or(parts: list[pd.Series]) -> pd.Series:
    """:func:`_any_of` by pandas' Series operations (aligned on the index, any dtype)."""
    any_true = parts[0].fillna(False)
    any_known = parts[0].notna()
    for part in parts[1:]:
        any_true = any_true | part.fillna(False)
        any_known = any_known | part.notna()
    return any_true.astype(BOOLEAN).where(any_true | any_known, pd.NA)


def _same_rows(a: pd.Series | pd.DataFrame, b: pd.Series | pd.DataFrame) -> bool:
    """Whether two values are of the same rows in the same order (no alignment needed)."""
    return a.index is b.index or a.index.equals(b.index)


def _text_options(expr: ast.Member) -> frozenset[str] | None:
    """The options of ``x in ["a", "b"]`` when every one is a text literal, else None."""
    if all(isinstance(o, ast.Str) and isinstance(o.value, str) for o in expr.options):
        return frozenset(o.value for o in expr.options)  # type: ignore[attr-defined]
    return None


def _is_float(s: pd.Series) -> bool:
    return pd.api.types.is_float_dtype(s.dtype)


def _numeric(s: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s
    return pd.to_numeric(s, errors="coerce").astype(FLOAT64)


#: Functions whose text is an address, written in each message's own language.
ADDRESS_CALLS = frozenset({"cell", "copy_cells"})


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
            return self.ws.constant(self.entity, value)
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
            texts = _text_options(expr)
            if texts is not None and _all_text(val):
                # ``level in ["program", …]`` on a text column: once per distinct text
                # (only a str equals a str), no isin, conversion and where per rule
                codes, uniques = self._factorize(frame)(val)
                hit = np.fromiter((u in texts for u in uniques.to_numpy(dtype=object)),
                                  dtype=bool, count=len(uniques))
                return _per_row(hit, codes, frame.index)
            options = [self.value(o, frame).iloc[0] if len(frame) else None
                       for o in expr.options]
            return val.isin(options).astype(BOOLEAN).where(val.notna(), pd.NA)
        if isinstance(expr, ast.Arith):
            left = _numeric(self.value(expr.left, frame))
            right = _numeric(self.value(expr.right, frame))
            if expr.op == "/":
                left, right = left.astype(FLOAT64), right.astype(FLOAT64).mask(right == 0)
            return _arith(ARITH[expr.op], left, right)
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
            return _any_of([self.condition(o, frame) for o in expr.operands])
        if isinstance(expr, ast.Call):
            return self.call(expr, frame)
        raise TypeError(f"cannot evaluate {expr!r}")  # pragma: no cover - checked at load

    def _and(self, out: pd.Series, operand: ast.Expr, frame: pd.DataFrame) -> pd.Series:
        """``out & operand``, computing ``operand`` only where ``out`` is not already false.

        False and anything is false (blank included), so rows already false need nothing
        more; when few rows remain, the operand is evaluated on those rows alone. This is
        what keeps an expensive test (a nomenclature lookup) behind a cheap one.
        """
        live = ~fails(out)
        n_live = int(live.sum())
        if n_live == 0:
            return out
        if n_live > SUBSET_SHARE * len(frame):
            other = self.condition(operand, frame)
            if not _same_rows(out, other):
                return out & other
            # Kleene ``&`` of the two nullable arrays, as ``Series.__and__`` computes it
            # once it has found both aligned (its name rule kept)
            return pd.Series(out.array & other.array, index=out.index,
                             name=out.name if out.name == other.name else None)
        rows = take_rows(frame, live)
        part = self.condition(operand, rows)
        values = out.array.copy()
        if out.index.equals(frame.index) and _same_rows(part, rows):
            values[live] = values[live] & part.array  # the rows' own Kleene ``&``
        else:
            values[live] = (out[live] & part).array
        return pd.Series(values, index=out.index)

    def condition(self, expr: ast.Expr, frame: pd.DataFrame) -> pd.Series:
        """A nullable boolean Series (NA: not applicable)."""
        return _boolean(self.value(expr, frame))

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
            values = target.reindex(where.fillna(-1).astype(I64).to_numpy())
            return pd.Series(values.array, index=frame.index)
        if res.shape == "scalar":  # a one-to-one join: parent, item, document
            return self.ws.lookup_one(self.entity, res.relation, res.columns[0], frame)
        raise TypeError(f"{ref.text} must be aggregated")  # pragma: no cover

    def address(self, call: ast.Call, frame: pd.DataFrame, lang: str) -> pd.Series:
        """An address function of a message (:data:`ADDRESS_CALLS`) in ``lang``'s words.

        ``cell(x)`` and ``copy_cells(…)`` name pages and rows (``hlm. 2``/``p. 2``,
        ``baris 7``/``row 7``): each language's message gets its own text.
        """
        if call.name == "cell":
            return self.cell(call.args[0], frame, lang)  # type: ignore[arg-type]
        from checker.engine import copies

        return copies.copy_call(self, call.name, call.args, frame, lang)

    def cell(self, ref: ast.FieldRef, frame: pd.DataFrame, lang: str = "id") -> pd.Series:
        """``file › table › A1`` of a field's value, here or in the matched document."""
        res = resolve(self.entity, ref.path)
        full = self.ws.frames.get(res.relation.target if res.relation is not None
                                  and res.relation.via else self.entity)
        if res.relation is not None and res.relation.via:
            where = self.ws.matched(self.entity, res.relation.via, res.columns[0])
            rows = where.reindex(frame.index).fillna(-1).astype(I64).to_numpy()
            # Only the columns an address reads: the whole frame's fifty-odd blocks
            # reindexed cost most of the call, for the same values in these.
            wanted = _address_columns(res.columns[0])
            source = full[[c for c in full.columns if c in wanted]].reindex(rows)
        elif res.relation is None:
            source = frame
        else:
            raise TypeError("cell() takes a field of the row or of a matched document")
        return pd.Series(address_texts(source, res.columns[0], lang), index=frame.index,
                         dtype=STRING)

    def compare(self, expr: ast.Compare, frame: pd.DataFrame) -> pd.Series:
        left = self.value(expr.left, frame)
        right = self.value(expr.right, frame)
        numeric = pd.api.types.is_numeric_dtype(left.dtype) or \
            pd.api.types.is_numeric_dtype(right.dtype)
        if not numeric:
            literal = _text_literal(expr.left, expr.right, left, right)
            if literal is not None:  # a column against one text: per distinct value
                eq = _equals_literal(*literal, self._factorize(frame))
            else:
                eq = (left == right).astype(BOOLEAN)
                eq = eq.where(left.notna() & right.notna(), pd.NA)
            return eq if expr.op == "=" else ~eq
        left, right = _numeric(left), _numeric(right)
        floats = _is_float(left) or _is_float(right)
        tolerance = None if expr.tolerance is None else (float(expr.tolerance.amount),
                                                          expr.tolerance.percent)
        return compare_numbers(expr.op, tolerance, floats, left, right)

    def _factorize(self, frame: pd.DataFrame) -> Callable[[pd.Series], tuple[np.ndarray,
                                                                              pd.Index]]:
        """The workspace's kept factorisation for whole-frame columns, pandas' for a cut."""
        return self.ws.factorized if frame is self.ws.base(self.entity) else pd.factorize

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
            keys = self.ws.peer_keys(self.entity)
            # Peers share level and key (the code, else the name key): grouped on integer
            # codes of that pair rather than on "level|key" strings built for every row.
            if "_level" in keys:
                levels, _ = pd.factorize(keys["_level"].astype(STRING))
            else:
                levels = np.zeros(len(keys), dtype=np.int64)
            kkey = keys["_kkey"].astype(STRING)
            either = kkey.fillna(keys["_nkey"].astype(STRING))
            names, distinct = pd.factorize(either)
            pair = levels.astype(np.int64) * max(len(distinct), 1) + names
            usable = (levels >= 0) & (names >= 0)
            groups = np.full(len(pair), -1, dtype=np.int64)
            groups[usable], _ = pd.factorize(pair[usable])
            self.ws.cache[key] = (groups, self.peer_cases())
        return self.ws.cache[key]

    def peer_cases(self) -> np.ndarray:
        """Integer code per base row of its case (pemda, perangkat daerah, year)."""
        key = ("peer_cases", self.entity)
        if key not in self.ws.cache:
            base = self.ws.base(self.entity)
            docs = self.ws.base("document")
            place = (docs["pemda"].astype(STRING).fillna("") + "|"
                     + docs["instansi"].astype(STRING).fillna("") + "|"
                     + docs["tahun"].astype(STRING).fillna(""))
            place = place.where(place != "||", "doc:" + docs["id"].astype(STRING))
            case_of = pd.Series(place.to_numpy(), index=docs["id"].to_numpy())
            cases, _ = pd.factorize(base["_doc"].map(case_of).fillna(base["_doc"]))
            self.ws.cache[key] = cases
        return self.ws.cache[key]

    def peer_table(self, expr: ast.Expr) -> Peers:
        """Comparators of ``expr`` for every base row, computed once per run."""
        key = ("peers", self.entity, expr)
        if key not in self.ws.cache:
            base = self.ws.base(self.entity)
            values = _numeric(self.value(expr, base)).astype(FLOAT64)
            cases = self.peer_cases()
            if len(np.unique(cases)) < 2:
                # One place only (a single plan, or its PK and LKjIP): no row has another
                # place to compare with, whatever its group, so the groups (a nomenclature
                # search per name without a code, most of a small run's peer cost) are not
                # built: every count is 0 and every median blank, as ``others`` finds.
                groups = np.full(len(cases), -1, dtype=np.int64)
            else:
                groups, _ = self.peer_codes()
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
                    self.ws.cache[mask_key] = holds(Evaluator(self.ws, rel.target).condition(
                        call.where, target))
                return self.ws.lookup_many(self.entity, rel, column, call.name, frame,
                                           keep=(call.where, self.ws.cache[mask_key]))
            except LookupError:
                pass
        if key not in self.ws.cache:
            target = self.ws.base(rel.target)
            keep = Evaluator(self.ws, rel.target).condition(call.where, target)
            rows = target[holds(keep)]
            keys = [rows["_doc"], rows[rel.target_key]]
            if call.name == "count" and column is None:
                result = rows.groupby(keys, dropna=True).size().astype(INT64)
            elif call.name == "count":
                result = rows[column].notna().groupby(keys, dropna=True).sum().astype(INT64)
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
            per_document = self.ws.case_has(arg.value)  # type: ignore[attr-defined]
            # per distinct document of the rows (the joins' factorisation), not per row
            codes, distinct = self.ws.factorized(frame["_doc"])
            per_code = pd.Series(distinct).map(per_document).fillna(False).to_numpy(
                dtype=bool)
            return _per_row(per_code, codes, frame.index, blank=False)
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
            return _per_distinct_call(func, [self.value(a, frame) for a in call.args],
                                      self.ws.factorized)
        if name == "count" and isinstance(arg, ast.FieldRef):
            res = resolve(self.entity, arg.path)
            if res.relation is not None and res.relation.via:
                where = self.ws.matched(self.entity, res.relation.via, None)
                return where.reindex(frame.index).notna().astype(INT64)
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
                return table.notna().sum(axis=1).astype(INT64)
            if name == "count_blank":
                return table.isna().sum(axis=1).astype(INT64)
            filled = table.ffill(axis=1)
            ok = pd.Series(True, index=frame.index, dtype=BOOLEAN)
            for i in range(1, filled.shape[1]):
                step = (filled.iloc[:, i] >= filled.iloc[:, i - 1]).astype(BOOLEAN)
                ok = ok & step.fillna(True)
            return ok.where(table.notna().any(axis=1), pd.NA)
        if name in ("blank", "present"):
            value = self.value(arg, frame)
            blank = blank_per_distinct(value, self.ws.factorized)
            if blank is None:
                blank = value.isna()
                if value.dtype == object or pd.api.types.is_string_dtype(value.dtype):
                    blank = blank | _blank_text(value)
                blank = blank.astype(BOOLEAN)
            return blank if name == "blank" else ~blank
        if name == "abs":
            return _numeric(self.value(arg, frame)).abs()
        if name == "round":
            places = int(call.args[1].value)  # type: ignore[attr-defined]
            return _numeric(self.value(arg, frame)).astype(FLOAT64).round(places)
        if name == "lower":
            value = self.value(arg, frame)
            lowered = _per_distinct(value, _lower_text, self.ws.factorized)
            return lowered if lowered is not None else _lower_text(value)
        if name in ("starts_with", "contains"):
            text = self.value(arg, frame)
            if isinstance(call.args[1], ast.Str) and isinstance(call.args[1].value, str):
                found = _per_distinct_literal(name, text, call.args[1].value,
                                              self._factorize(frame))
                if found is not None:
                    return found
            other = self.value(call.args[1], frame)
            return _per_distinct_pair(name, text, other, self._text_test, self.ws.factorized)
        raise TypeError(f"unknown function {name}")  # pragma: no cover

    @staticmethod
    def _text_test(name: str, text: pd.Series, other: pd.Series) -> pd.Series:
        """``starts_with``/``contains`` against another column, vectorised per length."""
        out = pd.Series(pd.NA, index=text.index, dtype=BOOLEAN)
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
            out[rows] = (text[rows].str.slice(0, int(length)) == other[rows]).astype(BOOLEAN)
        return out


# ----------------------------------------------------------------------------- kernels
# Whole-column versions of pandas expressions above, giving the same values, dtypes and
# blanks; each returns None for input it was not written for, and the caller falls back.
