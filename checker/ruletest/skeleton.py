"""Skeletons for ``sakip-check rules new``: a rule with its five sections, and its fixture.

The skeleton is a small rule that works (it parses, passes the type checks, and its two
cases pass), not a page of blanks: an inspectorate edits something that runs, and
``sakip-check test`` says at every step whether the rule still does what its cases say.
The section headings are the ones the built-in rules use (:data:`DOC_SECTIONS`), so
``rules explain`` shows a local rule exactly like a built-in one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.dsl.ast import DOC_SECTIONS
from checker.ruletest.documents import FIRST_ROW, field_column

#: Categories whose rules are about indicators; the others start from items.
INDICATOR_CATEGORIES = frozenset({"target-triwulan", "capaian", "satuan-indikator"})


@dataclass(frozen=True)
class _Example:
    """What the skeleton checks, for one entity: its scope, check and texts."""

    entity: str
    field: str
    sheet: str
    scope: str
    title: str
    title_en: str
    message: str
    message_en: str
    sections: tuple[str, str, str, str, str]
    check: str  # the comparison after the field
    good: str  # a value that passes, and one that fails
    bad: str
    good_name: str
    bad_name: str


_ITEM = _Example(
    entity="item", field="anggaran", sheet="Program_Kegiatan",
    scope='item where level = "sub_kegiatan" and present(anggaran)',
    title="Pagu sub kegiatan tidak lebih dari nol",
    title_en="A sub-activity's budget is not above zero",
    message="Pagu sub kegiatan {nama} Rp {anggaran}; pagu harus lebih dari nol.",
    message_en="The budget of sub-activity {nama} is Rp {anggaran}; it must be above zero.",
    sections=(
        "Setiap sub kegiatan yang mencantumkan pagu mencantumkan pagu lebih dari nol.",
        "Sub kegiatan berpagu nol atau negatif biasanya salah ketik atau sisa pergeseran\n"
        "anggaran yang lupa dihapus; penjumlahan ke kegiatan dan program menjadi keliru.",
        "Sub kegiatan \"Penyediaan Jasa Surat Menyurat\" dengan pagu 0.",
        "Tulis pagu menurut DPA, atau hapus sub kegiatan yang tidak dianggarkan.",
        "Permendagri 77/2020 (pengelolaan keuangan daerah).",
    ),
    check="> 0", good="12397000", bad="0", good_name="pagu lebih dari nol tidak dilaporkan",
    bad_name="pagu nol dilaporkan di selnya")

_INDICATOR = _Example(
    entity="indicator", field="target", sheet="Indikator",
    scope="indicator where present(target)",
    title="Target indikator bernilai negatif",
    title_en="An indicator's target is negative",
    message="Target indikator “{uraian}” bernilai {target}; target tidak boleh negatif.",
    message_en="The target of indicator “{uraian}” is {target}; it cannot be negative.",
    sections=(
        "Setiap indikator yang mencantumkan target tahunan mencantumkan target nol atau lebih.",
        "Target negatif tidak dapat dicapai maupun diukur capaiannya; biasanya tanda minus\n"
        "terbawa dari kolom lain atau salah ketik.",
        "Indikator “Jumlah dokumen perencanaan yang disusun” dengan target -5.",
        "Tulis target tahunan menurut Perjanjian Kinerja.",
        "PermenPANRB 53/2014 (Perjanjian Kinerja dan Rencana Aksi).",
    ),
    check=">= 0", good="12", bad="-5", bad_name="target negatif dilaporkan di selnya",
    good_name="target nol atau lebih tidak dilaporkan")


def _example(category: str) -> _Example:
    return _INDICATOR if category in INDICATOR_CATEGORIES else _ITEM


def fixture_path(rule_path: Path, code: str) -> Path:
    """Where the fixture of a new rule goes: ``CODE.yaml`` beside its rule file."""
    return rule_path.parent / f"{code}.yaml"


def rule_skeleton(code: str, category: str, fixture_name: str) -> str:
    """The text of a new rule file holding one working rule ``code``."""
    ex = _example(category)
    doc = "\n".join(f"    ## {title}\n    " + body.replace("\n", "\n    ")
                    for title, body in zip(DOC_SECTIONS, ex.sections, strict=True))
    return f'''# Aturan lokal {code}. Kerangka ini sudah berjalan: ubah cakupan (for … where …),
# pemeriksaan (check), pesan dan dokumentasinya menjadi aturan Anda, sesuaikan kasus ujinya
# di {fixture_name}, lalu jalankan `sakip-check test` pada folder ini.
# Bahasa aturan: docs/dsl.md; menulis aturan lokal: docs/custom-rules.md.

rule {code} {{
  title: "{ex.title}"
  title_en: "{ex.title_en}"
  category: {category}
  severity: warning
  basis: "{ex.sections[4].rstrip('.')}"
  for {ex.scope}
  check {ex.field} {ex.check}
  at {ex.field}
  message: "{ex.message}"
  message_en: "{ex.message_en}"
  doc: """
{doc}
  """
}}
'''


def fixture_skeleton(code: str, category: str) -> str:
    """The text of a new fixture: one passing and one failing case for the skeleton rule."""
    ex = _example(category)
    column = field_column(ex.entity, ex.field)
    item = ("{id: S1, level: sub_kegiatan, kode: 1.06.01.2.02.0001, "
            "nama: Penyediaan Jasa Surat Menyurat")
    if ex.entity == "item":
        rows_ok = f"    items:\n      - {item}, anggaran: {ex.good}}}"
        rows_bad = f"    items:\n      - {item}, anggaran: {ex.bad}}}"
    else:
        indicator = ("{item: S1, uraian: Jumlah dokumen perencanaan yang disusun, "
                     "satuan: Dokumen, target: ")
        rows_ok = (f"    items:\n      - {item}}}\n"
                   f"    indicators:\n      - {indicator}{ex.good}}}")
        rows_bad = (f"    items:\n      - {item}}}\n"
                    f"    indicators:\n      - {indicator}{ex.bad}}}")
    return f'''# Kasus uji aturan {code} (docs/custom-rules.md). Setiap kasus adalah rencana kecil:
# baris lembar templat (items = Program_Kegiatan, indicators = Indikator, totals = Jumlah),
# baris pertama = baris {FIRST_ROW}. expect_at: temuan yang diharapkan, ditulis
# [lembar, baris, kolom, kode]; [] berarti aturan tidak boleh menemukan apa pun.
# values (boleh tidak ditulis): [tertulis, seharusnya] setiap temuan, berurutan.
# Tulis sedikitnya satu kasus lulus dan satu kasus gagal.
rule: {code}
cases:
  - name: {ex.good_name}
{rows_ok}
    expect_at: []
  - name: {ex.bad_name}
{rows_bad}
    expect_at: [[{ex.sheet}, {FIRST_ROW}, {column}, {code}]]
    values: [[{ex.bad}, 0]]
'''
