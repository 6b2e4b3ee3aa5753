"""Column roles confirmed, and completed, by the values under the header.

The header words (:mod:`~checker.importers.excel_header`, from ``vocabulary.toml``) say
what a column should hold; the body says what it does hold. Two cases need the body:

* a header word that names no role on its own: ``Realisasi`` alone is rupiah in a budget
  table and a performance figure in an indicator table; the values decide (whole amounts
  of a thousand rupiah and more are money);
* a table whose names sit in a column headed as something else: an LKjIP table headed
  ``INDIKATOR KINERJA PROGRAM/ KINERJA`` whose rows read ``Program …``, ``Kegiatan …``,
  ``1. Sub Kegiatan …``: the column whose cells name levels is the name column.

Each decision is recorded on the column (``confirmed``) so that ``sakip-check inspect``
shows it.
"""

from __future__ import annotations

from decimal import Decimal

from checker.importers.excel_grid import Sheet, typed_number
from checker.importers.excel_header import Col, Header, owners
from checker.importers.numbers import parse_money, parse_number
from checker.importers.stacked_header import body_quarters
from checker.importers.vocabulary import concepts, level_named, squash

#: Share of a column's filled cells that must agree before the values decide its role.
AGREE = 0.8
#: Smallest amount read as rupiah when a column's header does not say so.
MONEY_FLOOR = 1000
#: Body rows sampled per column (a role is clear long before the end of a long table).
SAMPLE = 200
#: What ``inspect`` says of a column printing only ``Rp`` before the amounts on its right:
#: it holds no value of its own, so it is not reported as unread (STR-005).
CURRENCY_ONLY = "hanya 'Rp'"


def _numbers(sheet: Sheet, col: int, rows: range, *,
             figures: bool = False) -> tuple[list[float], int]:
    """The numbers in a column's cells and how many cells are filled at all.

    Read as amounts; with ``figures`` (a table of performance targets and no amounts) a
    cell that is no amount but a figure (``91,22``) counts too, so that a bare
    ``Realisasi`` of performance figures is confirmed as such.
    """
    out: list[float] = []
    filled = 0
    for row in rows:
        value = sheet.value(row, col)
        text = sheet.text(row, col)
        if not text:
            continue
        filled += 1
        if typed_number(value):
            out.append(float(value))
            continue
        parsed = parse_money(text)
        if figures and not (parsed.ok and parsed.value is not None):
            parsed = parse_number(text)
        if parsed.ok and parsed.value is not None:
            out.append(float(parsed.value))
    return out, filled


def _names_levels(sheet: Sheet, col: int, rows: range) -> tuple[int, int]:
    """(cells naming a level by their first words, text cells) of a column."""
    named = texts = 0
    for row in rows:
        text = sheet.text(row, col)
        if not text or typed_number(sheet.value(row, col)):
            continue
        texts += 1
        if level_named(text, whole=False) is not None:
            named += 1
    return named, texts


def confirm(sheet: Sheet, header: Header, body: tuple[int, int]) -> None:
    """Complete the roles the header words left open, from the values below them."""
    rows = range(body[0], min(body[1], body[0] + SAMPLE) + 1)
    changed = False
    # beside a performance target and no amount, a bare 'Realisasi' of 91,22 is a figure
    figures = any(c.role == "annual" and not c.money for c in header.cols.values()) and \
        not any(c.money for c in header.cols.values())
    for col in header.cols.values():
        if col.role == "unknown" and _bare_measure(col):
            changed |= _money_or_figure(sheet, col, rows, figures)
    if not any(c.role == "name" for c in header.cols.values()):
        changed |= _name_column(sheet, header, rows)
    changed |= _service_column(header)
    changed |= _currency_columns(sheet, header, rows)
    changed |= _share_column(sheet, header, rows)
    changed |= body_quarters(sheet, header, rows)
    if changed:
        owners(header)


def _bare_measure(col: Col) -> bool:
    """A header that names a measure and nothing else (``Realisasi``, ``Target``)."""
    found = concepts(col.header)
    return bool(found & {"realisasi", "target"}) and not found - {
        "realisasi", "target", "kinerja", "capaian"}


def _money_or_figure(sheet: Sheet, col: Col, rows: range, figures: bool = False) -> bool:
    numbers, filled = _numbers(sheet, col.index, rows, figures=figures)
    if not filled or len(numbers) < AGREE * filled:
        return False
    measure = "realisasi" if "realisasi" in concepts(col.header) else "target"
    col.measure = measure
    if all(n >= MONEY_FLOOR and float(n).is_integer() for n in numbers):
        col.role, col.money = "pagu", True
        col.confirmed = "nilai rupiah"
    else:
        col.role, col.money = "annual", False
        col.confirmed = "angka kinerja"
    return True


def _name_column(sheet: Sheet, header: Header, rows: range) -> bool:
    """The text column whose cells name levels (``Program …``) becomes the name column."""
    best: tuple[float, Col] | None = None
    for col in header.cols.values():
        if col.role not in ("indikator", "unknown", "ignored"):
            continue
        named, texts = _names_levels(sheet, col.index, rows)
        if texts and named >= 2 and named >= 0.5 * texts:
            share = named / texts
            if best is None or share > best[0]:
                best = (share, col)
    if best is None:
        return False
    col = best[1]
    col.role, col.multi_level, col.level = "name", True, None
    col.confirmed = f"{round(best[0] * 100)}% sel diawali nama tingkat (Program/Kegiatan/…)"
    return True


def _service_column(header: Header) -> bool:
    """An SPM table's service column is its indicator when no column names one.

    ``No | Jenis Pelayanan Dasar | Target | Realisasi``: each service is what is measured.
    Beside an ``Indikator Kinerja`` column the service is context (not read, STR-005).
    """
    cols = header.cols.values()
    service = next((c for c in cols if c.reason == "layanan"), None)
    if service is None or any(c.role == "indikator" for c in cols):
        return False
    service.role, service.reason, service.confirmed = "indikator", None, "jenis pelayanan"
    return True


def _currency_columns(sheet: Sheet, header: Header, rows: range) -> bool:
    """A money column that holds only ``Rp``: its amounts stand in the column to its right.

    A PDF laid out with spaces prints ``Rp`` and the amount as two words far apart, and
    the header ``Anggaran`` sits over the ``Rp``; the amounts' column has no header of its
    own. The amounts' column takes the role; the ``Rp`` column is set aside.
    """
    from dataclasses import replace

    changed = False
    for col in list(header.cols.values()):
        if not col.money or col.role not in ("pagu", "annual"):
            continue
        texts = [sheet.text(r, col.index) for r in rows if sheet.text(r, col.index)]
        if not texts or sum(t.strip(" .").casefold() == "rp" for t in texts) < AGREE * len(
                texts):
            continue
        right = col.index + 1
        neighbour = header.cols.get(right)
        same_header = neighbour is not None and neighbour.path == col.path
        if neighbour is not None and neighbour.role != "unknown" and not same_header:
            continue
        numbers, filled = _numbers(sheet, right, rows)
        if not filled or len(numbers) < AGREE * filled:
            continue
        header.cols[right] = replace(col, index=right, confirmed="jumlah di kanan 'Rp'")
        col.role, col.reason, col.confirmed = "ignored", None, CURRENCY_ONLY
        changed = True
    return changed


#: Headers that say a column holds a percentage and nothing of what (``%``, ``(%)``).
BARE_PERCENT = {"", "persen", "persentase"}
#: How far a printed share may stand from realisasi / anggaran × 100 and still agree with it
#: (two decimals printed, truncated or rounded).
SHARE_TOLERANCE = Decimal("0.01")
#: Rows with all three numbers needed before the values decide.
SHARE_ROWS = 3


def _share_column(sheet: Sheet, header: Header, rows: range) -> bool:
    """A bare ``%`` column whose values are the realisasi's share of the anggaran.

    An LKjIP's ``Kode | Uraian | Anggaran | Realisasi | Sisa Anggaran | %`` says nothing of
    what its ``%`` is; the values do. When four rows in five with an anggaran, a realisasi
    and a share agree with realisasi / anggaran × 100, the column is the realisation
    percentage (``persen_realisasi``), and the rows that do not agree are what REA-003
    reports. Otherwise the column stays unread (STR-005).
    """
    money = [c for c in header.cols.values() if c.role == "pagu" and c.money]
    anggaran = next((c for c in money if c.measure == "target"), None)
    realisasi = next((c for c in money if c.measure == "realisasi"), None)
    if anggaran is None or realisasi is None:
        return False
    changed = False
    for col in header.cols.values():
        if col.role not in ("unknown", "ignored") or col.confirmed or squash(
                col.header) not in BARE_PERCENT or "%" not in col.header + "".join(col.path):
            continue
        agree = checked = 0
        for row in rows:
            a = parse_number(sheet.text(row, anggaran.index), integer=True)
            r = parse_number(sheet.text(row, realisasi.index), integer=True)
            p = parse_number(sheet.text(row, col.index))
            if not (a.ok and r.ok and p.ok) or not a.value or r.value is None \
                    or p.value is None:
                continue
            checked += 1
            share = (r.value / a.value * 100).quantize(SHARE_TOLERANCE)
            agree += abs(share - p.value) <= SHARE_TOLERANCE
        if checked >= SHARE_ROWS and agree >= AGREE * checked:
            col.role, col.reason, col.confirmed = "persen_realisasi", None, "persen realisasi"
            changed = True
    return changed
