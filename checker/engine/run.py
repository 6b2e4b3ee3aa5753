"""Run rules over a plan and collect every finding, in a deterministic order.

One pass per rule: the scope's ``where`` and the ``check`` are evaluated as whole columns;
only the failing rows are then turned into findings (their messages formatted, their cells
looked up). Importer findings (``angka``, ``struktur``) join the list with the registry's
severity. The engine never stops at the first failure and never imports a reporter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import pandas as pd

from checker.dsl import ast
from checker.dsl.names import resolve
from checker.dsl.registry import Registry
from checker.engine.blame import Blamer, blame, clear_expected
from checker.engine.consequences import link_consequences
from checker.engine.copies import related_cells
from checker.engine.copy_links import fold_blocks, link_copies
from checker.engine.evaluate import ADDRESS_CALLS, SUBSET_SHARE, Evaluator, fails, holds
from checker.engine.garbled import soften_in_garbled_tables
from checker.engine.plan import plan_of
from checker.engine.rows import rows as take_rows
from checker.engine.scope import cannot_apply
from checker.engine.unreadable import field_header, unreadable_values
from checker.engine.workspace import Workspace
from checker.i18n import LANGUAGES, both, in_words
from checker.i18n.format import format_number
from checker.model.cells import cell_texts, cells_at, has_cells
from checker.model.finding import Finding, ItemRef, Severity
from checker.model.frames import Frames, to_frames
from checker.model.location import Location, split_cell
from checker.model.plan import Document

#: Fields shown in words in a message: the level of an item, the kind of a document.
WORDS = {"level": "level", "jenis": "kind"}
#: Where a finding about a missing value points when the value's own cell is unknown: the
#: indicator's statement, the item's name, its code (the first of these the row has).
ANCHOR_CELLS = ("uraian", "nama", "kode")  # fields whose cell stands for the row


@dataclass
class RunResult:
    """Findings of a run, plus the documents they are about."""

    documents: list[Document]
    findings: list[Finding] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (rule code, reason)


def _plain(value: Any) -> Any:
    """A JSON-friendly Python value (int for whole numbers, rounded float, list, str)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 1e15 else round(value, 6)
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def _first_field(expr: ast.Expr | None) -> ast.FieldRef | None:
    """The first plain field a check reads: where a finding points by default."""
    if expr is None:
        return None
    if isinstance(expr, ast.FieldRef):
        return expr if len(expr.path) == 1 else None
    children: list[ast.Expr] = []
    if isinstance(expr, ast.Compare | ast.Arith):
        children = [expr.left, expr.right]
    elif isinstance(expr, ast.Not | ast.Neg):
        children = [expr.operand]
    elif isinstance(expr, ast.And | ast.Or):
        children = list(expr.operands)
    elif isinstance(expr, ast.Call):
        children = list(expr.args)
    elif isinstance(expr, ast.SeriesRange):
        children = [expr.start]
    elif isinstance(expr, ast.Member):
        children = [expr.value]
    for child in children:
        found = _first_field(child)
        if found is not None:
            return found
    return None


class Engine:
    """Compiles nothing ahead: rules are checked at load, evaluated column-wise here."""

    def __init__(self, registry: Registry, rules: Iterable[ast.Rule] | None = None,
                 severity_overrides: dict[str, str] | None = None,
                 tolerances: dict[str, Any] | None = None) -> None:
        self.registry = registry
        chosen = list(rules) if rules is not None else registry.ordered()
        by_code = {k.upper(): parse_tolerance(v) for k, v in (tolerances or {}).items()}
        self.rules = [with_tolerance(r, by_code[r.code]) if r.code in by_code else r
                      for r in chosen]
        self.overrides = {k.upper(): v for k, v in (severity_overrides or {}).items()}

    def severity(self, rule: ast.Rule) -> Severity:
        return Severity(self.overrides.get(rule.code, rule.severity))

    def run(self, documents: list[Document], frames: Frames | None = None) -> RunResult:
        frames = frames if frames is not None else to_frames(documents)
        plan = plan_of(self.rules)
        ws = Workspace(frames, shared=plan.shared, last_use=plan.last_use)
        result = RunResult(documents=documents)
        selected = {r.code for r in self.rules}
        for position, rule in enumerate(self.rules):
            if rule.source != "dsl":
                continue
            result.rules_run.append(rule.code)
            try:
                result.findings.extend(self.run_rule(rule, ws))
            except Exception as exc:  # one broken rule must not stop the audit
                result.failures.append((rule.code, f"{type(exc).__name__}: {exc}"))
            ws.finished(position)  # what no later rule reads is freed (memory at scale)
        try:
            result.findings.extend(self._ambiguities(ws, selected))
        except Exception as exc:  # like a broken rule: reported, the audit goes on
            result.failures.append(("LDK-010", f"{type(exc).__name__}: {exc}"))
        for doc in documents:
            for issue in doc.issues:
                rule = self.registry.get(issue.code)
                if rule is None or issue.code not in selected:
                    continue
                result.findings.append(issue.model_copy(update={
                    "severity": self.severity(rule), "category": rule.category}))
        result.findings = soften_in_garbled_tables(result.findings)
        result.findings.sort(key=Finding.sort_key)
        by_code = {r.code: r for r in self.rules}
        copy_codes = set(plan.copy_codes)
        blamer = Blamer(frames, ws)  # the failing roll-ups' documents, read once for both
        try:  # roll-up gaps printed in another agency's report, linked to the copied block
            if copy_codes:  # part of the copied-block check: not run when it is left out
                records = ws.cache.get(("copy_records",), {})
                link_copies(result.findings, frames, by_code, records, blamer)
                fold_blocks(result.findings, frames, records)
        except Exception as exc:  # like a broken rule: reported, the audit goes on
            result.failures.append((min(copy_codes), f"{type(exc).__name__}: {exc}"))
        blamed, cleared = blame(result.findings, frames, by_code, blamer)
        result.findings = link_consequences(result.findings, blamed, standalone=copy_codes)
        clear_expected(cleared)
        return result

    def _ambiguities(self, ws: Workspace, selected: set[str]) -> list[Finding]:
        """LDK-010: the rows the cross-document rules could not pair for certain."""
        from checker.engine.ambiguity import AMBIGUOUS, ambiguity_findings

        notes = ws.cache.get(("match_notes",))
        rule = self.registry.get(AMBIGUOUS)
        if not notes or rule is None or AMBIGUOUS not in selected:
            return []
        return ambiguity_findings(notes, ws.base("item"), rule.category, self.severity(rule))

    def run_rule(self, rule: ast.Rule, ws: Workspace) -> list[Finding]:
        """Findings of one rule: its check, over the rows in its scope, failing.

        Scope and check are evaluated over the whole frame (row-wise values do not depend
        on which other rows are present), so no copy of the frame is made and results are
        shared between rules; only a narrow scope is cut out before the check.
        """
        frame = ws.base(rule.entity or "item")
        if frame.empty:
            return []
        if rule.where is not None and cannot_apply(ws, rule.entity or "item", rule.where):
            return []  # nothing in scope, provably, before any pandas call on its rows
        ev = Evaluator(ws, rule.entity or "item")
        in_scope = None
        if rule.where is not None:
            in_scope = holds(ev.condition(rule.where, frame))
            n_scope = int(in_scope.sum())
            if not n_scope:
                return []
            if n_scope <= SUBSET_SHARE * len(frame):
                frame, in_scope = take_rows(frame, in_scope), None
        passed = ev.condition(rule.check, frame)  # type: ignore[arg-type]
        failed = fails(passed)
        if in_scope is not None:
            failed &= in_scope
        if not failed.any():
            return []
        return self.findings_for(rule, ev, take_rows(frame, failed))

    def findings_for(self, rule: ast.Rule, ev: Evaluator, rows: pd.DataFrame) -> list[Finding]:
        at = rule.at or _first_field(rule.check) or _first_field(rule.where)
        actual_expr, expected_expr = shown_values(rule, at)
        actual = self._values(ev, actual_expr, rows)
        expected = self._values(ev, expected_expr, rows)
        at_cells = self._cells(rule, at, rows)
        items = self._item_refs(rule, ev, rows)
        # A placeholder's values, for every language; a placeholder that is the actual or
        # expected expression (``{lkjip.anggaran_murni}``) shows the values just computed.
        shown: dict[Any, list | None] = {
            expr: values for expr, values in ((actual_expr, actual), (expected_expr, expected))
            if expr is not None}
        messages = {lang: self._render(ev, tpl, rows, actual, expected, lang, shown)
                    for lang, tpl in self._templates(rule.message).items()}
        suggestions = {lang: self._render(ev, tpl, rows, actual, expected, lang, shown)
                       for lang, tpl in self._templates(rule.suggest).items()}
        severity = self.severity(rule)
        unread = unreadable_values(rule, at, rows)
        plan = plan_of(self.rules)  # kept: a lookup by the rules' identity
        compared = self._comparators(plan.call(rule, "peer_median"), rule, ev, at, rows)
        files, tables = rows["_file"].tolist(), rows["_table"].tolist()
        line_numbers, documents = rows["_row"].tolist(), rows["_doc"].tolist()
        pages = rows["_page"].tolist() if "_page" in rows.columns else [None] * len(rows)
        out = []
        for i in range(len(rows)):
            cell = at_cells[i]
            column, line = split_cell(cell) if cell else (None, line_numbers[i])
            page = pages[i]
            location = Location(file=files[i], table=tables[i],
                                page=_whole(page), row=_whole(line),
                                column=column)
            finding = Finding(
                code=rule.code, category=rule.category, severity=severity,
                message={lang: texts[i] for lang, texts in messages.items()},
                document=documents[i], location=location, item=items[i],
                actual=_plain(actual[i]) if actual is not None else None,
                expected=_plain(expected[i]) if expected is not None else None,
                suggestion={lang: texts[i] for lang, texts in suggestions.items()} or None,
            )
            if unread[i] is not None:  # present but garbled: "tidak terbaca", not missing
                finding = self._unreadable(rule, finding, *unread[i])
            if compared is not None:
                finding.related = compared[i]
            out.append(finding)
        self._copies(plan.call(rule, "copies"), rule, ev, rows, out)
        return out

    @staticmethod
    def _copies(call: ast.Call | None, rule: ast.Rule, ev: Evaluator, rows: pd.DataFrame,
                findings: list[Finding]) -> None:
        """A copied-block rule's findings: the copies' cells in ``related``, recorded.

        The record (the pair of documents and rows) lets :mod:`checker.engine.copy_links`
        link the roll-up gaps the block explains.
        """
        if call is None:
            return
        addresses, documents, positions = related_cells(ev, call.args, rows)
        records = ev.ws.cache.setdefault(("copy_records",), {})
        own = ev.ws.base(rule.entity or "item").index.get_indexer(rows.index)
        for finding, cells, docs, twins, pos in zip(findings, addresses, documents,
                                                    positions, own.tolist(), strict=True):
            finding.related = sorted(set(finding.related) | set(cells))
            records[finding.key] = (pos, twins, docs, finding.document)

    @staticmethod
    def _comparators(call: ast.Call | None, rule: ast.Rule, ev: Evaluator,
                     at: ast.FieldRef | None, rows: pd.DataFrame) -> list[list[str]] | None:
        """For a rule that weighs a row against its peers, the cells it was weighed against.

        A reviewer must see which places the median came from (issue 13, item 6).
        """
        if call is None or at is None or len(at.path) != 1:
            return None
        base = ev.ws.base(rule.entity or "item")
        positions = base.index.get_indexer(rows.index)
        groups, cases = ev.peer_codes()
        found = ev.peer_table(call.args[0]).comparators(
            positions, groups[positions], cases[positions])
        docs, tables = base["_doc"].to_numpy(), base["_table"].to_numpy()
        cells = cells_at(base, at.path[0], (j for members in found for j in members))
        return [[f"{docs[j]}:{tables[j] or ''}!{cells.get(j, '')}" for j in members]
                for members in found]

    @staticmethod
    def _unreadable(rule: ast.Rule, finding: Finding, name: str, raw: str) -> Finding:
        """The completeness finding restated: the value is unreadable, an info to look at."""
        kolom = field_header(rule.entity or "item", name)
        nama = (finding.item.nama if finding.item else None) or ""
        return finding.model_copy(update={
            "severity": Severity.INFO, "actual": raw, "expected": None,
            "message": both("engine.unreadable", kolom=kolom, nama=nama, raw=raw),
            "suggestion": both("engine.unreadable_suggest", kolom=kolom, code=rule.code),
        })

    @staticmethod
    def _templates(templates: dict[str, ast.Template]) -> dict[str, ast.Template]:
        if not templates:
            return {}
        base = templates.get("id") or next(iter(templates.values()))
        return {lang: templates.get(lang, base) for lang in LANGUAGES}

    @staticmethod
    def _values(ev: Evaluator, expr: ast.Expr | None, rows: pd.DataFrame) -> list | None:
        if expr is None:
            return None
        value = ev.value(expr, rows)
        if isinstance(value, list):  # a quarter series: one list per row
            columns = [_objects(v) for v in value]
            return [list(t) for t in zip(*columns, strict=True)]
        return _objects(value)

    def _render(self, ev: Evaluator, template: ast.Template, rows: pd.DataFrame,
                actual: list | None, expected: list | None, lang: str,
                shown: dict[Any, list | None] | None = None) -> list[str]:
        """One message per row, in one language.

        ``shown`` keeps each placeholder's values across calls: the Indonesian and English
        texts (and the suggestion) show the same expressions, evaluated once and only
        formatted per language.
        """
        shown = {} if shown is None else shown
        pieces: list[list[str]] = []
        for part in template.parts:
            if isinstance(part, str):
                pieces.append([part] * len(rows))
                continue
            if isinstance(part, ast.FieldRef) and part.path in (("actual",), ("expected",)):
                values = actual if part.path == ("actual",) else expected
                values = values or [None] * len(rows)
            elif isinstance(part, ast.Call) and part.name in ADDRESS_CALLS:
                # an address (its pages and rows) is written in the message's language
                if (part, lang) not in shown:
                    shown[(part, lang)] = _objects(ev.address(part, rows, lang))
                values = shown[(part, lang)] or [None] * len(rows)
            else:
                if part not in shown:
                    shown[part] = self._values(ev, part, rows)
                values = shown[part] or [None] * len(rows)
            if isinstance(part, ast.FieldRef) and part.path[-1] in WORDS:
                # "sub kegiatan" and "PK Perubahan", not the identifiers sub_kegiatan and
                # pk_perubahan; capitalised when it opens the message
                words = [str(in_words(WORDS[part.path[-1]], v, lang)) if v is not None else ""
                         for v in values]
                pieces.append([w[:1].upper() + w[1:] for w in words] if not pieces else words)
                continue
            if isinstance(part, ast.FieldRef) and part.path[-1] in YEAR_FIELDS:
                # a year reads 2024, not 2.024
                pieces.append([_format(v, lang) if v is None else str(int(v)) for v in values])
                continue
            pieces.append([_format(v, lang) for v in values])
        return ["".join(p[i] for p in pieces) for i in range(len(rows))]

    @staticmethod
    def _cells(rule: ast.Rule, at: ast.FieldRef | None, rows: pd.DataFrame) -> list[Any]:
        """The cell each finding names: the ``at`` field's, else the row's name cell.

        Every finding names a cell (issue 15). A value that is missing has its empty cell
        when the importer or the table's layout places it (``checker.model.frames``);
        when neither can say where it would stand (a shifted text row, a table without
        that column), the finding names the cell of the row's indicator or item, the
        thing that lacks the value, rather than only "baris N".
        """
        column = None
        if at is not None:
            res = resolve(rule.entity or "item", at.path)
            column = res.columns[0] if res.columns and res.relation is None else None
        # Lists, not Series: an A1 text or None per row (``cell_texts``), a few rows a rule.
        cells = cell_texts(rows, column).tolist() if column is not None else \
            [None] * len(rows)
        for anchor in ANCHOR_CELLS:
            if None not in cells:
                break
            if has_cells(rows, anchor):
                cells = [cell if cell is not None else other for cell, other in zip(
                    cells, cell_texts(rows, anchor).tolist(), strict=True)]
        return cells

    @staticmethod
    def _item_refs(rule: ast.Rule, ev: Evaluator, rows: pd.DataFrame) -> list[ItemRef | None]:
        entity = rule.entity or "item"
        if entity == "item":
            level, kode, nama = rows["level"], rows["kode"], rows["nama"]
        elif entity == "indicator":
            level = ev.field(ast.FieldRef(("item", "level")), rows)
            kode = ev.field(ast.FieldRef(("item", "kode")), rows)
            nama = ev.field(ast.FieldRef(("item", "nama")), rows)
        else:
            return [None] * len(rows)

        def clean(v: Any) -> Any:
            return None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) \
                else v

        return [ItemRef(level=clean(a), kode=clean(b), nama=clean(c))
                for a, b, c in zip(level.tolist(), kode.tolist(), nama.tolist(), strict=True)]


def shown_values(rule: ast.Rule,
                 at: ast.FieldRef | None) -> tuple[ast.Expr | None, ast.Expr | None]:
    """The expressions shown as "Tertulis" (actual) and "Seharusnya" (expected).

    "Tertulis" is what the cell the finding names holds: a reviewer who opens that cell
    must see the same value (issue 13: ROL-001 at C662 printed the children's sum
    349.150.370 while the cell holds 372.250.370). So when the rule does not say, the
    side of the comparison that is the ``at`` field is the actual and the other side the
    expected; a check that is no comparison with it (``count(pk) > 0``) shows the cell's
    value and no expected, rather than two numbers that say nothing ("0 · 0").
    """
    check = rule.check
    sides = (check.left, check.right) if isinstance(check, ast.Compare) else None
    plain_at = at if at is not None and len(at.path) == 1 else None
    if rule.actual is not None:
        actual: ast.Expr | None = rule.actual
    elif plain_at is not None:  # a side of the comparison, or the cell the check is about
        actual = plain_at
    else:
        actual = sides[0] if sides else None
    if rule.expected is not None:
        return actual, rule.expected
    if sides is not None and actual in sides:
        return actual, sides[1] if actual == sides[0] else sides[0]
    return actual, None


def parse_tolerance(value: Any) -> ast.Tolerance:
    """A configured tolerance: a number (absolute) or a text such as ``"0.5%"``."""
    text = str(value).strip()
    if text.endswith("%"):
        return ast.Tolerance(Decimal(text[:-1].strip()), percent=True)
    return ast.Tolerance(Decimal(text))


def with_tolerance(rule: ast.Rule, tolerance: ast.Tolerance) -> ast.Rule:
    """A copy of ``rule`` whose numeric comparisons in ``check`` use ``tolerance``.

    Configuration (``[tool.sakip-check.tolerances] CODE = "0.5%"``) replaces the rule's own
    ``within`` on every number comparison of its check; text comparisons are untouched.
    """

    def walk(expr: ast.Expr) -> ast.Expr:
        if isinstance(expr, ast.Compare):
            numeric = not (isinstance(expr.left, ast.Str) or isinstance(expr.right, ast.Str))
            return replace(expr, tolerance=tolerance) if numeric else expr
        if isinstance(expr, ast.Not):
            return replace(expr, operand=walk(expr.operand))
        if isinstance(expr, ast.And | ast.Or):
            return replace(expr, operands=tuple(walk(o) for o in expr.operands))
        return expr

    copy = replace(rule)
    copy.check = walk(rule.check) if rule.check is not None else None
    return copy


YEAR_FIELDS = ("tahun", "tahun_awal", "tahun_akhir")


def _format(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return {"id": "ya" if value else "tidak", "en": "yes" if value else "no"}[lang]
    return format_number(_plain(value), lang)


def _objects(values: pd.Series) -> list[Any]:
    """The values as Python objects, None for every kind of blank.

    ``astype(object).where(notna, None).tolist()`` in one call: the same objects (int,
    float, bool, str; tested over every dtype the frames hold), three pandas calls fewer
    per value shown in a finding.
    """
    return values.to_numpy(dtype=object, na_value=None).tolist()


def _whole(value: object) -> int | None:
    """A page or row number as found in a frame, or None when it has none.

    Blank is ``None``, ``pd.NA`` or NaN alike: frames of several files joined where one
    file has pages (a PDF) and another none (a Word file) hold the page as a float column
    with NaN for the latter.
    """
    return None if value is None or pd.isna(value) else int(value)
