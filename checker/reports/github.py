"""``--format github``: workflow commands that GitHub Actions shows as annotations.

One line per finding: ``::error file=…,line=…,col=…,title=CODE::message`` (``warning`` and
``notice`` for the lower severities). Text extracts have lines, so their annotations sit on
the line (and the field number as ``col``); a workbook has none, so its annotation names the
sheet and cell at the start of the message. Values are escaped by the workflow-command
rules: in the message ``%``, CR and LF; in properties also ``:`` and ``,``. A plan's text can
therefore never end a command early or start another one.
"""

from __future__ import annotations

from typing import IO

from checker.i18n import t
from checker.i18n.format import format_number
from checker.model.finding import Finding
from checker.model.location import column_index
from checker.reports.base import Report
from checker.reports.summary import display_path, severity_counts

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
TEXT_SUFFIXES = (".txt", ".text", ".tsv", ".csv")


def escape_data(text: str) -> str:
    """Escape a command's message (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command's property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, lang: str) -> str:
    """The workflow command of one finding."""
    loc = f.location
    props = [f"file={escape_property(display_path(loc.file))}"]
    message = f.text(lang)
    is_text = loc.file.lower().endswith(TEXT_SUFFIXES)
    if is_text and loc.row is not None:
        props.append(f"line={loc.row}")
        if loc.column:
            props.append(f"col={column_index(loc.column)}")
    if loc.table:
        place = f"{loc.table_label}!{loc.span}" if loc.cell else loc.table_label
        if not is_text and loc.cell is None and loc.row is not None:
            place = f"{loc.table} {t('report.row', lang)} {loc.row}"
        message = f"{place}: {message}"
    if f.expected is not None:
        message += f"\n{t('report.expected', lang)}: {format_number(f.expected, lang)}"
    suggestion = f.suggestion_text(lang)
    if suggestion:
        message += f"\n{t('report.suggestion', lang)}: {suggestion}"
    props.append(f"title={escape_property(f.code)}")
    return f"::{COMMAND[f.severity.value]} {','.join(props)}::{escape_data(message)}"


class GithubReporter:
    """``--format github``."""

    name = "github"
    binary = False

    def __init__(self, terminal: bool = False, output_path: str | None = None) -> None:
        self.output_path = output_path

    def write(self, report: Report, stream: IO[str]) -> None:
        lang = report.lang
        for error in report.errors:
            title = escape_property(t("report.input_error", lang).rstrip(":"))
            stream.write(f"::error title={title}::{escape_data(error)}\n")
        for f in report.findings:
            stream.write(annotation(f, lang) + "\n")
        counts = severity_counts(report.findings)
        summary = t("report.totals", lang, documents=len(report.documents),
                    findings=len(report.facts), errors=counts["error"],
                    warnings=counts["warning"], infos=counts["info"],
                    suppressed=len(report.suppressed))
        # A plain line (not a command); it cannot start with "::".
        stream.write(escape_data(summary).lstrip(":") + "\n")
