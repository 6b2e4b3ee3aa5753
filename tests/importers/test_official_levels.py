"""The reader's map of official names to levels, from the index's ``name_levels``.

It must equal the map as it was built before: a walk over every matchable entry, the
``URUSAN X.XX`` placeholders left out, a bidang urusan also under its short name.
"""

from __future__ import annotations

from checker.importers import levels
from checker.reference.nomenclature import nomenclature


def _walked() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for key, entry in nomenclature().keyed_entries():
        if entry.kode.startswith("X") and entry.level in levels.ABOVE_PROGRAM:
            continue
        out.setdefault(key, set()).add(entry.level)
        if entry.level == "bidang_urusan" and key.startswith(levels._BIDANG):
            out.setdefault(key[len(levels._BIDANG):], set()).add(entry.level)
    return {k: frozenset(v) for k, v in out.items()}


def test_official_levels_equal_the_walk_over_every_entry() -> None:
    got = levels._official_levels()
    want = _walked()
    assert got == want
    assert len(got) > 3000
    assert got["sosial"] == frozenset({"bidang_urusan"})  # the short name of a bidang
    assert any(len(v) == 2 for v in got.values())  # a kegiatan and a sub-kegiatan alike


def test_name_levels_survive_the_cache() -> None:
    import pickle

    index = nomenclature()
    again = pickle.loads(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.name_levels() == index.name_levels()
