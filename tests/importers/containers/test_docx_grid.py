"""Word documents: every table, its true grid of merged cells, formatting and titles."""

from __future__ import annotations

import pytest

from checker.importers.containers import read_grids
from checker.model.errors import InputError
from tests.importers.containers.conftest import corpus_file


@pytest.fixture(scope="module")
def boyolali(corpus):
    return read_grids(corpus_file(corpus, "02_"))


def test_corpus_boyolali_tables_in_document_order(boyolali):
    # Verified with python-docx: 5 body tables (two signature tables, the PK sasaran
    # table, the program budget table, the monthly rencana aksi).
    assert [s.name for s in boyolali] == [f"Tabel {n}" for n in range(1, 6)]
    assert [(s.height, s.width) for s in boyolali] == [(1, 2), (6, 4), (4, 4), (1, 2),
                                                       (23, 16)]
    assert all(s.container == "docx" for s in boyolali)


def test_corpus_boyolali_cells_at_their_addresses(boyolali):
    sasaran, program, renaksi = boyolali[1], boyolali[2], boyolali[4]
    assert sasaran.text(1, 2) == "TUJUAN/ SASARAN STRATEGIS"
    assert sasaran.text(3, 3) == "Indeks Ketahanan Daerah"
    assert sasaran.text(3, 4) == "0,9 Angka"
    assert sasaran.text(6, 4) == "75,35 Angka"
    assert program.text(2, 3) == "Rp5.294.655.000,00"
    assert program.text(4, 2) == "TOTAL ANGARAN"  # the typing slip is the document's own
    assert program.text(4, 3) == "Rp6.122.579.000,00"
    assert renaksi.text(4, 3) == "Indeks Ketahanan Daerah"
    assert renaksi.text(4, 16) == "0,9"
    assert renaksi.text(6, 8) == "50" and renaksi.text(6, 16) == "100"
    assert renaksi.text(17, 2) == "Program Penanggulangan Bencana"
    assert renaksi.text(17, 4) == "4,47 persen" and renaksi.text(17, 15) == "4,3"


def test_corpus_boyolali_merged_header(boyolali):
    renaksi = boyolali[4]
    # 'No', 'Tujuan/…', 'Indikator Kinerja', 'Target Tahun 2026' are vMerge over two rows;
    # 'Target Bulan' has gridSpan 12 over the twelve month columns.
    assert renaksi.merges == [(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3), (1, 4, 2, 4),
                              (1, 5, 1, 16)]
    assert renaksi.text(1, 5) == "Target Bulan"
    assert renaksi.value(1, 6) == "" and renaksi.shown(1, 16) == "Target Bulan"
    assert renaksi.value(2, 1) == "" and renaksi.shown(2, 1) == "No"
    assert [renaksi.text(2, c) for c in (5, 6, 16)] == ["Januari", "Februari", "Desember"]
    assert [renaksi.text(3, c) for c in (1, 5, 16)] == ["1", "5", "16"]


def test_corpus_boyolali_titles(boyolali):
    assert boyolali[0].titles[:3] == ["PERJANJIAN KINERJA",
                                      "BADAN PENANGGULANGAN BENCANA DAERAH",
                                      "KABUPATEN BOYOLALI TAHUN 2026"]
    assert boyolali[1].titles == [
        "LAMPIRAN",
        "PERJANJIAN KINERJA BADAN PENANGGULANGAN BENCANA DAERAH KABUPATEN BOYOLALI TAHUN 2026"]
    assert boyolali[2].titles == []
    assert boyolali[4].titles == [
        "RENCANA AKSI ATAS PERJANJIAN KINERJA BADAN PENANGGULANGAN BENCANA DAERAH TAHUN 2026"]


def _seed_docx(path, rows):
    """The seed's Eselon II table written as Word would hold it: merged two-row header."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for text in ("RENCANA AKSI ESELON II", "DINAS SOSIAL",
                 "KABUPATEN LOMBOK TIMUR TAHUN 2024"):
        doc.add_paragraph().add_run(text).bold = True
    table = doc.add_table(rows=2 + len(rows), cols=6)
    head = {(0, 0): "NO", (0, 1): "INDIKATOR KINERJA", (0, 4): "PROGRAM",
            (0, 5): "ANGGARAN APBD", (1, 1): "URAIAN", (1, 2): "SATUAN",
            (1, 3): "TARGET KINERJA", (1, 5): "JUMLAH ANGGARAN"}
    for (r, c), text in head.items():
        table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(0, 3))
    table.cell(0, 4).merge(table.cell(1, 4))
    for r, values in enumerate(rows, start=2):
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            if c == 4:  # program names in bold, as agencies print them
                cell.paragraphs[0].add_run(text).bold = True
            else:
                cell.text = text
    table.cell(3, 1).paragraphs[0].paragraph_format.left_indent = Cm(1.27)
    doc.add_paragraph("")
    doc.add_paragraph("Selong, Januari 2024")
    second = doc.add_table(rows=1, cols=2)
    second.cell(0, 0).text = "Jumlah"
    nested = second.cell(0, 1).add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "TW I", (0, 1): "6.146.052.995", (1, 0): "TW II",
                         (1, 1): "9.800.095.885"}.items():
        nested.cell(r, c).text = text
    doc.save(path)


def test_seed_table_written_to_word_reads_back(tmp_path, seed_rows):
    path = tmp_path / "rencana_aksi.docx"
    _seed_docx(path, seed_rows)
    first, second = read_grids(path)
    assert first.rows[2:] == seed_rows
    assert first.merges == [(1, 1, 2, 1), (1, 2, 1, 4), (1, 5, 2, 5)]
    assert first.text(1, 2) == "INDIKATOR KINERJA" and first.value(1, 3) == ""
    assert first.text(2, 6) == "JUMLAH ANGGARAN" and first.shown(2, 5) == "PROGRAM"
    assert first.titles == ["RENCANA AKSI ESELON II", "DINAS SOSIAL",
                            "KABUPATEN LOMBOK TIMUR TAHUN 2024"]
    assert {(r, 5) for r in range(3, 10)} <= first.bold
    assert (3, 2) not in first.bold
    assert first.indent == {(4, 2): 2}  # 1,27 cm = 720 twips = two quarter-inch steps
    assert second.titles == ["Selong, Januari 2024"]
    assert second.text(1, 1) == "Jumlah"
    assert second.value(1, 2) == "TW I 6.146.052.995\nTW II 9.800.095.885"


def test_damaged_and_legacy_word_files_are_input_errors(tmp_path):
    damaged = tmp_path / "rusak.docx"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as err:
        read_grids(damaged)
    assert err.value.key == "containers.docx_unreadable"
    assert "Word" in err.value.render("id") and "Word" in err.value.render("en")
    legacy = tmp_path / "lama.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    with pytest.raises(InputError) as err:
        read_grids(legacy)
    assert err.value.key == "containers.legacy_doc"
    assert ".docx" in err.value.render("id")


def test_grid_before_content_controls_and_leading_spaces(tmp_path, seed_rows):
    """Rows that start after skipped grid columns, rows inside a content control."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    for r, values in enumerate(seed_rows[:3]):
        for c in range(3):
            table.cell(r, c).text = values[c]
    first_of_row3 = table.cell(2, 0).paragraphs[0].runs[0]
    first_of_row3.text = "        " + seed_rows[2][0]
    rows = table._tbl.findall(qn("w:tr"))
    # Row 2 starts one grid column in (gridBefore=1) and has two cells only.
    rows[1].remove(rows[1].findall(qn("w:tc"))[0])
    tr_pr = OxmlElement("w:trPr")
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr_pr.append(before)
    rows[1].insert(0, tr_pr)
    # Row 3 wrapped in a content control, its first cell indented with spaces.
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    rows[2].addprevious(sdt)
    content.append(rows[2])
    doc.save(tmp_path / "khusus.docx")
    [sheet] = read_grids(tmp_path / "khusus.docx")
    assert sheet.rows[0] == seed_rows[0][:3]
    assert sheet.rows[1] == ["", seed_rows[1][1], seed_rows[1][2]]
    assert sheet.text(3, 1) == "3" and sheet.text(3, 2) == seed_rows[2][1]
    assert sheet.indent == {(3, 1): 2}  # eight leading spaces, four per level


def test_bold_from_paragraph_and_character_styles(tmp_path, seed_rows):
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    doc = Document()
    heading = doc.styles.add_style("Judul Tabel", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.bold = True
    derived = doc.styles.add_style("Judul Program", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = heading
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("NO").style = doc.styles["Strong"]
    table.cell(0, 1).paragraphs[0].style = heading
    table.cell(0, 1).paragraphs[0].add_run("PROGRAM")
    table.cell(1, 1).paragraphs[0].style = derived
    table.cell(1, 1).paragraphs[0].add_run(seed_rows[0][4])
    table.cell(2, 1).paragraphs[0].style = derived
    table.cell(2, 1).paragraphs[0].add_run(seed_rows[1][1]).bold = False  # direct wins
    doc.save(tmp_path / "gaya.docx")
    [sheet] = read_grids(tmp_path / "gaya.docx")
    assert sheet.bold == {(1, 1), (1, 2), (2, 2)}


def test_legacy_horizontal_merge(tmp_path, seed_rows):
    """Word 97 documents saved as .docx merge across with hMerge, not gridSpan."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "INDIKATOR KINERJA"
    for c in range(3):
        table.cell(1, c).text = seed_rows[0][c + 1]
    for c, value in enumerate(("restart", None, None)):
        tc_pr = table.cell(0, c)._tc.get_or_add_tcPr()
        merge = OxmlElement("w:hMerge")
        if value:
            merge.set(qn("w:val"), value)
        tc_pr.append(merge)
    doc.save(tmp_path / "lama.docx")
    [sheet] = read_grids(tmp_path / "lama.docx")
    assert sheet.merges == [(1, 1, 1, 3)]
    assert sheet.rows == [["INDIKATOR KINERJA", "", ""], seed_rows[0][1:4]]


def test_the_last_opened_document_is_kept_until_the_file_changes(corpus, tmp_path):
    import os
    import shutil

    from checker.importers.containers.docx_grid import open_body

    copy = tmp_path / "pk.docx"
    shutil.copyfile(corpus_file(corpus, "02_"), copy)
    body, strong = open_body(copy)
    assert open_body(copy)[0] is body  # flowed and table by table: parsed once
    info = copy.stat()
    os.utime(copy, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    again = open_body(copy)
    assert again[0] is not body and again[1] == strong  # a changed file is read again
    copy.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError):
        open_body(copy)
