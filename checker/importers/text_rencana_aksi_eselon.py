"""Rencana Aksi per eselon (II programs, III kegiatan, IV sub-kegiatan) in text extracts.

The layout family: one table per eselon under a heading ``RENCANA AKSI ESELON II|III|IV``
whose next lines name the agency, the regency and the year; a header of up to three rows
(NO, SASARAN STRATEGIS, INDIKATOR KINERJA → URAIAN, SATUAN, TARGET, quarters,
PROGRAM/KEGIATAN/SUB KEGIATAN, ANGGARAN → JUMLAH, quarters, PENANGGUNGJAWAB) followed by a
row that numbers the columns, both repeated after every page break; ``Tujuan :`` and
``Sasaran :`` blocks above the items; a totals row and a signature block under each table.

Columns are found from the header text and the span each header cell covers, never from
the printed column numbers (agencies skip numbers for columns they left out) nor from
fixed positions, so the agency's next year's document reads the same way. The document
prints no codes: parents are inferred from evidence (budgets that partition, national
nomenclature, sasaran) at the bottom of this module, and left empty with a finding where
the evidence does not decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from checker.i18n import t
from checker.i18n.format import format_number
from checker.importers.base import document_id, normalise_name
from checker.importers.issues import issue, item_words
from checker.importers.textlines import TextLine, cell_location, read_lines
from checker.model.finding import ItemRef
from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, TableInfo, Total
from checker.model.schema import LEVEL_ORDER, DocumentKind, Level
from checker.reference.matching import ratio as similarity_ratio

NS = "import_eselon"

ESELON_LEVEL = {"II": Level.PROGRAM, "III": Level.KEGIATAN, "IV": Level.SUB_KEGIATAN}
ID_PREFIX = {Level.PROGRAM: "P", Level.KEGIATAN: "K", Level.SUB_KEGIATAN: "S"}
PARENT_LEVEL = {Level.KEGIATAN: Level.PROGRAM, Level.SUB_KEGIATAN: Level.KEGIATAN}
QUARTERS = (1, 2, 3, 4)
TARGET_FIELDS = ("target", *(f"target_tw{q}" for q in QUARTERS))
MONEY_FIELDS = ("anggaran", *(f"anggaran_tw{q}" for q in QUARTERS))
REQUIRED_COLUMNS = ("uraian", "target", "nama", "anggaran")

# Words an indicator starts with: a SASARAN cell holding one is a sign of a shifted row.
_INDICATOR_START = re.compile(
    r"^(jumlah|persentase|presentase|prosentase|persen|nilai|indeks|index|rasio|angka|"
    r"tingkat|cakupan|rata|banyaknya|proporsi)\b", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(tujuan|sasaran)(?:\s+strategis)?\s*[:;]\s*(.*)$",
                    re.IGNORECASE | re.DOTALL)
_CLEAN_NUMBER = re.compile(r"[-+]?[\d.,\s]+")
_TOTAL_LABEL = re.compile(r"(?:grand\s+)?(?:jumlah|total)(?:\s+(?:total|anggaran))?\s*:?",
                          re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SMALL_WORDS = {"dan", "serta", "di", "ke", "dari", "untuk", "pada", "yang", "dengan", "atau"}
_HEADER_WORDS = ("URAIAN", "SATUAN", "TARGET", "KINERJA", "TRIWULAN", "JUMLAH", "ANGGARAN",
                 "RENCANA", "AKSI", "PAGU", "RP", "TR", "TW", "TRW", "PER")
BUDGET_MATCH = 10  # score of a parent whose children's budgets add up to its own
NAME_MATCH = 4  # per child whose official parent (nomenclature) is this parent
SASARAN_MATCH = 1  # per child whose sasaran reads like the parent's
EMPTY_PARENT = -2  # a parent left without children
NEG = -(10**9)


# --------------------------------------------------------------------------- text helpers
def _norm(text: str) -> str:
    """Upper-case text without bold markers or repeated spaces, for header matching."""
    return re.sub(r"\s+", " ", text.replace("*", " ").replace("\u00a0", " ")).strip().upper()


def _squash(text: str) -> str:
    """Letters only, with the usual OCR digit slips (0→O, 1→I) undone."""
    return re.sub(r"[^A-Z]", "", _norm(text).replace("0", "O").replace("1", "I"))


def _like(text: str, word: str, ratio: float = 0.8) -> bool:
    """Whether ``word`` occurs in ``text``, allowing an OCR slip or a dropped space."""
    s = _squash(text)
    if word in s:
        return True
    n = len(word)
    if n < 5 or len(s) < n - 1:
        return False
    return any(similarity_ratio(s[i:i + n], word) >= ratio
               for i in range(max(1, len(s) - n + 1)))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _title(text: str) -> str:
    """Title case for agency and regency names printed in capitals (``DINAS SOSIAL``)."""
    words = []
    for i, word in enumerate(_clean(text).split(" ")):
        low = word.lower()
        if low in ("kab.", "kab"):
            words.append("Kabupaten")
        elif any(ch.isdigit() for ch in word):
            words.append(word)
        elif i and low in _SMALL_WORDS:
            words.append(low)
        else:
            words.append(low[:1].upper() + low[1:])
    return " ".join(words)


def _quarter_label(text: str) -> int | None:
    """Quarter number of a sub-header such as ``TR II``, ``TW 3`` or ``IV``."""
    m = re.fullmatch(r"(?:TRIWULAN|TRW|TR|TW)?\.?\s*(IV|III|II|I|[1-4])", _norm(text))
    return _ROMAN[m.group(1)] if m else None


def _is_numbered_row(line: TextLine) -> bool:
    """The row that numbers the columns (1 2 3 … 9 14 15 …): increasing integers from 1."""
    values = [f for _, f in line.nonblank_fields()]
    if len(values) < 4 or not all(v.isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return numbers[0] == 1 and all(a < b for a, b in pairwise(numbers))


def _is_header_top(line: TextLine) -> bool:
    """The first row of the table header: NO, SASARAN/INDIKATOR … ANGGARAN/PROGRAM."""
    fields = line.nonblank_fields()
    if len(fields) < 3 or _squash(fields[0][1]) not in ("NO", "NOMOR", "NMR"):
        return False
    texts = [f for _, f in fields]
    return (any(_like(f, "SASARAN") or _like(f, "INDIKATOR") for f in texts)
            and any(_like(f, "ANGGARAN") or _like(f, "PROGRAM") for f in texts))


def _is_header_more(line: TextLine) -> bool:
    """A further header row: every cell is a header word or a quarter label."""
    fields = line.nonblank_fields()
    if not fields:
        return False
    for _, text in fields:
        if _quarter_label(text) is not None:
            continue
        words = re.findall(r"[A-Z]+", _norm(text))
        if not words or not all(w in _HEADER_WORDS or any(_like(w, h) for h in _HEADER_WORDS
                                                          if len(h) >= 5) for w in words):
            return False
    return True


def _heading(line: TextLine) -> str | None:
    """Eselon (``II``/``III``/``IV``) of a ``RENCANA AKSI ESELON …`` heading line."""
    if "\t" in line.text:
        return None
    tokens = _norm(line.text).split(" ")
    for i, token in enumerate(tokens[:-1]):
        if i < 1 or similarity_ratio(_squash(token), "ESELON") < 0.8:
            continue
        before = _squash(" ".join(tokens[max(0, i - 3):i]))
        if not before.endswith("AKSI") and similarity_ratio(
                before[-11:], "RENCANAAKSI") < 0.8:
            continue
        roman = re.sub(r"[L1|!]", "I", tokens[i + 1].rstrip(".,:"))
        value = _ROMAN.get(roman)
        if value in (2, 3, 4):
            return {2: "II", 3: "III", 4: "IV"}[value]
    return None


# --------------------------------------------------------------------------- numbers
def _numbers() -> Any:
    """The shared number parser (imported late: it is the one place numbers are read)."""
    from checker.importers import numbers

    return numbers


def _status(parsed: Any) -> str:
    """The parser's status, with a printed dash told apart from an empty cell.

    The parser reads ``-`` (and ``Rp -``) as blank. In these tables a dash is how planners
    write zero, so a dash gets the status ``dash`` (value 0) while an empty cell stays
    ``blank`` and follows the blank-quarter rule of :meth:`_TableReader._quarterly`.
    """
    if parsed.status == "blank" and parsed.raw.strip():
        return "dash"
    return str(parsed.status)


def _is_number(parsed: Any) -> bool:
    return _status(parsed) in ("ok", "dash")


@dataclass
class _Cell:
    """One numeric cell of a row: raw text, address and what the parser made of it."""

    raw: str
    loc: Location
    status: str = "blank"  # the parser's status, or "dash" (see :func:`_status`)
    parsed: Any = None

    @property
    def blank(self) -> bool:
        return self.status == "blank"

    @property
    def read(self) -> bool:
        """True when the cell holds exactly one value (a number or a dash)."""
        return self.status in ("ok", "dash")

    def number(self) -> float | None:
        return 0.0 if self.status == "dash" else self.parsed.as_float()


# --------------------------------------------------------------------------- header
@dataclass
class _Columns:
    """Where each field sits in a table, read from the header rows."""

    fields: dict[str, int]
    headers: dict[int, str]  # column → header text (for messages)
    width: int
    mode: str
    notes: list[str] = field(default_factory=list)


def _spans(levels: list[list[tuple[int, str]]], width: int) -> list[list[tuple[int, int, str]]]:
    """(first, last, text) of every header cell, as merged cells span in the original.

    A cell covers the columns up to the next cell on its own row or any row above it.
    """
    out = []
    for depth, cells in enumerate(levels):
        starts = sorted({c for lv in levels[:depth + 1] for c, _ in lv})
        row = []
        for col, text in cells:
            later = [s for s in starts if s > col]
            row.append((col, (later[0] - 1) if later else width, text))
        out.append(row)
    return out


def _find(spans: list[list[tuple[int, int, str]]], test: Any,
          within: tuple[int, int] | None = None) -> tuple[int, int, str] | None:
    for row in spans:
        for cell in row:
            if within and not within[0] <= cell[0] <= within[1]:
                continue
            if test(cell[2]):
                return cell
    return None


def _quarter_columns(spans: list[list[tuple[int, int, str]]], group: tuple[int, int, str],
                     depth: int, notes: list[str], what: str) -> list[int] | None:
    """The four columns of a quarter group (TR I … TR IV under RENCANA AKSI PER TRIWULAN).

    By their labels when all four are found in order, else by position when the group
    spans exactly four columns (the seed's budget group is labelled ``Rp I II III``).
    """
    first, last, _ = group
    labels: dict[int, int] = {}
    for row in spans[depth + 1:]:
        for col, _, text in row:
            q = _quarter_label(text)
            if first <= col <= last and q is not None:
                labels.setdefault(q, col)
    cols = [labels.get(q) for q in QUARTERS]
    if all(c is not None for c in cols) and cols == sorted(cols):  # type: ignore[type-var]
        return [int(c) for c in cols if c is not None]
    if last - first + 1 == 4:
        if labels:
            found = " ".join(f"{column_letter(c)}={text}" for row in spans[depth + 1:]
                             for c, _, text in row if first <= c <= last)
            notes.append(t(f"{NS}.note_quarters_by_position", what=what, labels=found,
                           first=column_letter(first), last=column_letter(last)))
        return list(range(first, last + 1))
    return None


def _read_header(lines: list[TextLine]) -> _Columns:
    """Map fields to columns from the header rows (the first is the ``NO …`` row)."""
    width = max(len(line.fields) for line in lines)
    levels = [line.nonblank_fields() for line in lines]
    spans = _spans(levels, width)
    depth_of = {(c[0], c[2]): d for d, row in enumerate(spans) for c in row}
    notes: list[str] = []
    fields: dict[str, int] = {}

    def put(name: str, cell: tuple[int, int, str] | None) -> None:
        if cell is not None:
            fields[name] = cell[0]

    put("no", _find(spans[:1], lambda s: _squash(s) in ("NO", "NOMOR", "NMR")))
    put("sasaran", _find(spans, lambda s: _like(s, "SASARAN")))
    put("nama", _find(spans, lambda s: (_like(s, "PROGRAM") or _like(s, "KEGIATAN"))
                      and not _like(s, "INDIKATOR") and not _like(s, "SASARAN")))
    put("penanggung_jawab", _find(spans, lambda s: _like(s, "PENANGGUNG")))
    indikator = _find(spans, lambda s: _like(s, "INDIKATOR"))
    anggaran = _find(spans[:1], lambda s: _like(s, "ANGGARAN"))
    ind_range = (indikator[0], indikator[1]) if indikator else None
    ang_range = (anggaran[0], anggaran[1]) if anggaran else None
    put("uraian", _find(spans, lambda s: _like(s, "URAIAN"), ind_range))
    if "uraian" not in fields and indikator and indikator[0] == indikator[1]:
        fields["uraian"] = indikator[0]
    put("satuan", _find(spans, lambda s: _like(s, "SATUAN")))
    put("target", _find(spans, lambda s: _like(s, "TARGET") and not _like(s, "TRIWULAN"),
                        ind_range))
    if ang_range:
        jumlah = _find(spans[1:], lambda s: _like(s, "JUMLAH") or _like(s, "PAGU"), ang_range)
        fields["anggaran"] = jumlah[0] if jumlah else ang_range[0]

    def is_group(s: str) -> bool:
        return _like(s, "TRIWULAN") or _like(s, "RENCANA")

    groups = [c for row in spans for c in row if is_group(c[2]) and c[1] > c[0]]
    mode = "periodik"
    for group in groups:
        in_budget = ang_range is not None and ang_range[0] <= group[0] <= ang_range[1]
        what = "anggaran" if in_budget else "target"
        if any(_like(group[2], w) for w in ("KUMULATIF", "AKUMULATIF", "SAMPAI")) or re.search(
                r"S\s*\.?\s*D\b", _norm(group[2])):
            mode = "kumulatif"
        if f"{what}_tw1" in fields:
            continue
        cols = _quarter_columns(spans, group, depth_of[(group[0], group[2])], notes, what)
        if cols:
            for q, col in zip(QUARTERS, cols, strict=True):
                fields[f"{what}_tw{q}"] = col
    headers = {}
    for row in spans:
        for col, _, text in row:
            headers.setdefault(col, _clean(text))
    return _Columns(fields=fields, headers=headers, width=width, mode=mode, notes=notes)


# --------------------------------------------------------------------------- importer
class RencanaAksiEselonImporter:
    """Reads Rencana Aksi tables per eselon (programs, kegiatan, sub-kegiatan) from text."""

    name = "text_rencana_aksi_eselon"

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool:
        """Recognise the layout by a ``RENCANA AKSI ESELON`` heading and a ``NO`` header."""
        if lines is None:
            return False
        return (any(_heading(line) for line in lines)
                and any(_is_header_top(line) for line in lines))

    def read(self, path: Path) -> list[Document]:
        """Every eselon table of the file, as one rencana aksi document."""
        lines = read_lines(path)
        reader = _Reader(str(path), lines)
        doc = reader.read()
        return [doc] if doc is not None else []


@dataclass
class _Block:
    """A ``Tujuan :`` / ``Sasaran :`` block: a statement and its indicators."""

    level: Level
    lines: list[int]
    nama: str | None = None
    nama_loc: Location | None = None
    indicators: list[dict[str, Any]] = field(default_factory=list)

    def key(self) -> tuple[Any, ...]:
        return (self.level, normalise_name(self.nama),
                tuple((normalise_name(i.get("uraian")), i.get("raw")) for i in self.indicators))


class _Reader:
    """One pass over one file: tables, then parents across tables."""

    def __init__(self, path: str, lines: list[TextLine]) -> None:
        self.path = path
        self.lines = lines
        self.doc: Document | None = None
        self.convention: str | None = None
        self.blocks: list[tuple[tuple[Any, ...], str, str]] = []  # (key, item id, table)
        self.last_tujuan: str | None = None

    # ---- document
    def read(self) -> Document | None:
        starts = [(i, e) for i, line in enumerate(self.lines) if (e := _heading(line))]
        if not starts:
            return None
        sections = [(i, e, starts[n + 1][0] if n + 1 < len(starts) else len(self.lines))
                    for n, (i, e) in enumerate(starts)]
        meta = [self._heading_meta(i) for i, _, _ in sections]
        instansi, pemda, tahun = next((m for m in meta if m[0] or m[1] or m[2]),
                                      (None, None, None))
        eselons = [e for _, e, _ in sections]
        self.doc = Document(
            id=document_id(self.path, DocumentKind.RENCANA_AKSI), jenis=DocumentKind.RENCANA_AKSI,
            path=self.path, instansi=instansi, pemda=pemda, tahun=tahun,
            judul="Rencana Aksi Eselon " + ", ".join(dict.fromkeys(eselons)))
        self.convention = _numbers().detect_convention(self._numeric_texts(sections))
        for (start, eselon, end), m in zip(sections, meta, strict=True):
            self._table(start, eselon, end, m, (instansi, pemda, tahun))
        _link_parents(self.doc)
        return self.doc

    def _heading_meta(self, start: int) -> tuple[str | None, str | None, int | None]:
        """Agency, regency and year from the heading and the lines under it."""
        block = []
        for line in self.lines[start:start + 4]:
            if line.is_blank() or "\t" in line.text:
                break
            block.append(_norm(line.text))
        text = " ".join(block)
        m = re.search(r"ESE\S*\s+\S+\s+(.*?)\s*\b(KABUPATEN|KAB\.?|KOTA|PROVINSI)\s+(.*?)"
                      r"\s*(?:\bTAHUN\b|\bTA\b|$)", text)
        year = re.search(r"\b(?:TAHUN|TA)\.?\s*((?:19|20)\d\d)\b", text)
        instansi = _title(m.group(1)) if m and m.group(1) else None
        pemda = _title(f"{m.group(2)} {m.group(3)}").rstrip(",") if m else None
        return instansi, pemda, int(year.group(1)) if year else None

    def _numeric_texts(self, sections: list[tuple[int, str, int]]) -> list[str]:
        """Every cell that may be a number, to learn the document's separator habit."""
        out = []
        for start, _, end in sections:
            for line in self.lines[start:end]:
                out.extend(f for _, f in line.nonblank_fields() if re.search(r"\d[.,]\d", f))
        return out

    # ---- one table
    def _table(self, start: int, eselon: str, end: int,
               meta: tuple[Any, ...], first: tuple[Any, ...]) -> None:
        assert self.doc is not None
        name = f"RENCANA AKSI ESELON {eselon}"
        same = sum(1 for ti in self.doc.tables if ti.name.split(" (")[0] == name)
        name = f"{name} ({same + 1})" if same else name  # a second table of one eselon
        level = ESELON_LEVEL[eselon]
        info = TableInfo(name=name, file=self.path)
        self.doc.tables.append(info)
        if any(a and b and a != b for a, b in zip(meta, first, strict=True)):
            info.notes.append(t(f"{NS}.note_heading_differs", heading=" / ".join(
                str(v) for v in meta if v)))
        body = self.lines[start + 1:end]
        top = next((n for n, line in enumerate(body) if _is_header_top(line)), None)
        where = Location(file=self.path, table=name, row=self.lines[start].number)
        if top is None:
            self.doc.issues.append(issue(self.doc.id, "STR-004", f"{NS}.table_no_header", where,
                                         table=name))
            return
        header = [body[top]]
        for line in body[top + 1:top + 4]:
            if not _is_header_more(line):
                break
            header.append(line)
        cols = _read_header(header)
        missing = [f for f in REQUIRED_COLUMNS if f not in cols.fields]
        if missing:
            self.doc.issues.append(issue(self.doc.id, "STR-004", f"{NS}.table_missing_columns",
                                         where, table=name, missing=", ".join(missing)))
            return
        info.first_row = header[0].number
        info.columns = {column_letter(c): f for f, c in sorted(cols.fields.items(),
                                                               key=lambda kv: kv[1])}
        info.notes.extend(cols.notes)
        _TableReader(self, info, level, eselon, cols).walk(body[top + len(header):])


class _TableReader:
    """Walks the rows of one table under its header."""

    def __init__(self, reader: _Reader, info: TableInfo, level: Level, eselon: str,
                 cols: _Columns) -> None:
        assert reader.doc is not None
        self.r = reader
        self.doc = reader.doc
        self.info = info
        self.level = level
        self.eselon = eselon
        self.cols = cols
        self.block: _Block | None = None
        self.sasaran: tuple[str, Location] | None = None
        self.filled = 0  # sasaran cells filled down
        self.zeros = 0  # blank quarter cells read as 0
        self.total_notes: list[str] = []
        self.after_totals = False
        self.last_item: str | None = None
        self.last_ref = ItemRef()

    @property
    def path(self) -> str:
        return self.r.path

    def loc(self, line: TextLine, col: int) -> Location:
        return cell_location(self.path, self.info.name, line, col)

    def skip(self, line: TextLine, key: str) -> None:
        self.info.skipped.append((line.number, t(f"{NS}.{key}")))

    def walk(self, lines: list[TextLine]) -> None:
        """Classify every line after the header: furniture, blocks, items, totals, trailer."""
        n = 0
        last = self.info.first_row
        while n < len(lines):
            line = lines[n]
            n += 1
            if line.is_blank():
                continue
            if "\t" not in line.text:
                nxt = next((x for x in lines[n:] if "\t" in x.text), None)
                if nxt is not None and _is_header_top(nxt):
                    self.skip(line, "skip_between_pages")
                    continue
                self._close_block()
                for rest in [line, *lines[n:]]:
                    if not rest.is_blank():
                        self.skip(rest, "skip_signature")
                break
            last = line.number
            if _is_header_top(line):
                self.skip(line, "skip_repeated_header")
                while n < len(lines) and _is_header_more(lines[n]):
                    self.skip(lines[n], "skip_repeated_header")
                    n += 1
                continue
            if _is_numbered_row(line):
                self.skip(line, "skip_numbered_row")
                continue
            self._row(line)
        self._close_block()
        self.info.last_row = last
        if self.filled:
            self.info.notes.append(t(f"{NS}.note_sasaran_filled", count=self.filled))
        if self.zeros:
            self.info.notes.append(t(f"{NS}.note_blank_quarters", count=self.zeros))
        self.info.notes.extend(self.total_notes)

    # ---- rows
    def _text(self, line: TextLine, col: int | None) -> str:
        fields = line.fields
        return _clean(fields[col - 1]) if col and col <= len(fields) else ""

    def _row(self, line: TextLine) -> None:
        """One table row: a tujuan/sasaran block, totals, a further indicator, or an item.

        After the totals row only numbered rows are read again; anything else there is the
        signature block even when the extract put it in table cells.
        """
        f = self.cols.fields
        label = next(((c, m) for c, text in line.nonblank_fields()
                      if (m := _LABEL.match(text))), None)
        no = self._text(line, f.get("no"))
        if label and label[0] == f.get("no"):
            no = ""
        if self.after_totals and not no.isdigit():
            self.skip(line, "skip_signature")
            return
        if label and not no:
            self._close_block()
            lvl = Level.TUJUAN if label[1].group(1).lower() == "tujuan" else Level.SASARAN
            self.block = _Block(level=lvl, lines=[line.number])
            rest = _clean(label[1].group(2))
            if rest:
                self.block.nama, self.block.nama_loc = rest, self.loc(line, label[0])
            self._block_cells(line, skip_col=label[0])
            return
        nama = self._text(line, f["nama"])
        uraian = self._text(line, f["uraian"])
        no_label, nama_label = (not v or _TOTAL_LABEL.fullmatch(v) for v in (no, nama))
        if no_label and nama_label and not uraian and self._is_totals(line):
            self._close_block()
            self._totals(line)
            self.after_totals = True
            return
        unnamed = not no and not nama and not self._text(line, f["anggaran"])
        if unnamed and self.block:
            self.block.lines.append(line.number)
            self._block_cells(line, skip_col=None)
            return
        self._close_block()
        if unnamed and uraian and self.last_item is not None:
            # a further indicator of the item above (its cells merged over several rows)
            self.info.rows_read += 1
            self._indicator(line, self.cols.fields, self.last_item, self.last_ref)
            return
        self.after_totals = False
        if not no and not nama and not uraian:
            self.doc.issues.append(issue(
                self.doc.id, "STR-002", f"{NS}.row_unknown",
                Location(file=self.path, table=self.info.name, row=line.number),
                actual=_clean(line.text.replace("\t", " | "))))
            self.skip(line, "skip_unknown")
            return
        self._item(line)

    def _is_totals(self, line: TextLine) -> bool:
        """Numbers only (or a JUMLAH/TOTAL label and numbers) with no number or name."""
        numbers = 0
        for _, text in line.nonblank_fields():
            if _TOTAL_LABEL.fullmatch(text):
                continue
            if not _is_number(_numbers().parse_money(text, convention=self.r.convention)):
                return False
            numbers += 1
        return numbers > 0

    # ---- tujuan / sasaran blocks
    def _block_cells(self, line: TextLine, skip_col: int | None) -> None:
        assert self.block is not None
        sas_col = self.cols.fields.get("sasaran", 2)
        entry: dict[str, Any] = {}
        for col, text in line.nonblank_fields():
            if col == skip_col:
                continue
            p = _numbers().parse_number(text, convention=self.r.convention)
            if p.ok and any(ch.isdigit() for ch in text):
                if "raw" not in entry:
                    entry.update(raw=text, loc=self.loc(line, col), parsed=p)
            elif col <= sas_col and self.block.nama is None:
                self.block.nama, self.block.nama_loc = text, self.loc(line, col)
            elif "uraian" not in entry:
                entry.update(uraian=text, uraian_loc=self.loc(line, col))
        if entry:
            entry["row"] = line.number
            if "uraian" not in entry and self.block.indicators and \
                    "raw" not in self.block.indicators[-1] and "raw" in entry:
                self.block.indicators[-1].update(entry)
            else:
                self.block.indicators.append(entry)

    def _close_block(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        key = block.key()
        same = next((b for b in self.r.blocks if b[0] == key), None)
        if same is not None:
            earlier = self.doc.item(same[1])
            for row in block.lines:
                self.info.skipped.append((row, t(
                    f"{NS}.skip_repeated_block", table=same[2],
                    item=item_words(earlier) if earlier else same[2])))
            if block.level == Level.TUJUAN:
                self.r.last_tujuan = same[1]
            return
        n = 1 + sum(1 for i in self.doc.items if i.level == block.level)
        item_id = f"{block.level.value.upper()}{n}"
        item = Item(id=item_id, level=block.level, nama=block.nama, file=self.path,
                    table=self.info.name, row=block.lines[0],
                    induk=self.r.last_tujuan if block.level == Level.SASARAN else None)
        if block.nama_loc:
            item.locate("nama", block.nama_loc)
        if block.level == Level.TUJUAN:
            self.r.last_tujuan = item_id
        elif block.nama is None:
            self.info.notes.append(t(f"{NS}.note_block_no_statement", item=n,
                                     row=block.lines[0]))
        self.doc.items.append(item)
        self.r.blocks.append((key, item_id, self.info.name))
        self.info.rows_read += len(block.lines)
        for entry in block.indicators:
            ind = Indicator(item=item_id, uraian=entry.get("uraian"), file=self.path,
                            table=self.info.name, row=entry["row"])
            if "uraian_loc" in entry:
                ind.locate("uraian", entry["uraian_loc"])
            if "raw" in entry:
                p = entry["parsed"]
                ind.target = p.as_float()
                ind.locate("target", entry["loc"], entry["raw"])
                if not _CLEAN_NUMBER.fullmatch(entry["raw"]):
                    ind.target_teks = entry["raw"]
                if p.unit:
                    ind.satuan = str(p.unit)
                    ind.locate("satuan", entry["loc"])
            self.doc.indicators.append(ind)

    # ---- totals
    def _totals(self, line: TextLine) -> None:
        f = self.cols.fields
        total = Total(tabel=self.info.name, level=self.level, file=self.path,
                      table=self.info.name, row=line.number)
        used = set()
        for name in MONEY_FIELDS:
            col = f.get(name)
            if col is None:
                continue
            used.add(col)
            cell = self._parse(line, col, money=True)
            if not cell.blank:
                value = self._money(cell, name, None) if cell.read else None
                if not cell.read:
                    self._unreadable(cell, name, None, None)
                setattr(total, name, value)
                total.locate(name, cell.loc, cell.raw)
        self.doc.totals.append(total)
        self.info.rows_read += 1
        self.skip(line, "skip_totals")
        for col, text in line.nonblank_fields():
            if col in used:
                continue
            header = self.cols.headers.get(col) or column_letter(col)
            value = _numbers().parse_money(text, convention=self.r.convention).as_int()
            same = value is not None and value == total.anggaran
            key = "note_totals_extra_same" if same else "note_totals_extra_other"
            self.total_notes.append(t(f"{NS}.{key}", cell=f"{column_letter(col)}{line.number}",
                                      raw=text, header=header))

    # ---- items
    def _parse(self, line: TextLine, col: int | None, money: bool) -> _Cell:
        raw = self._text(line, col)
        loc = self.loc(line, col) if col else Location(file=self.path, table=self.info.name,
                                                        row=line.number)
        if not raw:
            return _Cell(raw=raw, loc=loc)
        nums = _numbers()
        conv = self.r.convention
        p = nums.parse_money(raw, convention=conv) if money else nums.parse_number(
            raw, convention=conv)
        return _Cell(raw=raw, loc=loc, status=_status(p), parsed=p)

    def _realign(self, line: TextLine) -> tuple[dict[str, int], int | None]:
        """The row's field → physical column map, realigned when one cell is missing.

        A missing cell moves every later value one column left and leaves the row one field
        short (or ending in an empty field). Each candidate position of the missing cell is
        scored by how well the values fit their columns (numbers in number columns, short
        text in SATUAN, an indicator's wording in the indicator column, nothing lost at the
        end); the row is realigned only when one candidate is clearly better than reading
        the row as printed, and never when two candidates tie.
        """
        base = self.cols.fields
        as_printed = self._fit(line, base)
        if as_printed[1] < 2:
            return base, None
        scored = []
        for k in range(2, self.cols.width + 1):
            shifted = {name: (c - 1 if c >= k else c) for name, c in base.items()}
            if k in base.values() and (name := self._field_at(k)) is not None:
                shifted.pop(name)
            scored.append((self._fit(line, shifted)[0], k, shifted))
        scored.sort(key=lambda s: -s[0])
        best = scored[0]
        if best[0] < as_printed[0] + 3:
            return base, None
        if len(scored) > 1 and scored[1][0] == best[0] and scored[1][2] != best[2]:
            self.doc.issues.append(issue(
                self.doc.id, "STR-002", f"{NS}.shift_unclear",
                Location(file=self.path, table=self.info.name, row=line.number),
                actual=_clean(line.text.replace("\t", " | "))))
            return base, None
        return best[2], best[1]

    def _field_at(self, col: int) -> str | None:
        return next((n for n, c in self.cols.fields.items() if c == col), None)

    def _fit(self, line: TextLine, mapping: dict[str, int]) -> tuple[int, int]:
        """(score, conflicts) of reading ``line`` through ``mapping``."""
        score = conflicts = 0
        for name, col in mapping.items():
            text = self._text(line, col)
            numeric = bool(text) and _is_number(
                _numbers().parse_number(text, convention=self.r.convention))
            if name in TARGET_FIELDS or name in MONEY_FIELDS:
                if numeric or text in ("", "-"):
                    score += 1 if text else 0
                else:
                    score -= 2
                    conflicts += 1
            elif name == "no":
                score += 1 if text.isdigit() else (0 if not text else -1)
            elif name == "sasaran":
                if numeric or _INDICATOR_START.match(text):
                    score -= 2
                    conflicts += 1
                elif text:
                    score += 1
            elif name == "satuan":
                if numeric or len(text.split()) > 5:
                    score -= 2
                    conflicts += 1
                elif text:
                    score += 1
            elif numeric:
                score -= 2
                conflicts += 1
            else:
                score += 1 if text else -1
        used = set(mapping.values())
        lost = sum(1 for c, _ in line.nonblank_fields() if c not in used)
        return score - 3 * lost, conflicts + lost

    def _item(self, line: TextLine) -> None:
        mapping, missing_at = self._realign(line)
        no = self._text(line, mapping.get("no"))
        if missing_at is not None:
            self._report_shift(line, mapping, missing_at)
        item_id = self._item_id(no, line)
        nama = self._text(line, mapping["nama"]) or None
        item = Item(id=item_id, level=self.level, nama=nama, eselon=self.eselon,
                    file=self.path, table=self.info.name, row=line.number,
                    penanggung_jawab=self._text(line, mapping.get("penanggung_jawab")) or None)
        for name in ("nama", "penanggung_jawab"):
            if getattr(item, name) is not None:
                item.locate(name, self.loc(line, mapping[name]))
        sas = self._text(line, mapping.get("sasaran"))
        if sas:
            self.sasaran = (sas, self.loc(line, mapping["sasaran"]))
        elif self.sasaran is not None:
            self.filled += 1
        if self.sasaran is not None:
            item.sasaran = self.sasaran[0]
            item.locate("sasaran", self.sasaran[1])
        ref = ItemRef(level=self.level.value, nama=nama)
        money = self._quarterly(line, mapping, MONEY_FIELDS, ref)
        for name, (cell, value) in money.items():
            setattr(item, name, value)
            if cell.raw or value is not None:
                item.locate(name, cell.loc, cell.raw)
        if any(money[f"anggaran_tw{q}"][1] is not None for q in QUARTERS):
            item.anggaran_mode = self.cols.mode
        self.doc.items.append(item)
        self.info.rows_read += 1
        self.last_item, self.last_ref = item_id, ref
        self._indicator(line, mapping, item_id, ref)

    def _item_id(self, no: str, line: TextLine) -> str:
        prefix = ID_PREFIX[self.level]
        base = f"{prefix}{no}" if no.isdigit() else f"{prefix}-L{line.number}"
        if self.doc.item(base) is not None:
            base = f"{base}-L{line.number}"
        return base

    def _indicator(self, line: TextLine, mapping: dict[str, int], item_id: str,
                   ref: ItemRef) -> None:
        uraian = self._text(line, mapping["uraian"]) or None
        satuan = self._text(line, mapping.get("satuan")) or None
        targets = self._quarterly(line, mapping, TARGET_FIELDS, ref)
        if uraian is None and satuan is None and all(v is None for _, v in targets.values()):
            return
        ind = Indicator(item=item_id, uraian=uraian, satuan=satuan, mode=self.cols.mode,
                        file=self.path, table=self.info.name, row=line.number)
        for name, value in (("uraian", uraian), ("satuan", satuan)):
            if value is not None:
                ind.locate(name, self.loc(line, mapping[name]))
        for name, (cell, value) in targets.items():
            setattr(ind, name, value)
            if cell.raw or value is not None:
                ind.locate(name, cell.loc, cell.raw)
        raw = targets["target"][0].raw
        if raw and raw != "-" and not _CLEAN_NUMBER.fullmatch(raw):
            ind.target_teks = raw
        self.doc.indicators.append(ind)

    def _quarterly(self, line: TextLine, mapping: dict[str, int], names: tuple[str, ...],
                   ref: ItemRef) -> dict[str, tuple[_Cell, Any]]:
        """An annual value and its four quarters, with the blank-quarter rule applied.

        A blank quarter in a row whose other quarters hold values means nothing is planned
        for that quarter: it reads as 0 (its raw text, empty, and its cell are kept). When
        all four quarters are blank the row has no quarterly plan at all: they stay None,
        so a completeness rule can say so instead of seeing a plan of zeros.
        """
        money = names[0] == "anggaran"
        cells = {n: self._parse(line, mapping.get(n), money) for n in names}
        quarters = names[1:]
        any_quarter = any(not cells[n].blank for n in quarters)
        values: dict[str, Any] = {}
        for n in names:
            cell = cells[n]
            if cell.blank:
                if n in quarters and any_quarter and mapping.get(n) is not None:
                    values[n] = 0 if money else 0.0
                    self.zeros += 1
                else:
                    values[n] = None
            elif cell.read:
                values[n] = self._money(cell, n, ref) if money else cell.number()
                if not money and cell.status == "ok":
                    self._check_convention(cell, n, ref)
            else:
                values[n] = None
        for n in names:
            cell = cells[n]
            if cell.read or cell.blank:
                continue
            if not money and cell.parsed.reason == "numbers.grade_only":
                continue  # a grade (B, BB) is a target as printed: kept in target_teks
            self._unreadable(cell, n, ref, _implied(names, n, values, self.cols.mode))
        return {n: (cells[n], values[n]) for n in names}

    def _money(self, cell: _Cell, name: str, ref: ItemRef | None) -> int | None:
        """Whole rupiah of a read cell; a percentage or other unit is not rupiah."""
        if cell.status == "dash":
            return 0
        p = cell.parsed
        if p.unit not in (None, "rp"):
            self.doc.issues.append(issue(
                self.doc.id, "NUM-003", f"{NS}.money_unit", cell.loc, item=ref,
                actual=cell.raw, raw=cell.raw, field=name, unit=p.unit))
            return None
        self._check_convention(cell, name, ref)
        return p.as_int()

    def _check_convention(self, cell: _Cell, name: str, ref: ItemRef | None) -> None:
        """NUM-002 when the separators prove another convention than the document's.

        The value is kept: the separators themselves settle it (``58,957,000.00``), but a
        reviewer should know the cell is written unlike the rest of the document.
        """
        conv = cell.parsed.convention
        if conv and self.r.convention and conv != self.r.convention:
            self.doc.issues.append(issue(
                self.doc.id, "NUM-002", f"{NS}.convention", cell.loc, item=ref,
                actual=cell.raw, expected=self.r.convention, raw=cell.raw, field=name,
                doc_convention=self.r.convention))

    def _unreadable(self, cell: _Cell, name: str, ref: ItemRef | None, implied: Any) -> None:
        """NUM-001 for digits that cannot be read for certain, NUM-003 for words.

        The value stays None. When the rest of the row implies it (the annual value and
        three quarters), the implied value is the suggestion, never the value.
        """
        digits = any(ch.isdigit() for ch in cell.raw)
        code, key = ("NUM-001", "unreadable") if digits else ("NUM-003", "text_not_number")
        candidates = list(cell.parsed.candidates)
        kwargs: dict[str, Any] = {}
        if implied is not None:
            kwargs = {"suggestion_key": f"{NS}.suggest_implied",
                      "suggestion_params": {"value_id": format_number(implied, "id"),
                                            "value_en": format_number(implied, "en")}}
        self.doc.issues.append(issue(
            self.doc.id, code, f"{NS}.{key}", cell.loc, item=ref, actual=cell.raw,
            expected=implied, raw=cell.raw, field=name,
            candidates_id=format_number(candidates, "id") if candidates else "-",
            candidates_en=format_number(candidates, "en") if candidates else "-", **kwargs))

    def _report_shift(self, line: TextLine, mapping: dict[str, int], k: int) -> None:
        header = self.cols.headers.get(k, column_letter(k))
        last = len(line.fields)
        trailing = (f"{column_letter(last)}{line.number}" if not line.fields[-1].strip()
                    else "-")
        sample = self._text(line, k)
        self.doc.issues.append(issue(
            self.doc.id, "STR-001", f"{NS}.shifted_row",
            Location(file=self.path, table=self.info.name, row=line.number,
                     column=column_letter(k)),  # the cell holding the value that moved in
            item=ItemRef(level=self.level.value, nama=self._text(line, mapping["nama"])),
            actual=sample, header=header, column=column_letter(k),
            cell=f"{column_letter(k)}{line.number}", sample=sample[:60], trailing=trailing))


def _implied(names: tuple[str, ...], name: str, values: dict[str, Any], mode: str) -> Any:
    """The value the row's other cells imply for an unreadable one.

    Periodic quarters add up to the annual value; cumulative ones end at it.
    """
    annual, quarters = names[0], names[1:]
    if mode == "kumulatif":
        if name == annual:
            return values[quarters[-1]]
        return values[annual] if name == quarters[-1] else None
    if name == annual:
        qs = [values[q] for q in quarters]
        return sum(qs) if all(v is not None for v in qs) else None
    others = [values[q] for q in quarters if q != name]
    if values[annual] is None or any(v is None for v in others):
        return None
    return values[annual] - sum(others)


# --------------------------------------------------------------------------- parents
class OfficialNames:
    """Official codes of names in the national nomenclature, when it is available."""

    def __init__(self) -> None:
        self.nom: Any = None
        self.reason: str | None = None
        self.within: str | None = None  # the agency's bidang (``1.06``) once known
        try:
            from checker.reference import nomenclature

            self.nom = nomenclature()
        except (ImportError, OSError, ValueError) as exc:  # optional evidence: absent or
            self.reason = f"{type(exc).__name__}: {exc}"  # unreadable list means "none"

    def learn_bidang(self, items: list[Item]) -> None:
        """Search under the agency's bidang when its top-level items all point to one.

        Program-penunjang names exist in every bidang (``X.XX.01``); under a known bidang
        they read as ``1.06.01…``, and names shared with other bidang stop competing.
        """
        found = {".".join(c.split(".")[:2]) for i in items for c in self.codes(i)
                 if not c.startswith("X.")}
        self.within = found.pop() if len(found) == 1 else None

    def codes(self, item: Item) -> set[str]:
        """Codes of the official names closest to the item's name (ties kept, none if weak)."""
        if self.nom is None or not item.nama:
            return set()
        try:
            matches = self.nom.match_name(item.nama, level=item.level.value, limit=10,
                                          within=self.within)
        except ValueError:  # a level the list does not know: no evidence
            return set()
        good = [(e, s) for e, s in matches if s >= 0.85]
        if not good:
            return set()
        top = max(s for _, s in good)
        return {e.kode for e, s in good if s >= top - 0.02}

    def parents(self, codes: set[str]) -> set[str]:
        return {p for c in codes if (p := self.nom.parent_code(c))}


def name_similarity(a: str | None, b: str | None) -> int:
    """+1 for clearly the same name, -1 for clearly different, 0 when unsure.

    Shared with the agency-workbook importer, which links parents by the same evidence.
    """
    if not a or not b:
        return 0
    ratio = similarity_ratio(normalise_name(a), normalise_name(b))
    return 1 if ratio >= 0.85 else (-1 if ratio <= 0.5 else 0)


def partition(child_budgets: list[int | None], parent_budgets: list[int | None],
              affinity: list[list[int]]) -> tuple[list[set[int]], set[int]]:
    """Which parents each child may belong to, children and parents both in document order.

    The children are cut into consecutive groups, one per parent (a group may be empty at a
    cost). A group scores ``BUDGET_MATCH`` when its budgets add up exactly to its parent's,
    plus each child's ``affinity`` to that parent (nomenclature, sasaran). Every cut with
    the best score is considered: a child gets one candidate only when all best cuts agree,
    so an equal-scoring alternative (a zero budget at a boundary, two equal budgets) leaves
    it undecided instead of guessed. Returns the candidates per child and the parents whose
    group adds up exactly in a best cut.
    """
    n, m = len(child_budgets), len(parent_budgets)
    known = [0] * (n + 1)
    total = [0] * (n + 1)
    for i, b in enumerate(child_budgets):
        known[i + 1] = known[i] + (b is not None)
        total[i + 1] = total[i] + (b or 0)
    aff = [[0] * (n + 1) for _ in range(m)]
    for k in range(m):
        for i in range(n):
            aff[k][i + 1] = aff[k][i] + affinity[i][k]

    def seg(i: int, j: int, k: int) -> int:
        if i == j:
            return EMPTY_PARENT
        score = aff[k][j] - aff[k][i]
        if known[j] - known[i] == j - i and parent_budgets[k] is not None \
                and total[j] - total[i] == parent_budgets[k]:
            score += BUDGET_MATCH
        return score

    fwd = [[NEG] * (n + 1) for _ in range(m + 1)]
    fwd[0][0] = 0
    for k in range(1, m + 1):
        for j in range(n + 1):
            fwd[k][j] = max((fwd[k - 1][i] + seg(i, j, k - 1) for i in range(j + 1)
                             if fwd[k - 1][i] > NEG), default=NEG)
    bwd = [[NEG] * (n + 1) for _ in range(m + 1)]
    bwd[m][n] = 0
    for k in range(m - 1, -1, -1):
        for i in range(n + 1):
            bwd[k][i] = max((seg(i, j, k) + bwd[k + 1][j] for j in range(i, n + 1)
                             if bwd[k + 1][j] > NEG), default=NEG)
    best = fwd[m][n]
    candidates: list[set[int]] = [set() for _ in range(n)]
    exact: set[int] = set()
    for k in range(m):
        cover = [0] * (n + 1)  # difference array of the children some best cut gives to k
        for i in range(n + 1):
            if fwd[k][i] <= NEG:
                continue
            for j in range(i + 1, n + 1):
                if bwd[k + 1][j] > NEG and fwd[k][i] + seg(i, j, k) + bwd[k + 1][j] == best:
                    cover[i] += 1
                    cover[j] -= 1
                    if seg(i, j, k) - (aff[k][j] - aff[k][i]) == BUDGET_MATCH:
                        exact.add(k)
        running = 0
        for c in range(n):
            running += cover[c]
            if running:
                candidates[c].add(k)
    return candidates, exact


def _link_parents(doc: Document) -> None:
    """Set ``induk`` of kegiatan and sub-kegiatan from evidence, or report STR-003."""
    ranked = [i for i in doc.items if i.level in ID_PREFIX]
    if not ranked:
        return
    names = OfficialNames()
    top = min(LEVEL_ORDER[i.level.value] for i in ranked)
    names.learn_bidang([i for i in ranked if LEVEL_ORDER[i.level.value] == top])
    own = {i.id: names.codes(i) for i in ranked}
    for info in doc.tables:
        matched = [f"{i.id}={'/'.join(sorted(own[i.id]))}" for i in ranked
                   if i.table == info.name and own[i.id]]
        if matched:
            info.notes.append(t(f"{NS}.note_official_codes", pairs="; ".join(matched)))
    for child_level, parent_level in PARENT_LEVEL.items():
        children = [i for i in ranked if i.level == child_level]
        parents = [i for i in ranked if i.level == parent_level]
        if not children:
            continue
        info = next((ti for ti in doc.tables if ti.name == children[0].table), None)
        if not parents:
            if info is not None:
                info.notes.append(t(f"{NS}.note_no_parent_table", level=parent_level.value))
            continue
        _link_level(doc, children, parents, names, own, info)


def _link_level(doc: Document, children: list[Item], parents: list[Item], names: OfficialNames,
                own: dict[str, set[str]], info: TableInfo | None) -> None:
    """Parents of one level's items: the best budget partition, checked against the names.

    A child whose best cuts disagree, or whose official parent (nomenclature) is another
    of the candidates than the one the budgets chose, gets no parent and an STR-003 that
    lists the candidates: the reviewer decides, the tool does not guess.
    """
    parent_level = parents[0].level
    name_vote = [[(1 if names.parents(own[c.id]) & own[p.id] else -1)
                  if own[c.id] and own[p.id] else 0 for p in parents] for c in children]
    affinity = [[NAME_MATCH * name_vote[i][k]
                 + SASARAN_MATCH * name_similarity(c.sasaran, p.sasaran)
                 for k, p in enumerate(parents)] for i, c in enumerate(children)]
    cands, exact = partition([c.anggaran for c in children], [p.anggaran for p in parents],
                             affinity)
    for i, child in enumerate(children):
        ks = sorted(cands[i])
        if len(ks) == 1 and name_vote[i][ks[0]] >= 0:
            child.induk = parents[ks[0]].id
            continue
        if len(ks) == 1:
            ks = sorted({ks[0]} | {k for k, v in enumerate(name_vote[i]) if v > 0})
        listed = ", ".join(item_words(parents[k]) for k in ks)
        doc.issues.append(issue(
            doc.id, "STR-003", f"{NS}.parent_unknown", child.location_of("nama"),
            item=ItemRef(level=child.level.value, nama=child.nama), actual=child.nama,
            expected=[parents[k].nama or item_words(parents[k]) for k in ks],
            nama=child.nama or item_words(child),
            level=parent_level.value, candidates=listed or "-"))
    if info is None:
        return
    info.notes.append(t(f"{NS}.note_parents", level=parent_level.value, exact=len(exact),
                        parents=len(parents), linked=sum(1 for c in children if c.induk),
                        children=len(children)))
    if names.nom is None:
        info.notes.append(t(f"{NS}.note_no_nomenclature", reason=names.reason or "-"))
