"""A table's number convention from its columns' votes, each column's texts read once.

``ItemBuilder._conventions`` needs each value column's votes and the table's convention;
it read every text three times (the table's detection, the column's proofs, the column's
detection). Votes add up over texts, so the table's convention is the one of the summed
votes. The oracle is ``detect_convention`` over all the table's texts, on the seeds' texts
cut into columns in many ways, with ties and columns that prove nothing among them.
"""

from __future__ import annotations

import random
from collections import Counter

from checker.importers.numbers import convention_of, convention_votes, detect_convention
from tests.importers.seed_cells import seed_cells


def test_summed_votes_decide_as_the_whole_table() -> None:
    texts = [*seed_cells(), "1.500", "23.22", "1,741,737", "74,17", "Trw 1= 2.000 Trw 2= 3,5"]
    pick = random.Random(14)
    decided = set()
    for _ in range(300):
        columns = [pick.sample(texts, pick.randint(0, 6)) for _ in range(pick.randint(1, 4))]
        votes = [convention_votes(column) for column in columns]
        want = detect_convention(t for column in columns for t in column)
        assert convention_of(sum(votes, Counter())) == want
        assert [convention_of(v) for v in votes] == [detect_convention(c) for c in columns]
        decided.add(want)
    assert decided == {None, "id", "en"}  # ties and silent tables among them
