r"""Writing a report: to the terminal, or to a file that appears whole or not at all.

A report file is written to a temporary file beside its destination and moved into place
with ``os.replace`` (:func:`checker.reports.files.write_atomically`), so an interrupted run
never leaves a half-written report over a good one.

What goes to the terminal passes through :class:`SafeWriter`: a cell, a sheet name or a
file name can hold control characters (``ESC [2J`` clears the screen, ``ESC ]8`` forges a
link) or bidi overrides (U+202E shows ``txt.exe`` as ``exe.txt``), and no output format needs
one raw. They are written as ``\uXXXX``, which in a JSON or SARIF report is the same string
and elsewhere shows what was there. Only the text report on a terminal keeps its colours;
it removes such characters from the plan's text itself (:func:`checker.reports.text.clean`).
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from checker.reports import get_reporter
from checker.reports.files import write_atomically

if TYPE_CHECKING:  # the report model loads the plan model: 'rules' and '--help' need none of it
    from checker.reports.base import Report

# C0 controls but tab and newline, DEL, C1 controls, and the bidi marks and overrides.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                    "\u2066-\u2069]")


def neutralise(text: str) -> str:
    r"""``text`` with every control or bidi character written as ``\uXXXX``."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeWriter(io.TextIOBase):
    """A text stream that neutralises what it is given before passing it on."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(neutralise(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        # click.echo writes to a stream whose encoding it recognises; otherwise it would go
        # around this one, to the buffer underneath.
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.stream, "errors", None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def safe_stdout() -> Iterator[None]:
    """Standard output and error neutralised while the block runs (``inspect``, ``rules``)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeWriter(out), SafeWriter(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def write_report(report: Report, fmt: str, output: str | None, **options: Any) -> list[Path]:
    """Render ``report`` as ``fmt`` to ``output`` (atomically) or to standard output.

    ``options`` go to the reporter as they are (``sources`` of the xlsx reporter). Returns
    the files written: the report, then any file its reporter wrote beside it.
    """
    if output is None:
        terminal = sys.stdout.isatty()
        reporter = get_reporter(fmt, terminal=terminal)
        if reporter.binary:
            reporter.write(report, sys.stdout.buffer)
        elif fmt == "text" and terminal:  # colours are escape sequences; clean() did the rest
            reporter.write(report, sys.stdout)
        else:
            reporter.write(report, SafeWriter(sys.stdout))
        return list(getattr(reporter, "written", []))
    reporter = get_reporter(fmt, output_path=output, **options)
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)

    def fill(raw: IO[bytes]) -> None:
        if reporter.binary:
            reporter.write(report, raw)
        else:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            reporter.write(report, text)
            text.flush()
            text.detach()

    write_atomically(target, fill)
    return [target, *getattr(reporter, "written", [])]


def carries_errors(fmt: str) -> bool:
    """Whether ``fmt`` holds the input errors itself, as JSON and SARIF do.

    A CI job reads them there, so such a report is worth writing even when no document
    could be read; a text report would only say "0 dokumen".
    """
    return bool(getattr(get_reporter(fmt), "carries_errors", True))


def stderr_is_terminal() -> bool:
    """Whether a person watches standard error (a CI log needs no "written to" lines)."""
    return sys.stderr.isatty()
