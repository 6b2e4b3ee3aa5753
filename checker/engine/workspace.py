"""The run's shared workspace: joins, group totals and lookups computed once per run.

Split from :mod:`checker.engine.evaluate` (which evaluates rule expressions): a relation
is joined once, as integer codes of (document, key), and every lookup and group total
through it is a ``take`` or a ``bincount``; what several rules need is computed once and
kept in ``cache``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas.arrays import FloatingArray, IntegerArray, NumpyExtensionArray

from checker.dsl import ast
from checker.dsl.names import Relation
from checker.engine.kernels import _group_kahan, _is_text
from checker.model.dtypes import INT64, OBJECT, STRING
from checker.model.frames import Frames, twin_key, year_keys
from checker.model.schema import ENTITIES


@dataclass
class Workspace:
    """The frames of one run plus the work rules share (group-bys, keyed lookups)."""

    frames: Frames
    cache: dict[tuple, Any] = field(default_factory=dict)
    #: (entity, expression) pairs that more than one place computes: kept once computed.
    shared: set[tuple[str, ast.Expr]] = field(default_factory=set)
    #: For each shared expression, the position of the last rule that reads it
    #: (:meth:`finished` frees its value after that rule); none given: kept for the run.
    last_use: dict[tuple[str, ast.Expr], int] = field(default_factory=dict)
    _bases: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: per kept result (by identity): the result, its width, the columns it holds
    _names: dict[int, tuple[Any, int, set[int]]] = field(default_factory=dict)
    #: per column (:func:`_held`), how many kept results hold it
    _live: dict[int, int] = field(default_factory=dict)
    #: per kept value's key (by identity): the key and its last reader's position
    _until: dict[int, tuple[tuple, int]] = field(default_factory=dict)

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
        else:  # per distinct source key (a factorisation other joins share), not per row
            codes, keys = self.factorized(columns[2])
            found = distinct.get_indexer(keys)
            source_keys = np.where(codes >= 0, found[np.maximum(codes, 0)], -1)
        width = max(len(distinct), 1)
        target_pairs = self.doc_codes(relation.target) * width + target_keys
        source_pairs = self.doc_codes(entity) * width + source_keys
        target_codes = np.full(len(target), -1, dtype=np.int64)
        known = target_keys >= 0
        target_codes[known], groups = pd.factorize(target_pairs[known])
        source_codes = np.where(source_keys >= 0,
                                pd.Index(groups).get_indexer(source_pairs), -1)
        small = np.int32 if len(groups) < np.iinfo(np.int32).max else np.int64
        return target_codes.astype(small), source_codes.astype(small), len(groups)

    def factorized(self, values: pd.Series) -> tuple[np.ndarray, pd.Index]:
        """``pd.factorize`` of a column, once per underlying array (rules share columns).

        The codes are kept in the smallest integer type that holds them (int32 for any
        column of fewer than two billion distinct values; int64 where pandas gives): at a
        million rows thirty-odd text columns are each 2.5M codes, and half of their bytes
        were zeros. Every user indexes or widens them (``astype(np.int64) * width``).
        """
        held, pointer = _held(values)
        key = ("factorized", pointer, len(values), str(values.dtype))
        found = self.cache.get(key)
        if found is None:
            codes, distinct = pd.factorize(values)
            if len(distinct) < np.iinfo(np.int32).max:
                codes = codes.astype(np.int32)
            found = self.cache[key] = (codes, distinct, held)  # held: keeps the key valid
        return found[0], found[1]

    def constant(self, entity: str, value: Any) -> pd.Series:
        """A literal as a column of the whole frame of ``entity``, without n copies of it.

        The dtype pandas infers for ``[value] * n`` (int64, float64, ``str``), over one
        element repeated by a zero stride: a literal costs a few bytes instead of eight a
        row (37 literals at a million rows were 360 MB). The array is read-only, as every
        kept result is (rules share it); an operation that writes copies it first.
        """
        key = ("constant", entity, type(value), value)
        found = self.cache.get(key)
        if found is None:
            frame = self.base(entity)
            one = pd.Series([value]).array
            backing = getattr(one, "_ndarray", None)
            if isinstance(backing, np.ndarray) and hasattr(one, "_from_backing_data"):
                array = one._from_backing_data(np.broadcast_to(backing, (len(frame),)))
            else:  # pragma: no cover - every literal's dtype is numpy-backed today
                array = one.take(np.zeros(len(frame), dtype=np.intp))
            found = self.cache[key] = pd.Series(array, index=frame.index, copy=False)
        return found

    def finished(self, position: int) -> None:
        """Free what no rule after the one at ``position`` reads.

        A shared expression's value goes after its last reader (``last_use``); a
        factorisation goes once nothing kept holds its array any more (a rule's
        intermediate column, ``lower(uraian)``, factorised and then dropped: its codes
        and the column itself were kept for the run, since the factorisation held it).
        Freed work is only computed again if something asks for it, the same way: the
        findings do not depend on what is kept. At a million rows the kept results were
        most of the engine's 1.9 GB.

        Called after every rule, so the work is what changed since the last call, and
        nothing here hashes an expression: a key's last reader and a kept result's
        columns are found once, by the identity of the key and of the result, and kept
        while they are; the columns are counted as they are kept and freed (a frozen
        expression's hash walks its whole subtree, every time: 70,000 hashes and a union
        of every result's columns after each rule were ~30 ms of a small document).
        """
        # One walk over the cache sorts it: values past their last reader, factorisations,
        # and the kept results that hold columns (a walk per question was most of the cost).
        frames = (*self._bases.values(), *self.frames.tables.values())
        holders = {id(v): v for v in frames}
        gone, factorized = [], []
        for key, value in self.cache.items():
            if key[0] == "factorized":
                factorized.append(key)
            elif key[0] == "value" and self._last_read(key) <= position:
                gone.append(key)
            else:
                holders[id(value)] = value
        for key in gone:
            del self.cache[key]
            del self._until[id(key)]  # its reader, known since ``_last_read`` asked it
        for ident in [i for i in self._names if i not in holders]:
            self._unname(ident)
        for frame in frames:  # a frame that gained a column is named again
            if id(frame) in self._names and self._names[id(frame)][1] != frame.shape[1]:
                self._unname(id(frame))
        for ident in holders.keys() - self._names.keys():
            self._name(holders[ident])
        for key in factorized:
            if not self._live.get(key[1]):
                del self.cache[key]

    def _last_read(self, key: tuple) -> int:
        """Position of the last rule reading a kept value's expression (-1: none)."""
        found = self._until.get(id(key))
        if found is None or found[0] is not key:
            found = self._until[id(key)] = (key, self.last_use.get(key[1], -1))
        return found[1]

    def _name(self, value: Any) -> None:
        """Count the columns a kept result holds (:func:`_pointers`) as live.

        Kept results are not changed once kept, nor are the run's frames (a frame that
        gains a column is named again: its column count is kept with its names), so each
        is walked once, when it is first kept: walking a frame of a hundred columns after
        each of 70 rules cost seconds. The result is held with its names, so its identity
        stays its own while they are kept.
        """
        width = value.shape[1] if isinstance(value, pd.DataFrame) else -1
        held: set[int] = set()
        _pointers(value, held)
        self._names[id(value)] = (value, width, held)
        for pointer in held:
            self._live[pointer] = self._live.get(pointer, 0) + 1

    def _unname(self, ident: int) -> None:
        """A kept result is gone: its columns are one holder less live."""
        for pointer in self._names.pop(ident)[2]:
            self._live[pointer] -= 1
            if not self._live[pointer]:
                del self._live[pointer]

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
        if func not in ("count", "sum", "min", "max") or (
                func != "count" and str(values.dtype) not in ("Int64", "Float64")) or (
                func in ("min", "max") and keep is not None):
            raise LookupError(func)  # other types, filtered min/max: pandas' own group-by
        if func in ("min", "max"):
            return self._extreme(entity, relation, values, func)
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

    def _extreme(self, entity: str, relation: Relation, values: pd.Series,
                 func: str) -> pd.Series:
        """``min``/``max`` of the related rows (blank if any is), as ``grouped`` gives it.

        One ``ufunc.at`` over the joined codes instead of a pandas group-by and a
        MultiIndex lookup per aggregate: on a plan of a few hundred rows pandas' per-call
        cost is most of a rule's time (ROL-008/009 take eight of them each). Where the
        answer could differ in the sign of a zero or a NaN that is not a blank, pandas'
        own group-by is used instead.
        """
        target_codes, codes, n = self.join(entity, relation)
        index = self.base(entity).index
        member = target_codes >= 0
        blank = values.isna().to_numpy()
        integer = str(values.dtype) == "Int64"
        rows = np.bincount(target_codes[member], minlength=n)
        blanks = np.bincount(target_codes[member & blank], minlength=n)
        empty = (rows == 0) | (blanks > 0)  # no row, or a blank one: blank
        taken = member & ~blank
        if integer:
            data = values.to_numpy(dtype=np.int64, na_value=0)
            info = np.iinfo(np.int64)
            start = info.max if func == "min" else info.min
        else:
            data = values.to_numpy(dtype=np.float64, na_value=np.nan)
            picked = data[taken]
            if np.isnan(picked).any() or (np.signbit(picked) & (picked == 0)).any():
                raise LookupError(func)
            start = np.inf if func == "min" else -np.inf
        acc = np.full(n, start, dtype=data.dtype)
        (np.minimum if func == "min" else np.maximum).at(acc, target_codes[taken], data[taken])
        safe = np.maximum(codes, 0)
        mask = (codes < 0) | empty[safe]
        out = np.where(mask, 0, acc[safe])
        array = IntegerArray(out.astype(np.int64), mask) if integer else FloatingArray(
            out.astype(np.float64), mask)
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
            nkey = pd.Series(None, index=items.index, dtype=OBJECT)
            if need.any():
                rows = items[need]
                level_name = rows["level"].astype(STRING) + "|" + \
                    rows["nama"].astype(STRING)
                kkey[need] = _keyed_unique(
                    level_name.astype(OBJECT).where(level_name.notna(), None),
                    _official_code).to_numpy()
                names = _keyed_unique(rows["nama"], _name_key)
                nkey[need] = (rows["level"].astype(STRING) + "|"
                              + names.astype(STRING)).astype(OBJECT).where(
                    names.notna(), None).to_numpy()
            out["_kkey"] = kkey
            out["_nkey"] = nkey
            self.cache[key] = out
        return self.cache[key]

    def matched(self, entity: str, kind: str, column: str | None) -> pd.Series:
        """Row index of the same item in the case's ``kind`` document (carrying ``column``)."""
        key = ("matched", entity, kind, column)
        if key not in self.cache:
            from checker.engine.cases import JoinCodes, match

            if "@" in kind:  # a row of another entity of the matched document (a year)
                from checker.engine.periods import matched_year

                self.cache[key] = matched_year(self, entity, kind)
                return self.cache[key]
            if not (self.base("document")["jenis"] == kind).any():
                # No document of that kind at all: nothing can match, and the item keys
                # (a nomenclature lookup per distinct name) need not be computed.
                self.cache[key] = pd.Series(pd.NA, index=self.base(entity).index,
                                            dtype=INT64)
                return self.cache[key]
            usable = self.frames.get(entity)[column].notna() if column else None
            notes = self.cache.setdefault(("match_notes",), {})
            items = self.matched("item", kind, None) if entity == "indicator" else None
            keys = self.keys(entity)
            codes = self.cache.get(("join_codes", entity))
            if codes is None:  # the key frame's codes, made once for every kind and column
                codes = self.cache[("join_codes", entity)] = JoinCodes(keys)
            self.cache[key] = match(keys, kind, usable, notes=notes, items=items,
                                    known=self.cache.setdefault(("match_known", entity), {}),
                                    codes=codes)
        return self.cache[key]

    def case_has(self, kind: str) -> pd.Series:
        """Per document id, whether its case holds a document of ``kind`` (``case_has``).

        One integer scatter over the cases, rather than a set of kinds built per case in
        Python (12,000 cases at a million rows: most of LDK-007's time).
        """
        key = ("case_has", kind)
        if key not in self.cache:
            from checker.engine.cases import case_of_documents

            docs = self.frames.get("document")
            if ("cases",) not in self.cache:  # the same cases for every kind asked
                case = case_of_documents(docs)
                self.cache[("cases",)] = (case, pd.factorize(case.to_numpy()))
            case, (codes, distinct) = self.cache[("cases",)]
            hit = np.zeros(len(distinct), dtype=bool)
            of_kind = (docs["jenis"] == kind).to_numpy(dtype=bool, na_value=False)
            hit[codes[of_kind & (codes >= 0)]] = True
            self.cache[key] = pd.Series(hit[codes], index=case.index)
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
                result = result.astype(INT64)
            self.cache[key] = result
        return self.cache[key]


def _held(values: pd.Series) -> tuple[Any, int]:
    """The array a column's values live in, and the number that names it while it lives.

    A numpy-backed column is named by its data's address (two Series over one array are
    one column); any other by its array object. A categorical is an array object: its
    ``to_numpy`` builds the values anew (a new address every time, so its factorisation
    was never found again, and the copy was kept with it).
    """
    array = values.array
    held = values.to_numpy() if isinstance(array, NumpyExtensionArray) or (
        isinstance(getattr(array, "_ndarray", None), np.ndarray)
        and not isinstance(array, pd.Categorical)) else array
    pointer = held.__array_interface__["data"][0] if isinstance(held, np.ndarray) \
        else id(held)
    return held, pointer


def _pointers(value: Any, out: set[int]) -> None:
    """Add the names (:func:`_held`) of every column in a kept result to ``out``."""
    if isinstance(value, pd.Series):
        out.add(_held(value)[1])
    elif isinstance(value, pd.DataFrame):
        for _, column in value.items():  # by position, a quarter the cost of ``iloc``
            out.add(_held(column)[1])
    elif isinstance(value, tuple | list):
        for item in value:
            _pointers(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _pointers(item, out)


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
