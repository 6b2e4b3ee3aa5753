"""Tiny plans from plain rows, addressed like the canonical template.

A fixture writes rows as dicts (``{id: S1, level: sub_kegiatan, anggaran: 100}``); the
rows become model objects whose every field sits in its template column, rows counted
from 2 under the header. Findings therefore name the same cells (``Program_Kegiatan!J2``)
they would name in a real workbook, and a fixture can say where a finding must point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, Located, TableCell, Total, YearValue
from checker.model.schema import ENTITIES

MODELS: dict[str, type[Located]] = {"item": Item, "indicator": Indicator, "total": Total,
                                    "table_cell": TableCell, "tahunan": YearValue}
#: The fixture key of each entity's rows, in the template's sheet order.
ROW_KEYS: dict[str, str] = {"items": "item", "indicators": "indicator", "totals": "total",
                            "table_cells": "table_cell", "tahunan": "tahunan"}
FIRST_ROW = 2  # row 1 holds the headers
DEFAULT_FILE = "rencana.xlsx"


def row_fields(entity: str) -> list[str]:
    """The fields a fixture row of ``entity`` may set (not the address fields)."""
    base = set(Located.model_fields)
    # ``unreadable`` (field → raw text a reader could not read) is a value a case may set:
    # completeness rules say "tidak terbaca" for it instead of "missing".
    return [name for name in MODELS[entity].model_fields if name not in base] + ["unreadable"]


def field_column(entity: str, field: str) -> str:
    """The template column letter of ``field`` on ``entity``'s sheet."""
    names = [f.name for f in ENTITIES[entity].fields]
    return column_letter(names.index(field) + 1)


def place(entity: str, row: int, values: Mapping[str, Any],
          file: str = DEFAULT_FILE) -> Located:
    """A model row whose every field sits in its template column at ``row``.

    Blank fields get an address too, as in a real sheet: a finding about a missing value
    points at the empty cell where it belongs.
    """
    spec = ENTITIES[entity]
    obj = _validated(MODELS[entity], {**values, "file": file, "table": spec.sheet, "row": row})
    for index, field in enumerate(spec.fields, start=1):
        if field.name != "dokumen":
            obj.locate(field.name, Location(file=file, table=spec.sheet, row=row,
                                            column=column_letter(index)))
    return obj


def _validated(model: type[Located], values: dict[str, Any]) -> Located:
    """A row written by a person, converted and checked by pydantic (its error messages).

    The model's classes convert only what the readers give them (``checker.model.record``);
    a fixture's text (``anggaran: "1000"``, a misspelt level) gets pydantic's lax mode and
    its ``ValidationError``, which :mod:`checker.ruletest.fixture` turns into a message.
    """
    from pydantic import TypeAdapter

    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    return adapter.validate_python(values)


_ADAPTERS: dict[type, Any] = {}


def make_document(items: Iterable[Mapping[str, Any]] = (),
                  indicators: Iterable[Mapping[str, Any]] = (),
                  totals: Iterable[Mapping[str, Any]] = (), jenis: str = "rencana_aksi",
                  tahunan: Iterable[Mapping[str, Any]] = (),
                  doc_id: str = "RA", file: str = DEFAULT_FILE) -> Document:
    """A document whose rows start at row 2 of each template sheet, in the given order."""
    return Document(
        id=doc_id, jenis=jenis, path=file,
        items=[place("item", i + FIRST_ROW, v, file) for i, v in enumerate(items)],
        indicators=[place("indicator", i + FIRST_ROW, v, file)
                    for i, v in enumerate(indicators)],
        totals=[place("total", i + FIRST_ROW, v, file) for i, v in enumerate(totals)],
        tahunan=[place("tahunan", i + FIRST_ROW, v, file) for i, v in enumerate(tahunan)],
    )
