"""What several report formats compute alike: counts, display paths and business keys.

Each format module stays about its own output; the arithmetic they share lives here so that
the workbook, the HTML page and the Markdown comment can never disagree on a count. The
business key is the identity of a finding that survives inserted rows: the rule, the kind
of document and the item's code (or its name), never a row number. Baselines, suppressions
and SARIF fingerprints all use it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from checker.model.finding import Finding, Severity
from checker.reports.base import Report

SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)  # error, warning, info
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class DocumentRow:
    """One line of a per-document summary: a document (or another finding source)."""

    id: str
    kind: str | None
    path: str | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Facts per severity, every severity present (zero when none); echoes not counted."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        if f.counted:
            counts[f.severity.value] += 1
    return counts


def by_document(report: Report) -> list[DocumentRow]:
    """Counts per document, in the report's document order.

    Findings about something that is not a document read in this run (an expired
    suppression in ``sakip-check.toml``) get a row of their own after the documents, so
    that every finding is counted somewhere.
    """
    grouped: dict[str, list[Finding]] = {}
    for f in report.findings:  # one pass: thousands of documents stay linear
        grouped.setdefault(f.document, []).append(f)
    rows: list[DocumentRow] = []
    known = set()
    for doc in report.documents:
        known.add(doc.id)
        rows.append(DocumentRow(doc.id, doc.jenis.value, doc.path,
                                severity_counts(grouped.get(doc.id, []))))
    for other in sorted(set(grouped) - known):
        rows.append(DocumentRow(other, None, None, severity_counts(grouped[other])))
    return rows


def by_category(findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """(category, count), most frequent first, then by name."""
    counts = Counter(f.category for f in findings if f.counted)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def by_rule(findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """(rule code, count), by code."""
    return sorted(Counter(f.code for f in findings if f.counted).items())


def by_severity_first(findings: Iterable[Finding]) -> list[Finding]:
    """Findings with the most severe first, each severity in the report's stable order.

    A consequence stays right under its primary, whatever its own severity.
    """
    found = list(findings)
    by_key = {f.key: f for f in found if f.counted}

    def order(f: Finding) -> tuple:
        head = by_key.get(f.consequence_of or "", f)
        return (-head.severity.rank, head.sort_key(), f is not head, f.sort_key())

    return sorted(found, key=order)


def display_path(path: str, base: str | Path | None = None) -> str:
    """A path as a reader should see it: relative to ``base`` (the cwd) when inside it.

    Always with forward slashes, so that a report made on Windows and one made on Linux
    name the same file the same way.
    """
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    root = Path(base) if base is not None else Path.cwd()
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


def relative_link(path: str, start: str | Path) -> str:
    """``path`` relative to the folder ``start``, for a link inside a report file there."""
    return Path(os.path.relpath(Path(path).resolve(), Path(start).resolve())).as_posix()


def file_uri(path: str) -> str:
    """A URI reference for a file: relative and percent-encoded, or ``file://`` if absolute."""
    shown = display_path(path)
    if Path(shown).is_absolute():
        return "file://" + quote(shown, safe="/")
    return quote(shown, safe="/")


def normalise_name(text: str | None) -> str:
    """A name compared the way a reader compares it: case, spacing and ends ignored."""
    return _SPACE.sub(" ", (text or "").strip()).casefold()


def business_key(finding: Finding, kind: str | None) -> tuple[str, ...]:
    """The identity of a finding that survives inserted or deleted rows.

    The rule code, the document kind, the item's level and its code (or, without a code,
    its name). A finding about no item (an unreadable number in a header) falls back to its
    table, column and the value read: still no row number.
    """
    item = finding.item
    if item is not None and (item.kode or item.nama):
        ident = f"kode:{item.kode.strip()}" if item.kode else f"nama:{normalise_name(item.nama)}"
        return (finding.code, kind or "", item.level or "", ident)
    loc = finding.location
    value = json.dumps(finding.actual, ensure_ascii=False, sort_keys=True, default=str)
    return (finding.code, kind or "", "", f"sel:{loc.table or ''}!{loc.column or ''}={value}")


def document_kinds(report: Report) -> dict[str, str]:
    """Document id → kind, for business keys."""
    return {d.id: d.jenis.value for d in report.documents}


def fingerprints(report: Report, findings: Iterable[Finding]) -> list[str]:
    """A stable fingerprint per finding: a hash of its business key plus its ordinal.

    Two findings with the same key (two indicators of one sub-kegiatan failing the same
    rule) get ``…:1`` and ``…:2`` in report order, so each keeps its own identity.
    """
    kinds = document_kinds(report)
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        digest = hashlib.sha256("\x1f".join(business_key(f, kinds.get(f.document)))
                                .encode("utf-8")).hexdigest()[:32]
        seen[digest] += 1
        out.append(f"{digest}:{seen[digest]}")
    return out
