"""Whether a text may sit in a header is kept per text, all but what the vocabulary says.

``excel_header._header_text`` is asked of the same cells row after row; its label and
figure tests depend on the text alone and are kept (``_unlabelled_without_figures``),
while a long text's concepts come from the vocabulary in force (a mapping file adds
spellings) and are asked each time. The oracle is every seed text answered with the kept
answers cleared before each question, and a long header named only by an added spelling,
asked with and without it in either order.
"""

from __future__ import annotations

from checker.importers import excel_header, vocabulary
from checker.importers.excel_header import MAX_HEADER_TEXT, _header_text
from tests.importers.seed_cells import seed_cells


def test_answers_are_those_of_every_question_asked_afresh() -> None:
    texts = seed_cells()
    fresh = {}
    for text in texts:
        excel_header._unlabelled_without_figures.cache_clear()
        fresh[text] = _header_text(text)
    assert any(fresh.values()) and not all(fresh.values())
    excel_header._unlabelled_without_figures.cache_clear()
    assert {text: _header_text(text) for text in reversed(texts)} == fresh


def test_a_long_header_follows_the_vocabulary_in_force() -> None:
    text = "Lorem ipsum dolor sit amet " * (MAX_HEADER_TEXT // 20)
    assert len(text) > MAX_HEADER_TEXT
    taught = {"concept": {"nama": {"contains": ["loremipsumdolor"]}}}
    for _ in range(2):  # either order: the kept part never holds the vocabulary's answer
        assert _header_text(text) is False
        with vocabulary.extend(taught):
            assert _header_text(text) is True


def test_a_text_without_figures_is_answered_as_the_expressions_answer() -> None:
    """A text without a digit skips the year and quarter removal: nothing is there to remove."""
    import re

    from checker.importers.excel_header import (
        _COLUMN_NUMBER,
        _RANK_YEAR,
        _YEAR,
        BLOCK_LABEL,
        QUARTER_RE,
    )

    def expressions(text: str) -> bool:
        if BLOCK_LABEL.match(text):
            return False
        rest = QUARTER_RE.sub("", _YEAR.sub("", _RANK_YEAR.sub("", text)))
        return not re.search(r"\d", rest) or bool(_COLUMN_NUMBER.match(text.strip()))

    for text in [*seed_cells(lines=True), "Tahun ke-2", "TW IV", "Sasaran : x", "(3)", "٣"]:
        excel_header._unlabelled_without_figures.cache_clear()
        assert excel_header._unlabelled_without_figures(text) == expressions(text), text
