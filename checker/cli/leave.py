"""The command's end: once ``check`` has written its report, the process ends at once.

An interpreter that exits normally takes every module apart and frees every object one by
one: pandas, the rules, the nomenclature index, the documents and
their frames. After a ``check`` that is 0.15-0.2 s of CPU (about 0.1 s more than after a
bare ``import pandas``), spent after the last byte of the report is written, on objects
the operating system reclaims in one go anyway.

So the console command (``sakip-check`` and ``python -m checker``), after a ``check``,
ends the way a normal exit would up to that point, then skips the teardown:

- the standard streams are flushed (a failure, such as a closed pipe, hands the exit back
  to Python, which reports it as it always has);
- every ``atexit`` handler runs (logging's flush, ``multiprocessing``'s clean-up, the
  finalizers of temporary folders), as at a normal exit;
- only when the main thread is the last one: a thread still running (a web server) gets
  Python's normal exit, which waits for it.

Reports are written atomically and closed before this point (``reports.files``), the
caches likewise (``reference.cached``), so nothing is left half-written. Other commands
exit normally, and so does ``check`` when called in-process (``CliRunner`` in tests,
``scripts/make_reports.py``), since only :func:`run` ends the process.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

#: Set by a command whose process may end without teardown once it has returned.
_QUICK = [False]


def quick_exit_allowed() -> None:
    """Say that this run's command has written all it writes (``check`` calls it)."""
    _QUICK[0] = True


def run() -> None:
    """The console command: the click group in standalone mode, then :func:`leave`."""
    from checker.cli.main import main

    try:
        main()
    except SystemExit as done:
        leave(done)
        raise


def leave(done: SystemExit) -> None:
    """End the process now with ``done``'s exit code, or return for a normal exit."""
    code = done.code
    if not _QUICK[0] or not (code is None or isinstance(code, int)) \
            or threading.active_count() > 1:
        return
    try:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe or stream: Python's exit says so
        return
    atexit._run_exitfuncs()
    os._exit(code or 0)
