"""The files of a generated plan set: its columnar form, ground truth and workbooks."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.plans import GUIDE_SHEET, PlanSet
from checker.model.frames import Frames
from checker.model.schema import ENTITIES, Kind


def write_columnar(plan: PlanSet, folder: Path) -> Path:
    """The frames as one file: pickle (protocol 5) of :class:`Frames`.

    Pickle keeps pandas dtypes exactly (nullable Int64/Float64, object text with shared
    string objects) so the engine sees byte-for-byte the frames it was generated as; it
    is also what a worker process sends back. Parquet would need pyarrow (not required).
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "frames.pkl"
    with path.open("wb") as fh:
        pickle.dump(plan.frames, fh, protocol=5)
    return path


def read_columnar(folder: Path) -> Frames:
    with (folder / "frames.pkl").open("rb") as fh:
        return pickle.load(fh)


def write_truth(plan: PlanSet, folder: Path) -> Path:
    """The ground truth: every injection and the findings it must cause, as JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "truth.json"
    payload = {"size": plan.size, "sub_kegiatan_rows": plan.sub_rows, "rows": plan.counts(),
               "files": plan.files, "injections": [asdict(i) for i in plan.injections]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_truth(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def expected_from_truth(truth: dict[str, Any]) -> set[tuple[str, str, str, str, str]]:
    return {(e["code"], e["document"], e["entity"], e["key"], e["field"])
            for inj in truth["injections"] for e in inj["expected"]}


_WRITING: tuple[Frames, list[dict[str, np.ndarray]]] | None = None  # before forking


def _sheet_rows(frame: pd.DataFrame, entity_name: str) -> list[list[Any]]:
    """The frame's schema fields as rows of plain Python values (blank → None)."""
    fields = ENTITIES[entity_name].fields
    columns = []
    for f in fields:
        col = frame[f.name]
        if f.kind in (Kind.MONEY, Kind.INT, Kind.NUMBER):
            values = col.to_numpy(dtype=object, na_value=None)
        else:
            values = col.astype(object).where(col.notna(), None).to_numpy()
        columns.append(values.tolist())
    return [list(r) for r in zip(*columns, strict=True)]


def write_workbook(path: Path, frames: Frames, doc_ids: Iterable[str] | None = None) -> None:
    """One canonical workbook (the template's sheets) of the given documents.

    Without ``doc_ids`` every row of ``frames`` is written: :func:`write_workbooks` hands
    each file its own slices (:func:`file_rows`), so no file filters the whole set.
    """
    import xlsxwriter

    wanted = None if doc_ids is None else set(doc_ids)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                           "strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    guide = book.add_worksheet(GUIDE_SHEET)  # as the template writer: a guide sheet first
    guide.write(0, 0, "Rencana aksi sintetis untuk benchmark sakip-check "
                "(benchmarks/generate.py); kolom dan lembar sesuai templat.")
    for name, entity in ENTITIES.items():
        frame = frames.get(name)  # a plan without Renstra years writes the sheet empty
        if wanted is not None:
            frame = frame[frame["_doc"].isin(wanted).to_numpy()]
        sheet = book.add_worksheet(entity.sheet)
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, [f.header for f in entity.fields], bold)
        for r, row in enumerate(_sheet_rows(frame, name), start=1):
            sheet.write_row(r, 0, row)
    book.close()


def file_rows(frames: Frames, files: dict[str, list[str]]) -> list[dict[str, np.ndarray]]:
    """Each file's row positions in every entity's frame, in the frames' order, in one pass.

    Filtering the whole frames with ``isin`` once per file is quadratic in the plan set
    (3.3M: 1,012 files × 8.3 M rows, hours); here each entity's rows are ordered by their
    file once (a stable sort, so a file's rows keep their order, as ``isin`` kept it) and
    each file takes its contiguous run. Positions, not frames: a file's slice is cut only
    when it is written, so the whole set is never held twice.
    """
    file_of = {doc: i for i, docs in enumerate(files.values()) for doc in docs}
    out: list[dict[str, np.ndarray]] = [{} for _ in files]
    for name in ENTITIES:
        docs = pd.Categorical(frames.get(name)["_doc"])
        code_of = np.array([file_of.get(d, -1) for d in docs.categories] + [-1],
                           dtype=np.int64)
        fcode = code_of[docs.codes]  # code -1 (a blank _doc) reads the trailing -1
        order = np.argsort(fcode, kind="stable")
        bounds = np.searchsorted(fcode[order], np.arange(len(files) + 1))
        for i in range(len(files)):
            out[i][name] = order[bounds[i]:bounds[i + 1]]
    return out


def _write_one(args: tuple[str, int]) -> str:
    path, index = args
    assert _WRITING is not None
    frames, rows = _WRITING
    write_workbook(Path(path), Frames({name: frames.get(name).take(pos)
                                       for name, pos in rows[index].items()}))
    return path


def write_workbooks(frames: Frames, files: dict[str, list[str]], folder: Path,
                    jobs: int | None = None) -> list[Path]:
    """One workbook per pemda (its 40 agencies' documents), written in parallel."""
    global _WRITING
    folder.mkdir(parents=True, exist_ok=True)
    _WRITING = frames, file_rows(frames, files)  # inherited by forked writers
    tasks = [(str(folder / name), i) for i, name in enumerate(files)]
    jobs = jobs or os.cpu_count() or 1
    try:
        if jobs == 1 or len(tasks) == 1:
            done = [_write_one(t) for t in tasks]
        else:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
                done = list(pool.map(_write_one, tasks, chunksize=1))
    finally:
        _WRITING = None
    return [Path(p) for p in done]
