"""A Word document as one grid in document order: paragraphs and table rows interleaved.

The table grids (:mod:`~checker.importers.containers.docx_grid`) are what the table stages
need: one grid per table, its caption above. But a form that prints its items as
``Nama Program : …`` blocks under headings, a tree of objectives as node and indicator
lines, or an annual report whose appendix opens with a ``PERJANJIAN KINERJA`` heading is
read in document order, and a layout profile's stages (sniff, key-value records, tree,
parts) read it so in a text extract. This is the same document flowed as that extract
is: each paragraph a one-cell row (a line of its own for each manual line break, as the
extract prints it), each table row a row of its cells, one after the other.

Nothing loses its address: :attr:`Sheet.places` says for every row where Word prints it
(``("Tabel 27", 3)``, or ``("Paragraf", 41)``, the paragraph's number among the body's
paragraphs, empty ones counted), and a table cell keeps its column, so a finding names
``Tabel 27 › C3`` as the table grids would; the lines of one paragraph share its number.
Merged ranges, bold and indentation move with their rows. Empty paragraphs stay as blank
rows: they end a paragraph as a blank line ends one in a text extract.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.importers.containers.docx_grid import (
    body_blocks,
    cell_format,
    clean_text,
    open_body,
    paragraph_text,
    table_grid,
)
from checker.importers.excel_grid import PARAGRAPH, Sheet

#: The container name of a flowed Word grid (read as a whole file, as a text extract is).
FLOW = "docx-flow"


def read_docx_flow(path: Path) -> Sheet:
    """The document's body as one grid in document order, every row placed in Word."""
    body, strong = open_body(path)
    return flow_grid(body, Path(path).stem, strong)


def flow_grid(body: Any, name: str, strong: frozenset[str] = frozenset()) -> Sheet:
    """The flowed grid of a ``<w:body>`` (tables named ``Tabel N`` as the table grids are)."""
    rows: list[list[Any]] = []
    places: list[tuple[str, int]] = []
    merges: list[tuple[int, int, int, int]] = []
    bold: set[tuple[int, int]] = set()
    indent: dict[tuple[int, int], int] = {}
    paragraphs = tables = 0
    for kind, element in body_blocks(body):
        if kind == "p":
            paragraphs += 1
            lines = [x for x in map(clean_text, paragraph_text(element).split("\n")) if x]
            strong_p, level = cell_format(element, strong) if lines else (False, 0)
            for text in lines or [""]:
                rows.append([text] if text else [])
                places.append((PARAGRAPH, paragraphs))
                if strong_p:
                    bold.add((len(rows), 1))
                if level:
                    indent[(len(rows), 1)] = level
            continue
        tables += 1
        grid = table_grid(element, f"Tabel {tables}", strong)
        offset = len(rows)
        rows.extend(list(r) for r in grid.rows)
        places.extend((grid.name, r) for r in range(1, grid.height + 1))
        merges.extend((r1 + offset, c1, r2 + offset, c2) for r1, c1, r2, c2 in grid.merges)
        bold.update((r + offset, c) for r, c in grid.bold)
        indent.update({(r + offset, c): v for (r, c), v in grid.indent.items()})
    return Sheet(name=name, rows=rows, merges=merges, container=FLOW, bold=bold,
                 indent=indent, places=places)
