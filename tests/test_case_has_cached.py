"""``case_has`` computes the documents' cases once for every kind it is asked about.

The cases (pemda|instansi|tahun per document) do not depend on the kind; the answer per
kind is what it was when each call computed them afresh (the oracle, kept here), on the
documents of seed 004 (fourteen documents of one pemda) and of every seed together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from checker.engine.cases import DOCUMENT_KINDS, case_of_documents
from checker.engine.workspace import Workspace
from checker.importers.registry import load
from checker.model.frames import to_frames
from tests.conftest import SEEDS


def _fresh(docs: pd.DataFrame, kind: str) -> pd.Series:
    case = case_of_documents(docs)
    codes, distinct = pd.factorize(case.to_numpy())
    hit = np.zeros(len(distinct), dtype=bool)
    of_kind = (docs["jenis"] == kind).to_numpy(dtype=bool, na_value=False)
    hit[codes[of_kind & (codes >= 0)]] = True
    return pd.Series(hit[codes], index=case.index)


@pytest.mark.parametrize("names", [["004_a30a70c4cd2935b3.txt"],
                                   sorted(p.name for p in SEEDS.glob("*.txt"))])
def test_case_has_is_the_fresh_answer_for_every_kind(names) -> None:
    docs = [d for name in names for d in load(SEEDS / name)]
    ws = Workspace(to_frames(docs))
    answers = {kind: ws.case_has(kind) for kind in (*DOCUMENT_KINDS, "nothing")}
    frame = ws.frames.get("document")
    for kind, got in answers.items():
        pd.testing.assert_series_equal(got, _fresh(frame, kind))
    assert any(a.any() for a in answers.values()) and not answers["nothing"].any()
