"""``--format junit``: JUnit XML, so any CI's test view shows which rules a plan fails.

One ``testsuite`` per document, one ``testcase`` per rule of the run (classname = the
document, name = code and title); a rule with findings fails, its ``failure`` element
listing every finding with its location. Findings about something other than a document
(an expired suppression in ``sakip-check.toml``) get a suite of their own, and inputs that
could not be read appear as ``error`` test cases, so a broken file never looks like a
clean one. No timing attributes: the same input gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import IO
from xml.etree import ElementTree as ET

from checker.i18n import t
from checker.i18n.format import format_number
from checker.model.finding import Finding
from checker.reports.base import Report
from checker.reports.summary import by_document, display_path

_ILLEGAL_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])


def xml_text(text: object) -> str:
    """Text XML 1.0 can carry: control characters other than tab and newline dropped."""
    return str(text).translate(_ILLEGAL_XML)


def finding_line(f: Finding, lang: str) -> str:
    """One finding as one readable line of a failure's text."""
    loc = f.location
    where = " › ".join(p for p in (display_path(loc.file), loc.table_in(lang) or "",
                                   loc.span or (f"{t('report.row', lang)} {loc.row}"
                                                if loc.row is not None else "")) if p)
    line = f"{f.severity.value.upper()} {f.code} {where}: {f.text(lang)}"
    details = []
    if f.actual is not None:
        details.append(f"{t('report.actual', lang)}: {format_number(f.actual, lang)}")
    if f.expected is not None:
        details.append(f"{t('report.expected', lang)}: {format_number(f.expected, lang)}")
    suggestion = f.suggestion_text(lang)
    if suggestion:
        details.append(f"{t('report.suggestion', lang)}: {suggestion}")
    if details:
        line += "\n    " + " · ".join(details)
    return line


class JunitReporter:
    """``--format junit``."""

    name = "junit"
    binary = False

    def __init__(self, terminal: bool = False, output_path: str | None = None) -> None:
        self.output_path = output_path

    def write(self, report: Report, stream: IO[str]) -> None:
        lang = report.lang
        rules = sorted(report.rules.values(), key=lambda r: r.code)
        grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for f in report.findings:
            grouped[(f.document, f.code)].append(f)
        root = ET.Element("testsuites", name="sakip-check")
        totals = {"tests": 0, "failures": 0, "errors": 0}
        kinds = {d.id: d for d in report.documents}
        for row in by_document(report):
            doc = kinds.get(row.id)
            suite = ET.SubElement(root, "testsuite", name=xml_text(row.id))
            props = ET.SubElement(suite, "properties")
            if doc is not None:
                ET.SubElement(props, "property", name="path", value=xml_text(
                    display_path(doc.path)))
                ET.SubElement(props, "property", name="kind", value=doc.jenis.value)
            codes = [r.code for r in rules]
            codes += sorted({c for (d, c) in grouped if d == row.id} - set(codes))
            failures = 0
            for code in codes:
                rule = report.rules.get(code)
                title = (rule.title.get(lang) or rule.title.get("id")) if rule else ""
                case = ET.SubElement(suite, "testcase", classname=xml_text(row.id),
                                     name=xml_text(f"{code} {title}".strip()))
                found = grouped.get((row.id, code))
                if found:
                    failures += 1
                    worst = max(found, key=lambda f: f.severity.rank).severity.value
                    failure = ET.SubElement(case, "failure", type=worst, message=xml_text(
                        t("reports_extra.junit_failure", lang, n=len(found),
                          first=found[0].text(lang))))
                    failure.text = xml_text("\n".join(finding_line(f, lang) for f in found))
            suite.set("tests", str(len(codes)))
            suite.set("failures", str(failures))
            suite.set("errors", "0")
            suite.set("skipped", "0")
            totals["tests"] += len(codes)
            totals["failures"] += failures
        if report.errors:
            suite = ET.SubElement(root, "testsuite",
                                  name=t("reports_extra.junit_inputs", lang))
            for i, error in enumerate(report.errors, start=1):
                case = ET.SubElement(suite, "testcase",
                                     classname=t("reports_extra.junit_inputs", lang),
                                     name=xml_text(error.splitlines()[0] if error else str(i)))
                ET.SubElement(case, "error", type="input",
                              message=xml_text(error.splitlines()[0] if error else "")
                              ).text = xml_text(error)
            n = len(report.errors)
            suite.set("tests", str(n))
            suite.set("failures", "0")
            suite.set("errors", str(n))
            suite.set("skipped", "0")
            totals["tests"] += n
            totals["errors"] += n
        for key, value in totals.items():
            root.set(key, str(value))
        ET.indent(root, space="  ")
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(ET.tostring(root, encoding="unicode"))
        stream.write("\n")
