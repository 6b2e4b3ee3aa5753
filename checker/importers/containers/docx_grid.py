"""Every table of a Word document as a grid, with its merges, formatting and caption.

python-docx's ``row.cells`` repeats a merged cell's object once per grid column it spans,
and says nothing about where a vertical merge starts, so the true grid is rebuilt from the
XML: a ``<w:tc>`` covers ``gridSpan`` grid columns (after ``gridBefore`` skipped ones), and
``vMerge`` without ``restart`` continues the cell above (and the older ``hMerge`` the cell
to the left). A merged range keeps its text at its top-left cell only, as a worksheet
does, so the shared stages read Word and Excel headers the same way.

What Word adds to a worksheet's cells is kept where it hints at an item's level: a cell
whose text runs are all bold goes into ``bold``, a paragraph's left indent (or leading
spaces and tabs) into ``indent``. The paragraphs printed above a table are its ``titles``
(the document kind, agency and year usually stand there).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.importers.excel_grid import Sheet
from checker.model.errors import InputError
from checker.model.location import Location

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Word's units: a left indent is given in twentieths of a point (twips); one level of
#: indentation is taken as a quarter inch, the smallest step Word's indent buttons make
#: in a table cell (0.63 cm).
INDENT_STEP_TWIPS = 360
#: Leading spaces that count as one level of indentation (a tab counts as one level).
INDENT_SPACES = 4
#: Paragraphs above a table kept as its titles (the nearest ones).
MAX_TITLES = 8
#: The document's first paragraphs (title, agency, year) added to the first table's titles.
HEAD_PARAGRAPHS = 4
#: Elements whose text is not the paragraph's own (text boxes and drawings, which Word
#: also stores twice, as DrawingML and as a VML fallback).
_SKIPPED = {f"{_W}drawing", f"{_W}pict", f"{_W}object", f"{_MC}AlternateContent",
            f"{_W}delText", f"{_W}instrText"}
_FALSE = {"0", "false", "off"}


def read_docx_grids(path: Path) -> list[Sheet]:
    """One :class:`Sheet` per top-level table of the body, in document order ("Tabel N")."""
    body, strong = open_body(path)
    sheets: list[Sheet] = []
    paragraphs: list[str] = []
    head: list[str] = []
    for kind, element in body_blocks(body):
        if kind == "p":
            text = clean_text(paragraph_text(element))
            if text:
                paragraphs.append(text)
                if len(head) < HEAD_PARAGRAPHS and not sheets:
                    head.append(text)
            continue
        sheet = table_grid(element, f"Tabel {len(sheets) + 1}", strong)
        titles = paragraphs[-MAX_TITLES:]
        if not sheets:
            skipped = len(paragraphs) - len(titles)
            titles = head[:max(0, skipped)] + titles
        sheet.titles = titles
        sheets.append(sheet)
        paragraphs = []
    return sheets


def open_body(path: Path) -> tuple[Any, frozenset[str]]:
    """The document's ``<w:body>`` and the ids of its bold styles; a damaged file says why.

    The last file opened is kept (by path, size and modification time): a Word document
    is read twice, flowed and table by table, and parsing its XML again cost ~15 ms of a
    small document's check. Both readers only read the tree.
    """
    try:
        info = os.stat(path)
        key: tuple[str, int, int] | None = (os.path.realpath(path), info.st_size,
                                            info.st_mtime_ns)
    except OSError:  # opened below, which says what is wrong
        key = None
    if key is not None and key in _OPENED:
        return _OPENED[key]
    opened = _open_body(path)
    _OPENED.clear()
    if key is not None:
        _OPENED[key] = opened
    return opened


_OPENED: dict[tuple[str, int, int], tuple[Any, frozenset[str]]] = {}


def _open_body(path: Path) -> tuple[Any, frozenset[str]]:
    """:func:`open_body` without the kept last file."""
    from docx import Document  # python-docx; imported here so that other readers stay light

    where = Location(file=str(path))
    try:
        document = Document(str(path))
        return document.element.body, bold_styles(document.styles.element)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError("containers.docx_unreadable", where,
                         reason=f"{type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError, lxml errors
        raise InputError("containers.docx_unreadable", where,
                         reason=f"{type(exc).__name__}: {exc}") from exc


@dataclass
class _Cell:
    """A ``<w:tc>`` placed on the grid, with the rows a vertical merge extends it over."""

    row: int
    col: int
    span: int
    text: str
    last_row: int = 0
    bold: bool = False
    indent: int = 0
    extra: list[str] = field(default_factory=list)


def table_grid(tbl: Any, name: str, strong: frozenset[str] = frozenset()) -> Sheet:
    """The grid of one ``<w:tbl>``: cell texts, merged ranges, bold and indentation.

    ``strong`` are the ids of the paragraph and character styles that print bold.
    """
    cells: list[_Cell] = []
    open_above: dict[int, _Cell] = {}  # grid column → the cell a vMerge continues
    width = 0
    for r, tr in enumerate(_children(tbl, "tr"), start=1):
        col = 1 + _int(_find(tr, "trPr", "gridBefore"), 0)
        left: _Cell | None = None  # the row's previous cell, which a legacy hMerge extends
        for tc in _children(tr, "tc"):
            span = max(1, _int(_find(tc, "tcPr", "gridSpan"), 1))
            vmerge = _find(tc, "tcPr", "vMerge")
            hmerge = _find(tc, "tcPr", "hMerge")
            text = cell_text(tc)
            above = open_above.get(col)
            if hmerge is not None and hmerge.get(f"{_W}val", "continue") != "restart" \
                    and left is not None and left.row == r:
                left.span += span  # Word 97's way of merging across (gridSpan's ancestor)
                if text:
                    left.extra.append(text)
                for c in range(col, col + span):
                    open_above.pop(c, None)
            elif vmerge is not None and vmerge.get(f"{_W}val", "continue") != "restart" \
                    and above is not None and above.span == span:
                above.last_row = r
                left = None
                if text:
                    above.extra.append(text)
            else:
                bold, indent = cell_format(tc, strong)
                cell = _Cell(r, col, span, text, last_row=r, bold=bold, indent=indent)
                cells.append(cell)
                for c in range(col, col + span):
                    open_above.pop(c, None)
                open_above[col] = cell
                left = cell
            col += span
        width = max(width, col - 1)
    height = max((c.last_row for c in cells), default=0)
    rows: list[list[Any]] = [[""] * width for _ in range(height)]
    merges: list[tuple[int, int, int, int]] = []
    sheet = Sheet(name=name, rows=rows, container="docx")
    for cell in cells:
        rows[cell.row - 1][cell.col - 1] = "\n".join([cell.text, *cell.extra]).strip()
        last_col = cell.col + cell.span - 1
        if last_col > cell.col or cell.last_row > cell.row:
            merges.append((cell.row, cell.col, cell.last_row, last_col))
        if cell.bold:
            sheet.bold.add((cell.row, cell.col))
        if cell.indent:
            sheet.indent[(cell.row, cell.col)] = cell.indent
    sheet.set_merges(merges)
    return sheet


def cell_text(tc: Any) -> str:
    """A cell's paragraphs, one per line; a nested table's rows as lines of its cells."""
    lines: list[str] = []
    for kind, element in body_blocks(tc):
        if kind == "p":
            lines.append(paragraph_text(element))
        else:
            for tr in _children(element, "tr"):
                texts = [clean_text(cell_text(c)) for c in _children(tr, "tc")]
                lines.append(" ".join(t for t in texts if t))
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(line.rstrip() for line in lines)


def paragraph_text(p: Any) -> str:
    """The visible text of a ``<w:p>``: runs, tabs and line breaks, without text boxes."""
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _TEXT:
            out.append(child.text or "")
        elif (said := _SAID.get(tag)) is not None:
            out.append(said)
        else:
            _collect(child, out)


#: Tags read as text, and the elements that print one character (tab, line break, hyphen);
#: built once: ``_collect`` visits every element of every paragraph.
_TEXT = f"{_W}t"
_SAID = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def cell_format(tc: Any, strong: frozenset[str]) -> tuple[bool, int]:
    """(all text runs bold, indentation level of the first non-empty paragraph)."""
    runs = [(r, p) for p in tc.iter(f"{_W}p") for r in p.iter(f"{_W}r")
            if _run_text(r).strip()]
    bold = bool(runs) and all(_run_bold(r, p, strong) for r, p in runs)
    indent = 0
    for p in tc.iter(f"{_W}p"):
        text = paragraph_text(p)
        if text.strip():
            indent = _indent_level(p, text)
            break
    return bold, indent


def _run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.iter(f"{_W}t"))


def _run_bold(run: Any, paragraph: Any, strong: frozenset[str]) -> bool:
    """Bold as printed: the run's own setting, else its character or paragraph style."""
    b = _find(run, "rPr", "b")
    if b is not None:
        return b.get(f"{_W}val", "true").lower() not in _FALSE
    for style in (_find(run, "rPr", "rStyle"), _find(paragraph, "pPr", "pStyle")):
        if style is not None and style.get(f"{_W}val") in strong:
            return True
    return False


def bold_styles(styles: Any) -> frozenset[str]:
    """Ids of the styles that print bold, through their ``basedOn`` chain.

    Agencies' templates make a header row or a program line bold with a style ("Judul
    Tabel", "Strong") as often as with the B button.
    """
    own: dict[str, bool | None] = {}
    parent: dict[str, str] = {}
    for style in styles.iter(f"{_W}style"):
        sid = style.get(f"{_W}styleId", "")
        b = _find(style, "rPr", "b")
        own[sid] = None if b is None else b.get(f"{_W}val", "true").lower() not in _FALSE
        based = style.find(f"{_W}basedOn")
        if based is not None:
            parent[sid] = based.get(f"{_W}val", "")

    def resolve(sid: str, depth: int = 0) -> bool:
        if own.get(sid) is not None:
            return bool(own[sid])
        if sid in parent and depth < 20:  # a cycle in a damaged file ends here
            return resolve(parent[sid], depth + 1)
        return False

    return frozenset(sid for sid in own if resolve(sid))


def _indent_level(p: Any, text: str) -> int:
    """Indentation of a paragraph as a small level: Word's left indent, else leading blanks."""
    ind = _find(p, "pPr", "ind")
    twips = 0
    if ind is not None:
        twips = _int(ind, 0, "left") or _int(ind, 0, "start")
        twips -= _int(ind, 0, "hanging")
    level = max(0, round(twips / INDENT_STEP_TWIPS))
    if level:
        return level
    lead = text[: len(text) - len(text.lstrip(" \t\u00a0"))]
    return lead.count("\t") + (lead.count(" ") + lead.count("\u00a0")) // INDENT_SPACES


def body_blocks(parent: Any) -> Iterator[tuple[str, Any]]:
    """Paragraphs and tables of a body or cell in order, inside content controls too."""
    for child in parent:
        if child.tag == f"{_W}p":
            yield "p", child
        elif child.tag == f"{_W}tbl":
            yield "tbl", child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent")
            yield from body_blocks(content if content is not None else child)


def _children(parent: Any, name: str) -> Iterator[Any]:
    """Rows of a table or cells of a row, also when wrapped in a content control."""
    for child in parent:
        if child.tag == f"{_W}{name}":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent")
            yield from _children(content if content is not None else child, name)


def _find(element: Any, props: str, name: str) -> Any:
    pr = element.find(f"{_W}{props}")
    return None if pr is None else pr.find(f"{_W}{name}")


def _int(element: Any, default: int, attr: str = "val") -> int:
    if element is None:
        return default
    try:
        return int(element.get(f"{_W}{attr}", default))
    except (TypeError, ValueError):
        return default


def clean_text(text: str) -> str:
    return " ".join(text.split())
