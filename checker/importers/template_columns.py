"""The template's columns, converted chunk by chunk into typed values, with every problem.

Each sheet's header row is found by name, its columns mapped to the schema's fields, and
its cells converted column by column over chunks of rows with numpy masks; whatever cannot
be used as it stands is collected with its cell (:class:`Problems`), never guessed.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.arrays import FloatingArray, IntegerArray

from checker.i18n import t
from checker.importers.template_grids import (
    CHUNK_ROWS,
    KEY_FIELDS,
    LOOKUPS,
    MAX_DETAILS,
    MAX_EXACT,
    NS,
    PLAIN_INT,
    SOURCE_HEADER,
    Grid,
    header_key,
)
from checker.model.errors import InputError
from checker.model.location import Location, column_letter
from checker.model.schema import Entity, Field, Kind


# --------------------------------------------------------------------------- problems
@dataclass
class Problems:
    """Every cell problem of one read: counted, and the first ones in file order kept.

    Cells are converted column by column, not in file order, so the kept problems are
    the :data:`MAX_DETAILS` smallest (sheet, row, column) seen, in a bounded heap.
    """

    heap: list[tuple[int, int, int, int, str, dict[str, Any]]] = field(default_factory=list)
    count: int = 0

    def add(self, order: int, row: int, col: int, key: str, **params: Any) -> None:
        self.count += 1
        entry = (-order, -row, -col, -self.count, key, params)  # max-heap by position
        if len(self.heap) < MAX_DETAILS:
            heapq.heappush(self.heap, entry)
        elif entry > self.heap[0]:
            heapq.heapreplace(self.heap, entry)

    def raise_if_any(self, path: Path) -> None:
        if not self.count:
            return
        details = [InputError(f"{NS}.error.{key}", **params)
                   for *_, key, params in sorted(self.heap, reverse=True)]
        if self.count > len(details):
            details.append(InputError(f"{NS}.error.more", count=self.count - len(details)))
        raise InputError(f"{NS}.error.bad_cells", Location(file=str(path)), details=details,
                         count=self.count)


def _shown(value: Any) -> str:
    """A cell value as the user would recognise it in a message."""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- columns
@dataclass
class Column:
    """One read column of a sheet: typed values of the kept rows, and raw texts."""

    field: Field
    index: int  # 1-based sheet column
    values: Any = None
    raws: dict[int, str] = field(default_factory=dict)  # position in kept rows → text
    bad: set[int] = field(default_factory=set)  # rows whose cell was already reported


@dataclass
class TemplateTable:
    """One entity sheet after reading: kept rows, columns, and what was ignored."""

    entity: Entity
    name: str
    header_row: int
    rows: np.ndarray  # Excel row of each kept row
    columns: dict[str, Column]
    ignored: dict[int, str]  # column → header, not read
    source_column: int | None
    order: int  # position of the sheet, for sorting problems
    skipped: list[tuple[int, str]] = field(default_factory=list)


class _Converter:
    """Converts one column of a chunk of rows to typed values, collecting problems.

    Numbers typed in the workbook (floats) are checked with numpy masks; the few other
    cells (text, dates, booleans) go through a per-cell path. Text in number cells is
    parsed later, once the sheet's number convention is known from all its texts.
    """

    def __init__(self, table: str, order: int, col: int, fld: Field, grid: Grid,
                 problems: Problems) -> None:
        self.table, self.order, self.col, self.field = table, order, col, fld
        self.grid, self.problems = grid, problems
        self.letter = column_letter(col)
        self.is_text = fld.kind in (Kind.TEXT, Kind.CHOICE)
        self.pending: list[tuple[int, int, str]] = []  # (position, excel row, text)
        self.bad: set[int] = set()  # rows whose cell was reported
        self.errors = grid.errors_at(col)
        self.percent = grid.percent_at(col)
        self.special_cells = bool(self.errors or self.percent)

    def problem(self, row: int, key: str, **params: Any) -> None:
        self.bad.add(row)
        self.problems.add(self.order, row, self.col, key,
                          ref=f"{self.table}!{self.letter}{row}", **params)

    def special(self, rows: np.ndarray, values: np.ndarray, blank: np.ndarray) -> None:
        """Cells calamine reads as blank or as a plain number but are neither.

        An Excel error (``#REF!``) is reported and is not blank; a number shown as a
        percent is reported with the value the user sees.
        """
        first, last = int(rows[0]), int(rows[-1])
        for row, error in self.errors:
            if first <= row <= last:
                i = row - first
                blank[i] = False
                values[i] = None
                self.problem(row, "excel_error", value=error)
        for row in self.percent:
            if first <= row <= last and values[row - first].__class__ is float:
                value = values[row - first]
                values[row - first] = None
                self.problem(row, "percent_format", value=_shown(value),
                             shown=_shown(round(value * 100, 10)))

    def text(self, col: Sequence[Any], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Stripped texts (``None`` when blank); whole numbers become their digits."""
        if not self.special_cells and set(map(type, col)) == {str}:
            out = np.array([v.strip() for v in col], dtype=object)
            blank = out == ""
            out[blank] = None
            return out, blank
        values = np.array(col, dtype=object)
        blank = np.zeros(len(col), dtype=bool)
        self.special(rows, values, blank)
        out = np.full(len(col), None, dtype=object)
        key = self.field.name in KEY_FIELDS
        for i, v in enumerate(values):
            if v.__class__ is str:
                out[i] = v.strip() or None
                blank[i] = out[i] is None
            elif v is None:  # an Excel error, already reported
                continue
            elif v.__class__ is float or (isinstance(v, int) and not isinstance(v, bool)):
                number = float(v)
                if math.isfinite(number) and number.is_integer() and abs(number) < MAX_EXACT:
                    out[i] = str(int(number))
                elif key or not math.isfinite(number):
                    self.problem(int(rows[i]), "number_as_code", value=_shown(v),
                                 header=self.field.header)
                else:
                    out[i] = repr(number)
            else:
                self._typed_problem(int(rows[i]), v)
        return out, blank

    def _typed_problem(self, row: int, v: Any) -> None:
        if isinstance(v, bool):
            self.problem(row, "bool_value", value="TRUE" if v else "FALSE")
        elif isinstance(v, dt.date | dt.datetime | dt.time | dt.timedelta):
            self.problem(row, "date_value", value=_shown(v))
        else:
            self.problem(row, "not_number", value=_shown(v))

    def number(self, col: Sequence[Any], rows: np.ndarray,
               start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(values, missing mask, blank mask); money and integers as int64, else float64."""
        n = len(col)
        values = np.array(col, dtype=object)
        blank = np.asarray(values == "", dtype=bool)
        if self.special_cells:
            self.special(rows, values, blank)
        if pd.api.types.infer_dtype(values[~blank], skipna=False) in ("floating", "empty"):
            is_float = ~blank  # typed numbers only: the usual case, decided in C
        else:
            is_float = np.array([v.__class__ is float for v in values], dtype=bool)
        whole = self.field.kind in (Kind.MONEY, Kind.INT)
        out = np.zeros(n, dtype=np.int64 if whole else np.float64)
        missing = ~is_float
        floats = values[is_float].astype(np.float64)
        bad = ~np.isfinite(floats)
        if whole:
            bad |= (np.floor(floats) != floats) | (np.abs(floats) >= MAX_EXACT)
            good = np.where(bad, 0, floats).astype(np.int64)
        else:
            good = np.where(bad, 0.0, floats)
        out[is_float] = good
        if bad.any():
            positions = np.flatnonzero(is_float)[bad]
            for p in positions:
                missing[p] = True
                self._whole_problem(int(rows[p]), float(values[p]))
        for p in np.flatnonzero(~(is_float | blank)):
            v = values[p]
            if v is None:  # an Excel error, already reported
                continue
            if v.__class__ is str:
                s = v.strip()
                if not s:
                    blank[p] = True
                elif PLAIN_INT.fullmatch(s):
                    out[p] = int(s)
                    missing[p] = False
                else:
                    self.pending.append((start + int(p), int(rows[p]), v))
            elif isinstance(v, int) and not isinstance(v, bool):
                out[p] = v
                missing[p] = False
            else:
                self._typed_problem(int(rows[p]), v)
        return out, missing, blank

    def _whole_problem(self, row: int, v: float) -> None:
        if not math.isfinite(v):
            self.problem(row, "not_number", value=_shown(v))
        elif abs(v) >= MAX_EXACT:
            self.problem(row, "too_large", value=_shown(v))
        elif self.field.kind is Kind.MONEY:
            self.problem(row, "money_fraction", value=_shown(v))
        else:
            self.problem(row, "not_integer", value=_shown(v))


def find_header(grid: Grid, entity: Entity) -> int:
    """1-based row of the header: the first of the top rows naming most fields."""
    lookup = LOOKUPS[entity.name]
    best, best_row = 0, 1
    for r, row in enumerate(grid.head, start=1):
        hits = len({lookup[k].name for k in map(header_key, row) if k in lookup})
        if hits > best:
            best, best_row = hits, r
    return best_row


def map_columns(grid: Grid, entity: Entity, header_row: int,
                 structural: list[InputError]) -> tuple[dict[str, int], dict[int, str],
                                                          int | None]:
    lookup = LOOKUPS[entity.name]
    header = grid.head[header_row - 1] if len(grid.head) >= header_row else []
    mapping: dict[str, int] = {}
    ignored: dict[int, str] = {}
    source: int | None = None
    for c, text in enumerate(header, start=1):
        key = header_key(text)
        if not key:
            continue
        if key == header_key(SOURCE_HEADER):
            source = c
            continue
        f = lookup.get(key)
        if f is None:
            ignored[c] = str(text).strip()
        elif f.name in mapping:
            structural.append(InputError(
                f"{NS}.error.duplicate_column", sheet=grid.name, header=str(text).strip(),
                first=column_letter(mapping[f.name]), second=column_letter(c)))
        else:
            mapping[f.name] = c
    for f in entity.fields:
        if f.required and f.name not in mapping:
            structural.append(InputError(f"{NS}.error.missing_column", sheet=grid.name,
                                         header=f.header, field=f.name, row=header_row))
    return mapping, ignored, source


def read_table(grid: Grid, entity: Entity, order: int, header_row: int,
                mapping: dict[str, int], ignored: dict[int, str], source: int | None,
                problems: Problems) -> TemplateTable:
    """Convert every mapped column, chunk by chunk, and keep the rows that hold data."""
    converters = {name: _Converter(grid.name, order, c, entity.field(name), grid, problems)
                  for name, c in mapping.items()}
    texts: dict[str, list[np.ndarray]] = {n: [] for n, cv in converters.items() if cv.is_text}
    numbers: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {
        n: [] for n, cv in converters.items() if not cv.is_text}
    keeps: list[np.ndarray] = []
    skipped: list[tuple[int, str]] = []
    start = 0
    for first_row, chunk in _chunks(grid.rows(), header_row + 1):
        n = len(chunk)
        widths = set(map(len, chunk))
        width = max(widths)
        if len(widths) > 1:
            chunk = [list(r) + [""] * (width - len(r)) for r in chunk]
        columns = list(zip(*chunk, strict=True))
        rows = np.arange(first_row, first_row + n, dtype=np.int64)
        blank = np.ones(n, dtype=bool)
        for name, conv in converters.items():
            c = mapping[name] - 1
            col = columns[c] if c < width else ("",) * n
            if conv.is_text:
                values, col_blank = conv.text(col, rows)
                texts[name].append(values)
            else:
                values, missing, col_blank = conv.number(col, rows, start)
                numbers[name].append((values, missing))
            blank &= col_blank
        for c in ignored:  # data only in unknown columns: dropped, but said so
            if c - 1 < width and blank.any():
                for i in np.flatnonzero(blank):
                    v = columns[c - 1][i]
                    if not (v.__class__ is str and not v.strip()):
                        skipped.append((int(rows[i]), t(f"{NS}.note.unknown_only")))
        keeps.append(~blank)
        start += n
    keep = np.concatenate(keeps) if keeps else np.zeros(0, dtype=bool)
    positions = np.flatnonzero(keep)
    new_position = np.cumsum(keep) - 1
    # Text in number cells is read with the convention its own sheet's texts prove.
    convention = _convention([text for conv in converters.values()
                              for _, _, text in conv.pending])
    out: dict[str, Column] = {}
    for name, conv in converters.items():
        column = Column(conv.field, mapping[name])
        if conv.is_text:
            merged = np.concatenate(texts[name]) if texts[name] else np.zeros(0, object)
            column.values = merged if len(positions) == len(merged) else merged[positions]
        else:
            kind = conv.field.kind
            dtype = np.float64 if kind is Kind.NUMBER else np.int64
            parts = numbers[name]
            values = np.concatenate([v for v, _ in parts]) if parts else np.zeros(0, dtype)
            missing = np.concatenate([m for _, m in parts]) if parts else np.zeros(0, bool)
            for pos, row, text in conv.pending:
                value = _parse_text(conv, row, text, convention)
                if value is not None:
                    values[pos], missing[pos] = value, False
                    column.raws[int(new_position[pos])] = text
            values, missing = values[positions].astype(dtype), missing[positions]
            column.values = FloatingArray(values, missing) if kind is Kind.NUMBER else \
                IntegerArray(values, missing)
        column.bad = conv.bad
        out[name] = column
    rows = np.arange(header_row + 1, header_row + 1 + len(keep), dtype=np.int64)[positions]
    return TemplateTable(entity, grid.name, header_row, rows, out, ignored, source, order,
                  sorted(set(skipped)))


def _chunks(rows: Iterator[list[Any]], first_row: int) -> Iterator[tuple[int, list[list]]]:
    """Rows from ``first_row`` on (1-based), in chunks, with each chunk's first row."""
    chunk: list[list[Any]] = []
    row = 0
    start = first_row
    for row, values in enumerate(rows, start=1):
        if row < first_row:
            continue
        chunk.append(values)
        if len(chunk) >= CHUNK_ROWS:
            yield start, chunk
            start, chunk = row + 1, []
    if chunk:
        yield start, chunk


def _numbers() -> Any:
    """The shared number parser, or ``None`` while it is not installed."""
    try:
        from checker.importers import numbers
    except ImportError:  # pragma: no cover - the module ships with the package
        return None
    return numbers


def _convention(texts: list[str]) -> str | None:
    nums = _numbers()
    if nums is None or not texts:
        return None
    return nums.detect_convention(sorted(set(texts)))


def _parse_text(conv: _Converter, row: int, text: str, convention: str | None) -> Any:
    """A number written as text, read by the shared parser; a problem names the cell."""
    value, key, params = _read_number(conv.field.kind, text, convention)
    if key is not None:
        conv.problem(row, key, value=text, **params)
    return value


@lru_cache(maxsize=65_536)
def _read_number(kind: Kind, text: str,
                 convention: str | None) -> tuple[Any, str | None, dict[str, str]]:
    """(value, problem key, problem parameters) of one text.

    Cached, since a CSV column repeats its values.
    """
    nums = _numbers()
    if nums is None:
        return None, "not_number", {}
    parsed = (nums.parse_money(text, convention=convention) if kind is Kind.MONEY else
              nums.parse_number(text, convention=convention, integer=kind is Kind.INT))
    units = {Kind.MONEY: {None, "rp"}, Kind.INT: {None}}.get(kind, {None, "%"})
    if parsed.status == "ok" and parsed.unit in units and parsed.quarter is None \
            and parsed.grade is None and not parsed.factors:
        if kind is Kind.NUMBER:
            return parsed.as_float(), None, {}
        if abs(parsed.value) >= MAX_EXACT:
            return None, "too_large", {}
        return parsed.as_int(), None, {}
    if parsed.status == "blank" and parsed.quarter is None:
        return None, "dash", {}
    if parsed.status == "ambiguous":
        p = parsed.params()
        return None, "ambiguous", {k: p.get(k, "") for k in ("a_id", "b_id", "a_en", "b_en")}
    reasons = {"numbers.fraction_in_money": "money_fraction",
               "numbers.fraction_in_integer": "not_integer"}
    return None, reasons.get(parsed.reason or "", "not_number"), {}
