"""The Renstra's row for a document's year: ``renstra_tahun.target`` in a rule.

A PK or a rencana aksi covers one year; the Renstra of the same agency covers five. Cases
(:mod:`checker.engine.cases`) group documents by region, agency *and* year, so a Renstra
would never share a case with the PK of one of its years. Here the pairing is made on
region and agency alone: the indicator is paired with the Renstra's indicator by the
usual stages (code, path, name, near name; a pairing in doubt pairs nothing and is
reported as LDK-010), then the Renstra's row for the year of the indicator's own document
is taken from the yearly frame. No year, no pairing, or no row for that year: blank, and
a comparison with a blank side is not applicable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from checker.model.dtypes import I64, INT64, STRING

if TYPE_CHECKING:
    from checker.engine.workspace import Workspace

RENSTRA = "renstra"


def agency_case(documents: pd.DataFrame) -> pd.Series:
    """Per document id: region|agency (no year), or the document itself when unknown."""
    pemda = documents["pemda"].astype(STRING).str.casefold().str.strip()
    instansi = documents["instansi"].astype(STRING).str.casefold().str.strip()
    known = pemda.notna() | instansi.notna()
    key = (pemda.fillna("?") + "|" + instansi.fillna("?")).where(
        known, "doc:" + documents["_doc"].astype(STRING))
    return pd.Series(key.to_numpy(), index=documents["_doc"].to_numpy())


def matched_year(ws: Workspace, entity: str, via: str) -> pd.Series:
    """Per row of ``entity``: the index of its Renstra row of its document's year."""
    from checker.engine.cases import match

    base = ws.base(entity)
    out = pd.Series(pd.NA, index=base.index, dtype=INT64)
    docs = ws.base("document")
    kind = via.split("@", 1)[0]
    if entity != "indicator" or kind != RENSTRA or not (docs["jenis"] == kind).any():
        return out
    years = ws.base("tahunan")
    if years.empty:
        return out
    case = agency_case(docs)
    item_keys = ws.keys("item").copy()
    item_keys["_case"] = item_keys["_doc"].map(case)
    notes = ws.cache.setdefault(("match_notes",), {})
    items = match(item_keys, kind, None, notes=notes)
    keys = ws.keys("indicator").copy()
    keys["_case"] = keys["_doc"].map(case)
    paired = match(keys, kind, None, items=items)
    # the year each source row asks for: its own document's
    year_of = pd.Series(pd.to_numeric(docs["tahun"], errors="coerce").to_numpy(),
                        index=docs["_doc"].to_numpy())
    source = paired.dropna()
    if source.empty:
        return out
    target_rows = source.astype(I64).to_numpy()
    wanted = pd.DataFrame({
        "_doc": base["_doc"].to_numpy(dtype=object)[target_rows],
        "_ind": base["_twin"].to_numpy(dtype=object)[target_rows],
        "tahun": base.loc[source.index, "_doc"].map(year_of).to_numpy(),
    }, index=source.index).dropna()
    if wanted.empty:
        return out
    wanted["tahun"] = wanted["tahun"].astype(I64)
    rows = years[["_doc", "_ind", "tahun"]].dropna().copy()
    rows["tahun"] = rows["tahun"].astype(I64)
    rows = rows.reset_index(names="_row").drop_duplicates(["_doc", "_ind", "tahun"])
    found = wanted.reset_index(names="_src").merge(rows, on=["_doc", "_ind", "tahun"],
                                                  how="inner")
    out.loc[found["_src"].to_numpy()] = found["_row"].to_numpy(dtype=np.int64)
    return out
