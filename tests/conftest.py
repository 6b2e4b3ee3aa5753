"""Shared test helpers: tiny plans built from plain dicts, laid out like the template."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.ruletest.documents import make_document, place

__all__ = ["REPO", "SEEDS", "make_document", "place"]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def registry():
    from checker.dsl.registry import load_registry

    return load_registry()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the repository")
    return SEEDS
