"""Matching cuts its key frames with ``engine.rows`` (no per-block checks): the same pairs.

``cases.match`` cuts the key frame to a kind's rows, the usable rows and the pending rows
of each stage. The oracle is pandas' boolean indexing, ``frame[mask]``, which the cuts
replaced: every pairing and every doubt of seed 004 (fourteen documents of one pemda) and
of all the seeds read together, for items and indicators, against every kind.
"""

from __future__ import annotations

import pandas as pd
import pytest

from checker.engine import cases
from checker.engine.workspace import Workspace
from checker.importers.registry import load
from checker.model.frames import to_frames
from tests.conftest import SEEDS


def _matched(docs) -> tuple[dict, dict]:
    ws = Workspace(to_frames(docs))
    kinds = ws.base("document")["jenis"].dropna().unique().tolist()
    got = {}
    for entity in ("item", "indicator"):
        for kind in kinds:
            for column in (None, *(("nama", "anggaran", "realisasi") if entity == "item"
                                   else ("uraian", "target"))):
                got[(entity, kind, column)] = [None if pd.isna(v) else int(v) for v in
                                               ws.matched(entity, kind, column).tolist()]
    return got, dict(ws.cache.get(("match_notes",), {}))


@pytest.mark.parametrize("names", [["004_a30a70c4cd2935b3.txt"],
                                   sorted(p.name for p in SEEDS.glob("*.txt"))])
def test_pairs_are_those_of_boolean_indexing(monkeypatch, names) -> None:
    docs = [d for name in names for d in load(SEEDS / name)]
    got = _matched(docs)
    monkeypatch.setattr(cases, "take_rows", lambda frame, mask: frame[mask])
    want = _matched(docs)
    assert got == want
    paired = sum(v is not None for pairs in got[0].values() for v in pairs)
    assert paired > 50 and got[1]  # pairs and doubts both: the cuts were exercised


def test_items_paired_once_per_candidate_rows_are_paired_as_afresh(monkeypatch) -> None:
    """Two compared fields filled on the same rows ask one pairing; it is the fresh one."""
    docs = [d for p in sorted(SEEDS.glob("*.txt")) for d in load(p)]
    calls: list[str] = []
    pairing = cases._match_names
    monkeypatch.setattr(cases, "_match_names",
                        lambda *a, **k: calls.append(a[3]) or pairing(*a, **k))
    got = _matched(docs)
    made = len(calls)
    monkeypatch.setattr(cases, "match", lambda *a, known=None, **k: _fresh(*a, **k))
    assert _matched(docs) == got
    assert made < len(calls) - made  # some answers were kept, not made again


def _fresh(*args, **kwargs):
    return _MATCH(*args, **kwargs)


_MATCH = cases.match
