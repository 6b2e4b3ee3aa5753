"""Penjenjangan kinerja (cascading, pohon kinerja) in text extracts.

The layout family (the "SmartID" cascading form; the seed is Dinas Sosial Kab. Kotawaringin
Timur 2025) runs in stages, each announced by a ``TAHAP n`` line repeated on every page:

1. the outcome to be broken down ("Tentukan Outcome …", then the statement) and a text
   table of expectations, mandate and strategic issues;
2. ``OUTCOME :`` and ``CSF I:``, ``CSF II:`` … labels, each followed by its statement;
3. two-column tables ``<Faktor Penyebab (CSF n) | Kondisi Antara (X)> | Kondisi yang
   diperlukan``: each row names a node (left, blank when it repeats) and one of the
   conditions it needs (right);
4. the performance tree ("Menyusun Pohon Kinerja") as alternating lines, node then its
   indicator, branch after branch, with no indentation;
5. a table of tujuan and sasaran strategis with a target column per year; program and
   kegiatan blocks, then sub-kegiatan blocks, of key-value lines (``Nama Program : …``,
   ``Indikator Kegiatan : …``, ``Target Sub Kegiatan : 55 Orang``, ``Anggaran : …``) under
   ``PROGRAM X`` and ``(Kegiatan : Y)`` headings; a matrix distributing the performance to
   positions.

Two documents come out of one file, because the same objectives appear in both parts:

- ``…#cascading-pohon``, the tree of stages 1–4. The outcome is a **tujuan** and every CSF and
  condition a **sasaran**, as the form's own note says ("Tujuan berdasarkan hasil
  identifikasi Outcome", "Sasaran berdasarkan CSF", and the conditions are the *sasaran* of
  programs, kegiatan and sub-kegiatan): they state objectives and carry an indicator, but no
  target and no budget, so no rule about programs must fire on them. The depth is in the id:
  ``T1`` (outcome), ``CSF1``, ``CSF1.2`` (its second condition), ``CSF1.2.1`` …; a node
  printed only in the stage-4 tree is ``N@<line>``.
- ``…#cascading-kinerja``, stage 5: tujuan ``T1`` and sasaran strategis ``SS1`` with the
  target of the document's year, programs ``P1``, kegiatan ``K1.2`` (second kegiatan of
  ``P1``), sub-kegiatan ``SK1.2.3``; an item whose parent is unknown is ``K@<line>`` or
  ``SK@<line>``. A printed kode replaces these ids and decides the parent.

Addresses. A key-value line's row is its line number and its column the tab field that holds
the value: ``Key<TAB>:<TAB>value`` (the seed) puts the value in ``C``, ``Key :<TAB>value`` or
``Key<TAB>: value`` in ``B``, and ``Key : value`` written in one field in ``A``. Tree
statements sit in ``A`` (``B`` for the right column of a stage-3 table).

Nothing is guessed: names are matched with a strict similarity (typos such as ``Proram``,
``social``, ``Adminstrasi`` pass; ``Administrasi Umum`` never becomes ``Administrasi
Keuangan``), a parent that cannot be found is left empty with STR-003, and an unreadable
budget is left empty with NUM-001 and, where the budgets around it imply a value, that value
as a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.i18n import t
from checker.i18n.format import format_number
from checker.importers.base import document_id
from checker.importers.issues import issue
from checker.importers.numbers import ParsedNumber, detect_convention, parse_money, parse_number
from checker.importers.textlines import TextLine, cell_location, read_lines
from checker.model.finding import ItemRef
from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, TableInfo
from checker.model.schema import DocumentKind, Level
from checker.reference.matching import close_matches
from checker.reference.matching import ratio as similarity_ratio

NS = "import_cascading"

T_OUTCOME = "Outcome"
T_KONTEKS = "Ekspektasi, Mandat dan Isu Strategis"
T_CSF = "CSF"
T_KONDISI = "Kondisi"
T_POHON = "Pohon Kinerja"
T_STRATEGIS = "Tujuan dan Sasaran Strategis"
T_MANAJERIAL = "Kinerja Manajerial"
T_OPERASIONAL = "Kinerja Operasional"
T_JABATAN = "Distribusi Kinerja Jabatan"
T_LAIN = "Teks Lain"

#: Names this close (0–1) are the same name with a typing slip.
SAME_NAME = 0.9
#: The best match must beat the runner-up by this much, or nothing is matched.
MARGIN = 0.04
#: The title and the CSF labels stand on the first pages; sniff reads no further for them.
SNIFF_LINES = 300

_STAGE = re.compile(r"^\W*tahap\s*\d", re.IGNORECASE)
_OUTCOME_HEAD = re.compile(r"tentukan\s+outcome", re.IGNORECASE)
_OUTCOME_LABEL = re.compile(r"^\W*outcome\s*:\s*(.*)$", re.IGNORECASE)
_CSF_LABEL = re.compile(r"^\W*csf\s*([ivx]+|\d+)\s*[:.]\s*(.*)$", re.IGNORECASE)
_CSF_REF = re.compile(r"csf\b.*?\b([ivx]+|\d+)\W*$", re.IGNORECASE)
_ANTARA = re.compile(r"^\W*kondisi\s+antara\s*(.*)$", re.IGNORECASE)
_POHON_HEAD = re.compile(r"menyusun\s+pohon", re.IGNORECASE)
_KEGIATAN_CTX = re.compile(r"\(\s*kegiatan\s*:\s*(.*?)\)?\s*$", re.IGNORECASE | re.DOTALL)
_PROGRAM_HEAD = re.compile(r"^\W*program\b", re.IGNORECASE)
_YEAR_CELL = re.compile(r"^\W*tahun\s*(\d{4})\W*$", re.IGNORECASE)
_AGENCY = re.compile(r"perangkat\s+daerah\s*:?\s*(.*)$", re.IGNORECASE)
_PEMDA = re.compile(r"^(kabupaten|kab\.|kota|provinsi)\b", re.IGNORECASE)
_SECTION_TITLE = re.compile(
    r"^\W*(\d+\W+)?(menetapkan|menerjemahkan|mendistribusikan|level kinerja|kinerja jabatan)",
    re.IGNORECASE)
_MATRIX_ROW = re.compile(r"^\W*kinerja\s+(strategis|manajerial|operasional)", re.IGNORECASE)
_LEADING_VERB = re.compile(r"^(ter|me|di)\w+nya ")
_SMALL_WORDS = frozenset({"dan", "serta", "di", "ke", "dari", "untuk", "pada", "yang", "dengan",
                          "atau", "bagi", "terhadap", "dalam"})
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}

#: Key words of the key-value blocks, by the field they fill.
_KEY_FIELDS = {
    "nama": "nama", "sasaran": "sasaran", "indikator": "indikator",
    "indikator kinerja": "indikator", "target": "target", "target kinerja": "target",
    "satuan": "satuan", "anggaran": "anggaran", "pagu": "anggaran", "pagu anggaran": "anggaran",
    "kode": "kode", "penanggung jawab": "penanggung_jawab",
    "penanggungjawab": "penanggung_jawab",
}
_LEVEL_WORDS = {"program": Level.PROGRAM, "kegiatan": Level.KEGIATAN,
                "sub kegiatan": Level.SUB_KEGIATAN, "subkegiatan": Level.SUB_KEGIATAN}
#: The order of keys within a block; going back in it starts the next block.
_KEY_ORDER = {"kode": 0, "nama": 0, "sasaran": 1, "indikator": 2, "target": 3, "satuan": 3,
              "anggaran": 4, "penanggung_jawab": 5}
_LEVEL_NAME = {Level.PROGRAM: "program", Level.KEGIATAN: "kegiatan",
               Level.SUB_KEGIATAN: "sub kegiatan"}
_PARENT = {Level.KEGIATAN: Level.PROGRAM, Level.SUB_KEGIATAN: Level.KEGIATAN}


# --------------------------------------------------------------------------- text helpers
def _clean(text: str) -> str:
    """A statement as printed, without bold markers, tabs or repeated spaces."""
    return re.sub(r"\s+", " ", text.replace("*", " ").replace("\u00a0", " ")).strip()


def _norm(text: str | None) -> str:
    """Comparison form of a name: case, punctuation and spacing around ``/`` ignored."""
    s = _clean(text or "").casefold()
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"\bkab\.?/kota\b", "kabupaten/kota", s)
    s = re.sub(r"[^\w()%]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w not in _SMALL_WORDS]


def _unmatched(words: list[str], other: list[str]) -> list[str]:
    """Words of one name with no counterpart (equal, or one typing slip away) in the other."""
    return [w for w in words if w not in other
            and not close_matches(w, other, n=1, cutoff=0.8)]


def _similarity(a: str, b: str, *, verbs: bool = False) -> float:
    """How alike two normalised names are (1 = equal), tolerant of typos and added words.

    Characters are compared (``Proram``/``Program``), then words: a word on each side with
    no counterpart on the other means a word was *replaced* (``Pemeliharaan`` → ``Pengamanan``,
    ``Umum`` → ``Keuangan``), and such names never count as the same. The same words score at
    least 0.97; one name with a few words more (``Terkelolanya Taman Makam Pahlawan`` in ``…
    dengan baik``) 0.92 to 0.95, so a name that differs only by typos wins over one that is
    merely contained. With ``verbs`` the leading ``Ter…nya`` word, which tree nodes swap
    freely (``Terwujudnya``/``Terlaksananya``), is set apart and the rest compared at 0.92.
    """
    if a == b:
        return 1.0
    ratio = similarity_ratio(a, b)
    wa, wb = _words(a), _words(b)
    ua, ub = _unmatched(wa, wb), _unmatched(wb, wa)
    if ua and ub:
        score = min(ratio, 0.85)
    elif not ua and not ub:
        score = max(ratio, 0.97)
    else:
        small, large = sorted((len(wa), len(wb)))
        added = small >= 3 and small / large >= 0.5
        score = min(max(ratio, 0.92), 0.95) if added else min(ratio, 0.85)
    if verbs and score < SAME_NAME:
        sa, sb = _LEADING_VERB.sub("", a), _LEADING_VERB.sub("", b)
        if sa != a and sb != b:
            score = max(score, 0.92 * _similarity(sa, sb))
    return score


def _best(name: str, candidates: Iterable[tuple[str, str]], *,
          verbs: bool = False) -> tuple[str | None, float]:
    """The candidate key whose name is the same as ``name`` (exact, or clearly the best).

    With ``verbs``, a name matched only by setting its leading verb apart is tried last,
    when no candidate matches as written.
    """
    pool = list(candidates)
    key, score = _pick(name, pool, verbs=False)
    if key is None and verbs:
        return _pick(name, pool, verbs=True)
    return key, score


def _pick(name: str, candidates: list[tuple[str, str]], *,
          verbs: bool) -> tuple[str | None, float]:
    target = _norm(name)
    scored: dict[str, float] = {}
    for key, cand in candidates:
        s = _similarity(target, cand, verbs=verbs)
        scored[key] = max(s, scored.get(key, 0.0))
    if not scored:
        return None, 0.0
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    key, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if score == 1.0 or (score >= SAME_NAME and score - runner >= MARGIN):
        return key, score
    return None, score


def _roman(text: str) -> int | None:
    low = text.casefold()
    return int(low) if low.isdigit() else _ROMAN.get(low)


def _printed_unit(raw: str, unit: str | None) -> str | None:
    """The unit as printed (``Orang``), where the number parser gives it lower-cased."""
    if not unit:
        return None
    if unit == "%":
        return "%"
    pattern = re.escape(unit).replace(r"\ ", r"\s+").replace("/", r"\s*/\s*")
    m = re.search(pattern, raw, re.IGNORECASE)
    return _clean(m.group(0)) if m else unit


def _unit_spacing(raw: str) -> str:
    """``33 Orang / Bulan`` → ``33 Orang/Bulan``: spaces around a unit's slash carry nothing."""
    return re.sub(r"(?<=[^\W\d_])\s*/\s*(?=[^\W\d_])", "/", raw)


def _show(value: Any) -> str:
    return format_number(value, "id")


# --------------------------------------------------------------------------- key-value lines
@dataclass(frozen=True)
class KeyValue:
    """One ``Key : value`` line: the key as printed, what it fills, and where the value is.

    ``field`` is ``None`` for a key this layout does not know; ``column`` is the 1-based
    field holding the value (the field after the colon when the value is blank).
    """

    line: TextLine
    key: str
    field: str | None
    level: Level | None
    value: str
    column: int


def parse_key_value(line: TextLine) -> KeyValue | None:
    """Read a line as a key-value pair, or ``None`` when it is not one.

    The key must be short (a label, not a sentence) and the colon must follow it directly,
    in the same field or as the next field, so headings such as ``(Kegiatan : X)`` and prose
    are never taken for values.
    """
    fields = line.nonblank_fields()
    if not fields:
        return None
    first_idx, first = fields[0]
    rest = fields[1:]
    if ":" in first:
        key, _, tail = first.partition(":")
        value_parts = [(first_idx, tail.strip()), *rest] if tail.strip() else list(rest)
        after = first_idx + 1
    elif rest and rest[0][1].startswith(":"):
        key = first
        tail = rest[0][1][1:].strip()
        value_parts = ([(rest[0][0], tail)] if tail else []) + list(rest[1:])
        after = rest[0][0] + 1
    else:
        return None
    key = _clean(key)
    if (not key or len(key) > 40 or len(key.split()) > 5 or not key[0].isalpha()
            or "(" in key or ")" in key):
        return None
    column = value_parts[0][0] if value_parts else after
    value = _clean(" ".join(text for _, text in value_parts))
    fname, level = _key_meaning(key)
    return KeyValue(line=line, key=key, field=fname, level=level, value=value, column=column)


def _key_meaning(key: str) -> tuple[str | None, Level | None]:
    """What a key fills, tolerating case, spacing and one OCR slip per word."""
    words = re.sub(r"[^a-z ]+", " ", key.casefold()).split()
    level: Level | None = None
    for size in (2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:])
            hit = close_matches(tail, list(_LEVEL_WORDS), n=1, cutoff=0.85)
            if hit and (size == 2 or hit[0] != "sub kegiatan"):
                level = _LEVEL_WORDS[hit[0]]
                words = words[:-size]
                if size == 1 and words and words[-1] == "sub":
                    words = words[:-1]
                    level = Level.SUB_KEGIATAN
                break
    head = " ".join(words)
    hit = close_matches(head, list(_KEY_FIELDS), n=1, cutoff=0.8)
    return (_KEY_FIELDS[hit[0]] if hit else None), level


# --------------------------------------------------------------------------- reader state
@dataclass
class _Record:
    """An item while its block is being read: what this block has said so far."""

    item: Item
    seen: set[str] = field(default_factory=set)
    last: int = 0
    indicator: Indicator | None = None
    repeat: bool = False


@dataclass
class _Conflict:
    """A value printed again for the same item, differently (a repeated program block)."""

    obj: Item | Indicator
    field: str
    location: Location
    raw: str


class _Reader:
    """Reads one file into the tree document and the stage-5 document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        self.lines = read_lines(path)
        instansi, pemda, tahun, judul = self._header()
        common = {"path": self.file, "instansi": instansi, "pemda": pemda, "tahun": tahun,
                  "judul": judul}
        self.tree = Document(id=document_id(path, DocumentKind.CASCADING, "pohon"),
                             jenis=DocumentKind.CASCADING, **common)
        self.plan = Document(id=document_id(path, DocumentKind.CASCADING, "kinerja"),
                             jenis=DocumentKind.CASCADING, **common)
        self.infos: dict[str, TableInfo] = {}
        # tree
        self.nodes: dict[str, Item] = {}
        self.children: dict[str | None, list[str]] = {}
        self.csf: dict[int, str] = {}
        # stage 5
        self.prog: _Record | None = None
        self.keg: _Record | None = None
        self.sub: _Record | None = None
        self.open: _Record | None = None
        self.keg_opened_at = -1
        self.prog_opened_at = -1
        self.recent: list[str] = []
        self.pending_kode: dict[Level, KeyValue] = {}
        self.program_heading: tuple[str, Location] | None = None
        self.kegiatan_ctx: tuple[str, Location] | None = None
        self.aliases: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.conflicts: list[_Conflict] = []
        self.resolved_ctx: dict[tuple[str, str], str | None] = {}

    # ------------------------------------------------------------------ shared helpers
    def info(self, name: str, doc: Document, **columns: str) -> TableInfo:
        """The TableInfo of a table family, created on first use."""
        if name not in self.infos:
            self.infos[name] = TableInfo(name=name, file=self.file, columns=dict(columns))
            doc.tables.append(self.infos[name])
        return self.infos[name]

    def touch(self, name: str, doc: Document, line: int, read: bool = True) -> None:
        info = self.info(name, doc)
        info.first_row = line if info.first_row is None else min(info.first_row, line)
        info.last_row = line if info.last_row is None else max(info.last_row, line)
        if read:
            info.rows_read += 1

    def skip(self, name: str, doc: Document, line: int, msg: str, **params: Any) -> None:
        self.touch(name, doc, line, read=False)
        self.infos[name].skipped.append((line, t(f"{NS}.{msg}", **params)))

    def note(self, name: str, doc: Document, msg: str, **params: Any) -> None:
        self.info(name, doc).notes.append(t(f"{NS}.{msg}", **params))

    def loc(self, table: str, line: TextLine | int, column: int) -> Location:
        return cell_location(self.file, table, line, column)

    def next_id(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}{self.counts[prefix]}"

    def paragraph(self, i: int) -> tuple[list[TextLine], int]:
        """The run of non-blank lines from ``i``, and the index after it."""
        out = []
        while i < len(self.lines) and not self.lines[i].is_blank():
            out.append(self.lines[i])
            i += 1
        return out, i

    # ------------------------------------------------------------------ header
    def _header(self) -> tuple[str | None, str | None, int | None, str | None]:
        """Agency, regency, year and title from the cover lines (before the first stage)."""
        instansi = pemda = judul = None
        tahun: int | None = None
        cover = []
        for line in self.lines:
            if _STAGE.match(line.stripped):
                break
            cover.append(line)
        for i, line in enumerate(cover):
            text = _clean(line.text)
            if judul is None and "penjenjangan" in text.casefold():
                judul = text
            m = _AGENCY.search(text)
            if not m:
                continue
            values = [m.group(1)] if m.group(1) else []
            for nxt in cover[i + 1:]:
                if nxt.is_blank():
                    break
                values.append(_clean(nxt.text))
            for value in filter(None, values):
                year = _YEAR_CELL.match(value)
                if year:
                    tahun = int(year.group(1))
                elif _PEMDA.match(value) and pemda is None:
                    pemda = value
                elif instansi is None:
                    instansi = value
            break
        if tahun is None:
            for line in cover:
                year = _YEAR_CELL.match(_clean(line.text))
                if year:
                    tahun = int(year.group(1))
                    break
        return instansi, pemda, tahun, judul

    # ------------------------------------------------------------------ entry
    def read(self) -> list[Document]:
        start = self._read_tree()
        self._read_plan(start)
        for kv in self.pending_kode.values():
            self._orphan(kv)
        self._finish_plan()
        docs = [d for d in (self.tree, self.plan) if d.items or d.issues]
        return docs

    # ================================================================== stages 1–4: the tree
    def _read_tree(self) -> int:
        """Read stages 1–4; return the index where stage 5 begins."""
        i, n = 0, len(self.lines)
        while i < n:
            line = self.lines[i]
            text = _clean(line.text)
            if line.is_blank():
                i += 1
            elif _OUTCOME_HEAD.search(text):
                i = self._outcome_statement(i + 1)
            elif m := _OUTCOME_LABEL.match(text):
                i = self._labelled(i, m.group(1), None)
            elif m := _CSF_LABEL.match(text):
                i = self._labelled(i, m.group(2), _roman(m.group(1)))
            elif self._is_kondisi_header(line):
                i = self._kondisi_table(i)
            elif _POHON_HEAD.search(text):
                return self._pohon(i)
            elif self._is_strategic_header(line) or (
                    (kv := parse_key_value(line)) is not None and kv.field is not None):
                return i
            else:
                i += 1
        return n

    def _tree_item(self, item_id: str, nama: str, induk: str | None, level: Level,
                   table: str, line: TextLine, column: int) -> Item:
        item = Item(id=item_id, induk=induk, level=level, nama=nama, file=self.file,
                    table=table, row=line.number)
        item.locate("nama", self.loc(table, line, column))
        self.tree.items.append(item)
        self.nodes[item_id] = item
        self.children.setdefault(induk, []).append(item_id)
        self.touch(table, self.tree, line.number)
        return item

    def _outcome(self, text: str, line: TextLine, table: str) -> None:
        if "T1" in self.nodes:
            if _norm(text) != _norm(self.nodes["T1"].nama):
                self.note(table, self.tree, "note_outcome_differs", line=line.number,
                          text=text, first=self.nodes["T1"].nama)
            return
        self._tree_item("T1", text, None, Level.TUJUAN, table, line, 1)

    def _outcome_statement(self, i: int) -> int:
        """Stage 1: the statement after the heading, then the context table (not read)."""
        while i < len(self.lines) and self.lines[i].is_blank():
            i += 1
        par, j = self.paragraph(i)
        if par and all(len(p.nonblank_fields()) == 1 for p in par):
            self.info(T_OUTCOME, self.tree, A="outcome")
            self._outcome(_clean(" ".join(p.text for p in par)), par[0], T_OUTCOME)
            i = j
        while i < len(self.lines) and not _STAGE.match(self.lines[i].stripped):
            line = self.lines[i]
            if len(line.nonblank_fields()) > 1 or (line.text.count("\t") and not line.is_blank()):
                self.info(T_KONTEKS, self.tree)
                self.skip(T_KONTEKS, self.tree, line.number, "skip_context")
            i += 1
        return i

    def _labelled(self, i: int, inline: str, csf: int | None) -> int:
        """Stage 2: ``OUTCOME :`` or ``CSF n:`` and the statement after it."""
        label = self.lines[i]
        par, j = self.paragraph(i + 1)
        parts = [inline] if inline.strip() else []
        first = label if parts else (par[0] if par else label)
        if not par and not parts:
            k = j
            while k < len(self.lines) and self.lines[k].is_blank():
                k += 1
            nxt, after = self.paragraph(k)
            if nxt and not any(_CSF_LABEL.match(_clean(p.text)) or _STAGE.match(p.stripped)
                               or _OUTCOME_LABEL.match(_clean(p.text)) for p in nxt):
                par, j, first = nxt, after, nxt[0]
        parts += [p.text for p in par]
        text = _clean(" ".join(parts))
        if not text:
            return j
        self.info(T_CSF, self.tree, A="outcome, CSF")
        if csf is None:
            self._outcome(text, first, T_CSF)
        elif csf in self.csf:
            if _norm(text) != _norm(self.nodes[self.csf[csf]].nama):
                self.note(T_CSF, self.tree, "note_csf_differs", line=first.number, n=csf)
        else:
            item_id = f"CSF{csf}"
            self.csf[csf] = item_id
            self._tree_item(item_id, text, "T1" if "T1" in self.nodes else None,
                            Level.SASARAN, T_CSF, first, 1)
        return j

    @staticmethod
    def _is_kondisi_header(line: TextLine) -> bool:
        fields = line.nonblank_fields()
        if len(fields) < 2:
            return False
        last = _norm(fields[-1][1])
        return (last.startswith("kondisi yang")
                or _similarity(last, "kondisi yang diperlukan") > 0.85)

    def _candidates(self, under: str | None) -> list[tuple[str, str]]:
        ids = self.children.get(under, []) if under is not None else list(self.nodes)
        return [(k, _norm(self.nodes[k].nama)) for k in ids]

    def _find_node(self, name: str, anchor: str | None) -> tuple[str | None, float]:
        """A tree node by name: the anchor and its children first, then the whole tree."""
        if anchor is not None:
            scoped = [(anchor, _norm(self.nodes[anchor].nama)), *self._candidates(anchor)]
            key, score = _best(name, scoped, verbs=True)
            if key:
                return key, score
        return _best(name, self._candidates(None), verbs=True)

    def _kondisi_table(self, i: int) -> int:
        """Stage 3: one ``node | Kondisi yang diperlukan`` table; returns the index after it."""
        header = self.lines[i]
        title = _clean(header.nonblank_fields()[0][1])
        self.info(T_KONDISI, self.tree, A="kondisi (induk)", B="kondisi yang diperlukan")
        self.touch(T_KONDISI, self.tree, header.number, read=False)
        anchor, anchor_name, own = self._kondisi_anchor(title, header)
        parent: str | None = None
        i += 1
        while i < len(self.lines):
            line = self.lines[i]
            fields = line.fields
            if line.is_blank() or len(fields) < 2 or self._is_kondisi_header(line):
                break
            left, right = _clean(fields[0]), _clean(" ".join(fields[1:]))
            if left:
                parent = self._kondisi_parent(left, line, anchor, anchor_name, own, title)
            if right and parent is not None:
                if all(v != _norm(right) for _, v in self._candidates(parent)):
                    self._tree_item(f"{parent}.{len(self.children.get(parent, [])) + 1}",
                                    right, parent, Level.SASARAN, T_KONDISI, line, 2)
                else:
                    self.touch(T_KONDISI, self.tree, line.number)
            i += 1
        return i

    def _kondisi_anchor(self, title: str, header: TextLine) -> tuple[str | None, str, bool]:
        """The node a stage-3 table hangs from, and whether its left column is that node.

        ``Faktor Penyebab/Pembentuk (CSF 1)`` lists the CSF itself on the left;
        ``Kondisi Antara CSF … 1`` and ``Kondisi Antara (X)`` list the conditions of CSF 1
        or of X.
        """
        own = title.casefold().startswith("faktor")
        m = _CSF_REF.search(title)
        if m and "csf" in title.casefold():
            n = _roman(m.group(1))
            return (self.csf.get(n) if n is not None else None), f"CSF {m.group(1)}", own
        m = _ANTARA.match(title)
        name = (m.group(1) if m else title).strip().strip("()").strip()
        key, _ = _best(name, self._candidates(None), verbs=True) if name else (None, 0.0)
        return key, name, own

    def _kondisi_parent(self, left: str, line: TextLine, anchor: str | None,
                        anchor_name: str, own: bool, title: str) -> str:
        """The node named in a stage-3 left cell; a new one (STR-003) if it is not known."""
        where = self.loc(T_KONDISI, line, 1)
        key, _ = self._find_node(left, anchor)
        if key is not None:
            expected_ok = (key == anchor) if own else (
                anchor is None or self.nodes[key].induk == anchor)
            if not expected_ok and anchor is not None:
                expected: Any = self.nodes[anchor].nama if own else [
                    self.nodes[k].nama for k in self.children.get(anchor, [])]
                self.tree.issues.append(issue(
                    self.tree.id, "STR-003", f"{NS}.tree_parent_inconsistent", where,
                    item=ItemRef(level=Level.SASARAN.value, nama=left), actual=left,
                    expected=expected, heading=title, printed=left,
                    anchor=self.nodes[anchor].nama))
            return key
        if own and anchor is None and (n := self._csf_number(title)) is not None:
            item_id = f"CSF{n}"
            self.csf[n] = item_id
            self._tree_item(item_id, left, "T1" if "T1" in self.nodes else None,
                            Level.SASARAN, T_KONDISI, line, 1)
            return item_id
        item_id = f"N@{line.number}"
        induk = None if own else anchor
        self._tree_item(item_id, left, induk, Level.SASARAN, T_KONDISI, line, 1)
        self.tree.issues.append(issue(
            self.tree.id, "STR-003", f"{NS}.tree_parent_unknown" if induk is None
            else f"{NS}.tree_node_added", where,
            item=ItemRef(level=Level.SASARAN.value, nama=left), actual=left,
            nama=left, anchor=anchor_name))
        return item_id

    @staticmethod
    def _csf_number(title: str) -> int | None:
        m = _CSF_REF.search(title)
        return _roman(m.group(1)) if m else None

    def _pohon(self, i: int) -> int:
        """Stage 4: node/indicator line pairs up to the next stage; returns that index."""
        _, i = self.paragraph(i)  # the heading itself
        rows: list[TextLine] = []
        while i < len(self.lines) and not _STAGE.match(self.lines[i].stripped):
            line = self.lines[i]
            text = _clean(line.text)
            i += 1
            if not text:
                continue
            if text.startswith(("-", "•")) or (text.endswith(":") and len(text.split()) <= 3):
                continue  # the form's note on how levels map
            rows.append(line)
        self.info(T_POHON, self.tree, A="simpul / indikator (baris bergantian)")
        for k in range(0, len(rows) - 1, 2):
            self._pohon_pair(rows[k], rows[k + 1])
        if len(rows) % 2:
            last = rows[-1]
            self.touch(T_POHON, self.tree, last.number, read=False)
            self.tree.issues.append(issue(
                self.tree.id, "STR-002", f"{NS}.pohon_unpaired", self.loc(T_POHON, last, 1),
                actual=_clean(last.text), text=_clean(last.text)))
        return i

    def _descendants(self, node: str) -> list[str]:
        out, todo = [], list(self.children.get(node, []))
        while todo:
            k = todo.pop()
            out.append(k)
            todo.extend(self.children.get(k, []))
        return out

    def _match_pohon(self, name: str) -> tuple[str | None, float]:
        """The tree node a stage-4 line names, read in the branch being printed.

        The stage-4 list walks each branch from its CSF down, and some conditions carry the
        same name in two branches; so an exact name found once is taken, and otherwise the
        descendants of the nodes just read (most recent first) are searched before the
        whole tree.
        """
        target = _norm(name)
        exact = [k for k, v in self._candidates(None) if v == target]
        if len(exact) == 1:
            return exact[0], 1.0
        done: set[str] = set()
        for anchor in reversed(self.recent):
            if anchor in done:
                continue
            done.add(anchor)
            scope = self._descendants(anchor)
            if exact:
                inside = [k for k in exact if k in scope]
                if inside:
                    return inside[0], 1.0
                continue
            key, score = _best(name, [(k, _norm(self.nodes[k].nama)) for k in scope],
                               verbs=True)
            if key:
                return key, score
        if exact:
            return exact[0], 1.0
        return _best(name, self._candidates(None), verbs=True)

    def _pohon_pair(self, node_line: TextLine, ind_line: TextLine) -> None:
        name, uraian = _clean(node_line.text), _clean(ind_line.text)
        key, score = self._match_pohon(name)
        self.touch(T_POHON, self.tree, node_line.number)
        self.touch(T_POHON, self.tree, ind_line.number, read=False)
        if key is None:
            key = f"N@{node_line.number}"
            self._tree_item(key, name, None, Level.SASARAN, T_POHON, node_line, 1)
            self.tree.issues.append(issue(
                self.tree.id, "STR-003", f"{NS}.pohon_node_unknown",
                self.loc(T_POHON, node_line, 1),
                item=ItemRef(level=Level.SASARAN.value, nama=name), actual=name, nama=name))
        elif score < 1.0:
            self.note(T_POHON, self.tree, "note_matched", line=node_line.number, text=name,
                      node=self.nodes[key].nama, score=f"{score:.2f}")
        self.recent.append(key)
        known = [(str(n), _norm(x.uraian)) for n, x in enumerate(self.tree.indicators)
                 if x.item == key]
        if _best(uraian, known)[0] is not None:
            return
        ind = Indicator(item=key, uraian=uraian, file=self.file, table=T_POHON,
                        row=ind_line.number)
        ind.locate("uraian", self.loc(T_POHON, ind_line, 1))
        self.tree.indicators.append(ind)

    # ================================================================== stage 5
    @staticmethod
    def _is_strategic_header(line: TextLine) -> bool:
        fields = line.nonblank_fields()
        if len(fields) < 2:
            return False
        first, second = _norm(fields[0][1]), _norm(fields[1][1])
        return first in {"tujuan", "sasaran", "sasaran strategis"} and \
            second.startswith("indikator")

    def _read_plan(self, i: int) -> None:
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            text = _clean(line.text)
            if line.is_blank() or _STAGE.match(line.stripped):
                i += 1
                continue
            if self._is_strategic_header(line):
                i = self._strategic_table(i)
                continue
            if _MATRIX_ROW.match(text) and len(line.nonblank_fields()) > 1:
                i = self._matrix(i)
                continue
            kv = parse_key_value(line)
            if kv is not None and kv.field is not None:
                self._key_value(kv)
                i += 1
                continue
            if kv is not None:
                self._unknown_key(kv)
                i += 1
                continue
            par, j = self._heading_paragraph(i)
            self._heading(par)
            i = j

    def _heading_paragraph(self, i: int) -> tuple[list[TextLine], int]:
        """The heading lines from ``i`` (which is one) up to a blank, stage or key line."""
        out = [self.lines[i]]
        i += 1
        while i < len(self.lines):
            line = self.lines[i]
            if line.is_blank() or _STAGE.match(line.stripped) or parse_key_value(line):
                break
            out.append(line)
            i += 1
        return out, i

    def _heading(self, par: list[TextLine]) -> None:
        """``PROGRAM X``, ``(Kegiatan : Y)``, a section title, or text outside any block."""
        text = _clean(" ".join(p.text for p in par))
        where = self.loc(None, par[0], 1)
        head, ctx = text, None
        paren = text.casefold().find("(kegiatan")
        if paren >= 0:
            head, ctx = text[:paren].strip(), text[paren:]
        if ctx is not None:
            m = _KEGIATAN_CTX.search(ctx)
            ctx_line = next((p for p in par if "(kegiatan" in p.text.casefold()), par[0])
            if m:
                self.kegiatan_ctx = (_clean(m.group(1)), self.loc(T_OPERASIONAL, ctx_line, 1))
        if head and _PROGRAM_HEAD.match(head):
            self.program_heading = (head, where)
            if ctx is None:
                self.kegiatan_ctx = None
            return
        if ctx is not None or _SECTION_TITLE.match(text):
            return
        if _MATRIX_ROW.match(text):
            return
        for p in par:
            self.skip(T_LAIN, self.plan, p.number, "skip_text")

    # ------------------------------------------------------------------ tujuan / sasaran
    def _strategic_table(self, i: int) -> int:
        """The tujuan and sasaran strategis table: one target column per year."""
        info = self.info(T_STRATEGIS, self.plan, A="tujuan / sasaran", B="indikator")
        level = Level.TUJUAN
        years: dict[int, int] = {}
        current: Item | None = None
        tujuan: list[Item] = []
        year_reported = False
        while i < len(self.lines):
            line = self.lines[i]
            fields = line.nonblank_fields()
            if line.is_blank() or (len(fields) < 2 and not line.text.startswith("\t")):
                break
            i += 1
            found = {int(m.group(1)): idx for idx, text in fields
                     if (m := _YEAR_CELL.match(text))}
            if found:
                years.update(found)
                for year, idx in found.items():
                    label = "col_target_year" if year == self.plan.tahun else "col_year_unread"
                    info.columns[column_letter(idx)] = t(f"{NS}.{label}", year=year)
            if self._is_strategic_header(line):
                level = Level.SASARAN if _norm(fields[0][1]).startswith("sasaran") \
                    else Level.TUJUAN
                self.touch(T_STRATEGIS, self.plan, line.number, read=False)
                continue
            if found and all(_YEAR_CELL.match(text) for _, text in fields):
                self.touch(T_STRATEGIS, self.plan, line.number, read=False)
                continue
            cells = dict(fields)
            nama, uraian = _clean(cells.get(1, "")), _clean(cells.get(2, ""))
            if nama:
                current = self._strategic_item(level, nama, line, tujuan)
                if level == Level.TUJUAN:
                    tujuan.append(current)
            if current is None or not uraian:
                self.skip(T_STRATEGIS, self.plan, line.number, "skip_text")
                continue
            self.touch(T_STRATEGIS, self.plan, line.number)
            ind = Indicator(item=current.id, uraian=uraian, file=self.file, table=T_STRATEGIS,
                            row=line.number)
            ind.locate("uraian", self.loc(T_STRATEGIS, line, 2))
            col = years.get(self.plan.tahun) if self.plan.tahun else None
            if col is not None:
                raw = _clean(line.fields[col - 1]) if col <= len(line.fields) else ""
                ind.locate("target", self.loc(T_STRATEGIS, line, col), raw)
            elif not year_reported:
                year_reported = True
                self.plan.issues.append(issue(
                    self.plan.id, "STR-004", f"{NS}.strategic_no_year",
                    self.loc(T_STRATEGIS, line, 3), actual=sorted(years),
                    expected=self.plan.tahun, tahun=self.plan.tahun or "?"))
            self.plan.indicators.append(ind)
        return i

    def _strategic_item(self, level: Level, nama: str, line: TextLine,
                        tujuan: list[Item]) -> Item:
        induk = None
        if level == Level.SASARAN:
            if len(tujuan) == 1:
                induk = tujuan[0].id
            elif tujuan:
                self.plan.issues.append(issue(
                    self.plan.id, "STR-003", f"{NS}.sasaran_parent_ambiguous",
                    self.loc(T_STRATEGIS, line, 1), item=ItemRef(level=level.value, nama=nama),
                    actual=nama, nama=nama))
        item = Item(id=self.next_id("T" if level == Level.TUJUAN else "SS"), induk=induk,
                    level=level, nama=nama, file=self.file, table=T_STRATEGIS, row=line.number)
        item.locate("nama", self.loc(T_STRATEGIS, line, 1))
        self.plan.items.append(item)
        return item

    # ------------------------------------------------------------------ matrix (skipped)
    def _matrix(self, i: int) -> int:
        """The matrix of performance per position: recognised, reported, not read."""
        first = self.lines[i]
        self.info(T_JABATAN, self.plan)
        self.plan.issues.append(issue(self.plan.id, "STR-004", f"{NS}.matrix_skipped",
                                      self.loc(T_JABATAN, first, 1), actual=_clean(first.text)))
        while i < len(self.lines) and not self.lines[i].is_blank():
            self.skip(T_JABATAN, self.plan, self.lines[i].number, "skip_matrix")
            i += 1
        return i

    # ------------------------------------------------------------------ key-value blocks
    def _table_of(self, level: Level) -> str:
        return T_OPERASIONAL if level == Level.SUB_KEGIATAN else T_MANAJERIAL

    def _record_of(self, level: Level) -> _Record | None:
        return {Level.PROGRAM: self.prog, Level.KEGIATAN: self.keg,
                Level.SUB_KEGIATAN: self.sub}[level]

    def _key_value(self, kv: KeyValue) -> None:
        """Put one key-value line into the block it belongs to.

        A level-specific key (``Target Kegiatan``) goes to the open block of that level, a
        bare one (``Anggaran``) to the block opened last. A key that goes back in the usual
        order (Nama, Sasaran, Indikator, Target, Anggaran) starts the next block even when
        its ``Nama`` line is missing, while keys that continue the order after a page break
        complete the block they belong to.
        """
        level = kv.level or (self.open.item.level if self.open else None)
        if kv.field == "kode" and level is not None:
            rec = self._record_of(level)
            if rec is None or rec.last > _KEY_ORDER["kode"] or "kode" in rec.seen:
                self.pending_kode[level] = kv
                return
        if kv.field == "nama":
            if level is None:
                self._orphan(kv)
                return
            self._open(level, kv.value, kv)
            return
        rec = self._record_of(kv.level) if kv.level else self.open
        order = _KEY_ORDER[kv.field or ""]
        if rec is None:
            if kv.level is None:
                self._orphan(kv)
                return
            rec = self._open(kv.level, None, kv)
        elif kv.field in rec.seen or order < rec.last:
            if kv.field == "indikator" and "anggaran" not in rec.seen:
                rec.seen -= {"target", "satuan"}  # a second indicator of the same block
            elif kv.level is not None:
                rec = self._open(kv.level, None, kv)  # the next block, without its Nama
            else:
                table = self._table_of(rec.item.level)
                self.skip(table, self.plan, kv.line.number, "skip_repeated", label=kv.key)
                self.plan.issues.append(issue(
                    self.plan.id, "STR-002", f"{NS}.key_repeated",
                    self.loc(table, kv.line, kv.column), item=self._ref(rec.item),
                    actual=kv.value, label=kv.key, nama=rec.item.nama or "?"))
                return
        rec.seen.add(kv.field or "")
        rec.last = max(rec.last, order)
        self._set(rec, kv)

    def _ref(self, item: Item) -> ItemRef:
        return ItemRef(level=item.level.value, kode=item.kode, nama=item.nama)

    def _orphan(self, kv: KeyValue) -> None:
        self.skip(T_MANAJERIAL, self.plan, kv.line.number, "skip_orphan", label=kv.key)
        self.plan.issues.append(issue(
            self.plan.id, "STR-002", f"{NS}.key_outside_block",
            self.loc(T_MANAJERIAL, kv.line, kv.column), actual=kv.value, label=kv.key))

    def _unknown_key(self, kv: KeyValue) -> None:
        table = self._table_of(self.open.item.level) if self.open else T_MANAJERIAL
        self.skip(table, self.plan, kv.line.number, "skip_unknown_key", label=kv.key)
        self.plan.issues.append(issue(
            self.plan.id, "STR-002", f"{NS}.key_unknown", self.loc(table, kv.line, 1),
            item=self._ref(self.open.item) if self.open else None, actual=kv.value,
            label=kv.key, value=kv.value))

    def _open(self, level: Level, nama: str | None, kv: KeyValue) -> _Record:
        """Start a block: a new item, or the same item printed again (a repeated program)."""
        table = self._table_of(level)
        self.info(table, self.plan, A=t(f"{NS}.col_key"))
        self.touch(table, self.plan, kv.line.number)
        parent, induk_raw = self._parent_for(level, kv)
        siblings = [x for x in self.plan.items if x.level == level and x.induk == parent]
        existing = None
        if nama:  # the same block printed again: only the very same name (two sub-kegiatan
            # may differ by one word), never a merely similar one
            key = next((x.id for x in siblings if _norm(x.nama) == _norm(nama)), None)
            if key is None and level == Level.PROGRAM:
                key = self.aliases.get(_norm(nama))
            existing = self.plan.item(key) if key else None
        if existing is not None:
            rec = _Record(item=existing, repeat=True)
        else:
            item = Item(id=self._new_id(level, parent, kv.line.number), induk=parent,
                        level=level, nama=nama or None, file=self.file, table=table,
                        row=kv.line.number)
            if nama:
                item.locate("nama", self.loc(table, kv.line, kv.column))
            if induk_raw is not None:
                item.locate("induk", induk_raw[1], induk_raw[0])
            self.plan.items.append(item)
            rec = _Record(item=item)
            if nama is None:
                self.plan.issues.append(issue(
                    self.plan.id, "STR-002", f"{NS}.block_without_name",
                    self.loc(table, kv.line, 1), item=self._ref(item), actual=kv.key,
                    label=kv.key, level=_LEVEL_NAME[level]))
            self._report_parent(item, induk_raw, kv)
        if level == Level.PROGRAM:
            if self.program_heading is not None:
                self.aliases.setdefault(_norm(self.program_heading[0]), rec.item.id)
            self.prog, self.keg, self.sub = rec, None, None
            self.prog_opened_at = kv.line.number
        elif level == Level.KEGIATAN:
            self.keg, self.sub = rec, None
            self.keg_opened_at = kv.line.number
        else:
            self.sub = rec
        rec.seen.add("nama")
        self.open = rec
        pending = self.pending_kode.pop(level, None)
        if pending is not None and not rec.item.kode:
            rec.seen.add("kode")
            self._set(rec, pending)
        return rec

    def _new_id(self, level: Level, parent: str | None, line: int) -> str:
        if level == Level.PROGRAM:
            return self.next_id("P")
        prefix = "K" if level == Level.KEGIATAN else "SK"
        if parent is None:
            return f"{prefix}@{line}"
        return self.next_id(f"{prefix}{parent[1:]}.")

    def _parent_for(self, level: Level, kv: KeyValue
                    ) -> tuple[str | None, tuple[str, Location] | None]:
        """Parent id of a new block, and the printed parent name when it was not found."""
        if level == Level.PROGRAM:
            return None, None
        heading_row = (self.program_heading[1].row or 0) if self.program_heading else -1
        if level == Level.KEGIATAN:
            if self.prog is not None and self.prog_opened_at > heading_row:
                return self.prog.item.id, None
            program = self._program_from_heading()
            if program is not None:
                return program, None
            if self.program_heading:
                return None, self.program_heading
            return None, ("", self.loc(T_MANAJERIAL, kv.line, 1))
        ctx = self.kegiatan_ctx
        newest_heading = max(heading_row, (ctx[1].row or 0) if ctx else -1)
        use_block = self.keg is not None and self.keg_opened_at > newest_heading
        if use_block:
            return self.keg.item.id, None  # type: ignore[union-attr]
        if ctx is None:
            return None, ("", self.loc(T_OPERASIONAL, kv.line, 1))
        program = self._program_from_heading()
        cache = (ctx[0], program or "")
        if cache not in self.resolved_ctx:
            pool = [x for x in self.plan.items if x.level == Level.KEGIATAN
                    and (program is None or x.induk == program) and x.nama]
            key, score = _best(ctx[0], [(x.id, _norm(x.nama)) for x in pool])
            self.resolved_ctx[cache] = key
            if key and score < 1.0:
                self.note(T_OPERASIONAL, self.plan, "note_matched", line=ctx[1].row,
                          text=ctx[0], node=self.plan.item(key).nama,  # type: ignore[union-attr]
                          score=f"{score:.2f}")
        key = self.resolved_ctx[cache]
        return (key, None) if key else (None, ctx)

    def _program_from_heading(self) -> str | None:
        if self.program_heading is None:
            return None
        name = self.program_heading[0]
        programs = [(x.id, _norm(x.nama)) for x in self.plan.items
                    if x.level == Level.PROGRAM and x.nama]
        programs += list((v, k) for k, v in self.aliases.items())
        key, _ = _best(name, programs)
        return key

    def _report_parent(self, item: Item, induk_raw: tuple[str, Location] | None,
                       kv: KeyValue) -> None:
        if item.level == Level.PROGRAM or item.induk is not None or induk_raw is None:
            return
        printed, where = induk_raw
        parent_level = _PARENT[item.level]
        key = "parent_not_found" if printed else "parent_not_printed"
        self.plan.issues.append(issue(
            self.plan.id, "STR-003", f"{NS}.{key}", where, item=self._ref(item),
            actual=printed or None, nama=item.nama or "?", parent=printed,
            level=_LEVEL_NAME[item.level], parent_level=_LEVEL_NAME[parent_level]))

    def _set(self, rec: _Record, kv: KeyValue) -> None:
        """Store one value of a block (raw for numbers; parsed when the file is read)."""
        item = rec.item
        table = self._table_of(item.level)
        where = self.loc(table, kv.line, kv.column)
        self.touch(table, self.plan, kv.line.number)
        info = self.infos[table]
        info.columns.setdefault(column_letter(kv.column), t(f"{NS}.col_value"))
        f = kv.field
        if f in ("sasaran", "kode", "penanggung_jawab"):
            current = getattr(item, f)
            if rec.repeat and current is not None:
                if _norm(current) != _norm(kv.value):
                    self.note(table, self.plan, "note_repeat_differs", line=kv.line.number,
                              label=kv.key, nama=item.nama or "?")
                return
            setattr(item, f, kv.value or None)
            item.locate(f, where)
        elif f == "anggaran":
            self._set_raw(rec, item, "anggaran", where, kv.value)
        elif f == "indikator":
            same = [x for x in self.plan.indicators
                    if x.item == item.id and _norm(x.uraian) == _norm(kv.value)]
            if same:
                rec.indicator = same[0]
                return
            ind = Indicator(item=item.id, uraian=kv.value or None, file=self.file, table=table,
                            row=kv.line.number)
            ind.locate("uraian", where)
            self.plan.indicators.append(ind)
            rec.indicator = ind
        elif f in ("target", "satuan"):
            if rec.indicator is None:
                rec.indicator = Indicator(item=item.id, file=self.file, table=table,
                                          row=kv.line.number)
                self.plan.indicators.append(rec.indicator)
            self._set_raw(rec, rec.indicator, f, where, kv.value)

    def _set_raw(self, rec: _Record, obj: Item | Indicator, name: str, where: Location,
                 value: str) -> None:
        if name in obj.raw:
            if obj.raw[name].replace(" ", "") != value.replace(" ", ""):
                self.conflicts.append(_Conflict(obj, name, where, value))
            return
        obj.locate(name, where, value)

    # ================================================================== numbers and ids
    def _finish_plan(self) -> None:
        money_conv = detect_convention(x.raw.get("anggaran") for x in self.plan.items)
        target_conv = detect_convention(x.raw.get("target") for x in self.plan.indicators)
        unreadable: list[tuple[Item, ParsedNumber]] = []
        for item in self.plan.items:
            if "anggaran" in item.raw:
                p = parse_money(item.raw["anggaran"], convention=money_conv)
                item.anggaran = self._money(item, p, money_conv, unreadable)
        for ind in self.plan.indicators:
            self._target(ind, target_conv)
        self._conflicts()
        for item, p in unreadable:
            self._unreadable_money(item, p)
        self._by_code()

    def _money(self, item: Item, p: ParsedNumber, conv: str | None,
               unreadable: list[tuple[Item, ParsedNumber]]) -> int | None:
        where = item.cells["anggaran"]
        if p.status == "blank":
            return None
        value = p.as_int() if p.unit in (None, "rp") else None
        if p.status == "ok" and value is not None:
            if conv and p.convention and p.convention != conv:
                self.plan.issues.append(issue(
                    self.plan.id, "NUM-002", f"{NS}.convention", where, item=self._ref(item),
                    actual=p.raw, expected=conv, raw=p.raw, value=_show(value)))
            return value
        unreadable.append((item, p))
        return None

    def _unreadable_money(self, item: Item, p: ParsedNumber) -> None:
        where = item.cells["anggaran"]
        text_only = not re.search(r"\d", p.raw)
        code = "NUM-003" if text_only else "NUM-001"
        key = p.reason if p.reason and p.status != "ok" else f"{NS}.money_unit"
        params = p.params() if p.status != "ok" else {"raw": p.raw, "unit": p.unit or ""}
        implied, basis = self._implied(item)
        extra: dict[str, Any] = {}
        if implied is not None:
            extra = {"suggestion_key": f"{NS}.suggest_{basis}",
                     "suggestion_params": {"value": _show(implied)}}
        self.plan.issues.append(issue(
            self.plan.id, code, key, where, item=self._ref(item), actual=p.raw,
            expected=implied, **extra, **params))

    def _implied(self, item: Item) -> tuple[int | None, str]:
        """The budget implied by the items around an unreadable one, and on what basis.

        Its children's sum, or its parent's budget less its siblings'; ``None`` when any of
        them is unknown, so a suggestion never rests on another unread value.
        """
        kids = [x for x in self.plan.items if x.induk == item.id]
        if kids and all(x.anggaran is not None for x in kids):
            return sum(x.anggaran for x in kids), "children"  # type: ignore[misc]
        parent = self.plan.item(item.induk) if item.induk else None
        if parent is not None and parent.anggaran is not None:
            sibs = [x for x in self.plan.items if x.induk == parent.id and x.id != item.id]
            if all(x.anggaran is not None for x in sibs):
                rest = parent.anggaran - sum(x.anggaran for x in sibs)  # type: ignore[misc]
                if rest > 0:
                    return rest, "parent"
        return None, ""

    def _target(self, ind: Indicator, conv: str | None) -> None:
        raw = ind.raw.get("target")
        satuan_raw = ind.raw.get("satuan")
        if satuan_raw:
            ind.satuan = satuan_raw
        if raw is None:
            return
        where = ind.cells["target"]
        item = self.plan.item(ind.item)
        ref = self._ref(item) if item else None
        p = parse_number(_unit_spacing(raw), convention=conv)  # type: ignore[arg-type]
        if p.status == "blank":
            return
        if p.status != "ok":
            ind.target_teks = raw
            if p.grade and p.reason == "numbers.grade_only":
                return  # a predikat target (BB): text, not a number
            code = "NUM-003" if not re.search(r"\d", raw) else "NUM-001"
            self.plan.issues.append(issue(self.plan.id, code, p.reason or f"{NS}.unreadable",
                                          where, item=ref, actual=raw, **p.params()))
            return
        unit = _printed_unit(raw, p.unit)
        if satuan_raw and unit and _norm(unit) != _norm(satuan_raw):
            ind.target_teks = raw
            self.plan.issues.append(issue(
                self.plan.id, "NUM-001", f"{NS}.satuan_conflict", where, item=ref,
                actual=raw, expected=satuan_raw, raw=raw, unit=unit, satuan=satuan_raw))
            return
        ind.target = p.as_float()
        if not satuan_raw:  # the unit, or its absence, is in the target's cell ("55 Orang")
            ind.satuan = unit
            ind.cells.setdefault("satuan", where)
        if conv and p.convention and p.convention != conv:
            self.plan.issues.append(issue(
                self.plan.id, "NUM-002", f"{NS}.convention", where, item=ref, actual=raw,
                expected=conv, raw=raw, value=_show(p.value)))

    def _conflicts(self) -> None:
        """A repeated block printing another budget or target: neither is taken."""
        for c in self.conflicts:
            first_raw = c.obj.raw[c.field]
            first_cell = c.obj.cells[c.field].cell
            owner = c.obj if isinstance(c.obj, Item) else self.plan.item(c.obj.item)
            if c.field == "anggaran":
                same = parse_money(first_raw).value == parse_money(c.raw).value \
                    and parse_money(c.raw).ok
            else:
                same = parse_number(first_raw).value == parse_number(c.raw).value \
                    and parse_number(c.raw).ok and parse_number(first_raw).unit == \
                    parse_number(c.raw).unit
            if same:
                continue
            setattr(c.obj, c.field, None)
            if c.field == "target":
                c.obj.target_teks = first_raw  # type: ignore[union-attr]
            self.plan.issues.append(issue(
                self.plan.id, "NUM-001", f"{NS}.repeat_conflict", c.location,
                item=self._ref(owner) if owner else None, actual=c.raw, expected=first_raw,
                raw=c.raw, first=first_raw, cell=first_cell or "?", nama=(owner.nama if owner
                                                                         else None) or "?"))

    def _by_code(self) -> None:
        """Printed kode: the item's id, and its parent where the code says so."""
        coded = [x for x in self.plan.items if x.kode]
        if not coded:
            return
        kodes = [x.kode for x in coded]
        rename = {x.id: x.kode for x in coded if kodes.count(x.kode) == 1}
        by_kode = {x.kode: x for x in coded}
        for item in coded:
            if item.level not in _PARENT:
                continue
            parts = (item.kode or "").split(".")
            for cut in range(len(parts) - 1, 0, -1):
                parent = by_kode.get(".".join(parts[:cut]))
                if parent is not None and parent.level == _PARENT[item.level]:
                    if item.induk != parent.id:
                        self.note(self._table_of(item.level), self.plan, "note_code_parent",
                                  kode=item.kode, parent=parent.kode)
                        item.induk = parent.id
                    break
        for item in self.plan.items:
            if item.induk in rename:
                item.induk = rename[item.induk]
        for ind in self.plan.indicators:
            if ind.item in rename:
                ind.item = rename[ind.item]
        for item in self.plan.items:
            item.id = rename.get(item.id, item.id)


# --------------------------------------------------------------------------- importer
def _has_heading(lines: list[TextLine], phrase: str) -> bool:
    """Whether a line reads ``phrase`` (case, spacing, bold and one slip per word ignored)."""
    want = phrase.split()
    for line in lines:
        words = _norm(line.text).split()
        for k in range(len(words) - len(want) + 1):
            if all(close_matches(w, [words[k + j]], cutoff=0.8)
                   for j, w in enumerate(want)):
                return True
    return False


class CascadingImporter:
    """Reader of the penjenjangan kinerja (cascading) text layout; see the module doc."""

    name = "cascading"

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool:
        """A cascading text: its title or CSF/pohon headings, and its blocks or tables.

        The headings alone would also match a report that quotes the method; the blocks
        (``Nama Program :`` …) or stage-3 tables make sure there is a plan to read.
        """
        if lines is None:
            return False
        heads = [ln for ln in lines[:SNIFF_LINES] if len(ln.stripped) <= 120]
        signal = (_has_heading(heads, "penjenjangan kinerja")
                  or any(_CSF_LABEL.match(_clean(ln.text)) for ln in heads)
                  or _has_heading(heads, "critical success factor"))
        if not signal:
            return False
        for line in lines:
            kv = parse_key_value(line)
            if kv is not None and kv.field == "nama" and kv.level is not None:
                return True
            if _Reader._is_kondisi_header(line):
                return True
        return False

    def read(self, path: Path) -> list[Document]:
        """The tree document and the stage-5 document of one file."""
        return _Reader(Path(path)).read()
