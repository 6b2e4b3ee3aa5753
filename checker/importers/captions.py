"""Captioned report tables: ``Tabel 3.1 …`` above a table, prose around it.

Every Indonesian report (LKjIP, Renstra, RKPD, LPPD) prints its tables so: a caption line
(``Tabel 2.3``, ``Tabel. 3.1``, ``**Tabel 4.5``, ``TABEL 4.8 Capaian …``), a title over a
few short lines, the table, then prose again. This stage finds them in a file's lines (a
text extract's, or a flowed Word grid's rows written as lines: :func:`flowed_lines`, line
``n`` being row ``n``), each with its title and its body up to the prose; two tables printed
with one number are told apart (``tabel-4.2``, ``tabel-4.2-b``). It also reads the cover's
agency, regency and year (:func:`meta_from`), which the report's tables do not repeat.

A layout profile declares the stage (``[captions]``, ``profiles/lkjip.toml``); the reading
of each table by the shared stages is :mod:`~checker.importers.caption_tables`. A caption
is matched without regard to case, spacing or bold markers; a line of the list of tables
(``TABEL 2.1 Strategi : II-3``, a tab) or a sentence merely mentioning a table is none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from checker.importers.base import title_case
from checker.importers.excel_grid import Sheet
from checker.importers.textlines import TextLine
from checker.model.location import Location, cell_ref

#: ``tabel 2.3 …`` once bold markers and spaces are tidied (:func:`norm`).
CAPTION = re.compile(r"^tabel\s*\.?\s*(\d{1,2})\s*\.\s*(\d{1,2})\b\s*(.*)$")
#: A chapter heading (``BAB IV AKUNTABILITAS KINERJA``) ends the table above it.
CHAPTER = re.compile(r"^bab\s+[ivx]+\b")
_INSTANSI = re.compile(r"^(dinas|badan|kantor|sekretariat|inspektorat|satuan|rumah sakit)\b")
_REGION = re.compile(r"\b(kabupaten|kab\.|kota|provinsi)\s+([a-z][a-z .]*[a-z])")
#: A caption's title: at most this many short lines under it, before the table.
MAX_TITLE_LINES = 6
#: A line without cells longer than this is prose (twice this ends a title).
PROSE_LENGTH = 60
#: Longer lines are sentences that merely mention a table, never its caption.
MAX_HEADING = 160


# --------------------------------------------------------------------------- text
@lru_cache(maxsize=65_536)
def norm(text: str | None) -> str:
    """Lower-case text without bold markers, no-break spaces or repeated spaces.

    Kept per text: the caption stages compare the same lines and cells again (seed 004:
    934 questions of 356 texts).
    """
    if not text:
        return ""
    text = text.replace("*", " ").replace("\u00a0", " ").replace("\ufffd", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def clean(text: str | None) -> str:
    """A cell's text as printed, with spaces tidied (kept for names and raw values)."""
    if not text:
        return ""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\ufffd", " ")).strip()


def flowed_lines(sheet: Sheet) -> list[TextLine]:
    """A grid's rows as a text extract's lines (line ``n`` is row ``n``).

    A table row's cells joined by tabs (an empty cell keeps its place, so field ``k`` is
    column ``k``); a paragraph's line is one cell, without a tab, as prose is in text.
    What is addressed from these lines is addressed through the grid
    (:meth:`Sheet.location`), so a flowed Word grid's rows are named at their Word cells.
    """
    lines = []
    for number, row in enumerate(sheet.rows, start=1):
        cells = ["" if v is None else str(v).replace("\t", " ") for v in row]
        lines.append(TextLine(number, "\t".join(cells)))
    return lines


# --------------------------------------------------------------------------- captions
@dataclass
class Caption:
    """A captioned table: its caption line, title and the lines of its body."""

    heading: TextLine
    number: str  # "2.3" for Tabel 2.3
    title: str
    lines: list[TextLine]
    title_lines: list[TextLine] = field(default_factory=list)
    part: str = ""  # the document part ("tabel-2.3"; "tabel-4.2-b" for a second 4.2)

    @property
    def name(self) -> str:
        """The table name used in locations (``Tabel 2.3``)."""
        return f"Tabel {self.number}"

    def rows(self) -> list[TextLine]:
        """The tab-separated lines of the body (the table's rows)."""
        return [ln for ln in self.lines if "\t" in ln.text and not ln.is_blank()]


def caption_of(line: TextLine) -> str | None:
    """The number a caption line gives (``"3.3"`` for ``Tabel . 3.3``), else ``None``."""
    if "\t" in line.text or line.is_blank() or len(line.text) > MAX_HEADING:
        return None
    text = norm(line.text)
    m = CAPTION.match(text)
    if m and "...." not in text:  # '....' leads to a page number: the list of tables
        return f"{m.group(1)}.{m.group(2)}"
    return None


def is_chapter(line: TextLine) -> bool:
    """A chapter heading line (``BAB II PERENCANAAN KINERJA``)."""
    return ("\t" not in line.text and not line.is_blank() and len(line.text) <= MAX_HEADING
            and bool(CHAPTER.match(norm(line.text))))


def find_captions(lines: list[TextLine],
                  stop: Callable[[TextLine], bool] = lambda _: False) -> list[Caption]:
    """Every captioned table, in file order, with its title and body.

    A table's lines run to the next caption, chapter heading or line ``stop`` says opens
    something else (a profile's part heading: ``PERJANJIAN KINERJA TAHUN 2024``), and its
    body then to the prose (:func:`table_body`).
    """
    heads = [i for i, ln in enumerate(lines)
             if caption_of(ln) is not None or is_chapter(ln) or stop(ln)]
    out: list[Caption] = []
    for n, i in enumerate(heads):
        number = caption_of(lines[i])
        if number is None:
            continue
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        title_lines, body_start = title_of(lines, i, end)
        title = " ".join(clean(ln.text).strip("* ") for ln in title_lines)
        out.append(Caption(heading=lines[i], number=number, title=title,
                           lines=table_body(lines[body_start:end]), title_lines=title_lines,
                           part=f"tabel-{number}"))
    _distinct_parts(out)
    return out


def title_of(lines: list[TextLine], i: int, end: int) -> tuple[list[TextLine], int]:
    """The heading line ``i`` and the title lines under it; index of the first after them.

    A title is short lines up to the first row of cells; a long line is prose, the title
    ended.
    """
    parts = [lines[i]]
    j = i + 1
    while j < end and "\t" not in lines[j].text and len(parts) <= MAX_TITLE_LINES:
        if not lines[j].is_blank():
            if len(clean(lines[j].text)) > PROSE_LENGTH * 2:
                break
            parts.append(lines[j])
        j += 1
    return parts, j


def table_body(body: list[TextLine]) -> list[TextLine]:
    """A table's lines: its rows and the short lines between them, up to the prose.

    Short lines after the last row are the source note or the next title, not the table,
    except a line of numbers only (a row whose cells the extract did not separate).
    """
    out: list[TextLine] = []
    for line in body:
        if "\t" not in line.text and len(clean(line.text)) > PROSE_LENGTH:
            break
        out.append(line)
    while out and "\t" not in out[-1].text and (
            out[-1].is_blank() or not re.fullmatch(r"[\d\s]+", out[-1].text)):
        out.pop()
    return out


def _distinct_parts(captions: list[Caption]) -> None:
    """Two tables printed with the same number get ``tabel-4.2`` and ``tabel-4.2-b``."""
    seen: dict[str, int] = {}
    for c in captions:
        count = seen.get(c.part, 0)
        seen[c.part] = count + 1
        if count:
            c.part = f"{c.part}-{chr(ord('a') + count)}"


def table_range(caption: Caption, sheet: Sheet, file: str) -> Location:
    """A whole table as a finding names it: its caption's cell and the range to its end.

    The caption is where a reader finds the table; the range (to the last row's last
    field) is what was left unread. On a flowed Word grid the caption is a paragraph and
    the table a Word table: the end then names its Word table (``Paragraf › Tabel 4.9 ›
    A158:Tabel 22 › F4``).
    """
    head = caption.heading
    first = next((i for i, _ in head.nonblank_fields()), 1)
    rows = caption.rows()
    last_row = rows[-1].number if rows else head.number
    width = max(max((len(ln.fields) for ln in rows), default=first), first)
    loc = sheet.location(file, head.number, first, caption.name)
    return loc.model_copy(update={"end": _end(sheet, head.number, last_row, width)})


def _end(sheet: Sheet, head: int, row: int, col: int) -> str:
    """The range's last cell, with its Word table when the caption is not in it."""
    places = sheet.places or []
    if not 1 <= row <= len(places):
        return cell_ref(row, col)
    where, on = places[row - 1]
    cell = cell_ref(on, col)
    return f"{where} › {cell}" if 1 <= head <= len(places) and places[head - 1][0] != where \
        else cell


def grid_row(sheet: Sheet, loc: Location) -> int | None:
    """The grid row a location names: its own row, or a flowed Word grid's row of it.

    What the shared stages read from a flowed grid is named at Word cells (``Tabel 4 ›
    Tabel 2.2 › B2``); a stage reading the grid again needs the grid's row.
    """
    if sheet.places is None:
        return loc.row
    where = (loc.table or "").split(" › ")[0]
    return next((i for i, place in enumerate(sheet.places, start=1)
                 if place == (where, loc.row)), None)


# --------------------------------------------------------------------------- meta
@dataclass
class Meta:
    """Agency, regency and year of a document, as printed near its heading."""

    instansi: str | None = None
    pemda: str | None = None
    tahun: int | None = None


def meta_from(lines: list[TextLine], fallback: Meta | None = None) -> Meta:
    """Agency, regency and year from title or cover lines; gaps filled from ``fallback``.

    A report prints them once, on its cover (``DINAS SOSIAL`` / ``KABUPATEN LAMPUNG
    BARAT`` / ``2024``); its tables never repeat them.
    """
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
