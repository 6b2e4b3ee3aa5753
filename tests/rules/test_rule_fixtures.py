"""Every rule's fixtures: a tiny plan, then the findings expected with their cells.

One YAML file per rule code under ``fixtures/``. Each case lists rows of the template's
sheets (``items``, ``indicators``, ``totals``; rows start at 2) and ``expect``: the
findings as ``[sheet, row, column, code]``, optionally with ``actual``/``expected``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.engine.run import Engine
from tests.conftest import make_document

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.yaml"))


def _cases():
    for path in FIXTURES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            yield pytest.param(spec["rule"], case, id=f"{spec['rule']}-{case['name']}")


def _documents(case: dict) -> list:
    """One document, or several (``documents:``) for rules that compare documents."""
    if "documents" not in case:
        return [make_document(case.get("items", []), case.get("indicators", []),
                              case.get("totals", []), jenis=case.get("jenis", "rencana_aksi"))]
    docs = []
    for spec in case["documents"]:
        doc = make_document(spec.get("items", []), spec.get("indicators", []),
                            spec.get("totals", []), jenis=spec["jenis"], doc_id=spec["id"],
                            file=spec.get("file", f"{spec['id']}.xlsx"))
        doc.instansi = spec.get("instansi", "Dinas Sosial")
        doc.pemda = spec.get("pemda", "Kabupaten Contoh")
        doc.tahun = spec.get("tahun", 2024)
        docs.append(doc)
    return docs


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_rule_fixture(registry, code, case):
    rule = registry.get(code)
    result = Engine(registry, [rule]).run(_documents(case))
    got = [[f.location.table, f.location.row, f.location.column, f.code]
           for f in result.findings]
    if "documents" in case:
        got = [[f.document, *g] for f, g in zip(result.findings, got, strict=True)]
    assert got == case["expect_at"]
    for finding, values in zip(result.findings, case.get("values", []), strict=False):
        assert [finding.actual, finding.expected] == values


def test_every_engine_rule_has_passing_and_failing_fixtures(registry):
    covered: dict[str, set[str]] = {}
    for path in FIXTURES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        kinds = {"pass" if not c["expect_at"] else "fail" for c in spec["cases"]}
        covered[spec["rule"]] = kinds
    for rule in registry.ordered():
        if rule.source == "dsl":
            assert covered.get(rule.code) == {"pass", "fail"}, rule.code
