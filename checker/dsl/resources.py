"""Where the grammar and the built-in rule files are, installed or in a checkout.

The repository keeps them at the top level (``grammar/``, ``rules/``) where people read
them; an installed wheel carries the same files as ``checker/_builtin/…`` package data.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def _builtin(name: str) -> Path:
    try:
        packaged = Path(str(resources.files("checker").joinpath("_builtin", name)))
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - odd installs
        packaged = None
    if packaged is not None and packaged.is_dir():
        return packaged
    return _REPO_ROOT / name


def grammar_path() -> Path:
    """The Lark grammar of the rule language."""
    return _builtin("grammar") / "sakip.lark"


def builtin_rules_dir() -> Path:
    """The folder of built-in rule files."""
    return _builtin("rules")
