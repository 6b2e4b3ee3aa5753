"""Every importer, in the order they are asked whether they recognise a file.

Specific readers come before general ones: the first importer whose ``sniff`` says yes
reads the file. A new layout is a profile (``profiles/*.toml``) on these readers, not a
module of its own: the canonical template, a report of captioned tables a profile
declares (``caption_tables.py``), and the shared grid pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checker.importers import guards
from checker.importers.base import Importer
from checker.importers.textlines import TextLine, read_lines
from checker.model.errors import InputError
from checker.model.location import Location
from checker.model.plan import Document

if TYPE_CHECKING:
    from checker.model.frames import Frames

TEXT_SUFFIXES = {".txt", ".text", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
GRID_SUFFIXES = {".csv", ".docx", ".pdf", ".html", ".htm"}


def text_importers() -> list[Importer]:
    """Importers of text extracts (tab-separated tables from PDF or Word).

    A report of captioned tables a profile claims first (``caption_tables.py``).
    """
    from checker.importers.caption_tables import CaptionedImporter
    from checker.importers.excel_layout import GridImporter

    return [CaptionedImporter(), GridImporter()]


def workbook_importers() -> list[Importer]:
    """Importers of Excel workbooks, the canonical template first."""
    from checker.importers.excel_layout import GridImporter
    from checker.importers.template import TemplateImporter

    return [TemplateImporter(), GridImporter()]


def grid_importers() -> list[Importer]:
    """Importers of CSV, Word, PDF and HTML files: the shared grid pipeline.

    A report of captioned tables handed over as Word (a profile with ``[captions]``, an
    LKjIP) is read in document order, as its text extract is.
    """
    from checker.importers.caption_tables import CaptionedImporter
    from checker.importers.excel_layout import GridImporter

    return [CaptionedImporter(), GridImporter()]


def load(path: str | Path, *, require_items: bool = True) -> list[Document]:
    """Read every document of one file, or raise :class:`InputError` saying why not.

    ``require_items=False`` returns what was recognised even when nothing checkable was
    read (for ``inspect --write-mapping``, which is how such a file gets mapped).
    """
    return _load(Path(path), str(path), require_items, frames=False)[0]


def load_plan(path: str | Path) -> tuple[list[Document], Frames | None]:
    """Like :func:`load`, with the rows as the engine's frames where the reader can.

    An importer with a ``read_plan`` (the canonical template, the one layout that comes in
    national sizes) returns its documents without rows and the rows as frames: no model
    object per row, and a frame is cheap to send back from a reader process. Other
    importers give whole documents and ``None``.
    """
    return _load(Path(path), str(path), True, frames=True)


def _load(p: Path, path: str, require_items: bool,
          frames: bool) -> tuple[list[Document], Frames | None]:
    where = Location(file=str(path))
    if not p.exists():
        raise InputError("input.not_found", where)
    suffix = p.suffix.lower()
    lines: list[TextLine] | None = None
    if p.is_dir():
        from checker.importers.template import TemplateImporter

        if TemplateImporter().sniff(p, None):
            if frames:
                return TemplateImporter().read_plan(p)
            return TemplateImporter().read(p), None
        raise InputError("input.is_folder", where)
    guards.check_file(p)
    before = guards.stamp(p)
    if suffix in WORKBOOK_SUFFIXES:
        guards.check_workbook(p)
        candidates = workbook_importers()
    elif suffix in TEXT_SUFFIXES:
        lines = read_lines(p)
        candidates = text_importers()
    elif suffix in GRID_SUFFIXES:
        candidates = grid_importers()
    elif suffix == ".xls":
        raise InputError("input.legacy_xls", where)
    else:
        raise InputError("input.unknown_format", where)
    for importer in candidates:
        if importer.sniff(p, lines):
            rows = None
            if frames and hasattr(importer, "read_plan"):
                docs, rows = importer.read_plan(p)
            else:
                docs = importer.read(p)
            if guards.stamp(p) != before:  # written to while we read it
                raise InputError("input.changed_while_read", where)
            if not docs:
                raise InputError("input.no_documents", where)
            if require_items:
                _something_read(docs, where, rows)
            return docs, rows
    raise _nothing_recognised(p, where)


def _nothing_recognised(path: Path, where: Location) -> InputError:
    """No reader claims the file: say what its cells hold and how to map them, if any."""
    from checker.importers.containers import read_grids

    try:
        sheets = [s for s in read_grids(path) if s.height]
    except InputError:
        sheets = []
    if not sheets:
        return InputError("input.no_cells", where)
    return InputError("input.no_table_header", where, grids=len(sheets),
                      rows=sum(s.height for s in sheets), file=where.file,
                      details=_wrapped(sheets))


def _wrapped(sheets: list) -> list[InputError]:
    """What the wrapped-label stage joined in a text grid that has no header row.

    A PDF viewer's copy of a table prints each label over several lines away from its
    figures (:mod:`~checker.importers.wrapped_rows`); the rows it could join, and the
    pieces it set aside, are said with their lines so that the user sees what the file
    holds and what a mapping would have to name.
    """
    from checker.importers.wrapped_rows import describe, find_wrapped

    out: list[InputError] = []
    for sheet in sheets:
        table = find_wrapped(sheet) if sheet.container == "text" else None
        if table is not None:
            out += [InputError(f"input.{key}", **params) for key, params in describe(table)]
    return out


def _something_read(docs: list[Document], where: Location,
                    rows: Frames | None = None) -> None:
    """A file from which no checkable item was read is an input error, never a clean pass.

    The message says what was recognised (tables and their columns), so that the user
    sees what to correct, and points at ``sakip-check inspect``.
    """
    if any(d.items or d.indicators or d.totals for d in docs):
        return
    if rows is not None and any(len(rows.get(e)) for e in ("item", "indicator", "total")):
        return
    tables = [t for d in docs for t in d.tables]
    details = [InputError("input.nothing_read_table", Location(file=t.file, table=t.name),
                          columns=", ".join(f"{k}→{v}" for k, v in t.columns.items()) or "-")
               for t in tables]
    details += [InputError("input.nothing_read_issue", f.location, code=f.code,
                           text_id=f.text("id"), text_en=f.text("en"))
                for d in docs for f in d.issues]
    raise InputError("input.nothing_read", where, details=details, tables=len(tables),
                     file=where.file)
