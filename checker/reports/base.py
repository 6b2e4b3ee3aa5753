"""The one interface every output format implements.

A reporter receives the finished :class:`Report` (documents, findings, rules, run facts) and
a stream to write to; it never re-runs a rule and never decides what is a finding. The CLI
picks a reporter by name from :data:`checker.reports.REPORTERS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Protocol

from checker import __version__
from checker.dsl.ast import Rule
from checker.model.finding import Finding, Severity
from checker.model.plan import Document


@dataclass
class Report:
    """Everything a reporter may show about one run."""

    documents: list[Document]
    findings: list[Finding]
    rules: dict[str, Rule]
    lang: str = "id"
    inputs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # inputs that could not be read, rendered
    suppressed: list[Finding] = field(default_factory=list)
    tool_version: str = __version__

    @property
    def facts(self) -> list[Finding]:
        """The findings that count: each fact once, its consequences left out."""
        return [f for f in self.findings if f.counted]

    def counts(self) -> dict[str, int]:
        """Facts per severity (a consequence shown under its primary is not a new fact)."""
        out = {s.value: 0 for s in Severity}
        for f in self.facts:
            out[f.severity.value] += 1
        return out

    def document(self, doc_id: str) -> Document | None:
        index = self.__dict__.get("_by_id")
        if index is None or len(index) != len(self.documents):
            index = self.__dict__["_by_id"] = {d.id: d for d in self.documents}
        return index.get(doc_id)


class Reporter(Protocol):
    """Writes a report in one format. ``binary`` reporters get a bytes stream.

    A reporter that writes files of its own beside the report (the annotated workbook
    copies of ``xlsx``) lists them in ``written`` so that the user is told about them. A
    reporter whose format cannot hold input errors sets ``carries_errors = False``: when no
    document could be read, it writes nothing rather than an empty, all-clear report.
    """

    name: str
    binary: bool

    def write(self, report: Report, stream: IO) -> None: ...
