"""``sakip-check test PATH...`` and ``sakip-check rules new CODE``: rules tested like code.

The commands only parse options, call :mod:`checker.ruletest` and turn its errors into
exit codes: 0 every case passed, 1 a case failed (or, with ``--strict``, a rule lacks
cases), 2 a path, rule file or fixture cannot be used, said with its ``file:line:col``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from checker.i18n import LANGUAGES, t
from checker.model.schema import CATEGORIES

_HELP_LANG = os.environ.get("SAKIP_CHECK_LANG", "id")
HELP_LANG = _HELP_LANG if _HELP_LANG in LANGUAGES else "id"
EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


def _h(key: str) -> str:
    return t(f"ruletest.{key}", HELP_LANG)


def _fail(message: str) -> None:
    from checker.cli.output import neutralise

    click.echo(neutralise(message), err=True)
    sys.exit(EXIT_INPUT)


@click.command(name="test", help=_h("help_test"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, default=False, help=_h("opt_strict"))
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help=t("cli.opt_lang", HELP_LANG))
def test_command(paths: tuple[str, ...], strict: bool, lang: str | None) -> None:
    """Run the fixtures of the given rule folders or files."""
    from checker.cli.output import safe_stdout
    from checker.dsl.errors import DslError
    from checker.model.errors import InputError
    from checker.ruletest.discover import load_suite
    from checker.ruletest.render import write_suite
    from checker.ruletest.runner import run_suite

    lang = lang or HELP_LANG
    try:
        loaded = load_suite(list(paths))
        suite = run_suite(loaded.registry, loaded.rules, loaded.fixtures)
    except DslError as exc:
        _fail(exc.render(lang))
    except InputError as exc:
        _fail(exc.render(lang))
    with safe_stdout():
        write_suite(suite, sys.stdout, lang, strict=strict)
    sys.exit(EXIT_FAILED if suite.failed or (strict and suite.gaps) else EXIT_OK)


@click.command(name="new", help=_h("help_new"))
@click.argument("code")
@click.option("--category", required=True, type=click.Choice(CATEGORIES), help=_h("opt_category"))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help=_h("opt_rule_output"))
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help=t("cli.opt_lang", HELP_LANG))
@click.pass_context
def new_rule_command(ctx: click.Context, code: str, category: str, output: str,
                     lang: str | None) -> None:
    """Write a working rule skeleton and its fixture, never over an existing file."""
    from checker.dsl.errors import DslError
    from checker.dsl.registry import RULE_SUFFIX, load_registry
    from checker.ruletest.fixture import CODE_PATTERN
    from checker.ruletest.skeleton import fixture_path, fixture_skeleton, rule_skeleton

    lang = lang or (ctx.obj or {}).get("lang") or HELP_LANG
    if not CODE_PATTERN.fullmatch(code):
        _fail(t("ruletest.new_bad_code", lang, code=code))
    rule_path = Path(output)
    if rule_path.suffix != RULE_SUFFIX:
        _fail(t("ruletest.new_bad_suffix", lang, path=output))
    try:
        taken = load_registry((ctx.obj or {}).get("rule_dirs", ())).get(code)
    except DslError as exc:
        _fail(exc.render(lang))
    if taken is not None:
        _fail(t("ruletest.new_code_taken", lang, code=code,
                other=f"{taken.file}:{taken.pos.line}"))
    fixture = fixture_path(rule_path, code)
    for path in (rule_path, fixture):
        if path.exists() or path.is_symlink():
            _fail(t("ruletest.new_exists", lang, path=path))
    texts = {rule_path: rule_skeleton(code, category, fixture.name),
             fixture: fixture_skeleton(code, category)}
    written: list[Path] = []
    try:
        rule_path.parent.mkdir(parents=True, exist_ok=True)
        for path, text in texts.items():
            with path.open("x", encoding="utf-8", newline="\n") as fh:  # "x": never replace
                written.append(path)
                fh.write(text)
    except OSError as exc:
        for path in written:  # all or nothing: no rule left without its fixture
            path.unlink(missing_ok=True)
        _fail(f"{exc.filename or output}: {exc.strerror or exc}")
    click.echo(t("ruletest.new_written", lang, rule=rule_path, fixture=fixture,
                 folder=rule_path.parent.as_posix() or "."))
