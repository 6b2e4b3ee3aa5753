"""Tolerances are explicit per rule and configurable, never implicit."""

from __future__ import annotations

from checker.engine.run import Engine
from tests.conftest import make_document

PLAN = make_document(
    items=[{"id": "K8", "level": "kegiatan", "nama": "Pengembangan Potensi"}],
    indicators=[{"item": "K8", "uraian": "Persentase PSKS", "satuan": "%", "target": 85,
                 "mode": "periodik", "target_tw1": 21, "target_tw2": 21, "target_tw3": 21,
                 "target_tw4": 21}])


def codes(registry, **options):
    engine = Engine(registry, [registry.get("TGT-001")], **options)
    return [f.code for f in engine.run([PLAN]).findings]


def test_the_rule_s_own_tolerance_applies_by_default(registry):
    assert codes(registry) == ["TGT-001"]


def test_a_configured_absolute_tolerance_replaces_it(registry):
    assert codes(registry, tolerances={"TGT-001": 1}) == []
    assert codes(registry, tolerances={"tgt-001": "0.5"}) == ["TGT-001"]


def test_a_configured_relative_tolerance(registry):
    assert codes(registry, tolerances={"TGT-001": "1.2%"}) == []  # 1 of 85 is 1.18 %
    assert codes(registry, tolerances={"TGT-001": "1%"}) == ["TGT-001"]


def test_the_registry_rule_itself_is_not_changed(registry):
    codes(registry, tolerances={"TGT-001": 1})
    assert str(registry.get("TGT-001").check.tolerance.amount) == "0.001"
