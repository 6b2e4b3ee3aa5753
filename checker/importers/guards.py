"""Checks a file passes before an importer opens it: a message, never a crash or a hang.

Hostile or broken files end in a message naming the file, never in a traceback, a hang or
an exhausted memory.

A workbook is a zip of XML parts, so it is looked at as one before any reader trusts it:

- an empty file, an OLE compound file (a password-protected workbook, or a legacy ``.xls``
  under an ``.xlsx`` name), a file that is not a zip or is cut short, and a zip that holds
  no workbook are each named for what they are;
- the parts' declared sizes are added up and compared with :data:`MAX_UNCOMPRESSED`, and a
  large part that unpacks to hundreds of times its packed size is refused (a zip bomb);
- every worksheet is streamed once, in chunks, without building a tree: its
  ``<dimension>`` and its cells are counted against :data:`MAX_CELLS`, and formula cells
  that hold no computed value are collected with their addresses. Readers read the value
  Excel stored; a workbook written by a program and never recalculated has none, and its
  formulas would silently read as blank cells.

:func:`stamp` lets the caller notice a file that changed while it was being read.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from checker.model.errors import InputError
from checker.model.location import Location, column_index

#: Total unpacked size of a workbook's parts (a million-row plan is well under this).
MAX_UNCOMPRESSED = 4 * 1024**3
#: A part larger than :data:`BOMB_MIN_PART` unpacking to more than this many times its
#: packed size is not a spreadsheet: real sheets pack 5–30 times, zeros 1 000 times.
MAX_RATIO = 400
BOMB_MIN_PART = 64 * 1024**2
#: Cells a sheet may hold or claim in its ``<dimension>``.
MAX_CELLS = 60_000_000
#: Formula cells without a value named in the message (the rest are counted).
MAX_LISTED = 12
#: Bytes read of the small XML parts (workbook, relationships).
MAX_META_BYTES = 16 * 1024**2
CHUNK = 1 << 22

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?([0-9]{1,7})?:?'
                        rb'([A-Z]{1,3})?([0-9]{1,7})?"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3}[0-9]{1,7})"')
_CELL_CLOSE = re.compile(rb"</(?:\w+:)?c>")
_VALUE = re.compile(rb"<(?:\w+:)?v[\s>/]")
_EMPTY_VALUE = re.compile(rb"<(?:\w+:)?v\s*(?:/>|></(?:\w+:)?v>)")


def stamp(path: Path) -> tuple[int, int] | None:
    """(size, modification time) of a file, to compare before and after reading it."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def check_file(path: Path) -> None:
    """Refuse an empty file with a message saying so (every format)."""
    if path.is_file() and path.stat().st_size == 0:
        raise InputError("input.empty", Location(file=str(path)))


def check_workbook(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` is a workbook an importer may open safely."""
    where = Location(file=str(path))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == OLE_MAGIC:
                fh.seek(0)
                raise InputError(_ole_kind(fh.read(1 << 20)), where)
    except OSError as exc:
        raise InputError("input.unreadable", where, reason=exc.strerror or str(exc)) from exc
    if not head.startswith(ZIP_MAGIC):
        raise InputError("input.not_workbook", where, detail=_describe(head))
    try:
        with zipfile.ZipFile(path) as package:
            _check_package(package, path)
    except zipfile.BadZipFile as exc:
        raise InputError("input.damaged_workbook", where, reason=str(exc)) from exc
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError,
            zlib.error) as exc:  # a part cut short, an unknown compression, bad data
        raise InputError("input.damaged_workbook", where,
                         reason=f"{type(exc).__name__}: {exc}") from exc


def _ole_kind(data: bytes) -> str:
    """An OLE compound file is an encrypted OOXML package or a legacy binary workbook."""
    if "EncryptedPackage".encode("utf-16-le") in data or \
            "EncryptionInfo".encode("utf-16-le") in data:
        return "input.encrypted"
    return "input.legacy_xls"


def _describe(head: bytes) -> str:
    text = head.lstrip()[:5].lower()
    if text.startswith((b"<html", b"<!doc")):
        return "HTML"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "XML"
    if head.startswith(b"%PDF"):
        return "PDF"
    return "bytes " + head[:4].hex(" ")


def _check_package(package: zipfile.ZipFile, path: Path) -> None:
    where = Location(file=str(path))
    infos = package.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        shown = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
        raise InputError("input.not_workbook", where, detail=f"zip: {shown or '-'}")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise InputError("input.zip_bomb", where, size=total, limit=MAX_UNCOMPRESSED,
                         part="*")
    for i in infos:
        if i.file_size > BOMB_MIN_PART and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise InputError("input.zip_bomb", where, size=i.file_size, limit=MAX_UNCOMPRESSED,
                             part=i.filename)
    sheets = _sheet_parts(package, names)
    missing: list[str] = []
    count = 0
    for name, part in sheets:
        found, n = _scan_sheet(package, part, name, where)
        missing += found
        count += n
    if count:
        raise InputError("input.formulas_without_values", where, count=count,
                         cells=", ".join(missing[:MAX_LISTED]) + (" …" if count > MAX_LISTED
                                                                  else ""))


def _read_small(package: zipfile.ZipFile, name: str) -> bytes:
    with package.open(name) as fh:
        data = fh.read(MAX_META_BYTES + 1)
    if len(data) > MAX_META_BYTES:
        raise zipfile.BadZipFile(f"{name} is larger than {MAX_META_BYTES} bytes")
    return data


def _sheet_parts(package: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, part) of every worksheet, in workbook order; parts not listed follow."""
    out: list[tuple[str, str]] = []
    try:
        workbook = ElementTree.fromstring(_read_small(package, "xl/workbook.xml"))
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = ElementTree.fromstring(_read_small(package, rels_name)) \
            if rels_name in names else None
    except ElementTree.ParseError as exc:
        raise zipfile.BadZipFile(f"xl/workbook.xml: {exc}") from exc
    targets: dict[str, str] = {}
    if rels is not None:
        for rel in rels.iter(f"{_PKG_REL}Relationship"):
            target = rel.get("Target", "")
            targets[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else \
                str(PurePosixPath("xl") / target)
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_REL}id", ""))
        if part in names:
            out.append((sheet.get("name", part), part))
    listed = {p for _, p in out}
    out += [(n, n) for n in sorted(names)
            if n.startswith("xl/worksheets/") and n.endswith(".xml") and n not in listed]
    return out


def _scan_sheet(package: zipfile.ZipFile, part: str, sheet: str,
                where: Location) -> tuple[list[str], int]:
    """Stream one worksheet: its size in cells, and the formula cells without a value."""
    cells = 0
    missing: list[str] = []
    count = 0
    first = True
    prefixed = False
    buf = b""
    with package.open(part) as fh:
        while True:
            data = fh.read(CHUNK)
            buf += data
            if first:  # <dimension> is among the first elements of a sheet
                first = False
                prefixed = b"<sheetData" not in buf and b":sheetData" in buf
                _check_dimension(buf[:65536], sheet, where)
            cut = len(buf) if not data else buf.rfind(b"row>") + 4
            if cut > 3:
                seg, buf = buf[:cut], buf[cut:]
                cells += _count_cells(seg, prefixed)
                if cells > MAX_CELLS:
                    raise InputError("input.too_many_cells", where, sheet=sheet,
                                     cells=f">{MAX_CELLS}", ref="-", limit=MAX_CELLS)
                if seg.find(b"<f") >= 0 or (prefixed and seg.find(b":f") >= 0):
                    count += _formulas_without_values(seg, sheet, missing)
            elif len(buf) > 64 * CHUNK:  # no row boundary in 256 MiB: not a sheet
                raise zipfile.BadZipFile(f"{part}: no row ends in {len(buf)} bytes")
            if not data:
                return missing, count


def _count_cells(seg: bytes, prefixed: bool) -> int:
    """Cell elements in ``seg`` (``<c r=…>``, or ``<x:c …>``), at memory speed.

    ``<col>`` and ``<cfRule>`` are counted too: there are a handful, and this is a limit.
    """
    return seg.count(b":c ") if prefixed else seg.count(b"<c")


def _check_dimension(head: bytes, sheet: str, where: Location) -> None:
    match = _DIMENSION.search(head)
    if not match or not match.group(3) or not match.group(4):
        return
    first_col = column_index(match.group(1).decode()) if match.group(1) else 1
    first_row = int(match.group(2)) if match.group(2) else 1
    last_col, last_row = column_index(match.group(3).decode()), int(match.group(4))
    claimed = max(last_col - first_col + 1, 1) * max(last_row - first_row + 1, 1)
    if claimed > MAX_CELLS:
        ref = f"{match.group(3).decode()}{last_row}"
        raise InputError("input.too_many_cells", where, sheet=sheet, cells=claimed, ref=ref,
                         limit=MAX_CELLS)


def _formulas_without_values(seg: bytes, sheet: str, missing: list[str]) -> int:
    """Count formula cells of ``seg`` that hold no ``<v>``; note their addresses."""
    n = 0
    for m in _FORMULA.finditer(seg):
        # The cell's opening, plain (``<c ``) or prefixed (``<x:c ``): the second search
        # starts where the first found one, or every formula of a plain sheet would scan
        # back to the segment's start for a ``:c `` it does not have (quadratic: 0.12 s of
        # a 2,000-formula sheet). A ``:c `` before the ``<c `` found would lose anyway.
        plain = seg.rfind(b"<c ", 0, m.start())
        start = max(plain, seg.rfind(b":c ", max(plain, 0), m.start()))
        close = _CELL_CLOSE.search(seg, m.end())  # a cell holding a formula has children
        end = close.end() if close else len(seg)
        opening = seg[max(start, 0):m.start()]
        value = _VALUE.search(seg, m.end(), end)
        if value and (not _EMPTY_VALUE.match(seg, value.start()) or b't="str"' in opening):
            continue  # a stored result (an empty one only for a text formula, t="str")
        n += 1
        if len(missing) < MAX_LISTED:
            ref = _CELL_REF.search(opening)
            missing.append(f"{sheet}!{ref.group(1).decode() if ref else '?'}")
    return n
