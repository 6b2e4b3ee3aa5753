"""The engine's view of a plan: one DataFrame per entity, addresses alongside.

Each frame has the location columns ``_doc``, ``_file``, ``_table``, ``_row``, one column
per schema field, and for every field that has an address its cell as data: the column
letter in a categorical ``<field>@col`` and the row in ``_row``, or in ``<field>@row`` where
a record spans several lines (``checker.model.cells``, which spells ``A1`` for the rows
that become findings). A value present in the source but unreadable has its printed text in a
``<field>@unreadable`` column. Money is nullable ``Int64``; targets and percentages
nullable ``Float64``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import pandas as pd
from pandas.api.types import pandas_dtype

from checker.model.cells import (
    LETTER_SUFFIX,
    ROW_SUFFIX,
    categorical,
    compact,
    letter_column,
    row_column,
)
from checker.model.dtypes import INT64, OBJECT, STRING
from checker.model.plan import Document, Located
from checker.model.schema import (
    ENTITIES,
    LOCATION_COLUMNS,
    Entity,
    Kind,
    unreadable_column,
)

DTYPES: dict[Kind, str] = {
    Kind.TEXT: "object",
    Kind.CHOICE: "object",
    Kind.MONEY: "Int64",
    Kind.NUMBER: "Float64",
    Kind.INT: "Int64",
}
#: The same dtypes resolved once (see :mod:`checker.model.dtypes`).
_RESOLVED = {kind: pandas_dtype(name) for kind, name in DTYPES.items()}


@dataclass
class Frames:
    """The DataFrames of one run, by entity name (document, item, indicator, total)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, entity: str) -> pd.DataFrame:
        """The entity's frame; an entity added to the schema later reads as empty."""
        if entity not in self.tables and entity in ENTITIES:
            return empty_frame(ENTITIES[entity])
        return self.tables[entity]

    def get(self, entity: str) -> pd.DataFrame:
        frame = self.tables.get(entity)
        return frame if frame is not None else empty_frame(ENTITIES[entity])


def shared_texts(values: np.ndarray) -> np.ndarray:
    """The same values, each distinct text one Python object (blanks kept as they are).

    A workbook gives a new string per cell: a document id, a unit or a parent code repeated
    on thousands of rows is thousands of objects (at 1M rows most of the frames' memory,
    and of what a reader process pickles back), and each file its own copy of the
    nomenclature's names. Equal texts share one object here; the values, and so
    everything computed from them, are unchanged. Only an all-text array is shared.
    """
    values = values if values.dtype == object else np.array(values, dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return values  # numbers among them: 1, 1.0 and True would be one value
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) in (0, len(values)):  # all blank, or all distinct
        return values
    out = np.asarray(uniques, dtype=object)[codes]
    blank = codes < 0
    out[blank] = values[blank]
    return out


def empty_frame(entity: Entity) -> pd.DataFrame:
    """An entity's frame without rows: every column, each of its schema dtype.

    Built from empty arrays on one empty index: a dict of empty Series made pandas build
    an index per column and align them all (~3 ms for the item frame; a small run has two
    to five entities without rows). It is already what ``coerce`` and ``compact`` make
    of it (tested), so ``to_frames`` takes it as it is.
    """
    def empty(dtype: object) -> object:
        return np.array([], dtype=object) if dtype == OBJECT else pd.array([], dtype=dtype)

    cols: dict[str, object] = {c: empty(OBJECT) for c in LOCATION_COLUMNS}
    cols["_row"] = empty(INT64)
    for f in entity.fields:
        cols[f.name] = empty(_RESOLVED[f.kind])
    if entity.name == "tahunan":  # the relations' keys (year_keys), blank
        cols.update({key: empty(OBJECT) for key in YEAR_KEYS})
    return pd.DataFrame(cols, index=pd.RangeIndex(0), copy=False)


def coerce(frame: pd.DataFrame, entity: Entity) -> pd.DataFrame:
    """Give every schema column its dtype, adding missing ones as all-blank.

    The frame is put together once from its columns (no copy of their data) rather than
    column by column: on a plan of a few hundred rows the hundred assignments into the
    frame cost more than the conversions.
    """
    return pd.DataFrame(_coerced(frame, entity), index=frame.index, copy=False)


def _addressed(frame: pd.DataFrame, entity: Entity) -> pd.DataFrame:
    """``coerce`` and then ``compact`` the frame of records, putting it together once.

    Compacting the coerced frame set its letter columns and dropped its row columns one
    by one (some sixty frame operations for the item frame of seed 004).
    """
    columns = _coerced(frame, entity)
    compact(columns)
    return pd.DataFrame(columns, index=frame.index, copy=False)


def _coerced(frame: pd.DataFrame, entity: Entity) -> dict[str, pd.Series]:
    """The columns of ``coerce``'s frame, by name, in its order."""
    n = len(frame)
    columns = {name: frame[name] for name in frame.columns}
    for f in entity.fields:
        dtype = _RESOLVED[f.kind]
        if f.name not in columns:
            columns[f.name] = pd.Series([pd.NA] * n, dtype=dtype, index=frame.index)
        elif str(columns[f.name].dtype) != DTYPES[f.kind]:
            columns[f.name] = columns[f.name].astype(dtype)
    for c in LOCATION_COLUMNS:
        if c not in columns:
            columns[c] = pd.Series([None] * n, dtype=OBJECT, index=frame.index)
    columns["_row"] = columns["_row"].astype(INT64)
    return columns


def _column_maps(doc: Document) -> dict[str | None, dict[str, str]]:
    """Per table, the column letter each field was read from (from the importer's mapping).

    A value that is *missing* has no address of its own; a finding about it should still
    point at the empty cell where it belongs, which is this column on the row's line.
    """
    maps: dict[str | None, dict[str, str]] = {}
    for table in doc.tables:
        fields: dict[str, str] = {}
        for letter, field_name in table.columns.items():
            if field_name and letter.isalpha() and field_name.isidentifier():
                fields.setdefault(field_name, letter)
        maps[table.name] = fields
    return maps


def _columns_seen(rows: list[Located]) -> dict[str | None, dict[str, str]]:
    """Per table, the column where the other rows hold each field (the most usual one).

    An importer that maps no columns (a text layout) still addresses every value it read;
    a row of the same table that lacks the value has its empty cell in that same column.
    Ties go to the leftmost column, so the choice does not depend on row order.
    """
    counts: dict[str | None, dict[str, Counter[str]]] = {}
    for r in rows:
        for fname, loc in r.cells.items():
            if loc.column and loc.column.isalpha():
                counts.setdefault(r.table, {}).setdefault(fname, Counter())[loc.column] += 1
    return {table: {f: min(c, key=lambda letter: (-c[letter], len(letter), letter))
                    for f, c in fields.items()}
            for table, fields in counts.items()}


def _columns_for(row: Located, mapped: dict[str, str],
                 seen: dict[str, str]) -> dict[str, str]:
    """Where this row's missing values belong.

    The importer's mapping, else the columns the table's other rows use, but only when
    this row is laid out like them: most of its values read, each in its usual column. A
    row whose cells shifted or went unread (an OCR'd table) keeps "baris N": a guessed cell
    would point at another value.
    """
    like_the_others = (2 * len(row.cells) >= len(seen) and all(
        seen.get(f, loc.column) == loc.column for f, loc in row.cells.items()))
    return {**seen, **mapped} if seen and like_the_others else mapped


def _records(doc: Document, rows: Iterable[Located], entity: Entity) -> list[dict]:
    names = [f.name for f in entity.fields]
    rows = list(rows)
    columns = _column_maps(doc)
    seen = _columns_seen(rows)
    out = []
    for r in rows:
        rec = {"_doc": doc.id, "_file": r.file or doc.path, "_table": r.table, "_row": r.row,
               "_page": r.page}
        fields = type(r).model_fields
        for name in names:  # as model_dump(mode="json"): an enum as its value
            value = getattr(r, name) if name in fields else None
            rec[name] = value.value if isinstance(value, Enum) else value
        if "dokumen" in names:
            rec["dokumen"] = doc.id
        for fname, loc in r.cells.items():
            rec[letter_column(fname)] = loc.column
            rec[row_column(fname)] = loc.row
        for fname, text in r.unreadable.items():
            if rec.get(fname) is None:  # read after all (another line of the record)
                rec[unreadable_column(fname)] = text
        if r.row is not None:
            for fname, letter in _columns_for(r, columns.get(r.table, {}),
                                              seen.get(r.table, {})).items():
                if fname in names and letter_column(fname) not in rec and rec.get(fname) is None:
                    rec[letter_column(fname)] = letter
                    rec[row_column(fname)] = r.row
        out.append(rec)
    return out


def to_frames(documents: Iterable[Document]) -> Frames:
    """Build the engine's frames from imported documents (in their given order)."""
    docs = list(documents)
    collected: dict[str, list[dict]] = {"item": [], "indicator": [], "total": [],
                                        "table_cell": [], "tahunan": []}
    doc_rows = []
    for d in docs:
        doc_rows.append({"_doc": d.id, "_file": d.path, "_table": None, "_row": None,
                         "_page": None,
                         "id": d.id, "jenis": d.jenis.value, "instansi": d.instansi,
                         "pemda": d.pemda, "tahun": d.tahun, "judul": d.judul,
                         "tahun_awal": d.tahun_awal, "tahun_akhir": d.tahun_akhir})
        collected["item"].extend(_records(d, d.items, ENTITIES["item"]))
        collected["indicator"].extend(_records(d, d.indicators, ENTITIES["indicator"]))
        collected["total"].extend(_records(d, d.totals, ENTITIES["total"]))
        collected["table_cell"].extend(_records(d, d.table_cells, ENTITIES["table_cell"]))
        collected["tahunan"].extend(_records(d, d.tahunan, ENTITIES["tahunan"]))
    tables = {"document": coerce(pd.DataFrame(doc_rows), ENTITIES["document"])}
    for name, recs in collected.items():
        entity = ENTITIES[name]
        tables[name] = _addressed(pd.DataFrame(recs), entity) if recs else \
            empty_frame(entity)
    tables["tahunan"] = tables["tahunan"].assign(**year_keys(tables["tahunan"], tables["item"]))
    return Frames(tables)


def join_frames(parts: list[Frames], consume: bool = False) -> Frames:
    """Frames of several files as one run's, in the order given (as ``to_frames`` orders).

    Used when some files were read straight to frames (a template) and others as
    documents; the letter columns stay categorical (:func:`concat`). Joined column by
    column: with ``consume``, each part's column is dropped as soon as it is joined, so the
    run never holds every part and the whole joined copy at once (at 1M template rows that
    doubled the frames while ``check`` joined them).
    ``consume`` empties the parts: the caller must not use them after.
    """
    if len(parts) == 1:
        return parts[0]
    tables = {}
    for name in ("document", "item", "indicator", "total", "table_cell", "tahunan"):
        entity = ENTITIES[name]
        pieces = [p.tables.pop(name) if consume and name in p.tables else p.get(name)
                  for p in parts]
        tables[name] = coerce(concat(pieces, consume), entity) \
            if any(len(x) for x in pieces) else empty_frame(entity)
    return Frames(tables)


def concat(pieces: list[pd.DataFrame], consume: bool = False) -> pd.DataFrame:
    """Frames of several files as one, the letter columns kept categorical, column by column.

    ``pd.concat`` turns categoricals with different categories into Python objects (one
    string per row again); here every piece's letters go on the union of the letters.
    With ``consume`` each piece's column is dropped once joined and ``pieces`` emptied.

    The same columns in the same order as ``pd.concat`` of the whole pieces gives (a
    column a piece lacks is blank there, by the same ``pd.concat``); the letter columns on
    the union of their letters, a missing ``<field>@row`` taken from the piece's ``_row``.
    """
    letters = sorted({c for p in pieces for c in p.columns if c.endswith(LETTER_SUFFIX)})
    rows = sorted({c for p in pieces for c in p.columns if c.endswith(ROW_SUFFIX)})
    order: dict[str, None] = {}
    for p in pieces:  # the column order of ``pd.concat(p.assign(<letters>, <rows>) …)``
        order.update(dict.fromkeys(p.columns))
        order.update(dict.fromkeys(c for c in letters if c not in p.columns))
        order.update(dict.fromkeys(c for c in rows if c not in p.columns))
    # Each piece as its columns: popping a column frees it (``del frame[c]`` rebuilds the
    # frame's blocks every time: 8 s for 31 files at 100k rows).
    # (Arrays rather than Series: a Series per piece and column, and pandas' index work
    # per piece in ``pd.concat``, were most of the join: 12 s of 307 files at 1M rows.)
    sizes = [len(p) for p in pieces]
    columns = [{c: p._get_column_array(i) for i, c in enumerate(p.columns)} for p in pieces]
    if consume:
        pieces.clear()
    out: dict[str, pd.Series] = {}
    for column in order:
        if column in letters:
            cols = [s.array for s in _letters(columns, sizes, column)]
        elif column in rows:
            cols = [c[column] if column in c else
                    pd.Series(c["_row"], copy=False).astype(INT64).array if "_row" in c
                    else pd.array([None] * n, dtype=INT64)
                    for c, n in zip(columns, sizes, strict=True)]
        else:
            cols = [c.get(column) for c in columns]
        if all(c is not None for c in cols):
            joined = _stacked(cols)
        else:  # blank where a piece lacks it, as pd.concat of whole frames fills it
            joined = pd.concat([pd.Series(c, copy=False).to_frame(column) if c is not None
                                else pd.DataFrame(index=pd.RangeIndex(n))
                                for c, n in zip(cols, sizes, strict=True)],
                               ignore_index=True)[column]
        if joined.dtype == OBJECT:  # equal texts of different files as one object
            joined = pd.Series(shared_texts(joined.to_numpy()), dtype=OBJECT, copy=False)
        out[column] = joined.rename(column)
        del cols, joined
        if consume and column != "_row":  # ``_row`` fills the ``@row`` columns: kept
            for c in columns:
                c.pop(column, None)
    return pd.DataFrame(out, copy=False)


def _stacked(arrays: list) -> pd.Series:
    """``pd.concat`` of the pieces' columns, as one array when they share a dtype.

    The same values and dtype as ``pd.concat`` (which, for one dtype, concatenates the
    arrays too); pieces of different dtypes go through ``pd.concat`` for its promotion.
    """
    first = arrays[0]
    if all(a.dtype == first.dtype and type(a) is type(first) for a in arrays):
        if isinstance(first, np.ndarray):
            values = np.concatenate(arrays)
        elif isinstance(first, pd.Categorical):  # one set of letters: the codes joined
            values = pd.Categorical.from_codes(np.concatenate([a.codes for a in arrays]),
                                               dtype=first.dtype)
        else:
            values = type(first)._concat_same_type(arrays)
        return pd.Series(values, copy=False)
    return pd.concat([pd.Series(a, copy=False) for a in arrays], ignore_index=True)


def _letters(columns: list[dict[str, object]], sizes: list[int],
             column: str) -> list[pd.Series]:
    """Every piece's letters of ``column`` on the union of their letters (blank if absent)."""
    present = [categorical(pd.Series(c[column], copy=False)) if column in c else None
               for c in columns]
    union = sorted({str(c) for s in present if s is not None for c in s.cat.categories})
    return [s if s is not None and list(s.cat.categories) == union else
            s.cat.set_categories(union) if s is not None else
            pd.Series(pd.Categorical([None] * n, categories=union))
            for s, n in zip(present, sizes, strict=True)]


def twin_key(indicators: pd.DataFrame) -> pd.Series:
    """Item and indicator text with case and spacing ignored: equal for a duplicated row.

    The key of the ``same_uraian`` relation (one indicator written twice for one item);
    blank where the text is.
    """
    text = _text_key(indicators["uraian"])
    key = indicators["item"].astype(STRING) + "\x1f" + text
    return key.astype(OBJECT).where(key.notna() & (text != ""), None)


def _text_key(values: pd.Series) -> pd.Series:
    """Text with case and spacing ignored, as the ``same_uraian`` key reads it.

    Normalised once per distinct text: a national plan repeats a few thousand indicator
    texts over millions of rows, and splitting every row's text took ~30 s at 1M rows.
    """
    codes, uniques = pd.factorize(values.astype(STRING), use_na_sentinel=True)
    norm = pd.Series(uniques, dtype=STRING).str.casefold().str.split().str.join(" ")
    out = np.full(len(values), pd.NA, dtype=object)
    known = codes >= 0
    out[known] = norm.to_numpy(dtype=object)[codes[known]]
    return pd.Series(out, index=values.index, dtype=norm.dtype)


YEAR_KEYS = ("_self", "_induk", "_key", "_prev", "_next", "_ind", "_budget_item")


def year_keys(years: pd.DataFrame, items: pd.DataFrame) -> dict[str, pd.Series]:
    """The derived keys the relations of the yearly frame join on (text, blank if unknown).

    ``_self``/``_induk``: an item's funding row and its parent's funding row of the same
    year (the yearly roll-up); ``_key``/``_prev``/``_next``: the same item or indicator one
    year apart (the polarity and end-of-period rules); ``_ind``: the indicator the target
    belongs to, in the form of :func:`twin_key`; ``_budget_item``: the item of a funding row.
    A target row (``indikator`` filled) has no ``_self``: a yearly sum adds funding only.
    """
    def text(series: pd.Series) -> pd.Series:
        return series.astype(OBJECT).where(series.notna(), None)

    if not len(years):  # no yearly rows (a Rencana Aksi): every key blank, nothing looked up
        return {key: pd.Series([], index=years.index, dtype=OBJECT) for key in YEAR_KEYS}

    item = years["item"].astype(STRING)
    year = pd.to_numeric(years["tahun"], errors="coerce").astype(INT64)
    uraian = _text_key(years["indikator"])
    funding = years["indikator"].isna() | (uraian == "")
    parents = items[["_doc", "id", "induk"]].dropna(subset=["id"]).drop_duplicates(
        ["_doc", "id"]).set_index(["_doc", "id"])["induk"]
    induk = pd.Series(parents.reindex(pd.MultiIndex.from_arrays(
        [years["_doc"], years["item"]])).to_numpy(), index=years.index).astype(STRING)
    sep = "\x1f"
    what = item + sep + uraian.where(~funding, "")

    def at(offset: int) -> pd.Series:
        return what + sep + (year + offset).astype(STRING)

    return {
        "_self": text((item + sep + year.astype(STRING)).where(funding)),
        "_induk": text((induk + sep + year.astype(STRING)).where(funding)),
        "_key": text(at(0)), "_prev": text(at(-1)), "_next": text(at(1)),
        "_ind": text((item + sep + uraian).where(~funding)),
        "_budget_item": text(item.where(funding)),
    }
