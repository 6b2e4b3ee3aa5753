"""``--format xlsx``: a findings workbook, and an annotated copy of every input workbook.

Dinas planners live in Excel, so the findings come back to them as a workbook: a summary
sheet (counts by document, category, severity and rule), a findings sheet with an
autofilter, a frozen header and a link per finding that opens the input at the offending
cell, and a sheet of accepted (suppressed) findings.

Beside the report, every input workbook that has findings gets an annotated copy,
``<report stem>.<input stem>.annotated.xlsx``: the offending cells filled in their
severity's colour, each with a comment saying what is wrong, what was expected and what to
do. The original is only read, never written. Macros of an ``.xlsm`` input are not carried
into the copy (a review copy has no business running code).

Every text that comes from a document is written with ``write_string`` and, when it starts
like a formula (``=``, ``+``, ``-``, ``@``, tab, CR), with Excel's quote prefix, so a cell of
a plan can never become a live formula in the report. Output bytes are fixed for a given
input: no creation time, fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from checker.exporters.zipstamp import FIXED_TIME, fixed_zip
from checker.i18n import t
from checker.i18n.format import format_number
from checker.model.finding import Finding
from checker.model.location import column_index, split_cell
from checker.reports.base import Report
from checker.reports.files import write_atomically
from checker.reports.labels import kind_of, label_of, level_words
from checker.reports.summary import (
    SEVERITIES,
    by_category,
    by_document,
    by_rule,
    display_path,
    relative_link,
    severity_counts,
)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32767
MAX_URL = 2079
MAX_LINKS = 65000  # Excel's limit per sheet is 65,530
FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
FONT = {"error": "9C0006", "warning": "9C5700", "info": "1F4E78"}
_SHEET_QUOTE = re.compile(r"[^A-Za-z0-9_.]")


def risky(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula if typed in."""
    return text.startswith(FORMULA_START)


def sheet_ref(sheet: str, cell: str) -> str:
    """``'Sheet name'!E12`` (quoted when the name needs it, quotes doubled)."""
    if _SHEET_QUOTE.search(sheet) or sheet[:1].isdigit():
        return "'" + sheet.replace("'", "''") + "'!" + cell
    return f"{sheet}!{cell}"


def _value_text(value: Any, lang: str) -> str | float | int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return format_number(value, lang)


class _Formats:
    """Cell formats of one workbook, with a quote-prefixed twin of each for risky text."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self._cache: dict[tuple[str, bool], Format] = {}
        self.spec: dict[str, dict[str, Any]] = {
            "text": {"valign": "top"},
            "wrap": {"valign": "top", "text_wrap": True},
            "header": {"bold": True, "bg_color": "#D9E1F2", "border": 1, "valign": "top",
                       "text_wrap": True},
            "title": {"bold": True, "font_size": 14},
            "bold": {"bold": True},
            "link": {"valign": "top", "font_color": "#0563C1", "underline": 1},
            "number": {"valign": "top", "num_format": "#,##0.####"},
        }
        for sev in SEVERITIES:
            self.spec[sev] = {"valign": "top", "bold": True, "bg_color": f"#{FILL[sev]}",
                              "font_color": f"#{FONT[sev]}"}

    def get(self, name: str, quoted: bool = False) -> Format:
        key = (name, quoted)
        if key not in self._cache:
            props = dict(self.spec[name])
            if quoted:
                props["quote_prefix"] = True
            self._cache[key] = self.book.add_format(props)
        return self._cache[key]


def write_text(ws: Worksheet, formats: _Formats, row: int, col: int, text: Any,
               style: str = "text") -> None:
    """Write ``text`` as a string cell that a spreadsheet will always show as text."""
    if text is None:
        return
    value = str(text)[:MAX_CELL_TEXT]
    ws.write_string(row, col, value, formats.get(style, quoted=risky(value)))


def write_value(ws: Worksheet, formats: _Formats, row: int, col: int, value: Any,
                lang: str) -> None:
    """A number as a number (planners sum and filter them), anything else as safe text."""
    shown = _value_text(value, lang)
    if isinstance(shown, int | float) and not isinstance(shown, bool):
        ws.write_number(row, col, shown, formats.get("number"))
    else:
        write_text(ws, formats, row, col, shown)


@dataclass
class Annotated:
    """What happened to one input workbook: its annotated copy, or why there is none."""

    source: str
    target: str | None = None
    cells: int = 0
    reason: str | None = None


class XlsxReporter:
    """``--format xlsx``: findings workbook plus annotated copies of input workbooks."""

    name = "xlsx"
    binary = True

    def __init__(self, output_path: str | None = None, terminal: bool = False,
                 sources: dict[str, str] | None = None) -> None:
        self.output_path = output_path
        # file as the report names it → file to read it from, where they differ (a web
        # upload is named as its user named it but stored under a name the server chose)
        self.sources = sources or {}
        self.written: list[Path] = []  # the annotated copies, for the CLI to name

    # ------------------------------------------------------------------ workbook
    def write(self, report: Report, stream: IO[bytes]) -> None:
        lang = report.lang
        copies = annotate_inputs(report, self.output_path, self.sources)
        folder = Path(self.output_path).parent if self.output_path else Path.cwd()
        self.written = [folder / c.target for c in copies if c.target]
        link_base = folder
        if self.sources:  # files named as their user knows them (bare names): expected
            link_base = Path.cwd()  # beside the report, so each link is just that name
        # A finding's link opens the annotated copy (beside the report: a bare file name,
        # which works wherever the report folder is copied to) at the marked cell.
        # (Not for a web review: there the copy is downloaded under the user's own name.)
        self.copy_of = {} if self.sources else {c.source: c.target for c in copies
                                                if c.target}
        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False,
                                         "strings_to_numbers": False})
        book.set_properties({"title": t("reports_extra.title", lang), "author": "sakip-check",
                             "created": FIXED_TIME, "comments": report.tool_version})
        formats = _Formats(book)
        self._summary(book.add_worksheet(t("reports_extra.sheet_summary", lang)), formats,
                      report, copies)
        self._findings(book.add_worksheet(t("reports_extra.sheet_findings", lang)), formats,
                       report, report.findings, link_base)
        self._findings(book.add_worksheet(t("reports_extra.sheet_suppressed", lang)), formats,
                       report, report.suppressed, link_base)
        book.close()
        stream.write(portable_links(buf.getvalue()))

    def _summary(self, ws: Worksheet, fm: _Formats, report: Report,
                 copies: list[Annotated]) -> None:
        lang = report.lang
        ws.set_column(0, 0, 42)
        ws.set_column(1, 6, 13)
        write_text(ws, fm, 0, 0, t("reports_extra.title", lang), "title")
        counts = severity_counts(report.findings)
        write_text(ws, fm, 1, 0, t("report.totals", lang, documents=len(report.documents),
                                   findings=len(report.facts), errors=counts["error"],
                                   warnings=counts["warning"], infos=counts["info"],
                                   suppressed=len(report.suppressed)))
        write_text(ws, fm, 2, 0, f"sakip-check {report.tool_version}")
        row = 4
        sev_headers = [t(f"report.col_{s}", lang) for s in SEVERITIES]
        headers = [t("report.col_document", lang), t("report.col_kind", lang), *sev_headers,
                   t("reports_extra.col_total", lang), t("reports_extra.col_file", lang)]
        row = self._table(ws, fm, row, t("reports_extra.by_document", lang), headers, [
            [label_of(report, d.id), kind_of(report, d.id) or d.kind,
             *(d.counts[s] for s in SEVERITIES), d.total, d.path]
            for d in by_document(report)])
        row = self._table(ws, fm, row, t("reports_extra.by_severity", lang),
                          [t("reports_extra.col_severity", lang),
                           t("reports_extra.col_count", lang)],
                          [[t(f"report.col_{s}", lang), counts[s]] for s in SEVERITIES])
        row = self._table(ws, fm, row, t("reports_extra.by_category", lang),
                          [t("reports_extra.col_category", lang),
                           t("reports_extra.col_count", lang)],
                          [[c, n] for c, n in by_category(report.findings)])
        row = self._table(ws, fm, row, t("reports_extra.by_rule", lang),
                          [t("reports_extra.col_code", lang),
                           t("reports_extra.col_rule_title", lang),
                           t("reports_extra.col_count", lang)],
                          [[code, _rule_title(report, code), n]
                           for code, n in by_rule(report.findings)])
        if report.errors:
            row = self._table(ws, fm, row, t("report.input_error", lang),
                              [t("reports_extra.col_message", lang)],
                              [[e] for e in report.errors])
        if copies:
            self._table(ws, fm, row, t("reports_extra.annotated_copies", lang),
                        [t("reports_extra.col_file", lang),
                         t("reports_extra.col_annotated", lang),
                         t("reports_extra.col_cells", lang)],
                        [[c.source, c.target or c.reason, c.cells] for c in copies])

    @staticmethod
    def _table(ws: Worksheet, fm: _Formats, row: int, title: str, headers: list[str],
               rows: list[list[Any]]) -> int:
        write_text(ws, fm, row, 0, title, "bold")
        row += 1
        for col, header in enumerate(headers):
            write_text(ws, fm, row, col, header, "header")
        for values in rows:
            row += 1
            for col, value in enumerate(values):
                if isinstance(value, int):
                    ws.write_number(row, col, value)
                else:
                    write_text(ws, fm, row, col, value)
        return row + 2

    def _findings(self, ws: Worksheet, fm: _Formats, report: Report,
                  findings: list[Finding], link_base: Path) -> None:
        lang = report.lang
        columns = [("no", 5), ("severity", 11), ("code", 9), ("rule_title", 32),
                   ("category", 16), ("document", 24), ("kind", 13), ("file", 28),
                   ("table", 24), ("cell", 7), ("row", 6), ("link", 12), ("message", 60),
                   ("actual", 14), ("expected", 14), ("suggestion", 50), ("level", 13),
                   ("item_code", 20), ("item_name", 36), ("basis", 36)]
        for col, (key, width) in enumerate(columns):
            ws.set_column(col, col, width)
            write_text(ws, fm, 0, col, _header(key, lang), "header")
        ws.freeze_panes(1, 0)
        links = 0
        for i, f in enumerate(findings, start=1):
            loc = f.location
            rule = report.rules.get(f.code)
            sev = f.severity.value
            ws.write_number(i, 0, i)
            write_text(ws, fm, i, 1, t(f"report.col_{sev}", lang), sev)
            write_text(ws, fm, i, 2, f.code)
            write_text(ws, fm, i, 3, _rule_title(report, f.code), "wrap")
            write_text(ws, fm, i, 4, f.category)
            write_text(ws, fm, i, 5, label_of(report, f.document))
            write_text(ws, fm, i, 6, kind_of(report, f.document))
            write_text(ws, fm, i, 7, display_path(loc.file))
            write_text(ws, fm, i, 8, loc.table_label)
            write_text(ws, fm, i, 9, loc.span)
            if loc.row is not None:
                ws.write_number(i, 10, loc.row)
            copy = getattr(self, "copy_of", {}).get(display_path(loc.file))
            if links < MAX_LINKS and self._link(ws, fm, i, 11, f, link_base, lang, copy):
                links += 1
            write_text(ws, fm, i, 12, f.text(lang), "wrap")
            write_value(ws, fm, i, 13, f.actual, lang)
            write_value(ws, fm, i, 14, f.expected, lang)
            write_text(ws, fm, i, 15, f.suggestion_text(lang), "wrap")
            if f.item is not None:
                write_text(ws, fm, i, 16, level_words(f.item.level, lang) or None)
                write_text(ws, fm, i, 17, f.item.kode)
                write_text(ws, fm, i, 18, f.item.nama, "wrap")
            write_text(ws, fm, i, 19, rule.basis if rule else None, "wrap")
        ws.autofilter(0, 0, max(len(findings), 1), len(columns) - 1)

    @staticmethod
    def _link(ws: Worksheet, fm: _Formats, row: int, col: int, f: Finding, base: Path,
              lang: str, copy: str | None = None) -> bool:
        """A link that opens the finding, where the report is opened.

        Its cell in the annotated copy when there is one (coloured, with a comment saying
        why), else the input itself.
        """
        loc = f.location
        target = copy or relative_link(loc.file, base)
        if loc.file.lower().endswith(WORKBOOK_SUFFIXES) and loc.table:
            url = f"external:{target}#{sheet_ref(loc.table, loc.cell or f'A{loc.row or 1}')}"
            label = f"[{Path(target).name}]{sheet_ref(loc.table, loc.cell or '')}"
            if not loc.cell:
                label = label.rstrip("!")
        else:
            url = f"external:{target}"
            label = Path(loc.file).name + (f":{loc.row}" if loc.row is not None else "")
        if len(url) > MAX_URL:
            write_text(ws, fm, row, col, label)
            return False
        tip = t("reports_extra.link_tip_copy" if copy else "reports_extra.link_tip", lang)
        ws.write_url(row, col, url, fm.get("link", quoted=risky(label)), label[:255], tip)
        return True


def _header(key: str, lang: str) -> str:
    shared = {"document": "report.col_document", "kind": "report.col_kind",
              "actual": "report.actual", "expected": "report.expected",
              "suggestion": "report.suggestion"}
    return t(shared.get(key, f"reports_extra.col_{key}"), lang)


def _rule_title(report: Report, code: str) -> str | None:
    rule = report.rules.get(code)
    if rule is None:
        return None
    return rule.title.get(report.lang) or rule.title.get("id")


# ---------------------------------------------------------------------- annotated copies
def comment_text(findings: list[Finding], lang: str) -> str:
    """The comment of one cell: each finding's code, message, expected value and advice."""
    parts = []
    for f in findings:
        lines = [f"[{f.code} · {t(f'report.col_{f.severity.value}', lang)}] {f.text(lang)}"]
        if f.expected is not None:
            lines.append(f"{t('report.expected', lang)}: {format_number(f.expected, lang)}")
        suggestion = f.suggestion_text(lang)
        if suggestion:
            lines.append(f"{t('report.suggestion', lang)}: {suggestion}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def annotated_name(report_path: str, source: str, taken: set[str]) -> str:
    """``<report stem>.<input stem>.annotated.xlsx``, made unique within one run."""
    stem = Path(report_path).stem
    base = f"{stem}.{Path(source).stem}"
    name = f"{base}.annotated.xlsx"
    n = 2
    while name in taken:
        name = f"{base}-{n}.annotated.xlsx"
        n += 1
    taken.add(name)
    return name


def annotate_inputs(report: Report, output_path: str | None,
                    sources: dict[str, str] | None = None) -> list[Annotated]:
    """Write an annotated copy of every input workbook with findings; say why if not.

    ``sources`` maps a file as the report names it to the file to read, when they differ;
    the copy is then named after the file read.
    """
    sources = sources or {}
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        loc = f.location
        if loc.file.lower().endswith(WORKBOOK_SUFFIXES) and loc.table and loc.row:
            by_file[loc.file].append(f)
    inputs = {Path(sources.get(p, p)).resolve() for p in [*report.inputs, *by_file]}
    if output_path is not None:
        _remove_stale_copies(report, output_path, set(by_file), inputs, sources)
    if not by_file:
        return []
    lang = report.lang
    out: list[Annotated] = []
    taken: set[str] = set()
    for source in sorted(by_file, key=display_path):
        shown = display_path(source)
        if output_path is None:
            out.append(Annotated(shown, reason=t("reports_extra.annotated_no_output", lang)))
            continue
        real = sources.get(source, source)
        target = Path(output_path).parent / annotated_name(output_path, real, taken)
        if target.resolve() in inputs:
            out.append(Annotated(shown, reason=t("reports_extra.annotated_is_input", lang)))
            continue
        try:
            cells = write_annotated_copy(Path(real), by_file[source], target, lang)
        except FileNotFoundError:
            out.append(Annotated(shown, reason=t("reports_extra.annotated_missing", lang)))
            continue
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            out.append(Annotated(shown, reason=t("reports_extra.annotated_failed", lang,
                                                 reason=type(exc).__name__)))
            continue
        out.append(Annotated(shown, target=target.name, cells=cells))
    return out


def _remove_stale_copies(report: Report, output_path: str, annotated: set[str],
                         inputs: set[Path], sources: dict[str, str]) -> None:
    """Delete this report's copy of an input that has no finding any more.

    Otherwise a planner would open yesterday's red cells beside today's clean report.
    Only the exact name this report would give that input's copy is removed.
    """
    folder = Path(output_path).parent
    for source in report.inputs:
        if source in annotated or not source.lower().endswith(WORKBOOK_SUFFIXES):
            continue
        old = folder / annotated_name(output_path, sources.get(source, source), set())
        if old.is_file() and old.resolve() not in inputs:
            old.unlink()


def write_annotated_copy(source: Path, findings: list[Finding], target: Path,
                         lang: str) -> int:
    """Load ``source``, mark the findings' cells, save the copy at ``target``.

    Returns the number of cells marked. The source is opened read-only by openpyxl and
    never saved; the copy is written to a temporary file and moved into place.
    """
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    if not source.is_file():
        raise FileNotFoundError(source)
    book = load_workbook(source, keep_vba=False, keep_links=True)
    modified = book.properties.modified or book.properties.created
    cells: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        loc = f.location
        if loc.table not in book.sheetnames:
            continue
        ws = book[loc.table]
        cells[(loc.table, _anchor(ws, loc.column or "A", loc.row or 1))].append(f)
    for (sheet, ref), group in sorted(cells.items(), key=_cell_order):
        cell = book[sheet][ref]
        worst = max(group, key=lambda f: f.severity.rank).severity.value
        cell.fill = PatternFill(fill_type="solid", start_color=FILL[worst],
                                end_color=FILL[worst])
        text = comment_text(group, lang)
        if cell.comment is not None and cell.comment.text:
            text = f"{cell.comment.text}\n\n— sakip-check —\n{text}"
        comment = Comment(text, "sakip-check")
        comment.width = 360
        comment.height = min(480, 40 + 16 * (text.count("\n") + len(text) // 50 + 1))
        cell.comment = comment
    raw = io.BytesIO()
    book.save(raw)
    data = fixed_zip(raw.getvalue(), modified)
    write_atomically(target, lambda handle: handle.write(data))  # same mode as the report
    return len(cells)


def _anchor(ws: Any, column: str, row: int) -> str:
    """The cell to mark: the top-left cell of a merged range (others cannot hold a note)."""
    ref = f"{column}{row}"
    col = column_index(column)
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return merged.start_cell.coordinate
    return ref


def _cell_order(entry: tuple[tuple[str, str], list[Finding]]) -> tuple[str, int, int]:
    (sheet, ref), _ = entry
    letters, row = split_cell(ref)
    return (sheet, row, column_index(letters))


_RELS = re.compile(rb'Target="([^"]*)" TargetMode="External"')


def portable_links(data: bytes) -> bytes:
    r"""The workbook with its links' paths written with ``/``.

    xlsxwriter writes a relative link as a Windows path (``..\rencana.xlsx``); Excel on
    Windows follows it, LibreOffice and Excel elsewhere do not. A relationship target is a
    URI reference, for which ``/`` is right everywhere.
    """
    def fix(match: re.Match[bytes]) -> bytes:
        return match.group(0).replace(match.group(1), match.group(1).replace(b"\\", b"/"))

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename.endswith(".rels"):
                payload = _RELS.sub(fix, payload)
            dst.writestr(info, payload)
    return out.getvalue()
