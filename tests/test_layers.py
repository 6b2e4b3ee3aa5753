"""The direction of the arrows: a package imports only the layers beneath it.

``model`` ← ``importers`` ← ``dsl`` ← ``engine`` ← ``reports`` ← ``config`` ← ``cli`` and
``web`` (the two front ends, side by side). Imports inside functions count as much as those
at the top of a module: a lazy import is still a dependency. The only sideways arrows are
named here with their reason, so a new one is a decision, not an accident.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

RANK = {
    "i18n": 0, "reference": 0, "_builtin": 0,  # catalogues and data: they import nothing
    "model": 1,
    "importers": 2,
    "dsl": 3, "exporters": 3,
    "engine": 4,
    "reports": 5, "ruletest": 5,  # ruletest runs the engine over fixtures for the CLI
    "config": 6,
    "cli": 7, "web": 7,
}
SIDEWAYS = {
    # serve reads files and writes reports with the very functions 'check' uses
    ("web", "checker.cli.collect"), ("web", "checker.cli.output"),
    # the command group registers the serve command, whose code lives in checker/web
    ("cli", "checker.web.command"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
    return [(line, name) for line, name in out if name.startswith("checker.")]


def test_every_package_has_a_layer():
    packages = {p.name for p in (REPO / "checker").iterdir()
                if p.is_dir() and (p / "__init__.py").is_file()}
    assert packages <= set(RANK), f"give {sorted(packages - set(RANK))} a layer in RANK"


def test_imports_point_down_the_layers():
    wrong = []
    for path in sorted((REPO / "checker").rglob("*.py")):
        parts = path.relative_to(REPO / "checker").parts
        if len(parts) < 2:  # checker/__init__.py, checker/__main__.py: the entry points
            continue
        here = parts[0]
        for line, name in _imports(path):
            there = name.split(".")[1]
            if there == here or (here, name) in SIDEWAYS:
                continue
            if RANK[there] >= RANK[here]:
                wrong.append(f"{path.relative_to(REPO)}:{line}: {here} imports {name}")
    assert wrong == []


def test_the_web_package_is_reached_only_through_its_command():
    main = (REPO / "checker" / "cli" / "main.py").read_text(encoding="utf-8")
    assert "checker.web.command" in main
    for path in sorted((REPO / "checker").rglob("*.py")):
        if path.parts[-2] in ("web",) or path.name == "main.py":
            continue
        names = [n for _, n in _imports(path)]
        assert not any(n.startswith("checker.web") for n in names), path
