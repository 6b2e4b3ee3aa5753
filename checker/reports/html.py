"""``--format html``: one self-contained page, printable as an appendix to a review report.

An inspectorate reviewer attaches the findings to the *Catatan Hasil Reviu*; this page is
that appendix. Everything is inline (CSS, a few lines of plain JavaScript, SVG charts), and
a Content-Security-Policy forbids any network fetch, so the file works offline and leaks
nothing when opened. The table filters by severity, category, document and rule; printing
hides the controls and keeps what is shown.

The page is rendered by Jinja2 with autoescaping on: text that comes from a plan (a name, a
message quoting a cell) is always shown as text, never interpreted as markup.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import IO, Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from checker.i18n import t
from checker.i18n.format import format_number
from checker.model.finding import Finding
from checker.reports.base import Report
from checker.reports.labels import document_label, kind_words, level_words
from checker.reports.summary import (
    SEVERITIES,
    by_document,
    display_path,
    severity_counts,
)

CHART_WIDTH = 700
LABEL_WIDTH = 300
BAR_HEIGHT = 18
BAR_GAP = 14  # room for a label's second line
LABEL_CHARS = 46  # per line at 11 px in LABEL_WIDTH; two lines before anything is cut
LABEL_LINES = 2


@dataclass(frozen=True)
class Segment:
    """One severity's part of a bar."""

    severity: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class Bar:
    """One labelled bar of a chart, split by severity."""

    label: str
    lines: tuple[str, ...]
    y: int
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    """A horizontal stacked bar chart, laid out here so the template only draws it."""

    title: str
    bars: tuple[Bar, ...]
    height: int


def _lines(text: str) -> tuple[str, ...]:
    """A label on at most two lines, broken at spaces (or anywhere in a long word).

    A label cut to its first 34 characters left every document of an LKjIP reading
    ``004_a30a70c4cd2935b3#lkjip-tabel-…``: the part that tells them apart was gone.
    """
    lines = textwrap.wrap(text, LABEL_CHARS, break_on_hyphens=False) or [""]
    if len(lines) > LABEL_LINES:
        rest = " ".join(lines[LABEL_LINES - 1:])
        lines = [*lines[:LABEL_LINES - 1], rest[: LABEL_CHARS - 1] + "…"]
    return tuple(lines)


def bar_chart(title: str, rows: list[tuple[str, dict[str, int]]]) -> Chart:
    """Lay out stacked bars (error, warning, info) scaled to the largest total."""
    biggest = max((sum(c.values()) for _, c in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 40
    bars = []
    for i, (label, counts) in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for sev in SEVERITIES:
            n = counts.get(sev, 0)
            if n:
                width = round(span * n / biggest, 1)
                segments.append(Segment(sev, round(x, 1), width, n))
                x += width
        bars.append(Bar(label, _lines(label), i * (BAR_HEIGHT + BAR_GAP),
                        sum(counts.values()), tuple(segments)))
    return Chart(title, tuple(bars), max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP))


def _category_rows(findings: list[Finding]) -> list[tuple[str, dict[str, int]]]:
    categories = sorted({f.category for f in findings})
    rows = [(c, severity_counts(f for f in findings if f.category == c)) for c in categories]
    return sorted(rows, key=lambda r: (-sum(r[1].values()), r[0]))


class HtmlReporter:
    """``--format html``."""

    name = "html"
    binary = False

    def __init__(self, output_path: str | None = None, terminal: bool = False) -> None:
        self.output_path = output_path

    def write(self, report: Report, stream: IO[str]) -> None:
        env = Environment(loader=PackageLoader("checker.reports", "templates"),
                          autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                          lstrip_blocks=True, keep_trailing_newline=True)
        template = env.get_template("report.html.j2")
        stream.write(template.render(**context(report)))


def _finding_view(report: Report, f: Finding, n: int) -> dict[str, Any]:
    lang = report.lang
    rule = report.rules.get(f.code)
    loc = f.location
    item = f.item
    item_text = None
    if item is not None and (item.kode or item.nama):
        item_text = " ".join(p for p in (level_words(item.level, lang), item.kode, item.nama)
                             if p)
    return {
        "n": n,
        "severity": f.severity.value,
        "severity_label": t(f"report.col_{f.severity.value}", lang),
        "code": f.code,
        "title": (rule.title.get(lang) or rule.title.get("id")) if rule else "",
        "basis": rule.basis if rule else "",
        "category": f.category,
        "document": f.document,
        "document_label": _doc_label(report, f.document),
        "file": display_path(loc.file),
        "table": loc.table_label or "",
        "cell": loc.span or (f"{t('report.row', lang)} {loc.row}" if loc.row is not None
                             else ""),
        "item": item_text,
        "message": f.text(lang),
        "actual": None if f.actual is None else format_number(f.actual, lang),
        "expected": None if f.expected is None else format_number(f.expected, lang),
        "suggestion": f.suggestion_text(lang),
    }


def _doc_label(report: Report, doc_id: str, with_file: bool = False) -> str:
    """agency · kind · year, as a reviewer names a document (its id if it is not known)."""
    doc = report.document(doc_id)
    return document_label(doc, report.lang, with_file) if doc is not None else doc_id


def context(report: Report) -> dict[str, Any]:
    """Everything the template shows, computed once, in the report's language."""
    lang = report.lang

    def label(key: str, **params: Any) -> str:
        return t(f"reports_extra.{key}", lang, **params)

    counts = severity_counts(report.findings)
    docs = by_document(report)
    details = {d.id: d for d in report.documents}
    documents = []
    for row in docs:
        doc = details.get(row.id)
        documents.append({
            "id": row.id, "label": _doc_label(report, row.id),
            "kind": kind_words(doc, lang) if doc else (row.kind or ""),
            "path": display_path(row.path or ""),
            "agency": " · ".join(str(p) for p in (doc.instansi, doc.pemda, doc.tahun) if p)
            if doc else "",
            "counts": row.counts, "total": row.total})
    cited = sorted({f.code for f in [*report.findings, *report.suppressed]})
    rules = []
    for code in cited:
        rule = report.rules.get(code)
        if rule is None:
            continue
        rules.append({"code": code, "title": rule.title.get(lang) or rule.title.get("id"),
                      "category": rule.category, "severity": rule.severity,
                      "basis": rule.basis,
                      "sections": list(rule.doc_sections(lang).items())})
    return {
        "lang": lang,
        "L": label,
        "sev_label": {s: t(f"report.col_{s}", lang) for s in SEVERITIES},
        "severities": SEVERITIES,
        "version": report.tool_version,
        "totals": t("report.totals", lang, documents=len(report.documents),
                    findings=len(report.facts), errors=counts["error"],
                    warnings=counts["warning"], infos=counts["info"],
                    suppressed=len(report.suppressed)),
        "counts": counts,
        "inputs": [display_path(p) for p in report.inputs],
        "documents": documents,
        "charts": [
            bar_chart(label("by_category"), _category_rows(report.facts)),
            bar_chart(label("by_document"),
                      [(_doc_label(report, d.id), d.counts) for d in docs if d.total]),
        ],
        "chart_width": CHART_WIDTH,
        "bar_height": BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
        "filters": {
            "severity": [(s, t(f"report.col_{s}", lang)) for s in SEVERITIES],
            "category": [(c, c) for c in sorted({f.category for f in report.findings})],
            "document": [(d, _doc_label(report, d))
                         for d in sorted({f.document for f in report.findings})],
            "rule": [(c, c) for c in sorted({f.code for f in report.findings})],
        },
        "findings": [_finding_view(report, f, i)
                     for i, f in enumerate(report.findings, start=1)],
        "suppressed": [_finding_view(report, f, i)
                       for i, f in enumerate(report.suppressed, start=1)],
        "errors": list(report.errors),
        "rules": rules,
    }
