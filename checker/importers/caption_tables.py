"""A report of captioned tables read by the shared stages, as its layout profile declares.

A profile with ``[captions]`` (``profiles/lkjip.toml``) claims a report whose tables are
captioned (``Tabel 2.3 Pagu …`` between prose, :mod:`~checker.importers.captions`) and
that may append parts of its own (``[part]``: the agreements, a rencana aksi appendix).
One file yields several documents, all with the same path, told apart by ``part``: one
per table read (``tabel-2.3``, ``tabel-4.8`` …; the same programs appear in several tables
and an item's id is unique per document), one per part.

Each table is cut out of the grid and read as a part (:func:`parts.read_part`) at its
real addresses: on a flowed Word grid at Word cells, through the grid's ``places``, as
everything else read from it. Which kind of table it is comes from its column headings
(:func:`kind_of`); a table of another kind (staff, assets, visitors) is said as not read
(STR-004, with its range), never passed silently. An indicator table naming no item (an
IKU or SPM table) is about the item of the profile's ``measured`` level the report names
elsewhere (its targets table): with exactly one named, that item is given to the table
(:mod:`~checker.importers.indicator_lists`); with none or several, nothing is guessed and
the table is said as not read, with the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from checker.i18n import t
from checker.importers.captions import (
    Caption,
    Meta,
    caption_of,
    find_captions,
    flowed_lines,
    grid_row,
    meta_from,
    norm,
    table_range,
    title_of,
)
from checker.importers.excel_grid import Sheet
from checker.importers.generic_tables import Line, table_cells
from checker.importers.indicator_lists import NamedItem, header_row, name_column, real_columns
from checker.importers.issues import issue
from checker.importers.parts import PartSpan, find_parts, read_part
from checker.importers.profiles import Profile, builtin
from checker.importers.textlines import TextLine, read_lines
from checker.importers.vocabulary import concepts, squash
from checker.importers.word_places import note_rows
from checker.model.errors import InputError
from checker.model.location import Location, column_index
from checker.model.plan import Document, TableCell, TableInfo
from checker.model.schema import DocumentKind, Level

#: The catalogue namespace of this reader's notes and findings (``checker/i18n/*``).
NS = "import_lkjip"
#: Header words of a column naming each row's item (Sasaran Kinerja, Program …).
_ITEM_WORDS = frozenset({"sasaran", "tujuan", "program", "kegiatan", "uraian", "nama"})


class CaptionedImporter:
    """Reads a report of captioned tables, and its parts, as the claiming profile says."""

    name = "captions"

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool:
        """A profile with ``[captions]`` claims the file, and a caption or part is found.

        A text extract, or a Word file read in document order (its flowed grid).
        """
        from checker.importers.excel_layout import _sheets

        if not lines and Path(path).suffix.lower() != ".docx":
            return False  # a workbook, CSV, PDF or HTML grid: the grid reader's
        try:
            sheets = _sheets(Path(path))
        except InputError:
            return False  # the grid reader says why, if no other reader claims the file
        profile = _profile(sheets)
        if profile is None:
            return False
        lines = lines or _word_lines(Path(path), sheets)
        stop = _part_head(profile)
        return any(stop(ln) or caption_of(ln) is not None for ln in lines)

    def read(self, path: Path) -> list[Document]:
        """Every document of the file: its captioned tables read, then its parts."""
        from checker.importers.excel_layout import _sheets

        sheets = _sheets(Path(path))
        profile = _profile(sheets)
        assert profile is not None and profile.captions is not None  # sniff said so
        lines = _word_lines(Path(path), sheets) or read_lines(path)
        sheet = sheets[0]
        file = str(path)
        stop = _part_head(profile)
        captions = find_captions(lines, stop)
        heads = [c.heading.number for c in captions] + [
            ln.number for ln in lines if stop(ln)]
        cover = meta_from(lines[:min(min(heads, default=len(lines)),
                                     profile.captions.cover_lines)])
        read, skipped = _read_tables(file, sheet, captions, cover, profile)
        docs = [read[c.heading.number] for c in captions if c.heading.number in read]
        docs.extend(_parts(file, sheet, lines, cover, profile))
        _attach_skipped(docs, skipped, file, sheet, profile.captions.kind)
        return docs


def _profile(sheets: list[Sheet]) -> Profile | None:
    """The first profile with ``[captions]`` that claims the grids."""
    return next((p for p in builtin() if p.captions is not None and p.claims(sheets)), None)


def _part_head(profile: Profile) -> Callable[[TextLine], bool]:
    """Whether a line is a heading of one of the profile's parts (which ends a table)."""
    keys = tuple(profile.parts)

    def head(line: TextLine) -> bool:
        return bool(keys) and "\t" not in line.text and squash(line.text).startswith(keys)

    return head


def _word_lines(path: Path, sheets: list[Sheet]) -> list[TextLine]:
    """A Word file's flowed grid as the lines of a text extract; nothing for a text file."""
    if path.suffix.lower() != ".docx" or len(sheets) != 1 or sheets[0].places is None:
        return []
    return flowed_lines(sheets[0])


Skipped = tuple[Caption, str, dict[str, object]]


def _read_tables(file: str, sheet: Sheet, captions: list[Caption], cover: Meta,
                 profile: Profile) -> tuple[dict[int, Document], list[Skipped]]:
    """The tables read (by caption line) and those said as not read, with why.

    The tables naming their items first: an indicator table without a name column (IKU,
    SPM) is about the one item of the measured level those name.
    """
    assert profile.captions is not None
    level = Level(profile.captions.measured)
    skipped: list[Skipped] = []
    hints: list[tuple[str, Location]] = []
    read: dict[int, Document] = {}
    for caption in sorted(captions, key=lambda c: not names_items(c)):
        kind = kind_of(caption)
        measured = None
        if kind == "indicators" and not names_items(caption):
            measured = _measured(sheet, caption, hints, level)
            if measured is None:  # which item is not certain: said, not guessed
                names = sorted({norm(name): name for name, _ in hints}.values())
                skipped.append((caption, "no_sasaran", {
                    "count": len(names), "candidates": "; ".join(names) or "-"})
                    if len(names) != 1 else (caption, "not_plan", {}))
                continue
        elif kind is None:
            skipped.append((caption, "not_plan", {}))
            continue
        doc = read[caption.heading.number] = _through_pipeline(
            file, sheet, caption, cover, profile.captions.kind, measured)
        hints.extend((i.nama, i.location_of("nama")) for i in doc.items
                     if i.level == level and i.nama and "nama" in i.cells)
    return read, skipped


def _through_pipeline(file: str, sheet: Sheet, caption: Caption, cover: Meta,
                      kind: DocumentKind, measures: NamedItem | None = None) -> Document:
    """A table read by the shared stages, as a part of its own (``lkjip-tabel-4.8``).

    ``kind``: the profile's (``[captions] kind``), which the document id begins with.
    ``measures``: the item an indicator table naming no item measures (the report's one
    sasaran); its rows of other years and its percentage totals are said as skipped.
    """
    rows = caption.rows()
    span = PartSpan(kind, caption.name, caption.heading.number,
                    rows[-1].number if rows else caption.heading.number)
    dropped: list[tuple[int, str, int | None]] = []
    grid = sheet
    if measures is not None:  # an indicator table of the item named elsewhere
        found = name_column(sheet, span.first, span.last, measures, cover.tahun)
        if found is not None:
            grid, dropped = found
    doc = read_part(file, grid, span, caption.part)
    for row, key, year in dropped:  # year bands, other years' rows, percentage totals
        doc.tables[0].skipped.append((row, t(f"{NS}.skip.{key}", "id", year=year)))
    if measures is not None and doc.tables:
        named = grid.location(file, measures.row, measures.col)  # Word's, in Word
        real_columns(doc.tables[0], measures,
                     f"{(named.table or '').split(' › ')[0]} {named.cell}"
                     if grid.places is not None else None)
    doc.instansi, doc.pemda, doc.tahun = cover.instansi, cover.pemda, cover.tahun
    return doc


def kind_of(caption: Caption) -> str | None:
    """Which report table this is, from its column headings (never its number).

    A report may print two different tables with one number and title a table otherwise
    in its list of tables: ``realisasi`` (kode, realisasi, sisa), ``pagu`` (a name column
    and pagu columns: murni, pergeseran, perubahan), ``indicators`` (an indicator or SPM
    service column with target, realisasi or capaian); anything else (staff, assets,
    visitors, efficiency) is recognised and said as not read (STR-004).
    """
    head = " ".join(norm(r.text) for r in caption.rows()[:3])
    named = any(w in head for w in ("program", "kegiatan", "uraian"))
    if "kode" in head and "realisasi" in head and "sisa" in head:
        return "realisasi"
    if named and "realisasi" not in head and re.search(r"pagu|murni|pergeseran|perubahan",
                                                       head):
        return "pagu"
    if re.search(r"indikator|jenis pelayanan", head) and re.search(
            r"target|realisasi|capaian", head):
        return "indicators"
    return None


def names_items(caption: Caption) -> bool:
    """Whether a table has a column naming the item of each row (Tabel 2.2, 2.5)."""
    return any(concepts(cell) & _ITEM_WORDS for row in caption.rows()[:3]
               for cell in row.text.split("\t") if cell.strip())


def _measured(sheet: Sheet, caption: Caption, hints: list[tuple[str, Location]],
              level: Level) -> NamedItem | None:
    """The one item the document names, for an indicator table without a name column.

    An IKU or SPM table is about the agency's sasaran strategis; the report names it in
    its targets tables. With exactly one named there, that is the item (the cell where it
    is first printed); with none or several, nothing is guessed (``None``: the caller says
    the table is not read, with the candidates), nor when no indicator header is found.
    """
    distinct: dict[str, tuple[str, Location]] = {}
    for name, loc in hints:  # the first place it is named (Tabel 2.2 before 2.4)
        distinct.setdefault(norm(name), (name, loc))
    rows = caption.rows()
    if len(distinct) != 1 or not rows:
        return None
    if header_row(sheet, caption.heading.number, rows[-1].number) is None:
        return None
    name, loc = next(iter(distinct.values()))
    return NamedItem(level.value, name, grid_row(sheet, loc) or 0,
                     column_index(loc.column or "A"))


def _parts(file: str, sheet: Sheet, lines: list[TextLine], cover: Meta,
           profile: Profile) -> list[Document]:
    """The profile's parts (the agreements, a rencana aksi appendix), each a document.

    What a part's own heading does not say (agency, regency, year) comes from the titles
    of its sections (the appendix's four level headings), then the cover.
    """
    docs = []
    for part in find_parts(sheet, profile.parts):
        meta = cover
        if part.kind == DocumentKind.RENCANA_AKSI:
            titled = [ln for _, first, last in part.section_spans()
                      for ln in title_of(lines, first - 1, last)[0]]
            meta = meta_from(titled, cover)
        doc = read_part(file, sheet, part)
        doc.instansi = doc.instansi or meta.instansi
        doc.pemda = doc.pemda or meta.pemda
        doc.tahun = doc.tahun or meta.tahun
        docs.append(doc)
    return docs


def _attach_skipped(docs: list[Document], skipped: list[Skipped], file: str,
                    sheet: Sheet, kind: DocumentKind) -> None:
    """Tables not read are said on the nearest table document before them (STR-004).

    Their whole-number cells under a totals row still go to the document (ROL-011), each
    at its real cell (a Word table's, through the grid).
    """
    report = [d for d in docs if d.jenis == kind]
    if not report:
        return
    for caption, reason, params in skipped:
        row = caption.heading.number
        before = [d for d in report if d.tables and (d.tables[0].first_row or 0) < row]
        doc = before[-1] if before else report[0]
        rows = caption.rows()
        info = TableInfo(name=caption.name, file=file,
                         first_row=rows[0].number if rows else row,
                         last_row=rows[-1].number if rows else row)
        info.notes.append(t(f"{NS}.note.table_skipped", "id", title=caption.title))
        note_rows(file, info, sheet)
        doc.tables.append(info)
        cells = table_cells([Line(r.number, r.text.split("\t")) for r in rows],
                            caption.name, file)
        doc.table_cells += [_placed(cell, sheet) for cell in cells]
        doc.issues.append(issue(
            doc.id, "STR-004", f"{NS}.table_{reason}", table_range(caption, sheet, file),
            actual=caption.title, table=caption.name, title=caption.title, **params))


def _placed(cell: TableCell, sheet: Sheet) -> TableCell:
    """A totals cell read from a caption's lines, at its grid's cell (Word's on a flowed grid)."""
    if sheet.places is None or cell.row is None:
        return cell
    for name, loc in list(cell.cells.items()):
        moved = sheet.location(loc.file, loc.row, column_index(loc.column or "A"), loc.table)
        cell.cells[name] = moved.model_copy(update={"page": loc.page})
    where = sheet.location(cell.file, cell.row, 1, cell.table)
    cell.table, cell.row = where.table, where.row
    return cell
