"""Byte snapshots of report outputs (``UPDATE_SNAPSHOTS=1`` rewrites them).

A snapshot is the exact bytes a format writes for the fixture report; a change shows up as
a unified diff for text formats and as differing sizes and hashes for binary ones.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, data: bytes) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"no snapshot {name}: run the tests with UPDATE_SNAPSHOTS=1"
    expected = path.read_bytes()
    if data == expected:
        return
    try:
        diff = "\n".join(difflib.unified_diff(
            expected.decode("utf-8").splitlines(), data.decode("utf-8").splitlines(),
            f"snapshots/{name}", "now", lineterm="", n=2))
    except UnicodeDecodeError:
        diff = (f"{len(expected)} bytes {hashlib.sha256(expected).hexdigest()[:16]} → "
                f"{len(data)} bytes {hashlib.sha256(data).hexdigest()[:16]}")
    raise AssertionError(f"snapshot {name} differs (UPDATE_SNAPSHOTS=1 to accept):\n{diff}")
