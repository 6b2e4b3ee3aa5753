"""Layout profiles: what is particular to a layout, as data on the shared pipeline.

A layout is not a module with its own parser. What one form of document has that others
do not (the words that recognise it, the kind of document it is, the titles naming its
sections, an office's own spellings of header words) is a small TOML file in this folder;
the pipeline does the reading. A profile claims a file when the weights of its sniff words
found in the file's first lines reach its score, so a profile is evidence weighed like
every other clue, never a file name or a fixed line number.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from checker.importers.excel_grid import Sheet
from checker.importers.vocabulary import squash
from checker.model.schema import DocumentKind, Level


@dataclass(frozen=True)
class Profile:
    """One layout's declarative part (see ``cascading.toml`` for the fields)."""

    name: str
    kind: DocumentKind | None
    words: dict[str, float]
    score: float
    lines: int
    sections: dict[str, str] = field(default_factory=dict)
    unread: dict[str, str] = field(default_factory=dict)
    running: tuple[str, ...] = ()
    vocabulary: dict[str, Any] = field(default_factory=dict)
    tree: TreeForm | None = None
    parts: dict[str, str] = field(default_factory=dict)
    captions: CaptionForm | None = None

    def weigh(self, sheets: list[Sheet]) -> float:
        """The sum of the weights of the sniff words found (each counted once)."""
        text = "".join(squash(" ".join(x for _, x in sheet.cells(r)))
                       for sheet in sheets for r in range(1, min(sheet.height, self.lines) + 1))
        return sum(weight for word, weight in self.words.items() if word in text)

    def claims(self, sheets: list[Sheet]) -> bool:
        return self.weigh(sheets) >= self.score

    def section(self, text: str) -> str | None:
        """The table name a section title line gives, or ``None`` for any other line."""
        s = squash(text)
        return next((name for key, name in self.sections.items() if key in s), None)

    def set_aside(self, sheet: Sheet) -> tuple[Sheet, list[Part]]:
        """The sheet without its running page headings and the parts this reader skips.

        A part announced by an ``[unread]`` title runs to the next section or unread title;
        its lines are blanked, so that no table above runs on through them, and it is
        returned to be reported (STR-004): nothing is set aside silently.
        """
        rows = [list(r) for r in sheet.rows]
        parts: list[Part] = []
        titles = {**self.unread, **(self.tree.titles if self.tree else {})}
        current: Part | None = None
        for r in range(1, sheet.height + 1):
            cells = sheet.cells(r)
            text = " ".join(x for _, x in cells)
            s = squash(text)
            if not s:
                continue
            name = next((n for k, n in titles.items() if k in s), None) \
                if len(cells) == 1 else None
            if name is None and any(s.startswith(x) for x in self.running):
                rows[r - 1] = []
                continue
            if name is not None:
                if current is None or current.name != name:  # else printed again on a page
                    form = self.tree.forms.get(name) if self.tree else None
                    current = Part(name=name, title=(r, cells[0][0], text), form=form,
                                   grid=sheet.name)
                    parts.append(current)
                rows[r - 1] = []
                continue
            if len(cells) == 1 and self.section(text) is not None:
                current = None
            if current is None:
                continue
            rows[r - 1] = []
            current.rows.append(r)
            current.first = current.first or (r, cells[0][0], text)
            if len(cells) > 1:
                current.wide = current.wide or (r, cells[0][0], text)
        if not parts and not self.running:
            return sheet, []
        return Sheet(name=sheet.name, rows=rows, merges=list(sheet.merges),
                     container=sheet.container, titles=list(sheet.titles),
                     places=sheet.places), parts


@dataclass(frozen=True)
class TreeForm:
    """How a profile's tree of objectives is printed (``[tree]``, read by ``tree.py``).

    ``titles`` maps a part's squashed title key to its name, ``forms`` the name to how
    its lines are read: ``statement`` (its first paragraph is the root), ``labels``
    (``LABEL n:`` lines, each followed by a node's statement), ``pairs`` (``node |
    child`` tables, titled by the node they break down) or ``alternating`` (a node line,
    then its indicator line). The words are squashed (see ``vocabulary.squash``).
    """

    document: str  # the tree is a document of its own: ``<file>#<kind>-<document>``
    titles: dict[str, str]
    forms: dict[str, str]
    root_label: str = ""  # the label of the root (``OUTCOME :``)
    node_label: str = ""  # the label of a numbered node under the root (``CSF II:``)
    child_header: str = ""  # the header of a pairs table's child column
    own_title: str = ""  # a pairs title starting so lists its anchor itself on the left
    strip_title: str = ""  # words before the anchor's name in a pairs title


@dataclass(frozen=True)
class CaptionForm:
    """How a profile's report prints its tables (``[captions]``, read by ``captions.py``).

    Each table under a caption line (``Tabel 2.3 …``) between prose, read as a part of its
    own (``caption_tables.py``), as a document of ``kind``. ``cover_lines``: the agency,
    regency and year are read from the lines above the first caption (or part), at most
    this many. ``measured``:
    the level of the item an indicator table naming no item measures, when the report's
    other tables name exactly one (an LKjIP's IKU table: its one sasaran strategis).
    """

    kind: DocumentKind = DocumentKind.LKJIP
    cover_lines: int = 60
    measured: str = "sasaran"


def _captions(data: dict[str, Any] | None) -> CaptionForm | None:
    """The ``[captions]`` table; an unknown kind or level is an error of the profile file."""
    if data is None:
        return None
    form = CaptionForm(kind=DocumentKind(data.get("kind", DocumentKind.LKJIP.value)),
                       cover_lines=int(data.get("cover_lines", 60)),
                       measured=str(data.get("measured", "sasaran")))
    if form.measured not in {lv.value for lv in Level}:
        raise ValueError(f"unknown measured level {form.measured!r}")
    return form


FORMS = ("statement", "labels", "pairs", "alternating")


def _tree(data: dict[str, Any] | None) -> TreeForm | None:
    """The ``[tree]`` table; an unknown form is an error of the profile file."""
    if not data:
        return None
    parts = data.get("parts", {})
    forms = {str(p["name"]): str(p["form"]) for p in parts.values()}
    bad = sorted(f for f in forms.values() if f not in FORMS)
    if bad:
        raise ValueError(f"unknown tree form(s) {bad}; known: {FORMS}")
    words = {k: squash(str(data.get(k, ""))) for k in (
        "root_label", "node_label", "child_header", "own_title", "strip_title")}
    return TreeForm(document=str(data.get("document", "tree")),
                    titles={squash(k): str(p["name"]) for k, p in parts.items()}, forms=forms,
                    **words)


@dataclass
class Part:
    """A part of a document a profile recognises and the pipeline does not read."""

    name: str
    title: tuple[int, int, str]  # (row, column, text) of the line announcing it
    first: tuple[int, int, str] | None = None  # its first line after the title
    wide: tuple[int, int, str] | None = None  # its first line of several cells (a matrix)
    form: str | None = None  # how the tree stage reads it (``[tree]``), None: not read
    rows: list[int] = field(default_factory=list)  # its lines, headings and titles left out
    grid: str = ""  # the name of the grid it is printed in

    @property
    def where(self) -> tuple[int, int, str]:
        """The line a finding points at: the part's matrix, else its first line."""
        return self.wide or self.first or self.title


def parse(data: dict[str, Any]) -> Profile:
    """A profile from its TOML table; an unknown kind is an error of the profile file."""
    sniff = data.get("sniff", {})
    kind = data.get("kind")
    return Profile(name=str(data["name"]), kind=DocumentKind(kind) if kind else None,
                   words={squash(k): float(v) for k, v in sniff.get("words", {}).items()},
                   score=float(sniff.get("score", 1)), lines=int(sniff.get("lines", 400)),
                   sections={squash(k): str(v) for k, v in data.get("section", {}).items()},
                   unread={squash(k): str(v) for k, v in data.get("unread", {}).items()},
                   running=tuple(squash(x) for x in data.get("running", {}).get("lines", [])),
                   vocabulary=dict(data.get("vocabulary", {})), tree=_tree(data.get("tree")),
                   parts={squash(k): DocumentKind(v).value
                          for k, v in data.get("part", {}).items()},
                   captions=_captions(data.get("captions")))


@lru_cache(maxsize=1)
def builtin() -> tuple[Profile, ...]:
    """Every profile shipped in this folder, in file-name order."""
    folder = resources.files(__name__)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")),
                   key=lambda f: f.name)
    return tuple(parse(tomllib.loads(f.read_text(encoding="utf-8"))) for f in files)


def match(sheets: list[Sheet]) -> Profile | None:
    """The profile whose sniff words weigh most above its score, or ``None``."""
    scored = [(p.weigh(sheets) - p.score, p.name, p) for p in builtin()]
    claimed = sorted((s for s in scored if s[0] >= 0), key=lambda s: (-s[0], s[1]))
    return claimed[0][2] if claimed else None
