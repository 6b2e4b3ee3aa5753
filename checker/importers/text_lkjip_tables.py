"""Column labels of a rencana aksi table's header rows, as the appendix reader reads them.

What remains of the LKjIP report tables' own reader: every report table (the pagu table,
the realisation table, the indicator tables with or without a name column) is read by the
shared pipeline now (``text_lkjip._through_pipeline``, :mod:`~checker.importers.
indicator_lists`). The rencana aksi appendix (``text_lkjip_appendix``, ``_records``) still
imports this one function from here; it goes when they go.
"""

from __future__ import annotations

from checker.importers.text_lkjip_base import clean
from checker.importers.textlines import TextLine


def header_labels(rows: list[TextLine]) -> dict[int, list[str]]:
    """Labels over each column (1-based), top row first.

    A heading cell followed by empty cells spans them as long as a lower header row has
    labels under them (``Target (%)`` over ``2023 2024 2025 2026``).
    """
    width = max((len(r.fields) for r in rows), default=0)
    labels: dict[int, list[str]] = {c: [] for c in range(1, width + 1)}
    for i, row in enumerate(rows):
        current: str | None = None
        for c in range(1, width + 1):
            text = clean(row.fields[c - 1]) if c <= len(row.fields) else ""
            below = any(c <= len(r.fields) and clean(r.fields[c - 1]) for r in rows[i + 1:])
            if text:
                labels[c].append(text)
                current = text
            elif current and below:
                labels[c].append(current)
            else:
                current = None
    return labels
