"""Where the tables of an agency workbook are, and what each one is.

A sheet may hold several tables (Eselon II, III and IV one under the other) and a document
may spread over several sheets. A table starts at a header row (see
:func:`~checker.importers.excel_header.is_header_start`); the same header printed again
inside a table, as agencies do at the top of every printed page, is a repeat, unless a
title such as ``RENCANA AKSI ESELON III`` stands above it, which starts the next table.
The title rows above a header name the document (``PERJANJIAN KINERJA``), the level of its
rows (``ESELON IV``, ``Tingkat Kegiatan``) and the agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.importers.columns import confirm
from checker.importers.continuation import join_lines
from checker.importers.excel_grid import WHOLE_FILE_GRIDS, Sheet, typed_number
from checker.importers.excel_header import (
    MAX_TITLE_ROWS,
    Header,
    header_block,
    is_header_start,
    layout,
    read_header,
    row_key,
)
from checker.importers.renstra import adapt as adapt_renstra
from checker.importers.titles import kind_from_text, level_from_text
from checker.model.plan import TableInfo
from checker.model.schema import DocumentKind, Level

_MONTHS = ("januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
           "nopember|november|desember")
DATE_LINE = re.compile(rf"^[A-Za-z][A-Za-z .'-]{{1,40}},?\s+(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+"
                       r"(?:19|20)\d\d\.?$", re.IGNORECASE)
NIP = re.compile(r"^\s*NIP\.?\s*[:.]?\s*\d", re.IGNORECASE)
JABATAN = re.compile(r"^\s*(?:a\.?\s?n\.?\s|plt\.?\s|plh\.?\s|pj\.?\s|kepala\b|sekretaris\b|"
                     r"mengetahui|menyetujui|pihak\s+(?:pertama|kedua)|bupati\b|walikota\b|"
                     r"wali\s+kota\b|gubernur\b|pembina\b|penata\b)", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"rencana\s+aksi|renaksi|eselon|tingkat|perjanjian\s+kinerja|"
                          r"rencana\s+kinerja", re.IGNORECASE)


def signature_row(sheet: Sheet, row: int) -> bool:
    """A row of the signature block: place and date, a position, a name, a NIP."""
    cells = sheet.cells(row)
    if not cells or len(cells) > 3 or any(typed_number(sheet.value(row, c)) for c, _ in cells):
        return False
    texts = [x for _, x in cells]
    if any(DATE_LINE.match(x) or NIP.match(x) for x in texts):
        return True
    return len(cells) <= 2 and bool(JABATAN.match(texts[0])) and not _TITLE_WORDS.search(
        texts[0])


def title_row(sheet: Sheet, row: int) -> bool:
    """A row of text alone (one or two cells): a title, a subtitle, an agency line."""
    cells = sheet.cells(row)
    return (0 < len(cells) <= 2 and not any(typed_number(sheet.value(row, c)) for c, _ in cells)
            and all(len(x) <= 200 for _, x in cells) and not signature_row(sheet, row))




@dataclass
class Table:
    """One table of a sheet: its title, header, body rows and what it is."""

    sheet: Sheet
    title_rows: list[int]
    header: Header
    body: tuple[int, int]  # first and last row after the header
    name: str = ""
    kind: DocumentKind | None = None
    level: Level | None = None
    eselon: str | None = None
    level_source: str | None = None
    info: TableInfo | None = None
    notes: list[str] = field(default_factory=list)
    joined: list[tuple[int, int]] = field(default_factory=list)  # (first line, anchor)
    bare: bool = False  # declared by a mapping file without header rows (header = false)

    @property
    def top(self) -> int:
        """The table's first printed row: its header's, or its first row of data if bare."""
        return self.body[0] if self.bare else self.header.rows[0]

    @property
    def label(self) -> str:
        """What a cell address names as its table: the sheet, or the table in a text file.

        A text extract is one grid named after its file, so the sheet name says nothing the
        file name does not; the table's title (``RENCANA AKSI ESELON III``) does.
        """
        if self.sheet.container in WHOLE_FILE_GRIDS and self.name:
            return self.name
        return self.sheet.name

    @property
    def titles(self) -> list[str]:
        """The title rows above the table, or the caption a Word or PDF table carries."""
        rows = [" ".join(x for _, x in self.sheet.cells(r)) for r in self.title_rows]
        if not rows and self.header.rows[0] <= MAX_TITLE_ROWS + 1:
            return list(self.sheet.titles)
        return rows


def header_starts(sheet: Sheet, limit: int | None = None) -> list[int]:
    """Rows that look like the first row of a table header (``limit``: rows searched)."""
    return [r for r in sheet.filled(1, limit) if is_header_start(sheet, r)]


def has_header_start(sheet: Sheet, limit: int | None = None) -> bool:
    """Whether any row looks like the first row of a table header (``limit``: rows searched).

    ``bool(header_starts(…))`` without reading the rows below the first one found: a
    caller that only asks whether a grid has a header (the sniff, the wrapped-label stage,
    the choice of grids with tables) need not test each of a long text extract's lines.
    """
    return any(is_header_start(sheet, r) for r in sheet.filled(1, limit))


def _titles_above(sheet: Sheet, start: int, floor: int) -> list[int]:
    """Title rows just above a header (blank rows between allowed), top first."""
    found: list[int] = []
    blanks = 0
    r = start - 1
    while r >= floor and len(found) < MAX_TITLE_ROWS:
        if sheet.row_blank(r):
            blanks += 1
            if blanks > 2:
                break
        elif title_row(sheet, r):
            found.append(r)
            blanks = 0
        else:
            break
        r -= 1
    return sorted(found)


def find_tables(sheet: Sheet) -> list[Table]:
    """Every table of a sheet, in order, each with its title rows, header and body."""
    tables: list[Table] = []
    floor = 1
    after = 1  # the first row not yet taken by a header
    for r in header_starts(sheet):  # in order; a text part's 1,688 rows are not walked
        if r < after:
            continue  # inside the header block read last
        titles = _titles_above(sheet, r, floor)
        current = tables[-1] if tables else None
        titled = any(_TITLE_WORDS.search(" ".join(x for _, x in sheet.cells(t)))
                     for t in titles)
        if current is not None and not titled and row_key(sheet, r) in current.header.keys:
            after = r + 1  # the header printed again at the top of a page
            continue
        rows, numbered = header_block(sheet, r)
        header = read_header(sheet, rows, numbered)
        if current is not None and not titled and layout(header) == layout(current.header):
            # printed again with other spelling ("PER TRIWULAN" / "PERTRIWULAN"): a repeat
            current.header.keys |= {row_key(sheet, x) for x in rows}
            after = header.last_row + 1
            continue
        if current is not None:
            end = (titles[0] if titles else r) - 1
            current.body = (current.body[0], max(current.body[0] - 1, end))
        last = header.last_row
        tables.append(Table(sheet=sheet, title_rows=titles, header=header,
                            body=(last + 1, sheet.height)))
        floor = last + 1
        after = last + 1
    for table in tables:
        confirm(sheet, table.header, table.body)
        table.joined = join_lines(sheet, table.header, table.body)
        _describe(table)
    previous: DocumentKind | None = None
    for table in tables:
        table.kind = table.kind or previous
        adapt_renstra(table)  # year columns of a Renstra/RPJMD table
        previous = table.kind
    return tables


def table_at(sheet: Sheet, row: int) -> Table:
    """The table whose header a mapping file says starts at ``row``, found or not."""
    rows, numbered = header_block(sheet, row)
    header = read_header(sheet, rows, numbered)
    table = Table(sheet=sheet, title_rows=_titles_above(sheet, row, 1), header=header,
                  body=(header.last_row + 1, sheet.height))
    _describe(table)
    adapt_renstra(table)
    return table


def bare_table(sheet: Sheet, first_row: int, last_row: int | None = None) -> Table:
    """A table a mapping file declares without header rows (``header = false``).

    Its header is empty and sits on the row above ``first_row`` (row 0 for a grid whose
    first row is data), so the body starts at ``first_row``; the mapping gives the
    columns. Title rows above it still name its kind, level and agency.
    """
    header = Header(rows=[first_row - 1], numbered=[], cols={}, keys=set())
    table = Table(sheet=sheet, title_rows=_titles_above(sheet, first_row, 1), header=header,
                  body=(first_row, last_row or sheet.height), bare=True)
    _describe(table)
    return table


_TITLE_YEAR = re.compile(r"\b(?:tahun|ta)\.?\s*(?:anggaran\s*)?[:.]?\s*((?:19|20)\d\d)\b",
                         re.IGNORECASE)


def _years(table: Table) -> None:
    """Of a target column per year, the document's year is read; the others are context.

    The year is the one a title line above the table names (``TAHUN 2025``); with no
    such line, or none of the columns for it, no year column is read (STR-005 names them).
    """
    cols = [c for c in table.header.cols.values() if c.plan_year is not None]
    if not cols:
        return
    named = {int(m.group(1)) for r in table.sheet.filled(1, table.header.rows[0] - 1)
             if title_row(table.sheet, r)
             for m in [_TITLE_YEAR.search(" ".join(x for _, x in table.sheet.cells(r)))] if m}
    year = next(iter(named)) if len(named) == 1 else None
    for col in cols:
        if col.plan_year != year:
            col.role, col.reason = ("ignored", "year") if year else ("unknown", None)


def _describe(table: Table) -> None:
    """Kind, level and eselon from the title rows, else from the sheet name."""
    _years(table)
    for text in table.titles:
        kind = kind_from_text(text)
        if kind is not None and table.kind is None:
            table.kind = kind
        level, eselon = level_from_text(text)
        if level is not None and table.level is None:
            table.level, table.eselon, table.level_source = level, eselon, text
    if table.kind is None:
        table.kind = kind_from_text(table.sheet.name)
    if table.level is None:
        level, eselon = level_from_text(table.sheet.name)
        if level is not None:
            table.level, table.eselon = level, eselon
            table.level_source = table.sheet.name
