"""How many reader processes a run uses when ``--jobs`` is not given."""

from __future__ import annotations

import pytest

from checker.cli.collect import PARALLEL_MIN_BYTES, PARALLEL_MIN_FILES, default_jobs


def _files(tmp_path, n, size=10):
    out = []
    for i in range(n):
        path = tmp_path / f"f{i}.txt"
        path.write_bytes(b"x" * size)
        out.append(path)
    return out


def test_a_small_run_reads_in_one_process(tmp_path):
    assert default_jobs(_files(tmp_path, 1), cores=8) == 1
    assert default_jobs(_files(tmp_path, PARALLEL_MIN_FILES - 1), cores=8) == 1


def test_many_files_use_the_cores_but_not_more_than_files(tmp_path):
    assert default_jobs(_files(tmp_path, PARALLEL_MIN_FILES), cores=2) == 2
    assert default_jobs(_files(tmp_path, PARALLEL_MIN_FILES), cores=16) == PARALLEL_MIN_FILES


def test_large_files_use_the_cores(tmp_path):
    files = _files(tmp_path, 2, size=PARALLEL_MIN_BYTES // 2 + 1)
    assert default_jobs(files, cores=4) == 2
    assert default_jobs(files, cores=1) == 1


def test_a_missing_file_counts_for_nothing(tmp_path):
    assert default_jobs([tmp_path / "absent.xlsx", *_files(tmp_path, 1)], cores=4) == 1


@pytest.mark.parametrize("error", [OSError, AttributeError, TypeError])
def test_memory_hints_are_quiet_where_glibc_is_not(monkeypatch, error):
    """mallopt/malloc_trim are glibc's: elsewhere (macOS: no such symbol; Windows:
    ``CDLL(None)`` refused with TypeError) the run goes on without them, never a traceback."""
    import ctypes

    from checker.cli import collect

    def refuse(*args, **kwargs):
        raise error("no C library here")

    monkeypatch.setattr(ctypes, "CDLL", refuse)
    collect._own_pages_for_arrays()
    collect._return_free_pages()
