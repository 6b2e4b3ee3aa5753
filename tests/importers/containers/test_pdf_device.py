"""The PDF reader's object device gives pdfplumber's own objects (pdf_device.py).

``pdf_device.ObjectDevice`` makes pdfplumber's object dictionaries without pdfminer's
layout objects; it is only allowed as long as every page's ``objects`` are what
pdfplumber makes, kind by kind, in the same order, key for key and with the same types.
These tests compare the two on every page of the corpus PDFs and of PDFs written here, on
each drawing case the device makes itself or leaves to pdfminer (driven through both
devices call by call), and compare the grids read both ways.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 (test extra) writes the built PDFs")

from pdfminer.pdffont import PDFType1Font  # noqa: E402
from pdfminer.pdfinterp import PDFGraphicState, PDFTextState  # noqa: E402
from pdfminer.pdftypes import PDFStream  # noqa: E402
from pdfminer.psparser import LIT  # noqa: E402
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent  # noqa: E402

from checker.importers.containers import pdf_device, pdf_grid  # noqa: E402
from checker.importers.containers.pdf_device import ObjectDevice, read_objects  # noqa: E402
from tests.importers.containers.conftest import SEED_HEADER, corpus_file  # noqa: E402
from tests.importers.containers.pdfbuild import ruled_and_plain  # noqa: E402

WIDTHS = [12, 90, 22, 28, 80, 35]


def _typed(objects: dict[str, list[dict[str, Any]]]) -> list[Any]:
    """Every object's keys in order, with each value's type and repr.

    The repr tells ``1`` from ``1.0`` and ``0.0`` from ``-0.0``, and a NaN equals itself.
    """
    return [(kind, [[(k, type(v).__name__, repr(v)) for k, v in obj.items()] for obj in objs])
            for kind, objs in objects.items()]


def _assert_same_objects(path: Path) -> int:
    """pdfplumber's objects of each page, then ours of the same page (same PDF objects)."""
    count = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            theirs = page.objects
            page.flush_cache()
            ours = read_objects(page)
            assert ours is not theirs and _typed(ours) == _typed(theirs)
            count += sum(len(objs) for objs in ours.values())
    return count


@pytest.mark.parametrize("prefix", ["03_", "08_"])
def test_corpus_pdf_objects_are_pdfplumbers(corpus, prefix):
    assert _assert_same_objects(corpus_file(corpus, prefix)) > 1000


def test_built_pdf_objects_are_pdfplumbers(tmp_path, seed_rows):
    for built in ruled_and_plain(tmp_path, WIDTHS, SEED_HEADER, seed_rows, repeat=4):
        assert _assert_same_objects(built) > 100


def _state(**colours: Any) -> PDFGraphicState:
    state = PDFGraphicState()
    for name, value in colours.items():
        setattr(state, name, value)
    return state


def _rect(x: float, y: float, w: float, h: float) -> list[tuple[Any, ...]]:
    """The path pdfminer's ``re`` makes (of floats)."""
    x, y, w, h = float(x), float(y), float(w), float(h)
    return [("m", x, y), ("l", x + w, y), ("l", x + w, y + h), ("l", x, y + h), ("h",)]


def _text(font: Any, size: float, matrix: Any, scaling: float = 100, rise: float = 0,
          charspace: float = 0, wordspace: float = 0, at: Any = (3.0, 0)) -> PDFTextState:
    state = PDFTextState()
    state.font, state.fontsize, state.scaling, state.rise = font, size, scaling, rise
    state.charspace, state.wordspace = charspace, wordspace
    state.matrix, state.linematrix = matrix, at
    return state


def _calls(font: Any, other_font: Any, image: PDFStream) -> list[tuple[str, tuple[Any, ...]]]:
    """A page's worth of device calls: every case the device makes or hands to pdfminer."""
    filled = _state(ncolor=(0.5, 0.25, 1.0), scolor=[0.1, 0.2, 0.3, 0.4], linewidth=0.75)
    dashed = _state(dash=([3, 2], 0), linewidth=1)
    upright = (1, 0, 0, 1, 100, 700)
    turned = (0.0, 1.0, -1.0, 0.0, 300.0, 200.0)  # rotated text: not upright
    mirrored = (-1.0, 0.0, 0.0, 1.0, 400.0, 100.0)
    gray = filled.ncs
    return [
        ("paint_path", (filled, False, True, False, [])),  # nothing drawn, nothing to tag
        ("begin_tag", (LIT("Span"), {"MCID": 3})),
        ("paint_path", (filled, False, True, True, _rect(72, 500, 200, 0.5))),
        ("paint_path", (dashed, True, False, False, [("m", 72.0, 400.0), ("l", 300.0, 400.0)])),
        ("paint_path", (dashed, True, False, False,
                        [("m", 72.0, 380.0), ("l", 72.0, 100.0), ("h",)])),
        ("render_string", (_text(font, 9, upright), [b"AB", -250, b"C D"], gray, filled)),
        ("render_string", (_text(font, 9.5, upright, scaling=90, rise=2.5, charspace=0.3,
                                 wordspace=1.5), [b"a b", 120.5, b"\x01"], gray, filled)),
        ("render_string", (_text(font, 8, turned), [b"Turned"], gray, dashed)),
        ("render_string", (_text(font, 8, mirrored), [b"Mirror", None, b"ed"], gray, dashed)),
        ("render_string", (_text(font, 8, upright, scaling=-100), [b"Tz"], gray, dashed)),
        # at the origin (the box starts at a zero), with signed zeros, infinite or NaN sizes
        ("render_string", (_text(font, 9, (1, 0, 0, 1, 0, 0), at=(0, 0)), [b"ab"], gray,
                           filled)),
        ("render_string", (_text(font, 9, (1, 0, 0, 1, 0, 0), at=(5, 7)), [b"\x01a"], gray,
                           filled)),  # integers, and a character without width
        ("render_string", (_text(font, 9, (1.0, -0.0, 0.0, 1.0, -0.0, -0.0), at=(0.0, -0.0)),
                           [b"a", -0.0, b"b"], gray, filled)),
        ("render_string", (_text(font, float("inf"), upright), [b"I"], gray, filled)),
        ("render_string", (_text(font, 1e300, upright, scaling=1e10), [b"W"], gray, filled)),
        ("render_string", (_text(font, 9, upright, rise=float("nan")), [b"N"], gray, filled)),
        ("render_string", (_text(font, 9, (2.0, 0.0, 0.0, -1.5, 50.0, 60.0)), [b"flip"], gray,
                           filled)),
        ("render_string", (_text(other_font, 9, upright), [b"Other"], gray, filled)),
        ("paint_path", (filled, False, True, False,  # four lines, not at right angles
                        [("m", 10.0, 10.0), ("l", 50.0, 12.0), ("l", 52.0, 60.0),
                         ("l", 8.0, 58.0), ("h",)])),
        ("paint_path", (filled, False, True, False,  # a last line back to the start
                        [("m", 10.0, 10.0), ("l", 50.0, 10.0), ("l", 50.0, 60.0),
                         ("l", 10.0, 10.0), ("h",)])),
        ("paint_path", (filled, False, True, False,  # the same, as a rule of no width
                        [("m", 10.0, 10.0), ("l", 10.0, 50.0), ("l", 10.0, 50.0),
                         ("l", 10.0, 10.0), ("h",)])),
        ("paint_path", (filled, False, True, False, _rect(5, 5, 10, 10) + _rect(30, 5, 10, 10))),
        ("paint_path", (filled, False, True, False, _rect(3e9, -3e9, 10, 10))),  # beyond INF
        ("paint_path", (filled, False, True, False, _rect(float("inf"), 5, 10, 10))),
        ("paint_path", (filled, False, True, False, _rect(5, float("nan"), 10, 10))),
        ("paint_path", (filled, True, False, False, [("m", -3e9, 5.0), ("l", 3e9, 5.0)])),
        ("paint_path", (filled, True, False, False, [("m", 1, 5.0), ("l", 3.0, 5.0)])),  # int
        ("paint_path", (filled, False, True, False,
                        [("m", 1, 1), ("l", 9, 1), ("l", 9, 9), ("l", 1, 9), ("h",)])),
        ("paint_path", (filled, True, False, False,
                        [("m", 0.0, 0.0), ("c", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0)])),
        ("begin_tag", (LIT("Artifact"), None)),
        ("paint_path", (filled, False, True, False, _rect(1, 1, 2, 2))),  # no MCID
        ("paint_path", (filled, False, True, False,
                        [("m", 0.0, 0.0), ("c", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0)])),
        ("paint_path", (filled, False, True, False, [("l", 3.0, 4.0)])),  # tags the curve
        ("end_tag", ()),
        ("paint_path", (filled, False, True, False, [])),  # untags it
        ("begin_tag", (LIT("Figure"), {"MCID": 5})),
        ("begin_figure", ("Im1", (0, 0, 1, 1), (40.0, 0.0, 0.0, 30.0, 200.0, 600.0))),
        ("paint_path", (filled, False, True, False, [])),  # nothing in the figure yet
        ("render_image", ("Im1", image)),
        ("begin_tag", (LIT("P"), {"MCID": 9})),
        ("paint_path", (filled, False, True, False, [])),  # tags the image
        ("end_figure", ("Im1",)),
        ("begin_tag", (LIT("After"), {"MCID": 11})),
        ("paint_path", (filled, False, True, False, [])),  # tags the figure: no object
        ("paint_path", (filled, False, True, False, _rect(72, 300, 0.5, 200))),
    ]


def _drive(device: Any, page: Any, ctm: Any, calls: list[tuple[str, tuple[Any, ...]]]) -> None:
    device.set_ctm(ctm)
    device.begin_page(page.page_obj, ctm)
    for name, args in calls:
        getattr(device, name)(*args)
    device.end_page(page.page_obj)


@pytest.mark.parametrize("ctm", [(1, 0, 0, 1, 0, 0), (1.5, 0.0, 0.0, 1.5, 3.0, -4.0)])
@pytest.mark.parametrize("mediabox_x0", [0, 12.5])
def test_each_drawing_case_gives_pdfplumbers_objects(tmp_path, seed_rows, ctm, mediabox_x0):
    built = ruled_and_plain(tmp_path, WIDTHS, SEED_HEADER, seed_rows)[0]
    with pdfplumber.open(str(built)) as pdf:
        page = pdf.pages[0]
        page.objects  # noqa: B018 (loads the page's fonts)
        font = next(f for f in pdf.rsrcmgr._cached_fonts.values() if type(f) is PDFType1Font)
        other_font = copy.copy(font)
        other_font.__class__ = type("Type1Subclass", (PDFType1Font,), {})
        x0, top, x1, bottom = page.mediabox
        page.mediabox = page.bbox = (x0 + mediabox_x0, top, x1 + mediabox_x0, bottom)
        image = PDFStream({"Width": 2, "Height": 3, "BitsPerComponent": 8}, b"\0" * 6)
        theirs_device = PDFPageAggregatorWithMarkedContent(pdf.rsrcmgr, pageno=1)
        _drive(theirs_device, page, ctm, _calls(font, other_font, image))  # text states move on
        page.flush_cache()
        page._layout = theirs_device.get_result()
        theirs = Page.parse_objects(page)
        ours_device = ObjectDevice(page)
        _drive(ours_device, page, ctm, _calls(font, other_font, image))
        assert {kind: len(objs) for kind, objs in theirs.items()} == {
            "rect": 7, "line": 4, "char": 43, "curve": 7, "image": 1}
        assert _typed(ours_device.objects) == _typed(theirs)


def test_grids_are_the_same_with_pdfplumbers_objects(corpus, tmp_path, seed_rows,
                                                        monkeypatch):
    """The grids of both corpus PDFs and of the built ones, fast and through pdfplumber."""
    paths = [corpus_file(corpus, "03_"), corpus_file(corpus, "08_"),
             *ruled_and_plain(tmp_path, WIDTHS, SEED_HEADER, seed_rows, repeat=4)]
    fast = [pdf_grid.read_pdf_grids(p) for p in paths]
    monkeypatch.setattr(pdf_device, "read_objects", lambda page: page.objects)
    assert [pdf_grid.read_pdf_grids(p) for p in paths] == fast
    assert sum(len(s.rows) for s in fast[0]) > 50
