"""The LKjIP report's indicator tables without a name column (Tabel 4.1-4.7).

Which reader a ``Tabel x.y`` gets is decided by its column headings, not its number (the
seed prints two different tables numbered 4.2, and its 4.5 is titled differently in the
list of tables): an indicator table has an indicator (or SPM service) column and target,
realisasi or capaian columns. The pagu table (murni, pergeseran, perubahan), the
realisation table (kode, anggaran, realisasi, sisa, %) and the indicator tables whose rows
name their sasaran or program (Tabel 2.2, 2.4, 2.5) are read by the shared pipeline
(``text_lkjip._through_pipeline``), no longer here. Everything else (staff, assets,
visitors, efficiency) is recognised and skipped with a finding that says so.
"""

from __future__ import annotations

import re

from checker.i18n import t
from checker.importers.text_lkjip_base import (
    NS,
    Builder,
    Meta,
    Section,
    clean,
    convention_of,
    is_numbered_row,
    norm,
    row_number,
    year_band,
)
from checker.importers.textlines import TextLine
from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, TableInfo
from checker.model.schema import DocumentKind, Level

_TOTAL_WORDS = ("jumlah", "total", "rata-rata", "rata - rata", "rata rata")


def header_labels(rows: list[TextLine]) -> dict[int, list[str]]:
    """Labels over each column (1-based), top row first.

    A heading cell followed by empty cells spans them as long as a lower header row has
    labels under them (``Target (%)`` over ``2023 2024 2025 2026``).
    """
    width = max((len(r.fields) for r in rows), default=0)
    labels: dict[int, list[str]] = {c: [] for c in range(1, width + 1)}
    for i, row in enumerate(rows):
        current: str | None = None
        for c in range(1, width + 1):
            text = clean(row.fields[c - 1]) if c <= len(row.fields) else ""
            below = any(c <= len(r.fields) and clean(r.fields[c - 1]) for r in rows[i + 1:])
            if text:
                labels[c].append(text)
                current = text
            elif current and below:
                labels[c].append(current)
            else:
                current = None
    return labels


def kind_of(section: Section) -> str | None:
    """Which reader a LKjIP table needs: ``pagu``, ``realisasi``, ``indicators`` or none."""
    head = " ".join(norm(r.text) for r in section.rows()[:3])
    named = any(w in head for w in ("program", "kegiatan", "uraian"))
    if "kode" in head and "realisasi" in head and "sisa" in head:
        return "realisasi"
    if named and "realisasi" not in head and re.search(r"pagu|murni|pergeseran|perubahan",
                                                       head):
        return "pagu"
    if re.search(r"indikator|jenis pelayanan", head) and re.search(
            r"target|realisasi|capaian", head):
        return "indicators"
    return None


def _header_rows(rows: list[TextLine], is_data) -> tuple[list[TextLine], list[TextLine]]:
    for i, row in enumerate(rows):
        if is_data(row):
            return rows[:i], rows[i:]
    return rows, []


def _skip(info: TableInfo, line: TextLine, key: str, **params: object) -> None:
    info.skipped.append((line.number, t(f"{NS}.skip.{key}", "id", **params)))


def _cell(line: TextLine, col: int | None) -> str:
    if col is None or col > len(line.fields):
        return ""
    return clean(line.fields[col - 1])


def _is_repeat(line: TextLine, header: list[TextLine]) -> bool:
    return any(norm(line.text) == norm(h.text) for h in header)


def _set_conventions(b: Builder, name: str, data: list[TextLine], cols: dict[str, int]) -> \
        dict[str, str | None]:
    out: dict[str, str | None] = {}
    for role, col in cols.items():
        key = f"{name}!{column_letter(col)}"
        out[role] = convention_of([_cell(r, col) for r in data])
        b.set_convention(key, out[role])
    return out


# --------------------------------------------------------------------------- indicators
_ROLE_PATTERNS = (
    ("no", r"^no\.?$|^nomor$"),
    ("capaian", r"capaian"),
    ("realisasi", r"realisasi"),
    ("target", r"target"),
    ("satuan", r"satuan"),
    ("uraian", r"indikator"),
    ("formula", r"penjelasan|formulasi|rumus|keterangan"),
    ("sasaran", r"sasaran"),
    ("program", r"program"),
    ("jenis", r"jenis"),
)


def indicator_roles(labels: dict[int, list[str]], meta: Meta) -> dict[str, int]:
    """Column of each role; other years' and other regions' columns are left out."""
    found: dict[str, list[tuple[int, str]]] = {}
    for col, labs in labels.items():
        text = norm(" ".join(labs))
        years = re.findall(r"\b(?:19|20)\d\d\b", text)
        if years and meta.tahun and str(meta.tahun) not in years:
            continue
        for role, pattern in _ROLE_PATTERNS:
            if re.search(pattern, text):
                found.setdefault(role, []).append((col, text))
                break
    region = meta.region()
    roles = {}
    for role, cands in found.items():
        own = [c for c, text in cands if region and region in text]
        roles[role] = own[0] if own else cands[0][0]
    return roles


def names_sasaran(section: Section, meta: Meta) -> bool:
    """Whether an indicator table has a sasaran column (it names the document's sasaran)."""
    if kind_of(section) != "indicators":
        return False
    header, _ = _header_rows(section.rows(), _is_indicator_data)
    return "sasaran" in indicator_roles(header_labels(header), meta)


def names_its_items(section: Section, meta: Meta) -> bool:
    """Whether an indicator table names the item of each row (Tabel 2.2, 2.4, 2.5).

    A sasaran or program column (``Sasaran Kinerja``, ``Program``) beside the indicators:
    such a table is read by the shared stages (header roles ``nama:sasaran`` /
    ``nama:program``, ``indikator``, ``target`` of the document's year; an indicator row
    without a name belongs to the item above), no longer by :func:`read_indicators`.
    """
    if kind_of(section) != "indicators":
        return False
    header, _ = _header_rows(section.rows(), _is_indicator_data)
    roles = indicator_roles(header_labels(header), meta)
    return "program" in roles or "sasaran" in roles


def _is_indicator_data(row: TextLine) -> bool:
    return row_number(_cell(row, 1)) is not None and not is_numbered_row(row)


def read_indicators(section: Section, meta: Meta, path: str,
                    sasaran: list[tuple[str, Location]]) -> Document:
    """An indicator table without a name column (Tabel 4.1–4.7): targets, realisasi, capaian.

    Its indicators belong to the document's sasaran strategis (``sasaran``: those named by
    the document's other tables), attached only when there is exactly one. Tables whose rows
    name their sasaran or program (:func:`names_its_items`) are read by the shared stages.
    """
    b = Builder(path, DocumentKind.LKJIP, section.part, meta, section.title)
    header, data = _header_rows(section.rows(), _is_indicator_data)
    header = [h for h in header if year_band(h) is None]
    labels = header_labels(header)
    roles = indicator_roles(labels, meta)
    columns = {column_letter(c): r for r, c in roles.items()}
    for col, labs in labels.items():  # columns of other years or regions, said so
        if col not in roles.values() and re.search(r"target|realisasi|capaian",
                                                    norm(" ".join(labs))):
            columns[column_letter(col)] = t(f"{NS}.note.column_not_read", "id",
                                            label=" / ".join(labs))
    info = b.table(section, columns)
    conv = _set_conventions(b, section.name, data, {r: roles[r] for r in
                                                    ("target", "realisasi", "capaian")
                                                    if r in roles})
    percent = "target" in roles and "%" in " ".join(labels.get(roles["target"], []))
    uraian_col = roles.get("uraian", roles.get("jenis"))
    item: Item | None = None
    band: int | None = None
    for line in section.lines:
        if line in header or line.is_blank():
            continue
        if "\t" not in line.text:
            _skip(info, line, "outside_columns")
            continue
        if year_band(line) is not None:
            band = year_band(line)
            _skip(info, line, "year_band", year=band)
            continue
        if is_numbered_row(line) or _is_repeat(line, header):
            _skip(info, line, "repeated_header")
            continue
        if band is not None and meta.tahun and band != meta.tahun:
            _skip(info, line, "other_year", year=band)
            continue
        names = [_cell(line, c) for c in (roles.get("no"), uraian_col) if c]
        if any(norm(n).startswith(_TOTAL_WORDS) for n in names):
            _skip(info, line, "percent_total")
            continue
        if item is None:
            item = _document_sasaran(b, section, line, sasaran)
        uraian = _cell(line, uraian_col)
        if not uraian and not any(_cell(line, roles.get(r)) for r in ("target", "realisasi")):
            _skip(info, line, "no_indicator")
            continue
        _indicator(b, section, line, item, roles, uraian_col, conv, percent)
        info.rows_read += 1
    return b.finish()


def _document_sasaran(b: Builder, section: Section, line: TextLine,
                      sasaran: list[tuple[str, Location]]) -> Item:
    """The sasaran strategis these indicators measure, named elsewhere in the document."""
    distinct: dict[str, tuple[str, Location]] = {}
    for name, loc in sasaran:
        distinct.setdefault(norm(name), (name, loc))
    item = Item(id="SS1", level=Level.SASARAN, file=b.path, table=section.name,
                row=line.number)
    if len(distinct) == 1:
        name, loc = next(iter(distinct.values()))
        item.nama = name
        item.locate("nama", loc, name)
    else:
        b.issue("STR-003", "no_sasaran", Location(file=b.path, table=section.name,
                                                  row=line.number),
                count=len(distinct))
    b.doc.items.append(item)
    return item


def _indicator(b: Builder, section: Section, line: TextLine, item: Item,
               roles: dict[str, int], uraian_col: int | None, conv: dict[str, str | None],
               percent: bool) -> None:
    ind = Indicator(item=item.id, uraian=_cell(line, uraian_col) or None, file=b.path,
                    table=section.name, row=line.number)
    if uraian_col:
        ind.locate("uraian", b.loc(section.name, line, uraian_col), ind.uraian)
    units = []
    for fname in ("target", "realisasi", "capaian"):
        col = roles.get(fname)
        if col is None:
            continue
        val = b.number(ind, fname, _cell(line, col), b.loc(section.name, line, col),
                       column=f"{section.name}!{column_letter(col)}", convention=conv.get(fname),
                       grades=fname != "capaian")
        setattr(ind, fname, val.value)
        if fname == "target" and val.grade and val.value is None:
            ind.target_teks = val.raw
        if fname != "capaian" and val.unit:
            units.append(val.unit)
    satuan = _cell(line, roles.get("satuan"))
    if satuan:
        ind.satuan = satuan
        ind.locate("satuan", b.loc(section.name, line, roles["satuan"]), satuan)
    elif percent or "%" in units:
        ind.satuan = "%"
    b.doc.indicators.append(ind)
