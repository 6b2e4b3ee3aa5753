"""The Perjanjian Kinerja and the PK Perubahan appended to an LKjIP.

An agreement holds a sasaran table (sasaran strategis, indicator, formula, target) and a
budget list: a program row, then ``Kegiatan`` and ``Sub Kegiatan`` marker lines announcing
the level of the rows that follow, each row a name and an amount (``: 5.000.000``,
``169.095.000 APBD``), closed by ``Jumlah Anggaran``. Scanned pages lose their tabs, so a
row may be one cell (``3 Pemeliharaan … : 13.272.600 APBD``): the number, name and amount
are then split from the text, and the amount's address is that cell. A numbered row
followed by a ``Kegiatan`` marker is a program; the list prints no codes, so ids are
structural (``P1``, ``K3``, ``SK12``) and parents are the rows above.
"""

from __future__ import annotations

import re

from checker.i18n import t
from checker.importers.text_lkjip_base import (
    NS,
    Builder,
    Meta,
    Section,
    clean,
    is_numbered_row,
    looks_numeric,
    norm,
    numbered,
    row_number,
)
from checker.importers.text_lkjip_tables import header_labels, indicator_roles
from checker.importers.textlines import TextLine
from checker.model.finding import ItemRef
from checker.model.location import column_letter
from checker.model.plan import Document, Indicator, Item, TableInfo, Total
from checker.model.schema import DocumentKind, Level

_MARKERS = {"kegiatan": Level.KEGIATAN, "sub kegiatan": Level.SUB_KEGIATAN,
            "subkegiatan": Level.SUB_KEGIATAN, "program": Level.PROGRAM}
PREFIX = {Level.PROGRAM: "P", Level.KEGIATAN: "K", Level.SUB_KEGIATAN: "SK"}
PARENT = {Level.KEGIATAN: Level.PROGRAM, Level.SUB_KEGIATAN: Level.KEGIATAN}


def _cells(line: TextLine) -> list[tuple[int, str]]:
    """Non-empty cells without the lone ``:`` cells that separate name and amount."""
    return [(i, f) for i, f in line.nonblank_fields() if f.strip() not in (":", "=")]


def _marker(line: TextLine) -> Level | None:
    cells = _cells(line)
    if len(cells) == 1:
        return _MARKERS.get(norm(cells[0][1]).rstrip(" :"))
    return None


def _separator(line: TextLine) -> bool:
    cells = _cells(line)
    return bool(cells) and all(re.fullmatch(r"-+", f) for _, f in cells)


def _split_row(line: TextLine) -> tuple[str | None, tuple[int, str] | None,
                                          tuple[int, str] | None]:
    """Row number, name cell and amount cell of a budget row (amount split from text)."""
    cells = _cells(line)
    no = None
    if cells and row_number(cells[0][1]):
        no = row_number(cells.pop(0)[1])
    elif cells:
        n, rest = numbered(cells[0][1])
        if n and not looks_numeric(rest):
            no, cells[0] = n, (cells[0][0], rest)
    name = amount = None
    for idx, text in cells:
        if name is None and not looks_numeric(text):
            name = (idx, clean(text))
        elif amount is None and looks_numeric(text):
            amount = (idx, text)
    if amount is None and name and " : " in f" {name[1]} ":
        head, _, tail = name[1].rpartition(":")
        if looks_numeric(tail):
            name, amount = (name[0], clean(head)), (name[0], clean(tail))
    return no, name, amount


def read_pk(section: Section, meta: Meta, path: str) -> Document:
    """One agreement: its sasaran with indicators, its budget list and its total."""
    jenis = DocumentKind.PK_PERUBAHAN if section.kind == "pk_perubahan" else DocumentKind.PK
    b = Builder(path, jenis, None, meta, section.title)
    reader = _Reader(b, section)
    reader.read()
    return b.finish()


class _Reader:
    def __init__(self, b: Builder, section: Section) -> None:
        self.b, self.s, self.table = b, section, section.name
        self.info = TableInfo(name=section.name, file=b.path)
        b.doc.tables.append(self.info)
        self.last: dict[Level, Item] = {}
        self.expect: Level | None = None
        self.sub_no: int | None = None  # number of the last sub-kegiatan row
        self.program_no = 0
        self.unclear = False
        self.funded = False

    def read(self) -> None:
        """Walk the agreement: sasaran table, budget list, total; stop below the total."""
        state: str | None = None
        roles: dict[str, int] = {}
        lines = [ln for ln in self.s.lines if not ln.is_blank()]
        total: Total | None = None
        for n, line in enumerate(lines):
            text = norm(line.text)
            if "\t" in line.text and re.search(r"sasaran", text) and "indikator" in text:
                state, roles = "sasaran", indicator_roles(header_labels([line]), self.b.meta)
                self._span(line)
                continue
            if "\t" in line.text and "program" in text and "anggaran" in text:
                state = "budget"
                self._span(line)
                continue
            if state is None or is_numbered_row(line) or _separator(line):
                continue
            self._span(line)
            if state == "sasaran":
                if row_number(clean(line.fields[0])):
                    self._sasaran(line, roles)
                continue
            if total is not None:
                if total.anggaran is None and total.raw.get("anggaran") is None:
                    _, _, amount = _split_row(line)
                    if amount:
                        self._total_amount(total, line, amount)
                        continue
                break  # below the total: signatures and the rest of the appendix
            marker = _marker(line)
            if marker is not None:
                self.expect = marker
                self.sub_no = 0 if marker == Level.SUB_KEGIATAN else None
                continue
            no, name, amount = _split_row(line)
            if name is None:
                continue
            if norm(name[1]).startswith(("jumlah", "total")):
                total = Total(tabel=self.table, level=Level.PROGRAM, file=self.b.path,
                              table=self.table, row=line.number)
                self.b.doc.totals.append(total)
                if amount:
                    self._total_amount(total, line, amount)
                continue
            self._item(line, no, name, amount, lines[n + 1:])

    def _span(self, line: TextLine) -> None:
        self.info.first_row = self.info.first_row or line.number
        self.info.last_row = line.number

    def _sasaran(self, line: TextLine, roles: dict[str, int]) -> None:
        b = self.b

        def cell(role: str) -> str:
            """The row's text in the column of ``role``."""
            col = roles.get(role)
            return clean(line.fields[col - 1]) if col and col <= len(line.fields) else ""

        n = sum(1 for i in b.doc.items if i.level == Level.SASARAN) + 1
        item = Item(id=f"SS{n}", level=Level.SASARAN, nama=cell("sasaran") or None,
                    file=b.path, table=self.table, row=line.number)
        if item.nama:
            item.locate("nama", b.loc(self.table, line, roles["sasaran"]), item.nama)
        b.doc.items.append(item)
        ind = Indicator(item=item.id, uraian=cell("uraian") or None, file=b.path,
                        table=self.table, row=line.number)
        if ind.uraian:
            ind.locate("uraian", b.loc(self.table, line, roles["uraian"]), ind.uraian)
        if "target" in roles:
            val = b.number(ind, "target", cell("target"),
                           b.loc(self.table, line, roles["target"]), grades=True)
            ind.target = val.value
            if val.grade and val.value is None:
                ind.target_teks = val.raw
            if val.unit == "%":
                ind.satuan = "%"
        b.doc.indicators.append(ind)
        self.info.columns.update({column_letter(c): r for r, c in roles.items()})
        self.info.rows_read += 1

    def _level(self, no: str | None, name: str, rest: list[TextLine]) -> Level | None:
        """The level of a budget row.

        A row before any marker, or named ``Program …``, is a program; so is a numbered row
        followed by a ``Kegiatan`` marker whose number does not continue the sub-kegiatan
        numbering above it (the last sub-kegiatan of a kegiatan is followed by the next
        ``Kegiatan`` marker too). Otherwise the row has the level the last marker announced.
        """
        if self.expect is None or norm(name).startswith("program "):
            return Level.PROGRAM
        following = next((ln for ln in rest if not _separator(ln)), None)
        if no is None or following is None or _marker(following) != Level.KEGIATAN:
            return self.expect
        sub = self.sub_no is not None and int(no) == self.sub_no + 1
        program = int(no) == self.program_no + 1
        if program and sub:
            # A funding source (APBD …) is written against sub-kegiatan, whose budgets
            # carry it; a program row's total does not.
            if self.funded:
                return self.expect
            self.unclear = True
            return self.expect
        return Level.PROGRAM if not sub else self.expect

    def _item(self, line: TextLine, no: str | None, name: tuple[int, str],
              amount: tuple[int, str] | None, rest: list[TextLine]) -> None:
        b = self.b
        self.funded = bool(re.search(r"\b(apbd|apbn|dak|dau)\b", norm(line.text)))
        level = self._level(no, name[1], rest)
        if level is None:
            return
        if self.unclear:
            self.unclear = False
            b.issue("STR-002", "level_unclear", b.loc(self.table, line, name[0]),
                    item=ItemRef(level=level.value, nama=name[1]), actual=name[1],
                    name=name[1])
        self.sub_no = int(no) if level == Level.SUB_KEGIATAN and no else None
        if level == Level.PROGRAM:
            self.program_no = int(no) if no else self.program_no + 1
        n = sum(1 for i in b.doc.items if i.level == level) + 1
        item = Item(id=f"{PREFIX[level]}{n}", level=level, nama=name[1], file=b.path,
                    table=self.table, row=line.number)
        item.locate("nama", b.loc(self.table, line, name[0]), name[1])
        parent_level = PARENT.get(level)
        if parent_level is not None:
            parent = self.last.get(parent_level)
            if parent is None:
                b.issue("STR-003", "no_parent", item.location_of("nama"),
                        item=ItemRef(level=level.value, nama=name[1]), actual=name[1],
                        name=name[1], **_level_params(parent_level))
            else:
                item.induk = parent.id
        if re.search(r"[/,\-]\s*$|\b(dan|serta)\s*$", name[1]):
            b.issue("STR-002", "name_cut", item.location_of("nama"),
                    item=ItemRef(level=level.value, nama=name[1]), actual=name[1],
                    name=name[1])
        if amount is not None:
            item.anggaran = b.money(item, "anggaran", amount[1],
                                    b.loc(self.table, line, amount[0]))
        b.doc.items.append(item)
        self.last[level] = item
        for lower in [lv for lv, p in PARENT.items() if p == level]:
            self.last.pop(lower, None)
        if level == Level.KEGIATAN:
            self.expect = Level.SUB_KEGIATAN if self.expect == Level.KEGIATAN else self.expect
        self.info.rows_read += 1
        self.info.columns.setdefault(column_letter(name[0]), "nama")
        if amount is not None:
            self.info.columns.setdefault(column_letter(amount[0]), "anggaran")

    def _total_amount(self, total: Total, line: TextLine, amount: tuple[int, str]) -> None:
        total.row = line.number
        total.anggaran = self.b.money(total, "anggaran", amount[1],
                                      self.b.loc(self.table, line, amount[0]))
        total.raw.setdefault("anggaran", amount[1])


def _level_params(level: Level) -> dict[str, str]:
    return {f"level_{lang}": t(f"{NS}.level.{level.value}", lang) for lang in ("id", "en")}
