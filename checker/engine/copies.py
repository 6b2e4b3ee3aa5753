"""Blocks copied between agencies: the join behind ``copies`` and ``copy_cells`` (issue 18).

An inspectorate reads all agencies' reports of one government and period side by side. In
real sets the reports are filled from one shared spreadsheet, and whole blocks travel: the
supporting program's kegiatan figures of one agency appear, rupiah for rupiah, in another
agency's report, where its own sub-kegiatan do not add up to them. Two agencies do not
spend 4.516.718.375 and 7.657.406.470 in the same two quarters by chance.

The join: every row of the run is keyed by the values of the rule's key expressions (the
level and an amount tuple, e.g. ``level, realisasi_tw``) and by its *government and
period* (pemda and year). Rows with equal keys in documents of *different* perangkat
daerah of the same government and period are copies. Two documents of one agency (its PK
and its rencana aksi) are never each other's copies: equal amounts there are required.

Each pair of agencies is reported once: a row counts only the copies held by agencies that
come *after* its own in the run's order of agencies (by name), so the finding sits at the
first agency of the pair and names the other's cells; with three agencies holding one
block, the first names the other two and the second names the third.

Which documents are one government and period: the same ``tahun`` and the same ``pemda``.
A document that does not print its pemda (a PDF whose letterhead is an image) belongs to
the one pemda the run's other documents of that year name, when they name exactly one;
with none named, documents without pemda of that year are taken as one government (one
folder of reports); with several named, it is compared with none. A document without
instansi or year is never compared: "another agency" cannot be shown.

Counting is whole-column (a group-by over integer codes of the keys, no pairs built); the
pairs themselves are built only for the rows a finding is written for (a merge on the
bucket), so a run where many rows share a key (zeros) never multiplies out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from checker.i18n import t as translate
from checker.model.cells import cell_texts, cells_at
from checker.model.dtypes import FLOAT64, INT64, OBJECT, STRING
from checker.model.location import page_words

if TYPE_CHECKING:
    from checker.engine.evaluate import Evaluator


def _norm(text: pd.Series) -> pd.Series:
    """Case and spacing folded, so "Dinas  Sosial" and "DINAS SOSIAL" are one agency."""
    return text.astype(STRING).str.casefold().str.replace(r"\s+", " ", regex=True) \
        .str.strip().replace("", pd.NA)


def agency_codes(docs: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per document id: its government-and-period code and its agency rank (-1: neither).

    The rank orders the agencies by name, so the first of a pair is the same in every run.
    """
    index = docs["_doc"].to_numpy()
    pemda, instansi = _norm(docs["pemda"]), _norm(docs["instansi"])
    tahun = pd.to_numeric(docs["tahun"], errors="coerce").astype(INT64)
    known = pd.DataFrame({"tahun": tahun, "pemda": pemda}).dropna()
    per_year = known.drop_duplicates().groupby("tahun")["pemda"]
    single = per_year.first()[per_year.size() == 1]
    several = set(per_year.size()[per_year.size() > 1].index)
    filled = pemda.fillna(tahun.map(single).astype(STRING))
    # no pemda named in that year: the documents without one are one government
    filled = filled.where(filled.notna() | tahun.isin(several), "")
    usable = tahun.notna() & instansi.notna() & filled.notna()
    government = tahun.astype(STRING) + "|" + filled
    group = np.full(len(docs), -1, dtype=np.int64)
    group[usable.to_numpy()] = pd.factorize(government[usable])[0]
    agency = np.full(len(docs), -1, dtype=np.int64)
    names = instansi[usable]
    ranks = pd.Index(sorted(pd.unique(names.dropna())))
    agency[usable.to_numpy()] = ranks.get_indexer(names)
    return pd.Series(group, index=index), pd.Series(agency, index=index)


@dataclass(frozen=True)
class Copies:
    """Rows of a run bucketed by government, period and key values; agencies ranked."""

    bucket: np.ndarray  # per base row; -1: no government and period, or no agency
    agency: np.ndarray  # per base row: rank of its agency
    later: np.ndarray  # per base row: copies held by agencies after its own

    def pairs(self, positions: np.ndarray) -> pd.DataFrame:
        """``row`` (from ``positions``) and ``other`` (base position) of each copy.

        Sorted by row, then the other agency's rank and position: deterministic.
        """
        members = pd.DataFrame({"other": np.flatnonzero(self.bucket >= 0)})
        members["bucket"] = self.bucket[members["other"]]
        members["other_rank"] = self.agency[members["other"]]
        asked = pd.DataFrame({"row": positions, "bucket": self.bucket[positions],
                              "rank": self.agency[positions]})
        asked = asked[asked["bucket"] >= 0]
        joined = asked.merge(members, on="bucket", how="inner")
        joined = joined[joined["other_rank"] > joined["rank"]]
        return joined.sort_values(["row", "other_rank", "other"], kind="mergesort")[
            ["row", "other"]].reset_index(drop=True)


def build(keys: list[pd.Series], doc: pd.Series, docs: pd.DataFrame,
          factorize: Callable[[pd.Series], tuple[np.ndarray, pd.Index]] = pd.factorize,
          agencies: tuple[pd.Series, pd.Series] | None = None) -> Copies:
    """Bucket every row by (government and period, key values) and count later copies.

    ``factorize``: the workspace's, whose numbering of the document ids the joins made;
    ``agencies``: :func:`agency_codes` of ``docs`` when the caller keeps it.
    """
    group_of, agency_of = agencies if agencies is not None else agency_codes(docs)
    # per distinct document, then to the rows: a map of a million document ids cost 0.6 s
    codes, distinct = factorize(doc)
    known = codes >= 0
    group = np.full(len(doc), -1, dtype=np.int64)
    agency = np.full(len(doc), -1, dtype=np.int64)
    group[known] = pd.Series(distinct).map(group_of).fillna(-1).to_numpy(
        dtype=np.int64)[codes[known]]
    agency[known] = pd.Series(distinct).map(agency_of).fillna(-1).to_numpy(
        dtype=np.int64)[codes[known]]
    columns = {"group": group}
    usable = (group >= 0) & (agency >= 0)
    for i, key in enumerate(keys):
        # a blank is a value here: a block copied at TW II carries its blank TW III and IV
        columns[f"k{i}"] = pd.factorize(key, use_na_sentinel=False)[0]
    table = pd.DataFrame(columns)[usable]
    bucket = np.full(len(doc), -1, dtype=np.int64)
    later = np.zeros(len(doc), dtype=np.int64)
    if len(table):
        bucket[usable] = table.groupby(list(columns), sort=False).ngroup().to_numpy()
        ranks = pd.DataFrame({"bucket": bucket[usable], "rank": agency[usable]})
        size = ranks.groupby("bucket")["rank"].transform("size").to_numpy()
        at_or_before = ranks.groupby("bucket")["rank"].rank(method="max").to_numpy()
        later[usable] = size - at_or_before.astype(np.int64)
    return Copies(bucket, agency, later)


def describe(base: pd.DataFrame, docs: pd.DataFrame, others: np.ndarray,
             cell: str | None, lang: str = "id") -> list[str]:
    """``Instansi: "nama" (file › table › cell)`` of each base row in ``others``.

    ``cell`` is the field whose cell names the row (see :func:`key_cell`).
    """
    rows = base.iloc[others]
    instansi = rows["_doc"].map(pd.Series(docs["instansi"].to_numpy(),
                                          index=docs["_doc"].to_numpy()))
    label = next((c for c in ("nama", "uraian", "label") if c in rows.columns), None)
    names = rows[label].astype(STRING).fillna("-").tolist() if label else ["-"] * len(rows)
    files = [re.split(r"[\\/]", str(f))[-1] for f in rows["_file"].tolist()]
    tables = rows["_table"].astype(STRING).fillna("-").tolist()
    cells = cell_texts(rows, cell).tolist() if cell else [None] * len(rows)
    lines = rows["_row"].astype(STRING).tolist()
    pages = rows["_page"].tolist() if "_page" in rows.columns else [None] * len(rows)
    tables = [t if p is None or pd.isna(p) else f"{t} › {page_words(int(p), lang)}"  # PDF
              for t, p in zip(tables, pages, strict=True)]
    agencies = instansi.astype(STRING).fillna("-").tolist()
    row = translate("report.row", lang)
    return [f"{a}: \"{n}\" ({f} › {t} › {c if isinstance(c, str) else f'{row} {r}'})"
            for a, n, f, t, c, r in zip(agencies, names, files, tables, cells, lines,
                                        strict=True)]


# ------------------------------------------------------------------ the DSL's functions

def key_cell(entity: str, args: tuple) -> str | None:
    """The field whose cell names a copy: its first amount (``realisasi_tw`` → TW I)."""
    from checker.dsl import ast
    from checker.dsl.names import resolve
    from checker.model.schema import ENTITIES, Kind

    kinds = {f.name: f.kind for f in ENTITIES[entity].fields}
    for arg in args:
        if isinstance(arg, ast.FieldRef | ast.SeriesRange):
            ref = arg if isinstance(arg, ast.FieldRef) else arg.start
            res = resolve(entity, ref.path)
            if res.relation is None and res.columns and \
                    kinds.get(res.columns[0]) in (Kind.MONEY, Kind.NUMBER, Kind.INT):
                return res.columns[0]
    return None


def table_for(ev: Evaluator, args: tuple) -> Copies:
    """The run's copies on the key expressions ``args``, computed once per run."""
    key = ("copies", ev.entity, args)
    if key not in ev.ws.cache:
        base = ev.ws.base(ev.entity)
        keys: list[pd.Series] = []
        for arg in args:
            value = ev.value(arg, base)
            keys.extend(value if isinstance(value, list) else [value])
        docs = ev.ws.base("document")
        agencies = ev.ws.cache.get(("agency_codes",))
        if agencies is None:  # once per run: both copied-block rules group by agency
            agencies = ev.ws.cache[("agency_codes",)] = agency_codes(docs)
        ev.ws.cache[key] = build(keys, base["_doc"], docs, ev.ws.factorized, agencies)
    return ev.ws.cache[key]


def positions_of(ev: Evaluator, frame: pd.DataFrame) -> np.ndarray:
    base = ev.ws.base(ev.entity)
    return np.arange(len(base)) if frame is base else base.index.get_indexer(frame.index)


def copy_call(ev: Evaluator, name: str, args: tuple, frame: pd.DataFrame,
              lang: str = "id") -> pd.Series:
    """``copies(keys…)``: how many; ``copy_cells(keys…)``: who and where, per row."""
    found = table_for(ev, args)
    pos = positions_of(ev, frame)
    if name == "copies":
        return pd.Series(pd.array(found.later[pos], dtype=INT64), index=frame.index)
    pairs = found.pairs(pos)
    base = ev.ws.base(ev.entity)
    text = describe(base, ev.ws.base("document"), pairs["other"].to_numpy(),
                    key_cell(ev.entity, args), lang)
    joined = pd.Series(text, dtype=OBJECT).groupby(pairs["row"].to_numpy()).agg("; ".join)
    out = pd.Series(pos).map(joined)
    return pd.Series(out.to_numpy(), index=frame.index, dtype=STRING)


def count_specific(values: list[pd.Series], at_least: int | float, step: int | float,
                   index: pd.Index) -> pd.Series:
    """How many values are at least ``at_least`` and not a multiple of ``step``.

    Such amounts are specific enough that equality in another agency is no coincidence;
    zeros, small sums and round figures (a Rp 100.000.000 grant) are common by design.
    """
    count = np.zeros(len(index), dtype=np.int64)
    for value in values:
        v = pd.to_numeric(value, errors="coerce").astype(FLOAT64).to_numpy(
            dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            specific = (v >= at_least) & (np.mod(v, step) != 0) if step else v >= at_least
        count += np.where(np.isnan(v), False, specific).astype(np.int64)
    return pd.Series(pd.array(count, dtype=INT64), index=index)


def related_cells(ev: Evaluator, args: tuple, rows: pd.DataFrame) -> tuple[
        list[list[str]], list[set[str]], list[list[int]]]:
    """Per finding row: the copies' addresses (``doc:table!cell``), documents, positions."""
    found = table_for(ev, args)
    pos = positions_of(ev, rows)
    pairs = found.pairs(pos)
    base = ev.ws.base(ev.entity)
    cell = key_cell(ev.entity, args)
    docs = base["_doc"].to_numpy()
    tables = base["_table"].to_numpy()
    by_row: dict[int, list[int]] = {}
    for row, other in zip(pairs["row"].tolist(), pairs["other"].tolist(), strict=True):
        by_row.setdefault(row, []).append(other)
    cells = cells_at(base, cell, pairs["other"].tolist()) if cell else {}
    addresses = [[f"{docs[j]}:{tables[j] or ''}!{cells.get(j, '')}" for j in by_row.get(p, [])]
                 for p in pos.tolist()]
    documents = [{str(docs[j]) for j in by_row.get(p, [])} for p in pos.tolist()]
    return addresses, documents, [by_row.get(p, []) for p in pos.tolist()]
