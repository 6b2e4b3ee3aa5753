"""Generic numeric tables (issue 13, check c): what a totals row adds up, and what it does not.

Every case here is a way a totals row could be compared with the wrong rows or the wrong
columns; the tool must rather miss a check than report a false error.
"""

from __future__ import annotations

from checker.dsl.registry import load_registry
from checker.engine.run import Engine
from checker.importers.generic_tables import Line, table_cells
from checker.importers.registry import load
from checker.model.plan import Document


def _lines(text: str, first: int = 10) -> list[Line]:
    return [Line(first + i, row.split("|")) for i, row in enumerate(text.strip().splitlines())]


def _sums(text: str) -> dict[str, tuple[int, list[int]]]:
    """Each totals cell → (its value, the detail values it adds up)."""
    cells = table_cells(_lines(text), "T", "f.txt")
    out: dict[str, tuple[int, list[int]]] = {}
    for c in cells:
        if c.peran == "jumlah":
            out[c.cells["nilai"].cell] = (c.nilai, [d.nilai for d in cells if d.jumlah == c.kunci])
    return out


def test_staff_per_level_with_units_and_a_numbering_column() -> None:
    table = """
No|Strata Pendidikan|Jumlah
1|2|3
1|S-2|9 Orang
2|S-1|15 Orang
3|SLTA|2 Orang
|Jumlah|26 Orang
"""
    assert _sums(table) == {"C15": (26, [9, 15, 2])}


def test_share_average_and_score_columns_are_not_summed() -> None:
    table = """
No|Uraian|Jumlah|Persentase|Rata-rata|Capaian|Nilai
1|A|3|60%|2|100|80
2|B|2|40%|4|90|70
|Total|5|100%|3|95|75
"""
    assert _sums(table) == {"C13": (5, [3, 2])}


def test_a_column_with_a_share_or_a_fraction_in_it_is_not_summed() -> None:
    table = """
No|Uraian|Realisasi|Target
1|A|100%|1,5
2|B|98,91%|2,5
|Total|99,51%|4
"""
    assert _sums(table) == {}


def test_an_unreadable_cell_drops_its_column() -> None:
    table = """
No|Uraian|Jumlah|Unit
1|A|3|1
2|B|x2|2
|Jumlah|5|3
"""
    assert _sums(table) == {"D13": (3, [1, 2])}


def test_subtotals_then_a_grand_total() -> None:
    table = """
No|Uraian|Jumlah
1|A|2
2|B|3
|Jumlah|5
3|C|4
|Jumlah|4
|Jumlah|9
"""
    cells = table_cells(_lines(table), "T", "f.txt")
    totals = {c.cells["nilai"].cell: c for c in cells if c.peran == "jumlah"}
    assert set(totals) == {"C13", "C15", "C16"}
    grand = totals["C16"].kunci
    assert totals["C13"].jumlah == grand and totals["C15"].jumlah == grand
    assert _sums(table)["C16"] == (9, [5, 4])  # its rows are the subtotals themselves


def test_a_sub_total_and_a_total_of_unclear_scope_are_left_alone() -> None:
    table = """
No|Uraian|Jumlah
1|A|2
2|B|3
|Sub Total|5
3|C|4
|Total|9
"""
    assert _sums(table) == {}


def test_a_coded_hierarchy_is_left_to_the_plan_rules() -> None:
    table = """
Kode|Uraian|Anggaran
1.06.01|Program|500
1.06.01.2.01|Kegiatan A|200
1.06.01.2.02|Kegiatan B|300
|Jumlah Belanja|500
"""
    assert _sums(table) == {}


def test_a_long_label_or_a_table_without_totals_row_gives_nothing() -> None:
    assert _sums("No|Uraian|Jumlah\n1|A|2\n2|B|3\n|Jumlah Orang yang dilayani dinas|5") == {}
    assert _sums("No|Uraian|Jumlah\n1|A|2\n2|B|3") == {}


def test_rule_reports_only_the_wrong_total_on_seed_004(seeds) -> None:
    docs = load(seeds / "004_a30a70c4cd2935b3.txt")
    cells = [c for d in docs for c in d.table_cells]
    assert {c.tabel for c in cells} == {"Tabel 3.1", "Tabel 3.2", "Tabel 3.3"}
    findings = [f for f in Engine(load_registry()).run(docs).findings if f.code == "ROL-011"]
    assert [(f.location.table, f.location.cell, f.actual, f.expected) for f in findings] == [
        ("Tabel 3.3", "C404", 12, 13)]
    assert findings[0].severity.value == "error"


def test_the_rule_runs_on_a_document_built_by_hand() -> None:
    doc = Document(id="D", jenis="lkjip", path="f.txt",
                   table_cells=table_cells(_lines("No|Uraian|Jumlah\n1|A|2\n2|B|3\n|Jumlah|6"),
                                           "T", "f.txt"))
    found = [f for f in Engine(load_registry()).run([doc]).findings if f.code == "ROL-011"]
    assert [(f.location.cell, f.actual, f.expected) for f in found] == [("C13", 6, 5)]
