"""A text extract as one grid: grid row *n* is line *n* of the file.

Users hand over tables as text in three shapes, often mixed in one file:

- tab-separated lines (a Word or PDF table converted to text): every tab starts a cell;
- lines copied from a PDF viewer, where columns are separated by runs of two or more
  spaces: every such run starts a cell (and a column holding a label and numbers, or
  numbers only, separated by single spaces, is split as below);
- lines where a label is followed by numbers separated by single spaces, as a viewer
  copies one table row (``Program Penunjang Urusan 1.250.000.000 1.100.000.000 88,00``):
  the label is one cell and every number its own cell.

- lines of a table copied as pipe-separated text (a data portal's Markdown export,
  ``| KODEFIKASI | INDIKATOR | SATUAN |`` or ``1 | PENDIDIKAN | … | % | 98,63 % |``): every
  ``|`` starts a cell; a Markdown rule line (``|---|---|``) is an empty row. A cell that
  holds a line break (a portal's long definition) splits its row over two lines: the first
  ends without a bar, the next opens with one (``… dikalikan 100%`` / ``| Outcome | % |``).
  The second line's cells are put back on the first line's row, after its cells, each
  keeping the line it is printed on (:attr:`Sheet.cell_addresses`, :attr:`Sheet.lines`).

A leading block of ``# key: value`` lines closed by a line ``# ---`` (the source notes a
fixture or an archived copy carries) is metadata, not table: its lines become empty rows,
so the rows below keep their line numbers. Without the closing ``# ---`` nothing is skipped.

Any other line is one cell, and so is every line without a tab in a file whose tables
are laid out with tabs. Blank lines stay as empty rows so that a finding's row is the
line a reviewer opens in an editor. Headings written ``**bold**`` (as the seeds' extracts
mark them, possibly over several lines) lose their asterisks and are recorded as bold.
Numbers stay text: :mod:`checker.importers.numbers` reads them later.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.importers.containers.flowed import flowed_blocks, relay_block
from checker.importers.excel_grid import Sheet
from checker.importers.textlines import read_lines

#: Two or more spaces (or a no-break space among spaces) separate columns in viewer copies.
COLUMN_GAP = re.compile(r"[ \u00a0]{2,}")
#: A number as a table prints it: ``1.250.000.000``, ``88,00``, ``100%``, ``(5.000)``,
#: ``-5``, ``Rp1.000``; and the dash written for zero.
NUMBER_TOKEN = re.compile(r"^(?:Rp\.?)?[(\-−]?\d[\d.,]*%?\)?$|^[-–—]$", re.IGNORECASE)
#: A legend of ranges (``0 - 24.99% 25 - 49.99% …``) is one text, not a row of numbers.
RANGES = re.compile(r"^(?:\d[\d.,]*%?\s+-\s+\d[\d.,]*%?\s*){2,}$")
#: A label needs this many trailing numbers before it is split from them: ``… Tahun 2024``
#: and ``Selong, Januari 2024`` are headings, not a row with one value.
MIN_TRAILING_NUMBERS = 2
_BOLD_MARK = "**"
#: A file with this many tab-separated lines lays its tables out with tabs: its lines
#: without a tab are titles and notes (``Periode 2018 - 2022``, ``NIP. 19650814 198503 1
#: 003``), one cell each, never split into a label and numbers.
TABBED_FILE_LINES = 5
#: A metadata line (``# source: https://…``) and the line that closes the block.
METADATA_LINE = re.compile(r"^# [A-Za-z][\w-]*: ")
METADATA_END = "# ---"
#: A Markdown rule line between a pipe table's header and its rows.
PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
#: Fewest ``|`` separators that make a line a pipe-table row.
MIN_PIPES = 2


def read_text_grid(path: Path) -> Sheet:
    """The file's lines as one :class:`Sheet` named after the file (without suffix)."""
    lines = read_lines(path)
    tabbed = sum(1 for line in lines if "\t" in line.text) >= TABBED_FILE_LINES
    skip = metadata_block([line.text for line in lines])
    rows: list[list[str]] = []
    texts: list[str] = []
    offsets: list[list[int] | None] = []
    bold: set[tuple[int, int]] = set()
    in_bold = False
    for line in lines:
        if line.number <= skip:
            rows.append([])
            texts.append("")
            offsets.append(None)
            continue
        text, starts_bold, in_bold = _strip_bold(line.text, in_bold)
        texts.append(text)
        cells = split_line(text) if "\t" in text or not tabbed else [text.strip()] * bool(
            text.strip())
        rows.append(cells)
        offsets.append(_offsets(text, cells) if "\t" not in text and not _piped(text)
                       and COLUMN_GAP.search(text.strip()) else None)
        if starts_bold:
            bold.update((line.number, col) for col, cell in enumerate(cells, start=1)
                        if cell.strip())
    _align(rows, offsets)
    merges: list[tuple[int, int, int, int]] = []
    notes: list[tuple[int, str, dict]] = []
    plain = [bool(t.strip()) and "\t" not in t and not _piped(t)
             and not COLUMN_GAP.search(t.strip()) for t in texts]
    for start, end in flowed_blocks(rows, texts):
        _, block_notes, block_merges = relay_block(rows, texts, plain, start, end)
        notes += block_notes
        merges += block_merges
    moved = rejoin_pipe_rows(rows, texts)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return Sheet(name=path.stem, rows=rows, container="text", bold=bold, merges=merges,
                 notes=notes, cell_addresses=moved, lines={k: v[0] for k, v in moved.items()})


def rejoin_pipe_rows(rows: list[list[str]],
                     texts: list[str]) -> dict[tuple[int, int], tuple[int, int]]:
    """Put a pipe row broken by a line break inside a cell back on one row.

    Line *n* is a pipe row that ends without a bar and line *n + 1* opens with one: the
    bar closes the cell broken at the line break, so the cells of line *n + 1* are the
    row's next cells. They move to row *n* (row *n + 1* is left empty) and the returned
    map gives each moved cell the (line, column) it is printed at, so every address still
    names the line a reviewer opens.
    """
    moved: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(len(rows) - 1):
        here, after = texts[i].strip(), texts[i + 1].strip()
        if not rows[i] or not _piped(here) or here.endswith("|") or not after.startswith(
                "|") or PIPE_RULE.match(after) or not rows[i + 1]:
            continue
        width = len(rows[i])
        for k, cell in enumerate(rows[i + 1], start=1):
            rows[i].append(cell)
            if cell.strip():
                moved[(i + 1, width + k)] = (i + 2, width + k)
        rows[i + 1] = []
    return moved


def metadata_block(texts: list[str]) -> int:
    """How many leading lines are a ``# key: value`` block closed by ``# ---`` (else 0).

    The block is the provenance of a copied table (source, date retrieved, agency), not
    part of it; it is recognised only when it opens the file and is closed, so that a
    table whose first cell happens to start with ``#`` is never lost.
    """
    for number, text in enumerate(texts, start=1):
        if text.rstrip() == METADATA_END:
            return number if number > 1 else 0
        if not METADATA_LINE.match(text):
            return 0
    return 0


def _piped(text: str) -> bool:
    """True for a pipe-table row: at least :data:`MIN_PIPES` bars, or a bar opening it."""
    stripped = text.strip()
    return stripped.count("|") >= MIN_PIPES or (stripped.startswith("|") and len(stripped) > 1)


def _pipe_cells(text: str) -> list[str]:
    """The cells of a pipe-table row; a Markdown rule line has none."""
    stripped = text.strip()
    if PIPE_RULE.match(stripped):
        return []
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return [cell.strip() for cell in stripped.split("|")]


def _offsets(text: str, cells: list[str]) -> list[int]:
    """Where each cell starts in the line, in characters (leading spaces counted)."""
    out: list[int] = []
    at = 0
    for cell in cells:
        found = text.find(cell, at)
        out.append(found if found >= 0 else at)
        at = (found if found >= 0 else at) + len(cell)
    return out


def _align(rows: list[list[str]], offsets: list[list[int] | None]) -> None:
    """Put the cells of space-laid lines under the columns they are printed under.

    A viewer copy drops the empty cells: ``     Jumlah   1.750.000.000`` has lost the
    empty NO cell, so split by spaces alone its label would land under NO. Within a run
    of such lines the line with the most cells gives the column starts; every shorter
    line's cells go to the column whose start is nearest before them.
    """
    i = 0
    while i < len(rows):
        if offsets[i] is None:
            i += 1
            continue
        j = i
        while j < len(rows) and (offsets[j] is not None or not rows[j]):
            j += 1
        block = [k for k in range(i, j) if offsets[k] is not None]
        widest = max(block, key=lambda k: len(rows[k]))
        starts = offsets[widest] or []
        for k in block:
            if len(rows[k]) >= len(starts):
                continue
            placed: list[str] = [""] * len(starts)
            last = -1
            for cell, at in zip(rows[k], offsets[k] or [], strict=False):
                col = max((n for n, s in enumerate(starts) if s <= at + 2), default=0)
                col = max(col, last + 1)
                if col >= len(placed):
                    break
                placed[col] = cell
                last = col
            else:
                rows[k] = placed
        i = j


def split_line(text: str) -> list[str]:
    """The cells of one line: by tabs, bars, else runs of spaces, else label and numbers."""
    if not text.strip():
        return []
    if "\t" in text:
        return [cell.strip() for cell in text.rstrip("\r\n").split("\t")]
    if _piped(text):
        return _pipe_cells(text)
    stripped = text.strip()
    if COLUMN_GAP.search(stripped):  # a viewer's columns may still hold "label n1 n2"
        return [cell for part in COLUMN_GAP.split(stripped)
                for cell in _label_and_numbers(part.strip())]
    return _label_and_numbers(stripped)


def _label_and_numbers(text: str) -> list[str]:
    """``label n1 n2 …`` → ``[label, n1, n2, …]`` when enough numbers end the line."""
    words = text.split(" ")
    numbers: list[str] = []
    while words and NUMBER_TOKEN.match(words[-1]):
        numbers.insert(0, words.pop())
    digits = [n for n in numbers if any(ch.isdigit() for ch in n)]
    if len(numbers) < MIN_TRAILING_NUMBERS or not digits or RANGES.match(text):
        return [text]
    label = " ".join(words).strip()
    return ([label] if label else []) + numbers


def _strip_bold(text: str, in_bold: bool) -> tuple[str, bool, bool]:
    """(text without ``**``, whether the line is bold, whether bold continues after it)."""
    if _BOLD_MARK not in text:
        return text, in_bold, in_bold
    parts = text.split(_BOLD_MARK)
    bold_line = in_bold or len(parts) > 1
    state = in_bold
    for _ in parts[1:]:
        state = not state
    return "".join(parts), bold_line, state
