"""A command group whose rarely used commands are imported when they are asked for.

Every ``check`` imported the modules of ``test``, ``rules new``, ``config`` and ``serve``
(their options, choices and help texts) only to register them: about 6 ms of CPU, most of
the cost of the command line past click itself, in a run that never uses them. Here such a
command is named with the module that defines it and imported the first time click looks it
up: to run it, to print its help, or to list it in its group's ``--help``.
"""

from __future__ import annotations

import importlib

import click

from checker.cli.click_i18n import localise_metavars


class LazyGroup(click.Group):
    """A group with some commands given as ``"module:attribute"``, imported on first use."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, lang: str = "id",
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = dict(lazy or {})
        self.lang = lang

    def add_lazy(self, name: str, where: str) -> None:
        """Name ``name`` as the command at ``where`` (``module:attribute``), not imported."""
        self.lazy[name] = where

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            # Its placeholders in the help language, as the commands declared at once get
            # them when the group is built (``localise_metavars``).
            localise_metavars(command, self.lang, click.Context(self))
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)
