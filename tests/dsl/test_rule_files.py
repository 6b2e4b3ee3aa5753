"""Rule files: built-ins are complete, mistakes are caught before anything runs."""

from __future__ import annotations

import pytest

from checker.dsl.ast import DOC_SECTIONS
from checker.dsl.parser import DslError, parse_rules
from checker.dsl.typecheck import check_rule

GOOD = '''
rule XYZ-001 {
  title: "Contoh"
  category: target-triwulan
  severity: warning
  for indicator where mode = "periodik"
  check sum(target_tw) = target within 0.5%
  message: "Jumlah {sum(target_tw)} tidak sama dengan {target}"
}
'''


def load(text: str):
    rules = parse_rules(text, "aturan.rules")
    for rule in rules:
        check_rule(rule)
    return rules


def error_of(text: str) -> DslError:
    with pytest.raises(DslError) as info:
        load(text)
    return info.value


def test_every_builtin_rule_has_code_category_severity_basis_and_five_sections(registry):
    assert len(registry.rules) >= 4
    for rule in registry.ordered():
        assert rule.title.get("id") and rule.title.get("en"), rule.code
        assert rule.basis, rule.code
        sections = rule.doc_sections("id")
        for heading in DOC_SECTIONS:
            assert sections.get(heading), f"{rule.code}: section '{heading}' missing"
        if rule.source == "dsl":
            assert set(rule.message) == {"id", "en"}, rule.code


def test_a_good_rule_parses_with_its_tolerance():
    (rule,) = load(GOOD)
    assert rule.code == "XYZ-001"
    assert rule.check.tolerance.percent is True
    assert str(rule.check.tolerance.amount) == "0.5"


def test_syntax_error_gives_file_line_column_caret_and_hint():
    err = error_of(GOOD.replace("severity: warning", "severty: warning"))
    text = err.render("id")
    assert text.startswith("aturan.rules:5:3: ")
    assert "maksudnya 'severity'" in text
    assert "    severty: warning" in text
    assert text.rstrip().endswith("^")
    assert "did you mean 'severity'" in err.render("en")


def test_unknown_field_is_caught_with_a_hint_before_running():
    err = error_of(GOOD.replace("sum(target_tw) = target", "sum(target_tw) = targett"))
    assert (err.line, err.key) == (7, "dsl.unknown_name")
    assert "target" in err.render("id")


def test_type_error_text_compared_with_number():
    err = error_of(GOOD.replace("sum(target_tw) = target", "satuan = 100"))
    assert err.key == "dsl.compare_mixed"
    assert err.line == 7


def test_series_cannot_be_compared_without_aggregation():
    err = error_of(GOOD.replace("sum(target_tw) = target", "target_tw = target"))
    assert err.key == "dsl.compare_needs_value"


def test_unknown_function_and_category_and_severity():
    assert error_of(GOOD.replace("sum(target_tw)", "eval(target_tw)")).key == \
        "dsl.unknown_function"
    assert error_of(GOOD.replace("target-triwulan", "keuangan")).key == "dsl.unknown_category"
    assert error_of(GOOD.replace("severity: warning", "severity: fatal")).key == \
        "dsl.unknown_severity"


def test_unterminated_string_and_missing_brace():
    assert error_of(GOOD.replace('title: "Contoh"', 'title: "Contoh')).key in {
        "dsl.unterminated_string", "dsl.unexpected_char"}
    err = error_of(GOOD.rstrip().rstrip("}"))
    assert err.key == "dsl.unexpected_end"


def test_no_way_to_reach_python_from_a_rule():
    for attempt in ('__import__("os")', 'open("/etc/passwd")', "exec(target)"):
        with pytest.raises(DslError):
            load(GOOD.replace("sum(target_tw) = target", f"{attempt} = target"))


def test_duplicate_clause_is_refused():
    err = error_of(GOOD.replace('  title: "Contoh"', '  title: "Contoh"\n  title: "Lagi"'))
    assert err.key == "dsl.duplicate_clause"


def test_filtered_aggregation_checks_the_filter_on_the_related_rows():
    (rule,) = load(GOOD.replace("for indicator where mode = \"periodik\"",
                                "for item where count(children where level = \"kegiatan\") > 0")
                   .replace("sum(target_tw) = target within 0.5%", "anggaran > 0")
                   .replace("{sum(target_tw)} tidak sama dengan {target}", "{anggaran}"))
    assert rule.where.left.where is not None
    err = error_of(GOOD.replace("for indicator where mode = \"periodik\"",
                                "for item where count(children where levl = \"x\") > 0")
                   .replace("sum(target_tw) = target within 0.5%", "anggaran > 0")
                   .replace("{sum(target_tw)} tidak sama dengan {target}", "{anggaran}"))
    assert err.key == "dsl.unknown_name"
    err = error_of(GOOD.replace("sum(target_tw) = target",
                                "sum(target where mode = \"x\") = target"))
    assert err.key == "dsl.bad_filter"
