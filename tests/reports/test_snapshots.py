"""Every report format, byte for byte, for the fixture report (``UPDATE_SNAPSHOTS=1``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli.output import write_report
from tests.reports.fixtures import sample_report
from tests.reports.snapshot import assert_snapshot

FORMATS = {"text": "txt", "json": "json", "xlsx": "xlsx", "html": "html", "md": "md",
           "sarif": "sarif", "junit": "xml", "github": "txt"}
CASES = [(fmt, "id") for fmt in FORMATS] + [(fmt, "en") for fmt in ("xlsx", "html", "md")]


def render(workdir: Path, fmt: str, lang: str, folder: str = "out") -> Path:
    out = workdir / folder / f"laporan.{FORMATS[fmt]}"
    write_report(sample_report(lang), fmt, str(out.relative_to(workdir)))
    return out


@pytest.mark.parametrize(("fmt", "lang"), CASES)
def test_format_matches_its_snapshot(workdir, fmt, lang):
    out = render(workdir, fmt, lang)
    assert_snapshot(f"{fmt}.{lang}.{FORMATS[fmt]}", out.read_bytes())
    if fmt == "xlsx":
        copy = workdir / "out" / "laporan.rencana.annotated.xlsx"
        assert_snapshot(f"xlsx.{lang}.rencana.annotated.xlsx", copy.read_bytes())


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_same_input_gives_the_same_bytes(workdir, fmt):
    first = render(workdir, fmt, "id", "satu").read_bytes()
    second = render(workdir, fmt, "id", "dua").read_bytes()
    assert first == second
    if fmt == "xlsx":
        assert (workdir / "satu" / "laporan.rencana.annotated.xlsx").read_bytes() == \
            (workdir / "dua" / "laporan.rencana.annotated.xlsx").read_bytes()


def test_every_registered_format_has_a_snapshot_case():
    from checker.reports import REPORTERS

    assert set(REPORTERS) == set(FORMATS)
