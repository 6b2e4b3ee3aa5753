"""One finding per fact, and the blame on the likely wrong value (issue 13, items 3 and 4).

Each test builds the smallest plan in which one wrong value causes several findings, and
checks that one of them is the primary (counted) and the others are linked to it.
"""

from __future__ import annotations

from checker.engine.blame import slip
from checker.engine.run import Engine
from tests.conftest import make_document


def _run(registry, codes: list[str], items: list[dict], totals: list[dict] = ()):
    rules = [registry.get(c) for c in codes]
    return Engine(registry, rules).run([make_document(items, [], list(totals))]).findings


def test_a_child_with_000_too_many_is_blamed_not_the_parent(registry) -> None:
    # seed 002 line 681: the gap is exactly the sub-kegiatan's 271.000.000 for 271.000
    [found] = _run(registry, ["ROL-001"], [
        {"id": "K1", "level": "kegiatan", "nama": "Rehabilitasi", "anggaran": 1_271_000},
        {"id": "S1", "induk": "K1", "level": "sub_kegiatan", "nama": "Fasilitasi NIK",
         "anggaran": 271_000_000},
        {"id": "S2", "induk": "K1", "level": "sub_kegiatan", "nama": "Bantuan",
         "anggaran": 1_000_000}])
    # the parent is right as written: no "Seharusnya" for it, the suggestion names C956
    assert (found.actual, found.expected) == (1_271_000, None)
    text = found.suggestion_text("id")
    assert "Fasilitasi NIK" in text and "J3" in text and "271.000 (kelebihan 000)" in text


def test_a_child_with_a_leading_digit_too_many_is_blamed_when_the_parent_is_confirmed(
        registry) -> None:
    # seed 002 line 809: 165.510.000 for 65.510.000, the program total confirms the parent
    found = _run(registry, ["ROL-001"], [
        {"id": "P1", "level": "program", "nama": "Penunjang", "anggaran": 65_510_000},
        {"id": "K1", "induk": "P1", "level": "kegiatan", "nama": "Kepegawaian",
         "anggaran": 65_510_000},
        {"id": "S1", "induk": "K1", "level": "sub_kegiatan", "nama": "Bimtek",
         "anggaran": 165_510_000}])
    [kegiatan] = [f for f in found if f.item and f.item.nama == "Kepegawaian"]
    assert "Bimtek" in kegiatan.suggestion_text("id")
    assert "kelebihan satu angka di depan" in kegiatan.suggestion_text("id")


def test_a_parent_its_own_parent_and_children_contradict_is_the_primary(registry) -> None:
    # seed 002 lines 725/730: program 150, kegiatan 100, sub-kegiatan 150
    found = _run(registry, ["ROL-001"], [
        {"id": "P1", "level": "program", "nama": "Pemberdayaan", "anggaran": 150_000_000},
        {"id": "K1", "induk": "P1", "level": "kegiatan", "nama": "Potensi",
         "anggaran": 100_000_000},
        {"id": "S1", "induk": "K1", "level": "sub_kegiatan", "nama": "Sub",
         "anggaran": 150_000_000}])
    primary, echo = found
    assert (primary.location.cell, primary.counted) == ("J3", True)
    assert (echo.location.cell, echo.consequence_of) == ("J2", primary.key)
    assert echo.text("id").startswith("↳ Akibat dari ROL-001")
    assert primary.related == [echo.key] and echo.related == [primary.key]


def test_a_totals_row_echoing_one_items_quarter_gap_is_a_consequence(registry) -> None:
    found = _run(registry, ["AGT-001", "ROL-002"], [
        {"id": "P1", "level": "program", "nama": "A", "anggaran": 60_000_000,
         "anggaran_tw1": 15_000_000, "anggaran_tw2": 15_000_000, "anggaran_tw3": 15_000_000,
         "anggaran_tw4": 15_000_000},
        {"id": "P2", "level": "program", "nama": "B", "anggaran": 41_000_000,
         "anggaran_tw1": 10_000_000, "anggaran_tw2": 10_000_000, "anggaran_tw3": 10_000_000,
         "anggaran_tw4": 10_000_000}],
        [{"tabel": "Eselon II", "level": "program", "anggaran": 100_000_000}])
    codes = [(f.code, f.counted) for f in found]
    assert codes == [("AGT-001", True), ("ROL-002", False)]


def test_unrelated_findings_stay_separate_facts(registry) -> None:
    found = _run(registry, ["ROL-001"], [
        {"id": "K1", "level": "kegiatan", "nama": "A", "anggaran": 10_000_000},
        {"id": "S1", "induk": "K1", "level": "sub_kegiatan", "nama": "a", "anggaran": 7_000_000},
        {"id": "K2", "level": "kegiatan", "nama": "B", "anggaran": 20_000_000},
        {"id": "S2", "induk": "K2", "level": "sub_kegiatan", "nama": "b", "anggaran": 5_000_000}])
    assert [f.counted for f in found] == [True, True]
    assert all(f.related == [] for f in found)


def test_slips() -> None:
    assert slip(271_000_000, 271_000) == "slip_extra_000"
    assert slip(271_000, 271_000_000) == "slip_missing_000"
    assert slip(165_510_000, 65_510_000) == "slip_leading_digit"
    assert slip(65_510_000, 165_510_000) == "slip_dropped_digit"
    assert slip(5_000_000, 0) == "slip_gap"
    assert slip(372_250_370, 349_150_370) is None


def test_exit_code_and_counts_see_facts_not_echoes(registry) -> None:
    from checker.cli.main import exit_code
    from checker.reports.base import Report

    found = _run(registry, ["ROL-001"], [
        {"id": "P1", "level": "program", "nama": "Pemberdayaan", "anggaran": 150_000_000},
        {"id": "K1", "induk": "P1", "level": "kegiatan", "nama": "Potensi",
         "anggaran": 100_000_000},
        {"id": "S1", "induk": "K1", "level": "sub_kegiatan", "nama": "Sub",
         "anggaran": 150_000_000}])
    report = Report(documents=[], findings=found, rules={})
    assert report.counts()["error"] == 1 and len(report.findings) == 2
    assert exit_code([f for f in found if not f.counted], "error") == 0
    assert exit_code(found, "error") == 1


def test_wjr001_lists_the_other_places_it_was_weighed_against(registry) -> None:
    from checker.ruletest.documents import make_document

    def doc(i: str, anggaran: int):
        made = make_document(
            items=[{"id": "S", "level": "sub_kegiatan", "kode": "1.06.02.2.03.0001",
                    "nama": "Peningkatan Kemampuan Potensi Pekerja Sosial Masyarakat",
                    "anggaran": anggaran}],
            indicators=[{"item": "S", "uraian": "Jumlah Orang", "satuan": "Orang",
                         "target": 100}],
            doc_id=i, file="rencana.xlsx")
        made.instansi = f"Dinas Sosial {i}"
        return made

    docs = [doc("A", 10_000_000), doc("B", 12_000_000_000), doc("C", 12_000_000),
            doc("D", 11_000_000)]
    [found] = Engine(registry, [registry.get("WJR-001")]).run(docs).findings
    assert found.document == "B"
    assert found.expected == 110_000  # the median of A, C and D, not of B itself
    assert sorted(found.related) == ["A:Program_Kegiatan!J2", "C:Program_Kegiatan!J2",
                                     "D:Program_Kegiatan!J2"]
