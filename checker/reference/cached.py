"""Ready-made objects kept in the user's cache folder, keyed by the bytes they come from.

The nomenclature index and the checked rule registry cost a second or more to build and
are the same from run to run as long as their sources are: both are pickled into
``$XDG_CACHE_HOME/sakip-check`` (or ``~/.cache/sakip-check``) under a name that hashes the
interpreter, the code that builds them and their source files, and loaded from there in
milliseconds. One implementation serves both, so the safety rules below hold for each:

- never the installed package or the repository; ``SAKIP_CHECK_NO_CACHE`` turns it off;
- a pickle runs code when loaded, so only a file of this user that nobody else can write
  is read;
- written atomically; a folder that cannot be written means no cache, never an error;
- only the newest ``keep`` files of a kind are kept.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")


def cache_path(kind: str, parts: Iterable[bytes]) -> Path | None:
    """Where the ``kind`` object built from exactly ``parts`` is kept; None: do not cache.

    ``parts`` are read lazily: an ``OSError`` while producing them (an unreadable source)
    means no cache, the builder then says what is wrong.
    """
    if os.environ.get("SAKIP_CHECK_NO_CACHE"):
        return None
    digest = hashlib.sha256(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    try:
        for part in parts:
            digest.update(part)
        root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (OSError, RuntimeError):  # an unreadable source, or no home folder
        return None
    return Path(root) / "sakip-check" / f"{kind}-{digest.hexdigest()[:32]}.pickle"


def read(path: Path, cls: type[T]) -> T | None:
    """The object kept at ``path``, or None when absent, damaged, foreign or not a ``cls``."""
    try:
        info = path.stat()
        if (hasattr(os, "getuid") and info.st_uid != os.getuid()) or info.st_mode & 0o022:
            return None
        with path.open("rb") as fh:
            found = _load(fh)
    except Exception:  # absent, truncated, from another version: build instead
        return None
    return found if isinstance(found, cls) else None


def _load(fh: BinaryIO) -> object:
    """Unpickle with the garbage collector paused.

    The nomenclature index is ~100,000 new containers, none of them garbage: each
    collection pass that their making sets off walks them for nothing (~6 ms of the
    index's ~27 ms load at the command line's threshold).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if enabled:
            gc.enable()


def write(path: Path, obj: object, keep: int) -> None:
    """Keep ``obj`` at ``path`` (atomically) and the newest ``keep`` files of its kind."""
    kind = path.name.split("-", 1)[0]
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        kept = sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in kept[:-keep]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: every run builds, nothing else changes
