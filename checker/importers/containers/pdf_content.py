"""A page's content streams read in one pass (issue 14: reading fast).

pdfminer reads a page's drawing instructions (``BT /F1 9 Tf 72 700 Td (Program) Tj ET``)
with a general PostScript parser that takes one character state at a time, buffer by
buffer, and logs every token: on the four pages of the Tangerang report (120,000 tokens)
that is about two thirds of all the reading. :class:`FastInterpreter` tokenises each
stream with one regular expression and hands the interpreter the same objects, in the same
order, that pdfminer's :class:`~pdfminer.pdfinterp.PDFContentParser` would (numbers,
names, strings, arrays, dictionaries, operators); the operators themselves still run
through pdfminer's own ``do_*`` methods, so characters, rules and boxes are pdfminer's.

Whatever this tokeniser does not reproduce exactly is handed back to pdfminer for the
whole page: an inline image (``BI … ID … EI``), a name with ``#`` escapes, a string or a
hex string not closed in its stream, an unbalanced array or dictionary, a stream ending in
the middle of a token pdfminer would carry on into the next stream. ``tests/importers/
containers/test_pdf_content.py`` compares the objects of both parsers on every stream of
the corpus PDFs and the generated test PDFs, and the token quirks one by one.
"""

from __future__ import annotations

import re
from typing import Any

from pdfminer import settings
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import (
    KWD,
    LIT,
    PSKeyword,
    choplist,
    keyword_name,
    literal_name,
)

#: One token of a content stream and the spaces before it, as pdfminer's ``PSBaseParser``
#: splits them. Numbers take digits only (``1.2.3`` is ``1.2`` and ``.3``; ``5-3`` is
#: ``5`` and ``-3``), an operator starts with a letter and runs to a delimiter, a hex
#: string ends at its first character that is neither a hex digit nor a space (the ``>``
#: is read on its own), any other character is an operator of one character (``'``,
#: ``"``, ``[``, ``{``). The groups are numbered (see ``_INT`` …) for a quick dispatch.
_TOKEN = re.compile(
    rb"\s*+(?:"
    rb"([+-]?+\d++)(?!\.)"  # 1 an integer
    rb"|([A-Za-z][^#/%\[\]()<>{}\s]*+)"  # 2 an operator (or true, false)
    rb"|([+-]?+(?:\d++\.\d*+|\.\d++))"  # 3 a real
    rb"|/([^#/%\[\]()<>{}\s]*+)"  # 4 a name
    rb"|\(([^()\\]*+)\)"  # 5 a string without escapes or parentheses
    rb"|(\()"  # 6 any other string
    rb"|(\[|\]|<<|>>|\{|\})"  # 7 arrays, dictionaries, procedures
    rb"|<([0-9a-fA-F\s]*+)"  # 8 a hex string
    rb"|(>|%[^\r\n]*+|[+-]?+\.|[+-]|\x00)"  # 9 what pdfminer drops: a lone >, sign or point
    rb"|([\s\S])"  # 10 an operator of one character
    rb")?+"
)
_INT, _KEYWORD, _REAL, _NAME, _PLAIN, _STRING, _BRACKET, _HEX, _SKIP, _OTHER = range(1, 11)
_STRING_END = re.compile(rb"[()\\]")
_SPACE = re.compile(rb"\s")
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13,
            ord("("): 40, ord(")"): 41, ord("\\"): 92}
_OCTAL = b"01234567"
#: pdfminer reads a stream in buffers of this many bytes (``PSBaseParser.BUFSIZ``).
_BUFSIZ = 4096
_INLINE = frozenset({KWD(b"BI"), KWD(b"ID"), KWD(b"EI")})


class Unsupported(Exception):
    """A stream this tokeniser does not reproduce exactly: pdfminer reads the page."""


def _literal_string(data: bytes, i: int) -> tuple[bytes, int]:
    r"""The string opened just before ``i`` and where it ends (``PSBaseParser._parse_string``).

    Balanced parentheses stay in the string; ``\ddd`` is an octal code of up to three
    digits; a backslash before an unknown character (or a line break) drops that character.
    """
    out = bytearray()
    depth = 1
    n = len(data)
    while True:
        m = _STRING_END.search(data, i)
        if m is None:
            raise Unsupported("string not closed in its stream")
        j = m.start()
        out += data[i:j]
        c = data[j]
        i = j + 1
        if c == 0x5C:  # backslash
            k = i
            while k < n and k - i < 3 and data[k] in _OCTAL:
                k += 1
            if k > i:
                code = int(data[i:k], 8)
                if code > 255 or k >= n:
                    raise Unsupported("octal escape pdfminer refuses or cut by the stream")
                out.append(code)
                i = k
                continue
            if i >= n:
                raise Unsupported("backslash at the end of a stream")
            e = data[i]
            if e in _ESCAPES:
                out.append(_ESCAPES[e])
            elif e == 0x0D and data[i + 1:i + 2] == b"\n":
                if (i + 1) % _BUFSIZ == 0:  # pdfminer sees the line feed in its next buffer
                    raise Unsupported("escaped line break across pdfminer's buffers")
                i += 1
            i += 1
        elif c == 0x28:  # (
            depth += 1
            out.append(c)
        else:  # )
            depth -= 1
            if not depth:
                return bytes(out), i
            out.append(c)


def _hex_string(digits: bytes) -> bytes:
    """``<4142>`` as pdfminer decodes it: pairs of digits, a last lone digit as a byte."""
    digits = _SPACE.sub(b"", digits)
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode())


def stream_objects(data: bytes, out: list[Any], stack: list[tuple[bytes, list[Any]]]) -> None:
    """Append to ``out`` the top-level objects of one stream, as ``nextobject`` yields them.

    ``stack`` holds the arrays and dictionaries still open (they may close in the next
    stream); an object inside one goes to it instead of ``out``. The tokens are matched
    one after the other from the start; only a string with escapes or parentheses is read
    by hand, and the matching goes on after it.
    """
    end = len(data)
    data += b"\n"  # pdfminer ends a token cut by the end of a stream with a line break
    pos = 0
    keywords = _KEYWORDS
    target = stack[-1][1] if stack else out
    while pos < end:
        for m in _TOKEN.finditer(data, pos):
            kind = m.lastindex
            if kind == _KEYWORD:
                word = m[2]
                token = keywords.get(word)
                if token is None:
                    token = keywords[word] = _keyword(word)
                if token is _UNSUPPORTED:
                    raise Unsupported("inline image")
                target.append(token)
            elif kind == _REAL:
                target.append(float(m[3]))
            elif kind == _INT:
                target.append(int(m[1]))
            elif kind == _PLAIN:
                target.append(m[5])
            elif kind == _BRACKET:
                bracket = m[7]
                if not _OPENS[bracket]:
                    stack.append((bracket, []))
                    target = stack[-1][1]
                    continue
                if not stack or stack[-1][0] != _OPENS[bracket]:
                    raise Unsupported("closes what is not open")
                objs = stack.pop()[1]
                target = stack[-1][1] if stack else out
                if bracket == b">>":
                    if len(objs) % 2:
                        raise Unsupported("dictionary with an odd count")
                    target.append({literal_name(k): v for k, v in choplist(2, objs)
                                   if v is not None})
                else:
                    target.append(objs)
            elif kind == _NAME:
                raw = m[4]
                after = m.end()
                if data[after:after + 1] == b"#" or (not raw and after >= end):
                    raise Unsupported("name with # escapes, or cut by the end of a stream")
                try:
                    name: Any = str(raw, "utf-8")
                except UnicodeDecodeError:
                    name = raw
                target.append(LIT(name))
            elif kind == _STRING:
                text, pos = _literal_string(data, m.end())
                target.append(text)
                break  # match again after the string
            elif kind == _HEX:
                if m.end() >= end:
                    raise Unsupported("hex string not closed in its stream")
                target.append(_hex_string(m[8]))
            elif kind == _SKIP:
                if m.end() >= end and m[9] == b">":
                    raise Unsupported("'>' at the end of a stream (may pair with the next one)")
            elif kind == _OTHER:
                target.append(KWD(m[10]))
            elif m.start() >= end:  # the line break added above, or nothing after it
                return
        else:
            return


def _keyword(word: bytes) -> Any:
    """What pdfminer makes of an operator's word: ``true``, ``false`` or a keyword."""
    if word == b"true":
        return True
    if word == b"false":
        return False
    keyword = KWD(word)
    return _UNSUPPORTED if keyword in _INLINE else keyword


_UNSUPPORTED = object()
#: Operator words already seen (``Tj`` → its keyword), shared by every page.
_KEYWORDS: dict[bytes, Any] = {}
#: What closes each opening bracket; opening ones map to ``b""``.
_OPENS = {b"[": b"", b"<<": b"", b"{": b"", b"]": b"[", b">>": b"<<", b"}": b"{"}


def page_objects(streams: list[PDFStream]) -> list[Any]:
    """The top-level objects of a page's content streams, in order (see module docstring)."""
    out: list[Any] = []
    stack: list[tuple[bytes, list[Any]]] = []
    for stream in streams:
        stream_objects(stream_value(stream).get_data(), out, stack)
    if stack:
        raise Unsupported("array or dictionary open at the end of the page")
    return out


class FastInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, its content streams read by :func:`page_objects`."""

    def execute(self, streams: Any) -> None:
        valid: list[PDFStream] = []
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return super().execute(streams)  # pdfminer warns and skips: let it
            valid.append(stream)
        try:
            objects = page_objects(valid)
        except Exception:  # Unsupported, or a stream pdfminer reports in its own way
            return super().execute(streams)
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in valid)
        operators: dict[PSKeyword, tuple[Any, int] | None] = {}
        argstack = self.argstack
        for obj in objects:
            if type(obj) is not PSKeyword:
                argstack.append(obj)
                continue
            op = operators.get(obj, False)
            if op is False:
                op = operators[obj] = self._operator(obj)
            if op is None:
                continue
            func, nargs = op
            if nargs:  # pdfminer's pop(nargs), without a new stack each time
                args = argstack[-nargs:]
                del argstack[-nargs:]
                if len(args) == nargs:
                    func(*args)
            else:
                func()
            argstack = self.argstack  # an operator may pop (scn) or start a new stack

    def _operator(self, keyword: PSKeyword) -> tuple[Any, int] | None:
        """The bound ``do_*`` method of an operator and its argument count, as ``execute``."""
        name = keyword_name(keyword)
        method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
        if hasattr(self, method):
            func = getattr(self, method)
            return func, func.__code__.co_argcount - 1
        if settings.STRICT:
            raise PDFInterpreterError(f"Unknown operator: {name!r}")
        return None


def interpret(page: Any) -> Any:
    """Lay out a pdfplumber page with :class:`FastInterpreter` (its ``layout``, as pdfplumber)."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    if hasattr(page, "_layout"):
        return page._layout
    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number,
                                                laparams=page.pdf.laparams)
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:
        raise PdfminerException(e) from e
    page._layout = device.get_result()
    return page._layout
