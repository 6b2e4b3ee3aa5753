"""Writing a report: to the terminal, or to a file that appears whole or not at all.

A report file is written to a temporary file beside its destination and moved into place
with ``os.replace``, so an interrupted run never leaves a half-written report over a good
one.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

from checker.reports import get_reporter
from checker.reports.base import Report


def write_report(report: Report, fmt: str, output: str | None) -> None:
    """Render ``report`` as ``fmt`` to ``output`` (atomically) or to standard output."""
    if output is None:
        terminal = sys.stdout.isatty()
        reporter = get_reporter(fmt, terminal=terminal)
        if reporter.binary:
            reporter.write(report, sys.stdout.buffer)
        else:
            reporter.write(report, sys.stdout)
        return
    reporter = get_reporter(fmt, output_path=output)
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            if reporter.binary:
                reporter.write(report, raw)
            else:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                reporter.write(report, text)
                text.flush()
                text.detach()
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
