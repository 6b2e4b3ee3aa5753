"""``sakip-check serve``: start the web application (see :mod:`checker.web`).

The command refuses, with a sentence and exit code 2, before anything listens: when the
optional packages are missing (it says how to install them), when the address reaches
beyond this computer and no token was given, or when the port cannot be opened. The
socket is bound here, so ``--port 0`` prints the port actually chosen.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import TYPE_CHECKING

import click

from checker.i18n import LANGUAGES, t

if TYPE_CHECKING:  # the socket library is loaded by `serve` only, not by every command
    import socket

#: Import name → the package to install, for the message when one is missing.
REQUIRED = {"starlette": "starlette", "uvicorn": "uvicorn", "python_multipart": "python-multipart"}
MIN_TOKEN = 16
_ENV_LANG = os.environ.get("SAKIP_CHECK_LANG", "id")
HELP_LANG = _ENV_LANG if _ENV_LANG in LANGUAGES else "id"


def _h(key: str) -> str:
    return t(f"web.{key}", HELP_LANG)


def missing_packages() -> list[str]:
    """The packages of the ``serve`` extra that cannot be imported."""
    return [name for module, name in REQUIRED.items()
            if importlib.util.find_spec(module) is None]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this computer only."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


@click.command(name="serve", help=_h("help"))
@click.option("--host", default="127.0.0.1", show_default=True, help=_h("opt_host"))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help=_h("opt_port"))
@click.option("--token", envvar="SAKIP_CHECK_TOKEN", default=None, help=_h("opt_token"))
@click.option("--max-upload-mb", type=click.FloatRange(0.01, 1024), default=20,
              show_default=True, help=_h("opt_max_upload"))
@click.option("--max-checks", type=click.IntRange(1, 64), default=2, show_default=True,
              help=_h("opt_max_checks"))
@click.option("--keep-minutes", type=click.IntRange(1, 24 * 60), default=30,
              show_default=True, help=_h("opt_keep"))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(),
              help=t("cli.opt_rules", HELP_LANG))
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help=t("cli.opt_lang", HELP_LANG))
def serve_command(host: str, port: int, token: str | None, max_upload_mb: float,
                  max_checks: int, keep_minutes: int, rule_dirs: tuple[str, ...],
                  lang: str | None) -> None:
    """Serve the upload form and the reviews until interrupted."""
    lang = lang or HELP_LANG
    missing = missing_packages()
    if missing:
        _fail(t("web.missing_extra", lang, missing=", ".join(missing)))
    token = token or None
    if token is None and not is_loopback(host):
        _fail(t("web.token_required", lang, host=host))
    if token is not None and len(token) < MIN_TOKEN:
        _fail(t("web.token_too_short", lang, n=MIN_TOKEN))
    from checker.dsl.errors import DslError
    from checker.dsl.registry import load_registry

    try:
        registry = load_registry(rule_dirs)
    except DslError as exc:
        _fail(exc.render(lang))
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        _fail(t("web.port_in_use", lang, host=host, port=port, reason=exc.strerror or exc))
    _run(sock, host, registry, token, lang, max_upload_mb, max_checks, keep_minutes,
         rule_dirs)


def _run(sock: socket.socket, host: str, registry, token: str | None, lang: str,
         max_upload_mb: float, max_checks: int, keep_minutes: int,
         rule_dirs: tuple[str, ...]) -> None:
    import uvicorn

    from checker.web.app import ServeConfig, create_app

    config = ServeConfig(max_upload_bytes=int(max_upload_mb * 1024**2), max_checks=max_checks,
                         keep_seconds=keep_minutes * 60, token=token, lang=lang,
                         rule_dirs=rule_dirs)
    app = create_app(config, registry)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    click.echo(t("web.listening", lang, url=url, minutes=keep_minutes), err=True)
    if token:
        click.echo(t("web.listening_token", lang, url=url), err=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           limit_concurrency=max_checks + 32,
                                           timeout_graceful_shutdown=5))
    server.run(sockets=[sock])
