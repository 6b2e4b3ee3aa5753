"""``Sheet.cells`` keeps a row's reading while the row holds the very same values.

The table stages ask the same rows many times, so the reading is kept; these tests say
when it must be read again: a value written into the row, the row replaced, and a value
equal to the old one but shown otherwise (``1`` and ``True`` are equal in Python).
"""

from __future__ import annotations

from checker.importers.excel_grid import Percent, Sheet


def test_cells_follow_writes_into_the_grid() -> None:
    sheet = Sheet(name="t", rows=[["  a  b ", None, 2.0], ["x"]])
    assert sheet.cells(1) == [(1, "a b"), (3, "2")]
    first = sheet.cells(1)
    first.append((9, "caller's own"))  # a caller may change what it is given
    assert sheet.cells(1) == [(1, "a b"), (3, "2")]
    sheet.rows[0][1] = "new"
    assert sheet.cells(1) == [(1, "a b"), (2, "new"), (3, "2")]
    sheet.rows[0].append("end")
    assert sheet.cells(1)[-1] == (4, "end")
    sheet.rows[0] = ["other"]
    assert sheet.cells(1) == [(1, "other")]
    sheet.rows.insert(0, [None, "moved"])
    assert (sheet.cells(1), sheet.cells(2)) == ([(2, "moved")], [(1, "other")])


def test_equal_values_of_another_kind_are_shown_as_they_are() -> None:
    sheet = Sheet(name="t", rows=[[1.0, 1]])
    assert sheet.cells(1) == [(1, "1"), (2, "1")]
    sheet.rows[0][0] = True
    sheet.rows[0][1] = Percent(1.0)
    assert sheet.cells(1) == [(1, "TRUE"), (2, "1%")]
