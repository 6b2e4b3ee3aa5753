"""Planted errors: a consistent plan raises nothing; each planner's slip is reported where it is.

Plans are generated (``strategies.py``): every document kind, every level from tujuan to
sub-kegiatan, real codes, names, indicators and units from the national nomenclature,
periodic and cumulative quarters, LKjIP results. The whole built-in catalogue runs over
them. Then one error of each kind is planted and must be reported by a rule that checks
the changed field, at the changed row or at the row whose checked total depends on it;
what cannot be seen in principle (the result is itself a consistent plan) is counted
apart, and the gaps of the catalogue are listed with their reason (``detection.py``).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checker.engine.run import Engine
from checker.importers.registry import load
from tests.conftest import make_document
from tests.trust import detection
from tests.trust.strategies import (
    JENIS_FOR_KIND,
    KINDS,
    PLANTERS,
    DrawChooser,
    Plan,
    Planted,
    RandomChooser,
    build_plan,
    column_of,
    id_style,
    plan_batches,
    text_extract,
    text_row,
    violations,
)
from tests.trust.strategies import TEXT_FIRST_ROW as FIRST_ROW

# No shrinking: a failure's message already says which plant, where, and what was found.
FAST = settings(derandomize=True, deadline=None, max_examples=4, print_blob=False,
                phases=(Phase.explicit, Phase.reuse, Phase.generate),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def run(registry, plans: list[Plan]):
    # kewajaran compares unit costs between agencies: a statistical warning about realism,
    # not consistency. The generated plans draw budgets and targets independently, so
    # their unit costs are arbitrary; WJR-001 has its own fixtures in tests/rules.
    rules = [r for r in registry.ordered() if r.category != "kewajaran"]
    return Engine(registry, rules).run([p.document() for p in plans]).findings


def cells(findings) -> list[tuple[str, str, str | None]]:
    return sorted((f.code, f.location.table, f.location.cell) for f in findings)


# --------------------------------------------------------------------------- consistent
@FAST
@given(plan_batches(len(KINDS) * 3))
def test_a_consistent_plan_raises_no_finding(registry, batch):
    for plan in batch:
        assert violations(plan) == [], plan.doc_id
    findings = run(registry, batch)
    assert [(f.document, f.code, f.location.cell, f.text("en")) for f in findings] == []


def test_generated_plans_cover_every_kind_level_and_mode():
    c = RandomChooser(random.Random(1))
    seen: set[tuple[str, str]] = set()
    for i in range(120):
        plan = build_plan(c, f"D{i}")
        seen |= {("jenis", plan.jenis)}
        seen |= {("level", r["level"]) for r in plan.items}
        seen |= {("mode", str(n.get("mode"))) for n in plan.indicators if "target_tw1" in n}
        seen |= {("anggaran_mode", str(r.get("anggaran_mode"))) for r in plan.items
                 if "anggaran_tw1" in r}
        seen |= {("lkjip", "capaian") for n in plan.indicators if "capaian" in n}
        seen |= {("totals", "yes") for _ in plan.totals}
    for jenis in KINDS:
        assert ("jenis", jenis) in seen
    for level in ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan"):
        assert ("level", level) in seen
    for mode in ("periodik", "kumulatif", "None"):
        assert ("mode", mode) in seen and ("anggaran_mode", mode) in seen
    assert {("lkjip", "capaian"), ("totals", "yes")} <= seen


# --------------------------------------------------------------------------- every kind
@pytest.mark.parametrize("kind", list(PLANTERS))
@FAST
@given(data=st.data())
def test_every_planted_error_is_reported_or_explained(registry, kind, data):
    c = DrawChooser(data.draw)
    planted = [p for p in (PLANTERS[kind](c, build_plan(c, f"D{i}", JENIS_FOR_KIND.get(kind)))
                           for i in range(6)) if p is not None]
    for outcome in detection.run_batch(registry, planted):
        assert outcome.verdict in ("detected", "undetectable", "explained"), \
            outcome.describe()


def test_detection_rates(registry, detection_tables):
    outcomes = detection.measure(registry, n=24, seed=2024)
    text = detection.table(outcomes)
    detection_tables.append(text)
    bad = [o.describe() for results in outcomes.values() for o in results
           if o.verdict in ("miss", "false_alarm")]
    assert bad == [], "\n".join([text, *bad])
    for kind, results in outcomes.items():  # every detectable plant found (issue 13)
        detectable = [o for o in results if o.verdict != "undetectable"]
        assert all(o.verdict == "detected" for o in detectable), (kind, text)


# --------------------------------------------------------------------------- exact cells
def first(kind: str, wanted, seed: int = 7, jenis: str | None = None) -> Planted:
    """The first generated plant of ``kind`` for which ``wanted(planted)`` holds."""
    c = RandomChooser(random.Random(seed))
    for i in range(2000):
        plan = build_plan(c, f"D{i}", jenis or JENIS_FOR_KIND.get(kind))
        planted = PLANTERS[kind](c, plan)
        if planted is not None and wanted(planted):
            return planted
    raise AssertionError(f"no example of {kind}")


def row_of(p: Planted, uid: str) -> int:
    return p.plan.where(uid)[1]


def changed_row(p: Planted) -> dict:
    entity = {"Program_Kegiatan": "item", "Indikator": "indicator", "Jumlah": "total"}[p.sheet]
    return p.plan.rows(entity)[p.row - 2]


def parent_of(p: Planted, row: dict) -> dict:
    return next(r for r in p.plan.items if r["id"] == row.get("induk"))


def test_quarter_target_changed_in_a_periodic_plan(registry):
    p = first("target_triwulan", lambda p: changed_row(p).get("mode") == "periodik")
    got = cells(run(registry, [p.plan]))
    assert got == [("TGT-001", "Indikator", f"{column_of('indicator', 'target')}{p.row}")]


def test_cumulative_year_end_target_changed(registry):
    p = first("target_triwulan", lambda p: changed_row(p).get("mode") == "kumulatif"
              and p.column == column_of("indicator", "target_tw4")
              and changed_row(p)["target_tw4"] > changed_row(p)["target"])
    assert ("TGT-003", "Indikator", f"{p.column}{p.row}") in cells(run(registry, [p.plan]))


def test_sub_kegiatan_budget_changed(registry):
    def wanted(p: Planted) -> bool:
        row = changed_row(p)
        return (p.sheet == "Program_Kegiatan" and row["level"] == "sub_kegiatan"
                and p.column == column_of("item", "anggaran") and "anggaran_tw1" in row
                and row.get("anggaran_mode") != "kumulatif")

    p = first("budget", wanted, jenis="rencana_aksi")
    parent = parent_of(p, changed_row(p))
    got = cells(run(registry, [p.plan]))
    assert ("AGT-001", "Program_Kegiatan", f"{p.column}{p.row}") in got
    assert ("ROL-001", "Program_Kegiatan", f"{p.column}{row_of(p, parent['_uid'])}") in got


def test_a_digit_dropped_in_a_pk_budget_points_at_the_parent_total(registry):
    p = first("digit", lambda p: p.plan.jenis == "pk" and p.sheet == "Program_Kegiatan"
              and changed_row(p)["level"] == "sub_kegiatan", jenis="pk")
    parent = parent_of(p, changed_row(p))
    got = cells(run(registry, [p.plan]))
    # A PK has no quarterly plan: which of parent and children is wrong cannot be known,
    # so the finding is on the parent's total, whose message names the children's sum.
    assert got == [("ROL-001", "Program_Kegiatan", f"{p.column}{row_of(p, parent['_uid'])}")]


def test_sub_kegiatan_row_deleted(registry):
    def wanted(p: Planted) -> bool:
        return p.sheet == "Program_Kegiatan" and "S" in p.note and p.plan.jenis == "pk"

    p = first("row_deleted", wanted, jenis="pk")
    got = cells(run(registry, [p.plan]))
    orphans = [n for n in p.plan.indicators
               if not any(r["id"] == n["item"] for r in p.plan.items)]
    assert orphans
    for n in orphans:
        assert ("REF-002", "Indikator", f"B{row_of(p, n['_uid'])}") in got


def test_row_duplicated_is_reported_on_both_rows(registry):
    p = first("row_duplicated", lambda p: p.sheet == "Program_Kegiatan"
              and changed_row(p)["level"] == "sub_kegiatan")
    got = cells(run(registry, [p.plan]))
    kode = column_of("item", "kode")
    assert ("KOD-002", "Program_Kegiatan", f"{kode}{p.row - 1}") in got
    assert ("KOD-002", "Program_Kegiatan", f"{kode}{p.row}") in got
    parent = parent_of(p, changed_row(p))
    anggaran = column_of("item", "anggaran")
    assert ("ROL-001", "Program_Kegiatan", f"{anggaran}{row_of(p, parent['_uid'])}") in got


def test_pj_cleared_on_a_sub_kegiatan(registry):
    p = first("pj_cleared", lambda p: changed_row(p)["level"] == "sub_kegiatan")
    assert cells(run(registry, [p.plan])) == [("KLP-005", "Program_Kegiatan",
                                              f"{p.column}{p.row}")]


def test_code_changed_under_its_parent(registry):
    def wanted(p: Planted) -> bool:
        row = changed_row(p)
        parent = next((r for r in p.plan.items if r["id"] == row.get("induk")), None)
        return parent is not None and bool(parent.get("kode")) and not row["kode"].startswith(
            parent["kode"])

    p = first("code", wanted)
    assert ("KOD-001", "Program_Kegiatan", f"{p.column}{p.row}") in cells(run(registry,
                                                                              [p.plan]))


def test_unit_of_a_percentage_indicator_changed(registry):
    p = first("unit", lambda p: changed_row(p)["uraian"].startswith("Persentase"))
    assert ("SAT-001", "Indikator", f"{p.column}{p.row}") in cells(run(registry, [p.plan]))


def test_two_sibling_budgets_swapped(registry):
    # Built directly: two sub-kegiatan of one kegiatan exchange their pagu.
    c = RandomChooser(random.Random(11))
    for i in range(500):
        plan = build_plan(c, f"D{i}", "rencana_aksi")
        subs = [r for r in plan.items if r["level"] == "sub_kegiatan"
                and r.get("anggaran_mode") != "kumulatif"]
        pairs = [(a, b) for a in subs for b in subs
                 if a is not b and a["induk"] == b["induk"] and a["anggaran"] != b["anggaran"]]
        if pairs:
            break
    a, b = pairs[0]
    a["anggaran"], b["anggaran"] = b["anggaran"], a["anggaran"]
    got = cells(run(registry, [plan]))
    column = column_of("item", "anggaran")
    assert ("AGT-001", "Program_Kegiatan", f"{column}{plan.where(a['_uid'])[1]}") in got
    assert ("AGT-001", "Program_Kegiatan", f"{column}{plan.where(b['_uid'])[1]}") in got
    assert not any(code == "ROL-001" for code, *_ in got)  # the sum is unchanged


# --------------------------------------------------------------------------- the workbook
@pytest.mark.parametrize("kind", ["budget", "row_deleted", "code", "unit", "pj_cleared"])
def test_workbook_round_trip_reports_the_same_cells(registry, tmp_path, kind):
    """The model's layout is the template's: a plant in a real workbook is found at the
    same cells as in the model (the reader, not only the engine, is on the path)."""
    from checker.exporters.template import write_template

    c = RandomChooser(random.Random(5))
    for i in range(2):
        p = PLANTERS[kind](c, build_plan(c, f"D{i}", JENIS_FOR_KIND.get(kind)))
        path = tmp_path / f"{kind}-{i}.xlsx"
        write_template(path, [p.plan.document()])
        from_file = Engine(registry).run(load(path)).findings
        assert cells(from_file) == cells(run(registry, [p.plan])), p.note


def test_duplicate_row_id_is_refused_by_the_template_reader_with_both_cells(tmp_path):
    from checker.exporters.template import write_template
    from checker.model.errors import InputError

    p = first("row_duplicated", lambda p: p.sheet == "Program_Kegiatan"
              and changed_row(p)["level"] == "sasaran")
    path = tmp_path / "dup.xlsx"
    write_template(path, [p.plan.document()])
    with pytest.raises(InputError) as info:
        load(path)
    text = info.value.render("en")
    column = column_of("item", "id")
    assert f"{column}{p.row - 1}" in text and f"{column}{p.row}" in text


# --------------------------------------------------------------------------- separators
MONEY_COLUMNS = "KLMNO"  # JUMLAH ANGGARAN, then TW I–IV


@st.composite
def text_tables(draw) -> list[list[str]]:
    """Rows of a Rencana Aksi eselon IV text extract, consistent, numbers id-style.

    Budgets of at least Rp 4.000.000 give quarters of two thousands groups or more, so that
    every money cell proves the id convention (a lone ``250.000`` proves nothing).
    """
    return [text_row(n, draw(st.integers(4_000, 9_999_999)) * 1_000, draw(st.integers(1, 40)))
            for n in range(draw(st.integers(2, 4)))]


def write_table(tmp: Path, rows: list[list[str]]) -> Path:
    path = tmp / "rencana_aksi.txt"
    path.write_text(text_extract(rows), encoding="utf-8")
    return path


@settings(FAST, max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=text_tables(), data=st.data())
def test_a_number_with_the_wrong_separators_is_reported_at_its_cell(registry, tmp_path, rows,
                                                                     data):
    clean = Engine(registry).run(load(write_table(tmp_path, rows))).findings
    assert cells(clean) == []
    r = data.draw(st.integers(0, len(rows) - 1))
    col = data.draw(st.sampled_from(MONEY_COLUMNS))
    field = 10 + MONEY_COLUMNS.index(col)  # 0-based position in the row
    value = int(rows[r][field].replace(".", ""))
    style = data.draw(st.sampled_from(("en", "en_cents", "mixed")))
    if style == "en":
        rows[r][field] = f"{value:,}"  # 4,800,000 in an id-style document
    elif style == "en_cents":
        rows[r][field] = f"{value:,}.00"
    else:  # one group typed with the other separator: 4.800,000
        text = id_style(value)
        i = text.rfind(".")
        rows[r][field] = text[:i] + "," + text[i + 1:]
    [doc] = load(write_table(tmp_path, rows))
    findings = Engine(registry).run([doc]).findings
    where = f"{col}{FIRST_ROW + r}"
    assert [f.code for f in findings if f.location.cell == where] == (
        ["NUM-001"] if style == "mixed" else ["NUM-002"]), cells(findings)
    # Read by its own evidence (NUM-002) or refused (NUM-001), never read as another value.
    name = "anggaran" if col == "K" else f"anggaran_tw{MONEY_COLUMNS.index(col)}"
    read = getattr(doc.items[r], name)
    assert read == (None if style == "mixed" else value)
    others = [f for f in findings if f.category != "angka"]
    if style == "mixed":  # a refused quarter may unbalance its own row (AGT-001), no other
        assert all(f.location.row == FIRST_ROW + r for f in others), cells(findings)
    else:
        assert others == [], cells(findings)


# --------------------------------------------------------------------------- for others
def test_cumulative_parent_over_periodic_children_is_consistent(registry):
    # ROL-007 compares quarters only where parent and children share a mode.
    doc = make_document(items=[
        {"id": "K1", "level": "kegiatan", "nama": "Kegiatan", "anggaran": 100,
         "anggaran_mode": "kumulatif", "anggaran_tw1": 25, "anggaran_tw2": 50,
         "anggaran_tw3": 75, "anggaran_tw4": 100},
        {"id": "S1", "induk": "K1", "level": "sub_kegiatan", "nama": "Sub A", "anggaran": 50,
         "anggaran_mode": "periodik", "anggaran_tw1": 25, "anggaran_tw2": 0,
         "anggaran_tw3": 0, "anggaran_tw4": 25},
        {"id": "S2", "induk": "K1", "level": "sub_kegiatan", "nama": "Sub B", "anggaran": 50,
         "anggaran_mode": "periodik", "anggaran_tw1": 0, "anggaran_tw2": 25,
         "anggaran_tw3": 25, "anggaran_tw4": 0},
    ])
    findings = Engine(registry, [registry.get("ROL-007")]).run([doc]).findings
    assert cells(findings) == []


@settings(FAST, max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(budgets=st.lists(st.integers(1_000, 99_999_999), min_size=2, max_size=4), data=st.data())
def test_a_csv_plan_with_the_wrong_separators_is_read_right_or_refused(tmp_path, budgets,
                                                                       data):
    """The CSV path: a money cell typed 4,800,000 (or 4.800,000) among 4.800.000 cells."""
    from checker.model.errors import InputError

    folder = tmp_path / "plan"
    folder.mkdir(exist_ok=True)
    (folder / "Dokumen.csv").write_text("ID Dokumen;Jenis Dokumen\nRA;rencana_aksi\n",
                                        encoding="utf-8")
    r = data.draw(st.integers(0, len(budgets) - 1))
    style = data.draw(st.sampled_from(("en", "mixed")))
    cells = [id_style(b) for b in budgets]
    if style == "en":
        cells[r] = f"{budgets[r]:,}"
    else:
        i = cells[r].rfind(".")
        cells[r] = cells[r][:i] + "," + cells[r][i + 1:] if i >= 0 else cells[r] + ",5"
    lines = ["ID;ID Induk;Level;Nama;Jumlah Anggaran (Rp)",
             *(f"S{n};;sub_kegiatan;Sub {n};{c}" for n, c in enumerate(cells))]
    (folder / "Program_Kegiatan.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        [doc] = load(folder)
    except InputError as exc:  # refused, naming the cell
        assert style == "mixed" or "," in cells[r]
        assert f"Program_Kegiatan.csv!E{r + 2}" in exc.render("en"), exc.render("en")
        return
    assert [i.anggaran for i in doc.items] == budgets  # never another value
