"""The LKjIP's rencana aksi appendix: tujuan/sasaran, program, kegiatan, sub-kegiatan.

All four tables make one ``rencana_aksi`` document: the ``lkjip`` profile's part whose
four level headings join one part (:mod:`~checker.importers.parts`). The tujuan/sasaran
table, a plain grid (one row, a block of columns per level), is read by the shared
stages. The other three, still read here, are *record* tables: one
record per program, kegiatan or sub-kegiatan, each spread over four lines (one per
quarter), a record possibly holding several sasaran/indicator blocks, every value written
with its quarter (``Trw 1= 78.90%``, ``Trw 2 : 4 Dokumen``, ``T.W 3`` ``1 Unit``).

Scanned pages shift cells, split the quarter label from its value, merge the row number
into the next cell, and put all four quarters in one cell. So the values are not read by
column position: each line's values are read in order (kinerja target, kinerja realisasi,
keuangan target, keuangan realisasi, the order of every rencana aksi of this family), each
with the quarter its label gives, and the text cells before them are matched to the column
headings from the right (the indicator is always the last). A quarter label that disagrees
with its line (``T.W 1`` on the fourth line, labels ``Trw 3``/``Trw 4`` on the second) leaves
that value unread with a STR-002 finding; a realigned record gets a STR-001.

A kegiatan's keuangan is the sum of its sasaran blocks (each block is a sub-kegiatan's
share) when every part is read; the address is the first part's cell and the raw text shows
the parts. Parents are found by name: program → sasaran, kegiatan → program,
sub-kegiatan → kegiatan, aligned in table order so that OCR-garbled names
(``PENJUANG DILUSAN``) still land on the right parent; every inexact match is noted.
"""

from __future__ import annotations

from checker.i18n import t
from checker.importers import numbers
from checker.importers.excel_grid import Sheet
from checker.importers.issues import item_words
from checker.importers.parts import PartSpan, read_part
from checker.importers.text_lkjip_base import (
    MONEY_UNITS,
    NS,
    Builder,
    Meta,
    Section,
    clean,
    convention_of,
    is_numbered_row,
    looks_numeric,
    most_common,
    norm,
    numbered,
    row_number,
    similarity,
    span,
)
from checker.importers.text_lkjip_records import (
    MATCH,
    Block,
    Record,
    RecordLine,
    Tok,
    align,
    assign,
    layout,
    tokenize,
)
from checker.importers.textlines import TextLine
from checker.model.finding import ItemRef
from checker.model.location import Location, cell_ref, column_letter
from checker.model.plan import Document, Indicator, Item, TableInfo
from checker.model.schema import DocumentKind, Level

LEVELS = {"program": Level.PROGRAM, "kegiatan": Level.KEGIATAN,
          "sub_kegiatan": Level.SUB_KEGIATAN}
PREFIX = {Level.TUJUAN: "T", Level.SASARAN: "SS", Level.PROGRAM: "P", Level.KEGIATAN: "K",
          Level.SUB_KEGIATAN: "SK"}
# The text role naming each level's item, and the role naming its parent.
ITEM_ROLE = {Level.PROGRAM: "program", Level.KEGIATAN: "kegiatan",
             Level.SUB_KEGIATAN: "sub"}
PARENT_ROLE = {Level.PROGRAM: "ss", Level.KEGIATAN: "program", Level.SUB_KEGIATAN: "kegiatan"}
SASARAN_MATCH = 0.8


# --------------------------------------------------------------------------- reading
def read_rencana_aksi(file: str, sheet: Sheet, part: PartSpan, sections: list[Section],
                      meta: Meta) -> Document:
    """The appendix, one linked document: the ``lkjip`` profile's joined rencana aksi part.

    The part (``[part]`` of ``profiles/lkjip.toml``) gives the level sections, each
    heading naming its table. A section whose table is on the shared pipeline (the
    tujuan/sasaran grid, or any section the record reader does not know) is read by
    :func:`~checker.importers.parts.read_part`; the program, kegiatan and sub-kegiatan
    record tables are still read here, linked to the levels above them by name.
    """
    by_row = {s.heading.number: s for s in sections}
    b = Builder(file, DocumentKind.RENCANA_AKSI, None, meta,
                by_row[part.first].title if part.first in by_row else part.title)
    for title, first, last in part.section_spans():
        section = by_row.get(first)
        if section is not None and section.level in LEVELS:
            _RecordTable(b, section, LEVELS[section.level]).read()
        else:
            _shared(b, sheet, PartSpan(part.kind, title, first, last))
    return b.finish()


def _shared(b: Builder, sheet: Sheet, span: PartSpan) -> None:
    """A section read by the shared stages, its items joining the appendix's document.

    The tujuan and sasaran strategis grid prints one row, a block of columns per level
    (tujuan | indikator | satuan | target and realisasi per quarter, then the same for
    the sasaran strategis): the header stage owns each block to its name column, so the
    pipeline reads the tujuan, the sasaran under it and each one's indicator; the
    programs of the record tables find their sasaran by name.
    """
    doc = read_part(b.path, sheet, span)
    b.doc.items.extend(doc.items)
    b.doc.indicators.extend(doc.indicators)
    b.doc.tables.extend(doc.tables)
    for finding in doc.issues:
        finding.document = b.doc.id
    b.doc.issues.extend(doc.issues)


def _data_start(rows: list[TextLine]) -> int:
    for i, row in enumerate(rows):
        first = clean(row.fields[0]) if row.fields else ""
        if (row_number(first) or numbered(first)[0]) and not is_numbered_row(row):
            return i
    return len(rows)


def _skip(info: TableInfo, line: TextLine, key: str) -> None:
    info.skipped.append((line.number, t(f"{NS}.skip.{key}", "id")))


def _header_like(line: TextLine, header: list[TextLine]) -> bool:
    first = line.nonblank_fields()
    return is_numbered_row(line) or any(norm(line.text) == norm(h.text) for h in header) or (
        bool(first) and norm(first[0][1]) in ("no", "no."))


class _RecordTable:
    """A program, kegiatan or sub-kegiatan table of four-line records."""

    def __init__(self, b: Builder, section: Section, level: Level) -> None:
        self.b, self.s, self.level = b, section, level
        rows = section.rows()
        start = _data_start(rows)
        self.header = rows[:start]
        self.layout = layout(self.header)
        self.slots = [(kind, mode, slot) for kind, mode in self.layout.groups
                      for slot in ("target", "realisasi")]
        self.info = b.table(section, self._columns())
        self.records: list[Record] = []
        self.items: list[tuple[Record, Item]] = []
        self.junk: list[list[TextLine]] = []
        self.loose: list[TextLine] = []

    def _columns(self) -> dict[str, str]:
        cols = {column_letter(i + 1): r for i, r in enumerate(self.layout.roles)}
        for k, (kind, _, slot) in enumerate(self.slots):
            cols[column_letter(self.layout.first_col + k)] = f"{kind} {slot}"
        return cols

    def read(self) -> None:
        """Group lines into records, then make items, indicators and findings, then link."""
        self._group()
        self._report_blocks()
        convs = self._conventions()
        for record in self.records:
            self._record(record, convs)
        _link(self.b, self.info, self.level, self.items)

    # ---- grouping lines into records
    def _group(self) -> None:
        b, table = self.b, self.s.name
        record: Record | None = None
        junk: list[TextLine] = []
        for line in self.s.lines:
            if line in self.header or line.is_blank():
                continue
            if "\t" not in line.text:
                if looks_numeric(line.text):
                    self.loose.append(line)
                else:
                    _skip(self.info, line, "outside_columns")
                continue
            if _header_like(line, self.header):
                if record is None:
                    _skip(self.info, line, "repeated_header")
                else:
                    junk.append(line)
                continue
            parsed = tokenize(b, table, line)
            if parsed.junk:
                junk.append(line)
                continue
            if junk:
                self.junk.append(junk)
                junk = []
            texts, how = assign(parsed.texts, self.layout.roles,
                                 lambda col, ln=line: b.loc(table, ln, col))
            item_role = ITEM_ROLE[self.level]
            if "no" in texts or item_role in texts or record is None:
                record = Record(first=line, no=row_number(texts.pop("no", ("", None))[0] or ""))
                self.records.append(record)
                record.subs.append(Block())
            elif ("sasaran" in texts or "indikator" in texts) and self._starts_sub(
                    record.subs[-1], parsed):
                record.subs.append(Block())
            sub = record.subs[-1]
            for role, (text, loc) in texts.items():
                target = sub.texts if role in ("sasaran", "indikator") else record.texts
                if role in target:
                    target[role] = (f"{target[role][0]} {text}", target[role][1])
                else:
                    target[role] = (text, loc)
            sub.lines.append(parsed)
            record.realigned.extend(h for h in how if h not in record.realigned)
            if parsed.first_col and parsed.first_col != self.layout.first_col \
                    and "shift" not in record.realigned:
                record.realigned.append("shift")
            if any(tok.split for tok in parsed.tokens) and "split" not in record.realigned:
                record.realigned.append("split")
        if junk:
            self.junk.append(junk)

    @staticmethod
    def _starts_sub(sub: Block, parsed: RecordLine) -> bool:
        """Whether a line with sasaran/indicator text opens a new block or continues one."""
        if not sub.lines or parsed.series:
            return bool(sub.lines)
        quarter = most_common([t.quarter for t in parsed.tokens if t.quarter])
        return quarter in (None, 1) or len(sub.lines) >= 4

    def _report_blocks(self) -> None:
        b, table = self.b, self.s.name
        for block in self.junk:
            b.issue("STR-002", "junk_rows", b.loc(table, block[0], 1),
                    actual=clean(block[0].text)[:120], rows=span(block[0].number,
                                                                 block[-1].number))
            for line in block:
                _skip(self.info, line, "junk")
        if self.loose:
            first, last = self.loose[0], self.loose[-1]  # one number per line: column A
            where = b.loc(table, first, 1).model_copy(update={"end": f"A{last.number}"})
            b.issue("STR-004", "loose_numbers", where,
                    actual=", ".join(clean(ln.text) for ln in self.loose),
                    values=", ".join(clean(ln.text) for ln in self.loose),
                    rows=span(self.loose[0].number, self.loose[-1].number),
                    count=len(self.loose))
            for line in self.loose:
                _skip(self.info, line, "loose_number")

    # ---- values
    def _slot_values(self, sub: Block) -> tuple[list[dict[int, Tok]], list[tuple]]:
        """Each slot's tokens by quarter, and the problems (cell, raw, reason key) met."""
        values: list[dict[int, Tok]] = [{} for _ in self.slots]
        problems: list[tuple] = []
        refused: list[set[int]] = [set() for _ in self.slots]
        for position, parsed in enumerate(sub.lines, start=1):
            if parsed.series:
                for k, cell in enumerate(parsed.series[:len(self.slots)]):
                    for tok in cell:
                        if tok.quarter in values[k]:
                            problems.append((tok.loc, tok.raw, "duplicate"))
                        else:
                            values[k][tok.quarter] = tok  # type: ignore[index]
                continue
            tokens = parsed.tokens
            if not tokens:
                continue
            labels = [tok.quarter for tok in tokens if tok.quarter is not None]
            quarter = most_common(labels) if labels else position
            if quarter is None and position in labels:
                quarter = position
            if labels and quarter != position:
                # Labels out of step with the lines: none of this block's labels can be
                # trusted, so nothing of it is read.
                return [{} for _ in self.slots], [(tokens[0].loc, tokens[0].raw, "order")]
            for k, tok in self._fit(tokens, problems, refused, quarter):
                if tok.quarter not in (None, quarter):
                    problems.append((tok.loc, tok.raw, "label"))
                    refused[k].add(quarter)
                elif quarter in values[k]:
                    problems.append((tok.loc, tok.raw, "duplicate"))
                else:
                    values[k][quarter] = tok
        missing: dict[tuple[int, ...], list[str]] = {}
        for k, got in enumerate(values):
            if got and any(tok.text for tok in got.values()):
                lost = tuple(q for q in (1, 2, 3, 4) if q not in got and q not in refused[k])
                if lost:
                    missing.setdefault(lost, []).append(next(iter(got.values())).loc.cell or "")
        for lost, cells in missing.items():
            first_loc = next(tok.loc for got in values for tok in got.values()
                             if tok.loc.cell == cells[0])
            problems.append((first_loc, ", ".join(f"TW {q}" for q in lost), "missing",
                             ", ".join(cells)))
        return values, problems

    def _fit(self, tokens: list[Tok], problems: list, refused: list[set[int]],
             quarter: int | None) -> list[tuple[int, Tok]]:
        """Slot of each value of a line: in order when complete, else by its unit."""
        if len(tokens) == len(self.slots):
            return list(enumerate(tokens))
        out: list[tuple[int, Tok]] = []
        for kind in ("kinerja", "keuangan"):
            ks = [k for k, s in enumerate(self.slots) if s[0] == kind]
            mine = [tok for tok in tokens if self._kind(tok) == kind]
            if len(mine) == len(ks):
                out.extend(zip(ks, mine, strict=True))
            elif mine:
                problems.extend((tok.loc, tok.raw, "unresolved") for tok in mine)
                for k in ks:
                    refused[k].add(quarter or 0)
        return out

    @staticmethod
    def _kind(tok: Tok) -> str:
        unit = numbers.parse_number(tok.text).unit
        return "kinerja" if unit and unit not in MONEY_UNITS else "keuangan"

    def _conventions(self) -> list[str | None]:
        texts: list[list[str]] = [[] for _ in self.slots]
        for record in self.records:
            for sub in record.subs:
                values, _ = self._slot_values(sub)
                for k, got in enumerate(values):
                    texts[k].extend(tok.text for tok in got.values())
        convs = [convention_of(x) for x in texts]
        for k, conv in enumerate(convs):
            self.b.set_convention(f"{self.s.name}#{k}", conv)
        return convs

    # ---- items
    def _record(self, record: Record, convs: list[str | None]) -> None:
        b, table, level = self.b, self.s.name, self.level
        n = record.no or str(sum(1 for i in b.doc.items if i.level == level) + 1)
        item_id = f"{PREFIX[level]}{n}"
        if b.doc.item(item_id):
            item_id = f"{item_id}~{record.first.number}"
        name = record.texts.get(ITEM_ROLE[level])
        item = Item(id=item_id, level=level, nama=name[0] if name else None, file=b.path,
                    table=table, row=record.first.number)
        if name:
            item.locate("nama", name[1], name[0])
        if "ss" in record.texts:
            item.sasaran = record.texts["ss"][0]
            item.locate("sasaran", record.texts["ss"][1], item.sasaran)
        pjs = [(text, b.loc(table, p.line, col)) for sub in record.subs for p in sub.lines
               for col, text in p.trailing]
        if pjs:
            distinct = list(dict.fromkeys(text for text, _ in pjs))
            item.penanggung_jawab = "; ".join(distinct)
            item.locate("penanggung_jawab", pjs[0][1], item.penanggung_jawab)
        b.doc.items.append(item)
        self.items.append((record, item))
        self.info.rows_read += sum(len(sub.lines) for sub in record.subs)
        if record.realigned:
            how = {lang: " ".join(t(f"{NS}.realign.{k}", lang) for k in record.realigned)
                   for lang in ("id", "en")}
            last = max(p.line.number for sub in record.subs for p in sub.lines)
            width = max(len(p.line.fields) for sub in record.subs for p in sub.lines)
            b.issue("STR-001", "realigned", b.loc(table, record.first, 1).model_copy(
                        update={"end": cell_ref(last, width)}),
                    item=ItemRef(level=level.value, nama=item.nama), actual=item.nama,
                    rows=span(record.first.number, last), how_id=how["id"], how_en=how["en"])
        money_parts: dict[str, list[tuple[int | None, Location, str]]] = {}
        contributing = 0
        for sub in record.subs:
            values, problems = self._slot_values(sub)
            ind = self._indicator(item, sub, values, convs)
            if ind is not None and problems:  # garbled, not missing: "tidak terbaca"
                for fname in ("satuan", "target", *(f"target_tw{q}" for q in range(1, 5))):
                    if getattr(ind, fname) is None:
                        ind.mark_unreadable(fname, problems[0][1])
                        if fname not in ind.cells:  # the finding names the garbled cell
                            ind.locate(fname, problems[0][0])
            has_money = False
            for k, (kind, mode, slot) in enumerate(self.slots):
                if kind != "keuangan" or not any(tok.text for tok in values[k].values()):
                    continue
                has_money = True
                item.anggaran_mode = mode
                for q, tok in values[k].items():
                    if q not in (1, 2, 3, 4):
                        continue
                    fname = f"{'anggaran' if slot == 'target' else 'realisasi'}_tw{q}"
                    scratch = Item(id=item.id, level=level, nama=item.nama)
                    value = b.money(scratch if len(record.subs) > 1 else item, fname,
                                    tok.text, tok.loc, column=f"{table}#{k}",
                                    convention=convs[k], infer=len(record.subs) == 1,
                                    printed=tok.raw)
                    money_parts.setdefault(fname, []).append((value, tok.loc, tok.raw))
            contributing += has_money
            if problems:
                self._report_problems(item, sub, problems)
        self._money(item, money_parts, contributing)

    def _money(self, item: Item, parts: dict[str, list[tuple[int | None, Location, str]]],
               contributing: int) -> None:
        """Each quarter's keuangan: the record's one block, or the sum of all its blocks."""
        for fname, got in parts.items():
            if len(got) == 1 or contributing <= 1:
                setattr(item, fname, got[0][0])
                if fname not in item.cells:
                    item.locate(fname, got[0][1], got[0][2])
                continue
            values = [v for v, _, _ in got]
            total = sum(values) if len(got) == contributing and all(  # type: ignore[arg-type]
                v is not None for v in values) else None
            setattr(item, fname, total)
            item.locate(fname, got[0][1], " + ".join(raw for _, _, raw in got))
        if contributing > 1:
            self.info.notes.append(t(f"{NS}.note.summed", "id", item=item_words(item),
                                     count=contributing))

    def _indicator(self, item: Item, sub: Block, values: list[dict[int, Tok]],
                   convs: list[str | None]) -> Indicator | None:
        """The record's indicator (kept in the document when it holds anything)."""
        b = self.b
        first = sub.lines[0].line if sub.lines else None
        ind = Indicator(item=item.id, file=b.path, table=self.s.name,
                        row=first.number if first else item.row)
        if "indikator" in sub.texts:
            ind.uraian, loc = sub.texts["indikator"]
            ind.locate("uraian", loc, ind.uraian)
        units = []
        for k, (kind, mode, slot) in enumerate(self.slots):
            if kind != "kinerja":
                continue
            ind.mode = mode
            for q, tok in values[k].items():
                if q not in (1, 2, 3, 4):
                    continue
                val = b.number(ind, f"{slot}_tw{q}", tok.text, tok.loc,
                               column=f"{self.s.name}#{k}", convention=convs[k], grades=True,
                               printed=tok.raw)
                setattr(ind, f"{slot}_tw{q}", val.value)
                if val.unit and val.unit not in MONEY_UNITS:
                    units.append(val.unit)
        unit = most_common(units)
        if unit:
            ind.satuan = "%" if unit == "%" else unit[:1].upper() + unit[1:]
        if ind.uraian or any(values[k] for k, s in enumerate(self.slots) if s[0] == "kinerja"):
            b.doc.indicators.append(ind)
            return ind
        return None

    def _report_problems(self, item: Item, sub: Block, problems: list) -> None:
        details = {lang: "; ".join(
            t(f"{NS}.problem.{p[2]}", lang, cell=p[3] if len(p) > 3 else p[0].cell, raw=p[1])
            for p in problems) for lang in ("id", "en")}
        lines = [p.line.number for p in sub.lines]
        self.b.issue("STR-002", "record_part", problems[0][0],
                     item=ItemRef(level=item.level.value, nama=item.nama),
                     actual=problems[0][1], rows=span(min(lines), max(lines)),
                     details_id=details["id"], details_en=details["en"])


def _link(b: Builder, info: TableInfo, level: Level,
          records: list[tuple[Record, Item]]) -> None:
    parent_level = {Level.PROGRAM: Level.SASARAN, Level.KEGIATAN: Level.PROGRAM,
                    Level.SUB_KEGIATAN: Level.KEGIATAN}[level]
    parents = [i for i in b.doc.items if i.level == parent_level]
    if not parents or not records:
        return
    role = PARENT_ROLE[level]
    names: list[str] = []
    for record, _ in records:  # a blank parent cell repeats the one above (merged cells)
        names.append(record.texts[role][0] if role in record.texts else
                     (names[-1] if names else ""))
    least = SASARAN_MATCH if parent_level == Level.SASARAN else MATCH
    chosen = align(names, parents, least)
    notes: dict[tuple[str, str], float] = {}
    for (_, item), name, j in zip(records, names, chosen, strict=True):
        if j is None:
            best = max(parents, key=lambda p: similarity(name, p.nama))
            b.issue("STR-003", "no_parent_name", item.location_of("nama"),
                    item=ItemRef(level=level.value, nama=item.nama), actual=name,
                    suggestion="suggest_parent_name",
                    suggestion_params={"candidate": item_words(best)},
                    name=name, level_id=t(f"{NS}.level.{parent_level.value}", "id"),
                    level_en=t(f"{NS}.level.{parent_level.value}", "en"))
            continue
        item.induk = parents[j].id
        score = similarity(name, parents[j].nama)
        if score < 1:
            notes[(name, parents[j].id)] = score
    for (name, pid), score in notes.items():
        parent = b.doc.item(pid)
        info.notes.append(t(f"{NS}.note.parent_by_name", "id", name=name,
                            candidate=item_words(parent) if parent else pid,
                            score=f"{score:.2f}".replace(".", ",")))
