"""A parent named through a scan's garbles: linked only on strong, unique evidence.

Small text grids read by the shared stages (one rencana aksi part: a program table and
a kegiatan table naming its program in a column). The kegiatan print their program as
a scan garbles it (``PENUNJANG DILUSAN …``, seed 004 line 894); the link is made only
when one program is clearly nearest and the row's sasaran column names that program's
own sasaran, and the evidence is then a note of the table. Otherwise the STR-003
finding stays and no parent is guessed: a wrong parent makes false roll-up errors.
"""

from __future__ import annotations

from checker.importers.excel_grid import Sheet
from checker.importers.parts import find_parts, read_part
from checker.model.plan import Document

HEADS = {"rencanaaksitingkat": "rencana_aksi"}
PROGRAMS = [
    ("Meningkatnya PMKS yang berdaya", "Program Penunjang Urusan Pemerintahan Daerah"),
    ("Meningkatnya PMKS yang berdaya", "Program Rehabilitasi Sosial"),
]


def _doc(kegiatan: list[tuple[str, str, str]],
         programs: list[tuple[str, str]] = PROGRAMS) -> Document:
    lines = ["Rencana Aksi Tingkat Program", "",
             "No\tSasaran Strategis\tProgram\tIndikator Program\tTarget\tAnggaran"]
    lines += [f"{n}\t{sasaran}\t{name}\tPersentase {n}\t80%\t10.000.000"
              for n, (sasaran, name) in enumerate(programs, start=1)]
    lines += ["", "Rencana Aksi Tingkat Kegiatan", "",
              "No\tSasaran Strategis\tProgram\tKegiatan\tIndikator Kegiatan\tTarget\tAnggaran"]
    lines += [f"{n}\t{sasaran}\t{program}\t{name}\tJumlah Dokumen\t2 Dokumen\t5.000.000"
              for n, (sasaran, program, name) in enumerate(kegiatan, start=1)]
    return read_rencana_aksi(lines)


def read_rencana_aksi(lines: list[str]) -> Document:
    """Text lines (cells split by tabs) read as one rencana aksi part by the shared stages."""
    sheet = Sheet(name="x", rows=[line.split("\t") if line else [] for line in [*lines, ""]],
                  container="text")
    (part,) = find_parts(sheet, HEADS)
    return read_part("x.txt", sheet, part)


def _parents(doc: Document) -> dict[str | None, str | None]:
    return {i.nama: i.induk for i in doc.items if i.level.value == "kegiatan"}


def _str003(doc: Document) -> list[str]:
    """Cells of the STR-003 findings, each a kegiatan row's program cell (column C)."""
    rows = {i.row for i in doc.items if i.level.value == "kegiatan"}
    cells = [f.location.cell or "" for f in doc.issues if f.code == "STR-003"]
    assert all(c[:1] == "C" and int(c[1:]) in rows for c in cells)
    return cells


def test_a_garbled_program_name_clearly_nearest_one_program_is_linked_with_its_evidence():
    doc = _doc([
        ("Meningkatnya PMKS yang berdaya",
         "PENUNJANG DILUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA", "Administrasi Keuangan"),
        ("Meningkatnya PMES yang berdaya",  # the sasaran garbled too, a typing slip away
         "PERUNDINGAN URUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA", "Administrasi Umum"),
    ])
    assert _parents(doc) == {"Administrasi Keuangan": "P1", "Administrasi Umum": "P1"}
    assert _str003(doc) == []
    notes = [n for t in doc.tables for n in t.notes if "tulisannya rusak" in n]
    assert len(notes) == 2 and "PENUNJANG DILUSAN" in notes[0]
    assert "kolom sasaran" in notes[0] and "(induk lain paling dekat" in notes[0]


def test_a_garbled_name_near_two_programs_gets_no_parent_and_an_str003():
    programs = [*PROGRAMS,
                ("Meningkatnya PMKS yang berdaya", "Program Penunjang Urusan Pemerintah Desa")]
    doc = _doc([("Meningkatnya PMKS yang berdaya",
                 "PENUNJANG DILUSAN PEMERINTAHAN DAERAH", "Administrasi Keuangan")],
               programs)
    assert _parents(doc) == {"Administrasi Keuangan": None}
    assert len(_str003(doc)) == 1
    assert not any("tulisannya rusak" in n for t in doc.tables for n in t.notes)


def test_a_garbled_name_whose_sasaran_column_names_another_sasaran_gets_no_parent():
    doc = _doc([("Terwujudnya Tata Kelola Keuangan",
                 "PENUNJANG DILUSAN PEMERINTAHAN DAERAH", "Administrasi Keuangan")])
    assert _parents(doc) == {"Administrasi Keuangan": None}
    assert len(_str003(doc)) == 1


def test_a_name_far_from_every_program_gets_no_parent():
    doc = _doc([("Meningkatnya PMKS yang berdaya",
                 "PROGRAM PENGELOLAAN TAMAN MAKAM PAHLAWAN", "Pemeliharaan Makam")])
    assert _parents(doc) == {"Pemeliharaan Makam": None}
    assert len(_str003(doc)) == 1
