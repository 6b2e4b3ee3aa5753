"""Workbooks built from the real Renstra fixtures' verbatim rows, for the Renstra tests.

Fixtures 14-16 (``tests/fixtures/real_tables``) keep the body rows of three Sumedang
Renstra tables as their HTML views print them (``<td>`` cells with ``rowspan`` and
``colspan``), without the header. The tests put those rows, values and labels untouched,
under a header of the Permendagri 86/2017 form (Tabel T-C.27) written here, and read the
workbook through the ordinary pipeline. The HTML container itself is another branch's
work; this helper only places cells.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real_tables"
HEADER_ROW = 3  # title in row 1, header rows 3-5, body from row 6
BODY_ROW = HEADER_ROW + 3


def html_rows(name: str) -> list[list[tuple[str, int, int]]]:
    """Each ``<tr>`` of a fixture as (text, rowspan, colspan) cells, text as printed."""
    text = (REAL / name).read_text(encoding="utf-8").split("# ---\n", 1)[1]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", text, re.S):
        cells = []
        for attrs, body in re.findall(r"<td([^>]*)>(.*?)</td>", tr, re.S):
            rs = re.search(r"rowspan=(\d+)", attrs)
            cs = re.search(r"colspan=(\d+)", attrs)
            shown = html.unescape(re.sub(r"<br>", " ", re.sub(r"</?i>", "", body))).strip()
            cells.append((" ".join(shown.split()), int(rs.group(1)) if rs else 1,
                          int(cs.group(1)) if cs else 1))
        rows.append(cells)
    return rows


def place(ws: Worksheet, rows: list[list[tuple[str, int, int]]], top: int) -> None:
    """Write the rows from ``top``, merging spans as the HTML does.

    A row that brings a cell for every column ends the row spans above it: the views
    print ``rowspan=3`` over a record of two lines followed by a full record (fixture 14,
    kegiatan 2.01 and 2.02), which their authors read as two records.
    """
    width = max(sum(cs for _, _, cs in cells) for cells in rows)
    full = [sum(cs for _, _, cs in cells) == width for cells in rows]
    taken: set[tuple[int, int]] = set()
    for i, cells in enumerate(rows):
        r, c = top + i, 1
        for text, rs, cs in cells:
            while (r, c) in taken:
                c += 1
            span = 1
            while span < rs and i + span < len(rows) and not full[i + span]:
                span += 1
            if text:
                ws.cell(r, c, text)
            if span > 1 or cs > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + span - 1,
                               end_column=c + cs - 1)
            taken |= {(rr, cc) for rr in range(r, r + span) for cc in range(c, c + cs)}
            c += cs


def header(ws: Worksheet, title: str, lead: list[tuple[str, int]], years: list[str],
           end_columns: int, tail: list[str]) -> None:
    """A T-C.27 header: leading columns, a Target | Rp pair per year, end of period, tail."""
    ws.cell(1, 1, title)
    h, c = HEADER_ROW, 1

    def whole(text: str, width: int = 1) -> None:
        nonlocal c
        ws.cell(h, c, text)
        ws.merge_cells(start_row=h, start_column=c, end_row=h + 2, end_column=c + width - 1)
        c += width

    for text, width in lead:
        whole(text, width)
    ws.cell(h, c, "Target Kinerja Program dan Kerangka Pendanaan")
    ws.merge_cells(start_row=h, start_column=c, end_row=h, end_column=c + 2 * len(years) - 1)
    for year in years:
        ws.cell(h + 1, c, year)
        ws.merge_cells(start_row=h + 1, start_column=c, end_row=h + 1, end_column=c + 1)
        ws.cell(h + 2, c, "Target")
        ws.cell(h + 2, c + 1, "Rp")
        c += 2
    end = "Kondisi Kinerja pada Akhir Periode Renstra Perangkat Daerah"
    if end_columns == 1:
        whole(end)
    else:
        ws.cell(h, c, end)
        ws.merge_cells(start_row=h, start_column=c, end_row=h + 1, end_column=c + 1)
        ws.cell(h + 2, c, "Target")
        ws.cell(h + 2, c + 1, "Rp")
        c += 2
    for text in tail:
        whole(text)


LEAD = [("Tujuan", 1), ("Sasaran", 1), ("Indikator Sasaran", 1), ("Kode", 5),
        ("Program dan Kegiatan", 1)]
BASELINE = ("Data Capaian pada Tahun Awal Perencanaan", 1)
TAIL = ["Unit Kerja Perangkat Daerah Penanggung Jawab", "Lokasi"]
INDICATOR = "Indikator Kinerja Program (outcome) dan Kegiatan (output)"


def workbook(fixture: str, path: Path, years: list[str], *, title: str,
             lead: list[tuple[str, int]], end_columns: int,
             edit: dict[str, str] | None = None) -> Path:
    """The fixture's rows under a T-C.27 header, saved at ``path``.

    ``edit`` changes cells after placing (``{"P12": "1,355,000,000"}``): a mutation test
    changes one real value and expects the rule to point at it.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "T-C.27"
    header(ws, title, lead, years, end_columns, TAIL)
    place(ws, html_rows(fixture), BODY_ROW)
    for cell, value in (edit or {}).items():
        ws[cell] = value
    wb.save(path)
    return path


def diskominfo(path: Path, edit: dict[str, str] | None = None) -> Path:
    """Fixture 14: years printed as ``Tahun-3`` … ``Tahun-5``, the end of period a target."""
    return workbook("14_sumedang_diskominfo_renstra.txt", path,
                    ["Tahun-3", "Tahun-4", "Tahun-5"],
                    title="RENCANA PROGRAM, KEGIATAN DAN PENDANAAN INDIKATIF DINAS "
                          "KOMUNIKASI DAN INFORMATIKA, PERSANDIAN DAN STATISTIK KABUPATEN "
                          "SUMEDANG",
                    lead=[*LEAD, (INDICATOR, 2), BASELINE], end_columns=1, edit=edit)


def bkpsdm(path: Path, edit: dict[str, str] | None = None) -> Path:
    """Fixture 15: 2021-2023, the end of period a target and the period's funding."""
    return workbook("15_sumedang_bkpsdm_renstra.txt", path, ["2021", "2022", "2023"],
                    title="RENCANA PROGRAM, KEGIATAN DAN PENDANAAN INDIKATIF BADAN "
                          "KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA KABUPATEN "
                          "SUMEDANG",
                    lead=[*LEAD, (INDICATOR, 1), BASELINE], end_columns=2, edit=edit)


def bappelitbangda(path: Path) -> Path:
    """Fixture 16: 2019-2023 (the title's period), no column of sasaran indicators."""
    lead = [("Tujuan", 1), ("Sasaran", 1), ("Kode", 5), ("Program dan Kegiatan", 1)]
    return workbook("16_sumedang_bappelitbangda_renstra.txt", path,
                    ["2019", "2020", "2021", "2022", "2023"],
                    title="RENCANA PROGRAM, KEGIATAN DAN PENDANAAN INDIKATIF BAPPELITBANGDA "
                          "KABUPATEN SUMEDANG TAHUN 2019-2023",
                    lead=[*lead, (INDICATOR, 1), BASELINE], end_columns=2)


#: Fixture 08 (flowed text, lines 19-39): the indicator rows, values as printed (decimal
#: point in the first row, decimal comma below), labels joined from their broken lines.
DINKES_ROWS = [
    ("", "Misi . 2 Mewujudkan masyarakat yang sehat, agamis berbudaya unggul dan berdaya "
         "saing", "Indeks Kesehatan", ["72.80", "73.42", "73.72", "74.03", "74.34", "74.65"]),
    ("1", "", "Angka Kematian Ibu Melahirkan per 100.000 kelahiran hidup",
     ["0", "0", "0", "0", "0", "0"]),
    ("3", "", "Persentase BBLR (%)", ["13,0", "10,0", "8,0", "7,0", "5,0", "5,0"]),
    ("11", "", "Prevalensi stunting (pendek dan sangat pendek) pada anak baduta (%)",
     ["39,7", "38,7", "37,7", "37,0", "36,7", "36,7"]),
]


def dinkes(path: Path, edit: dict[str, str] | None = None) -> Path:
    """Fixture 08: Kinerja Awal, then 2018 … 2022 under "TARGET KINERJA PADA TAHUN KE-".

    The title says 2018-2019 while the columns run to 2022 (README: inconsistent): the
    period is taken from the columns. The excerpt prints no sasaran text, so this header
    has no SASARAN column; the indicators belong to the tujuan row above them.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Renstra"
    ws.cell(1, 1, "TUJUAN DAN SASARAN BESERTA INDIKATOR RENSTRA")
    ws.cell(2, 1, "DINAS KESEHATAN TAHUN 2018-2019")
    h = HEADER_ROW + 1
    for c, text in enumerate(["KODE", "TUJUAN", "INDIKATOR", "Kinerja Awal"], start=1):
        ws.cell(h, c, text)
        ws.merge_cells(start_row=h, start_column=c, end_row=h + 1, end_column=c)
    ws.cell(h, 5, "TARGET KINERJA PADA TAHUN KE-")
    ws.merge_cells(start_row=h, start_column=5, end_row=h, end_column=9)
    for k, year in enumerate(["2018", "2019", "2020", "2021", "2022"]):
        ws.cell(h + 1, 5 + k, year)
    for r, (kode, tujuan, indikator, values) in enumerate(DINKES_ROWS, start=h + 2):
        for c, text in enumerate([kode, tujuan, indikator, *values], start=1):
            if text:
                ws.cell(r, c, text)
    for cell, value in (edit or {}).items():
        ws[cell] = value
    wb.save(path)
    return path


def kesbangpol(path: Path) -> Path:
    """Fixture 03 (flowed text, line 50): one program row under "TARGET RP." pairs.

    The excerpt prints five ``TARGET RP.`` headers without their years (the form's
    Tahun-1 … Tahun-5 are written here) and an end-of-period pair; the row's figures are
    placed as printed: the baseline, five targets of which the first has no Rp, and the
    end of period.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Tabel"
    ws.cell(1, 1, "INDIKASI RENCANA PROGRAM PRIORITAS RPJMD PROVINSI JAWA BARAT")
    h = HEADER_ROW
    for c, text in enumerate(["Program", "Indikator Kinerja", "Satuan", "Kondisi Kinerja Awal"],
                             start=1):
        ws.cell(h, c, text)
        ws.merge_cells(start_row=h, start_column=c, end_row=h + 1, end_column=c)
    for k, label in enumerate(["Tahun-1", "Tahun-2", "Tahun-3", "Tahun-4", "Tahun-5",
                               "Kondisi Kinerja pada Akhir Periode"]):
        c = 5 + 2 * k
        ws.cell(h, c, label)
        ws.merge_cells(start_row=h, start_column=c, end_row=h, end_column=c + 1)
        ws.cell(h + 1, c, "TARGET RP.")
        ws.merge_cells(start_row=h + 1, start_column=c, end_row=h + 1, end_column=c + 1)
    row = ["Program Bina Ideologi dan Wawasan Kebangsaan",
           "Tingkat Pemahaman Ideologi Dan Wawasan Kebangsaan", "Poin", "70.78",
           "70.78", "", "71.78", "1,231,790,000", "72.78", "1,556,600,000",
           "73.78", "1,713,578,000", "74.78", "1,647,460,000", "74.78", "6,149,428,000"]
    for c, text in enumerate(row, start=1):
        if text:
            ws.cell(h + 2, c, text)
    wb.save(path)
    return path
