"""Reader of the canonical template: the workbook (or CSV folder) a planner fills in Excel.

The template is the one layout the tool defines itself, so it is read strictly: sheets and
columns are found by name (header text or field name, in any order, case and spaces
ignored), every value keeps its exact A1 cell, and anything that cannot be used as it
stands (a word in a rupiah cell, a money value with cents, an unknown level, a duplicate
ID, an Excel error such as ``#REF!``) is collected, all of it, into one
:class:`~checker.model.errors.InputError` whose details name each cell, so the user fixes
the workbook in one pass instead of one cell per run.

Speed matters (plans are checked by the million rows in benchmarks), so cells are
converted column by column over chunks of rows with numpy masks, and :func:`read_frames`
goes from the file straight to the engine's DataFrames; :meth:`TemplateImporter.read`
builds the model documents from those frames.

Two things python-calamine does not say are recovered from the sheet's XML with a
streaming byte search: cells holding an Excel error (calamine reads them as blank) and
numbers formatted as percent (``75%`` is stored as 0.75, which would silently be read as
0.75 instead of 75).

The sheets and that XML search are in ``template_grids``; the columns, their conversion
and the problems found in ``template_columns``; this module checks the tables together
(required fields, documents, duplicates) and builds the frames and documents.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from checker.i18n import t
from checker.importers.template_columns import (
    Column,
    Problems,
    TemplateTable,
    find_header,
    map_columns,
    read_table,
)
from checker.importers.template_grids import (
    GUIDE_SHEET,
    ISSUES_SHEET,
    KEY_FIELDS,
    NS,
    REQUIRED_SHEETS,
    SEPARATORS,
    SOURCE_HEADER,
    csv_grids,
    header_key,
    workbook_grids,
)
from checker.importers.textlines import TextLine
from checker.model.cells import constant_letters, letter_column
from checker.model.errors import InputError
from checker.model.frames import Frames, coerce, empty_frame, shared_texts, year_keys
from checker.model.location import Location, column_letter
from checker.model.plan import (
    Document,
    Indicator,
    Item,
    Located,
    TableCell,
    TableInfo,
    Total,
    YearValue,
)
from checker.model.schema import ENTITIES, Kind

#: Names other modules import from here (the exporter, the tests).
__all__ = ["GUIDE_SHEET", "ISSUES_SHEET", "KEY_FIELDS", "SOURCE_HEADER", "TemplateImporter",
           "header_key", "read_frames", "read_plan"]



# --------------------------------------------------------------------------- read
@dataclass
class _Read:
    """Everything one read produced: frames, raw texts and table descriptions."""

    frames: Frames
    raws: dict[str, list[dict[str, str]]]  # entity → per frame row: field → raw text
    tables: dict[str, list[TableInfo]]  # document id → its TableInfo per sheet
    path: str
    letters: dict[str, dict[str, str]]  # entity → field → column letter
    sheets: dict[str, str]  # entity → sheet or CSV name


def _read(path: Path) -> _Read:
    """Read every sheet, check it all, raise one error listing every problem, or build."""
    grids, found = csv_grids(path) if path.is_dir() else workbook_grids(path)
    structural: list[InputError] = []
    layouts = {}
    for name, entity in ENTITIES.items():
        if name in grids:
            header_row = find_header(grids[name], entity)
            layouts[name] = (header_row, *map_columns(grids[name], entity, header_row,
                                                        structural))
    if structural:
        raise InputError(f"{NS}.error.columns", Location(file=str(path)), details=structural)
    problems = Problems()
    with _no_gc():
        tables = {name: read_table(grids[name], ENTITIES[name], order, *layouts[name],
                                    problems=problems)
                  for order, name in enumerate(ENTITIES) if name in grids}
        for table in tables.values():
            _check_choices(table, problems)
            _check_required(table, problems)
        doc_ids, doc_rows = _documents(tables["document"], path, problems)
        assigned = {name: _assign_documents(table, doc_ids, problems)
                    for name, table in tables.items() if name != "document"}
        if "item" in tables:
            _check_duplicates(tables["item"], assigned["item"], problems)
        problems.raise_if_any(path)
        return _assemble(path, tables, doc_ids, doc_rows, assigned, found)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of cells become objects.

    The values made here hold no reference cycles, and without the pause the collector
    runs every few thousand allocations and triples the time of a large read.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ref(table: TemplateTable, col: Column, i: int) -> tuple[int, str]:
    row = int(table.rows[i])
    return row, f"{table.name}!{column_letter(col.index)}{row}"


def _check_choices(table: TemplateTable, problems: Problems) -> None:
    """Choice cells become their canonical spelling (``Sub Kegiatan`` → ``sub_kegiatan``)."""
    for col in table.columns.values():
        if col.field.kind is not Kind.CHOICE:
            continue
        canon = {SEPARATORS.sub("_", c.strip()).casefold(): c for c in col.field.choices}
        series = pd.Series(col.values, dtype=object)
        uniques = series.dropna().unique()
        mapping = {v: canon.get(SEPARATORS.sub("_", v).casefold()) for v in uniques}
        mapped = series.map(mapping).to_numpy(dtype=object, copy=True)
        for i in np.flatnonzero(series.notna().to_numpy() & pd.isna(mapped)):
            row, ref = _ref(table, col, i)
            col.bad.add(row)
            problems.add(table.order, row, col.index, "bad_choice", ref=ref,
                         value=col.values[i], choices=", ".join(col.field.choices))
        mapped[pd.isna(mapped)] = None
        col.values = mapped


_MUST_HAVE = {"document": ("id", "jenis"), "item": ("id", "level"),
              "indicator": ("item",), "total": ("tabel", "level"),
              "table_cell": ("tabel", "peran"),
              "tahunan": ("item", "tahun")}


def _check_required(table: TemplateTable, problems: Problems) -> None:
    """Values the model cannot do without; other blanks are left for the rules."""
    for name in _MUST_HAVE[table.entity.name]:
        col = table.columns[name]
        for i in np.flatnonzero(pd.isna(col.values)):
            row, ref = _ref(table, col, i)
            if row not in col.bad:
                problems.add(table.order, row, col.index, "required_blank", ref=ref,
                             header=col.field.header)


def _documents(table: TemplateTable, path: Path,
               problems: Problems) -> tuple[list[str], list[dict[str, Any]]]:
    """The documents in sheet order; a repeated ID is reported with both cells."""
    ids: list[str] = []
    rows: list[dict[str, Any]] = []
    first_cell: dict[str, str] = {}
    col = table.columns["id"]
    for i, doc_id in enumerate(col.values):
        if doc_id is None:
            continue
        row, ref = _ref(table, col, i)
        if doc_id in first_cell:
            problems.add(table.order, row, col.index, "duplicate_document", ref=ref,
                         value=doc_id, first=first_cell[doc_id])
            continue
        first_cell[doc_id] = ref
        ids.append(doc_id)
        record = {f.name: None for f in table.entity.fields}
        for name, c in table.columns.items():
            value = c.values[i]
            record[name] = None if value is pd.NA else value
        record["_position"] = i
        rows.append(record)
    if not ids and not problems.count:
        raise InputError(f"{NS}.error.no_documents",
                         Location(file=str(path), table=table.name))
    return ids, rows


def _assign_documents(table: TemplateTable, doc_ids: list[str], problems: Problems) -> np.ndarray:
    """The document of every row: its ``dokumen`` cell, or the only document."""
    n = len(table.rows)
    single = doc_ids[0] if len(doc_ids) == 1 else None
    listed = ", ".join(doc_ids)
    col = table.columns.get("dokumen")
    if col is None:
        if single is None and n and doc_ids:
            problems.add(table.order, table.header_row, 0, "document_column_missing",
                         sheet=table.name, documents=listed)
        return np.full(n, single, dtype=object)
    out = np.array(col.values, dtype=object)
    blank = pd.isna(out)
    unknown = ~blank & ~pd.Series(out).isin(doc_ids).to_numpy()
    if doc_ids:
        for i in np.flatnonzero(blank if single is None else np.zeros(n, dtype=bool)):
            row, ref = _ref(table, col, i)
            problems.add(table.order, row, col.index, "document_blank", ref=ref,
                         count=len(doc_ids), documents=listed)
        for i in np.flatnonzero(unknown):
            row, ref = _ref(table, col, i)
            problems.add(table.order, row, col.index, "unknown_document", ref=ref,
                         value=out[i], documents=listed)
    out[blank] = single
    out[unknown] = None
    return out


def _check_duplicates(table: TemplateTable, docs: np.ndarray, problems: Problems) -> None:
    """Item IDs are keys within a document: a repeat names the first cell too."""
    col = table.columns["id"]
    frame = pd.DataFrame({"doc": docs, "id": col.values}, dtype=object)
    dup = frame.duplicated(["doc", "id"], keep=False).to_numpy() & frame["id"].notna().to_numpy()
    first: dict[tuple[Any, Any], str] = {}
    for i in np.flatnonzero(dup):
        row, ref = _ref(table, col, i)
        key = (docs[i], col.values[i])
        if key not in first:
            first[key] = ref
        else:
            problems.add(table.order, row, col.index, "duplicate_id", ref=ref,
                         value=col.values[i], first=first[key], document=docs[i])


def _constant(value: str, n: int) -> np.ndarray:
    """``n`` times one object (``np.full`` copies a string into every slot)."""
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


def _text_column(values: np.ndarray) -> pd.Series:
    """Text as ``to_frames`` leaves it: object dtype, NaN for blanks unless all are blank."""
    out = shared_texts(values)
    blank = np.equal(out, None)  # the reader's text arrays hold str or None only
    if blank.any() and not blank.all():
        out[blank] = np.nan
    return pd.Series(out, dtype=object, copy=False)


def _assemble(path: Path, tables: dict[str, TemplateTable], doc_ids: list[str],
              doc_rows: list[dict[str, Any]], assigned: dict[str, np.ndarray],
              found: list[str]) -> _Read:
    """The engine's frames, rows grouped by document in sheet order, as ``to_frames``."""
    file = str(path)
    records = [{"_doc": rec["id"], "_file": file, "_table": None, "_row": None, "_page": None,
                **{f.name: rec[f.name] for f in ENTITIES["document"].fields}}
               for rec in doc_rows]
    frames = {"document": coerce(pd.DataFrame(records), ENTITIES["document"])}
    result = _Read(Frames(frames), {}, {doc_id: [] for doc_id in doc_ids}, file, {},
                   {name: table.name for name, table in tables.items()})
    order = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    for name in ("item", "indicator", "total", "table_cell", "tahunan"):
        entity = ENTITIES[name]
        table = tables.get(name)
        if table is not None:
            result.letters[name] = {n: column_letter(c.index) for n, c in table.columns.items()}
        if table is None or not len(table.rows):
            frames[name] = empty_frame(entity)
            result.raws[name] = []
            if table is not None:
                _add_infos(result.tables, table, table.rows, np.zeros(0, dtype=object), file)
            continue
        docs = shared_texts(assigned[name])
        perm = np.argsort(np.array([order[d] for d in docs], dtype=np.int64), kind="stable")
        rows = table.rows[perm]
        n = len(perm)
        data: dict[str, Any] = {
            "_doc": pd.Series(docs[perm], dtype="str"),
            "_file": pd.Series(_constant(file, n), dtype="str"),
            "_table": pd.Series(_constant(table.name, n), dtype="str"),
            "_row": pd.array(rows, dtype="Int64"),
            "_page": pd.Series(np.full(n, None, dtype=object), dtype=object),  # no pages
        }
        for f in entity.fields:
            col = table.columns.get(f.name)
            if f.name == "dokumen":
                data[f.name] = _text_column(docs[perm])
            elif col is None:
                data[f.name] = pd.Series(pd.array([None] * n, dtype=_DTYPES[f.kind]))
            elif f.kind in (Kind.TEXT, Kind.CHOICE):
                data[f.name] = _text_column(col.values[perm])
            else:
                data[f.name] = col.values[perm]
        for f in entity.fields:  # the cell: this letter on the row's line (``_row``)
            if f.name in table.columns:
                letter = column_letter(table.columns[f.name].index)
                data[letter_column(f.name)] = constant_letters(letter, n)
        frames[name] = coerce(pd.DataFrame(data), entity)
        inverse = np.empty_like(perm)
        inverse[perm] = np.arange(n)
        row_raws: list[dict[str, str]] = [{} for _ in range(n)]
        for fname, col in table.columns.items():
            for pos, text in col.raws.items():
                row_raws[int(inverse[pos])][fname] = text
        result.raws[name] = row_raws
        _add_infos(result.tables, table, rows, docs[perm], file)
    _add_doc_infos(result.tables, tables["document"], doc_rows, file, found)
    frames["tahunan"] = frames["tahunan"].assign(**year_keys(frames["tahunan"], frames["item"]))
    return result


_DTYPES = {Kind.TEXT: "object", Kind.CHOICE: "object", Kind.MONEY: "Int64",
           Kind.NUMBER: "Float64", Kind.INT: "Int64"}


def _columns_info(table: TemplateTable) -> tuple[dict[str, str], list[str]]:
    columns = {column_letter(c.index): name for name, c in table.columns.items()}
    notes = []
    for c, header in table.ignored.items():
        columns[column_letter(c)] = t(f"{NS}.note.ignored_column", header=header)
    if table.ignored:
        notes.append(t(f"{NS}.note.unknown_columns", columns=", ".join(
            f"{column_letter(c)} ({h})" for c, h in table.ignored.items())))
    if table.source_column is not None:
        columns[column_letter(table.source_column)] = t(f"{NS}.note.source_column")
    if table.header_row != 1:
        notes.append(t(f"{NS}.note.header_row", row=table.header_row))
    return dict(sorted(columns.items(), key=lambda x: (len(x[0]), x[0]))), notes


def _add_infos(infos: dict[str, list[TableInfo]], table: TemplateTable, rows: np.ndarray,
               docs: np.ndarray, file: str) -> None:
    columns, notes = _columns_info(table)
    for doc_id, doc_infos in infos.items():
        mine = rows[docs == doc_id] if len(docs) else rows
        doc_infos.append(TableInfo(
            name=table.name, file=file, columns=columns, notes=list(notes),
            skipped=list(table.skipped),
            first_row=int(mine.min()) if len(mine) else None,
            last_row=int(mine.max()) if len(mine) else None, rows_read=len(mine)))


def _add_doc_infos(infos: dict[str, list[TableInfo]], table: TemplateTable,
                   doc_rows: list[dict[str, Any]], file: str, found: list[str]) -> None:
    columns, notes = _columns_info(table)
    known = {header_key(e.sheet) for e in ENTITIES.values()} | {
        header_key(GUIDE_SHEET), header_key(ISSUES_SHEET)}
    others = [n for n in found if header_key(PurePosixPath(n).stem) not in known]
    if others:
        notes.append(t(f"{NS}.note.other_sheets", sheets=", ".join(others)))
    for rec in doc_rows:
        row = int(table.rows[rec["_position"]])
        infos[rec["id"]].insert(0, TableInfo(name=table.name, file=file, columns=columns,
                                             notes=list(notes), first_row=row,
                                             last_row=row, rows_read=1))


def read_frames(path: str | Path) -> Frames:
    """The engine's DataFrames straight from a template workbook or CSV folder.

    Same columns, dtypes and values as ``to_frames(TemplateImporter().read(path))``, without
    building a model object per row: this is the path for very large plans.
    """
    return _read(Path(path)).frames


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


_MODELS: dict[str, type[Located]] = {"item": Item, "indicator": Indicator, "total": Total,
                                     "table_cell": TableCell, "tahunan": YearValue}


def read_plan(path: str | Path) -> tuple[list[Document], Frames]:
    """The documents without their rows, and the engine's frames holding the rows.

    What ``check`` uses for a template (issue 14, item 4): reports and policies need only
    each document's header and tables read; the rows go to the engine as frames, without a
    model object per row (at 100k rows that path took 50 s and 5 GB, mostly building
    and sending those objects).
    """
    result = _read(Path(path))
    return _documents_from(result, rows=False), result.frames


def _documents_from(result: _Read, rows: bool = True) -> list[Document]:
    docs: dict[str, Document] = {}
    for rec in result.frames["document"].to_dict("records"):
        clean = {k: (None if _is_missing(v) else v) for k, v in rec.items()}
        docs[clean["id"]] = Document(
            id=clean["id"], jenis=clean["jenis"], path=result.path,
            instansi=clean["instansi"], pemda=clean["pemda"],
            tahun=None if clean["tahun"] is None else int(clean["tahun"]),
            judul=clean["judul"], tables=result.tables.get(clean["id"], []),
            tahun_awal=None if clean.get("tahun_awal") is None else int(clean["tahun_awal"]),
            tahun_akhir=None if clean.get("tahun_akhir") is None else int(clean["tahun_akhir"]))
    if not rows:
        return list(docs.values())
    for name, model in _MODELS.items():
        entity = ENTITIES[name]
        frame = result.frames[name]
        letters = result.letters.get(name, {})
        sheet = result.sheets.get(name)
        fields = [f.name for f in entity.fields if f.name != "dokumen"]
        located = [f.name for f in entity.fields if f.name in letters]
        target = {"item": "items", "indicator": "indicators", "total": "totals",
                  "table_cell": "table_cells", "tahunan": "tahunan"}[name]
        columns = ["_doc", "_row", *fields]
        for pos, values in enumerate(frame[columns].itertuples(index=False, name=None)):
            doc_id, row = values[0], int(values[1])
            kwargs = {f: (None if _is_missing(v) else v) for f, v in zip(fields, values[2:],
                                                                        strict=True)}
            obj = model(**kwargs, file=result.path, table=sheet, row=row)
            raws = result.raws[name][pos] if result.raws.get(name) else {}
            for fname in located:
                obj.locate(fname, Location(file=result.path, table=sheet, row=row,
                                           column=letters[fname]), raws.get(fname))
            getattr(docs[doc_id], target).append(obj)
    return list(docs.values())


class TemplateImporter:
    """The canonical template: a workbook or a folder of CSV files, one per sheet.

    A workbook has the sheets ``Dokumen`` and ``Program_Kegiatan`` (``Indikator`` and
    ``Jumlah`` are optional); a folder has ``Dokumen.csv`` and ``Program_Kegiatan.csv``.
    """

    name = "template"

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool:
        """True for a template, also one with a misnamed sheet (``read`` then says which).

        A workbook is the template's when it has a ``Dokumen`` sheet (in any case or
        spacing) or a sheet named exactly ``Program_Kegiatan``: an agency's own workbook
        with a "Program Kegiatan" sheet is left to the importers of agency layouts. A
        workbook that cannot be opened at all is claimed, so that ``read`` says why.
        """
        path = Path(path)
        if path.is_dir():
            keys = {header_key(ENTITIES[e].sheet) for e in REQUIRED_SHEETS}
            return any(header_key(p.stem) in keys for p in path.iterdir()
                       if p.suffix.lower() == ".csv")
        from python_calamine import CalamineWorkbook

        try:
            names = CalamineWorkbook.from_path(str(path)).sheet_names
        except Exception:  # unreadable: let read() report it with the reason
            return True
        return ENTITIES["item"].sheet in names or any(
            header_key(n) == header_key(ENTITIES["document"].sheet) for n in names)

    def read(self, path: Path) -> list[Document]:
        """Every document of the template, each value located at its cell."""
        return _documents_from(_read(Path(path)))

    def read_plan(self, path: Path) -> tuple[list[Document], Frames]:
        """Documents without rows, and the rows as frames (see :func:`read_plan`)."""
        return read_plan(path)
