r"""What a user uploads: the name is shown, never used as a path.

A browser sends the file name the user's computer had, and that name is not to be trusted:
``../../etc/cron.d/x``, ``C:\Windows\win.ini``, a NUL byte, a bidi override that shows
``txt.exe`` as ``exe.txt``, ten thousand characters. The server therefore stores every upload
under a name it makes itself (``berkas-1.xlsx``, ``berkas-2.txt``), inside a folder only it
can read, and keeps the user's name (cleaned) as a label for the page. Only the suffix is
taken from the user's name, and only when it is one of the formats the importers read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from checker.importers.registry import TEXT_SUFFIXES, WORKBOOK_SUFFIXES

#: Suffixes a user may upload (a CSV plan is several files with fixed names: use the CLI).
ACCEPTED = frozenset(WORKBOOK_SUFFIXES | TEXT_SUFFIXES)
#: Longest label kept from a user's file name.
MAX_LABEL = 120
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the user's name for it (a label only) and its bytes."""

    name: str
    data: bytes

    @property
    def label(self) -> str:
        return label_of(self.name)

    @property
    def suffix(self) -> str | None:
        return suffix_of(self.name)


def label_of(raw: str) -> str:
    r"""The user's file name as it may be shown: its last part, without control characters.

    Both separators count, since a Windows browser may send ``C:\Users\x\rencana.xlsx``.
    """
    last = PurePosixPath(raw.replace("\\", "/")).name
    clean = _UNSAFE.sub("", last).strip()
    if len(clean) > MAX_LABEL:
        stem, dot, ext = clean.rpartition(".")
        clean = (stem[: MAX_LABEL - len(ext) - 2] + "…" + dot + ext) if dot and len(ext) <= 5 \
            else clean[:MAX_LABEL]
    return clean if clean.strip(".") else "berkas"


def suffix_of(raw: str) -> str | None:
    """The upload's suffix, lower case, when it is one the importers read; else ``None``."""
    suffix = PurePosixPath(label_of(raw)).suffix.lower()
    return suffix if suffix in ACCEPTED else None


def store(uploads: list[Upload], folder: Path) -> dict[str, str]:
    """Write the uploads into ``folder`` under server-made names; stored path → label.

    Labels are unique within one review, so that a report naming files by label still
    tells two uploads called ``rencana.xlsx`` apart.

    Files are created exclusively (``O_EXCL``) and readable by the server's user only, so
    nothing can be written through a link planted beforehand.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored: dict[str, str] = {}
    for k, upload in enumerate(uploads, start=1):
        suffix = upload.suffix
        if suffix is None:  # refused before a check starts; never stored
            raise ValueError(f"unsupported upload {k}")
        path = folder / f"berkas-{k}{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(upload.data)
        stored[str(path)] = unique(upload.label, set(stored.values()))
    return stored


def unique(label: str, taken: set[str]) -> str:
    """``label``, or ``rencana (2).xlsx`` when two uploads share a name."""
    if label not in taken:
        return label
    stem, suffix = PurePosixPath(label).stem, PurePosixPath(label).suffix
    n = 2
    while f"{stem} ({n}){suffix}" in taken:
        n += 1
    return f"{stem} ({n}){suffix}"
