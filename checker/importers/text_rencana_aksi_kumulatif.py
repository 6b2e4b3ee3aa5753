"""Rencana Aksi with cumulative ("sampai dengan") quarterly targets, in text extracts.

The layout family (Dinas Sosial Lampung Barat, 2021 and after): one table per level under
a heading ``Rencana Aksi Tingkat …``.

* Tujuan and sasaran strategis side by side, each with INDIKATOR, SATUAN and a
  ``TARGET SAMPAI DENGAN`` group of TW 1–4 columns: one line per indicator (a *grid*).
* Program, kegiatan and sub-kegiatan tables whose ``Kinerja``/``Keuangan Per Triwulan
  Akumulatif`` cells hold one quarter each, labelled inside the cell (``Trw 1= 23.22``,
  ``TRW II = 9 dokumen``), so one record runs over four lines (*stacked*); the columns left
  of the item's name (Sasaran Strategis, Program, Kegiatan) name its ancestors.

Columns are found from the header words and the span of each header cell, a value's
quarter from its own label, and the mode from the header text ("sampai dengan", "s.d.",
"akumulatif"), so the agency's next document reads the same way. Records cut by a page
break are joined; whatever is not read for certain becomes an importer finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.i18n import LANGUAGES, t
from checker.i18n.format import format_number
from checker.importers.base import document_id
from checker.importers.issues import issue
from checker.importers.numbers import (
    ParsedNumber,
    detect_convention,
    parse_money,
    parse_number,
    quarter_values,
)
from checker.importers.percent_plan import read_percent_plan
from checker.importers.textlines import TextLine, cell_location, read_lines
from checker.model.finding import ItemRef
from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, TableInfo, Total
from checker.model.schema import DocumentKind, Level
from checker.reference.matching import ratio as similarity_ratio

NS = "import_kumulatif"
QUARTERS = (1, 2, 3, 4)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
LEVELS = list(Level)
ID_PREFIX = {Level.TUJUAN: "T", Level.SASARAN: "SS", Level.PROGRAM: "P",
             Level.KEGIATAN: "K", Level.SUB_KEGIATAN: "S"}

_QUARTER_HEADER = re.compile(r"^(?:tw|trw|triwulan|tri wulan)\s*\.?\s*(iv|iii|ii|i|[1-4])$",
                             re.IGNORECASE)
_ROMAN_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SD = re.compile(r"(?<![a-z])s\s*[./]\s*d(?![a-z])", re.IGNORECASE)
_SUMMARY = re.compile(r"^\s*(jumlah|total|rata\s*-?\s*rata)\b", re.IGNORECASE)
_ROW_NUMBER = re.compile(r"^\d{1,4}\.?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,3}\)?$")
_YEAR = re.compile(r"\btahun\s*(?:anggaran\s*)?((?:19|20)\d\d)\b", re.IGNORECASE)
_AGENCY = re.compile(r"\b((?:dinas|badan|kantor|inspektorat|sekretariat|satuan)\b.*?)\s+"
                     r"((?:kabupaten|kota|provinsi)\b.+)$", re.IGNORECASE)
_AGENCY_END = re.compile(r"\b((?:dinas|badan|kantor|inspektorat)\s+[^()\d]+?)\s*$",
                         re.IGNORECASE)
_REGION = re.compile(r"^\s*((?:kabupaten|kota|provinsi)\s+[^\d]+?)\s*$", re.IGNORECASE)
_TAIL = re.compile(r"\s+(?:tahun|periode|priode)\b.*$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\(\s*nama\s+(?:perangkat\s+daerah|opd|skpd|instansi|dinas)\s*\)",
                          re.IGNORECASE)
_NIP = re.compile(r"^\s*NIP\b", re.IGNORECASE)
_GENERIC = ("target", "realisasi", "rencana", "capaian")
_PERCENT = {"%", "persen", "prosen", "percent"}


# --------------------------------------------------------------------------- text helpers
def _squash(text: str) -> str:
    """Lower-case letters and digits only: headers compared regardless of spacing."""
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _has(text: str, word: str, ratio: float = 0.85) -> bool:
    """Whether ``word`` occurs in ``text``, tolerating spacing and one OCR slip in long words."""
    s, w = _squash(text), _squash(word)
    if w in s:
        return True
    if len(w) < 7:
        return False
    for size in (len(w) - 1, len(w), len(w) + 1):
        for start in range(max(0, len(s) - size) + 1):
            if similarity_ratio(s[start:start + size], w) >= ratio:
                return True
    return False


def _marker(text: str) -> str | None:
    """The words that make a heading cumulative ("sampai dengan", "s.d.", "akumulatif")."""
    if _SD.search(text):
        return _SD.search(text).group(0)  # type: ignore[union-attr]
    for word in ("sampai dengan", "akumulatif", "kumulatif"):
        if _has(text, word):
            return word
    return None


def _clean(text: str) -> str:
    """A heading without bold markers or repeated spaces."""
    return re.sub(r"\s+", " ", text.replace("*", " ").replace("\u00a0", " ")).strip()


def _title_case(text: str) -> str:
    """Names printed in capitals read as names (``DINAS SOSIAL`` → ``Dinas Sosial``)."""
    return " ".join(w.capitalize() for w in text.split()) if text.isupper() else text


def _unit_key(unit: str | None) -> str:
    """Units compared without case, with %, persen and prosen taken as one."""
    key = re.sub(r"\s+", " ", (unit or "").strip().casefold()).rstrip(".")
    return "%" if key in _PERCENT else key


def _join(first: str, piece: str) -> tuple[str, str | None]:
    """Join a cell's continuation after a break, dropping words the extract printed twice.

    A cell cut by a page break often repeats its last words at the top of the next page
    (``… PEMERINTAHAN DAERAH`` + ``DAERAH KABUPATEN / KOTA``): the longest run of leading
    words of ``piece`` that ends ``first`` (ignoring spaces and case) is dropped once.
    """
    head = _squash(first)
    words = piece.split()
    for count in range(len(words), 0, -1):
        lead = _squash(" ".join(words[:count]))
        if lead and head.endswith(lead) and _word_boundary(first, lead):
            rest = " ".join(words[count:])
            return (f"{first} {rest}" if rest else first), " ".join(words[:count])
    return f"{first} {piece}", None


def _word_boundary(text: str, tail: str) -> bool:
    """Whether the squashed ``tail`` starts at a word start of ``text``."""
    for start in range(len(text)):
        if (start == 0 or text[start - 1].isspace()) and _squash(text[start:]) == tail:
            return True
    return False


# --------------------------------------------------------------------------- table header
@dataclass
class _Col:
    """One column as the header describes it."""

    index: int
    header: str  # the header texts covering the column, top to bottom
    cell: tuple[int, int]  # (line, field) of the deepest non-generic header cell
    role: str  # no, name, kode, item_sasaran, indikator, satuan, pj, quarter, cells, annual,
    # pagu, unknown
    level: Level | None = None
    quarter: int | None = None
    measure: str = "target"  # or realisasi
    money: bool = False
    mode: str | None = None
    owner: int | None = None  # index of the name column this column belongs to

    @property
    def letter(self) -> str:
        return column_letter(self.index)


def _level_word(text: str) -> Level | None:
    if _has(text, "sub kegiatan"):
        return Level.SUB_KEGIATAN
    if _has(text, "kegiatan"):
        return Level.KEGIATAN
    if _has(text, "program"):
        return Level.PROGRAM
    if _has(text, "sasaran"):
        return Level.SASARAN
    if _has(text, "tujuan"):
        return Level.TUJUAN
    return None


def _classify(col: _Col, texts: list[tuple[str, int, int]]) -> None:
    """Set a column's role from its header texts (top to bottom)."""
    words = [x[0] for x in texts]
    whole = " ".join(words)
    col.money = _has(whole, "keuangan") or _has(whole, "anggaran")
    col.measure = "realisasi" if _has(whole, "realisasi") else "target"
    quarter = _QUARTER_HEADER.match(words[-1].strip())
    if quarter:
        label = quarter.group(1).lower()
        col.role = "quarter"
        col.quarter = int(label) if label.isdigit() else _ROMAN_NUMBER[label]
        col.cell = texts[-1][1:]
        return
    depth = len(words) - 1
    while depth > 0 and _squash(words[depth]) in _GENERIC:
        depth -= 1
    label = words[depth]
    col.cell = texts[depth][1:]
    if depth < len(words) - 1:
        col.measure = "realisasi" if _squash(words[-1]) == "realisasi" else "target"
    s = _squash(label)
    per_quarter = _has(whole, "triwulan") or bool(re.search(r"\b(tw|trw)\b", whole, re.I))
    level = _level_word(label)
    if s in ("no", "nomor", "nourut"):
        col.role = "no"
    elif _has(label, "penanggung jawab"):
        col.role = "pj"
    elif s.startswith("satuan"):
        col.role = "satuan"
    elif _has(label, "indikator"):
        col.role = "indikator"
    elif s.startswith("kode"):
        col.role = "kode"
    elif _has(label, "sasaran") and level in (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN):
        col.role, col.level = "item_sasaran", level
    elif _has(label, "kinerja") or (s in _GENERIC and not col.money):
        col.role = "cells" if per_quarter else "annual"
    elif col.money:
        col.role = "cells" if per_quarter else "pagu"
    elif level is not None:
        col.role, col.level = "name", level
    else:
        col.role = "unknown"


def _header_columns(header: list[TextLine]) -> dict[int, _Col]:
    """Columns of a header block, each header cell spanning the blank cells to its right.

    A cell spans rightwards up to the next filled cell of its line, but never beyond the
    cell above it (``TARGET SAMPAI DENGAN`` covers TW 1–4; ``PROGRAM`` over five sub-columns
    does not reach PENANGGUNG JAWAB).
    """
    width = max(len(line.fields) for line in header)
    paths: dict[int, list[tuple[str, int, int]]] = {c: [] for c in range(1, width + 1)}
    bound = dict.fromkeys(range(1, width + 1), width)
    for line in header:
        cells = line.nonblank_fields()
        new_bound = dict(bound)
        for k, (index, text) in enumerate(cells):
            end = min(cells[k + 1][0] - 1 if k + 1 < len(cells) else width, bound[index])
            for c in range(index, end + 1):
                paths[c].append((_clean(text), line.number, index))
                new_bound[c] = end
        bound = new_bound
    cols: dict[int, _Col] = {}
    for index, texts in paths.items():
        if texts:
            col = _Col(index=index, header=" / ".join(x[0] for x in texts),
                       cell=texts[-1][1:], role="unknown")
            _classify(col, texts)
            cols[index] = col
    names = sorted(i for i, c in cols.items() if c.role == "name")
    for index, col in cols.items():
        if col.role == "kode":
            col.owner = next((n for n in names if n > index), None)
        elif col.role not in ("name", "no"):
            col.owner = max((n for n in names if n < index), default=None)
    return cols


def _is_header_start(line: TextLine) -> bool:
    cells = line.nonblank_fields()
    return ("\t" in line.text and len(cells) >= 3 and cells[0][0] == 1
            and _squash(cells[0][1]) in ("no", "nomor")
            and sum(1 for _, x in cells[1:] if re.search(r"[a-z]{4}", x, re.I)) >= 2)


def _is_header_more(line: TextLine) -> bool:
    cells = line.nonblank_fields()
    return ("\t" in line.text and bool(cells) and cells[0][0] != 1
            and all(not re.search(r"\d", x) or _QUARTER_HEADER.match(x) for _, x in cells))


def _is_numbered(line: TextLine) -> bool:
    cells = [x for _, x in line.nonblank_fields()]
    return (len(cells) >= 3 and all(_COLUMN_NUMBER.match(x) for x in cells)
            and cells[0].strip("()") == "1" and cells[1].strip("()") == "2")


def _line_key(line: TextLine) -> tuple[str, ...]:
    return tuple(_squash(x) for _, x in line.nonblank_fields())


@dataclass
class _Span:
    """Where one table sits in the file."""

    header: list[TextLine]
    numbered: list[TextLine]
    data: list[TextLine]
    title: TextLine | None = None
    placeholder: str | None = None


def _find_spans(lines: list[TextLine]) -> list[_Span]:
    spans: list[_Span] = []
    i, n = 0, len(lines)
    while i < n:
        if not _is_header_start(lines[i]):
            i += 1
            continue
        header, j = [lines[i]], i + 1
        while j < n and len(header) < 5 and _is_header_more(lines[j]):
            header.append(lines[j])
            j += 1
        numbered = []
        while j < n and _is_numbered(lines[j]):
            numbered.append(lines[j])
            j += 1
        keys = {_line_key(h) for h in header}
        last, k = j - 1, j
        while k < n:
            line = lines[k]
            if line.is_blank():
                k += 1
                continue
            if "\t" not in line.text or (_is_header_start(line) and _line_key(line) not in keys):
                break
            last, k = k, k + 1
        spans.append(_Span(header, numbered, lines[j:last + 1]))
        i = max(last + 1, j)
    previous_end = 0
    for span in spans:
        start = span.header[0].number
        above = [x for x in lines[previous_end:start - 1] if x.stripped and "\t" not in x.text]
        span.title = next((x for x in reversed(above) if _has(x.text, "rencana aksi")),
                          above[-1] if above else None)
        found = next((m for x in above if (m := _PLACEHOLDER.search(x.text))), None)
        span.placeholder = found.group(0) if found else None
        previous_end = span.data[-1].number if span.data else span.header[-1].number
    return spans


# --------------------------------------------------------------------------- records
@dataclass
class _Piece:
    text: str
    line: int
    field: int


@dataclass
class _QCell:
    """One quarter's value: the value text, the whole cell as printed, and its address."""

    quarter: int
    value: str
    text: str
    line: int
    field: int


@dataclass
class _Ind:
    line: int
    texts: dict[int, list[_Piece]] = field(default_factory=dict)
    cells: dict[int, dict[int, _QCell]] = field(default_factory=dict)


@dataclass
class _Rec:
    """One item as read from the table, before it becomes an :class:`Item`."""

    level: Level
    line: int
    no: str | None
    group: int
    texts: dict[int, list[_Piece]] = field(default_factory=dict)
    cells: dict[int, dict[int, _QCell]] = field(default_factory=dict)
    inds: list[_Ind] = field(default_factory=list)
    parent: _Rec | None = None
    twice: list[tuple[int, _QCell, _QCell]] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)
    summary: str | None = None
    item_id: str = ""

    def quarters(self) -> set[int]:
        found = {q for cells in self.cells.values() for q in cells}
        if self.inds:
            found |= {q for cells in self.inds[-1].cells.values() for q in cells}
        return found


@dataclass
class _Table:
    name: str
    span: _Span
    cols: dict[int, _Col]
    kind: str  # grid or stacked
    groups: list[int]  # name columns that own values, left to right
    info: TableInfo
    conventions: dict[int, str | None] = field(default_factory=dict)
    percent_money: set[int] = field(default_factory=set)
    recs: list[_Rec] = field(default_factory=list)

    def col_of(self, role: str, owner: int | None = None) -> _Col | None:
        return next((c for c in self.cols.values()
                     if c.role == role and (owner is None or c.owner == owner)), None)

    @property
    def no_col(self) -> int | None:
        col = self.col_of("no")
        return col.index if col else None


# --------------------------------------------------------------------------- the importer
class RencanaAksiKumulatifImporter:
    """Rencana Aksi whose quarterly targets are cumulative ("sampai dengan", "akumulatif")."""

    name = "rencana-aksi-kumulatif"

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool:
        """A "Rencana Aksi" heading first, and a table header that says the targets run on."""
        if not lines:
            return False
        heads = [x.text for x in lines if x.stripped and "\t" not in x.text][:5]
        if not any(_has(h, "rencana aksi") for h in heads):
            return False
        for span in _find_spans(lines):
            text = " ".join(x for h in span.header for _, x in h.nonblank_fields())
            per_quarter = (_has(text, "triwulan")
                           or any(_QUARTER_HEADER.match(x) for h in span.header
                                  for _, x in h.nonblank_fields()))
            if per_quarter and _marker(text):
                return True
        return False

    def read(self, path: Path) -> list[Document]:
        """Every table of the file as one rencana aksi document."""
        lines = read_lines(path)
        reader = _Reader(str(path), lines)
        return [reader.document] if reader.read() else []


class _Reader:
    """Reads one file; holds the document being filled and the items' ancestor names."""

    def __init__(self, file: str, lines: list[TextLine]) -> None:
        self.file = file
        self.lines = lines
        self.document = Document(id=document_id(file, DocumentKind.RENCANA_AKSI),
                                 jenis=DocumentKind.RENCANA_AKSI, path=file)
        self.context: dict[str, dict[Level, tuple[str, Location]]] = {}
        self.counter: Counter[Level] = Counter()

    # ----------------------------------------------------------------- findings
    def _add(self, code: str, key: str, location: Location, *, rec: Item | None = None,
             actual: Any = None, expected: Any = None, reason: ParsedNumber | None = None,
             localised: dict[str, Callable[[str], str]] | None = None,
             suggestion: str | None = None, suggestion_params: dict[str, Any] | None = None,
             **params: Any) -> None:
        """Append an importer finding, each language's message filled in that language.

        ``reason`` (a number's reading) and ``localised`` (formatted values) differ between
        languages, which :func:`~checker.i18n.both` alone cannot express.
        """
        ref = ItemRef(level=rec.level.value, kode=rec.kode, nama=rec.nama) if rec else None
        extra = {name: "" for name in (localised or {})}
        if reason is not None:
            extra["reason"] = ""
        finding = issue(self.document.id, code, f"{NS}.{key}", location, item=ref,
                        actual=actual, expected=expected,
                        suggestion_key=f"{NS}.{suggestion}" if suggestion else None,
                        suggestion_params=suggestion_params, **params, **extra)
        if reason is not None or localised:
            messages = {}
            for lang in LANGUAGES:
                local = {name: make(lang) for name, make in (localised or {}).items()}
                if reason is not None:
                    local["reason"] = t(reason.reason or "numbers.not_a_number", lang,
                                        **reason.params())
                messages[lang] = t(f"{NS}.{key}", lang, **params, **local)
            finding.message = messages
        self.document.issues.append(finding)

    def _loc(self, table: _Table, line: int, index: int) -> Location:
        return cell_location(self.file, table.name, line, index)

    # ----------------------------------------------------------------- document
    def read(self) -> bool:
        spans = _find_spans(self.lines)
        tables = [tb for k, span in enumerate(spans) if (tb := self._table(span, k)) is not None]
        if not tables:
            return False
        self._meta()
        for k, tb in enumerate(tables):
            nxt = tables[k + 1].span if k + 1 < len(tables) else None
            self._signature(tb, nxt)
            if tb.kind == "grid":
                self._read_grid(tb)
            else:
                self._read_stacked(tb)
            self._build_table(tb)
            self.document.tables.append(tb.info)
        self._link()
        for info in self.document.tables:
            info.skipped.sort()
        return True

    def _meta(self) -> None:
        doc = self.document
        texts = [_clean(_PLACEHOLDER.sub("", x.text)) for x in self.lines
                 if x.stripped and "\t" not in x.text]
        for text in texts:
            if doc.instansi is None and (m := _AGENCY.search(text)):
                doc.instansi = _title_case(m.group(1).strip())
                doc.pemda = _title_case(_TAIL.sub("", m.group(2)).strip())
            if doc.tahun is None and (y := _YEAR.search(text)):
                doc.tahun = int(y.group(1))
        for text in texts:
            if doc.instansi is None and (m := _AGENCY_END.search(_TAIL.sub("", text))):
                doc.instansi = _title_case(m.group(1).strip())
            if doc.pemda is None and (m := _REGION.match(text)):
                doc.pemda = _title_case(m.group(1))
        doc.judul = _clean(texts[0]) if texts else None

    def _table(self, span: _Span, k: int) -> _Table | None:
        cols = _header_columns(span.header)
        title = _clean(_PLACEHOLDER.sub("", span.title.text)) if span.title else ""
        name = title or f"Tabel {k + 1}"
        names = {tb.name for tb in self.document.tables}
        if name in names:
            name = f"{name} ({k + 1})"
        roles = {c.role for c in cols.values()}
        kind = "stacked" if "cells" in roles else "grid" if "quarter" in roles else None
        owned = {c.owner for c in cols.values() if c.owner is not None
                 and c.role not in ("kode", "unknown")}
        groups = sorted(i for i, c in cols.items() if c.role == "name" and i in owned)
        if kind is None or not groups:
            head = span.header[0]
            end = span.data[-1].number if span.data else span.header[-1].number
            self._add("STR-004", "str_table_skipped",
                      cell_location(self.file, name, head, head.nonblank_fields()[0][0]),
                      actual=" | ".join(c.header for _, c in sorted(cols.items())),
                      table=name, lines=f"{head.number}–{end}")
            return None
        if kind == "stacked":
            groups = groups[-1:]
        info = TableInfo(name=name, file=self.file, first_row=span.header[0].number,
                         last_row=(span.data[-1].number if span.data else span.header[-1].number))
        tb = _Table(name=name, span=span, cols=cols, kind=kind, groups=groups, info=info)
        self._describe(tb)
        for line in span.numbered:
            info.skipped.append((line.number, t(f"{NS}.skip_numbered")))
        return tb

    def _describe(self, tb: _Table) -> None:
        """Column map, mode of each value column and what the table does not print."""
        info = tb.info
        table_marker = next((m for c in tb.cols.values() if (m := _marker(c.header))), None)
        for _, col in sorted(tb.cols.items()):
            info.columns[col.letter] = self._column_text(tb, col)
            if col.role not in ("quarter", "cells"):
                continue
            own = _marker(col.header)
            col.mode = "kumulatif" if own or table_marker else None
            if col.role == "quarter" and col.quarter != 1:
                continue
            where, header = f"{col.letter}{col.cell[0]}", col.header
            if own:
                info.notes.append(t(f"{NS}.note_mode_column", column=where, header=header,
                                    mode="kumulatif"))
            elif table_marker:
                info.notes.append(t(f"{NS}.note_mode_table", column=where, header=header,
                                    mode="kumulatif", marker=table_marker))
            else:
                info.notes.append(t(f"{NS}.note_mode_unknown", column=where, header=header))
        roles = {c.role for c in tb.cols.values()}
        if "annual" not in roles:
            info.notes.append(t(f"{NS}.note_no_annual"))
        if "pagu" not in roles and any(c.money for c in tb.cols.values()
                                       if c.role in ("cells", "quarter")):
            info.notes.append(t(f"{NS}.note_no_pagu"))
        if "satuan" not in roles:
            info.notes.append(t(f"{NS}.note_satuan_from_cells"))
        if tb.span.placeholder:
            info.notes.append(t(f"{NS}.note_placeholder", text=tb.span.placeholder))

    def _column_text(self, tb: _Table, col: _Col) -> str:
        owner = tb.cols.get(col.owner) if col.owner else None
        level = owner.level.value if owner and owner.level else ""
        prefix = "indikator." if col.role in ("indikator", "satuan", "annual") or (
            col.role in ("quarter", "cells") and not col.money) else ""
        if col.role == "no":
            return t(f"{NS}.col_no")
        if col.role == "name":
            key = "col_name" if col.index in tb.groups else "col_context"
            return t(f"{NS}.{key}", level=col.level.value if col.level else "")
        if col.role == "kode":
            return t(f"{NS}.col_kode", level=level)
        if col.role == "item_sasaran":
            return t(f"{NS}.col_item_sasaran", level=level)
        if col.role == "indikator":
            return f"{prefix}uraian ({level})"
        if col.role == "satuan":
            return f"{prefix}satuan ({level})"
        if col.role == "pj":
            return f"penanggung_jawab ({level})"
        if col.role == "annual":
            return f"{prefix}{col.measure} ({level})"
        if col.role == "pagu":
            return f"anggaran ({level})"
        base = ("anggaran" if col.measure == "target" else "realisasi") if col.money \
            else f"{prefix}{col.measure}"
        if col.role == "quarter":
            return f"{base}_tw{col.quarter} ({level})"
        if col.role == "cells":
            return f"{base}_tw1..4 ({level}; Trw n = … di dalam sel)"
        return t(f"{NS}.col_unknown")

    def _signature(self, tb: _Table, nxt: _Span | None) -> None:
        """Record the signature block under a table (name, NIP) as skipped lines."""
        start = tb.info.last_row or 0
        stop = (nxt.title.number if nxt and nxt.title else
                nxt.header[0].number if nxt else len(self.lines) + 1)
        gap = [x for x in self.lines[start:stop - 1] if x.stripped]
        nips = [k for k, x in enumerate(gap) if _NIP.match(x.text)]
        if nips:
            for line in gap[:nips[-1] + 1]:
                tb.info.skipped.append((line.number, t(f"{NS}.skip_signature")))

    # ----------------------------------------------------------------- line helpers
    def _skip(self, tb: _Table, line: TextLine) -> bool:
        """Repeated headers and column-number rows inside the table."""
        if _line_key(line) in {_line_key(h) for h in tb.span.header}:
            tb.info.skipped.append((line.number, t(f"{NS}.skip_header_repeat")))
            return True
        if _is_numbered(line):
            tb.info.skipped.append((line.number, t(f"{NS}.skip_numbered")))
            return True
        return False

    @staticmethod
    def _fields(line: TextLine) -> dict[int, str]:
        return dict(line.nonblank_fields())

    @staticmethod
    def _summary_label(tb: _Table, fields: dict[int, str]) -> str | None:
        """The label of a "Jumlah"/"Rata-rata" row, written in the NO or a name column."""
        if not fields:
            return None
        index, first = next(iter(fields.items()))
        col = tb.cols.get(index)
        if col is None or col.role not in ("no", "name") or not _SUMMARY.match(first):
            return None
        return None if _ROW_NUMBER.match(first) else first

    def _row_no(self, tb: _Table, fields: dict[int, str]) -> str | None:
        text = fields.get(tb.no_col or 0, "")
        return text.rstrip(".") if _ROW_NUMBER.match(text) else None

    @staticmethod
    def _put_text(target: dict[int, list[_Piece]], index: int, text: str, line: int) -> bool:
        pieces = target.setdefault(index, [])
        if pieces and _squash(pieces[-1].text) == _squash(text):
            return False
        pieces.append(_Piece(text, line, index))
        return len(pieces) > 1

    def _put_cell(self, tb: _Table, rec: _Rec, col: _Col, cell: _QCell) -> None:
        target = rec.cells if col.money else rec.inds[-1].cells
        cells = target.setdefault(col.index, {})
        if cell.quarter in cells:
            rec.twice.append((col.index, cells[cell.quarter], cell))
        else:
            cells[cell.quarter] = cell

    def _summary(self, tb: _Table, line: TextLine, fields: dict[int, str], label: str) -> None:
        """A "Jumlah"/"Rata-rata" row: skipped, with a finding when it holds values."""
        values = [x for i, x in fields.items() if x != label and i != tb.no_col]
        tb.info.skipped.append((line.number, t(f"{NS}.skip_summary", label=label)))
        if values:
            index = min(i for i, x in fields.items() if x == label)
            self._add("STR-004", "str_summary_values", self._loc(tb, line.number, index),
                      actual=" | ".join(values), label=label, values=" | ".join(values))

    # ----------------------------------------------------------------- grid tables
    def _read_grid(self, tb: _Table) -> None:
        """One line per indicator; a name starts an item, a blank name adds an indicator."""
        current: dict[int, _Rec] = {}
        broken = False
        for line in tb.span.data:
            if line.is_blank():
                broken = True
                continue
            if self._skip(tb, line):
                continue
            fields = self._fields(line)
            no = self._row_no(tb, fields)
            label = self._summary_label(tb, fields)
            if label:
                self._summary(tb, line, fields, label)
                continue
            used = False
            for k, group in enumerate(tb.groups):
                members = [c for c in tb.cols.values() if c.owner == group]
                values = [c for c in members if c.role in ("quarter", "satuan", "annual", "pagu")
                          and fields.get(c.index)]
                ind_col = next((c for c in members if c.role == "indikator"), None)
                ind_text = fields.get(ind_col.index) if ind_col else None
                name = fields.get(group)
                rec = current.get(group)
                if name and rec and not (no or values or ind_text):
                    if self._put_text(rec.texts, group, name, line.number):
                        rec.joined.append(f"{column_letter(group)}{line.number}")
                    used = True
                    continue
                if name:
                    rec = _Rec(level=tb.cols[group].level, line=line.number, no=no,  # type: ignore[arg-type]
                               group=group)
                    rec.parent = current.get(tb.groups[k - 1]) if k else None
                    rec.texts[group] = [_Piece(name, line.number, group)]
                    current[group] = rec
                    for deeper in tb.groups[k + 1:]:
                        current.pop(deeper, None)
                    tb.recs.append(rec)
                    if ind_text or values:
                        rec.inds.append(_Ind(line.number))
                elif ind_text or values:
                    if rec is None:
                        self._orphan(tb, line, min(c.index for c in members if fields.get(
                            c.index)))
                        continue
                    if ind_text and not values and not no and broken and rec.inds:
                        if self._put_text(rec.inds[-1].texts, ind_col.index, ind_text,  # type: ignore[union-attr]
                                          line.number):
                            rec.joined.append(f"{ind_col.letter}{line.number}")  # type: ignore[union-attr]
                        used = True
                        continue
                    rec.inds.append(_Ind(line.number))
                else:
                    continue
                used = True
                for col in members:
                    text = fields.get(col.index)
                    if not text:
                        continue
                    if col.role == "quarter":
                        self._put_cell(tb, rec, col, _QCell(col.quarter or 0, text, text,
                                                            line.number, col.index))
                    elif col.role in ("indikator", "satuan", "annual"):
                        rec.inds[-1].texts.setdefault(col.index, []).append(
                            _Piece(text, line.number, col.index))
                    elif col.role in ("pj", "kode", "pagu"):
                        rec.texts.setdefault(col.index, [_Piece(text, line.number, col.index)])
            if used:
                tb.info.rows_read += 1
            broken = False

    def _orphan(self, tb: _Table, line: TextLine, index: int) -> None:
        tb.info.skipped.append((line.number, t(f"{NS}.skip_orphan")))
        self._add("STR-002", "str_orphan_line", self._loc(tb, line.number, index),
                  actual=line.stripped)

    # ----------------------------------------------------------------- stacked tables
    def _read_stacked(self, tb: _Table) -> None:
        """Records of up to four lines, one per quarter, labelled inside the cells."""
        group = tb.groups[0]
        cell_cols = [c for c in tb.cols.values() if c.role == "cells"]
        ind_col = tb.col_of("indikator", group)
        rec: _Rec | None = None
        for line in tb.span.data:
            if line.is_blank() or self._skip(tb, line):
                continue
            fields = self._fields(line)
            cells = self._line_cells(tb, line, fields, cell_cols)
            labels = {cell.quarter for _, cell in cells}
            no = self._row_no(tb, fields)
            own = fields.get(group)
            label = self._summary_label(tb, fields)
            if label:
                rec = _Rec(level=tb.cols[group].level, line=line.number, no=None,  # type: ignore[arg-type]
                           group=group, summary=label)
                rec.inds.append(_Ind(line.number))
                tb.recs.append(rec)
            elif no or (own and (rec is None or 1 in labels or 4 in rec.quarters())):
                rec = _Rec(level=tb.cols[group].level, line=line.number, no=no,  # type: ignore[arg-type]
                           group=group)
                rec.inds.append(_Ind(line.number))
                tb.recs.append(rec)
            elif rec is None:
                if fields:
                    self._orphan(tb, line, min(fields))
                continue
            elif (ind_col and fields.get(ind_col.index) and 1 in labels and rec.quarters()
                  and rec.summary is None):
                rec.inds.append(_Ind(line.number))
            tb.info.rows_read += 1
            for index, text in fields.items():
                col = tb.cols.get(index)
                if col is None or col.role in ("no", "cells", "unknown") or rec.summary:
                    continue
                target = rec.inds[-1].texts if col.role in ("indikator", "satuan",
                                                            "annual") else rec.texts
                if self._put_text(target, index, text, line.number):
                    rec.joined.append(f"{col.letter}{line.number}")
            for col, cell in cells:
                self._put_cell(tb, rec, col, cell)
        self._fill_context(tb)

    def _line_cells(self, tb: _Table, line: TextLine, fields: dict[int, str],
                    cell_cols: list[_Col]) -> list[tuple[_Col, _QCell]]:
        """The labelled quarter values on one line.

        An unlabelled value takes the line's single label from another column (STR-001), or
        is reported and left unread (STR-002).
        """
        out: list[tuple[_Col, _QCell]] = []
        bare: list[tuple[_Col, str]] = []
        for col in cell_cols:
            text = fields.get(col.index)
            if not text:
                continue
            pairs = quarter_values(text)
            if not pairs:
                bare.append((col, text))
            for quarter, value in pairs:
                out.append((col, _QCell(quarter, value, text, line.number, col.index)))
        labels = {cell.quarter for _, cell in out}
        for col, text in bare:
            loc = self._loc(tb, line.number, col.index)
            if len(labels) == 1:
                quarter = next(iter(labels))
                other = next(c for c, cell in out if cell.quarter == quarter)
                self._add("STR-001", "str_quarter_from_row", loc, actual=text,
                          expected=f"TW {ROMAN[quarter]}", raw=text, quarter=ROMAN[quarter],
                          other=f"{other.letter}{line.number}")
                out.append((col, _QCell(quarter, text, text, line.number, col.index)))
            else:
                self._add("STR-002", "str_quarter_unlabelled", loc, actual=text, raw=text)
        return out

    def _fill_context(self, tb: _Table) -> None:
        """Blank ancestor cells of a merged column repeat the record above."""
        contexts = [i for i, c in tb.cols.items() if c.role == "name" and i not in tb.groups]
        for index in contexts:
            filled, previous = 0, None
            for rec in tb.recs:
                if rec.summary:
                    continue
                if index in rec.texts:
                    previous = rec.texts[index]
                elif previous is not None:
                    rec.texts[index] = list(previous)
                    filled += 1
            if filled:
                tb.info.notes.append(t(f"{NS}.note_context_filled", count=filled,
                                       header=tb.cols[index].header))

    # ----------------------------------------------------------------- building
    def _text(self, pieces: list[_Piece] | None, rec: _Rec) -> str | None:
        if not pieces:
            return None
        text = pieces[0].text
        for piece in pieces[1:]:
            text, dropped = _join(text, piece.text)
            if dropped:
                rec.joined.append(f"~{dropped}")
        return text

    def _build_table(self, tb: _Table) -> None:
        self._conventions(tb)
        self._assign_ids(tb)
        no_satuan: list[str] = []
        grades: list[str] = []
        for rec in tb.recs:
            if rec.summary:
                self._total(tb, rec)
                continue
            item = self._item(tb, rec)
            self.document.items.append(item)
            for ind in rec.inds:
                indicator = self._indicator(tb, rec, ind, item, grades)
                if indicator.satuan is None and any(
                        indicator.cells.get(f"target_tw{q}") for q in QUARTERS):
                    no_satuan.append(item.id)
                self.document.indicators.append(indicator)
            self._money(tb, rec, item)
            self._record_checks(tb, rec, item)
        if no_satuan:
            tb.info.notes.append(t(f"{NS}.note_no_satuan", items=", ".join(no_satuan)))
        if grades:
            tb.info.notes.append(t(f"{NS}.note_grade", cells=", ".join(grades)))

    def _conventions(self, tb: _Table) -> None:
        """Each value column's number convention, and whether a money column is in %."""
        for col in tb.cols.values():
            if col.role not in ("quarter", "cells", "annual", "pagu"):
                continue
            texts = [cell.value for rec in tb.recs
                     for holder in (rec, *rec.inds)
                     for cell in holder.cells.get(col.index, {}).values()]
            texts += [p.text for rec in tb.recs for holder in (rec, *rec.inds)
                      for p in holder.texts.get(col.index, [])]
            tb.conventions[col.index] = detect_convention(texts)
            if col.money and col.role in ("quarter", "cells"):
                filled = [x for x in texts if x.strip()]
                percent = [x for x in filled if parse_money(x).unit == "%"]
                if filled and len(percent) * 2 > len(filled):
                    tb.percent_money.add(col.index)
                    tb.info.columns[col.letter] = t(f"{NS}.col_percent")
                    self._add("STR-004", "str_percent_plan",
                              self._loc(tb, col.cell[0], col.cell[1]),
                              actual=percent[:3], header=f"{col.letter} ('{col.header}')",
                              examples=", ".join(f"'{x}'" for x in percent[:3]))

    def _assign_ids(self, tb: _Table) -> None:
        by_level: dict[Level, list[_Rec]] = {}
        for rec in tb.recs:
            if not rec.summary:
                by_level.setdefault(rec.level, []).append(rec)
        taken = {i.id for i in self.document.items}
        for level, recs in by_level.items():
            nos = [r.no for r in recs]
            numbered = all(nos) and len(set(nos)) == len(nos)
            kode_col = next((c.index for c in tb.cols.values()
                             if c.role == "kode" and tb.cols.get(c.owner or 0)
                             and tb.cols[c.owner].level == level), None)  # type: ignore[index]
            for rec in recs:
                self.counter[level] += 1
                kode = rec.texts.get(kode_col or 0)
                base = (kode[0].text if kode else
                        f"{ID_PREFIX[level]}{rec.no if numbered else self.counter[level]}")
                item_id, n = base, 1
                while item_id in taken:
                    n += 1
                    item_id = f"{base}-{n}"
                rec.item_id = item_id
                taken.add(item_id)
            if not numbered:
                tb.info.notes.append(t(f"{NS}.note_ids_ordinal", level=level.value,
                                       ids=", ".join(r.item_id for r in recs)))

    def _item(self, tb: _Table, rec: _Rec) -> Item:
        item = Item(id=rec.item_id, level=rec.level, file=self.file, table=tb.name,
                    row=rec.line, induk=rec.parent.item_id if rec.parent else None)
        context: dict[Level, tuple[str, Location]] = {}
        for index, pieces in rec.texts.items():
            col = tb.cols[index]
            text = self._text(pieces, rec)
            loc = self._loc(tb, pieces[0].line, index)
            if col.role == "name" and index in tb.groups:
                item.nama = text
                item.locate("nama", loc)
            elif col.role == "name" and col.level is not None:
                context[col.level] = (text or "", loc)
                if col.level == Level.SASARAN:
                    item.sasaran = text
                    item.locate("sasaran", loc)
            elif col.role == "kode":
                item.kode = text
                item.locate("kode", loc)
            elif col.role == "pj":
                item.penanggung_jawab = text
                item.locate("penanggung_jawab", loc)
        self.context[item.id] = context
        return item

    def _read_value(self, tb: _Table, col: _Col, cell: _QCell, item: Item, label: str,
                    money: bool) -> ParsedNumber | None:
        """Parse one value; report what cannot be read for certain (NUM-001/002/003)."""
        convention = tb.conventions.get(col.index)
        parse = parse_money if money else parse_number
        parsed = parse(cell.value, convention=convention)  # type: ignore[arg-type]
        loc = self._loc(tb, cell.line, cell.field)
        if parsed.status == "blank":
            return None
        if not parsed.ok:
            if parsed.reason == "numbers.grade_only" and not money:
                return parsed
            code = "NUM-003" if parsed.reason == "numbers.not_a_number" else "NUM-001"
            self._add(code, "num_text" if code == "NUM-003" else "num_unreadable", loc,
                      rec=item, actual=cell.text, reason=parsed, field=label, raw=cell.value)
            return None
        own = parse(cell.value).convention
        if convention and own and own != convention:
            value = parsed.value
            self._add("NUM-002", "num_convention", loc, rec=item, actual=cell.text,
                      expected=convention, field=label, raw=cell.value, convention=convention,
                      localised={"value": lambda lang: format_number(value, lang)})
        return parsed

    def _indicator(self, tb: _Table, rec: _Rec, ind: _Ind, item: Item,
                   grades: list[str]) -> Indicator:
        indicator = Indicator(item=item.id, file=self.file, table=tb.name, row=ind.line)
        indicator.mode = next((c.mode for c in tb.cols.values() if c.owner == rec.group
                               and c.role in ("quarter", "cells") and not c.money), None)
        satuan_loc: Location | None = None
        for index, pieces in ind.texts.items():
            col = tb.cols[index]
            text = self._text(pieces, rec)
            loc = self._loc(tb, pieces[0].line, index)
            if col.role == "indikator":
                indicator.uraian = text
                indicator.locate("uraian", loc)
            elif col.role == "satuan":
                indicator.satuan, satuan_loc = text, loc
                indicator.locate("satuan", loc)
            elif col.role == "annual" and col.measure == "target" and text:
                cell = _QCell(0, text, text, pieces[0].line, index)
                parsed = self._read_value(tb, col, cell, item, t(f"{NS}.field_target_tahunan"),
                                          money=False)
                indicator.locate("target", loc, text)
                if parsed is not None and parsed.ok:
                    indicator.target = parsed.as_float()
                else:
                    indicator.target_teks = text
        read: dict[str, list[tuple[str, ParsedNumber, _QCell, Location]]] = {}
        for index, cells in ind.cells.items():
            col = tb.cols[index]
            for quarter, cell in sorted(cells.items()):
                name = f"{col.measure}_tw{quarter}"
                loc = self._loc(tb, cell.line, cell.field)
                indicator.locate(name, loc, cell.text)
                label = t(f"{NS}.field_{col.measure}", quarter=f"TW {ROMAN[quarter]}")
                parsed = self._read_value(tb, col, cell, item, label, money=False)
                if parsed is None:
                    continue
                if not parsed.ok:
                    grades.append(loc.cell or "")
                    continue
                read.setdefault(col.measure, []).append((name, parsed, cell, loc))
        self._units(indicator, item, read, satuan_loc is not None)
        return indicator

    def _units(self, indicator: Indicator, item: Item,
               read: dict[str, list[tuple[str, ParsedNumber, _QCell, Location]]],
               has_column: bool) -> None:
        """Set the values whose unit agrees with the satuan; the rest are NUM-003."""
        values = [v for measure in ("target", "realisasi") for v in read.get(measure, [])]
        with_unit = [v for v in values if v[1].unit and v[1].unit != "rp"]
        satuan = indicator.satuan
        tie: list[str] = []
        if not has_column and with_unit:
            counts = Counter(_unit_key(v[1].unit) for v in with_unit).most_common()
            if len(counts) == 1 or counts[0][1] > counts[1][1]:
                first = next(v for v in with_unit if _unit_key(v[1].unit) == counts[0][0])
                satuan = indicator.satuan = self._printed_unit(first[2].value, first[1])
                indicator.locate("satuan", first[3])
            else:
                tie = [u for u, _ in counts]
        for name, parsed, cell, loc in values:
            unit = parsed.unit if parsed.unit != "rp" else None
            value = parsed.as_float()
            if unit and (tie or _unit_key(unit) != _unit_key(satuan)):
                label = t(f"{NS}.field_{name.split('_')[0]}",
                          quarter=f"TW {ROMAN[int(name[-1])]}")
                number = parsed.value
                if tie:
                    self._add("NUM-003", "num_unit_tie", loc, rec=item, actual=cell.text,
                              units=", ".join(tie), raw=cell.value, field=label)
                else:
                    self._add("NUM-003", "num_unit_conflict", loc, rec=item, actual=cell.text,
                              expected=satuan, unit=self._printed_unit(cell.value, parsed),
                              raw=cell.value, satuan=satuan or "", field=label,
                              suggestion="suggest_unit_value",
                              suggestion_params={"satuan": satuan or "",
                                                 "value": format_number(number, "id")})
                continue
            setattr(indicator, name, value)

    @staticmethod
    def _printed_unit(value_text: str, parsed: ParsedNumber) -> str:
        """The unit as the cell prints it (``Dokumen``, not the parser's ``dokumen``)."""
        if parsed.unit == "%":
            return "%"
        match = re.search(re.escape(parsed.unit or ""), value_text, re.IGNORECASE)
        return match.group(0) if match else (parsed.unit or "")

    def _money(self, tb: _Table, rec: _Rec, item: Item) -> None:
        """Quarterly rupiah plans (and pagu, where printed) of one item."""
        for index, pieces in rec.texts.items():
            col = tb.cols[index]
            if col.role == "pagu" and pieces:
                cell = _QCell(0, pieces[0].text, pieces[0].text, pieces[0].line, index)
                parsed = self._read_value(tb, col, cell, item, t(f"{NS}.field_pagu"), True)
                item.locate("anggaran", self._loc(tb, cell.line, index), cell.text)
                if parsed is not None and parsed.ok and parsed.unit in (None, "rp"):
                    item.anggaran = parsed.as_int()
        for index, cells in rec.cells.items():
            col = tb.cols[index]
            prefix = "anggaran" if col.measure == "target" else "realisasi"
            for quarter, cell in sorted(cells.items()):
                if index in tb.percent_money:
                    read_percent_plan(item, f"{prefix}_persen_tw{quarter}", cell.text,
                                      self._loc(tb, cell.line, cell.field), col.mode)
                    continue
                name = f"{prefix}_tw{quarter}"
                loc = self._loc(tb, cell.line, cell.field)
                item.locate(name, loc, cell.text)
                kind = "anggaran" if prefix == "anggaran" else "realisasi_anggaran"
                label = t(f"{NS}.field_{kind}", quarter=f"TW {ROMAN[quarter]}")
                parsed = self._read_value(tb, col, cell, item, label, money=True)
                if parsed is None:
                    continue
                if parsed.unit == "%":
                    self._add("NUM-003", "num_percent_in_money", loc, rec=item,
                              actual=cell.text, field=label, raw=cell.value)
                elif parsed.unit not in (None, "rp"):
                    self._add("NUM-003", "num_unit_in_money", loc, rec=item, actual=cell.text,
                              field=label, raw=cell.value,
                              unit=self._printed_unit(cell.value, parsed))
                else:
                    setattr(item, name, parsed.as_int())
                    if prefix == "anggaran":
                        item.anggaran_mode = col.mode

    def _record_checks(self, tb: _Table, rec: _Rec, item: Item) -> None:
        """Missing or repeated quarter lines, and the page-break joins, of one record."""
        label = f"{item.id} ({item.level.value})"
        for holder in (rec, *rec.inds):
            for index, cells in holder.cells.items():
                col = tb.cols[index]
                if col.role != "cells":
                    continue
                missing = [q for q in QUARTERS if q not in cells]
                if not missing:
                    continue
                before = [cells[q].line for q in cells if q < missing[0]]
                row = max(before) if before else min(c.line for c in cells.values())
                self._add("STR-002", "str_quarter_missing", self._loc(tb, row, index),
                          rec=item, actual=[c.text for _, c in sorted(cells.items())],
                          record=label, header=f"{col.letter} ('{col.header}')",
                          quarters=", ".join(f"TW {ROMAN[q]}" for q in missing))
        for index, first, second in rec.twice:
            col = tb.cols[index]
            self._add("STR-002", "str_quarter_twice", self._loc(tb, second.line, index),
                      rec=item, actual=second.text, record=label, quarter=ROMAN[first.quarter],
                      header=f"{col.letter} ('{col.header}')",
                      first=f"{col.letter}{first.line}")
        cells = [x for x in rec.joined if not x.startswith("~")]
        dropped = [x[1:] for x in rec.joined if x.startswith("~")]
        if cells:
            tb.info.notes.append(t(f"{NS}.note_joined", item=item.id, row=rec.line,
                                   cells=", ".join(cells)))
        if dropped:
            tb.info.notes.append(t(f"{NS}.note_joined_removed", item=item.id,
                                   words="; ".join(f"'{w}'" for w in dropped)))
        if tb.percent_money:
            bare = [f"{tb.cols[i].letter}{c.line}" for i in tb.percent_money
                    for c in rec.cells.get(i, {}).values()
                    if c.value.strip() and parse_money(c.value).unit != "%"]
            if bare:
                tb.info.notes.append(t(f"{NS}.note_percent_no_sign", cells=", ".join(bare)))

    def _total(self, tb: _Table, rec: _Rec) -> None:
        """A summary record: a Total when it prints rupiah per quarter, else skipped."""
        money = {i: c for i, c in rec.cells.items()
                 if tb.cols[i].measure == "target" and i not in tb.percent_money}
        level = tb.cols[tb.groups[0]].level if tb.groups else None
        if not money or level is None:
            tb.info.skipped.append((rec.line, t(f"{NS}.skip_summary", label=rec.summary)))
            values = [c.text for holder in (rec, *rec.inds) for cells in holder.cells.values()
                      for c in cells.values()]
            if values:
                index = min(i for i, x in self._fields(self.lines[rec.line - 1]).items()
                            if x == rec.summary)
                self._add("STR-004", "str_summary_values", self._loc(tb, rec.line, index),
                          actual=" | ".join(values), label=rec.summary,
                          values=" | ".join(values))
            return
        total = Total(tabel=tb.name, level=level, file=self.file, table=tb.name, row=rec.line)
        for index, cells in money.items():
            for quarter, cell in cells.items():
                parsed = parse_money(cell.value, convention=tb.conventions.get(index))  # type: ignore[arg-type]
                loc = self._loc(tb, cell.line, cell.field)
                total.locate(f"anggaran_tw{quarter}", loc, cell.text)
                if parsed.ok and parsed.unit in (None, "rp"):
                    setattr(total, f"anggaran_tw{quarter}", parsed.as_int())
                elif parsed.status != "blank":
                    self._add("NUM-001", "num_unreadable", loc, actual=cell.text,
                              reason=parsed, raw=cell.value,
                              field=t(f"{NS}.field_anggaran", quarter=f"TW {ROMAN[quarter]}"))
        tb.info.skipped.append((rec.line, t(f"{NS}.skip_total")))
        self.document.totals.append(total)

    # ----------------------------------------------------------------- parents
    def _link(self) -> None:
        """Parents by code where printed, else by the ancestor's name in the same table."""
        doc = self.document
        for level in LEVELS[1:]:
            parent_level = LEVELS[LEVELS.index(level) - 1]
            parents = [i for i in doc.items if i.level == parent_level]
            for item in (i for i in doc.items if i.level == level and i.induk is None):
                by_code = [p for p in parents if p.kode and item.kode
                           and item.kode.startswith(p.kode + ".")]
                if by_code:
                    item.induk = max(by_code, key=lambda p: len(p.kode or "")).id
                    continue
                self._link_by_name(item, parent_level, parents)

    def _name_key(self, item_id: str | None) -> str:
        found = self.document.item(item_id) if item_id else None
        return _squash(found.nama or "") if found else ""

    def _link_by_name(self, item: Item, parent_level: Level, parents: list[Item]) -> None:
        context = self.context.get(item.id, {})
        params = {"level": item.level.value, "item_id": item.id,
                  "parent_level": parent_level.value}
        if parent_level not in context:
            if not parents:  # the document starts below this level: nothing is broken
                return
            self._add("STR-003", "str_parent_unnamed", item.location_of("nama"), rec=item,
                      **params, name="")
            return
        name, loc = context[parent_level]
        key = _squash(name)
        found = [p for p in parents if _squash(p.nama or "") == key]
        if len(found) > 1 and parent_level != Level.TUJUAN:
            above = LEVELS[LEVELS.index(parent_level) - 1]
            if above in context:
                upper = _squash(context[above][0])
                narrowed = [p for p in found if self._name_key(p.induk) == upper]
                found = narrowed or found
        if len(found) == 1:
            item.induk = found[0].id
        elif found:
            self._add("STR-003", "str_parent_ambiguous", loc, rec=item, actual=name,
                      candidates=", ".join(p.id for p in found), name=name, **params)
        elif not parents:
            self._add("STR-003", "str_parent_no_table", loc, rec=item, actual=name,
                      name=name, **params)
        else:
            scored = sorted(((similarity_ratio(key, _squash(p.nama or "")), p)
                             for p in parents), key=lambda x: -x[0])
            best = scored[0] if scored and scored[0][0] >= 0.8 else None
            self._add("STR-003", "str_parent_missing", loc, rec=item, actual=name,
                      name=name, **params,
                      suggestion="suggest_parent" if best else None,
                      suggestion_params={"id": best[1].id, "name": best[1].nama}
                      if best else None)
