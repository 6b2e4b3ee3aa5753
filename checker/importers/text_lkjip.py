"""LKjIP (Laporan Kinerja Instansi Pemerintah) text extracts and their appendices.

The layout family: a report whose cover says *Laporan Kinerja Instansi Pemerintah* (or
LKjIP), with numbered tables (``Tabel 2.3``, ``Tabel 4.8`` …) between prose, followed by
appendices: the rencana aksi per level (tujuan/sasaran, program, kegiatan, sub-kegiatan),
the Perjanjian Kinerja and the Perjanjian Kinerja Perubahan. One file yields several
documents, all with the same path and told apart by ``part``:

- ``lkjip`` per table read (``tabel-2.3``, ``tabel-4.8``, ``tabel-4.1`` …), because the
  same programs appear in several tables and item ids must be unique per document;
- ``rencana_aksi`` for the appendix (every level in one document, linked by name);
- ``pk`` and ``pk_perubahan`` for the two agreements.

Sections are found from their headings (``Tabel x.y``, ``Rencana Aksi Tingkat …``,
``Perjanjian Kinerja [Perubahan] Tahun …``), matched without regard to case, spacing or
bold markers. Each report table is read by the shared pipeline (:func:`_through_pipeline`;
an indicator table naming no item through :mod:`~checker.importers.indicator_lists`, with
the one sasaran the report names). The two agreements and the appendix are the parts the
``lkjip`` layout profile names (``profiles/lkjip.toml``, :mod:`~checker.importers.parts`):
the agreements read by the shared pipeline (their budget lists by
:mod:`~checker.importers.budget_lists`), the appendix's four level headings joined into one
part whose tujuan/sasaran grid the pipeline reads too; its record tables are still read by
:mod:`~checker.importers.text_lkjip_appendix`.

A Word file the profile claims is read the same way, its flowed grid's rows as the lines
(:mod:`~checker.importers.word_lkjip`), and every address then named at its Word cell.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.i18n import t
from checker.importers.generic_tables import Line, table_cells
from checker.importers.indicator_lists import (
    NamedItem,
    header_row,
    name_column,
    real_columns,
)
from checker.importers.profiles import Profile, builtin
from checker.importers.text_lkjip_base import (
    NS,
    Meta,
    Section,
    add_issue,
    clean,
    norm,
    squash,
    title_case,
)
from checker.importers.textlines import TextLine, read_lines
from checker.importers.vocabulary import concepts
from checker.importers.word_lkjip import flowed_lines, flowed_row, to_word
from checker.model.errors import InputError
from checker.model.location import Location, cell_ref, column_index, column_letter
from checker.model.plan import Document, TableInfo
from checker.model.schema import DocumentKind, Level

_TABLE = re.compile(r"^tabel\s*\.?\s*(\d{1,2})\s*\.\s*(\d{1,2})\b\s*(.*)$")
_PK = re.compile(r"^perjanjian kinerja(\s+perubahan)?(\s+tahun\s+\d{4}.*|\s+tingkat\b.*)?$")
_BAB = re.compile(r"^bab\s+[ivx]+\b")
_INSTANSI = re.compile(r"^(dinas|badan|kantor|sekretariat|inspektorat|satuan|rumah sakit)\b")
_REGION = re.compile(r"\b(kabupaten|kab\.|kota|provinsi)\s+([a-z][a-z .]*[a-z])")
MAX_TITLE_LINES = 6
PROSE_LENGTH = 60
MAX_HEADING = 160  # longer lines are sentences that merely mention a table


def heading_of(line: TextLine) -> tuple[str, str | None] | None:
    """What a line heads: ``("table", "2.3")``, ``("ra", level)``, ``("pk", None)`` …"""
    if "\t" in line.text or line.is_blank() or len(line.text) > MAX_HEADING:
        return None
    text = norm(line.text)
    m = _TABLE.match(text)
    if m and "...." not in text:
        return "table", f"{m.group(1)}.{m.group(2)}"
    if squash(text).startswith("rencanaaksi"):
        for level, pattern in (("sub_kegiatan", r"sub\s*-?\s*kegiatan"), ("kegiatan", "kegiatan"),
                               ("program", "program"), ("tujuan", "tujuan|sasaran")):
            if re.search(pattern, text):
                return "ra", level
        return None
    m = _PK.match(text)
    if m:
        return ("pk_perubahan" if m.group(1) else "pk"), None
    if _BAB.match(text):
        return "bab", None
    return None


def find_sections(lines: list[TextLine]) -> list[Section]:
    """Every recognised table and block, in file order, with the lines below its heading."""
    heads = [(i, h) for i, ln in enumerate(lines) if (h := heading_of(ln)) is not None]
    sections: list[Section] = []
    for n, (i, (kind, arg)) in enumerate(heads):
        if kind == "bab":
            continue
        if kind in ("pk", "pk_perubahan") and sections and sections[-1].kind == kind:
            continue  # the agreement's inner heading ("PERJANJIAN KINERJA TINGKAT …")
        end = len(lines)
        for j, (kind2, _) in heads[n + 1:]:
            if not (kind2 == kind and kind in ("pk", "pk_perubahan")):
                end = j
                break
        title_lines, body_start = _title(lines, i, end)
        body = lines[body_start:end]
        if kind == "table":
            body = _table_body(body)
        title = " ".join(clean(ln.text).strip("* ") for ln in title_lines)
        section = Section(kind=kind, heading=lines[i], title=title, lines=body,
                          title_lines=title_lines)
        if kind == "table":
            section.number = arg
            section.name = f"Tabel {arg}"
            section.part = f"tabel-{arg}"
        elif kind == "ra":
            section.level = arg
            section.name = clean(lines[i].text).strip("* ")
        else:
            section.name = clean(lines[i].text).strip("* ")
        sections.append(section)
    _distinct_parts(sections)
    return sections


def _title(lines: list[TextLine], i: int, end: int) -> tuple[list[TextLine], int]:
    """The heading and the title lines under it; index of the first line after them."""
    parts = [lines[i]]
    j = i + 1
    while j < end and "\t" not in lines[j].text and len(parts) <= MAX_TITLE_LINES:
        if not lines[j].is_blank():
            if len(clean(lines[j].text)) > PROSE_LENGTH * 2:
                break
            parts.append(lines[j])
        j += 1
    return parts, j


def _table_body(body: list[TextLine]) -> list[TextLine]:
    """A report table's lines: its rows and the short lines between them, up to the prose."""
    out: list[TextLine] = []
    for line in body:
        if "\t" not in line.text and len(clean(line.text)) > PROSE_LENGTH:
            break
        out.append(line)
    while out and "\t" not in out[-1].text and (
            out[-1].is_blank() or not re.fullmatch(r"[\d\s]+", out[-1].text)):
        out.pop()
    return out


def _distinct_parts(sections: list[Section]) -> None:
    """Two tables printed with the same number get ``tabel-4.2`` and ``tabel-4.2-b``."""
    seen: dict[str, int] = {}
    for s in sections:
        if s.kind != "table":
            continue
        count = seen.get(s.part, 0)
        seen[s.part] = count + 1
        if count:
            s.part = f"{s.part}-{chr(ord('a') + count)}"


def meta_from(lines: list[TextLine], fallback: Meta | None = None) -> Meta:
    """Agency, regency and year from title or cover lines; gaps filled from ``fallback``."""
    meta = Meta()
    for line in lines:
        if "\t" in line.text or line.is_blank() or len(line.text) > 100:
            continue
        text = norm(line.text)
        m = re.match(r"^(?:opd|perangkat daerah|skpd|unit kerja)\s*:\s*(.+)$", text)
        if m and meta.instansi is None:
            meta.instansi = title_case(m.group(1))
        elif _INSTANSI.match(text) and meta.instansi is None and len(text) < 80:
            meta.instansi = title_case(_REGION.split(text)[0].strip(" ,"))
        region = _REGION.search(text)
        if region and meta.pemda is None and len(text) < 80 and (
                _INSTANSI.match(text) or text.startswith(("pemerintah", "kabupaten", "kota",
                                                          "provinsi"))):
            kind = "kabupaten" if region.group(1) == "kab." else region.group(1)
            meta.pemda = title_case(f"{kind} {region.group(2)}")
        year = re.fullmatch(r"((?:19|20)\d\d)", text) or re.search(
            r"\btahun(?: anggaran)?\s*:?\s*((?:19|20)\d\d)\b", text)
        if year and meta.tahun is None:
            meta.tahun = int(year.group(1))
    if fallback:
        meta.instansi = meta.instansi or fallback.instansi
        meta.pemda = meta.pemda or fallback.pemda
        meta.tahun = meta.tahun or fallback.tahun
    return meta


class LkjipImporter:
    """Reads an LKjIP text extract into its report tables, rencana aksi and agreements."""

    name = "text-lkjip"

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool:
        """The ``lkjip`` profile claims the file (its cover), and a table here is read.

        A text extract, or a Word file read as one (its flowed grid's rows as lines).
        """
        from checker.importers.excel_layout import _sheets

        if not lines and Path(path).suffix.lower() != ".docx":
            return False  # a workbook, CSV, PDF or HTML grid: the grid reader's
        try:
            sheets = _sheets(Path(path))
            if not _profile().claims(sheets):
                return False
        except InputError:
            return False  # the grid reader says why, if no other reader claims the file
        lines = lines or _word_lines(Path(path), sheets)
        if not lines:
            return False
        return any((h := heading_of(ln)) is not None and h[0] != "bab" for ln in lines)

    def read(self, path: Path) -> list[Document]:
        """Every document of the file: report tables, rencana aksi, PK, PK Perubahan."""
        from checker.importers.excel_layout import _sheets

        sheets = _sheets(Path(path))
        lines = _word_lines(Path(path), sheets) or read_lines(path)
        file = str(path)
        sections = find_sections(lines)
        first = sections[0].heading.number if sections else len(lines)
        cover = meta_from(lines[:min(first, 60)])
        docs: list[Document] = []
        skipped: list[tuple[Section, str, dict[str, object]]] = []
        tables = [s for s in sections if s.kind == "table"]
        hints: list[tuple[str, Location]] = []
        read: dict[int, Document] = {}
        # the tables naming their items first: an indicator table without a name column
        # (IKU, SPM) is about the one sasaran those name
        for section in sorted(tables, key=lambda s: not names_items(s)):
            kind = kind_of(section)
            measured = None
            if kind == "indicators" and not names_items(section):
                measured = _measured(path, section, hints)
                if measured is None:  # which sasaran is not certain: said, not guessed
                    names = sorted({norm(name): name for name, _ in hints}.values())
                    skipped.append((section, "no_sasaran", {
                        "count": len(names), "candidates": "; ".join(names) or "-"})
                        if len(names) != 1 else (section, "not_plan", {}))
                    continue
            elif kind is None:
                skipped.append((section, "not_plan", {}))
                continue
            doc = read[section.heading.number] = _through_pipeline(path, section, cover,
                                                                   measured)
            hints.extend((i.nama, i.location_of("nama")) for i in doc.items
                         if i.level == Level.SASARAN and i.nama and "nama" in i.cells)
        docs.extend(read[s.heading.number] for s in tables if s.heading.number in read)
        docs.extend(_parts(path, cover, [s for s in sections if s.kind == "ra"]))
        _attach_skipped(docs, skipped, file)
        if sheets[0].places is not None:  # a Word file: every address at its Word cell
            to_word(docs, sheets[0])
        return docs


def _word_lines(path: Path, sheets: list) -> list[TextLine]:
    """A Word file's flowed grid as the lines of a text extract; nothing for a text file.

    (:mod:`~checker.importers.word_lkjip`: a Word file the profile claims is read by this
    reader as its text extract is, line ``n`` being row ``n`` of the flowed grid.)
    """
    if path.suffix.lower() != ".docx" or len(sheets) != 1 or sheets[0].places is None:
        return []
    return flowed_lines(sheets[0])


def _through_pipeline(path: Path, section: Section, cover: Meta,
                      measures: NamedItem | None = None) -> Document:
    """A report table read by the shared stages, as a part of its own (``lkjip-tabel-4.8``).

    ``measures``: the item an indicator table naming no item measures (the report's one
    sasaran); its rows of other years and its percentage totals are said as skipped.
    """
    from checker.importers.excel_layout import _sheets
    from checker.importers.parts import PartSpan, read_part

    rows = section.rows()
    span = PartSpan(DocumentKind.LKJIP, section.name, section.heading.number,
                    rows[-1].number if rows else section.heading.number)
    (sheet,) = _sheets(path)
    dropped: list[tuple[int, str, int | None]] = []
    if measures is not None:  # an indicator table of the item named elsewhere
        found = name_column(sheet, span.first, span.last, measures, cover.tahun)
        if found is not None:
            sheet, dropped = found
    doc = read_part(str(path), sheet, span, section.part)
    for row, key, year in dropped:  # year bands, other years' rows, percentage totals
        doc.tables[0].skipped.append((row, t(f"{NS}.skip.{key}", "id", year=year)))
    if measures is not None and doc.tables:
        named = sheet.location(str(path), measures.row, measures.col)  # Word's, in Word
        real_columns(doc.tables[0], measures,
                     f"{(named.table or '').split(' › ')[0]} {named.cell}"
                     if sheet.places is not None else None)
    doc.instansi, doc.pemda, doc.tahun = cover.instansi, cover.pemda, cover.tahun
    return doc


def kind_of(section: Section) -> str | None:
    """Which report table this is, from its column headings (never its number).

    The seed prints two different tables numbered 4.2 and titles its 4.5 differently in
    the list of tables: ``realisasi`` (kode, realisasi, sisa), ``pagu`` (a name column and
    pagu columns: murni, pergeseran, perubahan), ``indicators`` (an indicator or SPM
    service column with target, realisasi or capaian); anything else (staff, assets,
    visitors, efficiency) is recognised and said as not read (STR-004).
    """
    head = " ".join(norm(r.text) for r in section.rows()[:3])
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


#: Header words of a column naming each row's item (Sasaran Kinerja, Program …).
_ITEM_WORDS = frozenset({"sasaran", "tujuan", "program", "kegiatan", "uraian", "nama"})


def names_items(section: Section) -> bool:
    """Whether a report table has a column naming the item of each row (Tabel 2.2, 2.5)."""
    return any(concepts(cell) & _ITEM_WORDS for row in section.rows()[:3]
               for cell in row.text.split("\t") if cell.strip())


def _measured(path: Path, section: Section, hints: list) -> NamedItem | None:
    """The one sasaran the document names, for an indicator table without a name column.

    An IKU or SPM table is about the agency's sasaran strategis; the report names it in
    its targets tables. With exactly one sasaran named there, that is the item (the cell
    where it is first printed); with none or several, nothing is guessed (``None``: the
    caller says the table is not read, with the candidates), nor when no indicator header
    is found.
    """
    from checker.importers.excel_layout import _sheets

    distinct: dict[str, tuple[str, Location]] = {}
    for name, loc in hints:  # the first place it is named (Tabel 2.2 before 2.4)
        distinct.setdefault(norm(name), (name, loc))
    rows = section.rows()
    if len(distinct) != 1 or not rows:
        return None
    (sheet,) = _sheets(path)
    if header_row(sheet, section.heading.number, rows[-1].number) is None:
        return None
    name, loc = next(iter(distinct.values()))
    row = flowed_row(sheet, loc) if sheet.places is not None else loc.row
    return NamedItem("sasaran", name, row or 0, column_index(loc.column or "A"))


def _profile() -> Profile:
    """The ``lkjip`` layout profile: the cover words and the parts read by the pipeline."""
    return next(p for p in builtin() if p.name == "lkjip")


def _parts(path: Path, cover: Meta, ra: list[Section]) -> list[Document]:
    """The ``lkjip`` profile's parts: the rencana aksi appendix, the PK and PK Perubahan.

    Each is read by the shared pipeline (the appendix's four level sections joined into
    one part). What a part's own heading does not say (agency, regency, year) comes from
    the appendix's titles (``ra``: its sections as this module found them), then the cover.
    """
    from checker.importers.excel_layout import _sheets
    from checker.importers.parts import find_parts, read_part

    profile = _profile()
    docs = []
    for sheet in _sheets(path):
        for part in find_parts(sheet, profile.parts):
            meta = meta_from([ln for s in ra for ln in s.title_lines], cover) \
                if part.kind == DocumentKind.RENCANA_AKSI else cover
            doc = read_part(str(path), sheet, part)
            doc.instansi = doc.instansi or meta.instansi
            doc.pemda = doc.pemda or meta.pemda
            doc.tahun = doc.tahun or meta.tahun
            docs.append(doc)
    return docs


def _attach_skipped(docs: list[Document],
                    skipped: list[tuple[Section, str, dict[str, object]]], file: str) -> None:
    """Skipped report tables are noted on the nearest report document before them."""
    report = [d for d in docs if d.jenis == DocumentKind.LKJIP]
    if not report:
        return
    for section, reason, params in skipped:
        row = section.heading.number
        before = [d for d in report if d.tables and (d.tables[0].first_row or 0) < row]
        doc = before[-1] if before else report[0]
        rows = section.rows()
        info = TableInfo(name=section.name, file=file,
                         first_row=rows[0].number if rows else row,
                         last_row=rows[-1].number if rows else row)
        info.notes.append(t(f"{NS}.note.table_skipped", "id", title=section.title))
        doc.tables.append(info)
        doc.table_cells += table_cells(
            [Line(r.number, r.text.split("\t")) for r in rows], section.name, file)
        add_issue(doc, "STR-004", f"table_{reason}", table_range(section, file),
                  actual=section.title, table=section.name, title=section.title, **params)


def table_range(section: Section, file: str) -> Location:
    """A whole table as a finding names it: its heading's cell and the range to its end.

    The heading is where a reader finds the table; the range (to the last row's last
    field) is what was left unread.
    """
    head = section.heading
    first = next((i for i, _ in head.nonblank_fields()), 1)
    rows = section.rows()
    last_row = rows[-1].number if rows else head.number
    width = max((len(ln.fields) for ln in rows), default=first)
    return Location(file=file, table=section.name, row=head.number,
                    column=column_letter(first),
                    end=cell_ref(last_row, max(width, first)))
