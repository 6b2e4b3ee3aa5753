"""``sakip-check rules`` and ``rules explain``: views of the rule registry."""

from __future__ import annotations

import click

from checker.dsl.ast import DOC_SECTIONS, Rule
from checker.dsl.registry import Registry
from checker.i18n import t


def print_rule_list(registry: Registry, lang: str) -> None:
    """One line per rule: code, category, severity, title."""
    for rule in registry.ordered():
        title = rule.title.get(lang) or rule.title.get("id", "")
        click.echo(f"{rule.code}  {rule.category:<18} {rule.severity:<8} {title}")
    click.echo(t("cli.rule_count", lang, n=len(registry.rules)))


def print_rule_doc(rule: Rule, lang: str) -> None:
    """The rule's header and its five documentation sections."""
    title = rule.title.get(lang) or rule.title.get("id", "")
    click.echo(f"{rule.code} — {title}")
    click.echo(f"{t('cli.category', lang)}: {rule.category}   "
               f"{t('cli.severity', lang)}: {rule.severity}   "
               f"{t('cli.source', lang)}: {rule.file}:{rule.pos.line}")
    if rule.basis:
        click.echo(f"{t('cli.basis', lang)}: {rule.basis}")
    sections = rule.doc_sections(lang)
    for heading in DOC_SECTIONS:
        click.echo()
        click.echo(f"## {heading}")
        click.echo(sections.get(heading) or t("cli.section_missing", lang))
