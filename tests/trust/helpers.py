"""Shared by the trust tests: the CLI in-process under a deadline, workbooks built in code."""

from __future__ import annotations

import contextlib
import json
import random
import re
import signal
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from click.testing import CliRunner, Result

from checker.cli.main import main
from tests.trust.strategies import RandomChooser, build_plan, id_style, text_extract, text_row


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``."""
    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def cli(*args: str, seconds: int = 60) -> Result:
    """``sakip-check ARGS`` in this process; a traceback fails the calling test."""
    with deadline(seconds):
        result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("".join(traceback.format_exception(result.exception)))
    return result


def check_json(*paths: str | Path, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
    """Exit code and JSON report of ``check`` on ``paths`` (messages in English)."""
    result = cli("check", "--format", "json", "--lang", "en", *extra, *map(str, paths))
    return result.exit_code, json.loads(result.stdout)


def plan_workbook(path: Path, seed: int = 1, jenis: str = "rencana_aksi") -> Path:
    """A consistent generated plan written as the canonical template workbook."""
    from checker.exporters.template import write_template

    plan = build_plan(RandomChooser(random.Random(seed)), path.stem, jenis)
    write_template(path, [plan.document()])
    return path


def text_plan(path: Path, rows: int = 3, newline: str = "\n", encoding: str = "utf-8",
              budget: int = 4_800_000, slip: bool = False, name: str = "Sub kegiatan") -> Path:
    """A Rencana Aksi eselon IV text extract: consistent, or with ``slip`` one finding per
    row (TW IV of the budget plan Rp 1.000 too high: AGT-001 in column K)."""
    table = [text_row(n, budget * (n + 1), 4 * (n + 1), f"{name} {n + 1}") for n in range(rows)]
    if slip:
        for row in table:
            row[14] = id_style(int(row[14].replace(".", "")) + 1000)
    text = text_extract(table, newline)
    path.write_bytes(text.encode(encoding))
    return path


def rewrite_zip(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip part by part; ``change(name, data)`` returns new data, or None to drop."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def sheet_part(path: Path, sheet: str) -> str:
    """The part name of a sheet of a workbook (``xl/worksheets/sheetN.xml``)."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="([^"]+)"', book)
    rid = rid or re.search(rf'<sheet [^>]*r:id="([^"]+)"[^>]*name="{sheet}"', book)
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def raw_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written byte by byte: (name, deflated data, crc, declared size) per member.

    Lets a test declare what no honest writer would (a part of gigabytes packed in a few
    megabytes) without spending the time to compress it.
    """
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in members:
        offset = len(out)
        encoded = name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data),
                           size, len(encoded), 0) + encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                               len(data), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                      len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def deflated_spaces(size: int) -> bytes:
    """Raw deflate data of ``size`` spaces, made by repeating one fully flushed block."""
    block = 1 << 20
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    once = c.compress(b" " * block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(b" " * block) + c.flush(zlib.Z_FULL_FLUSH)
    assert once == again  # a full flush resets the window: the block repeats exactly
    return once * (size // block) + c.flush()
