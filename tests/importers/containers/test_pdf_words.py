"""Cells and lines read as pdfplumber's ``extract_text`` and ``extract_text_lines`` read them.

``pdf_words.cell_text`` replaces ``extract_text`` for the cells of ruled tables and
``pdf_words.text_lines`` a page's ``extract_text_lines``; they are only allowed as long as
they give the same text and lines. These tests compare them on every cell and page of the
corpus PDFs and the built PDFs, and on random characters (upright and rotated, blanks,
empty characters, ligatures, overlapping and crowded lines).
"""

from __future__ import annotations

import random
from operator import itemgetter
from typing import Any

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 (test extra) writes the built PDFs")

from pdfplumber.utils import extract_text  # noqa: E402
from pdfplumber.utils.clustering import cluster_objects  # noqa: E402
from pdfplumber.utils.text import chars_to_textmap  # noqa: E402

from checker.importers.containers import pdf_grid, pdf_words  # noqa: E402
from checker.importers.containers.pdf_device import read_objects  # noqa: E402
from checker.importers.containers.pdf_words import (  # noqa: E402
    cell_text,
    clusters,
    text_lines,
)
from tests.importers.containers.conftest import SEED_HEADER, corpus_file  # noqa: E402
from tests.importers.containers.pdfbuild import ruled_and_plain  # noqa: E402

WIDTHS = [12, 90, 22, 28, 80, 35]
_SECOND = itemgetter(1)


def test_every_cell_of_corpus_and_built_pdfs_reads_as_extract_text(corpus, tmp_path, seed_rows,
                                                                    monkeypatch):
    cells: list[list[dict[str, Any]]] = []

    def compared(chars: list[dict[str, Any]]) -> str:
        cells.append(chars)
        return cell_text(chars)

    monkeypatch.setattr(pdf_words, "cell_text", compared)
    for path in [corpus_file(corpus, "03_"), corpus_file(corpus, "08_"),
                 *ruled_and_plain(tmp_path, WIDTHS, SEED_HEADER, seed_rows, repeat=4)]:
        pdf_grid.read_pdf_grids(path)
    assert len(cells) > 600
    assert [cell_text(c) for c in cells] == [extract_text(c) for c in cells]


def test_every_page_of_corpus_and_built_pdfs_has_pdfplumbers_lines(corpus, tmp_path,
                                                                   seed_rows):
    count = 0
    for path in [corpus_file(corpus, "03_"), corpus_file(corpus, "08_"),
                 *ruled_and_plain(tmp_path, WIDTHS, SEED_HEADER, seed_rows, repeat=4)]:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                read_objects(page)
                theirs = page.extract_text_lines(strip=True, return_chars=False)
                assert text_lines(page.chars) == theirs
                count += len(theirs)
    assert count > 300


def _lines_oracle(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a page's ``extract_text_lines(strip=True, return_chars=False)`` gives."""
    return chars_to_textmap(chars, layout_bbox=(0, 0, 600, 800)).extract_text_lines(
        strip=True, return_chars=False)


def _char(rng: random.Random, upright: bool, line: float, x: float) -> dict[str, Any]:
    width, height = rng.choice([2.0, 4.5, 6.0]), rng.choice([8.0, 10.0])
    top = line + rng.choice([0.0, 0.5, 2.9, 3.1, -3.0, 7.0])
    return {"text": rng.choice(["a", "b", "c", " ", "", "\t", "ﬁ", "-", "1"]),
            "upright": upright, "x0": x, "x1": x + width, "top": top,
            "bottom": top + height, "doctop": top + 800.0}


def test_random_characters_read_as_pdfplumber_reads_them():
    rng = random.Random(14)
    for _ in range(400):
        chars = []
        for _ in range(rng.randint(1, 4)):  # runs of upright and rotated characters
            upright = rng.random() < 0.7
            for _ in range(rng.randint(1, 12)):
                line = rng.choice([100.0, 112.0, 113.5, 130.0])
                x = rng.choice([10.0, 12.0, 14.5, 16.0, 20.0, 30.0]) + rng.random()
                chars.append(_char(rng, upright, line, x))
        assert cell_text(chars) == extract_text(chars), chars
        assert text_lines(chars) == _lines_oracle(chars), chars


def test_clusters_are_pdfplumbers():
    """Random keys, repeated, close and far, zero and minus zero, infinite and NaN."""
    rng = random.Random(14)
    pool = [0.0, -0.0, 1.0, 2.5, 3.0, 5.9, 6.0, 9.1, 20.0, float("inf"), -float("inf"), 7]
    for _ in range(2000):
        keys = [rng.choice(pool) for _ in range(rng.randint(0, 9))]
        if rng.random() < 0.2:
            keys.append(float("nan"))
        items = [(i, k) for i, k in enumerate(keys)]
        for tolerance in (0, 3, 0.5):
            ours = clusters(items, _SECOND, tolerance)
            assert ours == cluster_objects(items, _SECOND, tolerance), (keys, tolerance)
