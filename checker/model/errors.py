"""Errors in what the user gave us: shown as a message with its location, exit code 2."""

from __future__ import annotations

from typing import Any

from checker.model.location import Location


class InputError(Exception):
    """A user's input cannot be used: the message names the file and, where known, the cell.

    It carries a catalogue key and parameters rather than text, so the CLI can say it in
    the user's language. ``details`` lists further problems of the same input (every bad
    cell of a template, not just the first).
    """

    def __init__(self, key: str, location: Location | None = None,
                 details: list[InputError] | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.location = location
        self.params = params
        self.details = details or []

    def render(self, lang: str = "id") -> str:
        from checker.i18n import t

        where = self.location.describe(lang) if self.location else None
        text = t(self.key, lang, **self.params)
        lines = [f"{where}: {text}" if where else text]
        lines.extend(f"  - {d.render(lang)}" for d in self.details)
        return "\n".join(lines)
