"""One official item (``Entry``) and the reading of a nomenclature CSV into entries.

Apart from :mod:`checker.reference.nomenclature` (the lookups) so that the list's own
format, its checks and its cleaning are read in one place, and that module stays about
searching. The CSV module only (no pandas): every check may read a list.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from typing import TextIO

from checker.reference.codes import (
    LEVELS,
    clean_code_text,
    level_of_code,
    normalise_code,
    parse_code,
)
from checker.reference.names import clean_satuan, clean_text, preferred_spellings

_REQUIRED_COLUMNS = ("kode", "level", "nama")


class NomenclatureError(ValueError):
    """A nomenclature CSV that cannot be read as the list it claims to be."""


@dataclass(frozen=True)
class Entry:
    """One official item. ``nama``, ``indikator`` and ``satuan`` are cleaned for display.

    The ``*_raw`` fields keep the transcription as the source file has it, so a report can
    show both when the cleaning matters (``Dokuman`` → ``Dokumen``, ``MÂ³/Hari`` → ``M³/Hari``).
    """

    kode: str
    level: str
    nama: str
    indikator: str | None
    satuan: str | None
    source: str
    kinerja: str | None = None
    nama_raw: str = ""
    indikator_raw: str | None = None
    satuan_raw: str | None = None

    @property
    def is_template(self) -> bool:
        """Whether this is a program-penunjang row written ``X.XX.01…`` (valid in every bidang)."""
        return self.kode.startswith("X.")


ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


def read_entries(stream: TextIO, source: str, where: str = "<csv>") -> list[Entry]:
    """Entries of one nomenclature CSV (columns kode, level, nama[, kinerja, indikator, satuan]).

    Raises ``NomenclatureError`` naming the line of a malformed code, an unknown level, a
    level that does not fit the code's shape, or a duplicate code: a silently wrong
    reference list would make every later finding wrong.
    """
    reader = csv.DictReader(stream)
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
    missing = [c for c in _REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise NomenclatureError(f"{where}: missing column(s) {', '.join(missing)}")
    rows: list[tuple[int, dict[str, str | None]]] = []
    for line, raw in enumerate(reader, start=2):
        row = {name: _cell(raw.get(original)) for name, original in columns.items()}
        if not any(row.values()):
            continue
        rows.append((line, row))
    preferred = preferred_spellings(row.get("satuan") for _, row in rows)
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        kode = clean_code_text(row["kode"] or "")
        level = (row["level"] or "").strip().lower()
        if parse_code(kode) is None:
            raise NomenclatureError(f"{where}:{line}: malformed code {row['kode']!r}")
        if level not in LEVELS:
            raise NomenclatureError(f"{where}:{line}: unknown level {row['level']!r}")
        if level_of_code(kode) != level:
            raise NomenclatureError(
                f"{where}:{line}: code {kode} has the shape of a {level_of_code(kode)}, "
                f"not a {level}"
            )
        canonical = normalise_code(kode) or kode
        if canonical in seen:
            raise NomenclatureError(
                f"{where}:{line}: code {kode} already given on line {seen[canonical]}"
            )
        seen[canonical] = line
        nama_raw = row["nama"] or ""
        entries.append(Entry(
            kode=kode,
            level=level,
            nama=clean_text(nama_raw) or "",
            indikator=clean_text(row.get("indikator")),
            satuan=clean_satuan(row.get("satuan"), preferred),
            source=source,
            kinerja=clean_text(row.get("kinerja")),
            nama_raw=nama_raw,
            indikator_raw=row.get("indikator"),
            satuan_raw=row.get("satuan"),
        ))
    return entries


def _cell(value: str | None) -> str | None:
    """A CSV cell with outer spaces removed; empty cells become None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


