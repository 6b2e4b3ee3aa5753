"""The plan model: documents, items, indicators, totals, findings and their locations."""

from checker.model.finding import CATEGORIES, Finding, ItemRef, Severity
from checker.model.location import Location, cell_ref, column_index, column_letter
from checker.model.plan import Document, Indicator, Item, Plan, TableInfo, Total
from checker.model.schema import ENTITIES, DocumentKind, Level

__all__ = [
    "CATEGORIES", "ENTITIES", "Document", "DocumentKind", "Finding", "Indicator", "Item",
    "ItemRef", "Level", "Location", "Plan", "Severity", "TableInfo", "Total", "cell_ref",
    "column_index", "column_letter",
]
