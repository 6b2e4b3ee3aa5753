"""The typed syntax tree of a rule file, built by :mod:`checker.dsl.parser`.

Every node keeps the line and column where it was written so that a type error, an unknown
field or a runtime surprise can point back into the rule file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Pos:
    """Line and column (1-based) in a rule file."""

    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Expr:
    """Base of every expression node."""

    pos: Pos = field(default_factory=Pos, compare=False, kw_only=True)


#: Where an expression node holds its sub-expressions: one node each, then lists of them.
_CHILD = ("left", "right", "operand", "value", "start", "end")
_CHILDREN = ("operands", "args", "options")


def children(expr: Expr) -> list[Expr]:
    """The expressions directly under ``expr``, in reading order.

    A call's ``where`` is left out: it is evaluated on other rows, so each walker decides
    whether to enter it.
    """
    out = [c for name in _CHILD if isinstance(c := getattr(expr, name, None), Expr)]
    for name in _CHILDREN:
        out += [c for c in getattr(expr, name, ()) if isinstance(c, Expr)]
    return out


@dataclass(frozen=True)
class Num(Expr):
    value: Decimal


@dataclass(frozen=True)
class Str(Expr):
    value: str


@dataclass(frozen=True)
class FieldRef(Expr):
    """A dotted name: ``anggaran``, ``parent.anggaran``, ``children.anggaran``, ``item.level``."""

    path: tuple[str, ...]

    @property
    def text(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class SeriesRange(Expr):
    """``target_tw1..target_tw3``: the quarters from one to another."""

    start: FieldRef
    end: FieldRef


@dataclass(frozen=True)
class Call(Expr):
    name: str
    args: tuple[Expr, ...]
    where: Expr | None = None  # count(children where …): a filter on the related rows


@dataclass(frozen=True)
class Tolerance:
    """``within 0.01`` (absolute) or ``within 0.5%`` (relative to the expected side)."""

    amount: Decimal
    percent: bool = False


@dataclass(frozen=True)
class Compare(Expr):
    op: str
    left: Expr
    right: Expr
    tolerance: Tolerance | None = None


@dataclass(frozen=True)
class Member(Expr):
    value: Expr
    options: tuple[Expr, ...]


@dataclass(frozen=True)
class Arith(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Neg(Expr):
    operand: Expr


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True)
class And(Expr):
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Or(Expr):
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Template:
    """A message with ``{expression}`` placeholders, already parsed."""

    parts: tuple[str | Expr, ...]
    source: str

    def expressions(self) -> list[Expr]:
        return [p for p in self.parts if isinstance(p, Expr)]


DOC_SECTIONS: tuple[str, ...] = (
    "Apa yang diperiksa",
    "Mengapa penting",
    "Contoh yang salah",
    "Perbaikan",
    "Dasar hukum",
)


@dataclass
class Rule:
    """One rule: what it checks, over which rows, how it speaks, and why it exists."""

    code: str
    file: str
    pos: Pos
    title: dict[str, str] = field(default_factory=dict)
    category: str = ""
    severity: str = ""
    basis: str = ""
    source: str = "dsl"  # "dsl": evaluated by the engine; "importer": raised while reading
    polarity: str | None = None
    entity: str | None = None
    where: Expr | None = None
    check: Expr | None = None
    at: FieldRef | None = None
    actual: Expr | None = None
    expected: Expr | None = None
    message: dict[str, Template] = field(default_factory=dict)
    suggest: dict[str, Template] = field(default_factory=dict)
    doc: dict[str, str] = field(default_factory=dict)
    clause_pos: dict[str, Pos] = field(default_factory=dict)

    def doc_sections(self, lang: str = "id") -> dict[str, str]:
        """The documentation split into its headed sections (``## Heading``)."""
        text = self.doc.get(lang) or self.doc.get("id") or ""
        sections: dict[str, str] = {}
        current: str | None = None
        lines: list[str] = []
        for line in text.splitlines():
            if line.strip().startswith("## "):
                if current is not None:
                    sections[current] = "\n".join(lines).strip()
                current = line.strip()[3:].strip()
                lines = []
            else:
                lines.append(line)
        if current is not None:
            sections[current] = "\n".join(lines).strip()
        return sections
