"""How ``inspect`` names what a column is read as (``indikator.target_tw2 (sasaran)``).

The description of a table's columns (:attr:`TableInfo.columns`), kept apart from the
reading itself (:class:`~checker.importers.excel_build.DocReader`): one line per role, in
the words of the model's fields, with the level the column belongs to and the evidence that
confirmed it from the values.
"""

from __future__ import annotations

from checker.i18n import t
from checker.importers.excel_header import Col
from checker.importers.excel_pieces import NS
from checker.importers.excel_tables import Table

#: The roles whose column holds one field of the model, by the field's name in ``inspect``.
_FIELD_OF_ROLE = {"persen_realisasi": "persen_realisasi", "sisa": "sisa",
                  "capaian": "indikator.capaian", "kode": "kode", "pj": "penanggung_jawab",
                  "indikator": "indikator.uraian", "satuan": "indikator.satuan"}


def column_text(table: Table, col: Col) -> str:
    """What ``inspect`` says a column is read as: its field and level, and what confirmed it."""
    owner = table.header.cols.get(col.owner or 0)
    level = owner.level or table.level if owner else None
    tag = f" ({level.value})" if level else ""
    text = _role_text(table, col, tag)
    return f"{text} [{col.confirmed}]" if col.confirmed else text


def _role_text(table: Table, col: Col, tag: str) -> str:
    role = col.role
    if role in _FIELD_OF_ROLE:
        return f"{_FIELD_OF_ROLE[role]}{tag}"
    if role == "month":
        return f"indikator.{col.measure} bulan {col.month}{tag} → TW {(col.month + 2) // 3}"
    if role == "level":
        return t(f"{NS}.col_level")
    if role in ("year", "kondisi_awal", "kondisi_akhir"):  # renstra.py
        field = "anggaran" if col.money else "indikator.target"
        what = {"kondisi_awal": "indikator.kondisi_awal",
                "kondisi_akhir": "anggaran_periode" if col.money else "indikator.target_akhir"
                }.get(role, f"tahunan.{field} {col.year[1] if col.year else ''}")
        return f"{what}{tag}"
    if role == "ignored" and col.reason:
        return t(f"{NS}.col_not_read_{col.reason}", header=col.header)
    if role == "no":
        return t(f"{NS}.col_no")
    if role == "name":
        if col.owner is None and any(c.owner == col.index for c in table.header.cols
                                     .values()):
            lv = col.level or table.level
            if lv is None and col.multi_level:
                return t(f"{NS}.col_name_mixed")
            return f"nama ({lv.value if lv else '?'})"
        if col.level is None and col.multi_level:
            return t(f"{NS}.col_name_mixed")
        if col.level is None:
            return t(f"{NS}.col_unknown", header=col.header)
        return t(f"{NS}.col_context", level=col.level.value)
    if role == "item_sasaran":
        return t(f"{NS}.col_not_read", header=col.header)
    if role in ("ignored", "unknown"):
        return t(f"{NS}.col_not_read", header=col.header)
    if role == "annual":
        return f"indikator.{col.measure}{tag}"
    if role == "pagu":
        if col.version:
            return f"anggaran_{col.version}{tag}"
        return f"{'realisasi' if col.measure == 'realisasi' else 'anggaran'}{tag}"
    base = ("realisasi" if col.measure == "realisasi" else "anggaran") if col.money \
        else f"indikator.{col.measure}"
    if role == "quarter":
        return f"{base}_tw{col.quarter}{tag} [{col.mode}]"
    return t(f"{NS}.col_cells", field=f"{base}_tw1..4", level=tag.strip(" ()"),
             mode=col.mode or "-")
