"""Stacked records: one row per quarter, the quarter written inside the cell.

``Trw 1= 23.22`` … ``Trw 4= …`` on four lines, the item's other cells merged over them:
a number or a new name starts a record, a labelled cell fills its quarter, an unlabelled
one takes the row's one label (STR-001) or is reported (STR-002). A mixin of the row
reader (:class:`~checker.importers.excel_records.TableReader`), which owns the table, the
slots and the report these methods use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from checker.importers.excel_header import squash
from checker.importers.excel_pieces import Ind, Piece, Rec, Slot, join_text
from checker.importers.numbers import quarter_values

if TYPE_CHECKING:
    from checker.importers.excel_header import Col
    from checker.model.plan import TableInfo
    from checker.model.schema import Level


class StackedRows:
    """The stacked shape's rows, for the row reader."""

    groups: list[int]
    slots: dict[int, list[Slot]]
    recs: list[Rec]
    context_cols: dict[Level, Col]
    info: TableInfo
    report: Any
    sheet: Any
    moved: dict[tuple[int, int | None], Piece | None]
    paired: list[int]

    def _stacked_row(self, row: int, cells: list[tuple[int, str]], no: str | None,
                     current: dict[int, Rec]) -> None:
        """One quarter line of a stacked record; a number or a new name starts a record."""
        group = self.groups[0]
        slots = self.slots[group]
        self._pair_split_labels(row, slots)
        name = self.piece(row, group)
        labelled = self._quarter_cells(row, slots)
        labels = {q for _, q, _ in labelled}
        rec = current.get(group)
        ind_slot = next((s for s in slots if s.field == "uraian"), None)
        ind_text = self.piece(row, ind_slot.col.index) if ind_slot else None
        if no or (name and (rec is None or 1 in labels or 4 in rec.quarters(False) | rec
                            .quarters(True))):
            level = self._row_level(row, group)
            rec = Rec(level=level, row=row, group=group, no=no)
            rec.parent = self._section_parent(level)
            rec.inds.append(Ind(row))
            current[group] = rec
            self.recs.append(rec)
            self._context(rec, row)
        elif rec is None:
            self.report.orphan(self, row, cells[0][0])
            return
        elif ind_text and 1 in labels and (rec.quarters(False) or rec.inds[-1].texts):
            rec.inds.append(Ind(row))
        else:
            self._continue_context(rec, row)
        self.info.rows_read += 1
        for slot in slots:
            if slot.dest == "cells":
                continue
            p = self.piece(row, slot.col.index)
            if p is None:
                continue
            target = (rec.inds[-1].texts if slot.dest == "ind_text" else rec.inds[-1].vals
                      if slot.dest == "ind_num" else rec.vals if slot.dest == "money"
                      else rec.texts)
            if slot.field in target:
                if not squash(target[slot.field].text).endswith(squash(p.text)) and \
                        slot.dest in ("item", "ind_text"):  # a tail printed twice: once
                    first = target[slot.field]
                    target[slot.field] = Piece(first.value, join_text(first.text, p.text),
                                               first.row, first.col)
                    self.report.joined(self, rec, p)
                continue
            target[slot.field] = p
        for slot, quarter, p in labelled:
            target = rec.vals if slot.col.money else rec.inds[-1].vals
            key = f"{slot.field}_tw{quarter}"
            if key in target and slot.col.money and len(rec.inds) > 1 \
                    and target[key].row < rec.inds[-1].row:
                # a further sasaran/indicator block's own money: its share of the item's
                if str(p.value).strip():
                    rec.shares.setdefault(key, [target[key]]).append(p)
            elif key in target:
                rec.twice.append((key, target[key], p))
            else:
                target[key] = p

    def _continue_context(self, rec: Rec, row: int) -> None:
        """An ancestor's name cut by a page break goes on in this line of the record.

        ``Administrasi Keuangan Perangkat`` on the record's first line and ``Daerah`` on
        the next page are one kegiatan; read apart, the parent would not be found.
        """
        for level, col in self.context_cols.items():
            p = self.piece(row, col.index)
            first = rec.context.get(level)
            if p is None or first is None or rec.filled.get(level) or \
                    squash(p.text) in squash(first.text):
                continue
            rec.context[level] = Piece(first.value, join_text(first.text, p.text), first.row,
                                       first.col)

    def _pair_split_labels(self, row: int, slots: list[Slot]) -> None:
        """A quarter label in a cell of its own, its value in the next (``T.W 1 | 1 Dokumen``).

        A scan that splits each value cell in two doubles the row's value cells: the k-th
        label/value pair is the k-th value column's, read at the value's own cell; the
        cells after the pairs are the columns after the value columns, in order (the
        penanggung jawab). Only a row of at least two such pairs and no other value cell
        is read so; the repair is said once per record (:meth:`_say_pairs`).
        """
        cells_slots = [s for s in slots if s.dest == "cells"]
        if len(cells_slots) < 2:
            return
        start = cells_slots[0].col.index
        cells = [(c, x) for c, x in self.sheet.cells(row) if c >= start]
        pairs: list[tuple[int, int, str]] = []  # (label column, value column, joined text)
        i = 0
        while i + 1 < len(cells) and len(pairs) < len(cells_slots):
            (col, text), (next_col, next_text) = cells[i], cells[i + 1]
            labels = quarter_values(text)
            if len(labels) != 1 or labels[0][1] or quarter_values(next_text):
                break
            pairs.append((col, next_col, f"{text.strip()} : {next_text.strip()}"))
            i += 2
        if len(pairs) < 2 or cells_slots[len(pairs) - 1].col.index == pairs[-1][1]:
            return  # unsplit cells, or pairs already standing in their columns
        for slot, (_, value_col, text) in zip(cells_slots, pairs, strict=False):
            self.moved[row, slot.col.index] = Piece(text, text, row, value_col)
        after = [s for s in slots if s.dest != "cells" and s.col.index > start]
        rest = cells[2 * len(pairs):]
        for slot in sorted(after, key=lambda s: s.col.index):
            col_text = rest.pop(0) if rest else None
            self.moved[row, slot.col.index] = (
                self.cell_piece(row, col_text[0]) if col_text else None)
        self.paired.append(row)

    def _say_pairs(self, last_row: int) -> None:
        """STR-001 once per record whose lines were split pairs: its first cell, its rows."""
        starts = sorted(r.row for r in self.recs)
        for index, first in enumerate(starts):
            last = starts[index + 1] - 1 if index + 1 < len(starts) else last_row
            if any(first <= r <= last for r in self.paired):
                last = max(r for r in range(first, last + 1) if self.sheet.cells(r))
                self.report.add("STR-001", "str_pairs_joined",
                                self.report.span(self, first, last, 1),
                                rows=f"{first}–{last}" if last > first else str(first))

    def _quarter_cells(self, row: int, slots: list[Slot]) -> list[tuple[Slot, int, Piece]]:
        """The labelled quarter values of a row (``Trw 1= 23.22``): (slot, quarter, piece).

        An unlabelled value takes the row's one label from another column (STR-001), or
        is reported and left unread (STR-002).
        """
        out: list[tuple[Slot, int, Piece]] = []
        bare: list[tuple[Slot, Piece]] = []
        for slot in slots:
            if slot.dest != "cells":
                continue
            p = self.piece(row, slot.col.index)
            if p is None:
                continue
            pairs = quarter_values(p.text) if isinstance(p.value, str) else []
            if not pairs:
                bare.append((slot, p))
            for quarter, value in pairs:
                out.append((slot, quarter, Piece(value, p.text, row, p.col)))
        labels = {q for _, q, _ in out}
        for slot, p in bare:
            if len(labels) == 1:
                quarter = next(iter(labels))
                self.report.quarter_from_row(self, p, quarter)
                out.append((slot, quarter, Piece(p.value, p.text, row, p.col)))
            else:
                self.report.quarter_unlabelled(self, p)
        return out


def summed_shares(rec: Rec, read: Callable[[str, Piece], int | None]) -> list[str]:
    """An item's money per quarter as the sum of its blocks' shares; the keys summed.

    A record of several sasaran/indicator blocks may print money in each (a program's
    sasaran, a kegiatan's sub-kegiatan shares: seed 004's rencana aksi): the item's money
    is their sum, kept with the parts as printed (``a + b``) at the first part's cell.
    Each part is read where it is printed (a slip is reported at its own cell); a part that
    cannot be read leaves the sum unknown. A block whose cell is blank adds nothing.
    """
    summed = []
    for key, pieces in rec.shares.items():
        first = rec.vals[key]
        parts = [q for q in pieces if str(q.value).strip()]
        if not str(first.value).strip() or len(parts) < 2:
            if parts:
                rec.vals[key] = parts[0]
            continue
        values = [read(key, q) for q in parts]
        text = " + ".join(q.text.strip() for q in parts)
        total = sum(v for v in values if v is not None) if None not in values else None
        rec.vals[key] = Piece(total if total is not None else text, text, first.row,
                              first.col)
        summed.append(key)
    return summed
