"""Rows printed over several lines, joined into one before they are read.

A table laid out with spaces (a PDF without ruling, text copied from a viewer) prints one
record over several lines: the number, the name in three pieces, the amount on the middle
line, the source of funds on the first::

    1   Program Peningkatan
        Pengembangan Sistem Pelaporan   Rp  177.792.500  APBD
        Capaian Kinerja dan Keuangan

Each line becomes a grid row, so the reader would see a number without a name, a name
without an amount, and another name. This stage joins every run of lines that belongs to
one numbered record: the texts of each column are joined in order and written into the
record's *anchor*, the line that holds its figures, so that every amount keeps its own
cell; the other lines are emptied and listed in the table's notes. Only Word, PDF and text
grids are joined (a worksheet's rows are rows), and only a table whose NO column numbers
the records and whose unnumbered lines carry text alone.
"""

from __future__ import annotations

import itertools

from checker.importers.excel_grid import Sheet, typed_number
from checker.importers.excel_header import Header
from checker.importers.numbers import parse_money

#: Containers whose grid rows may be printed lines rather than records.
LINE_CONTAINERS = ("pdf", "text", "docx", "docx-flow")
#: Text columns whose pieces are joined (the rest are figures, kept where they are).
TEXT_ROLES = ("name", "indikator", "satuan", "pj", "ignored", "unknown", "kode")


def _number(sheet: Sheet, row: int, col: int) -> bool:
    value = sheet.value(row, col)
    if typed_number(value):
        return True
    text = sheet.text(row, col)
    return bool(text) and parse_money(text).ok


def join_lines(sheet: Sheet, header: Header, body: tuple[int, int]) -> list[tuple[int, int]]:
    """Join the lines of each numbered record; return (first line, anchor) per record joined."""
    if sheet.container not in LINE_CONTAINERS:
        return []
    no_col = next((c.index for c in header.cols.values() if c.role == "no"), None)
    names = [c.index for c in header.cols.values() if c.role == "name"]
    if not names:
        return []
    if no_col is None:  # numbers printed left of the names under no header of their own
        no_col = _unheaded_numbers(sheet, header, body, min(names))
        if no_col is None:
            return []
    text_cols = {c.index for c in header.cols.values() if c.role in TEXT_ROLES}
    first, last = body
    # The rows holding anything (a part's grid keeps the other parts' rows empty): an
    # empty row is no start and no loose line, and asking each cost most of the stage.
    filled = sheet.filled(first, last)
    starts = [r for r in filled if sheet.text(r, no_col).rstrip(".").isdigit()]
    if len(starts) < 2:
        return []
    started = set(starts)
    loose = [r for r in filled if r not in started and sheet.cells(r)
             and all(c in text_cols or c not in header.cols for c, _ in sheet.cells(r))
             and not any(_number(sheet, r, c) for c, _ in sheet.cells(r))]
    if len(loose) < len(starts):  # most records fit one line: nothing to join
        return []
    joined: list[tuple[int, int]] = []
    bounds = [*starts, last + 1]
    for start, stop in itertools.pairwise(bounds):
        lines = [r for r in sheet.filled(start, stop - 1) if sheet.cells(r)]
        end = _record_end(sheet, lines, text_cols, header)
        lines = [r for r in lines if r <= end]
        if len(lines) < 2:
            continue
        anchor = next((r for r in lines if any(_number(sheet, r, c) for c, _ in sheet.cells(r)
                                               if c not in text_cols and c != no_col)),
                      lines[0])
        for col in sorted({c for r in lines for c, _ in sheet.cells(r)}):
            if col not in text_cols and col != no_col:
                continue
            pieces = [sheet.text(r, col) for r in lines if sheet.text(r, col)]
            _put(sheet, anchor, col, " ".join(pieces) if col != no_col else pieces[0])
            for r in lines:
                if r != anchor:
                    _put(sheet, r, col, None)
        joined.append((lines[0], anchor))
    return joined


def _unheaded_numbers(sheet: Sheet, header: Header, body: tuple[int, int],
                      name_col: int) -> int | None:
    """A column left of the names, without a header, holding only record numbers."""
    for col in range(1, name_col):
        if col in header.cols and header.cols[col].role not in ("unknown",):
            continue
        texts = [sheet.text(r, col) for r in range(body[0], body[1] + 1) if sheet.text(r, col)]
        if len(texts) >= 2 and all(t.rstrip(".").isdigit() and len(t) <= 4 for t in texts):
            return col
    return None


def _record_end(sheet: Sheet, lines: list[int], text_cols: set[int], header: Header) -> int:
    """The last line of a record: a totals row or a signature after it is not part of it."""
    from checker.importers.excel_pieces import SUMMARY_LABEL
    from checker.importers.excel_tables import signature_row

    for r in lines:
        first = sheet.cells(r)[0][1] if sheet.cells(r) else ""
        if r != lines[0] and (SUMMARY_LABEL.match(first) or signature_row(sheet, r)):
            return r - 1
    return lines[-1]


def _put(sheet: Sheet, row: int, col: int, value: object) -> None:
    cells = sheet.rows[row - 1]
    while len(cells) < col:
        cells.append(None)
    cells[col - 1] = value
