"""One review: the uploads checked in a private folder that is gone when the check ends.

The steps are those of ``sakip-check check``, through the same public functions:
:func:`checker.cli.collect.collect` reads the files (the workbook guards of
:mod:`checker.importers.guards` run there, before any parser opens a workbook),
:class:`checker.engine.run.Engine` runs every rule, and
:func:`checker.cli.output.write_report` writes each download exactly as ``--format xlsx``,
``html`` and ``json`` would, annotated workbook copies included, except that every file is
named as its user named it (:func:`relabel`), not by the path it was stored at. The
downloads are then read into memory and the folder is removed, uploads and all: the server
keeps no file of a user's once the answer is ready, and a review that fails removes its
folder just the same.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from checker.cli.collect import collect
from checker.cli.output import write_report
from checker.dsl.registry import Registry
from checker.engine.run import Engine
from checker.i18n import t
from checker.importers.registry import WORKBOOK_SUFFIXES
from checker.model.finding import Finding
from checker.reports.base import Report
from checker.web.uploads import Upload, store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Report downloads: URL key, format, file name given to the browser, media type.
REPORT_DOWNLOADS = (("temuan.xlsx", "xlsx", "temuan.xlsx", XLSX),
                    ("laporan.html", "html", "laporan-sakip-check.html", "text/html"),
                    ("temuan.json", "json", "temuan.json", "application/json"))


@dataclass(frozen=True)
class Download:
    """One file a reviewer may download, saved as ``filename``.

    The page describes it with the catalogue text ``label_key`` (``web.page.…``), filled
    with ``name``, in whichever language the page is read.
    """

    key: str
    filename: str
    label_key: str
    media_type: str
    data: bytes
    name: str = ""


@dataclass
class Outcome:
    """What a review produced: the report (files named as the user named them), downloads."""

    report: Report
    downloads: list[Download] = field(default_factory=list)


def relabel(report: Report, labels: dict[str, str]) -> Report:
    """``report`` naming every file as its user did, not by the path it was stored at.

    The page and every download show ``rencana_aksi.xlsx``, not
    ``/tmp/sakip-serve-…/berkas-1.xlsx``; only what reporters show is renamed (finding
    locations, document paths, inputs, rendered errors), the plan rows stay as read.
    """
    def name(path: str) -> str:
        return labels.get(path, path)

    def moved(findings: list[Finding]) -> list[Finding]:
        return [f.model_copy(update={"location": f.location.model_copy(
            update={"file": name(f.location.file)})}) for f in findings]

    def text(message: str) -> str:
        for path, label in labels.items():
            message = message.replace(path, label)
        return message

    return Report(documents=[d.model_copy(update={"path": name(d.path)})
                             for d in report.documents],
                  findings=moved(report.findings), rules=report.rules, lang=report.lang,
                  inputs=[name(p) for p in report.inputs], errors=[text(e) for e in report.errors],
                  suppressed=moved(report.suppressed), tool_version=report.tool_version)


def run_review(uploads: list[Upload], registry: Registry, lang: str, root: Path) -> Outcome:
    """Check ``uploads`` in a new private folder under ``root``; the folder is always removed."""
    workspace = Path(tempfile.mkdtemp(prefix="reviu-", dir=root))  # mode 0700
    try:
        labels = store(uploads, workspace / "masukan")
        collected = collect(list(labels))
        result = Engine(registry).run(collected.documents)
        rules = {r.code: r for r in registry.ordered()}
        report = Report(documents=collected.documents, findings=result.findings, rules=rules,
                        lang=lang, inputs=collected.files,
                        errors=[e.render(lang) for e in collected.errors]
                        + [t("cli.rule_failed", lang, code=code, reason=reason)
                           for code, reason in result.failures])
        shown = relabel(report, labels)
        sources = {label: path for path, label in labels.items()}
        return Outcome(shown, _downloads(shown, sources, workspace / "keluaran"))
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def _downloads(report: Report, sources: dict[str, str], folder: Path) -> list[Download]:
    """Every report format a reviewer needs, and the annotated copy of each workbook.

    ``sources`` (label → stored file) lets the xlsx reporter open the stored workbook
    while its findings sheet names the user's; the copy is named after the stored file.
    """
    folder.mkdir(mode=0o700)
    out: list[Download] = []
    for key, fmt, filename, media in REPORT_DOWNLOADS:
        target = folder / key
        write_report(report, fmt, str(target), **({"sources": sources} if fmt == "xlsx" else {}))
        out.append(Download(key, filename, f"page.download_{fmt}", media,
                            target.read_bytes()))
    annotated: list[Download] = []
    for n, (label, path) in enumerate(sources.items(), start=1):
        if Path(path).suffix.lower() not in WORKBOOK_SUFFIXES:
            continue
        # the xlsx reporter names each copy <report stem>.<stored file stem>.annotated.xlsx
        copy = folder / f"temuan.{Path(path).stem}.annotated.xlsx"
        if copy.is_file():
            stem = Path(label).stem or "berkas"
            annotated.append(Download(f"anotasi-{n}", f"{stem}.annotated.xlsx",
                                      "page.download_annotated", XLSX, copy.read_bytes(),
                                      name=label))
    return annotated + out
