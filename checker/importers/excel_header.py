"""Header blocks of agency tables: where a table starts and what each column holds.

Agencies never fill our template; every office has its own header, several rows deep, with
merged cells, a row numbering the columns (``1 2 3 … 20``, often with gaps where columns
were deleted) and the same words spelt a dozen ways (``TR I``, ``TW 1``, ``Trw 1``,
``Triwulan I``, ``Target s.d. TW I``; ``JUMLAH ANGGARAN``, ``Rp``, ``PAGU``;
``PENANGGUNGJAWAB``, ``Nama Jabatan Penanggung Jawab``). So a column is identified by the
*path* of header texts above it, top to bottom, never by its position or its printed
number: the agency's next workbook, with one column more, reads the same way.

A header cell covers the columns of its merged range; an unmerged header cell covers the
blank cells to its right up to the edge of the cell above it, which is how a header typed
without merging ("centre across selection", or a copy from Word) reads to a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from checker.importers import vocabulary as _vocabulary
from checker.importers.excel_grid import Sheet, typed_number
from checker.importers.header_anchors import anchored_top
from checker.importers.header_groups import group_label, sub_labels, versions
from checker.importers.vocabulary import squash
from checker.model.location import column_letter
from checker.model.schema import DocumentKind, Level

#: Header rows below the first one (a header is rarely more than four rows deep).
MAX_HEADER_ROWS = 6
#: Longest text a header cell holds; longer cells are data.
MAX_HEADER_TEXT = 80
#: Longest text a header cell holds when it names a header concept: an evaluation form's
#: headers are whole sentences ("Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun
#: Berjalan (Tahun 2025) yang dievaluasi").
MAX_NAMED_HEADER_TEXT = 220
#: Title rows searched above a header.
MAX_TITLE_ROWS = 6

QUARTER_RE: re.Pattern[str] = _vocabulary.builtin().concepts["triwulan"].pattern  # type: ignore[assignment]
#: An official's title opening a cell (``Kepala Sub Bidang …``): whose rows follow, as in
#: sasaran blocks (:mod:`~checker.importers.blocks`), never a header row. Here, not in
#: ``blocks``, so that a file without blocks does not import that stage.
OFFICIAL = re.compile(r"^\s*(?:kepala|sekretaris|kasubbag|kabid|kasi|sub\s*bagian|subbagian)\b",
                      re.IGNORECASE)
_ROMAN_ONLY = re.compile(r"^\(?\s*(iv|iii|ii|i|[1-4])\s*\)?$", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SD = re.compile(r"(?<![a-z])s\s*[./]\s*d(?![a-z])", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DIGIT = re.compile(r"\d")
_RANK_YEAR = re.compile(r"(?<![a-z])tahun\s*(?:ke\s*-?\s*|-\s*)[1-9](?![0-9])",
                        re.IGNORECASE)  # "Tahun-1", "Tahun ke-3": a Renstra year
_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,3})\s*\)?\.?(?:\s*=\s*[\d\s+\-x×*/:().]+)?$")
#: A ``Tujuan :`` / ``Sasaran Strategis :`` label opening a block of rows: never a header
#: cell (here), and the block's owner where the rows are built (``excel_build``).
BLOCK_LABEL = re.compile(r"^\s*(tujuan|sasaran)(?:\s+strategis)?\s*[:;]\s*(.*)$",
                         re.IGNORECASE | re.DOTALL)
LEVEL_WORDS = {"subkegiatan": Level.SUB_KEGIATAN, "kegiatan": Level.KEGIATAN,
               "program": Level.PROGRAM, "sasaran": Level.SASARAN, "tujuan": Level.TUJUAN}


# --------------------------------------------------------------------------- words
def _generic(text: str) -> bool:
    return _vocabulary.generic(text)


def quarter_of(text: str) -> int | None:
    """Quarter named by a header or label (``TR II``, ``Trw 3``, ``Target s.d. TW IV``)."""
    m = QUARTER_RE.search(text)
    if m:
        label = m.group(1).lower()
        return int(label) if label.isdigit() else _ROMAN[label]
    return None


def roman_only(text: str) -> int | None:
    """``I`` … ``IV`` or ``1`` … ``4`` alone: a quarter under a per-quarter group."""
    m = _ROMAN_ONLY.match(text.strip())
    if not m:
        return None
    label = m.group(1).lower()
    return int(label) if label.isdigit() else _ROMAN[label]


def marker(text: str) -> str | None:
    """The mode a header states, or None when it states none.

    ``kumulatif`` for "sampai dengan", "s.d.", "s/d", "(a)kumulatif"; ``periodik`` for
    "per triwulan" or "periodik".
    """
    s = squash(text)
    if _SD.search(text) or "sampaidengan" in s or "kumulatif" in s:
        return "kumulatif"
    if "pertriwulan" in s or "periodik" in s:
        return "periodik"
    return None


def concepts(text: str) -> set[str]:
    """The header words a text contains (``no``, ``indikator``, ``anggaran`` …).

    The spellings live in ``vocabulary.toml``; a quarter label (``TR II``) also names
    ``triwulan``.
    """
    return _vocabulary.concepts(text)


_NAMEISH = {"sasaran", "tujuan", "program", "kegiatan", "uraian", "nama"}
_VALUEISH = {"indikator", "target", "anggaran", "kinerja", "keuangan", "realisasi"}


def _header_text(text: str) -> bool:
    """A text that may sit in a header: short, with no figures but years and quarters."""
    if len(text) > MAX_NAMED_HEADER_TEXT or (
            len(text) > MAX_HEADER_TEXT and not concepts(text)):
        return False
    return _unlabelled_without_figures(text)


@lru_cache(maxsize=65_536)
def _unlabelled_without_figures(text: str) -> bool:
    """No ``Sasaran :`` label, and no figures but years, quarters and a column's number.

    The part of :func:`_header_text` that the vocabulary in force does not change (the
    quarter pattern is the built-in one), kept per text: the header stages ask it of the
    same cells row after row (1,983 questions of 733 texts on seed 004).
    """
    if BLOCK_LABEL.match(text):
        return False
    if not _DIGIT.search(text):
        return True  # no figure at all (most header words): nothing to take out
    rest = QUARTER_RE.sub("", _YEAR.sub("", _RANK_YEAR.sub("", text)))
    return not _DIGIT.search(rest) or bool(_COLUMN_NUMBER.match(text.strip()))


def is_header_start(sheet: Sheet, row: int) -> bool:
    """The first row of a table header: three header words or more, a name and a value."""
    cells = sheet.cells(row)
    if len(cells) < 3 or any(typed_number(sheet.value(row, c)) for c, _ in cells):
        return False
    if not all(_header_text(x) for _, x in cells):
        return False
    found = [concepts(x) for _, x in cells]
    filled = {c for c, _ in cells}
    hits = sum(1 for f, (c, x) in zip(found, cells, strict=True)
               if f or (group_label(x) and c + 1 not in filled))
    union = set().union(*found)
    if hits < 3 or hits * 3 < len(cells) * 2 or not union & _NAMEISH:
        return False
    below = row + 1  # INDIKATOR, TARGET … may sit in the second header row
    while not union & _VALUEISH and below <= min(sheet.height, row + 2) \
            and is_header_row(sheet, below):
        union |= set().union(*(concepts(x) for _, x in sheet.cells(below)))
        below += 1
    return bool(union & _VALUEISH)


def is_header_row(sheet: Sheet, row: int) -> bool:
    """A further header row: every cell a header word, a quarter label or a generic word."""
    cells = sheet.cells(row)
    if not cells or any(typed_number(sheet.value(row, c)) for c, _ in cells):
        return False
    for _, text in cells:
        if not _header_text(text):
            return False
        if concepts(text) or roman_only(text) or _generic(text) or _vocabulary.year_of(text):
            continue
        if text.strip() in ("%", "(Rp)", "(%)", "Rp.", "(Rp.)"):
            continue
        return False
    if len(cells) == 1:  # a lone "Kegiatan" / "Sub Kegiatan" is a section label
        only = squash(cells[0][1])
        if only in LEVEL_WORDS or only == "subkegiatan":
            return False
        text = cells[0][1]
        if OFFICIAL.match(text):
            return False  # "Kepala Sub Bidang … Anggaran": whose rows follow, not a header
        if roman_only(text) or _COLUMN_NUMBER.match(text.strip()) or (
                len(text.split()) > 1 and _vocabulary.level_named(text, whole=False)):
            return False  # a record's number, or "Program Peningkatan …" printed alone
    return True


def is_numbered_row(sheet: Sheet, row: int) -> bool:
    """The row that numbers the columns: ``1 2 3 …`` (gaps allowed), or ``(1) (2) (3)``."""
    cells = sheet.cells(row)
    if len(cells) < 3:
        return False
    numbers = []
    for _, text in cells:
        m = _COLUMN_NUMBER.match(text)
        if not m:
            return False
        numbers.append(int(m.group(1)))
    # The first column may be numbered 2 or more where a form's columns were left out
    # ("2 3 7 8 9 10 14" under a realisation table cut from the full evaluation form).
    # A form may number its target and realisation columns alike ("5 6 7 8 5 6 7 8 9",
    # "5 6 6 7 7 8"): a step back to a number already printed, or the same number again,
    # then on by one, is still the numbering.
    if numbers[0] > 20:
        return False
    steps = list(pairwise(numbers))
    return all(a < b for a, b in steps) or (
        max(numbers) == numbers[-1] and all(
            b == a + 1 or (b <= a and b in numbers[:i + 1]) for i, (a, b) in enumerate(steps))
        and sum(b == a + 1 for a, b in steps) >= 2 * sum(b <= a for a, b in steps))


# --------------------------------------------------------------------------- columns
@dataclass
class Col:
    """One column as its header describes it."""

    index: int
    path: list[str]  # header texts covering the column, top to bottom
    top: tuple[int, int]  # columns spanned by the top header cell above it
    cell: tuple[int, int]  # (row, col) of the header cell that named its role
    role: str = "unknown"  # no, kode, name, item_sasaran, indikator, satuan, annual,
    # quarter, cells, pagu, pj, ignored, unknown
    level: Level | None = None  # for a name column; None for PROGRAM/KEGIATAN/SUB KEGIATAN
    multi_level: bool = False
    quarter: int | None = None
    unit: str | None = None  # kinerja, rupiah or persen, from a unit row under the header
    version: str | None = None  # murni, pergeseran, perubahan: a budget's version (pagu)
    reason: str | None = None  # why an ignored column is not read (renstra, persen)
    confirmed: str | None = None  # what the values under it decided (columns.confirm)
    month: int | None = None  # 1..12 for a month column of a monthly plan
    plan_year: int | None = None  # a year's column under Target (one per year of the plan)
    levels_named: frozenset[str] = frozenset()  # levels a mixed name column's header names
    money: bool = False
    measure: str = "target"  # or realisasi
    mode: str | None = None
    owner: int | None = None  # the name column this column belongs to
    year: tuple[str, int] | None = None  # a Renstra year column: ("tahun", 2022), ("ke", 3)
    of_level: Level | None = None  # an indicator column of that level's items (a mapping's
    # ``indikator:sasaran``)

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def header(self) -> str:
        return " / ".join(self.path)





def _levels_named(text: str) -> set[Level]:
    """Every level a header names (``PROGRAM/KEGIATAN/SUB KEGIATAN`` names three)."""
    s = squash(text)
    found = set()
    if "subkegiatan" in s:
        found.add(Level.SUB_KEGIATAN)
        s = s.replace("subkegiatan", "")
    for word, level in LEVEL_WORDS.items():
        if word != "subkegiatan" and word in s:
            found.add(level)
    return found


def classify(col: Col, rows: list[int]) -> None:
    """Set a column's role from its header path (the deepest specific text decides).

    A unit label at the bottom of the path (``K``, ``Rp.``, ``%`` in a row of their own)
    says what the column holds and is set aside before the words are read; a column about
    the five-year plan (Renstra, RPJMD) in an annual document is context, never this
    year's target or budget.
    """
    path = col.path
    if len(path) > 1 and (unit := _vocabulary.unit_of(path[-1])) is not None:
        col.unit = unit
        path = path[:-1]
    whole = " ".join(path)
    wc = concepts(whole)
    col.money = col.unit == "rupiah" if col.unit else bool({"anggaran", "keuangan"} & wc)
    if "renstra" in wc:
        col.role, col.reason = "ignored", "renstra"
        return
    if col.unit == "persen" and len(col.path) > 1 and "capaian" not in wc:
        col.role, col.reason = "ignored", "persen"  # a running % beside K and Rp: derived
        return
    deepest_measure = next((p for p in reversed(path) if squash(p).startswith(
        ("target", "realisasi")) or {"realisasi"} & concepts(p)), "")
    col.measure = "realisasi" if "realisasi" in squash(deepest_measure) else "target"
    last = path[-1]
    month = _vocabulary.month_of(last)
    if month is not None and not col.money:
        col.role, col.month = "month", month  # a monthly plan: read into quarters later
        return
    per_quarter = "triwulan" in wc or "pertriwulan" in squash(whole)
    q = quarter_of(last) or (roman_only(last) if len(path) > 1 and per_quarter else None)
    if q is not None:
        col.role, col.quarter = "quarter", q
        return
    if (year := _vocabulary.year_of(last)) and len(path) > 1 and not per_quarter:
        # "Target / Tahun 2025": which year is the document's, excel_tables decides
        col.role, col.plan_year = ("pagu" if col.money else "annual"), year
        return
    group_year = _vocabulary.year_of(path[-2]) if len(path) > 1 else None
    if group_year and squash(last) in ("target", "realisasi") and not per_quarter:
        # "Tahun 2024 / Realisasi": that year's figure; excel_tables reads the document's
        col.role, col.plan_year = ("pagu" if col.money else "annual"), group_year
        return
    if squash(last) in ("target", "realisasi", "targettahunan", "realisasitahunan",
                        "rencana") and len(path) > 1:
        # "Target" under a group: the group says what (Kinerja Per Triwulan → quarter
        # cells, Keuangan → money); under INDIKATOR KINERJA it is the annual target.
        if per_quarter:
            col.role = "cells"
        else:
            col.role = "pagu" if col.money else "annual"
        return
    depth = len(path) - 1
    while depth > 0 and (_generic(path[depth]) or path[depth].strip() in (
            "%", "(Rp)", "(%)", "Rp.", "(Rp.)")):
        depth -= 1
    label = path[depth]
    s = squash(label)
    c = concepts(label)
    levels = _levels_named(label)
    if "level" in c:
        col.role = "level"
    elif "no" in c:
        col.role = "no"
    elif "kode" in c:
        col.role = "kode"
    elif "pj" in c:
        col.role = "pj"
    elif "satuan" in c:
        col.role = "satuan"
    elif "indikator" in c or (s.startswith("uraian") and "indikator" in wc):
        col.role = "indikator"
    elif "layanan" in c:
        col.role, col.reason = "ignored", "layanan"  # the indicator if no other (columns)
    elif "sisa" in c and col.money and not levels:
        col.role = "sisa"  # SISA ANGGARAN: what was not spent, pagu − realisasi (REA-002)
    elif "capaian" in c and col.money and ("realisasi" in wc or "serapan" in s) and (
            col.unit == "persen" or "%" in whole or "persen" in s):
        col.role = "persen_realisasi"  # CAPAIAN REALISASI ANGGARAN (%): spent / pagu
    elif "capaian" in c and not s.startswith("realisasi") and not col.money and \
            "keterangan" not in c and not per_quarter:
        col.role = "capaian"  # CAPAIAN %: realisasi / target × 100, checked by CAP-001
    elif ("capaian" in c and not s.startswith("realisasi")) or "keterangan" in c:
        col.role = "ignored"
    elif "sasaran" in c and levels - {Level.SASARAN, Level.TUJUAN} and re.search(
            r"sasaran(?:sub)?(?:program|kegiatan)", s):  # PROGRAM / SASARAN PROGRAM
        col.role, col.level = "item_sasaran", max(levels - {Level.SASARAN},
                                                  key=lambda lv: list(Level).index(lv))
    elif len(levels) == 1 and s in {f"{w}kinerja" for w in LEVEL_WORDS}:
        # SASARAN KINERJA: the sasaran's name (an LKjIP's targets tables), not a figure
        col.role, col.level = "name", next(iter(levels))
        col.levels_named = frozenset(lv.value for lv in levels)
    elif "kinerja" in c or ("target" in c and not col.money) or (
            _generic(label) and not col.money and "kinerja" in wc):
        col.role = "cells" if per_quarter else "annual"
    elif col.money and not levels:
        col.role = "cells" if per_quarter else "pagu"
    elif levels:
        col.role = "name"
        col.multi_level = len(levels) > 1
        col.level = None if col.multi_level else next(iter(levels))
        col.levels_named = frozenset(lv.value for lv in levels)
    elif s.startswith("uraian") or s == "nama":
        col.role, col.multi_level = "name", True
    else:
        col.role = "unknown"
    if col.role == "annual" and col.unit == "rupiah":
        col.role = "pagu"  # "Target Kinerja dan Anggaran" / Rp.: the budget, not a target
    if col.role == "pagu" and col.measure == "target":
        col.version = _vocabulary.version_of(whole)


@dataclass
class Header:
    """A table's header block and the columns it describes."""

    rows: list[int]
    numbered: list[int]
    cols: dict[int, Col]
    keys: set[tuple[str, ...]] = field(default_factory=set)  # rows, for spotting repeats
    notes: list[str] = field(default_factory=list)  # (column range, labels) by position

    @property
    def last_row(self) -> int:
        return max(self.numbered + self.rows)

    def role(self, role: str, owner: int | None = None) -> Col | None:
        return next((c for c in self.cols.values()
                     if c.role == role and (owner is None or c.owner == owner)), None)


def row_key(sheet: Sheet, row: int) -> tuple[str, ...]:
    """A row's texts without case or spacing, to recognise a header printed again."""
    return tuple(squash(x) for _, x in sheet.cells(row))


def header_block(sheet: Sheet, start: int) -> tuple[list[int], list[int]]:
    """The header rows from ``start`` and the numbered rows under them.

    The block grows over the rows its merged cells reach and over further rows of header
    words; the row numbering the columns ends it.
    """
    end = start
    while True:
        grown = max((box[2] for box in sheet.merges
                     if start <= box[0] <= end and box[2] - box[0] < MAX_HEADER_ROWS),
                    default=end)
        if grown > end:
            end = grown
            continue
        if end - start < MAX_HEADER_ROWS and end + 1 <= sheet.height \
                and not is_numbered_row(sheet, end + 1) and (
                    is_header_row(sheet, end + 1) or sub_labels(sheet, end + 1, end)):
            end += 1
            continue
        break
    numbered = []
    nxt = end + 1
    while nxt <= sheet.height and is_numbered_row(sheet, nxt):
        numbered.append(nxt)
        nxt += 1
    rows = list(range(start, end + 1))
    if numbered and is_unit_row(sheet, nxt):
        rows.append(nxt)  # "K | Rp. | %" printed under the column numbers
    return rows, numbered


def is_unit_row(sheet: Sheet, row: int) -> bool:
    """A row of unit labels only (``K``, ``Rp.``, ``%``), two or more of them."""
    cells = sheet.cells(row)
    return len(cells) >= 2 and all(_vocabulary.unit_of(x) is not None for _, x in cells)


def _spans(sheet: Sheet, rows: list[int], width: int) -> dict[tuple[int, int], tuple[int, int,
                                                                                      int, int]]:
    """For every header position, the (row, col) of the text covering it and its columns.

    Returns ``{(row, col): (text_row, text_col, first_col, last_col)}``. A merged range
    covers its box; an unmerged text covers blank, unmerged cells to its right within
    the span of the cell above it. The top row's labels stand where :func:`anchored_top`
    puts them.
    """
    cover: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    bound_above = {c: (1, width) for c in range(1, width + 1)}
    top = anchored_top(sheet, rows)
    for r in rows:
        def source(col: int, r: int = r) -> int | None:
            if r == rows[0] and top:
                return top.get(col)
            return col if sheet.text(r, col) else None

        bounds = dict(bound_above)
        c = 1
        while c <= width:
            box = sheet.merge_of(r, c)
            if box is not None and sheet.text(box[0], box[1]):
                for cc in range(box[1], min(box[3], width) + 1):
                    cover[(r, cc)] = (box[0], box[1], box[1], box[3])
                    bounds[cc] = (box[1], box[3])
                c = box[3] + 1
                continue
            printed = source(c)
            if printed is not None and box is None:
                limit = bound_above[c][1]
                end = c
                while end + 1 <= min(limit, width) and source(end + 1) is None \
                        and sheet.merge_of(r, end + 1) is None:
                    end += 1
                for cc in range(c, end + 1):
                    cover[(r, cc)] = (r, printed, c, end)
                    bounds[cc] = (c, end)
                c = end + 1
                continue
            c += 1
        bound_above = bounds
    return cover


def read_header(sheet: Sheet, rows: list[int], numbered: list[int]) -> Header:
    """Columns of a header block, each with its path, role and owner."""
    width = max((c for r in rows for c, _ in sheet.cells(r)), default=0)
    for box in sheet.merges:
        if box[0] in rows:
            width = max(width, box[3])
    width = max(width, *anchored_top(sheet, rows), 0)
    cover = _spans(sheet, rows, width)
    cols: dict[int, Col] = {}
    for c in range(1, width + 1):
        path: list[str] = []
        cell = (rows[0], c)
        top = (c, c)
        seen: set[tuple[int, int]] = set()
        for r in rows:
            hit = cover.get((r, c))
            if hit is None:
                continue
            if r == rows[0] or not path:
                top = (hit[2], hit[3]) if r == rows[0] else top
            if (hit[0], hit[1]) in seen or hit[0] in numbered:
                continue  # a column number merged down into the unit row is no header
            seen.add((hit[0], hit[1]))
            text = sheet.text(hit[0], hit[1])
            if text:
                path.append(text)
                cell = (hit[0], hit[1])
        if not path:
            continue
        col = Col(index=c, path=path, top=top, cell=cell)
        classify(col, rows)
        cols[c] = col
    if not any(c.role == "name" for c in cols.values()):
        for col in cols.values():  # "Sasaran Kegiatan / Sub-Kegiatan" and no item column:
            if col.role == "item_sasaran":  # its statements are the table's sasaran
                col.role, col.level = "name", Level.SASARAN
    header = Header(rows=rows, numbered=numbered, cols=cols,
                    keys={row_key(sheet, r) for r in rows})
    _quarters_by_position(header)
    owners(header)
    versions(header)
    return header


def _quarters_by_position(header: Header) -> None:
    """Four columns under one per-quarter header whose labels do not line up with them.

    A header copied from a PDF can print ``Rp I II III`` over the four budget quarters
    (the ``IV`` lost, the ``Rp`` of the column before slipped right). When exactly four
    adjacent columns share their parent header, and two or more of them carry quarter
    labels but not ``I``–``IV`` in order, they are the quarters by position; the
    table's notes say so.
    """
    cols = [header.cols[c] for c in sorted(header.cols)]
    runs: list[list[Col]] = []
    for col in cols:
        parent = tuple(col.path[:-1])
        if runs and tuple(runs[-1][-1].path[:-1]) == parent and parent \
                and runs[-1][-1].index + 1 == col.index:
            runs[-1].append(col)
        else:
            runs.append([col])
    for run in runs:
        labelled = [c for c in run if c.role == "quarter"]
        in_order = [c.quarter for c in run] == [1, 2, 3, 4]
        if len(run) != 4 or len(labelled) < 2 or in_order:
            continue
        whole = " ".join(run[0].path[:-1])
        if "triwulan" not in concepts(whole):
            continue
        for q, col in enumerate(run, start=1):
            col.role, col.quarter = "quarter", q
        header.notes.append(f"{run[0].letter}–{run[-1].letter}: " + " ".join(
            f"{c.letter}={c.path[-1]}" for c in run))


def owners(header: Header) -> None:
    """Which name column each column belongs to (computed afresh on every call).

    A name column owns the value columns under the same top header cell (``TUJUAN`` over
    tujuan, indikator, satuan and TW 1–4). Columns under no name's header cell belong to
    the deepest name column that owns values, or to the deepest name column of all: the
    other name columns are the item's ancestors (SASARAN STRATEGIS, Program, Kegiatan).
    """
    cols = header.cols
    for col in cols.values():
        col.owner = None
    names = [c for c in cols.values() if c.role == "name"]
    values = {"indikator", "satuan", "annual", "quarter", "cells", "pagu", "pj", "level",
              "persen_realisasi", "sisa", "month", "capaian",
              "item_sasaran", "kode", "ignored", "unknown"}
    for col in cols.values():
        if col.role not in values:
            continue
        same = [n for n in names if n.top == col.top and n.top[0] != n.top[1]]
        if same:
            col.owner = max(same, key=lambda n: n.index).index if col.role != "kode" else \
                min(same, key=lambda n: n.index).index
    owning = {c.owner for c in cols.values() if c.owner is not None}
    depth = {lv: i for i, lv in enumerate(Level)}

    def rank(n: Col) -> tuple[int, int]:
        return (len(Level) if n.level is None else depth[n.level], n.index)

    deepest = max((n for n in names if n.index in owning), key=rank, default=None) or \
        max(names, key=rank, default=None)
    for col in cols.values():
        if col.role in values and col.owner is None and deepest is not None:
            if col.role == "kode":
                col.owner = next((n.index for n in sorted(names, key=lambda n: n.index)
                                  if n.index > col.index), deepest.index)
            else:
                col.owner = deepest.index


def groups(header: Header) -> list[int]:
    """Name columns that own values, left to right (the item columns of the table)."""
    owned = {c.owner for c in header.cols.values()
             if c.owner is not None and c.role not in ("kode", "unknown", "ignored")}
    return sorted(i for i, c in header.cols.items() if c.role == "name" and i in owned)


def kind_from_columns(header: Header) -> DocumentKind:
    """The kind a table's columns suggest when no title names one.

    A table reporting realisation (``Realisasi``, ``Capaian realisasi anggaran``) is a
    realisation report; anything else is read as a plan (rencana aksi), as before.
    """
    reports = any((c.measure == "realisasi" and c.role in ("pagu", "annual", "quarter", "cells"))
                  or c.role == "persen_realisasi" for c in header.cols.values())
    return DocumentKind.REALISASI if reports else DocumentKind.RENCANA_AKSI


def layout(header: Header) -> tuple[tuple[int, str, int | None, bool, str], ...]:
    """What a header's columns mean, column by column, whatever their spelling."""
    return tuple((c.index, c.role, c.quarter, c.money, c.measure)
                 for c in sorted(header.cols.values(), key=lambda c: c.index))
