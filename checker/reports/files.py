"""Report files: one permission for all of them, and whole-or-nothing writes.

A report and the annotated copies beside it are read by the same people (a reviewer, the
Dinas that receives the annex), so they get the same permissions: those a plain ``open()``
would give under the user's umask (``rw-r--r--`` under the usual 022). ``mkstemp`` creates
files readable only by their owner; left as they were, the annotated copies (and only
they) could not be opened by a colleague on a shared drive.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def report_mode() -> int:
    """The permissions of a file created by ``open(path, "w")`` under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(target: Path, fill: Callable[[IO[bytes]], None]) -> None:
    """Write ``target`` through ``fill`` into a temporary file beside it, then move it in.

    An interrupted run never leaves half a report over a good one; the temporary name
    starts with a dot, so a folder scan never takes it for a plan.

    A target that exists and is not a file (``/dev/null``, ``/dev/stdout``, a named pipe)
    is written into as it is: moving a file over it would replace the device itself, and
    run as root, ``-o /dev/null`` left the system a plain file there, which broke every
    program that writes to it (``apt-get`` among them).
    """
    if _special(target):
        with open(target, "wb") as raw:
            fill(raw)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            fill(raw)
        os.chmod(tmp, report_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _special(target: Path) -> bool:
    """Whether ``target`` exists and is neither a regular file nor a folder."""
    try:
        mode = os.stat(target).st_mode
    except OSError:  # absent (or unreadable: the move will say so)
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
