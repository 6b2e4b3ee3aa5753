"""A text's reading up to its tokens is kept per text (``numbers._front``): the same answers.

The stages read one cell text under several columns' conventions and kinds (seed 004:
1,607 readings of 699 texts); what comes before the tokens are read (spaces, quarter
label, currency, grade, sign, unit) depends on the text alone and is done once. The
oracle is every text of the seeds read under every (convention, whole, money) with every
cache cleared first, against the same readings made with warm caches, in another order:
an answer kept for a text that depended on the column would differ here.
"""

from __future__ import annotations

import random

import pytest

from checker.importers import numbers
from tests.importers.seed_cells import seed_cells

COLUMNS = [(convention, integer, money) for convention in (None, "id", "en")
           for integer in (False, True) for money in (False, True)]


def _clear() -> None:
    numbers._front.cache_clear()
    numbers._parse_text.cache_clear()
    numbers._quarter_values.cache_clear()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Every cell text of the seeds, and each quarter's value inside those that hold some."""
    found: dict[str, None] = {}
    for cell in seed_cells():
        found[cell] = None
        found.update((value, None) for _, value in numbers.quarter_values(cell))
    found.update(dict.fromkeys(["Rp abc", "(Rp 1.000)", "1 x 24 orang", "Trw 5= 3", "(BB)",
                                "-", "1.500,50", "1.5 x 2,5", "74,17 (BB)", "  ", "12 %"]))
    return list(found)


def test_readings_do_not_depend_on_what_was_read_before(texts) -> None:
    cold = {}
    for column in COLUMNS:
        for text in texts:
            _clear()
            cold[text, column] = repr(numbers._parse(text, *column))
    _clear()
    for column in reversed(COLUMNS):
        for text in reversed(texts):
            assert repr(numbers._parse(text, *column)) == cold[text, column], (text, column)
    # one front per distinct text, however many columns read it
    assert numbers._front.cache_info().misses == len(set(texts))


def test_a_final_front_is_blank_or_invalid_in_every_column(texts) -> None:
    _clear()
    for text in texts:
        front = numbers._front(text)
        if isinstance(front, numbers.ParsedNumber):
            assert front.status in ("blank", "invalid")
            assert {repr(numbers._parse(text, *c)) for c in COLUMNS} == {repr(front)}


def test_a_quarter_beyond_the_year_is_kept_per_text(texts) -> None:
    """``quarter_beyond`` is kept per text too: the same answers cold and warm."""
    labelled = [*texts, "Trw 5= 30", "TW 6 : 1.000", "Trw 4= 2", "tw 0", None]
    cold = {}
    for text in labelled:
        numbers.quarter_beyond.cache_clear()
        cold[text] = numbers.quarter_beyond(text)
    assert {cold["Trw 5= 30"], cold["TW 6 : 1.000"], cold["Trw 4= 2"]} == {5, 6, None}
    numbers.quarter_beyond.cache_clear()
    assert {text: numbers.quarter_beyond(text) for text in reversed(labelled)} == cold


def test_readings_are_the_objects_init_makes(texts, monkeypatch) -> None:
    """``_number`` fills a reading's dictionary: the object ``ParsedNumber(...)`` makes."""
    _clear()
    made = {(text, c): numbers._parse(text, *c) for text in texts for c in COLUMNS}
    _clear()
    monkeypatch.setattr(numbers, "_number", lambda **values: numbers.ParsedNumber(**values))
    for (text, column), got in made.items():
        want = numbers._parse(text, *column)
        assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
        assert vars(got) == vars(want)
    _clear()


class _Text(str):
    """A text of a subclass of ``str`` (read afresh each time, as before)."""


def test_texts_are_asked_first_typed_values_still_read_as_stored() -> None:
    """``_parse`` asks ``type(text) is str`` first; typed values and subclasses as before."""
    from decimal import Decimal

    assert numbers.parse_number(None).status == "blank"
    assert numbers.parse_money(5).value == 5 and numbers.parse_money(5.0).raw == "5.0"
    assert numbers.parse_number(Decimal("1.25")).value == Decimal("1.25")
    assert numbers.parse_money(1.5).reason == "numbers.fraction_in_money"
    assert numbers.parse_number(True).reason == "numbers.not_a_number"
    sub = numbers.parse_number(_Text("1.500"), convention="id")
    assert sub == numbers.parse_number("1.500", convention="id") and sub.value == 1500


def test_a_bare_token_is_read_as_the_expressions_read_it(texts) -> None:
    """``_front``'s shortcut for ``4.610.224.900`` gives what the expressions give."""
    pick = random.Random(4)
    made = ["0", "00", "1.", ".5", "1,5,", "5" * 120, "5" * 121, "1.234" * 30, "\u0663",
            "12\u00a0", " 12", "1.500,00", "1,,5", "7x", "1.2.3.4", "0.5000"]
    made += ["".join(pick.choice("0123456789.,") for _ in range(pick.randint(1, 12)))
             for _ in range(2000)]
    for text in [*texts, *made]:
        if text is not None:
            assert repr(numbers._front(text)) == repr(numbers._front_read(text)), text


def test_groups_of_three_as_every_group_tested() -> None:
    pick = random.Random(3)
    for _ in range(3000):
        groups = ["".join("7" for _ in range(pick.randint(1, 4)))
                  for _ in range(pick.randint(1, 5))]
        groups[0] = pick.choice(["0", "", "12", "123", "1234", "05"])
        want = (1 <= len(groups[0]) <= 3 and (groups[0][0] != "0" or len(groups) == 1)
                and all(len(g) == 3 for g in groups[1:])) if groups[0] else None
        if want is not None:
            assert numbers._grouped(groups) == want, groups
