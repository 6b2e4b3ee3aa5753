"""A monthly plan read into quarters (``checker.importers.month_plan``)."""

from __future__ import annotations

from checker.importers.excel_pieces import Ind, Piece
from checker.importers.month_plan import months_to_quarters


def _plan(months: list[object], annual: object = None) -> Ind:
    """An indicator with twelve month cells in columns E..P of row 7, its target at D7."""
    ind = Ind(row=7)
    if annual is not None:
        ind.vals["target"] = Piece(annual, str(annual), 7, 4)
    for m, value in enumerate(months, start=1):
        ind.vals[f"target_m{m}"] = Piece(value, "" if value is None else str(value), 7, 4 + m)
    return ind


def test_a_running_series_ending_at_the_target_is_kumulatif_each_quarter_its_third_month():
    ind = _plan([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], annual=12)
    mode, note = months_to_quarters(ind, "target", None, {})
    assert (mode, note) == ("kumulatif", None)
    assert [ind.vals[f"target_tw{q}"].value for q in range(1, 5)] == [3, 6, 9, 12]
    assert (ind.vals["target_tw2"].row, ind.vals["target_tw2"].col) == (7, 10)  # June's cell
    assert not any(k.startswith("target_m") for k in ind.vals)


def test_months_adding_up_to_the_target_are_periodik_each_quarter_the_sum_of_three():
    ind = _plan([1] * 12, annual=12)
    mode, _ = months_to_quarters(ind, "target", None, {})
    assert mode == "periodik"
    assert [ind.vals[f"target_tw{q}"].value for q in range(1, 5)] == [3, 3, 3, 3]


def test_the_header_s_stated_mode_wins_over_the_numbers():
    ind = _plan([1] * 12, annual=12)
    mode, _ = months_to_quarters(ind, "target", "kumulatif", {})
    assert mode == "kumulatif" and ind.vals["target_tw4"].value == 1


def test_a_month_that_cannot_be_read_writes_no_quarter_and_names_its_cell():
    ind = _plan([1, 2, 3, 4, "x?", 6, 7, 8, 9, 10, 11, 12], annual=12)
    mode, note = months_to_quarters(ind, "target", None, {})
    assert mode is None and note is not None and "I7" in note
    assert not any(k.startswith("target_tw") for k in ind.vals)
