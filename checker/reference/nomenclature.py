"""The national nomenclature of program, kegiatan and sub-kegiatan, looked up by code or name.

Two lists ship with the package (see ``PROVENANCE.md``): Kepmendagri 900-1317/2023 (every
urusan, four-digit sub-kegiatan codes, official indicator and unit) and Permendagri 90/2019
for urusan sosial (two-digit sub-kegiatan codes, as 2021 documents still write them). The
two numberings differ (``1.06.04.2.01.12`` in 2019 is not ``1.06.04.2.01.0012`` in 2023),
so a two-digit code is read against the 2019 list first; ``readings`` gives every reading.

The lists are read with the csv module (importing this module costs no pandas) from the
installed package, once, and a user may load a newer list with ``load_nomenclature``.
"""

from __future__ import annotations

import functools
import math
import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from checker.reference import index_cache
from checker.reference.codes import (
    LEVELS,
    ParsedCode,
    is_wellformed,
    kegiatan_digit,
    level_of_code,
    normalise_code,
    parent_code,
    parse_code,
)
from checker.reference.entries import Entry as Entry
from checker.reference.entries import NomenclatureError as NomenclatureError
from checker.reference.entries import read_entries as read_entries
from checker.reference.index_cache import ready as _ready
from checker.reference.matching import SAME_WORDS, NameIndex
from checker.reference.names import (
    name_key,
    strip_trailing_note,
)
from checker.reference.scope import Scope

SOURCE_2023 = "kepmendagri-900-1317-2023"
SOURCE_2019 = "permendagri-90-2019"
_BUILTIN_FILES: tuple[tuple[str, str], ...] = (
    (SOURCE_2023, "nomenklatur_kepmendagri_900-1317-2023.csv"),
    (SOURCE_2019, "nomenklatur_permendagri90-2019_sosial.csv"),
)
# Kegiatan digit → authority, as the reference README states it. Only 1 and 2 are plain
# provincial / kab-kota authority; the others are special-autonomy variants.
KEGIATAN_AUTHORITY: dict[str, str] = {
    "1": "provinsi",
    "2": "kabupaten_kota",
    "3": "otsus_papua",
    "4": "otsus_papua",
    "5": "keistimewaan_diy",
    "7": "kekhususan_aceh",
}
_PLACEHOLDER_CODES = frozenset({"X", "X.XX"})
# A match found only after dropping a trailing "(note)" of the query counts a little less.
_NOTE_PENALTY = 0.97
# Recommended reading of scores (see checker.reference.matching): from SAME_ITEM every
# content word has its official counterpart; from SUGGEST the official name is worth showing
# as "did you mean"; below it the name is not in the nomenclature.
SAME_ITEM = SAME_WORDS
SUGGEST = 0.6
_MATCH_CACHE = 50_000
# A search is made for at least this many candidates: the reader asks a name for 4, the
# engine the same name for 2 and then 1, and the first ``n`` of a longer answer are the
# answer for ``n`` (``_best`` takes candidates in one fixed order until it has enough).
_MATCH_AT_LEAST = 4


@dataclass
class _SourceList:
    """One list (one regulation), indexed by canonical code."""

    source: str
    entries: list[Entry]
    two_digit: bool = False
    by_code: dict[str, Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_code = {normalise_code(e.kode) or e.kode: e for e in self.entries}
        subs = [e for e in self.entries if e.level == "sub_kegiatan"]
        self.two_digit = bool(subs) and all(len(e.kode.rsplit(".", 1)[1]) == 2 for e in subs)


@dataclass(frozen=True)
class _Record:
    """A matchable entry with its comparison key, canonical code and the rank of its list."""

    entry: Entry
    rank: int
    key: str
    code: str


class Nomenclature:
    """The official lists, with lookups by code and by (approximate) name.

    Lists are searched in the order given; by convention four-digit lists (2023) first.
    """

    def __init__(self, lists: Sequence[tuple[str, Sequence[Entry]]]) -> None:
        """Index the given ``(source, entries)`` lists for code and name lookups."""
        self._lists = [_SourceList(source, list(entries)) for source, entries in lists]
        self._bidang = {
            code for lst in self._lists for code, e in lst.by_code.items()
            if e.level == "bidang_urusan" and code not in _PLACEHOLDER_CODES
        }
        self._build_name_index()

    def __getstate__(self) -> dict[str, object]:
        """Plain containers for the user's cache: see :mod:`checker.reference.index_cache`."""
        return index_cache.state_of(self)

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild from :meth:`__getstate__`'s state (records made on first use)."""
        index_cache.restore(self, state)

    # --- codes -------------------------------------------------------------------------

    @property
    def sources(self) -> list[str]:
        """Sources of the loaded lists, in lookup order."""
        return [lst.source for lst in self._lists]

    @staticmethod
    def normalise_code(kode: str) -> str | None:
        """Canonical U.BB.PP.K.KK.SSSS form (four-digit sub-kegiatan), None if malformed."""
        return normalise_code(kode)

    @staticmethod
    def is_wellformed(kode: str) -> bool:
        """Whether the code has the shape of a nomenclature code at some level."""
        return is_wellformed(kode)

    @staticmethod
    def level_of_code(kode: str) -> str | None:
        """Level the code's shape implies (urusan … sub_kegiatan), None if malformed."""
        return level_of_code(kode)

    @staticmethod
    def parent_code(kode: str) -> str | None:
        """Canonical code of the level above, or None for an urusan or a malformed code."""
        return parent_code(kode)

    def by_code(self, kode: str, source: str | None = None) -> Entry | None:
        """The official entry for a code as a document writes it, or None if it has none.

        Accepts two-digit (2019) and four-digit (2023) sub-kegiatan codes, spaces and a
        trailing dot, and program-penunjang codes under the agency's own bidang
        (``1.06.01.2.01.0001``, returned with that code). A two-digit code is read against
        the 2019 list first, then as the padded 2023 code; see ``readings``.
        """
        found = self.readings(kode, source)
        return found[0] if found else None

    def readings(self, kode: str, source: str | None = None) -> list[Entry]:
        """Every official entry a code can mean, most likely first.

        ``1.06.04.2.02.08`` is one item in Permendagri 90/2019 and another in 2023 (2024
        documents write 2023 items with two-digit numbers); a name check should accept a
        name that matches any reading and say which list it came from.
        """
        if source is None:
            known = self._readings.get(kode)
            if known is None:
                known = tuple(self._find_readings(kode, None))
                if len(self._readings) < _MATCH_CACHE * 16:  # bounded in a long process
                    self._readings[kode] = known
            return list(known)
        return self._find_readings(kode, source)

    def _find_readings(self, kode: str, source: str | None) -> list[Entry]:
        """``readings`` looked up (uncached): parse the code, search each list in order."""
        parsed = parse_code(kode)
        if parsed is None:
            return []
        out: list[Entry] = []
        for lst in self._lists_for(parsed):
            if source is not None and lst.source != source:
                continue
            entry = self._lookup(lst, parsed)
            if entry is not None and entry not in out:
                out.append(entry)
        return out

    def _lists_for(self, parsed: ParsedCode) -> list[_SourceList]:
        """Lists to search, in order, for a code written in the given style."""
        four = [lst for lst in self._lists if not lst.two_digit]
        two = [lst for lst in self._lists if lst.two_digit]
        if parsed.level != "sub_kegiatan":
            return four + two
        return two + four if parsed.two_digit_sub else four

    def _lookup(self, lst: _SourceList, parsed: ParsedCode) -> Entry | None:
        """Direct lookup, then the ``X.XX.01`` template for a known bidang."""
        code = parsed.canonical
        if code in _PLACEHOLDER_CODES:
            return None
        entry = lst.by_code.get(code)
        if entry is not None:
            return entry
        segs = parsed.segments
        if len(segs) >= 3 and segs[0] != "X" and f"{segs[0]}.{segs[1]}" in self._bidang:
            template = lst.by_code.get(".".join(("X", "XX", *parsed.canonical.split(".")[2:])))
            if template is not None:
                return replace(template, kode=code)
        return None

    def is_provincial_kegiatan(self, kode: str) -> bool:
        """Whether a kegiatan or sub-kegiatan code is of provincial authority (digit 1).

        Digit 2 is kab/kota; 3 and 4 (Papua), 5 (DIY) and 7 (Aceh) are special-autonomy
        variants that the list holds for kab/kota, so they are not reported as provincial.
        """
        return kegiatan_digit(kode) == "1"

    @staticmethod
    def kegiatan_authority(kode: str) -> str | None:
        """Authority the kegiatan digit stands for: ``provinsi``, ``kabupaten_kota``, …"""
        digit = kegiatan_digit(kode)
        return KEGIATAN_AUTHORITY.get(digit) if digit else None

    def entries(
        self, level: str | None = None, prefix: str | None = None, source: str | None = None
    ) -> list[Entry]:
        """Entries, optionally of one level, under a code prefix, from one source.

        Under a bidang prefix (``1.06``) the program-penunjang rows appear with that bidang's
        code; without a prefix they appear once, as ``X.XX.01…`` templates.
        """
        if level is not None and level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
        scope = Scope.of(prefix, self._bidang)
        out: list[Entry] = []
        for lst in self._lists:
            if source is not None and lst.source != source:
                continue
            for entry in lst.entries:
                if entry.kode in _PLACEHOLDER_CODES or (level and entry.level != level):
                    continue
                placed = scope.place(entry)
                if placed is not None:
                    out.append(placed)
        return out

    # --- names -------------------------------------------------------------------------

    def _build_name_index(self) -> None:
        """Precompute the comparison key of every matchable entry and index them."""
        records: list[_Record | None] = []
        rows: list[tuple[int, int, str, str]] = []
        for rank, lst in enumerate(self._lists):
            for pos, entry in enumerate(lst.entries):
                if entry.kode not in _PLACEHOLDER_CODES:
                    code = normalise_code(entry.kode) or entry.kode
                    records.append(_Record(entry, rank, name_key(entry.nama), code))
                    rows.append((rank, pos, records[-1].key, code))  # type: ignore[union-attr]
        self._records = records
        # (list rank, position in the list, key, canonical code) of each record: what the
        # cache keeps, and what a search's mask reads without making the records.
        self._record_rows = rows
        self._index = NameIndex([rec.key for rec in records])
        levels: dict[str, set[str]] = {}
        for rec in records:
            levels.setdefault(rec.key, set()).add(rec.entry.level)  # type: ignore[union-attr]
        one: dict[frozenset[str], frozenset[str]] = {}  # equal sets one object (pickled once)
        self._name_levels = {key: one.setdefault(frozenset(v), frozenset(v))
                             for key, v in levels.items()}
        # Plans repeat the same names across documents and years: answer each once.
        self._match_cache: dict[tuple[object, ...],
                                tuple[int, tuple[tuple[Entry, float], ...]]] = {}
        # Plans repeat the same codes: each code's readings are looked up once.
        self._readings: dict[str, tuple[Entry, ...]] = {}

    def keyed_entries(self) -> Iterator[tuple[str, Entry]]:
        """Every matchable entry with its name's comparison key, computed once at build.

        For callers that index official names their own way (the level each name has):
        keying 4,400 names again costs more than the rest of a small document's reading.
        """
        for i in range(len(self._records)):
            rec = self._record(i)
            yield rec.key, rec.entry

    def _record(self, i: int) -> _Record:
        """Record ``i``, made on first use after loading from the cache."""
        rec = self._records[i]
        if rec is None:
            rank, pos, key, code = self._record_rows[i]
            rec = object.__new__(_Record)
            rec.__dict__.update(entry=self._lists[rank].entries[pos], rank=rank, key=key,
                                code=code)
            self._records[i] = rec
        return rec

    def name_levels(self) -> dict[str, frozenset[str]]:
        """Each official name's comparison key → the levels of the items of that name.

        Made once with the index and kept in its cache: the reader asks it for every
        row's level (a name of one level only is evidence), and walking the 4,400 records
        to build it cost every run more than loading it.
        """
        return self._name_levels

    def match_name(
        self,
        nama: str,
        level: str | None = None,
        within: str | None = None,
        limit: int = 3,
        source: str | None = None,
    ) -> list[tuple[Entry, float]]:
        """Closest official names to ``nama``, best first, each with a score in 0..1.

        1.0 means the same name once case, spacing, punctuation, ``&``/``dan``, a leading
        ``PROGRAM`` and a ``Kewenangan/Daerah Kabupaten/Kota`` suffix are set aside; any
        other score is below 1. ``within`` limits the search to a code prefix (``1.06``,
        ``1.06.04.2.01``), penunjang rows included under a bidang.
        """
        if not _searchable(nama, level, limit):
            return []
        ident = (nama, level, within, source)
        cached = self._match_cache.get(ident)
        if cached is not None:
            asked, found = cached
            # The same search made for as many or more, or one that found fewer than it
            # asked (nothing more to find): its first ``limit`` are this answer.
            if limit <= asked or len(found) < asked:
                return list(found[:limit])
        wanted = max(limit, _MATCH_AT_LEAST)
        scope = Scope.of(within, self._bidang)
        allowed = self._allowed(level, source, scope)
        exact = self._same(nama, allowed, scope, wanted)
        if len(exact) >= limit:
            if len(self._match_cache) < _MATCH_CACHE or ident in self._match_cache:
                self._match_cache[ident] = (len(exact), tuple(exact))  # the first len(exact)
            return exact[:limit]
        scores: dict[int, float] = {}
        variants = [(nama, 1.0)]
        noted = strip_trailing_note(nama)
        if noted != nama and noted.strip():
            variants.append((noted, _NOTE_PENALTY))
        for text, factor in variants:
            for i, score in self._index.scores(name_key(text), allowed).items():
                scores[i] = max(scores.get(i, 0.0), _penalise(score, factor))
        best = self._best(scores, scope, wanted)
        if len(self._match_cache) < _MATCH_CACHE or ident in self._match_cache:
            self._match_cache[ident] = (wanted, tuple(best))
        return best[:limit]

    def same_names(self, nama: str, level: str | None = None,
                   limit: int = 3) -> list[tuple[Entry, float]]:
        """The official names ``match_name`` scores 1.0 for ``nama``: its answer's first.

        Found by key, without comparing any name: a caller that needs only to know whether
        one official item is clearly meant (a score of 1.0 alone at the top) has its answer
        here for most names of a plan, and asks ``match_name`` only when this is empty.
        """
        if not _searchable(nama, level, limit):
            return []
        scope = Scope.of(None, self._bidang)
        return self._same(nama, self._allowed(level, None, scope), scope, limit)

    def _same(self, nama: str, allowed: np.ndarray, scope: Scope,
              limit: int) -> list[tuple[Entry, float]]:
        """The best ``limit`` records of the same name (score 1.0), in ``_best``'s order.

        The same name ranks before every other record (those score at most MAX_INEXACT,
        the noted variant below 1 too): these are the first entries of ``match_name``'s
        answer in the same order, and when they fill it nothing else needs comparing.
        """
        return self._best(self._index.exact(name_key(nama), allowed), scope, limit)

    def _allowed(self, level: str | None, source: str | None, scope: Scope) -> np.ndarray:
        """Mask of the records a search may return, made once per (level, list, scope)."""
        masks = self.__dict__.setdefault("_masks", {})
        ident = (level, source, scope)
        mask = masks.get(ident)
        if mask is None:
            levels, sources = self._record_columns()
            mask = np.ones(len(self._records), dtype=bool)
            if level is not None:
                mask &= levels == level
            if source is not None:
                mask &= sources == source
            if scope.prefix is not None:
                mask &= self._admitted(scope)
            masks[ident] = mask
        return mask

    def _admitted(self, scope: Scope) -> np.ndarray:
        """Mask of the records ``scope.admits``: ranges of the codes in sorted order.

        A code lies under a prefix when it is the prefix or begins with the prefix and a
        dot, that is when it sorts between ``prefix + "."`` and ``prefix + "/"`` (``/``
        follows ``.``): two binary searches per prefix instead of a test of each of the
        4,400 codes for every new scope (the agency's bidang under every level).
        """
        codes, order = self._sorted_codes()
        inside = np.zeros(len(self._records), dtype=bool)
        for prefix in (scope.prefix, scope.template_prefix):
            if prefix is None:
                continue
            for lo, hi in ((prefix, None), (prefix + ".", prefix + "/")):
                first = bisect_left(codes, lo)
                last = bisect_right(codes, lo) if hi is None else bisect_left(codes, hi)
                inside[order[first:last]] = True
        return inside

    def _sorted_codes(self) -> tuple[list[str], np.ndarray]:
        """The records' canonical codes sorted, with the record index of each (made once)."""
        known = self.__dict__.get("_by_sorted_code")
        if known is None:
            codes = [code for _, _, _, code in self._record_rows]
            order = sorted(range(len(codes)), key=codes.__getitem__)
            known = self.__dict__["_by_sorted_code"] = (
                [codes[i] for i in order], np.asarray(order, dtype=np.int64))
        return known

    def _record_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Every record's level and list as arrays, made on the first search of a run.

        A search's mask (level, list) is then two array comparisons, not a walk over the
        4,400 records' entries for each new (level, list, scope) a plan asks.
        """
        columns = self.__dict__.get("_columns")
        if columns is None:
            entries = [self._lists[rank].entries[pos] for rank, pos, _, _ in self._record_rows]
            columns = self.__dict__["_columns"] = (
                np.array([e.level for e in entries], dtype=object),
                np.array([e.source for e in entries], dtype=object))
        return columns

    def _best(
        self, scores: dict[int, float], scope: Scope, limit: int
    ) -> list[tuple[Entry, float]]:
        """Top entries, one per code; ties go to the earlier list and kab/kota kegiatan."""
        def order(i: int) -> tuple[float, int, int, str]:
            rec = self._record(i)
            digit = kegiatan_digit(rec.entry.kode)
            return (-scores[i], rec.rank, 0 if digit in (None, "2") else 1, rec.entry.kode)

        out: list[tuple[Entry, float]] = []
        seen: set[tuple[str, str]] = set()
        for i in sorted(scores, key=order):
            rec = self._record(i)
            placed = scope.place(rec.entry)
            if placed is None:
                continue
            ident = (normalise_code(placed.kode) or placed.kode, rec.key)
            if ident in seen:
                continue
            seen.add(ident)
            out.append((placed, _floor4(scores[i])))
            if len(out) >= limit:
                break
        return out

    def name_score(self, kode: str, nama: str) -> tuple[Entry, float] | None:
        """How well a document's name fits the official name of its code: the best reading.

        This is the check to make when a document gives a code: the score is on the same
        scale as ``match_name`` (1.0 same name, ``SAME_ITEM`` and above the same words with
        slips), against every reading of the code (2019 and 2023 numberings), so a 2024
        document writing a 2023 item with a two-digit number is not called wrong. None when
        the code has no official entry.
        """
        found = self.readings(kode)
        if not found:
            return None
        variants = [(nama, 1.0)]
        noted = strip_trailing_note(nama)
        if noted != nama and noted.strip():
            variants.append((noted, _NOTE_PENALTY))
        best: tuple[Entry, float] | None = None
        for entry in found:
            official = name_key(entry.nama)
            score = max(
                _penalise(self._index.score_pair(name_key(text), official), factor)
                for text, factor in variants
            )
            if best is None or score > best[1]:
                best = (entry, _floor4(score))
        return best

    # --- indicators --------------------------------------------------------------------

    def official_indikator(self, kode: str) -> str | None:
        """Official indicator of a sub-kegiatan (cleaned), or None when the list has none."""
        entry = self._with_indicator(kode)
        return entry.indikator if entry else None

    def official_satuan(self, kode: str) -> str | None:
        """Official unit of a sub-kegiatan (cleaned), or None when the list has none."""
        entry = self._with_indicator(kode)
        return entry.satuan if entry else None

    def _with_indicator(self, kode: str) -> Entry | None:
        """The first reading with an indicator that names the same item as the first reading.

        The 2019 list has no indicators; its two-digit code borrows the 2023 indicator only
        when the 2023 item of the padded code carries the same name.
        """
        found = self.readings(kode)
        if not found:
            return None
        key = name_key(found[0].nama)
        for entry in found:
            if (entry.indikator or entry.satuan) and name_key(entry.nama) == key:
                return entry
        return None

    def __len__(self) -> int:
        """Number of entries over all lists, template rows once."""
        return sum(len(lst.entries) for lst in self._lists)

    def __iter__(self) -> Iterator[Entry]:
        """Entries of every list, in lookup order."""
        for lst in self._lists:
            yield from lst.entries


def _searchable(nama: str, level: str | None, limit: int) -> bool:
    """Whether a name search has anything to find; an unknown level is the caller's error."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    return limit > 0 and bool(nama) and bool(nama.strip())


def _floor4(score: float) -> float:
    """Four decimals, rounded down so that no score crosses a band edge (0.9, 1.0) upwards."""
    return math.floor(score * 10_000 + 1e-9) / 10_000


def _penalise(score: float, factor: float) -> float:
    """Lower a score without moving it out of its band (same words stay at 0.9 or above)."""
    lowered = score * factor
    return max(SAME_WORDS, lowered) if score >= SAME_WORDS else lowered


# --- loading -----------------------------------------------------------------------------


def _builtin(source: str) -> list[Entry]:
    """Entries of one list shipped inside the package."""
    filename = dict(_BUILTIN_FILES)[source]
    ref = resources.files("checker.reference").joinpath("data", filename)
    with ref.open("r", encoding="utf-8", newline="") as stream:
        return read_entries(stream, source, filename)


@functools.cache
def nomenclature() -> Nomenclature:
    """The shipped lists (2023 then 2019), as a ready index: built once per data version.

    Reading the CSVs, cleaning every name and building the name index takes about a second;
    the result is kept in the user's cache folder (see :mod:`checker.reference.index_cache`)
    under the hash of the lists and of the code that builds it, and loaded from there in
    milliseconds.
    """
    blobs = [(source, _builtin_bytes(source)) for source, _ in _BUILTIN_FILES]
    return _ready(blobs, lambda: Nomenclature(
        [(source, _builtin(source)) for source, _ in _BUILTIN_FILES]))


def _builtin_bytes(source: str) -> bytes:
    """The raw bytes of one shipped list (what the cache key hashes)."""
    filename = dict(_BUILTIN_FILES)[source]
    return resources.files("checker.reference").joinpath("data", filename).read_bytes()


def load_nomenclature(
    path: str | os.PathLike[str], source: str | None = None, *, include_2019: bool = True
) -> Nomenclature:
    """A newer list from a CSV of the shipped columns, in place of the 2023 list.

    The shipped Permendagri 90/2019 list stays behind it (``include_2019``) so that
    two-digit codes of older documents still resolve. Results are cached per file content
    version (path, size, modification time).
    """
    resolved = Path(path).expanduser().resolve()
    stat = resolved.stat()
    return _load_cached(str(resolved), stat.st_size, stat.st_mtime_ns, source, include_2019)


@functools.lru_cache(maxsize=8)
def _load_cached(
    path: str, size: int, mtime_ns: int, source: str | None, include_2019: bool
) -> Nomenclature:
    """Read and index a user list; the size and mtime arguments only key the cache."""
    del size, mtime_ns
    label = source or f"file:{Path(path).name}"
    blobs = [(label, Path(path).read_bytes())]
    if include_2019:
        blobs.append((SOURCE_2019, _builtin_bytes(SOURCE_2019)))

    def build() -> Nomenclature:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            lists: list[tuple[str, Sequence[Entry]]] = [
                (label, read_entries(stream, label, path))]
        if include_2019:
            lists.append((SOURCE_2019, _builtin(SOURCE_2019)))
        return Nomenclature(lists)

    return _ready(blobs, build)


def official_satuan(kode: str) -> str | None:
    """Official unit of a sub-kegiatan code in the shipped lists (cleaned), or None."""
    return nomenclature().official_satuan(kode)


def official_indikator(kode: str) -> str | None:
    """Official indicator of a sub-kegiatan code in the shipped lists (cleaned), or None."""
    return nomenclature().official_indikator(kode)
