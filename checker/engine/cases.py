"""Cases and matching: which documents belong together, and which rows are the same item.

An inspector holds the PK against the rencana aksi and the LKjIP of the *same agency and
year*. Documents found together are grouped into a case by (pemerintah daerah, perangkat
daerah, tahun) as read from the documents themselves; a document whose agency or year is
unknown forms a case of its own rather than being matched on a guess.

Within a case an item is matched to another document's item by its kode (normalised to
the national code form, so ``1.06.04.2.01.01`` meets ``1.06.04.2.01.0001``); an item with
no printed kode takes the code of the official name it clearly denotes (nomenclature score
≥ 0.9, one best candidate), so small spelling slips still match; failing that, by level and
name key (case, spacing, punctuation and the usual ``Kabupaten/Kota`` suffixes do not
count); and last, among the leftovers, by clearly the most similar name of the same level.
Indicators are matched through their item and the name key of their uraian. Keys are
computed once per distinct value, then all matching is done with joins.
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


SAME_ITEM = 0.9  # checker.reference's score band for "the same official name, written loosely"


def _official_code(level_and_name: str) -> str | None:
    """The national code of a name, when it is clearly that official item (score ≥ 0.9)."""
    from checker.reference import nomenclature

    level, _, nama = level_and_name.partition("|")
    if level not in ("program", "kegiatan", "sub_kegiatan") or not nama:
        return None
    best = nomenclature().match_name(nama, level=level, limit=2)
    if not best or best[0][1] < SAME_ITEM:
        return None
    if len(best) > 1 and best[1][1] >= best[0][1]:
        return None  # two official items fit equally: no key rather than a guess
    return nomenclature().normalise_code(best[0][0].kode) or best[0][0].kode


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
    # The code key: the printed kode, else the official code the name clearly denotes, so a
    # rencana aksi without codes meets a PK with codes even through small spelling slips.
    printed = _keyed_unique(items["kode"], _normal_code)
    level_name = (items["level"].astype("string") + "|" + items["nama"].astype("string"))
    from_name = _keyed_unique(level_name.astype("object").where(level_name.notna(), None),
                              _official_code)
    out["_kkey"] = printed.where(printed.notna(), from_name)
    out["_okey"] = from_name
    names = _keyed_unique(items["nama"], _name_key)
    out["_level"] = items["level"]
    out["_name"] = names
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
    okey = pd.Series(parent["_okey"].to_numpy(), index=indicators.index).astype("string")
    out["_okey"] = (okey + "#" + uraian).astype("object").where(okey.notna() & uraian.notna(),
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
    for key in ("_kkey", "_okey", "_nkey"):
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
    if "_name" in keys.columns:
        _match_similar_names(keys, candidates, result)
    return result


SIMILAR = 0.85  # name-key similarity (difflib ratio) for two spellings of one item


def _match_similar_names(keys: pd.DataFrame, candidates: pd.DataFrame,
                         result: pd.Series) -> None:
    """Last resort for rows still unmatched: the most similar name of the same level.

    Real documents misspell (``Admisiontrasi``) and OCR garbles names; an exact key then
    fails although the item is plainly there. Only the leftovers of the joins are compared,
    within one case and level, and a pair is taken only when it is clearly the best one.
    """
    import difflib

    pending = keys[result.isna().to_numpy() & keys["_name"].notna().to_numpy()]
    if pending.empty:
        return
    pool = candidates[candidates["_name"].notna()]
    for (case, level), group in pending.groupby(["_case", "_level"], sort=False):
        options = pool[(pool["_case"] == case) & (pool["_level"] == level)]
        if options.empty:
            continue
        for src, row in group.iterrows():
            scores = sorted(
                ((difflib.SequenceMatcher(None, row["_name"], name).ratio(), dst)
                 for dst, name, doc in zip(options.index, options["_name"], options["_doc"],
                                           strict=True) if doc != row["_doc"]),
                reverse=True)
            if scores and scores[0][0] >= SIMILAR and (
                    len(scores) == 1 or scores[0][0] - scores[1][0] >= 0.05):
                result.loc[src] = scores[0][1]
