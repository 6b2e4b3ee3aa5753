"""Sasaran and indicator blocks laid out across a sheet, not in a table.

A cascading of individual performance indicators (``Pengukuran Kinerja Individu``,
``Cascading IKI``) prints no table header: each official's column holds a ``Sasaran :``
label and its statement, then ``Indikator :`` and numbered indicators (``1.1.``) whose
target and unit close the text in parentheses, ``Jumlah regulasi … (13 Dokumen)``;
officials of the next eselon follow in a band of rows below, several side by side::

    KEPALA BIRO ORGANISASI
    Sasaran 1                              Sasaran 2
    Meningkatkan kapasitas …               Meningkatnya kualitas …
    Indikator :                            Indikator :
    1.1.  Jumlah rekomendasi … (1 Dokumen) 2.1.  Jumlah Unit … (14)

This stage reads such a grid when no table header was found: every cell whose left
neighbour is a number like ``1.1.`` is an indicator, its sasaran the nearest statement
above it in its own or the numbering's column (within the official's band), its eselon
the band's official (Kepala Biro/Dinas/Badan II, Kepala Bagian/Bidang III, Kepala
Subbagian/Seksi IV). Indicator text, target and unit are separated, so the indicator
rules (a ``Persentase …`` indicator in %, a ``Jumlah …`` one counted) apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.importers.base import document_id
from checker.importers.excel_grid import Sheet
from checker.importers.excel_header import OFFICIAL
from checker.importers.numbers import parse_number
from checker.model.plan import Document, Indicator, Item, TableInfo
from checker.model.schema import DocumentKind, Level

NUMBERING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){0,3}\.?\s*$")
#: ``(13 Dokumen)``, ``(100%)``, ``(14)``, ``(1 dokumen)\n(27 Kab/Kota)``: the first one.
TARGET = re.compile(r"\(\s*(\d[\d.,]*)\s*(%|[A-Za-z][A-Za-z /.\-]{0,30})?\s*\)")
LABEL = re.compile(r"^\s*(?:sasaran|tujuan|indikator)\b[\s\d]*:?\s*$", re.IGNORECASE)
#: Fewest indicators before a sheet is read as blocks.
MIN_INDICATORS = 3


@dataclass
class _Statement:
    row: int
    col: int
    text: str


def _eselon(title: str) -> str | None:
    low = title.casefold()
    if re.search(r"sub\s*bagian|subbagian|kasubbag|seksi|kasi\b", low):
        return "IV"
    if re.search(r"\bbagian\b|\bbidang\b|sekretaris", low):
        return "III"
    if re.search(r"\bbiro\b|\bdinas\b|\bbadan\b", low):
        return "II"
    return None


def indicator_cells(sheet: Sheet) -> list[tuple[int, int, str]]:
    """(row, col, text) of every indicator: numbered on its left like ``1.1.``.

    A statement numbered with one level (``1.`` beside "Tertatanya OPD …") is a sasaran,
    unless its text ends in a target in parentheses.
    """
    out = []
    for row in range(1, sheet.height + 1):
        for col, text in sheet.cells(row):
            number = sheet.text(row, col - 1) if col > 1 else ""
            if not NUMBERING.match(number) or NUMBERING.match(text) or len(text) <= 8:
                continue
            if number.strip().rstrip(".").count(".") >= 1 or TARGET.search(text):
                out.append((row, col, text))
    return out


def looks_like_blocks(sheet: Sheet) -> bool:
    """Enough numbered indicators, and a ``Sasaran`` label, to read the sheet as blocks."""
    if len(indicator_cells(sheet)) < MIN_INDICATORS:
        return False
    return any(LABEL.match(text) and text.strip().casefold().startswith("sasaran")
               for r in range(1, sheet.height + 1) for _, text in sheet.cells(r))


def read_blocks(path: str, sheet: Sheet) -> Document:
    """The sasaran, with eselon, and their indicators, each at its cell."""
    indicators = indicator_cells(sheet)
    numbered = {(r, c - 1) for r, c, _ in indicators}
    inside = {(r, c) for r, c, _ in indicators}
    bands: list[tuple[int, dict[int, str | None]]] = []  # (row, column → eselon)
    statements: dict[int, list[_Statement]] = {}
    for row in range(1, sheet.height + 1):
        officials = {c: _eselon(t) for c, t in sheet.cells(row) if OFFICIAL.match(t)}
        if officials:
            bands.append((row, officials))
        for col, text in sheet.cells(row):
            if (row, col) in inside or (row, col) in numbered or LABEL.match(text) or \
                    OFFICIAL.match(text) or len(text) < 12 or TARGET.search(text) or \
                    NUMBERING.match(text):
                continue
            statements.setdefault(col, []).append(_Statement(row, col, text))
    doc = Document(id=document_id(path, DocumentKind.CASCADING), jenis=DocumentKind.CASCADING,
                   path=path)
    info = TableInfo(name=sheet.name, file=path, grid=sheet.name, first_row=1,
                     last_row=sheet.height, columns={"*": "blok sasaran/indikator"})
    doc.tables.append(info)
    items: dict[tuple[int, int], Item] = {}
    for row, col, text in indicators:
        band = max((b for b in bands if b[0] < row), key=lambda b: b[0], default=None)
        floor = band[0] if band else 0
        near = [s for c in (col, col - 1) for s in statements.get(c, []) if floor < s.row < row]
        statement = max(near, key=lambda s: (s.row, s.col), default=None)
        if statement is None:
            info.skipped.append((row, "indikator tanpa sasaran di atasnya"))
            continue
        key = (statement.row, statement.col)
        if key not in items:
            eselon = None
            if band is not None:
                left = [c for c in band[1] if c <= statement.col]
                eselon = band[1][max(left)] if left else next(iter(band[1].values()))
            item = Item(id=f"SS{len(items) + 1}", level=Level.SASARAN, nama=statement.text,
                        eselon=eselon, file=path, table=sheet.name, row=statement.row)
            item.locate("nama", sheet.location(path, statement.row, statement.col))
            items[key] = item
            doc.items.append(item)
        doc.indicators.append(_indicator(path, sheet, row, col, text, items[key].id))
        info.rows_read += 1
    return doc


def _indicator(path: str, sheet: Sheet, row: int, col: int, text: str, item: str) -> Indicator:
    """An indicator whose target and unit close its text: ``… (13 Dokumen)``."""
    flat = re.sub(r"\s+", " ", text).strip()
    indicator = Indicator(item=item, file=path, table=sheet.name, row=row)
    where = sheet.location(path, row, col)
    m = TARGET.search(flat)
    indicator.uraian = flat[:m.start()].strip() if m else flat
    indicator.locate("uraian", where)
    if m:
        parsed = parse_number(m.group(1))
        unit = (m.group(2) or "").strip()
        if parsed.ok:
            indicator.target = parsed.as_float()
            indicator.locate("target", where, m.group(0))
        if unit:
            indicator.satuan = unit
            indicator.locate("satuan", where, m.group(0))
    if "satuan" not in indicator.cells:
        indicator.locate("satuan", where)  # where the unit belongs: in the parentheses
    if "target" not in indicator.cells:
        indicator.locate("target", where)
    return indicator
