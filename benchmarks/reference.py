"""The same checks written by hand: plain pandas (the floor) and a per-row Python loop.

The engine's speed is judged against these. The pandas version is what a careful engineer
would write for this catalogue without a rule language: whole-column operations, every
relation joined once and shared between checks, nomenclature lookups once per distinct
value. The loop version is what a spreadsheet macro does: one row at a time, dictionaries
for parents and children. Both return, per rule code, the failing rows as
``(document, sheet, row)``, so the benchmark can also check that all three agree.

They follow the rule semantics of ``docs/dsl.md``: a comparison with a blank side is not
applicable, ``and`` is false as soon as one side is, ``or`` holds when any alternative
holds and fails when every known alternative fails. Rules that need documents of other
kinds (lintas-dokumen) are implemented for the case the benchmark generates: without those
documents they cannot fail, and both versions return nothing after checking that.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from checker.model.frames import Frames

EPS = 1e-9
PERCENT = ("%", "persen", "persentase")
LEVELS3 = ("program", "kegiatan", "sub_kegiatan")
Failing = dict[str, set[tuple[str, str, int]]]


@cache
def _nom():
    from checker.reference import nomenclature

    return nomenclature()


def _wellformed(k: str) -> bool:
    return _nom().is_wellformed(str(k))


def _known(k: str) -> bool:
    return _nom().by_code(str(k)) is not None


def _provincial(k: str) -> bool:
    return _nom().is_provincial_kegiatan(str(k))


def _fits(k: str, n: str) -> bool | None:
    scored = _nom().name_score(str(k), str(n))
    return None if scored is None else scored[1] >= 0.9


def _closest(n: str, lv: str) -> str | None:
    if lv not in LEVELS3:
        return None
    best = _nom().match_name(str(n), level=str(lv), limit=1)
    return None if not best or best[0][1] < 0.75 else best[0][0].kode


def _known_name(n: str, lv: str) -> bool | None:
    if lv not in LEVELS3:
        return None
    best = _nom().match_name(str(n), level=str(lv), limit=1)
    return bool(best) and best[0][1] >= 0.999


# ============================================================================ the floor
class Floor:
    """Hand-written pandas checks over the engine's frames, sharing their joins."""

    def __init__(self, frames: Frames) -> None:
        self.it = frames.get("item")
        self.ind = frames.get("indicator")
        self.tot = frames.get("total")
        self.doc = frames.get("document")
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    # -- column helpers ----------------------------------------------------------------
    @staticmethod
    def text_present(s: pd.Series) -> np.ndarray:
        codes, uniques = pd.factorize(s)
        ok = np.array([bool(str(u).strip()) for u in uniques] + [False])
        return ok[codes]

    @staticmethod
    def num(s: pd.Series) -> np.ndarray:
        return s.to_numpy(dtype=np.float64, na_value=np.nan)

    @staticmethod
    def ints(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        return s.to_numpy(dtype=np.int64, na_value=0), s.isna().to_numpy()

    @staticmethod
    def eq(s: pd.Series, value: str) -> np.ndarray:
        return (s == value).fillna(False).to_numpy(dtype=bool)

    @staticmethod
    def lower(s: pd.Series) -> pd.Series:
        codes, uniques = pd.factorize(s)
        low = np.array([str(u).lower() for u in uniques] + [None], dtype=object)
        return pd.Series(low[codes], index=s.index)

    def per_value(self, s: pd.Series, func: Callable[[Any], Any]) -> np.ndarray:
        codes, uniques = pd.factorize(s)
        out = np.array([func(u) for u in uniques] + [None], dtype=object)
        return out[codes]

    def per_pair(self, a: pd.Series, b: pd.Series, func: Callable[[Any, Any], Any]) -> np.ndarray:
        ca, ua = pd.factorize(a)
        cb, ub = pd.factorize(b)
        ok = (ca >= 0) & (cb >= 0)
        key = np.where(ok, ca.astype(np.int64) * max(len(ub), 1) + cb, -1)
        codes, pairs = pd.factorize(key)
        res = np.array([None if p < 0 else func(ua[p // max(len(ub), 1)],
                                                  ub[p % max(len(ub), 1)]) for p in pairs],
                       dtype=object)
        return res[codes]

    def jenis(self, frame: pd.DataFrame) -> pd.Series:
        kinds = self.memo("kinds", lambda: pd.Series(self.doc["jenis"].to_numpy(),
                                                     index=self.doc["_doc"].to_numpy()))
        return frame["_doc"].map(kinds)

    def quarters(self, frame: pd.DataFrame, prefix: str) -> tuple[np.ndarray, np.ndarray]:
        cols = [frame[f"{prefix}_tw{q}"] for q in range(1, 5)]
        values = np.stack([c.to_numpy(dtype=np.float64, na_value=0.0) for c in cols], 1)
        blank = np.stack([c.isna().to_numpy() for c in cols], 1)
        return values, blank

    @staticmethod
    def qsum(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
        total = np.zeros(len(values))
        comp = np.zeros(len(values))
        for q in range(values.shape[1]):  # pandas adds quarters in order, Kahan-compensated
            y = values[:, q] - comp
            t = total + y
            c = t - total - y
            total = np.where(blank[:, q], total, t)
            comp = np.where(blank[:, q], comp, c)
        return np.where(blank.all(1), np.nan, total)

    @staticmethod
    def nondecreasing(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
        """1 true, 0 false, -1 blank (every quarter blank)."""
        filled = values[:, 0].copy()
        fb = blank[:, 0].copy()
        ok = np.ones(len(values), dtype=bool)
        for q in range(1, values.shape[1]):
            cur = np.where(blank[:, q], filled, values[:, q])
            cb = blank[:, q] & fb
            ok &= fb | cb | (cur >= filled)
            filled, fb = cur, cb
        return np.where(fb, -1, ok.astype(int))

    @staticmethod
    def last(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
        out = np.full(len(values), np.nan)
        for q in range(values.shape[1]):
            out = np.where(blank[:, q], out, values[:, q])
        return out

    @staticmethod
    def within(a: np.ndarray, b: np.ndarray, tol: float) -> np.ndarray:
        """|a − b| ≤ tol (+ float noise); NaN where either is blank."""
        res = np.abs(a - b) <= tol + EPS * np.maximum(np.abs(b), 1.0)
        return np.where(np.isnan(a) | np.isnan(b), np.nan, res)

    # -- relations ----------------------------------------------------------------------
    def codes(self, frame: pd.DataFrame, key: str, name: str) -> np.ndarray:
        """(document, key) of each row as one integer, in a numbering shared by all."""
        def make() -> np.ndarray:
            docs = self.memo("docs", lambda: pd.Index(pd.unique(np.concatenate(
                [f["_doc"].to_numpy(dtype=object) for f in (self.doc, self.it, self.ind,
                                                              self.tot)]))))
            keys = self.memo("keys", lambda: pd.Index(pd.unique(np.concatenate(
                [self.it["id"].dropna().to_numpy(dtype=object),
                 self.it["kode"].dropna().to_numpy(dtype=object),
                 self.it["level"].dropna().to_numpy(dtype=object)]))))
            d = docs.get_indexer(frame["_doc"])
            k = keys.get_indexer(frame[key])
            return np.where(k >= 0, d.astype(np.int64) * (len(keys) + 1) + k, -1)
        return self.memo(f"codes:{name}", make)

    def group_sum(self, frame: pd.DataFrame, key_name: str, column: str, target: pd.DataFrame,
                  target_key: str, target_name: str) -> tuple[np.ndarray, np.ndarray]:
        """Sum (blank if any blank) and count of the target rows keyed like each row."""
        src = self.codes(frame, key_name.split(":")[1], key_name)
        tgt = self.codes(target, target_key, target_name)
        groups = self.memo(f"groups:{target_name}", lambda: pd.factorize(tgt[tgt >= 0]))
        gcodes, guniq = groups
        g = np.full(len(tgt), -1)
        g[tgt >= 0] = gcodes
        idx = pd.Index(guniq).get_indexer(src)
        n = np.bincount(g[g >= 0], minlength=len(guniq))
        if column is None:
            return np.zeros(len(src)), np.where(idx >= 0, n[np.maximum(idx, 0)], 0)
        v, blank = self.ints(target[column])
        s = np.zeros(len(guniq), dtype=np.int64)
        np.add.at(s, g[g >= 0], v[g >= 0])
        nb = np.bincount(g[(g >= 0) & blank], minlength=len(guniq))
        total = np.where((idx >= 0) & (nb[np.maximum(idx, 0)] == 0),
                         s[np.maximum(idx, 0)], np.iinfo(np.int64).min)
        return total, np.where(idx >= 0, n[np.maximum(idx, 0)], 0)

    def item_of_indicator(self, column: str) -> pd.Series:
        def make() -> pd.Series:
            src = self.codes(self.ind, "item", "ind:item")
            tgt = self.codes(self.it, "id", "it:id")
            first = pd.Series(np.arange(len(tgt))[tgt >= 0], index=tgt[tgt >= 0])
            first = first[~first.index.duplicated()]
            return pd.Series(first.reindex(src).to_numpy(), index=self.ind.index)
        pos = self.memo("ind->item", make)
        values = self.it[column].to_numpy(dtype=object)
        return pd.Series(np.where(pos.isna(), None, values[pos.fillna(0).astype(int)]),
                         index=self.ind.index)

    def parent(self, column: str) -> pd.Series:
        def make() -> pd.Series:
            src = self.codes(self.it, "induk", "it:induk")
            tgt = self.codes(self.it, "id", "it:id")
            first = pd.Series(np.arange(len(tgt))[tgt >= 0], index=tgt[tgt >= 0])
            first = first[~first.index.duplicated()]
            return pd.Series(first.reindex(src).to_numpy(), index=self.it.index)
        pos = self.memo("parent", make)
        values = self.it[column].to_numpy(dtype=object)
        return pd.Series(np.where(pos.isna(), None, values[pos.fillna(0).astype(int)]),
                         index=self.it.index)

    # -- the rules ----------------------------------------------------------------------
    def run(self, codes: list[str]) -> tuple[Failing, list[str]]:
        """Failing rows per rule for the codes it implements, and the codes it does not."""
        out: Failing = {}
        missing = []
        for code in codes:
            method = getattr(self, "r_" + code.replace("-", "_"), None)
            if method is None:
                missing.append(code)
                continue
            frame, fail = method()
            out[code] = _rows(frame, fail)
        return out, missing

    # anggaran-triwulan
    def r_AGT_001(self):
        it = self.it
        mode = it["anggaran_mode"]
        scope = (~self.text_present(mode) | self.eq(mode, "periodik")) & it["anggaran"].notna() \
            .to_numpy()
        v, b = self.quarters_int(it, "anggaran")
        scope &= (~b).any(1)
        a, _ = self.ints(it["anggaran"])
        return it, scope & (np.where(b, 0, v).sum(1) != a)

    def quarters_int(self, frame: pd.DataFrame, prefix: str) -> tuple[np.ndarray, np.ndarray]:
        cols = [frame[f"{prefix}_tw{q}"] for q in range(1, 5)]
        return (np.stack([c.to_numpy(dtype=np.int64, na_value=0) for c in cols], 1),
                np.stack([c.isna().to_numpy() for c in cols], 1))

    def r_AGT_002(self):
        it = self.it
        v, b = self.quarters_int(it, "anggaran")
        scope = self.eq(it["anggaran_mode"], "kumulatif") & (~b).any(1)
        nd = self.nondecreasing(v.astype(np.float64), b)
        a = self.num(it["anggaran"])
        last = self.last(v.astype(np.float64), b)
        ends = np.isnan(a) | (last == a)
        return it, scope & ((nd == 0) | ~ends)

    def r_AGT_003(self):
        t = self.tot
        v, b = self.quarters_int(t, "anggaran")
        a, ab = self.ints(t["anggaran"])
        return t, ~ab & (~b).any(1) & (np.where(b, 0, v).sum(1) != a)

    # capaian
    def _cap(self, negative: bool):
        ind = self.ind
        r, t, c = self.num(ind["realisasi"]), self.num(ind["target"]), self.num(ind["capaian"])
        pol = ind["polaritas"]
        scope = ~np.isnan(c) & ~np.isnan(r) & (np.nan_to_num(t) > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            if negative:
                scope &= self.eq(pol, "negatif")
                x = (2 * t - r) / t * 100
                places = ((2, 0.01), (0, 0.5))
            else:
                scope &= ~self.text_present(pol) | self.eq(pol, "positif")
                x = r / t * 100
                places = ((2, 0.01), (1, 0.05), (0, 0.5))
            ok = np.zeros(len(ind), dtype=bool)
            for p, tol in places:
                ok |= self.within(np.round(x, p), c, tol) == 1
        return ind, scope & ~ok

    def r_CAP_001(self):
        return self._cap(False)

    def r_CAP_002(self):
        return self._cap(True)

    def r_CAP_003(self):
        c = self.num(self.ind["capaian"])
        return self.ind, ~np.isnan(c) & (c - 150 > EPS * 150)

    # kelengkapan
    def r_KLP_001(self):
        it = self.it
        scope = self.eq(it["level"], "sub_kegiatan") & self.jenis(it).isin(
            ["rencana_aksi", "renstra", "dpa"]).to_numpy()
        _, n = self.group_sum(it, "it:id", None, self.ind, "item", "ind:item")
        return it, scope & (n == 0)

    def _sub_indicator(self) -> np.ndarray:
        return self.memo("sub_ind", lambda: self.eq(self.item_of_indicator("level"),
                                                     "sub_kegiatan"))

    def r_KLP_002(self):
        return self.ind, self._sub_indicator() & ~self.text_present(self.ind["uraian"])

    def r_KLP_003(self):
        return self.ind, self._sub_indicator() & ~self.text_present(self.ind["satuan"])

    def r_KLP_004(self):
        ind = self.ind
        ok = ind["target"].notna().to_numpy() | (
            self.eq(ind["mode"], "kumulatif") & ind["target_tw4"].notna().to_numpy())
        return ind, self._sub_indicator() & ~ok

    def r_KLP_005(self):
        it = self.it
        scope = self.eq(it["level"], "sub_kegiatan") & self.eq(self.jenis(it), "rencana_aksi")
        return it, scope & ~self.text_present(it["penanggung_jawab"])

    def r_KLP_006(self):
        ind = self.ind
        scope = self.eq(self.jenis(ind), "rencana_aksi") & self.text_present(ind["uraian"])
        _, b = self.quarters(ind, "target")
        ok = ind["target"].notna().to_numpy() | self.text_present(ind["target_teks"]) | \
            (~b).any(1)
        return ind, scope & ~ok

    # kode
    def r_KOD_001(self):
        it = self.it
        kode, pk = it["kode"], self.parent("kode")
        scope = self.text_present(kode) & self.text_present(pk)
        ok = self.per_pair(kode, pk, lambda k, p: str(k).startswith(str(p)))
        return it, scope & (ok == False)  # noqa: E712

    def r_KOD_002(self):
        it = self.it
        scope = self.text_present(it["kode"])
        src = self.codes(it, "kode", "it:kode")
        counts = pd.Series(src[src >= 0]).value_counts()
        n = counts.reindex(src).fillna(0).to_numpy()
        return it, scope & (n != 1)

    def _levels(self, levels: tuple[str, ...]) -> np.ndarray:
        return self.it["level"].isin(levels).to_numpy()

    def _wellformed(self) -> np.ndarray:
        return self.memo("wf", lambda: self.per_value(self.it["kode"], _wellformed))

    def _known(self) -> np.ndarray:
        return self.memo("known", lambda: self.per_value(self.it["kode"], _known))

    def r_KOD_003(self):
        scope = self.text_present(self.it["kode"]) & self._levels(LEVELS3)
        return self.it, scope & (self._wellformed() == False)  # noqa: E712

    def r_NOM_001(self):
        scope = self.text_present(self.it["kode"]) & self._levels(LEVELS3) & \
            (self._wellformed() == True)  # noqa: E712
        return self.it, scope & (self._known() == False)  # noqa: E712

    def r_NOM_002(self):
        it = self.it
        scope = self.text_present(it["kode"]) & self.text_present(it["nama"]) & \
            (self._known() == True)  # noqa: E712
        fits = np.full(len(it), None, dtype=object)
        if scope.any():
            sub = it[scope]
            fits[scope] = self.per_pair(sub["kode"], sub["nama"], _fits)
        return it, scope & (fits == False)  # noqa: E712

    def r_NOM_003(self):
        it = self.it
        scope = ~self.text_present(it["kode"]) & self.text_present(it["nama"]) & \
            self._levels(LEVELS3)
        out = np.zeros(len(it), dtype=bool)
        if scope.any():
            sub = it[scope]
            near = self.per_pair(sub["nama"], sub["level"], _closest)
            known = self.per_pair(sub["nama"], sub["level"], _known_name)
            out[scope] = np.array([n is not None for n in near]) & (known == False)  # noqa: E712
        return it, out

    def r_NOM_004(self):
        it = self.it
        pemda = self.lower(self.it["_doc"].map(pd.Series(self.doc["pemda"].to_numpy(),
                                                          index=self.doc["_doc"].to_numpy())))
        kab = pemda.str.startswith("kabupaten").fillna(False).to_numpy(dtype=bool) | \
            pemda.str.startswith("kota").fillna(False).to_numpy(dtype=bool)
        scope = self.text_present(it["kode"]) & self._levels(("kegiatan", "sub_kegiatan")) & kab
        prov = self.per_value(it["kode"], _provincial)
        return it, scope & (prov == True)  # noqa: E712

    # realisasi-pagu
    def r_REA_001(self):
        r, rb = self.ints(self.it["realisasi"])
        a, ab = self.ints(self.it["anggaran"])
        return self.it, ~rb & ~ab & (r > a)

    def r_REA_002(self):
        s, sb = self.ints(self.it["sisa"])
        r, rb = self.ints(self.it["realisasi"])
        a, ab = self.ints(self.it["anggaran"])
        return self.it, ~sb & ~rb & ~ab & (s != a - r)

    def r_REA_003(self):
        p, r, a = (self.num(self.it[c]) for c in ("persen_realisasi", "realisasi", "anggaran"))
        scope = ~np.isnan(p) & ~np.isnan(r) & (np.nan_to_num(a) > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            ok = self.within(p, r / a * 100, 0.01)
        return self.it, scope & (ok == 0)

    def r_REA_004(self):
        it = self.it
        v, b = self.quarters_int(it, "realisasi")
        scope = self.eq(it["anggaran_mode"], "kumulatif") & (~b).any(1)
        top = np.where(b, np.iinfo(np.int64).min, v).max(1)
        a, ab = self.ints(it["anggaran"])
        nd = self.nondecreasing(v.astype(np.float64), b)
        return it, scope & ((nd == 0) | (~ab & (top > a)))

    # rollup-anggaran
    def _rollup(self, column: str):
        it = self.it
        total, n = self.group_sum(it, "it:id", column, it, "induk", "it:induk")
        own, blank = self.ints(it[column])
        known = total != np.iinfo(np.int64).min
        return it, ~blank & (n > 0) & known & (total != own)

    def r_ROL_001(self):
        return self._rollup("anggaran")

    def r_ROL_002(self):
        t = self.tot
        total, n = self.group_sum(t, "tot:level", "anggaran", self.it, "level", "it:level")
        own, blank = self.ints(t["anggaran"])
        known = total != np.iinfo(np.int64).min
        return t, ~blank & (n > 0) & known & (total != own)

    def r_ROL_003(self):
        return self._rollup("anggaran_murni")

    def r_ROL_004(self):
        return self._rollup("anggaran_pergeseran")

    def r_ROL_005(self):
        return self._rollup("anggaran_perubahan")

    def r_ROL_006(self):
        return self._rollup("realisasi")

    def r_ROL_007(self):
        it = self.it
        _, b = self.quarters_int(it, "anggaran")
        fail = np.zeros(len(it), dtype=bool)
        n = None
        for q in range(1, 5):
            total, n = self.group_sum(it, "it:id", f"anggaran_tw{q}", it, "induk", "it:induk")
            own, blank = self.ints(it[f"anggaran_tw{q}"])
            known = total != np.iinfo(np.int64).min
            fail |= ~blank & known & (total != own)
        # Quarters add up only where parent and children share the mode.
        kum = self.eq(it["anggaran_mode"], "kumulatif")
        src = self.codes(it, "id", "it:id")
        parents = self.codes(it, "induk", "it:induk")
        n_kum = pd.Series(parents[kum & (parents >= 0)]).value_counts().reindex(src) \
            .fillna(0).to_numpy()
        periodic = ~self.text_present(it["anggaran_mode"]) | self.eq(it["anggaran_mode"],
                                                                      "periodik")
        same = (kum & (n_kum == n)) | (periodic & (n_kum == 0))
        return it, (n > 0) & (~b).any(1) & same & fail

    # satuan-indikator
    def _unit(self, prefix: str, want_percent: bool):
        ind = self.ind
        starts = self.lower(ind["uraian"]).str.startswith(prefix).fillna(False).to_numpy(bool)
        scope = starts & self.text_present(ind["satuan"])
        percent = self.lower(ind["satuan"]).isin(PERCENT).to_numpy()
        return ind, scope & (percent != want_percent)

    def r_SAT_001(self):
        return self._unit("persentase", True)

    def r_SAT_002(self):
        return self._unit("jumlah", False)

    def r_SAT_003(self):
        ind = self.ind
        _, b = self.quarters(ind, "target")
        level = self.item_of_indicator("level")
        scope = (ind["target"].notna().to_numpy() | (~b).any(1)) & \
            level.notna().to_numpy() & ~self.eq(level, "sub_kegiatan")
        return ind, scope & ~self.text_present(ind["satuan"])

    # target-triwulan
    def _targets(self):
        return self.memo("tq", lambda: self.quarters(self.ind, "target"))

    def r_TGT_001(self):
        ind = self.ind
        v, b = self._targets()
        t = self.num(ind["target"])
        scope = self.eq(ind["mode"], "periodik") & ~np.isnan(t) & (~b).any(1)
        return ind, scope & (self.within(self.qsum(v, b), t, 0.001) == 0)

    def r_TGT_002(self):
        v, b = self._targets()
        scope = self.eq(self.ind["mode"], "kumulatif") & ((~b).sum(1) > 1)
        return self.ind, scope & (self.nondecreasing(v, b) == 0)

    def r_TGT_003(self):
        ind = self.ind
        t, q4 = self.num(ind["target"]), self.num(ind["target_tw4"])
        scope = self.eq(ind["mode"], "kumulatif") & ~np.isnan(t) & ~np.isnan(q4)
        return ind, scope & (self.within(q4, t, 0.001) == 0)

    def r_TGT_004(self):
        ind = self.ind
        v, b = self._targets()
        t = self.num(ind["target"])
        scope = ~self.text_present(ind["mode"]) & ~np.isnan(t) & ((~b).sum(1) > 1)
        periodic = self.within(self.qsum(v, b), t, 0.001) == 1
        cumulative = (self.nondecreasing(v, b) == 1) & (self.within(self.last(v, b), t, 0.001)
                                                         == 1)
        return ind, scope & ~periodic & ~cumulative

    def r_TGT_005(self):
        _, b = self._targets()
        scope = self.eq(self.ind["mode"], "kumulatif") & (~b).any(1)
        return self.ind, scope & b.any(1)

    def r_TGT_006(self):
        v, b = self.quarters(self.ind, "realisasi")
        scope = self.eq(self.ind["mode"], "kumulatif") & ((~b).sum(1) > 1)
        return self.ind, scope & (self.nondecreasing(v, b) == 0)

    # trust
    def r_REF_001(self):
        it = self.it
        scope = self.text_present(it["induk"])
        return it, scope & ~self.text_present(self.parent("id"))

    def r_REF_002(self):
        ind = self.ind
        scope = self.text_present(ind["item"])
        return ind, scope & ~self.text_present(self.item_of_indicator("id"))

    # kewajaran
    def r_WJR_001(self):
        from checker.engine.cases import _name_key, _normal_code, _official_code

        it = self.it
        _, n = self.group_sum(it, "it:id", None, self.ind, "item", "ind:item")
        src = self.codes(it, "id", "it:id")
        tgt = self.codes(self.ind, "item", "ind:item")
        gcodes, guniq = self.memo("groups:ind:item", lambda: pd.factorize(tgt[tgt >= 0]))
        t = self.num(self.ind["target"])[tgt >= 0]
        sums = np.bincount(gcodes, weights=np.nan_to_num(t), minlength=len(guniq))
        nans = np.bincount(gcodes[np.isnan(t)], minlength=len(guniq))
        idx = pd.Index(guniq).get_indexer(src)
        safe = np.maximum(idx, 0)
        total = np.where((idx >= 0) & (nans[safe] == 0), sums[safe], np.nan)
        a = self.num(it["anggaran"])
        with np.errstate(invalid="ignore", divide="ignore"):
            v = np.where(total != 0, a / total, np.nan)
        # The item's key: its printed code; the official code (or the name) only where the
        # code is blank, so the name matching runs for those rows alone.
        key = pd.Series(self.per_value(it["kode"], _normal_code), index=it.index)
        blank = key.isna().to_numpy()
        if blank.any():
            names = (it["level"].astype("string") + "|" + it["nama"].astype("string"))[blank]
            official = self.per_value(names, _official_code)
            names_key = self.per_value(it["nama"][blank], _name_key)
            key[blank] = np.where(pd.isna(official), np.where(
                pd.isna(names_key), None, it["level"][blank].astype(str) + "|" +
                names_key.astype(str)), official)
        group = (it["level"].astype("string") + "|" + key.astype("string")).where(~np.isnan(v))
        values = pd.Series(v, index=it.index).where(group.notna())
        stats = values.groupby(group).agg(["count", "sum", "median"])
        count = group.map(stats["count"]).to_numpy(dtype=np.float64, na_value=0.0)
        total_v = group.map(stats["sum"]).to_numpy(dtype=np.float64, na_value=np.nan)
        median = group.map(stats["median"]).to_numpy(dtype=np.float64, na_value=np.nan)
        peer = np.where(count == 2, total_v - v, np.where(count >= 3, median, np.nan))
        scope = self.eq(it["level"], "sub_kegiatan") & ~np.isnan(a) & (n == 1) & \
            (np.nan_to_num(total) > 0) & (count >= 3)
        with np.errstate(invalid="ignore"):
            fail = (v > 10 * peer + EPS * np.maximum(np.abs(10 * peer), 1)) | \
                (v * 10 < peer - EPS * np.maximum(np.abs(peer), 1))
        return it, scope & ~np.isnan(peer) & fail

    # lintas-dokumen: only the case the benchmark generates (no other kinds of document)
    def _no_other_documents(self, *kinds: str):
        if self.doc["jenis"].isin(kinds).any():
            raise NotImplementedError("lintas-dokumen with several kinds of document")
        return self.it, np.zeros(len(self.it), dtype=bool)

    def r_LDK_001(self):
        return self._no_other_documents("pk", "pk_perubahan")

    def r_LDK_002(self):
        return self._no_other_documents("pk", "lkjip")

    def r_LDK_003(self):
        return self._no_other_documents("pk_perubahan", "lkjip")

    def r_LDK_004(self):
        return self._no_other_documents("lkjip", "pk_perubahan")

    def r_LDK_005(self):
        return self._no_other_documents("pk", "pk_perubahan")

    def r_LDK_006(self):
        return self._no_other_documents("pk", "pk_perubahan")

    def r_LDK_007(self):
        return self._no_other_documents("pk", "pk_perubahan")

    def r_LDK_008(self):
        return self._no_other_documents("pk", "pk_perubahan", "lkjip")

    def r_LDK_009(self):
        return self._no_other_documents("lkjip")


def _rows(frame: pd.DataFrame, fail: np.ndarray) -> set[tuple[str, str, int]]:
    """The failing rows as (document, sheet, row), with their message-ready values."""
    rows = frame[np.asarray(fail, dtype=bool)]
    return set(zip(rows["_doc"].tolist(), rows["_table"].tolist(),
                   rows["_row"].astype("int64").tolist(), strict=True))


def floor(frames: Frames, codes: list[str]) -> tuple[Failing, list[str]]:
    """Failing rows of every implemented rule, computed with plain pandas."""
    return Floor(frames).run(codes)


# ============================================================================ the loop
def _blank(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or \
        (isinstance(v, str) and not v.strip())


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + EPS * max(abs(b), 1.0)


def _nondecreasing(values: list[Any]) -> bool | None:
    last = None
    seen = False
    for v in values:
        if _blank(v):
            continue
        if seen and v < last:
            return False
        last, seen = v, True
    return True if seen else None


def _qsum(values: list[Any]) -> float | None:
    known = [v for v in values if not _blank(v)]
    return sum(known) if known else None


def naive(frames: Frames, codes: list[str]) -> tuple[Failing, list[str]]:
    """The same checks one row at a time, with dictionaries for the relations."""
    items = frames.get("item").to_dict("records")
    indicators = frames.get("indicator").to_dict("records")
    totals = frames.get("total").to_dict("records")
    jenis = {d["_doc"]: d["jenis"] for d in frames.get("document").to_dict("records")}
    pemda = {d["_doc"]: d["pemda"] for d in frames.get("document").to_dict("records")}
    by_id: dict[tuple[str, str], dict] = {}
    children: dict[tuple[str, str], list[dict]] = {}
    by_kode: dict[tuple[str, str], int] = {}
    by_level: dict[tuple[str, str], list[dict]] = {}
    n_ind: dict[tuple[str, str], int] = {}
    for r in items:
        by_id.setdefault((r["_doc"], r["id"]), r)
        if not _blank(r["induk"]):
            children.setdefault((r["_doc"], r["induk"]), []).append(r)
        if not _blank(r["kode"]):
            by_kode[(r["_doc"], r["kode"])] = by_kode.get((r["_doc"], r["kode"]), 0) + 1
        by_level.setdefault((r["_doc"], r["level"]), []).append(r)
    for r in indicators:
        n_ind[(r["_doc"], r["item"])] = n_ind.get((r["_doc"], r["item"]), 0) + 1
    nom_wf, nom_known, nom_prov = cache(_wellformed), cache(_known), cache(_provincial)
    nom_fits, nom_closest, nom_kname = cache(_fits), cache(_closest), cache(_known_name)

    def q(r: dict, prefix: str) -> list[Any]:
        return [r[f"{prefix}_tw{i}"] for i in range(1, 5)]

    def rollup(r: dict, column: str) -> bool:
        kids = children.get((r["_doc"], r["id"]), [])
        if _blank(r[column]) or not kids or any(_blank(k[column]) for k in kids):
            return False
        return sum(k[column] for k in kids) != r[column]

    def cap(r: dict, negative: bool) -> bool:
        c, re, t, pol = r["capaian"], r["realisasi"], r["target"], r["polaritas"]
        if _blank(c) or _blank(re) or _blank(t) or t <= 0:
            return False
        if negative != (pol == "negatif") or (not negative and not _blank(pol)
                                               and pol != "positif"):
            return False
        x = (2 * t - re) / t * 100 if negative else re / t * 100
        places = ((2, 0.01), (0, 0.5)) if negative else ((2, 0.01), (1, 0.05), (0, 0.5))
        return not any(_close(float(np.round(x, p)), c, tol) for p, tol in places)

    def same_mode(r: dict) -> bool:
        kids = children.get((r["_doc"], r["id"]), [])
        n_kum = sum(k["anggaran_mode"] == "kumulatif" for k in kids)
        if r["anggaran_mode"] == "kumulatif":
            return n_kum == len(kids)
        return (_blank(r["anggaran_mode"]) or r["anggaran_mode"] == "periodik") and n_kum == 0

    def level_of(r: dict) -> Any:
        item = by_id.get((r["_doc"], r["item"]))
        return None if item is None else item["level"]

    item_rules: dict[str, Callable[[dict], bool]] = {
        "AGT-001": lambda r: (_blank(r["anggaran_mode"]) or r["anggaran_mode"] == "periodik")
        and not _blank(r["anggaran"]) and _qsum(q(r, "anggaran")) is not None
        and _qsum(q(r, "anggaran")) != r["anggaran"],
        "AGT-002": lambda r: r["anggaran_mode"] == "kumulatif"
        and _qsum(q(r, "anggaran")) is not None
        and (_nondecreasing(q(r, "anggaran")) is False or (
            not _blank(r["anggaran"])
            and [v for v in q(r, "anggaran") if not _blank(v)][-1] != r["anggaran"])),
        "KLP-001": lambda r: r["level"] == "sub_kegiatan"
        and jenis.get(r["_doc"]) in ("rencana_aksi", "renstra", "dpa")
        and n_ind.get((r["_doc"], r["id"]), 0) == 0,
        "KLP-005": lambda r: r["level"] == "sub_kegiatan" and jenis.get(r["_doc"]) ==
        "rencana_aksi" and _blank(r["penanggung_jawab"]),
        "KOD-001": lambda r: not _blank(r["kode"]) and (r["_doc"], r["induk"]) in by_id
        and not _blank(by_id[(r["_doc"], r["induk"])]["kode"])
        and not r["kode"].startswith(by_id[(r["_doc"], r["induk"])]["kode"]),
        "KOD-002": lambda r: not _blank(r["kode"]) and by_kode[(r["_doc"], r["kode"])] != 1,
        "KOD-003": lambda r: not _blank(r["kode"]) and r["level"] in LEVELS3
        and not nom_wf(r["kode"]),
        "NOM-001": lambda r: not _blank(r["kode"]) and r["level"] in LEVELS3
        and nom_wf(r["kode"]) and not nom_known(r["kode"]),
        "NOM-002": lambda r: not _blank(r["kode"]) and not _blank(r["nama"])
        and nom_known(r["kode"]) and nom_fits(r["kode"], r["nama"]) is False,
        "NOM-003": lambda r: _blank(r["kode"]) and not _blank(r["nama"])
        and r["level"] in LEVELS3 and nom_closest(r["nama"], r["level"]) is not None
        and nom_kname(r["nama"], r["level"]) is False,
        "NOM-004": lambda r: not _blank(r["kode"]) and r["level"] in ("kegiatan", "sub_kegiatan")
        and str(pemda.get(r["_doc"]) or "").lower().startswith(("kabupaten", "kota"))
        and nom_prov(r["kode"]),
        "REA-001": lambda r: not _blank(r["realisasi"]) and not _blank(r["anggaran"])
        and r["realisasi"] > r["anggaran"],
        "REA-002": lambda r: not any(_blank(r[c]) for c in ("sisa", "realisasi", "anggaran"))
        and r["sisa"] != r["anggaran"] - r["realisasi"],
        "REA-003": lambda r: not _blank(r["persen_realisasi"]) and not _blank(r["realisasi"])
        and not _blank(r["anggaran"]) and r["anggaran"] > 0
        and not _close(r["persen_realisasi"], r["realisasi"] / r["anggaran"] * 100, 0.01),
        "REA-004": lambda r: r["anggaran_mode"] == "kumulatif"
        and _qsum(q(r, "realisasi")) is not None
        and (_nondecreasing(q(r, "realisasi")) is False or (
            not _blank(r["anggaran"])
            and max(v for v in q(r, "realisasi") if not _blank(v)) > r["anggaran"])),
        "ROL-001": lambda r: rollup(r, "anggaran"),
        "ROL-003": lambda r: rollup(r, "anggaran_murni"),
        "ROL-004": lambda r: rollup(r, "anggaran_pergeseran"),
        "ROL-005": lambda r: rollup(r, "anggaran_perubahan"),
        "ROL-006": lambda r: rollup(r, "realisasi"),
        "ROL-007": lambda r: _qsum(q(r, "anggaran")) is not None
        and same_mode(r) and any(rollup(r, f"anggaran_tw{i}") for i in range(1, 5)),
        "REF-001": lambda r: not _blank(r["induk"]) and (r["_doc"], r["induk"]) not in by_id,
    }
    indicator_rules: dict[str, Callable[[dict], bool]] = {
        "CAP-001": lambda r: cap(r, False),
        "CAP-002": lambda r: cap(r, True),
        "CAP-003": lambda r: not _blank(r["capaian"]) and r["capaian"] - 150 > EPS * 150,
        "KLP-002": lambda r: level_of(r) == "sub_kegiatan" and _blank(r["uraian"]),
        "KLP-003": lambda r: level_of(r) == "sub_kegiatan" and _blank(r["satuan"]),
        "KLP-004": lambda r: level_of(r) == "sub_kegiatan" and _blank(r["target"])
        and not (r["mode"] == "kumulatif" and not _blank(r["target_tw4"])),
        "KLP-006": lambda r: jenis.get(r["_doc"]) == "rencana_aksi" and not _blank(r["uraian"])
        and _blank(r["target"]) and _blank(r["target_teks"])
        and _qsum(q(r, "target")) is None,
        "SAT-001": lambda r: not _blank(r["uraian"]) and not _blank(r["satuan"])
        and r["uraian"].lower().startswith("persentase") and r["satuan"].lower() not in PERCENT,
        "SAT-002": lambda r: not _blank(r["uraian"]) and not _blank(r["satuan"])
        and r["uraian"].lower().startswith("jumlah") and r["satuan"].lower() in PERCENT,
        "SAT-003": lambda r: (not _blank(r["target"]) or _qsum(q(r, "target")) is not None)
        and level_of(r) not in (None, "sub_kegiatan") and _blank(r["satuan"]),
        "TGT-001": lambda r: r["mode"] == "periodik" and not _blank(r["target"])
        and _qsum(q(r, "target")) is not None
        and not _close(_qsum(q(r, "target")), r["target"], 0.001),
        "TGT-002": lambda r: r["mode"] == "kumulatif"
        and sum(not _blank(v) for v in q(r, "target")) > 1
        and _nondecreasing(q(r, "target")) is False,
        "TGT-003": lambda r: r["mode"] == "kumulatif" and not _blank(r["target"])
        and not _blank(r["target_tw4"]) and not _close(r["target_tw4"], r["target"], 0.001),
        "TGT-004": lambda r: _blank(r["mode"]) and not _blank(r["target"])
        and sum(not _blank(v) for v in q(r, "target")) > 1
        and not _close(_qsum(q(r, "target")), r["target"], 0.001)
        and not (_nondecreasing(q(r, "target")) and _close(
            [v for v in q(r, "target") if not _blank(v)][-1], r["target"], 0.001)),
        "TGT-005": lambda r: r["mode"] == "kumulatif" and _qsum(q(r, "target")) is not None
        and any(_blank(v) for v in q(r, "target")),
        "TGT-006": lambda r: r["mode"] == "kumulatif"
        and sum(not _blank(v) for v in q(r, "realisasi")) > 1
        and _nondecreasing(q(r, "realisasi")) is False,
        "REF-002": lambda r: not _blank(r["item"]) and (r["_doc"], r["item"]) not in by_id,
    }

    def total_rollup(r: dict) -> bool:
        rows = by_level.get((r["_doc"], r["level"]), [])
        if _blank(r["anggaran"]) or not rows or any(_blank(k["anggaran"]) for k in rows):
            return False
        return sum(k["anggaran"] for k in rows) != r["anggaran"]

    total_rules: dict[str, Callable[[dict], bool]] = {
        "AGT-003": lambda r: not _blank(r["anggaran"]) and _qsum(q(r, "anggaran")) is not None
        and _qsum(q(r, "anggaran")) != r["anggaran"],
        "ROL-002": total_rollup,
    }
    other_kinds = any(k in ("pk", "pk_perubahan", "lkjip") for k in jenis.values())
    out: Failing = {}
    missing = []
    for code in codes:
        if code.startswith("LDK-") and not other_kinds:
            out[code] = set()
            continue
        for rows, rules in ((items, item_rules), (indicators, indicator_rules),
                            (totals, total_rules)):
            if code in rules:
                test = rules[code]
                out[code] = {(r["_doc"], r["_table"], int(r["_row"])) for r in rows if test(r)}
                break
        else:
            missing.append(code)
    return out, missing
