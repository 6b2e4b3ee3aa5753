"""What every importer provides, and the helpers they share."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from checker.importers.textlines import TextLine
from checker.model.plan import Document
from checker.model.schema import DocumentKind


class Importer(Protocol):
    """A reader of one family of layouts.

    ``sniff`` gets the path and, for text files, its lines (``None`` for workbooks) and
    answers whether this importer recognises the file; ``read`` returns every document in
    it. ``read`` raises :class:`~checker.model.errors.InputError` for a file it cannot use
    at all and records anything it could not read for certain in ``Document.issues``.
    """

    name: str

    def sniff(self, path: Path, lines: list[TextLine] | None) -> bool: ...

    def read(self, path: Path) -> list[Document]: ...


def document_id(path: str | Path, jenis: DocumentKind | str, part: str | None = None) -> str:
    """Stable, readable id of a document: ``<file stem>#<kind>[-<part>]``."""
    kind = jenis.value if isinstance(jenis, DocumentKind) else jenis
    stem = Path(path).stem
    return f"{stem}#{kind}" + (f"-{part}" if part else "")


_SPACES = re.compile(r"\s+")


def normalise_name(text: str | None) -> str:
    """Case- and space-insensitive form of a name, for matching items across tables."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip().casefold()


#: Words a name printed in capitals keeps in lower case after its first word.
_SMALL_WORDS = frozenset({"dan", "serta", "di", "ke", "dari", "untuk", "pada", "yang",
                          "dengan", "atau"})


def title_case(text: str) -> str:
    """Agency and regency names printed in capitals read as names.

    ``DINAS SOSIAL`` → ``Dinas Sosial``, ``KAB. LOMBOK TIMUR`` → ``Kabupaten Lombok Timur``.
    """
    words = []
    for i, word in enumerate(_SPACES.sub(" ", text.replace("\u00a0", " ")).strip().split(" ")):
        low = word.lower()
        if low in ("kab.", "kab"):
            words.append("Kabupaten")
        elif i and low in _SMALL_WORDS:
            words.append(low)
        else:
            words.append(low[:1].upper() + low[1:])
    return " ".join(words)
