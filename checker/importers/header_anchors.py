"""The top header row of a text extract, put back over the columns it names.

A text extract keeps no merged cells, so the header reader lets an unmerged label cover
the blank cells to its right. A scanned page may also drop blank cells, and then a top
label stands columns left of the block it names: seed 004's rencana aksi prints
``NO | TUJUAN | ×7 | SASARAN STRATEGIS | ×11 | PENANGGUNG JAWAB`` over a row that prints
``TUJUAN`` at B and ``SASARAN STRATEGIS`` at M, the tujuan's block being eleven columns
wide. The row below says where each block starts; this module reads that, for the header
stage (:mod:`~checker.importers.excel_header`), and changes nothing else.
"""

from __future__ import annotations

from checker.importers.excel_grid import Sheet
from checker.importers.vocabulary import concepts, squash


def anchored_top(sheet: Sheet, rows: list[int]) -> dict[int, int]:
    """Where the top header row's labels belong when a text extract lost its blank cells.

    A text extract keeps no merges, and a scanned page may drop the blank cells a merged
    label spanned: ``NO | TUJUAN | ×7 | SASARAN STRATEGIS | ×11 | PENANGGUNG JAWAB`` over
    a row printing ``TUJUAN`` at B and ``SASARAN STRATEGIS`` at M (seed 004's rencana aksi).
    A top label the row below repeats word for word starts where the repetition stands;
    a label right of every such label, over columns the rows below still fill, stands
    after them (the table's last column). Returns ``{column: column printed}`` for the top
    row, empty when nothing is moved (a workbook's merges are never second-guessed).
    """
    if len(rows) < 2 or sheet.merges:
        return {}
    top, below = sheet.cells(rows[0]), sheet.cells(rows[1])
    place: dict[int, int] = {}
    moved = False
    for c, text in top:
        at = next((cc for cc, x in below if cc > c and squash(x) == squash(text)
                   and not any(squash(x) == squash(y) for cc2, y in top if cc2 > c)), None)
        if at is not None and at > max(place, default=0):
            place[at], moved = c, True
    filled = max((c for r in rows[1:] for c, _ in sheet.cells(r)), default=0)
    last = top[-1] if top else None
    # a last label that never has columns under it (the penanggung jawab) over a column
    # the rows below label: cells were lost before it too (seed 004's program table)
    leaf = last is not None and last[0] <= filled and "pj" in concepts(last[1]) and any(
        c == last[0] for r in rows[1:] for c, _ in sheet.cells(r))
    if not moved and not leaf:
        return {}
    anchor = max(place.values(), default=top[0][0] if not leaf else last[0] - 1)
    after = filled
    for c, _ in top:
        if c in place.values():
            continue
        if anchor < c <= filled:  # over the last block's columns: after them
            after += 1
            place[after] = c
        else:
            place.setdefault(c, c)
    return dict(sorted(place.items()))
