"""What a name in a rule means: a field, a quarter series, a related row or a group.

Both the type checker and the engine resolve names here, so what a rule may say and what
the engine computes can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.model.schema import ENTITIES, Field, Kind

QUARTERS = ("tw1", "tw2", "tw3", "tw4")
#: The ``via`` of ``renstra_tahun``: the Renstra's row for the year of the row's document.
RENSTRA_YEAR = "renstra@tahun"


@dataclass(frozen=True)
class Relation:
    """A link from a row of one entity to rows of another.

    ``many`` relations (children, indicators, rows) can only be aggregated; ``one``
    relations (parent, item, document) give one value per row. Rows match where
    ``target[target_key] == source[source_key]`` within the same document.
    """

    name: str
    target: str
    source_key: str
    target_key: str
    many: bool
    via: str | None = None  # a document kind: the same item in that document of the case


def _case_relations(entity: str) -> dict[str, Relation]:
    """``pk.anggaran``: the same item (or indicator) in the case's document of that kind."""
    from checker.model.schema import DocumentKind

    return {k.value: Relation(k.value, entity, "_row_index", "_row_index", False, via=k.value)
            for k in DocumentKind}


RELATIONS: dict[str, dict[str, Relation]] = {
    "item": {
        **_case_relations("item"),
        "children": Relation("children", "item", "id", "induk", True),
        "indicators": Relation("indicators", "indicator", "id", "item", True),
        "parent": Relation("parent", "item", "induk", "id", False),
        "same_kode": Relation("same_kode", "item", "kode", "kode", True),
        "same_id": Relation("same_id", "item", "id", "id", True),
        "document": Relation("document", "document", "_doc", "_doc", False),
        "tahunan": Relation("tahunan", "tahunan", "id", "_budget_item", True),
    },
    "indicator": {
        **_case_relations("indicator"),
        "item": Relation("item", "item", "item", "id", False),
        "same_uraian": Relation("same_uraian", "indicator", "_twin", "_twin", True),
        "document": Relation("document", "document", "_doc", "_doc", False),
        "tahunan": Relation("tahunan", "tahunan", "_twin", "_ind", True),
        # the same indicator's row for this document's year in the case's Renstra
        # (checker.engine.periods): a Renstra spans years, so its case ignores the year
        "renstra_tahun": Relation("renstra_tahun", "tahunan", "_row_index", "_row_index",
                                  False, via=RENSTRA_YEAR),
    },
    "total": {
        "rows": Relation("rows", "item", "level", "level", True),
        "document": Relation("document", "document", "_doc", "_doc", False),
    },
    "table_cell": {
        "rincian": Relation("rincian", "table_cell", "kunci", "jumlah", True),
        "document": Relation("document", "document", "_doc", "_doc", False),
    },
    "tahunan": {  # a Renstra/RPJMD row of one year (checker.model.frames.year_keys)
        "item": Relation("item", "item", "item", "id", False),
        "indicator": Relation("indicator", "indicator", "_ind", "_twin", False),
        "children": Relation("children", "tahunan", "_self", "_induk", True),
        "tahun_lalu": Relation("tahun_lalu", "tahunan", "_prev", "_key", False),
        "tahun_depan": Relation("tahun_depan", "tahunan", "_next", "_key", True),
        "document": Relation("document", "document", "_doc", "_doc", False),
    },
    "document": {},
}


@dataclass(frozen=True)
class Resolved:
    """A resolved name.

    ``shape`` is one of ``scalar`` (one value per row), ``series`` (the four quarters),
    ``many`` (values of related rows, to aggregate) or ``relation`` (related rows, to count).
    """

    shape: str
    kind: Kind | None
    columns: tuple[str, ...] = ()
    relation: Relation | None = None


class NameError_(Exception):
    """A name that does not exist; carries the closest names as a hint."""

    def __init__(self, name: str, entity: str, hints: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.entity = entity
        self.hints = hints


def series_fields(entity: str) -> dict[str, tuple[Field, ...]]:
    """Quarter series of an entity: ``target_tw`` → (target_tw1 … target_tw4)."""
    fields = ENTITIES[entity].fields
    out: dict[str, tuple[Field, ...]] = {}
    for f in fields:
        if f.name.endswith("_tw1"):
            prefix = f.name[: -len("_tw1")]
            by_name = {g.name: g for g in fields}
            out[f"{prefix}_tw"] = tuple(by_name[f"{prefix}_{q}"] for q in QUARTERS)
    return out


def known_names(entity: str) -> list[str]:
    """Every name a rule may use on ``entity``, for hints."""
    names = [f.name for f in ENTITIES[entity].fields]
    names += list(series_fields(entity))
    for rel in RELATIONS[entity].values():
        names.append(rel.name)
        names += [f"{rel.name}.{f.name}" for f in ENTITIES[rel.target].fields]
    return names


def _field(entity: str, name: str) -> Field | None:
    return ENTITIES[entity].field(name)


def resolve(entity: str, path: tuple[str, ...]) -> Resolved:
    """Resolve a dotted name on ``entity`` or raise :class:`NameError_` with hints."""
    head = path[0]
    if len(path) == 1:
        f = _field(entity, head)
        if f is not None:
            return Resolved("scalar", f.kind, (f.name,))
        series = series_fields(entity).get(head)
        if series:
            return Resolved("series", series[0].kind, tuple(s.name for s in series))
        rel = RELATIONS[entity].get(head)
        if rel is not None and (rel.many or rel.via):
            return Resolved("relation", None, (), rel)
    elif len(path) == 2:
        rel = RELATIONS[entity].get(head)
        if rel is not None:
            f = _field(rel.target, path[1])
            if f is not None:
                return Resolved("many" if rel.many else "scalar", f.kind, (f.name,), rel)
    text = ".".join(path)
    from checker.reference.matching import close_matches

    raise NameError_(text, entity, close_matches(text, known_names(entity), n=3))
