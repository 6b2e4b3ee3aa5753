"""Consistent SAKIP plans, an independent oracle of their constraints, and planted errors.

A plan is built from a :class:`Chooser`: hypothesis draws (shrinkable, for the property
tests) or a seeded :class:`random.Random` (for ``detection_report.py``), so both measure the
same population. Items come from the shipped national nomenclature (bidang 1.06, sosial):
real codes, names, official indicators and units.

:func:`violations` restates the domain's constraints (docs: ``/work/shared/DOMAIN.md``) in
plain Python, independently of the rule files. A consistent plan has none; a planted error
whose result still has none is undetectable in principle (it produced another consistent
plan: two equal values swapped, two quarters of a periodic plan exchanged). Every other
planted error must be found by the rules, or its constraint must be a listed gap.
"""

from __future__ import annotations

import copy
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

from checker.model.location import column_letter
from checker.model.plan import Document
from checker.model.schema import COMMON_SATUAN, ENTITIES
from checker.reference import name_key, nomenclature, normalise_code
from tests.conftest import make_document

T = TypeVar("T")
BIDANG = "1.06"
QUARTERS = ("tw1", "tw2", "tw3", "tw4")
SHEETS = {name: ENTITIES[name].sheet for name in ("item", "indicator", "total")}
ENTITY_OF_SHEET = {sheet: name for name, sheet in SHEETS.items()}
KINDS = ("rencana_aksi", "pk", "pk_perubahan", "dpa", "lkjip")
# A PK lists sub-kegiatan budgets without indicators (its indicators are the sasaran's).
NEEDS_INDICATOR = ("rencana_aksi", "renstra", "dpa")
PERCENT_UNITS = ("%", "persen", "persentase")
ESELON = {"program": "II", "kegiatan": "III", "sub_kegiatan": "IV"}
OFFICIALS = {
    "program": ("Kepala Dinas",),
    "kegiatan": ("Sekretaris", "Kepala Bidang Rehabilitasi Sosial",
                 "Kepala Bidang Perlindungan dan Jaminan Sosial"),
    "sub_kegiatan": ("Kasubbag Umum dan Kepegawaian", "Kasi Rehabilitasi Sosial Anak",
                     "Pekerja Sosial Ahli Muda", "Kasubbag Perencanaan dan Keuangan"),
}
# Indicators above sub-kegiatan: (uraian, satuan, scale) — scale "count" or "dec".
UPPER_INDICATORS = (
    ("Persentase PMKS yang memperoleh bantuan sosial", "%", "dec"),
    ("Persentase dokumen perencanaan dan pelaporan yang tepat waktu", "%", "dec"),
    ("Jumlah penyandang disabilitas terlantar yang tertangani", "Orang", "count"),
    ("Indeks kepuasan masyarakat terhadap layanan sosial", "Indeks", "dec"),
    ("Nilai SAKIP perangkat daerah", "Nilai", "dec"),
)
GOALS = ("Meningkatnya kesejahteraan sosial masyarakat",
         "Terwujudnya tata kelola pemerintahan yang akuntabel")


# --------------------------------------------------------------------------- choosers
class Chooser(Protocol):
    """Where the generator's choices come from."""

    def int(self, lo: int, hi: int) -> int: ...

    def pick(self, options: Sequence[T]) -> T: ...

    def flag(self) -> bool: ...


class DrawChooser:
    """Choices drawn by hypothesis (shrinkable)."""

    def __init__(self, draw: Callable[[Any], Any]) -> None:
        self.draw = draw

    def int(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def pick(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(list(options)))

    def flag(self) -> bool:
        return self.draw(st.booleans())


class RandomChooser:
    """Choices from a seeded ``random.Random`` (reproducible measurements)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def pick(self, options: Sequence[T]) -> T:
        return self.rng.choice(list(options))

    def flag(self) -> bool:
        return self.rng.random() < 0.5


# --------------------------------------------------------------------------- the plan
@dataclass
class Plan:
    """One document as rows of the template's sheets; each row dict carries a ``_uid``.

    Rows are laid out like the template (``tests.conftest.make_document``): the n-th row of a
    sheet is sheet row n + 1, so deleting or inserting a row moves the rows below it, as
    in Excel.
    """

    doc_id: str
    jenis: str
    file: str
    items: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)

    def rows(self, entity: str) -> list[dict]:
        return {"item": self.items, "indicator": self.indicators, "total": self.totals}[entity]

    def document(self) -> Document:
        def strip(rows: list[dict]) -> list[dict]:
            return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]

        return make_document(strip(self.items), strip(self.indicators), strip(self.totals),
                             jenis=self.jenis, doc_id=self.doc_id, file=self.file)

    def where(self, uid: str) -> tuple[str, int] | None:
        """(sheet, row) of the row with this uid, or None when it is gone."""
        for entity in ("item", "indicator", "total"):
            for n, r in enumerate(self.rows(entity)):
                if r["_uid"] == uid:
                    return SHEETS[entity], n + 2
        return None

    def entity_of(self, uid: str) -> str:
        return {"I": "item", "N": "indicator", "J": "total"}[uid[0]]

    def row(self, uid: str) -> dict | None:
        return next((r for r in self.rows(self.entity_of(uid)) if r["_uid"] == uid), None)

    def clone(self) -> Plan:
        return copy.deepcopy(self)


def column_of(entity: str, field_name: str) -> str:
    """Template column letter of a field (as ``conftest.place`` lays it out)."""
    names = [f.name for f in ENTITIES[entity].fields]
    return column_letter(names.index(field_name) + 1)


@cache
def catalogue() -> list[tuple[Any, list[tuple[Any, list[Any]]]]]:
    """Programs of bidang 1.06 with their kegiatan and the sub-kegiatan with indicators."""
    n = nomenclature()

    def unique(entries: list[Any]) -> list[Any]:  # the 2023 list first; 2019 repeats it
        seen: dict[str, Any] = {}
        for e in entries:
            seen.setdefault(normalise_code(e.kode) or e.kode, e)
        return list(seen.values())

    out = []
    for program in unique(n.entries(level="program", prefix=BIDANG)):
        kegiatan = []
        for keg in unique(n.entries(level="kegiatan", prefix=program.kode)):
            subs = [s for s in unique(n.entries(level="sub_kegiatan", prefix=keg.kode))
                    if s.indikator and s.satuan and s.source == keg.source]
            if subs:
                kegiatan.append((keg, subs))
        if kegiatan:
            out.append((program, kegiatan))
    return out


def _distinct(c: Chooser, options: Sequence[T], n: int) -> list[T]:
    pool = list(options)
    out = []
    for _ in range(min(n, len(pool))):
        out.append(pool.pop(c.int(0, len(pool) - 1)))
    return out


def partition(c: Chooser, total: int) -> list[int]:
    """Four non-negative whole shares of ``total`` (periodic quarters)."""
    weights = [c.int(0, 4) for _ in QUARTERS]
    if not sum(weights):
        weights[-1] = 1
    w = sum(weights)
    shares = [total * x // w for x in weights[:3]]
    return [*shares, total - sum(shares)]


def running(shares: list[int]) -> list[int]:
    out, acc = [], 0
    for s in shares:
        acc += s
        out.append(acc)
    return out


def _scaled(value: int, scale: str) -> float:
    return float(value) if scale == "count" else value / 100


def _targets(c: Chooser, scale: str, jenis: str, quarters: bool) -> dict:
    """Target (and quarters, results) of one indicator, consistent by construction."""
    whole = c.int(1, 60) if scale == "count" else c.int(100, 10_000)  # dec: hundredths
    out: dict[str, Any] = {"target": _scaled(whole, scale)}
    if jenis == "rencana_aksi" and quarters:
        shares = partition(c, whole)
        mode = c.pick(("periodik", "kumulatif", None))
        shown = running(shares) if mode == "kumulatif" or (mode is None and c.flag()) \
            else shares
        out["mode"] = mode
        for q, v in zip(QUARTERS, shown, strict=True):
            out[f"target_{q}"] = _scaled(v, scale)
    if jenis == "lkjip":
        polarity = c.pick(("positif", "negatif", None))
        # Results within half and one and a half times the target: capaian 50–150 %.
        real = min(max(whole * c.int(50, 150) // 100, (whole + 1) // 2), whole * 3 // 2)
        if polarity == "negatif":
            capaian = round((2 * whole - real) / whole * 100, 2)
        else:
            capaian = round(real / whole * 100, 2)
        out.update(realisasi=_scaled(real, scale), capaian=capaian, polaritas=polarity)
    return out


def build_plan(c: Chooser, doc_id: str = "RA", jenis: str | None = None) -> Plan:
    """A consistent plan: every constraint of :func:`violations` holds."""
    jenis = jenis or c.pick(KINDS)
    plan = Plan(doc_id=doc_id, jenis=jenis, file=f"{doc_id}.xlsx")
    ra = jenis == "rencana_aksi"
    cumulative = ra and c.int(0, 2) == 0
    top: str | None = None
    if c.flag():  # tujuan and sasaran rows: no code, no budget, an indicator each
        _add_item(plan, {"id": "T1", "level": "tujuan", "nama": c.pick(GOALS)})
        _add_item(plan, {"id": "SS1", "induk": "T1", "level": "sasaran",
                         "nama": "Meningkatnya kualitas layanan rehabilitasi sosial"})
        for item_id in ("T1", "SS1"):
            uraian, satuan, scale = c.pick(UPPER_INDICATORS)
            _add_indicator(plan, item_id, uraian, satuan,
                           _targets(c, scale, jenis, quarters=c.flag()))
        top = "SS1"
    programs = _distinct(c, catalogue(), c.int(1, 2))
    for p_no, (program, kegiatan) in enumerate(programs, start=1):
        pid = f"P{p_no}"
        p_row = _add_item(plan, {"id": pid, "induk": top, "level": "program",
                                 "kode": program.kode, "nama": program.nama})
        kids = []
        for k_no, (keg, subs) in enumerate(_distinct(c, kegiatan, c.int(1, 2)), start=1):
            kid = f"K{p_no}.{k_no}"
            k_row = _add_item(plan, {"id": kid, "induk": pid, "level": "kegiatan",
                                     "kode": keg.kode, "nama": keg.nama})
            leaves = []
            for s_no, sub in enumerate(_distinct(c, subs, c.int(1, 3)), start=1):
                sid = f"S{p_no}.{k_no}.{s_no}"
                budget = c.int(1, 99_999) * c.pick((1_000, 10_000, 1, 100))
                s_row = _add_item(plan, {"id": sid, "induk": kid, "level": "sub_kegiatan",
                                         "kode": sub.kode, "nama": sub.nama})
                _budget(c, s_row, budget, partition(c, budget) if ra else None, jenis,
                        cumulative)
                leaves.append(s_row)
                if c.int(0, 4) == 0:  # a percentage indicator of the plan's own
                    uraian, satuan, scale = (
                        f"Persentase {sub.nama.lower()} yang terlaksana", "%", "dec")
                else:  # the official indicator and unit of the sub-kegiatan
                    uraian, satuan, scale = sub.indikator, sub.satuan, "count"
                _add_indicator(plan, sid, uraian, satuan,
                               _targets(c, scale, jenis, quarters=True))
            _rollup(c, k_row, leaves, jenis, cumulative)
            kids.append(k_row)
            _upper_indicator(c, plan, kid, jenis)
        _rollup(c, p_row, kids, jenis, cumulative)
        _upper_indicator(c, plan, pid, jenis)
    if ra:
        for row in plan.items:
            level = row["level"]
            if level in ESELON:
                row["eselon"] = ESELON[level]
                row["penanggung_jawab"] = c.pick(OFFICIALS[level])
        if c.flag():
            _add_totals(plan)
    elif c.flag():
        for row in plan.items:
            if row["level"] in ESELON:
                row["penanggung_jawab"] = c.pick(OFFICIALS[row["level"]])
    # Indicators are listed in item order, as the template's Indikator sheet is.
    order = {r["id"]: n for n, r in enumerate(plan.items)}
    plan.indicators.sort(key=lambda r: order[r["item"]])
    return plan


def _add_item(plan: Plan, values: dict) -> dict:
    row = {"_uid": f"I{len(plan.items)}", **values}
    plan.items.append(row)
    return row


def _add_indicator(plan: Plan, item_id: str, uraian: str, satuan: str, values: dict) -> None:
    plan.indicators.append({"_uid": f"N{len(plan.indicators)}", "item": item_id,
                            "uraian": uraian, "satuan": satuan, **values})


def _upper_indicator(c: Chooser, plan: Plan, item_id: str, jenis: str) -> None:
    uraian, satuan, scale = c.pick(UPPER_INDICATORS)
    _add_indicator(plan, item_id, uraian, satuan, _targets(c, scale, jenis, quarters=c.flag()))


def _budget(c: Chooser, row: dict, budget: int, shares: list[int] | None, jenis: str,
            cumulative: bool) -> None:
    row["anggaran"] = budget
    if shares is not None:
        row["_shares"] = shares
        # One document, one kind of budget plan: running totals throughout, or shares (a
        # blank mode reads as shares). Parents' quarters are their children's added up.
        mode = "kumulatif" if cumulative else c.pick(("periodik", None))
        row["anggaran_mode"] = mode
        shown = running(shares) if mode == "kumulatif" else shares
        for q, v in zip(QUARTERS, shown, strict=True):
            row[f"anggaran_{q}"] = v
    if jenis == "lkjip":
        real = budget * c.int(40, 100) // 100
        _results(row, budget, real)


def _results(row: dict, budget: int, real: int) -> None:
    row["realisasi"] = real
    row["sisa"] = budget - real
    row["persen_realisasi"] = round(real / budget * 100, 2) if budget else None


def _rollup(c: Chooser, row: dict, children: list[dict], jenis: str,
            cumulative: bool) -> None:
    budget = sum(ch["anggaran"] for ch in children)
    shares = None
    if all("_shares" in ch for ch in children) and children:
        shares = [sum(ch["_shares"][i] for ch in children) for i in range(4)]
    _budget(c, row, budget, shares, "", cumulative)
    if jenis == "lkjip":
        _results(row, budget, sum(ch["realisasi"] for ch in children))


def _add_totals(plan: Plan) -> None:
    for level, table in (("sub_kegiatan", "Eselon IV"), ("kegiatan", "Eselon III"),
                         ("program", "Eselon II")):
        rows = [r for r in plan.items if r["level"] == level]
        shares = [sum(r["_shares"][i] for r in rows) for i in range(4)]
        plan.totals.append({"_uid": f"J{len(plan.totals)}", "tabel": table, "level": level,
                            "anggaran": sum(r["anggaran"] for r in rows),
                            **{f"anggaran_{q}": v for q, v in zip(QUARTERS, shares,
                                                                  strict=True)}})


@st.composite
def plans(draw: Callable[[Any], Any], doc_id: str = "RA", jenis: str | None = None) -> Plan:
    """Hypothesis strategy: one consistent plan."""
    return build_plan(DrawChooser(draw), doc_id, jenis)


def plan_batches(size: int) -> st.SearchStrategy[list[Plan]]:
    """Several consistent plans (distinct document ids), checked in one engine run."""

    @st.composite
    def batch(draw: Callable[[Any], Any]) -> list[Plan]:
        return [build_plan(DrawChooser(draw), f"D{i}", KINDS[i % len(KINDS)])
                for i in range(size)]

    return batch()


# --------------------------------------------------------------------------- the oracle
EPS = 1e-6


def _close(a: float, b: float, tol: float = EPS) -> bool:
    return abs(a - b) <= tol + EPS


def _present(v: Any) -> bool:
    return v is not None and v != ""


def violations(plan: Plan) -> list[tuple[str, str]]:
    """Every broken domain constraint as (constraint name, row uid).

    Written from DOMAIN.md, not from the rule files, so that a gap in the catalogue shows
    up as a planted error that breaks a constraint here but raises no finding.
    """
    out: list[tuple[str, str]] = []
    items, indicators = plan.items, plan.indicators
    ids = defaultdict(list)
    for r in items:
        ids[r["id"]].append(r)
    children = defaultdict(list)
    for r in items:
        if _present(r.get("induk")):
            children[r["induk"]].append(r)
    by_item = defaultdict(list)
    for n in indicators:
        by_item[n.get("item")].append(n)
    ref = nomenclature()

    for rows in ids.values():
        for r in rows[1:]:
            out.append(("id-unik", r["_uid"]))
    seen_kode: dict[str, int] = defaultdict(int)
    for r in items:
        if _present(r.get("kode")):
            seen_kode[r["kode"]] += 1
    for r in items:
        uid, level = r["_uid"], r["level"]
        induk = r.get("induk")
        if _present(induk) and induk not in ids:
            out.append(("induk-ada", uid))
        parents = ids.get(induk, []) if _present(induk) else []
        # budgets
        a = r.get("anggaran")
        qs = [r.get(f"anggaran_{q}") for q in QUARTERS]
        if a is not None and any(v is not None for v in qs):
            vals = [v or 0 for v in qs]
            if r.get("anggaran_mode") == "kumulatif":
                present = [v for v in qs if v is not None]
                if present != sorted(present) or present[-1] != a:
                    out.append(("anggaran-triwulan", uid))
            elif sum(vals) != a:
                out.append(("anggaran-triwulan", uid))
        kids = children.get(r["id"], [])
        if a is not None and kids and all(k.get("anggaran") is not None for k in kids) \
                and sum(k["anggaran"] for k in kids) != a:
            out.append(("rollup", uid))
        # Eselon II, III and IV plans agree: quarter by quarter, like with like.
        cum = r.get("anggaran_mode") == "kumulatif"
        if kids and any(v is not None for v in qs) and all(
                (k.get("anggaran_mode") == "kumulatif") == cum for k in kids) and any(
                sum(k.get(f"anggaran_{q}") or 0 for k in kids) != (v or 0)
                for q, v in zip(QUARTERS, qs, strict=True)):
            out.append(("rollup-triwulan", uid))
        real = r.get("realisasi")
        if real is not None and kids and all(k.get("realisasi") is not None for k in kids) \
                and sum(k["realisasi"] for k in kids) != real:
            out.append(("rollup-realisasi", uid))
        if a is not None and real is not None:
            if real > a:
                out.append(("realisasi-pagu", uid))
            if r.get("sisa") is not None and r["sisa"] != a - real:
                out.append(("sisa", uid))
            if r.get("persen_realisasi") is not None and a > 0 and not _close(
                    r["persen_realisasi"], real / a * 100, 0.01):
                out.append(("persen", uid))
        if level == "sub_kegiatan":
            if plan.jenis == "rencana_aksi" and not _present(r.get("penanggung_jawab")):
                out.append(("pj-wajib", uid))
            if plan.jenis in NEEDS_INDICATOR and not by_item.get(r["id"]):
                out.append(("indikator-wajib", uid))
        kode = r.get("kode")
        if _present(kode):
            if seen_kode[kode] > 1:
                out.append(("kode-unik", uid))
            for p in parents:
                if _present(p.get("kode")) and not kode.startswith(p["kode"] + "."):
                    out.append(("kode-induk", uid))
            entry = ref.by_code(kode)
            if entry is None or name_key(entry.nama) != name_key(r.get("nama") or ""):
                out.append(("kode-nomenklatur", uid))
    for t in plan.totals:
        rows = [r for r in items if r["level"] == t["level"]]
        if t.get("anggaran") is not None and rows and all(
                r.get("anggaran") is not None for r in rows) \
                and sum(r["anggaran"] for r in rows) != t["anggaran"]:
            out.append(("total", t["_uid"]))
        qs = [t.get(f"anggaran_{q}") for q in QUARTERS]
        if t.get("anggaran") is not None and any(v is not None for v in qs) \
                and sum(v or 0 for v in qs) != t["anggaran"]:
            out.append(("total-triwulan", t["_uid"]))

    seen_ind: dict[tuple, int] = defaultdict(int)
    for n in indicators:
        seen_ind[(n.get("item"), n.get("uraian"))] += 1
    for n in indicators:
        uid = n["_uid"]
        owners = ids.get(n.get("item"), [])
        if not owners:
            out.append(("item-ada", uid))
        if seen_ind[(n.get("item"), n.get("uraian"))] > 1:
            out.append(("indikator-ganda", uid))
        level = owners[0]["level"] if owners else None
        target, satuan, uraian = n.get("target"), n.get("satuan"), n.get("uraian") or ""
        if level == "sub_kegiatan":
            for name in ("uraian", "satuan", "target"):
                if not _present(n.get(name)):
                    out.append((f"{name}-wajib", uid))
        elif target is not None and not _present(satuan):
            out.append(("satuan-wajib", uid))
        low = uraian.lower()
        if _present(satuan):
            is_pct = satuan.lower() in PERCENT_UNITS
            if low.startswith("persentase") and not is_pct:
                out.append(("satuan-persentase", uid))
            if low.startswith("jumlah") and is_pct:
                out.append(("satuan-jumlah", uid))
            kode = owners[0].get("kode") if owners else None
            if kode and ref.official_indikator(kode) and name_key(
                    ref.official_indikator(kode)) == name_key(uraian) and (
                    (ref.official_satuan(kode) or "").lower() != satuan.lower()):
                out.append(("satuan-nomenklatur", uid))
        qs = [n.get(f"target_{q}") for q in QUARTERS]
        present = [v for v in qs if v is not None]
        mode = n.get("mode")
        if target is not None and present:
            periodic = _close(sum(present), target, 0.001)
            cumulative = present == sorted(present) and _close(present[-1], target, 0.001)
            if mode == "periodik" and not periodic:
                out.append(("target-periodik", uid))
            if mode is None and len(present) > 1 and not (periodic or cumulative):
                out.append(("target-mode", uid))
        if mode == "kumulatif" and present and (
                len(present) < 4 or present != sorted(present)
                or (target is not None and not _close(present[-1], target, 0.001))):
            out.append(("target-kumulatif", uid))
        real, capaian = n.get("realisasi"), n.get("capaian")
        if capaian is not None:
            if capaian > 150:
                out.append(("capaian-wajar", uid))
            if real is not None and target:
                pol = n.get("polaritas")
                if pol in (None, "positif"):
                    expected = real / target * 100
                elif pol == "negatif":
                    expected = (2 * target - real) / target * 100
                else:
                    expected = capaian
                if not _close(capaian, expected, 0.0051):
                    out.append(("capaian", uid))
    return out


# --------------------------------------------------------------------------- planting
# The rule categories that check a field: a finding about a planted error must be of one.
# (Categories, not codes, so that a rule added later to a category counts at once.)
_BUDGET = frozenset({"anggaran-triwulan", "rollup-anggaran", "realisasi-pagu", "lintas-dokumen"})
FIELD_RULES: dict[tuple[str, str], frozenset[str]] = {
    ("item", "anggaran"): _BUDGET,
    **{("item", f"anggaran_{q}"): frozenset({"anggaran-triwulan", "rollup-anggaran"})
       for q in QUARTERS},
    ("item", "realisasi"): frozenset({"realisasi-pagu", "rollup-anggaran"}),
    ("item", "sisa"): frozenset({"realisasi-pagu"}),
    ("item", "persen_realisasi"): frozenset({"realisasi-pagu"}),
    ("item", "kode"): frozenset({"kode", "nomenklatur"}),
    ("item", "penanggung_jawab"): frozenset({"kelengkapan"}),
    ("total", "anggaran"): frozenset({"anggaran-triwulan", "rollup-anggaran"}),
    **{("total", f"anggaran_{q}"): frozenset({"anggaran-triwulan"}) for q in QUARTERS},
    ("indicator", "target"): frozenset({"target-triwulan", "capaian", "kelengkapan",
                                        "lintas-dokumen"}),
    **{("indicator", f"target_{q}"): frozenset({"target-triwulan"}) for q in QUARTERS},
    ("indicator", "realisasi"): frozenset({"capaian"}),
    ("indicator", "capaian"): frozenset({"capaian"}),
    ("indicator", "satuan"): frozenset({"satuan-indikator", "kelengkapan", "nomenklatur"}),
}
ROW_RULES = {
    "item": frozenset({"rollup-anggaran", "kode", "kelengkapan", "struktur", "lintas-dokumen"}),
    "indicator": frozenset({"kelengkapan", "struktur"}),
}
NUMERIC = {
    "item": ("anggaran", *(f"anggaran_{q}" for q in QUARTERS), "realisasi", "sisa",
             "persen_realisasi"),
    "indicator": ("target", *(f"target_{q}" for q in QUARTERS), "realisasi", "capaian"),
    "total": ("anggaran", *(f"anggaran_{q}" for q in QUARTERS)),
}


@dataclass
class Planted:
    """One planted error: the mutated plan, where it was planted, where it may be reported.

    ``categories`` are those of the rules that check the changed field; ``related`` the
    uids of rows a correct finding may point at: the changed row, and the rows whose checked
    value depends on it (its parent for a roll-up, a totals row, children for a code, the
    item of an indicator).
    """

    kind: str
    plan: Plan
    sheet: str
    row: int
    column: str | None
    categories: frozenset[str]
    related: set[str]
    note: str


def related_rows(plan: Plan, uid: str) -> set[str]:
    """The changed row and the rows whose checks read it."""
    out = {uid}
    row = plan.row(uid)
    if row is None:
        return out
    entity = plan.entity_of(uid)
    if entity == "item":
        out |= {r["_uid"] for r in plan.items
                if r["id"] == row.get("induk") or r.get("induk") == row["id"]}
        out |= {t["_uid"] for t in plan.totals if t["level"] == row["level"]}
        out |= {n["_uid"] for n in plan.indicators if n.get("item") == row["id"]}
    elif entity == "indicator":
        out |= {r["_uid"] for r in plan.items if r["id"] == row.get("item")}
    return out


def _cells(plan: Plan, entity: str, fields: Sequence[str],
           pred: Callable[[dict], bool] = lambda r: True) -> list[tuple[dict, str]]:
    return [(r, f) for r in plan.rows(entity) for f in fields
            if r.get(f) is not None and pred(r)]


def _planted(kind: str, plan: Plan, entity: str, row: dict, fld: str | None,
             categories: frozenset[str], note: str, extra: set[str] = frozenset()) -> Planted:
    sheet, number = plan.where(row["_uid"])
    related = related_rows(plan, row["_uid"]) | set(extra)
    return Planted(kind, plan, sheet, number, column_of(entity, fld) if fld else None,
                   categories, related, note)


def plant_target_triwulan(c: Chooser, plan: Plan) -> Planted | None:
    """One quarter target changed."""
    plan = plan.clone()
    cells = _cells(plan, "indicator", [f"target_{q}" for q in QUARTERS])
    if not cells:
        return None
    row, fld = cells[c.int(0, len(cells) - 1)]
    old = row[fld]
    step = 1.0 if float(old).is_integer() and float(row["target"]).is_integer() else 0.01
    delta = c.int(1, 5) * step * (1 if c.flag() or old < 5 * step else -1)
    row[fld] = round(old + delta, 2)
    return _planted("target_triwulan", plan, "indicator", row, fld,
                    FIELD_RULES[("indicator", fld)], f"{old} → {row[fld]}")


def _money_cells(plan: Plan) -> list[tuple[str, dict, str]]:
    out = []
    for entity in ("item", "total"):
        out += [(entity, r, f) for r, f in _cells(plan, entity, NUMERIC[entity][:5])]
    return out


def plant_budget(c: Chooser, plan: Plan) -> Planted | None:
    """One budget (pagu or a quarterly plan) changed by an amount."""
    plan = plan.clone()
    cells = _money_cells(plan)
    entity, row, fld = cells[c.int(0, len(cells) - 1)]
    old = row[fld]
    delta = c.pick((1, 1_000, 50_000, 1_000_000, max(old // 10, 1)))
    new = old - delta if (c.flag() and old >= delta) else old + delta
    row[fld] = new
    return _planted("budget", plan, entity, row, fld, FIELD_RULES[(entity, fld)],
                    f"{old} → {new}")


def plant_digit(c: Chooser, plan: Plan) -> Planted | None:
    """A digit dropped or doubled while typing a budget."""
    plan = plan.clone()
    cells = [(e, r, f) for e, r, f in _money_cells(plan) if r[f] >= 10]
    if not cells:
        return None
    entity, row, fld = cells[c.int(0, len(cells) - 1)]
    text = str(row[fld])
    i = c.int(0, len(text) - 1)
    new_text = text[:i] + text[i + 1:] if c.flag() else text[:i] + text[i] + text[i:]
    old, row[fld] = row[fld], int(new_text or "0")
    return _planted("digit", plan, entity, row, fld, FIELD_RULES[(entity, fld)],
                    f"{old} → {row[fld]}")


def plant_row_deleted(c: Chooser, plan: Plan) -> Planted | None:
    """One row of Program_Kegiatan or Indikator deleted (the rows below move up)."""
    plan = plan.clone()
    entity = c.pick(("item", "indicator"))
    rows = plan.rows(entity)
    index = c.int(0, len(rows) - 1)
    uid = rows[index]["_uid"]
    related = related_rows(plan, uid) - {uid}
    gone = rows.pop(index)
    label = gone.get("id") or gone.get("item")
    return Planted("row_deleted", plan, SHEETS[entity], index + 2, None, ROW_RULES[entity],
                   related, f"{SHEETS[entity]} row {index + 2} ({label})")


def plant_row_duplicated(c: Chooser, plan: Plan) -> Planted | None:
    """One row copied and inserted under itself."""
    plan = plan.clone()
    entity = c.pick(("item", "indicator"))
    rows = plan.rows(entity)
    index = c.int(0, len(rows) - 1)
    twin = copy.deepcopy(rows[index])
    twin["_uid"] = rows[index]["_uid"] + "+"
    rows.insert(index + 1, twin)
    related = related_rows(plan, rows[index]["_uid"]) | {twin["_uid"]}
    return Planted("row_duplicated", plan, SHEETS[entity], index + 3, None,
                   ROW_RULES[entity], related,
                   f"{SHEETS[entity]} row {index + 2} copied to row {index + 3}")


def plant_swap(c: Chooser, plan: Plan) -> Planted | None:
    """Two numeric cells swapped: two columns of one row, or one column of two rows."""
    plan = plan.clone()
    entity = c.pick(("item", "indicator"))
    cells = _cells(plan, entity, NUMERIC[entity])
    if len(cells) < 2:
        return None
    row, fld = cells[c.int(0, len(cells) - 1)]
    kind = ENTITIES[entity].field(fld).kind  # a rupiah cell holds no fraction
    same_row = [(r, f) for r, f in cells
                if r is row and f != fld and ENTITIES[entity].field(f).kind == kind]
    same_col = [(r, f) for r, f in cells if f == fld and r is not row]
    options = same_row if (c.flag() and same_row) or not same_col else same_col
    if not options:
        return None
    other, ofld = options[c.int(0, len(options) - 1)]
    row[fld], other[ofld] = other[ofld], row[fld]
    categories = FIELD_RULES.get((entity, fld), frozenset()) | FIELD_RULES.get(
        (entity, ofld), frozenset())
    return _planted("swap", plan, entity, row, fld, categories,
                    f"{fld}@{row['_uid']} ↔ {ofld}@{other['_uid']}",
                    related_rows(plan, other["_uid"]))


def plant_pj_cleared(c: Chooser, plan: Plan) -> Planted | None:
    """A penanggung jawab cleared."""
    plan = plan.clone()
    cells = _cells(plan, "item", ["penanggung_jawab"])
    if not cells:
        return None
    row, fld = cells[c.int(0, len(cells) - 1)]
    row[fld] = None
    return _planted("pj_cleared", plan, "item", row, fld, FIELD_RULES[("item", fld)],
                    f"{row['level']} {row['id']}")


def plant_code(c: Chooser, plan: Plan) -> Planted | None:
    """One digit of a code changed."""
    plan = plan.clone()
    cells = _cells(plan, "item", ["kode"])
    if not cells:
        return None
    row, fld = cells[c.int(0, len(cells) - 1)]
    old = row[fld]
    digits = [i for i, ch in enumerate(old) if ch.isdigit()]
    i = digits[c.int(0, len(digits) - 1)]
    new_digit = str((int(old[i]) + c.int(1, 9)) % 10)
    row[fld] = old[:i] + new_digit + old[i + 1:]
    return _planted("code", plan, "item", row, fld, FIELD_RULES[("item", fld)],
                    f"{old} → {row[fld]}")


def plant_unit(c: Chooser, plan: Plan) -> Planted | None:
    """An indicator's unit changed to another common unit."""
    plan = plan.clone()
    cells = _cells(plan, "indicator", ["satuan"])
    row, fld = cells[c.int(0, len(cells) - 1)]
    old = row[fld]
    row[fld] = c.pick([u for u in COMMON_SATUAN if u.lower() != old.lower()])
    return _planted("unit", plan, "indicator", row, fld, FIELD_RULES[("indicator", fld)],
                    f"{old} → {row[fld]} ({row['uraian'][:40]})")


# Kinds that only make sense in a rencana aksi (quarterly targets; a required official).
JENIS_FOR_KIND = {"target_triwulan": "rencana_aksi", "pj_cleared": "rencana_aksi"}

PLANTERS: dict[str, Callable[[Chooser, Plan], Planted | None]] = {
    "target_triwulan": plant_target_triwulan,
    "budget": plant_budget,
    "digit": plant_digit,
    "row_deleted": plant_row_deleted,
    "row_duplicated": plant_row_duplicated,
    "swap": plant_swap,
    "pj_cleared": plant_pj_cleared,
    "code": plant_code,
    "unit": plant_unit,
}


# --------------------------------------------------------------------------- text extracts
# A Rencana Aksi eselon IV table as pdftotext/Word give it: tab-separated, id-style numbers.
TEXT_HEADER = (
    "**RENCANA AKSI ESELON IV", "DINAS SOSIAL", "KOTA CONTOH TAHUN 2025**", "",
    "NO\tSASARAN STRATEGIS\tINDIKATOR KINERJA\t\t\t\t\t\t\tPROGRAM/KEGIATAN/SUB KEGIATAN"
    "\tANGGARAN APBD\t\t\t\t\tPENANGGUNGJAWAB",
    "\t\tURAIAN\tSATUAN\tTARGET KINERJA\tRENCANA AKSI Per TRIWULAN\t\t\t\t\tJUMLAH ANGGARAN"
    "\tRENCANA AKSI PER TRIWULAN\t\t\t\t",
    "\t\t\t\t\tTR I\tTR II\tTR III\tTR IV\t\t\tRp\tI\tII\tIII\t",
    "1\t2\t3\t4\t5\t6\t7\t8\t9\t14\t15\t16\t17\t18\t19\t20",
)
#: Line of the first data row; its cells are lettered like a sheet (K = JUMLAH ANGGARAN).
TEXT_FIRST_ROW = len(TEXT_HEADER) + 1


def id_style(value: int) -> str:
    """``4.800.000``: thousands separated by dots, as Indonesian documents print rupiah."""
    return f"{value:,}".replace(",", ".")


def text_row(n: int, budget: int, target: int, name: str | None = None) -> list[str]:
    """One consistent sub-kegiatan row (quarters split evenly, the last takes the rest)."""
    shares = [budget // 4] * 3
    shares.append(budget - sum(shares))
    tw = [target // 4] * 3 + [target - 3 * (target // 4)]
    return [str(n + 1), "Sasaran A" if n == 0 else "", "Jumlah Dokumen Perencanaan",
            "Dokumen", str(target), *map(str, tw), name or f"Sub kegiatan {n + 1}",
            id_style(budget), *map(id_style, shares), "Kasubbag Umum"]


def text_extract(rows: list[list[str]], newline: str = "\n") -> str:
    """The whole extract: heading, header rows, then ``rows``."""
    return newline.join([*TEXT_HEADER, *("\t".join(r) for r in rows)]) + newline
