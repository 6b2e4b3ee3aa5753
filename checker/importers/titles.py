"""What a table's title (or a sheet's name) says: the document kind, the level, the eselon.

``RENCANA AKSI ESELON IV`` is a rencana aksi of sub-kegiatan; ``Perjanjian Kinerja
Perubahan`` a PK Perubahan; ``Rencana Program, Kegiatan dan Pendanaan Indikatif`` a Renstra.
The title is one clue among several (the evidence is weighed in ``levels``), so these
functions say only what the words say, OCR slips included (``ESEL0N lV``).
"""

from __future__ import annotations

import re

from checker.importers.excel_header import LEVEL_WORDS, squash
from checker.model.schema import DocumentKind, Level

#: ``ESELON IV``, ``Es. III``, and their OCR slips (``ESEL0N lV``: zero for O, l for I).
_ESELON = re.compile(r"\bES(?:E[Ll1][O0]N)?\s*\.?\s*([IVl|]{2,3}|[234])\b", re.IGNORECASE)
_TINGKAT = re.compile(r"\bTINGKAT\s+(SUB\s*-?\s*KEGIATAN|KEGIATAN|PROGRAM|SASARAN|TUJUAN)",
                      re.IGNORECASE)
ESELON_LEVEL = {"II": Level.PROGRAM, "III": Level.KEGIATAN, "IV": Level.SUB_KEGIATAN}
_ESELON_OF = {"2": "II", "3": "III", "4": "IV", "II": "II", "III": "III", "IV": "IV"}


def _level_of(text: str) -> Level | None:
    s = squash(text)
    for word, level in LEVEL_WORDS.items():
        if word in s:
            return level
    return None


def level_from_text(text: str) -> tuple[Level | None, str | None]:
    """Level (and eselon) a title or sheet name announces.

    ``ESELON IV``, ``Tingkat Kegiatan``, ``Renaksi Sub Keg``.
    """
    m = _ESELON.search(text)
    eselon = _ESELON_OF.get(re.sub(r"[l|]", "I", m.group(1)).upper()) if m else None
    if eselon is not None:
        return ESELON_LEVEL[eselon], eselon
    m = _TINGKAT.search(text)
    if m:
        return _level_of(m.group(1)), None
    # A title naming several levels ("Pagu Program dan kegiatan", "PROGRAM/KEGIATAN/SUB
    # KEGIATAN") is about a table mixing them: it announces none; each row says its own.
    named = []
    if "subkeg" in squash(text):
        named.append(Level.SUB_KEGIATAN)
        text = re.sub(r"sub\s*-?\s*keg(?:iatan)?", " ", text, flags=re.IGNORECASE)
    if re.search(r"\bkeg(?:iatan)?\b", text, re.IGNORECASE):
        named.append(Level.KEGIATAN)
    if re.search(r"\bprog(?:ram)?\b", text, re.IGNORECASE):
        named.append(Level.PROGRAM)
    return (named[0] if len(named) == 1 else None), None


def kind_from_text(text: str) -> DocumentKind | None:
    """Document kind a title or sheet name announces, or None when it says none."""
    s = squash(text)
    if "rencanaaksi" in s or "renaksi" in s:  # "Rencana Aksi atas Perjanjian Kinerja"
        return DocumentKind.RENCANA_AKSI
    if ("perjanjiankinerja" in s or re.search(r"\bPK\b", text)) and "perubahan" in s:
        return DocumentKind.PK_PERUBAHAN
    if "perjanjiankinerja" in s or re.search(r"\bPK\b", text):
        return DocumentKind.PK
    if "rencanaaksi" in s or "renaksi" in s or "rencanakinerja" in s:
        return DocumentKind.RENCANA_AKSI
    if "lkjip" in s or "laporankinerja" in s:
        return DocumentKind.LKJIP
    if "evaluasi" in s and ("renja" in s or "rkpd" in s or "rencanakerja" in s):
        return DocumentKind.EVALUASI_RENJA
    if "pengukurankinerja" in s:
        return DocumentKind.PENGUKURAN
    if "realisasikinerja" in s or "realisasifisik" in s or "realisasianggaran" in s:
        return DocumentKind.REALISASI
    if re.search(r"\bDPA\b", text) or "dokumenpelaksanaananggaran" in s:
        return DocumentKind.DPA
    if "rpjmd" in s or "rencanapembangunanjangkamenengahdaerah" in s:
        return DocumentKind.RPJMD
    if "renstra" in s or "rencanastrategis" in s or "pendanaanindikatif" in s:
        return DocumentKind.RENSTRA  # Tabel T-C.27 "Rencana Program … dan Pendanaan Indikatif"
    return None
