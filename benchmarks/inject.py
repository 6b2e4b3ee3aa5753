"""Errors injected into a consistent plan set, each with every finding it must cause.

One function per kind, named by the rule that must catch it (:data:`KINDS`); each picks its
own items (never one already injected), changes them and writes down the expected findings
(:class:`~benchmarks.plans.Expected`). See :mod:`benchmarks.generate` for the design.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from benchmarks.plans import DELTA, ERROR_EVERY, Arrays, Expected, Injection, layouts


def n_injections(sub_rows: int) -> int:
    """About one error per agency, and at least one of every kind."""
    return max(len(KINDS), round(sub_rows / ERROR_EVERY))


@dataclass
class Context:
    rng: np.random.Generator
    items: Arrays
    ind: Arrays
    tot: Arrays
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


def _recompute_persen(it: Arrays, i: int) -> None:
    it.values["persen_realisasi"][i] = round(
        float(it.values["realisasi"][i]) / float(it.values["anggaran"][i]) * 100, 2)


def _k_kod002(c: Context, count: int) -> list[Injection]:
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


def _k_tgt001(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.tmode == 0), count):
        c.ind.values["target_tw2"][i] += 1
        out.append(c.injection("TGT-001", i, "indicator", "target_tw2 + 1",
                               [c.exp("TGT-001", i, "target", "indicator")]))
    return out


def _k_tgt002(c: Context, count: int) -> list[Injection]:
    out = []
    tw2 = c.ind.values["target_tw2"]
    for i in c.pick(c.is_sub & (c.tmode == 1) & (tw2 >= 1), count):
        c.ind.values["target_tw3"][i] = tw2[i] - 1
        out.append(c.injection("TGT-002", i, "indicator", "target_tw3 = target_tw2 - 1",
                               [c.exp("TGT-002", i, "target_tw1", "indicator")]))
    return out


def _k_tgt003(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.tmode == 1), count):
        c.ind.values["target_tw4"][i] = c.ind.values["target"][i] + 1
        out.append(c.injection("TGT-003", i, "indicator", "target_tw4 = target + 1",
                               [c.exp("TGT-003", i, "target_tw4", "indicator")]))
    return out


def _k_tgt004(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.tmode == 2), count):
        c.ind.values["target_tw1"][i] += 1
        out.append(c.injection("TGT-004", i, "indicator", "target_tw1 + 1 (mode unstated)",
                               [c.exp("TGT-004", i, "target", "indicator")]))
    return out


def _k_tgt005(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.tmode == 1), count):
        c.ind.blank["target_tw2"][i] = True
        out.append(c.injection("TGT-005", i, "indicator", "target_tw2 cleared",
                               [c.exp("TGT-005", i, "target_tw1", "indicator")]))
    return out


def _k_agt001(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.amode != 1), count):
        c.items.values["anggaran_tw2"][i] += 1000
        out.append(c.injection("AGT-001", i, "item", "anggaran_tw2 + 1000 (the kegiatan's "
                               "TW II no longer rolls up either)",
                               [c.exp("AGT-001", i, "anggaran"),
                                c.exp("ROL-007", int(c.parent[i]), "anggaran_tw1")]))
    return out


def _k_agt002(c: Context, count: int) -> list[Injection]:
    out = []
    tw1 = c.items.values["anggaran_tw1"]
    for i in c.pick(c.is_sub & (c.amode == 1) & (tw1 >= 1000), count):
        c.items.values["anggaran_tw2"][i] = tw1[i] - 1000
        out.append(c.injection("AGT-002", i, "item", "anggaran_tw2 = anggaran_tw1 - 1000 "
                               "(cumulative plan falls; the kegiatan's TW II no longer rolls up)",
                               [c.exp("AGT-002", i, "anggaran_tw4"),
                                c.exp("ROL-007", int(c.parent[i]), "anggaran_tw1")]))
    return out


def _k_agt003(c: Context, count: int) -> list[Injection]:
    out = []
    for t in c.pick_total(1, c.amode_agency != 1, count):
        c.tot.values["anggaran_tw2"][t] += 1000
        e = c.exp_total("AGT-003", t)
        out.append(Injection("AGT-003", e.document, "total", e.key, "anggaran_tw2 + 1000", [e]))
    return out


def _k_rol001(c: Context, count: int) -> list[Injection]:
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


def _k_rol002(c: Context, count: int) -> list[Injection]:
    out = []
    for t in c.pick_total(0, np.ones(len(c.doc_ids), dtype=bool), count):
        c.tot.values["anggaran"][t] += DELTA
        if not c.tot.blank["anggaran_tw4"][t]:
            c.tot.values["anggaran_tw4"][t] += DELTA
        e = c.exp_total("ROL-002", t)
        out.append(Injection("ROL-002", e.document, "total", e.key,
                             f"anggaran + {DELTA} (quarters kept consistent)", [e]))
    return out


def _k_klp001(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub, count):
        c.removed[i] = True
        out.append(c.injection("KLP-001", i, "item", "indicator row removed",
                               [c.exp("KLP-001", i, "nama")]))
    return out


def _clear_text(kind: str, entity: str, column: str, fld: str):
    def inject(c: Context, count: int) -> list[Injection]:
        out = []
        arrays = c.ind if entity == "indicator" else c.items
        for i in c.pick(c.is_sub, count):
            arrays.values[column][i] = None
            out.append(c.injection(kind, i, entity, f"{column} cleared",
                                   [c.exp(kind, i, fld, entity)]))
        return out
    return inject


def _k_klp004(c: Context, count: int) -> list[Injection]:
    out = []
    # Periodik only: a kumulatif indicator states its year target in TW IV (KLP-004 lets
    # that stand), and an unstated mode would also trip the quarter-mode rules.
    for i in c.pick(c.is_sub & (c.tmode == 0), count):
        c.ind.blank["target"][i] = True
        out.append(c.injection("KLP-004", i, "indicator", "target cleared",
                               [c.exp("KLP-004", i, "target", "indicator")]))
    return out


def _k_kod001(c: Context, count: int) -> list[Injection]:
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


def _k_rea001(c: Context, count: int) -> list[Injection]:
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


def _k_rea002(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub, count):
        c.items.values["sisa"][i] += 1000
        out.append(c.injection("REA-002", i, "item", "sisa + 1000",
                               [c.exp("REA-002", i, "sisa")]))
    return out


def _k_rea003(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub, count):
        c.items.values["persen_realisasi"][i] += 1.5
        out.append(c.injection("REA-003", i, "item", "persen_realisasi + 1.5",
                               [c.exp("REA-003", i, "persen_realisasi")]))
    return out


def _k_cap001(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.polaritas != "negatif"), count):
        c.ind.values["capaian"][i] += 5
        out.append(c.injection("CAP-001", i, "indicator", "capaian + 5",
                               [c.exp("CAP-001", i, "capaian", "indicator")]))
    return out


def _k_cap002(c: Context, count: int) -> list[Injection]:
    out = []
    far = np.abs(c.real_ind - c.target) >= 0.01 * c.target
    for i in c.pick(c.is_sub & (c.polaritas == "negatif") & far, count):
        c.ind.values["capaian"][i] = round(c.real_ind[i] / c.target[i] * 100, 2)
        out.append(c.injection("CAP-002", i, "indicator", "capaian computed as realisasi / "
                               "target for a lower-is-better indicator",
                               [c.exp("CAP-002", i, "capaian", "indicator")]))
    return out


def _k_cap003(c: Context, count: int) -> list[Injection]:
    out = []
    for i in c.pick(c.is_sub & (c.polaritas != "negatif"), count):
        c.ind.values["realisasi"][i] = c.target[i] * 2
        c.ind.values["capaian"][i] = 200.0
        out.append(c.injection("CAP-003", i, "indicator", "realisasi = 2 × target, capaian "
                               "200 (consistent, but far above 150 %)",
                               [c.exp("CAP-003", i, "capaian", "indicator")]))
    return out


def _k_sat(kind: str, prefix: str, new: str):
    def inject(c: Context, count: int) -> list[Injection]:
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


def _k_sat003(c: Context, count: int) -> list[Injection]:
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


def inject_all(c: Context, total: int) -> list[Injection]:
    out: list[Injection] = []
    per, extra = divmod(total, len(KINDS))
    for n, (_kind, inject) in enumerate(KINDS.items()):
        out.extend(inject(c, per + (1 if n < extra else 0)))
    return out
