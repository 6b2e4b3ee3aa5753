"""JSON findings, schema ``sakip-check/findings/v1`` (documented in docs/json-format.md).

The shape is a contract with CI scripts and other tools: fields are only ever added, never
renamed or removed, within ``v1``. Keys are written in a fixed order so the output is
byte-identical for the same input.
"""

from __future__ import annotations

import json
from typing import IO, Any

from checker.reports.base import Report

SCHEMA = "sakip-check/findings/v1"


def finding_dict(f, lang: str) -> dict[str, Any]:
    """One finding in the v1 shape."""
    loc = f.location
    return {
        "code": f.code,
        "category": f.category,
        "severity": f.severity.value,
        "message": f.text(lang),
        "document": f.document,
        "file": loc.file,
        "table": loc.table,
        "page": loc.page,
        "row": loc.row,
        "column": loc.column,
        "cell": loc.cell,
        "range": loc.range,
        "item": f.item.model_dump() if f.item else None,
        "actual": f.actual,
        "expected": f.expected,
        "suggestion": f.suggestion_text(lang),
        "related": list(f.related),
        "consequence_of": f.consequence_of,
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report in the v1 shape."""
    lang = report.lang
    by_category: dict[str, int] = {}
    for f in report.facts:
        by_category[f.category] = by_category.get(f.category, 0) + 1
    return {
        "schema": SCHEMA,
        "tool": {"name": "sakip-check", "version": report.tool_version, "language": lang},
        "documents": [
            {"id": d.id, "path": d.path, "kind": d.jenis.value, "agency": d.instansi,
             "government": d.pemda, "year": d.tahun}
            for d in report.documents
        ],
        "findings": [finding_dict(f, lang) for f in report.findings],
        "suppressed": [finding_dict(f, lang) for f in report.suppressed],
        "errors": list(report.errors),
        "summary": {
            "documents": len(report.documents),
            "findings": len(report.facts),
            "consequences": len(report.findings) - len(report.facts),
            "by_severity": report.counts(),
            "by_category": dict(sorted(by_category.items())),
            "suppressed": len(report.suppressed),
            "input_errors": len(report.errors),
        },
    }


class JsonReporter:
    """``--format json``."""

    name = "json"
    binary = False

    def write(self, report: Report, stream: IO) -> None:
        json.dump(report_dict(report), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
