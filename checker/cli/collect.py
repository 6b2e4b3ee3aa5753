"""From the paths a user typed to documents, with every unreadable file accounted for.

A folder is either a plan in CSV form (it has ``Dokumen.csv``) or a folder of files to
check, walked in sorted order so that runs are reproducible whatever the file system's
order. One bad file never stops the others: its error is kept and reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from checker.importers.registry import TEXT_SUFFIXES, WORKBOOK_SUFFIXES, load
from checker.model.errors import InputError
from checker.model.location import Location
from checker.model.plan import Document

PLAN_SUFFIXES = TEXT_SUFFIXES | WORKBOOK_SUFFIXES | {".xls"}


@dataclass
class Collected:
    """Documents read, the files they came from, and the errors of files that failed."""

    documents: list[Document] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def _is_csv_plan(folder: Path) -> bool:
    return (folder / "Dokumen.csv").is_file() or (folder / "Program_Kegiatan.csv").is_file()


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
            found = sorted(
                (f for f in p.rglob("*")
                 if f.is_file() and f.suffix.lower() in PLAN_SUFFIXES
                 and not f.name.startswith(("~$", ".")))
                , key=lambda f: f.as_posix())
            found += sorted((d for d in p.rglob("*") if d.is_dir() and _is_csv_plan(d)),
                            key=lambda f: f.as_posix())
            if not found:  # an empty folder, or one named like a file: say so, never "0 findings"
                errors.append(InputError("input.empty_folder", Location(file=raw)))
            out.extend(found)
        else:
            out.append(p)
    return out, errors


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


def collect(paths: list[str],
            progress: Callable[[int, int, str | None], None] | None = None) -> Collected:
    """Read every document under ``paths``; document ids are made unique per run.

    ``progress(done, total, current file)``, when given, is called before each file and
    once at the end (a progress bar; see :mod:`checker.reports.progress`).
    """
    files, errors = expand(paths)
    result = Collected(errors=errors)
    seen: set[str] = set()
    for done, path in enumerate(files):
        if progress is not None:
            progress(done, len(files), str(path))
        try:
            docs = load(path)
        except InputError as exc:
            result.errors.append(exc)
            continue
        except Exception as exc:
            # An importer that chokes on a file must not take the run down with it (nor hide
            # the other files' findings): the file is named, the run ends with exit code 2.
            result.errors.append(InputError("input.importer_failed", Location(file=str(path)),
                                            reason=f"{type(exc).__name__}: {exc}"))
            continue
        result.files.append(str(path))
        for doc in docs:
            if doc.id in seen:
                new_id = f"{path.stem}:{doc.id}"
                n = 2
                while new_id in seen:
                    new_id = f"{path.stem}:{doc.id}~{n}"
                    n += 1
                doc.issues = [i.model_copy(update={"document": new_id}) for i in doc.issues]
                doc.id = new_id
            seen.add(doc.id)
            result.documents.append(doc)
    if progress is not None:
        progress(len(files), len(files), None)
    return result
