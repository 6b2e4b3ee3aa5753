"""Every finding names a cell, in words a person uses (issue 15, point 5).

Run over the four seeds and the five corpus files, in every report format and both
languages: a finding without a cell (only "baris N"), an importer id (``K9``, ``S32``) or a
level or document kind written as an identifier (``sub_kegiatan``, ``pk_perubahan``) in
what a reviewer reads fails here. Machine fields (a document id in JSON, ``item.level``)
keep their identifiers: only the text shown to a person is searched.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from functools import cache
from html import unescape
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from checker.model.finding import Finding
from checker.model.plan import Document
from checker.model.schema import DocumentKind, Level
from checker.reports import REPORTERS, get_reporter
from checker.reports.base import Report
from tests.conftest import REPO, SEEDS

CORPUS = REPO.parent / "shared" / "corpus"
INPUTS = [p.name for p in sorted(SEEDS.glob("*.txt"))] + [
    "01_deliserdang_bappedalitbang_evaluasi-renja-tw4_2025.xlsx",
    "02_boyolali_bpbd_perjanjian-kinerja-es2-renaksi_2026.docx",
    "03_kotatangerang_bpbd_realisasi-kinerja-tw_2023.pdf",
    "08_provjabar_dispora_perjanjian-kinerja_2017.pdf",
    "09_provjabar_setda-biroorganisasi_cascading-iki_2016.xlsx",
]
#: Identifiers of the model that a person never reads: levels and kinds with an underscore.
IDENTIFIERS = sorted(v.value for v in (*Level, *DocumentKind) if "_" in v.value)
SNAKE = re.compile(r"(?<![#\w/.-])(?:" + "|".join(IDENTIFIERS) + r")(?![\w.-])")
TOKEN = re.compile(r"(?<![\w@.~-])[A-Z]+\d+(?:[.@~]\d+)*(?![\w.~@-])")


def _path(name: str) -> Path:
    path = SEEDS / name if (SEEDS / name).exists() else CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared corpus is read in place, never copied)")
    return path


@cache
def _run(name: str) -> tuple[list[Document], list[Finding], dict]:
    from checker.cli.collect import collect
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    registry = load_registry()
    rules = list(registry.rules.values()) if isinstance(registry.rules, dict) \
        else list(registry.rules)
    docs = collect([str(_path(name))]).documents
    assert docs, f"{name}: nothing read"
    return docs, Engine(registry, rules).run(docs).findings, {r.code: r for r in rules}


def _shown(fmt: str, out: bytes | str) -> str:
    """The text a person reads in one rendered report (not ids kept for programs)."""
    if fmt == "xlsx":
        book = zipfile.ZipFile(io.BytesIO(out))  # type: ignore[arg-type]
        xml = "\n".join(book.read(n).decode() for n in book.namelist()
                        if n.startswith("xl/") and n.endswith(".xml"))
        return unescape("\n".join(re.findall(r"<t[^>]*>([^<]*)</t>", xml)))
    assert isinstance(out, str)
    if fmt == "json":
        data = json.loads(out)
        return "\n".join(f"{f['message']}\n{f['suggestion'] or ''}\n{f['expected']}"
                         for f in data["findings"] + data["suppressed"])
    if fmt == "sarif":
        return "\n".join(r["message"]["text"] for run in json.loads(out)["runs"]
                         for r in run["results"])
    if fmt == "junit":  # the failure texts; suite and case names are ids for CI
        root = ET.fromstring(out)
        return "\n".join(f"{e.get('message', '')}\n{e.text or ''}"
                         for e in root.iter("failure"))
    if fmt == "html":  # the page's text, without tags and their data attributes
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", out, flags=re.S)
        return unescape(re.sub(r"<[^>]+>", " ", body))
    return out


def _cells_known(docs: list[Document], findings: list[Finding]) -> set[str]:
    """Every cell a message may rightly name: values read, and the findings' own cells."""
    cells = {loc.cell for d in docs for row in (*d.items, *d.indicators, *d.totals)
             for loc in row.cells.values()}
    for f in findings:
        cells |= {f.location.cell, getattr(f.location, "end", None)}
    return {c for c in cells if c}


@pytest.mark.parametrize("name", INPUTS)
def test_every_finding_names_a_cell(name: str):
    docs, findings, _ = _run(name)
    assert findings
    lost = [(f.code, f.location.describe()) for f in findings if f.location.cell is None]
    assert not lost, f"{name}: findings without a cell: {lost[:10]}"
    ranges = [f for f in findings if f.location.end is not None]
    for f in ranges:  # a range starts at the finding's cell and runs down and right
        assert f.location.range is None or f.location.range.startswith(f.location.cell)


@pytest.mark.parametrize("name", INPUTS)
def test_reports_use_words_not_identifiers(name: str):
    docs, findings, rules = _run(name)
    ids = {i.id for d in docs for i in d.items}
    allowed = _cells_known(docs, findings)
    for lang in ("id", "en"):
        report = Report(documents=docs, findings=findings, rules=rules, lang=lang,
                        inputs=[name])
        for fmt in REPORTERS:
            reporter = get_reporter(fmt)
            stream: io.BytesIO | io.StringIO = io.BytesIO() if reporter.binary \
                else io.StringIO()
            reporter.write(report, stream)
            text = _shown(fmt, stream.getvalue())
            snake = sorted(set(SNAKE.findall(text)))
            assert not snake, f"{name} {fmt} {lang}: identifiers shown: {snake}"
            doubled = re.findall(r"\b(?:Tabel Tabel|Table Table|Table Tabel)\b", text)
            assert not doubled, f"{name} {fmt} {lang}: a table named twice: {doubled[:3]}"
            leaked = sorted({tok for tok in TOKEN.findall(text)
                             if tok in ids and tok not in allowed})
            assert not leaked, f"{name} {fmt} {lang}: importer ids shown: {leaked[:10]}"
            if fmt == "json":
                shown = json.loads(stream.getvalue())["findings"]
                assert all(f["cell"] for f in shown), f"{name}: a JSON finding has no cell"


def test_the_checks_catch_what_they_look_for():
    """The patterns above find the identifiers they exist for (a test that cannot fail
    proves nothing)."""
    assert SNAKE.findall("dari sub_kegiatan S33, ada di pk_perubahan") == [
        "sub_kegiatan", "pk_perubahan"]
    assert not SNAKE.findall("004_a30a70c4cd2935b3#pk_perubahan data_sub_kegiatan")
    assert TOKEN.findall("Mungkin yang dimaksud K9: 'x' (sel K1065, 1.06.01)") == [
        "K9", "K1065"]


def test_every_level_and_kind_has_words_in_both_languages():
    from checker.i18n import catalog

    for lang in ("id", "en"):
        for level in Level:
            assert f"report.level.{level.value}" in catalog(lang)
        for kind in DocumentKind:
            assert f"report.kind.{kind.value}" in catalog(lang), (lang, kind)


def test_an_unread_table_is_named_by_its_first_cell_and_range():
    """Seed 004's Tabel 2.1 (strategies, no budgets) is recognised but not read: the
    finding names the heading's cell and the range down to its last row, in JSON, SARIF
    and the text report (it used to say only 'baris 227')."""
    docs, findings, rules = _run("004_a30a70c4cd2935b3.txt")
    report = Report(documents=docs, findings=findings, rules=rules, lang="id")
    out = {}
    for fmt in ("json", "sarif", "text"):
        stream = io.StringIO()
        get_reporter(fmt).write(report, stream)
        out[fmt] = stream.getvalue()
    [table] = [f for f in json.loads(out["json"])["findings"]
               if f["code"] == "STR-004" and f["table"] == "Tabel 2.1"]
    assert (table["cell"], table["range"]) == ("A227", "A227:D236")
    [result] = [r for r in json.loads(out["sarif"])["runs"][0]["results"]
                if r["ruleId"] == "STR-004" and "Tabel 2.1 (" in r["message"]["text"]]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"],
            region["endColumn"]) == (227, 1, 236, 4)
    assert "Tabel 2.1 › A227:D236  Tabel 2.1 (" in out["text"]


def test_a_table_is_named_with_the_word_tabel_once():
    from checker.i18n import t

    own = t("import_excel.str_table_empty", "id", table_named="Tabel 2 › RENCANA AKSI")
    assert own.startswith("Tabel 2 › RENCANA AKSI dikenali")
    titled = t("import_excel.str_table_empty", "en", table_named="RENCANA AKSI ESELON IV")
    assert titled.startswith("Table RENCANA AKSI ESELON IV was recognised")


def test_level_and_kind_parameters_are_written_in_words():
    from checker.i18n import t
    from checker.model.schema import Level

    for lang, words in (("id", "sub kegiatan"), ("en", "sub-activity")):
        text = t("import_excel.str_parent_no_table", lang, level=Level.SUB_KEGIATAN,
                 parent_level="kegiatan", child="'Penyediaan Mebel' (B12)", name="X")
        assert words in text and "sub_kegiatan" not in text
    assert "PK Perubahan" in t("matching.tie", "id", level="Program", nama="X",
                               kind="pk_perubahan", candidates="-")
