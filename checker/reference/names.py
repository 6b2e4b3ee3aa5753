"""Cleaning and comparing official names, indicators and units as documents write them.

Two jobs, kept apart:

- ``clean_text`` / ``clean_satuan`` repair the transcription defects of the reference lists
  (words glued by PDF extraction, mojibake, unit typos) for display; the raw value is kept
  beside the cleaned one.
- ``name_key`` reduces a name to what identifies the item, so that the variants real
  documents write (case, spacing, punctuation, ``&`` for ``dan``, a leading ``PROGRAM``, the
  ``Kewenangan Kabupaten/Kota`` suffix added or dropped) compare equal.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
# "Bulanan/ Triwulanan", "Kabupaten / Kota": extraction spaces around a slash.
_SLASH = re.compile(r"\s*/\s*")
# "Pra- Koperasi", "RKA- SKPD": a line break after a hyphen.
_HYPHEN_BREAK = re.compile(r"(\w)- (?=\w)")
# Words glued by extraction: "EvaluasiLayanan", "danKomunikasi". Three lower-case letters
# before the capital keep "iBangga", "keMasyarakatan" and "PraSarana" as written.
_CAMEL_GLUE = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")
# All-capital names glued before DAN: "UMUMDAN", "KELAUTANDAN", "ENERGIDAN".
_CAPS_GLUE = re.compile(r"\b([A-Z]{4,})DAN\b")
_MOJIBAKE_MARKS = ("Â", "Ã", "â€")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
# No Indonesian word has a letter three times in a row: "Pengadaaan" is "Pengadaan".
_TRIPLED = re.compile(r"(.)\1\1+")

# Unit typos seen in the reference list, by their case-folded spelling.
_SATUAN_TYPOS: dict[str, str] = {"dokuman": "Dokumen", "doumen": "Dokumen"}

# Words that carry little meaning when comparing names.
STOPWORDS: frozenset[str] = frozenset({
    "dan", "di", "ke", "dari", "pada", "yang", "serta", "dalam", "untuk", "bagi", "terhadap",
    "kepada", "atau", "oleh", "dengan",
})
# Trailing words documents add or drop around "Kabupaten/Kota".
_AUTHORITY_WORDS: frozenset[str] = frozenset({"kewenangan", "daerah", "di", "tingkat"})


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 (``MÂ³/Hari`` → ``M³/Hari``) when that is what it is."""
    if not any(mark in text for mark in _MOJIBAKE_MARKS):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def clean_text(text: str | None) -> str | None:
    """Display form of a reference name or indicator: one space, no glue, no trailing dot."""
    if text is None:
        return None
    out = fix_mojibake(unicodedata.normalize("NFC", text))
    out = _SPACES.sub(" ", out).strip()
    out = _SLASH.sub("/", out)
    out = _HYPHEN_BREAK.sub(r"\1-", out)
    out = _CAMEL_GLUE.sub(" ", out)
    if out.isupper():
        out = _CAPS_GLUE.sub(r"\1 DAN", out)
    out = out.rstrip(" .")
    return out or None


def clean_satuan(raw: str | None, preferred: dict[str, str] | None = None) -> str | None:
    """Display form of a unit: typos fixed, spacing unified, the usual capitalisation.

    ``preferred`` maps a case-folded unit to the spelling the list uses most often, so that
    ``laporan`` and ``UNIT`` read ``Laporan`` and ``Unit`` (see ``preferred_spellings``).
    """
    text = clean_text(raw)
    if text is None:
        return None
    folded = text.casefold()
    if folded in _SATUAN_TYPOS:
        return _SATUAN_TYPOS[folded]
    if preferred and folded in preferred:
        return preferred[folded]
    return text


def preferred_spellings(values: Iterable[str | None]) -> dict[str, str]:
    """Most frequent spelling of each unit, by case-folded form (ties: the capitalised one)."""
    counts: Counter[str] = Counter(v for v in (clean_text(x) for x in values) if v)
    best: dict[str, tuple[int, bool, str]] = {}
    for spelling, count in counts.items():
        rank = (count, spelling[:1].isupper(), spelling)
        key = spelling.casefold()
        if key not in best or rank > best[key]:
            best[key] = rank
    return {key: rank[2] for key, rank in best.items()}


def strip_trailing_note(text: str) -> str:
    """Drop a trailing parenthetical note documents add: ``Penyediaan Permakanan (Sembako)``."""
    return _TRAILING_NOTE.sub("", text)


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str | None) -> str:
    """Comparison key of a name: what stays when the usual writing variants are removed.

    Case, spacing, punctuation (so ``/`` and ``-`` spacing too), a letter typed three times,
    ``&`` for ``dan``, a leading
    ``PROGRAM`` and a trailing ``[Kewenangan|Daerah|di] Kabupaten/Kota`` do not change the key.

    Kept per text (a pure function of it): the engine keys the same official names again
    for every distinct code (``name_score``, ``official_unit`` and ``official_indicator``
    each read a code's official name), 27,000 keys of a few thousand texts at 1M rows
    (2 s of regular expressions and Unicode decomposition).
    """
    if not text:
        return ""
    out = clean_text(text) or ""
    out = unicodedata.normalize("NFKD", out)
    out = "".join(ch for ch in out if not unicodedata.combining(ch)).casefold()
    out = out.replace("&", " dan ")
    words = _NON_WORD.sub(" ", _TRIPLED.sub(r"\1\1", out)).split()
    if len(words) > 1 and _is_program_word(words[0]):
        words = words[1:]
    if len(words) > 2 and words[-1] == "kota" and words[-2] in {"kabupaten", "kab"}:
        words = words[:-2]
        while len(words) > 1 and words[-1] in _AUTHORITY_WORDS:
            words.pop()
    return " ".join(words)


def _is_program_word(word: str) -> bool:
    """``program`` or a slip of it (``proram``, ``progam``) leading a program's name."""
    if word == "program":
        return True
    from checker.reference.matching import ratio  # matching imports this module

    return len(word) >= 5 and ratio(word, "program", score_cutoff=0.8) >= 0.8


def stem(word: str) -> str:
    """Crude stem for candidate search: the first five letters (``fasilitas``/``fasilitasi``)."""
    return word[:5]
