"""A case key's official code from the same names alone when one is at the top.

``cases._official_code`` gives an item without a printed kode the code of the official
name it clearly denotes: the best of ``match_name`` at ``SAME_ITEM`` or above, alone at its
score. When an official name is the same name (score 1.0), every other record scores below
it, so the answer is that name (one) or a tie (two): ``same_names`` finds them by key and
the comparisons are made only for the names with none. The oracle is the full search the
code made before, kept here: on the official names of every level (as written, in capitals,
with a note, with a slip) and on every item name of the seed plans.
"""

from __future__ import annotations

import pytest

from checker.engine import cases
from checker.importers.registry import load
from checker.reference.nomenclature import nomenclature
from tests.conftest import SEEDS
from tests.test_nomenclature_exact_first import nom as _nom

nom = _nom  # the index as a fixture, its cache of answers cleared before and after

LEVELS = ("program", "kegiatan", "sub_kegiatan")


def _full_search(level_and_name: str) -> str | None:
    """``_official_code`` as it was: ``match_name``'s two best, always compared."""
    level, _, nama = level_and_name.partition("|")
    if level not in LEVELS or not nama:
        return None
    best = nomenclature().match_name(nama, level=level, limit=2)
    if not best or best[0][1] < cases.SAME_ITEM:
        return None
    if len(best) > 1 and best[1][1] >= best[0][1]:
        return None
    return nomenclature().normalise_code(best[0][0].kode) or best[0][0].kode


def _official_queries(nom) -> list[str]:
    out = []
    for entry in list(nom)[::15]:
        for name in (entry.nama, entry.nama.upper(), f"{entry.nama} (lanjutan)",
                     entry.nama.replace("a", "e", 1)):
            out += [f"{entry.level}|{name}", f"{LEVELS[0]}|{name}"]
    return out


def _seed_queries() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        for doc in load(path):
            out += [f"{item.level}|{item.nama}" for item in doc.items if item.nama]
    return list(dict.fromkeys(out))


@pytest.mark.parametrize("source", ["official", "seeds"])
def test_official_code_is_the_full_search(nom, monkeypatch, source) -> None:
    queries = _official_queries(nom) if source == "official" else _seed_queries()
    assert len(queries) > 200
    scored: list[str] = []
    full_scores = nom._index.scores
    monkeypatch.setattr(nom._index, "scores",
                        lambda key, allowed: scored.append(key) or full_scores(key, allowed))
    got = [cases._official_code(q) for q in queries]
    fast = len(scored)
    nom._match_cache.clear()
    want = [_full_search(q) for q in queries]
    assert got == want
    assert any(code is not None for code in got) and None in got
    assert len(scored) - 2 * fast > 100  # the same names did answer alone: not vacuous


def test_same_names_are_the_top_of_match_name(nom) -> None:
    for query in _official_queries(nom)[::4]:
        level, _, nama = query.partition("|")
        for limit in (1, 2, 3, 5):
            full = nom.match_name(nama, level=level, limit=limit)
            same = nom.same_names(nama, level=level, limit=limit)
            assert same == [(e, s) for e, s in full if s == 1.0]
            nom._match_cache.clear()
    with pytest.raises(ValueError):
        nom.same_names("Program Penunjang", level="urusan_x")
    assert nom.same_names("  ") == [] and nom.same_names("x", limit=0) == []
