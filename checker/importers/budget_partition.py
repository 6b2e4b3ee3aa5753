"""Parents from budgets: which consecutive children add up to which parent.

Eselon tables (a rencana aksi of eselon II, III and IV printed one under the other) print
no code and no parent name: the only evidence of a kegiatan's program is that the
kegiatan's budgets, in document order, add up to the program's, checked against the
national nomenclature's names (an official name's parent code). This module holds that
evidence: :func:`partition` scores every cut of the children into consecutive groups,
:class:`OfficialNames` finds official codes of names, :func:`name_similarity` compares two
names. The parent stage (``excel_parents``) uses them for every layout.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from checker.importers.base import normalise_name
from checker.model.plan import Item
from checker.reference.matching import ratio as similarity_ratio

BUDGET_MATCH = 10  # score of a parent whose children's budgets add up to its own
EMPTY_PARENT = -2  # a parent left without children
NEG = -(10**9)


class OfficialNames:
    """Official codes of names in the national nomenclature, when it is available."""

    def __init__(self) -> None:
        self.nom: Any = None
        self.reason: str | None = None
        self.within: str | None = None  # the agency's bidang (``1.06``) once known
        try:
            from checker.reference import nomenclature

            self.nom = nomenclature()
        except (ImportError, OSError, ValueError) as exc:  # optional evidence: absent or
            self.reason = f"{type(exc).__name__}: {exc}"  # unreadable list means "none"

    def learn_bidang(self, items: list[Item]) -> None:
        """Search under the agency's bidang when its top-level items all point to one.

        Program-penunjang names exist in every bidang (``X.XX.01``); under a known bidang
        they read as ``1.06.01…``, and names shared with other bidang stop competing.
        """
        found = {".".join(c.split(".")[:2]) for i in items for c in self.codes(i)
                 if not c.startswith("X.")}
        self.within = found.pop() if len(found) == 1 else None

    def codes(self, item: Item) -> set[str]:
        """Codes of the official names closest to the item's name (ties kept, none if weak)."""
        if self.nom is None or not item.nama:
            return set()
        try:
            matches = self.nom.match_name(item.nama, level=item.level.value, limit=10,
                                          within=self.within)
        except ValueError:  # a level the list does not know: no evidence
            return set()
        good = [(e, s) for e, s in matches if s >= 0.85]
        if not good:
            return set()
        top = max(s for _, s in good)
        return {e.kode for e, s in good if s >= top - 0.02}

    def parents(self, codes: set[str]) -> set[str]:
        return {p for c in codes if (p := self.nom.parent_code(c))}


def name_similarity(a: str | None, b: str | None) -> int:
    """+1 for clearly the same name, -1 for clearly different, 0 when unsure.

    Used by the parent stage (``excel_parents``) for sasaran beside their parents.
    """
    if not a or not b:
        return 0
    ratio = similarity_ratio(normalise_name(a), normalise_name(b))
    return 1 if ratio >= 0.85 else (-1 if ratio <= 0.5 else 0)


def partition(child_budgets: list[int | None], parent_budgets: list[int | None],
              affinity: list[list[int]]) -> tuple[list[set[int]], set[int]]:
    """Which parents each child may belong to, children and parents both in document order.

    The children are cut into consecutive groups, one per parent (a group may be empty at a
    cost). A group scores ``BUDGET_MATCH`` when its budgets add up exactly to its parent's,
    plus each child's ``affinity`` to that parent (nomenclature, sasaran). Every cut with
    the best score is considered: a child gets one candidate only when all best cuts agree,
    so an equal-scoring alternative (a zero budget at a boundary, two equal budgets) leaves
    it undecided instead of guessed. Returns the candidates per child and the parents whose
    group adds up exactly in a best cut.

    The dynamic programme runs on whole ``(n + 1) × (n + 1)`` score matrices per parent
    (children ``i..j`` as the group of parent ``k``), not one Python call per group: a plan's
    eselon table asks for tens of thousands of groups. Scores are small integers (int64);
    the budgets are compared exactly, as Python integers (``_budget_match``).
    """
    n, m = len(child_budgets), len(parent_budgets)
    aff = np.zeros((m, n + 1), dtype=np.int64)
    if n and m:
        aff[:, 1:] = np.cumsum(np.asarray(affinity, dtype=np.int64).reshape(n, m).T, axis=1)
    rows, cols = np.arange(n + 1)[:, None], np.arange(n + 1)[None, :]
    upper = rows <= cols  # a group i..j is a pair with i <= j (i == j: empty)
    match = _budget_match(child_budgets, parent_budgets)

    def seg(k: int) -> np.ndarray:
        """Score of every group ``i..j`` as parent ``k``'s children (only ``i <= j`` used)."""
        score = aff[k][None, :] - aff[k][:, None]
        score[match[k]] += BUDGET_MATCH
        np.fill_diagonal(score, EMPTY_PARENT)
        return score

    segs = [seg(k) for k in range(m)]
    fwd = np.full((m + 1, n + 1), NEG, dtype=np.int64)
    fwd[0, 0] = 0
    for k in range(1, m + 1):
        total = fwd[k - 1][:, None] + segs[k - 1]
        total[~(upper & (fwd[k - 1] > NEG)[:, None])] = NEG
        fwd[k] = total.max(axis=0)
    bwd = np.full((m + 1, n + 1), NEG, dtype=np.int64)
    bwd[m, n] = 0
    for k in range(m - 1, -1, -1):
        total = segs[k] + bwd[k + 1][None, :]
        total[~(upper & (bwd[k + 1] > NEG)[None, :])] = NEG
        bwd[k] = total.max(axis=1)
    best = fwd[m, n]
    candidates: list[set[int]] = [set() for _ in range(n)]
    exact: set[int] = set()
    strict = rows < cols  # a best cut's group of k with at least one child
    for k in range(m):
        on = (strict & (fwd[k] > NEG)[:, None] & (bwd[k + 1] > NEG)[None, :]
              & (fwd[k][:, None] + segs[k] + bwd[k + 1][None, :] == best))
        if not on.any():
            continue
        if (on & match[k]).any():
            exact.add(k)
        cover = on.sum(axis=1) - on.sum(axis=0)  # difference array of the children given k
        for c in np.flatnonzero(np.cumsum(cover[:n])).tolist():
            candidates[c].add(k)
    return candidates, exact


def _budget_match(child_budgets: list[int | None],
                  parent_budgets: list[int | None]) -> np.ndarray:
    """``[k, i, j]``: children ``i..j-1`` all have budgets that add up to parent ``k``'s.

    Exact integer sums (budgets in rupiah can pass what a float holds exactly); the pairs
    are few, found per start ``i`` through a dictionary of running totals.
    """
    n, m = len(child_budgets), len(parent_budgets)
    known, total = [0] * (n + 1), [0] * (n + 1)
    for i, b in enumerate(child_budgets):
        known[i + 1] = known[i] + (b is not None)
        total[i + 1] = total[i] + (b or 0)
    ends: dict[Any, list[int]] = {}
    for j in range(n + 1):
        ends.setdefault(total[j], []).append(j)
    match = np.zeros((m, n + 1, n + 1), dtype=bool)
    for k, budget in enumerate(parent_budgets):
        if budget is None:
            continue
        for i in range(n + 1):
            for j in ends.get(total[i] + budget, ()):
                if j > i and known[j] - known[i] == j - i:
                    match[k, i, j] = True
    return match
