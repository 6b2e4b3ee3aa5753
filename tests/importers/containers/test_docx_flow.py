"""A Word document flowed in document order: every row keeps its Word address."""

from __future__ import annotations

import pytest

from checker.importers.containers import read_grids
from checker.importers.containers.docx_flow import FLOW, read_docx_flow
from checker.importers.excel_grid import PARAGRAPH
from tests.importers.containers.conftest import SEED_HEADER, corpus_file

docx = pytest.importorskip("docx", reason="python-docx reads and writes Word files")


def _document(path, seed_rows):
    """Title, an empty paragraph, a two-line heading, the seed's table, a closing line."""
    doc = docx.Document()
    doc.add_paragraph("RENCANA AKSI ESELON II")
    doc.add_paragraph("")
    run = doc.add_paragraph().add_run("DINAS SOSIAL")
    run.add_break()
    run.add_text("KABUPATEN LOMBOK TIMUR TAHUN 2024")
    table = doc.add_table(rows=1 + len(seed_rows[:3]), cols=len(SEED_HEADER))
    for row, values in zip(table.rows, [SEED_HEADER, *seed_rows[:3]], strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    table.cell(0, 0).merge(table.cell(0, 1))  # a merged header cell moves with its row
    doc.add_paragraph("Selong, Januari 2024")
    doc.save(path)
    return path


def test_paragraphs_and_table_rows_in_document_order(tmp_path, seed_rows):
    sheet = read_docx_flow(_document(tmp_path / "renaksi.docx", seed_rows))
    assert sheet.container == FLOW and sheet.name == "renaksi"
    assert [sheet.text(r, 1) for r in (1, 3, 4)] == [
        "RENCANA AKSI ESELON II", "DINAS SOSIAL", "KABUPATEN LOMBOK TIMUR TAHUN 2024"]
    assert sheet.row_blank(2)  # the empty paragraph ends a paragraph, as a blank line
    assert sheet.text(6, 2) == seed_rows[0][1] and sheet.text(8, 6) == seed_rows[2][5]
    assert sheet.text(9, 1) == "Selong, Januari 2024"
    assert sheet.places == [(PARAGRAPH, 1), (PARAGRAPH, 2), (PARAGRAPH, 3), (PARAGRAPH, 3),
                            ("Tabel 1", 1), ("Tabel 1", 2), ("Tabel 1", 3), ("Tabel 1", 4),
                            (PARAGRAPH, 4)]
    assert sheet.merges == [(5, 1, 5, 2)]


def test_a_cell_is_named_at_its_word_table_row_and_column(tmp_path, seed_rows):
    path = _document(tmp_path / "renaksi.docx", seed_rows)
    sheet = read_docx_flow(path)
    [table] = read_grids(path)  # the table grid the other readers see
    assert table.text(4, 6) == sheet.text(8, 6)
    loc = sheet.location(str(path), 8, 6, "RENCANA AKSI ESELON II")
    assert (loc.table, loc.cell) == ("Tabel 1 › RENCANA AKSI ESELON II", "F4")
    heading = sheet.location(str(path), 4, 1)
    assert (heading.table, heading.cell) == (PARAGRAPH, "A3")  # the third paragraph


def test_a_real_word_file_no_profile_claims_is_read_as_its_tables(corpus):
    """Corpus 02 (Boyolali PK, a real .docx): no profile claims it, so nothing changes."""
    from checker.importers.excel_layout import _sheets

    path = corpus_file(corpus, "02_")
    flowed = read_docx_flow(path)
    assert flowed.places is not None and len(flowed.places) == flowed.height
    assert all(s.container == "docx" for s in _sheets(path))
