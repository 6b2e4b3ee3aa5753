"""Build agency-style workbooks from the real seed documents.

Run from the repository root: ``python sample_plans/make_agency_workbooks.py``. For each
seed that holds a rencana aksi or a PK, the seed is read by its text importer and written
back in the layout the agency's own Excel file has (the layout the PDF was printed from):
title rows, the header several rows deep with merged cells, the row numbering the columns,
the header repeated at the top of every printed page (about 18 rows), shared cells merged
down, totals rows and the signature block. It writes ``sample_plans/agency/``:

- ``000_a618195849f537cf_agency.xlsx``: Rencana Aksi Eselon II, III and IV of Dinas Sosial
  Kab. Lombok Timur 2024 (periodik), Eselon II and III on one sheet, IV on another;
- ``001_0bdef1ee33a13803_agency.xlsx``: Rencana Aksi of Dinas Sosial Kab. Lampung Barat
  2021 (kumulatif): tujuan/sasaran with ``s.d. TW n`` columns, then program, kegiatan and
  sub-kegiatan tables whose four quarter lines per item hold ``Trw 1= …`` cells;
- ``004_a30a70c4cd2935b3_agency.xlsx``: the Perjanjian Kinerja and PK Perubahan 2024 of
  Dinas Sosial Kab. Lampung Barat, from the LKjIP's appendix.

Values are written as the agency typed them: amounts and plain counts as numbers
(``#,##0`` for rupiah), everything else (``74,17 (BB)``, ``100%``, ``1 x 24``,
``TRW II = 9 dokumen``) as the text printed in the seed. Names cut by a page break in the
PDF are whole in the workbook (as they are in Excel). The seeds are never modified.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEEDS = REPO / "tests" / "data" / "seeds"  # the public seed documents, kept in the repo
OUT = HERE / "agency"
sys.path.insert(0, str(REPO))

from checker.exporters.agency_workbook import (  # noqa: E402
    AgencySheet,
    AgencyTable,
    HeaderCell,
    Record,
    Row,
    write_agency_workbook,
)
from checker.importers.excel_layout import GridImporter  # noqa: E402
from checker.importers.numbers import parse_number  # noqa: E402
from checker.importers.registry import load  # noqa: E402
from checker.importers.textlines import TextLine, read_lines  # noqa: E402
from checker.model.plan import Document, Indicator, Item  # noqa: E402
from checker.model.schema import Level  # noqa: E402

SEED_000 = SEEDS / "000_a618195849f537cf.txt"
SEED_001 = SEEDS / "001_0bdef1ee33a13803.txt"
SEED_004 = SEEDS / "004_a30a70c4cd2935b3.txt"
_PLAIN = re.compile(r"^-?[\d.,]+$")


def typed(raw: str | None, convention: str | None) -> Any:
    """A cell's value as an agency types it: a plain number as a number, else the text."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if text == "-":
        return "-"
    if _PLAIN.match(text):
        parsed = parse_number(text, convention=convention)  # type: ignore[arg-type]
        if parsed.ok and parsed.value is not None:
            value = parsed.value
            return int(value) if value == value.to_integral() else float(value)
    return text


def money(value: int | None, raw: str | None) -> Any:
    """A budget cell: the whole rupiah read, or the printed text when none was read."""
    if raw is not None and raw.strip() == "-":
        return "-"
    if value is not None and (raw is None or raw.strip()):
        return value
    return raw.strip() if raw and raw.strip() else None


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", " ")).strip()


def indicators_of(doc: Document, item_id: str) -> list[Indicator]:
    return [i for i in doc.indicators if i.item == item_id]


def signature_after(lines: list[TextLine], row: int, stop: re.Pattern[str]) -> list[str]:
    """The text lines under a table (place and date, position, name, NIP)."""
    out: list[str] = []
    for line in lines[row:]:
        text = clean(line.text)
        if not text:
            continue
        if stop.search(text) or "\t" in line.text:
            break
        out.append(text)
    return out


# --------------------------------------------------------------------------- 000
def eselon_header() -> tuple[list[HeaderCell], list[int | str | None]]:
    """The seed's three header rows, merged as in the agency's workbook."""
    cells = [
        HeaderCell("NO", 1, 1, rows=3), HeaderCell("SASARAN STRATEGIS", 1, 2, rows=3),
        HeaderCell("INDIKATOR KINERJA", 1, 3, cols=7),
        HeaderCell("PROGRAM/KEGIATAN/SUB KEGIATAN", 1, 10, rows=3),
        HeaderCell("ANGGARAN APBD", 1, 11, cols=5),
        HeaderCell("PENANGGUNGJAWAB", 1, 16, rows=3),
        HeaderCell("URAIAN", 2, 3, rows=2), HeaderCell("SATUAN", 2, 4, rows=2),
        HeaderCell("TARGET KINERJA", 2, 5, rows=2),
        HeaderCell("RENCANA AKSI Per TRIWULAN", 2, 6, cols=4),
        HeaderCell("JUMLAH ANGGARAN", 2, 11),
        HeaderCell("RENCANA AKSI PER TRIWULAN", 2, 12, cols=4),
        *(HeaderCell(f"TR {q}", 3, 5 + i) for i, q in enumerate(("I", "II", "III", "IV"),
                                                                 start=1)),
        HeaderCell("Rp", 3, 11),
        *(HeaderCell(q, 3, 11 + i) for i, q in enumerate(("I", "II", "III", "IV"), start=1)),
    ]
    return cells, [1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 16, 17, 18, 19, 20]


def eselon_blocks(doc: Document) -> list[Record]:
    """The ``Tujuan :`` and ``Sasaran :`` lines printed above every eselon table."""
    out: list[Record] = []
    for item in doc.items:
        if item.level not in (Level.TUJUAN, Level.SASARAN):
            continue
        label = "Tujuan :" if item.level == Level.TUJUAN else "Sasaran :"
        inds = indicators_of(doc, item.id)
        rows = [Row({2: label})]
        for n, ind in enumerate(inds):
            cells: dict[int, Any] = {3: ind.uraian, 5: typed(ind.raw.get("target"), "id")}
            if n == 0 and item.nama:
                cells[2] = item.nama
            if n == 0 and item.level == Level.SASARAN and not item.nama:
                rows[0].cells.update(cells)
                continue
            rows.append(Row(cells))
        out.append(Record(rows, kind="label"))
    return out


def eselon_record(item: Item, ind: Indicator | None) -> Record:
    """One item row: indicator, targets, name, budget and its quarters, pj."""
    cells: dict[int, Any] = {1: int(re.sub(r"\D", "", item.id) or 0) or None}
    sas = item.cells.get("sasaran")
    continues: set[int] = set()
    if sas is not None and sas.row == item.row:
        cells[2] = item.sasaran
    elif item.sasaran:
        continues.add(2)
    if ind is not None:
        cells[3], cells[4] = ind.uraian, ind.satuan
        cells[5] = typed(ind.raw.get("target"), "id")
        for q in range(1, 5):
            cells[5 + q] = typed(ind.raw.get(f"target_tw{q}"), "id")
    cells[10] = item.nama
    cells[11] = money(item.anggaran, item.raw.get("anggaran"))
    for q in range(1, 5):
        cells[11 + q] = money(getattr(item, f"anggaran_tw{q}"), item.raw.get(f"anggaran_tw{q}"))
    cells[16] = item.penanggung_jawab
    return Record([Row(cells)], continues=continues)


def agency_000() -> list[AgencySheet]:
    doc = GridImporter().read(SEED_000)[0]
    lines = read_lines(SEED_000)
    header, numbers = eselon_header()
    tables: list[AgencyTable] = []
    stop = re.compile(r"RENCANA AKSI ESELON", re.IGNORECASE)
    for info in doc.tables:
        eselon = info.name.split()[-1]
        items = [i for i in doc.items if i.eselon and i.row is not None
                 and (info.first_row or 0) <= i.row <= (info.last_row or 0)]
        records = eselon_blocks(doc)
        for item in items:
            found = indicators_of(doc, item.id)
            records.append(eselon_record(item, found[0] if found else None))
            for extra in found[1:]:
                more = eselon_record(item, extra).rows[0]
                more.cells = {c: v for c, v in more.cells.items() if c in range(3, 10)}
                records[-1].rows.append(more)
        total = next(t for t in doc.totals if t.tabel == info.name)
        cells: dict[int, Any] = {1: "JUMLAH", 11: total.anggaran}
        for q in range(1, 5):
            cells[11 + q] = getattr(total, f"anggaran_tw{q}")
        printed = lines[total.row - 1].fields  # type: ignore[operator]
        if len(printed) >= 16 and printed[15].strip():  # the seed repeats the total in P
            cells[16] = typed(printed[15], "id")
        records.append(Record([Row(cells, merges=[(1, 10)], bold=True)], kind="total"))
        tables.append(AgencyTable(
            title=[f"RENCANA AKSI ESELON {eselon}", "DINAS SOSIAL",
                   "KABUPATEN LOMBOK TIMUR TAHUN 2024"],
            header=header, width=16, numbers=numbers, records=records,
            signature=signature_after(lines, total.row, stop),  # type: ignore[arg-type]
            signature_col=12, money_cols=set(range(11, 16)),
            widths={1: 5, 2: 30, 3: 40, 4: 10, 5: 10, 10: 40, 11: 16, 16: 26}))
    return [AgencySheet("Renaksi Es II-III", tables[:2]),
            AgencySheet("Renaksi Es IV", tables[2:])]


# --------------------------------------------------------------------------- 001
def _seed_text(lines: list[TextLine], row: int, col: int) -> str | None:
    fields = lines[row - 1].fields
    return clean(fields[col - 1]) if col <= len(fields) and fields[col - 1].strip() else None


def ancestors(doc: Document, item: Item) -> dict[Level, str]:
    """Names of an item's ancestors as its row prints them, from the links or findings.

    Where the text importer found the parent, its name; where it reported the parent
    missing (STR-003), the name that finding quotes from the row.
    """
    out: dict[Level, str] = {}
    current: Item | None = item
    order = list(Level)
    while current is not None:
        up = order[order.index(current.level) - 1] if current.level != Level.TUJUAN else None
        if up is None:
            break
        parent = doc.item(current.induk) if current.induk else None
        if parent is not None:
            out[up] = parent.nama or ""
            current = parent
            continue
        quoted = next((f.actual for f in doc.issues if f.code == "STR-003"
                       and f.item and f.item.nama == current.nama and isinstance(f.actual, str)),
                      None)
        if quoted:
            out[up] = quoted
        break
    return out


def kumulatif_tables(doc: Document, lines: list[TextLine]) -> list[AgencySheet]:
    """Tujuan/sasaran, program, kegiatan and sub-kegiatan tables of seed 001."""
    sig = ["KEPALA DINAS SOSIAL", "KABUPATEN LAMPUNG BARAT", "", "JAIMIN, S.I.P",
           "NIP. 19650814 198503 1 003"]
    # --- tujuan and sasaran strategis: one row per indicator, s.d. TW n columns
    header = [
        HeaderCell("NO", 1, 1, rows=3), HeaderCell("TUJUAN", 1, 2, cols=7),
        HeaderCell("SASARAN STRATEGIS", 1, 9, cols=7),
        HeaderCell("PENANGGUNG JAWAB", 1, 16, rows=3),
    ]
    for base, name in ((2, "TUJUAN"), (9, "SASARAN STRATEGIS")):
        header += [HeaderCell(name, 2, base, rows=2), HeaderCell("INDIKATOR", 2, base + 1, rows=2),
                   HeaderCell("SATUAN", 2, base + 2, rows=2),
                   HeaderCell("TARGET SAMPAI DENGAN", 2, base + 3, cols=4)]
        header += [HeaderCell(f"s.d. TW {q}", 3, base + 2 + q) for q in range(1, 5)]
    records: list[Record] = []
    for tujuan in (i for i in doc.items if i.level == Level.TUJUAN):
        sasaran = [i for i in doc.items if i.level == Level.SASARAN and i.induk == tujuan.id]
        t_inds = indicators_of(doc, tujuan.id)
        s_rows = [(s, ind) for s in sasaran for ind in indicators_of(doc, s.id)]
        rows: list[Row] = []
        for n in range(max(len(t_inds), len(s_rows))):
            cells: dict[int, Any] = {}
            if n == 0:
                cells[1] = int(tujuan.id[1:])
                cells[2] = tujuan.nama
            if n < len(t_inds):
                _grid_indicator(cells, 3, t_inds[n])
            if n < len(s_rows):
                s, ind = s_rows[n]
                if n == 0 or s is not s_rows[n - 1][0]:
                    cells[9] = s.nama
                    cells[16] = s.penanggung_jawab
                _grid_indicator(cells, 10, ind)
            rows.append(Row(cells))
        records.append(Record(rows, span={1, 2, 9, 16}))
    records.append(Record([Row({1: "Rata - Rata Capaian"}, merges=[(1, 15)])], kind="total"))
    tables = [AgencySheet("Tujuan-Sasaran", [AgencyTable(
        title=["Rencana Aksi Tingkat Tujuan dan Sasaran Strategis Dinas Sosial",
               "Priode 2018 - 2022", "Tahun 2021"],
        header=header, width=16, numbers=list(range(1, 17)), records=records,
        signature=sig, signature_col=13, widths={2: 30, 3: 30, 9: 30, 10: 30, 16: 24})])]
    # --- program, kegiatan, sub kegiatan: four quarter lines per item
    specs = [
        (Level.PROGRAM, "Program",
         ["RENCANA AKSI TINGKAT PROGRAM DINAS SOSIAL", "PRIODE 2018-2022", "TAHUN 2021", "",
          "LAMPIRAN II", "DINAS SOSIAL KABUPATEN LAMPUNG BARAT"]),
        (Level.KEGIATAN, "Kegiatan",
         ["Rencana Aksi Tingkat Kegiatan (Nama Perangkat Daerah)", "Periode 2018 - 2022",
          "Tahun 2021"]),
        (Level.SUB_KEGIATAN, "Sub Kegiatan",
         ["Rencana Aksi Tingkat Sub Kegiatan (Nama Perangkat Daerah)", "Periode 2018 - 2022",
          "Tahun 2021"]),
    ]
    for level, sheet, title in specs:
        tables.append(AgencySheet(sheet, [_stacked_table(doc, lines, level, title, sig)]))
    return tables


def _grid_indicator(cells: dict[int, Any], col: int, ind: Indicator) -> None:
    cells[col], cells[col + 1] = ind.uraian, ind.satuan
    for q in range(1, 5):
        cells[col + 1 + q] = typed(ind.raw.get(f"target_tw{q}"), "en")


def _stacked_table(doc: Document, lines: list[TextLine], level: Level,
                   title: list[str], sig: list[str]) -> AgencyTable:
    """Program tables print a header three rows deep; kegiatan tables one row (+ Target).

    Seed 001 prints each level in a table of its own, so the level picks the table.
    """
    items = [i for i in doc.items if i.level == level]
    if level == Level.PROGRAM:
        header = [HeaderCell("NO", 1, 1, rows=3), HeaderCell("SASARAN STRATEGIS", 1, 2, rows=3),
                  HeaderCell("PROGRAM", 1, 3, cols=5),
                  HeaderCell("PENANGGUNG JAWAB", 1, 8, rows=3),
                  HeaderCell("PROGRAM", 2, 3, rows=2), HeaderCell("SASARAN PROGRAM", 2, 4, rows=2),
                  HeaderCell("INDIKATOR PROGRAM", 2, 5, rows=2),
                  HeaderCell("Kinerja Per Triwulan", 2, 6),
                  HeaderCell("Keuangan Per Triwulan Akumulatif", 2, 7),
                  HeaderCell("Target", 3, 6), HeaderCell("Target", 3, 7)]
        context = {Level.SASARAN: 2}
        name_col, item_sasaran, ind_col, kin, keu, pj, width = 3, 4, 5, 6, 7, 8, 8
        numbers: list[int | str | None] | None = list(range(1, 9))
    else:
        names = ["No", "Sasaran Strategis", "Program", "Kegiatan"]
        if level == Level.SUB_KEGIATAN:
            names.append("Sub Kegiatan")
        word = "Sub Kegiatan" if level == Level.SUB_KEGIATAN else "Kegiatan"
        names += [f"Sasaran {word}", f"Indikator {word}", "Kinerja Per triwulan Akumulatif",
                  "Keuangan Per triwulan Akumulatif", "Nama Jabatan Penanggung Jawab"]
        header = [HeaderCell(text, 1, c, rows=1 if "triwulan" in text else 2)
                  for c, text in enumerate(names, start=1)]
        width = len(names)
        kin, keu = width - 2, width - 1
        header += [HeaderCell("Target", 2, kin), HeaderCell("Target", 2, keu)]
        context = {Level.SASARAN: 2, Level.PROGRAM: 3}
        if level == Level.SUB_KEGIATAN:
            context[Level.KEGIATAN] = 4
        name_col = len(context) + 2
        item_sasaran, ind_col, pj = name_col + 1, name_col + 2, width
        numbers = None
    records: list[Record] = []
    previous: dict[int, str | None] = {}
    for item in items:
        ind = next(iter(indicators_of(doc, item.id)), None)
        found = ancestors(doc, item)
        top: dict[int, Any] = {name_col: item.nama, pj: item.penanggung_jawab}
        no = _seed_text(lines, item.row, 1)  # type: ignore[arg-type]
        top[1] = int(no) if no and no.isdigit() else None
        span = {1, name_col, item_sasaran, ind_col, pj}
        continues: set[int] = set()
        for lv, col in context.items():
            text = item.sasaran if lv == Level.SASARAN else found.get(lv)
            printed = _seed_text(lines, item.row, col)  # type: ignore[arg-type]
            if printed is None and previous.get(col) == text:
                continues.add(col)
            else:
                top[col] = text
                span.add(col)
            previous[col] = text
        top[item_sasaran] = _seed_text(lines, item.row, item_sasaran)  # type: ignore[arg-type]
        top[ind_col] = ind.uraian if ind else None
        rows = []
        for q in range(1, 5):
            cells = dict(top) if q == 1 else {}
            cells[kin] = ind.raw.get(f"target_tw{q}") if ind else None
            cells[keu] = item.raw.get(f"anggaran_tw{q}") or item.raw.get(f"anggaran_persen_tw{q}")
            rows.append(Row(cells))
        records.append(Record(rows, span=span - continues, continues=continues))
    return AgencyTable(title=title, header=header, width=width, numbers=numbers,
                       records=records, signature=sig, signature_col=max(1, width - 2),
                       widths={2: 30, name_col: 34, ind_col: 34, kin: 22, keu: 24, pj: 28})


def agency_001() -> list[AgencySheet]:
    doc = GridImporter().read(SEED_001)[0]
    return kumulatif_tables(doc, read_lines(SEED_001))


# --------------------------------------------------------------------------- 004
def pk_sheet(doc: Document, lines: list[TextLine], name: str, date: str) -> AgencySheet:
    """A PK sheet: the sasaran table, then the budget list with section labels."""
    sasaran = [i for i in doc.items if i.level == Level.SASARAN]
    title = doc.judul or "PERJANJIAN KINERJA"
    head = [HeaderCell(x, 1, c) for c, x in enumerate(
        ["NO.", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "FORMULASI", "TARGET"], start=1)]
    records = []
    for n, item in enumerate(sasaran, start=1):
        rows = []
        for k, ind in enumerate(indicators_of(doc, item.id)):
            formula = _seed_text(lines, ind.row, 4) if ind.row else None  # type: ignore[arg-type]
            cells: dict[int, Any] = {3: ind.uraian, 4: formula,
                                     5: ind.raw.get("target") or ind.target}
            if k == 0:
                cells.update({1: n, 2: item.nama})
            rows.append(Row(cells))
        records.append(Record(rows, span={1, 2}))
    first = AgencyTable(title=[title, "TINGKAT ORGANISASI PERANGKAT DAERAH",
                               "OPD : DINAS SOSIAL", "Tahun Anggaran : 2024"],
                        header=head, width=5, numbers=["(1)", "(2)", "(3)", "(4)", "(5)"],
                        records=records, gap_after=1,
                        widths={1: 6, 2: 40, 3: 44, 4: 40, 5: 14})
    budget: list[Record] = []
    shown: dict[Level, str | None] = {}
    program_no = 0
    sub_no = 0
    for item in doc.items:
        if item.level == Level.SASARAN:
            continue
        if item.level == Level.PROGRAM:
            program_no += 1
        elif shown.get(item.level) != item.induk:
            label = "Kegiatan" if item.level == Level.KEGIATAN else "Sub Kegiatan"
            budget.append(Record([Row({2: label})], kind="label"))
            shown[item.level] = item.induk
            sub_no = 0
        if item.level == Level.SUB_KEGIATAN:
            sub_no += 1
        no = program_no if item.level == Level.PROGRAM else (
            sub_no if item.level == Level.SUB_KEGIATAN else None)
        raw = item.raw.get("anggaran") or ""
        cells = {1: no, 2: item.nama, 3: item.anggaran,
                 4: "APBD" if item.level == Level.SUB_KEGIATAN else None}
        if item.anggaran is None and raw:
            cells[3] = raw
        budget.append(Record([Row(cells)]))
    total = doc.totals[0] if doc.totals else None
    if total is not None:
        budget.append(Record([Row({2: "Jumlah Anggaran", 3: total.anggaran}, bold=True)],
                             kind="total"))
    second = AgencyTable(
        title=[], header=[HeaderCell(x, 1, c) for c, x in enumerate(
            ["NO", "Program", "Anggaran", "Keterangan"], start=1)],
        width=4, records=budget, money_cols={3}, page_rows=40,
        signature=[date, "PIHAK KEDUA,", "Pj. Bupati Lampung Barat", "", "Nukman", "",
                   "PIHAK PERTAMA,", "Kepala Dinas Sosial", "", "JAIMIN, S.I.P"],
        signature_col=3)
    return AgencySheet(name, [first, second],
                       cover=["PEMERINTAH KABUPATEN LAMPUNG BARAT", "DINAS SOSIAL"])


def agency_004() -> list[AgencySheet]:
    docs = {d.jenis.value: d for d in load(SEED_004)}
    lines = read_lines(SEED_004)
    return [pk_sheet(docs["pk"], lines, "PK 2024", "Liwa, 29 Januari 2024"),
            pk_sheet(docs["pk_perubahan"], lines, "PK Perubahan 2024",
                     "Liwa, 29 Oktober 2024")]


BUILDERS = {SEED_000: agency_000, SEED_001: agency_001, SEED_004: agency_004}


def output_path(seed: Path) -> Path:
    return OUT / f"{seed.stem}_agency.xlsx"


def main() -> None:
    for seed, build in BUILDERS.items():
        if not seed.is_file():
            print(f"skipped (seed not found): {seed}")
            continue
        target = output_path(seed)
        write_agency_workbook(target, build())
        print(f"wrote {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
