"""PDF tables: ruled and text-aligned, one grid over page breaks, page addresses, OCR."""

from __future__ import annotations

import pytest

from checker.importers.containers import read_grids
from checker.importers.containers.pdf_grid import is_continuation
from checker.importers.containers.pdf_page import join_cell_lines
from checker.model.errors import InputError
from tests.importers.containers.conftest import SEED_HEADER, corpus_file

fpdf = pytest.importorskip("fpdf", reason="fpdf2 (test extra) writes the built PDFs")

from tests.importers.containers.pdfbuild import TablePDF  # noqa: E402

WIDTHS = [12, 90, 22, 28, 80, 35]
TITLES = ["RENCANA AKSI ESELON II", "DINAS SOSIAL", "KABUPATEN LOMBOK TIMUR TAHUN 2024"]


@pytest.fixture(scope="module")
def tangerang(corpus):
    return read_grids(corpus_file(corpus, "03_"))


def test_corpus_tangerang_ruled_table_over_four_pages_is_one_sheet(tangerang):
    # Verified with pdfplumber: one ruled table of 11 columns, pages 1–4, header on page 1
    # only, continuation pages printed without a rule above their first row.
    [sheet] = tangerang
    assert sheet.container == "pdf" and sheet.name == "Tabel 1"
    assert (sheet.height, sheet.width) == (62, 11)
    pages = [page for page, _ in sheet.addresses]
    assert [pages.count(p) for p in (1, 2, 3, 4)] == [19, 17, 14, 12]
    assert sheet.notes == []  # every page starts with a row of its own


def test_corpus_tangerang_value_on_page_three_has_its_page_address(tangerang):
    [sheet] = tangerang
    # Page 3, sixth row of the table: "Pelayanan Informasi Rawan Bencana Kabupaten / Kota",
    # TW II realisation 75957 (K) and 107.619.750 (Rp) (pdfplumber extract_text, page 3).
    row = 42
    assert sheet.addresses[row - 1] == (3, 6)
    assert sheet.text(row, 1) == "Pelayanan Informasi Rawan Bencana Kabupaten / Kota"
    assert sheet.text(row, 5) == "75957" and sheet.text(row, 6) == "107.619.750"
    where = sheet.location("03.pdf", row, 6)
    assert (where.page, where.row, where.column) == (3, 6, "F")


def test_corpus_tangerang_first_rows_of_continued_pages_are_kept(tangerang):
    [sheet] = tangerang
    # Printed at the top of page 2 with no rule above it.
    assert sheet.addresses[19] == (2, 1)
    assert sheet.text(20, 1) == "Pelaksanaan Penatusahaan dan Pengujian / Verifikasi Keuangan SKPD"
    assert sheet.text(20, 4) == "14.487.000" and sheet.text(20, 6) == "6.278.000"
    assert sheet.addresses[-1] == (4, 12)
    assert sheet.text(62, 1) == "Penanganan Pascabencana Kabupaten / Kota"


def test_corpus_tangerang_wrapped_cells_and_merged_header(tangerang):
    [sheet] = tangerang
    assert sheet.text(1, 3) == "Realisasi Kinerja Pada Triwulan I - IV Tahun 2023"
    assert (1, 3, 1, 10) in sheet.merges and (2, 3, 2, 4) in sheet.merges
    assert (1, 1, 2, 1) in sheet.merges and (1, 11, 2, 11) in sheet.merges
    assert [sheet.text(2, c) for c in (3, 5, 7, 9)] == ["I", "II", "III", "IV"]
    assert [sheet.text(4, c) for c in (3, 4, 9, 10)] == ["K", "Rp", "K", "Rp"]
    assert sheet.shown(2, 4) == "I" and sheet.value(2, 4) == ""
    # Lines wrapped inside a cell are one text; "RKA-" at a line end keeps its hyphen.
    assert sheet.text(7, 1) == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA"
    assert sheet.text(12, 2) == ("Jumlah Dokumen Perubahan RKA-SKPD dan Laporan Hasil "
                                 "Koordinasi Penyusunan Dokumen Perubahan RKA-SKPD")
    # Bold print marks the agency and the two programs, not the kegiatan under them.
    assert {r for r, c in sheet.bold if c == 1 and r > 4} == {6, 7, 39}
    assert sheet.text(39, 1) == "PROGRAM PENANGGULANGAN BENCANA"


def test_corpus_jabar_ruled_and_text_aligned_tables(corpus):
    first, second = read_grids(corpus_file(corpus, "08_"))
    # Page 3: a ruled PK table; page 4: the program budgets, aligned by text only.
    assert (first.height, first.width) == (7, 5)
    assert {page for page, _ in first.addresses} == {3}
    assert [first.text(1, c) for c in range(1, 6)] == ["NO", "SASARAN", "INDIKATOR KINERJA",
                                                       "SATUAN", "TARGET"]
    assert first.text(3, 5) == "100 dari 110 Organisasi Kepemudaan"
    assert first.text(7, 3) == ("Peningkatan Partisipasi Masyarakat dalam Berolahraga dan "
                                "Tingkat Kebugaran Masyarakat")
    assert first.text(7, 5) == "36,6"
    # The document's title page (page 1) and the lines above the table on page 3.
    assert first.titles[:4] == ["PERNYATAAN PERJANJIAN KINERJA", "DINAS PEMUDA DAN OLAHRAGA",
                                "PROVINSI JAWA BARAT", "TAHUN 2017"]
    assert first.titles[-2:] == ["PERJANJIAN KINERJA TAHUN 2017",
                                 "DINAS PEMUDA DAN OLAHRAGA PROVINSI JAWA BARAT"]
    assert second.width == 5 and {page for page, _ in second.addresses} == {4}
    budget = {second.text(r, 4): r for r in range(1, second.height + 1) if second.text(r, 4)}
    row = budget["272.969.874.747"]
    assert second.text(row, 3) == "Rp" and second.text(row, 5) == "APBD"
    assert second.text(row, 2) == "Pemasyarakatan dan"
    assert second.text(row - 1, 1) == "7" and second.addresses[row - 1] == (4, row)
    assert budget["5.799.120.000"] and second.text(budget["5.799.120.000"] - 1, 5) == "APBN"


def _ruled_pdf(path, rows, repeat_header: bool):
    table = TablePDF(WIDTHS)
    table.page(TITLES)
    table.row(SEED_HEADER)
    for values in rows[:4]:
        table.row(values)
    # Row 5 is cut after its first printed line by the page break.
    table.row(rows[4], split_after=1, header_again=SEED_HEADER if repeat_header else None)
    for values in rows[5:]:
        table.row(values)
    return table.save(path)


def test_seed_table_printed_over_a_page_break_reads_back(tmp_path, seed_rows):
    [sheet] = read_grids(_ruled_pdf(tmp_path / "ra.pdf", seed_rows, repeat_header=False))
    assert sheet.rows == [SEED_HEADER, *seed_rows]
    assert sheet.titles == TITLES
    assert sheet.addresses == [(1, r) for r in range(1, 7)] + [(2, 2), (2, 3)]
    [(row, key, params)] = sheet.notes
    assert (row, key, params["page"]) == (6, "containers.row_joined", 2)
    assert "perlindungan dan jaminan sosial" in params["cells"]


def test_seed_table_with_header_repeated_on_the_next_page(tmp_path, seed_rows):
    [sheet] = read_grids(_ruled_pdf(tmp_path / "ra.pdf", seed_rows, repeat_header=True))
    # The repeated header stays (the pipeline recognises it); the cut row is one row.
    assert sheet.rows == [SEED_HEADER, *seed_rows[:5], SEED_HEADER, *seed_rows[5:]]
    assert sheet.addresses[5:] == [(1, 6), (2, 1), (2, 3), (2, 4)]
    assert [n[0] for n in sheet.notes] == [6]


def test_seed_table_aligned_by_text_only(tmp_path, seed_rows):
    table = TablePDF(WIDTHS, ruled=False)
    table.page(TITLES)
    table.row(SEED_HEADER)
    for values in seed_rows:
        table.row(values)
    [sheet] = read_grids(table.save(tmp_path / "teks.pdf"))
    assert sheet.width == 6 and sheet.titles == TITLES
    first_lines = {sheet.text(r, 1): r for r in range(1, sheet.height + 1) if sheet.text(r, 1)}
    for values in seed_rows:  # each record's first printed line holds its short cells
        row = first_lines[values[0]]
        assert [sheet.text(row, c) for c in (3, 4, 6)] == [values[2], values[3], values[5]]
        assert values[1].startswith(sheet.text(row, 2))
        assert sheet.addresses[row - 1] == (1, row)


def _scan():
    """A picture of a ruled table, as a scanner delivers it: no text at all."""
    from PIL import Image, ImageDraw

    scan = Image.new("RGB", (800, 400), "white")
    draw = ImageDraw.Draw(scan)
    for y in range(20, 400, 60):
        draw.line([(20, y), (780, y)], fill="black", width=2)
    return scan


def test_image_only_pdf_needs_ocr(tmp_path):
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(_scan(), x=10, y=10, w=190)
    path = tmp_path / "pindaian.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError) as err:
        read_grids(path)
    assert err.value.key == "containers.pdf_needs_ocr"
    assert "OCR" in err.value.render("id") and "lapisan teks" in err.value.render("id")
    assert "OCR" in err.value.render("en") and "text layer" in err.value.render("en")


def test_damaged_and_password_protected_pdfs(tmp_path):
    damaged = tmp_path / "rusak.pdf"
    damaged.write_bytes(b"%PDF-1.4\nbukan isi PDF\n%%EOF")
    with pytest.raises(InputError) as err:
        read_grids(damaged)
    assert err.value.key == "containers.pdf_unreadable"
    locked = fpdf.FPDF()
    locked.add_page()
    locked.set_font("helvetica", size=10)
    locked.text(20, 20, "Pagu 1.000.000")
    locked.set_encryption(owner_password="pemilik", user_password="rahasia")
    path = tmp_path / "terkunci.pdf"
    locked.output(str(path))
    with pytest.raises(InputError) as err:
        read_grids(path)
    assert err.value.key == "containers.pdf_encrypted"


def test_cell_lines_join_and_broken_words_rejoin():
    assert join_cell_lines("Program Penang-\ngulangan Bencana") == "Program Penanggulangan Bencana"
    assert join_cell_lines("Dokumen RKA-\nSKPD") == "Dokumen RKA-SKPD"
    assert join_cell_lines("Kabupaten /\nKota\n") == "Kabupaten / Kota"


def test_continuation_needs_empty_first_cell_and_text_only():
    previous = ["5", "Persentase masyarakat miskin", "%", "100", "PROGRAM", "BPBD"]
    assert is_continuation(previous, ["", "yang mendapatkan", "", "", "", ""])
    assert not is_continuation(previous, ["6", "yang mendapatkan", "", "", "", ""])
    assert not is_continuation(previous, ["", "Cakupan", "", "", "", "BPBD"])  # repeated unit
    assert not is_continuation(previous, ["", "Cakupan", "", "75", "", ""])  # own value
    assert not is_continuation(previous, ["", "", "", "", "", ""])


def test_text_printed_twice_for_bold_reads_once(tmp_path, seed_rows):
    table = TablePDF(WIDTHS)
    table.page(TITLES)
    table.row(SEED_HEADER)
    for values in seed_rows[:3]:
        table.row(values)
    table.pdf.text(table.x0 + 0.2, 15 + 4, TITLES[0])  # the title overprinted, 0.2 mm off
    [sheet] = read_grids(table.save(tmp_path / "tebal.pdf"))
    assert sheet.titles == TITLES and sheet.rows == [SEED_HEADER, *seed_rows[:3]]


def test_scanned_page_beside_a_printed_table_is_named(tmp_path, seed_rows):
    table = TablePDF(WIDTHS)
    table.page(TITLES)
    table.row(SEED_HEADER)
    for values in seed_rows:
        table.row(values)
    table.pdf.add_page()
    table.pdf.image(_scan(), x=10, y=10, w=250)  # the signed page, scanned
    [sheet] = read_grids(table.save(tmp_path / "campuran.pdf"))
    assert sheet.rows == [SEED_HEADER, *seed_rows]
    assert sheet.notes == [(1, "containers.pages_without_text", {"pages": "2"})]


def test_text_page_without_tables_and_a_scanned_page_needs_ocr(tmp_path):
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for i, line in enumerate(TITLES):
        pdf.text(20, 20 + 8 * i, line)
    pdf.add_page()
    pdf.image(_scan(), x=10, y=10, w=190)
    path = tmp_path / "sampul_dan_pindaian.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError) as err:
        read_grids(path)
    assert err.value.key == "containers.pdf_needs_ocr"
