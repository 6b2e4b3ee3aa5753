"""The lines of a stacked quarter record kept in step with their quarter labels.

A stacked record prints one quarter per line, each value labelled (``Trw 2 : 6 Laporan``).
A scan that loses or repeats a line puts the labels out of step with the lines: seed
004's sub-kegiatan rencana aksi prints ``Trw 2 | 20,800,000`` on a record's TW 1 line,
``Trw 5`` and ``Trw 6`` (quarters that do not exist) on its last lines, a record's TW 1
line twice. Read by their labels, such values land in the wrong quarter and the rules
then report falls and gaps the planner never wrote: a false error. These stages read
only what the evidence places for certain (a false error is worse than a miss):

* a line's quarter is the quarter most of its labelled values name (of two named as
  often, the one after the previous line's); a value labelled with another quarter, or
  with a quarter beyond 4, is not read;
* a line whose quarter is not after the previous line's (a TW 1 line again) puts the
  whole block out of step: none of its values is read, so no rule compares them;
* a line holding fewer values than the record has value columns is matched by kind
  (a unit such as ``Dokumen`` is kinerja, a bare amount keuangan); a kind whose values
  do not fill its columns one for one cannot say target from realisation: not read.

What is not read is said once per record (STR-002, at the first cell concerned, every
cell listed), as are the quarters a value column lacks; the indicator's fields left blank
are marked unreadable (printed, not missing), so completeness rules say "unreadable" at
that cell, not "empty". A mixin of the row reader, like :mod:`excel_stacked`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.i18n import LANGUAGES, t
from checker.importers.excel_grid import typed_number
from checker.importers.excel_header import _header_text as header_text
from checker.importers.excel_header import concepts
from checker.importers.excel_pieces import NS, QUARTERS, Ind, Piece, Rec, Slot
from checker.importers.numbers import parse_number, quarter_beyond, quarter_values

if TYPE_CHECKING:
    from checker.model.plan import Indicator, Item

#: Units that are money, not a performance measure (a value ``Rp 5.000.000``).
MONEY_UNITS = frozenset({"rp", "idr"})


@dataclass
class Problem:
    """A value of a record not read: its cell, its printed text and why (catalogue key)."""

    piece: Piece
    reason: str  # order, label, beyond, unlabelled, ambiguous
    quarter: int | None = None

    def words(self, lang: str, cell: str) -> str:
        """The problem in a finding's list, at ``cell``: the file's own address.

        (A Word table's row, not the flowed grid's.)
        """
        why = t(f"{NS}.partial.{self.reason}", lang, quarter=self.quarter or "")
        return f"{cell} '{self.piece.text.strip()}': {why}"


class QuarterSteps:
    """Keeps a stacked record's quarter lines in step with their labels."""

    report: Any
    sheet: Any
    ambiguous: dict[int, list[tuple[Piece, bool]]]
    from_row: list[tuple[Piece, int]]
    loose: list[tuple[int, list[str]]]
    slots: dict[int, list[Slot]]
    groups: list[int]
    t: Any
    _no: Any
    piece: Any

    def in_step(self, rec: Rec, labelled: list[tuple[Slot, int, Piece]],
                bare: list[tuple[Slot, Piece]], series: set[int],
                row: int) -> list[tuple[Slot, int, Piece]]:
        """The values of one line that its line's quarter confirms; the rest is refused.

        ``series`` holds the columns whose one cell carries several quarters (read as
        printed, outside the line's step).
        """
        ind = rec.inds[-1]
        if ind.broken:
            return []
        stepped = [(s, q, p) for s, q, p in labelled if s.col.index not in series]
        kept = [(s, q, p) for s, q, p in labelled if s.col.index in series]
        quarters = [q for _, q, _ in stepped if q in QUARTERS]
        ambiguous = self.ambiguous.get(row, [])
        if not quarters:
            for _, p in bare:
                self.report.quarter_unlabelled(self, p)
            return kept
        counts = Counter(quarters).most_common()
        tied = [q for q, n in counts if n == counts[0][1]]
        line = ind.last_quarter + 1 if ind.last_quarter + 1 in tied else tied[0]
        if ind.last_quarter and line <= ind.last_quarter:
            first = min((p for _, _, p in stepped), key=lambda p: p.col)
            self._drop(rec, ind)
            rec.problems.append(Problem(first, "order"))
            return kept
        ind.last_quarter = line
        for slot, quarter, p in stepped:
            if quarter == line:
                kept.append((slot, quarter, p))
                continue
            reason = "beyond" if quarter not in QUARTERS else "label"
            rec.problems.append(Problem(p, reason, quarter))
            rec.refused.add((slot.col.index, line))
        for slot, p in bare:
            if len(set(quarters)) == 1:
                self.from_row.append((p, line))
                kept.append((slot, line, Piece(p.value, p.text, row, p.col)))
            else:
                rec.problems.append(Problem(p, "unlabelled"))
                rec.refused.add((slot.col.index, line))
        for p, money in ambiguous:
            rec.problems.append(Problem(p, "ambiguous"))
            rec.refused.update((s.col.index, line) for s in self._value_slots(rec)
                               if s.col.money == money)
        return kept

    def stray_stretch(self, row: int) -> int:
        """The last row of a heading row's stretch: the lines under it before a record.

        What follows a heading row inside the table, up to the next line that starts a
        record (a number, or a name in the item column), is no quarter line of the record
        above (the heading cut it) and no record of its own: ``0 Paket | 6 Paket | …`` under
        ``Trw 1 … Trw 6``. It is skipped with the heading row and said once.
        """
        group = self.groups[0]
        last, end = self.t.body[1], row
        for r in range(row + 1, last + 1):
            if not self.sheet.cells(r):
                continue
            if self._no(r) or self.piece(r, group) is not None:
                break
            end = r
        return end

    def loose_number(self, row: int, cells: list[tuple[int, str]]) -> bool:
        """A line of amounts alone outside the value columns, under or among the records.

        ``322,962,000`` on a line of its own in the NO column (seed 004, lines 1182-1189:
        sums a reader cannot attribute): no column says what it is, so it is not read and
        it is said (:meth:`say_loose`), never passed silently as a record's line.
        """
        value_cols = {s.col.index for g in self.groups for s in self.slots[g]
                      if s.dest in ("cells", "money", "ind_num")}
        if any(c in value_cols for c, _ in cells):
            return False
        if not all(_amount(text) for _, text in cells):
            return False
        self.loose.append((row, [text for _, text in cells]))
        return True

    def say_loose(self) -> None:
        """STR-004 once per run of loose lines (blank lines between them do not cut it)."""
        runs: list[list[tuple[int, list[str]]]] = []
        for row, texts in self.loose:
            if runs and self._next_row(runs[-1][-1][0]) == row:
                runs[-1].append((row, texts))
            else:
                runs.append([(row, texts)])
        for run in runs:
            self.report.loose_numbers(self, run)

    def _value_slots(self, rec: Rec) -> list[Slot]:
        return [s for s in self.slots[rec.group] if s.dest == "cells"]

    def _drop(self, rec: Rec, ind: Ind) -> None:
        """A block out of step: none of its values is read (its earlier lines' neither).

        What was said of its earlier lines (a value read with its line's label, a quarter
        read twice, a value refused) goes with them: the block is said once, out of step.
        """
        ind.broken = True
        for holder in (ind.vals, rec.vals):
            for key in [k for k, p in holder.items() if "_tw" in k and p.row >= ind.row]:
                del holder[key]
        rec.problems[:] = [p for p in rec.problems if p.piece.row < ind.row]
        rec.twice[:] = [x for x in rec.twice if x[2].row < ind.row]
        self.from_row[:] = [x for x in self.from_row if x[0].row < ind.row]  # read in order

    def say_from_row(self) -> None:
        """STR-001 for values read with their line's label: once per run of a column.

        ``41,912,500`` unlabelled beside ``Trw 1 : 3 unit`` on every line of six records
        is one habit of the scan, said once at its first cell with the run's last cell.
        """
        by_col: dict[int, list[tuple[Piece, int]]] = {}
        for p, quarter in sorted(self.from_row, key=lambda x: (x[0].col, x[0].row)):
            by_col.setdefault(p.col, []).append((p, quarter))
        for found in by_col.values():
            run: list[tuple[Piece, int]] = []
            for p, quarter in [*found, (None, 0)]:  # type: ignore[list-item]
                if run and p is not None and self._next_row(run[-1][0].row) == p.row:
                    run.append((p, quarter))
                    continue
                if len(run) == 1:
                    self.report.quarter_from_row(self, *run[0])
                elif run:
                    self.report.quarter_from_row_run(self, run)
                run = [(p, quarter)] if p is not None else []

    def _next_row(self, row: int) -> int:
        """The next row with any cell (a blank line inside a record does not cut a run)."""
        last = self.t.body[1]
        return next((r for r in range(row + 1, last + 1) if self.sheet.cells(r)), last + 1)


def _amount(text: str) -> bool:
    """A cell holding one number and nothing else (no label, no unit but %)."""
    if quarter_values(text) or quarter_beyond(text) is not None:
        return False
    parsed = parse_number(text)
    return parsed.status in ("ok", "ambiguous") and parsed.unit in (None, "%", "rp")


#: Header words a row inside a table needs before it is a heading row printed there.
MIN_STRAY_WORDS = 3


def stray_header(sheet: Any, row: int) -> bool:
    """A heading row inside a stacked table's body, not the table's own header again.

    Seed 004's scan prints ``No | Kegiatan | Tujuan | Rincian Kegiatan | Penanggung Jawab
    | … | Trw 1 … Trw 6`` inside its sub-kegiatan table (line 1099): no number, no value
    labelled with a quarter, and mostly header words besides its quarter labels.
    """
    cells = sheet.cells(row)
    if len(cells) < MIN_STRAY_WORDS + 1 or any(typed_number(sheet.value(row, c))
                                               for c, _ in cells):
        return False
    words = []
    for _, text in cells:
        labels = quarter_values(text)
        if any(value for _, value in labels):
            return False
        if not labels and quarter_beyond(text) is None:
            words.append(text)
    header = [w for w in words if header_text(w) and concepts(w)]
    return len(header) >= MIN_STRAY_WORDS and 2 * len(header) >= len(words)


def report_partial(r: Any, loc: Any, rec: Rec, item: Item, slots: list[Slot],
                   indicators: list[Indicator], label: str) -> None:
    """One STR-002 per record for what was not read: values refused, quarters lacking.

    The indicator's blank fields are marked unreadable at the first cell concerned, as a
    reader of the printed page would: the planner wrote them, the scan lost them.
    """
    problems: list[tuple[Piece, str, dict[str, str]]] = [
        (p.piece, p.piece.text.strip(),
         {lang: p.words(lang, loc(p.piece).cell or "") for lang in LANGUAGES})
        for p in rec.problems]
    lost: dict[tuple[int, ...], list[Piece]] = {}
    for slot in slots:
        holders = [(rec.vals, rec.slot_of)] if slot.col.money else [
            (i.vals, i.slot_of) for i in rec.inds if not i.broken]
        for holder, owner in holders:
            found = {int(k[-1]): p for k, p in holder.items()
                     if k.startswith(f"{slot.field}_tw") and owner.get(k) == slot.col.index}
            if not found:
                continue
            missing = tuple(q for q in QUARTERS if q not in found
                            and (slot.col.index, q) not in rec.refused)
            if missing:
                lost.setdefault(missing, []).append(found[min(found)])
    for missing, pieces in lost.items():
        cells = ", ".join(loc(p).cell or "" for p in pieces)
        quarters = ", ".join(f"TW {q}" for q in missing)
        problems.append((pieces[0], quarters, {
            lang: t(f"{NS}.partial.missing", lang, quarters=quarters, cells=cells)
            for lang in LANGUAGES}))
    if not problems:
        return
    first, raw, _ = problems[0]
    r.add("STR-002", "str_record_partial", loc(first), item=item, actual=raw,
          record=label, localised={"problems": lambda lang: "; ".join(
              words[lang] for _, _, words in problems)})
    for indicator in indicators:
        for name in ("satuan", "target", *(f"target_tw{q}" for q in QUARTERS)):
            if getattr(indicator, name) is None:
                indicator.mark_unreadable(name, raw)
                if name not in indicator.cells:
                    indicator.locate(name, loc(first))
