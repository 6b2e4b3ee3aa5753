"""LDK-010: the rows the cross-document rules could not pair for certain, as findings.

Split from :mod:`checker.engine.cases`, which keeps the doubts (``Ambiguity``) while it
pairs rows; here each doubt becomes an info finding at the row's name cell, naming every
candidate with its table and cell so that the reviewer can make the pairing the tool
refused to guess.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from checker.engine.cases import Ambiguity
from checker.model.cells import cell_text, letter_column, row_column

AMBIGUOUS = "LDK-010"  # declared in rules/lintas-dokumen.rules


def ambiguity_findings(notes: dict[tuple[int, str], Ambiguity], items: pd.DataFrame,
                       category: str, severity: Any) -> list[Any]:
    """One info finding per row whose match stayed in doubt, at the row's name cell.

    The message names every candidate with its table and cell, so that the reviewer can
    make the pairing the tool refused to guess. Built only for the (few) rows in doubt.
    """
    from checker.i18n import LANGUAGES, catalog, t
    from checker.model.finding import Finding, ItemRef
    from checker.model.location import Location, split_cell

    out = []
    rows = _rows(items, {label for (source, _), note in notes.items()
                         for label in (source, *note.candidates)})
    for (source, kind), note in sorted(notes.items()):
        row = rows[source]
        level = _text(row.get("level"))
        level = level if f"matching.level.{level}" in catalog("id") else "item"
        message = {}
        for lang in LANGUAGES:
            candidates = ", ".join(
                t("matching.candidate", lang, nama=_text(rows[d].get("nama")) or "",
                  where=_where(rows[d])) for d in note.candidates)
            message[lang] = t(f"matching.{note.reason}", lang,
                              level=t(f"matching.level.{level}", lang),
                              nama=_text(row.get("nama")) or "",
                              kind=t(f"matching.kind.{kind}", lang), candidates=candidates)
        cell = cell_text(row, "nama")
        column, line = split_cell(cell) if cell else (None, row.get("_row"))
        out.append(Finding(
            code=AMBIGUOUS, category=category, severity=severity, message=message,
            document=row["_doc"],
            location=Location(file=row["_file"], table=_text(row.get("_table")),
                              row=None if _text(line) is None else int(line), column=column),
            item=ItemRef(level=_text(row.get("level")), kode=_text(row.get("kode")),
                         nama=_text(row.get("nama"))),
            suggestion={lang: t("matching.suggest", lang) for lang in LANGUAGES},
        ))
    return out


def _rows(items: pd.DataFrame, labels: set[Any]) -> dict[Any, Any]:
    """The rows a note names, as plain dictionaries of the columns a finding reads.

    ``items.loc[label]`` builds a Series of every column (60 of mixed dtypes) per row, and
    each candidate was built once per language; the same values are read here once.
    """
    wanted = [c for c in ("_doc", "_file", "_table", "_row", "level", "kode", "nama",
                          letter_column("nama"), row_column("nama")) if c in items.columns]
    if not items.index.is_unique:  # labels as ``.loc`` reads them
        return {label: items.loc[label] for label in labels}
    order = list(labels)
    at = items.index.get_indexer(order)
    if (at < 0).any():
        raise KeyError("a noted row is not in the item frame")
    columns = {c: items[c].to_numpy(dtype=object)[at] for c in wanted}
    return {label: {c: columns[c][i] for c in wanted} for i, label in enumerate(order)}


def _text(value: Any) -> Any:
    """A cell value, or None for the frames' missing markers (NA, NaN)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def _where(row: Any) -> str:
    """``table › cell`` of a candidate (the row number when no cell is known)."""
    cell = cell_text(row, "nama") or _text(row.get("_row"))
    table = _text(row.get("_table"))
    return f"{table} › {cell}" if table else str(cell)
