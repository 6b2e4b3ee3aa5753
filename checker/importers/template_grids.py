"""Where the canonical template's cells come from: workbook sheets or CSV files.

A :class:`Grid` is one sheet (or one CSV file of a template folder): a row source read
with python-calamine, and what calamine does not say about its cells, recovered from the
sheet's XML with a streaming byte search (cells holding an Excel error, which calamine
reads as blank, and numbers formatted as percent, stored as 0.75 for ``75%``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from checker.importers.excel_grid import MAIN_NS as _MAIN
from checker.importers.excel_grid import sheet_parts
from checker.model.errors import InputError
from checker.model.location import Location, column_index
from checker.model.schema import ENTITIES, Entity, Field
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
MAX_EXACT = 2**53
PLAIN_INT = re.compile(r"-?[0-9]{1,15}")
SEPARATORS = re.compile(r"[\s_\-]+")


def header_key(text: object) -> str:
    """Case-, space- and underscore-insensitive form of a header or sheet name."""
    if not isinstance(text, str):
        return ""
    return SEPARATORS.sub("", text.replace("\u00a0", " ")).casefold()


def _field_lookup(entity: Entity) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for f in entity.fields:
        out[header_key(f.header)] = f
        out[header_key(f.name)] = f
    return out


LOOKUPS = {name: _field_lookup(entity) for name, entity in ENTITIES.items()}
_SHEET_KEYS = {header_key(entity.sheet): name for name, entity in ENTITIES.items()}


# --------------------------------------------------------------------------- grids
@dataclass
class Grid:
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


def workbook_grids(path: Path) -> tuple[dict[str, Grid], list[str]]:
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
    grids: dict[str, Grid] = {}
    for entity, sheet in sheets.items():
        head = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
        errors, percent = scans.get(chosen[entity], ({}, set()))
        grids[entity] = Grid(chosen[entity], head, _calamine_rows(sheet, head), errors,
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


def csv_grids(folder: Path) -> tuple[dict[str, Grid], list[str]]:
    """The entity CSV files of a folder (``Dokumen.csv`` …), read as text grids."""
    files = {p.name: p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"}
    by_stem = {p.stem: name for name, p in files.items()}
    chosen = _match_sheets(folder, list(by_stem), ".csv")
    grids: dict[str, Grid] = {}
    for entity, stem in chosen.items():
        name = by_stem[stem]
        rows = _read_csv(folder, files[name])
        grids[entity] = Grid(name, rows[:HEADER_SEARCH_ROWS], lambda rows=rows: iter(rows))
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
            parts, styles = sheet_parts(package)
            percent_styles = _percent_styles(package, styles)
            for name in sheets:
                part = parts.get(name)
                if part is not None and part in package.namelist():
                    with package.open(part) as stream:
                        out[name] = scan_stream(stream, percent_styles)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}
    return out


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


def scan_stream(stream: Any, percent_styles: list[int],
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
