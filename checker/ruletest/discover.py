"""What ``sakip-check test PATH...`` tests: rule files, their fixtures, and the registry.

A folder means every rule file (``*.rules``) and every fixture (``*.yaml``, ``*.yml``) in
it, hidden and tool folders left out. A rule file means its rules, tested by the fixtures
in its folder that name them; a fixture file means its cases, its rule found among the
built-in rules or the rule files of its folder. The rules under test are the ones defined
in the given rule files: only they must have fixtures.

The built-in rules are always loaded, as ``check`` loads them, so that a local rule whose
code clashes with a built-in one fails here first; the built-in folder itself (``sakip-check
test rules/`` in a checkout) is not loaded twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.dsl.ast import Rule
from checker.dsl.registry import RULE_SUFFIX, Registry, load_registry, rule_files
from checker.dsl.resources import builtin_rules_dir
from checker.model.errors import InputError
from checker.ruletest.fixture import FIXTURE_SUFFIXES, FixtureFile, load_fixture

SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "site-packages", "venv"})


@dataclass
class Selection:
    """The files one run reads, each list sorted so that every run reads them alike."""

    tested_rule_files: list[Path] = field(default_factory=list)
    other_rule_files: list[Path] = field(default_factory=list)  # for their fixtures' rules
    fixture_files: list[Path] = field(default_factory=list)
    beside_only: set[Path] = field(default_factory=set)  # found beside a named rule file


@dataclass
class Suite:
    """A loaded run: the registry, the rules under test and the fixtures to run."""

    registry: Registry
    rules: list[Rule]
    fixtures: list[FixtureFile]


def _visible(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return not any(p.startswith(".") or p in SKIPPED_FOLDERS for p in parts)


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """Rule files and fixture files under ``folder``."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and _visible(p, folder))
    return ([p for p in files if p.suffix == RULE_SUFFIX],
            [p for p in files if p.suffix.lower() in FIXTURE_SUFFIXES])


def select(paths: list[str]) -> Selection:
    """Sort the given paths into rule files and fixtures; a path that is neither is an error."""
    tested: dict[Path, Path] = {}
    others: dict[Path, Path] = {}
    named: dict[Path, Path] = {}  # fixtures in a given folder, or given themselves
    beside: dict[Path, Path] = {}  # fixtures in the folder of a given rule file
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            rules, fixtures = _walk(path)
            tested.update((p.resolve(), p) for p in rules)
            named.update((p.resolve(), p) for p in fixtures)
        elif path.is_file() and path.suffix == RULE_SUFFIX:
            tested[path.resolve()] = path
            beside.update((p.resolve(), p) for p in _walk(path.parent)[1])
        elif path.is_file() and path.suffix.lower() in FIXTURE_SUFFIXES:
            named[path.resolve()] = path
            others.update((p.resolve(), p) for p in _walk(path.parent)[0])
        elif path.exists():
            raise InputError("ruletest.not_rules_or_fixture", path=raw)
        else:
            raise InputError("ruletest.no_path", path=raw)
    fixtures = {**beside, **named}
    return Selection(
        tested_rule_files=[tested[k] for k in sorted(tested)],
        other_rule_files=[others[k] for k in sorted(others) if k not in tested],
        fixture_files=[fixtures[k] for k in sorted(fixtures)],
        beside_only={beside[k] for k in beside if k not in named},
    )


def load_suite(paths: list[str]) -> Suite:
    """The registry, the rules under test and the fixtures of ``paths``.

    Raises :class:`InputError` for a path that cannot be used and
    :class:`~checker.dsl.errors.DslError` (a :class:`FixtureError` for fixtures) for a
    mistake in a rule or fixture file, at its ``file:line:col``.
    """
    sel = select(paths)
    builtin = {p.resolve() for p in rule_files(builtin_rules_dir())}
    user_files = [p for p in [*sel.tested_rule_files, *sel.other_rule_files]
                  if p.resolve() not in builtin]
    registry = load_registry(user_files)
    tested_names = {_display(p, builtin) for p in sel.tested_rule_files}
    rules = [r for r in registry.ordered() if r.file in tested_names]
    codes = {r.code for r in rules}
    fixtures = []
    for path in sel.fixture_files:
        fixture = load_fixture(path)
        if path in sel.beside_only and fixture.rule not in codes:
            continue  # beside a named rule file, but about another rule
        fixtures.append(fixture)
    if not rules and not fixtures:
        raise InputError("ruletest.nothing_to_test", paths=", ".join(paths))
    return Suite(registry, rules, fixtures)


def _display(path: Path, builtin: set[Path]) -> str:
    """The name the registry gives a rule file (built-in ones: ``rules/…``)."""
    resolved = path.resolve()
    if resolved in builtin:
        return f"rules/{resolved.relative_to(builtin_rules_dir().resolve()).as_posix()}"
    return str(path)
