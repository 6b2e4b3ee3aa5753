"""Findings raised while importing: values that could not be read for certain.

Importers never guess silently. What they cannot read becomes a finding in category
``angka`` (a number) or ``struktur`` (a row or table), with its location and raw text. The
codes are declared, with their documentation, in ``rules/angka.rules`` and
``rules/struktur.rules``; the engine applies the registry's severity when it merges them.

Codes (keep in step with the rule files):

- ``NUM-001`` a number that cannot be read for certain (``1.305.563.5500``)
- ``NUM-002`` a number whose separators contradict the column's convention
- ``NUM-003`` text where a number is expected (``Tiw 1``, a word in a money cell)
- ``STR-001`` a row whose cells are shifted, realigned by the importer
- ``STR-002`` a row or record that could only be read in part (OCR noise, page break)
- ``STR-003`` an item whose parent cannot be found
- ``STR-004`` a table or block that was recognised but skipped, and why
"""

from __future__ import annotations

from typing import Any

from checker.i18n import both
from checker.model.finding import Finding, ItemRef, Severity
from checker.model.location import Location
from checker.model.plan import Item

CATEGORY_OF_PREFIX = {"NUM": "angka", "STR": "struktur"}
DEFAULT_SEVERITY = {
    "NUM-001": Severity.ERROR,
    "NUM-002": Severity.WARNING,
    "NUM-003": Severity.ERROR,
    "NUM-004": Severity.INFO,
    "STR-001": Severity.WARNING,
    "STR-002": Severity.ERROR,
    "STR-003": Severity.WARNING,
    "STR-004": Severity.INFO,
    "STR-005": Severity.WARNING,
}


def issue(
    document: str,
    code: str,
    key: str,
    location: Location,
    *,
    item: ItemRef | None = None,
    actual: Any = None,
    expected: Any = None,
    suggestion_key: str | None = None,
    suggestion_params: dict[str, Any] | None = None,
    **params: Any,
) -> Finding:
    """Build an importer finding; ``key`` and ``suggestion_key`` are catalogue keys."""
    return Finding(
        code=code,
        category=CATEGORY_OF_PREFIX[code.split("-")[0]],
        severity=DEFAULT_SEVERITY[code],
        message=both(key, **params),
        document=document,
        location=location,
        item=item,
        actual=actual,
        expected=expected,
        suggestion=both(suggestion_key, **(suggestion_params or {})) if suggestion_key else None,
    )


def item_words(item: Item) -> str:
    """An item as a reviewer finds it: its name in quotes, its code and its name's cell.

    Messages never show the importer's ids (``K9``, ``S32``): they exist only inside one
    run. ``'Penyediaan Mebel' (1.06.01.2.07.05, B131)``; an item without a name is named
    by its code or, last, by its cell.
    """
    loc = item.location_of("nama")
    cell = loc.cell or item.location_of().cell
    if loc.cell and loc.table and item.table and loc.table != item.table:
        # a flowed Word grid: the cell is in a Word table (``Tabel 34 › …``), say which
        cell = f"{loc.table.split(' › ')[0]} {loc.cell}"
    where = ", ".join(p for p in (item.kode, cell) if p)
    if item.nama:
        return f"'{item.nama}' ({where})" if where else f"'{item.nama}'"
    if where:
        return where
    return f"{item.location_of().describe()}"
