"""Two rules of the stacked-record stages that keep a value from being misread.

A count whose separators prove nothing is a whole number (``29.432 orang`` is 29,432
people, whatever the table's amounts use), and an item's money summed from its blocks is
unknown for a quarter one block's value was refused for (a sum of three blocks of four is
not the item's money).
"""

from __future__ import annotations

from decimal import Decimal

from checker.importers.excel_pieces import Ind, Piece, Rec, parse_piece
from checker.importers.excel_stacked import summed_shares


def test_a_count_proving_no_convention_is_whole_under_any_column_habit():
    for habit in ("en", "id", None):
        parsed = parse_piece(Piece("Trw 1 : 29.432 orang", "Trw 1 : 29.432 orang", 5, 7),
                             False, habit)
        assert (parsed.value, parsed.unit, parsed.convention) == (29432, "orang", None)
    # a decimal the text proves stays a decimal; a measure that is not a count is not forced
    assert parse_piece(Piece("1,5 orang", "1,5 orang", 5, 7), False, "en").value == \
        Decimal("1.5")
    assert parse_piece(Piece("29.432 persen", "29.432 persen", 5, 7), False, "en").value == \
        Decimal("29.432")
    # money is never a count
    assert parse_piece(Piece("29.432", "29.432", 5, 7), True, "id").value == 29432


def _rec(refused: set[tuple[int, int]]) -> Rec:
    rec = Rec(level=None, row=10, group=0, inds=[Ind(row=10), Ind(row=14)])
    rec.vals["anggaran_tw4"] = Piece("100", "100", 13, 9)
    rec.shares["anggaran_tw4"] = [rec.vals["anggaran_tw4"], Piece("50", "50", 17, 9)]
    rec.vals["anggaran_tw3"] = Piece("80", "80", 12, 9)
    rec.shares["anggaran_tw3"] = [rec.vals["anggaran_tw3"], Piece("40", "40", 16, 9)]
    rec.slot_of.update({"anggaran_tw4": 9, "anggaran_tw3": 9})
    rec.refused |= refused
    return rec


def test_a_quarter_one_block_was_refused_for_has_no_summed_money():
    rec = _rec({(9, 4)})  # a third block's TW 4 amount, labelled TW 3, was refused
    assert summed_shares(rec, lambda key, p: int(p.value)) == ["anggaran_tw3"]
    assert rec.vals["anggaran_tw3"].value == 120
    assert "anggaran_tw4" not in rec.vals
    rec = _rec(set())
    assert sorted(summed_shares(rec, lambda key, p: int(p.value))) == [
        "anggaran_tw3", "anggaran_tw4"]
    assert rec.vals["anggaran_tw4"].value == 150
