"""Roll-up gaps that another agency's report explains, linked to the copied block (issue 18).

When a parent's printed figure was copied from another agency's report, its gap against
its own children is often an amount of that other report: the other agency's extra
kegiatan, or its own sub-kegiatan that the shared spreadsheet summed in. A roll-up finding
(``rollup-anggaran``) then says so in its evidence — "selisih TW II Rp 338.100.000 sama
dengan Realisasi Keuangan TW II kegiatan "…" pada dokumen …" — and is linked (``related``)
to the copied-block finding (LDK-014) of the same pair of agencies: both are one story.

Only what the documents prove is said: the gap is the parent's printed value minus the sum
of its printed children in the same money field; it is compared with values of the same
field (TW II with TW II) in documents of *other* agencies of the same government and
period (:func:`checker.engine.copies.agency_codes`); and only gaps specific enough for the
equality not to be chance count (the rule's own guard: at least Rp 10.000.000 and not a
multiple of Rp 1.000.000). The lookup is one merge of all gaps against all amounts.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from checker.dsl import ast
from checker.engine.blame import Blamer
from checker.engine.consequences import place_of
from checker.engine.copies import agency_codes
from checker.engine.unreadable import field_header
from checker.i18n import LANGUAGES, t
from checker.i18n.format import format_number, level_words
from checker.model.cells import cell_text
from checker.model.dtypes import I64, INT64, STRING
from checker.model.finding import Finding
from checker.model.frames import Frames
from checker.model.location import page_words
from checker.model.schema import ENTITIES, Kind

#: A gap is evidence only when equality elsewhere cannot be chance (see LDK-014's doc).
MIN_GAP = 10_000_000
ROUND_STEP = 1_000_000
_MONEY = {f.name for f in ENTITIES["item"].fields if f.kind == Kind.MONEY}


def money_children(rule: ast.Rule) -> list[str]:
    """The money fields ``F`` a rule compares through ``children.F``, in rule order."""
    out: list[str] = []

    def walk(expr: ast.Expr) -> None:
        if isinstance(expr, ast.FieldRef) and len(expr.path) == 2 \
                and expr.path[0] == "children" and expr.path[1] in _MONEY:
            out.append(expr.path[1])
        for child in ast.children(expr):
            walk(child)
        where = getattr(expr, "where", None)
        if isinstance(where, ast.Expr):
            walk(where)

    walk(rule.check)
    return list(dict.fromkeys(out))


def _specific(gap: np.ndarray) -> np.ndarray:
    return (gap >= MIN_GAP) & (gap % ROUND_STEP != 0)


def _item_positions(items: pd.DataFrame, findings: list[Finding], blamer: Blamer) -> list[int]:
    """The item row each finding is about (its document, table, page and row); -1: none.

    Only the rows of the findings' documents are read (an address names its document):
    keying every row of a million-row run cost seconds for a few hundred findings.
    """
    docs = sorted({f.document for f in findings})
    rows = np.sort(np.concatenate([blamer.positions(d) for d in docs])) if docs else \
        np.empty(0, dtype=np.intp)
    part = items.iloc[rows]
    page = part["_page"].astype(INT64).fillna(-1) if "_page" in part else \
        pd.Series(-1, index=part.index)
    index = pd.MultiIndex.from_arrays([part["_doc"].astype(str),
                                       part["_table"].astype(STRING).fillna(""),
                                       page.astype(I64),
                                       part["_row"].astype(INT64).fillna(-1).astype(I64)])
    asked = pd.MultiIndex.from_tuples(
        [(f.document, f.location.table or "", f.location.page or -1,
          -1 if f.location.row is None else f.location.row) for f in findings])
    keep = ~index.duplicated(keep=False)  # an ambiguous address explains nothing
    unique = pd.Series(rows[keep], index=index[keep])
    return unique.reindex(asked).fillna(-1).astype(I64).tolist()


def gaps(findings: list[Finding], frames: Frames, rules: dict[str, ast.Rule],
         blamer: Blamer | None = None) -> pd.DataFrame:
    """One row per (roll-up finding, money field) with a specific gap: finding, field, gap."""
    items = frames.get("item")
    chosen = [(i, f) for i, f in enumerate(findings) if f.category == "rollup-anggaran"
              and f.code in rules and money_children(rules[f.code])]
    if not chosen or items.empty:
        return pd.DataFrame(columns=["finding", "field", "gap", "doc", "row"])
    blamer = blamer if blamer is not None else Blamer(frames)
    positions = _item_positions(items, [f for _, f in chosen], blamer)
    out = []
    for (i, f), pos in zip(chosen, positions, strict=True):
        if pos < 0:
            continue
        parent = items.iloc[pos]
        for name in money_children(rules[f.code]):
            total = blamer.own_total(parent["_doc"], pos, parent["id"], name)
            if total is None or pd.isna(total) or pd.isna(parent[name]):
                continue
            out.append((i, name, abs(int(parent[name]) - int(total)), parent["_doc"], pos))
    table = pd.DataFrame(out, columns=["finding", "field", "gap", "doc", "row"])
    return table[_specific(table["gap"].to_numpy(dtype=np.int64))] if len(table) else table


def sources(found: pd.DataFrame, frames: Frames) -> pd.DataFrame:
    """The gaps printed in another agency's document: the gap rows joined to the amounts."""
    items, docs = frames.get("item"), frames.get("document")
    if found.empty:
        return found.assign(other=pd.Series(dtype=I64))
    group, agency = agency_codes(docs)
    fields = sorted(set(found["field"]))
    long = pd.concat([pd.DataFrame({"field": name, "gap": items[name].astype(INT64),
                                    "other": np.arange(len(items)),
                                    "other_doc": items["_doc"].to_numpy()})
                      for name in fields], ignore_index=True).dropna(subset=["gap"])
    long["gap"] = long["gap"].astype(I64)
    joined = found.merge(long, on=["field", "gap"], how="inner")
    same = joined["doc"].map(group).to_numpy() == joined["other_doc"].map(group).to_numpy()
    other_agency = joined["doc"].map(agency).to_numpy() != joined["other_doc"].map(
        agency).to_numpy()
    known = (joined["doc"].map(group).to_numpy() >= 0) & (
        joined["other_doc"].map(agency).to_numpy() >= 0)
    joined = joined[same & other_agency & known]
    joined = joined.assign(rank=joined["other_doc"].map(agency))
    return joined.sort_values(["finding", "field", "rank", "other"], kind="mergesort")


def sentence(row: pd.Series, items: pd.DataFrame, docs: pd.DataFrame, lang: str) -> str:
    other = items.iloc[int(row["other"])]
    instansi = docs.loc[docs["_doc"] == other["_doc"], "instansi"]
    cell = cell_text(other, row["field"])
    file = str(other["_file"]).replace("\\", "/").rsplit("/", 1)[-1]
    page = other.get("_page")
    table = other["_table"] or "-"
    table = table if page is None or pd.isna(page) else f"{table} › {page_words(int(page), lang)}"
    where = f"{file} › {table} › " + (
        str(cell) if isinstance(cell, str) else f"{t('report.row', lang)} {other['_row']}")
    return t("engine.copy_gap", lang, field=field_header("item", row["field"]),
             gap=format_number(int(row["gap"]), lang),
             level=level_words(other["level"], lang), nama=other["nama"] or "-",
             instansi=instansi.iloc[0] if len(instansi) else "-", where=where)


def link_copies(findings: list[Finding], frames: Frames, rules: dict[str, ast.Rule],
                copies: dict[str, tuple[int, list[int], set[str], str]],
                blamer: Blamer | None = None) -> None:
    """Add the gap sentences to roll-up findings and link them with the copied blocks.

    ``copies``: per copied-block finding key, its item's position, its copies' positions,
    their documents and its own document (recorded when the findings were written).
    """
    if not _several_agencies(frames.get("document")):
        return  # no other agency's report in the run: nothing can explain a gap
    found = sources(gaps(findings, frames, rules, blamer), frames)
    if found.empty:
        return
    items, docs = frames.get("item"), frames.get("document")
    by_key = {f.key: f for f in findings}
    for index, rows in found.groupby("finding", sort=True):
        f = findings[int(index)]
        first = rows.drop_duplicates("field", keep="first")  # one source per field
        for lang in LANGUAGES:
            said = " ".join(sentence(r, items, docs, lang) for _, r in first.iterrows())
            f.message = {**f.message, lang: f"{f.text(lang)} {said}"}
        pos, other_docs = int(rows["row"].iloc[0]), set(rows["other_doc"])
        linked = _copied(copies, pos, f.document, other_docs)
        for key in linked:
            f.related = sorted(set(f.related) | {key})
            by_key[key].related = sorted(set(by_key[key].related) | {f.key})


def _several_agencies(docs: pd.DataFrame) -> bool:
    """Whether two documents of one government and period come from different agencies.

    ``sources`` only takes amounts of another agency of the same government and period;
    without such a pair, reading every roll-up finding's gaps (a row lookup per finding)
    would find nothing.
    """
    if len(docs) < 2:
        return False
    group, agency = agency_codes(docs)
    known = pd.DataFrame({"group": group.to_numpy(), "agency": agency.to_numpy()})
    known = known[(known["group"] >= 0) & (known["agency"] >= 0)]
    return bool((known.groupby("group")["agency"].nunique() > 1).any())


def _copied(copies: dict[str, tuple[int, list[int], set[str], str]], pos: int, doc: str,
            others: Iterable[str]) -> list[str]:
    """The copied-block findings of the pair (doc, one of others): the item's own first."""
    others = set(others)
    pair = [key for key, (own, _, twins, own_doc) in copies.items()
            if (own_doc == doc and twins & others) or (own_doc in others and doc in twins)]
    own = [key for key in pair if copies[key][0] == pos or pos in copies[key][1]]
    return sorted(own or pair)


def fold_blocks(findings: list[Finding], frames: Frames,
                copies: dict[str, tuple[int, list[int], set[str], str]]) -> None:
    """One fact per copied block: a copied kegiatan under a copied program is its echo.

    When a program's figures and those of its kegiatan are all found in the same other
    agency's report, that is one block copied once, not six facts: the kegiatan findings
    become consequences of the highest copied parent of the same pair of documents (they
    stay in the report, under it, with their cells). A kegiatan whose program was not
    copied is a block of its own.
    """
    if not copies:
        return
    items = frames.get("item")
    keys = pd.MultiIndex.from_arrays([items["_doc"].astype(str), items["id"].astype(str)])
    parents = pd.MultiIndex.from_arrays([items["_doc"].astype(str),
                                         items["induk"].astype(STRING).fillna("")])
    parent_of = keys.get_indexer(parents) if keys.is_unique else np.full(len(items), -1)
    at = {record[0]: key for key, record in copies.items()}
    by_key = {f.key: f for f in findings}

    def root(key: str) -> str:
        own, _, twins, _ = copies[key]
        up = parent_of[own]
        while up >= 0 and up in at and copies[at[up]][2] & twins:
            key, own = at[up], up
            up = parent_of[own]
        return key

    for key in sorted(copies):
        top = root(key)
        if top == key or key not in by_key or top not in by_key:
            continue
        f, primary = by_key[key], by_key[top]
        f.consequence_of = primary.key
        f.related = sorted(set(f.related) | {primary.key})
        primary.related = sorted(set(primary.related) | {f.key})
        f.message = {lang: t("engine.consequence", lang, code=primary.code,
                             where=place_of(primary, lang), text=f.text(lang))
                         for lang in LANGUAGES}
