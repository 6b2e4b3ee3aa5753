"""Fixture files: one YAML file per rule code, read strictly and with positions.

The format is the one the built-in rules have always used::

    rule: AGT-001
    cases:
      - name: one rupiah short
        items:                      # rows of Program_Kegiatan, from row 2
          - {id: S1, level: sub_kegiatan, anggaran: 12397000, anggaran_tw1: 3119250, …}
        expect_at: [[Program_Kegiatan, 2, J, AGT-001]]   # [] : the rule must stay silent
        values: [[12396999, 12397000]]                   # optional: [actual, expected]

A case may instead hold ``documents:`` (several documents of one case, for rules that
compare documents); its findings then start with the document id. Every key is checked:
a misspelt ``expect`` would otherwise make a case that can never fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker.model.plan import Document
from checker.model.schema import ENTITIES, DocumentKind
from checker.ruletest.documents import (
    DEFAULT_FILE,
    FIRST_ROW,
    ROW_KEYS,
    make_document,
    place,
    row_fields,
)
from checker.ruletest.yamlpos import FixtureError, Map, Pos, Seq, load_positioned, source_line

FIXTURE_SUFFIXES = (".yaml", ".yml")
CODE_PATTERN = re.compile(r"[A-Z]{2,5}-\d{3}")  # the grammar's CODE terminal
COLUMN_PATTERN = re.compile(r"[A-Z]{1,3}")
TOP_KEYS = ("rule", "cases")
CASE_KEYS = ("name", "jenis", *ROW_KEYS, "documents", "expect_at", "values")
DOCUMENT_KEYS = ("id", "jenis", "file", "instansi", "pemda", "tahun", "judul", "tahun_awal",
                 "tahun_akhir", *ROW_KEYS)
SHEETS = tuple(e.sheet for e in ENTITIES.values())
# What a document of a several-document case is, unless the fixture says otherwise: the
# same agency, region and year, so cross-document rules see one case.
# pydantic's error types, by their first word, as the kind of value the field wants
_KINDS = {"int": "int", "float": "number", "string": "text", "bool": "other"}
CASE_DEFAULTS = {"instansi": "Dinas Sosial", "pemda": "Kabupaten Contoh", "tahun": 2024}


@dataclass(frozen=True)
class Expected:
    """One finding a case expects: where, which code, and optionally its two values."""

    document: str | None
    table: str | None
    row: int | None
    column: str | None
    code: str
    values: tuple[Any, Any] | None
    pos: Pos


@dataclass
class Case:
    """A named tiny plan and the findings its rule must report on it, in order."""

    rule: str
    name: str
    file: str
    pos: Pos
    documents: list[Document]
    expected: list[Expected]
    several_documents: bool = False

    @property
    def kind(self) -> str:
        """``pass`` when the rule must stay silent, ``fail`` when it must report."""
        return "fail" if self.expected else "pass"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.pos.line}:{self.pos.column}"


@dataclass
class FixtureFile:
    """The cases of one fixture file, all about one rule."""

    path: str
    rule: str
    rule_pos: Pos
    cases: list[Case] = field(default_factory=list)


def load_fixture(path: str | Path) -> FixtureFile:
    """Read and check one fixture file; any mistake raises :class:`FixtureError`."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FixtureError(file, 1, 1, "ruletest.not_utf8") from None
    except OSError as exc:
        raise FixtureError(file, 1, 1, "ruletest.unreadable",
                           reason=exc.strerror or str(exc)) from None
    return _Reader(file, text).fixture(load_positioned(text, file))


class _Reader:
    """Checks one parsed fixture, raising errors that point into its text."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text

    def fail(self, pos: Pos, key: str, **params: Any) -> FixtureError:
        return FixtureError(self.file, pos.line, pos.column, key,
                            source_line(self.text, pos.line), **params)

    def mapping(self, value: Any, pos: Pos, what: str, allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> Map:
        if not isinstance(value, Map):
            raise self.fail(pos, "ruletest.expected_mapping", what=what)
        for key in value:
            if key not in allowed:
                raise self.fail(value.key_pos[key], "ruletest.unknown_key", name=key, what=what,
                                known=", ".join(allowed))
        for key in required:
            if key not in value:
                raise self.fail(value.pos, "ruletest.missing_key", name=key, what=what)
        return value

    def sequence(self, value: Any, pos: Pos, what: str) -> Seq:
        if not isinstance(value, Seq):
            raise self.fail(pos, "ruletest.expected_list", what=what)
        return value

    def text_value(self, value: Any, pos: Pos, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(pos, "ruletest.expected_text", what=what)
        return value

    def fixture(self, data: Any) -> FixtureFile:
        top = self.mapping(data, getattr(data, "pos", Pos()), "fixture", TOP_KEYS, TOP_KEYS)
        rule_pos = top.value_pos["rule"]
        code = top["rule"]
        if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
            raise self.fail(rule_pos, "ruletest.bad_code", code=code)
        cases = self.sequence(top["cases"], top.value_pos["cases"], "cases")
        if not cases:
            raise self.fail(top.value_pos["cases"], "ruletest.no_cases")
        out = FixtureFile(self.file, code, rule_pos)
        for value, pos in zip(cases, cases.item_pos, strict=True):
            out.cases.append(self.case(code, value, pos))
        return out

    def case(self, code: str, value: Any, pos: Pos) -> Case:
        spec = self.mapping(value, pos, "case", CASE_KEYS, ("name", "expect_at"))
        name = self.text_value(spec["name"], spec.value_pos["name"], "name")
        several = "documents" in spec
        if several:
            for key in ("jenis", *ROW_KEYS):
                if key in spec:
                    raise self.fail(spec.key_pos[key], "ruletest.documents_and_rows", name=key)
            documents = self.documents(spec["documents"], spec.value_pos["documents"])
        else:
            jenis = self.jenis(spec.get("jenis", "rencana_aksi"),
                               spec.value_pos.get("jenis", pos))
            rows = {key: self.rows(key, spec, DEFAULT_FILE) for key in ROW_KEYS}
            documents = [make_document(jenis=jenis)]
            documents[0].items, documents[0].indicators, documents[0].totals = (
                rows["items"], rows["indicators"], rows["totals"])
            documents[0].table_cells = rows["table_cells"]
            documents[0].tahunan = rows["tahunan"]
        expected = self.expected(spec, several, {d.id for d in documents})
        return Case(code, name, self.file, pos, documents, expected, several)

    def jenis(self, value: Any, pos: Pos) -> str:
        kinds = [k.value for k in DocumentKind]
        if value not in kinds:
            raise self.fail(pos, "ruletest.bad_choice", what="jenis", value=value,
                            known=", ".join(kinds))
        return value

    def rows(self, key: str, spec: Map, file: str) -> list[Any]:
        """The rows under ``key`` (``items`` …) as addressed model objects."""
        if key not in spec:
            return []
        entity = ROW_KEYS[key]
        rows = self.sequence(spec[key], spec.value_pos[key], key)
        allowed = tuple(row_fields(entity))
        out = []
        for index, (value, pos) in enumerate(zip(rows, rows.item_pos, strict=True)):
            row = self.mapping(value, pos, key, allowed)
            try:
                out.append(place(entity, index + FIRST_ROW, dict(row), file))
            except ValidationError as exc:
                error = exc.errors()[0]
                name = str(error["loc"][0]) if error["loc"] else ""
                where = row.value_pos.get(name, row.pos)
                if error["type"] == "missing":
                    raise self.fail(row.pos, "ruletest.missing_key", name=name, what=key
                                    ) from None
                if error["type"] == "enum":
                    raise self.fail(where, "ruletest.bad_choice", what=name,
                                    value=row.get(name),
                                    known=error.get("ctx", {}).get("expected", "")) from None
                kind = _KINDS.get(error["type"].split("_")[0], "other")
                raise self.fail(where, f"ruletest.bad_value_{kind}", field=name,
                                value=row.get(name)) from None
        return out

    def documents(self, value: Any, pos: Pos) -> list[Document]:
        specs = self.sequence(value, pos, "documents")
        if not specs:
            raise self.fail(pos, "ruletest.expected_list", what="documents")
        out: list[Document] = []
        for item, item_pos in zip(specs, specs.item_pos, strict=True):
            spec = self.mapping(item, item_pos, "documents", DOCUMENT_KEYS, ("id", "jenis"))
            doc_id = self.text_value(spec["id"], spec.value_pos["id"], "id")
            if any(d.id == doc_id for d in out):
                raise self.fail(spec.value_pos["id"], "ruletest.duplicate_document", id=doc_id)
            file = spec.get("file", f"{doc_id}.xlsx")
            file = self.text_value(file, spec.value_pos.get("file", item_pos), "file")
            doc = make_document(jenis=self.jenis(spec["jenis"], spec.value_pos["jenis"]),
                                doc_id=doc_id, file=file)
            doc.items, doc.indicators, doc.totals, doc.table_cells, doc.tahunan = (
                self.rows(k, spec, file) for k in ROW_KEYS)
            for key, default in CASE_DEFAULTS.items():
                setattr(doc, key, spec.get(key, default))
            doc.judul = spec.get("judul")
            doc.tahun_awal, doc.tahun_akhir = spec.get("tahun_awal"), spec.get("tahun_akhir")
            if doc.tahun is not None and not isinstance(doc.tahun, int):
                raise self.fail(spec.value_pos["tahun"], "ruletest.bad_value_int", field="tahun",
                                value=doc.tahun)
            out.append(doc)
        return out

    def expected(self, spec: Map, several: bool, doc_ids: set[str]) -> list[Expected]:
        entries = self.sequence(spec["expect_at"], spec.value_pos["expect_at"], "expect_at")
        values: Seq = Seq()
        values.item_pos = []
        if "values" in spec:
            values = self.sequence(spec["values"], spec.value_pos["values"], "values")
            if len(values) > len(entries):
                raise self.fail(spec.value_pos["values"], "ruletest.too_many_values",
                                n=len(values), m=len(entries))
        shape = "ruletest.finding_shape_documents" if several else "ruletest.finding_shape"
        out = []
        for index, (entry, pos) in enumerate(zip(entries, entries.item_pos, strict=True)):
            entry = self.sequence(entry, pos, "expect_at")
            if len(entry) != (5 if several else 4):
                raise self.fail(pos, shape)
            document = entry[0] if several else None
            if several and document not in doc_ids:
                raise self.fail(pos, "ruletest.unknown_document", id=document,
                                known=", ".join(sorted(doc_ids)))
            table, row, column, code = entry[-4:]
            if table is not None and table not in SHEETS:
                raise self.fail(pos, "ruletest.bad_choice", what="lembar", value=table,
                                known=", ".join(SHEETS))
            if row is not None and (not isinstance(row, int) or isinstance(row, bool)
                                    or row < 1):
                raise self.fail(pos, "ruletest.bad_row", value=row)
            if column is not None and not (isinstance(column, str)
                                           and COLUMN_PATTERN.fullmatch(column)):
                raise self.fail(pos, "ruletest.bad_column", value=column)
            if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
                raise self.fail(pos, "ruletest.bad_code", code=code)
            pair = None
            if index < len(values):
                pair = self.sequence(values[index], values.item_pos[index], "values")
                if len(pair) != 2:
                    raise self.fail(values.item_pos[index], "ruletest.values_shape")
                pair = (pair[0], pair[1])
            out.append(Expected(document, table, row, column, code, pair, pos))
        return out
