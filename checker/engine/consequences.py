"""One finding per fact: link the findings one wrong value explains (issue 13, item 3).

A single typo in a budget breaks its parent's roll-up, the same item in the PK, and the
totals row; a reviewer who gets three errors for it counts three problems and fixes one.
Here findings are grouped when the evidence says they are the same fact:

- they point at the **same cell** (one value, several rules);
- their money **differences are equal** and they share a value (the PK's 3.082.279.600
  against the LKjIP's 3.083.279.600 is the gap the LKjIP's own roll-up shows);
- a **roll-up or totals** finding's difference equals another finding's difference in the
  same document (the totals row's TW I is off by exactly the mistyped item's TW I);
- they are about the **same series** (same document, item and column: ROL-007 on a
  kegiatan's quarters and LDK-008 on its TW IV) or repeat the **same series of values**
  under one rule (TGT-006 on the kegiatan table and again on the sub-kegiatan table);
- a **code** finding names the same code (KOD-002 on both rows of one duplicate).

In each group one primary finding keeps its severity and carries the evidence; the others
get ``consequence_of`` (its key) and a message that says so. They stay in the report, under
the primary, but summaries and the exit code count facts, not echoes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from itertools import combinations

from checker.i18n import LANGUAGES, t
from checker.model.finding import Finding, in_report_order

#: Smallest difference (rupiah) that is evidence by itself: equal gaps of a few rupiah or of
#: a count of 1 coincide by chance; equal gaps of a thousand rupiah and more do not.
MIN_MONEY_GAP = 1000

#: Which finding of a group is the primary: the item's own arithmetic first (its quarters,
#: its children), then the other document, then the rest. A totals row is an echo of an item.
PRIORITY = {"angka": 0, "anggaran-triwulan": 1, "target-triwulan": 1, "realisasi-pagu": 2,
            "rollup-anggaran": 3, "capaian": 3, "kode": 4, "lintas-dokumen": 5}


class _Groups:
    """Union-find over finding positions."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def join_all(self, members: list[int]) -> None:
        for other in members[1:]:
            self.join(members[0], other)


def _money(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def gap(f: Finding) -> int | None:
    """The money difference a finding reports, or ``None`` when it reports none."""
    a, e = _money(f.actual), _money(f.expected)
    if a is None or e is None or abs(a - e) < MIN_MONEY_GAP:
        return None
    return abs(a - e)


def _bucket(findings: list[Finding], key: Callable[[Finding], Hashable | None]
            ) -> dict[Hashable, list[int]]:
    out: dict[Hashable, list[int]] = {}
    for i, f in enumerate(findings):
        k = key(f)
        if k is not None:
            out.setdefault(k, []).append(i)
    return out


def _same_cell(f: Finding) -> Hashable | None:
    loc = f.location
    if not loc.cell or (f.category == "angka" and f.severity.rank < 3):
        return None  # a value read with a warning on its writing (NUM-002) explains nothing
    if f.category == "kelengkapan" and f.actual is None:
        return None  # a value that is absent: its cell may be the row's name, another fact
    return (f.document, loc.file, loc.table, loc.page, loc.cell)  # D7 of p. 1 is not p. 2's


def _same_series(f: Finding) -> Hashable | None:
    loc, item = f.location, f.item
    if not (loc.column and item and item.nama) or f.category not in (
            "anggaran-triwulan", "rollup-anggaran", "lintas-dokumen", "realisasi-pagu"):
        return None
    return (f.document, loc.table, loc.column, item.level, item.nama)


def _same_values(f: Finding) -> Hashable | None:
    if isinstance(f.actual, list) and len(f.actual) > 1 and all(
            isinstance(v, int | float) for v in f.actual):
        return (f.code, f.document, tuple(f.actual))
    return None


def _same_code(f: Finding) -> Hashable | None:
    kode = f.item.kode if f.item else None
    return (f.code, f.document, kode) if f.category == "kode" and kode else None


def group(findings: list[Finding], standalone: set[str] = frozenset()  # type: ignore[assignment]
          ) -> list[list[int]]:
    """Positions of the findings that are one fact, groups of two or more, in order.

    Findings of the ``standalone`` codes are never grouped: a copied block (LDK-014) sits
    on the cell of the roll-up finding it explains, but is a fact of its own (linked by
    :mod:`checker.engine.copy_links`, not merged).
    """
    groups = _Groups(len(findings))
    alone = [f.code in standalone for f in findings]
    for key in (_same_cell, _same_series, _same_values, _same_code):
        def keyed(f: Finding, key: Callable[[Finding], Hashable | None] = key
                  ) -> Hashable | None:
            return None if f.code in standalone else key(f)
        for members in _bucket(findings, keyed).values():
            groups.join_all(members)
    for members in _bucket(findings, gap).values():
        for i, j in combinations([m for m in members if not alone[m]], 2):
            a, b = findings[i], findings[j]
            shared = {a.actual, a.expected} & {b.actual, b.expected}
            rollup = "rollup-anggaran" in (a.category, b.category) and a.document == b.document
            if shared or rollup:
                groups.join(i, j)
    out: dict[int, list[int]] = {}
    for i in range(len(findings)):
        out.setdefault(groups.find(i), []).append(i)
    return [m for m in out.values() if len(m) > 1]


def primary_of(findings: list[Finding], members: list[int],
               blamed: set[tuple] = frozenset()) -> int:  # type: ignore[assignment]
    """The finding that carries the evidence.

    Most severe first, then the one on the value the evidence blames
    (:mod:`checker.engine.blame`), then the item's own arithmetic.
    """

    def on_blamed(f: Finding) -> bool:
        return (f.document, f.location.table, f.location.cell) in blamed

    return min(members, key=lambda i: (-findings[i].severity.rank,
                                       not on_blamed(findings[i]),
                                       PRIORITY.get(findings[i].category, 6),
                                       findings[i].sort_key()))


def link_consequences(findings: list[Finding],
                      blamed: set[tuple] = frozenset(),  # type: ignore[assignment]
                      standalone: set[str] = frozenset()) -> list[Finding]:  # type: ignore[assignment]
    """Mark echoes as consequences of their primary; return the findings, echoes under it.

    Every finding of a group lists the others in ``related``; the order is the sorted order
    with each group's consequences moved right after its primary, so every report format
    shows them together.
    """
    for members in group(findings, standalone):
        first = primary_of(findings, members, blamed)
        keys = [findings[i].key for i in members]
        for i in members:
            f = findings[i]
            f.related = sorted(dict.fromkeys(k for k in [*f.related, *keys] if k != f.key))
            if i == first:
                continue
            primary = findings[first]
            f.consequence_of = primary.key
            f.message = {lang: t("engine.consequence", lang, code=primary.code,
                                 where=place_of(primary, lang), text=f.text(lang))
                         for lang in LANGUAGES}
    return in_report_order(findings)


def place_of(f: Finding, lang: str = "id") -> str:
    """Where a primary finding is, as an echo's message names it (``Tabel 1 › hlm. 2 › D7``)."""
    loc = f.location
    place = loc.cell or (str(loc.row) if loc.row is not None else "")
    label = loc.table_in(lang)  # with a PDF's page: D7 is on every page of a table
    return f"{label} › {place}" if label else place
