"""A text file's lines are read once per run while the file is unchanged (``read_lines``).

The registry's sniff, the container's HTML test, the text grid and the captioned report
each ask for the lines of the same file. They get the same lines as a fresh read, each in
a list of its own, and a file written in between is read again.
"""

from __future__ import annotations

import os

from checker.importers import excel_layout, textlines
from checker.importers.registry import load
from checker.importers.textlines import read_lines
from tests.conftest import SEEDS


def _decodes(monkeypatch) -> list[str]:
    seen: list[str] = []
    decode = textlines.decode

    def counted(data: bytes, path: str) -> str:
        seen.append(path)
        return decode(data, path)

    monkeypatch.setattr(textlines, "decode", counted)
    return seen


def test_a_report_is_decoded_once_and_read_as_before(monkeypatch) -> None:
    path = sorted(SEEDS.glob("004_*.txt"))[0]
    textlines._LAST.clear()
    excel_layout._CACHE.clear()  # the grids read afresh too
    seen = _decodes(monkeypatch)
    docs = [d.model_dump(mode="json") for d in load(path)]
    assert seen == [str(path)]
    excel_layout._CACHE.clear()
    monkeypatch.setattr(textlines, "_LAST", _Forgetful())  # every call reads the file
    assert [d.model_dump(mode="json") for d in load(path)] == docs
    assert len(seen) >= 4


class _Forgetful(dict):
    """A memo that keeps nothing: the oracle reads the file at every call."""

    def __setitem__(self, key, value) -> None:
        pass


def test_a_changed_file_is_read_again_and_lists_are_the_callers(tmp_path, monkeypatch) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("a\tb\nc\n", encoding="utf-8")
    seen = _decodes(monkeypatch)
    first = read_lines(path)
    first.append(textlines.TextLine(9, "mine"))
    assert [ln.text for ln in read_lines(path)] == ["a\tb", "c", ""]
    assert len(seen) == 1
    path.write_text("a\tb\nc\nd\n", encoding="utf-8")  # another size
    assert [ln.text for ln in read_lines(path)] == ["a\tb", "c", "d", ""]
    stat = path.stat()
    path.write_text("x\ty\nz\nw\n", encoding="utf-8")  # the same size, a later time
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert [ln.text for ln in read_lines(path)] == ["x\ty", "z", "w", ""]
    assert len(seen) == 3
