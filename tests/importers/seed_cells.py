"""What the importer tests that compare readings share: the seeds' texts, counted reads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checker.importers.containers.text_grid import read_text_grid
from checker.importers.registry import load
from tests.conftest import SEEDS


def seed_cells(lines: bool = False) -> list[str]:
    """The seeds' cell texts in file order, each once; with ``lines``, their lines too."""
    found: dict[str, None] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for row in read_text_grid(path).rows:
            found.update(dict.fromkeys(row))
        if lines:
            found.update(dict.fromkeys(path.read_text(encoding="utf-8").splitlines()))
    return list(found)


def load_counting(path: Path, monkeypatch: Any, owner: Any, name: str,
                  patches: Iterable[tuple[Any, str, Any]] = ()) -> tuple[list[dict], int]:
    """A file's documents (as JSON) and how often ``owner.name`` was called reading them.

    ``patches``: ``(target, attribute, value)`` set for the read (the oracle's old way).
    """
    calls = [0]
    real = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(owner, name, counted)
        for target, attribute, value in patches:
            patch.setattr(target, attribute, value)
        docs = load(path)
    return [d.model_dump(mode="json") for d in docs], calls[0]
