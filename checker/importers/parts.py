"""Parts of one file read as documents of their own, through the shared pipeline.

An LKjIP appends its Perjanjian Kinerja and PK Perubahan to the report: one text file,
several documents, each opened by a heading line (``PERJANJIAN KINERJA TAHUN 2024``) and
running to the next. A layout profile names such headings (``[part]``: the squashed start
of the heading and the document kind); each part is cut out of the grid (the other lines
blanked, so every row keeps its line number) and read by the same stages as any grid:
budget lists (:mod:`~checker.importers.budget_lists`), tables, header paths, column roles,
rows, levels, parents. The part's heading names its tables, as a reviewer finds them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from checker.i18n import t
from checker.importers.base import document_id
from checker.importers.budget_lists import read_budget_lists
from checker.importers.excel_grid import Sheet
from checker.importers.vocabulary import squash
from checker.model.plan import Document
from checker.model.schema import DocumentKind

NS = "import_excel"


@dataclass(frozen=True)
class PartSpan:
    """One part of a grid: its heading line, its last line and the kind it is read as.

    ``sections`` are the part's headings, its own first: ``(line, title)`` of every
    heading of the part's kind inside it (the rencana aksi appendix of an LKjIP: one
    heading per level, one document). Each names the tables below it.
    """

    kind: DocumentKind
    title: str
    first: int
    last: int
    sections: tuple[tuple[int, str], ...] = ()

    def section_spans(self) -> list[tuple[str, int, int]]:
        """Each section as ``(title, first line, last line)``, the part's own if none."""
        heads = list(self.sections) or [(self.first, self.title)]
        return [(title, row, heads[n + 1][0] - 1 if n + 1 < len(heads) else self.last)
                for n, (row, title) in enumerate(heads)]

    def title_at(self, row: int) -> str:
        """The title of the section a line belongs to (the part's before any section)."""
        return next((title for title, first, last in self.section_spans()
                     if first <= row <= last), self.title)


def find_parts(sheet: Sheet, heads: dict[str, str]) -> list[PartSpan]:
    """Every part a heading opens, to the line before the next part or the grid's end.

    ``heads`` maps a squashed heading start to a kind (longest keys tried first, so that
    ``perjanjiankinerjaperubahan`` is not taken for ``perjanjiankinerja``). A heading
    printed again at the top of the part (``PERJANJIAN KINERJA TINGKAT …``) with the same
    kind does not open another part: it joins it as a section naming the tables below it
    (the rencana aksi per level, ``Rencana Aksi Tingkat Program`` … ``Sub Kegiatan``).
    """
    keys = sorted(heads, key=len, reverse=True)
    opened: list[tuple[int, str, list[tuple[int, str]]]] = []
    for row in range(1, sheet.height + 1):
        cells = sheet.cells(row)
        if len(cells) != 1:
            continue
        s = squash(cells[0][1])
        kind = next((heads[k] for k in keys if s.startswith(k)), None)
        title = cells[0][1].strip("* ").strip()
        if kind is not None and (not opened or opened[-1][1] != kind):
            opened.append((row, kind, [(row, title)]))
        elif kind is not None:
            opened[-1][2].append((row, title))
    return [PartSpan(DocumentKind(kind), heads_[0][1], row,
                     opened[n + 1][0] - 1 if n + 1 < len(opened) else sheet.height,
                     tuple(heads_) if len(heads_) > 1 else ())
            for n, (row, kind, heads_) in enumerate(opened)]


def cut(sheet: Sheet, first: int, last: int) -> Sheet:
    """The grid with only rows ``first``..``last`` (the others blank, numbers kept).

    Each blank row is a list of its own, as a row read from the file is.
    """
    lo = min(max(first, 1) - 1, sheet.height)
    hi = max(min(last, sheet.height), lo)
    rows = [[] for _ in range(lo)] + [list(r) for r in sheet.rows[lo:hi]] + [
        [] for _ in range(sheet.height - hi)]
    part = replace(sheet, rows=rows)
    part.share_cells(sheet)
    return part


def read_part(file: str, sheet: Sheet, part: PartSpan, name: str | None = None) -> Document:
    """One part as one document of its kind, every table named by the part's heading.

    ``name`` tells apart documents of one kind in one file (``tabel-4.8`` of an LKjIP).
    """
    from checker.importers.excel_build import DocReader
    from checker.importers.excel_layout import _heading
    from checker.importers.excel_tables import find_tables

    region = cut(sheet, part.first, part.last)
    lists = read_budget_lists(region, part.title)
    below = [r for r in region.filled(lists.end + 1, part.last) if region.cells(r)]
    if lists.grids and below:  # the closing signature, the next part's letterhead …
        lists.remaining = cut(lists.remaining, part.first, lists.end)
    tables = []
    for grid in [lists.remaining, *lists.grids]:
        tables.extend(sorted(find_tables(grid), key=lambda t: t.header.rows[0]))
    for table in tables:
        table.kind = part.kind
        table.name = part.title_at(table.top)
    doc = DocReader(file, part.kind, tables).read()
    _heading(doc, tables, [" ".join(x for _, x in region.cells(r))
                           for r in range(part.first, min(part.last, part.first + 40) + 1)])
    doc.id = document_id(file, part.kind, name)
    for finding in doc.issues:  # found while the document had its kind's id only
        finding.document = doc.id
    if lists.grids and below and doc.tables:
        doc.tables[-1].notes.append(t(f"{NS}.note_below_part", first=below[0], last=below[-1]))
    doc.issues.extend(lists.findings(doc.id, file))
    return doc
