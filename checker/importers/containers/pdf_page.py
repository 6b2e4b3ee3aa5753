"""The tables printed on one PDF page, as small grids with their geometry.

pdfplumber finds the tables; this module decides which finder to trust and turns what it
finds into rows of cell texts. Its settings are named constants (STYLE.md: table finding
has explicit settings, never thresholds buried in code):

- a **ruled** table is found from the rules drawn on the page (:data:`RULED_SETTINGS`).
  Word and Excel print a shaded cell as a filled rectangle under its borders; those
  backgrounds are dropped first (:func:`_is_background`), or every shaded cell becomes a
  table of its own and splits the real columns. A table continued from the previous page
  is usually printed without its top rule, so the rows' vertical rules are closed with a
  rule where they start and end (:func:`_closing_rules`). A row wrapped over several lines
  inside its cell is one row: the cell's lines are joined with a space, and a word broken
  with a hyphen at a line's end is joined back.
- a **text-aligned** table (no rules) is looked for only on a page without a ruled one
  (:data:`TEXT_SETTINGS`): pdfplumber's text strategy places the column boundaries, and
  whole words (never single characters, which the text strategy may cut in the middle of a
  word) are put in the column they start in, one grid row per printed line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

#: pdfplumber ``table_settings`` for tables drawn with rules.
RULED_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
#: pdfplumber ``table_settings`` for tables aligned by their text only. Five words must
#: share a left edge, a right edge or a centre before it counts as a column boundary: with
#: three (pdfplumber's default), words of wrapped names that happen to line up make
#: columns of their own.
TEXT_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "min_words_vertical": 5,
    "min_words_horizontal": 1,
    "text_x_tolerance": 3,
    "text_y_tolerance": 3,
}
#: A filled, unstroked rectangle thicker than this (points) in both directions is a cell's
#: background, not a rule.
RULE_MAX_THICKNESS = 2.0
#: A ruled table has at least this many columns and rows (a single box is a frame).
MIN_RULED_COLUMNS = 2
MIN_RULED_ROWS = 2
#: A text-aligned table has at least this many columns, and this many lines with text in
#: two or more of them: justified prose has two "columns" (the margin, a ragged gap).
MIN_TEXT_COLUMNS = 3
MIN_TEXT_ROWS = 3
#: Words whose tops differ by less than this (points) print on one line.
LINE_TOLERANCE = 3.0
#: Positions closer than this (points) are the same column or row boundary.
GRID_TOLERANCE = 1.5
#: One level of indentation inside a cell, in points (about two spaces of body text).
INDENT_STEP_PT = 8.0
#: A larger "indent" is a cell's text placed elsewhere (centred in a wide cell), not a level.
MAX_INDENT_LEVEL = 6
#: Two copies of a character closer than this (points) are one character printed twice.
DOUBLE_TOLERANCE = 1.0
#: Points beyond a tolerance still searched when rules are looked up by position: far
#: more than any rounding of a sum, so that the exact test decides.
_SEARCH_MARGIN = 1.0
_top = itemgetter("top")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_BROKEN_WORD = re.compile(r"[a-zà-ÿ]-$")


@dataclass
class PageTable:
    """One table as printed on one page, in the page's coordinates (points, top down).

    ``columns`` are the column boundaries (left edges and the right edge), which tell a
    table continued on the next page from a new one. ``merges`` are in the table's own
    1-based rows and columns.
    """

    page: int
    strategy: str
    columns: list[float]
    top: float
    bottom: float
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    bold: set[tuple[int, int]] = field(default_factory=set)
    indent: dict[tuple[int, int], int] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)


def page_tables(page: Any) -> list[PageTable]:
    """The tables of one pdfplumber page, top to bottom: ruled ones, else text-aligned."""
    ruled = page.filter(_is_not_background)
    rules = ruled.edges  # a property that builds every edge again: read once
    edges = [e for e in rules if e["orientation"] == "v"]
    settings = dict(RULED_SETTINGS, explicit_horizontal_lines=_closing_rules(rules))
    found = [t for t in ruled.find_tables(settings) if t.cells] if edges else []
    tables = [_ruled(page, t) for t in found]
    tables = [t for t in tables if len(t.rows) >= MIN_RULED_ROWS
              and len(t.columns) - 1 >= MIN_RULED_COLUMNS]
    if not tables:
        tables = [t for t in (_text_table(page, f) for f in page.find_tables(TEXT_SETTINGS))
                  if t is not None]
    tables.sort(key=lambda t: t.top)
    return tables


def without_doubles(page: Any) -> Any:
    """The page without the second copy of characters printed twice, a hair apart.

    Some printers fake bold by printing every character twice; read as it is, a title
    becomes ``RREENNCCAANNAA``. pdfplumber's ``dedupe_chars`` does this too, but takes
    most of a second on a page of a few thousand characters; sorting once is enough: the
    copies of one character (same text, font and rounded size) then follow each other,
    by position, and each is compared with the last few copies kept.
    """
    chars = page.chars
    order = sorted([(ch["text"], ch.get("fontname", ""), round(ch.get("size", 0)), ch["top"],
                     ch["x0"], i) for i, ch in enumerate(chars)])
    doubles: set[int] = set()
    kind: tuple[Any, ...] = ()
    kept: list[tuple[float, float]] = []
    for text, font, size, top, x0, i in order:
        if kind != (text, font, size):
            kind, kept = (text, font, size), []
        for kept_top, kept_x0 in kept[-4:]:
            if abs(top - kept_top) <= DOUBLE_TOLERANCE and abs(x0 - kept_x0) <= DOUBLE_TOLERANCE:
                doubles.add(id(chars[i]))
                break
        else:
            kept.append((top, x0))
    if not doubles:
        return page
    return page.filter(lambda obj: id(obj) not in doubles)


def text_lines(page: Any) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of every printed line of a page, top to bottom."""
    from checker.importers.containers import pdf_words  # loads pdfplumber

    lines = pdf_words.text_lines(page.chars)  # page.extract_text_lines(strip=True, …)
    return [(ln["top"], ln["bottom"], ln["text"]) for ln in lines if ln["text"].strip()]


def join_cell_lines(text: str) -> str:
    """A cell's printed lines as one text: a space between lines, hyphenated words rejoined.

    ``penang-`` + ``gulangan`` (a lower-case letter before the hyphen and after the break)
    is one word broken by the line; ``RKA-`` + ``SKPD`` keeps its hyphen and loses only the
    line break.
    """
    out = ""
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        if not out:
            out = line
        elif _BROKEN_WORD.search(out) and line[:1].islower():
            out = out[:-1] + line
        elif out.endswith("-"):
            out += line
        else:
            out += " " + line
    return out


def _is_not_background(obj: dict[str, Any]) -> bool:
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    return min(obj["width"], obj["height"]) <= RULE_MAX_THICKNESS


def _closing_rules(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal rules where a run of vertical rules starts or ends without one.

    A row printed at the top of a page, continuing the table of the previous page, has its
    column rules but no rule above it; without this rule pdfplumber drops the row. Column
    rules are often drawn in pieces (one per row), so the pieces are joined into runs first:
    only where a whole run starts or ends may a rule be missing.
    """
    least = RULED_SETTINGS["edge_min_length"]  # the short ends of a thin rule are no rules
    join = RULED_SETTINGS["join_tolerance"]
    h = sorted((e for e in edges if e["orientation"] == "h" and e["width"] >= least
                and e["top"] == e["top"]), key=_top)  # a NaN top is never near: left out
    tops = [e["top"] for e in h]
    pieces: dict[int, list[tuple[float, float]]] = {}
    for e in edges:
        if e["orientation"] == "v" and e["height"] >= least:
            pieces.setdefault(round(e["x0"]), []).append((e["top"], e["bottom"]))
    ends: dict[int, list[float]] = {}
    for x, spans in pieces.items():
        runs: list[list[float]] = []
        for top, bottom in sorted(spans):
            if runs and top <= runs[-1][1] + join:
                runs[-1][1] = max(runs[-1][1], bottom)
            else:
                runs.append([top, bottom])
        for top, bottom in runs:
            for y in (top, bottom):
                if not _ruled_at(h, tops, y, x):
                    ends.setdefault(round(y), []).append(float(x))
    rules: list[dict[str, Any]] = []
    for y, xs in sorted(ends.items()):
        if len(xs) >= MIN_RULED_COLUMNS + 1:
            rules.append({"object_type": "line", "x0": min(xs), "x1": max(xs),
                          "top": float(y), "bottom": float(y), "width": max(xs) - min(xs),
                          "height": 0.0})
    return rules


def _ruled_at(h: list[dict[str, Any]], tops: list[float], y: float, x: float) -> bool:
    """True when one of the horizontal rules ``h`` (sorted by ``tops``) passes by (x, y).

    Only the rules whose top lies within the tolerance of ``y`` (and a margin more, for
    rounding) are tested, with the same test as for all of them.
    """
    tol = RULED_SETTINGS["snap_tolerance"]
    lo = bisect.bisect_left(tops, y - tol - _SEARCH_MARGIN)
    hi = bisect.bisect_right(tops, y + tol + _SEARCH_MARGIN)
    return any(abs(e["top"] - y) <= tol and e["x0"] - tol <= x <= e["x1"] + tol
               for e in h[lo:hi])


def _bounds(values: list[float]) -> list[float]:
    """Distinct positions, those within :data:`GRID_TOLERANCE` taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > GRID_TOLERANCE:
            out.append(v)
    return out


def _index(bounds: list[float], value: float) -> int:
    """Index of the boundary nearest to ``value`` (the first of two as near).

    ``bounds`` are sorted and far apart (:func:`_bounds`), so the nearest is one of the
    two around ``value``.
    """
    i = bisect.bisect_left(bounds, value)
    if i == len(bounds) or (i and abs(bounds[i - 1] - value) <= abs(bounds[i] - value)):
        return i - 1
    return i


def _ruled(page: Any, table: Any) -> PageTable:
    """A pdfplumber table found from rules, with its true grid and merged cells."""
    from checker.importers.containers.pdf_words import cell_text  # loads pdfplumber

    cells = table.cells  # (x0, top, x1, bottom) of every cell, merged ones once
    xs = _bounds([c[0] for c in cells] + [c[2] for c in cells])
    ys = _bounds([c[1] for c in cells] + [c[3] for c in cells])
    x0, top, x1, bottom = table.bbox
    chars = [ch for ch in page.chars
             if x0 <= (ch["x0"] + ch["x1"]) / 2 < x1 and top <= (ch["top"] + ch["bottom"]) / 2
             < bottom]
    placed: dict[tuple[int, int], list[dict[str, Any]]] = {}
    boxes: dict[tuple[int, int], tuple[int, int, tuple[float, ...]]] = {}
    for cell in cells:
        r1, c1 = _index(ys, cell[1]) + 1, _index(xs, cell[0]) + 1
        r2, c2 = _index(ys, cell[3]), _index(xs, cell[2])
        boxes[(r1, c1)] = (max(r1, r2), max(c1, c2), cell)
        placed[(r1, c1)] = []
    owner = {(r, c): key for key, (r2, c2, _) in boxes.items()
             for r in range(key[0], r2 + 1) for c in range(key[1], c2 + 1)}
    for ch in chars:  # the grid position of its centre, then the cell covering it
        r = bisect.bisect_right(ys, (ch["top"] + ch["bottom"]) / 2)
        c = bisect.bisect_right(xs, (ch["x0"] + ch["x1"]) / 2)
        key = owner.get((r, c))
        if key is not None:
            placed[key].append(ch)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    out = PageTable(page=page.page_number, strategy="ruled", columns=xs, top=top,
                    bottom=bottom, rows=[[""] * n_cols for _ in range(n_rows)])
    offsets: dict[tuple[int, int], float] = {}
    for (r1, c1), (r2, c2, box) in boxes.items():
        if r1 > n_rows or c1 > n_cols:
            continue
        inside = placed[(r1, c1)]
        out.rows[r1 - 1][c1 - 1] = join_cell_lines(cell_text(inside)) if inside else ""
        if r2 > r1 or c2 > c1:
            out.merges.append((r1, c1, min(r2, n_rows), min(c2, n_cols)))
        visible = [ch for ch in inside if ch["text"].strip()]
        if visible and all(_BOLD_FONT.search(ch.get("fontname", "")) for ch in visible):
            out.bold.add((r1, c1))
        if visible:
            left = min(ch["x0"] for ch in visible) - box[0]
            if left + INDENT_STEP_PT <= box[2] - max(ch["x1"] for ch in visible):  # flush left
                offsets[(r1, c1)] = left
    _set_indent(out, offsets)
    return out


def _set_indent(table: PageTable, offsets: dict[tuple[int, int], float]) -> None:
    """Indentation level of each cell relative to the least indented cell of its column.

    Only left-aligned texts are measured: a centred header or a right-aligned number says
    nothing about an item's level.
    """
    least: dict[int, float] = {}
    for (_, c), off in offsets.items():
        least[c] = min(off, least.get(c, off))
    for (r, c), off in offsets.items():
        level = round((off - least[c]) / INDENT_STEP_PT)
        if 0 < level <= MAX_INDENT_LEVEL:
            table.indent[(r, c)] = level


def _text_table(page: Any, table: Any) -> PageTable | None:
    """A text-aligned table: whole words in the column they start in, one row per line."""
    x0, top, x1, bottom = table.bbox
    lefts = _bounds([c[0] for c in table.cells])
    if len(lefts) < MIN_TEXT_COLUMNS:
        return None
    words = [w for w in page.extract_words(keep_blank_chars=False)
             if x0 - GRID_TOLERANCE <= w["x0"] < x1 and top - GRID_TOLERANCE <= w["top"] < bottom]
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) < LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    rows: list[list[str]] = []
    for line in lines:
        cells = [""] * len(lefts)
        for w in sorted(line, key=lambda w: w["x0"]):
            col = max([i for i, left in enumerate(lefts) if left <= w["x0"] + GRID_TOLERANCE],
                      default=0)
            cells[col] = f"{cells[col]} {w['text']}".strip()
        rows.append(cells)
    if sum(1 for r in rows if sum(1 for c in r if c) >= 2) < MIN_TEXT_ROWS:
        return None
    return PageTable(page=page.page_number, strategy="text", columns=[*lefts, x1], top=top,
                     bottom=bottom, rows=rows)
