"""Generic numeric tables: any table with a totals row (``Jumlah``, ``Total``), any subject.

A report holds tables that are not plans (staff per rank, education or training level,
facilities, visitor counts): readers pass over them, but their totals rows are still
printed numbers that must add up. This module turns such a table into
:class:`~checker.model.plan.TableCell` rows, one per whole number, so that ROL-011 can
check, column by column, that a totals row is the sum of the rows above it.

False errors are worse than misses, so a column or a totals row is kept only when its
meaning is plain:

- a totals row is a row whose label (its first non-blank cell) is short and starts with
  ``Jumlah``/``Total``, and which holds at least one number;
- a totals row adds up the detail rows since the previous totals row (or the header); a
  totals row right after other totals rows adds those up (a grand total over subtotals);
  a table whose totals rows carry different labels with detail rows between them (a
  ``Sub Total`` then a ``Total`` that may cover everything) is left alone;
- a column is summed only when its header does not name a share or a mean (``%``,
  ``persen``, ``rata``, ``capaian``, ``indeks``, ``tingkat``, ``nilai``, ``No``), when every
  value in it (details and total) reads as one whole number without ``%``, and when at
  least one detail value is present. A cell that cannot be read drops the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from checker.importers.excel_grid import Sheet
from checker.importers.numbers import parse_number
from checker.model.location import Location, column_letter
from checker.model.plan import TableCell

#: A totals row's label: ``Jumlah``, ``Total``, ``Jumlah Total``, ``Sub Total`` … (short).
_TOTAL_LABEL = re.compile(r"^(?:sub\s*)?(?:jumlah|total)\b", re.IGNORECASE)
MAX_LABEL_WORDS = 3
#: Header words of columns that are not sums by design (shares, means, scores, numbering).
_NOT_SUMMED = re.compile(
    r"%|\bpersen|\bprosen|\brata|\bcapaian\b|\bindeks\b|\btingkat\b|\bnilai\b|"
    r"\befisiensi|\befesiensi|\brasio\b|^\s*no\.?\s*$|\bnomor\b|\btahun\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """One printed row of a table: its cells' texts and the row number of its address."""

    number: int
    cells: Sequence[str]
    page: int | None = None  # the printed page of a PDF row (``number`` counts on that page)


@dataclass
class _Number:
    value: int
    unit: str | None


def _whole(text: str) -> _Number | bool | None:
    """A cell as a whole number (``26 Orang`` → 26), ``None`` when blank, False otherwise."""
    if not text.strip():
        return None
    parsed = parse_number(text)
    if parsed.status == "blank":
        return None
    if not parsed.ok or parsed.value is None or parsed.unit == "%":
        return False
    if parsed.value != parsed.value.to_integral_value():
        return False
    return _Number(int(parsed.value), parsed.unit)


def _label(cells: Sequence[str]) -> tuple[int, str] | None:
    """The first non-blank cell (its index and text), if it is a text, not a number."""
    for index, text in enumerate(cells):
        if text.strip():
            return None if re.match(r"^\s*[-−–]?\d", text) else (index, text.strip())
    return None


def _is_total(cells: Sequence[str]) -> tuple[int, str] | None:
    found = _label(cells)
    if found is None:
        return None
    index, text = found
    words = text.split()
    if not _TOTAL_LABEL.match(text) or len(words) > MAX_LABEL_WORDS or re.search(r"\d", text):
        return None
    if not any(_whole(c) not in (None, False) for c in cells[index + 1:]):
        return None
    return found


def _has_number(cells: Sequence[str], start: int) -> bool:
    return any(re.match(r"^\s*(?:rp\.?\s*)?[-−–]?\d", c, re.IGNORECASE) for c in cells[start:])


def _numbering(cells: Sequence[str]) -> bool:
    """A row of column numbers (``1 2 3 … n`` or ``(1) (2) …``) printed under a header."""
    texts = [c.strip().strip("()") for c in cells if c.strip()]
    if len(texts) < 2 or not all(t.isdigit() and len(t) <= 2 for t in texts):
        return False
    first = int(texts[0])
    return first <= 1 and [int(t) for t in texts] == list(range(first, first + len(texts)))


def _headers(lines: Sequence[Line]) -> tuple[int, dict[int, str]]:
    """How many leading lines are header lines, and each column's header path."""
    count = 0
    for line in lines:
        if (_has_number(line.cells, 1) and not _numbering(line.cells)) \
                or _is_total(line.cells):
            break
        count += 1
    paths: dict[int, list[str]] = {}
    for line in lines[:count]:
        for index, text in enumerate(line.cells):
            if text.strip():
                paths.setdefault(index, []).append(text.strip())
    return count, {i: " / ".join(p) for i, p in paths.items()}


def _nested(lines: Sequence[Line]) -> bool:
    """Rows coded at several depths (``1.06.01`` over ``1.06.01.2.01``): a hierarchy.

    A totals row of such a table adds up one level, not every row above it; which one is
    the plan readers' business (ROL-001, ROL-002), not a generic sum's.
    """
    depths = set()
    for line in lines:
        for text in line.cells[:3]:
            code = re.fullmatch(r"\s*(\d+(?:\.\d+)+)\.?\s*", text)
            if code:
                depths.add(code.group(1).count("."))
    return len(depths) > 1


def _blocks(lines: Sequence[Line], start: int) -> list[tuple[Line, str, list[Line]]]:
    """Each totals row with its label and the lines it adds up.

    Detail lines since the previous totals row; right after other totals rows, every
    subtotal since the table's start (a grand total). Mixed labels with details in
    between: ambiguous, none.
    """
    out: list[tuple[Line, str, list[Line]]] = []
    details: list[Line] = []
    subtotals: list[Line] = []  # totals rows that closed a block of details
    labels: set[str] = set()
    for line in lines[start:]:
        found = _is_total(line.cells)
        if found is None:
            if _has_number(line.cells, 1) and not _numbering(line.cells):
                details.append(line)
            continue
        label = found[1]
        key = re.sub(r"\s+", " ", label.casefold())
        if details:
            if labels and key not in labels:
                return []  # a Sub Total and a Total: which rows the second covers is unclear
            out.append((line, label, details))
            subtotals.append(line)
            labels.add(key)
        elif subtotals:
            out.append((line, label, list(subtotals)))
        details = []
    return out


def table_cells(lines: Sequence[Line], table: str, file: str,
                page: int | None = None) -> list[TableCell]:
    """The cells of one table that a totals row adds up, with the totals cells themselves.

    ``lines`` are the table's printed rows (header first), each cell's column letter its
    position (1 → A). Empty when the table has no totals row or no column to sum.
    """
    if not any(_is_total(line.cells) for line in lines):
        return []
    start, headers = _headers(lines)
    if _nested(lines[start:]):
        return []
    out: list[TableCell] = []
    for total, label, rows in _blocks(lines, start):
        index = _label(total.cells)[0]  # type: ignore[index]
        for col in range(index + 1, len(total.cells)):
            header = headers.get(col, "")
            if _NOT_SUMMED.search(header):
                continue
            whole = _whole(total.cells[col])
            parts = [(r, _whole(r.cells[col] if col < len(r.cells) else "")) for r in rows]
            if not isinstance(whole, _Number) or any(v is False for _, v in parts):
                continue
            present = [(r, v) for r, v in parts if isinstance(v, _Number)]
            if not present:
                continue
            letter = column_letter(col + 1)
            key = f"{table}!{letter}{total.number}"
            out.append(_cell(table, file, page, total, col, header, label, "jumlah",
                             whole, kunci=key))
            for row, value in present:
                name = next((c.strip() for c in row.cells
                             if c.strip() and not re.match(r"^\s*[-−–]?\d", c)), None)
                out.append(_cell(table, file, page, row, col, header, name, "rincian", value,
                                 jumlah=key))
    return _linked(out)


def _linked(cells: list[TableCell]) -> list[TableCell]:
    """A subtotal cell added up by a grand total is one cell: detail of one, total of another.

    The grand total's rows are the earlier totals rows, already emitted as ``jumlah``
    cells; their ``rincian`` copies carry the link instead of a duplicate row.
    """
    totals = {(c.table, c.cells["nilai"].cell): c for c in cells if c.peran == "jumlah"}
    out: list[TableCell] = []
    for c in cells:
        twin = totals.get((c.table, c.cells["nilai"].cell)) if c.peran == "rincian" else None
        if twin is not None:
            twin.jumlah = c.jumlah
            continue
        out.append(c)
    return out


def _cell(table: str, file: str, page: int | None, line: Line, col: int, header: str,
          label: str | None, role: str, number: _Number, *, kunci: str | None = None,
          jumlah: str | None = None) -> TableCell:
    letter, text = column_letter(col + 1), line.cells[col]
    page = line.page if line.page is not None else page
    cell = TableCell(tabel=table, kolom=header or None, baris=label, peran=role,
                     kunci=kunci, jumlah=jumlah, nilai=number.value, satuan=number.unit,
                     file=file, table=table, page=page, row=line.number)
    cell.locate("nilai", Location(file=file, table=table, page=page, row=line.number,
                                  column=letter), text)
    return cell


def grid_lines(sheet: Sheet) -> list[Line]:
    """A grid's rows as printed lines (PDF rows keep their page and row on that page)."""
    out = []
    for r in range(1, sheet.height + 1):
        cells = [sheet.shown(r, c) for c in range(1, sheet.width + 1)]
        page, number = (sheet.addresses[r - 1] if sheet.addresses and r <= len(sheet.addresses)
                        else (None, r))
        out.append(Line(number, cells, page))
    return out
