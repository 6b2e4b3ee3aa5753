"""The tables of a PDF with a text layer, one grid per table even over several pages.

:mod:`checker.importers.containers.pdf_page` reads each page's tables; this module joins
them. A table that goes on over a page break (the next page's first table has the same
kind, the same number of columns and columns at the same places, whether or not its header
is printed again) is one :class:`Sheet`, whose ``addresses`` give every grid row the page
and the row on that page a reviewer counts on paper. Repeated header rows stay in the
grid: the pipeline recognises them, as it does in a workbook.

A ruled row cut by the page break prints its first part at the bottom of one page and the
rest at the top of the next, where its identifying cells are empty. That second part is
joined into the row it continues, and ``Sheet.notes`` records the join at that row
(``containers.row_joined``) so that the pipeline can show it.

A PDF without any text (a scan) cannot be read at all: it is an :class:`InputError` that
says it needs OCR first; so is a PDF with some text but no table outside its scanned
pages. Scanned pages beside printed tables (often the signed page) are named in a note at
the first table's first row (``containers.pages_without_text``), never skipped silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from checker.importers.containers.pdf_page import (
    PageTable,
    page_tables,
    text_lines,
    without_doubles,
)
from checker.importers.excel_grid import Sheet
from checker.model.errors import InputError
from checker.model.location import Location, column_letter

#: Column boundaries of a table continued on the next page lie within this many points of
#: the previous page's (the same table printed twice lands on the same positions).
CONTINUATION_X_TOLERANCE = 4.0
#: Lines printed above a table kept as its titles (the nearest ones), and the first lines
#: of the document's first page (title, agency, year) added to its first table's titles.
MAX_TITLES = 8
HEAD_LINES = 4
_DIGITS = re.compile(r"\d+")
_NUMBER = re.compile(r"^[\d.,%()\-–\s]+$|^rp\b", re.IGNORECASE)


def read_pdf_grids(path: Path) -> list[Sheet]:
    """One :class:`Sheet` per table ("Tabel N"), tables over page breaks joined."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    where = Location(file=str(path))
    try:
        with pdfplumber.open(str(path)) as pdf:
            if not pdf.pages:
                raise ValueError("no pages")
            tables, head, page_text, textless = _read_pages(pdf.pages)
    except PDFPasswordIncorrect as exc:
        raise InputError("containers.pdf_encrypted", where) from exc
    except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError)
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise InputError("containers.pdf_encrypted", where) from exc
        raise InputError("containers.pdf_unreadable", where,
                         reason=f"{type(exc).__name__}: {exc}") from exc
    if not page_text or (textless and not tables):  # scanned, or its tables are
        raise InputError("containers.pdf_needs_ocr", where)
    sheets = assemble(tables, head, page_text)
    if textless:  # a scanned page among printed ones (often a signed page, maybe a table)
        sheets[0].notes.insert(0, (1, "containers.pages_without_text",
                                   {"pages": ", ".join(str(p) for p in textless)}))
    return sheets


def _read_pages(pages: list[Any]) -> tuple[list[PageTable], list[str], dict[int, set[str]],
                                          list[int]]:
    """Every page's tables, the first page's head, and what text each page has.

    Returns the tables (titles set), page 1's lines outside its tables, each text page's
    lines (for :func:`continues`), and the numbers of the pages without text (scanned).
    """
    from checker.importers.containers.pdf_device import read_objects  # loads pdfplumber

    tables: list[PageTable] = []
    head: list[str] = []
    page_text: dict[int, set[str]] = {}
    textless: list[int] = []
    for page in pages:
        try:
            read_objects(page)
            if not page.chars:
                textless.append(page.page_number)
            else:
                found, lines = _read_page(without_doubles(page), tables)
                page_text[page.page_number] = {_key(text) for _, _, text in lines}
                if page.page_number == 1:  # the title block: lines outside every table
                    head = [text for top, bottom, text in lines
                            if not any(t.top - 1 <= top and bottom <= t.bottom + 1
                                       for t in found)][:HEAD_LINES]
        finally:
            page.close()  # frees the page's parsed objects: long reports stay in bounds
    return tables, head, page_text, textless


def _read_page(page: Any, tables: list[PageTable]) -> tuple[list[PageTable],
                                                            list[tuple[float, float, str]]]:
    """Add a page's tables (with the lines above each as titles) to ``tables``."""
    lines = text_lines(page)
    found = page_tables(page)
    previous_bottom = 0.0
    for table in found:
        table.titles = [text for top, bottom, text in lines
                        if bottom <= table.top + 1 and top >= previous_bottom - 1]
        table.titles = table.titles[-MAX_TITLES:]
        previous_bottom = table.bottom
        tables.append(table)
    return found, lines


def assemble(tables: list[PageTable], head: list[str],
             page_text: dict[int, set[str]] | None = None) -> list[Sheet]:
    """The page tables as sheets: continued tables joined, split rows mended.

    ``page_text`` holds every page's lines (digits removed), to tell a running page header
    above a continued table from the caption of a new one.
    """
    sheets: list[Sheet] = []
    last: PageTable | None = None
    for table in tables:
        if sheets and last is not None and continues(last, table, page_text or {}):
            _append(sheets[-1], table, last)
        else:
            sheet = Sheet(name=f"Tabel {len(sheets) + 1}", rows=[], container="pdf",
                          addresses=[])
            titles = list(table.titles)
            if not sheets:
                titles = [t for t in head if t not in titles] + titles
            sheet.titles = titles
            _append(sheet, table, None)
            sheets.append(sheet)
        last = table
    return sheets


def continues(previous: PageTable, table: PageTable,
              page_text: dict[int, set[str]]) -> bool:
    """True when ``table`` is ``previous`` going on at the top of the next page.

    Same kind of table, same number of columns at the same places, and nothing printed
    above it but what the previous page also prints (a running header, a page number): a
    caption of its own would make it a new table.
    """
    if table.page != previous.page + 1 or table.strategy != previous.strategy:
        return False
    if len(table.columns) != len(previous.columns) or any(
            abs(a - b) > CONTINUATION_X_TOLERANCE
            for a, b in zip(table.columns, previous.columns, strict=True)):
        return False
    before = page_text.get(previous.page, set())
    return all(_key(t) in before for t in table.titles)


def _key(text: str) -> str:
    """A line compared across pages: without digits (page numbers) and spacing."""
    return _DIGITS.sub("", " ".join(text.split())).strip().lower()


def _append(sheet: Sheet, table: PageTable, previous: PageTable | None) -> None:
    """Add a page's rows to a sheet, joining a row the page break cut in two.

    The rows keep their printed position on the page in ``addresses`` (a joined
    continuation still counts as the page's first row on paper).
    """
    assert sheet.addresses is not None
    skip: set[int] = set()
    if previous is not None and table.strategy == "ruled" and sheet.rows:
        first = _repeated_header(sheet, table)
        if first < len(table.rows) and is_continuation(sheet.rows[-1], table.rows[first]):
            _join(sheet, len(sheet.rows), table.rows[first], table.page)
            skip.add(first + 1)
    grid_row: dict[int, int] = {}
    for i, row in enumerate(table.rows, start=1):
        if i in skip:
            continue
        sheet.rows.append(list(row))
        sheet.addresses.append((table.page, i))
        grid_row[i] = len(sheet.rows)
    merges = list(sheet.merges)
    for r1, c1, r2, c2 in table.merges:
        if r1 in grid_row:
            merges.append((grid_row[r1], c1, grid_row[r1] + r2 - r1, c2))
    sheet.set_merges(merges)
    sheet.bold.update((grid_row[r], c) for r, c in table.bold if r in grid_row)
    sheet.indent.update({(grid_row[r], c): level for (r, c), level in table.indent.items()
                         if r in grid_row})


def _repeated_header(sheet: Sheet, table: PageTable) -> int:
    """How many of the page's first rows repeat the sheet's first rows (its header)."""
    n = 0
    while n < len(table.rows) and n < len(sheet.rows) and \
            [c.strip() for c in table.rows[n]] == [str(c).strip() for c in sheet.rows[n]] and \
            any(c.strip() for c in table.rows[n]):
        n += 1
    return n


def is_continuation(previous: list[Any], row: list[str]) -> bool:
    """True when ``row`` (first on a page) only carries on the text of ``previous``.

    Its first cell (the number or name that identifies a row) is empty; every cell it has
    continues a cell of the previous row (same column, not empty there, not the same text
    again as a repeated unit such as ``BPBD`` would be), and none is a number: a row of its
    own would have its own values.
    """
    filled = [(c, text.strip()) for c, text in enumerate(row) if text.strip()]
    if not filled or row[0].strip():
        return False
    for c, text in filled:
        above = str(previous[c]).strip() if c < len(previous) else ""
        if not above or above == text or _NUMBER.match(text):
            return False
    return True


def _join(sheet: Sheet, target: int, row: list[str], page: int) -> None:
    """Append a continuation's cells to grid row ``target`` and note it there."""
    cells = sheet.rows[target - 1]
    shown = []
    for c, text in enumerate(row):
        if text.strip():
            cells[c] = f"{str(cells[c]).rstrip()} {text.strip()}".strip()
            shown.append(f"{column_letter(c + 1)}: {text.strip()[:40]}")
    sheet.notes.append((target, "containers.row_joined",
                        {"page": page, "cells": "; ".join(shown)}))
