"""Accepted findings: a reviewer's signed-off exceptions, with a reason and an end date.

An entry names the rule, the kind of document and the item by its business key (``kode``
or ``nama``, never a row number, so inserting a row above it changes nothing), says why it
is accepted, who accepted it and until when::

    [[suppress]]
    rule = "TGT-001"
    kind = "rencana_aksi"
    kode = "1.06.02.2.01.0001"
    reason = "Target TW IV disepakati ditambah 1 orang pada PK Perubahan"
    accepted_by = "Inspektur Pembantu II"
    expires = 2025-12-31

Matched findings move to ``Report.suppressed``: still counted and listed, apart, but no
longer failing the gate. An entry past its date no longer applies (its findings come back)
and is itself reported as ``SUP-001``; an entry that matched nothing is reported as
``SUP-002``, so that stale exceptions do not pile up. Both codes are declared, with their
documentation, in ``rules/suppressions.rules``, so they can be selected, ignored or given
another severity like any rule.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.config.settings import LineIndex, Source, hint, read_toml, shown
from checker.i18n import both
from checker.model.errors import InputError
from checker.model.finding import Finding, ItemRef, Severity
from checker.model.location import Location
from checker.model.schema import DocumentKind, Level

REQUIRED = ("rule", "reason", "accepted_by", "expires")
FIELDS = (*REQUIRED, "kind", "level", "kode", "nama")
EXPIRED, UNUSED = "SUP-001", "SUP-002"


@dataclass(frozen=True)
class Suppression:
    """One accepted exception and where it is written."""

    rule: str
    reason: str
    accepted_by: str
    expires: dt.date
    source: Source
    kind: str | None = None
    level: str | None = None
    kode: str | None = None
    nama: str | None = None

    def matches(self, finding: Finding, kind: str | None) -> bool:
        """True when ``finding`` is the one this entry accepts (by business key only)."""
        item = finding.item
        if finding.code != self.rule or item is None:
            return False
        if self.kind and kind != self.kind:
            return False
        if self.level and item.level != self.level:
            return False
        if self.kode and (item.kode or "").strip() != self.kode:
            return False
        if not self.nama:
            return True
        # Imported here, where an entry names an item: the report summary's module is
        # otherwise not needed by a check that writes JSON or text (~1 ms of start).
        from checker.reports.summary import normalise_name

        return normalise_name(item.nama) == normalise_name(self.nama)

    def expired(self, today: dt.date) -> bool:
        """Past its date: valid through ``expires`` itself."""
        return today > self.expires

    @property
    def target(self) -> str:
        """The item as a reader names it: its code, else its name."""
        return self.kode or self.nama or ""


def today() -> dt.date:
    """Today, or ``SAKIP_CHECK_TODAY`` (ISO date) for reproducible runs and tests."""
    fixed = os.environ.get("SAKIP_CHECK_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def parse_entry(entry: dict[str, Any], source: Source) -> Suppression:
    """Check one ``[[suppress]]`` table; every mistake names the file and line."""
    where = Location(file=source.file or "", row=source.line)
    for key in entry:
        if key not in FIELDS:
            raise InputError("config.suppress_unknown_key", where, name=key,
                             hint=hint(key, list(FIELDS)))
    for key in REQUIRED:
        if entry.get(key) in (None, ""):
            raise InputError("config.suppress_missing", where, name=key)
    if not (entry.get("kode") or entry.get("nama")):
        raise InputError("config.suppress_needs_item", where)
    for key in ("rule", "reason", "accepted_by", "kind", "level", "kode", "nama"):
        if key in entry and not isinstance(entry[key], str):
            raise InputError("config.suppress_bad_value", where, name=key, value=entry[key])
    expires = entry["expires"]
    if isinstance(expires, str):
        try:
            expires = dt.date.fromisoformat(expires.strip())
        except ValueError:
            raise InputError("config.suppress_bad_date", where, value=expires) from None
    if isinstance(expires, dt.datetime):
        expires = expires.date()
    if not isinstance(expires, dt.date):
        raise InputError("config.suppress_bad_date", where, value=expires)
    kind = entry.get("kind")
    if kind is not None and kind not in {k.value for k in DocumentKind}:
        raise InputError("config.suppress_bad_value", where, name="kind", value=kind)
    level = entry.get("level")
    if level is not None and level not in {v.value for v in Level}:
        raise InputError("config.suppress_bad_value", where, name="level", value=level)
    return Suppression(rule=entry["rule"].strip().upper(), reason=entry["reason"].strip(),
                       accepted_by=entry["accepted_by"].strip(), expires=expires,
                       source=source, kind=kind, level=level,
                       kode=(entry.get("kode") or "").strip() or None,
                       nama=(entry.get("nama") or "").strip() or None)


def load_suppression_file(path: Path) -> list[Suppression]:
    """Entries of a separate suppressions file (``[[suppress]]`` tables)."""
    data, text = read_toml(path)
    lines = LineIndex(text)
    where = shown(path)
    for key in data:
        if key != "suppress":
            raise InputError("config.unknown_key", Location(file=where, row=lines.key((), key)),
                             name=key, hint="suppress")
    entries = data.get("suppress", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError("config.bad_type", Location(file=where), name="suppress",
                         expected="[[suppress]]")
    headers = lines.arrays.get(("suppress",), [])
    return [parse_entry(e, Source("file", where, headers[i] if i < len(headers) else None))
            for i, e in enumerate(entries)]


@dataclass
class Applied:
    """Findings kept, findings accepted, and the findings about the entries themselves."""

    kept: list[Finding]
    suppressed: list[Finding]
    notices: list[Finding]


def apply_suppressions(findings: list[Finding], entries: list[Suppression],
                       kinds: dict[str, str], on: dt.date,
                       severity: dict[str, Severity]) -> Applied:
    """Move accepted findings apart and report expired and unused entries.

    ``severity`` gives the severity of ``SUP-001``/``SUP-002`` for this run; a code missing
    from it (ignored by the user) is not reported.
    """
    active = [e for e in entries if not e.expired(on)]
    used = [0] * len(active)
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for f in findings:
        kind = kinds.get(f.document)
        hit = next((i for i, e in enumerate(active) if e.matches(f, kind)), None)
        if hit is None:
            kept.append(f)
        else:
            used[hit] += 1
            suppressed.append(f)
    notices: list[Finding] = []
    for entry in entries:
        if entry.expired(on) and EXPIRED in severity:
            notices.append(_notice(entry, EXPIRED, severity[EXPIRED], "config.sup_expired",
                                   "config.sup_expired_fix", actual=entry.expires.isoformat(),
                                   expected=on.isoformat()))
    for entry, count in zip(active, used, strict=True):
        if count == 0 and UNUSED in severity:
            notices.append(_notice(entry, UNUSED, severity[UNUSED], "config.sup_unused",
                                   "config.sup_unused_fix"))
    return Applied(kept, suppressed, notices)


def _notice(entry: Suppression, code: str, severity: Severity, key: str, fix: str,
            actual: Any = None, expected: Any = None) -> Finding:
    file = entry.source.file or ""
    return Finding(
        code=code, category="struktur", severity=severity,
        message=both(key, rule=entry.rule, target=entry.target,
                     expires=entry.expires.isoformat(), accepted_by=entry.accepted_by),
        document=file, location=Location(file=file, row=entry.source.line),
        item=ItemRef(level=entry.level, kode=entry.kode, nama=entry.nama),
        actual=actual, expected=expected, suggestion=both(fix))
