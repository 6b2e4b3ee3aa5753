"""Shape of nomenclature codes: U.BB.PP.K.KK.SSSS, read the way documents write them.

Documents write the same code in several ways: with spaces from PDF extraction
(``1.06. 04.2.01``), a trailing dot (``1.06.04.``), and a sub-kegiatan segment of two digits
(Permendagri 90/2019: ``1.06.04.2.01.01``) or four (Kepmendagri 900-1317/2023:
``1.06.04.2.01.0001``). These functions look at the shape only; whether a code exists is
the nomenclature's business (``Nomenclature.by_code``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

LEVELS: tuple[str, ...] = ("urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan")

# Segment patterns, in order: urusan, bidang, program, kegiatan digit, kegiatan number,
# sub-kegiatan number. ``X``/``XX`` are the placeholders of the program penunjang rows.
_SEGMENT = (
    re.compile(r"[0-9X]"),
    re.compile(r"[0-9]{2}|XX"),
    re.compile(r"[0-9]{2}"),
    re.compile(r"[0-9]"),
    re.compile(r"[0-9]{2}"),
    re.compile(r"[0-9]{2}|[0-9]{4}"),
)
# Number of segments of a well-formed code at each level (kegiatan is "K.KK": two segments).
_LEVEL_BY_SEGMENTS: dict[int, str] = {
    1: "urusan", 2: "bidang_urusan", 3: "program", 5: "kegiatan", 6: "sub_kegiatan",
}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ParsedCode:
    """A code split into segments, with what the writer's style says about its source.

    ``two_digit_sub`` is true when the sub-kegiatan segment was written with two digits,
    the Permendagri 90/2019 style still found in 2021-2024 documents.
    """

    segments: tuple[str, ...]
    two_digit_sub: bool

    @property
    def level(self) -> str:
        """Level implied by the number of segments."""
        return _LEVEL_BY_SEGMENTS[len(self.segments)]

    @property
    def canonical(self) -> str:
        """U.BB.PP.K.KK.SSSS form, the sub-kegiatan number padded to four digits."""
        segs = list(self.segments)
        if len(segs) == 6:
            segs[5] = segs[5].zfill(4)
        return ".".join(segs)

    @property
    def as_written_2019(self) -> str | None:
        """Two-digit sub-kegiatan form, or None when the number does not fit in two digits."""
        if len(self.segments) != 6:
            return ".".join(self.segments)
        number = self.segments[5]
        if len(number) == 4 and not number.startswith("00"):
            return None
        return ".".join((*self.segments[:5], number[-2:]))


def clean_code_text(kode: str) -> str:
    """Remove what extraction adds around a code: spaces, trailing dots, lower-case x."""
    text = _SPACES.sub("", str(kode)).replace("x", "X")
    return text.strip(".")


@functools.lru_cache(maxsize=1 << 16)
def parse_code(kode: str | None) -> ParsedCode | None:
    """Split a code into segments; None when it has no valid nomenclature shape.

    Cached per distinct value: a plan writes the same few hundred codes in every document,
    and every lookup, parent and level question starts here (28,756 calls on seed 000
    before the cache, for a few hundred distinct codes).

    A kegiatan is written ``K.KK``, so a code of four segments (``1.06.04.2``) is
    incomplete, and a one-digit kegiatan number (``1.06.01.5.1``, an account code) is not
    a nomenclature code.
    """
    if kode is None:
        return None
    text = clean_code_text(kode)
    if not text:
        return None
    segments = tuple(text.split("."))
    if len(segments) not in _LEVEL_BY_SEGMENTS:
        return None
    for segment, pattern in zip(segments, _SEGMENT, strict=False):
        if not pattern.fullmatch(segment):
            return None
    # Placeholders come together: X.XX, never 1.XX or X.06.
    if len(segments) > 1 and (segments[0] == "X") != (segments[1] == "XX"):
        return None
    return ParsedCode(segments, len(segments) == 6 and len(segments[5]) == 2)


def normalise_code(kode: str | None) -> str | None:
    """Canonical U.BB.PP.K.KK.SSSS form of a code, or None when it is malformed."""
    parsed = parse_code(kode)
    return parsed.canonical if parsed else None


def is_wellformed(kode: str | None) -> bool:
    """Whether a code has the shape of a nomenclature code at some level."""
    return parse_code(kode) is not None


def level_of_code(kode: str | None) -> str | None:
    """Level a code's shape implies (urusan … sub_kegiatan), or None when malformed."""
    parsed = parse_code(kode)
    return parsed.level if parsed else None


def parent_code(kode: str | None) -> str | None:
    """Canonical code of the level above, or None for an urusan or a malformed code."""
    parsed = parse_code(kode)
    if parsed is None or len(parsed.segments) == 1:
        return None
    drop = 2 if len(parsed.segments) == 5 else 1
    return ".".join(parsed.segments[:-drop])


def kegiatan_digit(kode: str | None) -> str | None:
    """The digit that says whose authority a kegiatan is (K in U.BB.PP.K.KK), if any."""
    parsed = parse_code(kode)
    if parsed is None or len(parsed.segments) < 5:
        return None
    return parsed.segments[3]
