"""The terminal report: a summary per document and severity, then every finding.

Rendered with rich. On a terminal it uses colour and the terminal's width; written to a
file or pipe it is plain text at a fixed width so that the same input always gives the same
bytes. Text that comes from a user's document is stripped of control characters before
printing, so a cell cannot move the cursor or reorder a line.

Input errors are not printed here: the CLI writes them to standard error (a report on
standard output is findings only); the last line says how many inputs could not be read.
"""

from __future__ import annotations

import re
from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from checker.i18n import t
from checker.i18n.format import format_number
from checker.reports.base import Report
from checker.reports.labels import document_label

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def clean(text: object) -> str:
    """Printable text: control characters and bidi overrides removed, markup escaped."""
    return escape(_CONTROL.sub("", str(text)))


class TextReporter:
    """``--format text`` (the default)."""

    name = "text"
    binary = False
    carries_errors = False  # the CLI prints input errors on standard error instead

    def __init__(self, terminal: bool = False, width: int | None = None) -> None:
        self.terminal = terminal
        self.width = width

    def write(self, report: Report, stream: IO) -> None:
        lang = report.lang
        console = Console(file=stream, force_terminal=self.terminal, no_color=not self.terminal,
                          width=self.width or (None if self.terminal else 110),
                          highlight=False, soft_wrap=not self.terminal)
        summary = Table(title=t("report.summary_title", lang), show_lines=False,
                        title_justify="left")
        for header in ("document", "error", "warning", "info"):  # the file: in each heading
            summary.add_column(t(f"report.col_{header}", lang),
                               justify="right" if header in STYLE else "left",
                               overflow="fold")
        per_document: dict[str, dict[str, int]] = {}
        for f in report.facts:  # one pass, not one per document
            counts = per_document.setdefault(f.document, {s: 0 for s in STYLE})
            counts[f.severity.value] += 1
        for doc in report.documents:
            counts = per_document.get(doc.id, {s: 0 for s in STYLE})
            summary.add_row(clean(document_label(doc, lang)),
                            *(str(counts[s]) for s in STYLE))
        console.print(summary)
        # The severity in the reader's language ("PERINGATAN", not "WARNING"), padded so
        # that the codes line up.
        labels = {s: t(f"report.col_{s}", lang).upper() for s in STYLE}
        width = max(len(v) for v in labels.values())
        current = None
        # The findings' lines are printed in one call (``sep="\n"``), not one call each:
        # rich renders each string on its own either way (markup, wrapping per line), but
        # every call also measures, buffers and writes (half of the report's time on seed
        # 004's 515 lines).
        lines: list[str] = []
        for f in report.findings:
            if f.document != current:
                current = f.document
                doc = report.document(current)
                # agency · kind · year (path): how a reviewer names it, not its id
                title = (f"{document_label(doc, lang, with_file=False)} ({doc.path})"
                         if doc else current)
                lines.append("")
                # A rule drawn by hand: rich's cuts a long title (a deep path) with "…".
                fill = max(3, console.width - cell_len(title) - 1)
                lines.append(f"{clean(title)} {'─' * fill}")
            loc = f.location
            where = loc.span or (f"{t('report.row', lang)} {loc.row}" if loc.row else "-")
            label = loc.table_in(lang)
            table = f"{label} › " if label else ""
            indent = "  " if f.consequence_of else ""  # an echo, under its primary
            lines.append(f"{indent}[{STYLE[f.severity.value]}]{labels[f.severity.value]:{width}}[/] "
                         f"{f.code}  {clean(table)}{clean(where)}  {clean(f.text(lang))}")
            details = []
            if f.actual is not None:
                details.append(
                    f"{t('report.actual', lang)}: {clean(format_number(f.actual, lang))}")
            if f.expected is not None:
                details.append(
                    f"{t('report.expected', lang)}: {clean(format_number(f.expected, lang))}")
            if details:
                lines.append(" " * (width + 2) + "  ·  ".join(details))
            suggestion = f.suggestion_text(lang)
            if suggestion:
                lines.append(f"{' ' * (width + 2)}{t('report.suggestion', lang)}: "
                             f"{clean(suggestion)}")
        if lines:
            console.print(*lines, sep="\n")
        counts = report.counts()
        console.print()
        console.print(t("report.totals", lang, documents=len(report.documents),
                        findings=len(report.facts), errors=counts["error"],
                        warnings=counts["warning"], infos=counts["info"],
                        suppressed=len(report.suppressed)))
        if report.errors:  # the messages themselves went to standard error, not here
            console.print(f"[bold red]{clean(t('report.unread', lang, n=len(report.errors)))}[/]")
