"""The text report prints its finding lines in one call: the bytes must be those of one call
per line, on a terminal (colour, wrapping at its width) and in a file (plain, unwrapped)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from checker.reports.text import clean

LINES = [
    "",
    f"{clean('Dinas Sosial · Rencana Aksi · 2024 (tests/data/seeds/000.txt)')} {'─' * 20}",
    "[bold red]KESALAHAN [/] TGT-001  RENCANA AKSI › E45  " + clean(
        "Target TW I–IV (21; 21; 21; 21) berjumlah 84, sedangkan target tahunan 85 "
        "[catatan] dan teks panjang yang harus dibungkus pada lebar terminal " * 2),
    "            Tertulis: 85  ·  Seharusnya: 84",
    "  [yellow]PERINGATAN[/] NOM-003  " + clean("Sub kegiatan \"Fasilitas [x]\" \\ tidak"),
    "",
    "[cyan]INFO      [/] STR-003  -  " + clean("\x1b[31mkendali\u202e bidi"),
]


@pytest.mark.parametrize(("terminal", "width"), [(True, 40), (True, 120), (False, 110),
                                                 (False, 30)])
def test_one_print_of_many_lines_is_one_print_per_line(terminal, width):
    def console(stream: io.StringIO) -> Console:
        return Console(file=stream, force_terminal=terminal, no_color=not terminal,
                       width=width, highlight=False, soft_wrap=not terminal)

    each, once = io.StringIO(), io.StringIO()
    per_line = console(each)
    for line in LINES:
        per_line.print(line)
    console(once).print(*LINES, sep="\n")
    assert once.getvalue() == each.getvalue()
    assert each.getvalue().count("\n") >= len(LINES)
