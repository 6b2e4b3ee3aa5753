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
    """
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
        cover = [0] * (n + 1)  # difference array of the children some best cut gives to k
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
