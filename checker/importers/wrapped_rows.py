"""Rows whose label wraps over several lines of a text extract, joined by weighed evidence.

Text copied from a PDF viewer prints a table cell of several lines as several lines: the
figures of a row stand on one line with the first words of its label, and the rest of
the label (often with the row's number, centred in its cell) on the lines below it, or
above it when the cell is bottom-aligned::

    Persentase persalinan di 70,0 75,0 85,0 95,0 100 100
    4 fasilitas kesehatan (%)

Read line by line, the second line is a row without figures and the first a row whose
label stops at ``di``. This stage finds such a table in a text grid (lines ending in the
same number of figures, with lines of text only between them) and says which text line
belongs to which figures line, from evidence, never from position alone:

- **the direction of the table** (the fragments continue the row above, or open the row
  below), voted by every row: a label ending in a word that needs what follows (``di``,
  ``yang``, ``per``, an open parenthesis) continues below; a fragment that opens in lower
  case continues what stands above it; a figures line without a label takes its label from
  above. Only a clear lead decides; a tie joins nothing;
- **the row numbers**: a fragment opening with a number (``4 fasilitas …``, a lone
  ``14``) numbers a row when the number counts the figures lines as the other numbers do
  (the same offset for most of them); a number that does not (``60 tahun …``) is label
  text, and a lone number that does not (``1.``, a code centred in a merged cell) is set
  aside, never read as anyone's number;
- **ambiguity**: a fragment numbered as the row on its other side, or lying where the
  direction gives it to no row, is not joined: it is listed with its line (``unplaced``),
  so that a reviewer sees what was not read, and no label is invented.

A line with one figure more than the table's, whose label ends in a word needing what
follows (``Angka Kematian Bayi per 1.000 0 0 0 0 0 0``), has its first figure read as the
end of its label. The stage only describes; :func:`joined_grid` writes the rows as a
virtual grid (``No | label | figures``, every cell at its real address) for the callers
that read it, and :func:`describe` says what was joined and what was set aside.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from checker.importers.excel_grid import Sheet

#: A cell that is one figure: a number, a percentage, a range, a dash for nothing.
_NUMBER = r"(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
FIGURE = re.compile(rf"^(?:[-–]|\(?[-+]?{_NUMBER}\)?\s*%?|{_NUMBER}\s*[-–]\s*{_NUMBER}\s*%?)$")
#: A name opening with its level word: ``Program …``, ``Kegiatan …``, ``1. Sub Kegiatan …``.
NAME_OPENER = re.compile(r"^(?:\d{1,3}\s*\.?\s*)?(?:program|kegiatan|sub[\s-]*kegiatan)\b",
                         re.IGNORECASE)
#: Figures closing a name's line: ``Program Pemerintahan Dan Otonomi Daerah 88.6``.
_TRAILING = re.compile(rf"^(?P<name>.*?\D)\s+(?P<figures>(?:{_NUMBER}%?\s*)+)$")
#: A fragment opening with a row number: ``4 fasilitas kesehatan (%)``, ``14``, ``1.``.
LEADING_NUMBER = re.compile(r"^(\d{1,3})(\.?)(?:\s+(\S.*))?$")
#: Words a label cannot end with: what they need follows on the next line.
DANGLING = frozenset({
    "di", "ke", "dari", "dan", "yang", "per", "atau", "serta", "dengan", "untuk", "pada",
    "dalam", "oleh", "terhadap", "bagi", "antar", "sebagai", "tentang", "melalui", "the",
})
#: Fewest lines of figures, and fewest figures a line, that make a wrapped table.
MIN_ROWS = 3
MIN_FIGURES = 3
#: Most text lines between two figures lines (or above the first, below a line of
#: column numbers) that can still be the labels of the rows there: past it, prose.
MAX_FRAGMENTS = 30
#: The direction decides when it has at least this many votes and twice the other's.
MIN_VOTES = 2


@dataclass(frozen=True)
class Fragment:
    """A piece of text at its address in the grid (1-based row and column)."""

    row: int
    col: int
    text: str


@dataclass
class JoinedRow:
    """One row of the table: its figures line, its label pieces and its number."""

    row: int
    figures: list[Fragment | None]
    parts: list[Fragment] = field(default_factory=list)
    number: int | None = None
    number_at: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        """The label as read: every piece in line order, one space between."""
        return " ".join(p.text for p in self.ordered())

    def ordered(self) -> list[Fragment]:
        """The label's pieces in the order they are printed."""
        return sorted(self.parts, key=lambda p: (p.row, p.col))

    def split(self) -> tuple[list[Fragment], list[Fragment]]:
        """(text before the name, the name): the name opens with its level word.

        A row of a realisation table prints its indicator before its program's name
        (``1 Persentase … Swasta`` / ``Program Pemerintahan …``): two cells of the row.
        A level word after a word needing more (``… serta Kegiatan Evaluasi``) opens no
        name. Without a name the whole label is the text before it.
        """
        parts = self.ordered()
        for at, part in enumerate(parts):
            if opens_name(part.text) and not (at and dangles(parts[at - 1].text)):
                return parts[:at], parts[at:]
        return parts, []

    @property
    def lines(self) -> list[int]:
        """Every grid row the row was read from, its figures line included."""
        rows = {self.row, *(p.row for p in self.parts)}
        if self.number_at is not None:
            rows.add(self.number_at[0])
        return sorted(rows)


@dataclass
class WrappedTable:
    """The rows found, the fragments set aside (with why), and the direction decided."""

    rows: list[JoinedRow]
    unplaced: list[tuple[Fragment, str]]
    direction: str | None
    votes: dict[str, int]


def is_figure(text: str) -> bool:
    """True for a cell holding one figure (``70,0``, ``1,231,790,000``, ``69,1-69,5``)."""
    return bool(FIGURE.match(text.strip()))


def dangles(text: str) -> bool:
    """True when a label cannot end here: a word needing more, an open parenthesis."""
    words = text.strip().split()
    if not words:
        return False
    last = words[-1].casefold()
    return last in DANGLING or text.count("(") > text.count(")") or last.endswith(("/", "-"))


def continues(text: str) -> bool:
    """True when a fragment opens in the middle of a label (lower case, ``(``, ``)``).

    A row number before the words (``4 fasilitas kesehatan``) is looked past.
    """
    match = LEADING_NUMBER.match(text.strip())
    first = (match.group(3) or "" if match else text.strip())[:1]
    return bool(first) and (first.islower() or first in "()")


def opens_name(text: str) -> bool:
    """True when a fragment opens a name with its level word, capitalised.

    ``Kegiatan Pelaksanaan``, ``1. Sub Kegiatan`` open a name; ``kegiatan dalam``
    continues a sentence.
    """
    return bool(NAME_OPENER.match(text.strip())) and not continues(text)


def find_wrapped(sheet: Sheet) -> WrappedTable | None:
    """The wrapped table of a text grid, or ``None`` when the grid holds none.

    A wrapped table needs :data:`MIN_ROWS` lines ending in the same number of figures
    (at least :data:`MIN_FIGURES`) and at least one text-only line between two of them.
    """
    lines = {r: sheet.cells(r) for r in range(1, sheet.height + 1)}
    figures: dict[int, tuple[list[Fragment], list[Fragment]]] = {}
    for r, cells in lines.items():
        split = _split(r, cells)
        if split is not None:
            figures[r] = split
    counts = Counter(len(f) for _, f in figures.values())
    if not counts:
        return None
    width, seen = counts.most_common(1)[0]
    rows: list[JoinedRow] = []
    foreign: set[int] = set()
    for r, (label, figs) in sorted(figures.items()):
        if len(figs) == width + 1 and label and dangles(label[-1].text):
            label, figs = [*label, figs[0]], figs[1:]  # ``… per 1.000 0 0 0 0 0 0``
        if len(figs) == width:
            rows.append(JoinedRow(r, figs, list(label)))
        else:
            foreign.add(r)
    if len(rows) < MIN_ROWS or seen < MIN_ROWS:
        return None
    first, last = rows[0].row, rows[-1].row
    # a line of figures of another width just above (the columns' numbers) bounds the
    # text that may open the first row
    top = max((r for r in foreign if r < first), default=first)
    texts = {r: [Fragment(r, c, x) for c, x in cells] for r, cells in lines.items()
             if cells and r not in figures and top < r}
    gaps = _gaps(rows, texts, foreign)
    lead = [f for r in sorted(texts) if r < first for f in texts[r]]
    if len(lead) > MAX_FRAGMENTS:
        lead = []
    if not any(gaps.values()) and not lead and not any(r > last for r in texts):
        return None
    votes = _votes(rows, gaps, [f for r in sorted(texts) if r > last for f in texts[r]], lead)
    direction = _direction(votes)
    table = WrappedTable(rows, [], direction, votes)
    if direction is None:
        table.unplaced = [(f, "direction") for g in gaps.values() for f in g]
        return table
    _assign(table, gaps, texts, last, lead)
    _number(table)
    return table


def _split(row: int, cells: list[tuple[int, str]]) -> tuple[list[Fragment], list[Fragment]] | None:
    """(label cells, figure cells) of a line ending in figures, else ``None``."""
    n = len(cells)
    while n and is_figure(cells[n - 1][1]):
        n -= 1
    if len(cells) - n < MIN_FIGURES or any(is_figure(x) for _, x in cells[:n]):
        return None
    return ([Fragment(row, c, x) for c, x in cells[:n]],
            [Fragment(row, c, x) for c, x in cells[n:]])


def _gaps(rows: list[JoinedRow], texts: dict[int, list[Fragment]],
          foreign: set[int]) -> dict[int, list[Fragment]]:
    """The text fragments between each figures line and the next, by index of the first.

    A gap next to a line of another width, or too long to be one label, is no gap: its
    fragments stay where they are.
    """
    out: dict[int, list[Fragment]] = {}
    for i, (above, below) in enumerate(pairwise(rows)):
        between = [f for r in range(above.row + 1, below.row) for f in texts.get(r, [])]
        if any(above.row < r < below.row for r in foreign) or len(between) > MAX_FRAGMENTS:
            continue
        out[i] = between
    return out


def _votes(rows: list[JoinedRow], gaps: dict[int, list[Fragment]],
           tail: list[Fragment], lead: list[Fragment]) -> dict[str, int]:
    """Evidence of the direction: each row's and each gap's, one vote each.

    Text after the last figures line votes too (only ``down``: nothing below it can take
    it) when the last label dangles or the text opens in the middle of a label; text
    between the columns' numbers and a first figures line without a label votes ``up``.
    """
    down = up = 0
    if lead and not rows[0].parts:
        up += 1
    if tail and ((rows[-1].parts and dangles(rows[-1].parts[-1].text))
                 or continues(tail[0].text)):
        down += 1
    for i, gap in gaps.items():
        above, below = rows[i], rows[i + 1]
        if gap and above.parts and dangles(above.parts[-1].text):
            down += 1
        if gap and continues(gap[0].text):
            down += 1
        if gap and dangles(gap[-1].text) and below.parts:
            up += 1
        if gap and not below.parts:
            up += 1
        if gap and below.parts and continues(below.parts[0].text):
            up += 1
    return {"down": down, "up": up}


def _direction(votes: dict[str, int]) -> str | None:
    """``down``, ``up``, or ``None`` when neither clearly leads."""
    down, up = votes["down"], votes["up"]
    if down >= MIN_VOTES and down >= 2 * up:
        return "down"
    if up >= MIN_VOTES and up >= 2 * down:
        return "up"
    return None


def _assign(table: WrappedTable, gaps: dict[int, list[Fragment]],
            texts: dict[int, list[Fragment]], last: int, lead: list[Fragment]) -> None:
    """Each gap's fragments to the rows the direction names; the first or last row's too.

    A gap may hold rows of its own: a name opening with its level word (``Kegiatan
    Pelaksanaan …``, a kegiatan printing no figures) after text that does not need more
    is a row, and a name whose line ends in figures (``Program … 88.6``) a row with those
    figures, placed under the columns whose figures look alike (:func:`_place`).
    """
    rows = table.rows
    width = len(rows[0].figures)
    extra: list[JoinedRow] = []
    for i, gap in gaps.items():
        extra += _join_gap(table, gap, rows[i], rows[i + 1], width)
    if table.direction == "up" and lead:
        extra += _join_gap(table, lead, None, rows[0], width)
    if table.direction == "down":
        tail = rows[-1]
        for r in sorted(x for x in texts if x > last):
            fragments = texts[r]
            if not all(continues(f.text) or dangles(tail.label)
                       or LEADING_NUMBER.match(f.text) for f in fragments[:1]):
                break
            tail.parts.extend(fragments)
    table.rows = sorted(rows + extra, key=lambda row: row.row)


def _groups(gap: list[Fragment], before: str) -> list[list[Fragment]]:
    """The gap cut where a name opens after text that does not need more."""
    out: list[list[Fragment]] = []
    previous = before
    for fragment in gap:
        if not out or (opens_name(fragment.text) and not dangles(previous)):
            out.append([])
        out[-1].append(fragment)
        previous = fragment.text
    return out


def _join_gap(table: WrappedTable, gap: list[Fragment], above: JoinedRow | None,
              below: JoinedRow | None, width: int) -> list[JoinedRow]:
    """Give a gap's fragments to the rows around it; return the rows the gap holds."""
    if not gap:
        return []
    before = above.label if above is not None else ""
    groups = _groups(gap, before)
    anchors = [bool(opens_name(g[0].text)) and (at > 0 or not dangles(before))
               for at, g in enumerate(groups)]
    units: list[list[Fragment]] = []
    if table.direction == "up":  # text opens the next name, or the row below
        carry: list[Fragment] = []
        for group, anchor in zip(groups, anchors, strict=True):
            if anchor:
                units.append(carry + group)
                carry = []
            else:
                carry += group
        if below is not None and (carry or (units and not below.parts
                                            and _short(units[-1]) is None)):
            below.parts[:0] = carry or units.pop()
    else:  # text continues the name above it, or the row above
        head: list[Fragment] = []
        for group, anchor in zip(groups, anchors, strict=True):
            if anchor:
                units.append(group)
            elif units:
                units[-1] += group
            else:
                head += group
        if above is not None:
            kept = _asked_for(head, above.label)
            table.unplaced += [(f, "unasked") for f in head[len(kept):]]
            above.parts += kept
            if units and not above.parts and _short(units[0]) is None:
                above.parts += units.pop(0)
    out = []
    for unit in units:
        row = _row_of(table, unit, width)
        if row is not None:
            out.append(row)
    return out


def _asked_for(fragments: list[Fragment], before: str) -> list[Fragment]:
    """The fragments that show they continue the label above, up to the first that does not.

    A piece continues a label when it opens in lower case or with a parenthesis, opens
    with a number (the row's, or one inside the label: ``15–59 tahun``), or follows a
    word that needs more. A capitalised line with nothing asking for it may be a section
    line (``Sasaran 2: …``) printed between two rows: it and what follows it in the gap
    are not joined (set aside), never made part of a label.
    """
    out: list[Fragment] = []
    previous = before
    for fragment in fragments:
        text = fragment.text.strip()
        if not (continues(text) or text[:1].isdigit() or dangles(previous)):
            break
        out.append(fragment)
        previous = text
    return out


def _short(unit: list[Fragment]) -> tuple[str, list[str]] | None:
    """(name, figures) when the unit's last line ends in figures after its name."""
    match = _TRAILING.match(unit[-1].text)
    if match is None or dangles(match.group("name")):
        return None
    return match.group("name"), match.group("figures").split()


def _row_of(table: WrappedTable, unit: list[Fragment], width: int) -> JoinedRow | None:
    """A row the gap holds: a name alone, or a name whose line ends in figures."""
    short = _short(unit)
    if short is None:
        return JoinedRow(unit[0].row, [None] * width, list(unit))
    name, texts = short
    last = unit[-1]
    placed = _place([Fragment(last.row, last.col, x) for x in texts], table.rows, width)
    if placed is None:
        table.unplaced += [(f, "figures") for f in unit]
        return None
    return JoinedRow(last.row, placed, [*unit[:-1], Fragment(last.row, last.col, name)])


def _shape(text: str) -> tuple[object, ...] | None:
    """How a figure is written: grouped thousands, or digits before and after a mark."""
    bare = text.strip().strip("()%").strip()
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3}){2,}(?:[.,]\d+)?", bare):
        return ("grouped",)
    match = re.fullmatch(r"(\d+)(?:[.,](\d+))?", bare)
    return ("plain", len(match.group(1)), len(match.group(2) or "")) if match else None


def _place(figures: list[Fragment], rows: list[JoinedRow],
           width: int) -> list[Fragment | None] | None:
    """Each figure under the one column whose full rows write their figures alike.

    ``88.6`` goes under ``93.6 87.4 92.9`` and not under ``749.930.215``; a figure
    written like two columns' figures, or like none, is not placed (``None``).
    """
    shapes: list[set[tuple[object, ...] | None]] = [set() for _ in range(width)]
    for row in rows:
        if all(f is not None for f in row.figures):
            for j, fig in enumerate(row.figures):
                shapes[j].add(_shape(fig.text))  # type: ignore[union-attr]
    out: list[Fragment | None] = [None] * width
    after = -1
    for fig in figures:
        shape = _shape(fig.text)
        columns = [j for j in range(width) if shape is not None and shapes[j] == {shape}]
        if len(columns) != 1 or columns[0] <= after:
            return None
        after = columns[0]
        out[after] = fig
    return out


def _number(table: WrappedTable) -> None:
    """Row numbers from the fragments that count the rows as most others do.

    A numbered fragment agreeing with the common offset numbers its row (the number is
    taken off the label); one numbering the row on the other side of its gap is set
    aside with what follows it; a lone number agreeing with nothing is set aside;
    any other leading number is label text.
    """
    found: list[tuple[int, Fragment, int]] = []
    for i, row in enumerate(table.rows):
        for part in row.parts:
            match = LEADING_NUMBER.match(part.text)
            if match:
                found.append((i, part, int(match.group(1))))
    offsets = Counter(number - i for i, _, number in found)
    offset, support = offsets.most_common(1)[0] if offsets else (None, 0)
    if offset is None or support < 2 or support * 2 <= len(found):
        offset = None
    step = 1 if table.direction == "down" else -1
    for i, part, number in found:
        row = table.rows[i]
        match = LEADING_NUMBER.match(part.text)
        assert match is not None
        lone = match.group(3) is None
        if offset is not None and number - i == offset and row.number is None:
            row.number, row.number_at = number, (part.row, part.col)
            _replace(row, part, match.group(3))
        elif offset is not None and 0 <= i + step < len(table.rows) and \
                number - (i + step) == offset:
            _set_aside(table, row, part, "other_row")
        elif lone:
            _set_aside(table, row, part, "lone_number")


def _replace(row: JoinedRow, part: Fragment, rest: str | None) -> None:
    """The fragment without its number (gone when the number was all of it)."""
    at = row.parts.index(part)
    if rest:
        row.parts[at] = Fragment(part.row, part.col, rest)
    else:
        del row.parts[at]


def _set_aside(table: WrappedTable, row: JoinedRow, part: Fragment, why: str) -> None:
    """Take a fragment (and, numbering another row, those after it) out of the row."""
    if part not in row.parts:
        return
    at = row.parts.index(part)
    moved = row.parts[at:] if why == "other_row" and table.direction == "down" else \
        row.parts[:at + 1] if why == "other_row" else [part]
    for fragment in moved:
        if fragment.row == row.row:
            continue  # the figures line's own words stay its label
        row.parts.remove(fragment)
        table.unplaced.append((fragment, why))


def joined_grid(sheet: Sheet, table: WrappedTable) -> Sheet:
    """The grid with each row joined: ``No | text | name | figures`` on its row's line.

    ``text`` is the label before a name opening with its level word (all of a label
    naming no level), ``name`` the rest (:meth:`JoinedRow.split`). The fragments' own
    lines are emptied; every cell keeps the address it was read from
    (:attr:`Sheet.cell_addresses`); a note on each joined row names its lines. Fragments
    set aside stay where they were printed.
    """
    rows = [list(r) for r in sheet.rows]
    addresses = dict(sheet.cell_addresses)
    notes = list(sheet.notes)
    for row in table.rows:
        for r in row.lines:
            if r != row.row:
                rows[r - 1] = []
        other, name = row.split()
        cells: list[object] = [row.number if row.number is not None else "",
                               " ".join(p.text for p in other), " ".join(p.text for p in name)]
        cells += [f.text if f is not None else "" for f in row.figures]
        rows[row.row - 1] = cells
        if row.number_at is not None:
            addresses[(row.row, 1)] = row.number_at
        for col, parts in ((2, other), (3, name)):
            if parts:
                addresses[(row.row, col)] = (parts[0].row, parts[0].col)
        for j, fig in enumerate(row.figures, start=4):
            if fig is not None:
                addresses[(row.row, j)] = (fig.row, fig.col)
        if len(row.lines) > 1:
            notes.append((row.row, "wrapped.joined",
                          {"lines": spans(row.lines), "label": row.label}))
    for fragment, _ in table.unplaced:
        rows[fragment.row - 1] = [""] * (fragment.col - 1) + [fragment.text]
    return Sheet(sheet.name, rows, container=sheet.container, titles=list(sheet.titles),
                 notes=notes, cell_addresses=addresses, addresses=sheet.addresses)


def spans(rows: list[int]) -> str:
    """Line numbers as a reader writes them: ``27, 29, 32``, ``38–54`` for a run of three+."""
    out: list[str] = []
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i] != rows[i - 1] + 1:
            run = rows[start:i]
            out += [f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(r) for r in run]
            start = i
    return ", ".join(out)


def join_grids(sheets: list[Sheet]) -> list[tuple[Sheet, WrappedTable | None]]:
    """Each grid, joined when it is a text grid nothing else reads and holds a table.

    A grid with a header row, key-value records, sasaran blocks or a layout profile is
    read by those stages as printed; only a text grid none of them claims, whose wrapped
    table has a clear direction, is replaced by its :func:`joined_grid` (and given with
    the table found). Everything else comes back unchanged, with ``None``.
    """
    from checker.importers.excel_layout import unread_text_grid

    out: list[tuple[Sheet, WrappedTable | None]] = []
    for sheet in sheets:
        table = find_wrapped(sheet) if unread_text_grid(sheet) else None
        if table is not None and table.direction is not None:
            out.append((joined_grid(sheet, table), table))
        else:
            out.append((sheet, None))
    return out


def describe(table: WrappedTable) -> list[tuple[str, dict[str, object]]]:
    """What was joined and what was set aside, as (catalogue key, parameters) pairs.

    The first pair says where the table is, which way its labels wrap and how many rows
    were joined (``wrapped_table_down``, ``_up``); then every row
    with the lines it was read from, its number, label and figures; then every fragment
    set aside, with why (``input.wrapped_*`` in the catalogue). A table whose direction
    is not clear joined nothing, and nothing is said.
    """
    if table.direction is None:
        return []  # nothing joined: the rows stand as printed, nothing new to say
    joined = sum(1 for row in table.rows if len(row.lines) > 1)
    out: list[tuple[str, dict[str, object]]] = [(f"wrapped_table_{table.direction}", {
        "first": table.rows[0].row, "last": max(table.rows[-1].lines),
        "rows": len(table.rows), "joined": joined})]
    for row in table.rows:
        out.append(("wrapped_row", {
            "row": row.row, "lines": spans(row.lines),
            "number": "-" if row.number is None else row.number, "label": row.label,
            "figures": " ".join(f.text if f is not None else "·" for f in row.figures)}))
    for fragment, why in sorted(table.unplaced, key=lambda u: (u[0].row, u[0].col)):
        out.append((f"wrapped_unplaced_{why}", {"row": fragment.row, "text": fragment.text}))
    return out
