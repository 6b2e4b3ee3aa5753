"""Completeness in the damaged part of a table: "cannot tell", not "missing" (issue 13).

A scanned appendix read through OCR loses cells: a column shifts, a header comes out as
``Trw 5 Trw 6``, the penanggung jawab at the right edge of a page is cut off. The reader
says so with STR-002 ("baris hanya terbaca sebagian") on the rows it could not place. From
the first such row on, the rest of that table is OCR text too, and a value the reader did
not find there is not proof that the planner left the cell blank: a completeness error
(``kelengkapan``) on such a row would be a false error.

Such a finding becomes an info finding that says why and names the garbled-row finding
(``related``) nearest to it, so a reviewer reads the cell in the source; the original
message is quoted in each language of its own. Rows of the
table above the first garbled row, and every other table, keep their errors.
"""

from __future__ import annotations

from checker.i18n import LANGUAGES, both, t
from checker.model.finding import Finding, Severity

COMPLETENESS = "kelengkapan"
GARBLED = "STR-002"


def _row(f: Finding) -> int | None:
    return f.location.row


def soften_in_garbled_tables(findings: list[Finding]) -> list[Finding]:
    """The findings, with completeness errors in the OCR-damaged part of a table softened."""
    marks: dict[tuple, list[tuple[int, Finding]]] = {}
    for f in findings:
        row = _row(f)
        if f.code == GARBLED and row is not None:
            marks.setdefault((f.document, f.location.file, f.location.table), []).append((row, f))
    if not marks:
        return findings
    for rows in marks.values():
        rows.sort(key=lambda pair: pair[0])
    out = []
    for f in findings:
        rows = marks.get((f.document, f.location.file, f.location.table))
        row = _row(f)
        if (f.category != COMPLETENESS or f.severity != Severity.ERROR or rows is None
                or row is None or row < rows[0][0]):
            out.append(f)
            continue
        mark = min(rows, key=lambda pair: (abs(pair[0] - row), pair[0] < row))[1]
        where = mark.location.cell or str(mark.location.row)
        first = rows[0][1].location.cell or str(rows[0][0])
        out.append(f.model_copy(update={
            "severity": Severity.INFO,
            "message": {lang: t("engine.garbled", lang, text=f.text(lang), code=mark.code,
                                where=where, first=first) for lang in LANGUAGES},
            "suggestion": both("engine.garbled_suggest", code=f.code),
            "related": sorted({*f.related, mark.key}),
        }))
    return out
