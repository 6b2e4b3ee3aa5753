"""From the paths a user typed to documents, with every unreadable file accounted for.

A folder is either a plan in CSV form (it has ``Dokumen.csv``) or a folder of files to
check, walked in sorted order so that runs are reproducible whatever the file system's
order. One bad file never stops the others: its error is kept and reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from checker.importers.registry import (
    GRID_SUFFIXES,
    TEXT_SUFFIXES,
    WORKBOOK_SUFFIXES,
    load,
    load_plan,
)
from checker.model.errors import InputError
from checker.model.location import Location
from checker.model.plan import Document

if TYPE_CHECKING:
    from checker.model.frames import Frames

#: What a folder is searched for. Every container the reader knows, except HTML: a folder
#: of plans often holds the HTML reports written from them (``reports/``), which are no
#: plan; a saved web table is read when it is named itself.
PLAN_SUFFIXES = TEXT_SUFFIXES | WORKBOOK_SUFFIXES | (GRID_SUFFIXES - {".html", ".htm"}) | {
    ".xls"}


@dataclass
class Collected:
    """Documents read, the files they came from, and the errors of files that failed.

    ``frames``: with ``collect(..., frames=True)``, the engine's frames of every document,
    when a file was read as frames (a template: its documents then carry no rows); else
    None, and the engine builds them from the documents.
    """

    documents: list[Document] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    frames: Frames | None = None


def _is_csv_plan(folder: Path) -> bool:
    return (folder / "Dokumen.csv").is_file() or (folder / "Program_Kegiatan.csv").is_file()


SKIPPED_FOLDERS = {"node_modules", "site-packages", "__pycache__", "venv"}


def _tooling(path: Path, root: Path) -> bool:
    """Inside a hidden folder (.git, .venv …) or a tool's folder: not a plan a user keeps."""
    parts = path.relative_to(root).parts[:-1] if path.is_file() else \
        path.relative_to(root).parts
    return any(part.startswith(".") or part in SKIPPED_FOLDERS for part in parts)


def expand(paths: list[str]) -> tuple[list[Path], list[InputError]]:
    """Files (and CSV-plan folders) to read, in a stable order."""
    out: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            errors.append(InputError("input.not_found", Location(file=raw)))
        elif p.is_file() and p.suffix.lower() == ".csv" and _is_csv_plan(p.parent):
            # One table of a CSV plan (as a pre-commit hook passes it): read the whole plan.
            if p.parent not in out:
                out.append(p.parent)
        elif p.is_dir() and not _is_csv_plan(p):
            plans = sorted((d for d in p.rglob("*")
                            if d.is_dir() and not _tooling(d, p) and _is_csv_plan(d)),
                           key=lambda f: f.as_posix())
            found = sorted(
                (f for f in p.rglob("*")
                 if f.is_file() and f.suffix.lower() in PLAN_SUFFIXES
                 and not f.name.startswith(("~$", ".")) and not _tooling(f, p)
                 and not (f.suffix.lower() == ".csv" and f.parent in plans))
                , key=lambda f: f.as_posix())
            found += plans  # a CSV plan is read as one, not its tables one by one
            if not found:  # an empty folder, or one named like a file: say so, never "0 findings"
                errors.append(InputError("input.empty_folder", Location(file=raw)))
            out.extend(found)
        else:
            out.append(p)
    return _unique(out), errors


def _unique(paths: list[Path]) -> list[Path]:
    """Each file once, by its real path.

    ``a.xlsx a.xlsx``, ``folder folder/a.xlsx`` or a symbolic link must not check one
    document twice (its findings doubled, and compared with itself as another document).
    """
    seen: set[Path] = set()
    out: list[Path] = []
    for path in paths:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            out.append(path)
    return out


def input_files(paths: list[str]) -> list[str]:
    """Every file a run would read (typed, found in folders, tables of CSV plans).

    A report must never be written over one of them, even one that fails to import.
    """
    files, _ = expand(paths)
    out = [*paths, *(str(f) for f in files)]
    for f in files:
        if f.is_dir():
            out += sorted(str(c) for c in f.iterdir() if c.is_file())
    return out


# A reader process costs its own start-up (Python, pandas, the importers: about a second),
# so a run is spread over the cores only when there is enough to read to pay for it.
PARALLEL_MIN_FILES = 4
PARALLEL_MIN_BYTES = 8 * 1024 * 1024


def default_jobs(files: list[Path], cores: int | None = None) -> int:
    """Processes to read ``files`` with when the user does not say (``--jobs``).

    One process for a small run (fewer than ``PARALLEL_MIN_FILES`` files and less than
    ``PARALLEL_MIN_BYTES`` in all): starting reader processes would cost more than it
    saves. Otherwise one per core, never more than there are files.
    """
    cores = cores or os.cpu_count() or 1
    if len(files) <= 1 or cores <= 1:
        return 1
    size = 0
    for path in files:
        try:
            size += sum(f.stat().st_size for f in path.iterdir()) if path.is_dir() \
                else path.stat().st_size
        except OSError:
            continue  # the reader reports an unreadable file; it costs nothing here
    if len(files) < PARALLEL_MIN_FILES and size < PARALLEL_MIN_BYTES:
        return 1
    return min(cores, len(files))


def collect(paths: list[str],
            progress: Callable[[int, int, str | None], None] | None = None,
            jobs: int | None = None, frames: bool = False) -> Collected:
    """Read every document under ``paths``; document ids are made unique per run.

    ``progress(done, total, current file)``, when given, is called before each file and
    once at the end (a progress bar; see :mod:`checker.reports.progress`). With ``jobs``
    above 1, files are read in that many processes (``None``: ``default_jobs``); results
    are taken in file order, so documents, ids and reports are the same whatever ``jobs``
    is. ``frames=True`` (``check``): a template is read as frames, its documents without
    rows (:func:`checker.importers.registry.load_plan`), joined in ``Collected.frames``.
    """
    files, errors = expand(paths)
    if jobs is None:
        jobs = default_jobs(files)
    if frames and jobs > 1:
        _own_pages_for_arrays()
    result = Collected(errors=errors)
    seen: set[str] = set()
    parts: list[tuple[list[Document], Frames | None]] = []
    for path, (docs, rows), failure in _read_all(files, jobs, progress, frames):
        if failure is not None:
            result.errors.append(failure)
            continue
        result.files.append(str(path))
        renamed: dict[str, str] = {}
        for doc in docs:
            if doc.id in seen:
                new_id = f"{path.stem}:{doc.id}"
                n = 2
                while new_id in seen:
                    new_id = f"{path.stem}:{doc.id}~{n}"
                    n += 1
                doc.issues = [i.model_copy(update={"document": new_id}) for i in doc.issues]
                renamed[doc.id] = new_id
                doc.id = new_id
            seen.add(doc.id)
            result.documents.append(doc)
        parts.append((docs, _renamed(rows, renamed) if rows is not None else None))
    if any(rows is not None for _, rows in parts):
        result.frames = _joined(parts)
        if jobs > 1:
            _return_free_pages()
    if progress is not None:
        progress(len(files), len(files), None)
    return result


#: glibc's ``mallopt`` parameter: allocations from this size on get pages of their own.
_M_MMAP_THRESHOLD = -3
_OWN_PAGES_FROM = 16 * 1024


def _own_pages_for_arrays() -> None:
    """Give arrays of 16 KB and more pages of their own, returned when they are freed.

    The reader processes' frames arrive as many small arrays (a file's column: a few
    thousand rows) unpickled among strings that live on; once joined, the arrays are freed
    but glibc keeps the holes in its heap (its threshold for own pages rises up to 32 MB
    as large arrays come and go), and the engine's large arrays cannot reuse them. A
    fixed threshold returns them: 100k rows, ``check`` peak 558 → 501 MB, same CPU time.
    Elsewhere than glibc this does nothing.
    """
    import contextlib
    import ctypes

    # The running program's symbols: glibc's on Linux (no subprocess to find the library);
    # elsewhere the function is missing (AttributeError) or CDLL(None) is refused.
    with contextlib.suppress(OSError, AttributeError, TypeError):  # TypeError: Windows
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, _OWN_PAGES_FROM)


def _return_free_pages() -> None:
    """Give the pages the joined parts left free back to the system before the engine runs.

    What the parts' strings and small arrays held stays free in glibc's heap, resident,
    between objects that live on; the engine then grows on top of it. ``malloc_trim``
    returns those pages (100k rows: 18 MB of 224; 3.3M rows is at the 12 GB target's
    edge). Elsewhere than glibc this does nothing.
    """
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError, TypeError):  # TypeError: Windows
        ctypes.CDLL(None).malloc_trim(0)


def _renamed(frames: Frames, renamed: dict[str, str]) -> Frames:
    """A file's frames after ``collect`` made its document ids unique in the run."""
    if not renamed:
        return frames
    for name, frame in frames.tables.items():
        for column in ("_doc", "dokumen", *(("id",) if name == "document" else ())):
            if column in frame.columns:
                frame[column] = frame[column].replace(renamed)
    return frames


def _joined(parts: list[tuple[list[Document], Frames | None]]) -> Frames:
    """Every file's frames in file order: the rows in the order ``to_frames`` gives them.

    The parts are consumed (each column dropped once joined): at national scale the
    parts and the joined copy side by side were the run's peak.
    """
    from checker.model.frames import join_frames, to_frames

    frames = [rows if rows is not None else to_frames(docs) for docs, rows in parts]
    parts.clear()
    return join_frames(frames, consume=True)


Read = tuple[list[Document] | None, "Frames | None"]


def _read_one(path: Path, frames: bool = False) -> tuple[Read, tuple | None]:
    """One file's documents (and frames), or its error (plain data, sent back by a process).

    An importer that chokes on a file must not take the run down with it (nor hide the
    other files' findings): the file is named, the run ends with exit code 2.
    """
    try:
        return (load_plan(path) if frames else (load(path), None)), None
    except InputError as exc:
        return (None, None), _plain_error(exc)
    except Exception as exc:
        return (None, None), _plain_error(InputError(
            "input.importer_failed", Location(file=str(path)),
            reason=f"{type(exc).__name__}: {exc}"))


def _plain_error(exc: InputError) -> tuple:
    return (exc.key, exc.location, [_plain_error(d) for d in exc.details], exc.params)


def _error(plain: tuple) -> InputError:
    key, location, details, params = plain
    return InputError(key, location, [_error(d) for d in details], **params)


def _read_all(files: list[Path], jobs: int,
              progress: Callable[[int, int, str | None], None] | None = None,
              frames: bool = False) -> Iterator[tuple[Path, Read, InputError | None]]:
    """(file, (documents, frames), error) for every file, in the order given."""
    read_one = partial(_read_one, frames=frames)

    def tell(done: int, path: Path) -> None:
        if progress is not None:
            progress(done, len(files), str(path))

    if jobs <= 1 or len(files) <= 1:
        for done, path in enumerate(files):
            tell(done, path)
            read, failure = read_one(path)
            yield path, read, None if failure is None else _error(failure)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(min(jobs, len(files))) as pool:
        futures = [pool.submit(read_one, path) for path in files]
        for i, (path, future) in enumerate(zip(files, futures, strict=True)):
            tell(i, path)
            try:
                read, failure = future.result()
            except BrokenProcessPool:
                # A reader process died (out of memory, a crash in a library): every file
                # not yet read is read again alone, so only the culprit is reported.
                pool.shutdown(cancel_futures=True)
                for rest in files[i:]:
                    yield rest, *_read_isolated(rest, frames)
                return
            yield path, read, None if failure is None else _error(failure)


def _read_isolated(path: Path, frames: bool = False) -> tuple[Read, InputError | None]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(1) as pool:
            read, failure = pool.submit(_read_one, path, frames).result()
    except BrokenProcessPool:
        return (None, None), InputError("input.importer_failed", Location(file=str(path)),
                                        reason="the process reading this file stopped")
    return read, None if failure is None else _error(failure)
