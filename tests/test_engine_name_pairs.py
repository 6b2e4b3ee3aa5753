"""Same-name pairs across documents by integer codes give what the merge of frames gave.

``cases._same_name_pairs`` stands for a merge of the pending rows with the candidates on
(case, name key), the other-document filter and a sort by (source, candidate); the oracle
is that merge (``_same_name_pairs_merged``, also the path for blank cases). On seed 004's
item keys (every kind of document, homonyms under several parents) against each kind,
and on hand-made keys with repeated names, one document only and no candidate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.engine.cases import DOCUMENT_KINDS, _same_name_pairs, _same_name_pairs_merged
from checker.engine.workspace import Workspace
from checker.importers.registry import load
from checker.model.frames import to_frames
from tests.conftest import SEEDS


def _check(pending: pd.DataFrame, candidates: pd.DataFrame) -> int:
    got = _same_name_pairs(pending, candidates)
    want = _same_name_pairs_merged(pending, candidates[candidates["_nkey"].notna()])
    for g, w in zip(got, want, strict=True):
        assert g.tolist() == w.tolist()
    return len(got[0])


def test_seed_004_every_kind() -> None:
    keys = Workspace(to_frames(load(SEEDS / "004_a30a70c4cd2935b3.txt"))).keys("item")
    pending = keys[keys["_nkey"].notna().to_numpy()]
    found = sum(_check(pending, keys[(keys["_kind"] == kind).to_numpy()])
                for kind in DOCUMENT_KINDS)
    assert found > 50, "no pairs compared: the test proved nothing"


def _keys(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["_doc", "_case", "_nkey"], dtype=object)
    frame.index = pd.Index(np.arange(10, 10 + len(rows)) * 3)
    return frame


@pytest.mark.parametrize("rows", [
    [("a", "c1", "x"), ("b", "c1", "x"), ("b", "c1", "x"), ("a", "c1", "y"),
     ("c", "c1", "x"), ("a", "c2", "x"), ("b", "c2", "x"), ("b", "c1", None)],
    [("a", "c1", "x"), ("a", "c1", "x")],  # one document: no pair
    [("a", "c1", "x")],
])
def test_hand_made_keys(rows: list[tuple]) -> None:
    keys = _keys(rows)
    _check(keys[keys["_nkey"].notna().to_numpy()], keys)
    _check(keys.iloc[:1], keys.iloc[1:])
    _check(keys.iloc[:1], keys.iloc[:0])
