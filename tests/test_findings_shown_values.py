"""A message's placeholder that is the finding's actual or expected expression is not
evaluated again: ``findings_for`` hands ``_render`` the values it has just computed.

The oracle is every placeholder evaluated afresh (``_render`` given an empty ``shown``), on
seed 004 (cross-document messages such as ``{lkjip.anggaran_murni}``) and seed 000: the
findings, messages in every language included, are the same, with fewer evaluations.
"""

from __future__ import annotations

import pytest

from checker.dsl.registry import load_registry
from checker.engine.run import Engine
from checker.importers.registry import load
from tests.conftest import SEEDS


def _findings(docs, monkeypatch, afresh: bool) -> tuple[list[dict], int]:
    calls = [0]
    values, render = Engine._values, Engine._render

    def counted(ev, expr, rows):
        calls[0] += expr is not None
        return values(ev, expr, rows)

    def fresh(self, ev, template, rows, actual, expected, lang, shown=None):
        return render(self, ev, template, rows, actual, expected, lang, {})

    with monkeypatch.context() as patch:
        patch.setattr(Engine, "_values", staticmethod(counted))
        if afresh:
            patch.setattr(Engine, "_render", fresh)
        found = Engine(load_registry()).run(docs).findings
    return [f.model_dump(mode="json") for f in found], calls[0]


@pytest.mark.parametrize("name", ["004_a30a70c4cd2935b3.txt", "000_a618195849f537cf.txt"])
def test_messages_are_those_of_placeholders_evaluated_afresh(monkeypatch, name) -> None:
    docs = load(SEEDS / name)
    got, evaluated = _findings(docs, monkeypatch, afresh=False)
    want, evaluated_afresh = _findings(docs, monkeypatch, afresh=True)
    assert got == want and got
    assert evaluated < evaluated_afresh
