"""Blame's children sums: the workspace's and the per-document fallback agree.

``Blamer.own_total`` reads the roll-up rules' own ``sum(children.X)`` from the workspace;
where the workspace cannot join (a blank document id, keys that are not text) it falls
back on ``child_sum``, a group-by of the document's own rows. A blame that named another
suspect cell depending on which path ran would be a finding a reviewer cannot sign, so
both paths must give the same total for every item of real plans: the same number, and
"no children" or "a child left blank" alike.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from checker.cli.collect import collect
from checker.engine.blame import Blamer
from checker.model.frames import to_frames

ROOT = Path(__file__).resolve().parents[1]
PLANS = [ROOT / "sample_plans" / "bersih_rencana_aksi_2025.xlsx",
         ROOT / "tests" / "data" / "seeds" / "000_a618195849f537cf.txt",
         ROOT / "tests" / "data" / "seeds" / "004_a30a70c4cd2935b3.txt"]
FIELDS = ["anggaran", "anggaran_tw1", "anggaran_tw4", "realisasi_anggaran"]


def _plain(value: object) -> object:
    """A total as a reviewer reads it: a number, or nothing (no children or a blank)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _items(path: Path) -> tuple[object, pd.DataFrame]:
    collected = collect([str(path)], frames=True)
    frames = collected.frames if collected.frames is not None \
        else to_frames(collected.documents)
    return frames, frames.get("item")


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_workspace_totals_equal_the_documents_own_sums(path: Path) -> None:
    frames, items = _items(path)
    blamer = Blamer(frames)
    compared = 0
    for field in (f for f in FIELDS if f in items.columns):
        for position, (document, item_id) in enumerate(zip(items["_doc"], items["id"],
                                                           strict=True)):
            fast = _plain(blamer.own_total(document, position, item_id, field))
            own = _plain(blamer.child_sum(document, item_id, field))
            assert fast == own, (path.name, field, item_id)
            compared += fast is not None
    assert compared, "no item with children: the comparison proved nothing"


def test_the_fallback_is_taken_when_the_workspace_cannot_join(monkeypatch) -> None:
    frames, items = _items(PLANS[1])
    blamer = Blamer(frames)

    def refuse(*args: object, **kwargs: object) -> None:
        raise LookupError("children")

    monkeypatch.setattr(blamer.ws, "lookup_many", refuse)
    parents = items[items["id"].isin(items["induk"].dropna())]
    assert len(parents)
    positions = items.index.get_indexer(parents.index)
    for position, document, item_id in zip(positions, parents["_doc"], parents["id"],
                                           strict=True):
        got = blamer.own_total(document, position, item_id, "anggaran")
        assert _plain(got) == _plain(blamer.child_sum(document, item_id, "anggaran"))
    assert blamer._totals["anggaran"] is None  # the workspace's path was refused
