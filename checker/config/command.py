"""``sakip-check config``: the configuration in force, and where each value came from.

When a CI run fails on a warning, or a rule seems not to run, the first question is "which
setting did that, and from where?". This command answers it for the files given, with the
same options as ``check``: each value is printed in TOML (so it can be pasted into a
``sakip-check.toml``) with a comment naming its file and line, its option, or the default.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from checker.i18n import LANGUAGES, t

if TYPE_CHECKING:
    from checker.config.settings import Settings

_ENV = os.environ.get("SAKIP_CHECK_LANG", "id")
HELP_LANG = _ENV if _ENV in LANGUAGES else "id"
WIDTH = 40


def _toml(value: Any, lang: str) -> str:
    if value is None:
        return t("config.show_none_value", lang)
    return json.dumps(value, ensure_ascii=False)


def render_settings(settings: Settings, lang: str) -> str:
    """The effective configuration as commented TOML lines."""
    from checker.config.settings import KEYS, shown
    from checker.config.suppressions import parse_entry

    lines = []
    if settings.file is not None:
        table = " [tool.sakip-check]" if settings.table else ""
        lines.append("# " + t("config.show_file", lang, path=shown(settings.file)) + table)
    else:
        lines.append("# " + t("config.show_none", lang))
    for key in KEYS:
        if key in ("severity", "tolerances", "suppress"):
            continue
        text = f"{key} = {_toml(settings.values[key], lang)}"
        lines.append(f"{text:<{WIDTH}} # {settings.sources[key].describe(lang)}")
    for key in ("severity", "tolerances"):
        table = settings.values[key]
        lines.append("")
        lines.append(f"[{key}]")
        per_key = settings.key_sources.get(key, {})
        for code in sorted(table):
            text = f"{json.dumps(code)} = {_toml(table[code], lang)}"
            source = per_key.get(code) or settings.sources[key]
            lines.append(f"{text:<{WIDTH}} # {source.describe(lang)}")
    entries = [parse_entry(entry, source) for entry, source in settings.suppress]
    if entries:
        lines.append("")
        lines.append(f"# [[suppress]]: {t('config.show_entries', lang, n=len(entries))}")
        for e in entries:
            target = f"kode {e.kode}" if e.kode else f"nama {e.nama!r}"
            text = f"#   {e.rule} {e.kind or '*'} {target} → {e.expires.isoformat()}"
            lines.append(f"{text:<{WIDTH}} # {e.source.describe(lang)}")
    return "\n".join(lines) + "\n"


@click.command(name="config", help=t("config.help", HELP_LANG))
@click.argument("paths", nargs=-1)
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help=t("config.opt_config", HELP_LANG))
@click.option("--format", "fmt", default="text", help=t("cli.opt_format", HELP_LANG))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(),
              help=t("cli.opt_rules", HELP_LANG))
@click.option("--select", multiple=True, help=t("cli.opt_select", HELP_LANG))
@click.option("--ignore", multiple=True, help=t("cli.opt_ignore", HELP_LANG))
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", help=t("cli.opt_fail_on", HELP_LANG))
@click.option("--suppressions", type=click.Path(dir_okay=False),
              help=t("config.opt_suppressions", HELP_LANG))
@click.option("--baseline", type=click.Path(dir_okay=False),
              help=t("config.opt_baseline", HELP_LANG))
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help=t("cli.opt_lang", HELP_LANG))
def config_command(paths: tuple[str, ...], **_: Any) -> None:
    """Print the effective configuration with the source of every value."""
    from checker.config.policy import configure
    from checker.model.errors import InputError

    ctx = click.get_current_context()
    try:
        settings = configure(ctx, list(paths))
        text = render_settings(settings, settings.lang)
    except InputError as exc:
        click.echo(exc.render(ctx.params.get("lang") or HELP_LANG), err=True)
        sys.exit(2)
    click.echo(text, nl=False)
