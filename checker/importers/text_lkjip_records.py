"""Records of the rencana aksi tables: one item spread over quarter lines, read in order.

A record line is split into the text cells before its values, the values (each with the
quarter its label gives: ``Trw 1= 78.90%``, ``Tiw 2 : 4 Dokumen``, ``T.W 3`` then ``1 Unit``,
or all four quarters in one cell) and the text after them (the penanggung jawab). The text
cells are matched to the column headings from the right, because scanned pages shift,
merge and drop cells on the left; :func:`align` links OCR-garbled names to their parents
in table order. Used by :mod:`checker.importers.text_lkjip_appendix`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.importers import numbers
from checker.importers.text_lkjip_base import (
    Builder,
    clean,
    looks_numeric,
    norm,
    numbered,
    row_number,
    similarity,
)
from checker.importers.text_lkjip_tables import header_labels
from checker.importers.textlines import TextLine
from checker.model.location import Location
from checker.model.plan import Item

MATCH = 0.55  # least name similarity at which a parent is accepted

_TW_DOT = re.compile(r"\bT\s?\.\s?W\b\.?", re.IGNORECASE)  # OCR 'T.W 1', 'T.w 4'
_LABEL = re.compile(r"^(?:triwulan|trw|tiw|tw)\.?\s*(\d+|iv|iii|ii|i)\b", re.IGNORECASE)
_LABEL_ONLY = re.compile(r"^(?:triwulan|trw|tiw|tw)\.?\s*(\d+|iv|iii|ii|i)\s*$",
                         re.IGNORECASE)
CUMULATIVE = re.compile(r"akumulatif|kumulatif|sampai dengan|s\.\s?d\.?|s/d")


def column_role(text: str) -> str | None:
    """Role of a record table's column from its heading words."""
    for role, pattern in (("no", r"^no\.?\b"), ("pj", r"penanggung|jabatan"),
                          ("ss", r"sasaran strategis"), ("sasaran", r"sasaran"),
                          ("indikator", r"indikator"),
                          ("keuangan", r"keuangan|kenungan|anggaran|\(rp\)"),
                          ("kinerja", r"kinerja|target|realisasi"),
                          ("sub", r"sub\s*-?\s*kegiatan"), ("kegiatan", r"kegiatan"),
                          ("program", r"program")):
        if re.search(pattern, text):
            return role
    return None


# --------------------------------------------------------------------------- tokens
@dataclass
class Tok:
    """One value of a line: its quarter label (0: a label that is no quarter), text, cell."""

    quarter: int | None
    text: str
    raw: str
    loc: Location
    split: bool = False


@dataclass
class RecordLine:
    """One line of a record: text cells, values, all-quarter cells and trailing text."""

    line: TextLine
    texts: list[tuple[int, str]] = field(default_factory=list)
    tokens: list[Tok] = field(default_factory=list)
    series: list[list[Tok]] = field(default_factory=list)
    trailing: list[tuple[int, str]] = field(default_factory=list)
    first_col: int | None = None
    junk: bool = False


def labelled(text: str) -> bool:
    """Whether a cell starts with a quarter label (``Trw 1=``, ``T.W 2``, even ``Trw 5``)."""
    g = _TW_DOT.sub("TW", clean(text))
    return bool(numbers.quarter_values(g) or _LABEL.match(g))


def tokenize(b: Builder, table: str, line: TextLine) -> RecordLine:
    """Split a record line into its text cells, its values (with quarters) and trailing text."""
    out = RecordLine(line)
    fields = line.fields
    start = next((j for j, f in enumerate(fields) if labelled(f)), None)
    if start is None:
        cells = [(j + 1, clean(f)) for j, f in enumerate(fields) if clean(f)]
        out.junk = bool(cells) and all(looks_numeric(f) for _, f in cells)
        out.texts = [(j + 1, clean(f)) for j, f in enumerate(fields)]
        return out
    out.texts = [(j + 1, clean(f)) for j, f in enumerate(fields[:start])]
    out.first_col = start + 1
    j = start
    while j < len(fields):
        text = clean(fields[j])
        if not text:
            j += 1
            continue
        g = _TW_DOT.sub("TW", text)
        pairs = numbers.quarter_values(g)
        like = _LABEL.match(g)
        loc = b.loc(table, line, j + 1)
        if len(pairs) > 1:
            out.series.append([Tok(q, v, text, loc) for q, v in pairs])
        elif pairs or like:
            quarter = pairs[0][0] if pairs else 0
            value = pairs[0][1] if pairs else g[like.end():].strip(" :=")  # type: ignore[union-attr]
            nxt = clean(fields[j + 1]) if j + 1 < len(fields) else ""
            if not value and _LABEL_ONLY.match(g) and nxt and not labelled(nxt):
                out.tokens.append(Tok(quarter, nxt, f"{text} {nxt}",
                                       b.loc(table, line, j + 2), split=True))
                j += 2
                continue
            out.tokens.append(Tok(quarter, value, text, loc))
        elif looks_numeric(text):
            out.tokens.append(Tok(None, text, text, loc))
        else:
            out.trailing.append((j + 1, text))
        j += 1
    out.junk = len(out.tokens) > 4 and not out.series
    return out


# --------------------------------------------------------------------------- records
@dataclass
class Block:
    """A sasaran/indicator block of a record and the quarter lines holding its values."""

    texts: dict[str, tuple[str, Location]] = field(default_factory=dict)
    lines: list[RecordLine] = field(default_factory=list)


@dataclass
class Record:
    """One program, kegiatan or sub-kegiatan: its names, blocks and how it was realigned."""

    first: TextLine
    no: str | None = None
    texts: dict[str, tuple[str, Location]] = field(default_factory=dict)
    subs: list[Block] = field(default_factory=list)
    realigned: list[str] = field(default_factory=list)  # catalogue keys of STR-001 reasons


@dataclass
class Layout:
    """What a record table's headings say: text roles, value groups, where values start."""

    roles: list[str]  # text roles before the values, in column order
    groups: list[tuple[str, str | None]]  # value groups in order: (kinerja|keuangan, mode)
    first_col: int  # the column the values start in, per the headings


def layout(header: list[TextLine]) -> Layout:
    """Read the text roles and value groups (with their mode) from the header rows."""
    labels = header_labels(header)
    roles: list[str] = []
    groups: list[tuple[str, str | None]] = []
    first_col = 0
    for col in sorted(labels):
        text = norm(" ".join(labels[col]))
        role = column_role(text)
        if role in ("kinerja", "keuangan"):
            first_col = first_col or col
            mode = "kumulatif" if CUMULATIVE.search(text) else None
            if not groups or groups[-1][0] != role:
                groups.append((role, mode))
        elif role and role != "pj" and not groups and role not in roles:
            roles.append(role)
    return Layout(roles, groups, first_col)


def assign(cells: list[tuple[int, str]], roles: list[str], loc) -> tuple[
        dict[str, tuple[str, Location]], list[str]]:
    """Match the text cells before the values to the column roles; say how if realigned."""
    how: list[str] = []
    cells = list(cells)
    if roles and roles[0] == "no" and cells and cells[0][1] and row_number(cells[0][1]) is None:
        no, rest = numbered(cells[0][1])
        if no:
            cells = [(cells[0][0], no), (cells[0][0], rest), *cells[1:]]
            how.append("merged")
    has_no = bool(cells and row_number(cells[0][1]))
    n, r = len(cells), len(roles)
    placed: dict[str, tuple[int, str]] = {}
    if n == r:
        placed = dict(zip(roles, cells, strict=True))
    elif n > r:
        if has_no and roles[0] == "no":
            placed = {"no": cells[0], **dict(zip(roles[1:], cells[n - r + 1:], strict=True))}
        else:
            placed = dict(zip(roles, cells[n - r:], strict=True))
    elif has_no and roles and roles[0] == "no":
        placed["no"] = cells[0]
        rest = cells[1:]
        ident = [x for x in roles[1:] if x not in ("sasaran", "indikator")]
        if rest and "indikator" in roles:
            placed["indikator"] = rest[-1]
            rest = rest[:-1]
        placed.update(zip(ident, rest, strict=False))
        if len(rest) > len(ident) and "sasaran" in roles:
            placed["sasaran"] = rest[len(ident)]
        if any(c[1] for c in cells):
            how.append("missing")
    else:
        placed = dict(zip(roles[r - n:], cells, strict=True))
    return {k: (v[1], loc(v[0])) for k, v in placed.items() if v[1]}, how


# --------------------------------------------------------------------------- parents
def align(names: list[str], parents: list[Item], least: float = MATCH) -> list[int | None]:
    """Parent index of each name, non-decreasing in table order, maximising similarity."""
    sims = [[similarity(n, p.nama) for p in parents] for n in names]
    states: dict[int, tuple[float, list[int | None]]] = {-1: (0.0, [])}
    for i in range(len(names)):
        new: dict[int, tuple[float, list[int | None]]] = {}
        for last, (score, path) in states.items():
            options = [(last, score, [*path, None])]
            options += [(j, score + sims[i][j], [*path, j])
                        for j in range(max(last, 0), len(parents)) if sims[i][j] >= least]
            for state, s, p in options:
                if state not in new or s > new[state][0]:
                    new[state] = (s, p)
        states = new
    return max(states.values(), key=lambda v: v[0])[1] if states else []
