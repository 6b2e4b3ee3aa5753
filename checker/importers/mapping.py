"""A mapping file: what detection got wrong, corrected by the user and applied on reading.

Detection is data, and can be overridden (the habit frictionless has with its dialect and
schema): ``sakip-check inspect FILE --write-mapping peta.toml`` writes what the reader
detected, table by table (the grid, the header rows, the kind, every column's role); the
user corrects a line; ``sakip-check check FILE --mapping peta.toml`` reads the file with
those corrections. A ``[vocabulary]`` table adds header spellings in the form of
``checker/importers/vocabulary.toml``, for an office whose words the tool does not know.

A table copied without its header rows (a data portal's rows, an excerpt of a printed
page) has no words to detect roles from. Frictionless says so with ``header = false`` in
its dialect; so does a mapping file: ``header = false`` and ``first_row = N`` (the first
row of data) declare such a table, and ``[table.columns]`` gives every column it reads.

The file in force is named by the ``SAKIP_CHECK_MAPPING`` environment variable, which the
CLI sets for the duration of a command, so that reader processes (``--jobs``) apply it too.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from checker.model.errors import InputError
from checker.model.location import Location
from checker.model.schema import DocumentKind, Level

if TYPE_CHECKING:
    from checker.importers.excel_grid import Sheet
    from checker.importers.excel_header import Col, Header
    from checker.importers.excel_tables import Table
    from checker.model.plan import Document

ENV = "SAKIP_CHECK_MAPPING"
_QUARTER = re.compile(r"^(target|realisasi|anggaran|realisasi_anggaran)_tw([1-4])$")
_MONTH = re.compile(r"^(target|realisasi)_bulan([1-9]|1[0-2])$")
_NAME = re.compile(r"^nama(?::(\w+))?$")
#: An indicator column of a named level's items (``indikator:sasaran``), where the
#: nearest name column would otherwise own it.
_INDICATOR_OF = re.compile(r"^indikator:(\w+)$")
#: A Renstra year column (checker/importers/renstra.py): ``target:2022``, ``anggaran:ke3``.
_YEAR = re.compile(r"^(target|anggaran):(?:(\d{4})|ke([1-9]))$")
#: A Renstra's baseline and end-of-period columns: name in the file → (role, money).
RENSTRA_ROLES: dict[str, tuple[str, bool]] = {
    "kondisi_awal": ("kondisi_awal", False), "target_akhir": ("kondisi_akhir", False),
    "anggaran_periode": ("kondisi_akhir", True)}
#: Plain roles: name in the file → (role, measure, money).
PLAIN: dict[str, tuple[str, str, bool]] = {
    "no": ("no", "target", False), "kode": ("kode", "target", False),
    "level": ("level", "target", False), "indikator": ("indikator", "target", False),
    "satuan": ("satuan", "target", False), "pj": ("pj", "target", False),
    "target": ("annual", "target", False), "realisasi": ("annual", "realisasi", False),
    "anggaran": ("pagu", "target", True), "realisasi_anggaran": ("pagu", "realisasi", True),
    "persen_realisasi": ("persen_realisasi", "target", True),
    "sisa": ("sisa", "target", True),
    "abaikan": ("ignored", "target", False),
}
ROLE_NAMES = (*PLAIN, "nama", "nama:<level>", "indikator:<level>", "<target|realisasi|anggaran|"
              "realisasi_anggaran>_tw<1-4>", "<target|realisasi>_bulan<1-12>",
              "<target|anggaran>:<tahun|ke1-9>", *RENSTRA_ROLES)


def role_name(col: Col) -> str:
    """The name a mapping file gives a detected column's role."""
    if col.role == "name":
        return f"nama:{col.level.value}" if col.level else "nama"
    if col.role == "indikator" and col.of_level is not None:
        return f"indikator:{col.of_level.value}"
    if col.role == "quarter" and col.quarter:
        base = ("realisasi_anggaran" if col.measure == "realisasi" else "anggaran") \
            if col.money else col.measure
        return f"{base}_tw{col.quarter}"
    if col.role == "month" and col.month:
        return f"{col.measure}_bulan{col.month}"
    if col.role == "year" and col.year:
        kind, n = col.year
        return f"{'anggaran' if col.money else 'target'}:{n if kind == 'tahun' else f'ke{n}'}"
    for name, (role, money) in RENSTRA_ROLES.items():
        if col.role == role and col.money == money:
            return name
    for name, (role, measure, money) in PLAIN.items():
        if role == col.role and (role not in ("annual", "pagu") or (
                measure == col.measure and money == col.money)):
            return name
    return "abaikan"


def set_role(col: Col, name: str) -> None:
    """Give a column the role a mapping file names; ValueError for an unknown name."""
    col.confirmed = "berkas pemetaan"
    col.reason = None
    col.of_level = None
    if (m := _NAME.match(name)) is not None:
        col.role, col.multi_level = "name", m.group(1) is None
        col.level = Level(m.group(1)) if m.group(1) else None
        col.levels_named = frozenset()
        return
    if (m := _INDICATOR_OF.match(name)) is not None:
        col.role, col.measure, col.money = "indikator", "target", False
        col.of_level = Level(m.group(1))  # ValueError for a level the model does not know
        return
    if (m := _QUARTER.match(name)) is not None:
        base = m.group(1)
        col.role, col.quarter = "quarter", int(m.group(2))
        col.money = base.endswith("anggaran")
        col.measure = "realisasi" if base.startswith("realisasi") else "target"
        return
    if (m := _MONTH.match(name)) is not None:
        col.role, col.month, col.money = "month", int(m.group(2)), False
        col.measure = m.group(1)
        return
    if (m := _YEAR.match(name)) is not None:
        col.role, col.money, col.measure = "year", m.group(1) == "anggaran", "target"
        col.year = ("tahun", int(m.group(2))) if m.group(2) else ("ke", int(m.group(3)))
        return
    if name in RENSTRA_ROLES:
        col.role, col.money = RENSTRA_ROLES[name]
        return
    if name not in PLAIN:
        raise ValueError(name)
    col.role, col.measure, col.money = PLAIN[name]


@dataclass
class TableMapping:
    """The corrections for one table, found by its grid and its first header row.

    ``header`` is False for a table printed without header rows: ``first_row`` is then its
    first row of data and the columns come from ``columns`` alone.
    """

    grid: str
    header_row: int | None = None
    kind: DocumentKind | None = None
    columns: dict[str, str] = field(default_factory=dict)
    header: bool = True
    first_row: int | None = None

    @property
    def start(self) -> int | None:
        """The row a table's header block starts at.

        For a table without header rows, the (empty) row just above its first row of
        data, as :func:`~checker.importers.excel_tables.bare_table` sets it.
        """
        if not self.header and self.first_row is not None:
            return self.first_row - 1
        return self.header_row


@dataclass
class Mapping:
    """Every table's corrections and the header spellings to add."""

    tables: list[TableMapping] = field(default_factory=list)
    vocabulary: dict[str, Any] = field(default_factory=dict)

    def find(self, grid: str, header_row: int) -> TableMapping | None:
        return next((m for m in self.tables if m.grid == grid and m.start in (
            None, header_row)), None)


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file; every mistake is an InputError naming it."""
    where = Location(file=str(path))
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError("mapping.unreadable", where, reason=exc.strerror or str(exc)) \
            from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError("mapping.invalid", where, reason=str(exc)) from exc
    mapping = Mapping(vocabulary=data.get("vocabulary", {}))
    from checker.model.location import column_index

    for n, spec in enumerate(data.get("table", []), start=1):
        if not isinstance(spec, dict) or not isinstance(spec.get("grid"), str):
            raise InputError("mapping.table_without_grid", where, table=n)
        kind = spec.get("kind")
        try:
            table = TableMapping(grid=spec["grid"], header_row=spec.get("header_row"),
                                 kind=DocumentKind(kind) if kind else None)
        except ValueError as exc:
            raise InputError("mapping.bad_kind", where, table=n, kind=kind,
                             kinds=", ".join(k.value for k in DocumentKind)) from exc
        _headerless(spec, table, where, n)
        for letter, name in spec.get("columns", {}).items():
            try:
                column_index(letter)
                set_role(_probe(), str(name))
            except ValueError as exc:
                raise InputError("mapping.bad_role", where, table=n, column=letter,
                                 role=name, roles=", ".join(ROLE_NAMES)) from exc
            table.columns[letter.upper()] = str(name)
        mapping.tables.append(table)
    return mapping


def _headerless(spec: dict[str, Any], table: TableMapping, where: Location, n: int) -> None:
    """Check and set ``header = false`` / ``first_row``: a table without header rows.

    Such a table is found by ``first_row`` alone and needs its columns named; a
    ``header_row`` beside ``header = false`` contradicts it.
    """
    header = spec.get("header", True)
    first = spec.get("first_row")
    if not isinstance(header, bool):
        raise InputError("mapping.bad_header", where, table=n, value=header)
    if header:
        if first is not None:
            raise InputError("mapping.first_row_with_header", where, table=n)
        return
    if not isinstance(first, int) or isinstance(first, bool) or first < 1 or \
            spec.get("header_row") is not None or not spec.get("columns"):
        raise InputError("mapping.headerless_incomplete", where, table=n)
    table.header, table.first_row = False, first


def _probe() -> Col:
    from checker.importers.excel_header import Col

    return Col(index=1, path=["-"], top=(1, 1), cell=(1, 1))


_CACHE: dict[tuple[str, int, int], Mapping] = {}


def active() -> Mapping | None:
    """The mapping file in force (``SAKIP_CHECK_MAPPING``), read once per version."""
    name = os.environ.get(ENV)
    if not name:
        return None
    try:
        stat = Path(name).stat()
    except OSError:
        return load_mapping(name)  # raises the clear message
    key = (name, stat.st_size, stat.st_mtime_ns)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_mapping(name)
    return _CACHE[key]


@contextmanager
def using(path: str | Path | None) -> Iterator[Mapping | None]:
    """Put a mapping file in force for a block (a CLI command), then restore the old one."""
    if path is None:
        yield active()
        return
    mapping = load_mapping(path)  # mistakes surface here, before any file is read
    before = os.environ.get(ENV)
    os.environ[ENV] = str(Path(path).resolve())
    try:
        yield mapping
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before


def apply(tables: list[Table]) -> None:
    """Apply the mapping in force to the tables just found (kind and column roles)."""
    mapping = active()
    if mapping is None:
        return
    from checker.importers.continuation import join_lines
    from checker.importers.excel_header import Col, owners
    from checker.importers.renstra import owners_of as renstra_owners
    from checker.model.location import column_index

    for table in tables:
        found = mapping.find(table.sheet.name, table.header.rows[0]) or (
            mapping.find(table.sheet.name, table.header.last_row)
            if len(table.header.rows) > 1 else None)  # rows declared headerless below it
        if found is not None and found.start is None and any(
                t is not table and t.sheet is table.sheet for t in tables):
            continue  # a grid with several tables: only a header_row says which
        if found is None:
            continue
        if found.kind is not None:
            table.kind = found.kind
        for letter, name in found.columns.items():
            index = column_index(letter)
            col = table.header.cols.get(index)
            if col is None:
                col = Col(index=index, path=[letter], top=(index, index),
                          cell=(table.top, index))
                table.header.cols[index] = col
            set_role(col, name)
        if not found.header:
            _code_parts(table.header)
        owners(table.header)
        renstra_owners(table)  # a Renstra's sasaran indicators stay the sasaran's
        _indicators_of(table.header)
        if not found.header:  # its roles were unknown until now: join records' lines
            table.joined = join_lines(table.sheet, table.header, table.body)


def _code_parts(header: Header) -> None:
    """Adjacent ``kode`` columns of a table without header rows are the parts of one code.

    A printed form spans them with one ``Kode`` header (``kode_columns.py`` joins the
    parts of a row by that span); without the header, the mapping's run of ``kode``
    columns stands for it.
    """
    run: list[Col] = []
    for index in sorted(header.cols):
        col = header.cols[index]
        if col.role == "kode" and (not run or run[-1].index + 1 == index):
            run.append(col)
            continue
        _span(run)
        run = [col] if col.role == "kode" else []
    _span(run)


def _span(run: list[Col]) -> None:
    if len(run) > 1:
        for col in run:
            col.top = (run[0].index, run[-1].index)


def _indicators_of(header: Header) -> None:
    """``indikator:<level>``: the column holds the indicators of that level's name column."""
    names = {c.level: c.index for c in header.cols.values() if c.role == "name" and c.level}
    for col in header.cols.values():
        if col.role == "indikator" and col.of_level in names:
            col.owner = names[col.of_level]


def missing_tables(sheet: Sheet, tables: list[Table]) -> list[Table]:
    """Tables a mapping file declares on ``sheet`` that detection did not find.

    A table declared without header rows (``header = false``) starts at its ``first_row``;
    a table detection found inside its rows is the mapping's, not a second table.
    """
    mapping = active()
    if mapping is None:
        return []
    from checker.importers.excel_tables import bare_table, table_at

    found = {t.header.rows[0] for t in tables if t.sheet is sheet}
    out = [table_at(sheet, m.header_row) for m in mapping.tables
           if m.grid == sheet.name and m.header and m.header_row is not None
           and m.header_row not in found and 1 <= m.header_row <= sheet.height]
    for m in mapping.tables:
        if m.grid != sheet.name or m.header or m.first_row is None or not (
                1 <= m.first_row <= sheet.height):
            continue
        first = m.first_row
        if any(t.sheet is sheet and t.header.last_row == first - 1 for t in tables):
            continue  # detection found its header after all: the columns apply to that table
        below = [t.header.rows[0] for t in tables if t.sheet is sheet
                 and t.header.rows[0] >= first]
        for t in tables:  # a table found above ends where the declared one starts
            if t.sheet is sheet and t.header.rows[0] < first <= t.body[1]:
                t.body = (t.body[0], first - 1)
        out.append(bare_table(sheet, first, min(below) - 1 if below else None))
    return out


def names_grid(name: str) -> bool:
    """Whether the mapping in force declares a table on the grid called ``name``."""
    mapping = active()
    return mapping is not None and any(m.grid == name for m in mapping.tables)


def write_skeleton(path: str, sheets: list[Sheet], stream: IO[str]) -> None:
    """A mapping to complete for a file where no table was recognised.

    Each grid's first row of several cells is taken as its header; the roles its words
    name are filled in, every other column is set aside until the user names its role.
    A first row that holds figures is data, not a header (rows copied without their
    header): the table is written ``header = false`` from that row, each column with the
    value it holds there, for the user to name.
    """
    from checker.importers.excel_grid import typed_number
    from checker.importers.excel_header import is_header_row
    from checker.importers.excel_tables import table_at
    from checker.importers.numbers import parse_money
    from checker.importers.wrapped_rows import join_grids

    for sheet, wrapped in join_grids(sheets):
        if wrapped is not None:
            _wrapped_skeleton(path, sheet, [r.row for r in wrapped.rows], stream)
            continue
        row = next((r for r in range(1, sheet.height + 1) if len(sheet.cells(r)) >= 2), None)
        if row is None:
            continue
        stream.write(f"\n[[table]]\n# {sheet.name} ({path}): tidak ada tabel yang dikenali; "
                     "periksa header_row dan beri peran setiap kolom\n")
        data = any(typed_number(sheet.value(row, c)) or parse_money(x).ok
                   for c, x in sheet.cells(row)) and not is_header_row(sheet, row)
        if data:
            stream.write(f"# baris {row} berisi angka: tabel tanpa baris judul; header = false, "
                         "first_row = baris data pertama\n")
            stream.write(f"grid = {_quote(sheet.name)}\nheader = false\nfirst_row = {row}\n"
                         "kind = \"rencana_aksi\"\n[table.columns]\n")
            for c, text in sheet.cells(row):
                stream.write(f"{_letter(c)} = \"abaikan\"  # contoh: {text[:60]}\n")
            continue
        table = table_at(sheet, row)
        stream.write(f"grid = {_quote(sheet.name)}\nheader_row = {row}\n"
                     "kind = \"rencana_aksi\"\n[table.columns]\n")
        for col in sorted(table.header.cols.values(), key=lambda c: c.index):
            stream.write(f"{col.letter} = {_quote(role_name(col))}  # {col.header[:70]}\n")


def _wrapped_skeleton(path: str, sheet: Sheet, rows: list[int], stream: IO[str]) -> None:
    """The mapping to complete for a text table whose labels wrapped over lines.

    The rows are joined (:mod:`~checker.importers.wrapped_rows`): ``No | text before a
    name | name | figures``; each column is written with the first value it holds.
    """
    stream.write(f"\n[[table]]\n# {sheet.name} ({path}): label terbungkus ke beberapa baris, "
                 "digabung ke baris angkanya (A nomor, B teks sebelum nama, C nama, "
                 "D… angka); beri peran setiap kolom\n")
    stream.write(f"grid = {_quote(sheet.name)}\nheader = false\nfirst_row = {rows[0]}\n"
                 "kind = \"rencana_aksi\"\n[table.columns]\n")
    width = max(len(sheet.rows[r - 1]) for r in rows)
    for col in range(1, width + 1):
        example = next((x for r in rows for c, x in sheet.cells(r) if c == col), "")
        stream.write(f"{_letter(col)} = \"abaikan\"  # contoh: {example[:60]}\n")


def _letter(index: int) -> str:
    from checker.model.location import column_letter

    return column_letter(index)


def write_mapping(documents: list[Document], stream: IO[str]) -> None:
    """What was detected, as a mapping file a user can correct."""
    write_preamble(stream)
    write_tables(documents, stream)
    write_vocabulary_hint(stream)


def write_preamble(stream: IO[str]) -> None:
    """The comment that opens a mapping file: the roles and kinds it may name."""
    stream.write("# Pemetaan sakip-check: perbaiki peran kolom yang salah terdeteksi, lalu\n"
                 "# jalankan: sakip-check check BERKAS --mapping BERKAS_INI.toml\n"
                 f"# Peran kolom: {', '.join(ROLE_NAMES)}\n"
                 "# Jenis dokumen: " + ", ".join(k.value for k in DocumentKind) + "\n")


def write_vocabulary_hint(stream: IO[str]) -> None:
    """The closing comment: how to teach the reader an office's own header words."""
    stream.write("\n# [vocabulary] menambah ejaan judul kolom, dengan bentuk "
                 "checker/importers/vocabulary.toml, misalnya:\n"
                 "# [vocabulary.concept.pj]\n# exact = [\"pengampu kegiatan\"]\n")


def write_tables(documents: list[Document], stream: IO[str]) -> None:
    seen: set[tuple[str, int | None]] = set()
    for doc in documents:
        for info in doc.tables:
            key = (info.grid or info.name, info.first_row)
            if key in seen:
                continue
            seen.add(key)
            stream.write(f"\n[[table]]\n# {info.name} ({doc.path})\n")
            stream.write(f"grid = {_quote(info.grid or info.name)}\n")
            if info.headerless and info.first_row is not None:
                stream.write(f"header = false\nfirst_row = {info.first_row}\n")
            elif info.first_row is not None:
                stream.write(f"header_row = {info.first_row}\n")
            stream.write(f"kind = {_quote(doc.jenis.value)}\n")
            stream.write("[table.columns]\n")
            for letter, name in info.roles.items():
                header = info.headers.get(letter, "")
                stream.write(f"{letter} = {_quote(name)}  # {header[:70]}\n")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
