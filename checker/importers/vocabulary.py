"""The header vocabulary (``vocabulary.toml``) as functions the header reader calls.

Spellings are data: the header reader asks :func:`concepts` what a header text names and
:func:`unit_of` what a unit label under it says, and never spells a header word itself.
A user's mapping file adds spellings on top of the built-in ones (:func:`extend`), so a
layout the detection misreads is corrected without touching code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from checker.model.schema import Level


@lru_cache(maxsize=100_000)
def squash(text: str) -> str:
    """Lower-case letters and digits only: ``PENANGGUNG JAWAB`` = ``Penanggungjawab``.

    Kept per text: the table stages squash the same cell texts row after row (14,000
    calls for a few thousand texts on seed 004). An ASCII text (most cells) drops its
    other characters as bytes, in one step: 0.3 us where the expression takes ~1 us.
    """
    if text.isascii():  # casefold is lower there, and every character is one byte
        return text.lower().encode("ascii").translate(None, _ASCII_DROPPED).decode("ascii")
    return _NOT_LETTER_OR_DIGIT.sub("", text.casefold())


_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]")
#: The ASCII characters :data:`_NOT_LETTER_OR_DIGIT` removes (as bytes, for ``translate``).
_ASCII_DROPPED = bytes(b for b in range(128) if _NOT_LETTER_OR_DIGIT.match(chr(b)))


@dataclass
class Concept:
    """How header texts name one concept: whole text, start, anywhere, or a pattern."""

    exact: frozenset[str] = frozenset()
    prefix: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None

    def named_by(self, squashed: str, text: str) -> bool:
        return (squashed in self.exact or squashed.startswith(self.prefix)
                or (self._contains is not None and self._contains.search(squashed) is not None)
                or bool(self.pattern and self.pattern.search(text)))

    @cached_property
    def _contains(self) -> re.Pattern[str] | None:
        """The ``contains`` words as one search.

        Each header text is tested against every concept (33,000 tests on seed 004); a
        generator over the words was most of a test's cost.
        """
        return re.compile("|".join(map(re.escape, self.contains))) if self.contains else None


@dataclass
class Vocabulary:
    """Every concept, the generic words, the unit labels and the level names."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    generic: frozenset[str] = frozenset()
    units: dict[str, frozenset[str]] = field(default_factory=dict)
    levels: dict[Level, tuple[str, ...]] = field(default_factory=dict)
    versions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def named(self, squashed: str, text: str) -> frozenset[str]:
        """The concepts a header text names, each tested only when a first cut says it may.

        Most cell texts name no concept (a program's name, a number): one look-up in the
        union of the exact spellings, one ``startswith`` over every prefix and one search
        for every ``contains`` word say which concepts to test, instead of testing all 27
        on each text (1,200 distinct texts on seed 004). The test itself is unchanged.
        """
        exact, prefixes, contains, patterned, prefixed, containing = self._screen
        maybe = set(exact.get(squashed, ()))
        if prefixes and squashed.startswith(prefixes):
            maybe.update(prefixed)
        if contains is not None and contains.search(squashed) is not None:
            maybe.update(containing)
        maybe.update(patterned)
        return frozenset(name for name in maybe
                         if self.concepts[name].named_by(squashed, text))

    @cached_property
    def _screen(self) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...],
                               re.Pattern[str] | None, tuple[str, ...], tuple[str, ...],
                               tuple[str, ...]]:
        """The first cut of :meth:`named`: made once, concepts are not changed after.

        With the names of the concepts that have prefixes and ``contains`` words, which a
        text passing that cut may name (listed here, not gathered again for each text).
        """
        exact: dict[str, list[str]] = {}
        for name, concept in self.concepts.items():
            for spelling in concept.exact:
                exact.setdefault(spelling, []).append(name)
        prefixes = tuple(p for c in self.concepts.values() for p in c.prefix)
        words = [w for c in self.concepts.values() for w in c.contains]
        contains = re.compile("|".join(map(re.escape, words))) if words else None
        patterned = tuple(name for name, c in self.concepts.items() if c.pattern)
        prefixed = tuple(name for name, c in self.concepts.items() if c.prefix)
        containing = tuple(name for name, c in self.concepts.items() if c.contains)
        return ({k: tuple(v) for k, v in exact.items()}, prefixes, contains, patterned,
                prefixed, containing)


def _concept(spec: dict[str, Any], base: Concept | None = None) -> Concept:
    base = base or Concept()
    pattern = spec.get("pattern")
    return Concept(
        exact=base.exact | frozenset(squash(x) for x in spec.get("exact", [])),
        prefix=base.prefix + tuple(squash(x) for x in spec.get("prefix", [])),
        contains=base.contains + tuple(squash(x) for x in spec.get("contains", [])),
        pattern=re.compile(pattern, re.IGNORECASE) if pattern else base.pattern,
    )


def parse(data: dict[str, Any], base: Vocabulary | None = None) -> Vocabulary:
    """A vocabulary from a TOML table, on top of ``base`` when given (spellings added)."""
    base = base or Vocabulary()
    concepts = dict(base.concepts)
    for name, spec in data.get("concept", {}).items():
        concepts[name] = _concept(spec, concepts.get(name))
    generic = base.generic | frozenset(squash(x) for x in data.get("generic", {}).get(
        "words", []))
    units = dict(base.units)
    for name, words in data.get("unit", {}).items():
        units[name] = units.get(name, frozenset()) | frozenset(squash(x) for x in words)
    levels = dict(base.levels)
    for name, words in data.get("level", {}).items():
        level = Level(name)
        levels[level] = levels.get(level, ()) + tuple(squash(x) for x in words)
    versions = dict(base.versions)
    for name, words in data.get("version", {}).items():
        versions[name] = versions.get(name, ()) + tuple(squash(x) for x in words)
    return Vocabulary(concepts=concepts, generic=generic, units=units, levels=levels,
                      versions=versions)


@lru_cache(maxsize=1)
def builtin() -> Vocabulary:
    """The vocabulary shipped with the package."""
    text = resources.files("checker.importers").joinpath("vocabulary.toml").read_text(
        encoding="utf-8")
    return parse(tomllib.loads(text))


_ACTIVE: list[Vocabulary] = []


def current() -> Vocabulary:
    """The vocabulary in force: the built-in one plus what a mapping file added."""
    return _ACTIVE[-1] if _ACTIVE else builtin()


class extend:
    """Add spellings for the duration of a ``with`` block (a user's mapping file)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.vocabulary = parse(data, current())

    def __enter__(self) -> Vocabulary:
        _ACTIVE.append(self.vocabulary)
        return self.vocabulary

    def __exit__(self, *exc: object) -> None:
        _ACTIVE.pop()


def concepts(text: str) -> set[str]:
    """The concepts a header text names (``no``, ``indikator``, ``anggaran`` …).

    Kept per vocabulary and text: finding a table's header asks about the same cell texts
    row after row (about a thousand questions on a seed, each 26 concept tests).
    """
    vocabulary = current()
    ident = (id(vocabulary), text)
    known = _CONCEPTS.get(ident)
    if known is None or known[0] is not vocabulary:
        known = (vocabulary, vocabulary.named(squash(text), text))
        if len(_CONCEPTS) < _CONCEPTS_KEPT:
            _CONCEPTS[ident] = known
    return set(known[1])


# Answers of ``concepts``: (vocabulary id, text) -> (that vocabulary, its concepts). The
# vocabulary is kept in the value so that an id reused by another object cannot match.
_CONCEPTS: dict[tuple[int, str], tuple[Vocabulary, frozenset[str]]] = {}
_CONCEPTS_KEPT = 100_000


def generic(text: str) -> bool:
    """A word that says nothing on its own under a group header (``Target``, ``Rp``)."""
    return squash(text) in current().generic


def unit_of(text: str) -> str | None:
    """``kinerja``, ``rupiah`` or ``persen`` for a unit label (``K``, ``Rp.``, ``%``)."""
    stripped = text.strip().strip("()[]").strip()
    if not stripped or len(stripped) > 12:
        return None
    s = squash(stripped)
    if not s and "%" not in stripped:
        return None
    for name, words in current().units.items():
        if s in words:
            return name
    return None


def version_of(text: str) -> str | None:
    """The version of a budget a header names (``murni``, ``pergeseran``, ``perubahan``).

    A pagu table prints the budget as adopted, after the shifts and after the revision side
    by side; each is a field of its own (``anggaran_perubahan``), never a second
    ``anggaran``.
    """
    s = squash(text)
    return next((name for name, words in current().versions.items()
                 if any(w in s for w in words)), None)


#: ``1.``, ``a)``, ``(2)``, ``1.2`` before a space, or ``1.`` glued to a capital
#: (``1.Sub Kegiatan``, as a PDF's text often prints it).
NUMBERING = re.compile(r"^\s*(?:(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]|\d{1,3}\.\d{1,3}\.?)\s+"
                       r"|\d{1,3}\.(?=(?-i:[A-Z])))", re.IGNORECASE)


def strip_numbering(text: str) -> str:
    """A name without the list numbering printed before it (``1.``, ``a)``, ``(2)``)."""
    return NUMBERING.sub("", text, count=1).strip()


def strip_level_word(text: str) -> str:
    """A kegiatan's or sub-kegiatan's name without the level word printed before it.

    ``1. Sub Kegiatan Penyediaan Gaji`` is the sub-kegiatan ``Penyediaan Gaji``; a
    program keeps its word, which is part of the official name (``PROGRAM PENUNJANG …``).
    A name the word leaves without a letter (``Keg 1``, ``Kegiatan 2``) keeps it too.
    """
    bare = strip_numbering(text)
    level = level_named(bare, whole=False)
    if level is None or level.value == "program":
        return text
    m = re.match(r"^\s*(?:sub\s*-?\s*)?\S+\s*[:.\-–]?\s*", bare, re.IGNORECASE)
    rest = (bare[m.end():] if m else bare).strip()
    return rest if any(ch.isalpha() for ch in rest) else text


def level_named(text: str, *, whole: bool = True) -> Level | None:
    """The level a text names.

    With ``whole`` the entire text (``Sub Kegiatan`` in a level column or a section
    label); without, its first one or two words (``Program Penunjang …`` is a program,
    ``Sub Kegiatan: Penyediaan …`` a sub-kegiatan), never a longer word that merely starts
    alike (``Kegunaan``).
    """
    words = current().levels
    if whole:
        candidates = [squash(text)]
    else:
        parts = re.split(r"[\s:.\-–/]+", strip_numbering(text), maxsplit=2)
        candidates = [squash("".join(parts[:2])), squash(parts[0])] if parts else []
    for candidate in candidates:
        if not candidate:
            continue
        for level, names in words.items():
            if candidate in names:
                return level
    return None


_MONTHS = (("januari", "jan"), ("februari", "pebruari", "feb", "peb"), ("maret", "mar"),
           ("april", "apr"), ("mei",), ("juni", "jun"), ("juli", "jul"),
           ("agustus", "agu", "agt", "ags", "agst"), ("september", "sep", "sept"),
           ("oktober", "okt"), ("november", "nopember", "nov", "nop"), ("desember", "des"))


def month_of(text: str) -> int | None:
    """The month a header names (``Januari`` … ``Desember``, ``Jan``, ``Agt``), 1-based."""
    s = squash(text)
    for number, names in enumerate(_MONTHS, start=1):
        if s in names:
            return number
    return None


_YEAR_LABEL = re.compile(r"^\s*(?:tahun|th\.?|ta\.?)?\s*((?:19|20)\d\d)\s*$", re.IGNORECASE)


def year_of(text: str) -> int | None:
    """The year a header cell names alone (``Tahun 2025``, ``TA 2025``, ``2025``)."""
    m = _YEAR_LABEL.match(text)
    return int(m.group(1)) if m else None
