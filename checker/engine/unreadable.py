"""Completeness on values that are present but unreadable: "tidak terbaca", not "kosong".

A reader that meets OCR noise or a record cut by a page break leaves the value blank and
says so (STR-002), keeping the printed text in the ``<field>@unreadable`` column. A
completeness rule (``kelengkapan``) that then calls the value *missing* would be a false
error (issue 13, item 2): the planner did write it. Such a row becomes an info finding
that names the unreadable text instead, so the reviewer still sees it and can read the cell
in the source.
"""

from __future__ import annotations

import pandas as pd

from checker.dsl import ast
from checker.model.schema import ENTITIES, unreadable_column

#: Categories whose rules report absence; the only ones an unreadable value can fool.
COMPLETENESS = frozenset({"kelengkapan"})


def _plain_fields(expr: ast.Expr | None) -> list[str]:
    """Names of the entity's own fields an expression reads, in reading order."""
    if expr is None:
        return []
    if isinstance(expr, ast.FieldRef):
        return [expr.path[0]] if len(expr.path) == 1 else []
    out: list[str] = []
    for child in ast.children(expr):
        out += _plain_fields(child)
    return out


def unreadable_values(rule: ast.Rule, at: ast.FieldRef | None,
                      rows: pd.DataFrame) -> list[tuple[str, str] | None]:
    """Per failing row of a completeness rule, the (field, printed text) it could not read.

    ``None`` for rows whose checked values are truly absent (or for rules of any other
    category): those stay what the rule says they are.
    """
    if rule.category not in COMPLETENESS or rows.empty:
        return [None] * len(rows)
    names = ([at.path[0]] if at is not None and len(at.path) == 1 else [])
    names += _plain_fields(rule.check)
    out: list[tuple[str, str] | None] = [None] * len(rows)
    for name in dict.fromkeys(names):  # in order, once each
        column = unreadable_column(name)
        if column not in rows.columns:
            continue
        texts = rows[column].astype(object).where(rows[column].notna(), None).tolist()
        out = [o if o is not None or t is None else (name, str(t))
               for o, t in zip(out, texts, strict=True)]
    return out


def field_header(entity: str, name: str) -> str:
    """The template header of a field, as a reviewer knows the column."""
    found = ENTITIES[entity].field(name)
    return found.header if found is not None else name
