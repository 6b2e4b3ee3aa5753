"""Shared test helpers: tiny plans built from plain dicts, laid out like the template."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, Total
from checker.model.schema import ENTITIES

REPO = Path(__file__).resolve().parents[1]
# The four public seed documents, kept in the repository (tests/data/seeds/README.md):
# a fresh clone in any folder runs every test that needs them.
SEEDS = REPO / "tests" / "data" / "seeds"

MODELS = {"item": Item, "indicator": Indicator, "total": Total}


def place(entity: str, row: int, values: dict, file: str = "rencana.xlsx"):
    """A model row whose every field sits in its template column at ``row``.

    Blank fields get an address too, as in a real sheet: a finding about a missing value
    points at the empty cell where it belongs.
    """
    spec = ENTITIES[entity]
    obj = MODELS[entity](**values, file=file, table=spec.sheet, row=row)
    for index, field in enumerate(spec.fields, start=1):
        if field.name != "dokumen":
            obj.locate(field.name, Location(file=file, table=spec.sheet, row=row,
                                            column=column_letter(index)))
    return obj


def make_document(items=(), indicators=(), totals=(), jenis="rencana_aksi",
                  doc_id="RA", file="rencana.xlsx") -> Document:
    """A document whose rows start at row 2 of each template sheet, in the given order."""
    return Document(
        id=doc_id, jenis=jenis, path=file,
        items=[place("item", i + 2, v, file) for i, v in enumerate(items)],
        indicators=[place("indicator", i + 2, v, file) for i, v in enumerate(indicators)],
        totals=[place("total", i + 2, v, file) for i, v in enumerate(totals)],
    )


@pytest.fixture(scope="session")
def registry():
    from checker.dsl.registry import load_registry

    return load_registry()


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The in-repository seeds; missing ones are a broken checkout, not a reason to skip."""
    assert SEEDS.is_dir(), f"{SEEDS} is missing from the repository"
    return SEEDS
