"""What a table's rows are read into before they become items: pieces, records, slots.

A :class:`Piece` is one cell's value with its text and address; a :class:`Rec` the
record one item spans (a wide row, or the four lines of a stacked record), with its
indicators (:class:`Ind`); a :class:`Slot` says where a column's values go (the item,
its indicator, a quarter inside the cell). The row reader (``excel_records``) fills them;
the item builder (``excel_items``) turns them into the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from checker.importers.excel_grid import Percent, typed_number
from checker.importers.excel_header import Col
from checker.importers.excel_tables import Table
from checker.importers.levels import Clue
from checker.importers.numbers import COUNT_UNITS, parse_money, parse_number
from checker.model.schema import Level

NS = "import_excel"
QUARTERS = (1, 2, 3, 4)
#: The versions of a budget a pagu table prints side by side (``vocabulary.toml`` [version]).
VERSIONS = ("anggaran_murni", "anggaran_pergeseran", "anggaran_perubahan")
LEVEL_RANK = {level: i for i, level in enumerate(Level)}
PARENT_LEVEL = {Level.SASARAN: Level.TUJUAN, Level.PROGRAM: Level.SASARAN,
                Level.KEGIATAN: Level.PROGRAM, Level.SUB_KEGIATAN: Level.KEGIATAN}
#: A row naming the agency inside the table ("Perangkat Daerah : Badan Perencanaan …").
AGENCY_LABEL = re.compile(r"^\s*(?:perangkat\s+daerah|opd|skpd|unit\s+kerja|instansi|"
                          r"satuan\s+kerja)\s*[:;]\s*(.+)$", re.IGNORECASE | re.DOTALL)
SUMMARY_LABEL = re.compile(r"^\s*(?:jumlah|total|rata\s*-?\s*rata)\b", re.IGNORECASE)
ROW_NUMBER = re.compile(r"^\d{1,4}\.?$")


@dataclass
class Piece:
    """One cell as read: its stored value, the text it shows, and where it is."""

    value: Any
    text: str
    row: int
    col: int


@dataclass
class Ind:
    """An indicator as read: text cells and number cells by field name."""

    row: int
    texts: dict[str, Piece] = field(default_factory=dict)  # uraian, satuan
    vals: dict[str, Piece] = field(default_factory=dict)  # target, target_tw1, realisasi…
    slot_of: dict[str, int] = field(default_factory=dict)  # stacked: key → its column
    last_quarter: int = 0  # stacked: the quarter of the block's last line (quarter_steps)
    broken: bool = False  # stacked: lines out of step with their labels, nothing read


@dataclass
class Rec:
    """One item as read from a table, before it becomes an :class:`Item`."""

    level: Level | None
    row: int
    group: int
    no: str | None = None
    texts: dict[str, Piece] = field(default_factory=dict)  # nama, kode, penanggung_jawab
    context: dict[Level, Piece] = field(default_factory=dict)  # ancestors' names
    vals: dict[str, Piece] = field(default_factory=dict)  # anggaran, anggaran_tw1 …
    inds: list[Ind] = field(default_factory=list)
    parent: Rec | None = None  # set by the layout (item columns side by side, sections)
    block: bool = False
    twice: list[tuple[str, Piece, Piece]] = field(default_factory=list)
    shares: dict[str, list[Piece]] = field(default_factory=dict)  # money per block (stacked)
    filled: dict[Level, bool] = field(default_factory=dict)  # context filled from above
    clues: list[Clue] = field(default_factory=list)  # why the row has its level
    item_id: str = ""
    slot_of: dict[str, int] = field(default_factory=dict)  # stacked money: key → column
    problems: list[Any] = field(default_factory=list)  # quarter_steps.Problem: not read
    refused: set[tuple[int, int]] = field(default_factory=set)  # (column, quarter) refused

    def quarters(self, money: bool) -> set[int]:
        source = self.vals if money else (self.inds[-1].vals if self.inds else {})
        return {int(k[-1]) for k in source if k[-1].isdigit() and "_tw" in k}


@dataclass(eq=False)
class Slot:
    """Where one field of a group is read: its column and destination."""

    col: Col
    dest: str  # item, money, ind_text, ind_num, cells
    field: str


def slots_of(table: Table, group: int) -> list[Slot]:
    """The fields a group's columns hold (``TR I`` under INDIKATOR → ``target_tw1``)."""
    out: list[Slot] = []
    taken: set[tuple[str, str, bool]] = set()
    for col in sorted(table.header.cols.values(), key=lambda c: c.index):
        if col.owner != group and col.index != group:
            continue
        slot = _slot(col, group)
        # a K column and an Rp column may both be "realisasi" per quarter: money tells them
        key = (slot.dest, slot.field, slot.col.money) if slot is not None else None
        if slot is not None and key in taken and col.role == "kode":
            continue  # a code printed over several columns: read as one (kode_columns)
        if slot is not None and key in taken:  # a second "Target" column of the group:
            col.role, col.reason = "ignored", "duplicate"  # not read, so STR-005 names it
            continue
        if slot is None:
            continue
        taken.add(key)
        out.append(slot)
    return out


#: Roles whose value has one place, whatever the column's measure: (destination, field).
_FIXED_SLOTS = {"kode": ("item", "kode"), "level": ("item", "level_text"),
                "pj": ("item", "penanggung_jawab"), "indikator": ("ind_text", "uraian"),
                "satuan": ("ind_text", "satuan"), "persen_realisasi": ("money", "persen_realisasi"),
                "sisa": ("money", "sisa"), "capaian": ("ind_num", "capaian")}


def _slot(col: Col, group: int) -> Slot | None:
    measure = col.measure
    if col.index == group:
        return Slot(col, "item", "nama")
    if col.role in _FIXED_SLOTS:
        return Slot(col, *_FIXED_SLOTS[col.role])
    if col.role == "annual":
        return Slot(col, "ind_num", "realisasi" if measure == "realisasi" else "target")
    if col.role == "pagu":
        if col.version and measure == "target":
            return Slot(col, "money", f"anggaran_{col.version}")
        return Slot(col, "money", "realisasi" if measure == "realisasi" else "anggaran")
    if col.role == "month":
        return Slot(col, "ind_num", f"{measure}_m{col.month}")
    if col.role == "quarter":
        if col.money:
            prefix = "realisasi" if measure == "realisasi" else "anggaran"
            return Slot(col, "money", f"{prefix}_tw{col.quarter}")
        return Slot(col, "ind_num", f"{measure}_tw{col.quarter}")
    if col.role == "cells":
        prefix = ("realisasi" if measure == "realisasi" else "anggaran") if col.money \
            else measure
        return Slot(col, "cells", prefix)
    return None


def join_text(first: str, more: str) -> str:
    """Two pieces of one cell's text cut by a line or page break, without the overlap.

    An extraction may print the last words before the break again after it
    ("… Sosial (PMKS) dan PSKS" + "(PMKS) dan PSKS yang Mandiri …"): they are read once.
    """
    a, b = first.split(), more.split()
    for n in range(min(len(a), len(b)), 0, -1):
        if [w.casefold() for w in a[-n:]] == [w.casefold() for w in b[:n]]:
            return " ".join(a + b[n:])
    return f"{first} {more}"


def parse_piece(p: Piece, money: bool, convention: str | None) -> Any:
    """Parse a cell: typed numbers are taken as stored, text through the number parser.

    A percent-formatted number is the value shown, with the unit ``%``.
    """
    value = p.value if typed_number(p.value) else p.value if isinstance(p.value, str) else \
        p.text
    percent = isinstance(p.value, Percent)
    parse = parse_money if money and not percent else parse_number
    parsed = parse(value, convention=convention)  # type: ignore[arg-type]
    if not money and parsed.unit in COUNT_UNITS and isinstance(value, str) \
            and parse_number(value).status == "ambiguous":
        # '29.432 orang' proves no convention of its own, and people are not counted in
        # fractions: the dot groups thousands, whatever the table's amounts use
        whole = parse_number(value, convention=convention, integer=True)  # type: ignore[arg-type]
        parsed = replace(whole, convention=None) if whole.ok else parsed  # proves no habit
    if percent and parsed.ok:
        parsed = replace(parsed, unit="%")
    return parsed
