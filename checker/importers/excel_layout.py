"""Workbooks as agencies make them: rencana aksi and PK tables in their own layouts.

Planners and inspectorate reviewers do not fill our template; they have the workbooks
their office has always used: a title, a header several rows deep with merged cells and
a row numbering the columns, the header printed again at the top of every page, ``Tujuan
:``/``Sasaran :`` lines above the items, a JUMLAH row, a signature block, and the Eselon II,
III and IV tables one under the other or on sheets of their own. This importer reads them
as they are: values with python-calamine (fast; merged ranges too), tables found by their
header words in any spelling (:mod:`~checker.importers.excel_header`), rows grouped into
items (:mod:`~checker.importers.excel_records`), numbers read and checked by the shared
parser (:mod:`~checker.importers.excel_build`), parents from codes, layout, names or
budgets (:mod:`~checker.importers.excel_parents`). Every value keeps the real sheet, row
and column of the workbook, and whatever was passed over is listed with its reason in the
table's :class:`~checker.model.plan.TableInfo`.

The canonical template is never claimed here: the template importer reads it, strictly.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from checker.importers import vocabulary
from checker.importers.base import document_id, title_case
from checker.importers.budget_lists import BudgetList, read_budget_lists
from checker.importers.excel_build import DocReader
from checker.importers.excel_grid import Sheet
from checker.importers.excel_header import kind_from_columns
from checker.importers.excel_tables import (
    WHOLE_FILE_GRIDS,
    Table,
    find_tables,
    has_header_start,
    title_row,
)
from checker.importers.generic_tables import grid_lines, table_cells
from checker.importers.issues import issue
from checker.importers.mapping import active as active_mapping
from checker.importers.mapping import apply as apply_mapping
from checker.importers.mapping import missing_tables, names_grid
from checker.importers.profiles import Part, Profile
from checker.importers.profiles import match as match_profile
from checker.importers.textlines import TextLine
from checker.importers.word_places import cell_named, note_rows
from checker.model.errors import InputError
from checker.model.location import Location, column_letter
from checker.model.plan import Document
from checker.model.schema import DocumentKind

if TYPE_CHECKING:
    from checker.importers.key_values import KeyLine

#: A key printed again with another value: (virtual table, the line, the first value, grid).
_Conflict = tuple[str, "KeyLine", tuple[str, int, int], str]
#: The name that tells the document of a file's own tables from a part of the same kind.
BODY = "isi"
#: Rows searched by ``sniff`` on each sheet (a header sits near the top of its sheet).
SNIFF_ROWS = 400

_AGENCY = re.compile(r"\b((?:dinas|badan|kantor|inspektorat|sekretariat|satuan|biro)\b.*?)\s+"
                     r"((?:kabupaten|kab\.|kota|provinsi)\s.+)$", re.IGNORECASE)
#: An agency named alone; ``Badan Usaha`` is a business, never an office (``Kerjasama
#: Badan Usaha/Swasta`` is a sub-kegiatan's name in prose above a table).
_AGENCY_ONLY = re.compile(r"\b((?:dinas|badan(?!\s+usaha)|kantor|inspektorat)\s+[^()\d:]+?)\s*$",
                          re.IGNORECASE)
_REGION = re.compile(r"^\s*(?:pemerintah\s+)?((?:kabupaten|kab\.|kota|provinsi)\s+[^\d:]+?)"
                     r"[\s,.]*$", re.IGNORECASE)
_TAIL = re.compile(r"[\s,]+(?:tahun|periode|priode|ta\.?)\b.*$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:tahun|ta)\.?\s*(?:anggaran\s*)?[:.]?\s*((?:19|20)\d\d)\b",
                   re.IGNORECASE)
_TITLE = re.compile(r"rencana|perjanjian|eselon|tingkat|renaksi", re.IGNORECASE)


_CACHE: dict[tuple[str, int, int], list[Sheet]] = {}


def _sheets(path: Path) -> list[Sheet]:
    """The file's grids (any container), read once for ``sniff`` and ``read``.

    Keyed by path, size and modification time, so a file changed in between is read
    again; only the last file is kept.
    """
    from checker.importers.containers import read_grids

    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError("input.unreadable", Location(file=str(path)),
                         reason=exc.strerror or str(exc)) from exc
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _flowed(path) or _wrapped(read_grids(path))
    return _CACHE[key]


def _wrapped(sheets: list[Sheet]) -> list[Sheet]:
    """Text grids nothing else reads, their wrapped labels joined to their figures.

    (:func:`~checker.importers.wrapped_rows.join_grids`: each row of a table copied from
    a PDF viewer on one line, for a mapping file to name.) The vocabulary a mapping file
    adds is in force, so a header it teaches keeps its grid as printed.
    """
    with _vocabulary_in_force():
        if not any(unread_text_grid(sheet) for sheet in sheets):
            return sheets  # the usual case: the joining stage is not even imported
        from checker.importers.wrapped_rows import join_grids

        return [sheet for sheet, _ in join_grids(sheets)]


def unread_text_grid(sheet: Sheet) -> bool:
    """A text grid that no other stage reads: no header row, records, blocks or profile.

    Only such a grid may be a table copied from a PDF viewer with its labels wrapped
    (:func:`~checker.importers.wrapped_rows.join_grids` asks the same question). Asked
    here first so that a file without one never imports that stage (~3 ms of start).
    """
    if sheet.container != "text" or has_header_start(sheet):
        return False
    from checker.importers.blocks import looks_like_blocks
    from checker.importers.key_values import worth_reading

    return not (looks_like_blocks(sheet) or worth_reading(sheet)
                or match_profile([sheet]) is not None)


def _flowed(path: Path) -> list[Sheet] | None:
    """A Word file a layout profile claims, as one grid in document order; else ``None``.

    A profile reads a document in order (key-value blocks under headings, a tree of
    node and indicator lines, parts opened by a heading), which the table grids cut into
    pieces; the flowed grid (:mod:`~checker.importers.containers.docx_flow`) keeps every
    cell's Word address. A Word file no profile claims is read as its tables, as before.
    """
    if path.suffix.lower() != ".docx":
        return None
    from checker.importers.containers.docx_flow import read_docx_flow

    flow = [read_docx_flow(path)]
    return flow if match_profile(flow) is not None else None


class GridImporter:
    """Reads the tables of any grid: workbooks, CSV, Word and PDF tables, text extracts.

    The shared stages do all the work (tables, header paths, column roles confirmed by the
    values, rows, levels from evidence, parents); this class only groups the tables of a
    file into documents by kind.
    """

    name = "grid"

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool:
        """A file (not the canonical template) with a recognisable table header."""
        path = Path(path)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            # Imported for workbooks only: a text, Word or PDF file is never the template,
            # and the template's modules cost every other check ~5 ms of start.
            from checker.importers.template import TemplateImporter

            if TemplateImporter().sniff(path, None):
                return False  # the canonical template: read strictly by its own importer
        try:
            sheets = _sheets(path)
        except InputError:
            if path.suffix.lower() in (".pdf", ".docx", ".csv", ".html", ".htm"):
                raise  # no other reader: say why (damaged, scanned, wrong encoding …)
            return False
        from checker.importers.blocks import looks_like_blocks
        from checker.importers.key_values import worth_reading

        with _vocabulary_in_force():
            return any(has_header_start(sheet, SNIFF_ROWS) or names_grid(sheet.name)
                       for sheet in sheets) or any(looks_like_blocks(s) for s in sheets) or (
                match_profile(sheets) is not None or any(worth_reading(s) for s in sheets))

    def read(self, path: Path) -> list[Document]:
        """Every document of the file: its tables grouped by kind, in the file's order.

        A layout profile that claims the file (``profiles/*.toml``) adds its spellings to
        the vocabulary and gives every table its kind and section names.
        """
        profile = match_profile(_sheets(Path(path)))
        with _vocabulary_in_force(), _profile_vocabulary(profile):
            return self._read(path, profile)

    def _read(self, path: Path, profile: Profile | None = None) -> list[Document]:
        file = str(path)
        grids, parts = _parts(file, _sheets(Path(path)), profile)
        sheets, unread, conflicts = _records(grids, profile)
        sheets, lists = _budget_lists(sheets)
        with_tables = [s for s in sheets if has_header_start(s) or names_grid(s.name)]
        if not with_tables and parts:
            return parts
        if not with_tables:  # no table header: sasaran/indicator blocks across the sheet?
            from checker.importers.blocks import looks_like_blocks, read_blocks

            blocks = [read_blocks(file, s) for s in sheets if looks_like_blocks(s)]
            if blocks:
                for doc, sheet in zip(blocks, [s for s in sheets if looks_like_blocks(s)],
                                      strict=True):
                    _heading(doc, [], [" ".join(x for _, x in sheet.cells(r))
                                       for r in range(1, min(sheet.height, 4) + 1)])
                return blocks
            trees = _trees(file, unread, profile)  # a form printing only its tree
            if trees:
                _share_heading(trees)
                _report_unread(file, trees, [p for p in unread if p.form is None], profile)
                return trees
            if any(s.height for s in sheets):  # cells were read: say what, and how to map
                raise InputError("input.no_table_header", Location(file=file),
                                 grids=len([s for s in sheets if s.height]),
                                 rows=sum(s.height for s in sheets), file=file)
            raise InputError("input.no_cells", Location(file=file))
        tables: list[Table] = []
        for sheet in with_tables:
            found = find_tables(sheet)
            found += missing_tables(sheet, found)  # declared in a mapping file
            tables.extend(sorted(found, key=lambda t: t.header.rows[0]))
        apply_mapping(tables)
        _name_tables(tables, profile)
        by_kind: dict[DocumentKind, list[Table]] = {}
        previous: DocumentKind | None = None
        for table in tables:
            if table.kind is None and table.sheet.container in ("docx", "pdf"):
                table.kind = previous  # an untitled Word/PDF table continues the one above
            previous = table.kind or previous
            by_kind.setdefault(table.kind or kind_from_columns(table.header), []).append(table)
        documents = []
        taken = {d.id for d in parts}
        for kind, group in by_kind.items():
            # a table of the report titled like a part (``Perjanjian Kinerja …`` above a
            # table of an LKjIP) is another document than the part: never the same id
            name = BODY if document_id(file, kind) in taken else None
            doc = DocReader(file, kind, group, name).read()
            _heading(doc, group)
            documents.append(doc)
        trees = _trees(file, unread, profile)
        _share_heading(trees + documents)
        _generic_tables(file, sheets, tables, documents)
        _report_unread_grids(file, sheets, tables, documents)
        _report_unread(file, documents, [p for p in unread if p.form is None], profile)
        _report_conflicts(file, documents, conflicts)
        _report_lists(file, documents, tables, lists)
        _report_wrapped(documents, tables)
        return trees + documents + parts


def _budget_lists(sheets: list[Sheet]) -> tuple[list[Sheet], list[BudgetList]]:
    """Budget lists under ``Kegiatan`` / ``Sub Kegiatan`` marker lines, as virtual tables.

    (:mod:`~checker.importers.budget_lists`: a Perjanjian Kinerja's budget.) Each grid
    holding one is followed by the lists' grids and stands without their lines.
    """
    out: list[Sheet] = []
    lists: list[BudgetList] = []
    for sheet in sheets:
        found = read_budget_lists(sheet)
        out.append(found.remaining)
        out.extend(found.grids)
        if found.grids:
            lists.append(found)
    return out, lists


def _report_wrapped(documents: list[Document], tables: list[Table]) -> None:
    """Say in a table's notes which rows were joined from labels wrapped over lines.

    (:mod:`~checker.importers.wrapped_rows`: ``inspect`` shows, for each row, the lines
    its label was read from.)
    """
    from checker.i18n import t

    for table in tables:
        joined = [(row, params["lines"]) for row, key, params in table.sheet.notes
                  if key == "wrapped.joined" and table.header.rows[-1] < row]
        if not joined:
            continue
        text = t("import_excel.note_wrapped", count=len(joined),
                 rows="; ".join(f"{row} ← {lines}" for row, lines in joined))
        for info in (i for d in documents for i in d.tables if i.name == table.name):
            info.notes.append(text)


def _report_lists(file: str, documents: list[Document], tables: list[Table],
                  lists: list[BudgetList]) -> None:
    """The budget lists' own findings (a name cut off, a level unclear) on their document."""
    for found in lists:
        grid = found.grids[0]
        table = next((t for t in tables if t.sheet is grid), None)
        name = table.name if table is not None else None
        doc = next((d for d in documents if any(i.name == name for i in d.tables)),
                   documents[0] if documents else None)  # never dropped silently
        if doc is not None:
            doc.issues.extend(found.findings(doc.id, file, name))


def _parts(file: str, sheets: list[Sheet], profile: Profile | None
           ) -> tuple[list[Sheet], list[Document]]:
    """The parts a profile's headings open, each read as a document; the grids without them.

    (:mod:`~checker.importers.parts`: the PK and PK Perubahan appended to an LKjIP.)
    Of a flowed Word grid, the part is read in document order and the report before it
    as the Word tables it holds: prose paragraphs are no rows of the table above them,
    which Word's own table ends say and a text extract cannot.
    """
    from checker.importers.containers import read_grids
    from checker.importers.parts import cut, find_parts, read_part

    if profile is None or not profile.parts:
        return sheets, []
    out: list[Sheet] = []
    docs: list[Document] = []
    for sheet in sheets:
        found = find_parts(sheet, profile.parts)
        docs.extend(read_part(file, sheet, part) for part in found)
        if found and sheet.places is not None:
            before = {where for where, _ in sheet.places[:found[0].first - 1]}
            out.extend(g for g in read_grids(Path(file)) if g.name in before)
            continue
        if found:
            sheet = cut(sheet, 1, found[0].first - 1)
        out.append(sheet)
    return out, docs


def _generic_tables(file: str, sheets: list[Sheet], tables: list[Table],
                    documents: list[Document]) -> None:
    """Grids where no plan table was found may still hold a table with a totals row.

    Their whole-number cells go to the first document (``table_cells``) for ROL-011.
    """
    planned = {t.sheet.name for t in tables}
    if not documents:
        return
    for sheet in sheets:
        if sheet.name not in planned:
            documents[0].table_cells += table_cells(grid_lines(sheet), sheet.name, file)


def _report_unread_grids(file: str, sheets: list[Sheet], tables: list[Table],
                         documents: list[Document]) -> None:
    """Grids holding figures where no table header was found: one STR-005 naming them all.

    A Word file's fifty tables, of which one has a header the vocabulary knows, must not
    pass as a document with nothing wrong: every other table with figures is named, with
    its range, so the reviewer knows what was not checked (and can map it). A grid with
    fewer than two rows of two cells (titles, a date line, a signature) is not a table.
    """
    planned = {t.sheet.name for t in tables}
    found: list[tuple[Sheet, Location]] = []
    for sheet in sheets:
        if sheet.name in planned or sheet.height < 2:
            continue
        rows = [[(c, str(x)) for c, x in sheet.cells(r) if str(x).strip()]
                for r in range(1, sheet.height + 1)]
        table_rows = [cells for cells in rows if len(cells) >= 2]  # titles are one cell
        if len(table_rows) < 2 or not any(any(ch.isdigit() for ch in x)
                                          for cells in table_rows for _, x in cells):
            continue
        filled = [(r, c) for r, cells in enumerate(rows, start=1) for c, _ in cells]
        row, col = filled[0]
        last_row = max(r for r, _ in filled)
        last_col = max(c for _, c in filled)
        page = None
        if sheet.addresses and row <= len(sheet.addresses):
            page, row = sheet.addresses[row - 1]
            last_row = sheet.addresses[min(last_row, len(sheet.addresses)) - 1][1]
        found.append((sheet, Location(file=file, table=sheet.name, row=row, page=page,
                                      column=column_letter(col),
                                      end=f"{column_letter(last_col)}{last_row}")))
    if not found or not documents:
        return
    doc = documents[0]
    words = ", ".join(f"{s.name} ({loc.cell}:{loc.end})" for s, loc in found[:20])
    if len(found) > 20:
        words += f" … (+{len(found) - 20})"
    doc.issues.append(issue(doc.id, "STR-005", "import_excel.str_grids_unread", found[0][1],
                            actual=[f"{s.name} › {loc.cell}:{loc.end}" for s, loc in found],
                            count=len(found), grids=words))


def _vocabulary_in_force() -> contextlib.AbstractContextManager[object]:
    """The header spellings a mapping file adds, in force while a file is read."""
    mapping = active_mapping()
    if mapping is None or not mapping.vocabulary:
        return contextlib.nullcontext()
    return vocabulary.extend(mapping.vocabulary)


#: The name the agency-workbook importer had before every container became a grid.
AgencyWorkbookImporter = GridImporter


def _share_heading(documents: list[Document]) -> None:
    """One file is one agency's: what one document's title says, the others share.

    A Word file prints the agency and the region once, above its first table; the rencana
    aksi after it says only "Rencana Aksi … Tahun 2026". Without this the two would not be
    compared as documents of one agency and year.
    """
    for field in ("instansi", "pemda", "tahun"):
        known = [getattr(d, field) for d in documents if getattr(d, field) is not None]
        if len(set(known)) == 1:
            for doc in documents:
                if getattr(doc, field) is None:
                    setattr(doc, field, known[0])


def _records(sheets: list[Sheet], profile: Profile | None
             ) -> tuple[list[Sheet], list[Part], list[_Conflict]]:
    """Key-value blocks (``Nama Program : …``) read as tables of their own, where found.

    Each such sheet is followed by the virtual grids of its blocks, and stands without the
    lines they hold (:mod:`~checker.importers.key_values`). A profile first sets aside its
    running page headings and the parts it does not read, returned to be reported.
    """
    from checker.importers.key_values import read_records, worth_reading

    out: list[Sheet] = []
    unread: list[Part] = []
    conflicts: list[_Conflict] = []
    for sheet in sheets:
        if profile is None and not worth_reading(sheet):
            out.append(sheet)
            continue
        if profile is not None:
            sheet, parts = profile.set_aside(sheet)
            unread.extend(parts)
        found = read_records(sheet, profile.section if profile else lambda text: None)
        out.append(found.remaining)
        out.extend(found.grids)
        conflicts.extend((found.table_at(kv.row), kv, first, sheet.name)
                         for kv, first in found.conflicts)
    return out, unread, conflicts


def _trees(file: str, parts: list[Part], profile: Profile | None) -> list[Document]:
    """The tree of objectives a profile reads from its ``[tree]`` parts, one per grid.

    Read from the grid as printed (the parts are blanked in the grid the table stages see);
    agency, region and year from the lines above the first part, as a table's cover.
    """
    if profile is None or profile.tree is None:
        return []
    from checker.importers.tree import read_tree

    grids = {s.name: s for s in _sheets(Path(file))}
    out = []
    for grid in dict.fromkeys(p.grid for p in parts if p.form is not None):
        mine = [p for p in parts if p.grid == grid]
        doc = read_tree(file, grids[grid], mine, profile.tree, profile.kind)
        if doc is not None:
            sheet = grids[grid]
            for info in doc.tables:
                note_rows(file, info, sheet)
            _heading(doc, [], [" ".join(x for _, x in sheet.cells(r))
                               for r in range(1, mine[0].title[0])])
            out.append(doc)
    return out


def _report_conflicts(file: str, documents: list[Document],
                      conflicts: list[_Conflict]) -> None:
    """A key printed again for the same item with another value: the first is read (STR-002).

    Neither value is chosen silently: the reviewer sees both cells.
    """
    if not documents:
        return
    for table, kv, (value, row, col), grid in conflicts:
        doc = documents[0]
        here = _where(file, grid, table, kv.row, kv.value_col)
        first = cell_named(_where(file, grid, table, row, col), here)
        doc.issues.append(issue(
            doc.id, "STR-002", "import_excel.str_key_repeated", here,
            actual=kv.value, expected=value, label=kv.key, value=kv.value, first=value,
            cell=first))


def _report_unread(file: str, documents: list[Document], parts: list[Part],
                   profile: Profile | None) -> None:
    """One STR-004 per part a profile recognises and the pipeline does not read."""
    if not parts or not documents or profile is None:
        return
    doc = next((d for d in documents if d.jenis == profile.kind), documents[0])
    for part in parts:
        row, col, text = part.where
        doc.issues.append(issue(
            doc.id, "STR-004", "import_excel.str_part_unread",
            _where(file, part.grid, part.name, row, col),
            actual=text, part=part.name, profile=profile.name, title=part.title[2][:80]))


def _where(file: str, grid: str, table: str, row: int, col: int) -> Location:
    """A cell of a grid as read (a line of a text extract, a Word cell of a flowed grid)."""
    sheet = next((s for s in _sheets(Path(file)) if s.name == grid), None)
    if sheet is not None and sheet.places is not None:
        return sheet.location(file, row, col, table)
    return Location(file=file, table=table, row=row, column=column_letter(col))


def _profile_vocabulary(profile: Profile | None) -> contextlib.AbstractContextManager[object]:
    """The spellings a layout profile adds, in force while a file it claims is read."""
    if profile is None or not profile.vocabulary:
        return contextlib.nullcontext()
    return vocabulary.extend(profile.vocabulary)


def _name_tables(tables: list[Table], profile: Profile | None = None) -> None:
    """``<sheet> › <title>``: the sheet a reviewer opens and the title printed there.

    A text extract is one grid named after its file: its tables are named by their title
    alone (``RENCANA AKSI ESELON III``), the file being named beside them anyway. A
    profile's section title above a table names it, and the profile gives its kind.
    """
    seen: dict[str, int] = {}
    for table in tables:
        if profile is not None and profile.kind is not None:
            table.kind = profile.kind
        section = next((n for x in table.titles if profile and (n := profile.section(x))),
                       None)
        title = section or next((x for x in table.titles if _TITLE.search(x)), None)
        title = title or (table.titles[0] if table.titles else None)
        name = table.sheet.name if not title else (
            title if table.sheet.container in WHOLE_FILE_GRIDS else f"{table.sheet.name} › {title}")
        seen[name] = seen.get(name, 0) + 1
        table.name = f"{name} ({seen[name]})" if seen[name] > 1 else name


def _cover_rows(sheet: Sheet, tables: list[Table]) -> list[str]:
    """Text rows above a sheet's first table and every table's title rows."""
    first = min(t.header.rows[0] for t in tables)
    texts = [" ".join(x for _, x in sheet.cells(r)) for r in sheet.filled(1, first - 1)
             if title_row(sheet, r)]
    for table in tables:
        texts.extend(x for x in table.titles if x not in texts)
    return texts


def _heading(doc: Document, tables: list[Table], lines: list[str] | None = None) -> None:
    """Agency, regency, year and title of a document from its title and cover rows.

    ``lines``: title lines of a grid read without a table (sasaran blocks).
    """
    texts: list[str] = list(lines or [])
    for sheet in dict.fromkeys(t.sheet.name for t in tables):
        group = [t for t in tables if t.sheet.name == sheet]
        texts.extend(_cover_rows(group[0].sheet, group))
    for text in texts:
        if doc.instansi is None and (m := _AGENCY.search(text)):
            doc.instansi = title_case(m.group(1))
            doc.pemda = title_case(_TAIL.sub("", m.group(2)).strip(" ,."))
        if doc.tahun is None and (y := _YEAR.search(text)):
            doc.tahun = int(y.group(1))
    for text in texts:
        bare = _TAIL.sub("", text)
        if doc.instansi is None and (m := _AGENCY_ONLY.search(bare)):
            doc.instansi = title_case(m.group(1))
        if doc.pemda is None and (m := _REGION.match(bare)):
            doc.pemda = title_case(m.group(1))
    if doc.tahun is None:  # "Realisasi Kinerja Pada Triwulan I - IV Tahun 2023"
        for table in tables:
            for col in table.header.cols.values():
                if (y := _YEAR.search(col.header)) is not None:
                    doc.tahun = int(y.group(1))
                    break
            if doc.tahun is not None:
                break
    if doc.instansi is not None and doc.instansi.isupper():
        doc.instansi = title_case(doc.instansi)
    eselons = [t.eselon for t in tables if t.eselon]
    if eselons and len(eselons) == len(tables):
        doc.judul = "Rencana Aksi Eselon " + ", ".join(dict.fromkeys(eselons))
    else:
        titles = [x for t in tables for x in t.titles]
        doc.judul = next((x for x in titles if _TITLE.search(x)), titles[0] if titles else None)
