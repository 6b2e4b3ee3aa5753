"""Message catalogues: every user-facing text in Indonesian (default) and English.

Texts live in ``checker/i18n/<lang>/<namespace>.toml``, one file per part of the tool, so a
message is looked up as ``"namespace.key"``. Both languages must have the same keys (a test
enforces it); a missing key raises instead of printing a half-translated message.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("id", "en")
DEFAULT_LANG = "id"


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """All messages of one language, keyed ``namespace.key``.

    A namespace's file is parsed the first time one of its keys is asked for: a check
    says messages of a few namespaces, in both languages (findings keep both), and parsing
    all 36 files with the pure-Python ``tomllib`` cost ~35 ms of every run.
    """
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}")
    return _Catalog(lang)


class _Catalog(Mapping[str, str]):
    """One language's messages, each namespace (``<namespace>.toml``) read on first use.

    Iterating reads every namespace, in the order of their file names, each file's keys in
    its order: the same keys in the same order as one dictionary built from all files.
    """

    def __init__(self, lang: str) -> None:
        self._folder = resources.files("checker.i18n").joinpath(lang)
        self._names: list[str] | None = None
        self._read: dict[str, dict[str, str]] = {}

    def _namespaces(self) -> list[str]:
        if self._names is None:
            self._names = [entry.name[: -len(".toml")] for entry in
                           sorted(self._folder.iterdir(), key=lambda e: e.name)
                           if entry.name.endswith(".toml")]
        return self._names

    def _namespace(self, namespace: str) -> dict[str, str]:
        found = self._read.get(namespace)
        if found is None:
            if namespace not in self._namespaces():  # never a path made of a key
                return {}
            text = self._folder.joinpath(f"{namespace}.toml").read_text(encoding="utf-8")
            found = {f"{namespace}.{key}": value
                     for key, value in _flatten(tomllib.loads(text))}
            self._read[namespace] = found
        return found

    def __getitem__(self, key: str) -> str:
        return self._namespace(key.partition(".")[0])[key]

    def __iter__(self) -> Iterator[str]:
        for namespace in self._namespaces():
            yield from self._namespace(namespace)

    def __len__(self) -> int:
        return sum(len(self._namespace(n)) for n in self._namespaces())


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{prefix}{key}."))
        else:
            items.append((f"{prefix}{key}", str(value)))
    return items


#: Parameters that name a level or a kind of document: a message says "sub kegiatan" and
#: "PK Perubahan" where the model says ``sub_kegiatan`` and ``pk_perubahan`` (issue 15).
WORD_PARAMS = {"level": "report.level", "parent_level": "report.level",
               "kind": "report.kind"}


def in_words(param: str, value: Any, lang: str = DEFAULT_LANG) -> Any:
    """``value`` of a level or kind parameter as a reader says it in ``lang``.

    Importers pass the model's identifier (``Level.SUB_KEGIATAN``, ``"pk_perubahan"``);
    writing it in words here, once, keeps every message of every importer from showing an
    identifier. A value without words (an unknown kind a user typed) is shown unchanged.
    """
    if param == "table_named" and isinstance(value, str):
        return _table_named(value, lang)
    prefix = WORD_PARAMS.get(param)
    if prefix is None or value is None:
        return value
    raw = getattr(value, "value", value)
    return catalog(lang).get(f"{prefix}.{raw}", value) if isinstance(raw, str) else value


_TABLE_WORD = re.compile(r"^\s*(tabel|table|tbl)\b", re.IGNORECASE)


def _table_named(name: str, lang: str) -> str:
    """A table as a message names it: "Tabel 'RENCANA AKSI …'" but "Tabel 2 › …" as is.

    Text tables are named by their printed title, which often starts with "Tabel 2.3"
    itself; the word is added only where the name does not already say it.
    """
    if _TABLE_WORD.match(name):
        return name
    return f"{catalog(lang)['report.table_word']} {name}"


def t(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled from ``params``.

    A ``level``, ``parent_level`` or ``kind`` parameter is written in words
    (:func:`in_words`), a ``table_named`` one with the word "Tabel" unless it has it.
    """
    text = catalog(lang)[key]
    return text.format(**{k: in_words(k, v, lang) for k, v in params.items()})


def both(key: str, **params: Any) -> dict[str, str]:
    """The message in every language, as findings store it."""
    return {lang: t(key, lang, **params) for lang in LANGUAGES}
