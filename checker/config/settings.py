"""Project configuration: ``sakip-check.toml`` or ``[tool.sakip-check]`` in pyproject.toml.

A repository of plans states its policy once (which rules, which severities, when CI
fails, which language) instead of in every command line. The file is found by walking up
from the checked files (then from the current directory); the first ``sakip-check.toml``,
or ``pyproject.toml`` that has a ``[tool.sakip-check]`` table, wins. A value given on the
command line replaces the configured one. Every value remembers where it came from, so
``sakip-check config`` can say why the tool behaves as it does.

Mistakes in the file (an unknown key, a wrong type, a severity for a rule that does not
exist) stop the run with the file and line, like any other input error: a policy that is
silently ignored is worse than none.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.i18n import LANGUAGES
from checker.model.errors import InputError
from checker.model.location import Location

CONFIG_NAME = "sakip-check.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "sakip-check")
SEVERITIES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")
# key → CLI option that overrides it (None: configuration only)
KEYS: dict[str, str | None] = {
    "lang": "--lang", "format": "--format", "fail-on": "--fail-on", "rules": "--rules",
    "select": "--select", "ignore": "--ignore", "severity": None, "tolerances": None,
    "suppressions": "--suppressions", "baseline": "--baseline", "suppress": None,
}
DEFAULTS: dict[str, Any] = {
    "lang": "id", "format": "text", "fail-on": "error", "rules": [], "select": [],
    "ignore": [], "severity": {}, "tolerances": {}, "suppressions": None, "baseline": None,
}
_TOLERANCE = re.compile(r"^\d+(\.\d+)?%$")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


@dataclass(frozen=True)
class Source:
    """Where a value came from: a file and line, a command-line option, or the default."""

    kind: str  # "file", "cli", "env", "default"
    file: str | None = None
    line: int | None = None
    option: str | None = None

    def describe(self, lang: str = "id") -> str:
        from checker.i18n import t

        if self.kind == "file":
            return f"{self.file}:{self.line}" if self.line else str(self.file)
        if self.kind == "cli":
            return t("config.source_cli", lang, option=self.option)
        if self.kind == "env":
            return t("config.source_env", lang, option=self.option)
        return t("config.source_default", lang)


@dataclass
class Settings:
    """The effective configuration of one run, each value with its :class:`Source`."""

    file: Path | None = None
    table: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    key_sources: dict[str, dict[str, Source]] = field(default_factory=dict)
    suppress: list[tuple[dict[str, Any], Source]] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.values["lang"]

    @property
    def format(self) -> str:
        return self.values["format"]

    @property
    def fail_on(self) -> str:
        return self.values["fail-on"]

    @property
    def rules(self) -> list[str]:
        return list(self.values["rules"])

    @property
    def select(self) -> list[str]:
        return list(self.values["select"])

    @property
    def ignore(self) -> list[str]:
        return list(self.values["ignore"])

    @property
    def severity(self) -> dict[str, str]:
        return dict(self.values["severity"])

    @property
    def tolerances(self) -> dict[str, Any]:
        return dict(self.values["tolerances"])

    @property
    def suppressions(self) -> str | None:
        return self.values["suppressions"]

    @property
    def baseline(self) -> str | None:
        return self.values["baseline"]


def shown(path: Path) -> str:
    """A path as the user should see it: relative to the current directory when inside."""
    full = (path if path.is_absolute() else Path.cwd() / path).resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and TOOL_TABLE[1] in data["tool"]


def find_config(paths: list[str], cwd: Path | None = None) -> Path | None:
    """The configuration that governs ``paths``: walk up from each, then from ``cwd``."""
    starts: list[Path] = []
    for raw in paths:
        p = Path(raw).resolve()
        starts.append(p if p.is_dir() else p.parent)
    starts.append((cwd or Path.cwd()).resolve())
    seen: set[Path] = set()
    for start in starts:
        for folder in (start, *start.parents):
            if folder in seen:
                break
            seen.add(folder)
            candidate = folder / CONFIG_NAME
            if candidate.is_file():
                return candidate
            pyproject = folder / PYPROJECT
            if pyproject.is_file() and _has_tool_table(pyproject):
                return pyproject
    return None


def _decode_error(path: Path, exc: tomllib.TOMLDecodeError) -> InputError:
    match = re.search(r"line (\d+)", str(exc))
    return InputError("config.bad_toml", Location(file=shown(path),
                                                  row=int(match.group(1)) if match else None),
                      reason=str(exc))


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed file and its text (for line numbers); errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("config.not_found", Location(file=shown(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("config.unreadable", Location(file=shown(path)),
                         reason=type(exc).__name__) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(path, exc) from None


class LineIndex:
    """Line numbers of the tables and keys of a TOML text, for messages and ``config``.

    A light scan rather than a parser: table headers and ``key =`` lines. It is only ever
    used to point a reader at a line; the values themselves come from ``tomllib``.
    """

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[tuple[str, ...], str], int] = {}
        self.tables: dict[tuple[str, ...], int] = {}
        self.arrays: dict[tuple[str, ...], list[int]] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                table = tuple(_unquote(p) for p in header.group(2).split("."))
                if header.group(1) == "[[":
                    self.arrays.setdefault(table, []).append(number)
                else:
                    self.tables.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                name = next(g for g in key.groups() if g is not None)
                self.keys.setdefault((table, name), number)

    def key(self, table: tuple[str, ...], name: str) -> int | None:
        return self.keys.get((table, name)) or self.tables.get((*table, name))


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


def _names(value: Any) -> list[str] | None:
    """A list of names from a list of strings or one comma-separated string."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


def hint(word: str, options: list[str]) -> str:
    """The option closest to a mistyped word, else every option (for the error message)."""
    from checker.reference.matching import close_matches

    close = close_matches(word, options, n=1)
    return close[0] if close else ", ".join(options)


def load_file(path: Path) -> Settings:
    """Read and check one configuration file (either form); values relative to its folder."""
    data, text = read_toml(path)
    lines = LineIndex(text)
    table: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        table = TOOL_TABLE
        data = data.get("tool", {}).get(TOOL_TABLE[1], {})
        if not isinstance(data, dict):
            raise InputError("config.bad_type", Location(file=shown(path)),
                             name="tool.sakip-check", expected="table")
    settings = Settings(file=path, table=table)
    where = shown(path)

    def src(key: str) -> Source:
        return Source("file", where, lines.key(table, key))

    def bad(key: str, expected: str) -> InputError:
        return InputError("config.bad_type", Location(file=where, row=lines.key(table, key)),
                          name=key, expected=expected)

    base = path.parent
    for key, value in data.items():
        if key not in KEYS:
            raise InputError("config.unknown_key", Location(file=where,
                                                            row=lines.key(table, key)),
                             name=key, hint=hint(key, list(KEYS)))
        if key == "suppress":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise bad(key, "[[suppress]]")
            headers = lines.arrays.get((*table, "suppress"), [])
            for i, entry in enumerate(value):
                line = headers[i] if i < len(headers) else lines.key(table, key)
                settings.suppress.append((entry, Source("file", where, line)))
            continue
        settings.values[key] = _check_value(key, value, bad, base)
        settings.sources[key] = src(key)
        if key in ("severity", "tolerances"):
            settings.key_sources[key] = {
                (code.upper() if key == "severity" else code):
                    Source("file", where, lines.key((*table, key), code))
                for code in value}
            for code, level in value.items():
                if key == "severity" and level not in SEVERITIES:
                    raise InputError("config.bad_severity",
                                     Location(file=where,
                                              row=lines.key((*table, key), code)),
                                     code=code, value=level, known=", ".join(SEVERITIES))
                if key == "tolerances" and not _tolerance_ok(level):
                    raise InputError("config.bad_tolerance",
                                     Location(file=where,
                                              row=lines.key((*table, key), code)),
                                     code=code, value=level)
    return settings


def _tolerance_ok(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value >= 0
    return isinstance(value, str) and bool(_TOLERANCE.match(value.strip()))


def _relative_to(base: Path, value: str) -> str:
    p = Path(value)
    return shown(p if p.is_absolute() else base / p)


def _check_value(key: str, value: Any, bad: Any, base: Path) -> Any:
    if key == "lang":
        if value not in LANGUAGES:
            raise bad(key, " | ".join(LANGUAGES))
        return value
    if key == "fail-on":
        if value not in FAIL_ON:
            raise bad(key, " | ".join(FAIL_ON))
        return value
    if key == "format":
        from checker.reports import REPORTERS

        if value not in REPORTERS:
            raise bad(key, " | ".join(REPORTERS))
        return value
    if key in ("select", "ignore", "rules"):
        names = _names(value)
        if names is None:
            raise bad(key, "[\"…\", …]")
        return [_relative_to(base, n) for n in names] if key == "rules" else names
    if key in ("severity", "tolerances"):
        if not isinstance(value, dict):
            raise bad(key, "{ KODE = … }")
        if key == "severity":
            return {code.upper(): level for code, level in value.items()}
        return dict(value)
    if key in ("suppressions", "baseline"):
        if not isinstance(value, str) or not value.strip():
            raise bad(key, "\"berkas\"")
        return _relative_to(base, value)
    raise AssertionError(key)  # pragma: no cover - every key of KEYS is handled above


def resolve(paths: list[str], config_file: str | None, explicit: dict[str, Any],
            defaults: dict[str, tuple[Any, Source]] | None = None,
            cwd: Path | None = None) -> Settings:
    """Defaults, then the configuration file, then what the command line gave.

    ``explicit`` holds only options the user actually typed (``--fail-on warning``), keyed
    like the file (``fail-on``); ``defaults`` may replace a built-in default and its source
    (the language from ``SAKIP_CHECK_LANG``).
    """
    path = Path(config_file) if config_file else find_config(paths, cwd)
    settings = load_file(path) if path is not None else Settings()
    if config_file and path is not None:
        settings.file = path
    for key, value in DEFAULTS.items():
        if key not in settings.values:
            default, source = (defaults or {}).get(key, (value, Source("default")))
            settings.values[key] = default
            settings.sources[key] = source
    for key, value in explicit.items():
        if value is None or value == () or value == []:
            continue
        if key in ("select", "ignore", "rules"):
            value = [v.strip() for item in value for v in str(item).split(",") if v.strip()] \
                if key != "rules" else list(value)
        settings.values[key] = value
        settings.sources[key] = Source("cli", option=KEYS.get(key))
    return settings


def explicit_options(ctx: Any, names: dict[str, str]) -> dict[str, Any]:
    """The options of a click command that the user typed, keyed like the configuration.

    ``names`` maps a configuration key to the command's parameter name. An option left at
    its default is not "given", so a configured value is not overridden by a default.
    """
    from click.core import ParameterSource

    out: dict[str, Any] = {}
    for key, param in names.items():
        source = ctx.get_parameter_source(param)
        if source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            out[key] = ctx.params[param]
    return out


def check_codes(settings: Settings, known: set[str]) -> None:
    """Refuse a severity override for a rule that does not exist (a typo would do nothing)."""
    for code in settings.severity:
        if code not in known:
            source = settings.key_sources.get("severity", {}).get(code) or \
                settings.sources.get("severity")
            raise InputError("config.unknown_rule",
                             Location(file=source.file or "", row=source.line)
                             if source and source.file else None, code=code)
