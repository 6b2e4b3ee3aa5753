"""The HTML of the web pages: Jinja2 templates with autoescaping, and nothing else.

Every text that comes from a user's document (an indicator name, a message quoting a cell,
a file name) reaches the page through an autoescaped ``{{ }}``, so ``<script>`` in a cell
is shown as the characters ``<script>``. The pages carry no script of their own, and the
server sends a Content-Security-Policy that forbids every script (see :mod:`.app`): even a
mistake in a template could not make a document's markup run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from checker.i18n import LANGUAGES, t
from checker.model.finding import Finding
from checker.reports.labels import kind_words
from checker.web.store import Review

#: Findings listed on the page; every one of them is in the downloads.
MAX_ROWS = 1000


@cache
def environment() -> Environment:
    """The template environment (autoescape on for every template, ``.j2`` included)."""
    return Environment(loader=PackageLoader("checker.web", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, lang: str, **context: Any) -> str:
    """A page in ``lang``: ``tr('page.key')`` in a template looks up ``web.page.key``."""
    other = next(x for x in LANGUAGES if x != lang)

    def tr(key: str, **params: Any) -> str:
        return t(f"web.{key}", lang, **params)

    return environment().get_template(template).render(tr=tr, lang=lang, other_lang=other,
                                                       **context)


@dataclass(frozen=True)
class Row:
    """One finding as the table shows it."""

    severity: str
    code: str
    file: str
    table: str
    cell: str
    message: str
    expected: str
    suggestion: str


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def rows(review: Review, lang: str) -> list[Row]:
    """The findings of a review in ``lang``, most severe first, then in the report's order.

    A finding carries its message in every language, so the page can switch language
    after the check; the downloads stay in the language the check was made in.
    """
    outcome = review.outcome
    ordered: list[Finding] = sorted(outcome.report.findings, key=lambda f: -f.severity.rank)
    out = []
    for f in ordered[:MAX_ROWS]:
        loc = f.location
        cell = loc.span or (str(loc.row) if loc.row is not None else "")
        out.append(Row(f.severity.value, f.code, loc.file, loc.table or "", cell,
                       f.text(lang), _value(f.expected), f.suggestion_text(lang) or ""))
    return out


def review_page(review: Review, lang: str | None = None) -> str:
    """The review: totals, documents, unreadable files, downloads and the findings."""
    lang = lang or review.lang
    outcome = review.outcome
    report = outcome.report
    counts = report.counts()
    per_doc: dict[str, int] = {}
    for f in report.findings:
        per_doc[f.document] = per_doc.get(f.document, 0) + 1
    documents = [{"file": d.path or "", "kind": kind_words(d, lang),
                  "agency": d.instansi or "", "year": d.tahun or "",
                  "count": per_doc.get(d.id, 0)} for d in report.documents]
    expires = dt.datetime.fromtimestamp(review.expires, dt.UTC).strftime("%Y-%m-%d %H:%M")
    table = rows(review, lang)
    other = next(x for x in LANGUAGES if x != lang)
    return render("review.html.j2", lang, review=review, counts=counts,
                  switch_url=f"/reviu/{review.id}?lang={other}",
                  documents=documents, errors=report.errors,
                  rows=table, total=len(report.findings), shown=len(table),
                  downloads=outcome.downloads, expires=expires)
