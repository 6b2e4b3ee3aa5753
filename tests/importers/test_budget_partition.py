"""``budget_partition.partition`` on whole score matrices equals the one-group-at-a-time form.

The reference below is the dynamic programme as first written (one Python call per group
``i..j``); the vectorised one must give the same candidates and exact parents on every
small case, including unknown and zero budgets, empty parents and ties.
"""

from __future__ import annotations

import random

from checker.importers.budget_partition import BUDGET_MATCH, EMPTY_PARENT, NEG, partition


def _reference(child_budgets: list[int | None], parent_budgets: list[int | None],
               affinity: list[list[int]]) -> tuple[list[set[int]], set[int]]:
    n, m = len(child_budgets), len(parent_budgets)
    known = [0] * (n + 1)
    total = [0] * (n + 1)
    for i, b in enumerate(child_budgets):
        known[i + 1] = known[i] + (b is not None)
        total[i + 1] = total[i] + (b or 0)
    aff = [[0] * (n + 1) for _ in range(m)]
    for k in range(m):
        for i in range(n):
            aff[k][i + 1] = aff[k][i] + affinity[i][k]

    def seg(i: int, j: int, k: int) -> int:
        if i == j:
            return EMPTY_PARENT
        score = aff[k][j] - aff[k][i]
        if known[j] - known[i] == j - i and parent_budgets[k] is not None \
                and total[j] - total[i] == parent_budgets[k]:
            score += BUDGET_MATCH
        return score

    fwd = [[NEG] * (n + 1) for _ in range(m + 1)]
    fwd[0][0] = 0
    for k in range(1, m + 1):
        for j in range(n + 1):
            fwd[k][j] = max((fwd[k - 1][i] + seg(i, j, k - 1) for i in range(j + 1)
                             if fwd[k - 1][i] > NEG), default=NEG)
    bwd = [[NEG] * (n + 1) for _ in range(m + 1)]
    bwd[m][n] = 0
    for k in range(m - 1, -1, -1):
        for i in range(n + 1):
            bwd[k][i] = max((seg(i, j, k) + bwd[k + 1][j] for j in range(i, n + 1)
                             if bwd[k + 1][j] > NEG), default=NEG)
    best = fwd[m][n]
    candidates: list[set[int]] = [set() for _ in range(n)]
    exact: set[int] = set()
    for k in range(m):
        cover = [0] * (n + 1)
        for i in range(n + 1):
            if fwd[k][i] <= NEG:
                continue
            for j in range(i + 1, n + 1):
                if bwd[k + 1][j] > NEG and fwd[k][i] + seg(i, j, k) + bwd[k + 1][j] == best:
                    cover[i] += 1
                    cover[j] -= 1
                    if seg(i, j, k) - (aff[k][j] - aff[k][i]) == BUDGET_MATCH:
                        exact.add(k)
        running = 0
        for c in range(n):
            running += cover[c]
            if running:
                candidates[c].add(k)
    return candidates, exact


def test_partition_equals_reference_on_random_cases() -> None:
    rnd = random.Random(14)
    differing = 0
    for _ in range(1500):
        n, m = rnd.randint(0, 11), rnd.randint(0, 5)
        children = [rnd.choice([0, 10, 20, 30, 40, 50, None]) for _ in range(n)]
        parents = [rnd.choice([None, 0, 10, 30, 50, 60, 100, rnd.randint(0, 150)])
                   for _ in range(m)]
        affinity = [[rnd.choice([0, 0, 0, 4, -4, 1, -1, 5, -3]) for _ in range(m)]
                    for _ in range(n)]
        got = partition(children, parents, affinity)
        assert got == _reference(children, parents, affinity), (children, parents, affinity)
        differing += len({frozenset(c) for c in got[0]}) > 1
    assert differing > 100  # the cases are not all trivial


def test_partition_budgets_beyond_int64_are_exact() -> None:
    big = 2**70
    children = [big, big + 1, 5, big]
    parents = [2 * big + 1, big + 5]
    got = partition(children, parents, [[0, 0]] * 4)
    assert got == _reference(children, parents, [[0, 0]] * 4)
    assert got == ([{0}, {0}, {1}, {1}], {0, 1})
