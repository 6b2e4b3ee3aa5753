"""Every built-in rule's fixtures, run by the same runner as ``sakip-check test``.

One YAML file per rule code under ``rules/fixtures/`` (format: ``checker/ruletest/fixture.py``
and docs/custom-rules.md). Each case is one test, failing with the runner's diff of expected
against found findings.
"""

from __future__ import annotations

from io import StringIO

import pytest

from checker.ruletest.discover import load_suite
from checker.ruletest.fixture import load_fixture
from checker.ruletest.render import write_case, write_suite
from checker.ruletest.runner import coverage, run_case
from tests.conftest import REPO

FIXTURE_DIR = REPO / "rules" / "fixtures"
FIXTURES = sorted(FIXTURE_DIR.glob("*.yaml"))


def _cases():
    for path in FIXTURES:
        fixture = load_fixture(path)
        for case in fixture.cases:
            yield pytest.param(case, id=f"{fixture.rule}-{case.name}")


@pytest.mark.parametrize("case", list(_cases()))
def test_rule_fixture(registry, case):
    result = run_case(registry, case)
    if not result.passed:
        text = StringIO()
        write_case(result, text, "en")
        pytest.fail(text.getvalue(), pytrace=False)


def test_every_engine_rule_has_passing_and_failing_fixtures(registry):
    gaps = coverage(registry.ordered(), [load_fixture(p) for p in FIXTURES])
    assert [(g.rule.code, g.missing) for g in gaps] == []


def test_the_catalogue_passes_strict_through_the_suite_loader():
    suite = load_suite([str(REPO / "rules")])
    assert {f.path for f in suite.fixtures} == {str(p) for p in FIXTURES}
    assert len(suite.rules) == len({r.code for r in suite.rules}) >= 60


def test_no_fixture_is_left_in_the_old_folder():
    # Fixtures moved beside the rules (rules/fixtures/); one added under tests/ would
    # never run.
    assert not list((REPO / "tests" / "rules").rglob("*.y*ml"))


def test_suite_text_ends_with_the_summary(registry):
    fixture = load_fixture(FIXTURE_DIR / "AGT-001.yaml")
    from checker.ruletest.runner import run_suite

    suite = run_suite(registry, [registry.get("AGT-001")], [fixture])
    out = StringIO()
    write_suite(suite, out, "id")
    assert out.getvalue().splitlines()[-1] == (
        "3 lulus, 0 gagal dari 3 kasus; 1 aturan diuji; 0 aturan dengan celah cakupan.")
