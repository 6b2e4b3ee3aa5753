"""Parents of the items of an agency workbook, from the strongest evidence there is.

In order: the codes (a child's code starts with its parent's), the layout (a sasaran
beside its tujuan, a row under a ``Kegiatan`` section below its program), the ancestor's
name printed on the item's row (columns SASARAN STRATEGIS, Program, Kegiatan), and, for
eselon tables that print none of these, the budgets: the children of one parent are
consecutive rows whose budgets add up to the parent's, checked against the national
nomenclature's names. The partition itself is the eselon text importer's public
:func:`~checker.importers.budget_partition.partition`, so a workbook and its PDF
extract are judged by the same rule. Where the evidence does not decide, the parent is
left empty with an STR-003 finding listing the candidates: the reviewer decides.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from checker.i18n import LANGUAGES, t
from checker.i18n.format import format_number
from checker.importers.budget_partition import OfficialNames, name_similarity, partition
from checker.importers.excel_header import squash
from checker.importers.excel_pieces import NS, PARENT_LEVEL, VERSIONS
from checker.importers.issues import item_words
from checker.importers.names import norm
from checker.model.location import Location
from checker.model.plan import Document, Item, TableInfo
from checker.model.schema import LEVEL_ORDER, Level
from checker.reference.matching import ratio as similarity_ratio

if TYPE_CHECKING:
    from checker.importers.excel_build import DocReader

NAME_MATCH = 4  # per child whose official parent (nomenclature) is this parent
#: Work bound of the budget partition (children² × parents steps, pure Python, about
#: 0.4 s per million): 100 kegiatan with 300 sub-kegiatan stay under it (a Dinas has
#: a few dozen); beyond, parents are not inferred and every child says so (STR-003).
MAX_PARTITION_STEPS = 10_000_000
SASARAN_MATCH = 1  # per child whose sasaran reads like the parent's
#: A printed ancestor name this close (0–1, squashed) to one parent's name is that parent
#: with a typing slip (``social``, ``Adminstrasi``, ``Kabupaten/ Kota``) ...
SAME_NAME = 0.9
#: ... when it beats the next closest parent by this much (``Administrasi Umum`` is never
#: ``Administrasi Keuangan``).
NAME_MARGIN = 0.04
#: A printed name garbled beyond typing slips (a scan's ``PENUNJANG DILUSAN PEMERINTAHAN
#: DAERAH KABUPATEN / KOTA`` for ``Program Penunjang Urusan Pemerintahan Daerah``) names
#: a parent only on strong, unique evidence: its core (no level word, no region suffix)
#: this close to one parent's ...
GARBLED_LEAST = 0.7
#: ... this far ahead of every other parent (``Pengadaan Barang Milik Daerah Penunjang
#: Urusan Pen crntah Daerah`` is 0.79 to a Pemeliharaan kegiatan and 0.70 to its own
#: Pengadaan kegiatan: no parent), and the row's own grandparent column (a kegiatan
#: row's sasaran, a sub-kegiatan row's program) naming that parent's parent.
GARBLED_MARGIN = 0.15
_LEVEL_WORD = re.compile(r"^(?:program|kegiatan|sub kegiatan)\s+")
_REGION = re.compile(r"\s+(?:kabupaten kota|kabupaten|kota|provinsi)$")  # after norm()
BUDGET_LEVELS = (Level.KEGIATAN, Level.SUB_KEGIATAN)
LEVELS = list(Level)


def link_parents(r: DocReader) -> None:
    """Set ``induk`` of every item the evidence decides; report the others (STR-003)."""
    doc = r.doc
    _by_code(doc.items)
    unmatched: Counter[tuple[str | None, Level]] = Counter()
    for level in LEVELS[1:]:
        parent_level = PARENT_LEVEL[level]
        parents = [i for i in doc.items if i.level == parent_level]
        deferred: list[Item] = []
        for item in [i for i in doc.items if i.level == level and i.induk is None]:
            context = r.context.get(item.id, {})
            if parent_level in context and not _by_name(r, item, parent_level, parents,
                                                         deferred):
                unmatched[(r.table_of.get(item.id), parent_level)] += 1
        for item in deferred:  # named by nothing close enough: its siblings' order decides?
            if not _between(r, item, parents):
                _by_name(r, item, parent_level, parents)
    for (table, parent_level), count in unmatched.items():
        info = next((ti for ti in doc.tables if ti.name == table), None)
        if info is not None:
            info.notes.append(t(f"{NS}.note_sasaran_unmatched", count=count,
                                level=parent_level.value))
    names = OfficialNames()
    for level in BUDGET_LEVELS:
        parent_level = PARENT_LEVEL[level]
        children = [i for i in doc.items if i.level == level and i.induk is None
                    and parent_level not in r.context.get(i.id, {})]
        if not children:
            continue
        parents = [i for i in doc.items if i.level == parent_level]
        info = next((ti for ti in doc.tables if ti.name == r.table_of.get(children[0].id)), None)
        if not parents:
            if info is not None:
                info.notes.append(t(f"{NS}.note_no_parent_table", level=parent_level.value))
            continue
        _by_budget(r, children, parents, names, info)
    _implied_by_children(doc)


#: Money fields whose unreadable value the family's values may imply: the versions of a
#: pagu table (as the LKjIP reader before did). The anggaran and realisasi of other
#: tables would gain correct suggestions too (seed 002: C749, C1072, C1122, C1169); not
#: yet, so that this move changes no other file's output.
_SUMMED = VERSIONS


def _implied_by_children(doc: Document) -> None:
    """An unreadable amount that its children's amounts imply: suggested, never used.

    ``1.305.563.5500`` for a program whose two kegiatan print 199.095.000 and
    1.106.468.500 is 1.305.563.500; the finding (NUM-001) says so, the value stays unread.
    """
    unread = {(f.location.table, f.location.cell): f for f in doc.issues
              if f.code in ("NUM-001", "NUM-003") and f.expected is None}
    if not unread:
        return
    children: dict[str, list[Item]] = {}
    for item in doc.items:
        if item.induk is not None:
            children.setdefault(item.induk, []).append(item)
    by_id = {i.id: i for i in doc.items}
    for item in doc.items:
        for name in _SUMMED:
            where = item.cells.get(name)
            found = unread.get((where.table, where.cell)) if where is not None else None
            if found is None or getattr(item, name) is not None:
                continue
            implied = _implied(item, name, children, by_id)
            if implied is not None:
                source, found.expected = implied
                found.suggestion = {lang: t(f"{NS}.suggest_implied_{source}", lang,
                                            value=format_number(found.expected, lang))
                                    for lang in LANGUAGES}


def _implied(item: Item, name: str, children: dict[str, list[Item]],
             by_id: dict[str, Item]) -> tuple[str, int] | None:
    """The sum of the item's children, else its parent's amount less its siblings'."""
    values = [getattr(c, name) for c in children.get(item.id, [])]
    if values and all(isinstance(v, int) for v in values):
        return "children", sum(values)
    parent = by_id.get(item.induk) if item.induk else None
    total = getattr(parent, name) if parent is not None else None
    siblings = [getattr(c, name) for c in children.get(item.induk or "", []) if c is not item]
    if isinstance(total, int) and all(isinstance(v, int) for v in siblings):
        return "parent", total - sum(siblings)
    return None


def _by_code(items: list[Item]) -> None:
    """A child whose code starts with another item's code is that item's child."""
    from checker.reference.codes import normalise_code, parent_code

    by_code = {normalise_code(i.kode) or i.kode: i for i in items if i.kode}
    for item in items:
        if item.induk is not None or not item.kode:
            continue
        code = normalise_code(item.kode) or item.kode
        parent = None
        up = parent_code(code)
        while up and parent is None:
            parent = by_code.get(up)
            up = parent_code(up) if parent is None and up.count(".") > 1 else None
        if parent is None:  # codes the nomenclature does not shape: longest prefix
            candidates = [i for c, i in by_code.items() if c != code
                          and code.startswith(c + ".")]
            parent = max(candidates, key=lambda i: len(i.kode or ""), default=None)
        if parent is not None and parent is not item:
            item.induk = parent.id


def _by_name(r: DocReader, item: Item, parent_level: Level, parents: list[Item],
             deferred: list[Item] | None = None) -> bool:
    """The parent named on the item's row, found among the items of the level above.

    Returns False only for a tujuan or sasaran name that matches no row: the SASARAN
    STRATEGIS column says which objective an item serves, and a document without a
    sasaran row of that name has a description there, not a broken link (a note, not a
    finding). Every other failure is an STR-003 finding; a name no parent is close to is
    put in ``deferred`` instead, when given, for :func:`_between` to try once its
    siblings are linked.
    """
    name, loc = r.context[item.id][parent_level]
    key = squash(name)
    found = [p for p in parents if squash(p.nama or "") == key]
    if len(found) > 1:
        above = PARENT_LEVEL.get(parent_level)
        upper = r.context[item.id].get(above) if above else None
        if upper is not None:
            narrowed = [p for p in found if p.induk and squash(
                (r.doc.item(p.induk) or Item(id="", level=above)).nama or "") == squash(upper[0])]
            found = narrowed or found
    params = {"level": item.level, "child": item_words(item),
              "parent_level": parent_level, "name": name}
    if not found and parent_level not in (Level.TUJUAN, Level.SASARAN):
        found = _near(r, item, name, parents, loc) or _garbled(r, item, name, parents)
    if len(found) == 1:
        item.induk = found[0].id
    elif found:
        r.add("STR-003", "str_parent_ambiguous", loc, item=item, actual=name,
              candidates=", ".join(item_words(p) for p in found), **params)
    elif parent_level in (Level.TUJUAN, Level.SASARAN):
        return False
    elif not parents:
        r.add("STR-003", "str_parent_no_table", loc, item=item, actual=name, **params)
    elif deferred is not None:
        deferred.append(item)
    else:
        scored = sorted(((similarity_ratio(key, squash(p.nama or "")), p)
                         for p in parents), key=lambda x: -x[0])
        best = scored[0] if scored and scored[0][0] >= 0.8 else None
        r.add("STR-003", "str_parent_missing", loc, item=item, actual=name, **params,
              suggestion="suggest_parent" if best else None,
              suggestion_params={"candidate": item_words(best[1])} if best else None)
    return True


def _near(r: DocReader, item: Item, name: str, parents: list[Item],
          loc: Location) -> list[Item]:
    """The one parent whose name the printed one clearly is, typing slips aside.

    Strict on purpose: the nearest name must be :data:`SAME_NAME` close and lead the
    runner-up by :data:`NAME_MARGIN`, so that a name is never given a merely similar
    parent. The link is made (the budgets of the family are then checked) and the two
    spellings are still reported, once per printed cell (STR-003): the document names
    one kegiatan in two ways, which a reviewer corrects.
    """
    key = squash(name)
    scored = sorted(((similarity_ratio(key, squash(p.nama or "")), i)
                     for i, p in enumerate(parents)), reverse=True)
    if not scored or scored[0][0] < SAME_NAME or (
            len(scored) > 1 and scored[0][0] - scored[1][0] < NAME_MARGIN):
        return []
    parent = parents[scored[0][1]]
    if (loc.table, loc.cell) not in r.near_reported:
        r.near_reported.add((loc.table, loc.cell))
        r.add("STR-003", "str_parent_near", loc, item=item, actual=name, expected=parent.nama,
              level=item.level, child=item_words(item), parent_level=parent.level,
              name=name, parent=item_words(parent), score=f"{scored[0][0]:.2f}")
    return [parent]


def _core(name: str | None) -> str:
    """A name without its level word, region suffix, case, spaces and punctuation.

    ``PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA`` on a kegiatan row and
    ``Program Penunjang Urusan Pemerintahan Daerah`` in the program table are one name.
    """
    return re.sub(r"[^a-z0-9]", "", _REGION.sub("", _LEVEL_WORD.sub("", norm(name))))


def _garbled(r: DocReader, item: Item, name: str, parents: list[Item]) -> list[Item]:
    """The one parent a garbled name can only be, shown with its evidence, or none.

    Linked only when the evidence is strong and unique: the name's core is
    :data:`GARBLED_LEAST` close to one parent's and :data:`GARBLED_MARGIN` ahead of
    every other parent's, and the row prints its grandparent column naming that
    parent's own parent (a kegiatan row's sasaran, a sub-kegiatan row's program: the
    parent linked to it, or the name its own row prints in that column). A
    wrong parent would make false roll-up errors, so anything less is left to the
    STR-003 finding the caller gives. The weighed evidence is a note of the table.
    """
    key = _core(name)
    scored = sorted(((similarity_ratio(key, _core(p.nama)), i) for i, p in enumerate(parents)),
                    reverse=True)
    if not key or not scored or scored[0][0] < GARBLED_LEAST:
        return []
    runner = scored[1][0] if len(scored) > 1 else 0.0
    if scored[0][0] - runner < GARBLED_MARGIN:
        return []
    parent = parents[scored[0][1]]
    above = PARENT_LEVEL.get(parent.level)
    upper = r.context[item.id].get(above) if above else None
    if upper is None or not any(similarity_ratio(_core(upper[0]), _core(known)) >= SAME_NAME
                                for known in _parent_names(r, parent, above)):
        return []
    table = r.table_of.get(item.id)
    info = next((ti for ti in r.doc.tables if ti.name == table), None)
    if info is not None:
        note = t(f"{NS}.note_parent_garbled", name=name, parent=item_words(parent),
                 score=f"{scored[0][0]:.2f}", runner=f"{runner:.2f}",
                 level=above.value if above else "", upper=upper[0])
        if note not in info.notes:
            info.notes.append(note)
    return [parent]


def _between(r: DocReader, item: Item, parents: list[Item]) -> bool:
    """The parent a garbled name can only be, among the parents its linked siblings bracket.

    A table lists each parent's children together, in the parents' order: a row between
    a sibling of parent *a* and a sibling of parent *b* (the nearest linked rows of its
    level in its table) belongs to *a*, *b* or a parent printed between them. Among
    those alone, the name must be :data:`GARBLED_LEAST` close to one and
    :data:`GARBLED_MARGIN` ahead of the others (seed 004's ``ADMINISTRASI KEPERANGKAT
    DAERAH``, between children of the Perencanaan and the Keuangan kegiatan: 0.91 to
    Administrasi Keuangan, 0.54 to Perencanaan; among all kegiatan it is 0.91 against
    0.90, too close to call). The evidence is a note of the table.
    """
    table = r.table_of.get(item.id)
    rows = [i for i in r.doc.items if i.level == item.level and r.table_of.get(i.id) == table]
    at = rows.index(item)
    before = next((i for i in reversed(rows[:at]) if i.induk), None)
    after = next((i for i in rows[at + 1:] if i.induk), None)
    index = {p.id: k for k, p in enumerate(parents)}
    if before is None or after is None or before.induk not in index \
            or after.induk not in index or index[before.induk] > index[after.induk]:
        return False
    bracket = parents[index[before.induk]:index[after.induk] + 1]
    name, loc = r.context[item.id][bracket[0].level]
    scored = sorted(((similarity_ratio(_core(name), _core(p.nama)), k)
                     for k, p in enumerate(bracket)), reverse=True)
    runner = scored[1][0] if len(scored) > 1 else 0.0
    if not _core(name) or scored[0][0] < GARBLED_LEAST or scored[0][0] - runner < GARBLED_MARGIN:
        return False
    parent = bracket[scored[0][1]]
    item.induk = parent.id
    info = next((ti for ti in r.doc.tables if ti.name == table), None)
    if info is not None:
        info.notes.append(t(f"{NS}.note_parent_between", name=name, parent=item_words(parent),
                            score=f"{scored[0][0]:.2f}", runner=f"{runner:.2f}",
                            first=item_words(before), last=item_words(after),
                            cell=loc.cell or ""))
    return True


def _parent_names(r: DocReader, item: Item, level: Level | None) -> list[str]:
    """What the document says the item's own parent is: the linked one, its printed name."""
    grand = r.doc.item(item.induk) if item.induk else None
    printed = r.context.get(item.id, {}).get(level) if level else None
    return [name for name in ((grand.nama if grand else None), printed[0] if printed else None)
            if name]


def _by_budget(r: DocReader, children: list[Item], parents: list[Item], names: OfficialNames,
               info: TableInfo | None) -> None:
    """Parents of one level's items: the best budget partition, checked against names.

    A child whose best partitions disagree, or whose official parent (nomenclature) is
    another candidate than the one the budgets chose, gets no parent and an STR-003 that
    lists the candidates.
    """
    parent_level = parents[0].level
    if len(children) ** 2 * len(parents) > MAX_PARTITION_STEPS:
        for child in children:
            r.add("STR-003", "str_parent_unknown", child.location_of("nama"), item=child,
                  actual=child.nama, nama=child.nama or item_words(child), level=parent_level.value,
                  candidates="-")
        if info is not None:
            info.notes.append(t(f"{NS}.note_partition_too_large", children=len(children),
                                parents=len(parents), level=parent_level.value))
        return
    ranked = [i for i in r.doc.items if i.level in (Level.PROGRAM, Level.KEGIATAN,
                                                    Level.SUB_KEGIATAN)]
    if names.within is None and ranked:
        top = min(LEVEL_ORDER[i.level.value] for i in ranked)
        names.learn_bidang([i for i in ranked if LEVEL_ORDER[i.level.value] == top])
    own = {i.id: names.codes(i) for i in (*children, *parents)}
    _note_official_codes(r, [*parents, *children], own)
    vote = [[(1 if names.parents(own[c.id]) & own[p.id] else -1)
             if own[c.id] and own[p.id] else 0 for p in parents] for c in children]
    affinity = [[NAME_MATCH * vote[i][k] + SASARAN_MATCH * name_similarity(c.sasaran, p.sasaran)
                 for k, p in enumerate(parents)] for i, c in enumerate(children)]
    candidates, exact = partition([c.anggaran for c in children],
                                  [p.anggaran for p in parents], affinity)
    for i, child in enumerate(children):
        ks = sorted(candidates[i])
        if len(ks) == 1 and vote[i][ks[0]] >= 0:
            child.induk = parents[ks[0]].id
            continue
        if len(ks) == 1:
            ks = sorted({ks[0]} | {k for k, v in enumerate(vote[i]) if v > 0})
        listed = ", ".join(item_words(parents[k]) for k in ks)
        r.add("STR-003", "str_parent_unknown", child.location_of("nama"), item=child,
              actual=child.nama, expected=[parents[k].nama or item_words(parents[k])
                                           for k in ks],
              nama=child.nama or item_words(child), level=parent_level.value,
              candidates=listed or "-")
    if info is None:
        return
    info.notes.append(t(f"{NS}.note_parents", level=parent_level.value, exact=len(exact),
                        parents=len(parents), linked=sum(1 for c in children if c.induk),
                        children=len(children)))
    if names.nom is None:
        info.notes.append(t(f"{NS}.note_no_nomenclature", reason=names.reason or "-"))


def _note_official_codes(r: DocReader, items: list[Item], own: dict[str, set[str]]) -> None:
    """Say, per table, which official codes the names matched: the evidence shown.

    A note only: the document prints no code, so none is set on the item.
    """
    noted = r.codes_noted
    by_table: dict[str, list[str]] = {}
    for item in items:
        if item.id in noted or not own.get(item.id):
            continue
        noted.add(item.id)
        table = r.table_of.get(item.id)
        if table is not None:
            by_table.setdefault(table, []).append(
                f"{item.id}={'/'.join(sorted(own[item.id]))}")
    for info in r.doc.tables:
        if info.name in by_table:
            info.notes.append(t(f"{NS}.note_official_codes", pairs="; ".join(by_table[info.name])))
