"""The page steps rewritten for speed give what their first versions gave (pdf_page.py).

``without_doubles`` (one sorted pass instead of a dictionary of kept copies) and
``_index`` (a bisection instead of a scan of every boundary) replaced simpler code for
issue 14. The simpler code is kept here as the oracle and both are compared on every page
of the corpus PDFs, of the built PDFs (one prints its title twice) and on random input.
"""

from __future__ import annotations

import random
from itertools import pairwise
from typing import Any

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 (test extra) writes the built PDFs")

from checker.importers.containers.pdf_device import read_objects  # noqa: E402
from checker.importers.containers.pdf_page import (  # noqa: E402
    DOUBLE_TOLERANCE,
    _bounds,
    _index,
    without_doubles,
)
from tests.importers.containers.conftest import SEED_HEADER, corpus_file  # noqa: E402
from tests.importers.containers.pdfbuild import ruled_and_plain  # noqa: E402

WIDTHS = [12, 90, 22, 28, 80, 35]


def _doubles_oracle(chars: list[dict[str, Any]]) -> set[int]:
    """The first ``without_doubles``: the ids of the characters it drops."""
    ordered = sorted(chars, key=lambda ch: (ch["text"], ch.get("fontname", ""),
                                            round(ch.get("size", 0)), ch["top"], ch["x0"]))
    doubles: set[int] = set()
    kept: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for ch in ordered:
        key = (ch["text"], ch.get("fontname", ""), round(ch.get("size", 0)))
        seen = kept.setdefault(key, [])
        if any(abs(ch["top"] - k["top"]) <= DOUBLE_TOLERANCE
               and abs(ch["x0"] - k["x0"]) <= DOUBLE_TOLERANCE for k in seen[-4:]):
            doubles.add(id(ch))
        else:
            seen.append(ch)
    return doubles


def _kept_ids(page: Any) -> list[int]:
    return [id(ch) for ch in without_doubles(page).chars]


def test_doubles_dropped_as_before_on_corpus_and_built_pdfs(corpus, tmp_path, seed_rows):
    paths = [corpus_file(corpus, "03_"), corpus_file(corpus, "08_"),
             *ruled_and_plain(tmp_path, WIDTHS, SEED_HEADER, seed_rows)]
    dropped = 0
    for path in paths:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                read_objects(page)
                doubles = _doubles_oracle(page.chars)
                assert _kept_ids(page) == [id(c) for c in page.chars if id(c) not in doubles]
                dropped += len(doubles)
    assert dropped >= len("RENCANA AKSI")  # the built title printed twice


class _Page:
    """Just what ``without_doubles`` reads of a page (its characters and ``filter``)."""

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        self.chars = chars

    def filter(self, keep: Any) -> _Page:
        return _Page([ch for ch in self.chars if keep(ch)])


def test_doubles_dropped_as_before_on_random_characters():
    """Copies at, within and beyond the tolerance; runs of many copies; sizes that round."""
    rng = random.Random(14)
    for _ in range(200):
        chars = [{"text": rng.choice("ab "), "fontname": rng.choice(["F", "G"]),
                  "size": rng.choice([9.0, 9.4, 9.6, 10]),
                  "top": rng.choice([100.0, 100.5, 101.0, 101.25, 102.0, 300.0]),
                  "x0": rng.choice([50.0, 50.5, 51.0, 52.5, 50.25])}
                 for _ in range(rng.randint(0, 40))]
        page = _Page(chars)
        doubles = _doubles_oracle(chars)
        assert _kept_ids(page) == [id(c) for c in chars if id(c) not in doubles]


def test_nearest_boundary_as_a_scan_of_every_boundary_finds_it():
    rng = random.Random(14)
    for _ in range(500):
        bounds = _bounds([rng.choice([0.0, 10.0, 11.0, 12.6, 40.0, 40.5, 80.25, 100.0])
                          for _ in range(rng.randint(1, 8))])
        for value in [rng.uniform(-5, 110) for _ in range(10)] + bounds + \
                [(a + b) / 2 for a, b in pairwise(bounds)]:
            scanned = min(range(len(bounds)), key=lambda i, v=value: abs(bounds[i] - v))
            assert _index(bounds, value) == scanned
