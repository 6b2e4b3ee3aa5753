"""The text of a fixture run: one line per case, a diff under each failing case, a summary.

Kept out of ``checker/reports`` on purpose: that package reports findings about plans,
this reports on rules. The words come from the ``ruletest`` catalogue, so an inspectorate
reads its test run in Indonesian (or English with ``--lang en``).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from checker.i18n import t
from checker.ruletest.fixture import Expected
from checker.ruletest.runner import CaseResult, CoverageGap, DiffLine, SuiteResult

MARKS = {"=": " ", "-": "-", "+": "+"}
INDENT = "       "


def show_value(value: Any) -> str:
    """A value as a fixture would write it: 84 (not 84.0), text quoted, null for blank."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False, default=str)


def cell(document: str | None, table: str | None, row: int | None, column: str | None,
         lang: str) -> str:
    """``[DOC › ]Sheet!J2`` (or ``Sheet baris 2`` when the finding names a whole row)."""
    if row is not None and column is not None:
        place = f"{table}!{column}{row}" if table else f"{column}{row}"
    elif row is not None:
        place = t("ruletest.row", lang, table=table or "", row=row).strip()
    else:
        place = table or "-"
    return f"{document} › {place}" if document else place


def _values(pair: tuple[Any, Any] | list[Any] | None, lang: str) -> str:
    if pair is None:
        return ""
    return "  " + t("ruletest.values", lang, actual=show_value(pair[0]),
                    expected=show_value(pair[1]))


def expected_text(e: Expected, lang: str) -> str:
    return f"{e.code}  {cell(e.document, e.table, e.row, e.column, lang)}{_values(e.values, lang)}"


def diff_line(line: DiffLine, several_documents: bool, lang: str) -> str:
    """One diff line; a found finding always shows its values, so a wrong one is visible."""
    if line.found is None:
        assert line.expected is not None
        return f"{MARKS[line.op]} {expected_text(line.expected, lang)}"
    f, loc = line.found, line.found.location
    where = cell(f.document if several_documents else None, loc.table, loc.row, loc.column,
                 lang)
    return f"{MARKS[line.op]} {f.code}  {where}{_values((f.actual, f.expected), lang)}"


def write_case(result: CaseResult, out: TextIO, lang: str) -> None:
    case = result.case
    title = f"{case.rule} › {case.name}"
    if result.passed:
        out.write(f"{t('ruletest.passed', lang)}  {title}\n")
        return
    out.write(f"{t('ruletest.failed', lang)}  {title}\n{INDENT}{case.where}\n")
    if result.failure:
        out.write(f"{INDENT}{t('ruletest.rule_crashed', lang, reason=result.failure)}\n")
    if not result.found and not case.expected:
        return
    for line in result.diff:
        out.write(f"{INDENT}{diff_line(line, case.several_documents, lang)}\n")
        if line.op == "+" and line.found is not None:  # what the rule said, to judge it by
            out.write(f"{INDENT}    {line.found.text(lang)}\n")
    out.write(f"{INDENT}{t('ruletest.legend', lang)}\n")


def gap_text(gap: CoverageGap, strict: bool, lang: str) -> str:
    label = t("ruletest.error" if strict else "ruletest.warning", lang)
    rule = gap.rule
    what = "; ".join(t(f"ruletest.missing_{m}", lang, code=rule.code) for m in gap.missing)
    return f"{label}  {rule.file}:{rule.pos.line}:{rule.pos.column}: {rule.code}: {what}"


def write_suite(suite: SuiteResult, out: TextIO, lang: str, strict: bool = False) -> None:
    """The whole run, in fixture-file and case order, then coverage gaps, then the summary."""
    for result in suite.results:
        write_case(result, out, lang)
    for gap in suite.gaps:
        out.write(gap_text(gap, strict, lang) + "\n")
    failed = len(suite.failed)
    out.write(t("ruletest.summary", lang, passed=len(suite.results) - failed, failed=failed,
                cases=len(suite.results), rules=len(suite.rules_tested),
                gaps=len(suite.gaps)) + "\n")
    if suite.importer_rules:
        out.write(t("ruletest.importer_rules_note", lang, n=len(suite.importer_rules),
                    codes=", ".join(suite.importer_rules)) + "\n")
