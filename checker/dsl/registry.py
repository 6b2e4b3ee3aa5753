"""The one registry of rules: built-in rule files plus any folders a user adds.

``sakip-check rules``, ``rules explain``, the engine and the reporters all read rules from
here; a code defined twice is an error, so a rule has exactly one home.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from checker.dsl.ast import Rule
from checker.dsl.parser import DslError, parse_file, parse_rules
from checker.dsl.resources import builtin_rules_dir
from checker.dsl.typecheck import check_rule

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
    """Parse and check every rule file; raises :class:`DslError` at the first mistake."""
    registry = Registry()
    sources: list[tuple[Path, str | None]] = []
    if builtin:
        folder = builtin_rules_dir()
        # Built-in rules are named by their place in the repository, not the install
        # location, so reports are identical wherever the tool is installed.
        sources += [(p, f"rules/{p.relative_to(folder).as_posix()}") for p in rule_files(folder)]
    for item in extra:
        p = Path(item)
        sources += [(f, None) for f in rule_files(p)] if p.is_dir() else [(p, None)]
    for path, display in sources:
        if display is None:
            rules = parse_file(path)
        else:
            rules = parse_rules(path.read_text(encoding="utf-8"), display)
        for rule in rules:
            check_rule(rule)
            registry.add(rule)
    return registry
