"""The error a rule file can raise, kept apart from the parser so that it loads without lark.

``checker.dsl.parser`` re-exports it; code that only needs to catch it (the CLI, a cached
registry) imports it from here and starts without building a parser.
"""

from __future__ import annotations


class DslError(Exception):
    """A mistake in a rule file, located at ``file:line:col``, in the user's language."""

    def __init__(self, file: str, line: int, column: int, key: str, source_line: str = "",
                 **params: object) -> None:
        super().__init__(key)
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.params = params
        self.source_line = source_line

    def render(self, lang: str = "id") -> str:
        from checker.i18n import t

        head = f"{self.file}:{self.line}:{self.column}: {t(self.key, lang, **self.params)}"
        if not self.source_line:
            return head
        caret = " " * (max(self.column, 1) - 1) + "^"
        return f"{head}\n    {self.source_line}\n    {caret}"
