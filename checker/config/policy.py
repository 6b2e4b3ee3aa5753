"""From the command line and the project's files to the policy of one run.

:func:`configure` gathers the settings of a command (defaults, configuration file, the
options typed); :class:`Policy` loads the suppressions and checks every rule code they and
the severity table name before anything is read, then, after the engine has run, moves
accepted and baselined findings apart. The CLI calls these two and nothing else, so the
``check`` command stays a short list of steps.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.config.settings import Settings, Source, check_codes, explicit_options, resolve
from checker.dsl.ast import Rule
from checker.i18n import LANGUAGES
from checker.model.errors import InputError
from checker.model.finding import Finding, Severity, in_report_order
from checker.model.location import Location
from checker.model.plan import Document

if TYPE_CHECKING:
    from checker.config.suppressions import Suppression

# configuration key → parameter name of the ``check`` and ``config`` commands
OPTIONS = {"lang": "lang", "format": "fmt", "fail-on": "fail_on", "rules": "rule_dirs",
           "select": "select", "ignore": "ignore", "suppressions": "suppressions",
           "baseline": "baseline"}


def configure(ctx: Any, paths: list[str]) -> Settings:
    """The settings of the running command: its typed options over the configuration file.

    ``SAKIP_CHECK_LANG`` (when set) replaces the built-in language default; a file's
    ``lang`` and ``--lang`` both win over it.
    """
    params = ctx.params
    names = {k: v for k, v in OPTIONS.items() if v in params}
    defaults: dict[str, tuple[Any, Source]] = {}
    env_lang = os.environ.get("SAKIP_CHECK_LANG")
    if env_lang in LANGUAGES:
        defaults["lang"] = (env_lang, Source("env", option="SAKIP_CHECK_LANG"))
    return resolve(paths, params.get("config_file"), explicit_options(ctx, names), defaults)


@dataclass
class Outcome:
    """The findings that count, and those accepted (suppressed or in the baseline)."""

    findings: list[Finding]
    suppressed: list[Finding]


class Policy:
    """Suppressions and baseline of a run, checked against the rules before the run."""

    def __init__(self, settings: Settings, known_codes: Iterable[str]) -> None:
        self.settings = settings
        known = set(known_codes)
        check_codes(settings, known)
        entries: list[Suppression] = []
        if settings.suppress or settings.suppressions:
            # Imported here: most runs accept no finding, and the module costs every
            # other run ~1.5 ms of start (see ``apply``: no entry, nothing to apply).
            from checker.config.suppressions import load_suppression_file, parse_entry

            entries = [parse_entry(entry, source) for entry, source in settings.suppress]
            if settings.suppressions:
                entries += load_suppression_file(Path(settings.suppressions))
        for entry in entries:
            if entry.rule not in known:
                raise InputError("config.unknown_rule",
                                 Location(file=entry.source.file or "",
                                          row=entry.source.line), code=entry.rule)
        self.entries = entries

    def apply(self, findings: list[Finding], documents: list[Document],
              selected: Iterable[Rule], write_baseline_to: str | None = None,
              on: dt.date | None = None) -> Outcome:
        """Suppress, report stale entries, record and apply the baseline.

        ``SUP-001``/``SUP-002`` are reported only when among the ``selected`` rules, with
        the severity this run gives them (the configured override, else the rule's).
        """
        kinds = {d.id: d.jenis.value for d in documents}
        current, accepted = in_report_order(findings), []
        if self.entries:  # without entries every finding is kept and nothing is said
            from checker.config.suppressions import EXPIRED, UNUSED, apply_suppressions, today

            chosen = {r.code: r for r in selected}
            overrides = self.settings.severity
            severity = {code: Severity(overrides.get(code, chosen[code].severity))
                        for code in (EXPIRED, UNUSED) if code in chosen}
            applied = apply_suppressions(findings, self.entries, kinds, on or today(),
                                         severity)
            current = in_report_order([*applied.kept, *applied.notices])
            accepted = list(applied.suppressed)
        baseline = write_baseline_to or self.settings.baseline
        if not baseline:
            return Outcome(current, sorted(accepted, key=Finding.sort_key))
        # Imported here: most runs use no baseline, and its module (with the report
        # summary's business keys) costs every other run a few milliseconds of start.
        from checker.config.baseline import read_baseline, split_known, write_baseline

        if write_baseline_to:
            write_baseline(write_baseline_to, current, kinds)
        current, known = split_known(current, kinds, read_baseline(baseline))
        accepted += known
        return Outcome(current, sorted(accepted, key=Finding.sort_key))
