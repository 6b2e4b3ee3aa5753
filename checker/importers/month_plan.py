"""A monthly plan read into the quarters the model keeps.

The model keeps quarters, as every rule speaks of them; a monthly rencana aksi (twelve
columns under ``Januari … Desember`` or ``Bulan 1 … 12``) is read into them by
:class:`~checker.importers.excel_items.ItemBuilder`, one indicator and one measure
(target or realisasi) at a time. Kept apart from the builder because it is one rule of
reading with its own evidence (the shape of the series), tested on its own.
"""

from __future__ import annotations

import itertools

from checker.i18n import t
from checker.importers.excel_pieces import NS, QUARTERS, Ind, Piece, parse_piece
from checker.model.location import column_letter


def months_to_quarters(ind: Ind, base: str, stated: str | None,
                       conventions: dict[int, str | None]) -> tuple[str | None, str | None]:
    """``ind``'s months of ``base`` replaced by its quarters: (mode, note if not read).

    A running (kumulatif) series gives each quarter its third month's value (March, June,
    September, December), a periodic one the sum of its three months. Unless the header
    says which (``stated``), the numbers decide: a series that never falls and ends at the
    annual target is kumulatif, one whose months add up to it is periodik; one that fits
    neither keeps no mode, so that TGT-004 says so, and is read as a running series when it
    never falls. Each quarter points at its last month's cell. A month unread or missing is
    no guess: no quarter is written, and the note says which cell stopped it.
    """
    months: dict[int, Piece] = {}
    for key in [k for k in ind.vals if k.startswith(f"{base}_m")]:
        months[int(key.rsplit("_m", 1)[1])] = ind.vals.pop(key)
    values: dict[int, float] = {}
    for month, p in months.items():
        parsed = parse_piece(p, False, conventions.get(p.col))
        if parsed.ok:
            values[month] = parsed.as_float()
        elif parsed.status == "blank":
            values[month] = 0.0
    if sorted(values) != list(range(1, 13)):
        first = min(months.items(), key=lambda kv: (kv[0] in values, kv[0]))[1]
        return stated, t(f"{NS}.note_month_unread", raw=first.text,
                         cell=f"{column_letter(first.col)}{first.row}")
    series = [values[m] for m in range(1, 13)]
    annual = ind.vals.get(base)
    target = parse_piece(annual, False, conventions.get(annual.col)) if annual else None
    goal = target.as_float() if target is not None and target.ok else None
    running = all(a <= b + 1e-9 for a, b in itertools.pairwise(series))
    ends = goal is not None and abs(series[-1] - goal) <= 1e-6
    adds = goal is not None and abs(sum(series) - goal) <= 1e-6
    mode = stated or ("kumulatif" if running and ends else "periodik" if adds else None)
    cumulative = mode == "kumulatif" or (mode is None and running)
    for q in QUARTERS:
        last = months[3 * q]
        value = series[3 * q - 1] if cumulative else sum(series[3 * q - 3:3 * q])
        ind.vals[f"{base}_tw{q}"] = Piece(value, last.text, last.row, last.col)
    return mode, None
