"""Match findings against the ground truth of a generated plan set.

A finding names its document and the cell it points at (sheet, row, column); the ground
truth names rule, document, row key (item id, or ``Jumlah:<level>`` for a totals row) and
field. The frames say which row key sits in which sheet row and which field in which
column, so each finding is turned into the ground truth's terms and the two sets compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from checker.model.frames import Frames
from checker.model.location import column_letter
from checker.model.schema import ENTITIES

Key = tuple[str, str, str, str, str]  # code, document, entity, row key, field


@dataclass
class Verdict:
    """Expected findings missed, and findings nobody expected.

    An unexpected finding on a row an injection touched is *collateral* (a rule the
    generator does not model reacting to the injected error, e.g. a unit-cost rule to a
    changed code); anywhere else it is a finding in the consistent part, which fails the
    benchmark as surely as a missed one.
    """

    expected: int
    found: int
    missing: list[Key]
    unexpected: list[Key]
    collateral: list[Key] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unexpected

    def summary(self, limit: int = 5) -> str:
        extra = ""
        if self.collateral:
            codes = sorted({k[0] for k in self.collateral})
            extra = (f"; {len(self.collateral)} more on injected rows ({', '.join(codes)})")
        if self.ok:
            return f"all {self.expected} expected findings found, none elsewhere{extra}"
        return (f"{len(self.missing)} of {self.expected} expected findings missing "
                f"(e.g. {self.missing[:limit]}); {len(self.unexpected)} in the consistent "
                f"part (e.g. {self.unexpected[:limit]}){extra}")

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "expected": self.expected, "found": self.found,
                "missing": self.missing[:50], "n_missing": len(self.missing),
                "unexpected": self.unexpected[:50], "n_unexpected": len(self.unexpected),
                "collateral": len(self.collateral), "summary": self.summary()}


def _row_keys(frames: Frames) -> dict[tuple[str, str, int], tuple[str, str]]:
    """(document, sheet, row) → (entity, row key), for every row of every sheet."""
    out: dict[tuple[str, str, int], tuple[str, str]] = {}
    for entity, key_col in (("item", "id"), ("indicator", "item"), ("total", "level")):
        frame = frames.get(entity)
        if frame.empty:
            continue
        keys = frame[key_col].astype(object).to_numpy()
        if entity == "total":
            keys = np.array([f"Jumlah:{k}" for k in keys], dtype=object)
        rows = frame["_row"].to_numpy(dtype=np.int64, na_value=-1)
        for doc, table, row, key in zip(frame["_doc"].to_numpy(dtype=object),
                                        frame["_table"].to_numpy(dtype=object), rows, keys,
                                        strict=True):
            out[(doc, table, int(row))] = (entity, key)
    return out


def _column_fields() -> dict[tuple[str, str], str]:
    """(sheet, column letter) → field, in the template's column order."""
    return {(e.sheet, column_letter(i)): f.name for e in ENTITIES.values()
            for i, f in enumerate(e.fields, start=1)}


def finding_keys(findings: Iterable[Any], frames: Frames) -> list[Key]:
    """Each finding (a :class:`Finding` or a plain dict of the same fields) as a key."""
    rows = _row_keys(frames)
    columns = _column_fields()
    out: list[Key] = []
    for f in findings:
        if isinstance(f, dict):
            code, doc, table, row, column = (f["code"], f["document"], f["table"], f["row"],
                                             f["column"])
        else:
            loc = f.location
            code, doc, table, row, column = f.code, f.document, loc.table, loc.row, loc.column
        entity, key = rows.get((doc, table, int(row) if row is not None else -1), ("?", "?"))
        out.append((code, doc, entity, key, columns.get((table, column), str(column))))
    return out


def compare(found: Iterable[Key], expected: set[Key],
            touched: set[tuple[str, str]] | None = None) -> Verdict:
    """Found against expected; ``touched`` (document, row key) pairs excuse collateral."""
    found_list = list(found)
    got = set(found_list)
    extra = sorted(got - expected)
    touched = touched or set()
    collateral = [k for k in extra if (k[1], k[3]) in touched]
    return Verdict(expected=len(expected), found=len(found_list),
                   missing=sorted(expected - got),
                   unexpected=[k for k in extra if (k[1], k[3]) not in touched],
                   collateral=collateral)


def expected_keys_touched(truth: dict[str, Any]) -> set[tuple[str, str]]:
    """(document, row key) of every row an injection changed or expects a finding on."""
    out = set()
    for inj in truth["injections"]:
        out.add((inj["document"], inj["key"]))
        for e in inj["expected"]:
            out.add((e["document"], e["key"]))
    return out


def frame_differences(a: Frames, b: Frames, ignore: tuple[str, ...] = ("_file",)) -> list[str]:
    """Where two sets of frames differ (columns, dtypes, values), ignoring ``ignore``."""
    out: list[str] = []
    for name in ENTITIES:
        fa, fb = a.get(name), b.get(name)
        cols_a = [c for c in fa.columns if c not in ignore]
        cols_b = [c for c in fb.columns if c not in ignore]
        if sorted(cols_a) != sorted(cols_b):
            out.append(f"{name}: columns differ: {sorted(set(cols_a) ^ set(cols_b))}")
            continue
        if len(fa) != len(fb):
            out.append(f"{name}: {len(fa)} rows vs {len(fb)}")
            continue
        for c in cols_a:
            sa, sb = fa[c].reset_index(drop=True), fb[c].reset_index(drop=True)
            if str(sa.dtype) != str(sb.dtype):
                out.append(f"{name}.{c}: dtype {sa.dtype} vs {sb.dtype}")
            na_a, na_b = sa.isna().to_numpy(), sb.isna().to_numpy()
            same = na_a == na_b
            both = ~na_a & ~na_b
            va, vb = sa.to_numpy(dtype=object)[both], sb.to_numpy(dtype=object)[both]
            same[both] = np.array([x == y for x, y in zip(va, vb, strict=True)], dtype=bool)
            if not same.all():
                i = int(np.flatnonzero(~same)[0])
                out.append(f"{name}.{c}: {int((~same).sum())} values differ, first at "
                           f"{i}: {sa.iloc[i]!r} vs {sb.iloc[i]!r}")
    return out


def as_frame(keys: Iterable[Key]) -> pd.DataFrame:
    return pd.DataFrame(list(keys), columns=["code", "document", "entity", "key", "field"])
