"""click's own texts (``Usage:``, ``Error: No such option``, ``--help``) in the user's language.

click marks its texts for GNU gettext (``from gettext import gettext as _`` in each of its
modules) but ships no Indonesian catalogue, so a planner read ``Usage:`` and ``Show this
message and exit.`` in the middle of Indonesian help. Rather than building ``.mo`` files,
each click module's ``_`` and ``ngettext`` are pointed at our own catalogue
(``checker/i18n/<lang>/click.toml``, keyed by click's English text), so every user-facing
text of the tool is translated in one place. A text that is not in the catalogue (a newer
click) is shown as click wrote it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import click

from checker.i18n import catalog

# The click modules that translate texts a user of this tool can see.
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types",
                 "termui", "utils")


def translator(lang: str) -> Callable[[str], str]:
    """``gettext`` over the ``click`` namespace of ``lang``; unknown texts pass unchanged."""
    texts = catalog(lang)

    def gettext(message: str) -> str:
        return texts.get(f"click.{message}", message)

    return gettext


def install(lang: str) -> None:
    """Make click speak ``lang`` from now on (for the whole process: one CLI, one language)."""
    gettext = translator(lang)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def localise_metavars(command: click.Command, lang: str,
                      parent: click.Context | None = None) -> None:
    """The placeholders of every usage line and option list, through the command tree.

    ``[OPTIONS]``, ``COMMAND [ARGS]...`` and the type names click prints (``FILE``,
    ``TEXT``, ``PATHS...``); lists of choices (``[text|json|…]``) are values, kept as typed.
    """
    gettext = translator(lang)
    texts = catalog(lang)
    ctx = click.Context(command, parent=parent)
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = gettext("[OPTIONS]")
    for param in command.params:
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        shown = param.make_metavar(ctx)
        if f"click.metavar.{shown}" in texts:
            param.metavar = texts[f"click.metavar.{shown}"]
    if isinstance(command, click.Group):
        if command.subcommand_metavar == "COMMAND [ARGS]...":
            command.subcommand_metavar = gettext("COMMAND [ARGS]...")
        for sub in command.commands.values():
            localise_metavars(sub, lang, ctx)
