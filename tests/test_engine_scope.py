"""Rules skipped before evaluation (``checker.engine.scope``) are rules with nothing in scope.

The skip must never change a finding: every ``where`` the prover calls never-true is
evaluated here on real documents and must hold on no row, and the whole run with the
skip gives the same findings as the run without it. Hand-made frames check the blanks'
logic: ``blank``/``not``/``or`` over a column that is blank everywhere must *not* be
skipped, since they are true on every row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from checker.cli.collect import collect
from checker.dsl.parser import parse_expression
from checker.engine import run as run_module
from checker.engine.evaluate import Evaluator
from checker.engine.plan import plan_of
from checker.engine.run import Engine, _objects
from checker.engine.scope import cannot_apply
from checker.engine.workspace import Workspace
from checker.model.frames import to_frames
from tests.conftest import REPO, SEEDS, make_document

CORPUS = REPO.parent / "shared" / "corpus"
DOCUMENTS = [SEEDS / "000_a618195849f537cf.txt", SEEDS / "004_a30a70c4cd2935b3.txt",
             REPO / "sample_plans" / "bersih_rencana_aksi_2025.xlsx",
             REPO / "sample_plans" / "agency" / "000_a618195849f537cf_agency.xlsx"]
CORPUS_FILES = [CORPUS / "09_provjabar_setda-biroorganisasi_cascading-iki_2016.xlsx",
                CORPUS / "02_boyolali_bpbd_perjanjian-kinerja-es2-renaksi_2026.docx"]


def _documents(path: Path) -> list:
    if not path.exists():
        pytest.skip(f"{path.name} is not on this machine")
    return collect([str(path)]).documents


def _dumped(findings: list) -> list[str]:
    return [f.model_dump_json() for f in findings]


@pytest.mark.parametrize("path", DOCUMENTS + CORPUS_FILES, ids=lambda p: p.name)
def test_a_skipped_scope_holds_on_no_row(path: Path, registry) -> None:
    docs = _documents(path)
    rules = [r for r in registry.ordered() if r.source == "dsl" and r.where is not None]
    ws = Workspace(to_frames(docs), shared=plan_of(rules).shared)
    skipped = 0
    for rule in rules:
        entity = rule.entity or "item"
        frame = ws.base(entity)
        if frame.empty or not cannot_apply(ws, entity, rule.where):
            continue
        skipped += 1
        in_scope = Evaluator(ws, entity).condition(rule.where, frame)
        assert not in_scope.fillna(False).any(), (rule.code, path.name)
    assert skipped, "no rule skipped: the test proved nothing"


@pytest.mark.parametrize("path", DOCUMENTS + CORPUS_FILES, ids=lambda p: p.name)
def test_the_same_findings_with_and_without_the_skip(path: Path, registry,
                                                     monkeypatch) -> None:
    docs = _documents(path)
    fast = Engine(registry).run(docs)
    monkeypatch.setattr(run_module, "cannot_apply", lambda *args: False)
    slow = Engine(registry).run(docs)
    assert _dumped(fast.findings) == _dumped(slow.findings)
    assert fast.failures == slow.failures
    assert fast.rules_run == slow.rules_run


def _workspace(items: list[dict], indicators: list[dict] = ()) -> Workspace:
    return Workspace(to_frames([make_document(items=items, indicators=indicators)]))


def _where(text: str):
    return parse_expression(text, "test", 1, 1)


ITEMS = [{"id": "1", "level": "program", "nama": "Program A", "anggaran": 10},
         {"id": "1.1", "induk": "1", "level": "kegiatan", "nama": "Kegiatan B",
          "anggaran": 10}]


@pytest.mark.parametrize("text", [
    "blank(kode)",  # every row blank: true everywhere
    "not present(kode)",
    "present(nama) or blank(kode)",
    "level = \"program\"",
    "level in [\"kegiatan\", \"x\"]",
    "starts_with(lower(nama), \"program\")",
    "count(anggaran_tw) = 0",
    "anggaran > 5",
])
def test_a_scope_that_holds_somewhere_is_not_skipped(text: str) -> None:
    ws = _workspace(ITEMS)
    where = _where(text)
    held = Evaluator(ws, "item").condition(where, ws.base("item")).fillna(False).any()
    assert held, text
    assert not cannot_apply(ws, "item", where), text


@pytest.mark.parametrize("text", [
    "present(kode)",  # blank everywhere
    "kode = \"1.01\"",
    "level = \"sub_kegiatan\"",
    "level in [\"sub_kegiatan\", \"urusan\"]",
    "document.jenis = \"pk\"",
    "case_has(\"pk\") and present(nama)",
    "present(pk.anggaran)",  # no PK in the run: nothing to pair with
    "count(anggaran_tw) > 0",
    "anggaran_mode = \"kumulatif\" or present(anggaran_tw4)",
    "starts_with(lower(nama), \"jumlah\")",
    "present(closest_name(kode, level))",
    "anggaran / anggaran_tw1 > 1",
])
def test_a_scope_that_cannot_hold_is_skipped(text: str) -> None:
    ws = _workspace(ITEMS)
    where = _where(text)
    assert cannot_apply(ws, "item", where), text
    held = Evaluator(ws, "item").condition(where, ws.base("item")).fillna(False).any()
    assert not held, text


def test_a_pairing_scope_is_run_when_the_kind_is_there() -> None:
    """``pk.anggaran`` with a PK in the run pairs rows (LDK-010's notes): never skipped."""
    plan = make_document(items=ITEMS, doc_id="RA")
    pk = make_document(items=[dict(ITEMS[0], anggaran=None)], jenis="pk", doc_id="PK")
    ws = Workspace(to_frames([plan, pk]))
    assert not cannot_apply(ws, "item", _where("present(pk.anggaran) and blank(id)"))
    assert not cannot_apply(ws, "item", _where("case_has(\"pk\") and blank(id)"))


@pytest.mark.parametrize("values", [
    pd.Series([1, None, 3], dtype="Int64"), pd.Series([1.5, None, np.nan], dtype="Float64"),
    pd.Series([True, None, False], dtype="boolean"), pd.Series(["a", None], dtype="string"),
    pd.Series(["a", None, "b"], dtype="str"), pd.Series(["a", None, 1, np.nan, pd.NA]),
    pd.Series(["B", None, "A"], dtype="category"), pd.Series([1.0, np.nan]),
    pd.Series([1, 2]), pd.Series([True, False]), pd.Series([], dtype="Int64"),
], ids=lambda s: str(s.dtype))
def test_values_shown_are_the_same_python_objects(values: pd.Series) -> None:
    """``run._objects``: what ``astype(object).where(notna, None).tolist()`` gave."""
    plain = values.astype(object).where(values.notna(), None).tolist()
    got = _objects(values)
    assert got == plain
    assert [type(v) for v in got] == [type(v) for v in plain]


def test_peers_and_renstra_years_with_nothing_to_compare() -> None:
    """One place only: no peer; no Renstra in the run: no Renstra year to read."""
    indicators = [{"item": "1", "uraian": "Persentase A", "target": 10}]
    ws = Workspace(to_frames([make_document(items=ITEMS, indicators=indicators)]))
    for entity, text in (("item", "peer_count(anggaran) >= 3"),
                         ("item", "present(peer_median(anggaran))"),
                         ("indicator", "present(renstra_tahun.target)")):
        where = _where(text)
        assert cannot_apply(ws, entity, where), text
        assert not Evaluator(ws, entity).condition(where, ws.base(entity)).fillna(
            False).any(), text


def test_peers_in_two_places_are_compared() -> None:
    here = make_document(items=ITEMS, doc_id="A").model_copy(
        update={"pemda": "Kota A", "instansi": "Dinas X", "tahun": 2024})
    there = make_document(items=ITEMS, doc_id="B").model_copy(
        update={"pemda": "Kota B", "instansi": "Dinas X", "tahun": 2024})
    ws = Workspace(to_frames([here, there]))
    assert not cannot_apply(ws, "item", _where("peer_count(anggaran) >= 1"))
