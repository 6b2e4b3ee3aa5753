"""How a person names a document and a level: in words, not in identifiers.

A planner's document is "Dinas Sosial Kab. Lampung Barat · LKjIP Tabel 4.8 · 2024", not
``004_a30a70c4cd2935b3#lkjip-tabel-4.8``; a level is "sub kegiatan", not ``sub_kegiatan``.
Identifiers stay in the machine formats (JSON, SARIF), where a program matches on them.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.i18n import catalog, t
from checker.i18n.format import level_words  # noqa: F401  (re-exported for reporters)
from checker.model.plan import Document
from checker.reports.base import Report

_TABLE = re.compile(r"#lkjip-tabel-([\d.]+(?:-[a-z])?)$")
_REGION = (("Kabupaten ", "Kab. "), ("Provinsi ", "Prov. "))


def kind_words(doc: Document, lang: str) -> str:
    """The document's kind as its readers call it; an LKjIP table is named by its number."""
    kind = doc.jenis.value
    words = catalog(lang).get(f"report.kind.{kind}", kind)
    table = _TABLE.search(doc.id)
    if table:
        words += f" {t('report.table_word', lang)} {table.group(1)}"
    return words


def agency_words(doc: Document) -> str:
    """"Dinas Sosial Kab. Lampung Barat": the agency and its region, shortened as usual."""
    region = doc.pemda or ""
    for long, short in _REGION:
        region = region.replace(long, short)
    return " ".join(p for p in (doc.instansi, region) if p)


def document_label(doc: Document, lang: str, with_file: bool = True) -> str:
    """agency · kind · year (file): what a reviewer writes in a review note."""
    parts = [p for p in (agency_words(doc), kind_words(doc, lang),
                         str(doc.tahun) if doc.tahun else "") if p]
    label = " · ".join(parts) or doc.id
    if with_file and doc.path:
        label += f" ({Path(doc.path).name})"
    return label


def label_of(report: Report, doc_id: str, with_file: bool = False) -> str:
    """The label of a document of ``report`` by its id (the id itself if it is not one).

    A finding about something that is no document read in this run (an expired
    suppression) keeps its id: there is nothing else to call it.
    """
    doc = report.document(doc_id)
    return document_label(doc, report.lang, with_file) if doc is not None else doc_id


def kind_of(report: Report, doc_id: str) -> str | None:
    """The kind of a document of ``report`` in words, None when it is not a document."""
    doc = report.document(doc_id)
    return kind_words(doc, report.lang) if doc is not None else None
