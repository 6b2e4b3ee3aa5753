"""Financial plans printed in % of the pagu (``TRW II = 29,89%``), read into their own fields.

A rencana aksi may give a kegiatan's budget plan per triwulan as a share of its pagu instead
of in rupiah (seed 001's kegiatan and sub-kegiatan tables). Such a value never goes into the
rupiah plan (``anggaran_tw*``): it is kept in ``anggaran_persen_tw*``, with the rounding step
it was printed with in ``anggaran_persen_presisi``, so that ROL-008 and ROL-009 can test that
a parent's % is a budget-weighted mean of its children's and call it wrong only when no
rounding of the printed values explains it. Shared by the text and the grid readers.
"""

from __future__ import annotations

from decimal import Decimal

from checker.importers.numbers import parse_number
from checker.model.location import Location
from checker.model.plan import Item

#: 0 % (nothing yet) and 100 % (the whole pagu) are exact by construction; the step given
#: to a row whose printed values are all 0 or 100.
EXACT_STEP = 0.01
MAX_DECIMALS = 4  # a stored spreadsheet float is not a printed precision


def printed_step(value: Decimal) -> float:
    """One unit of the last decimal printed: 0,01 for ``18,32``, 0,1 for ``45,5``, 1 for ``49``.

    A whole step rather than half of one, so that a value cut off (not rounded) by its
    writer is still explained.
    """
    if value in (0, 100):
        return EXACT_STEP
    decimals = min(max(-int(value.as_tuple().exponent), 0), MAX_DECIMALS)
    return float(Decimal(1).scaleb(-decimals))


def read_percent_plan(item: Item, name: str, text: str, location: Location,
                      mode: str | None) -> None:
    """Read one printed % of the pagu into ``name`` (``anggaran_persen_tw2``) of ``item``.

    Anything else (a realisasi in %, an annual cell) stays as printed in ``raw``; a text
    that is not one clean percentage is left unread there too (the column's STR-004 note
    already says the plan is in %).
    """
    item.raw[name] = text
    if not name.startswith("anggaran_persen_tw"):
        return
    parsed = parse_number(text)
    if not parsed.ok or parsed.value is None or parsed.unit not in (None, "%"):
        return
    setattr(item, name, float(parsed.value))
    item.locate(name, location, text)
    item.anggaran_persen_presisi = max(item.anggaran_persen_presisi or 0.0,
                                       printed_step(parsed.value))
    item.anggaran_mode = item.anggaran_mode or mode
