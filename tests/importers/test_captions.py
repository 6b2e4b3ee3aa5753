"""Captioned report tables (``captions.py``, ``caption_tables.py``) on small grids.

A report prints each table under a caption line (``Tabel 4.2 …``), its title over a few
short lines, prose around it. The stage finds each table's body up to the prose, tells
two tables printed with one number apart, reads the cover's meta, and addresses a table
it does not read by its caption and range: in a text extract by lines, in a Word file
(a flowed grid) at the Word paragraph and table cells.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.importers.caption_tables import CaptionedImporter
from checker.importers.captions import (
    caption_of,
    find_captions,
    flowed_lines,
    grid_row,
    is_chapter,
    meta_from,
    table_range,
)
from checker.importers.excel_grid import Sheet
from checker.importers.textlines import TextLine
from checker.model.location import Location

PROSE = ("Berdasarkan tabel di atas dapat dilihat bahwa capaian kinerja Dinas pada tahun ini "
         "telah melampaui target yang ditetapkan dalam Perjanjian Kinerja.")


def _lines(text: str) -> list[TextLine]:
    return [TextLine(n, line) for n, line in enumerate(text.split("\n"), start=1)]


REPORT = "\n".join([
    "DINAS SOSIAL",  # 1
    "KABUPATEN CONTOH",  # 2
    "2025",  # 3
    "Tabel 2.1 Strategi\t:\tII-3",  # 4: the list of tables, no caption
    "BAB IV AKUNTABILITAS KINERJA",  # 5
    "**Tabel 4.2",  # 6
    "Jumlah Pegawai",  # 7
    "Menurut Golongan",  # 8
    "No\tGolongan\tJumlah",  # 9
    "1\tIII\t12",  # 10
    "2\tIV\t3",  # 11
    "Sumber: Subbag Umum",  # 12: a source note, not the table
    PROSE,  # 13
    "1\tlost\t2",  # 14: after the prose, no row of the table
    "Tabel . 4.2 Pagu Program",  # 15: the same number again
    "Program\tPagu",  # 16
    "Program A\t100",  # 17
    "BAB V PENUTUP",  # 18: a chapter ends the table
    "1\tafter\t2",  # 19
])


def test_a_caption_is_told_from_a_line_of_the_list_of_tables_and_a_sentence():
    assert caption_of(TextLine(1, "**Tabel 4.5")) == "4.5"
    assert caption_of(TextLine(1, "Tabel.3.4")) == "3.4"
    assert caption_of(TextLine(1, "TABEL 2.1 Strategi\t:\tII-3")) is None
    assert caption_of(TextLine(1, "Tabel 2.1 Strategi ........ II-3")) is None
    assert caption_of(TextLine(1, "Tabel 2.1 " + PROSE + PROSE)) is None  # a sentence
    assert caption_of(TextLine(1, "Pada tabel 2.1 terlihat")) is None
    assert is_chapter(TextLine(1, "BAB III KAPASITAS ORGANISASI"))
    assert not is_chapter(TextLine(1, "Babakan Baru"))


def test_two_tables_with_one_number_each_to_its_prose_or_chapter():
    captions = find_captions(_lines(REPORT))
    assert [(c.number, c.part, c.heading.number) for c in captions] == [
        ("4.2", "tabel-4.2", 6), ("4.2", "tabel-4.2-b", 15)]
    first, second = captions
    assert first.title == "Tabel 4.2 Jumlah Pegawai Menurut Golongan"
    assert [r.number for r in first.rows()] == [9, 10, 11]  # not the row after the prose
    assert [ln.number for ln in first.lines] == [9, 10, 11]  # the source note left out
    assert [r.number for r in second.rows()] == [16, 17]  # not the row after BAB V
    assert first.name == second.name == "Tabel 4.2"


def test_a_part_heading_ends_the_table_above_it():
    lines = _lines("Tabel 4.1\nNo\tUraian\n1\tA\nPERJANJIAN KINERJA TAHUN 2025\n2\tB")
    [whole] = find_captions(lines)
    [cut] = find_captions(lines, lambda ln: ln.text.startswith("PERJANJIAN"))
    assert [r.number for r in whole.rows()] == [2, 3, 5]
    assert [r.number for r in cut.rows()] == [2, 3]


def test_the_covers_meta():
    meta = meta_from(_lines(REPORT)[:5])
    assert (meta.instansi, meta.pemda, meta.tahun) == ("Dinas Sosial", "Kabupaten Contoh", 2025)


def _flowed() -> Sheet:
    """A Word document as its flowed grid: paragraphs, two tables, prose between."""
    rows: list[list[object]] = [["Tabel 4.9"], ["Jumlah Pengunjung"], ["No", "Bulan", "Jumlah"],
                                ["1", "Januari", "10"], ["2", "Februari", "12"], [PROSE],
                                ["Tabel 4.10"], ["Efisiensi"], ["No", "Uraian", "Nilai"],
                                ["1", "A", "5"]]
    places = [("Paragraf", 40), ("Paragraf", 41), ("Tabel 7", 1), ("Tabel 7", 2),
              ("Tabel 7", 3), ("Paragraf", 43), ("Paragraf", 45), ("Paragraf", 46),
              ("Tabel 8", 1), ("Tabel 8", 2)]
    return Sheet(name="laporan", rows=rows, container="docx", places=places)


def test_on_a_word_grid_a_table_not_read_is_named_at_its_paragraph_and_word_cells():
    sheet = _flowed()
    lines = flowed_lines(sheet)
    assert lines[2].text == "No\tBulan\tJumlah" and "\t" not in lines[5].text
    first, second = find_captions(lines)
    assert [r.number for r in first.rows()] == [3, 4, 5]
    assert [r.number for r in second.rows()] == [9, 10]
    where = table_range(first, sheet, "laporan.docx")
    # the caption is paragraph 40; the range ends at the Word table's last cell
    assert (where.table, where.cell, where.end) == ("Paragraf › Tabel 4.9", "A40",
                                                    "Tabel 7 › C3")
    # in a text extract the same table is named by its lines
    text = Sheet(name="laporan", rows=sheet.rows, container="text")
    plain = table_range(first, text, "laporan.txt")
    assert (plain.table, plain.cell, plain.end) == ("Tabel 4.9", "A1", "C5")
    # a Word address found again at its grid row (the measured item of an IKU table)
    assert grid_row(sheet, Location(file="x", table="Tabel 8 › Tabel 4.10", row=2)) == 10
    assert grid_row(text, Location(file="x", table="Tabel 4.10", row=10)) == 10


docx = pytest.importorskip("docx", reason="python-docx writes the Word file")

COVER = ["LAPORAN KINERJA INSTANSI PEMERINTAH", "LKjIP", "DINAS SOSIAL", "KABUPATEN CONTOH",
         "2025"]


def _word(path: Path) -> Path:
    """A tiny LKjIP in Word: cover, a staff table (not read) and a realisation table."""
    document = docx.Document()
    for text in COVER:
        document.add_paragraph(text)
    tables = [("Tabel 3.1", "Jumlah Pegawai", [["No", "Golongan", "Jumlah"], ["1", "III", "12"],
                                               ["2", "IV", "3"], ["", "Jumlah", "15"]]),
              ("Tabel 4.8", "Capaian Realisasi Anggaran",
               [["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "Sisa Anggaran", "%"],
                ["1.06.01", "PROGRAM SATU", "30.000.000", "27.000.000", "3.000.000", "90,00"],
                ["1.06.01.2.01", "Kegiatan Satu", "30.000.000", "27.000.000", "3.000.000",
                 "90,00"]])]
    for caption, title, cells in tables:
        document.add_paragraph(caption)
        document.add_paragraph(title)
        made = document.add_table(rows=len(cells), cols=len(cells[0]))
        for row, values in zip(made.rows, cells, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        document.add_paragraph(PROSE)
    document.save(path)
    return path


def test_a_word_report_is_read_at_its_word_cells(tmp_path):
    path = _word(tmp_path / "lkjip.docx")
    importer = CaptionedImporter()
    assert importer.sniff(path, None)
    docs = {d.id.split("#", 1)[1]: d for d in importer.read(path)}
    assert list(docs) == ["lkjip-tabel-4.8"]
    doc = docs["lkjip-tabel-4.8"]
    assert (doc.instansi, doc.pemda, doc.tahun) == ("Dinas Sosial", "Kabupaten Contoh", 2025)
    program = doc.items[0]
    assert (program.nama, program.location_of("nama").table,
            program.location_of("nama").cell) == ("PROGRAM SATU", "Tabel 2 › Tabel 4.8", "B2")
    # the staff table is said as not read, at its caption paragraph and its Word range
    [skipped] = [f for f in doc.issues if f.code == "STR-004"
                 and f.location.table.endswith("Tabel 3.1")]
    assert (skipped.location.table, skipped.location.end) == ("Paragraf › Tabel 3.1",
                                                              "Tabel 1 › C4")
    # its totals row's cells are kept at their Word cells (ROL-011)
    assert {c.location_of("nilai").table for c in doc.table_cells} == {"Tabel 1 › Tabel 3.1"}
    assert sorted(c.location_of("nilai").cell for c in doc.table_cells) == ["C2", "C3", "C4"]


def test_the_profile_declares_its_captions():
    from checker.importers.profiles import builtin, parse
    from checker.model.schema import DocumentKind

    lkjip = next(p for p in builtin() if p.name == "lkjip")
    assert lkjip.captions is not None
    assert (lkjip.captions.kind, lkjip.captions.cover_lines, lkjip.captions.measured) == (
        DocumentKind.LKJIP, 60, "sasaran")
    assert all(p.captions is None for p in builtin() if p.name != "lkjip")
    assert parse({"name": "x"}).captions is None
    with pytest.raises(ValueError, match="measured"):
        parse({"name": "x", "captions": {"measured": "misi"}})
    with pytest.raises(ValueError):
        parse({"name": "x", "captions": {"kind": "laporan"}})
