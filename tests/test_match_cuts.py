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
            for column in (None, "anggaran" if entity == "item" else "target"):
                got[(entity, kind, column)] = ws.matched(entity, kind, column).tolist()
    return got, dict(ws.cache.get(("match_notes",), {}))


@pytest.mark.parametrize("names", [["004_a30a70c4cd2935b3.txt"],
                                   sorted(p.name for p in SEEDS.glob("*.txt"))])
def test_pairs_are_those_of_boolean_indexing(monkeypatch, names) -> None:
    docs = [d for name in names for d in load(SEEDS / name)]
    got = _matched(docs)
    monkeypatch.setattr(cases, "take_rows", lambda frame, mask: frame[mask])
    want = _matched(docs)
    assert got == want
    paired = sum(pd.notna(v) for pairs in got[0].values() for v in pairs)
    assert paired > 50 and got[1]  # pairs and doubts both: the cuts were exercised
