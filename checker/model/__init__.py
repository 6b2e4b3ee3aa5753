"""The plan model: documents, items, indicators, totals, findings and their locations.

The names below are imported on first use (PEP 562), so that importing one module
(``checker.model.schema`` for the rules) does not load the others: ``sakip-check rules``
and ``--help`` start without them. The classes are dataclasses (``checker.model.record``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOMES = {
    "CATEGORIES": "schema", "ENTITIES": "schema", "DocumentKind": "schema", "Level": "schema",
    "Finding": "finding", "ItemRef": "finding", "Severity": "finding",
    "Location": "location", "cell_ref": "location", "column_index": "location",
    "column_letter": "location",
    "Document": "plan", "Indicator": "plan", "Item": "plan", "Plan": "plan",
    "TableCell": "plan", "TableInfo": "plan", "Total": "plan", "YearValue": "plan",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'checker.model' has no attribute {name!r}")
    value = getattr(import_module(f"checker.model.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
