"""Flowed text: a table as a web page renders it, each row's cells joined by single spaces.

Copying a table from a browser (or a search engine's text of a page) loses the columns: the
header ``Pejabat Sasaran Kegiatan / Sub-Kegiatan Indikator Satuan Target Realisasi Target
Kinerja(%)`` is one line, the month sub-header ``1 2 3 … 12 Jumlah`` another, and a row is
``Label words … persen 95.56 93 93 97.32`` with its empty month cells gone. This stage of the
text container puts such a block back into columns, so that the shared stages find the
header and read the rows like any other grid:

- **header**: a one-cell line is split into header cells with the vocabulary's concepts
  (a word naming a concept opens a cell; ``Kinerja``, ``Anggaran``, a level word, ``/`` and
  ``(Rp)`` qualify the cell before them: ``Target Kinerja(%)``, ``Realisasi Anggaran (Rp)``,
  ``Kegiatan / Sub-Kegiatan``); every cell must name a concept, there must be 3 or more,
  one of them a value column and none twice (a Renstra header ``KODE TUJUAN SASARAN
  INDIKATOR SATUAN`` over year columns is left alone: unread, never misread);
- **month sub-header**: ``1 2 … 12 Jumlah`` right under it: ``Jumlah`` goes under the
  header's first ``Realisasi`` cell, the month numbers over a column of their own after the
  table's last column;
- **rows**: a label and its numbers. The numbers fill the value columns from both ends: the
  value columns left of ``Realisasi`` from the left, its total and the columns right of it
  from the right. Which months the numbers between belong to is lost in the text, so they
  are not put in month columns: they go together into the month column (which no role
  reads, so STR-005 names it) and a note lists them (a reader never guesses a month).
  Without a month sub-header a row needs one number for each value column; a row whose
  numbers cannot be placed for certain is kept whole in the name column. A label ending in a
  lower-case unit word (``persen``, ``dokumen``) gives the unit to the ``Satuan`` column.
  A label with numbers goes to the indicator column when there is one, else to the name
  column; an official's title (``Kepala …``) to ``Pejabat``; any other line (a section
  label, a sasaran) to the name column. A legend of ranges is left as it is.

Only lines that are one cell take part: lines split by tabs, bars or runs of spaces already
have their columns. Nothing is converted to a number here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.importers.vocabulary import concepts, squash

#: Concepts that qualify the header cell before them rather than opening one of their own.
QUALIFIERS = frozenset({"kinerja", "anggaran", "keuangan", "kegiatan", "subkegiatan",
                        "program"})
#: Header cells that take a qualifier (``Target Kinerja``, ``Sasaran Kegiatan``).
QUALIFIED = frozenset({"target", "realisasi", "sasaran", "indikator", "capaian"})
#: Concepts of a column holding numbers (the rest hold text).
VALUE_CONCEPTS = frozenset({"target", "realisasi", "capaian", "anggaran", "kinerja",
                            "keuangan", "persen"})
#: Concepts of the column a label without numbers (or any label, without an indicator
#: column) belongs in, in order of preference.
NAME_CONCEPTS = ("sasaran", "nama", "uraian", "kegiatan", "subkegiatan", "program")
#: Unit words a flowed label may end with (printed in lower case after a title-case name).
UNIT_WORDS = frozenset({"persen", "dokumen", "laporan", "orang", "unit", "paket", "buah",
                        "kali", "bulan", "hari", "jenis", "perda"})
#: Words that close a month sub-header.
TOTAL_WORDS = frozenset({"jumlah", "total", "jml"})
MIN_HEADER_CELLS = 3
#: Blank lines in a row that end a flowed table.
BLOCK_GAP = 2
#: An official's title opening a line: the line names who the rows below belong to.
OFFICIAL = re.compile(r"^\s*(?:kepala|sekretaris|kasubbag|kabid|kasi)\b", re.IGNORECASE)
_NUMBER = re.compile(r"^(?:Rp\.?)?[(\-−]?\d[\d.,]*%?\)?$|^[-–—]$", re.IGNORECASE)
#: A bracketed aside (``(Rp)``, ``(%)``), whose figures do not make a line no header.
_BRACKETED = re.compile(r"\([^)]*\)")


@dataclass
class _Layout:
    """The columns a flowed header gives, and where its month sub-header went.

    ``total`` is the column of the ``Realisasi`` cell when the sub-header ends in a total
    (``Jumlah``): that column reads the total. The month numbers get a column of their own
    after the table (``extra``), with the values that belong to unknown months.
    """

    header: list[str]
    total: int | None = None
    extra: int | None = None

    @property
    def width(self) -> int:
        return len(self.header) + (1 if self.extra is not None else 0)

    def value_columns(self) -> list[int]:
        return [i for i, text in enumerate(self.header) if concepts(text) & VALUE_CONCEPTS]

    def column_of(self, wanted: tuple[str, ...]) -> int | None:
        for concept in wanted:
            for i, text in enumerate(self.header):
                found = concepts(text)
                if concept in found and not found & VALUE_CONCEPTS:
                    return i
        return None


def split_header(text: str) -> list[str] | None:
    """A flowed header line as its cells, or ``None`` when it is not one.

    Every cell must name a concept: a cell is complete once the next one opens, so the
    first complete cell naming none answers ``None`` without reading the rest of the line
    (seed 004 asks this of its 453 lines of one cell, most of them prose).
    """
    if any(map(str.isdigit, _BRACKETED.sub("", text))):
        return None
    words = text.split()
    cells: list[list[str]] = []
    for i, word in enumerate(words):
        found = concepts(word)
        current = cells[-1] if cells else None
        if current is None:
            cells.append([word])
        elif _continues(word, current, found):
            current.append(word)
        elif found or (i + 1 < len(words) and concepts(words[i + 1]) & QUALIFIERS):
            if not concepts(" ".join(current)):
                return None  # a complete cell naming nothing: no header line
            cells.append([word])
        else:
            current.append(word)
    out = [" ".join(cell) for cell in cells]
    if len(out) < MIN_HEADER_CELLS or not all(concepts(cell) for cell in out):
        return None
    if not any(concepts(cell) & VALUE_CONCEPTS for cell in out):
        return None  # "TUJUAN SASARAN INDIKATOR": no column the rows' numbers could fill
    if len({squash(cell) for cell in out}) < len(out):
        return None  # "TUJUAN SASARAN INDIKATOR SASARAN": two headers laid side by side
    return out


def _continues(word: str, current: list[str], found: set[str]) -> bool:
    """A word that stays in the header cell before it: ``/ Sub-Kegiatan``, ``(Rp)``, …"""
    if word.startswith(("(", "/")) or current[-1].endswith("/"):
        return True
    return bool(found and found <= QUALIFIERS
                and _qualifies(concepts(" ".join(current)), found))


def _qualifies(current: set[str], found: set[str]) -> bool:
    """A qualifier word stays in the cell: ``Target Kinerja``, ``Alokasi Anggaran``."""
    return bool(found <= current or (current & QUALIFIED and not current & QUALIFIERS))


def month_row(text: str) -> list[str] | None:
    """``1 2 3 … 12 Jumlah`` as its cells: consecutive month numbers, then a total word."""
    words = text.split()
    total = [words.pop()] if words and words[-1].lower() in TOTAL_WORDS else []
    if len(words) < 3 or words != [str(n) for n in range(1, len(words) + 1)] or len(words) > 12:
        return None
    return words + total


def _layout(header: list[str], months: list[str] | None) -> _Layout:
    layout = _Layout(header=header)
    if months:
        at = next((i for i, h in enumerate(header) if "realisasi" in concepts(h)), None)
        if months[-1].lower() in TOTAL_WORDS and at is not None:
            layout.total = at
        layout.extra = len(header)
    return layout


def _split_label(text: str) -> tuple[str, list[str]]:
    words = text.split()
    numbers: list[str] = []
    while words and _NUMBER.match(words[-1]):
        numbers.insert(0, words.pop())
    return " ".join(words), numbers


def _place_numbers(layout: _Layout, numbers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Numbers → value columns; with a month sub-header the ones between are returned.

    Without a month sub-header the numbers are placed only when there is one for every
    value column; with one, only when they fill both ends. Otherwise nothing is placed:
    which column an extra or a missing number belongs to would be a guess.
    """
    cols = layout.value_columns()
    if layout.extra is None:
        if len(numbers) != len(cols):
            return {}, numbers
        return dict(zip(cols, numbers, strict=True)), []
    pivot = layout.total if layout.total is not None else next(
        (i for i, h in enumerate(layout.header) if "realisasi" in concepts(h)), len(cols))
    left = [c for c in cols if c < pivot]
    right = [c for c in cols if c > pivot or c == layout.total]
    if len(numbers) < len(left) + len(right) or len(numbers) > len(left) + len(right) + 12:
        return {}, numbers
    placed = dict(zip(left, numbers[:len(left)], strict=True))
    placed.update(zip(right, numbers[len(numbers) - len(right):], strict=True))
    return placed, numbers[len(left):len(numbers) - len(right)]


def relay_block(rows: list[list[str]], texts: list[str], plain: list[bool], start: int,
                end: int
                ) -> tuple[int, list[tuple[int, str, dict]], list[tuple[int, int, int, int]]]:
    """Lay out rows ``start`` (the header line, 0-based) up to ``end`` in columns.

    ``plain`` says which lines are flowed (no tab, bar or run of spaces between cells).
    Returns the number of columns, the notes and the merged ranges (1-based rows).
    """
    header = split_header(texts[start]) or []
    below = start + 1
    months = month_row(texts[below]) if below < end and plain[below] else None
    layout = _layout(header, months)
    notes: list[tuple[int, str, dict]] = []
    merges: list[tuple[int, int, int, int]] = []
    width = layout.width
    rows[start] = header + [""] * (width - len(header))
    first = start + 1
    if months:
        sub = [""] * width
        if layout.total is not None:
            sub[layout.total] = months[-1]
        sub[len(header)] = " ".join(months[:-1] if layout.total is not None else months)
        rows[below] = sub
        first = below + 1
        merges += [(start + 1, c + 1, start + 2, c + 1) for c in range(len(header))
                   if c != layout.total]
    name_col = layout.column_of(NAME_CONCEPTS)
    name_col = name_col if name_col is not None else 0
    ind_col = layout.column_of(("indikator",))
    unit_col = layout.column_of(("satuan",))
    pj_col = layout.column_of(("pj",))
    for k in range(first, end):
        if not plain[k] or not rows[k]:
            continue  # blank, or laid out by tabs, bars or spaces
        label, numbers = _split_label(texts[k].strip())
        if numbers and not label:
            continue  # a legend of ranges (``0 - 24.99% 25 - 49.99%``), not a row
        out = [""] * width
        if numbers:
            placed, middle = _place_numbers(layout, numbers)
            if not placed:  # kept whole, as a name the reader sees and reports unread
                out[name_col] = texts[k].strip()
                rows[k] = out
                notes.append((k + 1, "containers.flowed_row_unplaced", {"count": len(numbers)}))
                continue
            for col, value in placed.items():
                out[col] = value
            if middle and layout.extra is not None:
                out[layout.extra] = " ".join(middle)
                notes.append((k + 1, "containers.flowed_months_unplaced",
                              {"values": " ".join(middle)}))
            words = label.split()
            if unit_col is not None and len(words) > 1 and words[-1] in UNIT_WORDS:
                out[unit_col] = words.pop()
                label = " ".join(words)
            out[ind_col if ind_col is not None else name_col] = label
        elif pj_col is not None and OFFICIAL.match(label):
            out[pj_col] = label  # "Kepala Sub Bidang …": the official the rows below are for
        else:
            out[name_col] = label
        rows[k] = out
    return width, notes, merges


def flowed_blocks(rows: list[list[str]], texts: list[str]) -> list[tuple[int, int]]:
    """(first line, end) of every block opened by a flowed header line, 0-based.

    A block ends at the next flowed header or at :data:`BLOCK_GAP` blank lines in a row.
    """
    starts = [i for i, cells in enumerate(rows) if len(cells) == 1 and split_header(texts[i])]
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(rows)
        blanks = 0
        for k in range(start + 1, end):
            blanks = blanks + 1 if not rows[k] else 0
            if blanks == BLOCK_GAP:
                end = k - BLOCK_GAP + 1
                break
        out.append((start, end))
    return out


__all__ = ["flowed_blocks", "month_row", "relay_block", "split_header"]
