"""What every part of the LKjIP importer shares: sections, documents, numbers, names.

An LKjIP text extract is one file holding several documents (the report's own tables, the
rencana aksi appendix, the PK and the PK Perubahan). Each table reader builds one
:class:`Builder`: the document, its importer findings and its table descriptions. Numbers
are read here, through :mod:`checker.importers.numbers` only, so that every reader reports
an unreadable value the same way: the value stays empty, the finding names the cell and the
raw text, and where the rest of the table implies the value, the suggestion says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from checker.i18n import t
from checker.i18n.format import format_number
from checker.importers import numbers
from checker.importers.base import document_id
from checker.importers.issues import issue
from checker.importers.textlines import TextLine, cell_location
from checker.model.finding import ItemRef
from checker.model.location import Location
from checker.model.plan import Document, Item, Located, TableInfo
from checker.model.schema import DocumentKind
from checker.reference.matching import ratio as similarity_ratio

NS = "import_lkjip"

# Units a money cell may carry besides rupiah: the funding source printed after the amount.
MONEY_UNITS = frozenset({"rp", "apbd", "apbn", "dak", "dau", "blud"})
# Satuan whose values are whole counts: '25.000 orang' is twenty-five thousand people.
COUNT_UNITS = frozenset({
    "orang", "jiwa", "kk", "keluarga", "dokumen", "laporan", "unit", "paket", "buah",
    "lembaga", "kegiatan", "gedung", "kali", "desa", "pekon", "kelompok", "set", "berkas",
    "rumah", "anak", "lansia", "peserta", "kecamatan", "titik", "eksemplar",
})


# --------------------------------------------------------------------------- text
def norm(text: str | None) -> str:
    """Lower-case text without bold markers, no-break spaces or repeated spaces."""
    if not text:
        return ""
    text = text.replace("*", " ").replace("\u00a0", " ").replace("\ufffd", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def clean(text: str | None) -> str:
    """A cell's text as printed, with spaces tidied (kept for names and raw values)."""
    if not text:
        return ""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\ufffd", " ")).strip()


def squash(text: str | None) -> str:
    """Letters and digits only: a heading matched despite spacing and punctuation slips."""
    return re.sub(r"[^a-z0-9]", "", norm(text))


def name_key(text: str | None) -> str:
    """A name reduced for comparison: no 'program' prefix, punctuation or case."""
    key = re.sub(r"[^a-z ]", " ", norm(text))
    key = re.sub(r"^\s*program\s+", "", key)
    return re.sub(r"\s+", " ", key).strip()


def similarity(a: str | None, b: str | None) -> float:
    """How alike two names read (0–1), for linking OCR-garbled names to their parents."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    return similarity_ratio(ka, kb)


def title_case(text: str) -> str:
    """Title case for names printed in capitals (``DINAS SOSIAL`` → ``Dinas Sosial``)."""
    small = {"dan", "di", "ke", "dari", "pada", "yang", "serta"}
    words = []
    for i, word in enumerate(clean(text).split(" ")):
        low = word.lower()
        words.append(low if i and low in small else low[:1].upper() + low[1:])
    return " ".join(words)


def is_numbered_row(line: TextLine) -> bool:
    """The row that numbers the columns (``1 2 3 …`` or ``(1) (2) (3)``)."""
    values = [re.sub(r"^\((\d+)\)$", r"\1", f) for _, f in line.nonblank_fields()]
    return len(values) >= 3 and all(v.isdigit() and len(v) <= 2 for v in values) \
        and values[0] == "1"


def numbered(text: str) -> tuple[str | None, str]:
    """Split a leading row number from a cell (``3 Koordinasi …`` → ``('3', 'Koordinasi …')``)."""
    m = re.match(r"^(\d{1,3})[.)]?\s+(\S.*)$", clean(text))
    if m:
        return m.group(1), m.group(2)
    return None, clean(text)


def span(first: int, last: int) -> str:
    """A row range as printed in messages (``1097`` or ``1103–1106``)."""
    return str(first) if first == last else f"{first}–{last}"


def row_number(text: str) -> str | None:
    """The row number printed in a ``No`` cell (``1``, ``3.``), or ``None``."""
    m = re.fullmatch(r"(\d{1,3})[.)]?", clean(text))
    return m.group(1) if m else None


# --------------------------------------------------------------------------- sections
@dataclass
class Meta:
    """Agency, regency and year of a document, as printed near its heading."""

    instansi: str | None = None
    pemda: str | None = None
    tahun: int | None = None

    def region(self) -> str:
        """The regency's own name (``lampung barat``), to tell its columns from others'."""
        return re.sub(r"^(pemerintah\s+)?(kabupaten|kab\.?|kota|provinsi)\s+", "",
                      norm(self.pemda))


@dataclass
class Section:
    """A recognised table or block: its heading, title and the lines below it."""

    kind: str  # "table" (Tabel x.y), "ra" (rencana aksi), "pk", "pk_perubahan"
    heading: TextLine
    title: str
    lines: list[TextLine]
    title_lines: list[TextLine] = field(default_factory=list)
    number: str | None = None  # "2.3" for Tabel 2.3
    level: str | None = None  # for "ra": tujuan, program, kegiatan, sub_kegiatan
    name: str = ""  # the table name used in locations ("Tabel 2.3")
    part: str | None = None  # the document part ("tabel-2.3")

    def rows(self) -> list[TextLine]:
        """The tab-separated lines of the section (the table's rows)."""
        return [ln for ln in self.lines if "\t" in ln.text and not ln.is_blank()]


# --------------------------------------------------------------------------- numbers
@dataclass
class Value:
    """One numeric cell as read: its value (or ``None``), unit, grade and address."""

    raw: str
    loc: Location
    parsed: numbers.ParsedNumber | None = None
    value: Any = None

    @property
    def status(self) -> str:
        """The parser's status (``blank`` when the cell was never parsed)."""
        return self.parsed.status if self.parsed else "blank"

    @property
    def unit(self) -> str | None:
        """Unit written with the value (``%``, ``dokumen``), which may give the satuan."""
        return self.parsed.unit if self.parsed else None

    @property
    def grade(self) -> str | None:
        """A grade target (``B``), kept as text where grades are allowed."""
        return self.parsed.grade if self.parsed else None


def value_text(text: str) -> str:
    """A cell's value without the ``:`` or ``=`` that introduces it (``: 5.000.000``)."""
    return clean(re.sub(r"^\s*[:=]\s*", "", text or ""))


def looks_numeric(text: str) -> bool:
    """Whether a cell starts like a number (digits, a sign or ``Rp``), not like a word."""
    return bool(re.match(r"^\s*(?:rp\.?\s*)?[-−–]?\s*\d", value_text(text), re.IGNORECASE))


def convention_of(texts: list[str]) -> str | None:
    """The separator convention most of a column's texts prove (``id``/``en``/``None``)."""
    return numbers.detect_convention(texts)


@dataclass
class _Pending:
    """An unreadable number whose finding waits for the rest of the table (implied value)."""

    target: Located
    field: str
    value: Value
    code: str
    why_key: str
    why_params: dict[str, Any]
    infer: bool = True


@dataclass
class _Evidence:
    """A value's separator convention, for the NUM-002 runs of its column."""

    row: int
    value: Value
    field: str
    own: str | None


# --------------------------------------------------------------------------- builder
@dataclass
class Builder:
    """One document under construction, with its findings and table descriptions."""

    path: str
    jenis: DocumentKind
    part: str | None
    meta: Meta
    judul: str | None = None
    doc: Document = field(init=False)
    _pending: list[_Pending] = field(default_factory=list, init=False)
    _evidence: dict[str, list[_Evidence]] = field(default_factory=dict, init=False)
    _column_convention: dict[str, str | None] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.doc = Document(
            id=document_id(self.path, self.jenis, self.part), jenis=self.jenis,
            path=self.path, instansi=self.meta.instansi, pemda=self.meta.pemda,
            tahun=self.meta.tahun, judul=self.judul,
        )

    # ---- addresses, tables, findings
    def loc(self, table: str, line: TextLine | int, field_index: int) -> Location:
        """Address of a cell of this document's file, like a worksheet cell."""
        return cell_location(self.path, table, line, field_index)

    def table(self, section: Section, columns: dict[str, str] | None = None) -> TableInfo:
        """Describe a table read into this document (for ``inspect``) and return it."""
        rows = section.rows()
        info = TableInfo(name=section.name, file=self.path,
                         first_row=rows[0].number if rows else section.heading.number,
                         last_row=rows[-1].number if rows else section.heading.number,
                         columns=columns or {})
        self.doc.tables.append(info)
        return info

    def issue(self, code: str, key: str, location: Location, **kwargs: Any) -> None:
        """Record an importer finding (see :func:`add_issue`)."""
        add_issue(self.doc, code, key, location, **kwargs)

    # ---- numbers
    def money(self, target: Located, fname: str, raw: str, loc: Location, *,
              column: str | None = None, convention: str | None = None,
              infer: bool = True, printed: str | None = None) -> int | None:
        """Read a rupiah cell into ``target.<fname>``'s value; report what is not certain.

        ``infer=False`` when the cell holds only part of the target's value (one sasaran's
        share of a kegiatan), so that no implied value is suggested for it. ``printed`` is
        the cell as printed when ``raw`` is only its value (``Trw 1= 5,000`` → ``5,000``).
        """
        val = Value(raw=printed or raw, loc=loc)
        text = value_text(raw)
        if not text:
            return None
        target.locate(fname, loc, printed or raw)
        val.parsed = numbers.parse_money(text, convention=convention)  # type: ignore[arg-type]
        p = val.parsed
        if p.status == "blank":  # a dash: planners write zero so
            val.value = 0
            return 0
        if p.status == "ok" and (p.unit is None or p.unit in MONEY_UNITS):
            self._note_convention(column, fname, val)
            val.value = p.as_int()
            return val.value
        self._unreadable(target, fname, val, infer)
        return None

    def number(self, target: Located, fname: str, raw: str, loc: Location, *,
               column: str | None = None, convention: str | None = None,
               grades: bool = False, printed: str | None = None) -> Value:
        """Read a target, realisation or percentage cell; grades are kept when allowed."""
        val = Value(raw=printed or raw, loc=loc)
        text = value_text(raw)
        if not text:
            return val
        target.locate(fname, loc, printed or raw)
        p = numbers.parse_number(text, convention=convention)  # type: ignore[arg-type]
        if p.status == "ambiguous" and p.unit in COUNT_UNITS:
            p = numbers.parse_number(text, convention=convention,  # type: ignore[arg-type]
                                     integer=True)
        val.parsed = p
        if p.status == "ok":
            self._note_convention(column, fname, val)
            val.value = p.as_float()
        elif p.status == "invalid" and p.reason == "numbers.grade_only" and grades:
            pass  # a grade target (IKM 'B'): kept as text by the caller
        elif p.status != "blank":
            self._unreadable(target, fname, val)
        return val

    def _unreadable(self, target: Located, fname: str, val: Value, infer: bool = True) -> None:
        p = val.parsed
        assert p is not None
        if p.status == "ok":  # read, but a unit that does not belong in the cell
            code, why, params = "NUM-003", f"{NS}.why_unit", {"unit": p.unit or ""}
        elif p.status == "invalid" and p.reason in ("numbers.not_a_number",
                                                    "numbers.grade_only"):
            code, why, params = "NUM-003", p.reason, p.params()
        else:
            code = numbers.unread_code(p)
            why, params = p.reason or "numbers.not_a_number", p.params()
        self._pending.append(_Pending(target, fname, val, code, why, params, infer))

    def _note_convention(self, column: str | None, fname: str, val: Value) -> None:
        if column is None or val.parsed is None:
            return
        self._evidence.setdefault(column, []).append(
            _Evidence(val.loc.row or 0, val, fname, val.parsed.convention))

    def set_convention(self, column: str, convention: str | None) -> None:
        """The convention a column's values should follow (its majority), for NUM-002."""
        self._column_convention[column] = convention

    # ---- closing
    def finish(self) -> Document:
        """Emit the deferred findings (unreadable numbers, convention runs) and return."""
        for pend in self._pending:
            self._emit_unreadable(pend)
        self._pending.clear()
        for column, evidence in self._evidence.items():
            self._emit_runs(column, evidence)
        self._evidence.clear()
        return self.doc

    def _emit_unreadable(self, pend: _Pending) -> None:
        item = pend.target if isinstance(pend.target, Item) else None
        ref = ItemRef(level=item.level.value, kode=item.kode, nama=item.nama) if item else None
        labels = field_labels(pend.field)
        why = {lang: t(pend.why_key, lang, **pend.why_params) for lang in ("id", "en")}
        kwargs: dict[str, Any] = {}
        implied = implied_value(self.doc, item, pend.field) if item and pend.infer else None
        if implied is not None:
            source, amount = implied
            kwargs = {"suggestion": f"suggest_{source}",
                      "suggestion_params": {"value_id": format_number(amount, "id"),
                                            "value_en": format_number(amount, "en")}}
        key = {"NUM-001": "unreadable", "NUM-004": "sen"}.get(pend.code, "not_a_number")
        self.issue(pend.code, key, pend.value.loc, item=ref, actual=pend.value.raw,
                   raw=pend.value.raw, why_id=why["id"], why_en=why["en"], **labels, **kwargs)

    def _emit_runs(self, column: str, evidence: list[_Evidence]) -> None:
        expected = self._column_convention.get(column)
        if expected is None:
            return
        run: list[_Evidence] = []
        for ev in [*sorted(evidence, key=lambda e: e.row), None]:
            contradicts = ev is not None and ev.own is not None and ev.own != expected
            if contradicts:
                run.append(ev)  # type: ignore[arg-type]
                continue
            if ev is not None and ev.own is None:
                continue  # proves nothing: does not end a run
            if run:
                first, last = run[0], run[-1]
                self.issue(
                    "NUM-002", "convention_run" if len(run) > 1 else "convention_one",
                    first.value.loc, actual=first.value.raw,
                    raw=first.value.raw, count=len(run) - 1, last=last.value.loc.cell or "",
                    own_id=t(f"{NS}.convention_{first.own}", "id"),
                    own_en=t(f"{NS}.convention_{first.own}", "en"),
                    column_id=t(f"{NS}.convention_{expected}", "id"),
                    column_en=t(f"{NS}.convention_{expected}", "en"),
                    **field_labels(first.field))
                run = []


def add_issue(doc: Document, code: str, key: str, location: Location, *,
              item: ItemRef | None = None, actual: Any = None, expected: Any = None,
              suggestion: str | None = None, suggestion_params: dict[str, Any] | None = None,
              **params: Any) -> None:
    """Append an importer finding; ``key`` and ``suggestion`` are keys of this namespace."""
    doc.issues.append(issue(
        doc.id, code, f"{NS}.{key}", location, item=item, actual=actual, expected=expected,
        suggestion_key=f"{NS}.{suggestion}" if suggestion else None,
        suggestion_params=suggestion_params, **params))


def field_labels(fname: str) -> dict[str, str]:
    """The field's name in both languages, for messages (``field_id``/``field_en``)."""
    base = re.sub(r"_tw([1-4])$", "", fname)
    quarter = re.search(r"_tw([1-4])$", fname)
    out = {}
    for lang in ("id", "en"):
        label = t(f"{NS}.field.{base}", lang)
        if quarter:
            label = t(f"{NS}.field.quarter", lang, field=label, q=quarter.group(1))
        out[f"field_{lang}"] = label
    return out


def implied_value(doc: Document, item: Item, fname: str) -> tuple[str, int] | None:
    """The value the rest of the document implies for an unreadable money cell.

    In order: the sum of the item's children (all read), the row's own arithmetic
    (sisa = anggaran − realisasi), the parent's value less its other children. ``None``
    when nothing implies it; the caller only ever suggests the value, never uses it.
    """
    children = [c for c in doc.items if c.induk == item.id]
    values = [getattr(c, fname, None) for c in children]
    if children and all(isinstance(v, int) for v in values):
        return "children", sum(values)  # type: ignore[arg-type]
    row = {"anggaran": item.anggaran, "realisasi": item.realisasi, "sisa": item.sisa}
    if fname in row and all(v is not None for k, v in row.items() if k != fname):
        if fname == "sisa":
            return "row", row["anggaran"] - row["realisasi"]  # type: ignore[operator]
        if fname == "anggaran":
            return "row", row["realisasi"] + row["sisa"]  # type: ignore[operator]
        return "row", row["anggaran"] - row["sisa"]  # type: ignore[operator]
    parent = doc.item(item.induk) if item.induk else None
    if parent is not None and isinstance(getattr(parent, fname, None), int):
        siblings = [getattr(c, fname, None) for c in doc.items
                    if c.induk == parent.id and c.id != item.id]
        if all(isinstance(v, int) for v in siblings):
            return "parent", getattr(parent, fname) - sum(siblings)  # type: ignore[arg-type]
    return None


def most_common(values: list[Any]) -> Any:
    """The most frequent value, or ``None`` on a tie or an empty list."""
    counts = Counter(v for v in values if v is not None).most_common(2)
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]
