"""An LKjIP handed over as Word, read by the same reader as its text extract.

The ``lkjip`` layout (:mod:`~checker.importers.text_lkjip`) finds a report's numbered
tables, its agreements and its rencana aksi appendix by their headings, in document
order. A Word file the profile claims is one flowed grid in that order
(:mod:`~checker.importers.containers.docx_flow`); its rows, written as the lines of a text
extract (cells joined by tabs, a paragraph one cell), are what the text reader reads, so
that a report table goes through the same stages in Word as in text (``Tabel 2.3`` through
``_through_pipeline``, an IKU table through ``indicator_lists``) instead of being read as a
bare Word table by the generic stages, which cannot know which sasaran it measures.

What the shared stages read from the flowed grid is already at Word cells (the grid's
``places``), their messages too. What this reader of text lines addresses itself (a
skipped table's range and cells) names a row of the flowed grid; :func:`to_word` moves
those to the Word table (or paragraph) and row where Word prints them, so that every
address is one a reviewer finds in the Word file.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from checker.importers.excel_grid import Sheet
from checker.importers.textlines import TextLine
from checker.importers.word_places import note_rows
from checker.model.location import Location, column_index
from checker.model.plan import Document, TableInfo

#: A table name the flowed grid gave already (``Tabel 28 › …``, ``Paragraf``): in Word.
_PLACED = re.compile(r"^(?:Tabel \d+|Paragraf)(?: › |$)")
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def flowed_lines(sheet: Sheet) -> list[TextLine]:
    """The flowed grid's rows as a text extract's lines (line ``n`` is row ``n``).

    A table row's cells joined by tabs (an empty cell keeps its place, so field ``k`` is
    column ``k``); a paragraph's line is one cell, without a tab, as prose is in text.
    """
    lines = []
    for number, row in enumerate(sheet.rows, start=1):
        cells = ["" if v is None else str(v).replace("\t", " ") for v in row]
        lines.append(TextLine(number, "\t".join(cells)))
    return lines


def flowed_row(sheet: Sheet, loc: Location) -> int | None:
    """The flowed grid's row of a Word address (``Tabel 4 › Tabel 2.2 › B2``), if any.

    What the shared stages read is named at Word cells; a stage reading the flowed grid
    again (an indicator table naming the sasaran printed in another table) needs the
    row of the grid.
    """
    where = (loc.table or "").split(" › ")[0]
    places = sheet.places or []
    return next((i for i, place in enumerate(places, start=1) if place == (where, loc.row)),
                None)


def to_word(docs: list[Document], sheet: Sheet) -> None:
    """Every address still naming a flowed row named at its Word table (or paragraph).

    Idempotent: an address already in Word (``Tabel 28 › …``) is left as it is, so
    objects shared between documents are moved once.
    """
    if sheet.places is None:
        return
    seen: set[int] = set()
    for doc in docs:
        _walk(doc, sheet, seen)


def _walk(obj: Any, sheet: Sheet, seen: set[int]) -> Any:
    """``obj`` with its addresses in Word (a new :class:`Location`, others changed in place)."""
    if isinstance(obj, Location):
        return _placed(obj, sheet)
    if isinstance(obj, (str, int, float, bool)) or obj is None or id(obj) in seen:
        return obj
    seen.add(id(obj))
    if isinstance(obj, list):
        obj[:] = [_walk(v, sheet, seen) for v in obj]
    elif isinstance(obj, dict):
        for key, value in list(obj.items()):
            obj[key] = _walk(value, sheet, seen)
    elif isinstance(obj, tuple):
        return tuple(_walk(v, sheet, seen) for v in obj)
    elif isinstance(obj, BaseModel):
        if obj.model_config.get("frozen"):
            return obj
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            new = _walk(value, sheet, seen)
            if new is not value:
                setattr(obj, name, new)
        _row_of(obj, sheet)
        if isinstance(obj, TableInfo):
            _note_rows(obj, sheet)
    return obj


def _note_rows(info: TableInfo, sheet: Sheet) -> None:
    """A table read from lines says which Word cells its rows are, as the others do."""
    notes = list(info.notes)
    note_rows(info.file or "", info, sheet)
    if len(info.notes) > len(notes) and info.notes[-1] in notes:
        info.notes[:] = notes  # said already (a table the shared stages read)


def _row_of(obj: BaseModel, sheet: Sheet) -> None:
    """An item's, indicator's or total's own ``table`` and ``row``, placed as its cells."""
    table, row = getattr(obj, "table", None), getattr(obj, "row", None)
    if not isinstance(table, str) or not isinstance(row, int) or _PLACED.match(table):
        return
    places = sheet.places or []
    if 1 <= row <= len(places):
        where, on = places[row - 1]
        obj.table, obj.row = f"{where} › {table}", on  # type: ignore[attr-defined]


def _placed(loc: Location, sheet: Sheet) -> Location:
    """A flowed row's address as Word's; the range's end too.

    The end names its Word table when that is another (a skipped table's range runs
    from its heading paragraph to its last cell).
    """
    if loc.table is None or loc.row is None or _PLACED.match(loc.table):
        return loc
    column = column_index(loc.column) if loc.column else 1
    moved = sheet.location(loc.file, loc.row, column, loc.table)
    places = sheet.places or []
    end = loc.end
    if end and (m := _CELL.match(end)) and 1 <= int(m.group(2)) <= len(places):
        where, row = places[int(m.group(2)) - 1]
        end = f"{m.group(1)}{row}"
        if 1 <= loc.row <= len(places) and places[loc.row - 1][0] != where:
            end = f"{where} › {end}"  # a heading paragraph to its table's last cell
    return moved.model_copy(update={"end": end, "page": loc.page})
