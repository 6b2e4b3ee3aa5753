"""The model's dataclasses behave as the pydantic models they replace (checker.model.record).

The oracle is pydantic itself: each class validated through ``TypeAdapter`` (lax mode, what
the models were) must give the object plain construction gives, value for value and type
for type; what pydantic refuses, construction refuses too.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from checker.model.finding import Finding, ItemRef, Severity
from checker.model.location import Location
from checker.model.plan import Document, Indicator, Item, TableInfo, Total, YearValue
from checker.model.schema import DocumentKind, Level
from tests.conftest import REPO

NUMBERS = [5, 5.0, 5.5, -3, True, np.int64(7), np.int32(2), np.float64(4.0),
           np.float64(4.25), Decimal("6"), Decimal("6.5"), " 12 ", "3.5", "x", float("nan")]


def _both(cls: type, values: dict) -> tuple[object, object]:
    """(pydantic's object or its error, construction's object or its error)."""
    try:
        oracle: object = TypeAdapter(cls).validate_python(values)
    except ValidationError:
        oracle = ValueError
    try:
        made: object = cls(**values)
    except (TypeError, ValueError):
        made = ValueError
    return oracle, made


def _same(a: object, b: object) -> bool:
    if a is ValueError or b is ValueError:
        return a is b
    fields = type(a).model_fields  # type: ignore[attr-defined]
    return all(_identical(getattr(a, n), getattr(b, n)) for n in fields)


def _identical(a: object, b: object) -> bool:
    if isinstance(a, float) and a != a:
        return isinstance(b, float) and b != b and type(a) is type(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("value", NUMBERS, ids=repr)
@pytest.mark.parametrize("field", ["anggaran", "persen_realisasi", "realisasi_tw2"])
def test_an_item_number_is_converted_as_pydantic_did(field: str, value: object) -> None:
    oracle, made = _both(Item, {"id": "S1", "level": "sub_kegiatan", field: value})
    if isinstance(value, str) and value.strip() == "3.5" and field != "persen_realisasi":
        assert oracle is ValueError and made is ValueError
    assert _same(oracle, made), (oracle, made)


@pytest.mark.parametrize("value", NUMBERS, ids=repr)
def test_an_indicator_target_and_a_year_are_converted_as_pydantic_did(value: object) -> None:
    assert _same(*_both(Indicator, {"item": "S1", "target": value, "realisasi_tw4": value}))
    assert _same(*_both(YearValue, {"item": "S1", "tahun": value}))


@pytest.mark.parametrize("level", ["program", Level.KEGIATAN, "programx", 3])
def test_an_enum_field_takes_its_value_or_refuses(level: object) -> None:
    oracle, made = _both(Total, {"tabel": "T", "level": level})
    assert _same(oracle, made)
    if made is not ValueError:
        assert type(made.level) is Level  # type: ignore[attr-defined]


def test_a_finding_converts_its_severity_and_keeps_copies_of_what_it_was_given() -> None:
    message = {"id": "pesan"}
    related = ["A"]
    where = Location(file="f.xlsx", table="T", row=3, column="B")
    finding = Finding(code="X-001", category="angka", severity="error", message=message,
                      document="D", location=where, related=related)
    assert finding.severity is Severity.ERROR
    message["en"] = "later"
    related.append("B")
    assert finding.message == {"id": "pesan"} and finding.related == ["A"]
    assert _same(TypeAdapter(Finding).validate_python(
        {"code": "X-001", "category": "angka", "severity": "error", "message": {"id": "pesan"},
         "document": "D", "location": where, "related": ["A"]}), finding)


def test_unknown_and_missing_fields_are_refused() -> None:
    with pytest.raises(TypeError):
        Item(id="S1", level="program", agaran=5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Item(level="program")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Location(file="f", cell="B3")  # type: ignore[call-arg]


def test_a_location_is_frozen_and_hashable_and_copies_with_an_update() -> None:
    where = Location(file="f", table="T", row=3, column="B")
    assert hash(where) == hash(Location(file="f", table="T", row=3, column="B"))
    with pytest.raises(AttributeError):
        where.row = 4  # type: ignore[misc]
    moved = where.model_copy(update={"end": "C9"})
    assert (moved.range, where.range, moved.file) == ("B3:C9", None, "f")


def test_copies_are_shallow_unless_deep() -> None:
    doc = Document(id="D", jenis="rencana_aksi", path="p", items=[Item(id="S1", level="program")])
    assert doc.jenis is DocumentKind.RENCANA_AKSI
    shallow, deep = doc.model_copy(update={"path": "q"}), doc.model_copy(deep=True)
    assert shallow.items[0] is doc.items[0] and deep.items[0] is not doc.items[0]
    assert deep == doc and shallow.path == "q" and doc.path == "p"


def test_dump_gives_fields_in_order_with_enums_as_values_in_json_mode() -> None:
    ref = ItemRef(level="program", kode="1.02", nama="Program X")
    assert list(ref.model_dump()) == ["level", "kode", "nama"]
    info = TableInfo(name="T", file="f", skipped=[(3, "kosong")])
    assert info.model_dump(include={"name", "skipped"}) == {"name": "T", "skipped": [(3, "kosong")]}
    item = Item(id="S1", level="program", anggaran=5)
    assert item.model_dump(include={"level"}, mode="json") == {"level": "program"}
    assert item.model_dump(include={"level"})["level"] is Level.PROGRAM
    assert list(Item.model_fields)[:8] == ["file", "table", "page", "row", "cells", "raw",
                                          "unreadable", "id"]


def test_a_check_does_not_load_pydantic() -> None:
    code = ("import sys\nfrom checker.cli.main import main\n"
            "try:\n    main.main(args=['check', 'sample_plans', '--format', 'json', '-o', "
            "'/dev/null', '--force', '--fail-on', 'never'], standalone_mode=False)\n"
            "except SystemExit:\n    pass\nprint('pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"
