"""A tree of objectives printed in parts: statements, labelled nodes, node tables, node lines.

Some forms (the cascading "penjenjangan kinerja" form is the first) print the tree from
the outcome down to the most technical condition before they print any plan: the outcome
as a statement, the CSFs as labelled statements (``CSF II:``), tables ``node | condition
needed`` that break each node down, and the performance tree as a node line followed by
its indicator line. A layout profile names these parts and their form (``[tree]`` in
``profiles/<name>.toml``); this stage reads them. Nothing of the layout is written here:
the labels, the child column's header and the words of a table title come from the
profile.

Every node is an objective: the root a **tujuan**, every other node a **sasaran** (the
form's own note: "Tujuan berdasarkan hasil identifikasi Outcome", "Sasaran berdasarkan
CSF", conditions are the *sasaran* of programs, kegiatan and sub-kegiatan). They carry an
indicator but no target and no budget, so they go into a document of their own and no
rule about programs or budgets fires on them. Ids say the depth: ``T1``, ``CSF1``,
``CSF1.2`` (its second condition), ``CSF1.2.1``; a node found only in the node lines is
``N@<row>``.

Parents by name, strictly (:mod:`~checker.importers.names`): a table titled by a node
lists that node's children on its left; a left cell naming another node is linked as
printed and reported (STR-003); a node line naming no node above is kept without a parent
and reported (STR-003). A reviewer decides; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker.i18n import t
from checker.importers.base import document_id
from checker.importers.excel_grid import PARAGRAPH, Sheet
from checker.importers.issues import issue
from checker.importers.names import best, clean, norm
from checker.importers.profiles import Part, TreeForm
from checker.importers.vocabulary import squash
from checker.model.finding import ItemRef
from checker.model.location import Location, column_letter
from checker.model.plan import Document, Indicator, Item, TableInfo
from checker.model.schema import DocumentKind, Level
from checker.reference.matching import ratio as similarity_ratio

NS = "import_tree"
ROOT = "T1"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}
#: A header this close (squashed, 0–1) to the profile's child header is that header.
HEADER_MATCH = 0.85


def _number(text: str) -> int | None:
    low = text.casefold()
    return int(low) if low.isdigit() else _ROMAN.get(low)


def _runs(rows: list[int], places: list[tuple[str, int]] | None = None
          ) -> list[list[int]]:
    """Paragraphs: runs of consecutive rows (a blank line, a page heading end one).

    In a flowed Word grid (``places``) Word says where a paragraph ends: the lines of one
    paragraph (manual line breaks) are a run, and so are the rows of one table.
    """
    out: list[list[int]] = []
    for r in sorted(rows):
        if out and out[-1][-1] == r - 1 and (places is None or _same_place(places, r)):
            out[-1].append(r)
        else:
            out.append([r])
    return out


def _same_place(places: list[tuple[str, int]], row: int) -> bool:
    """Rows ``row - 1`` and ``row`` are lines of one Word paragraph or rows of one table."""
    if not 2 <= row <= len(places):
        return False
    above, here = places[row - 2], places[row - 1]
    return above[0] == here[0] and (here[0] != PARAGRAPH or above[1] == here[1])


def _words_pattern(words: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in words) if words else r"(?!)"


@dataclass
class _Tree:
    file: str
    sheet: Sheet
    form: TreeForm
    doc: Document
    children: dict[str | None, list[str]] = field(default_factory=dict)
    numbered: dict[int, str] = field(default_factory=dict)  # ``CSF 2`` → its node's id
    recent: list[str] = field(default_factory=list)
    # The document's items by id, the first of an id kept (as ``Document.item`` finds it):
    # items are added by ``node`` only, and a name is asked for every candidate of every
    # pair (seed 002: 800 linear searches of the items).
    by_id: dict[str, Item] = field(default_factory=dict)

    # ------------------------------------------------------------------ helpers
    def text(self, row: int) -> str:
        return clean(" ".join(x for _, x in self.sheet.cells(row)))

    def loc(self, table: str, row: int, col: int) -> Location:
        """A line's cell: in a flowed Word grid, the Word table (or paragraph) it is in."""
        if self.sheet.places is not None:
            return self.sheet.location(self.file, row, col, table)
        return Location(file=self.file, table=table, row=row, column=column_letter(col))

    def info(self, name: str, **columns: str) -> TableInfo:
        found = next((ti for ti in self.doc.tables if ti.name == name), None)
        if found is None:
            found = TableInfo(name=name, file=self.file, grid=self.sheet.name,
                              columns=dict(columns))
            self.doc.tables.append(found)
        return found

    def touch(self, name: str, row: int, read: bool = True) -> None:
        info = self.info(name)
        info.first_row = row if info.first_row is None else min(info.first_row, row)
        info.last_row = row if info.last_row is None else max(info.last_row, row)
        info.rows_read += int(read)

    def node(self, item_id: str, nama: str, induk: str | None, table: str, row: int,
             col: int) -> str:
        level = Level.TUJUAN if item_id == ROOT else Level.SASARAN
        where = self.loc(table, row, col)
        item = Item(id=item_id, induk=induk, level=level, nama=nama, file=self.file,
                    table=where.table, row=where.row)
        item.locate("nama", where)
        self.doc.items.append(item)
        self.by_id.setdefault(item_id, item)
        self.children.setdefault(induk, []).append(item_id)
        self.touch(table, row)
        return item_id

    def name(self, key: str) -> str:
        return self.by_id.get(key).nama or ""  # type: ignore[union-attr]

    def candidates(self, under: str | None = None, *, everything: bool = False
                   ) -> list[tuple[str, str]]:
        ids = [i.id for i in self.doc.items] if everything else self.children.get(under, [])
        return [(k, norm(self.name(k))) for k in ids]

    def descendants(self, node: str) -> list[str]:
        out, todo = [], list(self.children.get(node, []))
        while todo:
            k = todo.pop()
            out.append(k)
            todo.extend(self.children.get(k, []))
        return out

    def report(self, code: str, key: str, where: Location, nama: str, **params: Any) -> None:
        self.doc.issues.append(issue(
            self.doc.id, code, f"{NS}.{key}", where,
            item=ItemRef(level=Level.SASARAN.value, nama=nama), actual=nama,
            **{"nama": nama, **params}))

    # ------------------------------------------------------------------ statement
    def statement(self, part: Part) -> None:
        """The first paragraph of single cells is the root; a table after it is context."""
        runs = _runs(part.rows, self.sheet.places)
        if runs and all(len(self.sheet.cells(r)) == 1 for r in runs[0]):
            self.info(part.name, A="tujuan")
            self.root(" ".join(self.text(r) for r in runs[0]), part.name, runs[0][0])
            runs = runs[1:]
        wide = [r for run in runs for r in run if len(self.sheet.cells(r)) > 1]
        if wide:
            self.doc.issues.append(issue(
                self.doc.id, "STR-004", f"{NS}.context_unread", self.loc(part.name, wide[0], 1),
                actual=self.text(wide[0]), part=part.name, rows=sum(map(len, runs)),
                first=self.text(wide[0])[:80]))

    def root(self, text: str, table: str, row: int) -> None:
        if self.root_id() is not None:
            if norm(text) != norm(self.name(ROOT)):
                self.info(table).notes.append(t(f"{NS}.note_root_differs", line=row, text=text,
                                                first=self.name(ROOT)))
            return
        self.node(ROOT, clean(text), None, table, row, 1)

    # ------------------------------------------------------------------ labels
    def labels(self, part: Part) -> None:
        """``ROOT :`` and ``NODE n:`` labels, each followed by its statement."""
        root = re.compile(rf"^\W*{_words_pattern(self.form.root_label)}\s*:\s*(.*)$", re.I)
        numbered = re.compile(
            rf"^\W*{_words_pattern(self.form.node_label)}\s*([ivx]+|\d+)\s*[:.]\s*(.*)$", re.I)
        runs = _runs(part.rows, self.sheet.places)
        k = 0
        while k < len(runs):
            run = runs[k]
            first = self.text(run[0])
            m_root, m_node = root.match(first), numbered.match(first)
            k += 1
            if not (m_root or m_node):
                self.info(part.name).skipped.append((run[0], t(f"{NS}.skip_text")))
                continue
            inline = m_root.group(1) if m_root else m_node.group(2)  # type: ignore[union-attr]
            rows = run[1:]
            if not inline.strip() and not rows and k < len(runs):
                nxt = self.text(runs[k][0])
                if not (root.match(nxt) or numbered.match(nxt)):
                    rows, k = runs[k], k + 1
            text = clean(" ".join([inline, *(self.text(r) for r in rows)]))
            if not text:
                continue
            at = run[0] if inline.strip() else rows[0]
            self.info(part.name, A="tujuan, sasaran")
            if m_root:
                self.root(text, part.name, at)
            else:
                self.labelled(_number(m_node.group(1)), text, part.name, at)  # type: ignore

    def labelled(self, n: int | None, text: str, table: str, row: int) -> None:
        if n is None:
            return
        if n in self.numbered:
            if norm(text) != norm(self.name(self.numbered[n])):
                self.info(table).notes.append(t(f"{NS}.note_node_differs", line=row, n=n))
            return
        self.numbered[n] = self.node(f"{self.prefix}{n}", text, self.root_id(), table, row, 1)

    @property
    def prefix(self) -> str:
        """Ids of numbered nodes: the label (``CSF2``), else ``S`` (a sasaran)."""
        return self.form.node_label.upper() or "S"

    def root_id(self) -> str | None:
        return ROOT if ROOT in self.by_id else None

    # ------------------------------------------------------------------ pairs
    def is_header(self, row: int) -> bool:
        cells = self.sheet.cells(row)
        if len(cells) < 2:
            return False
        last, want = squash(cells[-1][1]), self.form.child_header
        return bool(want) and (last.startswith(want)
                               or similarity_ratio(last, want) > HEADER_MATCH)

    def pairs(self, part: Part) -> None:
        """Tables ``node | child``, several to a page.

        Each row's left cell (blank when it repeats) is a node, its right cell one of the
        conditions that node needs.
        """
        self.info(part.name, A="kondisi (induk)", B="kondisi yang diperlukan")
        for run in _runs(part.rows, self.sheet.places):
            starts = [i for i, r in enumerate(run) if self.is_header(r)]
            for i in range(len(run)):
                if not starts or i < starts[0]:
                    self.info(part.name).skipped.append((run[i], t(f"{NS}.skip_text")))
            for n, s in enumerate(starts):
                end = starts[n + 1] if n + 1 < len(starts) else len(run)
                self.table(part.name, run[s], run[s + 1:end])

    def table(self, name: str, header: int, rows: list[int]) -> None:
        title = clean(self.sheet.cells(header)[0][1])
        self.touch(name, header, read=False)
        anchor, anchor_name, own = self.anchor(title)
        parent: str | None = None
        for row in rows:
            cells = self.sheet.cells(row)
            left = clean(" ".join(x for c, x in cells if c == 1))
            right = clean(" ".join(x for c, x in cells if c > 1))
            if left:
                parent = self.parent(left, row, anchor, anchor_name, own, title, name)
            if right and parent is not None:
                if all(v != norm(right) for _, v in self.candidates(parent)):
                    number = len(self.children.get(parent, [])) + 1
                    self.node(f"{parent}.{number}", right, parent, name, row, 2)
                else:
                    self.touch(name, row)

    def anchor(self, title: str) -> tuple[str | None, str, bool]:
        """The node a table hangs from, and whether its left column is that node itself.

        A title starting with the profile's ``own_title`` (``Faktor Penyebab (CSF 1)``)
        lists the node itself on the left; ``Kondisi Antara CSF … 1`` and ``Kondisi Antara
        (X)`` list the conditions of CSF 1 or of X.
        """
        own = squash(title).startswith(self.form.own_title) if self.form.own_title else False
        label = self.form.node_label
        m = re.search(rf"{_words_pattern(label)}\b.*?\b([ivx]+|\d+)\W*$", title, re.I) \
            if label else None
        if m:
            n = _number(m.group(1))
            return (self.numbered.get(n) if n is not None else None), m.group(0).strip(), own
        strip = re.match(rf"^\W*{_words_pattern(self.form.strip_title)}\s*(.*)$",
                         title, re.I)
        name = (strip.group(1) if strip else title).strip().strip("()").strip()
        key = best(name, self.candidates(everything=True), verbs=True)[0] if name else None
        return key, name, own

    def find(self, name: str, anchor: str | None) -> str | None:
        """A node by name: the anchor and its children first, then the whole tree."""
        if anchor is not None:
            scoped = [(anchor, norm(self.name(anchor))), *self.candidates(anchor)]
            key, _ = best(name, scoped, verbs=True)
            if key:
                return key
        return best(name, self.candidates(everything=True), verbs=True)[0]

    def parent(self, left: str, row: int, anchor: str | None, anchor_name: str, own: bool,
               title: str, table: str) -> str:
        """The node a left cell names; a new one (STR-003) if it names none."""
        where = self.loc(table, row, 1)
        key = self.find(left, anchor)
        if key is not None:
            induk = self.by_id.get(key).induk  # type: ignore[union-attr]
            fits = key == anchor if own else (anchor is None or induk == anchor)
            if not fits and anchor is not None:
                expected: Any = self.name(anchor) if own else [
                    self.name(k) for k in self.children.get(anchor, [])]
                self.report("STR-003", "parent_inconsistent", where, left, expected=expected,
                            heading=title, printed=left, anchor=self.name(anchor))
            return key
        n = self.number_in(title)
        if own and anchor is None and n is not None:
            self.numbered[n] = self.node(f"{self.prefix}{n}", left, self.root_id(), table, row, 1)
            return self.numbered[n]
        induk = None if own else anchor
        key = self.node(f"N@{row}", left, induk, table, row, 1)
        self.report("STR-003", "parent_unknown" if induk is None else "node_added", where,
                    left, anchor=anchor_name)
        return key

    def number_in(self, title: str) -> int | None:
        label = self.form.node_label
        m = re.search(rf"{_words_pattern(label)}\b.*?\b([ivx]+|\d+)\W*$", title, re.I) \
            if label else None
        return _number(m.group(1)) if m else None

    # ------------------------------------------------------------------ alternating
    def alternating(self, part: Part) -> None:
        """Node line, indicator line, branch after branch.

        The title's own paragraph and the form's notes (``Note:``, ``- …``) are not nodes.
        """
        runs = _runs(part.rows, self.sheet.places)
        rows = [r for run in runs if run[0] != part.title[0] + 1 for r in run]
        lines = [r for r in rows if not self.text(r).startswith(("-", "•"))
                 and not (self.text(r).endswith(":") and len(self.text(r).split()) <= 3)]
        self.info(part.name, A="simpul / indikator (baris bergantian)")
        for k in range(0, len(lines) - 1, 2):
            self.pair(part.name, lines[k], lines[k + 1])
        if len(lines) % 2:
            last = lines[-1]
            self.touch(part.name, last, read=False)
            self.doc.issues.append(issue(
                self.doc.id, "STR-002", f"{NS}.unpaired", self.loc(part.name, last, 1),
                actual=self.text(last), text=self.text(last)))

    def match_line(self, name: str) -> tuple[str | None, float]:
        """The node a line names, read in the branch being printed.

        The lines walk each branch from its CSF down, and some conditions carry the same
        name in two branches; so an exact name found once is taken, and otherwise the
        descendants of the nodes just read (most recent first) are searched before the
        whole tree.
        """
        target = norm(name)
        everything = self.candidates(everything=True)
        exact = [k for k, v in everything if v == target]
        if len(exact) == 1:
            return exact[0], 1.0
        done: set[str] = set()
        for anchor in reversed(self.recent):
            if anchor in done:
                continue
            done.add(anchor)
            scope = self.descendants(anchor)
            if exact:
                inside = [k for k in exact if k in scope]
                if inside:
                    return inside[0], 1.0
                continue
            key, score = best(name, [(k, norm(self.name(k))) for k in scope], verbs=True)
            if key:
                return key, score
        if exact:
            return exact[0], 1.0
        return best(name, everything, verbs=True)

    def pair(self, table: str, node_row: int, ind_row: int) -> None:
        name, uraian = self.text(node_row), self.text(ind_row)
        key, score = self.match_line(name)
        self.touch(table, node_row)
        self.touch(table, ind_row, read=False)
        if key is None:
            key = self.node(f"N@{node_row}", name, None, table, node_row, 1)
            above = ", ".join(ti.name for ti in self.doc.tables if ti.name != table)
            self.report("STR-003", "node_unknown", self.loc(table, node_row, 1), name,
                        parts=above or "-")
        elif score < 1.0:
            self.info(table).notes.append(t(f"{NS}.note_matched", line=node_row, text=name,
                                            node=self.name(key), score=f"{score:.2f}"))
        self.recent.append(key)
        known = [(str(n), norm(x.uraian)) for n, x in enumerate(self.doc.indicators)
                 if x.item == key]
        if best(uraian, known)[0] is not None:
            return
        where = self.loc(table, ind_row, 1)
        ind = Indicator(item=key, uraian=uraian, file=self.file, table=where.table,
                        row=where.row)
        ind.locate("uraian", where)
        self.doc.indicators.append(ind)


def read_tree(file: str, sheet: Sheet, parts: list[Part], form: TreeForm,
              kind: DocumentKind) -> Document | None:
    """The tree document of the parts a profile reads as a tree, or ``None`` if none is."""
    mine = [p for p in parts if p.form is not None]
    if not mine:
        return None
    doc = Document(id=document_id(file, kind, form.document), jenis=kind, path=file)
    tree = _Tree(file=file, sheet=sheet, form=form, doc=doc)
    for part in mine:
        getattr(tree, str(part.form))(part)
    return doc if doc.items or doc.issues else None
