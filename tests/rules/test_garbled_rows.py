"""Completeness errors in the OCR-damaged part of a table are infos (issue 13, item 3)."""

from __future__ import annotations

from checker.dsl.registry import load_registry
from checker.engine.garbled import soften_in_garbled_tables
from checker.engine.run import Engine
from checker.importers.registry import load
from checker.model.finding import Finding, Severity
from checker.model.location import Location


def _finding(code: str, category: str, row: int, table: str = "T",
             severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code=code, category=category, severity=severity,
                   message={"id": f"{code} {row}", "en": f"{code} {row}"}, document="D",
                   location=Location(file="f.txt", table=table, row=row, column="L"))


def test_only_rows_from_the_first_garbled_row_of_the_same_table_are_softened() -> None:
    found = soften_in_garbled_tables([
        _finding("KLP-005", "kelengkapan", 10),  # above the damage: still an error
        _finding("STR-002", "struktur", 20),
        _finding("KLP-005", "kelengkapan", 21),
        _finding("KLP-005", "kelengkapan", 40),
        _finding("KLP-005", "kelengkapan", 30, table="U"),  # another table
        _finding("ROL-001", "rollup-anggaran", 25),  # arithmetic is not completeness
    ])
    by = {(f.code, f.location.table, f.location.row): f for f in found}
    assert by[("KLP-005", "T", 10)].severity == Severity.ERROR
    assert by[("KLP-005", "U", 30)].severity == Severity.ERROR
    assert by[("ROL-001", "T", 25)].severity == Severity.ERROR
    soft = by[("KLP-005", "T", 21)]
    assert soft.severity == Severity.INFO and soft.related == [by[("STR-002", "T", 20)].key]
    assert "KLP-005 21" in soft.text("id") and "OCR" in soft.text("en")
    assert by[("KLP-005", "T", 40)].severity == Severity.INFO


def test_seed_004_has_no_penanggung_jawab_error_on_its_scanned_rows(seeds) -> None:
    findings = Engine(load_registry()).run(load(seeds / "004_a30a70c4cd2935b3.txt")).findings
    klp = [f for f in findings if f.code == "KLP-005"]
    assert len(klp) == 13 and all(f.severity == Severity.INFO for f in klp)
    assert all(r.startswith("STR-002@") for f in klp for r in f.related)


def test_the_softened_message_quotes_the_original_in_its_own_language() -> None:
    """An English report quotes the English original, not the Indonesian one."""
    original = Finding(code="KLP-005", category="kelengkapan", severity=Severity.ERROR,
                       message={"id": "tidak mencantumkan penanggung jawab",
                                "en": "names no person in charge"}, document="D",
                       location=Location(file="f.txt", table="T", row=21, column="L"))
    [_, soft] = soften_in_garbled_tables([_finding("STR-002", "struktur", 20), original])
    assert soft.text("en").endswith("Originally: names no person in charge")
    assert soft.text("id").endswith("Semula: tidak mencantumkan penanggung jawab")
