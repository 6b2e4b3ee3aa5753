"""The ``sakip-check`` command.

Heavy libraries (pandas, openpyxl, the engine) are imported inside the commands that need
them, so ``--help`` and ``rules`` answer at once. Every user mistake ends in a message with
its location and exit code 2, never a traceback. The language of help texts follows
``SAKIP_CHECK_LANG`` (``id`` by default, ``en``); the ``--lang`` option sets the language
of a command's output.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from checker import __version__
from checker.cli.click_i18n import install, localise_metavars
from checker.cli.lazy_group import LazyGroup
from checker.i18n import LANGUAGES, t
from checker.reports import REPORTERS  # names only; a reporter is imported when chosen

HELP_LANG = os.environ.get("SAKIP_CHECK_LANG", "id") if os.environ.get(
    "SAKIP_CHECK_LANG", "id") in LANGUAGES else "id"
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
#: Objects allocated and still alive between two passes of the cyclic garbage collector's
#: youngest generation during a check (Python's default: 700); see ``_space_collector``.
COLLECT_EVERY = 500_000
# click's own texts (usage, errors, --help) in the help language, like every other text;
# before the commands below are declared, since click translates some texts right then.
install(HELP_LANG)


def h(key: str) -> str:
    """Help text in the help language."""
    return t(f"cli.{key}", HELP_LANG)


def lang_option(f):
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                        help=h("opt_lang"))(f)


def force_option(f):
    return click.option("--force", "-f", is_flag=True, help=h("opt_force"))(f)


def _lang(value: str | None) -> str:
    return value or HELP_LANG


def fail(message: str, code: int = EXIT_INPUT) -> None:
    from checker.cli.output import neutralise

    click.echo(neutralise(message), err=True)  # a file name or rule line may hold ESC, U+202E
    sys.exit(code)


# ``test``, ``config`` and ``serve`` (and ``rules new``) are imported when asked for, not
# at every ``check``: see cli/lazy_group.py.
@click.group(cls=LazyGroup, help=h("main"),
             context_settings={"help_option_names": ["-h", "--help"]}, lang=HELP_LANG,
             lazy={"config": "checker.config.command:config_command",
                   "test": "checker.cli.ruletest_command:test_command",
                   "serve": "checker.web.command:serve_command"})
@click.version_option(__version__, prog_name="sakip-check")
def main() -> None:
    """Entry point of the command group."""


def _load_registry(rule_dirs: tuple[str, ...], lang: str):
    from checker.dsl.errors import DslError
    from checker.dsl.registry import load_registry

    try:
        return load_registry(rule_dirs)
    except DslError as exc:
        fail(exc.render(lang))


@main.command(help=h("check"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(list(REPORTERS)), default="text",
              show_default=True, help=h("opt_format"))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help=h("opt_output"))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help=h("opt_rules"))
@click.option("--select", multiple=True, help=h("opt_select"))
@click.option("--ignore", multiple=True, help=h("opt_ignore"))
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True, help=h("opt_fail_on"))
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help=t("config.opt_config", HELP_LANG))
@click.option("--suppressions", type=click.Path(dir_okay=False),
              help=t("config.opt_suppressions", HELP_LANG))
@click.option("--baseline", type=click.Path(dir_okay=False),
              help=t("config.opt_baseline", HELP_LANG))
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help=t("config.opt_write_baseline", HELP_LANG))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help=h("opt_jobs"))
@click.option("--mapping", "mapping_file", type=click.Path(dir_okay=False),
              help=t("mapping.opt_mapping", HELP_LANG))
@force_option
@lang_option
def check(paths: tuple[str, ...], fmt: str, output: str | None, rule_dirs: tuple[str, ...],
          select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str,
          lang: str | None, config_file: str | None = None, suppressions: str | None = None,
          baseline: str | None = None, write_baseline: str | None = None,
          jobs: int | None = None, mapping_file: str | None = None, force: bool = False) -> None:
    """Check plans and report findings."""
    from checker.cli.leave import quick_exit_allowed

    quick_exit_allowed()  # whatever way it ends, all is written by then (see cli/leave.py)
    _space_collector()
    from checker.importers.mapping import using
    from checker.model.errors import InputError

    try:
        with using(mapping_file):
            _check(paths, fmt, output, rule_dirs, select, ignore, fail_on, lang, jobs,
                   write_baseline, force)
    except InputError as exc:  # a mistake in the mapping file itself
        fail(exc.render(_lang(lang)))


def _space_collector() -> None:
    """Let the cyclic garbage collector run every 500,000 allocations instead of every 700.

    A check allocates millions of short-lived objects, which reference counting frees;
    at Python's default the collector also makes hundreds of passes, each walking the
    survivors (the tool's modules imported during the check, the rules, the nomenclature
    index, the documents): 0.1 to 0.3 s of CPU on a seed, a tenth of the run. A pass walks
    every object counted since the last one, 8-15 ms for 50,000, and a small document makes
    a few hundred thousand that live to the end: at 50,000 that was still 3-7 passes, 30 ms
    (seed 004, the Boyolali docx) to 66 ms (the Tangerang PDF) of CPU. At 500,000 a
    small document makes none, and a large one is still collected: pdfminer's page objects
    are cycles, which wait for a pass (the 4-page Tangerang PDF peaks at 143 MB instead of
    122; switched off, a long PDF would keep all of them).
    """
    gc.set_threshold(COLLECT_EVERY, *gc.get_threshold()[1:])


def _check(paths: tuple[str, ...], fmt: str, output: str | None, rule_dirs: tuple[str, ...],
           select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str,
           lang: str | None, jobs: int | None, write_baseline: str | None,
           force: bool = False) -> None:
    """``check`` with the mapping file, if any, in force."""
    from checker.config.policy import Policy, configure
    from checker.model.errors import InputError

    try:  # configuration file under the options typed (see checker/config)
        settings = configure(click.get_current_context(), list(paths))
    except InputError as exc:
        fail(exc.render(_lang(lang)))
    lang, fmt, fail_on = settings.lang, settings.format, settings.fail_on
    rule_dirs, select, ignore = (tuple(settings.rules), tuple(settings.select),
                                 tuple(settings.ignore))
    if fmt not in REPORTERS:
        fail(t("cli.unknown_format", lang, fmt=fmt, known=", ".join(REPORTERS)))
    registry = _load_registry(rule_dirs, lang)
    selected = registry.select(_split(select), _split(ignore))
    for name in _split(select) + _split(ignore):
        if not registry.select([name]):
            fail(t("cli.unknown_selector", lang, name=name))
    try:
        policy = Policy(settings, registry.rules)
    except InputError as exc:
        fail(exc.render(lang))
    from checker.cli.collect import collect, input_files
    from checker.cli.output import carries_errors, write_report
    from checker.engine.run import Engine
    from checker.reports.base import Report
    from checker.reports.progress import file_progress

    for written in (output, write_baseline):
        if written:
            _refuse_overwriting_input(written, input_files(list(paths)), lang)
    if output and not force and _holds_work(output):
        fail(t("cli.output_exists", lang, path=output))
    with file_progress(lang) as progress:
        collected = collect(list(paths), progress=progress, jobs=jobs, frames=True)
    engine = Engine(registry, selected, severity_overrides=settings.severity,
                    tolerances=settings.tolerances)
    result = engine.run(collected.documents, frames=collected.frames)
    try:  # suppressions and baseline move accepted findings apart
        outcome = policy.apply(result.findings, collected.documents, selected, write_baseline)
    except InputError as exc:
        fail(exc.render(lang))
    report = Report(documents=collected.documents, findings=outcome.findings,
                    rules={r.code: r for r in selected}, lang=lang, inputs=collected.files,
                    errors=[e.render(lang) for e in collected.errors]
                    + [t("cli.rule_failed", lang, code=code, reason=reason)
                       for code, reason in result.failures],
                    suppressed=outcome.suppressed)
    _report_errors(report.errors)
    if not collected.documents and report.errors and not carries_errors(fmt):
        sys.exit(EXIT_INPUT)  # nothing was read: an empty report would read as "all clear"
    _announce(write_report(report, fmt, output), output, lang)
    if collected.errors or result.failures:
        sys.exit(EXIT_INPUT)
    sys.exit(exit_code(report.findings, fail_on))


def _report_errors(errors: list[str]) -> None:
    """Input errors go to standard error, where a user (and a CI log) looks for them."""
    from checker.cli.output import neutralise

    for error in errors:
        click.echo(neutralise(error), err=True)


def _announce(written: list[Path], output: str | None, lang: str) -> None:
    """With ``-o``, name every file written (report and annotated copies) to a person."""
    from checker.cli.output import neutralise, stderr_is_terminal

    if output is None or not stderr_is_terminal():
        return
    for path in written:
        click.echo(neutralise(t("cli.written", lang, path=path)), err=True)


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def exit_code(findings, fail_on: str) -> int:
    """1 when any fact (not an echo of one) is at or above ``fail_on``, else 0."""
    if fail_on == "never":
        return EXIT_OK
    threshold = {"error": 3, "warning": 2, "info": 1}[fail_on]
    return EXIT_FINDINGS if any(f.severity.rank >= threshold and f.counted
                                for f in findings) else EXIT_OK


def _holds_work(output: str) -> bool:
    """Whether a report about to be written at ``output`` would replace a file.

    A device (``/dev/null``) holds no one's work, and is written into, never replaced
    (``reports.files.write_atomically``).
    """
    return Path(output).is_file()


def _refuse_overwriting_input(output: str, inputs: list[str], lang: str) -> None:
    out = Path(output).resolve()
    for p in inputs:
        q = Path(p)
        same = q.resolve() == out
        if not same and out.exists() and q.exists():
            try:  # a hard link, or another path to the same file
                same = os.path.samefile(out, q)
            except OSError:
                same = False
        if same:
            fail(t("cli.output_is_input", lang, path=output))


@main.group(cls=LazyGroup, invoke_without_command=True, help=h("rules"), lang=HELP_LANG,
            lazy={"new": "checker.cli.ruletest_command:new_rule_command"})
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help=h("opt_rules"))
@lang_option
@click.pass_context
def rules(ctx: click.Context, rule_dirs: tuple[str, ...], lang: str | None) -> None:
    """List every rule (code, category, severity, title)."""
    ctx.ensure_object(dict)
    ctx.obj["rule_dirs"] = rule_dirs
    ctx.obj["lang"] = lang
    if ctx.invoked_subcommand is not None:
        return
    lang = _lang(lang)
    registry = _load_registry(rule_dirs, lang)
    from checker.cli.output import safe_stdout
    from checker.cli.rules_view import print_rule_list

    with safe_stdout():
        print_rule_list(registry, lang)


@rules.command(help=h("explain"))
@click.argument("code")
@lang_option
@click.pass_context
def explain(ctx: click.Context, code: str, lang: str | None) -> None:
    """Print one rule's documentation."""
    lang = _lang(lang or ctx.obj.get("lang"))
    registry = _load_registry(ctx.obj.get("rule_dirs", ()), lang)
    rule = registry.get(code)
    if rule is None:
        fail(t("cli.unknown_rule", lang, code=code))
    from checker.cli.output import safe_stdout
    from checker.cli.rules_view import print_rule_doc

    with safe_stdout():
        print_rule_doc(rule, lang)


def _refuse_existing(output: str, force: bool, lang: str) -> None:
    """A workbook already at ``output`` may hold a planner's work: keep it unless ``--force``."""
    if not force and os.path.lexists(output):
        fail(t("cli.output_exists", lang, path=output))


def _write_template(output: str, documents, lang: str) -> None:
    from checker.exporters.template import write_template
    from checker.model.errors import InputError

    try:
        write_template(output, documents, lang=lang)
    except InputError as exc:
        fail(exc.render(lang))


@main.command(help=h("template"))
@click.argument("output", type=click.Path(dir_okay=False))
@force_option
@lang_option
def template(output: str, force: bool, lang: str | None) -> None:
    """Write a blank canonical workbook."""
    lang = _lang(lang)
    _refuse_existing(output, force, lang)
    _write_template(output, None, lang)
    click.echo(t("cli.template_written", lang, path=output))


@main.command(name="import", help=h("import"))
@click.argument("path")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help=h("opt_output"))
@force_option
@lang_option
def import_(path: str, output: str, force: bool, lang: str | None) -> None:
    """Read any supported file and write it as a canonical workbook."""
    from checker.cli.collect import collect, input_files

    lang = _lang(lang)
    _refuse_overwriting_input(output, input_files([path]), lang)
    _refuse_existing(output, force, lang)
    collected = collect([path])
    for error in collected.errors:
        fail(error.render(lang))
    _write_template(output, collected.documents, lang)
    click.echo(t("cli.imported", lang, path=output, n=len(collected.documents)))


@main.command(help=h("inspect"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--mapping", "mapping_file", type=click.Path(dir_okay=False),
              help=t("mapping.opt_mapping", HELP_LANG))
@click.option("--write-mapping", type=click.Path(dir_okay=False),
              help=t("mapping.opt_write_mapping", HELP_LANG))
@lang_option
def inspect(paths: tuple[str, ...], lang: str | None, mapping_file: str | None = None,
            write_mapping: str | None = None) -> None:
    """Show what was recognised in each file."""
    from checker.cli.collect import collect
    from checker.cli.inspect_view import print_inspection
    from checker.cli.output import safe_stdout
    from checker.importers.mapping import using
    from checker.model.errors import InputError

    lang = _lang(lang)
    try:
        with using(mapping_file):
            if write_mapping:
                _write_mapping(list(paths), write_mapping, lang)
            collected = collect(list(paths))
    except InputError as exc:
        fail(exc.render(lang))
    with safe_stdout():
        print_inspection(collected, lang)
    if collected.errors:
        sys.exit(EXIT_INPUT)


def _write_mapping(paths: list[str], target: str, lang: str) -> None:
    """What was detected in ``paths``, written as a mapping file (never over a file)."""
    from pathlib import Path

    from checker.cli.collect import expand
    from checker.importers.registry import load
    from checker.model.errors import InputError

    if Path(target).exists():
        fail(t("mapping.exists", lang, path=target))
    from checker.importers.containers import read_grids
    from checker.importers.mapping import (
        write_preamble,
        write_skeleton,
        write_tables,
        write_vocabulary_hint,
    )

    files, _ = expand(paths)
    with open(target, "x", encoding="utf-8") as stream:
        write_preamble(stream)
        count = 0
        for file in files:
            try:
                documents = load(file, require_items=False)
            except InputError as exc:
                if exc.key not in ("input.no_documents", "input.no_table_header"):
                    continue  # said again, with its reason, by the inspection that follows
                try:  # nothing recognised: a skeleton of each grid to map by hand
                    write_skeleton(str(file), read_grids(file), stream)
                except InputError:
                    continue
                count += 1
                continue
            write_tables(documents, stream)
            count += sum(len(d.tables) for d in documents)
        write_vocabulary_hint(stream)
    click.echo(t("mapping.written", lang, path=target, tables=count), err=True)


localise_metavars(main, HELP_LANG)  # the usage lines' placeholders, once all commands exist
