"""Text extracts of PDF or Word tables, read as a grid of (line, field) cells.

A converted document arrives as lines whose table cells are separated by tabs. We keep each
line's number and each field's 1-based index so that a value read from field 11 of line 42
has the address ``K42`` in that file, exactly like a worksheet cell: a reviewer opens the
text file at line 42 and counts to the eleventh field.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from checker.model.errors import InputError
from checker.model.location import Location, column_letter

MAX_TEXT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class TextLine:
    """One line of a text extract: its 1-based number and its tab-separated fields."""

    number: int
    text: str

    @property
    def fields(self) -> list[str]:
        return self.text.split("\t")

    @property
    def stripped(self) -> str:
        return self.text.strip()

    def is_blank(self) -> bool:
        return not self.text.strip()

    def nonblank_fields(self) -> list[tuple[int, str]]:
        """(1-based field index, stripped text) of every non-empty field."""
        return [(i, f.strip()) for i, f in enumerate(self.fields, start=1) if f.strip()]


def decode(data: bytes, path: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:  # a UTF-16 mark on bytes that are not UTF-16
            raise InputError("input.binary", Location(file=path)) from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


#: The lines of the last file read, by (resolved path, size, modification time): reading
#: a text file asks for its lines four times (the registry's sniff, the container's HTML
#: test, the text grid, the captioned report), 1,688 lines each for seed 004.
_LAST: dict[tuple[str, int, int], list[TextLine]] = {}


def read_lines(path: str | Path) -> list[TextLine]:
    """Read a text file into numbered lines; unreadable files raise :class:`InputError`.

    The same file unchanged (same size and modification time) is read once; each call
    gets a list of its own.
    """
    p = Path(path)
    where = Location(file=str(path))
    if not p.exists():
        raise InputError("input.not_found", where)
    if p.is_dir():
        raise InputError("input.is_folder", where)
    stat = p.stat()
    size = stat.st_size
    if size > MAX_TEXT_BYTES:
        raise InputError("input.too_large", where, size=size, limit=MAX_TEXT_BYTES)
    key = (str(p.resolve()), size, stat.st_mtime_ns)
    if key in _LAST:
        return list(_LAST[key])
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError("input.unreadable", where, reason=exc.strerror or str(exc)) from exc
    if len(data) != size:  # truncated or extended between stat and read: being written
        raise InputError("input.changed_while_read", where)
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("input.binary", where)
    text = decode(data, str(path)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [TextLine(i, line) for i, line in enumerate(text.split("\n"), start=1)]
    _LAST.clear()
    _LAST[key] = lines
    return list(lines)


def cell_location(path: str, table: str | None, line: TextLine | int, field: int) -> Location:
    """Address of field ``field`` (1-based) of a line, as a spreadsheet-style cell."""
    number = line.number if isinstance(line, TextLine) else line
    return Location(file=path, table=table, row=number, column=column_letter(field))
