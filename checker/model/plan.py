"""The plan model: documents holding items, indicators and totals rows.

Importers build these objects; :mod:`checker.model.frames` turns them into the DataFrames the
engine checks. Each value's address lives in ``cells`` (field name → Location) and, where the
source text was not a clean number, its raw text in ``raw``: nothing read is ever detached
from where it was read.
"""

from __future__ import annotations

from dataclasses import field

from checker.model.finding import Finding
from checker.model.location import Location
from checker.model.record import Record, record
from checker.model.schema import DocumentKind, Level


@record
class Located(Record):
    """Base for rows whose values each carry a location."""

    file: str = ""
    table: str | None = None
    page: int | None = None  # the printed page of a PDF row (``row`` counts on that page)
    row: int | None = None
    cells: dict[str, Location] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    #: Fields whose cell holds something the reader could not read (OCR noise, a record cut
    #: by a page break), with the text as printed. Such a value is "tidak terbaca", not
    #: missing: completeness rules must not call it absent (issue 13, item 2).
    unreadable: dict[str, str] = field(default_factory=dict)

    def locate(self, field: str, location: Location, raw: str | None = None) -> None:
        """Record where ``field`` was read, and its raw text when worth keeping."""
        self.cells[field] = location
        if raw is not None:
            self.raw[field] = raw

    def mark_unreadable(self, field: str, raw: str) -> None:
        """Record that ``field`` is present in the source but could not be read."""
        self.unreadable.setdefault(field, raw)

    def location_of(self, field: str | None = None) -> Location:
        """Location of a field's value, or of the row when the field has none."""
        if field and field in self.cells:
            return self.cells[field]
        return Location(file=self.file, table=self.table, page=self.page, row=self.row)


@record
class Item(Located):
    """A node of the hierarchy: tujuan, sasaran, program, kegiatan or sub-kegiatan."""

    id: str
    induk: str | None = None
    level: Level
    kode: str | None = None
    nama: str | None = None
    eselon: str | None = None
    sasaran: str | None = None
    penanggung_jawab: str | None = None
    anggaran: int | None = None
    anggaran_tw1: int | None = None
    anggaran_tw2: int | None = None
    anggaran_tw3: int | None = None
    anggaran_tw4: int | None = None
    anggaran_mode: str | None = None
    anggaran_persen_tw1: float | None = None  # a financial plan printed in % of the pagu
    anggaran_persen_tw2: float | None = None
    anggaran_persen_tw3: float | None = None
    anggaran_persen_tw4: float | None = None
    anggaran_persen_presisi: float | None = None  # the printed rounding step of those %
    anggaran_murni: int | None = None
    anggaran_pergeseran: int | None = None
    anggaran_perubahan: int | None = None
    realisasi: int | None = None
    realisasi_tw1: int | None = None
    realisasi_tw2: int | None = None
    realisasi_tw3: int | None = None
    realisasi_tw4: int | None = None
    sisa: int | None = None
    persen_realisasi: float | None = None
    anggaran_periode: int | None = None


@record
class Indicator(Located):
    """A performance indicator of an item, with its targets and results."""

    item: str
    uraian: str | None = None
    satuan: str | None = None
    target: float | None = None
    target_teks: str | None = None
    target_tw1: float | None = None
    target_tw2: float | None = None
    target_tw3: float | None = None
    target_tw4: float | None = None
    mode: str | None = None
    realisasi: float | None = None
    realisasi_tw1: float | None = None
    realisasi_tw2: float | None = None
    realisasi_tw3: float | None = None
    realisasi_tw4: float | None = None
    capaian: float | None = None
    polaritas: str | None = None
    kondisi_awal: float | None = None
    target_akhir: float | None = None


@record
class Total(Located):
    """A totals row printed under a table ("Jumlah"), checked against the rows it sums."""

    tabel: str
    level: Level
    anggaran: int | None = None
    anggaran_tw1: int | None = None
    anggaran_tw2: int | None = None
    anggaran_tw3: int | None = None
    anggaran_tw4: int | None = None


@record
class TableCell(Located):
    """A whole number of a generic table that has a totals row (``Jumlah``, ``Total``).

    Tables that are not plans (staff per rank or education, SPM comparisons, visitor
    counts) are kept as cells: each detail cell names the totals cell that adds it up
    (``jumlah`` → that cell's ``kunci``), so ROL-011 can check every totals row column by
    column. Only columns meant to be summed are kept (no %, averages or achievements).
    """

    tabel: str
    kolom: str | None = None
    baris: str | None = None
    peran: str
    kunci: str | None = None
    jumlah: str | None = None
    nilai: int | None = None
    satuan: str | None = None


@record
class YearValue(Located):
    """One year of a Renstra/RPJMD row: an indicator's target or an item's funding.

    ``tahun`` is the calendar year, or the year's ordinal (1, 2 …) while the period is not
    known; ``ke`` is always the ordinal as printed (``Tahun-3`` → 3).
    """

    item: str
    indikator: str | None = None
    tahun: int
    ke: int | None = None
    target: float | None = None
    target_teks: str | None = None
    anggaran: int | None = None


@record
class TableInfo(Record):
    """What an importer recognised in one table, for ``sakip-check inspect``.

    ``columns`` maps a source column letter to the field it was read into (or to a note such
    as ``"(nomor kolom)"``); ``skipped`` lists rows passed over with the reason, so that
    nothing is dropped without a word.
    """

    name: str
    file: str
    grid: str | None = None  # the sheet or Word/PDF table the table was found in
    first_row: int | None = None
    last_row: int | None = None
    headerless: bool = False  # no header rows: first_row is the first row of data
    columns: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)
    roles: dict[str, str] = field(default_factory=dict)  # letter → role, as a mapping file
    headers: dict[str, str] = field(default_factory=dict)  # letter → header path
    notes: list[str] = field(default_factory=list)


@record
class Document(Record):
    """One document of the SAKIP cycle as read from one source file.

    ``issues`` holds what the importer could not read for certain (category ``angka`` or
    ``struktur``): they are reported beside the rule findings, never dropped.
    """

    id: str
    jenis: DocumentKind
    path: str
    instansi: str | None = None
    pemda: str | None = None
    tahun: int | None = None
    judul: str | None = None
    tahun_awal: int | None = None  # a Renstra/RPJMD period
    tahun_akhir: int | None = None
    items: list[Item] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    table_cells: list[TableCell] = field(default_factory=list)
    tahunan: list[YearValue] = field(default_factory=list)  # Renstra/RPJMD values per year
    issues: list[Finding] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


@record
class Plan(Record):
    """Everything read in one run: the documents, in the order they were found."""

    documents: list[Document] = field(default_factory=list)
