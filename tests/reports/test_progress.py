"""The progress bar: drawn on a terminal for long runs, silent everywhere else."""

from __future__ import annotations

import io

from checker.cli import collect as collect_module
from checker.reports.progress import file_progress
from tests.conftest import make_document


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_the_stream_is_not_a_terminal():
    stream = io.StringIO()
    with file_progress("id", stream=stream) as progress:
        assert progress is None
    assert stream.getvalue() == ""


def test_bar_on_a_terminal_only_for_many_files():
    few = Terminal()
    with file_progress("id", stream=few, min_files=5) as progress:
        for i in range(3):
            progress(i, 3, f"rencana_{i}.xlsx")
    assert few.getvalue() == ""
    many = Terminal()
    with file_progress("id", stream=many, min_files=5) as progress:
        for i in range(6):
            progress(i, 6, f"rencana_{i}.xlsx")
        progress(6, 6, None)
    assert "Membaca berkas" in many.getvalue()


def test_collect_reports_each_file_then_the_end(tmp_path, monkeypatch):
    for name in ("a.xlsx", "b.xlsx"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setattr(collect_module, "load",
                        lambda path: [make_document(doc_id=path.stem, file=str(path))])
    calls = []
    collected = collect_module.collect([str(tmp_path)],
                                       progress=lambda d, n, f: calls.append((d, n, f)))
    assert len(collected.documents) == 2
    assert calls == [(0, 2, str(tmp_path / "a.xlsx")), (1, 2, str(tmp_path / "b.xlsx")),
                     (2, 2, None)]

