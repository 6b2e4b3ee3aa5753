"""Where a name search looks: a code prefix, with the program-penunjang templates under it.

A search "within ``1.06``" must find the official names under that bidang, and also the
penunjang templates (``X.XX.01 …``), which apply to every bidang and read as that bidang's
own codes once placed under it. Kept apart from the index that searches
(:mod:`checker.reference.nomenclature`): a scope only says which codes it admits and how an
entry reads inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from checker.reference.codes import clean_code_text, normalise_code, parse_code
from checker.reference.entries import Entry


@dataclass(frozen=True)
class Scope:
    """A code prefix to search under, with the program-penunjang templates placed in it."""

    prefix: str | None
    template_prefix: str | None
    bidang: str | None

    @classmethod
    def of(cls, within: str | None, known_bidang: set[str]) -> Scope:
        """Scope for ``within`` (any level, any writing style); no prefix means everything."""
        if within is None or not clean_code_text(within):
            return cls(None, None, None)
        parsed = parse_code(within)
        if parsed is None:
            raise ValueError(f"malformed code prefix {within!r}")
        prefix = parsed.canonical
        segs = parsed.segments
        bidang = f"{segs[0]}.{segs[1]}" if len(segs) >= 2 else None
        if bidang is None or bidang not in known_bidang:
            return cls(prefix, None, None)
        rest = prefix.split(".")[2:]
        return cls(prefix, ".".join(("X", "XX", *rest)), bidang)

    def admits(self, code: str) -> bool:
        """Whether a canonical code lies in this scope (templates under the bidang included)."""
        if self.prefix is None or under(code, self.prefix):
            return True
        return self.template_prefix is not None and under(code, self.template_prefix)

    def place(self, entry: Entry) -> Entry | None:
        """The entry as it reads under this scope, or None when it lies outside it."""
        if self.prefix is None:
            return entry
        code = normalise_code(entry.kode) or entry.kode
        if under(code, self.prefix):
            return entry
        if self.template_prefix and entry.is_template and under(code, self.template_prefix):
            return replace(entry, kode=f"{self.bidang}.{entry.kode.split('.', 2)[2]}")
        return None


def under(code: str, prefix: str) -> bool:
    """Whether ``code`` is ``prefix`` or lies below it, on segment boundaries."""
    return code == prefix or code.startswith(prefix + ".")
