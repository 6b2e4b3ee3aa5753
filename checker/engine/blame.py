"""Blame the likely wrong value when a parent and its children disagree (issue 13, item 4).

A roll-up finding (``sum(children.X) = X``) proves that *some* value is wrong, not which.
Suggesting "change the parent" when the gap is exactly one child's extra ``000`` sends the
planner to fix a correct cell. The evidence weighed here, all from the document's own
numbers:

- a **digit slip**: the value that would close the gap is the written one with ``000`` too
  many or too few, or with a leading digit added or dropped (``271.000.000`` for
  ``271.000``; ``165.510.000`` for ``65.510.000``), or the written value equals the gap (a
  row counted that should not be);
- a **confirmation one level up or down**: a parent whose own parent's roll-up holds with
  it as written is confirmed, and one whose own parent is off by the same amount the other
  way is the wrong one; a child whose own children add up to it is confirmed, and one whose
  children add up to the value that closes the gap is the wrong one.

When exactly one value is left standing, the suggestion names it, its cell, and the value
that closes the gap; when several are, it lists them; when none is, the rule's own
suggestion stays. The finding keeps its address (the parent's cell, where the sum fails).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.dsl import ast
from checker.dsl.names import RELATIONS
from checker.engine.workspace import Workspace
from checker.i18n import LANGUAGES, t
from checker.i18n.format import format_number
from checker.model.cells import at_cell, cell_text, has_cells, letter_column, row_column
from checker.model.dtypes import FLOAT64
from checker.model.finding import Finding
from checker.model.frames import Frames
from checker.model.location import split_cell


@dataclass(frozen=True)
class Candidate:
    """A value that, corrected, makes the roll-up hold; with the reason to suspect it."""

    cell: str | None
    level: str
    nama: str
    written: int
    corrected: int
    reason: str  # catalogue key under engine.slip_*
    is_parent: bool


def rollup_field(rule: ast.Rule) -> str | None:
    """``X`` when the rule's check is ``sum(children.X) = X`` (either way round)."""
    check = rule.check
    if not isinstance(check, ast.Compare) or check.op != "=":
        return None
    for total, own in ((check.left, check.right), (check.right, check.left)):
        if (isinstance(total, ast.Call) and total.name == "sum" and len(total.args) == 1
                and isinstance(total.args[0], ast.FieldRef)
                and total.args[0].path[:1] == ("children",) and len(total.args[0].path) == 2
                and isinstance(own, ast.FieldRef) and own.path == total.args[0].path[1:]):
            return own.path[0]
    return None


def slip(written: int, meant: int) -> str | None:
    """The kind of typing slip that turns ``meant`` into ``written``, if it is one."""
    if meant == 0:
        return "slip_gap"  # the written value is exactly the gap
    if written == meant * 1000:
        return "slip_extra_000"
    if meant == written * 1000:
        return "slip_missing_000"
    a, b = str(abs(written)), str(abs(meant))
    if len(a) == len(b) + 1 and a[1:] == b:
        return "slip_leading_digit"
    if len(b) == len(a) + 1 and b[1:] == a:
        return "slip_dropped_digit"
    return None


class Blamer:
    """The roll-up facts of one run's items, looked up per document, computed once each.

    Only the documents of failing roll-ups are ever read, so everything is cut per
    document: the rows of a document (once), the sums of its children per parent (once
    per document and field). A run of a million rows has a few hundred such documents.
    """

    def __init__(self, frames: Frames, workspace: Workspace | None = None) -> None:
        self.items = frames.get("item")
        self.ws = workspace if workspace is not None else Workspace(frames, shared=set())
        self._totals: dict[str, object] = {}
        self._sums: dict[tuple[object, str], pd.Series] = {}
        self._rows: dict[tuple[object, str], pd.DataFrame] = {}
        self._positions: dict[object, np.ndarray] | None = None

    def positions(self, document: object) -> np.ndarray:
        """Positions of one document's items in the frame, in frame order."""
        if self._positions is None:
            codes, docs = pd.factorize(self.items["_doc"])
            order = np.argsort(codes, kind="stable")
            bounds = np.searchsorted(codes[order], np.arange(len(docs) + 1))
            self._positions = {doc: order[bounds[i]:bounds[i + 1]]
                               for i, doc in enumerate(docs.tolist())}
        found = self._positions.get(document)
        return found if found is not None else np.empty(0, dtype=np.intp)

    def rows_of(self, document: object, field: str) -> pd.DataFrame:
        """The items of one document, in frame order, with the columns blame reads.

        Each failing roll-up looks up its rows within its own document: filtering the
        whole run's frame per finding made blame quadratic (a 1M-row plan: thousands of
        findings × 2.5M rows, minutes); and only the columns used are cut out, as pandas
        pays per column for every row taken.
        """
        key = (document, field)
        if key not in self._rows:
            wanted = ["_doc", "_table", "_row", "id", "induk", "level", "nama", field,
                      letter_column(field), row_column(field)]
            columns = [self.items.columns.get_loc(c) for c in wanted
                       if c in self.items.columns]
            self._rows[key] = self.items.iloc[self.positions(document), columns]
        return self._rows[key]

    def child_sum(self, document: object, parent: object, field: str) -> object:
        """Sum of the children's ``field`` of one parent id; NaN if any is blank.

        ``None`` when the parent has no children. Summed per document (the children of a
        parent are in its document): grouping the run's whole frame by document and parent
        for a few hundred failing roll-ups cost seconds at a million rows.
        """
        key = (document, field)
        if key not in self._sums:
            items = self.rows_of(document, field)
            items = items[items["induk"].notna()]
            grouped = items.groupby("induk", sort=False)[field]
            sums = grouped.sum(min_count=1).astype(FLOAT64)
            sums[grouped.count() != grouped.size()] = pd.NA
            self._sums[key] = sums
        return self._sums[key].get(parent)

    def own_total(self, document: object, position: int, item_id: object,
                  field: str) -> object:
        """Sum of the children's ``field`` of the item at ``position``; blank if any is.

        The workspace's ``sum(children.field)`` (the roll-up rules' own, computed once
        for every item and usually already there); a blank (``NA``) or ``None`` when the
        item has no children. Where the workspace cannot join (a blank document id, keys
        that are not text), the document's own group-by (``child_sum``).
        """
        if field not in self._totals:
            try:
                relation = RELATIONS["item"]["children"]
                self._totals[field] = self.ws.lookup_many(
                    "item", relation, field, "sum", self.ws.base("item")).array
            except LookupError:
                self._totals[field] = None
        totals = self._totals[field]
        if totals is None:
            return self.child_sum(document, item_id, field)
        return totals[position]

    def candidates(self, finding: Finding, field: str) -> list[Candidate]:
        """The values that may be wrong for a failing ``sum(children.field) = field``."""
        if not has_cells(self.items, field) or finding.location.cell is None:
            return []
        items = self.rows_of(finding.document, field)
        positions = self.positions(finding.document)
        letter, line = split_cell(finding.location.cell)
        at = _mask(at_cell(items, field, letter, line)
                   & (items["_table"] == finding.location.table))
        here = items[at]
        if len(here) != 1:
            return []
        parent = here.iloc[0]
        children = _mask(items["induk"] == parent["id"])
        kids, kid_positions = items[children], positions[children]
        if kids[field].isna().any() or pd.isna(parent[field]):
            return []
        written = int(parent[field])
        gap = int(kids[field].sum()) - written  # children minus parent
        out: list[Candidate] = []
        up_gap = self._grandparent_gap(parent, field)
        if up_gap != 0:  # not confirmed by its own parent
            reason = slip(written, written + gap)
            if up_gap == gap:  # its parent is off by the same amount the other way
                reason = reason or "slip_parent_agrees"
            if reason:
                out.append(Candidate(cell_text(parent, field), str(parent["level"]),
                                     str(parent["nama"] or ""), written, written + gap,
                                     reason, True))
        for (_, kid), at_kid in zip(kids.iterrows(), kid_positions.tolist(), strict=True):
            value, meant = int(kid[field]), int(kid[field]) - gap  # a few children
            if meant < 0:
                continue
            own = self.own_total(finding.document, at_kid, kid["id"], field)
            if own is not None and not pd.isna(own) and int(own) == value:
                continue  # its own children confirm it
            reason = slip(value, meant)
            if own is not None and not pd.isna(own) and int(own) == meant:
                reason = reason or "slip_own_children"
            if reason:
                out.append(Candidate(cell_text(kid, field), str(kid["level"]),
                                     str(kid["nama"] or ""), value, meant, reason, False))
        return out

    def _grandparent_gap(self, parent: pd.Series, field: str) -> int | None:
        """The parent's own parent minus the sum of its children.

        0 means the parent is confirmed as written; ``None`` that there is no such roll-up.
        """
        if pd.isna(parent["induk"]):
            return None
        items = self.rows_of(parent["_doc"], field)
        above = _mask(items["id"] == parent["induk"])
        up = items[above]
        if len(up) != 1:
            return None
        total = self.own_total(parent["_doc"], int(self.positions(parent["_doc"])[above][0]),
                               parent["induk"], field)
        if total is None or pd.isna(total) or pd.isna(up.iloc[0][field]):
            return None
        return int(up.iloc[0][field]) - int(total)


def _mask(selected: pd.Series) -> np.ndarray:
    """A row test as a plain boolean array (a blank compares as not selected)."""
    return selected.to_numpy(dtype=bool, na_value=False)


def explain(candidates: list[Candidate], lang: str) -> str | None:
    """The suggestion naming the value to fix, or listing the candidates when balanced."""
    if not candidates:
        return None

    def one(c: Candidate) -> str:
        return t("engine.blame_one", lang, level=c.level, nama=c.nama, cell=c.cell or "",
                 written=format_number(c.written, lang),
                 corrected=format_number(c.corrected, lang),
                 reason=t(f"engine.{c.reason}", lang))

    if len(candidates) == 1:
        return t("engine.blame", lang, candidate=one(candidates[0]))
    return t("engine.blame_several", lang, candidates="; ".join(one(c) for c in candidates))


def blame(findings: list[Finding], frames: Frames, rules: dict[str, ast.Rule],
          blamer: Blamer | None = None) -> tuple[set[tuple], list[Finding]]:
    """Rewrite roll-up suggestions to name the likely wrong value.

    Returns the blamed cells (document, table, cell), which let the consequence pass make
    the finding on the wrong value the primary one, and the findings whose own cell the
    evidence clears (a child is the wrong value): their "Seharusnya" is no longer the
    children's sum, which :func:`clear_expected` drops once the findings are linked.
    """
    blamer = blamer if blamer is not None else Blamer(frames)
    blamed: set[tuple] = set()
    cleared: list[Finding] = []
    for f in findings:
        rule = rules.get(f.code)
        field = rollup_field(rule) if rule is not None else None
        if field is None:
            continue
        found = blamer.candidates(f, field)
        if not found:
            continue
        f.suggestion = {lang: explain(found, lang) or "" for lang in LANGUAGES}
        if len(found) == 1 and found[0].cell:
            blamed.add((f.document, f.location.table, found[0].cell))
            if not found[0].is_parent:
                cleared.append(f)
    return blamed, cleared


def clear_expected(cleared: list[Finding]) -> None:
    """Drop "Seharusnya" where the evidence says the named cell is right as written."""
    for f in cleared:
        f.expected = None
