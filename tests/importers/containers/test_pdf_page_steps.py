"""The page steps rewritten for speed give what their first versions gave (pdf_page.py).

``without_doubles`` (one sorted pass instead of a dictionary of kept copies), ``_index``
(a bisection instead of a scan of every boundary) and ``_ruled_at`` (rules looked up by
their top instead of all tested) replaced simpler code for issue 14. The simpler code is
kept here as the oracle and both are compared on the corpus PDFs, the built PDFs (one
prints its title twice) and random input.
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
    RULED_SETTINGS,
    _bounds,
    _index,
    _is_not_background,
    _ruled_at,
    _top,
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


def _ruled_at_oracle(h: list[dict[str, Any]], y: float, x: float) -> bool:
    """The first ``_ruled_at``: every rule tested."""
    tol = RULED_SETTINGS["snap_tolerance"]
    return any(abs(e["top"] - y) <= tol and e["x0"] - tol <= x <= e["x1"] + tol for e in h)


def _assert_rules_found_as_before(h: list[dict[str, Any]],
                                  probes: list[tuple[float, float]]) -> int:
    ordered = sorted((e for e in h if e["top"] == e["top"]), key=_top)
    tops = [e["top"] for e in ordered]
    found = 0
    for y, x in probes:
        expected = _ruled_at_oracle(h, y, x)
        assert _ruled_at(ordered, tops, y, x) == expected, (y, x)
        found += expected
    return found


def test_rules_found_by_position_as_by_testing_all(corpus):
    """At every rule's ends and beside them, on each page of the Tangerang report."""
    tol = RULED_SETTINGS["snap_tolerance"]
    found = 0
    with pdfplumber.open(str(corpus_file(corpus, "03_"))) as pdf:
        for page in pdf.pages:
            read_objects(page)
            edges = page.filter(_is_not_background).edges
            h = [e for e in edges if e["orientation"] == "h"]
            probes = [(e["top"] + dy, e[end] + dx) for e in edges for end in ("x0", "x1")
                      for dy in (-tol - 0.01, -tol, 0, tol, tol + 0.01) for dx in (-tol, 0)]
            found += _assert_rules_found_as_before(h, probes)
    assert found > 1000


def test_rules_found_by_position_on_random_and_odd_rules():
    rng = random.Random(14)
    odd = [float("nan"), float("inf"), -float("inf")]
    for _ in range(300):
        h = [{"top": rng.choice([10.0, 12.5, 13.0, 16.0, 40.0, *odd]),
              "x0": rng.choice([0.0, 5.0]), "x1": rng.choice([20.0, 50.0])}
             for _ in range(rng.randint(0, 6))]
        probes = [(rng.choice([7.0, 10.0, 12.9, 16.0, 19.0, 19.01, 43.0, *odd]),
                   rng.choice([-3.0, 0.0, 23.0, 53.5, 60.0])) for _ in range(10)]
        _assert_rules_found_as_before(h, probes)
