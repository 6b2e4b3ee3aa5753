"""Build the clean sample plan from code.

Run from the repository root: ``python sample_plans/make_samples.py``. It writes
``bersih_rencana_aksi_2025.xlsx``: a small, fully consistent rencana aksi (codes and names
from the national nomenclature) on which every rule must stay silent.

The real documents are in ``agency/`` (``make_agency_workbooks.py``), one workbook per seed
document: a second copy of seed 000 in the canonical template used to sit here, and it
doubled that plan's findings in ``sakip-check check sample_plans`` and gave WJR-001 a
"peer" that was the same plan.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from checker.exporters.template import write_template  # noqa: E402
from checker.model.plan import Document, Indicator, Item, Total  # noqa: E402


def clean_plan() -> Document:
    """A consistent plan: quarters add up, budgets roll up, nothing is missing."""
    doc = Document(id="RA-2025", jenis="rencana_aksi", path="bersih_rencana_aksi_2025.xlsx",
                   instansi="Dinas Sosial", pemda="Kabupaten Contoh", tahun=2025,
                   judul="Rencana Aksi Dinas Sosial Kabupaten Contoh Tahun 2025")
    pj_kabid = "Kepala Bidang Pemberdayaan Sosial"
    pj_fung = "Pekerja Sosial Ahli Muda"

    def sub(kode, nama, induk, anggaran, tw, uraian, satuan, target, ttw):
        item = Item(id=kode, induk=induk, level="sub_kegiatan", kode=kode, nama=nama,
                    eselon="IV", penanggung_jawab=pj_fung, anggaran=anggaran,
                    anggaran_tw1=tw[0], anggaran_tw2=tw[1], anggaran_tw3=tw[2],
                    anggaran_tw4=tw[3], anggaran_mode="periodik")
        ind = Indicator(item=kode, uraian=uraian, satuan=satuan, target=target,
                        target_tw1=ttw[0], target_tw2=ttw[1], target_tw3=ttw[2],
                        target_tw4=ttw[3], mode="periodik", polaritas="positif")
        return item, ind

    program = Item(id="1.06.02", level="program", kode="1.06.02",
                   nama="PROGRAM PEMBERDAYAAN SOSIAL", eselon="II",
                   penanggung_jawab="Kepala Dinas Sosial", anggaran=1_430_000_000,
                   anggaran_tw1=370_000_000, anggaran_tw2=380_000_000,
                   anggaran_tw3=400_000_000, anggaran_tw4=280_000_000,
                   anggaran_mode="periodik")
    keg_pengumpulan = Item(id="1.06.02.2.02", induk="1.06.02", level="kegiatan",
                           kode="1.06.02.2.02",
                           nama="Pengumpulan Sumbangan dalam Daerah Kabupaten/Kota",
                           eselon="III", penanggung_jawab=pj_kabid, anggaran=30_000_000,
                           anggaran_tw1=7_500_000, anggaran_tw2=7_500_000,
                           anggaran_tw3=7_500_000, anggaran_tw4=7_500_000,
                           anggaran_mode="periodik")
    keg_psks = Item(id="1.06.02.2.03", induk="1.06.02", level="kegiatan", kode="1.06.02.2.03",
                    nama="Pengembangan Potensi Sumber Kesejahteraan Sosial Daerah "
                         "Kabupaten/Kota",
                    eselon="III", penanggung_jawab=pj_kabid, anggaran=1_400_000_000,
                    anggaran_tw1=362_500_000, anggaran_tw2=372_500_000,
                    anggaran_tw3=392_500_000, anggaran_tw4=272_500_000,
                    anggaran_mode="periodik")
    subs = [
        sub("1.06.02.2.02.0001",
            "Koordinasi dan Sinkronisasi Penerbitan Izin Undian Gratis Berhadiah dan "
            "Pengumpulan Uang atau Barang", "1.06.02.2.02", 30_000_000,
            (7_500_000, 7_500_000, 7_500_000, 7_500_000),
            "Jumlah Dokumen Hasil Koordinasi dan Sinkronisasi Penerbitan Izin Undian Gratis "
            "Berhadiah dan Pengumpulan Uang atau Barang", "Dokumen", 4, (1, 1, 1, 1)),
        sub("1.06.02.2.03.0001",
            "Peningkatan Kemampuan Potensi Pekerja Sosial Masyarakat Kewenangan "
            "Kabupaten/Kota", "1.06.02.2.03", 800_000_000,
            (200_000_000, 200_000_000, 250_000_000, 150_000_000),
            "Jumlah Orang Mendapat Peningkatan Kapasitas Pekerja Sosial Masyarakat "
            "Kewenangan Kabupaten/Kota", "Orang", 400, (100, 100, 120, 80)),
        sub("1.06.02.2.03.0003",
            "Peningkatan Kemampuan Potensi Sumber Kesejahteraan Sosial Keluarga Kewenangan "
            "Kabupaten/Kota", "1.06.02.2.03", 600_000_000,
            (162_500_000, 172_500_000, 142_500_000, 122_500_000),
            "Jumlah Keluarga yang Meningkat Kapasitasnya Kewenangan Kabupaten/Kota",
            "Keluarga", 600, (150, 150, 150, 150)),
    ]
    doc.items = [program, keg_pengumpulan, keg_psks, *(s[0] for s in subs)]
    doc.indicators = [
        Indicator(item="1.06.02", uraian="Persentase PSKS yang aktif dalam penyelenggaraan "
                  "kesejahteraan sosial", satuan="%", target=80, target_tw1=20,
                  target_tw2=20, target_tw3=20, target_tw4=20, mode="periodik",
                  polaritas="positif"),
        Indicator(item="1.06.02.2.02", uraian="Persentase izin pengumpulan sumbangan yang "
                  "difasilitasi", satuan="%", target=100, target_tw1=25, target_tw2=50,
                  target_tw3=75, target_tw4=100, mode="kumulatif", polaritas="positif"),
        Indicator(item="1.06.02.2.03", uraian="Persentase PSKS yang meningkat kapasitasnya",
                  satuan="%", target=85, target_tw1=22, target_tw2=21, target_tw3=21,
                  target_tw4=21, mode="periodik", polaritas="positif"),
        *(s[1] for s in subs),
    ]
    doc.totals = [
        Total(tabel="Rencana Aksi Eselon IV", level="sub_kegiatan", anggaran=1_430_000_000,
              anggaran_tw1=370_000_000, anggaran_tw2=380_000_000, anggaran_tw3=400_000_000,
              anggaran_tw4=280_000_000),
    ]
    return doc


def main() -> None:
    write_template(HERE / "bersih_rencana_aksi_2025.xlsx", [clean_plan()])


if __name__ == "__main__":
    main()
