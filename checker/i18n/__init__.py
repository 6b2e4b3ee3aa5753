"""Message catalogues: every user-facing text in Indonesian (default) and English.

Texts live in ``checker/i18n/<lang>/<namespace>.toml``, one file per part of the tool, so a
message is looked up as ``"namespace.key"``. Both languages must have the same keys (a test
enforces it); a missing key raises instead of printing a half-translated message.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("id", "en")
DEFAULT_LANG = "id"


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, keyed ``namespace.key``."""
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}")
    out: dict[str, str] = {}
    folder = resources.files("checker.i18n").joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            namespace = entry.name[: -len(".toml")]
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            for key, text in _flatten(data):
                out[f"{namespace}.{key}"] = text
    return out


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{prefix}{key}."))
        else:
            items.append((f"{prefix}{key}", str(value)))
    return items


def t(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled from ``params``."""
    text = catalog(lang)[key]
    return text.format(**params)


def both(key: str, **params: Any) -> dict[str, str]:
    """The message in every language, as findings store it."""
    return {lang: t(key, lang, **params) for lang in LANGUAGES}
