"""Rows whose cells are shifted by one: found by how well the values fit their columns.

A scan or a copy that loses a cell moves every later value one column left (an extra
cell, right). :func:`realign` scores each candidate shift by how well the values fit
their columns and realigns a row only when one candidate is clearly better than the row
as it stands (STR-001 said; a tie is STR-002 and the row is read as printed). Used by
every table the shared stages read (:class:`~checker.importers.excel_build.DocReader`).
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Any

from checker.i18n import t
from checker.importers.excel_grid import typed_number
from checker.importers.excel_header import Col
from checker.importers.excel_pieces import NS
from checker.importers.numbers import parse_number
from checker.model.location import column_letter

if TYPE_CHECKING:
    from checker.importers.excel_records import TableReader

_INDICATOR_START = re.compile(
    r"^(jumlah|persentase|presentase|prosentase|persen|nilai|indeks|index|rasio|angka|"
    r"tingkat|cakupan|rata|banyaknya|proporsi)\b", re.IGNORECASE)


def realign(report: Any, reader: TableReader, row: int,
            mapping: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """The row's field → column map, realigned when its cells are shifted by one.

    A missing cell moves every later value one column left (an extra cell, right).
    Each position is scored by how well the values fit their columns (numbers in
    number columns, short text in SATUAN, an indicator's wording in the indicator
    column, nothing left over); the row is realigned only when one candidate is
    clearly better than the row as it stands, and never when two candidates tie
    (STR-002 then, and the row is read as it stands). A virtual grid (key-value
    records) names every value by its key, and a pipe row put back together from two
    lines is placed by its bars: nothing there can be shifted.
    """
    if any((row, c) in reader.sheet.cell_addresses for c, _ in reader.sheet.cells(row)):
        return mapping
    cols = {c.index: c for c in reader.t.header.cols.values()
            if c.role not in ("unknown", "ignored", "item_sasaran")}
    width = max(cols, default=0)
    view = _RowView(reader, row, cols)
    printed = _fit(view, cols, 0, 0)
    if printed[1] < 2:
        return mapping
    scored = _shift_scores(view, cols, width)
    scored.sort(key=lambda s: -s[0])
    best = scored[0]
    if best[0] < printed[0] + 3:
        return mapping
    if len(scored) > 1 and scored[1][0] == best[0]:
        report.add("STR-002", "str_shift_unclear", report.loc(reader, row),
                 actual=" | ".join(x for _, x in reader.sheet.cells(row)))
        return mapping
    _, k, delta = best
    moved = {f: (c + delta if c >= k else c) for f, c in mapping.items()
             if not (delta < 0 and c == k)}
    col = cols.get(k)
    header = col.header if col else column_letter(k)
    sample = reader.sheet.text(row, k)
    report.add("STR-001", "str_shifted_row", report.loc(reader, row, k),
             actual=sample, header=header, column=column_letter(k),
             cell=f"{column_letter(k)}{row}", sample=sample[:60],
             localised={"direction": partial(t, f"{NS}.shift_left" if delta < 0
                                             else f"{NS}.shift_right")})
    reader.shift = (k, delta)
    return moved

def _fit(view: _RowView, cols: dict[int, Col], k: int,
         delta: int) -> tuple[int, int]:
    """(score, conflicts) of reading a row with its cells from column ``k`` moved."""
    score = conflicts = 0
    used: set[int] = set()
    for index, col in cols.items():
        if delta < 0 and index == k:
            continue
        phys = index + delta if k and index >= k else index
        used.add(phys)
        got, conflict = _cell_fit(view, col, index, phys)
        score, conflicts = score + got, conflicts + conflict
    lost = sum(1 for c in view.filled if c not in used and c not in view.unread)
    return score - 3 * lost, conflicts + lost

def _shift_scores(view: _RowView, cols: dict[int, Col],
                  width: int) -> list[tuple[int, int, int]]:
    """``(_fit(view, cols, k, delta)[0], k, delta)`` for k in 2..width, delta -1 then 1.

    The same scores, summed from each column's fit read once where it stands and once
    moved each way (a candidate only chooses which of the three counts), instead of
    every cell scored again for each of the ~2 × width candidates: the shifted-row test
    was quadratic in the columns of a row (Deli Serdang's 30 columns, 102 rows: 5,758
    candidate scores, 113,000 cell fits).
    """
    fits = {d: {i: _cell_fit(view, col, i, i + d)[0] for i, col in cols.items()}
            for d in (-1, 0, 1)}
    kept = [c for c in view.filled if c not in view.unread]
    return shift_totals(fits, kept, set(cols), width)


def shift_totals(fits: dict[int, dict[int, int]], kept: list[int], cols: set[int],
                 width: int) -> list[tuple[int, int, int]]:
    """``(score - 3 * lost, k, delta)`` for k in 2..width, delta -1 then 1, from the fits.

    A column ``i`` counts its unmoved fit left of ``k`` and its fit moved by ``delta``
    from ``k`` on (the column at ``k`` itself dropped when moving left); a filled cell
    ``c`` is lost when no column stands on it: left of ``k`` unless ``c`` is a column,
    from ``k`` on unless ``c - delta`` is one (``c == k`` always, moving right). Each is
    a prefix or suffix sum over the columns, so a row costs its width, not its width
    squared (Deli Serdang: 102 rows of 30 columns, 60 candidates each).
    """
    size = max([width, *cols, *kept], default=width) + 2
    unmoved = [0] * (size + 1)  # unmoved[k]: the unmoved fits of the columns left of k
    moved = {d: [0] * (size + 1) for d in (-1, 1)}  # moved[d][k]: moved fits from k on
    for i in range(size):
        unmoved[i + 1] = unmoved[i] + fits[0].get(i, 0)
    for d in (-1, 1):
        for i in range(size - 1, -1, -1):
            moved[d][i] = moved[d][i + 1] + fits[d].get(i, 0)
    filled = set(kept)
    bare = [0] * (size + 1)  # bare[k]: filled cells left of k under no column
    for c in range(size):
        bare[c + 1] = bare[c] + (c in filled and c not in cols)
    orphan = {d: [0] * (size + 1) for d in (-1, 1)}  # from k on, under no column moved by d
    for d in (-1, 1):
        for c in range(size - 1, -1, -1):
            orphan[d][c] = orphan[d][c + 1] + (c in filled and (c - d) not in cols)
    out: list[tuple[int, int, int]] = []
    for k in range(2, width + 1):
        for delta in (-1, 1):
            score = unmoved[k] + moved[delta][k]
            if delta < 0 and k in cols:
                score -= fits[-1][k]
            if delta < 0:
                lost = bare[k] + orphan[-1][k]
            else:
                lost = bare[k] + (k in filled) + orphan[1][k + 1]
            out.append((score - 3 * lost, k, delta))
    return out


def _cell_fit(view: _RowView, col: Col, index: int, phys: int) -> tuple[int, int]:
    """(score, conflicts) of the cell at ``phys`` read as column ``index`` (``col``)."""
    text, numeric = view.cell(phys)
    role = col.role
    if role in ("quarter", "annual", "pagu"):
        if numeric or not text:
            return (1 if text else 0), 0
        return -2, 1
    if role == "no":
        return (1 if text.isdigit() else (0 if not text else -1)), 0
    if role == "name" and index not in view.groups:
        if numeric or _INDICATOR_START.match(text):
            return -2, 1
        return (1 if text else 0), 0
    if role == "satuan":
        if numeric or len(text.split()) > 5:
            return -2, 1
        return (1 if text else 0), 0
    if numeric:
        return -2, 1
    if role != "cells":
        return (1 if text else -1), 0
    return 0, 0


class _RowView:
    """One row's cells as ``_fit`` reads them, each read once for every candidate shift.

    ``realign`` scores a row about twice per column (every column, moved left and right):
    reading and classifying each cell once per row instead of once per candidate is what
    keeps a wide sheet (Deli Serdang's 30 columns) from costing seconds.
    """

    def __init__(self, reader: TableReader, row: int, cols: dict[int, Col]) -> None:
        self._sheet, self._row = reader.sheet, row
        self._cells: dict[int, tuple[str, bool]] = {}
        self.groups = reader.groups
        # A value under a column the header names but this reader does not read (a
        # Renstra or percentage column) is where it belongs, not left over.
        self.unread = {i for i in reader.t.header.cols if i not in cols}
        self.filled = [c for c, _ in reader.sheet.cells(row)]

    def cell(self, col: int) -> tuple[str, bool]:
        """The cell's text, and whether it reads as a number (typed, or parsed from text)."""
        found = self._cells.get(col)
        if found is None:
            text = self._sheet.text(self._row, col)
            value = self._sheet.value(self._row, col)
            numeric = bool(text) and (typed_number(value) or parse_number(text).status in (
                "ok", "blank"))
            found = self._cells[col] = (text, numeric)
        return found
