"""Every container a user hands over becomes the same grid of addressed cells.

A workbook, a CSV export, a Word document, a PDF with a text layer, an HTML page (or a
text file holding HTML table rows) and a text extract are
each turned into :class:`~checker.importers.excel_grid.Sheet` grids by one small module,
so that the shared stages (tables, header paths, column roles, rows, levels) never know
where a grid came from. :func:`read_grids` picks the module from the file's suffix; every
file it cannot read ends in an :class:`~checker.model.errors.InputError` naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.importers import guards
from checker.importers.excel_grid import Sheet, complete_cells, complete_merges, read_sheets
from checker.model.errors import InputError
from checker.model.location import Location

#: Suffix → container, for the message that lists what is supported.
CONTAINERS: dict[str, str] = {
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".docx": "docx", ".pdf": "pdf",
    ".txt": "text", ".text": "text", ".tsv": "text", ".html": "html", ".htm": "html",
}


def read_grids(path: Path) -> list[Sheet]:
    """The grids of one file: every worksheet, the CSV, every Word or PDF table, the text.

    The grids come in the file's own order (sheets, then tables as printed). Raises
    :class:`InputError` for a missing, empty, damaged or unsupported file, and for a PDF
    without a text layer (it needs OCR first).
    """
    path = Path(path)
    where = Location(file=str(path))
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("input.not_found", where)
    if path.is_dir():
        raise InputError("input.is_folder", where)
    if suffix == ".xls":
        raise InputError("input.legacy_xls", where)
    if suffix == ".doc":
        raise InputError("containers.legacy_doc", where)
    container = CONTAINERS.get(suffix)
    if container is None:
        raise InputError("containers.unknown_format", where, suffix=path.suffix or path.name,
                         supported=", ".join(CONTAINERS))
    guards.check_file(path)
    if container == "xlsx":
        return _workbook(path)
    if container == "csv":
        from checker.importers.containers.csv_grid import read_csv_grid

        return [read_csv_grid(path)]
    if container == "docx":
        from checker.importers.containers.docx_grid import read_docx_grids

        return read_docx_grids(path)
    if container == "pdf":
        from checker.importers.containers.pdf_grid import read_pdf_grids

        return read_pdf_grids(path)
    if container == "html":
        from checker.importers.containers.html_grid import read_html_grids

        return read_html_grids(path)
    return _text(path)


def _text(path: Path) -> list[Sheet]:
    """A text file: HTML table rows saved as text are HTML; anything else is lines.

    Users save a web view's table with ``.txt``; read as lines, its ``<td>`` tags would be
    the cells. The first line after any metadata block decides.
    """
    from checker.importers.containers.text_grid import metadata_block, read_text_grid
    from checker.importers.textlines import read_lines

    texts = [line.text for line in read_lines(path)]
    skip = metadata_block(texts)
    if looks_like_html(texts[skip:]):
        from checker.importers.containers.html_grid import read_html_grids

        return read_html_grids(path, skip_lines=skip)
    return [read_text_grid(path)]


#: A text file is HTML when one of these opens a line (after the metadata block).
HTML_START = re.compile(r"^\s*<(?:!doctype\s+html|html|body|table|tr|td|th)\b", re.IGNORECASE)


def looks_like_html(lines: list[str]) -> bool:
    """True when the first non-blank line (after any metadata block) opens an HTML element."""
    for text in lines:
        if text.strip():
            return bool(HTML_START.match(text))
    return False


def _workbook(path: Path) -> list[Sheet]:
    """Every worksheet, with merges and the cell details calamine does not give.

    The workbook guards (zip bombs, cell counts, formulas saved without values) run once,
    in :func:`checker.importers.registry.load`, before any importer is asked.
    """
    sheets = read_sheets(path)
    complete_merges(path, sheets)
    complete_cells(path, sheets)
    return sheets


__all__ = ["CONTAINERS", "read_grids"]
