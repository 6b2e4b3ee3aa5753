"""The nomenclature index is built once per data version and kept in the user's cache."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from checker.reference import codes, index_cache

# The package re-exports the function ``nomenclature``, which hides the module's name.
nom = importlib.import_module("checker.reference.nomenclature")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("SAKIP_CHECK_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _answers(index: nom.Nomenclature) -> list:
    name = "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah"
    return [index.match_name(name, level="kegiatan"), index.by_code("1.06.04.2.01.01"),
            index.readings("1.06.04.2.02.08"), index.official_satuan("1.06.04.2.01.0001"),
            index.entries(level="program", prefix="1.06"), len(index)]


def test_index_is_written_once_and_read_back_the_same(cache_home):
    built = nom.nomenclature.__wrapped__()
    files = list((cache_home / "sakip-check").glob("nomenclature-*.pickle"))
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"
    before = files[0].stat().st_mtime_ns
    loaded = nom.nomenclature.__wrapped__()
    assert files[0].stat().st_mtime_ns == before  # read, not rebuilt
    assert loaded is not built and _answers(loaded) == _answers(built)


def test_a_loaded_index_holds_the_same_entries_records_and_words_as_the_built_one():
    """Field by field, not only answers: the cache fills the dataclasses' dictionaries
    directly and shares equal strings, which must not change a single value."""
    import pickle

    built = nom.Nomenclature([(source, nom._builtin(source)) for source, _ in
                              nom._BUILTIN_FILES])
    loaded = pickle.loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    assert [lst.entries for lst in loaded._lists] == [lst.entries for lst in built._lists]
    assert [lst.by_code for lst in loaded._lists] == [lst.by_code for lst in built._lists]
    assert [lst.two_digit for lst in loaded._lists] == [lst.two_digit for lst in built._lists]
    assert loaded._record_rows == built._record_rows
    assert set(loaded._records) == {None}  # made on first use, then equal to the built ones
    assert [loaded._record(i) for i in range(len(loaded._records))] == built._records
    assert {hash(e) for e in loaded} == {hash(e) for e in built}
    assert loaded._bidang == built._bidang
    a, b = built._index, loaded._index
    assert [b._item(i) for i in range(len(b))] == [a._item(i) for i in range(len(a))]
    for name in ("_by_key", "_postings", "slips", "vocabulary", "_stem_weight",
                 "_unknown_weight", "_item_weight"):
        assert getattr(b, name) == getattr(a, name), name


def test_nothing_is_written_inside_the_package_or_the_repository(cache_home):
    def snapshot() -> set[str]:
        return {str(p) for p in ROOT.rglob("nomenclature-*.pickle")}

    before = snapshot()
    nom.nomenclature.__wrapped__()
    assert snapshot() == before


def test_an_unwritable_cache_means_no_cache_and_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.delenv("SAKIP_CHECK_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert len(nom.nomenclature.__wrapped__()) == len(nom.nomenclature())


def test_a_damaged_or_foreign_cache_file_is_ignored(cache_home):
    nom.nomenclature.__wrapped__()
    (path,) = (cache_home / "sakip-check").glob("nomenclature-*.pickle")
    path.write_bytes(b"not a pickle")
    assert len(nom.nomenclature.__wrapped__()) == len(nom.nomenclature())
    os.chmod(path, 0o666)  # writable by others: never unpickled
    assert index_cache.read_index(path) is None


def test_the_key_changes_with_the_data(cache_home):
    first = index_cache.index_cache([("a", b"kode,level,nama\n")])
    second = index_cache.index_cache([("a", b"kode,level,nama\n1,urusan,X\n")])
    assert first != second and first.parent == cache_home / "sakip-check"


def test_codes_are_parsed_once_per_distinct_value():
    codes.parse_code.cache_clear()
    for _ in range(100):
        codes.normalise_code("1.06.04.2.01.01")
        codes.parent_code("1.06.04.2.01.01")
    info = codes.parse_code.cache_info()
    assert info.misses == 1 and info.hits == 199
