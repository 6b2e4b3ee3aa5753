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

from math import isfinite
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdffont import PDFCIDFont, PDFTrueTypeFont, PDFType1Font, PDFUnicodeNotDefined
from pdfminer.utils import INF, translate_matrix
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.utils import decode_text

from checker.importers.containers.pdf_content import FastInterpreter, interpret
from checker.importers.containers.pdf_objects import (
    PLAIN,
    decoded_name,
    process_object,
    resolved,
    use_fast_objects,
)

#: Font classes whose characters ``LTChar`` boxes from the descent and the advance alone
#: (a Type 3 font draws its glyphs with a matrix of its own: pdfminer keeps those).
_PLAIN_FONTS = frozenset({PDFType1Font, PDFTrueTypeFont, PDFCIDFont})
#: A glyph whose text pdfminer would refuse: laid out by pdfminer.
_OWN_WAY = object()
#: The segment that closes a path (``h``), as pdfminer's paths hold it.
_CLOSE = ("h",)


class ObjectDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, making its object dictionaries itself where it can."""

    def __init__(self, page: Any) -> None:
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.page = page
        self._page_number = page.page_number  # pdfminer's pageno moves on at the page's end
        #: The dictionaries by kind (``char``, ``rect`` …), as ``Page.parse_objects`` makes.
        self.objects: dict[str, list[dict[str, Any]]] = {}
        self._last: dict[str, Any] | None = None  # the current container's last object
        self._marks: tuple[Any, Any] = (None, None)  # mcid and tag, resolved
        self._tags: dict[Any, str] = {}  # a tag's name → decode_text(name)
        self._fonts: dict[Any, Any] = {}  # font → _font_facts(font)
        mb_x0, mb_top = page.mediabox[:2]
        self._shift = mb_x0  # pdfplumber adds the mediabox's left edge to x0 and x1
        self._top = mb_top
        self._height = page.height
        self._doctop = page.initial_doctop
        self._norm = page.pdf.unicode_norm

    # Marked content and figures: what the current and the previous object are tagged with.

    def begin_tag(self, tag: Any, props: Any = None) -> None:
        """Start a marked-content tag as pdfplumber does, each name decoded once a page."""
        name = tag.name
        text = self._tags.get(name)
        if text is None:
            text = self._tags[name] = decode_text(name)
        self.cur_tag = text
        self.cur_mcid = props["MCID"] if isinstance(props, dict) and "MCID" in props else None
        self._marks = (resolved(self.cur_mcid), resolved(text))

    def end_tag(self) -> None:
        super().end_tag()
        self._marks = (None, None)

    def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
        super().begin_figure(name, bbox, matrix)
        self._last = None  # a new container, empty

    def end_figure(self, name: str) -> None:
        super().end_figure(name)
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
        """A character :meth:`render_string_horizontal` leaves to pdfminer (``LTChar``)."""
        return self._library(PDFLayoutAnalyzer.render_char, matrix, font, fontsize, scaling,
                             rise, cid, ncs, graphicstate)

    def render_string_horizontal(self, seq: Any, matrix: Any, pos: Any, font: Any,
                                 fontsize: Any, scaling: Any, charspace: Any, wordspace: Any,
                                 rise: Any, dxscale: Any, ncs: Any, graphicstate: Any) -> Any:
        """Lay out a string's characters as pdfminer's loop does, each made as ``LTChar``.

        A character is placed with the string's matrix moved to its origin
        (``translate_matrix``), then boxed from the font's descent and its advance
        (``apply_matrix_rect`` of ``(0, descent + rise, adv, descent + rise + size)``); the
        same expressions are written out here, in the same order, so every float is the
        one pdfminer computes. A character whose text or width the font cannot give as
        pdfminer expects goes through :meth:`render_char`.
        """
        facts = self._fonts.get(font, False)
        if facts is False:
            facts = self._fonts[font] = _font_facts(font)
        if facts is None or not all(isinstance(obj, (int, float, bytes)) for obj in seq):
            return super().render_string_horizontal(
                seq, matrix, pos, font, fontsize, scaling, charspace, wordspace, rise, dxscale,
                ncs, graphicstate)
        descent, fontname, glyphs = facts
        a, b, c, d, e, f = matrix
        low = descent * fontsize + rise
        high = low + fontsize
        upright = a * d * scaling > 0 and b * c <= 0
        shift, top_edge, page_height = self._shift, self._top, self._height
        doctop = self._doctop
        scolor, ncolor = graphicstate.scolor, graphicstate.ncolor
        if not isinstance(scolor, tuple):
            scolor = (scolor,)
        if not isinstance(ncolor, tuple):
            ncolor = (ncolor,)
        mcid, tag = self._marks
        page_number, ncs_name = self._page_number, decoded_name(ncs.name)
        left_low, left_high = a * 0 + c * low, a * 0 + c * high  # the box's left corners
        bottom_low, bottom_high = b * 0 + d * low, b * 0 + d * high
        # Text neither turned nor slanted (b and c zero, the rest finite): the products
        # with b, c and 0 below are zeros, which added to an origin (e1, f1) that is a
        # non-zero float leave it exact (a zero int would become a float, a zero change
        # sign), so the box's corners are the origin moved by the advance and heights.
        straight = b == 0 and c == 0 and all(map(isfinite, (a, d, low, high)))
        d_low, d_high = d * low, d * high
        chars = self.objects.get("char")
        if chars is None:
            chars = self.objects["char"] = []
        (x, y) = pos
        needcharspace = False
        for obj in seq:
            if not isinstance(obj, bytes):
                x -= obj * dxscale
                needcharspace = True
                continue
            for cid in font.decode(obj):
                if needcharspace:
                    x += charspace
                glyph = glyphs.get(cid)
                if glyph is None:
                    glyph = glyphs[cid] = self._glyph(font, cid)
                if glyph is _OWN_WAY:
                    x += self.render_char(translate_matrix(matrix, (x, y)), font, fontsize,
                                          scaling, rise, cid, ncs, graphicstate)
                else:
                    text, width = glyph
                    adv = width * fontsize * scaling
                    e1 = x * a + y * c + e  # translate_matrix
                    f1 = x * b + y * d + f
                    if straight and type(e1) is float and type(f1) is float and e1 != 0 \
                            and f1 != 0:  # (an infinite advance only adds NaNs min skips)
                        right, bottom, over = a * adv + e1, d_low + f1, d_high + f1
                        x0 = right if right < e1 else e1  # min(e1, e1, right, right)
                        x1 = right if right > e1 else e1
                        y0 = over if over < bottom else bottom
                        y1 = over if over > bottom else bottom
                    else:
                        left1, bottom1 = left_low + e1, bottom_low + f1
                        right1, bottom2 = a * adv + c * low + e1, b * adv + d * low + f1
                        right2, top1 = a * adv + c * high + e1, b * adv + d * high + f1
                        left2, top2 = left_high + e1, bottom_high + f1
                        x0 = min(left1, left2, right1, right2)
                        x1 = max(left1, left2, right1, right2)
                        y0 = min(bottom1, bottom2, top1, top2)
                        y1 = max(bottom1, bottom2, top1, top2)
                    height = y1 - y0
                    top = (page_height - y1) + top_edge
                    attr = {"matrix": (a, b, c, d, e1, f1), "fontname": fontname, "adv": adv,
                            "upright": upright,
                            "x0": x0 + shift if shift != 0 else x0, "y0": y0,
                            "x1": x1 + shift if shift != 0 else x1, "y1": y1,
                            "width": x1 - x0, "height": height, "size": height, "mcid": mcid,
                            "tag": tag, "object_type": "char", "page_number": page_number,
                            "ncs": ncs_name, "text": text, "stroking_color": scolor,
                            "non_stroking_color": ncolor, "top": top,
                            "bottom": (page_height - y0) + top_edge, "doctop": doctop + top}
                    chars.append(attr)
                    self._last = attr
                    x += adv
                if cid == 32 and wordspace:
                    x += wordspace
                needcharspace = True
        return (x, y)

    def _glyph(self, font: Any, cid: int) -> Any:
        """A character's text (normalised as pdfplumber does) and width, as pdfminer reads them."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        if not isinstance(text, str):  # pdfminer asserts it: let it
            return _OWN_WAY
        if self._norm is not None:
            text = normalize_unicode(self._norm, text)
        return text, font.char_width(cid)

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool,
                   path: Any) -> None:
        """A rectangle or a straight line made as pdfplumber's dictionary; pdfminer the rest.

        pdfminer's ``paint_path`` moves each point by the current matrix, drops a last
        line back to the start (the shape is then no rectangle) and makes an ``LTRect`` of
        four lines closed at right angles, an ``LTLine`` of one line; the same tests and
        expressions are written out here.
        """
        n = len(path)
        if n == 5 and path[4] == _CLOSE and path[0][0] == "m" and path[1][0] == "l" \
                and path[2][0] == "l" and path[3][0] == "l":
            moved = _moved(self.ctm, path, 4)
            if moved is not None:
                x0, y0, x1, y1, x2, y2, x3, y3 = moved
                if (x3, y3) != (x0, y0) and (
                        (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                        or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
                    shift, base = self._shift, self._top + self._height
                    left, right, near, far = shift + x0, shift + x2, base - y0, base - y2
                    self._shape("rect", _bound(x0, x2), _bound(y0, y2),
                                [(left, near), (right, near), (right, far), (left, far)],
                                [("m", (left, near)), ("l", (shift + x1, base - y1)),
                                 ("l", (right, far)), ("l", (shift + x3, base - y3)), _CLOSE],
                                gstate, stroke, fill, evenodd)
                    return
        elif (n == 2 or (n == 3 and path[2] == _CLOSE)) and path[0][0] == "m" \
                and path[1][0] == "l":
            moved = _moved(self.ctm, path, 2)
            if moved is not None:
                x0, y0, x1, y1 = moved
                shift, base = self._shift, self._top + self._height
                start, end = (shift + x0, base - y0), (shift + x1, base - y1)
                segments = [("m", start), ("l", end)] + ([_CLOSE] if n == 3 else [])
                self._shape("line", _bound(x0, x1), _bound(y0, y1), [start, end], segments,
                            gstate, stroke, fill, evenodd)
                return
        self._library(PDFLayoutAnalyzer.paint_path, gstate, stroke, fill, evenodd, path)

    def _shape(self, kind: str, xs: tuple[Any, Any], ys: tuple[Any, Any], pts: list[Any],
               segments: list[Any], gstate: Any, stroke: bool, fill: bool,
               evenodd: bool) -> None:
        """The dictionary of an ``LTRect`` or ``LTLine``: its box spans ``xs`` and ``ys``.

        ``pts`` (its corners) and ``segments`` (pdfminer's ``original_path``) are already
        in pdfplumber's page coordinates.
        """
        (x0, x1), (y0, y1) = xs, ys
        shift, top_edge, height = self._shift, self._top, self._height
        top = (height - y1) + top_edge
        mcid, tag = self._marks
        linewidth, scolor, ncolor = gstate.linewidth, gstate.scolor, gstate.ncolor
        self._add(kind, {
            "x0": x0 + shift if shift != 0 else x0, "y0": y0,
            "x1": x1 + shift if shift != 0 else x1, "y1": y1,
            "width": x1 - x0, "height": y1 - y0, "pts": pts,
            "linewidth": linewidth if type(linewidth) in PLAIN else resolved(linewidth),
            "stroke": stroke, "fill": fill, "evenodd": evenodd,
            "stroking_color": scolor if type(scolor) in PLAIN else resolved(scolor),
            "non_stroking_color": ncolor if type(ncolor) in PLAIN else resolved(ncolor),
            "mcid": mcid, "tag": tag, "object_type": kind, "page_number": self._page_number,
            "path": segments, "dash": gstate.dash, "top": top,
            "bottom": (height - y0) + top_edge, "doctop": self._doctop + top,
        })


def _moved(ctm: Any, path: Any, n: int) -> list[float] | None:
    """The first ``n`` points of a path moved by ``ctm`` (x, y, x, y …), as pdfminer does.

    pdfminer moves a point as it was given for the shape's corners and converted to float
    for ``original_path``; both are the same only for float coordinates, which pdfminer's
    path operators make: anything else is left to pdfminer (None).
    """
    a, b, c, d, e, f = ctm
    out: list[float] = []
    for _, u, v in path[:n]:
        if type(u) is not float or type(v) is not float:
            return None
        out += (a * u + c * v + e, b * u + d * v + f)
    return out


def _bound(p: Any, q: Any) -> tuple[Any, Any]:
    """The span of two coordinates as pdfminer's ``get_bound`` finds it (from ±INF on)."""
    low = p if p < INF else INF
    high = p if p > -INF else -INF
    return (q if q < low else low), (q if q > high else high)


def _font_facts(font: Any) -> tuple[Any, str, dict[int, Any]] | None:
    """A font's descent, its name and its glyphs read so far (by cid).

    None when :class:`ObjectDevice` leaves the font's characters to pdfminer.
    """
    if type(font) not in _PLAIN_FONTS or font.is_vertical():
        return None
    if not isinstance(font.fontname, str):  # bytes pdfplumber repairs, or stranger
        return None
    return font.get_descent(), font.fontname, {}


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
