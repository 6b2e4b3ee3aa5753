"""A finding: one problem, where it is, what was found and what was expected.

Findings are produced by the engine (rules) and by importers (values that could not be read
for certain). Both languages' message texts are kept so that any reporter can write either
without re-running a rule.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import Any

from checker.model.location import Location
from checker.model.record import Record, record
from checker.model.schema import CATEGORIES as SCHEMA_CATEGORIES


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


# The categories live in the schema (no model classes there), so that loading rules stays fast.
CATEGORIES = SCHEMA_CATEGORIES


@record(frozen=True)
class ItemRef(Record):
    """The business key of the item a finding is about (stable when rows move)."""

    level: str | None = None
    kode: str | None = None
    nama: str | None = None


@record
class Finding(Record):
    """One problem found, with its address and the actual and expected values."""

    code: str
    category: str
    severity: Severity
    message: dict[str, str]  # language code → text
    document: str  # document id
    location: Location
    item: ItemRef | None = None
    actual: Any = None
    expected: Any = None
    suggestion: dict[str, str] | None = None
    related: list[str] = field(default_factory=list)
    #: Key of the finding that explains this one (the same wrong value seen again: the same
    #: cell, an equal difference, a totals row echoing one item's gap). A consequence is
    #: shown under its primary and is not counted again in summaries or the exit code.
    consequence_of: str | None = None

    @property
    def counted(self) -> bool:
        """True for a fact of its own; False for an echo of another finding."""
        return self.consequence_of is None

    def text(self, lang: str = "id") -> str:
        return self.message.get(lang) or self.message.get("id") or next(iter(self.message.values()))

    def suggestion_text(self, lang: str = "id") -> str | None:
        if not self.suggestion:
            return None
        return self.suggestion.get(lang) or self.suggestion.get("id")

    def sort_key(self) -> tuple[Any, ...]:
        """Deterministic order: document, table, row, column, code."""
        loc = self.location
        col = loc.column or ""
        return (self.document, loc.file, loc.table or "", loc.page or 0,
                loc.row if loc.row is not None else -1, len(col), col, self.code, self.text("id"))

    @property
    def key(self) -> str:
        """Stable id of the finding (used by ``related`` links and baselines)."""
        loc = self.location
        return f"{self.code}@{self.document}:{loc.table_label or ''}!{loc.cell or loc.row}"


def in_report_order(findings: list[Finding]) -> list[Finding]:
    """Findings in the stable order, each consequence right under its primary.

    A consequence whose primary is not in the list (suppressed, or accepted by a baseline)
    is a fact of its own again: nothing else now stands for it.
    """
    present = {f.key for f in findings}
    for f in findings:
        if f.consequence_of is not None and f.consequence_of not in present:
            f.consequence_of = None
    ordered = sorted(findings, key=Finding.sort_key)
    followers: dict[str, list[Finding]] = {}
    for f in ordered:
        if f.consequence_of is not None:
            followers.setdefault(f.consequence_of, []).append(f)
    out: list[Finding] = []
    for f in ordered:
        if f.consequence_of is None:
            out.append(f)
            out.extend(followers.get(f.key, []))
    return out
