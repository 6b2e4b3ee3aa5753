"""``--format md``: a summary short enough for a pull-request comment.

A data team gating a plan repository posts this as the bot's comment: one table of counts
per document, then the most severe findings first, at most ``max_findings`` of them, and a
line saying how many more there are. Text from a plan is escaped, so a name holding ``|``,
``*`` or ``<img>`` can neither break the table nor render as markup.
"""

from __future__ import annotations

import re
from typing import IO

from checker.i18n import t
from checker.i18n.format import format_number
from checker.model.finding import Finding
from checker.reports.base import Report
from checker.reports.labels import kind_of, label_of
from checker.reports.summary import (
    SEVERITIES,
    by_document,
    by_severity_first,
    display_path,
    severity_counts,
)

MAX_FINDINGS = 20
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LEADING_MARK = re.compile(r"^([#+\-=])")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
_SPACES = re.compile(r"\s+")
_ICON = {"error": "🔴", "warning": "🟡", "info": "🔵"}


def md_escape(text: object, line_start: bool = False) -> str:
    """Inline Markdown text: HTML and Markdown syntax neutralised, kept on one line.

    ``line_start`` also escapes what only means something at the start of a line (a
    heading's ``#``, a list's ``-`` or ``1.``), for text that opens a list item.
    """
    value = _SPACES.sub(" ", str(text)).strip()
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _SPECIAL.sub(r"\\\1", value)
    if line_start:
        value = _LEADING_NUMBER.sub(r"\1\\\2", value)
        value = _LEADING_MARK.sub(r"\\\1", value)
    return value


def where(f: Finding, lang: str) -> str:
    """``file › table › cell`` (or ``baris N``) of a finding."""
    loc = f.location
    parts = [display_path(loc.file)]
    if loc.table_in(lang):
        parts.append(loc.table_in(lang))
    if loc.cell:
        parts.append(loc.span or loc.cell)
    elif loc.row is not None:
        parts.append(f"{t('report.row', lang)} {loc.row}")
    return " › ".join(parts)


class MarkdownReporter:
    """``--format md``."""

    name = "md"
    binary = False

    def __init__(self, max_findings: int = MAX_FINDINGS, terminal: bool = False,
                 output_path: str | None = None) -> None:
        self.max_findings = max_findings

    def write(self, report: Report, stream: IO[str]) -> None:
        lang = report.lang

        def L(key: str, **params: object) -> str:
            return t(f"reports_extra.{key}", lang, **params)

        counts = severity_counts(report.findings)
        lines = [f"### {L('md_title')}", "",
                 t("report.totals", lang, documents=len(report.documents),
                   findings=len(report.facts), errors=counts["error"],
                   warnings=counts["warning"], infos=counts["info"],
                   suppressed=len(report.suppressed)), ""]
        if report.errors:
            lines.append(f"**{md_escape(t('report.input_error', lang))}**")
            lines.extend(f"- {md_escape(e, line_start=True)}" for e in report.errors)
            lines.append("")
        rows = by_document(report)
        if rows:
            sev = [t(f"report.col_{s}", lang) for s in SEVERITIES]
            lines.append(f"| {L('col_document')} | {L('col_kind')} | " + " | ".join(sev) + " |")
            lines.append("| --- | --- | " + " | ".join("---:" for _ in sev) + " |")
            for row in rows:
                kind = kind_of(report, row.id) or row.kind or "–"
                lines.append(f"| {md_escape(label_of(report, row.id))} | {md_escape(kind)} | "
                             + " | ".join(str(row.counts[s]) for s in SEVERITIES) + " |")
            lines.append("")
        ordered = by_severity_first(report.findings)
        shown = ordered[: self.max_findings]
        if shown:
            lines.append(f"| | {L('col_code')} | {L('col_location')} | {L('col_finding')} |")
            lines.append("| --- | --- | --- | --- |")
            for f in shown:
                text = md_escape(f.text(lang))
                if f.expected is not None:
                    text += (f" ({md_escape(L('expected'))}: "
                             f"{md_escape(format_number(f.expected, lang))})")
                lines.append(f"| {_ICON[f.severity.value]} | {f.code} | "
                             f"{md_escape(where(f, lang))} | {text} |")
            lines.append("")
        hidden = len(ordered) - len(shown)
        if hidden > 0:
            lines.append(L("md_more", n=hidden))
            lines.append("")
        lines.append(f"<sub>sakip-check {md_escape(report.tool_version)}</sub>")
        stream.write("\n".join(lines) + "\n")
