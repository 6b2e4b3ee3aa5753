"""Cases and matching: which documents belong together, and which rows are the same item.

An inspector holds the PK against the rencana aksi and the LKjIP of the *same agency and
year*. Documents found together are grouped into a case by (pemerintah daerah, perangkat
daerah, tahun) as read from the documents themselves; a document whose agency or year is
unknown forms a case of its own rather than being matched on a guess.

Within a case an item is matched to another document's item, in this order:

1. by kode (normalised to the national code form, so ``1.06.04.2.01.01`` meets
   ``1.06.04.2.01.0001``); an item with no printed kode takes the code of the official name
   it clearly denotes (nomenclature score ≥ 0.9, one best candidate);
2. by full path: level and name key (case, spacing, punctuation and the usual
   ``Kabupaten/Kota`` suffixes do not count) *and* a parent that is the same item (same
   code, same name key, or a near name). "Pemberian Bimbingan Fisik…" under two kegiatan
   is two items: it is paired with the one under its own parent, never with the first;
3. by name, when the other document has that name once and its parent does not say
   otherwise;
4. among the leftovers, by a near name (``checker.reference.matching.pair_names``: a
   similarity of ``NEAR_NAME`` and a margin of ``NEAR_MARGIN`` over the second best), each
   row of the other document taken by one row at most.

A match that stays in doubt (two candidates as good as each other, or the same name only
under another parent) pairs nothing: a wrong pair would compare two different items and make
a false error. The doubt is kept (``Ambiguity``) and reported as the info finding
``LDK-010`` with its candidates. Indicators are matched through their item and the name key
of their uraian. Keys are computed once per distinct value, exact matching is done with
joins, and fuzzy scoring is done on the leftovers only, over whole candidate sets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from checker.engine.rows import rows as take_rows
from checker.model.dtypes import F64, I64, INT64, OBJECT, STRING

DOCUMENT_KINDS = ("rencana_aksi", "pk", "pk_perubahan", "lkjip", "dpa", "cascading", "renstra")


def _filled(values: pd.Series) -> np.ndarray:
    """``values.notna().to_numpy()``: the blank test of the column's array, no Series made.

    Matching asks it of key columns some sixty times a run (seed 004); the Series that
    ``notna`` builds around the answer cost several times the test.
    """
    return ~pd.isna(values.array)


def _keyed_unique(values: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """Apply ``func`` once per distinct value (not per row) and map the results back.

    The mapping itself runs on one row per distinct value (the same dtype, so pandas gives
    the results the same type) and is spread to the rows by integer codes: mapping a
    million texts through a dictionary cost more than the keys.
    """
    codes, uniques = pd.factorize(values)
    return _spread(values, codes, len(uniques), {v: func(v) for v in uniques}).astype(
        OBJECT).where(values.notna(), None)


def _spread(values: pd.Series, codes: np.ndarray, n: int, mapper: Any) -> pd.Series:
    """``values.map(mapper)`` for a mapper without blank keys, once per distinct value.

    One row per distinct value (``codes``) is mapped, in the column's own dtype so pandas
    gives the results the same type, and the answers are spread to the rows by code; a
    blank row gets the result's blank, as the map gives it.
    """
    _, first = np.unique(codes, return_index=True)
    first = first[-n:] if n else first[:0]
    mapped = values.iloc[first].map(mapper)
    return pd.Series(mapped.array.take(codes, allow_fill=True), index=values.index)


def _by_document(doc: pd.Series, per_document: pd.Series) -> pd.Series:
    """``doc.map(per_document)`` as objects, once per distinct document id."""
    codes, uniques = pd.factorize(doc)
    return _spread(doc, codes, len(uniques), per_document)


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
    # The same official name alone at the top is the answer whatever else is near (every
    # other name scores below 1.0): the name comparisons are made only when none is the same.
    best = nomenclature().same_names(nama, level=level, limit=2) or \
        nomenclature().match_name(nama, level=level, limit=2)
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
    pemda = documents["pemda"].astype(STRING).str.casefold().str.strip()
    instansi = documents["instansi"].astype(STRING).str.casefold().str.strip()
    tahun = documents["tahun"].astype(STRING)
    known = tahun.notna() & (pemda.notna() | instansi.notna())
    key = pemda.fillna("?") + "|" + instansi.fillna("?") + "|" + tahun.fillna("?")
    key = key.where(known, "doc:" + documents["_doc"].astype(STRING))
    return pd.Series(key.to_numpy(), index=documents["_doc"].to_numpy())


def item_keys(items: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per item row: its case, document kind, kode key and name key."""
    case = case_of_documents(documents)
    kind = pd.Series(documents["jenis"].to_numpy(), index=documents["_doc"].to_numpy())
    out = pd.DataFrame(index=items.index)
    out["_doc"] = items["_doc"]
    out["_case"] = _by_document(items["_doc"], case)
    out["_kind"] = _by_document(items["_doc"], kind)
    # The code key: the printed kode, else the official code the name clearly denotes, so a
    # rencana aksi without codes meets a PK with codes even through small spelling slips.
    printed = _keyed_unique(items["kode"], _normal_code)
    level_name = (items["level"].astype(STRING) + "|" + items["nama"].astype(STRING))
    from_name = _keyed_unique(level_name.astype(OBJECT).where(level_name.notna(), None),
                              _official_code)
    out["_kkey"] = printed.where(printed.notna(), from_name)
    out["_okey"] = from_name
    names = _keyed_unique(items["nama"], _name_key)
    out["_level"] = items["level"]
    out["_parent"] = _parent_rows(items)
    out["_name"] = names
    out["_nkey"] = (items["level"].astype(STRING) + "|" + names.astype(STRING)).astype(
        "object").where(names.notna(), None)
    return out


def _parent_rows(items: pd.DataFrame) -> pd.Series:
    """Row label of each item's parent (``induk``) in the same document, ``<NA>`` if none."""
    ids = items[["_doc", "id"]].dropna().drop_duplicates(keep="first")
    lookup = pd.Series(ids.index, index=pd.MultiIndex.from_frame(ids))
    at = pd.MultiIndex.from_arrays([items["_doc"], items["induk"]])
    found = lookup.reindex(at).to_numpy()
    return pd.Series(found, index=items.index).astype(INT64)


def indicator_keys(indicators: pd.DataFrame, items: pd.DataFrame,
                   item_key_frame: pd.DataFrame) -> pd.DataFrame:
    """Per indicator row: case and kind of its document, and keys built from its item's."""
    lookup = item_key_frame.assign(id=items["id"]).drop_duplicates(["_doc", "id"])
    lookup = lookup.set_index(["_doc", "id"])
    at = pd.MultiIndex.from_arrays([indicators["_doc"], indicators["item"]])
    parent = lookup.reindex(at)
    uraian = _keyed_unique(indicators["uraian"], _name_key).astype(STRING)
    out = pd.DataFrame(index=indicators.index)
    out["_doc"] = indicators["_doc"]
    out["_case"] = parent["_case"].to_numpy()
    out["_kind"] = parent["_kind"].to_numpy()
    kkey = pd.Series(parent["_kkey"].to_numpy(), index=indicators.index).astype(STRING)
    nkey = pd.Series(parent["_nkey"].to_numpy(), index=indicators.index).astype(STRING)
    out["_kkey"] = (kkey + "#" + uraian).astype(OBJECT).where(kkey.notna() & uraian.notna(),
                                                              None)
    okey = pd.Series(parent["_okey"].to_numpy(), index=indicators.index).astype(STRING)
    out["_okey"] = (okey + "#" + uraian).astype(OBJECT).where(okey.notna() & uraian.notna(),
                                                              None)
    out["_nkey"] = (nkey + "#" + uraian).astype(OBJECT).where(nkey.notna() & uraian.notna(),
                                                              None)
    # The item's row and the uraian key: an indicator is paired through its item's pair.
    rows = pd.Series(item_key_frame.index, index=item_key_frame.index)
    rows = rows[~items[["_doc", "id"]].duplicated(keep="first").to_numpy()]
    rows.index = pd.MultiIndex.from_frame(items.loc[rows.index, ["_doc", "id"]])
    out["_item"] = pd.Series(rows.reindex(at).to_numpy(), index=indicators.index).astype(
        "Int64")
    out["_uraian"] = uraian
    return out


@dataclass(frozen=True)
class Ambiguity:
    """A row that could not be paired for certain, and the rows it might have meant.

    ``reason`` is ``"tie"`` (candidates as good as each other) or ``"parent"`` (the same
    name, but only under another parent).
    """

    source: int
    kind: str
    candidates: tuple[int, ...]
    reason: str


def match(keys: pd.DataFrame, kind: str, usable: pd.Series | None = None,
          notes: dict[tuple[int, str], Ambiguity] | None = None,
          items: pd.Series | None = None,
          known: dict[tuple[str, bytes], pd.Series] | None = None,
          codes: JoinCodes | None = None) -> pd.Series:
    """For every row, the index of the same item in a document of ``kind`` of its case.

    Rows of the same document never match each other. ``usable`` (a boolean Series over
    the same rows) limits the candidates, e.g. to rows where the compared field is filled,
    so that when a case has several documents of one kind the one that carries the value
    is used (the first such document in order). Unmatched rows get ``<NA>``; rows left
    unmatched because the match is in doubt are added to ``notes`` (see the module doc).
    For indicators, ``items`` (the items' own pairing with ``kind``) pairs an indicator with
    the indicator of the same uraian under its item's pair, so that an indicator follows its
    item's path rather than the first item of the same name. ``known`` keeps the answers
    for items by (kind, candidate rows): an item's pairing depends on nothing else (two
    compared fields filled on the same rows pair alike), so it is made once. ``codes``
    (:class:`JoinCodes` of ``keys``, kept by the caller) spares each join its coding.
    """
    # the rows of ``kind`` (a boolean cut, without pandas' per-block checks: 14 a run)
    candidates = take_rows(keys, (keys["_kind"] == kind).to_numpy(dtype=bool))
    if usable is not None:
        candidates = take_rows(candidates, usable.reindex(
            candidates.index, fill_value=False).to_numpy(dtype=bool))
    result = pd.Series(pd.NA, index=keys.index, dtype=INT64)
    if candidates.empty:
        return result
    for key in ("_kkey", "_okey"):
        _join_first(keys, candidates, key, result, codes=codes)
    if "_name" not in keys.columns:  # indicators
        if items is not None and "_item" in keys.columns:
            _match_through_items(keys, candidates, result, items)
            # Then by the item's name, except under an item whose own pairing is in doubt.
            doubtful = [src for src, k in (notes or {}) if k == kind]
            _join_first(keys, candidates, "_nkey", result,
                        only=~keys["_item"].isin(doubtful).to_numpy(dtype=bool), codes=codes)
        else:
            _join_first(keys, candidates, "_nkey", result, codes=codes)
        return result
    asked = (kind, candidates.index.to_numpy().tobytes())
    if known is not None and asked in known:
        return known[asked]  # its doubts are in ``notes`` already
    found: dict[tuple[int, str], Ambiguity] = {}
    columns = _KeyColumns(keys)
    _match_names(keys, candidates, result, kind, found, columns)
    _match_near_names(keys, candidates, result, kind, found, columns)
    if notes is not None:
        for ident, note in found.items():
            if pd.isna(result.loc[note.source]):
                notes.setdefault(ident, note)
    if known is not None:
        known[asked] = result
    return result


def _join_first(keys: pd.DataFrame, candidates: pd.DataFrame, key: str,
                result: pd.Series, only: np.ndarray | None = None,
                codes: JoinCodes | None = None) -> None:
    """Pair unmatched rows (of ``only``) on (case, ``key``): the first candidate in order.

    The first candidate of another document: per (case, key) group of candidates sorted by
    row, the first row, and the first row of a document other than the first row's (the
    answer for a row of the first row's own document). Integer codes and sorted arrays
    instead of a merge, a sort and a de-duplication of frames: this runs two or three
    times per compared column, and on a plan of a few hundred rows those pandas calls were
    a fifth of the engine's time (seed 004). With ``codes`` the rows' codes are read from
    the whole key frame's, coded once. Blank cases or documents, where a merge has rules
    of its own for missing keys, take the merge.
    """
    mask = ~_filled(result) & _filled(keys[key])
    if only is not None:
        mask &= only
    if not mask.any():
        return
    columns = ("_doc", "_case", key)
    usable = _filled(candidates[key])
    if not usable.any():
        return
    sources, rows = keys.index.to_numpy()[mask], candidates.index.to_numpy()[usable]
    coded = codes.of(key, sources, rows) if codes is not None else None
    if coded is not None:
        if coded[0] is not None:  # no blank case or document: the coded join
            _assign(result, *_first_by_codes(*coded, sources, rows))
            return
    else:
        # Plain arrays of the three columns: a frame per step costs more than the pairing.
        left = [keys[c].to_numpy(dtype=object)[mask] for c in columns]
        right = [candidates[c].to_numpy(dtype=object)[usable] for c in columns]
        if not any(pd.isna(values).any() for values in (*left[:2], *right[:2])):
            _assign(result, *_first_of_other_document(left, right, sources, rows))
            return
    _merge_first(keys[list(columns)][mask], candidates[list(columns)][usable], key, result)


class JoinCodes:
    """A key frame's documents and (case, key) pairs as integer codes, for every row.

    ``_join_first`` runs thirty times a run on seed 004, each time on a part of the same
    key frame; coding its rows' documents, cases and keys anew each time (three
    factorisations of object arrays) cost more than the join. Here each column is coded
    once for the whole frame; equal values have equal codes, blanks ``-1``.
    """

    def __init__(self, keys: pd.DataFrame) -> None:
        self.keys = keys
        self.doc = self._codes("_doc")
        self.case = self._codes("_case")
        self._pairs: dict[str, np.ndarray] = {}

    def _codes(self, column: str) -> np.ndarray:
        return pd.factorize(self.keys[column].to_numpy(dtype=object))[0].astype(np.int64)

    def of(self, key: str, sources: np.ndarray, rows: np.ndarray
           ) -> tuple[np.ndarray | None, ...] | None:
        """(source pairs, row pairs, source documents, row documents) of rows of the frame.

        ``(None,)`` when a case or a document of these rows is blank (the merge's case);
        None when the rows are not found by position (another index).
        """
        index = self.keys.index
        if not (isinstance(index, pd.RangeIndex) and index.step == 1):
            return None
        at_src, at_rows = _positions(index, sources), _positions(index, rows)
        if (at_src < 0).any() or (at_rows < 0).any():
            return None
        if (self.doc[at_src] < 0).any() or (self.case[at_src] < 0).any() or \
                (self.doc[at_rows] < 0).any() or (self.case[at_rows] < 0).any():
            return (None,)
        pair = self._pairs.get(key)
        if pair is None:
            keyed = self._codes(key)
            pair = self._pairs[key] = self.case * (int(keyed.max(initial=0)) + 1) + keyed
        return pair[at_src], pair[at_rows], self.doc[at_src], self.doc[at_rows]


def _first_of_other_document(left: list[np.ndarray], right: list[np.ndarray],
                             sources: np.ndarray, rows: np.ndarray
                             ) -> tuple[np.ndarray, np.ndarray]:
    """(``sources`` rows, their first of ``rows``): same case and key, other document.

    ``left`` and ``right`` hold (document, case, key) values of the pending rows and of
    the candidate rows.
    """
    n = len(sources)

    def codes(i: int) -> np.ndarray:
        return pd.factorize(np.concatenate([left[i], right[i]]))[0].astype(np.int64)

    keyed = codes(2)
    pair = codes(1) * (int(keyed.max()) + 1) + keyed
    doc = codes(0)
    return _first_by_codes(pair[:n], pair[n:], doc[:n], doc[n:], sources, rows)


def _first_by_codes(lp: np.ndarray, rp: np.ndarray, ld: np.ndarray, rd: np.ndarray,
                    sources: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_first_of_other_document` on codes: (case, key) pairs and documents.

    ``lp``/``ld`` are the pending rows' pair and document codes, ``rp``/``rd`` the
    candidate rows'; equal codes are equal values (any numbering: only equality and the
    rows' order decide).
    """
    order = np.lexsort((rows, rp))
    rp, rd, rows = rp[order], rd[order], rows[order]
    starts = np.r_[0, np.flatnonzero(rp[1:] != rp[:-1]) + 1]
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(rp)]))
    first_doc, first_row = rd[starts], rows[starts]
    other = np.flatnonzero(rd != first_doc[group])  # rows of another document than the first
    has_other = np.zeros(len(starts), dtype=bool)
    other_row = np.zeros(len(starts), dtype=rows.dtype)
    groups_with, at = np.unique(group[other], return_index=True)
    has_other[groups_with] = True
    other_row[groups_with] = rows[other[at]]
    pos = np.minimum(np.searchsorted(rp[starts], lp), len(starts) - 1)
    found = rp[starts][pos] == lp
    own_first = found & (first_doc[pos] == ld)
    take = (found & ~own_first) | (own_first & has_other[pos])
    chosen = np.where(own_first, other_row[pos], first_row[pos])
    return sources[take], chosen[take]


def _merge_first(left: pd.DataFrame, right: pd.DataFrame, key: str,
                 result: pd.Series) -> None:
    """``_join_first`` by a merge of frames, for keys with blank cases or documents."""
    left = left.reset_index(names="_src")
    right = right.reset_index(names="_dst")
    joined = left.merge(right, on=["_case", key], how="inner", suffixes=("", "_t"))
    joined = joined[joined["_doc"] != joined["_doc_t"]]
    joined = joined.sort_values(["_src", "_dst"]).drop_duplicates("_src", keep="first")
    _assign(result, joined["_src"].to_numpy(), joined["_dst"].to_numpy())


def _match_through_items(keys: pd.DataFrame, candidates: pd.DataFrame, result: pd.Series,
                         items: pd.Series) -> None:
    """Indicators left by the code joins: the same uraian under the item's pair.

    An item left unpaired (in doubt, or only under another parent) leaves its indicators
    unpaired too: pairing them by the item's name alone would undo that decision.
    """
    pending = take_rows(keys, ~_filled(result) & _filled(keys["_item"])
                        & _filled(keys["_uraian"]))
    if pending.empty:
        return
    target = items.reindex(pending["_item"].astype(I64).to_numpy())
    known = _filled(target)
    right = take_rows(candidates, _filled(candidates["_item"])
                      & _filled(candidates["_uraian"]))
    if not known.any() or right.empty:
        return
    # The first candidate of the same (target item, uraian): the first of another document
    # where every pending row is of a document no candidate is (the join is on both keys,
    # whatever the documents), with integer codes and one sort instead of a merge.
    n = int(known.sum())
    left = [np.zeros(n, dtype=np.int64), target[known].to_numpy(dtype=np.int64),
            pending["_uraian"].to_numpy(dtype=object)[known]]
    right_keys = [np.ones(len(right), dtype=np.int64), right["_item"].to_numpy(dtype=np.int64),
                  right["_uraian"].to_numpy(dtype=object)]
    src, dst = _first_of_other_document(left, right_keys, pending.index.to_numpy()[known],
                                        right.index.to_numpy())
    _assign(result, src, dst)


class _KeyColumns:
    """The key frame's columns that parent tests read, as arrays taken once per match.

    ``_parent_relation`` runs once per candidate set (56 times in one match of seed 004);
    taking five columns out of the frame on every call cost more than the tests.
    """

    def __init__(self, keys: pd.DataFrame) -> None:
        self.index = keys.index
        self.parent = keys["_parent"].to_numpy(dtype=F64, na_value=np.nan)
        self.keys = {key: keys[key].to_numpy(dtype=object)
                     for key in ("_kkey", "_okey", "_nkey")}
        self.name = keys["_name"].to_numpy(dtype=object)
        self.doc = keys["_doc"].to_numpy(dtype=object)

    def positions(self, labels: np.ndarray) -> np.ndarray:
        """``index.get_indexer(labels)``: each label's position, -1 for one not there."""
        return _positions(self.index, labels)


def _positions(index: pd.Index, labels: Any) -> np.ndarray:
    """``index.get_indexer(labels)``, by arithmetic on a frame's own 0..n-1 row labels.

    The engine's frames are labelled by position: a label's position is itself, without
    pandas' per-call cost of a look-up (hundreds of calls a run); other indexes ask pandas.
    """
    labels = np.asarray(labels)
    if not (isinstance(index, pd.RangeIndex) and index.step == 1) or \
            labels.dtype.kind not in "iu":
        return index.get_indexer(labels)
    at = labels.astype(np.int64) - index.start
    return np.where((at >= 0) & (at < len(index)), at, -1)


def _assign(result: pd.Series, labels: Any, values: Any) -> None:
    """``result.loc[labels] = values`` for labels of the key frame's rows.

    By position: the label look-up of ``loc`` was three quarters of each of a match's
    assignments (49 a run), and ``iloc``'s checks most of the rest; whole numbers into the
    nullable integers ``match`` pairs with are written into the array's values and mask.
    A label not in the frame is a ``KeyError``, as before.
    """
    index = result.index
    if isinstance(index, pd.RangeIndex) and index.step == 1:
        at = _positions(index, labels)
        if not (at < 0).any():
            array, written = result.array, np.asarray(values)
            if type(array) is pd.arrays.IntegerArray and written.dtype.kind in "iu" \
                    and written.shape == at.shape:
                array._data[at] = written
                array._mask[at] = False
            else:
                result.iloc[at] = values
            return
    result.loc[labels] = values  # another index; or pandas says which label is missing


def _parent_relation(keys: pd.DataFrame | _KeyColumns, src: np.ndarray,
                     dst: np.ndarray) -> np.ndarray:
    """Per (src, dst) pair: 1 same parent, -1 parents that are two items, 0 unknown.

    0 when either row has no parent (nothing to say). The same item: the same code key,
    official code or name key, or a near name (the parents' names are written loosely too:
    ``Kehabilitasi Sosial``).
    """
    from checker.reference.matching import NEAR_NAME, item_similarity_pairs

    # Positions and whole columns as arrays: this runs once per candidate set of every
    # match, where selecting rows of the key frame with ``.loc`` cost more than the test.
    columns = keys if isinstance(keys, _KeyColumns) else _KeyColumns(keys)
    parent = columns.parent
    at_src, at_dst = columns.positions(src), columns.positions(dst)
    if (at_src < 0).any() or (at_dst < 0).any():
        raise KeyError("a paired row is not in the key frame")
    ps, pd_ = parent[at_src], parent[at_dst]
    out = np.zeros(len(src), dtype=np.int8)
    known = ~(np.isnan(ps) | np.isnan(pd_))
    if not known.any():
        return out
    a = columns.positions(ps[known].astype(np.int64))
    b = columns.positions(pd_[known].astype(np.int64))
    if (a < 0).any() or (b < 0).any():
        raise KeyError("a parent row is not in the key frame")
    same = np.zeros(int(known.sum()), dtype=bool)
    for key in ("_kkey", "_okey", "_nkey"):
        column = columns.keys[key]
        x, y = column[a], column[b]
        same |= np.array([u is not None and u is not pd.NA and u == v
                          for u, v in zip(x, y, strict=True)], dtype=bool)
    rest = ~same
    if rest.any():
        names = columns.name
        na = names[a][rest]
        nb = names[b][rest]
        filled = np.array([isinstance(u, str) and isinstance(v, str)
                           for u, v in zip(na, nb, strict=True)], dtype=bool)
        near = np.zeros(len(na), dtype=bool)
        if filled.any():
            near[filled] = item_similarity_pairs(list(na[filled]), list(nb[filled])) \
                >= NEAR_NAME * 100
        same[rest] = near
    out[known] = np.where(same, 1, -1)
    return out


def _decide(dsts: list[int], docs: list[str], relation: list[int]
            ) -> tuple[int | None, tuple[int, ...], str]:
    """Choose among same-name candidates of one row, document by document.

    In the first document where the choice is clear, the candidate under the same parent
    wins, or the only one whose parent does not contradict. Otherwise nothing is chosen and
    the candidates in doubt are returned with the reason.
    """
    doubt: tuple[tuple[int, ...], str] | None = None
    order = list(dict.fromkeys(docs))
    for doc in order:
        rows = [(d, r) for d, dd, r in zip(dsts, docs, relation, strict=True) if dd == doc]
        same = [d for d, r in rows if r == 1]
        open_ = [d for d, r in rows if r == 0]
        if len(same) == 1:
            return same[0], (), ""
        if len(same) > 1:
            doubt = doubt or (tuple(same), "tie")
        elif len(open_) == 1 and len(rows) == 1:
            return open_[0], (), ""
        else:
            reason = "tie" if open_ else "parent"
            doubt = doubt or (tuple(d for d, _ in rows), reason)
    assert doubt is not None
    return None, doubt[0], doubt[1]


def _same_name_pairs(pending: pd.DataFrame, candidates: pd.DataFrame
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (row, candidate) of the same case and name key in another document.

    ``(src, dst, dst's document)``, sorted by source then candidate: what a merge of the
    two frames on (case, name key), the other-document filter and a sort gave, as
    integer codes, one sort and ranges (a merge of frames cost ~4 ms whatever the rows,
    nine times a run on seed 004). Blank cases or documents, where a merge has rules of
    its own for missing keys, take the merge.
    """
    right = take_rows(candidates, _filled(candidates["_nkey"]))
    left_cols = [pending[c].to_numpy(dtype=object) for c in ("_doc", "_case", "_nkey")]
    right_cols = [right[c].to_numpy(dtype=object) for c in ("_doc", "_case", "_nkey")]
    if any(pd.isna(v).any() for v in (*left_cols[:2], *right_cols[:2])):
        return _same_name_pairs_merged(pending, right)
    n = len(pending)

    def codes(i: int) -> np.ndarray:
        return pd.factorize(np.concatenate([left_cols[i], right_cols[i]]))[0].astype(np.int64)

    names = codes(2)
    pair = codes(1) * (int(names.max(initial=0)) + 1) + names
    lp, rp = pair[:n], pair[n:]
    dst_labels = right.index.to_numpy()
    order = np.lexsort((dst_labels, rp))
    rp, dst_labels, dst_docs = rp[order], dst_labels[order], right_cols[0][order]
    lo = np.searchsorted(rp, lp, side="left")
    counts = np.searchsorted(rp, lp, side="right") - lo
    total = int(counts.sum())
    first = np.repeat(lo, counts)
    offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    at = first + offset
    src = np.repeat(pending.index.to_numpy(), counts)
    dst, dst_doc = dst_labels[at], dst_docs[at]
    other = np.repeat(left_cols[0], counts) != dst_doc
    src, dst, dst_doc = src[other], dst[other], dst_doc[other]
    by_source = np.lexsort((dst, src))
    return src[by_source], dst[by_source], dst_doc[by_source]


def _same_name_pairs_merged(pending: pd.DataFrame, right: pd.DataFrame
                            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_same_name_pairs` by a merge of frames (keys with blank cases or documents)."""
    left = pending[["_doc", "_case", "_nkey"]].reset_index(names="_src")
    right = right[["_doc", "_case", "_nkey"]].reset_index(names="_dst")
    pairs = left.merge(right, on=["_case", "_nkey"], how="inner", suffixes=("", "_t"))
    pairs = pairs[pairs["_doc"] != pairs["_doc_t"]].sort_values(["_src", "_dst"])
    return (pairs["_src"].to_numpy(), pairs["_dst"].to_numpy(),
            pairs["_doc_t"].to_numpy(dtype=object))


def _match_names(keys: pd.DataFrame, candidates: pd.DataFrame, result: pd.Series,
                 kind: str, notes: dict[tuple[int, str], Ambiguity],
                 columns: _KeyColumns | None = None) -> None:
    """Stages 2 and 3: the same level and name key, the parent deciding between homonyms."""
    pending = take_rows(keys, ~_filled(result) & _filled(keys["_nkey"]))
    if pending.empty:
        return
    src, dst, dst_doc = _same_name_pairs(pending, candidates)
    if not len(src):
        return
    relation = _parent_relation(columns if columns is not None else keys, src, dst)
    single = ~pd.Series(src).duplicated(keep=False).to_numpy() & (relation >= 0)
    _assign(result, src[single], dst[single])  # one candidate, parent not against it
    # The rest, source by source (the pairs are sorted by source): plain lists per
    # source rather than a group-by yielding a frame per source.
    rest = ~single
    r_src, r_dst = src[rest].tolist(), dst[rest].tolist()
    r_doc, r_rel = dst_doc[rest].tolist(), relation[rest].tolist()
    chosen_src: list[Any] = []
    chosen_dst: list[Any] = []
    start = 0
    while start < len(r_src):
        end = start
        while end < len(r_src) and r_src[end] == r_src[start]:
            end += 1
        source = r_src[start]
        chosen, doubt, reason = _decide(r_dst[start:end], r_doc[start:end],
                                        r_rel[start:end])
        if chosen is not None:
            chosen_src.append(source)
            chosen_dst.append(chosen)
        else:
            notes[(int(source), kind)] = Ambiguity(int(source), kind, doubt, reason)
        start = end
    if chosen_src:
        _assign(result, chosen_src, chosen_dst)


def _listed(keys: pd.DataFrame) -> tuple[list[Any], ...]:
    """Row labels, case, level, document and name of key rows, as lists."""
    return (keys.index.tolist(), *(keys[c].tolist() for c in ("_case", "_level", "_doc",
                                                                "_name")))


def _match_near_names(keys: pd.DataFrame, candidates: pd.DataFrame, result: pd.Series,
                      kind: str, notes: dict[tuple[int, str], Ambiguity],
                      columns: _KeyColumns | None = None) -> None:
    """Stage 4: the leftovers by near name, one target document at a time.

    Candidates are the rows of the same level not yet taken by another row of the same
    document (two rows of a PK are two items), and not under a different parent; a
    candidate is chosen only with a clear margin over the second best. Rows are grouped
    in plain dictionaries first: the leftovers are few, the groups many.
    """
    from checker.reference.matching import pair_names

    pending = take_rows(keys, ~_filled(result) & _filled(keys["_name"]))
    if pending.empty:
        return
    pool = take_rows(candidates, _filled(candidates["_name"]))
    options: dict[tuple[Any, Any], list[tuple[Any, int, str]]] = {}
    # the columns as lists (``tolist``: the same values; walking a text column's array
    # value by value cost ~1 us a value)
    for label, case, level, doc, name in zip(*_listed(pool), strict=True):
        options.setdefault((case, level), []).append((doc, int(label), name))
    groups: dict[tuple[Any, Any, Any], list[tuple[int, str]]] = {}
    for label, case, level, doc, name in zip(*_listed(pending), strict=True):
        if (int(label), kind) not in notes and (case, level) in options:
            groups.setdefault((case, level, doc), []).append((int(label), name))
    if not groups:
        return
    columns = columns if columns is not None else _KeyColumns(keys)
    paired = result.dropna()
    taken_by_doc: dict[Any, set[int]] = {}
    paired_docs = columns.doc[columns.positions(paired.index.to_numpy())]
    for doc_of, dst in zip(paired_docs.tolist(), paired.to_numpy().tolist(), strict=True):
        taken_by_doc.setdefault(doc_of, set()).add(int(dst))
    pairs_made: dict[int, int] = {}
    for (case, level, doc), waiting in sorted(groups.items(), key=lambda g: str(g[0])):
        taken = taken_by_doc.setdefault(doc, set())
        by_target: dict[Any, list[tuple[int, str]]] = {}
        for target_doc, label, name in options[(case, level)]:
            if target_doc != doc:
                by_target.setdefault(target_doc, []).append((label, name))
        for rows in by_target.values():
            if not waiting:
                break
            rows = [(label, name) for label, name in rows if label not in taken]
            if not rows:
                continue
            pairings = pair_names([n for _, n in waiting], [n for _, n in rows])
            chosen = [(src, rows[p.chosen][0]) for (src, _), p in zip(waiting, pairings,
                                                                      strict=True)
                      if p.chosen is not None]
            against = set()
            if chosen:
                relation = _parent_relation(columns, np.array([c[0] for c in chosen]),
                                            np.array([c[1] for c in chosen]))
                against = {c[0] for c, r in zip(chosen, relation, strict=True) if r < 0}
            still = []
            for (source, name), pairing in zip(waiting, pairings, strict=True):
                dst = rows[pairing.chosen][0] if pairing.chosen is not None else None
                if dst is None or dst in taken or source in against:
                    if pairing.candidates:
                        notes.setdefault((source, kind), Ambiguity(
                            source, kind, tuple(rows[j][0] for j in pairing.candidates),
                            "tie"))
                    still.append((source, name))
                    continue
                pairs_made[source] = dst  # written to ``result`` once, below
                taken.add(dst)
                notes.pop((source, kind), None)
            waiting = still
    if pairs_made:
        _assign(result, list(pairs_made), list(pairs_made.values()))
