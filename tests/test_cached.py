"""The one cache of ready-made objects (nomenclature index, checked rules)."""

from __future__ import annotations

import os
import time

import pytest

from checker.reference import cached


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SAKIP_CHECK_NO_CACHE", raising=False)
    return tmp_path / "sakip-check"


def test_the_key_is_the_bytes_and_the_kind(home):
    a = cached.cache_path("rules", [b"x", b"y"])
    assert a == cached.cache_path("rules", iter([b"x", b"y"]))
    assert a != cached.cache_path("rules", [b"x", b"z"])
    assert a.name.startswith("rules-") and a.parent == home
    assert cached.cache_path("nomenclature", [b"x", b"y"]).name.startswith("nomenclature-")


def test_no_cache_when_turned_off_or_a_source_cannot_be_read(home, monkeypatch):
    def unreadable():
        yield b"x"
        raise OSError("gone")

    assert cached.cache_path("rules", unreadable()) is None
    monkeypatch.setenv("SAKIP_CHECK_NO_CACHE", "1")
    assert cached.cache_path("rules", [b"x"]) is None


def test_written_read_back_typed_and_only_the_newest_kept(home):
    paths = [cached.cache_path("rules", [bytes([i])]) for i in range(4)]
    for i, path in enumerate(paths):
        cached.write(path, {"n": i}, keep=2)
        past = time.time() - 100 + i  # written in this order, long enough ago to tell
        os.utime(path, (past, past))
    assert sorted(p.name for p in home.glob("rules-*")) == sorted(p.name for p in paths[2:])
    assert cached.read(paths[3], dict) == {"n": 3}
    assert cached.read(paths[3], list) is None  # not what the caller builds: rebuilt


def test_a_file_others_can_write_is_never_loaded(home):
    path = cached.cache_path("rules", [b"x"])
    cached.write(path, {"n": 1}, keep=2)
    path.chmod(0o666)
    assert cached.read(path, dict) is None
    path.write_bytes(b"not a pickle")
    path.chmod(0o600)
    assert cached.read(path, dict) is None
