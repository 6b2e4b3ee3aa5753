"""The PDF reader's content-stream tokeniser gives pdfminer's objects (pdf_content.py).

``pdf_content.page_objects`` replaces pdfminer's ``PDFContentParser`` only as long as it
yields the same objects, of the same types, in the same order. These tests compare the two
on every content stream (pages and form XObjects) of the corpus PDFs and of PDFs written
here, on the token quirks one by one, and compare the grids read with and without it.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 (test extra) writes the built PDFs")

from pdfminer.pdfdocument import PDFDocument  # noqa: E402
from pdfminer.pdfinterp import PDFContentParser  # noqa: E402
from pdfminer.pdfpage import PDFPage  # noqa: E402
from pdfminer.pdfparser import PDFParser  # noqa: E402
from pdfminer.pdftypes import PDFStream, dict_value, resolve1, stream_value  # noqa: E402
from pdfminer.psparser import PSEOF  # noqa: E402

from checker.importers.containers import pdf_content, pdf_grid  # noqa: E402
from checker.importers.containers.pdf_content import Unsupported, page_objects  # noqa: E402
from tests.importers.containers.conftest import SEED_HEADER, corpus_file  # noqa: E402
from tests.importers.containers.pdfbuild import ruled_and_plain  # noqa: E402

WIDTHS = [12, 90, 22, 28, 80, 35]


def _typed(obj: Any) -> Any:
    """An object with the type of every value in it (``1`` and ``1.0`` and ``True`` differ)."""
    if isinstance(obj, list):
        return ["list", [_typed(v) for v in obj]]
    if isinstance(obj, dict):
        return ["dict", [(k, _typed(v)) for k, v in obj.items()]]
    return [type(obj).__name__, repr(obj)]


def _pdfminers(streams: list[PDFStream]) -> list[Any]:
    out: list[Any] = []
    try:
        parser = PDFContentParser(streams)
    except PSEOF:
        return out
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def _content_streams(path: Path) -> list[list[PDFStream]]:
    """Every page's content streams, and every form XObject's, of a PDF."""
    found = []
    with path.open("rb") as f:
        doc = PDFDocument(PDFParser(f))
        for page in PDFPage.create_pages(doc):
            found.append([stream_value(s) for s in page.contents or []])
            xobjects = resolve1(dict_value(page.resources or {}).get("XObject")) or {}
            for xobj in dict_value(xobjects).values():
                xobj = stream_value(xobj)
                if getattr(xobj.get("Subtype"), "name", None) == "Form":
                    found.append([xobj])
        for streams in found:  # decoded while the file is open
            for s in streams:
                s.get_data()
    return found


def _assert_same_objects(path: Path) -> int:
    count = 0
    for streams in _content_streams(path):
        theirs = _pdfminers(streams)
        assert _typed(page_objects(streams)) == _typed(theirs)
        count += len(theirs)
    return count


def _built(tmp_path: Path, seed_rows: list[list[str]]) -> list[Path]:
    return ruled_and_plain(tmp_path, WIDTHS, SEED_HEADER, seed_rows, repeat=4)  # page break


@pytest.mark.parametrize("prefix", ["03_", "08_"])
def test_corpus_content_streams_give_pdfminers_objects(corpus, prefix):
    assert _assert_same_objects(corpus_file(corpus, prefix)) > 10_000


def test_built_content_streams_give_pdfminers_objects(tmp_path, seed_rows):
    for path in _built(tmp_path, seed_rows):
        assert _assert_same_objects(path) > 100


#: Streams that exercise each rule of pdfminer's tokeniser (numbers cut at a point or a
#: sign, operators of one character, nested and escaped strings, hex strings, arrays,
#: dictionaries, procedures, comments, operators inside arrays).
QUIRKS = [
    b"1 2.5 -3 +4 .5 -.5 5. 1.2.3 5-3 -- + . -. 1e5 0.0 007",
    b"BT /F1 9 Tf 72 700 Td (Program) Tj ET q Q T* ' \" d0 d1 f* B*",
    b"(a(b)c) (\\(\\)\\\\) (\\101\\0612\\7) (a\\\nb) (a\\\r\nb) (\\q\\n\\t\\r\\b\\f) ()",
    b"<41 42> <414> <> <4142> > <</MCID 0 /Lang (id)>> BDC EMC",
    b"[(A) 120 (B) -30.5] TJ [1 [2 3] <</K 1>>] {1 2 add} % a comment\n true false",
    b"/Name /Na.me-1 / /A;B [/X]/Y 1 0 0 1 0 0 cm x{}{1} \x00 0\x00 1 \xe9t\xe9 \x7f",
    b"0 0 m 10 10 l S\r1 1 1 rg\r\n2 0 0 2 0 0 cm % last line without an end",
    b"<</Sub <</Deep [1 2]>> /S /Span>> BDC /P <</MCID 3>>BDC",
]


@pytest.mark.parametrize("data", QUIRKS)
def test_token_quirks_are_pdfminers(data):
    stream = PDFStream({}, data)
    assert _typed(page_objects([stream])) == _typed(_pdfminers([stream]))


def test_a_token_cut_by_a_stream_end_is_pdfminers():
    streams = [PDFStream({}, b"1 0 0 RG 12"), PDFStream({}, b"0 Td (a) Tj [1"),
               PDFStream({}, b"2] TJ /Foo"), PDFStream({}, b""), PDFStream({}, b"BDC")]
    assert _typed(page_objects(streams)) == _typed(_pdfminers(streams))


#: Pieces random streams are made of: every kind of token, its delimiters and escapes.
PIECES = [b" ", b"\n", b"\r", b"\r\n", b"\t", b"1", b"23", b"-", b"+", b".", b"5.", b".5",
          b"(", b")", b"\\", b"\\n", b"\\101", b"\\\n", b"<", b">", b"<<", b">>", b"[", b"]",
          b"{", b"}", b"/", b"/Name", b"%c", b"Tj", b"BT", b"true", b"false", b"a", b"41", b"fF",
          b"\x00", b"'", b'"', b"*", b"\xe9", b"Q", b"(abc)", b"<4142>", b"null", b"e5"]


def test_random_streams_are_pdfminers_or_left_to_it():
    """Streams of random pieces, one to three a page: pdfminer's objects, or Unsupported."""
    rng = random.Random(14)
    compared = 0
    for _ in range(3000):
        streams = [PDFStream({}, b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))))
                   for _ in range(rng.choice([1, 1, 2, 3]))]
        try:
            ours = page_objects(streams)
        except Unsupported:
            continue
        assert _typed(ours) == _typed(_pdfminers(streams)), [s.rawdata for s in streams]
        compared += 1
    assert compared > 500


@pytest.mark.parametrize("data", [
    b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI",  # inline image
    b"/A#20B Do",  # name with a hex escape
    b"(not closed",
    b"<41",
    b"1 2 ]",  # closes nothing
    b"<4142>>",  # a hex string, then a dictionary's end
    b"<</A>>",  # a dictionary with an odd count
    b"(\\777)",  # an octal code pdfminer refuses
    b"q /",  # a name pdfminer carries on into the next stream
    b"[1 2",  # an array never closed
])
def test_what_pdfminer_does_its_own_way_is_left_to_pdfminer(data):
    with pytest.raises(Unsupported):
        page_objects([PDFStream({}, data)])


def test_grids_are_the_same_with_pdfminers_parser(corpus, tmp_path, seed_rows, monkeypatch):
    """The grids of both corpus PDFs and of the built ones, fast and through pdfminer."""
    paths = [corpus_file(corpus, "03_"), corpus_file(corpus, "08_"), *_built(tmp_path, seed_rows)]
    fast = [pdf_grid.read_pdf_grids(p) for p in paths]
    refused: list[int] = []

    def no_fast_path(streams: list[PDFStream]) -> list[Any]:
        refused.append(len(streams))
        raise Unsupported("pdfminer's own parser, for the comparison")

    monkeypatch.setattr(pdf_content, "page_objects", no_fast_path)
    assert [pdf_grid.read_pdf_grids(p) for p in paths] == fast
    assert len(refused) >= 8 and sum(len(s.rows) for s in fast[0]) > 50
