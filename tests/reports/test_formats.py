"""HTML, Markdown, SARIF, JUnit and GitHub output: structure, escaping and mapping."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from checker.reports import get_reporter
from checker.reports.github import annotation, escape_data, escape_property
from checker.reports.markdown import MarkdownReporter
from checker.reports.sarif import sarif_log
from checker.reports.summary import business_key, fingerprints
from tests.reports.fixtures import HOSTILE, hostile_report, sample_report

SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"


def render(fmt: str, report, **options) -> str:
    stream = io.StringIO()
    get_reporter(fmt, **options).write(report, stream)
    return stream.getvalue()


# ------------------------------------------------------------------------------ html
def test_html_is_self_contained_and_filterable():
    page = render("html", sample_report())
    assert "Lampiran Catatan Hasil Reviu" in page
    assert "@media print" in page and "<svg" in page
    assert "default-src 'none'" in page
    # no network: nothing is fetched (the SVG namespace is an identifier, not a request)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    for key in ("severity", "category", "document", "rule"):
        assert f'data-filter="{key}"' in page
    assert page.count("<tr data-finding") == 5
    assert 'data-rule="ROL-001"' in page and 'data-document="RA-2024"' in page
    assert "Permendagri 90/2019; Permendagri 77/2020" in page  # the rule's basis
    assert "Temuan yang diterima" in page and "KLP-003" in page
    assert "lampiran.xls" in page  # the unreadable input is shown


def test_html_shows_document_text_as_text_never_as_markup():
    page = render("html", hostile_report())
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # only the page's own filter script


def test_html_in_english():
    page = render("html", sample_report("en"))
    assert "Appendix to the Review Report" in page and "Quarterly targets" in page
    assert '<html lang="en">' in page


# -------------------------------------------------------------------------- markdown
def test_markdown_shows_at_most_n_findings_most_severe_first_and_counts_the_rest():
    stream = io.StringIO()
    MarkdownReporter(max_findings=2).write(sample_report(), stream)
    text = stream.getvalue()
    rows = [line for line in text.splitlines() if line.startswith("| 🔴") or
            line.startswith("| 🟡") or line.startswith("| 🔵")]
    assert len(rows) == 2 and all(r.startswith("| 🔴") for r in rows)
    assert "… dan 3 temuan lainnya" in text
    # documents by agency, kind and year; the kind in words (issue 15)
    assert "| Dinas Sosial Kab. Contoh · Rencana Aksi · 2024 | Rencana Aksi | 2 | 0 | 0 |" \
        in text


def test_markdown_escapes_table_and_html_syntax():
    text = render("md", hostile_report())
    row = next(line for line in text.splitlines() if "KLP-001" in line)
    assert row.count(" | ") == 3  # the document's "|" cannot add a column
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\*\\*tebal\\*\\*" in text


# ----------------------------------------------------------------------------- sarif
@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_sarif_validates_against_the_2_1_0_schema(validator):
    log = json.loads(render("sarif", sample_report()))
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken))  # the schema really is checked


def test_sarif_rules_results_levels_and_locations():
    log = sarif_log(sample_report())
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    tgt = rules["TGT-001"]
    assert tgt["name"] == "QuarterlyTargetsPeriodicDoNotAddUpToTheAnnualTarget"
    assert tgt["properties"]["category"] == "target-triwulan"
    assert tgt["properties"]["basis"].startswith("PermenPANRB 53/2014")
    for heading in ("Apa yang diperiksa", "Mengapa penting", "Contoh yang salah",
                    "Perbaikan", "Dasar hukum"):
        assert f"## {heading}" in tgt["help"]["markdown"]
    results = {r["ruleId"]: r for r in run["results"]}
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}
    text = results["ROL-001"]["locations"][0]
    assert text["physicalLocation"]["region"] == {"startLine": 31, "startColumn": 10}
    assert text["physicalLocation"]["artifactLocation"]["uri"] == "000_a618195849f537cf.txt"
    book = results["TGT-001"]["locations"][0]
    assert "region" not in book["physicalLocation"]
    assert book["logicalLocations"][0]["name"] == "Indikator"
    assert results["TGT-001"]["properties"]["cell"] == "E12"
    assert run["tool"]["driver"]["rules"][results["TGT-001"]["ruleIndex"]]["id"] == "TGT-001"
    accepted = results["KLP-003"]
    assert accepted["suppressions"] == [{"kind": "external", "status": "accepted"}]
    assert run["invocations"][0]["executionSuccessful"] is False


def test_fingerprints_survive_a_row_inserted_above_and_ignore_the_message():
    report = sample_report()
    before = fingerprints(report, report.findings)
    moved = [f.model_copy(update={
        "location": f.location.model_copy(update={"row": (f.location.row or 0) + 1}),
        "message": {"id": "teks lain", "en": "other text"}}) for f in report.findings]
    assert fingerprints(report, moved) == before
    renamed = report.findings[0].model_copy(update={"code": "TGT-002"})
    assert fingerprints(report, [renamed]) != before[:1]


def test_business_key_uses_the_code_then_the_normalised_name():
    f = sample_report().findings[0]
    assert business_key(f, "rencana_aksi") == ("TGT-001", "rencana_aksi", "sub_kegiatan",
                                               "kode:1.06.02.2.01.0001")
    nameless = f.model_copy(update={"item": f.item.model_copy(
        update={"kode": None, "nama": "  Penyediaan   PERMAKANAN "})})
    assert business_key(nameless, None)[-1] == "nama:penyediaan permakanan"


def test_duplicate_keys_get_ordinals():
    report = sample_report()
    twice = [report.findings[0], report.findings[0]]
    first, second = fingerprints(report, twice)
    assert first.endswith(":1") and second.endswith(":2") and first[:-2] == second[:-2]


# ----------------------------------------------------------------------------- junit
def test_junit_one_case_per_rule_per_document_parsed_by_elementtree():
    root = ET.fromstring(render("junit", sample_report()).encode("utf-8"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"RA-2024", "000_a618195849f537cf#rencana_aksi", "berkas masukan"}
    ra = suites["RA-2024"]
    cases = ra.findall("testcase")
    assert len(cases) == 6 and ra.get("tests") == "6" and ra.get("failures") == "2"
    assert {c.get("classname") for c in cases} == {"RA-2024"}
    tgt = next(c for c in cases if c.get("name").startswith("TGT-001 "))
    failure = tgt.find("failure")
    assert failure.get("type") == "error"
    assert "rencana.xlsx › Indikator › E12" in failure.text
    assert root.get("failures") == "5" and root.get("errors") == "1"


def test_junit_parsed_by_junitparser():
    junitparser = pytest.importorskip("junitparser")
    # bytes, as a CI server reads the file (lxml refuses str with an encoding declaration)
    xml = junitparser.JUnitXml.fromstring(render("junit", sample_report()).encode("utf-8"))
    found = {}
    for suite in xml:
        for case in suite:
            found[(suite.name, case.name.split()[0])] = [type(r).__name__ for r in case.result]
    assert found[("RA-2024", "TGT-001")] == ["Failure"]
    assert found[("RA-2024", "ROL-001")] == []
    assert found[("000_a618195849f537cf#rencana_aksi", "ROL-001")] == ["Failure"]
    assert ["Error"] in found.values()


# ---------------------------------------------------------------------------- github
def test_github_annotations_per_severity_with_line_and_column():
    lines = render("github", sample_report()).splitlines()
    assert lines[0].startswith("::error title=Tidak dapat dibaca::lampiran.xls")
    assert "::error file=000_a618195849f537cf.txt,line=31,col=10,title=ROL-001::" \
        "RENCANA AKSI ESELON III!J31: Anggaran" in "\n".join(lines)
    assert any(line.startswith("::warning file=000_a618195849f537cf.txt,line=88,col=12,"
                               "title=NUM-002::") for line in lines)
    assert any(line.startswith("::notice ") and "STR-004" in line for line in lines)
    tgt = next(line for line in lines if "TGT-001" in line)
    assert tgt.startswith("::error file=rencana.xlsx,title=TGT-001::Indikator!E12: ")
    assert not lines[-1].startswith("::")


def test_github_escaping_follows_the_workflow_command_rules():
    assert escape_data("50%\r\nx:y,z") == "50%25%0D%0Ax:y,z"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = annotation(hostile_report().findings[0], "id")
    assert "\n" not in line and "\r" not in line
    # the command's properties end at the first "::"; "::error::palsu" stays in the message
    # and, with its line break escaped, can never start a line (a command) of its own
    assert line.index("::", 2) == line.index(",title=KLP-001::") + len(",title=KLP-001")
    assert "%0D%0A::error::palsu" in line
    assert "50%25, a:b" in line
    assert HOSTILE.split("\r")[0].replace("%", "%25") in line


@pytest.mark.parametrize("fmt", ["xlsx", "html", "md", "sarif", "junit", "github"])
def test_a_run_without_documents_or_findings_still_renders(fmt, validator):
    from checker.reports.base import Report

    empty = Report(documents=[], findings=[], rules={})
    reporter = get_reporter(fmt)
    stream = io.BytesIO() if reporter.binary else io.StringIO()
    reporter.write(empty, stream)
    assert stream.getvalue()
    if fmt == "sarif":
        assert not list(validator.iter_errors(json.loads(stream.getvalue())))
    if fmt == "junit":
        assert ET.fromstring(stream.getvalue()).get("tests") == "0"
