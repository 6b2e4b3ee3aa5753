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
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.arrays import FloatingArray, IntegerArray

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.inject import KINDS, Context, inject_all, n_injections
from benchmarks.plans import (
    AGENCIES,
    AGENCIES_PER_PEMDA,
    DATA,
    ESELON,
    KEG_INDICATORS,
    LEVELS,
    MODES,
    PROG_INDICATORS,
    SIZES,
    TOTAL_TABLES,
    YEAR,
    Arrays,
    PlanSet,
    agencies_for,
    layouts,
    parse_size,
)
from benchmarks.storage import (
    expected_from_truth,
    read_columnar,
    read_truth,
    write_columnar,
    write_truth,
    write_workbook,
    write_workbooks,
)
from checker.model.cells import constant_letters, letter_column
from checker.model.frames import Frames, coerce
from checker.model.location import column_letter
from checker.model.schema import ENTITIES, LOCATION_COLUMNS, Kind

__all__ = ["DATA", "KINDS", "build", "build_workbooks", "expected_from_truth", "generate",
           "parse_size", "read_columnar", "read_truth", "write_workbook"]


def _split(total: np.ndarray, rng: np.random.Generator, low: int = 1, high: int = 10,
           unit: int = 1) -> np.ndarray:
    """Four whole quarter shares of ``total`` (multiples of ``unit``), adding up exactly."""
    w = rng.integers(low, high, size=(*total.shape, 4))
    q = np.empty((*total.shape, 4), dtype=np.int64)
    q[..., :3] = (total[..., None] * w[..., :3] // w.sum(-1)[..., None]) // unit * unit
    q[..., 3] = total - q[..., :3].sum(-1)
    return q

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

    items = Arrays(n)
    items.values.update({
        "_doc": doc_ids[ag_of], "id": flat["id"][src], "induk": flat["induk"][src],
        "level": LEVELS[level], "kode": flat["kode"][src], "nama": flat["nama"][src],
        "eselon": ESELON[level], "penanggung_jawab": flat["pic"][src],
        "anggaran_mode": MODES[amode[ag_of]],
    })
    # Indicators: one per item, aligned with the items until injection removes some.
    # Sub-kegiatan carry their official indicator; programs and kegiatan a common one.
    ind = Arrays(n)
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
    tot = Arrays(n_ag * 3)
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

    ctx = Context(rng, items, ind, tot, level, is_sub, parent, amode[ag_of], tmode, target,
                   real_ind, percent, polaritas, uraian, doc_ids, ag_of, amode, opd)
    injections = inject_all(ctx, n_injections(n_sub))
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


def _frame(entity_name: str, arrays: Arrays, keep: np.ndarray,
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
