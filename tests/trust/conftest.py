"""Trust tests: the detection-rate table is printed in pytest's closing summary."""

from __future__ import annotations

import pytest

_TABLES: list[str] = []


@pytest.fixture(scope="session")
def detection_tables() -> list[str]:
    """Tables appended here are printed at the end of the run."""
    return _TABLES


def pytest_terminal_summary(terminalreporter) -> None:
    for text in _TABLES:
        terminalreporter.section("planted errors: detection rate per kind")
        terminalreporter.write_line(text)
