"""Key-value records as a table: ``Nama Program : …`` blocks become rows of a virtual grid.

Some forms print no table for their programs, kegiatan and sub-kegiatan but one block of
``Key<TAB>:<TAB>Value`` lines per item (the cascading form: ``Nama Program``, ``Sasaran
Program``, ``Indikator Program``, ``Target Program``, ``Anggaran``, then ``Nama Kegiatan``
…), under headings naming the ancestors (``PROGRAM PENANGANAN BENCANA``, ``(Kegiatan :
Perlindungan Sosial …)``). Such a block *is* a table row whose column names are printed
beside each value instead of once above. This stage turns the blocks into that table, and
the shared stages read it as any other: levels from the level column, parents by order and
by the ancestor's name printed on the row (``excel_parents``) and budgets, numbers by the
one number parser, and an STR-005 warning for every column the model has no field for.

What stays true to the page:

* every cell of the virtual grid keeps its real address (the line is the row, the value's
  tab field the column: ``Anggaran<TAB>:<TAB>372.250.370`` on line 662 is ``C662``), through
  :attr:`Sheet.cell_addresses`; a record's row number is the line of its ``Nama`` key;
* a key maps to a role through the one vocabulary (``vocabulary.toml``): its last words
  name the level (``Target Sub Kegiatan``), the rest the concept (``Target``); a key the
  vocabulary does not know becomes a column of its own, which the pipeline then reports as
  not read;
* a block printed again with the very same level and name (a program repeated above each
  of its kegiatan) is the same item: read once, its line listed as a repeat.

The lines read here are blanked in the grid the rest of the pipeline sees, so that a table
above the blocks does not run on through them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.importers.excel_grid import Sheet, framed_rows
from checker.importers.vocabulary import concepts, level_named, squash
from checker.model.schema import Level

#: Concepts a key may name, in the order they win when a key names several.
FIELDS = ("nama", "kode", "indikator", "target", "satuan", "anggaran", "sasaran", "pj")
#: Column headers of the virtual table, by field (the pipeline's vocabulary reads them).
HEADERS = {"kode": "Kode", "nama": "Nama", "indikator": "Indikator", "target": "Target",
           "satuan": "Satuan", "anggaran": "Anggaran", "pj": "Penanggung Jawab"}
#: Columns of an indicator row (the others are the item's own).
INDICATOR_COLUMNS = ("Indikator", "Target", "Satuan")
LEVELS = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)
LEVEL_WORDS = {Level.PROGRAM: "Program", Level.KEGIATAN: "Kegiatan",
               Level.SUB_KEGIATAN: "Sub Kegiatan"}
_PAREN = re.compile(r"\(\s*([A-Za-z][A-Za-z ]{2,20}?)\s*:\s*(.+?)\s*\)?\s*$")
#: Fewest key-value lines that make a run of records (fewer is a label in prose).
MIN_RUN = 3


@dataclass
class KeyLine:
    """One ``Key : value`` line: where the key and the value are, and what the key names."""

    row: int
    key: str
    key_col: int
    value: str
    value_col: int
    field: str | None  # a FIELDS concept, or None for a key the vocabulary does not know
    level: Level | None


def key_line(sheet: Sheet, row: int) -> KeyLine | None:
    """A line read as a key and its value, or ``None`` (prose, a heading, a table row).

    The key is a short label (five words at most, no parenthesis) and the colon follows it
    directly, in its own cell (``Key | : | value``) or at its end (``Key : value``).
    """
    cells = sheet.cells(row)
    if not cells:
        return None
    kcol, first = cells[0]
    rest = cells[1:]
    if rest and rest[0][1].startswith(":"):
        key, tail = first, rest[0][1][1:].strip()
        parts = ([(rest[0][0], tail)] if tail else []) + rest[1:]
        after = rest[0][0] + 1
    elif ":" in first:
        key, _, tail = first.partition(":")
        parts = ([(kcol, tail.strip())] if tail.strip() else []) + rest
        after = kcol + 1
    else:
        return None
    key = key.strip()
    if (not key or len(key) > 40 or len(key.split()) > 5 or not key[0].isalpha()
            or "(" in key or ")" in key):
        return None
    fld, level = key_meaning(key)
    return KeyLine(row=row, key=key, key_col=kcol, value=" ".join(x for _, x in parts).strip(),
                   value_col=parts[0][0] if parts else after, field=fld, level=level)


def key_meaning(key: str) -> tuple[str | None, Level | None]:
    """What a key fills and the level it names: ``Target Sub Kegiatan`` → target, sub-kegiatan.

    The level is the key's last one or two words (the vocabulary's level words); the
    concept is what the vocabulary says of the words before them.
    """
    words = key.split()
    level: Level | None = None
    for size in (2, 1):
        if len(words) > size:
            named = level_named(" ".join(words[-size:]))
            if named in LEVELS:
                level, words = named, words[:-size]
                break
    found = concepts(" ".join(words))
    return next((f for f in FIELDS if f in found), None), level


@dataclass
class _Record:
    level: Level
    row: int
    cells: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # col → (text, r, c)
    repeat: bool = False  # a block printed again: its values are not read a second time
    owner: _Record | None = None  # the item a repeat or a further indicator row belongs to


@dataclass
class Records:
    """The virtual grids read from one sheet and the sheet without the lines they hold."""

    remaining: Sheet
    grids: list[Sheet]
    repeated: list[int] = field(default_factory=list)  # lines of blocks printed again
    #: a value printed again for the same item, otherwise: (the line, the first value)
    conflicts: list[tuple[KeyLine, tuple[str, int, int]]] = field(default_factory=list)

    def table_at(self, row: int) -> str:
        """The name of the virtual table whose blocks reach ``row`` (the last one above)."""
        names = [g.titles[0] for g in self.grids if g.titles and g.cell_addresses
                 and min(r for r, _ in g.cell_addresses.values()) <= row]
        return names[-1] if names else (self.grids[0].titles[0] if self.grids else "")


def _heading(text: str) -> list[tuple[Level, str]]:
    """Ancestors a heading line names: ``PROGRAM X``, ``(Kegiatan : Y)``, or both."""
    found: list[tuple[Level, str]] = []
    m = _PAREN.search(text)
    head = text[:m.start()].strip() if m else text.strip()
    head = head if len(head) <= 200 else ""
    if head and level_named(head, whole=False) == Level.PROGRAM:
        found.append((Level.PROGRAM, head))
    if m and (level := level_named(m.group(1))) in LEVELS:
        found.append((level, m.group(2).strip()))
    return found


def _joined(sheet: Sheet, row: int) -> tuple[str, list[int]]:
    """A heading line, with the lines that close a parenthesis it opens (a page's width).

    ``(Kegiatan : Pemulangan … Dari Titik`` / ``Debarkasi … Asal)`` is one heading.
    """
    text = sheet.cells(row)[0][1].replace("*", "").strip()
    rows = [row]
    r = row + 1
    while text.count("(") > text.count(")") and r <= sheet.height and len(rows) < 4:
        cells = sheet.cells(r)
        if len(cells) != 1 or key_line(sheet, r) is not None:
            break
        text = f"{text} {cells[0][1].replace('*', '').strip()}"
        rows.append(r)
        r += 1
    return text, rows


class _Builder:
    """Walks a sheet's lines; collects records per section (named table)."""

    def __init__(self, sheet: Sheet, section_of: object) -> None:
        self.sheet = sheet
        self.section_of = section_of
        self.section = "Key-Value"
        self.tables: dict[str, list[_Record]] = {}
        self.open: dict[Level, _Record] = {}
        self.context: dict[Level, tuple[str, int, int]] = {}  # heading text, row, col
        #: per section (table), header text → its first key cell in that section
        self.names: dict[str, dict[str, tuple[int, int]]] = {}
        self.seen: dict[tuple[Level, str, str], _Record] = {}
        self.repeated: list[int] = []
        self.conflicts: list[tuple[KeyLine, tuple[str, int, int]]] = []
        self.used: set[int] = set()
        self.titles: list[int] = []  # rows of section titles

    def span(self) -> tuple[int, int]:
        """First and last line of the blocks: from the section title opening the first."""
        first, last = min(self.used), max(self.used)
        opening = [r for r in self.titles if r < first]
        return (opening[-1] if opening else first), last

    def run(self) -> None:
        sheet = self.sheet
        lines = {r: key_line(sheet, r) for r in range(1, sheet.height + 1)}
        runs = [r for r, kv in lines.items() if kv is not None and kv.level is not None]
        if len(runs) < MIN_RUN:
            return
        first = runs[0]
        for r in range(1, sheet.height + 1):
            kv = lines[r]
            cells = sheet.cells(r)
            if kv is None and len(cells) == 1:
                name = self.section_of(cells[0][1])  # type: ignore[operator]
                if name is not None:
                    self.section, self.open = name, {}
                    self.titles.append(r)
                    continue
                if r >= first:
                    text, rows = _joined(sheet, r)
                    for level, name in _heading(text):
                        self.used.update(rows)
                        if self._same_ancestor(level, name):
                            continue  # printed again above a page's blocks: they go on
                        self.context[level] = (name, r, cells[0][0])
                        for deeper in LEVELS[LEVELS.index(level):]:
                            self.open.pop(deeper, None)
            if kv is None or r < first:
                continue
            self._key(kv)

    def _same_ancestor(self, level: Level, name: str) -> bool:
        """A heading naming the ancestor already in force (its heading or its open block)."""
        head, block = self.context.get(level), self.open.get(level)
        names = [head[0] if head else "", block.cells.get("Nama", ("",))[0] if block else ""]
        return squash(name) in {squash(n) for n in names if n}

    def _key(self, kv: KeyLine) -> None:
        """Put one key-value line into the record it belongs to.

        A level's key (``Target Kegiatan``) goes to the open record of that level, a bare
        one (``Anggaran``) to the record opened last. ``Nama`` opens a record (or names the
        one its ``Kode`` line opened); a second ``Indikator`` adds an indicator row; a key
        of a level printed again opens that level's next record, without its ``Nama``.
        """
        level = kv.level or next((lv for lv in reversed(LEVELS) if lv in self.open), None)
        if level is None:
            return  # a key before any block: prose, left to the rest of the pipeline
        self.used.add(kv.row)
        rec = self.open.get(level)
        header = self._header(kv)
        if kv.field == "nama":
            if rec is not None and not rec.repeat and set(rec.cells) <= {"Level", "Kode"}:
                rec.cells["Nama"] = (kv.value, kv.row, kv.value_col)  # after its Kode line
                return
            self._start(level, kv)
            return
        if rec is not None and rec.owner is not None and not rec.repeat \
                and header not in INDICATOR_COLUMNS:
            rec = rec.owner  # the item's own value, after a further indicator
        if rec is None:
            rec = self._start(level, kv)  # a block without its Nama line
        elif rec.repeat:
            first = rec.owner.cells.get(header) if rec.owner else None
            if first is not None and squash(first[0]) != squash(kv.value):
                self.conflicts.append((kv, first))
            return
        elif header in rec.cells:
            if header == "Indikator":
                rec = self._further(rec, kv)  # a second indicator of the same item
            elif kv.level is not None:
                rec = self._start(level, kv)  # the next block, its Nama line missing
            else:
                self.conflicts.append((kv, rec.cells[header]))
                return
        rec.cells[header] = (kv.value, kv.row, kv.value_col)

    def _header(self, kv: KeyLine) -> str:
        if kv.field is None:
            text = kv.key
        elif kv.field == "sasaran":  # "Sasaran" alone would name the level above
            text = f"Sasaran {LEVEL_WORDS[kv.level or Level.PROGRAM]}"
        else:
            text = HEADERS[kv.field]
        self.names.setdefault(self.section, {}).setdefault(text, (kv.row, kv.key_col))
        return text

    def _start(self, level: Level, kv: KeyLine) -> _Record:
        rec = _Record(level=level, row=kv.row)
        rec.cells["Level"] = (LEVEL_WORDS[level], kv.row, kv.key_col)
        self.names.setdefault(self.section, {}).setdefault("Level", (kv.row, kv.key_col))
        above = LEVELS[:LEVELS.index(level)]
        for up in above:  # the ancestor: its block when newer than its heading
            block, head = self.open.get(up), self.context.get(up)
            if block is not None and (head is None or block.row > head[1]):
                if "Nama" in block.cells:
                    rec.cells[LEVEL_WORDS[up]] = block.cells["Nama"]
            elif head is not None:
                rec.cells[LEVEL_WORDS[up]] = head
        if kv.field == "nama":
            rec.cells["Nama"] = (kv.value, kv.row, kv.value_col)
            self.names.setdefault(self.section, {}).setdefault("Nama", (kv.row, kv.key_col))
            parent = rec.cells.get(LEVEL_WORDS[above[-1]], ("",))[0] if above else ""
            key = (level, squash(kv.value), squash(parent))
            if key in self.seen:  # the same block printed again: the same item
                self.repeated.append(kv.row)
                rec.repeat, rec.owner = True, self.seen[key]
            self.seen.setdefault(key, rec)
        if not rec.repeat:
            self.tables.setdefault(self.section, []).append(rec)
        self.open[level] = rec
        for deeper in LEVELS[LEVELS.index(level) + 1:]:
            self.open.pop(deeper, None)
        return rec

    def _further(self, rec: _Record, kv: KeyLine) -> _Record:
        more = _Record(level=rec.level, row=kv.row, owner=rec.owner or rec)
        records = self.tables.setdefault(self.section, [])
        records.append(more)
        self.open[rec.level] = more
        return more


def read_records(sheet: Sheet, section_of: object = lambda text: None) -> Records:
    """The key-value blocks of a sheet as virtual grids, one per section (named table).

    ``section_of(text)`` names the table a title line opens (a profile's ``[section]``),
    or returns ``None``; blocks before any section title form the table ``Key-Value``.
    """
    b = _Builder(sheet, section_of)
    b.run()
    grids = [_grid(sheet, name, recs, b.names.get(name, {}))
             for name, recs in b.tables.items() if recs]
    if not grids:
        return Records(remaining=sheet, grids=[])
    first, last = b.span()  # the blocks and the headings between them (one cell a line)
    rows = [[] if i + 1 in b.used or (first <= i + 1 <= last and len(sheet.cells(i + 1)) <= 1)
            else list(r) for i, r in enumerate(sheet.rows)]
    remaining = Sheet(name=sheet.name, rows=rows, merges=list(sheet.merges),
                      container=sheet.container, titles=list(sheet.titles), places=sheet.places)
    return Records(remaining=remaining, grids=grids, repeated=b.repeated,
                   conflicts=b.conflicts)


def _grid(sheet: Sheet, name: str, recs: list[_Record],
          names: dict[str, tuple[int, int]]) -> Sheet:
    """One virtual table: a title row, a header of the keys, its column numbers, a record a row.

    The records sit at the rows of their ``Nama`` lines (so the rows a finding or a note
    names are the file's lines); title, header and numbers go just above the first record,
    or on the first rows when it starts too high (every cell keeps its real address).
    """
    order = ["Level", *[LEVEL_WORDS[lv] for lv in LEVELS], "Kode", "Nama"]
    used = {h for rec in recs for h in rec.cells}
    headers = [h for h in order if h in used] + sorted(
        (h for h in used if h not in order), key=lambda h: names.get(h, (0, 0)))
    top = recs[0].row
    # the columns numbered, as forms do: a record of names alone ("Nama Program : Program
    # Contoh") is never taken for a further header row
    rows, header_row = framed_rows(name, headers, top, max(r.row for r in recs))
    shift = header_row + 2 - top
    addresses: dict[tuple[int, int], tuple[int, int]] = {}
    for col, text in enumerate(headers, start=1):
        if text in names:
            addresses[(header_row, col)] = names[text]
    for rec in recs:
        cells: list[object] = [None] * len(headers)
        for col, text in enumerate(headers, start=1):
            if text in rec.cells:
                value, r, c = rec.cells[text]
                cells[col - 1] = value
                addresses[(rec.row + shift, col)] = (r, c)
        rows[rec.row + shift - 1] = cells
    return Sheet(name=f"{sheet.name} › {name}", rows=rows, container=sheet.container,
                 titles=[name], cell_addresses=addresses, places=sheet.places)


def worth_reading(sheet: Sheet) -> bool:
    """A grid of a text extract with key-value blocks: three ``Nama <level> :`` lines or more.

    Without a layout profile claiming the file, only this evidence runs the stage, so
    that a ``Kegiatan : X`` label above a table is never taken for a record.
    """
    if sheet.container != "text":
        return False
    named = 0
    for row in range(1, sheet.height + 1):
        kv = key_line(sheet, row)
        if kv is not None and kv.field == "nama" and kv.level is not None:
            named += 1
            if named >= MIN_RUN:
                return True
    return False
