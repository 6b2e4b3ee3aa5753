"""Output formats, each in its own module behind :class:`checker.reports.base.Reporter`.

Add a format by writing a module with a reporter class and listing it in ``REPORTERS``;
the CLI offers every name here for ``--format``.
"""

from __future__ import annotations

from importlib import import_module

# name → "module:Class"; imported only when chosen, so start-up stays fast.
REPORTERS: dict[str, str] = {
    "text": "checker.reports.text:TextReporter",
    "json": "checker.reports.json_report:JsonReporter",
    "xlsx": "checker.reports.xlsx:XlsxReporter",
    "html": "checker.reports.html:HtmlReporter",
    "md": "checker.reports.markdown:MarkdownReporter",
    "sarif": "checker.reports.sarif:SarifReporter",
    "junit": "checker.reports.junit:JunitReporter",
    "github": "checker.reports.github:GithubReporter",
}


def get_reporter(name: str, **options: object):
    """Instantiate the reporter registered under ``name``."""
    module, _, cls = REPORTERS[name].partition(":")
    factory = getattr(import_module(module), cls)
    try:
        return factory(**options)
    except TypeError:
        return factory()
