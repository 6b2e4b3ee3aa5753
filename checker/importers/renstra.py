"""The Renstra / RPJMD profile: year columns, baseline and end-of-period, read per year.

A Renstra table (Permendagri 86/2017, Tabel T-C.27 "Rencana Program, Kegiatan dan
Pendanaan Indikatif") prints, after the usual tujuan / sasaran / kode / program /
indikator columns, one pair of columns per year (``Tahun-1`` … ``Tahun-5``, or ``2021`` …
``2026``, each a ``Target`` and an ``Rp``), the baseline (``Kondisi Awal``, ``Data Capaian
pada Tahun Awal Perencanaan``) and the end of the period (``Kondisi Kinerja pada Akhir
Periode Renstra``, a target and the period's total funding). This module is not a parser:
it is a small profile over the shared pipeline.

* :func:`adapt` runs once the table's kind is known (from its title, see
  :func:`~checker.importers.excel_header.kind_from_text`): in a Renstra/RPJMD table the
  columns that name a year become ``year`` columns, the baseline ``kondisi_awal`` and the
  end of period ``kondisi_akhir``. An untitled table is read as a Renstra only when its
  header names three years or more and none of them is a realisation: an annual report's
  ``Target 2024 | Realisasi 2023`` stays what it is.
* :func:`read_years` runs after the shared item builder: each item's funding and each
  indicator's target per year become rows of the document's yearly frame
  (:class:`~checker.model.plan.YearValue`), each with its cell; the baseline and end
  target go to the indicator, the period's funding to the item. Every number goes through
  the builder's parser, so what cannot be read for certain is reported on its cell
  (NUM-001/003), never guessed.

In an annual document (PK, evaluasi Renja, LKjIP) Renstra columns stay context, as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.i18n import t
from checker.importers.excel_header import Col, Header, owners
from checker.importers.vocabulary import squash
from checker.model.plan import Indicator, Item, YearValue
from checker.model.schema import DocumentKind, Level

if TYPE_CHECKING:
    from checker.importers.excel_items import ItemBuilder
    from checker.importers.excel_pieces import Piece, Rec
    from checker.importers.excel_tables import Table

NS = "import_excel"
PLAN_KINDS = (DocumentKind.RENSTRA, DocumentKind.RPJMD)
#: Distinct years an untitled header must name to be read as a Renstra.
MIN_YEARS_UNTITLED = 3
#: Body rows sampled to confirm that an untitled table's year columns hold figures.
SAMPLE_ROWS = 200
_CALENDAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
#: ``Tahun-1``, ``Tahun ke-1``, ``Tahun ke 1``, ``Tahun 1``, ``Th. 1``
_ORDINAL = re.compile(r"\b(?:tahun|th)\.?\s*(?:ke)?\s*[-–]?\s*([1-9])\b(?!\s*\d)", re.IGNORECASE)
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*(?:-|–|—|s\.?\s*/?\s*d\.?|sampai\s+dengan)\s*"
                     r"((?:19|20)\d\d)", re.IGNORECASE)
_MONEY_WORDS = ("rp", "rupiah", "pagu", "anggaran", "pendanaan", "dana", "rpjuta")
_BASELINE = ("kondisiawal", "kinerjaawal", "capaianawal", "tahunawal", "dataawal", "baseline",
             "kondisikinerjaawal", "awalperiode")
_END = ("akhirperiode", "kondisiakhir", "kinerjaakhir", "targetakhir")
_NOT_A_TARGET = ("realisasi", "capaian", "evaluasi")
_NO_DATA = ("na", "nihil", "tidakada", "belumada", "tad")
_INDICATOR_LABEL = re.compile(r"^\s*indikator\b[^:]{0,60}:\s*", re.IGNORECASE)


def _say(text: str, words: tuple[str, ...]) -> bool:
    s = squash(text)
    return any(w in s for w in words)


def year_of(col: Col) -> tuple[str, int] | None:
    """The year a column's header names, deepest text first.

    ``("tahun", 2022)`` for a calendar year, ``("ke", 3)`` for ``Tahun-3``; None for a
    column of the baseline or the end of the period, or of realisations.
    """
    whole = " ".join(col.path)
    if _say(whole, _BASELINE) or _say(whole, _END) or _say(whole, _NOT_A_TARGET):
        return None
    for text in reversed(col.path):
        if _PERIOD.search(text):
            continue  # "Renstra 2021-2026": the period, not a year of it
        years = _CALENDAR.findall(text)
        if len(years) == 1:
            return "tahun", int(years[0])
        m = _ORDINAL.search(text)
        if m:
            return "ke", int(m.group(1))
    return None


def _says_money(col: Col) -> bool:
    """The column's own label (or unit row) names rupiah and not a target."""
    last = col.path[-1]
    return col.unit == "rupiah" or (_say(last, _MONEY_WORDS)
                                    and not _say(last, ("target", "kinerja")))


def _money(col: Col, pair: list[Col]) -> bool:
    """Whether a year (or end-of-period) column holds rupiah.

    The header says so (``Rp``, ``Pagu``, ``Pendanaan``, a unit row ``Rp.``); of a pair of
    columns under one year where neither says, the second is the funding (``TARGET RP.``
    printed as one cell over both).
    """
    if _says_money(col):
        return True
    if len(pair) == 2 and not any(_says_money(c) for c in pair):
        return col is pair[1]
    return False


def adapt(table: Table) -> None:
    """Give a Renstra table's year, baseline and end-of-period columns their roles."""
    header = table.header
    years = {i: y for i, c in header.cols.items() if (y := year_of(c)) is not None}
    distinct = set(years.values())
    # a plan's target per year of which a title names the document's year (excel_tables:
    # a cascading or rencana aksi that prints the five-year targets) is not a Renstra
    chosen = any(c.plan_year is not None and c.role in ("annual", "pagu")
                 for c in header.cols.values())
    if table.kind not in PLAN_KINDS:
        if table.kind is not None or chosen or len(distinct) < MIN_YEARS_UNTITLED \
                or not _figures_under(table, list(years)):
            _end_of_period(header)
            return
        table.kind = DocumentKind.RENSTRA  # the header says so and the values agree
    if not distinct:
        return
    if table.level is not None and table.level_source and "program" in squash(
            table.level_source):
        # "Rencana Program, Kegiatan dan Pendanaan Indikatif" names the table, not a level
        table.level = table.eselon = table.level_source = None
    by_year: dict[tuple[str, int], list[Col]] = {}
    for index, key in sorted(years.items()):
        by_year.setdefault(key, []).append(header.cols[index])
    for key, cols in by_year.items():
        for col in cols:
            col.role, col.year, col.reason = "year", key, None
            col.money = _money(col, cols)
    ends = [c for c in sorted(header.cols.values(), key=lambda c: c.index)
            if c.role != "year" and _say(" ".join(c.path), _END)]
    for col in ends:
        col.role, col.reason = "kondisi_akhir", None
        col.money = _money(col, ends)
    for col in header.cols.values():
        if col.role not in ("year", "kondisi_akhir") and _say(" ".join(col.path), _BASELINE):
            col.role, col.reason, col.money = "kondisi_awal", None, False
    owners(header)
    _sasaran_indicators(header)


def _figures_under(table: Table, columns: list[int]) -> bool:
    """Whether the year columns hold figures: most filled cells read as numbers.

    A header naming years over columns of text (a schedule, a list of activities per
    year) is no Renstra table.
    """
    from checker.importers.numbers import parse_number

    first, last = table.body
    filled = numbers = 0
    for row in range(first, min(last, first + SAMPLE_ROWS) + 1):
        for col in columns:
            text = table.sheet.text(row, col)
            if not text:
                continue
            filled += 1
            value = table.sheet.value(row, col)
            numbers += isinstance(value, int | float) or parse_number(text).ok
    return filled > 0 and numbers * 2 >= filled


def _end_of_period(header: Header) -> None:
    """In an annual document, the Renstra's end-of-period target and funding are read.

    The evaluasi Renja form (Permendagri 86/2017) prints "Target Renstra Perangkat Daerah
    pada Tahun 2030 (Akhir Periode Renstra)" as K and Rp: the indicator's target at the end
    of the period and the Renstra's funding for the whole period (its column 15 divides the
    cumulative realisation by them). They are read as ``target_akhir`` and
    ``anggaran_periode`` (the period's roll-up, REN-003, checks them); every other Renstra
    column (realisations to date, percentages) stays context.
    """
    for col in header.cols.values():
        whole = " ".join(col.path)
        if col.role == "ignored" and col.reason == "renstra" and _say(whole, _END) \
                and _say(whole, ("target",)) and not _say(whole, _NOT_A_TARGET) \
                and not _say(whole, ("sd", "sampai")):
            col.role, col.reason = "kondisi_akhir", None


def owners_of(table: Table) -> None:
    """Column owners after a mapping file changed roles: a Renstra's own rule re-applied."""
    if table.kind in PLAN_KINDS:
        _sasaran_indicators(table.header)


def _sasaran_indicators(header: Header) -> None:
    """``Indikator Sasaran`` (or ``Indikator Tujuan``) belongs to the sasaran (tujuan) column.

    The shared owner rule gives every value column to the deepest name column (the
    program/kegiatan column); a Renstra prints the sasaran's own indicators, with their
    yearly targets, in a column of their own beside the sasaran.
    """
    names = {c.level: c for c in header.cols.values() if c.role == "name" and c.level}
    for col in header.cols.values():
        if col.role != "indikator":
            continue
        words = squash(" ".join(col.path))
        for level in (Level.SASARAN, Level.TUJUAN):
            if level.value in words and level in names and names[level].index < col.index:
                col.owner = names[level].index
                break


def period(table: Table, header: Header) -> tuple[int | None, int | None]:
    """First and last year of the plan: the title's period, else the years printed."""
    printed = sorted(c.year[1] for c in header.cols.values()
                     if c.role == "year" and c.year and c.year[0] == "tahun")
    for text in table.titles:
        m = _PERIOD.search(text)
        if m:
            first, last = int(m.group(1)), int(m.group(2))
            if first <= last and all(first <= y <= last for y in printed):
                return first, last
    if printed:
        return printed[0], printed[-1]
    return None, None


def read_years(builder: ItemBuilder, recs: list[Rec]) -> None:
    """The yearly frame, baseline, end target and period funding of one table's records."""
    header = builder.table.header
    cols = sorted((c for c in header.cols.values()
                   if c.role in ("year", "kondisi_awal", "kondisi_akhir")),
                  key=lambda c: c.index)
    if not cols:
        return
    doc = builder.doc
    plan = builder.table.kind in PLAN_KINDS
    first, last = period(builder.table, header) if plan else (None, None)
    if first is not None and doc.tahun_awal is None:
        doc.tahun_awal, doc.tahun_akhir = first, last
    items = {i.id: i for i in doc.items}
    indicators = {(i.item, i.row): i for i in doc.indicators}
    if plan:
        for indicator in indicators.values():
            _strip_label(indicator)
        _layout_parents(doc.items, {r.item_id for r in recs})
    read = 0
    for rec in recs:
        item = items.get(rec.item_id)
        if item is None:
            continue
        read += _funding(builder, rec, item, cols, first)
        for ind in rec.inds:
            indicator = indicators.get((item.id, ind.row))
            if indicator is not None and indicator.uraian:
                # a target without an indicator text has nothing to be paired by
                read += _targets(builder, ind.row, item, indicator, cols, first)
    if read:
        span = t(f"{NS}.note_renstra_period", first=first, last=last) if first is not None \
            else t(f"{NS}.note_renstra_no_period")
        builder.info.notes.append(t(
            f"{NS}.note_renstra_years", count=read, period=span,
            columns=", ".join(f"{c.letter} ({_label(c)})" for c in cols)))


def _funding(builder: ItemBuilder, rec: Rec, item: Item, cols: list[Col],
             first: int | None) -> int:
    """An item's funding per year and for the period; the count of yearly rows added.

    The Rp of a record may sit on any of its lines (a record printed over several rows).
    A blank year in a row that funds other years is nothing planned that year, as a blank
    quarter beside filled ones: 0, addressed at its empty cell. Several lines with an
    amount in the same column are the funding of each indicator line (an RPJMD prints the
    Rp of every indicator; its urusan total is the sum of the lines): the item's funding
    is their sum, addressed at the first, its parts kept as printed (``a + b``) and named
    in the table's notes. Lines that all repeat one amount are one amount printed again.
    """
    from checker.importers.excel_pieces import Piece

    rows = [rec.row, *(ind.row for ind in rec.inds if ind.row != rec.row)]
    money = [c for c in cols if c.money]
    found = {c.index: [p for r in rows if (p := builder.t.piece(r, c.index)) is not None]
             for c in money}
    funded = any(found[c.index] for c in money if c.role == "year")
    added = 0
    for col in money:
        pieces = found[col.index]
        p = pieces[0] if pieces else None
        if p is None and funded and col.role == "year":
            p = Piece(0, "", rec.row, col.index)
        value = _value(builder, p, True, item, col)
        if len(pieces) > 1 and value is not None:
            p, value = _summed(builder, pieces, value, item, col)
        if value is None or p is None:
            continue
        if col.role == "kondisi_akhir":
            item.anggaran_periode = value
            item.locate("anggaran_periode", builder.loc(p), p.text)
            continue
        builder.doc.tahunan.append(_year_row(builder, col, first, item.id, None, p,
                                             anggaran=value))
        added += 1
    return added


def _summed(builder: ItemBuilder, pieces: list[Piece], first: int, item: Item,
            col: Col) -> tuple[Piece, int | None]:
    """The funding of an item whose lines each print an amount in one column.

    Each amount is read where it is printed (a slip is reported at its own cell); when
    they differ, the item's funding is their sum, kept with the parts as printed.
    """
    from checker.importers.excel_pieces import Piece

    values = [first, *(_value(builder, p, True, item, col) for p in pieces[1:])]
    if any(v is None for v in values):
        return pieces[0], None  # an unreadable part: the sum cannot be known
    if len(set(values)) == 1:
        return pieces[0], first  # the same amount printed on every line: once
    total = sum(v for v in values if v is not None)
    text = " + ".join(p.text.strip() for p in pieces)
    builder.info.notes.append(t(f"{NS}.note_renstra_summed", item=item.kode or item.nama,
                                column=_label(col), cells=", ".join(
                                    builder.loc(p).cell or "" for p in pieces)))
    return Piece(total, text, pieces[0].row, pieces[0].col), total


def _targets(builder: ItemBuilder, row: int, item: Item, indicator: Indicator,
             cols: list[Col], first: int | None) -> int:
    """An indicator's baseline, targets per year and end target; the yearly rows added."""
    added = 0
    for col in cols:
        if col.money:
            continue
        p = builder.t.piece(row, col.index)
        if p is None:
            continue
        if squash(p.text) in _NO_DATA:  # "n/a": no figure printed, not a typo
            _no_data(builder, indicator, item, col, p, first)
            continue
        parsed = builder._parse(p, False, item, _label(col))
        if parsed is None or parsed.status == "blank":
            continue
        number = parsed.as_float() if parsed.ok else None
        if col.role == "kondisi_awal":
            indicator.kondisi_awal = number
            indicator.locate("kondisi_awal", builder.loc(p), p.text)
        elif col.role == "kondisi_akhir":
            indicator.target_akhir = number
            indicator.locate("target_akhir", builder.loc(p), p.text)
        else:
            text = p.text if not parsed.ok or parsed.grade else None
            builder.doc.tahunan.append(_year_row(builder, col, first, item.id,
                                                 indicator.uraian, p, target=number,
                                                 target_teks=text))
            added += 1
    return added


def _layout_parents(items: list[Item], ids: set[str]) -> None:
    """A kegiatan's parent is its program, not the sasaran printed to the left of the row.

    The shared layout stage gives every row of an item column the item of the column to
    its left as parent (a sasaran beside its program). In a Renstra the kegiatan rows
    follow their program in the same column; their parent is left to the code and order
    stage (:mod:`checker.importers.excel_parents`).
    """
    levels = {i.id: i.level for i in items}
    for item in items:
        if item.id in ids and item.induk and item.level in (Level.KEGIATAN, Level.SUB_KEGIATAN) \
                and levels.get(item.induk) in (Level.SASARAN, Level.TUJUAN):
            item.induk = None


def _strip_label(indicator: Indicator) -> None:
    """``Indikator Program (Outcome) : Persentase …`` is the indicator ``Persentase …``.

    The label says which kind of indicator the cell holds; left in, no PK indicator (which
    prints ``Persentase …``) would ever be paired with it. The printed text stays in ``raw``.
    """
    text = indicator.uraian or ""
    m = _INDICATOR_LABEL.match(text)
    if m and text[m.end():].strip():
        indicator.raw.setdefault("uraian", text)
        indicator.uraian = text[m.end():].strip()


def _no_data(builder: ItemBuilder, indicator: Indicator, item: Item, col: Col, p: Piece,
             first: int | None) -> None:
    """Keep where a "no data" cell is and what it says, with no value and no finding."""
    if col.role == "kondisi_awal":
        indicator.locate("kondisi_awal", builder.loc(p), p.text)
    elif col.role == "kondisi_akhir":
        indicator.locate("target_akhir", builder.loc(p), p.text)
    else:
        builder.doc.tahunan.append(_year_row(builder, col, first, item.id, indicator.uraian,
                                             p, target_teks=p.text))


def _value(builder: ItemBuilder, p: Piece | None, money: bool, item: Item,
           col: Col) -> int | None:
    if p is None:
        return None
    if p.text == "" and p.value == 0:
        return 0
    parsed = builder._parse(p, money, item, _label(col))
    if parsed is not None and parsed.status == "blank":
        return 0  # a dash: nothing planned that year
    if parsed is None or not parsed.ok:
        return None
    return parsed.as_int()


def _label(col: Col) -> str:
    if col.role == "kondisi_awal":
        return "kondisi awal"
    if col.role == "kondisi_akhir":
        return "akhir periode" + (" (Rp)" if col.money else "")
    kind, n = col.year or ("", 0)
    name = f"tahun {n}" if kind == "tahun" else f"tahun ke-{n}"
    return name + (" (Rp)" if col.money else "")


def _year_row(builder: ItemBuilder, col: Col, first: int | None, item: str,
              indikator: str | None, p: object, **values: object) -> YearValue:
    kind, n = col.year or ("ke", 0)
    tahun = n if kind == "tahun" else (first + n - 1 if first is not None else n)
    row = YearValue(item=item, indikator=indikator, tahun=tahun,
                    ke=None if kind == "tahun" else n, file=builder.r.file,
                    table=builder.t.sheet.name, row=p.row, **values)  # type: ignore[attr-defined]
    field = "anggaran" if col.money else "target"
    row.locate(field, builder.loc(p), p.text)  # type: ignore[arg-type, attr-defined]
    if values.get("target_teks") is not None:
        row.locate("target_teks", builder.loc(p))  # type: ignore[arg-type]
    return row
