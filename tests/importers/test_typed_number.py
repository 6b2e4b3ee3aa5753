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
