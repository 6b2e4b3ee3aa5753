"""Cell addresses in the engine's frames: stored as data, spelled ``A1`` only when needed.

A frame row keeps, for every field that has an address, the column of its cell in a
``<field>@col`` column (a categorical: one small integer per row, the letter written once
per frame) and its row in ``_row``, or in a ``<field>@row`` integer column where a record
spans several lines and some of its values stand on another line. The ``A1`` text is built
by :func:`cell_texts` for the rows that become findings, never for the whole frame: at a
million template rows, one Python string per cell was 3.9 GB of the frames' 4.8 GB
(``benchmarks/README.md``), for addresses of which a few thousand are ever shown.

pandas only: no model objects, so the engine and the columnar importers use it directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from checker.model.dtypes import INT64, STRING

LETTER_SUFFIX = "@col"
ROW_SUFFIX = "@row"


def letter_column(field_name: str) -> str:
    """Name of the frame column holding the column (``K``) of ``field_name``'s cell."""
    return f"{field_name}{LETTER_SUFFIX}"


def row_column(field_name: str) -> str:
    """Name of the optional column holding the row of ``field_name``'s cell.

    Present only in frames where some record's value stands on another line than the
    record's ``_row``; absent, the cell's row is ``_row``.
    """
    return f"{field_name}{ROW_SUFFIX}"


def has_cells(frame: pd.DataFrame, field_name: str) -> bool:
    """Whether the frame addresses ``field_name`` at all (the table has such a column)."""
    return letter_column(field_name) in frame.columns


def constant_letters(letter: str, n: int) -> pd.Categorical:
    """``n`` rows all read from column ``letter`` (a template sheet's field): one byte a row."""
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), dtype=_one_letter(letter))


@lru_cache(maxsize=256)
def _one_letter(letter: str) -> pd.CategoricalDtype:
    """The dtype of a column read from one letter; pandas validates categories at ~1 ms."""
    return pd.CategoricalDtype([letter])


def letters_of(values: Sequence[str | None]) -> pd.Categorical:
    """Letters (or None where a row has no address) as the frames store them."""
    return pd.Categorical(list(values))


def cell_texts(frame: pd.DataFrame, field_name: str) -> pd.Series:
    """The ``A1`` cell of ``field_name`` on each row of ``frame`` (None where unknown).

    Call it on the rows that become findings: its cost is one string per row given.
    """
    letters = frame.get(letter_column(field_name))
    if letters is None or not len(frame):
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    rows = frame.get(row_column(field_name))
    if rows is None:
        rows = frame["_row"]
    spelt = _spelt(letters, rows)
    if spelt is not None:
        return pd.Series(spelt, index=frame.index, dtype=object)
    rows = pd.to_numeric(rows, errors="coerce").astype(INT64)
    text = letters.astype(STRING) + rows.astype(STRING)
    return text.astype(object).where(text.notna(), None)


def _spelt(letters: pd.Series, rows: pd.Series) -> np.ndarray | None:
    """``letter + row`` per row from the stored letter codes and line numbers, or None.

    What the string columns' concatenation gives for letters stored as ``compact`` stores
    them (categorical, text categories) and plain line numbers, without building three
    string columns: a finding's cells cost pandas' per-call price several times over
    (25 calls a run on seed 004). Other columns (None) take pandas' conversion.
    """
    if not isinstance(letters.dtype, pd.CategoricalDtype):
        return None
    # the Categorical itself, not the ``cat`` accessor (an accessor and a codes Series a call)
    names = letters.array.categories.tolist()
    line = _line_numbers(rows)
    if line is None or not all(isinstance(n, str) for n in names):
        return None
    numbers, known = line
    codes = letters.array.codes
    spelt = codes >= 0
    spelt &= known
    out = np.full(len(codes), None, dtype=object)
    out[spelt] = np.asarray(names, dtype=object)[codes[spelt]] + \
        numbers[spelt].astype(str).astype(object)
    return out


def cell_text(row: pd.Series, field_name: str) -> str | None:
    """The ``A1`` cell of ``field_name`` in one frame row (a ``Series``), or None."""
    letter = row.get(letter_column(field_name))
    line = row.get(row_column(field_name), row.get("_row"))
    if _blank(letter) or _blank(line):
        return None
    return f"{letter}{int(line)}"


def cells_at(frame: pd.DataFrame, field_name: str, positions: Iterable[int]) -> dict[int, str]:
    """``{position: A1}`` for the given row positions of ``frame`` (those with a cell)."""
    wanted = np.unique(np.fromiter(positions, dtype=np.int64))
    if not len(wanted):
        return {}
    texts = cell_texts(frame.iloc[wanted], field_name).tolist()
    return {int(p): c for p, c in zip(wanted.tolist(), texts, strict=True) if c is not None}


def at_cell(frame: pd.DataFrame, field_name: str, letter: str, line: int) -> pd.Series:
    """Mask of the rows whose ``field_name`` stands in cell ``letter`` + ``line``.

    Compares the stored column and row, so that looking a finding's cell up in a whole
    frame builds no text.
    """
    letters = frame.get(letter_column(field_name))
    if letters is None:
        return pd.Series(False, index=frame.index)
    rows = frame.get(row_column(field_name))
    if rows is None:
        rows = frame["_row"]
    same_letter = np.asarray(letters == letter, dtype=bool)
    same_row = (pd.to_numeric(rows, errors="coerce") == line).fillna(False).to_numpy(dtype=bool)
    return pd.Series(same_letter & same_row, index=frame.index)


def compact(columns: dict[str, Any]) -> None:
    """Store a frame's addresses as data: letters categorical, rows only where they differ.

    Used on frames built record by record (``to_frames``), on their columns before the
    frame is put together (``columns``, name → Series of the same rows, changed in place):
    each letter column becomes categorical, and a ``<field>@row`` equal to ``_row``
    wherever the field has a cell says nothing and is dropped. Each letter column is one
    factorisation of its object array (a few hundred rows: pandas' per-call cost, not the
    rows, is the price, so the masks are numpy, the categories' dtype is kept, and the
    frame is built once rather than a column set and dropped at a time).
    """
    drop = []
    base = pd.to_numeric(columns["_row"], errors="coerce").astype(INT64) \
        if "_row" in columns else None
    base_line = None if base is None else _line_numbers(base)
    for name in [c for c in columns if c.endswith(LETTER_SUFFIX)]:
        field_name = name[: -len(LETTER_SUFFIX)]
        rows_name = row_column(field_name)
        own_rows = rows_name in columns
        line = _line_numbers(columns[rows_name]) if own_rows else base_line
        rows = None
        if own_rows and line is None:  # not plain line numbers: pandas' conversion
            rows = pd.to_numeric(columns[rows_name], errors="coerce").astype(INT64)
            line = _line_numbers(rows)
        letters = columns[name].to_numpy(dtype=object)
        # an address needs both halves: a cell without a row is no cell
        has = np.zeros(len(letters), dtype=bool) if line is None else \
            pd.notna(letters) & line[1]
        columns[name] = _letters(np.where(has, letters, None))
        if own_rows:
            # the field's own rows say nothing where they are the record's: dropped
            same = base_line is not None and bool(np.all(
                (line[0] == base_line[0])[has] & base_line[1][has]))
            if same:
                drop.append(rows_name)
            else:
                columns[rows_name] = rows if rows is not None else \
                    pd.to_numeric(columns[rows_name], errors="coerce").astype(INT64)
    for name in drop:
        del columns[name]


def _line_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """(line numbers, known) of a row column, or None when pandas must convert it.

    Whole numbers (int64, Int64, or float64 with NaN for the records without the field)
    are read as they are; anything else goes through ``pd.to_numeric`` as before.
    """
    dtype = str(values.dtype)
    if dtype in ("int64", "Int64"):
        return values.to_numpy(dtype=np.int64, na_value=0), ~pd.isna(values.array)
    if dtype == "float64":
        data = values.to_numpy()
        known = ~np.isnan(data)
        whole = data[known]
        if np.all(np.isfinite(whole)) and np.all(whole == np.floor(whole)) and \
                np.all(np.abs(whole) < 2**53):
            return np.where(known, data, 0).astype(np.int64), known
    return None


def _letters(values: np.ndarray) -> pd.Categorical:
    """``pd.Categorical(list(values))``: the same sorted categories, one factorisation."""
    codes, distinct = pd.factorize(values, sort=True)
    if not len(distinct):
        return pd.Categorical(values.tolist())  # no letter: pandas' own empty categories
    return pd.Categorical.from_codes(codes, dtype=_dtype_of(tuple(distinct.tolist())))


@lru_cache(maxsize=1024)
def _dtype_of(letters: tuple[str, ...]) -> pd.CategoricalDtype:
    """The dtype of a letter column; the same few sets of letters recur in every frame."""
    return pd.CategoricalDtype(list(letters))


def categorical(values: pd.Series) -> pd.Series:
    """A letter column as categorical (blanks as missing), unchanged if it already is."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values
    return values.astype(object).where(values.notna(), None).astype("category")


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
