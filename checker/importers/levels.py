"""Each row's level from all the evidence there is, weighed, and shown to the user.

A table that lists programs, kegiatan and sub-kegiatan in one name column says each row's
level in many ways at once, none of them always present: a level column (``Kegiatan``,
``Sub-Kegiatan``), the code's depth (``1.06.02.2.01``), the name's first word
(``Program …``), the national nomenclature (``Penyusunan Dokumen Perencanaan Perangkat
Daerah`` is a sub-kegiatan), a section label above the rows, the column's or the table's
title (``ESELON IV``), the numbering style (``1.``, ``a.``, ``1)``) and the indentation.
Every clue is a :class:`Clue` with its weight; :func:`decide` adds them up per level and
answers only when one level clearly leads. The clues travel with the item into
``sakip-check inspect`` so that a reviewer sees why a row was read as a kegiatan.

Rows of the levels above a program (urusan, bidang urusan: ``UNSUR PENUNJANG URUSAN
PEMERINTAHAN``, ``PERENCANAAN``) are recognised as such, so they are never read as
programs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from checker.importers.vocabulary import level_named
from checker.model.schema import Level

#: Weight of each kind of clue: explicit statements first, inferences after.
WEIGHTS: dict[str, float] = {
    "kolom level": 1.0,  # a column saying the level in words
    "kode": 0.95,  # the code's depth (1.06.02 program, 1.06.02.2.01 kegiatan)
    "awalan nama": 0.9,  # "Program …", "Sub Kegiatan: …"
    "nomenklatur": 0.8,  # the exact official name of one level
    "nomenklatur (mirip)": 0.5,  # a near official name, clearly better than the next
    "label bagian": 0.75,  # a "Kegiatan" / "Sub Kegiatan" row above
    "judul kolom": 0.5,  # a mixed column's header names tujuan/sasaran, the row says no more
    "judul tabel": 0.6,  # ESELON IV, Tingkat Kegiatan
    "urutan": 0.55,  # nothing else said, and the row follows a sub-kegiatan (the deepest
    # level: one too), or it follows a program and its official name is a kegiatan's and a
    # sub-kegiatan's alike (the kegiatan: a program lists its kegiatan first)
}
#: How far the best level must lead the second for the row to be decided.
MARGIN = 0.3
#: Below this total the evidence is too thin to name a level at all.
FLOOR = 0.5
#: Levels above a program, recognised so that they are not read as items.
ABOVE_PROGRAM = ("urusan", "bidang_urusan", "perangkat_daerah")

_BIDANG = "urusan pemerintahan bidang "
_URUSAN = re.compile(r"^\s*(?:urusan|unsur)\b", re.IGNORECASE)
#: A row naming the agency itself (its totals over all programs), in capitals or not.
_AGENCY = re.compile(r"^\s*(?:dinas|badan|kantor|inspektorat|sekretariat|satuan\s+polisi|"
                     r"rumah\s+sakit|kecamatan)\b[^\d]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Clue:
    """One piece of evidence for a row's level."""

    level: str  # a Level value, or urusan / bidang_urusan
    source: str  # a key of WEIGHTS
    detail: str = ""

    @property
    def weight(self) -> float:
        return WEIGHTS[self.source]

    def describe(self) -> str:
        return f"{self.source}: {self.detail}" if self.detail else self.source


@lru_cache(maxsize=1)
def _official_levels() -> dict[str, frozenset[str]]:
    """Official name key → the levels that name has in the national nomenclature.

    The nomenclature's own map (built with its index, the ``URUSAN X.XX`` placeholders
    left out there), plus a bidang urusan by its short name.
    """
    from checker.reference.nomenclature import nomenclature

    out = dict(nomenclature().name_levels())
    bidang = frozenset({"bidang_urusan"})
    for key, levels in list(out.items()):
        if "bidang_urusan" in levels and key.startswith(_BIDANG):
            # a pagu table's "SOSIAL" row: the bidang urusan by its short name
            short = key[len(_BIDANG):]
            out[short] = out.get(short, frozenset()) | bidang
    return out


def official_levels(name: str | None) -> frozenset[str]:
    """The levels an official name has (two when a kegiatan and a sub-kegiatan share it)."""
    from checker.reference.names import name_key

    return _official_levels().get(name_key(name), frozenset()) if name else frozenset()


def name_clues(name: str | None, *, near: bool = True) -> list[Clue]:
    """What a row's name says of its level: first word, urusan words, the nomenclature."""
    if not name or not name.strip():
        return []
    clues: list[Clue] = []
    prefixed = level_named(name, whole=False)
    if prefixed is not None:
        clues.append(Clue(prefixed.value, "awalan nama", name.split()[0]))
    elif _URUSAN.match(name):
        clues.append(Clue("urusan", "awalan nama", name.split()[0]))
    elif _AGENCY.match(name):
        clues.append(Clue("perangkat_daerah", "awalan nama", name.split()[0]))
    from checker.reference.names import name_key

    key = name_key(name)
    levels = _official_levels().get(key)
    if levels and len(levels) == 1:
        clues.append(Clue(next(iter(levels)), "nomenklatur", name[:60]))
    elif not levels and near and len(key) > 8:
        clues.extend(_near_clue(name))
    return clues


@lru_cache(maxsize=1)
def _official_keys() -> list[str]:
    """The official name keys in order, to find the names a cut-short name begins."""
    return sorted(_official_levels())


def _cut_short_clue(key: str) -> list[Clue]:
    """A name of three words or more that begins official names of one level only.

    ``Pengadaan Barang Milik Daerah`` printed for the kegiatan ``Pengadaan Barang Milik
    Daerah Penunjang Urusan Pemerintah Daerah``: a near name, weighed as one.
    """
    if len(key.split()) < 3:
        return []
    keys = _official_keys()
    start = bisect_left(keys, key + " ")
    levels: set[str] = set()
    for found in keys[start:]:
        if not found.startswith(key + " "):
            break
        levels |= _official_levels()[found]
    if len(levels) != 1:
        return []
    return [Clue(next(iter(levels)), "nomenklatur (mirip)", key[:60])]


def _near_clue(name: str) -> list[Clue]:
    """A near official name (a typo, a dropped word), only when clearly the closest."""
    from checker.reference.names import name_key
    from checker.reference.nomenclature import nomenclature

    cut = _cut_short_clue(name_key(name))
    if cut:
        return cut
    found = nomenclature().match_name(name, limit=4)
    if not found or found[0][1] < 0.9:
        return []
    best, score = found[0]
    rival = next((s for e, s in found[1:] if e.level != best.level), 0.0)
    if score - rival < 0.05:
        return []
    return [Clue(best.level, "nomenklatur (mirip)", f"{best.kode} {best.nama[:50]}")]


def code_clue(kode: str | None) -> list[Clue]:
    """The level a code's shape implies."""
    from checker.reference.codes import level_of_code

    found = level_of_code(kode) if kode else None
    return [Clue(found, "kode", kode or "")] if found else []


def text_clue(text: str | None, source: str) -> list[Clue]:
    """A level said in words: a level column's cell, a section label, a column header."""
    if not text:
        return []
    level = level_named(text)
    if level is None and _URUSAN.match(text):
        return [Clue("urusan", source, text)]
    return [Clue(level.value, source, text)] if level else []


def decide(clues: list[Clue]) -> tuple[str | None, list[Clue]]:
    """The level the clues point to, or None when they are thin or split.

    Returns the level (a :class:`Level` value, or urusan / bidang_urusan) and the clues
    that support it, strongest first.
    """
    if not clues:
        return None, []
    totals: dict[str, float] = {}
    for clue in clues:
        totals[clue.level] = totals.get(clue.level, 0.0) + clue.weight
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < FLOOR or score - second < MARGIN:
        return None, sorted(clues, key=lambda c: -c.weight)
    return best, sorted((c for c in clues if c.level == best), key=lambda c: -c.weight)


def as_level(found: str | None) -> Level | None:
    """A decided level as a :class:`Level`, None for urusan rows or no decision."""
    return Level(found) if found and found not in ABOVE_PROGRAM else None
