"""The one description of every entity and field the tool knows.

The canonical Excel template, its reader, the DataFrames the engine works on and the DSL's
type checker all read this table, so a field is added in exactly one place. Field names are
the Indonesian words planners use (``anggaran``, ``target``, ``penanggung_jawab``); the
headers are what the template shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a field's values are stored and compared."""

    TEXT = "text"
    MONEY = "money"  # whole rupiah, nullable int64 — never float
    NUMBER = "number"  # targets, percentages: float64
    INT = "int"  # years, eselon numbers
    CHOICE = "choice"  # text from a fixed vocabulary


class DocumentKind(StrEnum):
    RENCANA_AKSI = "rencana_aksi"
    PK = "pk"
    PK_PERUBAHAN = "pk_perubahan"
    LKJIP = "lkjip"
    DPA = "dpa"
    CASCADING = "cascading"
    RENSTRA = "renstra"
    RPJMD = "rpjmd"  # the region's five-year plan: read like a Renstra, checked on its own
    EVALUASI_RENJA = "evaluasi_renja"  # evaluasi hasil Renja / RKPD per triwulan
    PENGUKURAN = "pengukuran_kinerja"  # target, realisasi and capaian of indicators
    REALISASI = "realisasi_triwulan"  # realisasi kinerja / keuangan per triwulan


class Level(StrEnum):
    """Levels of the hierarchy, from goal to sub-activity."""

    TUJUAN = "tujuan"
    SASARAN = "sasaran"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"


LEVEL_ORDER: dict[str, int] = {level.value: i for i, level in enumerate(Level)}

#: Finding categories, in report order (``checker.model.finding`` re-exports them).
CATEGORIES: tuple[str, ...] = (
    "target-triwulan",
    "anggaran-triwulan",
    "rollup-anggaran",
    "kelengkapan",
    "realisasi-pagu",
    "capaian",
    "lintas-dokumen",
    "kode",
    "nomenklatur",
    "satuan-indikator",
    "angka",
    "struktur",
    "kewajaran",
)

MODES = ("periodik", "kumulatif")
POLARITIES = ("positif", "negatif", "tetap")
ESELON = ("II", "III", "IV")
COMMON_SATUAN = (
    "%", "Orang", "Dokumen", "Laporan", "Unit", "Paket", "Keluarga", "Nilai", "Jam",
    "Lembaga", "Kegiatan", "Bulan", "Indeks", "Predikat",
)


@dataclass(frozen=True)
class Field:
    """One column of an entity: its name, kind, template header and meaning."""

    name: str
    kind: Kind
    header: str
    help_id: str
    help_en: str
    required: bool = False
    choices: tuple[str, ...] = ()


def _quarters(prefix: str, kind: Kind, header: str, help_id: str, help_en: str) -> list[Field]:
    roman = ("I", "II", "III", "IV")
    return [
        Field(f"{prefix}_tw{i}", kind, f"{header} TW {roman[i - 1]}",
              f"{help_id} triwulan {roman[i - 1]}", f"{help_en}, quarter {roman[i - 1]}")
        for i in range(1, 5)
    ]


DOCUMENT_FIELDS: list[Field] = [
    Field("id", Kind.TEXT, "ID Dokumen", "Kode singkat dokumen, dirujuk oleh lembar lain",
          "Short document id, referred to by the other sheets", required=True),
    Field("jenis", Kind.CHOICE, "Jenis Dokumen", "Jenis dokumen dalam siklus SAKIP",
          "Kind of document in the SAKIP cycle", required=True,
          choices=tuple(k.value for k in DocumentKind)),
    Field("instansi", Kind.TEXT, "Perangkat Daerah", "Nama perangkat daerah (OPD)",
          "Name of the agency"),
    Field("pemda", Kind.TEXT, "Pemerintah Daerah", "Kabupaten/kota atau provinsi",
          "Regency, city or province"),
    Field("tahun", Kind.INT, "Tahun", "Tahun anggaran", "Budget year"),
    Field("judul", Kind.TEXT, "Judul", "Judul dokumen sebagaimana tertulis",
          "Title as printed"),
    Field("tahun_awal", Kind.INT, "Tahun Awal Periode", "Tahun pertama periode Renstra/RPJMD",
          "First year of a Renstra/RPJMD period"),
    Field("tahun_akhir", Kind.INT, "Tahun Akhir Periode", "Tahun terakhir periode "
          "Renstra/RPJMD", "Last year of a Renstra/RPJMD period"),
]

ITEM_FIELDS: list[Field] = [
    Field("dokumen", Kind.TEXT, "ID Dokumen", "ID dokumen (lembar Dokumen); boleh kosong "
          "jika hanya ada satu dokumen", "Document id; may be blank with one document"),
    Field("id", Kind.TEXT, "ID", "Kunci unik baris dalam dokumen (misalnya kode atau P1, K1.2)",
          "Unique key of the row within its document (the code, or P1, K1.2)", required=True),
    Field("induk", Kind.TEXT, "ID Induk", "ID baris induknya (program untuk kegiatan, "
          "kegiatan untuk sub kegiatan)", "Id of the parent row", required=True),
    Field("level", Kind.CHOICE, "Level", "tujuan, sasaran, program, kegiatan, sub_kegiatan",
          "Level in the hierarchy", required=True, choices=tuple(lv.value for lv in Level)),
    Field("kode", Kind.TEXT, "Kode", "Kode program/kegiatan/sub kegiatan (Permendagri 90/2019)",
          "Program/activity code"),
    Field("nama", Kind.TEXT, "Nama", "Nama program/kegiatan/sub kegiatan, atau uraian "
          "tujuan/sasaran", "Name of the program, activity or sub-activity", required=True),
    Field("eselon", Kind.CHOICE, "Eselon", "Eselon penanggung jawab (II, III, IV)",
          "Echelon of the responsible official", choices=ESELON),
    Field("sasaran", Kind.TEXT, "Sasaran Strategis", "Sasaran strategis yang didukung",
          "Strategic objective supported"),
    Field("penanggung_jawab", Kind.TEXT, "Penanggung Jawab", "Jabatan penanggung jawab",
          "Position of the responsible official"),
    Field("anggaran", Kind.MONEY, "Jumlah Anggaran (Rp)", "Pagu / jumlah anggaran, rupiah "
          "bulat", "Budget ceiling, whole rupiah"),
    *_quarters("anggaran", Kind.MONEY, "Rencana Anggaran", "Rencana anggaran (Rp)",
               "Budget plan (Rp)"),
    Field("anggaran_mode", Kind.CHOICE, "Mode Rencana Anggaran", "periodik (porsi tiap "
          "triwulan) atau kumulatif (sampai dengan triwulan)", "periodic or cumulative",
          choices=MODES),
    Field("anggaran_murni", Kind.MONEY, "Anggaran Murni (Rp)", "Pagu APBD murni",
          "Original budget"),
    Field("anggaran_pergeseran", Kind.MONEY, "Anggaran Pergeseran (Rp)", "Pagu setelah "
          "pergeseran", "Budget after shifts"),
    Field("anggaran_perubahan", Kind.MONEY, "Anggaran Perubahan (Rp)", "Pagu APBD perubahan",
          "Revised budget"),
    Field("realisasi", Kind.MONEY, "Realisasi Keuangan (Rp)", "Realisasi belanja, rupiah",
          "Spending, rupiah"),
    *_quarters("realisasi", Kind.MONEY, "Realisasi Keuangan", "Realisasi keuangan (Rp)",
               "Spending (Rp)"),
    Field("sisa", Kind.MONEY, "Sisa Anggaran (Rp)", "Sisa = pagu − realisasi, seperti "
          "tertulis", "Remaining budget as printed"),
    Field("persen_realisasi", Kind.NUMBER, "% Realisasi", "Persentase realisasi keuangan "
          "seperti tertulis", "Spending percentage as printed"),
    *_quarters("anggaran_persen", Kind.NUMBER, "Rencana Keuangan (% Pagu)",
               "Rencana keuangan dalam persen pagu, seperti tertulis",
               "Budget plan as a percentage of the ceiling, as printed"),
    Field("anggaran_persen_presisi", Kind.NUMBER, "Presisi Rencana Keuangan (%)",
          "Satu satuan angka desimal terakhir yang tercetak pada rencana keuangan persen "
          "(0,01 untuk '18,32%', 1 untuk '49%'); 0 dan 100 dianggap tepat",
          "One unit of the last printed decimal of the percentage budget plan (0.01 for "
          "'18.32%', 1 for '49%'); 0 and 100 count as exact"),
    Field("anggaran_periode", Kind.MONEY, "Pendanaan Akhir Periode (Rp)", "Pendanaan "
          "indikatif seluruh periode Renstra (kolom kondisi akhir periode, Rp)",
          "Indicative funding of the whole Renstra period (end-of-period column, Rp)"),
]

INDICATOR_FIELDS: list[Field] = [
    Field("dokumen", Kind.TEXT, "ID Dokumen", "ID dokumen; boleh kosong jika hanya satu",
          "Document id; may be blank with one document"),
    Field("item", Kind.TEXT, "ID Item", "ID baris program/kegiatan/sub kegiatan yang "
          "diukur", "Id of the row being measured", required=True),
    Field("uraian", Kind.TEXT, "Indikator Kinerja", "Uraian indikator kinerja",
          "Performance indicator", required=True),
    Field("satuan", Kind.TEXT, "Satuan", "Satuan target (%, Orang, Dokumen …)",
          "Unit of the target", required=True),
    Field("target", Kind.NUMBER, "Target Tahunan", "Target kinerja satu tahun (angka)",
          "Annual target (a number)", required=True),
    Field("target_teks", Kind.TEXT, "Target (teks)", "Target sebagaimana tertulis, jika "
          "bukan angka (misalnya predikat BB)", "Target as printed when not a number"),
    *_quarters("target", Kind.NUMBER, "Target", "Target", "Target"),
    Field("mode", Kind.CHOICE, "Mode Target", "periodik (porsi tiap triwulan) atau "
          "kumulatif (sampai dengan triwulan)", "periodic or cumulative", choices=MODES),
    Field("realisasi", Kind.NUMBER, "Realisasi", "Realisasi kinerja tahunan",
          "Annual result"),
    *_quarters("realisasi", Kind.NUMBER, "Realisasi", "Realisasi kinerja", "Result"),
    Field("capaian", Kind.NUMBER, "Capaian (%)", "Capaian kinerja seperti tertulis",
          "Achievement as printed"),
    Field("polaritas", Kind.CHOICE, "Polaritas", "positif (makin tinggi makin baik), "
          "negatif (makin rendah makin baik), tetap (tepat sasaran)",
          "higher is better, lower is better, or on-target", choices=POLARITIES),
    Field("kondisi_awal", Kind.NUMBER, "Kondisi Awal", "Capaian pada tahun awal perencanaan "
          "Renstra (baseline)", "Baseline at the start of the Renstra period"),
    Field("target_akhir", Kind.NUMBER, "Target Akhir Periode", "Kondisi kinerja pada akhir "
          "periode Renstra", "Target at the end of the Renstra period"),
]

#: A Renstra/RPJMD's values per year, one row per (item or indicator, year): the long frame
#: the yearly roll-ups, the polarity rule and the PK ↔ Renstra comparison read.
YEAR_FIELDS: list[Field] = [
    Field("dokumen", Kind.TEXT, "ID Dokumen", "ID dokumen; boleh kosong jika hanya satu",
          "Document id; may be blank with one document"),
    Field("item", Kind.TEXT, "ID Item", "ID baris program/kegiatan/sub kegiatan (atau "
          "tujuan/sasaran)", "Id of the item the value belongs to", required=True),
    Field("indikator", Kind.TEXT, "Indikator Kinerja", "Uraian indikator yang ditargetkan; "
          "kosong untuk baris pendanaan item", "Indicator targeted; blank on the item's "
          "funding row"),
    Field("tahun", Kind.INT, "Tahun", "Tahun target/pendanaan (atau tahun ke-n bila tahun "
          "kalender tidak tertulis)", "Calendar year (or the year's ordinal when no calendar "
          "year is printed)", required=True),
    Field("target", Kind.NUMBER, "Target", "Target indikator pada tahun itu",
          "Indicator target of that year"),
    Field("target_teks", Kind.TEXT, "Target (teks)", "Target sebagaimana tertulis, jika "
          "bukan angka", "Target as printed when not a number"),
    Field("anggaran", Kind.MONEY, "Pendanaan (Rp)", "Pendanaan indikatif item pada tahun "
          "itu, rupiah bulat", "Indicative funding of the item that year, whole rupiah"),
]

TOTAL_FIELDS: list[Field] = [
    Field("dokumen", Kind.TEXT, "ID Dokumen", "ID dokumen; boleh kosong jika hanya satu",
          "Document id; may be blank with one document"),
    Field("tabel", Kind.TEXT, "Tabel", "Nama tabel yang dijumlahkan (misalnya Eselon IV)",
          "Table whose rows are summed", required=True),
    Field("level", Kind.CHOICE, "Level yang Dijumlah", "Level baris yang dijumlahkan oleh "
          "baris jumlah ini", "Level of the rows this totals row adds up", required=True,
          choices=tuple(lv.value for lv in Level)),
    Field("anggaran", Kind.MONEY, "Jumlah Anggaran (Rp)", "Jumlah anggaran seperti "
          "tertulis", "Total budget as printed", required=True),
    *_quarters("anggaran", Kind.MONEY, "Jumlah Rencana Anggaran", "Jumlah rencana anggaran "
               "(Rp)", "Total budget plan (Rp)"),
]

#: Roles of a cell in a generic numeric table (staff per rank, SPM comparisons …).
CELL_ROLES = ("rincian", "jumlah")

TABLE_CELL_FIELDS: list[Field] = [
    Field("dokumen", Kind.TEXT, "ID Dokumen", "ID dokumen; boleh kosong jika hanya satu",
          "Document id; may be blank with one document"),
    Field("tabel", Kind.TEXT, "Tabel", "Nama tabel tempat angka itu tercetak",
          "Table the number is printed in", required=True),
    Field("kolom", Kind.TEXT, "Kolom", "Judul kolom angka itu", "Header of its column"),
    Field("baris", Kind.TEXT, "Baris", "Label barisnya (misalnya S-1, Jumlah)",
          "Label of its row (e.g. S-1, Jumlah)"),
    Field("peran", Kind.CHOICE, "Peran", "rincian (baris biasa) atau jumlah (baris Jumlah/"
          "Total)", "detail row or totals row", required=True, choices=CELL_ROLES),
    Field("kunci", Kind.TEXT, "Kunci", "Kunci sel jumlah, dirujuk oleh sel-sel rinciannya",
          "Key of a totals cell, referred to by its detail cells"),
    Field("jumlah", Kind.TEXT, "Kunci Jumlah", "Kunci sel jumlah yang menjumlahkan sel ini",
          "Key of the totals cell that adds this cell up"),
    Field("nilai", Kind.INT, "Nilai", "Angka bulat seperti tertulis", "Whole number as "
          "printed", required=True),
    Field("satuan", Kind.TEXT, "Satuan", "Satuan yang tertulis bersama angka (Orang …)",
          "Unit printed with the number"),
]


@dataclass(frozen=True)
class Entity:
    """A table of the plan: its name in rules, its template sheet and its fields."""

    name: str
    sheet: str
    fields: tuple[Field, ...]
    help_id: str
    help_en: str

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity("document", "Dokumen", tuple(DOCUMENT_FIELDS),
               "Satu baris per dokumen (rencana aksi, PK, LKjIP …)",
               "One row per document"),
        Entity("item", "Program_Kegiatan", tuple(ITEM_FIELDS),
               "Satu baris per tujuan, sasaran, program, kegiatan atau sub kegiatan",
               "One row per goal, objective, program, activity or sub-activity"),
        Entity("indicator", "Indikator", tuple(INDICATOR_FIELDS),
               "Satu baris per indikator kinerja", "One row per performance indicator"),
        Entity("total", "Jumlah", tuple(TOTAL_FIELDS),
               "Baris jumlah (total) yang tercetak di bawah tabel",
               "Totals rows printed under a table"),
        Entity("table_cell", "Tabel_Angka", tuple(TABLE_CELL_FIELDS),
               "Satu baris per angka bulat pada tabel lain yang memiliki baris Jumlah/Total",
               "One row per whole number of another table that has a totals row"),
        Entity("tahunan", "Target_Tahunan", tuple(YEAR_FIELDS),
               "Target dan pendanaan per tahun Renstra/RPJMD, satu baris per item atau "
               "indikator dan tahun", "Renstra/RPJMD targets and funding per year"),
    )
}

# Columns every engine frame carries besides the fields: where the row came from.
LOCATION_COLUMNS = ("_doc", "_file", "_table", "_row", "_page")


def unreadable_column(field_name: str) -> str:
    """Name of the frame column holding the printed text of an unreadable value.

    Blank where the value was read or is truly absent; the engine tells "tidak terbaca"
    from "kosong" by it.
    """
    return f"{field_name}@unreadable"
