"""One CSV file as one grid: encoding and delimiter detected, every value kept as text.

Agencies export CSV from Excel in whatever their Windows locale says: an Indonesian locale
writes ``;`` between fields (the comma is its decimal mark) and Windows-1252 text; other
tools write UTF-8 with ``,`` or tabs. Nothing here turns a cell into a number: ``1.234.567``
and ``74,17`` are read later by :mod:`checker.importers.numbers`, which knows the Indonesian
conventions, so the grid keeps exactly the text the file holds.

A grid row is a CSV record, numbered from 1 as a spreadsheet shows the file when opened.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from pathlib import Path

from checker.importers.excel_grid import Sheet
from checker.importers.textlines import MAX_TEXT_BYTES, decode
from checker.model.errors import InputError
from checker.model.location import Location

#: The delimiters a CSV export uses, in order of preference when two fit equally well.
DELIMITERS = (",", ";", "\t", "|")
#: Bytes of the file the delimiter is detected on (a few hundred records).
SAMPLE_CHARS = 64 * 1024
#: Share of the sample's non-blank records that must have the same field count for a
#: delimiter to be trusted: a heading line or a totals row may differ, most rows may not.
CONSISTENT_SHARE = 0.6


def read_csv_grid(path: Path) -> Sheet:
    """The file's records as one :class:`Sheet` named after the file (without suffix)."""
    where = Location(file=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("input.unreadable", where, reason=exc.strerror or str(exc)) from exc
    if len(data) > MAX_TEXT_BYTES:
        raise InputError("input.too_large", where, size=len(data), limit=MAX_TEXT_BYTES)
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("input.binary", where)  # a workbook or an image renamed .csv
    text = decode(data, str(path))
    delimiter = detect_delimiter(text[:SAMPLE_CHARS])
    try:
        rows = [list(record) for record in csv.reader(io.StringIO(text, newline=""),
                                                      delimiter=delimiter)]
    except csv.Error as exc:  # a NUL byte, a field over the size limit
        raise InputError("containers.csv_unreadable", where, reason=str(exc)) from exc
    return Sheet(name=path.stem, rows=rows, container="csv")


def detect_delimiter(sample: str) -> str:
    """The delimiter of a CSV text: the one under which the records agree on most fields.

    :class:`csv.Sniffer` alone is fooled by a ``;``-separated export whose every record
    holds one ``74,17``: the comma splits each record consistently too, into fewer fields,
    and the sniffer prefers the comma. So every candidate is scored on the sample: the
    share of records with the commonest field count (:data:`CONSISTENT_SHARE` at least)
    and that count. Among the consistent ones the most fields wins; the sniffer's guess
    breaks a tie. A file with one column reads the same under any of them.
    """
    scores = {d: _consistency(sample, d) for d in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    consistent = [d for d in DELIMITERS if scores[d][0] >= CONSISTENT_SHARE and scores[d][1] > 1]
    if consistent:
        return max(consistent, key=lambda d: (scores[d][1], d == sniffed, -DELIMITERS.index(d)))
    if sniffed in scores and scores[sniffed][1] > 1:
        return sniffed
    best = max(DELIMITERS, key=lambda d: (scores[d][0] * (scores[d][1] > 1), scores[d][1]))
    return best if scores[best][1] > 1 else ","


def _consistency(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of non-blank records with the commonest field count, that count)."""
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and len(sample) >= SAMPLE_CHARS:
        lines = lines[:-1]  # the sample may cut its last record in half
    try:
        records = [r for r in csv.reader(lines, delimiter=delimiter) if any(f.strip() for f in r)]
    except csv.Error:
        return 0.0, 0
    if not records:
        return 0.0, 0
    count, hits = Counter(len(r) for r in records).most_common(1)[0]
    return hits / len(records), count
