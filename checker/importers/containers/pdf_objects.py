"""pdfplumber's page objects, built with less work per object (issue 14: reading fast).

pdfplumber turns every object pdfminer lays out (each character, rule and box) into a
dictionary with :meth:`pdfplumber.page.Page.process_object`, which sends each of the
object's attributes through a generic recursive ``resolve_all`` by way of a closure:
about 15 calls per character, 300,000 on the four pages of the Tangerang report, a fifth
of its reading. Nearly all those values are plain numbers and strings, which
``resolve_all`` returns unchanged. :func:`use_fast_objects` makes a page build its objects
with :func:`process_object`, the same steps with plain values taken as they are and
everything else (references, nested lists, dictionaries) still through ``resolve_all``.

The dictionaries are equal, key for key and in the same order, to pdfplumber's own:
``tests/importers/containers/test_pdf_objects.py`` compares them on every page of the
corpus PDFs and of the generated test PDFs, so a pdfplumber release that changes its
objects fails there instead of changing grids silently.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTCurve, LTTextContainer
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes
from pdfplumber.utils import resolve_all, resolve_and_decode

#: Types ``resolve_all`` returns as they are (it resolves references and rebuilds lists,
#: tuples and dictionaries; every other value passes through).
PLAIN = frozenset({int, float, str, bytes, bool, type(None)})
#: pdfminer class → pdfplumber's ``object_type`` (``LTChar`` → ``char``).
_KINDS: dict[type, str] = {}


def use_fast_objects(page: Any) -> Any:
    """Make ``page`` (a pdfplumber page, before its objects are read) use :func:`process_object`."""
    page.process_object = partial(process_object, page)
    return page


def resolved(value: Any) -> Any:
    """``resolve_all(value)``, without its calls for the plain values nearly all are."""
    kind = type(value)
    if kind in PLAIN:
        return value
    if kind is tuple and PLAIN.issuperset(map(type, value)):
        return value  # resolve_all builds the same tuple again (a matrix, a colour)
    return resolve_all(value)


def decoded_name(name: Any) -> Any:
    """A colour space's name as pdfplumber decodes it, once per name (one per character)."""
    if type(name) is not str:
        return resolve_and_decode(name)
    found = _NAMES.get(name)
    if found is None:
        found = _NAMES[name] = resolve_and_decode(name)
    return found


_NAMES: dict[str, Any] = {}


def process_object(page: Any, obj: Any) -> dict[str, Any]:
    """The dictionary pdfplumber's ``Page.process_object`` makes of a pdfminer object."""
    cls = type(obj)
    kind = _KINDS.get(cls)
    if kind is None:
        name = cls.__name__
        kind = _KINDS[cls] = (name[2:] if name.startswith("LT") else name).lower()
    plain = PLAIN
    curve = isinstance(obj, LTCurve)  # its points are replaced below, never resolved
    attr = {k: v if type(v) in plain or (curve and k == "pts") else resolved(v)
            for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = decoded_name(getattr(obj, cs).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        norm = page.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = (gs.ncolor if isinstance(gs.ncolor, tuple)
                                      else (gs.ncolor,))
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    if curve:  # Page.point2coord, one point at a time
        attr["pts"] = [(mb_x0 + pt[0], mb_top + height - pt[1]) for pt in attr["pts"]]
        attr["path"] = [(cmd, *[(mb_x0 + pt[0], mb_top + height - pt[1]) for pt in pts])
                        for cmd, *pts in obj.original_path]
        attr["dash"] = obj.dashing_style
    if "y0" in attr:
        attr["top"] = (height - attr["y1"]) + mb_top
        attr["bottom"] = (height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr
