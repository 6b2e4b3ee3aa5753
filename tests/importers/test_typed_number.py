"""``typed_number`` answers a plain text at once; every other value as before.

Every cell of a text extract is a ``str``; the union test (``int | float | Decimal``) cost
~0.2 us on each of seed 004's 10,315 questions. The oracle is the test itself, asked of
texts, a subclass of ``str``, numbers of every stored type, NaN, booleans and nothing.
"""

from __future__ import annotations

from decimal import Decimal

from checker.importers.excel_grid import Percent, blank, typed_number


class _Text(str):
    """A subclass of ``str``: never a number stored as a number."""


def _union_test(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool) \
        and not blank(value)


def test_answers_are_those_of_the_union_test() -> None:
    values = ["", " ", "1", "1.500", _Text("7"), 0, 1, -3, 1.5, float("nan"), float("inf"),
              True, False, Decimal("2.5"), Decimal("NaN"), Percent(0.25), None, [], b"1"]
    for value in values:
        assert typed_number(value) is _union_test(value), repr(value)


def test_display_collapses_spaces_as_the_pattern_did() -> None:
    """``display`` joins a text's words with one space: what ``\\s+`` → `` `` and strip gave.

    ``str.split`` and ``str.strip`` take a character for a space exactly when ``\\s``
    does (both ask Unicode's white space): checked on every character, then the texts.
    """
    import re
    import sys

    from checker.importers import excel_grid

    spaces = re.compile(r"\s+")
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in chars if c.isspace() != bool(spaces.fullmatch(c))] == []
    for ch in [c for c in chars if c.isspace()] + ["x", "\u200b", "\ufeff", "-"]:
        for text in (f"{ch}a{ch}{ch}b{ch}", f"a {ch} b", ch, f"{ch}\u00a0 c"):
            want = spaces.sub(" ", text.replace("\u00a0", " ")).strip()
            excel_grid._SHOWN.pop(text, None)
            assert excel_grid.display(text) == want, hex(ord(ch))
            assert excel_grid.display(_Text(text)) == want, hex(ord(ch))
