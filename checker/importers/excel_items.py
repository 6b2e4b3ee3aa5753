"""From one table's records to the items, indicators and totals of its document.

:class:`ItemBuilder` is the last shared stage of the reading pipeline: it gives each
record its id, reads every number through :mod:`checker.importers.numbers` (recording what
it could not read for certain as NUM-001/002/003 on its cell), reads a monthly plan into
quarters, and gives blank fields the address of their empty cell. :class:`DocReader`
(:mod:`checker.importers.excel_build`) calls it once per table.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from checker.i18n import LANGUAGES, t
from checker.i18n.format import format_number
from checker.importers.convention_runs import Slip, runs
from checker.importers.excel_pieces import (
    NS,
    QUARTERS,
    VERSIONS,
    Ind,
    Piece,
    Rec,
    parse_piece,
)
from checker.importers.excel_records import TableReader
from checker.importers.excel_stacked import summed_shares
from checker.importers.issues import item_words
from checker.importers.month_plan import months_to_quarters
from checker.importers.numbers import (
    ParsedNumber,
    convention_of,
    convention_votes,
    unread_code,
)
from checker.importers.percent_plan import read_percent_plan
from checker.importers.quarter_steps import report_partial
from checker.importers.renstra import read_years
from checker.importers.vocabulary import strip_level_word
from checker.model.location import Location
from checker.model.plan import Indicator, Item, Total
from checker.model.schema import Level

if TYPE_CHECKING:
    from checker.importers.excel_build import DocReader

ID_PREFIX = {Level.TUJUAN: "T", Level.SASARAN: "SS", Level.PROGRAM: "P",
             Level.KEGIATAN: "K", Level.SUB_KEGIATAN: "S"}
_PERCENT = {"%", "persen", "prosen", "percent"}


@lru_cache(maxsize=4096)
def unit_key(unit: str | None) -> str:
    """Units compared without case, with %, persen and prosen taken as one.

    Kept per unit: a table compares its few units again for every value (seed 004: 1,861
    questions of 13 units).
    """
    key = re.sub(r"\s+", " ", (unit or "").strip().casefold()).rstrip(".")
    return "%" if key in _PERCENT else key


#: A belanja account code (``1.06.01.5``, ``1.06.01.5.1.01``, ``5.1.02``): a unit's spending
#: by account, printed above its programs in a realisation table; no level of the plan.
ACCOUNT_CODE = re.compile(r"^(?:\d{1,2}\.\d{2}\.\d{2}\.)?5(?:\.\d{1,2}){0,3}$")


def _account(rec: Rec) -> bool:
    """A row of unknown level whose code is a belanja account (``1.06.01.5.1.01``)."""
    kode = rec.texts.get("kode")
    return kode is not None and bool(ACCOUNT_CODE.match(kode.text.strip()))


#: A number written in a column's habit, as NUM-002's expected value (language-neutral).
_HABIT_SAMPLE = {"id": "1.234.567,89", "en": "1,234,567.89"}

class ItemBuilder:
    """Turns one table's records into items, indicators and totals of the document."""

    def __init__(self, doc_reader: DocReader, reader: TableReader) -> None:
        self.r = doc_reader
        self.doc = doc_reader.doc
        self.t = reader
        self.table = reader.t
        self.info = reader.info
        self.conventions: dict[int, str | None] = {}
        self.table_convention: str | None = None  # for a value read outside its column
        self.percent_cols: set[int] = set()
        self.zeros = 0
        self.months = 0
        self.no_satuan: list[str] = []
        self.slips: list[Slip] = []  # NUM-002, said per run once the table is read

    def loc(self, p: Piece) -> Location:
        return self.r.loc(self.t, p.row, p.col)

    def _rows(self, first: int, last: int) -> str:
        """A range of rows as a message says it: Word's rows in a flowed Word grid."""
        return self.r.rows(self.t, first, last)

    def build(self) -> None:
        self._conventions()
        unknown = [rec for rec in self.t.recs if rec.level is None]
        accounts = [rec for rec in unknown if _account(rec)]
        if accounts:  # rincian belanja per rekening: no level of the plan, said once
            kode = accounts[0].texts["kode"]
            self.r.add("STR-004", "str_account_rows",
                       self.r.span(self.t, accounts[0].row, accounts[-1].row, kode.col),
                       actual=kode.text, kode=kode.text, count=len(accounts),
                       rows=self._rows(accounts[0].row, accounts[-1].row))
            unknown = [rec for rec in unknown if rec not in accounts]
        if unknown:
            name = unknown[0].texts.get("nama")
            self.r.add("STR-004", "str_level_unknown",
                       self.r.span(self.t, unknown[0].row, unknown[-1].row,
                                   name.col if name else None), table_named=self.table.name,
                       localised={"rows": lambda lang: ", ".join(
                           self.r.cell_words(self.t, rec.row, lang) for rec in unknown[:10])})
        recs = [rec for rec in self.t.recs if rec.level is not None]
        self._assign_ids(recs)
        for rec in recs:
            item = self._item(rec)
            self.doc.items.append(item)
            self.r.table_of[item.id] = self.info.name
            made = [i for i in (self._indicator(rec, ind, item) for ind in rec.inds)
                    if i is not None]
            self.doc.indicators.extend(made)
            self._money(rec, item)
            self._record_checks(rec, item, made)
        for row, money, _label in self.t.totals:
            self._total(row, money)
        self._emit_slips()
        read_years(self, recs)  # a Renstra/RPJMD table's values per year (renstra.py)
        if self.zeros:
            self.info.notes.append(t(f"{NS}.note_blank_quarters", count=self.zeros))
        if self.months:
            self.info.notes.append(t(f"{NS}.note_months", count=self.months))
        if self.no_satuan:
            self.info.notes.append(t(f"{NS}.note_no_satuan", items=", ".join(self.no_satuan)))

    # ----------------------------------------------------------------- columns
    def _pieces_of(self, col: int) -> list[Piece]:
        out = []
        for rec in self.t.recs:
            for holder in (rec.vals, *(i.vals for i in rec.inds)):
                out.extend(p for p in holder.values() if p.col == col)
        for _, money, _ in self.t.totals:
            out.extend(p for p in money.values() if p.col == col)
        return out

    def _conventions(self) -> None:
        """Each value column's number convention, and which money columns are in %.

        A column whose own values prove no convention (a target column of ``960.067``,
        ``30`` and ``5``) takes the one the table's other value columns prove: one author
        and one spreadsheet locale write the whole table, so ``1.741.737.370`` in the budget
        columns says that ``960.067`` is nine hundred sixty thousand. A single proving value
        does not outvote the table either: ``23.22`` alone among ``12``, ``8`` and ``4``
        under budgets written ``4.000.000`` is the odd one (NUM-002), not the column's rule.
        Only when the table proves none (or a tie) is an ambiguous value left unread.
        """
        value_cols = [c for c in self.table.header.cols.values()
                      if c.role in ("quarter", "cells", "annual", "pagu")]
        pieces_of = {c.index: self._pieces_of(c.index) for c in value_cols}
        votes = {index: convention_votes(p.value for p in pieces if isinstance(p.value, str))
                 for index, pieces in pieces_of.items()}
        table = convention_of(sum(votes.values(), Counter()))  # votes add up over texts
        self.table_convention = table
        for col in value_cols:
            pieces = pieces_of[col.index]
            proofs = sum(votes[col.index].values())
            own = convention_of(votes[col.index])
            # a tie in the column, or a single proof, defers to the table
            self.conventions[col.index] = own if own and proofs >= 2 else table or own
            if col.money and col.role in ("quarter", "cells") and pieces:
                percent = [p for p in pieces if parse_piece(p, True, None).unit == "%"]
                if len(percent) * 2 > len(pieces):
                    self.percent_cols.add(col.index)
                    self.info.columns[col.letter] = t(f"{NS}.col_percent")
                    examples = ", ".join(f"'{p.text}'" for p in percent[:3])
                    self.r.add("STR-004", "str_percent_plan",
                               self.r.loc(self.t, col.cell[0], col.cell[1]),
                               actual=[p.text for p in percent[:3]],
                               header=f"{col.letter} ('{col.header}')", examples=examples)

    def _assign_ids(self, recs: list[Rec]) -> None:
        taken = {i.id for i in self.doc.items}
        by_level: dict[Level, list[Rec]] = {}
        for rec in recs:
            by_level.setdefault(rec.level, []).append(rec)  # type: ignore[arg-type]
        for level, group in by_level.items():
            nos = [r.no for r in group]
            numbered = all(nos) and len(set(nos)) == len(nos)
            for rec in group:
                self.r.counter[level] += 1
                kode = rec.texts.get("kode")
                base = (kode.text if kode else
                        f"{ID_PREFIX[level]}{rec.no if numbered else self.r.counter[level]}")
                item_id, n = base, 1
                while item_id in taken:
                    n += 1
                    item_id = f"{base}-{n}"
                rec.item_id = item_id
                taken.add(item_id)
            if not numbered and not all(r.texts.get("kode") for r in group):
                self.info.notes.append(t(f"{NS}.note_ids_ordinal", level=level.value,
                                         ids=", ".join(r.item_id for r in group)))

    # ----------------------------------------------------------------- items
    def _item(self, rec: Rec) -> Item:
        item = Item(id=rec.item_id, level=rec.level, file=self.r.file,  # type: ignore[arg-type]
                    table=self.t.t.label, row=rec.row,
                    induk=rec.parent.item_id if rec.parent else None,
                    eselon=self.table.eselon if rec.level == self.table.level else None)
        for name in ("nama", "kode", "penanggung_jawab"):
            p = rec.texts.get(name)
            if p is not None:
                text = p.text
                if name == "nama" and any(c.source == "awalan nama" for c in rec.clues):
                    text = strip_level_word(text)  # "Sub Kegiatan Penyediaan …" → "Penyediaan …"
                setattr(item, name, text)
                item.locate(name, self.loc(p), p.text if text != p.text else None)
        self._locate_blanks(item, rec.row, rec.group, {"item", "money"})
        sasaran = rec.context.get(Level.SASARAN)
        if sasaran is not None and rec.level != Level.SASARAN:
            item.sasaran = sasaran.text
            item.locate("sasaran", self.loc(sasaran))
        self.r.context[item.id] = {lv: (p.text, self.loc(p)) for lv, p in rec.context.items()}
        return item

    def _locate_blanks(self, target: Item | Indicator, row: int, group: int,
                       dests: set[str]) -> None:
        """Give the fields left blank on the row the address of their empty cell.

        A finding about a missing value (no satuan, no penanggung jawab) then sends the
        reviewer to the cell where it belongs, not just to the row. A cell holding a
        value read elsewhere (a scan's shifted amount) is not that empty cell.
        """
        for slot in self.t.slots[group]:
            if slot.dest in dests and slot.field not in target.cells and hasattr(
                    target, slot.field) and not self.t.sheet.text(row, slot.col.index):
                target.locate(slot.field, self.r.loc(self.t, row, slot.col.index))

    def _parse(self, p: Piece, money: bool, item: Item, label: str) -> ParsedNumber | None:
        """Parse one value; report what cannot be read for certain (NUM-001/002/003)."""
        # a value the scan shifted out of its column (read at its own cell) is read by
        # the table's convention: the column it is printed in holds no values of its own
        # (a column of another role, a percentage, keeps its own reading: none)
        convention = self.conventions.get(p.col) if p.col in self.table.header.cols \
            else self.table_convention
        parsed = parse_piece(p, money, convention)
        loc = self.loc(p)
        if parsed.status == "blank":
            return parsed
        if not parsed.ok:
            if parsed.reason == "numbers.grade_only" and not money:
                return parsed
            code = "NUM-003" if parsed.reason == "numbers.not_a_number" else unread_code(parsed)
            key = {"NUM-003": "num_text", "NUM-004": "num_sen"}.get(code, "num_unreadable")
            self.r.add(code, key, loc,
                       item=item, actual=p.text, reason=parsed, field=label, raw=p.text)
            return None
        if convention and isinstance(p.value, str):  # the cell's own proof, against the column's
            own = parse_piece(p, money, None).convention
            if own and own != convention:  # said per run (convention_runs)
                self.slips.append(Slip(p.row, p.col, loc, {
                    "item": item, "actual": p.text, "expected": _HABIT_SAMPLE.get(convention),
                    "field": label,
                    "raw": p.text, "convention": convention, "value": parsed.value,
                    "money": money}))
        return parsed

    def _emit_slips(self) -> None:
        """NUM-002 once per run of a column's cells (the first cell; count and last)."""
        agreeing = {col: [p.row for p in self._pieces_of(col) if isinstance(p.value, str)
                          and parse_piece(p, money, None).convention == self.conventions.get(col)]
                    for col, money in {s.col: s.params["money"] for s in self.slips}.items()}
        for run in runs(self.slips, agreeing):
            first, params = run[0], dict(run[0].params)
            value = params.pop("value")
            params.pop("money")
            key = "num_convention"
            if len(run) > 1:
                key = "num_convention_run"
                params.update(count=len(run) - 1, last=run[-1].location.cell or "")
            habit = params.pop("convention")
            self.r.add("NUM-002", key, first.location, **params, localised={
                "value": lambda lang, v=value: format_number(v, lang),
                "convention": lambda lang, h=habit: t(f"{NS}.habit_{h}", lang)})
        self.slips = []

    def _quarterly(self, holder: dict[str, Piece], base: str, columns: dict[str, int],
                   money: bool, item: Item, target: Any) -> dict[str, str | None]:
        """Read an annual value and its quarters into ``target``; return their units.

        In a wide table a blank quarter cell in a row whose other quarters hold values
        means nothing is planned in that quarter: it reads 0. When all quarters are blank
        the row has no quarterly plan at all: they stay None, so a completeness rule can
        say so. A dash reads 0 too: it is how planners write "nothing".
        """
        names = [base, *(f"{base}_tw{q}" for q in QUARTERS)]
        quarters = names[1:]
        filled = any(holder.get(n) for n in quarters)
        values: dict[str, Any] = {}
        units: dict[str, str | None] = {}
        unread: list[tuple[str, int]] = []
        for name in names:
            p = holder.get(name)
            if p is None:
                col = columns.get(name)
                if name in quarters and filled and col is not None and not self.t.stacked:
                    values[name] = 0 if money else 0.0
                    setattr(target, name, values[name])
                    target.locate(name, self.r.loc(self.t, _row_of(holder, item), col), "")
                    self.zeros += 1
                continue
            label = _label(name)
            if money and p.col in self.percent_cols:
                read_percent_plan(item, name.replace("_tw", "_persen_tw"), p.text, self.loc(p),
                                  self._mode_of(p.col))
                continue
            target.locate(name, self.loc(p), p.text)
            parsed = self._parse(p, money, item, label)
            if parsed is None:
                unread.append((name, len(self.doc.issues) - 1))
                continue
            if parsed.status == "blank":  # a dash: nothing planned
                values[name] = 0 if money else 0.0
            elif not parsed.ok:  # a grade (B, BB) in a target cell: kept as printed
                if name == base and not money:
                    target.target_teks = p.text
                continue
            elif money and parsed.unit not in (None, "rp"):
                key = "num_percent_in_money" if parsed.unit == "%" else "num_money_unit"
                self.r.add("NUM-003", key, self.loc(p), item=item, actual=p.text, field=label,
                           raw=p.text, unit=parsed.unit or "")
                continue
            else:
                values[name] = parsed.as_int() if money else parsed.as_float()
                if not money and name == base and parsed.grade:
                    target.target_teks = p.text
                units[name] = parsed.unit
            setattr(target, name, values[name])
        quarter_cols = {columns.get(q) for q in quarters}
        mode = next((c.mode for c in self.table.header.cols.values()
                     if c.index in quarter_cols), None)
        for name, index in unread:
            implied = _implied(names, name, values, mode or "periodik")
            if implied is not None and 0 <= index < len(self.doc.issues):
                found = self.doc.issues[index]
                found.expected = implied
                found.suggestion = {lang: t(f"{NS}.suggest_implied", lang,
                                            value=format_number(implied, lang))
                                    for lang in LANGUAGES}
        return units

    def _mode_of(self, col: int) -> str | None:
        return next((c.mode for c in self.table.header.cols.values() if c.index == col), None)

    def _columns(self, group: int, dest: set[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for slot in self.t.slots[group]:
            if slot.dest in dest and slot.dest != "cells":
                out[slot.field] = slot.col.index
        return out

    def _money(self, rec: Rec, item: Item) -> None:
        share = rec.vals.get("persen_realisasi")
        if share is not None:
            item.locate("persen_realisasi", self.loc(share), share.text)
            parsed = self._parse(share, False, item, _label("persen_realisasi"))
            if parsed is not None and parsed.ok:
                item.persen_realisasi = parsed.as_float()
        rest = rec.vals.get("sisa")
        if rest is not None:
            item.locate("sisa", self.loc(rest), rest.text)
            parsed = self._parse(rest, True, item, _label("sisa"))
            if parsed is not None and parsed.status == "blank":
                item.sisa = 0  # a dash: nothing left
            elif parsed is not None and parsed.ok and parsed.unit in (None, "rp"):
                item.sisa = parsed.as_int()
        for version in VERSIONS:  # the budget as adopted, shifted, revised (a pagu table)
            piece = rec.vals.get(version)
            if piece is not None:
                item.locate(version, self.loc(piece), piece.text)
                parsed = self._parse(piece, True, item, _label(version))
                if parsed is not None and parsed.status == "blank":
                    setattr(item, version, 0)
                elif parsed is not None and parsed.ok and parsed.unit in (None, "rp"):
                    setattr(item, version, parsed.as_int())
        cols = self._columns(rec.group, {"money"})
        if summed_shares(rec, lambda key, p: self._money_part(p, item, key)):
            self.info.notes.append(t(f"{NS}.note_blocks_summed", item=item.id))
        for base in ("anggaran", "realisasi"):
            if any(k == base or k.startswith(f"{base}_tw") for k in rec.vals):
                self._quarterly(rec.vals, base, cols, True, item, item)
        self._implied_by_rest(rec, item)
        if any(getattr(item, f"{base}_tw{q}") is not None for q in QUARTERS
               for base in ("anggaran", "realisasi")):
            item.anggaran_mode = next(
                (c.mode for c in self.table.header.cols.values() if c.money
                 and c.owner == rec.group and c.role in ("quarter", "cells")), None)

    def _money_part(self, p: Piece, item: Item, name: str) -> int | None:
        """One block's share of an item's money, read (and reported) at its own cell."""
        parsed = self._parse(p, True, item, _label(name))
        ok = parsed is not None and parsed.ok and parsed.unit in (None, "rp")
        return parsed.as_int() if ok else None  # type: ignore[union-attr]

    def _implied_by_rest(self, rec: Rec, item: Item) -> None:
        """An unreadable anggaran that the row's realisasi and sisa imply: suggested.

        ``23. 000.000`` beside ``20.000.000`` spent and ``3.000.000`` left is 23.000.000;
        the finding (NUM-001) says so, the value stays unread.
        """
        p = rec.vals.get("anggaran")
        if p is None or item.anggaran is not None or item.realisasi is None or item.sisa is None:
            return
        implied = item.realisasi + item.sisa
        where = self.loc(p)
        for found in self.doc.issues:
            if found.location == where and found.code in ("NUM-001", "NUM-003"):
                found.expected = implied
                found.suggestion = {lang: t(f"{NS}.suggest_implied", lang,
                                            value=format_number(implied, lang))
                                    for lang in LANGUAGES}

    def _indicator(self, rec: Rec, ind: Ind, item: Item) -> Indicator | None:
        if not ind.texts and not ind.vals:
            return None
        indicator = Indicator(item=item.id, file=self.r.file, table=self.t.t.label,
                              row=ind.row)
        for name in ("uraian", "satuan"):
            p = ind.texts.get(name)
            if p is not None:
                setattr(indicator, name, p.text)
                indicator.locate(name, self.loc(p))
        cols = self._columns(rec.group, {"ind_num"})
        quarter_cols = [c for c in self.table.header.cols.values() if not c.money
                        and c.owner == rec.group and c.role in ("quarter", "cells")]
        indicator.mode = quarter_cols[0].mode if quarter_cols else None
        units: dict[str, str | None] = {}
        for base in ("target", "realisasi"):
            if any(k.startswith(f"{base}_m") for k in ind.vals):
                mode, note = months_to_quarters(ind, base, indicator.mode, self.conventions)
                indicator.mode = mode
                if note is None:
                    self.months += 1
                else:
                    self.info.notes.append(note)
            if any(k == base or k.startswith(f"{base}_tw") for k in ind.vals):
                units.update(self._quarterly(ind.vals, base, cols, False, item, indicator))
        share = ind.vals.get("capaian")
        if share is not None:
            indicator.locate("capaian", self.loc(share), share.text)
            parsed = self._parse(share, False, item, "capaian")
            if parsed is not None and parsed.ok:
                indicator.capaian = parsed.as_float()
        self._units(indicator, item, units)
        self._locate_blanks(indicator, ind.row, rec.group, {"ind_text", "ind_num"})
        has_column = any(s.field == "satuan" for s in self.t.slots[rec.group])
        if indicator.satuan is None and not has_column and self._percent_header(ind):
            indicator.satuan = "%"
        if "satuan" not in indicator.cells and not has_column and "target" in indicator.cells:
            # no SATUAN column: the unit is written with the target (``55 Orang``), so a
            # missing unit is missing there (SAT-003, KLP-003 name that cell)
            indicator.locate("satuan", indicator.cells["target"])
        if indicator.satuan is None and not has_column and any(
                indicator.cells.get(f"target_tw{q}") for q in QUARTERS):
            self.no_satuan.append(item.id)
        return indicator

    def _percent_header(self, ind: Ind) -> bool:
        """Whether the target's header states the unit: ``Target (%)`` over year columns.

        Such a header is the table's own word for the unit of every bare number under it
        (``87,82``), as a SATUAN column would be; read only when no SATUAN column and no
        unit printed with the values says otherwise.
        """
        target = ind.vals.get("target")
        col = self.table.header.cols.get(target.col) if target is not None else None
        return col is not None and any(
            re.search(r"\(\s*%\s*\)", label) for label in col.path)

    def _units(self, indicator: Indicator, item: Item, units: dict[str, str | None]) -> None:
        """The satuan from the values when no cell of a SATUAN column gives it.

        A value written in another unit than the indicator's is not read (NUM-003): it is
        not certain what it counts.
        """
        with_unit = {n: u for n, u in units.items() if u and u != "rp"}
        if not with_unit:
            return
        satuan = indicator.satuan
        tie: list[str] = []
        if satuan is None:
            counts = Counter(unit_key(u) for u in with_unit.values()).most_common()
            if len(counts) == 1 or counts[0][1] > counts[1][1]:
                first = next(n for n, u in with_unit.items() if unit_key(u) == counts[0][0])
                satuan = indicator.satuan = _printed_unit(indicator.raw.get(first) or "",
                                                          with_unit[first])
                indicator.locate("satuan", indicator.cells[first])
            else:
                tie = [u for u, _ in counts]
        for name, unit in with_unit.items():
            if not tie and unit_key(unit) == unit_key(satuan):
                continue
            loc = indicator.cells[name]
            raw = indicator.raw.get(name) or ""
            number = getattr(indicator, name)
            if tie:
                self.r.add("NUM-003", "num_unit_tie", loc, item=item, actual=raw,
                           units=", ".join(tie), raw=raw, field=_label(name))
            else:
                self.r.add("NUM-003", "num_unit_conflict", loc, item=item, actual=raw,
                           expected=satuan, unit=_printed_unit(raw, unit), raw=raw,
                           satuan=satuan or "", field=_label(name),
                           suggestion="suggest_unit_value",
                           suggestion_params={"satuan": satuan or "",
                                              "value": format_number(number, "id")})
            setattr(indicator, name, None)

    def _record_checks(self, rec: Rec, item: Item, made: list[Indicator]) -> None:
        """Values of a stacked record not read, quarters it lacks, quarters read twice."""
        label = item_words(item)
        slots = [s for s in self.t.slots[rec.group] if s.dest == "cells"]
        report_partial(self.r, self.loc, rec, item, slots, made, label)
        for key, first, second in rec.twice:
            self.r.add("STR-002", "str_quarter_twice", self.loc(second), item=item,
                       actual=second.text, record=label, quarter=key[-1],
                       first=self.loc(first).cell or "")

    def _total(self, row: int, money: dict[str, Piece]) -> None:
        levels = [r.level for r in self.t.recs if r.level is not None]
        order = list(Level)
        level = min(levels, key=order.index) if levels else self.table.level
        if level is None:
            return
        total = Total(tabel=self.info.name, level=level, file=self.r.file,
                      table=self.t.t.label, row=row)
        for name, p in money.items():
            if not (name == "anggaran" or name.startswith("anggaran_tw")):
                continue
            if p.col in self.percent_cols:
                continue
            total.locate(name, self.loc(p), p.text if isinstance(p.value, str) else None)
            parsed = parse_piece(p, True, self.conventions.get(p.col))
            if parsed.ok and parsed.unit in (None, "rp"):
                setattr(total, name, parsed.as_int())
            elif parsed.status == "blank":
                setattr(total, name, 0)
            else:
                code = unread_code(parsed) if any(ch.isdigit() for ch in p.text) else "NUM-003"
                self.r.add(code, "num_sen" if code == "NUM-004" else "num_unreadable",
                           self.loc(p), actual=p.text, reason=parsed,
                           field=_label(name), raw=p.text)
        self.doc.totals.append(total)


def _row_of(holder: dict[str, Piece], item: Item) -> int:
    return min((p.row for p in holder.values()), default=item.row or 0)


@lru_cache(maxsize=256)
def _label(name: str) -> str:
    """How a field is named in a message (``target TW 2``, ``jumlah anggaran``).

    Kept per field: asked for every value read (seed 004: 1,504 questions of ten fields).
    """
    m = re.match(r"(target|realisasi|anggaran)(?:_tw(\d))?$", name)
    if not m:
        return name.replace("_", " ")  # anggaran_perubahan: "anggaran perubahan"
    base, quarter = m.groups()
    word = {"target": "target", "realisasi": "realisasi", "anggaran": "anggaran"}[base]
    return f"{word} TW {quarter}" if quarter else word


def _printed_unit(text: str, unit: str) -> str:
    """The unit as the cell prints it (``Dokumen``, not the parser's ``dokumen``)."""
    if unit == "%":
        return "%"
    match = re.search(re.escape(unit), text, re.IGNORECASE)
    return match.group(0) if match else unit


def _implied(names: list[str], name: str, values: dict[str, Any], mode: str) -> Any:
    """The value the row's other cells imply for an unreadable one (a suggestion only).

    Periodic quarters add up to the annual value; cumulative ones end at it.
    """
    annual, quarters = names[0], names[1:]
    if mode == "kumulatif":
        if name == annual:
            return values.get(quarters[-1])
        return values.get(annual) if name == quarters[-1] else None
    if name == annual:
        qs = [values.get(q) for q in quarters]
        return sum(qs) if all(v is not None for v in qs) else None
    others = [values.get(q) for q in quarters if q != name]
    if values.get(annual) is None or any(v is None for v in others):
        return None
    return values[annual] - sum(others)
