"""Fixtures of the report-format tests: a working folder holding the input workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.fixtures import write_input_workbook


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with ``rencana.xlsx`` in it, made the current directory (paths are relative)."""
    write_input_workbook(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path
