"""The one registry of rules: built-in rule files plus any folders a user adds.

``sakip-check rules``, ``rules explain``, the engine and the reporters all read rules from
here; a code defined twice is an error, so a rule has exactly one home.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.dsl.ast import Rule
from checker.dsl.errors import DslError
from checker.dsl.resources import builtin_rules_dir, grammar_path
from checker.reference import cached

RULE_SUFFIX = ".rules"


@dataclass
class Registry:
    """Rules by code, in a stable order (category, then code)."""

    rules: dict[str, Rule] = field(default_factory=dict)

    def add(self, rule: Rule) -> None:
        if rule.code in self.rules:
            first = self.rules[rule.code]
            raise DslError(rule.file, rule.pos.line, rule.pos.column, "dsl.duplicate_code",
                           code=rule.code, other=f"{first.file}:{first.pos.line}")
        self.rules[rule.code] = rule

    def ordered(self) -> list[Rule]:
        return sorted(self.rules.values(), key=lambda r: (r.category, r.code))

    def get(self, code: str) -> Rule | None:
        return self.rules.get(code.upper())

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
        """Rules whose code or category is selected (all if none) and not ignored."""
        sel = {s.strip() for s in select if s.strip()}
        ign = {s.strip() for s in ignore if s.strip()}

        def matches(rule: Rule, names: set[str]) -> bool:
            return any(rule.code == n.upper() or rule.category == n.lower()
                       or (rule.code.startswith(n.upper().rstrip("*")) and n.endswith("*"))
                       for n in names)

        return [r for r in self.ordered()
                if (not sel or matches(r, sel)) and not matches(r, ign)]


def rule_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise DslError(str(folder), 1, 1, "dsl.no_rule_folder")
    return sorted(p for p in folder.rglob(f"*{RULE_SUFFIX}") if p.is_file())


def load_registry(extra: Iterable[str | Path] = (), builtin: bool = True) -> Registry:
    """Parse and check every rule file; raises :class:`DslError` at the first mistake.

    The checked rules are kept in the user's cache, keyed by the bytes of every rule file,
    the grammar and the rule-language code, so the next run with the same files (every
    ``sakip-check rules`` or ``--help``-fast start) skips lark entirely.
    """
    sources = _sources(extra, builtin)
    cache = _cache_file(sources)
    if cache is not None:
        cached = _read_cache(cache)
        if cached is not None:
            return cached
    registry = _parse_all(sources)
    if cache is not None:
        _write_cache(cache, registry)
    return registry


def _sources(extra: Iterable[str | Path], builtin: bool) -> list[tuple[Path, str | None]]:
    sources: list[tuple[Path, str | None]] = []
    if builtin:
        folder = builtin_rules_dir()
        # Built-in rules are named by their place in the repository, not the install
        # location, so reports are identical wherever the tool is installed.
        sources += [(p, f"rules/{p.relative_to(folder).as_posix()}") for p in rule_files(folder)]
    for item in extra:
        p = Path(item)
        sources += [(f, None) for f in rule_files(p)] if p.is_dir() else [(p, None)]
    return sources


def _parse_all(sources: list[tuple[Path, str | None]]) -> Registry:
    from checker.dsl.parser import parse_file, parse_rules
    from checker.dsl.typecheck import check_rule

    registry = Registry()
    for path, display in sources:
        if display is None:
            rules = parse_file(path)
        else:
            rules = parse_rules(path.read_text(encoding="utf-8"), display)
        for rule in rules:
            check_rule(rule)
            registry.add(rule)
    return registry


# The code whose changes change what a parsed rule is: part of the cache key.
_LANGUAGE_FILES = ("ast.py", "parser.py", "typecheck.py", "names.py", "errors.py")
_CACHE_FILES = 8  # registries kept (different --rules folders, recent edits)


def _cache_file(sources: list[tuple[Path, str | None]]) -> Path | None:
    """Where the checked registry for exactly these files is cached (None: do not cache)."""
    here = Path(__file__).resolve().parent
    code = [here / name for name in _LANGUAGE_FILES]
    code += [here.parent / "model" / "schema.py", grammar_path()]

    def parts() -> Iterator[bytes]:
        for path in code:
            yield path.read_bytes()
        for path, display in sources:
            yield f"\0{path}\0{display}\0".encode()
            yield path.read_bytes()

    return cached.cache_path("rules", parts())


def _read_cache(path: Path) -> Registry | None:
    return cached.read(path, Registry)


def _write_cache(path: Path, registry: Registry) -> None:
    cached.write(path, registry, _CACHE_FILES)
