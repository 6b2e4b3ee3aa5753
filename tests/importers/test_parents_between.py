"""A garbled parent name tried among the parents its linked siblings bracket.

A table lists each parent's children together, in the parents' order. A child whose
printed parent name is near several parents alike (seed 004's ``ADMINISTRASI
KEPERANGKAT DAERAH``: 0.91 to Administrasi Keuangan, 0.90 to Administrasi Umum) is
linked only when, among the parents between its nearest linked siblings' parents, one is
clearly nearest; otherwise the STR-003 finding stays and no parent is guessed.
"""

from __future__ import annotations

from checker.model.plan import Document
from tests.importers.test_parents_garbled import read_rencana_aksi

KEGIATAN = ["Perencanaan Penganggaran dan Evaluasi Kinerja Perangkat Daerah",
            "Administrasi Keuangan Perangkat Daerah",
            "Administrasi Kepegawaian Perangkat Daerah",
            "Administrasi Umum Perangkat Daerah"]


def _doc(subs: list[tuple[str, str]]) -> Document:
    lines = ["Rencana Aksi Tingkat Kegiatan", "",
             "No\tProgram\tKegiatan\tIndikator Kegiatan\tTarget\tAnggaran"]
    lines += [f"{n}\tProgram Penunjang Urusan Pemerintahan Daerah\t{name}\tJumlah Dokumen"
              f"\t2 Dokumen\t5.000.000" for n, name in enumerate(KEGIATAN, start=1)]
    lines += ["", "Rencana Aksi Tingkat Sub Kegiatan", "",
              "No\tKegiatan\tSub Kegiatan\tIndikator Sub Kegiatan\tTarget\tAnggaran"]
    lines += [f"{n}\t{parent}\t{name}\tJumlah Dokumen\t1 Dokumen\t1.000.000"
              for n, (parent, name) in enumerate(subs, start=1)]
    return read_rencana_aksi(lines)


def _parents(doc: Document) -> dict[str | None, str | None]:
    names = {i.id: i.nama for i in doc.items}
    return {i.nama: names.get(i.induk) for i in doc.items if i.level.value == "sub_kegiatan"}


def _str003(doc: Document) -> list[str]:
    """STR-003 cells on sub-kegiatan rows (the kegiatan name a program no table lists)."""
    rows = {i.row for i in doc.items if i.level.value == "sub_kegiatan"}
    return [f.location.cell or "" for f in doc.issues
            if f.code == "STR-003" and f.location.row in rows]


def test_a_name_near_two_parents_is_linked_to_the_one_its_siblings_bracket():
    doc = _doc([(KEGIATAN[0], "Penyusunan Dokumen Perencanaan"),
                ("ADMINISTRASI KEPERANGKAT DAERAH", "Penyediaan Gaji dan Tunjangan ASN"),
                (KEGIATAN[1], "Penyusunan Laporan Keuangan")])
    assert _parents(doc)["Penyediaan Gaji dan Tunjangan ASN"] == KEGIATAN[1]
    assert not _str003(doc)
    notes = [n for t in doc.tables for n in t.notes if "ADMINISTRASI KEPERANGKAT" in n]
    assert notes and "Administrasi Keuangan" in notes[0]


def test_outside_a_bracket_or_without_a_clear_lead_no_parent_is_guessed():
    # no linked sibling after it: nothing brackets the row
    doc = _doc([(KEGIATAN[0], "Penyusunan Dokumen Perencanaan"),
                ("ADMINISTRASI KEPERANGKAT DAERAH", "Penyediaan Gaji dan Tunjangan ASN")])
    assert _parents(doc)["Penyediaan Gaji dan Tunjangan ASN"] is None
    assert _str003(doc) == ["B13"]
    # bracketed by the first and the last kegiatan: three near names, none clearly ahead
    doc = _doc([(KEGIATAN[0], "Penyusunan Dokumen Perencanaan"),
                ("ADMINISTRASI KEPERANGKAT DAERAH", "Penyediaan Gaji dan Tunjangan ASN"),
                (KEGIATAN[3], "Penyediaan Alat Tulis Kantor")])
    assert _parents(doc)["Penyediaan Gaji dan Tunjangan ASN"] is None
    assert _str003(doc) == ["B13"]
