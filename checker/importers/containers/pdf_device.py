"""A page's characters and rules made straight into pdfplumber's dictionaries (issue 14).

pdfplumber lays a page out in two passes: pdfminer's layout device builds an object per
character and per rule (``LTChar``, ``LTRect``, each computing its box and a dozen
attributes), then ``Page.process_object`` turns every object into the dictionary that
``page.chars``, ``page.rects``, ``page.edges``, ``find_tables`` and ``extract_text`` use.
On the Tangerang report (12,983 characters and 4,322 filled rectangles drawn as cell
borders) those two passes are about half of the reading. :class:`ObjectDevice` does the
same arithmetic as ``LTChar`` and pdfminer's ``paint_path`` and writes the dictionary
directly, with the keys in pdfplumber's order; :func:`read_objects` gives the page those
dictionaries (``page._objects``, what ``Page.objects`` caches) so that everything
pdfplumber does with the page runs on them unchanged.

Only the common cases are made here: a character of a horizontal Type 1, TrueType or CID
font, a path that is one rectangle (``re``, or four lines closed at right angles) and a
path that is one straight line. Anything else (a Type 3 or vertical font, a curve, several
subpaths, a shape pdfminer turns into a curve, an image) is laid out by pdfminer and
converted by :func:`~checker.importers.containers.pdf_objects.process_object`, one object
at a time, so the order of the objects stays the order they are drawn in. pdfplumber's
marked-content quirk is kept: a path that draws nothing tags the container's previous
object with the current marked content again. ``tests/importers/containers/
test_pdf_device.py`` compares every dictionary with pdfplumber's own, key for key and in
order, on the corpus PDFs, the generated test PDFs and each case above.
"""

from __future__ import annotations

from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdffont import PDFCIDFont, PDFTrueTypeFont, PDFType1Font, PDFUnicodeNotDefined
from pdfminer.utils import apply_matrix_rect, get_bound
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from checker.importers.containers.pdf_content import FastInterpreter, interpret
from checker.importers.containers.pdf_objects import (
    decoded_name,
    process_object,
    resolved,
    use_fast_objects,
)

#: Font classes whose characters ``LTChar`` boxes from the descent and the advance alone
#: (a Type 3 font draws its glyphs with a matrix of its own: pdfminer keeps those).
_PLAIN_FONTS = frozenset({PDFType1Font, PDFTrueTypeFont, PDFCIDFont})
#: The path pdfminer's interpreter makes of ``re`` (and of four lines closed with ``h``).
_RECTANGLE = ("m", "l", "l", "l", "h")
#: The paths pdfminer lays out as one straight line.
_LINES = (("m", "l"), ("m", "l", "h"))


class ObjectDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, making its object dictionaries itself where it can."""

    def __init__(self, page: Any) -> None:
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.page = page
        self._page_number = page.page_number  # pdfminer's pageno moves on at the page's end
        #: The dictionaries by kind (``char``, ``rect`` …), as ``Page.parse_objects`` makes.
        self.objects: dict[str, list[dict[str, Any]]] = {}
        self._last: dict[str, Any] | None = None  # the current container's last object
        self._outer: list[dict[str, Any] | None] = []  # the same, of enclosing figures
        self._marks: tuple[Any, Any] = (None, None)  # mcid and tag, resolved
        self._fonts: dict[Any, Any] = {}  # font → (its descent, its name), or None
        mb_x0, mb_top = page.mediabox[:2]
        self._shift = mb_x0  # pdfplumber adds the mediabox's left edge to x0 and x1
        self._top = mb_top
        self._height = page.height
        self._doctop = page.initial_doctop
        self._norm = page.pdf.unicode_norm

    # Marked content and figures: what the current and the previous object are tagged with.

    def begin_tag(self, tag: Any, props: Any = None) -> None:
        super().begin_tag(tag, props)
        self._marks = (resolved(self.cur_mcid), resolved(self.cur_tag))

    def end_tag(self) -> None:
        super().end_tag()
        self._marks = (None, None)

    def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
        super().begin_figure(name, bbox, matrix)
        self._outer.append(self._last)
        self._last = None

    def end_figure(self, name: str) -> None:
        super().end_figure(name)
        self._outer.pop()
        self._last = None  # the figure is now its container's last item, never an object

    def _add(self, kind: str, attr: dict[str, Any]) -> None:
        found = self.objects.get(kind)
        if found is None:
            found = self.objects[kind] = []
        found.append(attr)
        self._last = attr

    def _retag(self) -> None:
        """Tag the last object again, as ``tag_cur_item`` does after a call that added none."""
        if self._last is not None:
            self._last["mcid"], self._last["tag"] = self._marks

    def _library(self, render: Any, *args: Any) -> Any:
        """Lay out one call with pdfminer and convert what it adds, in the order added."""
        objs = self.cur_item._objs
        n = len(objs)
        result = render(self, *args)
        if len(objs) > n:
            objs[-1].mcid, objs[-1].tag = self.cur_mcid, self.cur_tag
            for obj in objs[n:]:
                attr = process_object(self.page, obj)
                self._add(attr["object_type"], attr)
            del objs[n:]
        else:
            self._retag()
        return result

    def render_image(self, name: str, stream: Any) -> None:
        self._library(PDFLayoutAnalyzer.render_image, name, stream)

    def render_char(self, matrix: Any, font: Any, fontsize: Any, scaling: Any, rise: Any,
                    cid: int, ncs: Any, graphicstate: Any) -> Any:
        """``LTChar`` of a horizontal font, made as pdfplumber's dictionary."""
        known = self._fonts.get(font, False)
        if known is False:
            known = self._fonts[font] = _font_facts(font)
        if known is None:
            return self._library(PDFLayoutAnalyzer.render_char, matrix, font, fontsize,
                                 scaling, rise, cid, ncs, graphicstate)
        descent, fontname = known
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        if not isinstance(text, str):  # pdfminer asserts it: let it
            return self._library(PDFLayoutAnalyzer.render_char, matrix, font, fontsize,
                                 scaling, rise, cid, ncs, graphicstate)
        adv = font.char_width(cid) * fontsize * scaling
        descent = descent * fontsize
        a, b, c, d, _, _ = matrix
        x0, y0, x1, y1 = apply_matrix_rect(matrix, (0, descent + rise, adv,
                                                    descent + rise + fontsize))
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        height = y1 - y0
        top = (self._height - y1) + self._top
        if self._norm is not None:
            text = normalize_unicode(self._norm, text)
        scolor, ncolor = graphicstate.scolor, graphicstate.ncolor
        mcid, tag = self._marks
        shift = self._shift
        attr = {
            "matrix": matrix, "fontname": fontname, "adv": adv,
            "upright": a * d * scaling > 0 and b * c <= 0,
            "x0": x0 + shift if shift != 0 else x0, "y0": y0,
            "x1": x1 + shift if shift != 0 else x1, "y1": y1,
            "width": x1 - x0, "height": height, "size": height, "mcid": mcid, "tag": tag,
            "object_type": "char", "page_number": self._page_number, "ncs": decoded_name(ncs.name),
            "text": text,
            "stroking_color": scolor if isinstance(scolor, tuple) else (scolor,),
            "non_stroking_color": ncolor if isinstance(ncolor, tuple) else (ncolor,),
            "top": top, "bottom": (self._height - y0) + self._top,
            "doctop": self._doctop + top,
        }
        found = self.objects.get("char")
        if found is None:
            found = self.objects["char"] = []
        found.append(attr)
        self._last = attr
        return adv

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool,
                   path: Any) -> None:
        """A rectangle or a straight line made as pdfplumber's dictionary; pdfminer the rest."""
        shape = tuple(seg[0] for seg in path)
        if shape == _RECTANGLE or shape in _LINES:
            a, b, c, d, e, f = self.ctm
            pts = [(a * x + c * y + e, b * x + d * y + f)
                   for _, x, y in (seg if len(seg) == 3 else path[0] for seg in path)]
            if shape == _RECTANGLE:
                (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
                if pts[3] != pts[0] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                         or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
                    corners = [(x0, y0), (x2, y0), (x2, y2), (x0, y2)]
                    self._curve("rect", corners, pts, shape, gstate, stroke, fill, evenodd)
                    return
            else:
                self._curve("line", pts[:2], pts, shape, gstate, stroke, fill, evenodd)
                return
        self._library(PDFLayoutAnalyzer.paint_path, gstate, stroke, fill, evenodd, path)

    def _curve(self, kind: str, corners: list[tuple[Any, Any]], pts: list[tuple[Any, Any]],
               shape: tuple[str, ...], gstate: Any, stroke: bool, fill: bool,
               evenodd: bool) -> None:
        """The dictionary of an ``LTRect`` or ``LTLine`` with these corners (``pts``).

        ``pts`` are the path's points in page space, one per segment (a closing ``h`` has
        its subpath's first point), as pdfminer's ``original_path`` holds them.
        """
        x0, y0, x1, y1 = get_bound(corners)
        shift, top_edge, height = self._shift, self._top, self._height
        top = (height - y1) + top_edge
        mcid, tag = self._marks
        self._add(kind, {
            "x0": x0 + shift if shift != 0 else x0, "y0": y0,
            "x1": x1 + shift if shift != 0 else x1, "y1": y1,
            "width": x1 - x0, "height": y1 - y0,
            "pts": [(shift + x, top_edge + height - y) for x, y in corners],
            "linewidth": resolved(gstate.linewidth), "stroke": stroke, "fill": fill,
            "evenodd": evenodd, "stroking_color": resolved(gstate.scolor),
            "non_stroking_color": resolved(gstate.ncolor), "mcid": mcid, "tag": tag,
            "object_type": kind, "page_number": self._page_number,
            "path": [(op, (shift + x, top_edge + height - y)) if op != "h" else (op,)
                     for op, (x, y) in zip(shape, pts, strict=True)],
            "dash": gstate.dash, "top": top, "bottom": (height - y0) + top_edge,
            "doctop": self._doctop + top,
        })


def _font_facts(font: Any) -> tuple[Any, str] | None:
    """A font's descent and name, when :class:`ObjectDevice` boxes its characters itself."""
    if type(font) not in _PLAIN_FONTS or font.is_vertical():
        return None
    if not isinstance(font.fontname, str):  # bytes pdfplumber repairs, or stranger
        return None
    return font.get_descent(), font.fontname


def read_objects(page: Any) -> dict[str, list[dict[str, Any]]]:
    """Lay a pdfplumber page out with :class:`ObjectDevice`: its ``objects``, by kind."""
    from pdfplumber.utils.exceptions import PdfminerException

    if hasattr(page, "_objects"):
        return page._objects
    if page.pdf.laparams is not None:  # pdfplumber adds the analysed text boxes: its own way
        use_fast_objects(page)
        interpret(page)
        return page.objects
    device = ObjectDevice(page)
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:
        raise PdfminerException(e) from e
    page._objects = device.objects
    return page._objects
