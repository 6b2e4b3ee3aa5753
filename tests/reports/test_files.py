"""Report files are written whole or not at all, and a device is written into, never replaced.

``-o /dev/null`` run as root once moved a plain file over the system's /dev/null
(``os.replace`` replaces what is there, a device included), and every program writing to
it failed afterwards (``apt-get update``: "cannot create /dev/null: Permission denied").
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.config.baseline import write_baseline
from checker.reports.files import write_atomically
from tests.conftest import SEEDS

SEED = SEEDS / "000_a618195849f537cf.txt"


def _read_fifo(path: Path, out: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as handle:
            out.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)  # a failing writer leaves it waiting
    reader.start()
    return reader


def test_a_named_pipe_is_written_into_and_stays_a_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "laporan.json"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = _read_fifo(pipe, got)
    write_atomically(pipe, lambda raw: raw.write(b'{"temuan": []}'))
    reader.join(timeout=10)
    assert got == [b'{"temuan": []}']
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.json"]  # no temporary left


def test_a_check_writes_its_report_into_a_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "out"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = _read_fifo(pipe, got)
    done = CliRunner().invoke(main, ["check", str(SEED), "--format", "json", "-o", str(pipe)])
    reader.join(timeout=60)
    assert done.exit_code == 1, done.output
    assert got and got[0].startswith(b"{") and stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_baseline_into_a_pipe_too(tmp_path: Path) -> None:
    pipe = tmp_path / "baseline.json"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = _read_fifo(pipe, got)
    write_baseline(pipe, [], {})
    reader.join(timeout=10)
    assert got and b'"entries": []' in got[0] and stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.skipif(not stat.S_ISCHR(os.stat(os.devnull).st_mode),
                    reason="this machine's null file is not a device")
def test_the_null_device_stays_a_device() -> None:
    done = CliRunner().invoke(main, ["check", str(SEED), "--format", "json", "-o", os.devnull])
    assert done.exit_code == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_file_is_still_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "laporan.json"
    target.write_text("lama")
    inode = target.stat().st_ino
    write_atomically(target, lambda raw: raw.write(b"baru"))
    assert target.read_text() == "baru" and target.stat().st_ino != inode
