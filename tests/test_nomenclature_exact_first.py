"""``match_name`` answers from the same names alone when they fill the answer.

A name written as an official name scores 1.0 against it and every other record at most
``MAX_INEXACT``, so the search stops comparing once the same names give ``limit``
entries (NOM-003 and the case keys ask for one; most names of a real plan are official).
The oracle is the full search, got by hiding the same names from the first step: on every
twentieth official name, as written, in capitals, with a note, with a slip, at its own
level and at none, under its urusan's prefix and not, for limits 1 to 5 — and the
answers cached on the way must serve a longer search as the full one would.
"""

from __future__ import annotations

import pytest

from checker.reference.nomenclature import nomenclature


@pytest.fixture()
def nom():
    index = nomenclature()
    index._match_cache.clear()
    yield index
    index._match_cache.clear()


def _queries(nom) -> list[tuple[str, str | None, str | None]]:
    entries = list(nom)[::20]
    out = []
    for entry in entries:
        prefix = entry.kode.split(".")[0]
        for name in (entry.nama, entry.nama.upper(), f"{entry.nama} (lanjutan)",
                     entry.nama.replace("a", "e", 1)):
            out += [(name, entry.level, None), (name, None, None), (name, entry.level, prefix)]
    return out


def _answers(nom, queries, limits) -> list[list[tuple[str, str, float]]]:
    return [[(e.kode, e.nama, score) for e, score in
             nom.match_name(name, level=level, within=within, limit=limit)]
            for name, level, within in queries for limit in limits]


def _counted(nom, monkeypatch) -> list[str]:
    """The keys of the full searches made (the comparisons of the whole index)."""
    scored: list[str] = []
    full_scores = nom._index.scores
    monkeypatch.setattr(nom._index, "scores",
                        lambda key, allowed: scored.append(key) or full_scores(key, allowed))
    return scored


def _hide_same_names(nom, monkeypatch) -> None:
    nom._match_cache.clear()
    monkeypatch.setattr(nom._index, "exact", lambda key, allowed: {})


def test_one_best_name_from_the_same_names_is_the_full_search(nom, monkeypatch) -> None:
    queries = _queries(nom)
    assert len(queries) > 2000
    scored = _counted(nom, monkeypatch)
    got = _answers(nom, queries, [1])
    fast = len(scored)
    _hide_same_names(nom, monkeypatch)
    want = _answers(nom, queries, [1])
    assert got == want
    slow = len(scored) - fast
    assert slow - fast > 500  # the same names did answer alone: the test is not vacuous


def test_longer_searches_after_short_ones_are_the_full_ones(nom, monkeypatch) -> None:
    queries = _queries(nom)[::3]
    limits = [1, 2, 3, 5, 6]  # each served from the cache of the one before where it can
    got = _answers(nom, queries, limits)
    _hide_same_names(nom, monkeypatch)
    assert got == _answers(nom, queries, limits)
