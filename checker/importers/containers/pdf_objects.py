"""pdfplumber's page objects built with less work: the same dictionaries, sooner.

pdfplumber turns each of pdfminer's layout objects (a character, a rule, a curve) into a
dictionary, passing every attribute through ``resolve_all`` (a recursive walk that copies
tuples) and decoding the colour-space name letter by letter through ``PDFDocEncoding``. On
corpus 03 (four pages, 13,000 characters, 4,300 rectangles) that conversion took 0.42 s
CPU, a quarter of reading the PDF. Nearly every attribute is a number, a string or a tuple
of numbers, which ``resolve_all`` returns unchanged or as an equal copy: those are taken as
they are, anything else still goes through ``resolve_all``; the decoded colour-space name
is remembered per name; the object kind per class. Everything else is
``pdfplumber.page.Page.process_object`` as it reads in the supported versions
(:data:`SUPPORTED`), and a test compares the dictionaries with pdfplumber's own on real
PDFs. Other versions keep pdfplumber's method.
"""

from __future__ import annotations

import re
import types
from functools import cache
from typing import Any
from unicodedata import normalize as normalize_unicode

#: pdfplumber versions whose ``Page.process_object`` this module reproduces.
SUPPORTED = ("0.11.",)
_PLAIN = frozenset({int, float, str, bool, type(None)})
_KINDS: dict[type, str] = {}
_DECODED: dict[str, Any] = {}


def use_fast_objects(page: Any) -> None:
    """Build ``page``'s objects with :func:`process_object` (a supported pdfplumber only)."""
    import pdfplumber

    if pdfplumber.__version__.startswith(SUPPORTED):
        page.process_object = types.MethodType(process_object, page)


def process_object(self: Any, obj: Any) -> dict[str, Any]:
    """``pdfplumber.page.Page.process_object``, with plain attributes taken as they are."""
    LTChar, LTCurve, LTTextContainer, plumber, resolve_all = _names()
    cls = type(obj)
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = re.sub(plumber.lt_pat, "", cls.__name__).lower()
    wanted = plumber.ALL_ATTRS
    attr: dict[str, Any] = {}
    for k, v in obj.__dict__.items():
        if k in wanted:
            t = type(v)
            if t in _PLAIN or (t is tuple and _plain(v)):
                attr[k] = v  # resolve_all would return it, or an equal tuple
            elif t is list and all(type(x) in _PLAIN or (type(x) is tuple and _plain(x))
                                   for x in v):
                attr[k] = list(v)  # a rectangle's points: an equal new list
            else:
                attr[k] = resolve_all(v)
    attr["object_type"] = kind
    attr["page_number"] = self.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = _decoded(getattr(obj, cs).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        norm = self.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = (gs.ncolor if isinstance(gs.ncolor, tuple)
                                      else (gs.ncolor,))
        if isinstance(attr["fontname"], bytes):  # (rare) byte-encoded font names
            attr["fontname"] = plumber.fix_fontname_bytes(attr["fontname"])
    elif isinstance(obj, LTCurve):
        attr["pts"] = list(map(self.point2coord, attr["pts"]))
        attr["path"] = [(cmd, *map(self.point2coord, pts)) for cmd, *pts in obj.original_path]
        attr["dash"] = obj.dashing_style
    mb_x0, mb_top = self.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (self.height - attr["y1"]) + mb_top
        attr["bottom"] = (self.height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def _plain(values: tuple[Any, ...]) -> bool:
    """True when every member is a number, a string or None (nothing to resolve)."""
    return all(type(x) in _PLAIN for x in values)


@cache
def _names() -> tuple[Any, ...]:
    """pdfminer's and pdfplumber's names, imported once (a PDF is not always read)."""
    from pdfminer.layout import LTChar, LTCurve, LTTextContainer
    from pdfplumber import page as plumber
    from pdfplumber.utils.pdfinternals import resolve_all

    return LTChar, LTCurve, LTTextContainer, plumber, resolve_all


def _decoded(name: Any) -> Any:
    """A colour-space name as pdfplumber decodes it, once per distinct name."""
    from pdfplumber.utils.pdfinternals import resolve_and_decode

    if type(name) is not str:
        return resolve_and_decode(name)
    found = _DECODED.get(name)
    if found is None:
        found = _DECODED[name] = resolve_and_decode(name)
    return found
