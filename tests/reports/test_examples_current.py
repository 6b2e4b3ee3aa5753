"""The example reports in ``reports/`` are what ``scripts/make_reports.py`` makes today."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from tests.conftest import REPO

REPORTS = REPO / "reports"


def _script():
    spec = importlib.util.spec_from_file_location("make_reports",
                                                  REPO / "scripts" / "make_reports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_reports_are_up_to_date():
    committed = sorted(p for p in REPORTS.glob("*") if p.is_file()
                       and not p.name.startswith(".")) if REPORTS.is_dir() else []
    if not committed:
        pytest.skip("reports/ is empty: nothing to compare")
    script = _script()
    stage = script.staging_dir()
    try:
        fresh = {p.name: p.read_bytes() for p in script.generate(stage)}
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    ours = {p.name: p.read_bytes() for p in committed if p.name.startswith(f"{script.STEM}.")}
    stale = sorted(set(ours) ^ set(fresh)) + sorted(
        name for name in set(ours) & set(fresh) if ours[name] != fresh[name])
    assert not stale, ("reports/ is out of date (run: python scripts/make_reports.py): "
                       + ", ".join(stale))
