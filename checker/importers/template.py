"""Reader of the canonical template: the workbook (or CSV folder) a planner fills in Excel.

The template is the one layout the tool defines itself, so it is read strictly: sheets and
columns are found by name (header text or field name, in any order, case and spaces
ignored), every value keeps its exact A1 cell, and anything that cannot be used as it
stands (a word in a rupiah cell, a money value with cents, an unknown level, a duplicate
ID, an Excel error such as ``#REF!``) is collected, all of it, into one
:class:`~checker.model.errors.InputError` whose details name each cell, so the user fixes
the workbook in one pass instead of one cell per run.

Speed matters (plans are checked by the million rows in benchmarks), so cells are
converted column by column over chunks of rows with numpy masks, and :func:`read_frames`
goes from the file straight to the engine's DataFrames; :meth:`TemplateImporter.read`
builds the pydantic documents from those frames.

Two things python-calamine does not say are recovered from the sheet's XML with a
streaming byte search: cells holding an Excel error (calamine reads them as blank) and
numbers formatted as percent (``75%`` is stored as 0.75, which would silently be read as
0.75 instead of 75).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import heapq
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pandas as pd
from pandas.arrays import FloatingArray, IntegerArray

from checker.i18n import t
from checker.importers.textlines import TextLine
from checker.model.errors import InputError
from checker.model.frames import Frames, coerce, empty_frame, year_keys
from checker.model.location import Location, column_index, column_letter
from checker.model.plan import (
    Document,
    Indicator,
    Item,
    Located,
    TableInfo,
    Total,
    YearValue,
)
from checker.model.schema import ENTITIES, Entity, Field, Kind, cell_column
from checker.reference.matching import close_matches

NS = "template"
#: The first sheet of a written template: instructions, never read.
GUIDE_SHEET = "Petunjuk"
#: Sheet the writer adds when the imported documents carried importer findings.
ISSUES_SHEET = "Catatan_Impor"
#: Trailing column of a filled template: where each row came from; never read.
SOURCE_HEADER = "Sumber"
#: Text fields that are keys or codes: a number with a fraction there has lost digits.
KEY_FIELDS = frozenset({"dokumen", "id", "induk", "item", "kode"})
#: Sheets the template must have; the others may be absent.
REQUIRED_SHEETS = ("document", "item")
#: How many cell problems one error lists; the rest are counted.
MAX_DETAILS = 200
#: Rows searched for the header row (a title line may have been added above it).
HEADER_SEARCH_ROWS = 20
CHUNK_ROWS = 65_536
# Floats are exact integers up to 2**53; beyond that a rupiah value is not what was typed.
_MAX_EXACT = 2**53
_PLAIN_INT = re.compile(r"-?[0-9]{1,15}")
_SEPARATORS = re.compile(r"[\s_\-]+")


def header_key(text: object) -> str:
    """Case-, space- and underscore-insensitive form of a header or sheet name."""
    if not isinstance(text, str):
        return ""
    return _SEPARATORS.sub("", text.replace("\u00a0", " ")).casefold()


def _field_lookup(entity: Entity) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for f in entity.fields:
        out[header_key(f.header)] = f
        out[header_key(f.name)] = f
    return out


_LOOKUPS = {name: _field_lookup(entity) for name, entity in ENTITIES.items()}
_SHEET_KEYS = {header_key(entity.sheet): name for name, entity in ENTITIES.items()}


# --------------------------------------------------------------------------- grids
@dataclass
class _Grid:
    """One sheet or CSV file: a row source, and what calamine cannot say about cells."""

    name: str
    head: list[list[Any]]  # the first rows, row 1 first, for finding the header
    rows: Callable[[], Iterator[list[Any]]]  # every row, row 1 first
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → #REF!
    percent: set[tuple[int, int]] = field(default_factory=set)  # 1-based (row, col)

    def errors_at(self, col: int) -> list[tuple[int, str]]:
        """(row, error text) of the error cells of one column."""
        return [(r, e) for (r, c), e in self.errors.items() if c == col]

    def percent_at(self, col: int) -> list[int]:
        """Rows of the percent-formatted cells of one column."""
        return [r for r, c in self.percent if c == col]


def _workbook_grids(path: Path) -> tuple[dict[str, _Grid], list[str]]:
    """The entity sheets of a workbook, and every sheet name (for messages)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine raises its own error types, and OSError
        raise InputError("input.unreadable", Location(file=str(path)),
                         reason=f"{type(exc).__name__}: {exc}") from exc
    chosen = _match_sheets(path, names, "")
    # The XML scan runs beside calamine's parse, which releases the GIL.
    with ThreadPoolExecutor(max_workers=1) as pool:
        scanning = pool.submit(_scan_xml, path, set(chosen.values()))
        sheets = {entity: book.get_sheet_by_name(name) for entity, name in chosen.items()}
        scans = scanning.result()
    grids: dict[str, _Grid] = {}
    for entity, sheet in sheets.items():
        head = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
        errors, percent = scans.get(chosen[entity], ({}, set()))
        grids[entity] = _Grid(chosen[entity], head, _calamine_rows(sheet, head), errors,
                              percent)
    return grids, names


def _calamine_rows(sheet: Any, head: list[list[Any]]) -> Callable[[], Iterator[list[Any]]]:
    """Rows of a sheet from A1, streamed; ``iter_rows`` is aligned against ``to_python``.

    ``to_python(skip_empty_area=False)`` pads the grid to A1 but builds every row at once;
    ``iter_rows`` streams but (python-calamine 0.9) starts its columns at the first used
    column. The offset is measured on the first rows instead of assumed, and when the two
    cannot be aligned the whole grid is taken from ``to_python``.
    """
    def padded() -> Iterator[list[Any]]:
        yield from sheet.to_python(skip_empty_area=False)

    first = list(islice(sheet.iter_rows(), len(head)))
    if not head or not first:
        return padded
    offset = len(head[0]) - len(first[0])
    aligned = offset >= 0 and len(first) == len(head) and all(
        list(h[offset:]) == list(r) for h, r in zip(head, first, strict=True))
    if not aligned:
        return padded
    if offset == 0:
        return lambda: iter(sheet.iter_rows())
    pad = [""] * offset
    return lambda: (pad + list(r) for r in sheet.iter_rows())


def _csv_grids(folder: Path) -> tuple[dict[str, _Grid], list[str]]:
    """The entity CSV files of a folder (``Dokumen.csv`` …), read as text grids."""
    files = {p.name: p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"}
    by_stem = {p.stem: name for name, p in files.items()}
    chosen = _match_sheets(folder, list(by_stem), ".csv")
    grids: dict[str, _Grid] = {}
    for entity, stem in chosen.items():
        name = by_stem[stem]
        rows = _read_csv(folder, files[name])
        grids[entity] = _Grid(name, rows[:HEADER_SEARCH_ROWS], lambda rows=rows: iter(rows))
    return grids, list(files)


def _read_csv(folder: Path, path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{NS}.error.csv_encoding", Location(file=str(folder)),
                         file=path.name, line=line) from exc
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _match_sheets(path: Path, names: list[str], suffix: str) -> dict[str, str]:
    """Entity → sheet (or CSV stem), matched case-, space- and underscore-insensitively.

    ``suffix`` is ``".csv"`` for a folder (names are file stems) and ``""`` for a workbook.
    A missing required sheet is an error naming what was found, with a hint when a name
    is close (``Program`` for ``Program_Kegiatan``).
    """
    chosen: dict[str, str] = {}
    for name in names:
        entity = _SHEET_KEYS.get(header_key(name))
        if entity is None:
            continue
        if entity in chosen:
            raise InputError(f"{NS}.error.sheet_ambiguous", Location(file=str(path)),
                             first=chosen[entity] + suffix, second=name + suffix,
                             expected=ENTITIES[entity].sheet + suffix)
        chosen[entity] = name
    missing = [e for e in REQUIRED_SHEETS if e not in chosen]
    if not missing:
        return chosen
    others = [n for n in names if header_key(n) not in _SHEET_KEYS]
    details = []
    for entity in missing:
        expected = ENTITIES[entity].sheet
        close = close_matches(header_key(expected), [header_key(o) for o in others],
                                  n=1, cutoff=0.6)
        if close:
            near = next(o for o in others if header_key(o) == close[0])
            details.append(InputError(f"{NS}.error.sheet_hint", found=near + suffix,
                                      expected=expected + suffix))
    key = "missing_csv" if suffix else "missing_sheets"
    raise InputError(f"{NS}.error.{key}", Location(file=str(path)), details=details,
                     missing=", ".join(ENTITIES[e].sheet + suffix for e in missing),
                     found=", ".join(n + suffix for n in names) or "-")


# --------------------------------------------------------------------------- xlsx XML
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_QUOTED = re.compile(r'"[^"]*"|\\.')


def _scan_xml(path: Path, sheets: set[str]) -> dict[str, tuple[dict, set]]:
    """Error cells and percent-formatted cells of the given sheets, by sheet name.

    A workbook whose parts cannot be found this way (not an Office Open XML package)
    gives nothing here: calamine has read it, and only these two checks are skipped.
    """
    out: dict[str, tuple[dict, set]] = {}
    try:
        with zipfile.ZipFile(path) as package:
            parts, styles = _sheet_parts(package)
            percent_styles = _percent_styles(package, styles)
            for name in sheets:
                part = parts.get(name)
                if part is not None and part in package.namelist():
                    with package.open(part) as stream:
                        out[name] = _scan_stream(stream, percent_styles)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}
    return out


def _sheet_parts(package: zipfile.ZipFile) -> tuple[dict[str, str], str]:
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets: dict[str, str] = {}
    styles = "xl/styles.xml"
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else \
            str(PurePosixPath("xl") / target)
        targets[rel.get("Id", "")] = target
        if rel.get("Type", "").endswith("/styles"):
            styles = target
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        rid = sheet.get(f"{_REL}id")
        if rid in targets:
            parts[sheet.get("name", "")] = targets[rid]
    return parts, styles


def _percent_styles(package: zipfile.ZipFile, styles: str) -> list[int]:
    """Indices of the cell formats (``s=`` of a cell) that show a number as a percent."""
    if styles not in package.namelist():
        return []
    root = ElementTree.fromstring(package.read(styles))
    custom = {}
    for fmt in root.iter(f"{_MAIN}numFmt"):
        code = _QUOTED.sub("", fmt.get("formatCode", ""))
        custom[fmt.get("numFmtId", "")] = "%" in code
    xfs = root.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return []
    out = []
    for index, xf in enumerate(xfs.findall(f"{_MAIN}xf")):
        fmt_id = xf.get("numFmtId", "0")
        if fmt_id in ("9", "10") or custom.get(fmt_id, False):
            out.append(index)
    return out


def _scan_stream(stream: Any, percent_styles: list[int],
                 chunk: int = 1 << 23) -> tuple[dict, set]:
    """Byte search of a sheet's XML for ``t="e"`` cells and cells in a percent style.

    ``bytes.find`` runs at memory speed, so a million-row sheet costs a fraction of a
    second; only the (rare) hits are parsed.
    """
    needles = [b' t="e"', *(f' s="{i}"'.encode() for i in percent_styles)]
    errors: dict[tuple[int, int], str] = {}
    percent: set[tuple[int, int]] = set()
    buf = b""
    while True:
        data = stream.read(chunk)
        buf += data
        final = not data
        limit = len(buf) if final else buf.rfind(b"<c ")
        if limit > 0:
            done = _scan_buffer(buf, limit, needles, errors, percent)
            buf = buf[done:]
        if final:
            return errors, percent


def _scan_buffer(buf: bytes, limit: int, needles: list[bytes],
                 errors: dict[tuple[int, int], str], percent: set[tuple[int, int]]) -> int:
    """Scan ``buf[:limit]``; returns how far it is done (a cell cut short is kept)."""
    done = limit
    for n, needle in enumerate(needles):
        pos = buf.find(needle, 0, limit)
        while pos != -1:
            start = buf.rfind(b"<", 0, pos)
            match = _CELL_TAG.match(buf, start)
            if match and match.end() > pos:
                ref = _CELL_REF.search(match.group(0))
                close = buf.find(b"c>", match.end())
                if close == -1 or close >= limit:
                    done = min(done, start)
                elif ref:
                    where = (int(ref.group(2)), column_index(ref.group(1).decode()))
                    if n == 0:
                        value = _VALUE.search(buf, match.end(), close)
                        errors[where] = value.group(1).decode() if value else "#ERROR"
                    else:
                        percent.add(where)
            pos = buf.find(needle, pos + 1, limit)
    return done


# --------------------------------------------------------------------------- problems
@dataclass
class _Problems:
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
class _Column:
    """One read column of a sheet: typed values of the kept rows, and raw texts."""

    field: Field
    index: int  # 1-based sheet column
    values: Any = None
    raws: dict[int, str] = field(default_factory=dict)  # position in kept rows → text
    bad: set[int] = field(default_factory=set)  # rows whose cell was already reported


@dataclass
class _Table:
    """One entity sheet after reading: kept rows, columns, and what was ignored."""

    entity: Entity
    name: str
    header_row: int
    rows: np.ndarray  # Excel row of each kept row
    columns: dict[str, _Column]
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

    def __init__(self, table: str, order: int, col: int, fld: Field, grid: _Grid,
                 problems: _Problems) -> None:
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
                if math.isfinite(number) and number.is_integer() and abs(number) < _MAX_EXACT:
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
            bad |= (np.floor(floats) != floats) | (np.abs(floats) >= _MAX_EXACT)
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
                elif _PLAIN_INT.fullmatch(s):
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
        elif abs(v) >= _MAX_EXACT:
            self.problem(row, "too_large", value=_shown(v))
        elif self.field.kind is Kind.MONEY:
            self.problem(row, "money_fraction", value=_shown(v))
        else:
            self.problem(row, "not_integer", value=_shown(v))


def _find_header(grid: _Grid, entity: Entity) -> int:
    """1-based row of the header: the first of the top rows naming most fields."""
    lookup = _LOOKUPS[entity.name]
    best, best_row = 0, 1
    for r, row in enumerate(grid.head, start=1):
        hits = len({lookup[k].name for k in map(header_key, row) if k in lookup})
        if hits > best:
            best, best_row = hits, r
    return best_row


def _map_columns(grid: _Grid, entity: Entity, header_row: int,
                 structural: list[InputError]) -> tuple[dict[str, int], dict[int, str],
                                                          int | None]:
    lookup = _LOOKUPS[entity.name]
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


def _read_table(grid: _Grid, entity: Entity, order: int, header_row: int,
                mapping: dict[str, int], ignored: dict[int, str], source: int | None,
                problems: _Problems) -> _Table:
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
    out: dict[str, _Column] = {}
    for name, conv in converters.items():
        column = _Column(conv.field, mapping[name])
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
    return _Table(entity, grid.name, header_row, rows, out, ignored, source, order,
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
        if abs(parsed.value) >= _MAX_EXACT:
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


# --------------------------------------------------------------------------- read
@dataclass
class _Read:
    """Everything one read produced: frames, raw texts and table descriptions."""

    frames: Frames
    raws: dict[str, list[dict[str, str]]]  # entity → per frame row: field → raw text
    tables: dict[str, list[TableInfo]]  # document id → its TableInfo per sheet
    path: str
    letters: dict[str, dict[str, str]]  # entity → field → column letter
    sheets: dict[str, str]  # entity → sheet or CSV name


def _read(path: Path) -> _Read:
    """Read every sheet, check it all, raise one error listing every problem, or build."""
    grids, found = _csv_grids(path) if path.is_dir() else _workbook_grids(path)
    structural: list[InputError] = []
    layouts = {}
    for name, entity in ENTITIES.items():
        if name in grids:
            header_row = _find_header(grids[name], entity)
            layouts[name] = (header_row, *_map_columns(grids[name], entity, header_row,
                                                        structural))
    if structural:
        raise InputError(f"{NS}.error.columns", Location(file=str(path)), details=structural)
    problems = _Problems()
    with _no_gc():
        tables = {name: _read_table(grids[name], ENTITIES[name], order, *layouts[name],
                                    problems=problems)
                  for order, name in enumerate(ENTITIES) if name in grids}
        for table in tables.values():
            _check_choices(table, problems)
            _check_required(table, problems)
        doc_ids, doc_rows = _documents(tables["document"], path, problems)
        assigned = {name: _assign_documents(table, doc_ids, problems)
                    for name, table in tables.items() if name != "document"}
        if "item" in tables:
            _check_duplicates(tables["item"], assigned["item"], problems)
        problems.raise_if_any(path)
        return _assemble(path, tables, doc_ids, doc_rows, assigned, found)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of cells become objects.

    The values made here hold no reference cycles, and without the pause the collector
    runs every few thousand allocations and triples the time of a large read.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ref(table: _Table, col: _Column, i: int) -> tuple[int, str]:
    row = int(table.rows[i])
    return row, f"{table.name}!{column_letter(col.index)}{row}"


def _check_choices(table: _Table, problems: _Problems) -> None:
    """Choice cells become their canonical spelling (``Sub Kegiatan`` → ``sub_kegiatan``)."""
    for col in table.columns.values():
        if col.field.kind is not Kind.CHOICE:
            continue
        canon = {_SEPARATORS.sub("_", c.strip()).casefold(): c for c in col.field.choices}
        series = pd.Series(col.values, dtype=object)
        uniques = series.dropna().unique()
        mapping = {v: canon.get(_SEPARATORS.sub("_", v).casefold()) for v in uniques}
        mapped = series.map(mapping).to_numpy(dtype=object, copy=True)
        for i in np.flatnonzero(series.notna().to_numpy() & pd.isna(mapped)):
            row, ref = _ref(table, col, i)
            col.bad.add(row)
            problems.add(table.order, row, col.index, "bad_choice", ref=ref,
                         value=col.values[i], choices=", ".join(col.field.choices))
        mapped[pd.isna(mapped)] = None
        col.values = mapped


_MUST_HAVE = {"document": ("id", "jenis"), "item": ("id", "level"),
              "indicator": ("item",), "total": ("tabel", "level"),
              "tahunan": ("item", "tahun")}


def _check_required(table: _Table, problems: _Problems) -> None:
    """Values the model cannot do without; other blanks are left for the rules."""
    for name in _MUST_HAVE[table.entity.name]:
        col = table.columns[name]
        for i in np.flatnonzero(pd.isna(col.values)):
            row, ref = _ref(table, col, i)
            if row not in col.bad:
                problems.add(table.order, row, col.index, "required_blank", ref=ref,
                             header=col.field.header)


def _documents(table: _Table, path: Path,
               problems: _Problems) -> tuple[list[str], list[dict[str, Any]]]:
    """The documents in sheet order; a repeated ID is reported with both cells."""
    ids: list[str] = []
    rows: list[dict[str, Any]] = []
    first_cell: dict[str, str] = {}
    col = table.columns["id"]
    for i, doc_id in enumerate(col.values):
        if doc_id is None:
            continue
        row, ref = _ref(table, col, i)
        if doc_id in first_cell:
            problems.add(table.order, row, col.index, "duplicate_document", ref=ref,
                         value=doc_id, first=first_cell[doc_id])
            continue
        first_cell[doc_id] = ref
        ids.append(doc_id)
        record = {f.name: None for f in table.entity.fields}
        for name, c in table.columns.items():
            value = c.values[i]
            record[name] = None if value is pd.NA else value
        record["_position"] = i
        rows.append(record)
    if not ids and not problems.count:
        raise InputError(f"{NS}.error.no_documents",
                         Location(file=str(path), table=table.name))
    return ids, rows


def _assign_documents(table: _Table, doc_ids: list[str], problems: _Problems) -> np.ndarray:
    """The document of every row: its ``dokumen`` cell, or the only document."""
    n = len(table.rows)
    single = doc_ids[0] if len(doc_ids) == 1 else None
    listed = ", ".join(doc_ids)
    col = table.columns.get("dokumen")
    if col is None:
        if single is None and n and doc_ids:
            problems.add(table.order, table.header_row, 0, "document_column_missing",
                         sheet=table.name, documents=listed)
        return np.full(n, single, dtype=object)
    out = np.array(col.values, dtype=object)
    blank = pd.isna(out)
    unknown = ~blank & ~pd.Series(out).isin(doc_ids).to_numpy()
    if doc_ids:
        for i in np.flatnonzero(blank if single is None else np.zeros(n, dtype=bool)):
            row, ref = _ref(table, col, i)
            problems.add(table.order, row, col.index, "document_blank", ref=ref,
                         count=len(doc_ids), documents=listed)
        for i in np.flatnonzero(unknown):
            row, ref = _ref(table, col, i)
            problems.add(table.order, row, col.index, "unknown_document", ref=ref,
                         value=out[i], documents=listed)
    out[blank] = single
    out[unknown] = None
    return out


def _check_duplicates(table: _Table, docs: np.ndarray, problems: _Problems) -> None:
    """Item IDs are keys within a document: a repeat names the first cell too."""
    col = table.columns["id"]
    frame = pd.DataFrame({"doc": docs, "id": col.values}, dtype=object)
    dup = frame.duplicated(["doc", "id"], keep=False).to_numpy() & frame["id"].notna().to_numpy()
    first: dict[tuple[Any, Any], str] = {}
    for i in np.flatnonzero(dup):
        row, ref = _ref(table, col, i)
        key = (docs[i], col.values[i])
        if key not in first:
            first[key] = ref
        else:
            problems.add(table.order, row, col.index, "duplicate_id", ref=ref,
                         value=col.values[i], first=first[key], document=docs[i])


def _text_column(values: np.ndarray) -> pd.Series:
    """Text as ``to_frames`` leaves it: object dtype, NaN for blanks unless all are blank."""
    out = values if values.dtype == object else np.array(values, dtype=object)
    blank = np.equal(out, None)  # the reader's text arrays hold str or None only
    if blank.any() and not blank.all():
        out[blank] = np.nan
    return pd.Series(out, dtype=object, copy=False)


def _assemble(path: Path, tables: dict[str, _Table], doc_ids: list[str],
              doc_rows: list[dict[str, Any]], assigned: dict[str, np.ndarray],
              found: list[str]) -> _Read:
    """The engine's frames, rows grouped by document in sheet order, as ``to_frames``."""
    file = str(path)
    records = [{"_doc": rec["id"], "_file": file, "_table": None, "_row": None, "_page": None,
                **{f.name: rec[f.name] for f in ENTITIES["document"].fields}}
               for rec in doc_rows]
    frames = {"document": coerce(pd.DataFrame(records), ENTITIES["document"])}
    result = _Read(Frames(frames), {}, {doc_id: [] for doc_id in doc_ids}, file, {},
                   {name: table.name for name, table in tables.items()})
    order = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    for name in ("item", "indicator", "total", "tahunan"):
        entity = ENTITIES[name]
        table = tables.get(name)
        if table is not None:
            result.letters[name] = {n: column_letter(c.index) for n, c in table.columns.items()}
        if table is None or not len(table.rows):
            frames[name] = empty_frame(entity)
            result.raws[name] = []
            if table is not None:
                _add_infos(result.tables, table, table.rows, np.zeros(0, dtype=object), file)
            continue
        docs = assigned[name]
        perm = np.argsort(np.array([order[d] for d in docs], dtype=np.int64), kind="stable")
        rows = table.rows[perm]
        n = len(perm)
        data: dict[str, Any] = {
            "_doc": pd.Series(docs[perm], dtype="str"),
            "_file": pd.Series(np.full(n, file, dtype=object), dtype="str"),
            "_table": pd.Series(np.full(n, table.name, dtype=object), dtype="str"),
            "_row": pd.array(rows, dtype="Int64"),
            "_page": pd.Series(np.full(n, None, dtype=object), dtype=object),  # no pages
        }
        for f in entity.fields:
            col = table.columns.get(f.name)
            if f.name == "dokumen":
                data[f.name] = _text_column(docs[perm])
            elif col is None:
                data[f.name] = pd.Series(pd.array([None] * n, dtype=_DTYPES[f.kind]))
            elif f.kind in (Kind.TEXT, Kind.CHOICE):
                data[f.name] = _text_column(col.values[perm])
            else:
                data[f.name] = col.values[perm]
        row_text = rows.astype(np.dtypes.StringDType())
        for f in entity.fields:
            if f.name in table.columns:
                letter = column_letter(table.columns[f.name].index)
                cells = np.strings.add(letter, row_text).astype(object)
                data[cell_column(f.name)] = pd.Series(cells, dtype="str")
        frames[name] = coerce(pd.DataFrame(data), entity)
        inverse = np.empty_like(perm)
        inverse[perm] = np.arange(n)
        row_raws: list[dict[str, str]] = [{} for _ in range(n)]
        for fname, col in table.columns.items():
            for pos, text in col.raws.items():
                row_raws[int(inverse[pos])][fname] = text
        result.raws[name] = row_raws
        _add_infos(result.tables, table, rows, docs[perm], file)
    _add_doc_infos(result.tables, tables["document"], doc_rows, file, found)
    frames["tahunan"] = frames["tahunan"].assign(**year_keys(frames["tahunan"], frames["item"]))
    return result


_DTYPES = {Kind.TEXT: "object", Kind.CHOICE: "object", Kind.MONEY: "Int64",
           Kind.NUMBER: "Float64", Kind.INT: "Int64"}


def _columns_info(table: _Table) -> tuple[dict[str, str], list[str]]:
    columns = {column_letter(c.index): name for name, c in table.columns.items()}
    notes = []
    for c, header in table.ignored.items():
        columns[column_letter(c)] = t(f"{NS}.note.ignored_column", header=header)
    if table.ignored:
        notes.append(t(f"{NS}.note.unknown_columns", columns=", ".join(
            f"{column_letter(c)} ({h})" for c, h in table.ignored.items())))
    if table.source_column is not None:
        columns[column_letter(table.source_column)] = t(f"{NS}.note.source_column")
    if table.header_row != 1:
        notes.append(t(f"{NS}.note.header_row", row=table.header_row))
    return dict(sorted(columns.items(), key=lambda x: (len(x[0]), x[0]))), notes


def _add_infos(infos: dict[str, list[TableInfo]], table: _Table, rows: np.ndarray,
               docs: np.ndarray, file: str) -> None:
    columns, notes = _columns_info(table)
    for doc_id, doc_infos in infos.items():
        mine = rows[docs == doc_id] if len(docs) else rows
        doc_infos.append(TableInfo(
            name=table.name, file=file, columns=columns, notes=list(notes),
            skipped=list(table.skipped),
            first_row=int(mine.min()) if len(mine) else None,
            last_row=int(mine.max()) if len(mine) else None, rows_read=len(mine)))


def _add_doc_infos(infos: dict[str, list[TableInfo]], table: _Table,
                   doc_rows: list[dict[str, Any]], file: str, found: list[str]) -> None:
    columns, notes = _columns_info(table)
    known = {header_key(e.sheet) for e in ENTITIES.values()} | {
        header_key(GUIDE_SHEET), header_key(ISSUES_SHEET)}
    others = [n for n in found if header_key(PurePosixPath(n).stem) not in known]
    if others:
        notes.append(t(f"{NS}.note.other_sheets", sheets=", ".join(others)))
    for rec in doc_rows:
        row = int(table.rows[rec["_position"]])
        infos[rec["id"]].insert(0, TableInfo(name=table.name, file=file, columns=columns,
                                             notes=list(notes), first_row=row,
                                             last_row=row, rows_read=1))


def read_frames(path: str | Path) -> Frames:
    """The engine's DataFrames straight from a template workbook or CSV folder.

    Same columns, dtypes and values as ``to_frames(TemplateImporter().read(path))``, without
    building a pydantic object per row: this is the path for very large plans.
    """
    return _read(Path(path)).frames


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


_MODELS: dict[str, type[Located]] = {"item": Item, "indicator": Indicator, "total": Total,
                                      "tahunan": YearValue}


def _documents_from(result: _Read) -> list[Document]:
    docs: dict[str, Document] = {}
    for rec in result.frames["document"].to_dict("records"):
        clean = {k: (None if _is_missing(v) else v) for k, v in rec.items()}
        docs[clean["id"]] = Document(
            id=clean["id"], jenis=clean["jenis"], path=result.path,
            instansi=clean["instansi"], pemda=clean["pemda"],
            tahun=None if clean["tahun"] is None else int(clean["tahun"]),
            judul=clean["judul"], tables=result.tables.get(clean["id"], []),
            tahun_awal=None if clean.get("tahun_awal") is None else int(clean["tahun_awal"]),
            tahun_akhir=None if clean.get("tahun_akhir") is None else int(clean["tahun_akhir"]))
    for name, model in _MODELS.items():
        entity = ENTITIES[name]
        frame = result.frames[name]
        letters = result.letters.get(name, {})
        sheet = result.sheets.get(name)
        fields = [f.name for f in entity.fields if f.name != "dokumen"]
        located = [f.name for f in entity.fields if f.name in letters]
        target = {"item": "items", "indicator": "indicators", "total": "totals",
                  "tahunan": "tahunan"}[name]
        columns = ["_doc", "_row", *fields]
        for pos, values in enumerate(frame[columns].itertuples(index=False, name=None)):
            doc_id, row = values[0], int(values[1])
            kwargs = {f: (None if _is_missing(v) else v) for f, v in zip(fields, values[2:],
                                                                        strict=True)}
            obj = model(**kwargs, file=result.path, table=sheet, row=row)
            raws = result.raws[name][pos] if result.raws.get(name) else {}
            for fname in located:
                obj.locate(fname, Location(file=result.path, table=sheet, row=row,
                                           column=letters[fname]), raws.get(fname))
            getattr(docs[doc_id], target).append(obj)
    return list(docs.values())


class TemplateImporter:
    """The canonical template: a workbook or a folder of CSV files, one per sheet.

    A workbook has the sheets ``Dokumen`` and ``Program_Kegiatan`` (``Indikator`` and
    ``Jumlah`` are optional); a folder has ``Dokumen.csv`` and ``Program_Kegiatan.csv``.
    """

    name = "template"

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool:
        """True for a template, also one with a misnamed sheet (``read`` then says which).

        A workbook is the template's when it has a ``Dokumen`` sheet (in any case or
        spacing) or a sheet named exactly ``Program_Kegiatan``: an agency's own workbook
        with a "Program Kegiatan" sheet is left to the importers of agency layouts. A
        workbook that cannot be opened at all is claimed, so that ``read`` says why.
        """
        path = Path(path)
        if path.is_dir():
            keys = {header_key(ENTITIES[e].sheet) for e in REQUIRED_SHEETS}
            return any(header_key(p.stem) in keys for p in path.iterdir()
                       if p.suffix.lower() == ".csv")
        from python_calamine import CalamineWorkbook

        try:
            names = CalamineWorkbook.from_path(str(path)).sheet_names
        except Exception:  # unreadable: let read() report it with the reason
            return True
        return ENTITIES["item"].sheet in names or any(
            header_key(n) == header_key(ENTITIES["document"].sheet) for n in names)

    def read(self, path: Path) -> list[Document]:
        """Every document of the template, each value located at its cell."""
        return _documents_from(_read(Path(path)))
