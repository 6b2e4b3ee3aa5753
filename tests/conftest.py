"""Shared test helpers: tiny plans built from plain dicts, laid out like the template."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.ruletest.documents import make_document, place

__all__ = ["REPO", "SEEDS", "make_document", "place"]

REPO = Path(__file__).resolve().parents[1]
# The four public seed documents, kept in the repository (tests/data/seeds/README.md):
# a fresh clone in any folder runs every test that needs them.
SEEDS = REPO / "tests" / "data" / "seeds"


@pytest.fixture(scope="session")
def registry():
    from checker.dsl.registry import load_registry

    return load_registry()


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The in-repository seeds; missing ones are a broken checkout, not a reason to skip."""
    assert SEEDS.is_dir(), f"{SEEDS} is missing from the repository"
    return SEEDS
