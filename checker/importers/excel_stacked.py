"""Stacked records: one row per quarter, the quarter written inside the cell.

``Trw 1= 23.22`` … ``Trw 4= …`` on four lines, the item's other cells merged over them:
a number or a new name starts a record, a labelled cell fills its quarter, an unlabelled
one takes the row's one label (STR-001) or is reported (STR-002). A mixin of the row
reader (:class:`~checker.importers.excel_records.TableReader`), which owns the table, the
slots and the report these methods use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from checker.importers.excel_header import squash
from checker.importers.excel_pieces import ROW_NUMBER, Ind, Piece, Rec, Slot, join_text
from checker.importers.long_rows import labelled_cells, one_run, value_columns
from checker.importers.numbers import parse_number, quarter_beyond, quarter_values
from checker.importers.quarter_steps import MONEY_UNITS, QuarterSteps

_NUMBERED = re.compile(r"^\s*(\d{1,3})\.?\s+(\S.*)$")  # '9. Meningkatnya …'

if TYPE_CHECKING:
    from checker.importers.excel_header import Col
    from checker.model.plan import TableInfo
    from checker.model.schema import Level


class StackedRows(QuarterSteps):
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
    shifted: list[int]
    stray: set[int]
    t: Any

    def _stacked_row(self, row: int, cells: list[tuple[int, str]], no: str | None,
                     current: dict[int, Rec]) -> None:
        """One quarter line of a stacked record; a number or a new name starts a record."""
        group = self.groups[0]
        slots = self.slots[group]
        self._shift_short_row(row, slots)
        self._pair_split_labels(row, slots)
        name = self.piece(row, group)
        labelled, bare, series = self._quarter_cells(row, slots)
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
        for slot, quarter, p in self.in_step(rec, labelled, bare, series, row):
            target = rec.vals if slot.col.money else rec.inds[-1].vals
            key = f"{slot.field}_tw{quarter}"
            (rec.slot_of if slot.col.money else rec.inds[-1].slot_of).setdefault(
                key, slot.col.index)
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

    def _shift_short_row(self, row: int, slots: list[Slot]) -> None:
        """A row one cell short (a merged ``9. Meningkatnya …``), matched from the right.

        When the row's labelled quarter cells, one per value column, start one column
        before the first value column, the scan lost a cell on the left: every cell is
        read one column to the right (at its own address), a number merged into the first
        cell becomes the row's number. Said once per record
        (:func:`~checker.importers.long_rows.say_repaired`).
        """
        value_cols = value_columns(self)  # type: ignore[arg-type]  # the mixin is a TableReader
        if not value_cols:
            return
        start = value_cols[0]
        labelled = labelled_cells(self.sheet.cells(row))
        if not one_run(labelled) or labelled[0] != start - 1:
            return  # in place, or not one run of labelled value cells
        cells = self.sheet.cells(row)
        texts = [c for c, _ in cells if c < start - 1]
        first = self.cell_piece(row, 1)
        merged = _NUMBERED.match(first.text) if first is not None and 1 in texts else None
        numbered = first is not None and not merged and ROW_NUMBER.match(first.text)
        # a row numbered in its own cell lost a cell in the middle: the names stay where
        # they are, the indicator (the last text before the values) and the values move
        left = texts[-1] if numbered and texts else 1
        width = max((c for c, _ in cells), default=0)
        for col in range(width + 1, left, -1):
            self.moved[row, col] = self.cell_piece(row, col - 1)
        if numbered:
            self.moved[row, left] = None
        else:
            self.moved[row, 1] = None
        if first is not None and merged:
            self.moved[row, 1] = Piece(merged.group(1), merged.group(1), row, 1)
            self.moved[row, 2] = Piece(merged.group(2), merged.group(2), row, 1)
        self.shifted.append(row)

    def _pair_split_labels(self, row: int, slots: list[Slot]) -> None:
        """A quarter label in a cell of its own, its value in the next (``T.W 1 | 1 Dokumen``).

        A scan that splits each value cell in two doubles the row's value cells: the
        line's values are, in order, the label/value pairs, the cells labelled in
        themselves and the bare amounts among them (:func:`line_values`), each read at the
        value's own cell; the cells after them are the columns after the value columns, in
        order (the penanggung jawab). The pairs may start one column early, in the
        indicator's column, when nothing else stands on the line. Only a row of at least
        two pairs is read so; the repair is said once per record
        (:func:`~checker.importers.long_rows.say_repaired`).
        """
        cells_slots = [s for s in slots if s.dest == "cells"]
        if len(cells_slots) < 2:
            return
        start = cells_slots[0].col.index
        cells = self.sheet.cells(row)
        early = [c for c, x in cells if c < start]
        if early == [start - 1] and _bare_label(self.sheet.text(row, start - 1)):
            start -= 1  # 'Trw 2 | 6 Laporan' from the indicator's column on
        values, pairs, used = line_values([(c, x) for c, x in cells if c >= start])
        if pairs < 2 or len(values) > len(cells_slots) or (
                len(values) == len(cells_slots)
                and cells_slots[-1].col.index == values[-1][0]):
            return  # unsplit cells, too many values, or standing in their columns already
        if start < cells_slots[0].col.index:
            self.moved[row, start] = None
        for slot, (col, text) in self._fit(row, cells_slots, values):
            self.moved[row, slot.col.index] = Piece(text, text, row, col)
        after = [s for s in slots if s.dest != "cells" and s.col.index > start]
        rest = [(c, x) for c, x in cells if c >= start][used:]
        for slot in sorted(after, key=lambda s: s.col.index):
            col_text = rest.pop(0) if rest else None
            self.moved[row, slot.col.index] = (
                self.cell_piece(row, col_text[0]) if col_text else None)
        self.paired.append(row)

    def _fit(self, row: int, cells_slots: list[Slot],
             values: list[tuple[int, str]]) -> list[tuple[Slot, tuple[int, str]]]:
        """Each value's column: in order when the line fills them all, else by kind.

        A line short of values (``Trw 1 | 3 Laporan | Trw 1 | 3 Laporan | Trw 1 |
        1,722,000``) cannot say by position which column a value is: a measure with a unit
        goes to the kinerja columns, an amount to the keuangan ones, in order when their
        counts agree; a kind whose values do not fill its columns is ambiguous (target or
        realisation?) and left to :meth:`in_step` to refuse.
        """
        for slot in cells_slots:
            self.moved[row, slot.col.index] = None
        if len(values) == len(cells_slots):
            return list(zip(cells_slots, values, strict=True))
        out: list[tuple[Slot, tuple[int, str]]] = []
        for money in (False, True):
            mine = [v for v in values if _is_money(v[1]) == money]
            cols = [s for s in cells_slots if s.col.money == money]
            if len(mine) == len(cols):
                out.extend(zip(cols, mine, strict=True))
            else:
                self.ambiguous.setdefault(row, []).extend(
                    (Piece(text, text, row, col), money) for col, text in mine)
        return out

    def _quarter_cells(self, row: int, slots: list[Slot]) -> tuple[
            list[tuple[Slot, int, Piece]], list[tuple[Slot, Piece]], set[int]]:
        """The labelled quarter values of a row (``Trw 1= 23.22``): (slot, quarter, piece).

        Also the values without a label (:meth:`in_step` reads them with the line's
        quarter or refuses them) and the columns whose one cell holds several quarters.
        A label of a quarter that does not exist (``Trw 5``) is kept with its number, so
        that its value is refused, never read as another quarter's.
        """
        out: list[tuple[Slot, int, Piece]] = []
        bare: list[tuple[Slot, Piece]] = []
        series: set[int] = set()
        for slot in slots:
            if slot.dest != "cells":
                continue
            p = self.piece(row, slot.col.index)
            if p is None:
                continue
            pairs = quarter_values(p.text) if isinstance(p.value, str) else []
            beyond = quarter_beyond(p.text) if isinstance(p.value, str) else None
            if beyond is not None and not pairs:
                out.append((slot, beyond, p))
                continue
            if not pairs:
                bare.append((slot, p))
            if len(pairs) > 1:
                series.add(slot.col.index)
            for quarter, value in pairs:
                out.append((slot, quarter, Piece(value, p.text, row, p.col)))
        return out, bare, series


def _bare_label(text: str) -> bool:
    """A quarter label alone in its cell (``T.W 1``, ``Trw 5``): its value is in the next."""
    labels = quarter_values(text)
    if labels:
        return len(labels) == 1 and not labels[0][1]
    return quarter_beyond(text) is not None and not any(
        ch.isdigit() for ch in text.split(maxsplit=1)[-1][1:])


def _is_money(text: str) -> bool:
    """Whether a value reads as an amount (no unit, or rupiah), not a measure."""
    labels = quarter_values(text)
    value = labels[0][1] if labels else text.split(":", 1)[-1]
    unit = parse_number(value).unit
    return unit is None or unit in MONEY_UNITS


def line_values(cells: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], int, int]:
    """A quarter line's values in order: (value's column, text), the pairs, cells used.

    A bare label and the value in the next cell make one value (``T.W 1 : 1 Dokumen``,
    at the value's cell); a cell labelled in itself is one value; a bare amount among them
    is one value (its quarter the line's). The first text that is none of these (the
    penanggung jawab) ends the values.
    """
    values: list[tuple[int, str]] = []
    pairs = i = 0
    while i < len(cells):
        col, text = cells[i]
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if _bare_label(text) and nxt is not None and not quarter_values(nxt[1]) \
                and quarter_beyond(nxt[1]) is None and _numeric(nxt[1]):
            values.append((nxt[0], f"{text.strip()} : {nxt[1].strip()}"))
            pairs += 1
            i += 2
        elif (quarter_values(text) and quarter_values(text)[0][1]) or (
                not quarter_values(text) and _numeric(text)):
            values.append((col, text))
            i += 1
        else:
            break
    return values, pairs, i


def _numeric(text: str) -> bool:
    """A value cell (``1 Dokumen``, ``15,700,000``), not a name or an official."""
    return parse_number(text).status in ("ok", "ambiguous")


def summed_shares(rec: Rec, read: Callable[[str, Piece], int | None]) -> list[str]:
    """An item's money per quarter as the sum of its blocks' shares; the keys summed.

    A record of several sasaran/indicator blocks may print money in each (a program's
    sasaran, a kegiatan's sub-kegiatan shares: seed 004's rencana aksi): the item's money
    is their sum, kept with the parts as printed (``a + b``) at the first part's cell.
    Each part is read where it is printed (a slip is reported at its own cell); a part that
    cannot be read leaves the sum unknown. A block whose cell is blank adds nothing. A
    quarter one block's value was refused for (a label out of step, ``quarter_steps``) has
    no proven sum: the other blocks' shares are not the item's money, so it is left unread.
    """
    if len(rec.inds) > 1:
        for key in [k for k in rec.vals if (rec.slot_of.get(k), int(k[-1]) if k[-1].isdigit()
                                            else 0) in rec.refused]:
            del rec.vals[key]
            rec.shares.pop(key, None)
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
