"""What the LKjIP reader's modules share: its sections, their meta, names, findings.

An LKjIP text extract is one file holding several documents (the report's own tables, the
rencana aksi appendix, the PK and the PK Perubahan). :mod:`~checker.importers.text_lkjip`
finds them by their headings (:class:`Section`) and hands each to the shared pipeline;
what is left here is how a section and its meta are described, and how a table the
reader skips is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker.importers.issues import issue
from checker.importers.textlines import TextLine
from checker.model.finding import ItemRef
from checker.model.location import Location
from checker.model.plan import Document

NS = "import_lkjip"


# --------------------------------------------------------------------------- text
def norm(text: str | None) -> str:
    """Lower-case text without bold markers, no-break spaces or repeated spaces."""
    if not text:
        return ""
    text = text.replace("*", " ").replace("\u00a0", " ").replace("\ufffd", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def clean(text: str | None) -> str:
    """A cell's text as printed, with spaces tidied (kept for names and raw values)."""
    if not text:
        return ""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\ufffd", " ")).strip()


def squash(text: str | None) -> str:
    """Letters and digits only: a heading matched despite spacing and punctuation slips."""
    return re.sub(r"[^a-z0-9]", "", norm(text))


def title_case(text: str) -> str:
    """Title case for names printed in capitals (``DINAS SOSIAL`` → ``Dinas Sosial``)."""
    small = {"dan", "di", "ke", "dari", "pada", "yang", "serta"}
    words = []
    for i, word in enumerate(clean(text).split(" ")):
        low = word.lower()
        words.append(low if i and low in small else low[:1].upper() + low[1:])
    return " ".join(words)


# --------------------------------------------------------------------------- sections
@dataclass
class Meta:
    """Agency, regency and year of a document, as printed near its heading."""

    instansi: str | None = None
    pemda: str | None = None
    tahun: int | None = None

    def region(self) -> str:
        """The regency's own name (``lampung barat``), to tell its columns from others'."""
        return re.sub(r"^(pemerintah\s+)?(kabupaten|kab\.?|kota|provinsi)\s+", "",
                      norm(self.pemda))


@dataclass
class Section:
    """A recognised table or block: its heading, title and the lines below it."""

    kind: str  # "table" (Tabel x.y), "ra" (rencana aksi), "pk", "pk_perubahan"
    heading: TextLine
    title: str
    lines: list[TextLine]
    title_lines: list[TextLine] = field(default_factory=list)
    number: str | None = None  # "2.3" for Tabel 2.3
    level: str | None = None  # for "ra": tujuan, program, kegiatan, sub_kegiatan
    name: str = ""  # the table name used in locations ("Tabel 2.3")
    part: str | None = None  # the document part ("tabel-2.3")

    def rows(self) -> list[TextLine]:
        """The tab-separated lines of the section (the table's rows)."""
        return [ln for ln in self.lines if "\t" in ln.text and not ln.is_blank()]


def add_issue(doc: Document, code: str, key: str, location: Location, *,
              item: ItemRef | None = None, actual: Any = None, expected: Any = None,
              suggestion: str | None = None, suggestion_params: dict[str, Any] | None = None,
              **params: Any) -> None:
    """Append an importer finding; ``key`` and ``suggestion`` are keys of this namespace."""
    doc.issues.append(issue(
        doc.id, code, f"{NS}.{key}", location, item=item, actual=actual, expected=expected,
        suggestion_key=f"{NS}.{suggestion}" if suggestion else None,
        suggestion_params=suggestion_params, **params))
