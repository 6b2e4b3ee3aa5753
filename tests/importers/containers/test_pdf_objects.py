"""The faster page objects are pdfplumber's own dictionaries, key for key and in order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.importers.containers.conftest import corpus_file

pdfplumber = pytest.importorskip("pdfplumber")

from pdfplumber.page import Page  # noqa: E402

from checker.importers.containers.pdf_objects import (  # noqa: E402
    SUPPORTED,
    process_object,
    use_fast_objects,
)


def _layout_objects(items: list[Any]) -> list[Any]:
    out = []
    for obj in items:
        out.extend(_layout_objects(getattr(obj, "_objs", [])))
        out.append(obj)
    return out


def _assert_same_objects(path: Path) -> int:
    """Every layout object of every page converted both ways; the number compared."""
    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for obj in _layout_objects(page.layout._objs):
                theirs, ours = Page.process_object(page, obj), process_object(page, obj)
                assert ours == theirs
                assert list(ours) == list(theirs)  # the same keys in the same order
                n += 1
    return n


@pytest.mark.parametrize("prefix", ["03_", "08_"])
def test_corpus_pdfs_give_pdfplumbers_objects(corpus: Path, prefix: str) -> None:
    # 03: characters and filled rectangles (ruled cells); 08: characters, curves, an image.
    assert _assert_same_objects(corpus_file(corpus, prefix)) > 3000


def test_built_pdf_with_rules_and_text_gives_pdfplumbers_objects(tmp_path: Path,
                                                                  seed_rows) -> None:
    pytest.importorskip("fpdf", reason="fpdf2 (test extra) writes the built PDF")
    from tests.importers.containers.pdfbuild import TablePDF

    table = TablePDF([12, 90, 22, 28, 80, 35])
    table.page(["RENCANA AKSI"])
    for values in seed_rows[:3]:
        table.row(values)
    assert _assert_same_objects(table.save(tmp_path / "t.pdf")) > 100


def test_only_a_supported_pdfplumber_is_given_the_faster_method(monkeypatch) -> None:
    class FakePage:
        pass

    page = FakePage()
    monkeypatch.setattr(pdfplumber, "__version__", "9.0.0")
    use_fast_objects(page)
    assert not hasattr(page, "process_object")
    monkeypatch.setattr(pdfplumber, "__version__", f"{SUPPORTED[0]}0")
    use_fast_objects(page)
    assert page.process_object.__func__ is process_object
