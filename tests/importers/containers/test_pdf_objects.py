"""The PDF reader's page objects are pdfplumber's own, key for key (pdf_objects.py).

``pdf_objects.process_object`` builds pdfplumber's object dictionaries with less work per
object; it is only allowed as long as every dictionary is what pdfplumber builds. These
tests compare the two on every laid-out object of the corpus PDFs (a report of four
ruled pages with a logo image, a two-table agreement) and of PDFs written here (rules,
text-only tables, a character printed twice).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 (test extra) writes the built PDFs")

from pdfminer.layout import LTContainer  # noqa: E402
from pdfplumber.page import Page  # noqa: E402

from checker.importers.containers.pdf_objects import (  # noqa: E402
    process_object,
    use_fast_objects,
)
from tests.importers.containers.conftest import SEED_HEADER, corpus_file  # noqa: E402
from tests.importers.containers.pdfbuild import ruled_and_plain  # noqa: E402

WIDTHS = [12, 90, 22, 28, 80, 35]


def _laid_out(objects: list) -> list:
    """pdfminer's objects in the order pdfplumber visits them (no layout analysis)."""
    out = []
    for obj in objects:
        if isinstance(obj, LTContainer):
            out.extend(_laid_out(obj._objs))
        else:
            out.append(obj)
    return out


def _assert_same_objects(path: Path) -> int:
    count = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for obj in _laid_out(page.layout._objs):
                theirs, ours = Page.process_object(page, obj), process_object(page, obj)
                assert list(ours.items()) == list(theirs.items())
                assert [type(v) for v in ours.values()] == [type(v) for v in theirs.values()]
                count += 1
    return count


@pytest.mark.parametrize("prefix", ["03_", "08_"])
def test_corpus_pdf_objects_are_pdfplumbers(corpus, prefix):
    assert _assert_same_objects(corpus_file(corpus, prefix)) > 1000


def test_built_pdf_objects_are_pdfplumbers(tmp_path, seed_rows):
    for built in ruled_and_plain(tmp_path, WIDTHS, SEED_HEADER, seed_rows):
        assert _assert_same_objects(built) > 100


def test_a_page_given_the_fast_builder_has_pdfplumbers_characters_and_rules(corpus):
    path = str(corpus_file(corpus, "03_"))
    with pdfplumber.open(path) as fast, pdfplumber.open(path) as plain:
        ours, theirs = use_fast_objects(fast.pages[1]), plain.pages[1]
        assert ours.process_object.func is process_object
        assert ours.chars == theirs.chars and len(ours.chars) > 1000
        assert ours.rects == theirs.rects and ours.edges == theirs.edges
