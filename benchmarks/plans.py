"""The model of a synthetic plan set: its sizes, vocabulary, agency layouts and ground truth.

Shared by the generator (:mod:`benchmarks.generate`), the error injections
(:mod:`benchmarks.inject`) and the files written from them (:mod:`benchmarks.storage`); the
whole design is described in :mod:`benchmarks.generate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from checker.model.frames import Frames

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GUIDE_SHEET = "Petunjuk"  # checker.importers.template.GUIDE_SHEET: never read
SIZES: dict[str, int] = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000,
                         "3.3M": 3_300_000}
AGENCIES_PER_PEMDA = 40
SUB_PER_AGENCY = 150  # at most; smaller bidang have fewer official sub-kegiatan
YEAR = 2024
#: One injected error per this many sub-kegiatan (≈ one per agency): a "small share".
ERROR_EVERY = 150
DELTA = 1_000_000  # rupiah added where a budget is made inconsistent

# ----------------------------------------------------------------------------- vocabulary
AGENCIES: list[tuple[str, str, str]] = [
    ("1", "01", "Dinas Pendidikan"), ("1", "02", "Dinas Kesehatan"),
    ("1", "03", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("1", "04", "Dinas Perumahan Rakyat dan Kawasan Permukiman"),
    ("1", "05", "Satuan Polisi Pamong Praja"), ("1", "06", "Dinas Sosial"),
    ("2", "07", "Dinas Tenaga Kerja"),
    ("2", "08", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("2", "09", "Dinas Ketahanan Pangan"), ("2", "10", "Dinas Pertanahan"),
    ("2", "11", "Dinas Lingkungan Hidup"),
    ("2", "12", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("2", "13", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("2", "14", "Dinas Pengendalian Penduduk dan Keluarga Berencana"),
    ("2", "15", "Dinas Perhubungan"), ("2", "16", "Dinas Komunikasi dan Informatika"),
    ("2", "17", "Dinas Koperasi dan Usaha Kecil Menengah"),
    ("2", "18", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("2", "19", "Dinas Kepemudaan dan Olahraga"), ("2", "20", "Badan Pusat Statistik Daerah"),
    ("2", "21", "Dinas Persandian"), ("2", "22", "Dinas Kebudayaan"),
    ("2", "23", "Dinas Perpustakaan"), ("2", "24", "Dinas Kearsipan"),
    ("3", "25", "Dinas Perikanan"), ("3", "26", "Dinas Pariwisata"),
    ("3", "27", "Dinas Pertanian"), ("3", "28", "Dinas Kehutanan"),
    ("3", "29", "Dinas Energi dan Sumber Daya Mineral"), ("3", "30", "Dinas Perdagangan"),
    ("3", "31", "Dinas Perindustrian"), ("3", "32", "Dinas Transmigrasi"),
    ("4", "01", "Sekretariat Daerah"), ("4", "02", "Sekretariat DPRD"),
    ("5", "01", "Badan Perencanaan Pembangunan Daerah"),
    ("5", "02", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("5", "03", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("5", "05", "Badan Penelitian dan Pengembangan Daerah"),
    ("6", "01", "Inspektorat Daerah"), ("7", "01", "Kecamatan Kota"),
]
PIC_PROGRAM = "Kepala Dinas"
PIC_KEGIATAN = ["Sekretaris", "Kepala Bidang Pelayanan", "Kepala Bidang Pemberdayaan",
                "Kepala Bidang Sarana dan Prasarana", "Kepala Bidang Pengendalian"]
PIC_SUB = ["Kasubbag Perencanaan dan Keuangan", "Kasubbag Umum dan Kepegawaian",
           "Kasi Pelayanan", "Kasi Pemberdayaan", "Kasi Sarana", "Pekerja Sosial Ahli Muda",
           "Analis Kebijakan Ahli Muda", "Perencana Ahli Pertama"]
# Indicators of programs and kegiatan (sub-kegiatan carry their official one).
KEG_INDICATORS: list[tuple[str, str]] = [
    ("Persentase Kegiatan yang Terlaksana Sesuai Rencana", "%"),
    ("Jumlah Dokumen Hasil Kegiatan", "Dokumen"),
    ("Nilai Evaluasi Kinerja Kegiatan", "Nilai"),
]
PROG_INDICATORS: list[tuple[str, str]] = [
    ("Persentase Capaian Kinerja Program", "%"),
    ("Indeks Kepuasan Masyarakat", "Indeks"),
]
MODES = np.array(["periodik", "kumulatif", None], dtype=object)
LEVELS = np.array(["program", "kegiatan", "sub_kegiatan"], dtype=object)
ESELON = np.array(["II", "III", "IV"], dtype=object)
TOTAL_TABLES = np.array(["Eselon II", "Eselon III", "Eselon IV"], dtype=object)


# ----------------------------------------------------------------------------- ground truth
@dataclass(frozen=True)
class Expected:
    """One finding the engine must report: rule, document, row key and the cell's field.

    ``key`` is the item id for item rows, the measured item's id for indicator rows (one
    indicator per item here), and ``Jumlah:<level>`` for a totals row.
    """

    code: str
    document: str
    entity: str
    key: str
    field: str

    def as_tuple(self) -> tuple[str, str, str, str, str]:
        return (self.code, self.document, self.entity, self.key, self.field)


@dataclass
class Injection:
    """One injected error: what was changed where, and every finding it must cause."""

    kind: str
    document: str
    entity: str
    key: str
    change: str
    expected: list[Expected] = field(default_factory=list)


@dataclass
class PlanSet:
    """A generated plan set: the engine's frames, the injections, and the file layout."""

    size: str
    sub_rows: int
    frames: Frames
    injections: list[Injection]
    files: dict[str, list[str]]  # workbook name → its document ids, in sheet order

    def expected(self) -> set[tuple[str, str, str, str, str]]:
        return {e.as_tuple() for inj in self.injections for e in inj.expected}

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.frames.tables.items()}


# ----------------------------------------------------------------------------- layout
NOMENCLATURE_SOURCE = "kepmendagri-900-1317-2023"
MAX_KEGIATAN, MAX_SUBS, PENUNJANG_SUBS = 12, 10, 40


def _unit_fits(uraian: str, satuan: str) -> bool:
    """Whether an official indicator passes the catalogue's unit checks (SAT-001/002)."""
    u, s = uraian.casefold(), satuan.casefold()
    percent = s in ("%", "persen", "persentase")
    if u.startswith("persentase"):
        return percent
    return not (u.startswith("jumlah") and percent)


@dataclass
class Layout:
    """One agency type's items in printed order, from the national nomenclature.

    Programs of the agency's bidang (the penunjang program first), their kab/kota kegiatan
    (authority digit 2) and sub-kegiatan with the official indicator and unit: up to
    :data:`MAX_KEGIATAN` × :data:`MAX_SUBS` per program and :data:`SUB_PER_AGENCY` in all.
    ``spares`` are further official sub-kegiatan of the bidang, for misplaced-code errors.
    """

    level: np.ndarray
    id: np.ndarray
    induk: np.ndarray
    parent: np.ndarray  # local index of the parent, -1 for programs
    kode: np.ndarray
    nama: np.ndarray
    pic: np.ndarray
    uraian: np.ndarray  # official indicator of sub-kegiatan, None elsewhere
    satuan: np.ndarray
    spares: list[tuple[str, str, str, str]]  # (kode, nama, indikator, satuan)

    def __len__(self) -> int:
        return len(self.level)


def _layout(bidang: str) -> Layout:
    from checker.reference import nomenclature

    entries = nomenclature().entries(prefix=bidang, source=NOMENCLATURE_SOURCE)

    def kabkota(e: Any) -> bool:
        parts = e.kode.split(".")
        return len(parts) >= 4 and parts[3] == "2"

    subs_of: dict[str, list[Any]] = {}
    kegs_of: dict[str, list[Any]] = {}
    for e in entries:
        if e.level == "sub_kegiatan" and kabkota(e) and e.indikator and e.satuan \
                and _unit_fits(e.indikator, e.satuan):
            subs_of.setdefault(e.kode.rsplit(".", 1)[0], []).append(e)
    for e in entries:
        if e.level == "kegiatan" and kabkota(e) and subs_of.get(e.kode):
            kegs_of.setdefault(e.kode.rsplit(".", 2)[0], []).append(e)
    programs = [e for e in entries if e.level == "program" and kegs_of.get(e.kode)]
    rows: list[tuple[int, str, str | None, int, Any]] = []
    used: set[str] = set()
    n_subs = 0
    for p, prog in enumerate(programs, start=1):
        if n_subs >= SUB_PER_AGENCY:
            break
        cap = min(PENUNJANG_SUBS if p == 1 else SUB_PER_AGENCY, SUB_PER_AGENCY - n_subs)
        prog_pos = len(rows)
        rows.append((0, f"P{p}", None, -1, prog))
        taken = 0
        for k, keg in enumerate(kegs_of[prog.kode][:MAX_KEGIATAN], start=1):
            if taken >= cap:
                break
            keg_pos = len(rows)
            rows.append((1, f"K{p}.{k}", f"P{p}", prog_pos, keg))
            for s_, sub in enumerate(subs_of[keg.kode][:min(MAX_SUBS, cap - taken)], start=1):
                rows.append((2, f"S{p}.{k}.{s_}", f"K{p}.{k}", keg_pos, sub))
                used.add(sub.kode)
                taken += 1
        n_subs += taken
    spares = [(e.kode, e.nama, e.indikator, e.satuan) for subs in subs_of.values()
              for e in subs if e.kode not in used]
    level = np.array([r[0] for r in rows])
    k_idx = [int(r[1].split(".")[-1]) - 1 if r[0] else 0 for r in rows]
    pic = [PIC_PROGRAM if lv == 0 else PIC_KEGIATAN[k % len(PIC_KEGIATAN)] if lv == 1
           else PIC_SUB[(i + k) % len(PIC_SUB)] for i, (lv, k) in enumerate(zip(level, k_idx,
                                                                                 strict=True))]
    return Layout(
        level=level, id=np.array([r[1] for r in rows], dtype=object),
        induk=np.array([r[2] for r in rows], dtype=object),
        parent=np.array([r[3] for r in rows]),
        kode=np.array([r[4].kode for r in rows], dtype=object),
        nama=np.array([r[4].nama for r in rows], dtype=object),
        pic=np.array(pic, dtype=object),
        uraian=np.array([r[4].indikator if r[0] == 2 else None for r in rows], dtype=object),
        satuan=np.array([r[4].satuan if r[0] == 2 else None for r in rows], dtype=object),
        spares=spares)


_LAYOUTS: list[Layout] | None = None


def layouts() -> list[Layout]:
    """The 40 agency types' layouts, built once per process from the nomenclature."""
    global _LAYOUTS
    if _LAYOUTS is None:
        _LAYOUTS = [_layout(f"{urusan}.{bidang}") for urusan, bidang, _ in AGENCIES]
    return _LAYOUTS


def parse_size(size: str | int) -> int:
    """Rows of a named size (``10k``, ``1M``, ``3.3M``) or of a plain number."""
    if isinstance(size, int):
        return size
    if size in SIZES:
        return SIZES[size]
    factor = {"k": 1_000, "M": 1_000_000}.get(size[-1:], 1)
    return int(float(size.rstrip("kM")) * factor)


def agencies_for(sub_rows: int) -> int:
    """How many agencies give about ``sub_rows`` sub-kegiatan rows (at least one)."""
    subs = [int((lay.level == 2).sum()) for lay in layouts()]
    per_pemda = sum(subs)
    full, rest = divmod(sub_rows, per_pemda)
    n = full * len(subs)
    for s in subs:
        if rest <= 0:
            break
        rest -= s
        n += 1
    return max(1, n)

@dataclass
class Arrays:
    """Column arrays of one entity while it is being built and injected into."""

    n: int
    values: dict[str, np.ndarray] = field(default_factory=dict)
    blank: dict[str, np.ndarray] = field(default_factory=dict)  # for numeric columns

    def set_number(self, name: str, values: np.ndarray, blank: np.ndarray | None = None) -> None:
        self.values[name] = values
        self.blank[name] = np.zeros(self.n, dtype=bool) if blank is None else blank
