"""A table cell's text as pdfplumber's ``extract_text`` reads it, with less work (issue 14).

A ruled table's cells are read one by one (661 on the four pages of the Tangerang
report), and pdfplumber's ``extract_text`` does for each what it does for a whole page: a
``WordExtractor`` is set up, every word becomes a dictionary with its box, direction and
height, and the text is laid out in a ``TextMap`` of one tuple per character before it is
joined. A cell needs only each word's text and top. :func:`cell_text` follows the same
steps with pdfplumber's default settings: runs of upright and rotated characters, lines
clustered as pdfplumber's ``cluster_objects`` clusters them and sorted with its keys, words split
where ``char_begins_new_word`` splits them (a blank, an empty character, a gap or a jump
to another line), ligatures expanded, words clustered into lines by their tops, a space
between words and a line break between lines.

A page's lines (its title block, the captions above its tables) come from the same words:
:func:`text_lines` gives pdfplumber's ``TextMap`` the words ``extract_text_lines`` would
find, without making the dictionaries it does not read.

``tests/importers/containers/test_pdf_words.py`` compares both with pdfplumber's own on
every cell and every page of the corpus PDFs and the built PDFs, and on random characters.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.utils.text import (
    DEFAULT_CHAR_DIR,
    DEFAULT_LINE_DIR,
    DEFAULT_X_TOLERANCE,
    DEFAULT_Y_TOLERANCE,
    LIGATURES,
    WordMap,
    get_char_sort_key,
    get_line_cluster_key,
)

_UPRIGHT = itemgetter("upright")
_TOP = itemgetter(2)  # of a word, (chars, text, top)
#: pdfplumber's default directions: upright text runs in lines top to bottom, characters
#: left to right; rotated text the other way round (its ``line_dir_rotated`` is the
#: ``char_dir`` and its ``char_dir_rotated`` the ``line_dir``).
_DIRECTIONS = {True: (DEFAULT_LINE_DIR, DEFAULT_CHAR_DIR),
               False: (DEFAULT_CHAR_DIR, DEFAULT_LINE_DIR)}
_ACROSS = ("ltr", "rtl")  # character directions along a horizontal line


def _reading(line_dir: str, char_dir: str) -> tuple[Any, Any, float, bool]:
    """The line key, sort key, line tolerance and axis pdfplumber reads two directions with."""
    tolerance = DEFAULT_Y_TOLERANCE if line_dir in ("ttb", "btt") else DEFAULT_X_TOLERANCE
    return (get_line_cluster_key(line_dir), get_char_sort_key(char_dir), tolerance,
            char_dir in _ACROSS)


#: For upright and rotated runs, what :func:`_reading` gives (pdfplumber makes its keys
#: anew at each call: once here).
_READINGS = {upright: _reading(*dirs) for upright, dirs in _DIRECTIONS.items()}


def words(chars: list[dict[str, Any]]) -> list[tuple[list[dict[str, Any]], str, Any]]:
    """Each word's characters, text and top, in the order pdfplumber finds them.

    That is ``WordExtractor``'s order with its default settings: by runs of upright or
    rotated characters, then by lines.
    """
    found: list[tuple[list[dict[str, Any]], str, Any]] = []
    for upright, run in groupby(chars, _UPRIGHT):
        line_key, sort_key, tolerance, across = _READINGS[bool(upright)]
        for line in clusters(list(run), line_key, tolerance):
            line.sort(key=sort_key)
            _split_words(line, across, found)
    return found


def cell_text(chars: list[dict[str, Any]]) -> str:
    """``pdfplumber.utils.extract_text(chars)`` with its default settings."""
    lines = clusters(words(chars), _TOP, DEFAULT_Y_TOLERANCE)
    return "\n".join(" ".join(text for _, text, _ in line) for line in lines)


def text_lines(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``page.extract_text_lines(strip=True, return_chars=False)`` of a page with ``chars``.

    The page's text is laid out and searched for lines by pdfplumber (``WordMap``,
    ``TextMap``), which read only each word's top and characters.
    """
    wordmap = WordMap([({"top": top}, word_chars) for word_chars, _, top in words(chars)])
    return wordmap.to_textmap(presorted=True).extract_text_lines(strip=True,
                                                                 return_chars=False)


def clusters(items: list[Any], key: Callable[[Any], Any], tolerance: float) -> list[list[Any]]:
    """Cluster as pdfplumber's ``cluster_objects(items, key, tolerance)``, with less work.

    The distinct keys, sorted, are cut where one lies more than ``tolerance`` past the
    previous one (each key alone with no tolerance or a single key); the items go to their
    key's cluster in their own order, and the clusters come in the order of their keys.
    """
    keys = [key(item) for item in items]
    values = sorted(set(keys))
    index: dict[Any, int] = {}
    if tolerance == 0 or len(values) < 2:
        for i, value in enumerate(values):
            index[value] = i
    else:
        i, last = 0, values[0]
        index[last] = 0
        for value in values[1:]:
            if not value <= last + tolerance:
                i += 1
            index[value] = i
            last = value
    grouped: list[list[Any]] = [[] for _ in range(max(index.values(), default=-1) + 1)]
    for item, k in zip(items, keys, strict=True):
        grouped[index[k]].append(item)
    return grouped


def _split_words(line: list[dict[str, Any]], across: bool,
                 words: list[tuple[list[dict[str, Any]], str, Any]]) -> None:
    """Add the words of one sorted line to ``words``, as ``iter_chars_to_words`` splits them.

    A blank ends a word; an empty character is a word of its own (pdfplumber tests it
    against its empty punctuation list); a character starts a new word when it lies
    before the previous one, more than the tolerance after its end, or on another line.
    """
    if across:
        start, end, level, gap, jump = "x0", "x1", "top", DEFAULT_X_TOLERANCE, \
            DEFAULT_Y_TOLERANCE
    else:
        start, end, level, gap, jump = "top", "bottom", "x0", DEFAULT_Y_TOLERANCE, \
            DEFAULT_X_TOLERANCE
    current: list[dict[str, Any]] = []
    for char in line:
        text = char["text"]
        if text.isspace():
            if current:
                words.append(_word(current))
            current = []
        elif not text:
            if current:
                words.append(_word(current))
            words.append(_word([char]))
            current = []
        elif current:
            prev = current[-1]
            if char[start] < prev[start] or char[start] > prev[end] + gap \
                    or abs(char[level] - prev[level]) > jump:
                words.append(_word(current))
                current = [char]
            else:
                current.append(char)
        else:
            current.append(char)
    if current:
        words.append(_word(current))


def _word(chars: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str, Any]:
    """A word's characters, text (ligatures expanded) and top, as ``merge_chars`` makes them."""
    return (chars, "".join(LIGATURES.get(c["text"], c["text"] or "") for c in chars),
            min(c["top"] for c in chars))
