"""Synthetic SAKIP plan sets for benchmarks: consistent plans with known, injected errors.

A plan set is what an inspectorate collects in a year: for every pemda (≈550 in Indonesia)
each of its ≈40 agencies (OPD) files one Rencana Aksi with up to 150 sub-kegiatan taken
from the national nomenclature of its bidang (Kepmendagri 900.1.15.5-1317/2023: real codes,
names, official indicators and units, kab/kota kegiatan only, the penunjang program
first), one indicator per item with quarterly targets (periodik,
kumulatif or unstated), quarterly budget plans (periodik or kumulatif per agency),
realisation figures (monitoring version: realisasi, sisa, % realisasi, capaian) and the
three totals rows printed under the eselon II/III/IV tables. Everything adds up: budgets
roll up, quarters match the year, sisa = pagu − realisasi, capaian = realisasi / target.

Then a small, known share of errors of every kind the rule catalogue covers is injected,
each on its own item so that injections never mask one another, and every finding each
injection must cause is written down (the ground truth). The benchmark asserts the engine
reports exactly those findings: all of them, and nothing in the consistent part.

Everything is generated with numpy over whole arrays (3.3 M sub-kegiatan take seconds),
strings are shared objects from small vocabularies (as a real plan set repeats its
nomenclature), and the output is the engine's columnar form (:class:`Frames`, exactly as
``checker.importers.template.read_frames`` builds it) plus canonical workbooks, one per
pemda, written with xlsxwriter in the template's sheet and header layout.

Usage: ``python benchmarks/generate.py --sizes 10k,100k [--no-xlsx]``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.arrays import FloatingArray, IntegerArray

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checker.model.cells import constant_letters, letter_column
from checker.model.frames import Frames, coerce
from checker.model.location import column_letter
from checker.model.schema import ENTITIES, LOCATION_COLUMNS, Kind

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GUIDE_SHEET = "Petunjuk"  # checker.importers.template.GUIDE_SHEET: never read
SIZES: dict[str, int] = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000,
                         "3.3M": 3_300_000}
AGENCIES_PER_PEMDA = 40
SUB_PER_AGENCY = 150  # at most; smaller bidang have fewer official sub-kegiatan
YEAR = 2024
#: One injected error per this many sub-kegiatan (≈ one per agency): a "small share".
ERROR_EVERY = 150
DELTA = 1_000_000  # rupiah added where a budget is made inconsistent

# ----------------------------------------------------------------------------- vocabulary
AGENCIES: list[tuple[str, str, str]] = [
    ("1", "01", "Dinas Pendidikan"), ("1", "02", "Dinas Kesehatan"),
    ("1", "03", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("1", "04", "Dinas Perumahan Rakyat dan Kawasan Permukiman"),
    ("1", "05", "Satuan Polisi Pamong Praja"), ("1", "06", "Dinas Sosial"),
    ("2", "07", "Dinas Tenaga Kerja"),
    ("2", "08", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("2", "09", "Dinas Ketahanan Pangan"), ("2", "10", "Dinas Pertanahan"),
    ("2", "11", "Dinas Lingkungan Hidup"),
    ("2", "12", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("2", "13", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("2", "14", "Dinas Pengendalian Penduduk dan Keluarga Berencana"),
    ("2", "15", "Dinas Perhubungan"), ("2", "16", "Dinas Komunikasi dan Informatika"),
    ("2", "17", "Dinas Koperasi dan Usaha Kecil Menengah"),
    ("2", "18", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("2", "19", "Dinas Kepemudaan dan Olahraga"), ("2", "20", "Badan Pusat Statistik Daerah"),
    ("2", "21", "Dinas Persandian"), ("2", "22", "Dinas Kebudayaan"),
    ("2", "23", "Dinas Perpustakaan"), ("2", "24", "Dinas Kearsipan"),
    ("3", "25", "Dinas Perikanan"), ("3", "26", "Dinas Pariwisata"),
    ("3", "27", "Dinas Pertanian"), ("3", "28", "Dinas Kehutanan"),
    ("3", "29", "Dinas Energi dan Sumber Daya Mineral"), ("3", "30", "Dinas Perdagangan"),
    ("3", "31", "Dinas Perindustrian"), ("3", "32", "Dinas Transmigrasi"),
    ("4", "01", "Sekretariat Daerah"), ("4", "02", "Sekretariat DPRD"),
    ("5", "01", "Badan Perencanaan Pembangunan Daerah"),
    ("5", "02", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("5", "03", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("5", "05", "Badan Penelitian dan Pengembangan Daerah"),
    ("6", "01", "Inspektorat Daerah"), ("7", "01", "Kecamatan Kota"),
]
PIC_PROGRAM = "Kepala Dinas"
PIC_KEGIATAN = ["Sekretaris", "Kepala Bidang Pelayanan", "Kepala Bidang Pemberdayaan",
                "Kepala Bidang Sarana dan Prasarana", "Kepala Bidang Pengendalian"]
PIC_SUB = ["Kasubbag Perencanaan dan Keuangan", "Kasubbag Umum dan Kepegawaian",
           "Kasi Pelayanan", "Kasi Pemberdayaan", "Kasi Sarana", "Pekerja Sosial Ahli Muda",
           "Analis Kebijakan Ahli Muda", "Perencana Ahli Pertama"]
# Indicators of programs and kegiatan (sub-kegiatan carry their official one).
KEG_INDICATORS: list[tuple[str, str]] = [
    ("Persentase Kegiatan yang Terlaksana Sesuai Rencana", "%"),
    ("Jumlah Dokumen Hasil Kegiatan", "Dokumen"),
    ("Nilai Evaluasi Kinerja Kegiatan", "Nilai"),
]
PROG_INDICATORS: list[tuple[str, str]] = [
    ("Persentase Capaian Kinerja Program", "%"),
    ("Indeks Kepuasan Masyarakat", "Indeks"),
]
MODES = np.array(["periodik", "kumulatif", None], dtype=object)
LEVELS = np.array(["program", "kegiatan", "sub_kegiatan"], dtype=object)
ESELON = np.array(["II", "III", "IV"], dtype=object)
TOTAL_TABLES = np.array(["Eselon II", "Eselon III", "Eselon IV"], dtype=object)


# ----------------------------------------------------------------------------- ground truth
@dataclass(frozen=True)
class Expected:
    """One finding the engine must report: rule, document, row key and the cell's field.

    ``key`` is the item id for item rows, the measured item's id for indicator rows (one
    indicator per item here), and ``Jumlah:<level>`` for a totals row.
    """

    code: str
    document: str
    entity: str
    key: str
    field: str

    def as_tuple(self) -> tuple[str, str, str, str, str]:
        return (self.code, self.document, self.entity, self.key, self.field)


@dataclass
class Injection:
    """One injected error: what was changed where, and every finding it must cause."""

    kind: str
    document: str
    entity: str
    key: str
    change: str
    expected: list[Expected] = field(default_factory=list)


@dataclass
class PlanSet:
    """A generated plan set: the engine's frames, the injections, and the file layout."""

    size: str
    sub_rows: int
    frames: Frames
    injections: list[Injection]
    files: dict[str, list[str]]  # workbook name → its document ids, in sheet order

    def expected(self) -> set[tuple[str, str, str, str, str]]:
        return {e.as_tuple() for inj in self.injections for e in inj.expected}

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.frames.tables.items()}


# ----------------------------------------------------------------------------- layout
NOMENCLATURE_SOURCE = "kepmendagri-900-1317-2023"
MAX_KEGIATAN, MAX_SUBS, PENUNJANG_SUBS = 12, 10, 40


def _unit_fits(uraian: str, satuan: str) -> bool:
    """Whether an official indicator passes the catalogue's unit checks (SAT-001/002)."""
    u, s = uraian.casefold(), satuan.casefold()
    percent = s in ("%", "persen", "persentase")
    if u.startswith("persentase"):
        return percent
    return not (u.startswith("jumlah") and percent)


@dataclass
class _Layout:
    """One agency type's items in printed order, from the national nomenclature.

    Programs of the agency's bidang (the penunjang program first), their kab/kota kegiatan
    (authority digit 2) and sub-kegiatan with the official indicator and unit: up to
    :data:`MAX_KEGIATAN` × :data:`MAX_SUBS` per program and :data:`SUB_PER_AGENCY` in all.
    ``spares`` are further official sub-kegiatan of the bidang, for misplaced-code errors.
    """

    level: np.ndarray
    id: np.ndarray
    induk: np.ndarray
    parent: np.ndarray  # local index of the parent, -1 for programs
    kode: np.ndarray
    nama: np.ndarray
    pic: np.ndarray
    uraian: np.ndarray  # official indicator of sub-kegiatan, None elsewhere
    satuan: np.ndarray
    spares: list[tuple[str, str, str, str]]  # (kode, nama, indikator, satuan)

    def __len__(self) -> int:
        return len(self.level)


def _layout(bidang: str) -> _Layout:
    from checker.reference import nomenclature

    entries = nomenclature().entries(prefix=bidang, source=NOMENCLATURE_SOURCE)

    def kabkota(e: Any) -> bool:
        parts = e.kode.split(".")
        return len(parts) >= 4 and parts[3] == "2"

    subs_of: dict[str, list[Any]] = {}
    kegs_of: dict[str, list[Any]] = {}
    for e in entries:
        if e.level == "sub_kegiatan" and kabkota(e) and e.indikator and e.satuan \
                and _unit_fits(e.indikator, e.satuan):
            subs_of.setdefault(e.kode.rsplit(".", 1)[0], []).append(e)
    for e in entries:
        if e.level == "kegiatan" and kabkota(e) and subs_of.get(e.kode):
            kegs_of.setdefault(e.kode.rsplit(".", 2)[0], []).append(e)
    programs = [e for e in entries if e.level == "program" and kegs_of.get(e.kode)]
    rows: list[tuple[int, str, str | None, int, Any]] = []
    used: set[str] = set()
    n_subs = 0
    for p, prog in enumerate(programs, start=1):
        if n_subs >= SUB_PER_AGENCY:
            break
        cap = min(PENUNJANG_SUBS if p == 1 else SUB_PER_AGENCY, SUB_PER_AGENCY - n_subs)
        prog_pos = len(rows)
        rows.append((0, f"P{p}", None, -1, prog))
        taken = 0
        for k, keg in enumerate(kegs_of[prog.kode][:MAX_KEGIATAN], start=1):
            if taken >= cap:
                break
            keg_pos = len(rows)
            rows.append((1, f"K{p}.{k}", f"P{p}", prog_pos, keg))
            for s_, sub in enumerate(subs_of[keg.kode][:min(MAX_SUBS, cap - taken)], start=1):
                rows.append((2, f"S{p}.{k}.{s_}", f"K{p}.{k}", keg_pos, sub))
                used.add(sub.kode)
                taken += 1
        n_subs += taken
    spares = [(e.kode, e.nama, e.indikator, e.satuan) for subs in subs_of.values()
              for e in subs if e.kode not in used]
    level = np.array([r[0] for r in rows])
    k_idx = [int(r[1].split(".")[-1]) - 1 if r[0] else 0 for r in rows]
    pic = [PIC_PROGRAM if lv == 0 else PIC_KEGIATAN[k % len(PIC_KEGIATAN)] if lv == 1
           else PIC_SUB[(i + k) % len(PIC_SUB)] for i, (lv, k) in enumerate(zip(level, k_idx,
                                                                                 strict=True))]
    return _Layout(
        level=level, id=np.array([r[1] for r in rows], dtype=object),
        induk=np.array([r[2] for r in rows], dtype=object),
        parent=np.array([r[3] for r in rows]),
        kode=np.array([r[4].kode for r in rows], dtype=object),
        nama=np.array([r[4].nama for r in rows], dtype=object),
        pic=np.array(pic, dtype=object),
        uraian=np.array([r[4].indikator if r[0] == 2 else None for r in rows], dtype=object),
        satuan=np.array([r[4].satuan if r[0] == 2 else None for r in rows], dtype=object),
        spares=spares)


_LAYOUTS: list[_Layout] | None = None


def layouts() -> list[_Layout]:
    """The 40 agency types' layouts, built once per process from the nomenclature."""
    global _LAYOUTS
    if _LAYOUTS is None:
        _LAYOUTS = [_layout(f"{urusan}.{bidang}") for urusan, bidang, _ in AGENCIES]
    return _LAYOUTS


# ----------------------------------------------------------------------------- generation
def parse_size(size: str | int) -> int:
    """Rows of a named size (``10k``, ``1M``, ``3.3M``) or of a plain number."""
    if isinstance(size, int):
        return size
    if size in SIZES:
        return SIZES[size]
    factor = {"k": 1_000, "M": 1_000_000}.get(size[-1:], 1)
    return int(float(size.rstrip("kM")) * factor)


def agencies_for(sub_rows: int) -> int:
    """How many agencies give about ``sub_rows`` sub-kegiatan rows (at least one)."""
    subs = [int((lay.level == 2).sum()) for lay in layouts()]
    per_pemda = sum(subs)
    full, rest = divmod(sub_rows, per_pemda)
    n = full * len(subs)
    for s in subs:
        if rest <= 0:
            break
        rest -= s
        n += 1
    return max(1, n)


def _split(total: np.ndarray, rng: np.random.Generator, low: int = 1, high: int = 10,
           unit: int = 1) -> np.ndarray:
    """Four whole quarter shares of ``total`` (multiples of ``unit``), adding up exactly."""
    w = rng.integers(low, high, size=(*total.shape, 4))
    q = np.empty((*total.shape, 4), dtype=np.int64)
    q[..., :3] = (total[..., None] * w[..., :3] // w.sum(-1)[..., None]) // unit * unit
    q[..., 3] = total - q[..., :3].sum(-1)
    return q


@dataclass
class _Arrays:
    """Column arrays of one entity while it is being built and injected into."""

    n: int
    values: dict[str, np.ndarray] = field(default_factory=dict)
    blank: dict[str, np.ndarray] = field(default_factory=dict)  # for numeric columns

    def set_number(self, name: str, values: np.ndarray, blank: np.ndarray | None = None) -> None:
        self.values[name] = values
        self.blank[name] = np.zeros(self.n, dtype=bool) if blank is None else blank


def _concat_layouts() -> dict[str, np.ndarray]:
    lays = layouts()
    out = {name: np.concatenate([getattr(lay, name) for lay in lays])
           for name in ("level", "id", "induk", "parent", "kode", "nama", "pic", "uraian",
                        "satuan")}
    out["offset"] = np.r_[0, np.cumsum([len(lay) for lay in lays])[:-1]]
    out["size"] = np.array([len(lay) for lay in lays])
    return out


def generate(size: str | int, seed: int = 2024) -> PlanSet:
    """A consistent plan set of about ``size`` sub-kegiatan rows, with injected errors."""
    sub_rows = parse_size(size)
    label = str(size)
    rng = np.random.default_rng(seed)
    n_ag = agencies_for(sub_rows)
    flat = _concat_layouts()
    agency = np.arange(n_ag)
    pemda = agency // AGENCIES_PER_PEMDA
    opd = agency % AGENCIES_PER_PEMDA
    pemda_code = np.array([f"{11 + p // 16:02d}{p % 16 + 1:02d}" for p in range(pemda.max() + 1)],
                          dtype=object)
    doc_ids = np.array([f"RA-{pemda_code[p]}-{o + 1:02d}" for p, o in zip(pemda, opd,
                                                                          strict=True)],
                       dtype=object)
    file_names = np.array([f"pemda_{c}.xlsx" for c in pemda_code], dtype=object)
    # Budget plan mode of each agency's tables: mostly periodik, some kumulatif, a few unstated.
    amode = np.where(agency % 5 == 1, 1, np.where(agency % 10 == 3, 2, 0))

    sizes = flat["size"][opd]
    start = np.r_[0, np.cumsum(sizes)[:-1]]
    n = int(sizes.sum())
    ag_of = np.repeat(agency, sizes)
    loc = np.arange(n) - start[ag_of]
    src = flat["offset"][opd[ag_of]] + loc  # row of the agency type's layout
    level = flat["level"][src]
    is_sub = level == 2
    parent = np.where(flat["parent"][src] >= 0, start[ag_of] + flat["parent"][src], -1)

    items = _Arrays(n)
    items.values.update({
        "_doc": doc_ids[ag_of], "id": flat["id"][src], "induk": flat["induk"][src],
        "level": LEVELS[level], "kode": flat["kode"][src], "nama": flat["nama"][src],
        "eselon": ESELON[level], "penanggung_jawab": flat["pic"][src],
        "anggaran_mode": MODES[amode[ag_of]],
    })
    # Indicators: one per item, aligned with the items until injection removes some.
    # Sub-kegiatan carry their official indicator; programs and kegiatan a common one.
    ind = _Arrays(n)
    uraian = flat["uraian"][src].copy()
    satuan = flat["satuan"][src].copy()
    for lv, catalogue in ((0, PROG_INDICATORS), (1, KEG_INDICATORS)):
        m = level == lv
        pick = rng.integers(0, len(catalogue), int(m.sum()))
        uraian[m] = np.array([c[0] for c in catalogue], dtype=object)[pick]
        satuan[m] = np.array([c[1] for c in catalogue], dtype=object)[pick]
    percent = np.array([str(s).casefold() in ("%", "persen", "persentase") for s in satuan])
    polaritas = np.array([None, "positif", "negatif"], dtype=object)[
        np.searchsorted([0.75, 0.9], rng.random(n), side="right")]
    target = np.where(percent, rng.integers(70, 101, n), rng.integers(4, 400, n))
    # Sub-kegiatan budgets, then sums upwards (kegiatan, program): everything rolls up.
    # A sub-kegiatan costs about the same per unit of its target wherever it is planned
    # (the same code in another pemda), as the kewajaran rules expect of real plans.
    n_sub = int(is_sub.sum())
    codes, distinct = pd.factorize(items.values["kode"][is_sub])
    unit_cost = 10 ** np.random.default_rng(seed + 1).uniform(5.3, 7.3, len(distinct))
    anggaran = np.zeros(n, dtype=np.int64)
    anggaran[is_sub] = np.maximum(np.round(
        target[is_sub] * unit_cost[codes] * rng.uniform(0.7, 1.4, n_sub) / 1000), 1) * 1000
    quarters = np.zeros((n, 4), dtype=np.int64)
    quarters[is_sub] = _split(anggaran[is_sub], rng, unit=1000)
    realisasi = np.zeros(n, dtype=np.int64)
    realisasi[is_sub] = (anggaran[is_sub] * rng.uniform(0.55, 0.99, n_sub)).astype(np.int64)
    for lv in (2, 1):  # add children into parents, subs first
        child = np.flatnonzero(level == lv)
        np.add.at(anggaran, parent[child], anggaran[child])
        np.add.at(realisasi, parent[child], realisasi[child])
        np.add.at(quarters, parent[child], quarters[child])
    kumulatif = amode[ag_of] == 1
    quarters[kumulatif] = np.cumsum(quarters[kumulatif], axis=1)
    items.set_number("anggaran", anggaran)
    for q in range(4):
        items.set_number(f"anggaran_tw{q + 1}", quarters[:, q].copy())
    items.set_number("realisasi", realisasi)
    items.set_number("sisa", anggaran - realisasi)
    items.set_number("persen_realisasi", np.round(realisasi / anggaran * 100, 2))

    tmode = np.searchsorted([0.5, 0.85], rng.random(n), side="right")  # 0 per, 1 kum, 2 blank
    tq = _split(target, rng, low=1, high=5)
    tq[tmode == 1] = np.cumsum(tq[tmode == 1], axis=1)
    ratio = rng.uniform(0.8, 1.2, n)
    real_ind = np.where(percent, np.round(target * ratio, 2), np.round(target * ratio))
    negative = polaritas == "negatif"
    capaian = np.where(negative, np.round((2 * target - real_ind) / target * 100, 2),
                       np.round(real_ind / target * 100, 2))
    ind.values.update({"_doc": items.values["_doc"], "item": items.values["id"],
                       "uraian": uraian, "satuan": satuan, "mode": MODES[tmode],
                       "polaritas": polaritas})
    ind.set_number("target", target.astype(np.float64))
    for q in range(4):
        ind.set_number(f"target_tw{q + 1}", tq[:, q].astype(np.float64))
    ind.set_number("realisasi", real_ind.astype(np.float64))
    ind.set_number("capaian", capaian.astype(np.float64))

    # Totals rows: one per eselon table, summing the rows of its level.
    tot = _Arrays(n_ag * 3)
    t_ag = np.repeat(agency, 3)
    t_lv = np.tile(np.arange(3), n_ag)
    programs = np.flatnonzero(level == 0)
    agency_total = np.zeros(n_ag, dtype=np.int64)
    np.add.at(agency_total, ag_of[programs], anggaran[programs])
    agency_q = np.zeros((n_ag, 4), dtype=np.int64)
    np.add.at(agency_q, ag_of[programs], quarters[programs])
    no_quarters = amode[t_ag] == 1  # a kumulatif table prints no summed quarters
    tot.values.update({"_doc": doc_ids[t_ag], "tabel": TOTAL_TABLES[t_lv],
                       "level": LEVELS[t_lv]})
    tot.set_number("anggaran", agency_total[t_ag])
    for q in range(4):
        tot.set_number(f"anggaran_tw{q + 1}", agency_q[t_ag, q].copy(), no_quarters.copy())

    ctx = _Context(rng, items, ind, tot, level, is_sub, parent, amode[ag_of], tmode, target,
                   real_ind, percent, polaritas, uraian, doc_ids, ag_of, amode, opd)
    injections = _inject(ctx, n_injections(n_sub))
    keep = ~ctx.removed
    frames = Frames({
        "document": _document_frame(doc_ids, pemda, opd, pemda_code, file_names),
        "item": _frame("item", items, np.ones(n, dtype=bool), file_names[pemda[ag_of]]),
        "indicator": _frame("indicator", ind, keep, file_names[pemda[ag_of]]),
        "total": _frame("total", tot, np.ones(n_ag * 3, dtype=bool), file_names[pemda[t_ag]]),
    })
    files: dict[str, list[str]] = {}
    for doc, p in zip(doc_ids, pemda, strict=True):
        files.setdefault(str(file_names[p]), []).append(str(doc))
    return PlanSet(label, n_sub, frames, injections, files)


def n_injections(sub_rows: int) -> int:
    """About one error per agency, and at least one of every kind."""
    return max(len(KINDS), round(sub_rows / ERROR_EVERY))


# ----------------------------------------------------------------------------- injection
@dataclass
class _Context:
    rng: np.random.Generator
    items: _Arrays
    ind: _Arrays
    tot: _Arrays
    level: np.ndarray
    is_sub: np.ndarray
    parent: np.ndarray
    amode: np.ndarray  # per item
    tmode: np.ndarray
    target: np.ndarray
    real_ind: np.ndarray
    percent: np.ndarray
    polaritas: np.ndarray
    uraian: np.ndarray
    doc_ids: np.ndarray
    ag_of: np.ndarray
    amode_agency: np.ndarray
    opd: np.ndarray  # agency type of each agency
    used: np.ndarray = field(init=False)  # item (and its indicator) already injected
    used_total: np.ndarray = field(init=False)
    removed: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.used = np.zeros(self.items.n, dtype=bool)
        self.used_total = np.zeros(self.tot.n, dtype=bool)
        self.removed = np.zeros(self.items.n, dtype=bool)

    def pick(self, eligible: np.ndarray, count: int) -> np.ndarray:
        free = np.flatnonzero(eligible & ~self.used)
        chosen = np.sort(self.rng.choice(free, size=min(count, len(free)), replace=False))
        self.used[chosen] = True
        return chosen

    def pick_total(self, level: int, eligible_agency: np.ndarray, count: int) -> np.ndarray:
        rows = np.arange(self.tot.n)
        ok = (rows % 3 == level) & eligible_agency[rows // 3] & ~self.used_total
        free = np.flatnonzero(ok)
        chosen = np.sort(self.rng.choice(free, size=min(count, len(free)), replace=False))
        self.used_total[chosen] = True
        return chosen

    def item_key(self, i: int) -> tuple[str, str]:
        return str(self.items.values["_doc"][i]), str(self.items.values["id"][i])

    def exp(self, code: str, i: int, fld: str, entity: str = "item") -> Expected:
        doc, key = self.item_key(i)
        return Expected(code, doc, entity, key, fld)

    def exp_total(self, code: str, t: int, fld: str = "anggaran") -> Expected:
        return Expected(code, str(self.tot.values["_doc"][t]), "total",
                        f"Jumlah:{self.tot.values['level'][t]}", fld)

    def injection(self, kind: str, i: int, entity: str, change: str,
                  expected: list[Expected]) -> Injection:
        doc, key = self.item_key(i)
        return Injection(kind, doc, entity, key, change, expected)


def _recompute_persen(it: _Arrays, i: int) -> None:
    it.values["persen_realisasi"][i] = round(
        float(it.values["realisasi"][i]) / float(it.values["anggaran"][i]) * 100, 2)


def _k_kod002(c: _Context, count: int) -> list[Injection]:
    # A sub-kegiatan row copied over its next sibling: same code and name twice.
    nxt = np.zeros_like(c.is_sub)
    nxt[:-1] = c.is_sub[1:] & (c.parent[1:] == c.parent[:-1]) & ~c.used[1:]
    chosen = c.pick(c.is_sub & nxt, count)
    chosen = chosen[~np.isin(chosen + 1, chosen)]  # a pair must not overlap another pair
    c.used[chosen + 1] = True
    out = []
    it, ind = c.items.values, c.ind.values
    for i in chosen:
        for name, arrays in (("kode", it), ("nama", it), ("uraian", ind), ("satuan", ind)):
            arrays[name][i] = arrays[name][i + 1]
        out.append(c.injection("KOD-002", i, "item", f"kode and nama copied from the next "
                               f"row ({it['kode'][i]})",
                               [c.exp("KOD-002", i, "kode"), c.exp("KOD-002", i + 1, "kode")]))
    return out


def _k_tgt001(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.tmode == 0), count):
        c.ind.values["target_tw2"][i] += 1
        out.append(c.injection("TGT-001", i, "indicator", "target_tw2 + 1",
                               [c.exp("TGT-001", i, "target", "indicator")]))
    return out


def _k_tgt002(c: _Context, count: int) -> list[Injection]:
    out = []
    tw2 = c.ind.values["target_tw2"]
    for i in c.pick(c.is_sub & (c.tmode == 1) & (tw2 >= 1), count):
        c.ind.values["target_tw3"][i] = tw2[i] - 1
        out.append(c.injection("TGT-002", i, "indicator", "target_tw3 = target_tw2 - 1",
                               [c.exp("TGT-002", i, "target_tw1", "indicator")]))
    return out


def _k_tgt003(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.tmode == 1), count):
        c.ind.values["target_tw4"][i] = c.ind.values["target"][i] + 1
        out.append(c.injection("TGT-003", i, "indicator", "target_tw4 = target + 1",
                               [c.exp("TGT-003", i, "target_tw4", "indicator")]))
    return out


def _k_tgt004(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.tmode == 2), count):
        c.ind.values["target_tw1"][i] += 1
        out.append(c.injection("TGT-004", i, "indicator", "target_tw1 + 1 (mode unstated)",
                               [c.exp("TGT-004", i, "target", "indicator")]))
    return out


def _k_tgt005(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.tmode == 1), count):
        c.ind.blank["target_tw2"][i] = True
        out.append(c.injection("TGT-005", i, "indicator", "target_tw2 cleared",
                               [c.exp("TGT-005", i, "target_tw1", "indicator")]))
    return out


def _k_agt001(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.amode != 1), count):
        c.items.values["anggaran_tw2"][i] += 1000
        out.append(c.injection("AGT-001", i, "item", "anggaran_tw2 + 1000 (the kegiatan's "
                               "TW II no longer rolls up either)",
                               [c.exp("AGT-001", i, "anggaran"),
                                c.exp("ROL-007", int(c.parent[i]), "anggaran_tw1")]))
    return out


def _k_agt002(c: _Context, count: int) -> list[Injection]:
    out = []
    tw1 = c.items.values["anggaran_tw1"]
    for i in c.pick(c.is_sub & (c.amode == 1) & (tw1 >= 1000), count):
        c.items.values["anggaran_tw2"][i] = tw1[i] - 1000
        out.append(c.injection("AGT-002", i, "item", "anggaran_tw2 = anggaran_tw1 - 1000 "
                               "(cumulative plan falls; the kegiatan's TW II no longer rolls up)",
                               [c.exp("AGT-002", i, "anggaran_tw4"),
                                c.exp("ROL-007", int(c.parent[i]), "anggaran_tw1")]))
    return out


def _k_agt003(c: _Context, count: int) -> list[Injection]:
    out = []
    for t in c.pick_total(1, c.amode_agency != 1, count):
        c.tot.values["anggaran_tw2"][t] += 1000
        e = c.exp_total("AGT-003", t)
        out.append(Injection("AGT-003", e.document, "total", e.key, "anggaran_tw2 + 1000", [e]))
    return out


def _k_rol001(c: _Context, count: int) -> list[Injection]:
    out = []
    it = c.items.values
    for i in c.pick(c.is_sub, count):
        it["anggaran"][i] += DELTA
        it["anggaran_tw4"][i] += DELTA
        it["sisa"][i] += DELTA
        _recompute_persen(c.items, i)
        sub_total = int(c.ag_of[i]) * 3 + 2
        out.append(c.injection("ROL-001", i, "item", f"anggaran + {DELTA} (quarters, sisa "
                               "and % kept consistent; the kegiatan no longer rolls up)",
                               [c.exp("ROL-001", int(c.parent[i]), "anggaran"),
                                c.exp("ROL-007", int(c.parent[i]), "anggaran_tw1"),
                                c.exp_total("ROL-002", sub_total)]))
    return out


def _k_rol002(c: _Context, count: int) -> list[Injection]:
    out = []
    for t in c.pick_total(0, np.ones(len(c.doc_ids), dtype=bool), count):
        c.tot.values["anggaran"][t] += DELTA
        if not c.tot.blank["anggaran_tw4"][t]:
            c.tot.values["anggaran_tw4"][t] += DELTA
        e = c.exp_total("ROL-002", t)
        out.append(Injection("ROL-002", e.document, "total", e.key,
                             f"anggaran + {DELTA} (quarters kept consistent)", [e]))
    return out


def _k_klp001(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub, count):
        c.removed[i] = True
        out.append(c.injection("KLP-001", i, "item", "indicator row removed",
                               [c.exp("KLP-001", i, "nama")]))
    return out


def _clear_text(kind: str, entity: str, column: str, fld: str):
    def inject(c: _Context, count: int) -> list[Injection]:
        out = []
        arrays = c.ind if entity == "indicator" else c.items
        for i in c.pick(c.is_sub, count):
            arrays.values[column][i] = None
            out.append(c.injection(kind, i, entity, f"{column} cleared",
                                   [c.exp(kind, i, fld, entity)]))
        return out
    return inject


def _k_klp004(c: _Context, count: int) -> list[Injection]:
    out = []
    # Periodik only: a kumulatif indicator states its year target in TW IV (KLP-004 lets
    # that stand), and an unstated mode would also trip the quarter-mode rules.
    for i in c.pick(c.is_sub & (c.tmode == 0), count):
        c.ind.blank["target"][i] = True
        out.append(c.injection("KLP-004", i, "indicator", "target cleared",
                               [c.exp("KLP-004", i, "target", "indicator")]))
    return out


def _k_kod001(c: _Context, count: int) -> list[Injection]:
    # An official sub-kegiatan of another kegiatan listed under this one (code, name and
    # indicator all of that other sub-kegiatan, so only the placement is wrong).
    out = []
    it, ind = c.items.values, c.ind.values
    taken: dict[int, int] = {}
    lays = layouts()
    for i in c.pick(c.is_sub, count):
        agency = int(c.ag_of[i])
        under = f"{it['kode'][int(c.parent[i])]}."
        spares = [sp for sp in lays[int(c.opd[agency])].spares or lays[0].spares
                  if not sp[0].startswith(under)]
        j = taken.get(agency, 0)
        taken[agency] = j + 1
        kode, nama, uraian, satuan = spares[j % len(spares)]
        it["kode"][i], it["nama"][i], ind["uraian"][i], ind["satuan"][i] = (
            kode, nama, uraian, satuan)
        out.append(c.injection("KOD-001", i, "item", f"kode = {kode} (an official "
                               "sub-kegiatan of another kegiatan)",
                               [c.exp("KOD-001", i, "kode")]))
    return out


def _k_rea001(c: _Context, count: int) -> list[Injection]:
    out = []
    it = c.items.values
    for i in c.pick(c.is_sub, count):
        delta = it["anggaran"][i] + DELTA - it["realisasi"][i]
        node = i
        over = []
        while node >= 0:  # the sub-kegiatan and its ancestors: spending still rolls up
            it["realisasi"][node] += delta
            it["sisa"][node] -= delta
            _recompute_persen(c.items, node)
            if node != i and it["realisasi"][node] > it["anggaran"][node]:
                over.append(node)  # a kegiatan whose other subs spent little: over too
            node = int(c.parent[node])
        out.append(c.injection("REA-001", i, "item", f"realisasi = anggaran + {DELTA} (sisa, "
                               "% and the parents' realisasi kept consistent)",
                               [c.exp("REA-001", i, "realisasi"),
                                *(c.exp("REA-001", node, "realisasi") for node in over)]))
    return out


def _k_rea002(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub, count):
        c.items.values["sisa"][i] += 1000
        out.append(c.injection("REA-002", i, "item", "sisa + 1000",
                               [c.exp("REA-002", i, "sisa")]))
    return out


def _k_rea003(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub, count):
        c.items.values["persen_realisasi"][i] += 1.5
        out.append(c.injection("REA-003", i, "item", "persen_realisasi + 1.5",
                               [c.exp("REA-003", i, "persen_realisasi")]))
    return out


def _k_cap001(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.polaritas != "negatif"), count):
        c.ind.values["capaian"][i] += 5
        out.append(c.injection("CAP-001", i, "indicator", "capaian + 5",
                               [c.exp("CAP-001", i, "capaian", "indicator")]))
    return out


def _k_cap002(c: _Context, count: int) -> list[Injection]:
    out = []
    far = np.abs(c.real_ind - c.target) >= 0.01 * c.target
    for i in c.pick(c.is_sub & (c.polaritas == "negatif") & far, count):
        c.ind.values["capaian"][i] = round(c.real_ind[i] / c.target[i] * 100, 2)
        out.append(c.injection("CAP-002", i, "indicator", "capaian computed as realisasi / "
                               "target for a lower-is-better indicator",
                               [c.exp("CAP-002", i, "capaian", "indicator")]))
    return out


def _k_cap003(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.polaritas != "negatif"), count):
        c.ind.values["realisasi"][i] = c.target[i] * 2
        c.ind.values["capaian"][i] = 200.0
        out.append(c.injection("CAP-003", i, "indicator", "realisasi = 2 × target, capaian "
                               "200 (consistent, but far above 150 %)",
                               [c.exp("CAP-003", i, "capaian", "indicator")]))
    return out


def _k_sat(kind: str, prefix: str, new: str):
    def inject(c: _Context, count: int) -> list[Injection]:
        out = []
        starts = np.array([u is not None and u.startswith(prefix) for u in c.uraian],
                          dtype=bool)
        chosen = c.pick(c.is_sub & starts, count)
        if len(chosen) < count:  # few official sub-kegiatan indicators say "Persentase"
            chosen = np.r_[chosen, c.pick(~c.is_sub & starts, count - len(chosen))]
        for i in chosen:
            c.ind.values["satuan"][i] = new
            out.append(c.injection(kind, i, "indicator", f"satuan = {new!r}",
                                   [c.exp(kind, i, "satuan", "indicator")]))
        return out
    return inject


def _k_sat003(c: _Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.level == 1, count):
        c.ind.values["satuan"][i] = None
        out.append(c.injection("SAT-003", i, "indicator", "satuan of a kegiatan indicator "
                               "cleared", [c.exp("SAT-003", i, "satuan", "indicator")]))
    return out


#: Every injected error kind, named by the rule that must catch it (KOD-002 first: it
#: needs two adjacent free sub-kegiatan).
KINDS: dict[str, Any] = {
    "KOD-002": _k_kod002, "TGT-001": _k_tgt001, "TGT-002": _k_tgt002, "TGT-003": _k_tgt003,
    "TGT-004": _k_tgt004, "TGT-005": _k_tgt005, "AGT-001": _k_agt001, "AGT-002": _k_agt002,
    "AGT-003": _k_agt003, "ROL-001": _k_rol001, "ROL-002": _k_rol002, "KLP-001": _k_klp001,
    "KLP-002": _clear_text("KLP-002", "indicator", "uraian", "uraian"),
    "KLP-003": _clear_text("KLP-003", "indicator", "satuan", "satuan"),
    "KLP-004": _k_klp004,
    "KLP-005": _clear_text("KLP-005", "item", "penanggung_jawab", "penanggung_jawab"),
    "KOD-001": _k_kod001, "REA-001": _k_rea001, "REA-002": _k_rea002, "REA-003": _k_rea003,
    "CAP-001": _k_cap001, "CAP-002": _k_cap002, "CAP-003": _k_cap003,
    "SAT-001": _k_sat("SAT-001", "Persentase", "Dokumen"),
    "SAT-002": _k_sat("SAT-002", "Jumlah", "%"),
    "SAT-003": _k_sat003,
}


def _inject(c: _Context, total: int) -> list[Injection]:
    out: list[Injection] = []
    per, extra = divmod(total, len(KINDS))
    for n, (_kind, inject) in enumerate(KINDS.items()):
        out.extend(inject(c, per + (1 if n < extra else 0)))
    return out


# ----------------------------------------------------------------------------- frames
def _document_frame(doc_ids: np.ndarray, pemda: np.ndarray, opd: np.ndarray,
                    pemda_code: np.ndarray, file_names: np.ndarray) -> pd.DataFrame:
    names = np.array([a[2] for a in AGENCIES], dtype=object)
    frame = pd.DataFrame({
        "_doc": doc_ids, "_file": file_names[pemda], "_table": None, "_row": None,
        "id": doc_ids, "jenis": "rencana_aksi", "instansi": names[opd],
        "pemda": np.array([f"Kabupaten {pemda_code[p]}" for p in pemda], dtype=object),
        "tahun": YEAR,
        "judul": f"Rencana Aksi Perjanjian Kinerja Tahun {YEAR}",
    })
    return coerce(frame, ENTITIES["document"])


def _frame(entity_name: str, arrays: _Arrays, keep: np.ndarray,
           files: np.ndarray) -> pd.DataFrame:
    """The frame ``read_frames`` builds for these rows, as laid out by :func:`write_workbooks`.

    Rows are numbered per workbook from row 2 (row 1 holds the headers); every schema field
    has a column, so every field gets its ``@col`` (the letter; the row is ``_row``).
    """
    entity = ENTITIES[entity_name]
    idx = np.flatnonzero(keep)
    file_of = files[idx]
    # Row within its workbook's sheet: position since the file's first row, plus 2.
    starts = np.r_[0, np.flatnonzero(file_of[1:] != file_of[:-1]) + 1]
    first = np.repeat(starts, np.diff(np.r_[starts, len(idx)]))
    rows = np.arange(len(idx)) - first + 2
    data: dict[str, Any] = {"_doc": arrays.values["_doc"][idx], "_file": file_of,
                            "_table": np.full(len(idx), entity.sheet, dtype=object),
                            "_row": rows}
    for f in entity.fields:
        if f.name == "dokumen":
            data[f.name] = data["_doc"]
        elif f.name not in arrays.values:
            data[f.name] = pd.array([pd.NA] * len(idx), dtype=_DTYPES[f.kind])
        elif f.kind in (Kind.MONEY, Kind.INT):
            data[f.name] = IntegerArray(arrays.values[f.name][idx].astype(np.int64),
                                        arrays.blank[f.name][idx].copy())
        elif f.kind is Kind.NUMBER:
            values = arrays.values[f.name][idx].astype(np.float64)
            data[f.name] = FloatingArray(values, arrays.blank[f.name][idx].copy())
        else:
            data[f.name] = arrays.values[f.name][idx]
    for i, f in enumerate(entity.fields, start=1):
        data[letter_column(f.name)] = constant_letters(column_letter(i), len(idx))
    frame = pd.DataFrame(data)
    for c in LOCATION_COLUMNS[:3]:
        frame[c] = frame[c].astype("str")
    return coerce(frame, entity)


_DTYPES = {Kind.TEXT: "object", Kind.CHOICE: "object", Kind.MONEY: "Int64",
           Kind.NUMBER: "Float64", Kind.INT: "Int64"}


# ----------------------------------------------------------------------------- writing
def _have_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def write_columnar(plan: PlanSet, folder: Path) -> Path:
    """The frames as one file: pickle (protocol 5) of :class:`Frames`.

    Pickle keeps pandas dtypes exactly (nullable Int64/Float64, object text with shared
    string objects) so the engine sees byte-for-byte the frames it was generated as; it
    is also what a worker process sends back. Parquet would need pyarrow (not required).
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "frames.pkl"
    with path.open("wb") as fh:
        pickle.dump(plan.frames, fh, protocol=5)
    return path


def read_columnar(folder: Path) -> Frames:
    with (folder / "frames.pkl").open("rb") as fh:
        return pickle.load(fh)


def write_truth(plan: PlanSet, folder: Path) -> Path:
    """The ground truth: every injection and the findings it must cause, as JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "truth.json"
    payload = {"size": plan.size, "sub_kegiatan_rows": plan.sub_rows, "rows": plan.counts(),
               "files": plan.files, "injections": [asdict(i) for i in plan.injections]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_truth(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def expected_from_truth(truth: dict[str, Any]) -> set[tuple[str, str, str, str, str]]:
    return {(e["code"], e["document"], e["entity"], e["key"], e["field"])
            for inj in truth["injections"] for e in inj["expected"]}


_WRITING: tuple[Frames, list[dict[str, np.ndarray]]] | None = None  # before forking


def _sheet_rows(frame: pd.DataFrame, entity_name: str) -> list[list[Any]]:
    """The frame's schema fields as rows of plain Python values (blank → None)."""
    fields = ENTITIES[entity_name].fields
    columns = []
    for f in fields:
        col = frame[f.name]
        if f.kind in (Kind.MONEY, Kind.INT, Kind.NUMBER):
            values = col.to_numpy(dtype=object, na_value=None)
        else:
            values = col.astype(object).where(col.notna(), None).to_numpy()
        columns.append(values.tolist())
    return [list(r) for r in zip(*columns, strict=True)]


def write_workbook(path: Path, frames: Frames, doc_ids: Iterable[str] | None = None) -> None:
    """One canonical workbook (the template's sheets) of the given documents.

    Without ``doc_ids`` every row of ``frames`` is written: :func:`write_workbooks` hands
    each file its own slices (:func:`file_slices`), so no file filters the whole set.
    """
    import xlsxwriter

    wanted = None if doc_ids is None else set(doc_ids)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                           "strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    guide = book.add_worksheet(GUIDE_SHEET)  # as the template writer: a guide sheet first
    guide.write(0, 0, "Rencana aksi sintetis untuk benchmark sakip-check "
                "(benchmarks/generate.py); kolom dan lembar sesuai templat.")
    for name, entity in ENTITIES.items():
        frame = frames.get(name)  # a plan without Renstra years writes the sheet empty
        if wanted is not None:
            frame = frame[frame["_doc"].isin(wanted).to_numpy()]
        sheet = book.add_worksheet(entity.sheet)
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, [f.header for f in entity.fields], bold)
        for r, row in enumerate(_sheet_rows(frame, name), start=1):
            sheet.write_row(r, 0, row)
    book.close()


def file_rows(frames: Frames, files: dict[str, list[str]]) -> list[dict[str, np.ndarray]]:
    """Each file's row positions in every entity's frame, in the frames' order, in one pass.

    Filtering the whole frames with ``isin`` once per file is quadratic in the plan set
    (3.3M: 1,012 files × 8.3 M rows, hours); here each entity's rows are ordered by their
    file once (a stable sort, so a file's rows keep their order, as ``isin`` kept it) and
    each file takes its contiguous run. Positions, not frames: a file's slice is cut only
    when it is written, so the whole set is never held twice.
    """
    file_of = {doc: i for i, docs in enumerate(files.values()) for doc in docs}
    out: list[dict[str, np.ndarray]] = [{} for _ in files]
    for name in ENTITIES:
        docs = pd.Categorical(frames.get(name)["_doc"])
        code_of = np.array([file_of.get(d, -1) for d in docs.categories] + [-1],
                           dtype=np.int64)
        fcode = code_of[docs.codes]  # code -1 (a blank _doc) reads the trailing -1
        order = np.argsort(fcode, kind="stable")
        bounds = np.searchsorted(fcode[order], np.arange(len(files) + 1))
        for i in range(len(files)):
            out[i][name] = order[bounds[i]:bounds[i + 1]]
    return out


def _write_one(args: tuple[str, int]) -> str:
    path, index = args
    assert _WRITING is not None
    frames, rows = _WRITING
    write_workbook(Path(path), Frames({name: frames.get(name).take(pos)
                                       for name, pos in rows[index].items()}))
    return path


def write_workbooks(frames: Frames, files: dict[str, list[str]], folder: Path,
                    jobs: int | None = None) -> list[Path]:
    """One workbook per pemda (its 40 agencies' documents), written in parallel."""
    global _WRITING
    folder.mkdir(parents=True, exist_ok=True)
    _WRITING = frames, file_rows(frames, files)  # inherited by forked writers
    tasks = [(str(folder / name), i) for i, name in enumerate(files)]
    jobs = jobs or os.cpu_count() or 1
    try:
        if jobs == 1 or len(tasks) == 1:
            done = [_write_one(t) for t in tasks]
        else:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
                done = list(pool.map(_write_one, tasks, chunksize=1))
    finally:
        _WRITING = None
    return [Path(p) for p in done]


def build(size: str, seed: int = 2024, xlsx: bool = True, root: Path = DATA,
          jobs: int | None = None) -> Path:
    """Generate one size and write its columnar file, ground truth and workbooks."""
    folder = root / size
    t0 = time.perf_counter()
    plan = generate(size, seed)
    t1 = time.perf_counter()
    write_columnar(plan, folder)
    write_truth(plan, folder)
    t2 = time.perf_counter()
    print(f"{size}: {plan.sub_rows:,} sub-kegiatan, rows {plan.counts()}, "
          f"{len(plan.injections)} injections; generated in {t1 - t0:.1f} s, "
          f"columnar written in {t2 - t1:.1f} s", flush=True)
    if xlsx:
        paths = write_workbooks(plan.frames, plan.files, folder / "xlsx", jobs)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{size}: {len(paths)} workbooks, {mb:,.0f} MB, written in "
              f"{time.perf_counter() - t2:.1f} s", flush=True)
    return folder


def build_workbooks(size: str, root: Path = DATA, jobs: int | None = None) -> Path:
    """Write one size's workbooks from its columnar form and truth, already on disk.

    For a size whose workbooks were not written with it (3.3M): the frames and the file
    layout are read back instead of generated again, so ``frames.pkl`` and ``truth.json``
    stay as they are and the workbooks hold exactly the rows the benchmark checks against.
    """
    folder = root / size
    t0 = time.perf_counter()
    frames, files = read_columnar(folder), read_truth(folder)["files"]
    t1 = time.perf_counter()
    paths = write_workbooks(frames, files, folder / "xlsx", jobs)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{size}: {len(paths)} workbooks, {mb:,.0f} MB, written in "
          f"{time.perf_counter() - t1:.1f} s (columnar read in {t1 - t0:.1f} s)", flush=True)
    return folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k",
                        help=f"comma-separated, of {', '.join(SIZES)} or a number of rows")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-xlsx", action="store_true", help="columnar form only")
    parser.add_argument("--xlsx-only", action="store_true",
                        help="write the workbooks from the size's frames.pkl and truth.json")
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        if args.xlsx_only:
            build_workbooks(size.strip(), args.out, args.jobs)
            continue
        build(size.strip(), args.seed, not args.no_xlsx, args.out, args.jobs)


if __name__ == "__main__":
    main()
