"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps).

Mapping (documented in docs/reports.md):

- every rule of the run is a ``tool.driver.rules`` entry: id, a CamelCase ``name``, the
  title as ``shortDescription``, *what it checks* as ``fullDescription``, the five doc
  sections as ``help.markdown``, category and legal basis in ``properties``;
- severities map to levels: error → ``error``, warning → ``warning``, info → ``note``;
- a text extract has lines, so its findings get ``region.startLine`` (the line) and
  ``region.startColumn`` (the tab-separated field's number, the same number as its column
  letter: C → 3; it is a field number, not a character offset);
- a workbook has no lines: the sheet is a ``logicalLocation``, the cell goes into the
  result's ``properties`` and, for the dashboards that show only the text, at the start of
  the message (``Indikator!E12: …``); there is no region;
- ``partialFingerprints`` come from the business key (rule, document kind, item code or
  name), never from a row number, so an alert survives rows inserted above it;
- accepted (suppressed) findings are included with an external ``suppression`` so that a
  dashboard shows them as dismissed rather than losing them.
"""

from __future__ import annotations

import json
import re
from typing import IO, Any

from checker.dsl.ast import DOC_SECTIONS, Rule
from checker.i18n import t
from checker.i18n.format import format_number
from checker.model.finding import Finding
from checker.model.location import column_index, split_cell
from checker.reports.base import Report
from checker.reports.summary import display_path, file_uri, fingerprints

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
TEXT_SUFFIXES = (".txt", ".text", ".tsv", ".csv")
FINGERPRINT = "sakipCheckBusinessKey/v1"


def rule_name(rule: Rule) -> str:
    """A CamelCase name from the English title (``QuarterlyTargetsDoNotAddUp``)."""
    title = rule.title.get("en") or rule.title.get("id") or rule.code
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or rule.code.replace("-", "")


def help_markdown(rule: Rule, lang: str) -> str:
    """The rule's five documentation sections as Markdown."""
    sections = rule.doc_sections(lang)
    title = rule.title.get(lang) or rule.title.get("id") or rule.code
    parts = [f"**{rule.code}: {title}**"]
    for heading in [*DOC_SECTIONS, *(h for h in sections if h not in DOC_SECTIONS)]:
        text = sections.get(heading)
        if text:
            parts.append(f"## {heading}\n{text}")
    return "\n\n".join(parts)


def _rule_entry(rule: Rule, lang: str) -> dict[str, Any]:
    title = rule.title.get(lang) or rule.title.get("id") or rule.code
    sections = rule.doc_sections(lang)
    what = sections.get(DOC_SECTIONS[0]) or title
    markdown = help_markdown(rule, lang)
    plain = re.sub(r"[*`]", "", markdown)
    return {
        "id": rule.code,
        "name": rule_name(rule),
        "shortDescription": {"text": title},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": plain, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": {"category": rule.category, "basis": rule.basis,
                       "tags": [rule.category]},
    }


def _location(f: Finding) -> dict[str, Any]:
    loc = f.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": file_uri(loc.file)}}
    is_text = loc.file.lower().endswith(TEXT_SUFFIXES)
    if is_text and loc.row is not None:
        region: dict[str, Any] = {"startLine": loc.row}
        if loc.column:
            region["startColumn"] = column_index(loc.column)
        if loc.range:  # a whole table: the region runs to its last cell
            end_column, end_row = split_cell(loc.range.split(":")[1])
            region["endLine"] = end_row
            region["endColumn"] = column_index(end_column)
        physical["region"] = region
    out: dict[str, Any] = {"physicalLocation": physical}
    if loc.table:
        logical: dict[str, Any] = {"name": loc.table, "kind": "resource"}
        if loc.cell:
            logical["fullyQualifiedName"] = f"{loc.table}!{loc.span}"
        out["logicalLocations"] = [logical]
    return out


def _message(f: Finding, lang: str) -> str:
    """The result's text; a workbook finding starts with its sheet and cell (no region)."""
    loc = f.location
    text = f.text(lang)
    if loc.table and not loc.file.lower().endswith(TEXT_SUFFIXES):
        place = f"{loc.table}!{loc.span}" if loc.cell else loc.table
        text = f"{place}: {text}"
    if f.expected is not None:
        text += f" ({t('report.expected', lang)}: {format_number(f.expected, lang)})"
    return text


def _result(report: Report, f: Finding, index: dict[str, int], fp: str,
            suppressed: bool) -> dict[str, Any]:
    lang = report.lang
    loc = f.location
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVEL[f.severity.value],
        "message": {"text": _message(f, lang)},
        "locations": [_location(f)],
        "partialFingerprints": {FINGERPRINT: fp},
    }
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    props: dict[str, Any] = {"category": f.category, "document": f.document,
                             "file": display_path(loc.file)}
    if loc.table:
        props["table"] = loc.table
    if loc.cell:
        props["cell"] = loc.cell
    if loc.range:
        props["range"] = loc.range
    if loc.row is not None:
        props["row"] = loc.row
    if f.item is not None:
        props["item"] = f.item.model_dump()
    if f.actual is not None:
        props["actual"] = f.actual
    if f.expected is not None:
        props["expected"] = f.expected
    suggestion = f.suggestion_text(lang)
    if suggestion:
        props["suggestion"] = suggestion
    result["properties"] = props
    if suppressed:
        result["suppressions"] = [{"kind": "external", "status": "accepted"}]
    return result


def sarif_log(report: Report) -> dict[str, Any]:
    """The whole SARIF log as a dict."""
    lang = report.lang
    rules = sorted(report.rules.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    results = [_result(report, f, index, fp, False)
               for f, fp in zip(report.findings, fingerprints(report, report.findings),
                                strict=True)]
    results += [_result(report, f, index, fp, True)
                for f, fp in zip(report.suppressed, fingerprints(report, report.suppressed),
                                 strict=True)]
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": e}} for e in report.errors]
    artifacts = sorted({file_uri(p) for p in report.inputs})
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "sakip-check",
            "version": report.tool_version,
            "semanticVersion": report.tool_version,
            "language": lang,
            "rules": [_rule_entry(r, lang) for r in rules],
        }},
        "invocations": [invocation],
        "language": lang,
        "results": results,
    }
    if artifacts:
        run["artifacts"] = [{"location": {"uri": uri}} for uri in artifacts]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifReporter:
    """``--format sarif``."""

    name = "sarif"
    binary = False

    def __init__(self, terminal: bool = False, output_path: str | None = None) -> None:
        self.output_path = output_path

    def write(self, report: Report, stream: IO[str]) -> None:
        json.dump(sarif_log(report), stream, ensure_ascii=False, indent=2, sort_keys=True)
        stream.write("\n")
