"""Specification of the one number parser: real cells from the seeds, then properties."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.i18n import catalog
from checker.importers.numbers import (
    ParsedNumber,
    detect_convention,
    parse_money,
    parse_number,
    quarter_values,
)

D = Decimal

# text, status, value, unit, convention (what the text proves), quarter
REAL_CASES = [
    ("4.969.412.271", "ok", D("4969412271"), None, "id", None),
    ("74,17", "ok", D("74.17"), None, "id", None),
    ("58,957,000.00", "ok", D("58957000"), None, "en", None),
    ("23.22", "ok", D("23.22"), None, "en", None),
    ("-", "blank", None, None, None, None),
    ("–", "blank", None, None, None, None),
    ("", "blank", None, None, None, None),
    ("100%", "ok", D(100), "%", None, None),
    ("100 %", "ok", D(100), "%", None, None),
    ("93,59 %", "ok", D("93.59"), "%", "id", None),
    ("Trw 1= 23.22", "ok", D("23.22"), None, "en", 1),
    ("TRW II = 9 dokumen", "ok", D(9), "dokumen", None, 2),
    ("Tw I : 25%", "ok", D(25), "%", None, 1),
    ("55 Orang", "ok", D(55), "orang", None, None),
    ("1 x 24", "ok", D(24), None, None, None),
    ("Rp 1.500.000", "ok", D(1500000), "rp", "id", None),
    ("Rp. 1.500.000,-", "ok", D(1500000), "rp", "id", None),
    ("-1.000.000", "ok", D(-1000000), None, "id", None),
    ("1.305.563.5500", "invalid", None, None, None, None),
    ("13.2918.000", "invalid", None, None, None, None),
    ("23. 000.000", "invalid", None, None, None, None),
    ("1,2,3", "invalid", None, None, None, None),
]


@pytest.mark.parametrize(("text", "status", "value", "unit", "convention", "quarter"),
                         REAL_CASES)
def test_real_cells(text: str, status: str, value: Decimal | None, unit: str | None,
                    convention: str | None, quarter: int | None) -> None:
    got = parse_number(text)
    assert (got.status, got.value, got.unit, got.convention, got.quarter) == (
        status, value, unit, convention, quarter)


def test_single_group_is_ambiguous_without_convention() -> None:
    got = parse_number("1.500")
    assert got.status == "ambiguous"
    assert set(got.candidates) == {D(1500), D("1.5")}
    assert parse_number("1.500", convention="id").value == D(1500)
    assert parse_number("1.500", convention="en").value == D("1.5")
    assert parse_money("105.341").value == D(105341)


def test_contradicting_convention_reads_own_evidence() -> None:
    got = parse_number("1,500.00", convention="id")
    assert (got.status, got.value, got.convention) == ("ok", D(1500), "en")


def test_money_is_whole() -> None:
    assert parse_money("58,957,000.00").as_int() == 58957000
    assert parse_money("1.500,50").status == "invalid"


def test_quarter_values() -> None:
    assert quarter_values("Trw 1= 23.22 Trw 2= 40") == [(1, "23.22"), (2, "40")]
    assert quarter_values("TW I: 5; TW II: 6") == [(1, "5"), (2, "6")]


def test_detect_convention() -> None:
    assert detect_convention(["1.500.000", "74,17", "25"]) == "id"
    assert detect_convention(["25", "1.500"]) is None


def test_reasons_exist_in_both_catalogues() -> None:
    for text in ["1.305.563.5500", "1.500", "x", "B", "23. 000.000"]:
        got: ParsedNumber = parse_number(text)
        assert got.reason is not None
        assert got.reason in catalog("id") and got.reason in catalog("en")
