"""Cases and matching: which documents belong together, and which rows are the same item.

An inspector holds the PK against the rencana aksi and the LKjIP of the *same agency and
year*. Documents found together are grouped into a case by (pemerintah daerah, perangkat
daerah, tahun) as read from the documents themselves; a document whose agency or year is
unknown forms a case of its own rather than being matched on a guess.

Within a case an item is matched to another document's item by its kode (normalised to
the national code form, so ``1.06.04.2.01.01`` meets ``1.06.04.2.01.0001``) and, where
either side has no kode, by level and name key (case, spacing, punctuation and the usual
``Kabupaten/Kota`` suffixes do not count). Indicators are matched through their item and
the name key of their uraian. Keys are computed once per distinct value, then all matching
is done with joins.
"""

from __future__ import annotations

import pandas as pd

DOCUMENT_KINDS = ("rencana_aksi", "pk", "pk_perubahan", "lkjip", "dpa", "cascading", "renstra")


def _keyed_unique(values: pd.Series, func) -> pd.Series:
    """Apply ``func`` once per distinct value (not per row) and map the results back."""
    uniques = pd.unique(values.dropna())
    table = {v: func(v) for v in uniques}
    return values.map(table).astype("object").where(values.notna(), None)


def _normal_code(kode: str) -> str | None:
    from checker.reference import nomenclature

    text = str(kode).strip().rstrip(".").replace(" ", "")
    if not text:
        return None
    canonical = nomenclature().normalise_code(text)
    return canonical or text


def _name_key(nama: str) -> str | None:
    from checker.reference import name_key

    return name_key(str(nama)) or None


def case_of_documents(documents: pd.DataFrame) -> pd.Series:
    """Case key per document id: pemda|instansi|tahun, or the document itself."""
    pemda = documents["pemda"].astype("string").str.casefold().str.strip()
    instansi = documents["instansi"].astype("string").str.casefold().str.strip()
    tahun = documents["tahun"].astype("string")
    known = tahun.notna() & (pemda.notna() | instansi.notna())
    key = pemda.fillna("?") + "|" + instansi.fillna("?") + "|" + tahun.fillna("?")
    key = key.where(known, "doc:" + documents["_doc"].astype("string"))
    return pd.Series(key.to_numpy(), index=documents["_doc"].to_numpy())


def item_keys(items: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per item row: its case, document kind, kode key and name key."""
    case = case_of_documents(documents)
    kind = pd.Series(documents["jenis"].to_numpy(), index=documents["_doc"].to_numpy())
    out = pd.DataFrame(index=items.index)
    out["_doc"] = items["_doc"]
    out["_case"] = items["_doc"].map(case)
    out["_kind"] = items["_doc"].map(kind)
    out["_kkey"] = _keyed_unique(items["kode"], _normal_code)
    names = _keyed_unique(items["nama"], _name_key)
    out["_nkey"] = (items["level"].astype("string") + "|" + names.astype("string")).astype(
        "object").where(names.notna(), None)
    return out


def indicator_keys(indicators: pd.DataFrame, items: pd.DataFrame,
                   item_key_frame: pd.DataFrame) -> pd.DataFrame:
    """Per indicator row: case and kind of its document, and keys built from its item's."""
    lookup = item_key_frame.assign(id=items["id"]).drop_duplicates(["_doc", "id"])
    lookup = lookup.set_index(["_doc", "id"])
    at = pd.MultiIndex.from_arrays([indicators["_doc"], indicators["item"]])
    parent = lookup.reindex(at)
    uraian = _keyed_unique(indicators["uraian"], _name_key).astype("string")
    out = pd.DataFrame(index=indicators.index)
    out["_doc"] = indicators["_doc"]
    out["_case"] = parent["_case"].to_numpy()
    out["_kind"] = parent["_kind"].to_numpy()
    kkey = pd.Series(parent["_kkey"].to_numpy(), index=indicators.index).astype("string")
    nkey = pd.Series(parent["_nkey"].to_numpy(), index=indicators.index).astype("string")
    out["_kkey"] = (kkey + "#" + uraian).astype("object").where(kkey.notna() & uraian.notna(),
                                                              None)
    out["_nkey"] = (nkey + "#" + uraian).astype("object").where(nkey.notna() & uraian.notna(),
                                                              None)
    return out


def match(keys: pd.DataFrame, kind: str, usable: pd.Series | None = None) -> pd.Series:
    """For every row, the index of the same item in a document of ``kind`` of its case.

    Rows of the same document never match each other. ``usable`` (a boolean Series over
    the same rows) limits the candidates, e.g. to rows where the compared field is filled,
    so that when a case has several documents of one kind the one that carries the value
    is used. The first candidate in document order wins; unmatched rows get ``<NA>``.
    """
    candidates = keys[keys["_kind"] == kind]
    if usable is not None:
        candidates = candidates[usable.reindex(candidates.index, fill_value=False)
                                .to_numpy(dtype=bool)]
    result = pd.Series(pd.NA, index=keys.index, dtype="Int64")
    if candidates.empty:
        return result
    for key in ("_kkey", "_nkey"):
        pending = keys[result.isna().to_numpy() & keys[key].notna().to_numpy()]
        if pending.empty:
            continue
        left = pending[["_doc", "_case", key]].reset_index(names="_src")
        right = candidates[["_doc", "_case", key]].dropna(subset=[key]).reset_index(
            names="_dst")
        joined = left.merge(right, on=["_case", key], how="inner", suffixes=("", "_t"))
        joined = joined[joined["_doc"] != joined["_doc_t"]]
        joined = joined.sort_values(["_src", "_dst"]).drop_duplicates("_src", keep="first")
        result.loc[joined["_src"].to_numpy()] = joined["_dst"].to_numpy()
    return result
