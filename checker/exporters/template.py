"""The canonical Excel template, blank or filled from imported documents.

Planners and reviewers correct plans in Excel, so the workbook is built to be hard to get
wrong: a ``Petunjuk`` sheet first that explains every sheet and column, then one sheet per
entity with the schema's Indonesian headers in row 1 (frozen, filterable, each with its
help as a comment), dropdowns for every choice, whole-number validation and ``#,##0`` for
rupiah, and key columns formatted as text so Excel never turns a code into a date.

Filled from documents (``sakip-check import FILE -o plan.xlsx``), every row gets a
trailing ``Sumber`` column with its address in the source file, and nothing read is lost:
a number the importer could not read is written as its original text in a highlighted
cell (the reader will then refuse it until it is corrected), and every importer finding
becomes a comment on the cell it is about and a row of the ``Catatan_Impor`` sheet.

No cell ever holds a formula: text starting with ``=``, ``+``, ``-`` or ``@`` is written as
text with Excel's quote prefix. The workbook is written to a temporary file beside the
target and moved into place, so a reader never sees half a workbook.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from checker.exporters.zipstamp import FIXED_TIME, fixed_zip
from checker.i18n import LANGUAGES, catalog, t
from checker.importers.template import GUIDE_SHEET, ISSUES_SHEET, KEY_FIELDS, SOURCE_HEADER
from checker.model.errors import InputError
from checker.model.finding import Finding, Severity
from checker.model.location import Location, column_letter
from checker.model.plan import Document, Located
from checker.model.schema import ENTITIES, Entity, Field, Kind

NS = "template"
MAX_ROW = 1_048_576
MONEY_FORMAT = "#,##0"
_EXACT = 2**53  # beyond this a number stored by Excel is no longer the whole rupiah
_LIMIT = "999999999999999"  # validation bounds: 15 digits, all Excel keeps exactly
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_AUTHOR = "sakip-check"
_WIDTHS = {"nama": 50, "uraian": 50, "judul": 50, "sasaran": 40, "penanggung_jawab": 30,
           "instansi": 30, "pemda": 26, "tabel": 26, "kode": 20, "target_teks": 18}
_KIND_WIDTH = {Kind.MONEY: 18, Kind.NUMBER: 12, Kind.INT: 9, Kind.CHOICE: 15, Kind.TEXT: 16}
_FORMATS = {Kind.MONEY: MONEY_FORMAT, Kind.INT: "0"}

_REQUIRED_FILL = PatternFill("solid", fgColor="1F4E78")
_OPTIONAL_FILL = PatternFill("solid", fgColor="BDD7EE")
_SOURCE_FILL = PatternFill("solid", fgColor="D9D9D9")
_SEVERITY_FILL = {Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
                  Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
                  Severity.INFO: PatternFill("solid", fgColor="DDEBF7")}
_WHITE_BOLD = Font(bold=True, color="FFFFFF")
_BOLD = Font(bold=True)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")


def write_template(path: str | Path, documents: list[Document] | None = None,
                   lang: str = "id") -> None:
    """Write the template to ``path``: blank when ``documents`` is None, else filled.

    ``lang`` chooses the language of the ``Petunjuk`` sheet, the comments and the
    validation messages; sheet names and headers are the template's own (Indonesian)
    vocabulary in every language, because they are what the reader looks for. The file
    appears whole or not at all (temporary file, then ``os.replace``); a path that is not
    ``.xlsx`` or cannot be written is an :class:`InputError`.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    target = Path(path)
    if target.suffix.lower() != ".xlsx":  # Excel refuses a workbook under another suffix
        raise InputError(f"{NS}.error.suffix", Location(file=str(target)),
                         suffix=target.suffix or "-")
    tmp = _temporary_beside(target)  # fails early, before any work, if it cannot be written
    try:
        book = Workbook(write_only=True)
        writer = _Writer(book, documents, lang)
        writer.guide()
        for entity in ENTITIES.values():
            writer.data_sheet(entity)
        if writer.issues:
            writer.issues_sheet()
        book.properties.created = FIXED_TIME  # no clock in the file: same input, same bytes
        book.save(tmp)
        Path(tmp).write_bytes(fixed_zip(Path(tmp).read_bytes(), None))
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"{NS}.error.cannot_write", Location(file=str(target)),
                             reason=exc.strerror or str(exc)) from exc
        raise


@dataclass
class _Placed:
    """Where an importer finding ended up in the workbook (``Program_Kegiatan!K12``)."""

    finding: Finding
    document: str
    cell: str | None = None


@dataclass
class _Writer:
    """Builds the sheets of one workbook in order (write-only mode streams each row)."""

    book: Workbook
    documents: list[Document] | None
    lang: str
    issues: list[_Placed] = field(default_factory=list)
    at: dict[tuple[str, int, int], list[_Placed]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for doc in self.documents or []:
            self.issues.extend(_Placed(finding, doc.id) for finding in doc.issues)
        if self.issues:
            self._place()

    def _place(self) -> None:
        """Attach each finding to a template cell.

        The cell of the value it is about when there is one, else the ``Sumber`` cell of
        the row that covers its source line; a finding about a whole table stays only on
        the ``Catatan_Impor`` sheet.
        """
        exact: dict[tuple[Any, ...], list[_Placed]] = {}
        by_line: dict[tuple[Any, ...], list[_Placed]] = {}
        for placed in self.issues:
            loc = placed.finding.location
            exact.setdefault(_key(loc), []).append(placed)
            by_line.setdefault(_key(loc)[:3], []).append(placed)
        sheets = [e for e in ENTITIES.values() if e.name != "document"]
        for entity in sheets:
            for row, (_doc, record) in enumerate(_records(entity, self.documents or []), 2):
                for index, f in enumerate(entity.fields, start=1):
                    loc = record.cells.get(f.name)
                    for placed in exact.pop(_key(loc), []) if loc else []:
                        self._attach(placed, entity, row, index)
        for entity in sheets:
            source = len(entity.fields) + 1
            for row, (_doc, record) in enumerate(_records(entity, self.documents or []), 2):
                lines = {(record.file, record.table, record.row)} | {
                    _key(loc)[:3] for loc in record.cells.values()}
                for line in lines:
                    for placed in by_line.get(line, []):
                        if placed.cell is None:
                            self._attach(placed, entity, row, source)

    def _attach(self, placed: _Placed, entity: Entity, row: int, column: int) -> None:
        placed.cell = f"{entity.sheet}!{column_letter(column)}{row}"
        self.at.setdefault((entity.sheet, row, column), []).append(placed)

    def _notes(self, entity: Entity, row: int, column: int,
               severity: Severity | None) -> tuple[list[str], Severity | None]:
        notes = []
        for placed in self.at.get((entity.sheet, row, column), []):
            notes.append(f"{placed.finding.code}: {placed.finding.text(self.lang)}")
            severity = _worst(severity, placed.finding.severity)
        return notes, severity

    @property
    def filled(self) -> bool:
        return self.documents is not None

    # ------------------------------------------------------------------ Petunjuk
    def guide(self) -> None:
        """The first sheet: what the workbook is, the rules, and every column explained."""
        ws = self.book.create_sheet(GUIDE_SHEET)
        for letter, width in zip("ABCDEFG", (9, 28, 22, 20, 8, 34, 80), strict=True):
            ws.column_dimensions[letter].width = width
        lang = self.lang
        ws.append([self._styled(ws, t(f"{NS}.guide.title", lang), Font(bold=True, size=14))])
        ws.append([t(f"{NS}.guide.intro", lang)])
        ws.append([t(f"{NS}.guide.check", lang)])
        if self.filled:
            ws.append([])
            ws.append([self._styled(ws, t(f"{NS}.guide.sources", lang), _BOLD)])
            for doc in self.documents or []:
                ws.append([_text(t(f"{NS}.guide.source_line", lang, document=doc.id,
                                   jenis=doc.jenis.value, path=doc.path))])
            ws.append([t(f"{NS}.guide.source_column", lang, header=SOURCE_HEADER)])
            flagged = sum(1 for _ in self._flagged())
            if flagged:
                ws.append([t(f"{NS}.guide.flagged", lang, count=flagged)])
            if self.issues:
                ws.append([t(f"{NS}.guide.issues", lang, count=len(self.issues),
                             sheet=ISSUES_SHEET)])
        ws.append([])
        ws.append([self._styled(ws, t(f"{NS}.guide.rules", lang), Font(bold=True, size=12))])
        prefix = f"{NS}.guide.rule."
        for n, key in enumerate((k for k in catalog(lang) if k.startswith(prefix)), 1):
            ws.append([f"{n}.", t(key, lang)])
        for entity in ENTITIES.values():
            ws.append([])
            help_text = entity.help_id if lang == "id" else entity.help_en
            ws.append([self._styled(ws, t(f"{NS}.guide.sheet", lang, sheet=entity.sheet,
                                          help=help_text), Font(bold=True, size=12))])
            ws.append([self._styled(ws, t(f"{NS}.guide.col.{c}", lang), _BOLD)
                       for c in ("letter", "header", "field", "kind", "required",
                                 "choices", "help")])
            for index, f in enumerate(entity.fields, start=1):
                ws.append([column_letter(index), f.header, f.name,
                           t(f"{NS}.kind.{f.kind.value}", lang),
                           t(f"{NS}.guide.{'yes' if f.required else 'no'}", lang),
                           ", ".join(f.choices), _help(f, lang)])
            if self.filled:
                ws.append([column_letter(len(entity.fields) + 1), SOURCE_HEADER, "",
                           t(f"{NS}.kind.text", lang), t(f"{NS}.guide.no", lang), "",
                           t(f"{NS}.guide.source_help", lang)])

    # ------------------------------------------------------------------ data sheets
    def data_sheet(self, entity: Entity) -> None:
        """One entity's sheet: header, layout, validations, then a row per record."""
        ws = self.book.create_sheet(entity.sheet)
        fields = entity.fields
        width = len(fields) + (1 if self.filled else 0)
        ws.freeze_panes = "A2"
        for index, f in enumerate(fields, start=1):
            dim = ws.column_dimensions[column_letter(index)]
            dim.width = max(_WIDTHS.get(f.name, _KIND_WIDTH[f.kind]), min(len(f.header), 24))
            number_format = "@" if f.name in KEY_FIELDS else _FORMATS.get(f.kind)
            if number_format:
                dim.number_format = number_format
            validation = self._validation(f)
            if validation is not None:
                validation.add(f"{column_letter(index)}2:{column_letter(index)}{MAX_ROW}")
                ws.data_validations.append(validation)
        if self.filled:
            ws.column_dimensions[column_letter(width)].width = 48
        ws.row_dimensions[1].height = 45
        ws.append([self._header(ws, f) for f in fields] +
                  ([self._source_header(ws)] if self.filled else []))
        rows = 1
        for doc, record in _records(entity, self.documents or []):
            rows += 1
            cells = [self._value(ws, doc, record, f, entity, rows) for f in fields]
            if self.filled:
                cells.append(self._source(ws, record, entity, rows, width))
            ws.append(cells)
        ws.auto_filter.ref = f"A1:{column_letter(width)}{max(rows, 2)}"

    def _header(self, ws: Any, f: Field) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=f.header)
        cell.font = _WHITE_BOLD if f.required else _BOLD
        cell.fill = _REQUIRED_FILL if f.required else _OPTIONAL_FILL
        cell.alignment = _HEADER_ALIGN
        note = _help(f, self.lang)
        if f.required:
            note += "\n" + t(f"{NS}.guide.required_note", self.lang)
        if f.choices:
            note += "\n" + t(f"{NS}.guide.choices_note", self.lang, choices=", ".join(f.choices))
        cell.comment = _comment(f"{f.name}: {note}")
        return cell

    def _source_header(self, ws: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=SOURCE_HEADER)
        cell.font, cell.fill, cell.alignment = _BOLD, _SOURCE_FILL, _HEADER_ALIGN
        cell.comment = _comment(t(f"{NS}.guide.source_help", self.lang))
        return cell

    def _validation(self, f: Field) -> DataValidation | None:
        lang = self.lang
        if f.kind is Kind.CHOICE:
            dv = DataValidation(type="list", formula1='"' + ",".join(f.choices) + '"',
                                error=t(f"{NS}.validation.choice", lang,
                                        choices=", ".join(f.choices)))
        elif f.kind in (Kind.MONEY, Kind.INT):
            dv = DataValidation(type="whole", operator="between", formula1=f"-{_LIMIT}",
                                formula2=_LIMIT, error=t(f"{NS}.validation.{f.kind.value}",
                                                         lang))
        elif f.kind is Kind.NUMBER:
            dv = DataValidation(type="decimal", operator="between", formula1=f"-{_LIMIT}",
                                formula2=_LIMIT, error=t(f"{NS}.validation.number", lang))
        else:
            return None
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.errorTitle = t(f"{NS}.validation.title", lang)[:32]
        return dv

    def _value(self, ws: Any, doc: Document, record: Any, f: Field, entity: Entity,
               row: int) -> Any:
        if f.name == "dokumen":
            value: Any = doc.id
        else:
            value = getattr(record, f.name, None)
        value = getattr(value, "value", value)  # enums: their text
        notes: list[str] = []
        severity: Severity | None = None
        raw = _unread_raw(record, f)
        if raw is not None:
            value = raw
            notes.append(t(f"{NS}.guide.raw_comment", self.lang, raw=raw))
            severity = Severity.ERROR
        more, severity = self._notes(entity, row, entity.fields.index(f) + 1, severity)
        notes += more
        if value is None and not notes:
            return None
        cell = self._cell(ws, value)
        if raw is None:
            number_format = "@" if f.name in KEY_FIELDS and isinstance(value, str) else \
                _FORMATS.get(f.kind)
            if number_format:
                cell.number_format = number_format
        if notes:
            cell.comment = _comment("\n".join(notes))
            cell.fill = _SEVERITY_FILL[severity or Severity.INFO]
        return cell

    def _source(self, ws: Any, record: Any, entity: Entity, row: int,
                column: int) -> Any:
        text = _source_text(record)
        notes, severity = self._notes(entity, row, column, None)
        if not text and not notes:
            return None
        cell = self._cell(ws, text)
        if notes:
            cell.comment = _comment("\n".join(notes))
            cell.fill = _SEVERITY_FILL[severity or Severity.INFO]
        return cell

    def _cell(self, ws: Any, value: Any) -> WriteOnlyCell:
        if isinstance(value, float) and value != value:  # NaN: nothing to show
            value = None
        if isinstance(value, str):
            value = _text(value)
        elif isinstance(value, int) and abs(value) >= _EXACT:
            value = str(value)  # Excel would round it; as text the reader refuses it
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            cell.data_type = "s"  # shown as typed, never evaluated
            cell.quotePrefix = True
        return cell

    @staticmethod
    def _styled(ws: Any, value: str, font: Font) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=_text(value))
        cell.font = font
        return cell

    def _flagged(self) -> Iterator[tuple[Any, Field]]:
        for entity in ENTITIES.values():
            for _doc, record in _records(entity, self.documents or []):
                for f in entity.fields:
                    if _unread_raw(record, f) is not None:
                        yield record, f

    # ------------------------------------------------------------------ Catatan_Impor
    def issues_sheet(self) -> None:
        """Every importer finding, with the template cell it was attached to."""
        ws = self.book.create_sheet(ISSUES_SHEET)
        ws.freeze_panes = "A2"
        heads = ("code", "severity", "document", "cell", "source", "message")
        for letter, width in zip("ABCDEF", (10, 10, 22, 24, 48, 90), strict=True):
            ws.column_dimensions[letter].width = width
        ws.append([self._styled(ws, t(f"{NS}.issues.{h}", self.lang), _BOLD) for h in heads])
        for placed in self.issues:
            f = placed.finding
            ws.append([f.code, f.severity.value, self._cell(ws, placed.document),
                       placed.cell, self._cell(ws, f.location.describe()),
                       self._cell(ws, f.text(self.lang))])
        ws.auto_filter.ref = f"A1:F{max(len(self.issues) + 1, 2)}"


def _records(entity: Entity, documents: list[Document]) -> Iterator[tuple[Document, Any]]:
    """(document, record) of every row of one sheet, documents in their given order."""
    for doc in documents:
        if entity.name == "document":
            yield doc, doc
        else:
            rows = {"item": doc.items, "indicator": doc.indicators, "total": doc.totals,
                    "table_cell": doc.table_cells,
                    "tahunan": doc.tahunan}
            for record in rows[entity.name]:
                yield doc, record


def _unread_raw(record: Any, f: Field) -> str | None:
    """The source text of a number the importer could not read, to be written as is."""
    if f.kind not in (Kind.MONEY, Kind.NUMBER, Kind.INT) or not isinstance(record, Located):
        return None
    raw = record.raw.get(f.name)
    if raw is None or getattr(record, f.name, None) is not None or not raw.strip():
        return None
    from checker.importers.numbers import parse_number

    return None if parse_number(raw).status == "blank" else raw


def _source_text(record: Any) -> str:
    if isinstance(record, Document):
        return record.path
    loc = record.location_of()
    if not loc.file and loc.row is None:
        return ""
    return Location(file=Path(loc.file).name, table=loc.table, row=loc.row,
                    column=None).describe()


def _key(loc: Location) -> tuple[Any, ...]:
    return (loc.file, loc.table, loc.row, loc.column)


def _worst(a: Severity | None, b: Severity) -> Severity:
    return b if a is None or b.rank > a.rank else a


def _help(f: Field, lang: str) -> str:
    return f.help_id if lang == "id" else f.help_en


def _text(value: str) -> str:
    """Text Excel accepts: control characters (from PDF extracts) become visible marks."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)


def _comment(text: str) -> Comment:
    comment = Comment(_text(text), _AUTHOR)
    comment.width, comment.height = 320, 40 + 16 * min(text.count("\n") + len(text) // 45, 20)
    return comment


def _temporary_beside(target: Path) -> str:
    """A new empty file in the target's folder (same file system, so the move is atomic).

    Its name starts with a dot so that a folder scan never takes it for a plan.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                   dir=target.parent)
    except OSError as exc:
        raise InputError(f"{NS}.error.cannot_write", Location(file=str(target)),
                         reason=exc.strerror or str(exc)) from exc
    os.close(fd)
    return tmp


def _mode(target: Path) -> int:
    """The permissions the file would have had if written directly (mkstemp uses 0600)."""
    with contextlib.suppress(OSError):
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
