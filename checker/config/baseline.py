"""Baselines: adopt the tool on old plans and fail only on what is new.

``--write-baseline FILE`` records today's findings by business key (rule, document kind,
item code or name; never a row number, never the message text) with a count per key.
``--baseline FILE`` then reports only findings beyond those counts: the old ones move to
the accepted list (still counted and listed apart), so a CI gate fails on new problems
only, and a finding fixed and then reintroduced comes back as new.

The file is JSON with sorted entries and no timestamp, so it diffs well in review and is
byte-identical for the same findings.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from checker.config.settings import shown
from checker.model.errors import InputError
from checker.model.finding import Finding
from checker.model.location import Location
from checker.reports.summary import business_key

SCHEMA = "sakip-check/baseline/v1"
NOT_BASELINED = ("SUP-",)  # findings about suppressions must stay visible


def _key(f: Finding, kinds: dict[str, str]) -> tuple[str, ...]:
    return business_key(f, kinds.get(f.document))


def baseline_counts(findings: list[Finding], kinds: dict[str, str]) -> Counter[tuple[str, ...]]:
    """How many findings carry each business key."""
    return Counter(_key(f, kinds) for f in findings if not f.code.startswith(NOT_BASELINED))


def baseline_dict(findings: list[Finding], kinds: dict[str, str]) -> dict[str, Any]:
    """The baseline file's content."""
    entries = [{"code": code, "kind": kind, "level": level, "key": key, "count": n}
               for (code, kind, level, key), n in sorted(baseline_counts(findings,
                                                                          kinds).items())]
    return {"schema": SCHEMA, "entries": entries}


def write_baseline(path: str | Path, findings: list[Finding], kinds: dict[str, str]) -> None:
    """Write the baseline atomically, as a report is (``reports.files.write_atomically``)."""
    from checker.reports.files import write_atomically

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(baseline_dict(findings, kinds), ensure_ascii=False, indent=2) + "\n"
    write_atomically(target, lambda raw: raw.write(text.encode("utf-8")))


def read_baseline(path: str | Path) -> Counter[tuple[str, ...]]:
    """The counts recorded in a baseline file; a bad file is an input error."""
    p = Path(path)
    where = Location(file=shown(p))
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("config.baseline_missing", where) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError("config.baseline_bad", where, reason=str(exc)) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or \
            not isinstance(data.get("entries"), list):
        raise InputError("config.baseline_bad", where, reason=f"schema != {SCHEMA}")
    counts: Counter[tuple[str, ...]] = Counter()
    for entry in data["entries"]:
        try:
            key = (str(entry["code"]), str(entry["kind"]), str(entry["level"]),
                   str(entry["key"]))
            counts[key] += int(entry["count"])
        except (KeyError, TypeError, ValueError):
            raise InputError("config.baseline_bad", where, reason=repr(entry)) from None
    return counts


def split_known(findings: list[Finding], kinds: dict[str, str],
                baseline: Counter[tuple[str, ...]]) -> tuple[list[Finding], list[Finding]]:
    """(new, known): each recorded key covers at most its recorded count, in report order."""
    left = Counter(baseline)
    new: list[Finding] = []
    known: list[Finding] = []
    for f in findings:
        key = _key(f, kinds)
        if not f.code.startswith(NOT_BASELINED) and left[key] > 0:
            left[key] -= 1
            known.append(f)
        else:
            new.append(f)
    return new, known
