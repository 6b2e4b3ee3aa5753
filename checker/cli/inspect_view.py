"""``sakip-check inspect``: what each file was read as, and what was passed over."""

from __future__ import annotations

from collections import Counter

import click

from checker.cli.collect import Collected
from checker.i18n import t
from checker.i18n.format import level_words
from checker.reports.labels import document_label


def print_inspection(collected: Collected, lang: str) -> None:
    """Documents, tables, column mappings, row counts, skipped rows and importer findings."""
    for error in collected.errors:
        click.echo(f"{t('report.input_error', lang)} {error.render(lang)}")
    for doc in collected.documents:
        # agency · kind · year as a person names it; the id (what a mapping file and the
        # JSON report use) in brackets
        click.echo(f"== {document_label(doc, lang, with_file=False)}  [{doc.id}]  {doc.path}")
        click.echo(f"   {t('cli.agency', lang)}: {doc.instansi or '-'} · {doc.pemda or '-'} · "
                   f"{t('cli.year', lang)}: {doc.tahun or '-'}")
        levels = Counter(level_words(i.level.value, lang) for i in doc.items)
        level_text = ", ".join(f"{lv} {n}" for lv, n in levels.items()) or "-"
        click.echo(f"   {t('cli.items', lang)}: {level_text}; "
                   f"{t('cli.indicators', lang)}: {len(doc.indicators)}; "
                   f"{t('cli.totals', lang)}: {len(doc.totals)}")
        if doc.tahunan or doc.tahun_awal:  # a Renstra/RPJMD: its values per year
            span = f"{doc.tahun_awal}–{doc.tahun_akhir}" if doc.tahun_awal else "-"
            click.echo(f"   {t('cli.period', lang)}: {span}; "
                       f"{t('cli.year_values', lang)}: {len(doc.tahunan)}")
        for table in doc.tables:
            span = f"{table.first_row}–{table.last_row}" if table.first_row else "-"
            click.echo(f"   - {t('cli.table', lang)} \"{table.name}\" ({span}): "
                       f"{t('cli.rows_read', lang)} {table.rows_read}")
            if table.columns:
                mapping = ", ".join(f"{c}→{f}" for c, f in table.columns.items())
                click.echo(f"       {t('cli.columns', lang)}: {mapping}")
            for row, reason in table.skipped:
                click.echo(f"       {t('cli.skipped', lang)} {row}: {reason}")
            for note in table.notes:
                click.echo(f"       {t('cli.note', lang)}: {note}")
        issues = Counter(i.code for i in doc.issues)
        if issues:
            click.echo(f"   {t('cli.import_findings', lang)}: "
                       + ", ".join(f"{c} × {n}" for c, n in sorted(issues.items())))
            for issue in doc.issues:
                click.echo(f"       {issue.code} {issue.location.describe()}: {issue.text(lang)}")
