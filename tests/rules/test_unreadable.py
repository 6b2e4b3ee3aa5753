"""Unreadable is not missing (issue 13, item 2).

A value the reader saw but could not read carries its printed text; a completeness rule
must not report it as absent (an error the document's own text disproves), but as an info
finding that quotes the text, so the reviewer reads the cell in the source.
"""

from __future__ import annotations

from checker.engine.run import Engine
from checker.model.finding import Severity
from tests.conftest import make_document


def _run(registry, code: str, indicator: dict):
    doc = make_document([{"id": "S1", "level": "sub_kegiatan", "nama": "Penyediaan Sandang"}],
                        [{"item": "S1", "uraian": "Jumlah Dokumen", **indicator}])
    return Engine(registry, [registry.get(code)]).run([doc]).findings


def test_missing_unit_is_an_error(registry) -> None:
    [found] = _run(registry, "KLP-003", {"target": 3})
    assert (found.severity, found.actual) == (Severity.ERROR, None)


def test_unreadable_unit_is_an_info_quoting_the_text(registry) -> None:
    [found] = _run(registry, "KLP-003", {"target": 3, "unreadable": {"satuan": "0 Dokunen"}})
    assert (found.severity, found.actual, found.location.cell) == (
        Severity.INFO, "0 Dokunen", "D2")
    assert "tidak terbaca ('0 Dokunen')" in found.text("id")
    assert "unreadable ('0 Dokunen')" in found.text("en")


def test_a_value_read_after_all_is_not_unreadable(registry) -> None:
    # a record's later line supplied the unit: the mark from the garbled line is moot
    assert _run(registry, "KLP-003", {"satuan": "Dokumen",
                                      "unreadable": {"satuan": "0 Dokunen"}}) == []
