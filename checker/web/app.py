"""The web application: a form, one review page per upload, downloads, and their guards.

Routes: ``GET /`` (the upload form), ``POST /periksa`` (check the uploads, then go to the
review), ``GET /reviu/{id}`` (findings with their cells, downloads), ``GET
/reviu/{id}/unduh/{key}``, ``POST /reviu/{id}/hapus`` (delete now), ``POST /masuk`` (give
the token). Each guard is here, where a request enters:

- **size**: the body is counted as it arrives and refused above ``max_upload_bytes`` (a
  ``Content-Length`` is not believed, a chunked body has none) with a page saying the limit;
- **busy**: at most ``max_checks`` checks run at once; another upload gets "sedang sibuk,
  coba lagi" (HTTP 503) at once instead of queueing until a proxy times out;
- **token**: when the server has one, every route but the stylesheet needs it, by cookie,
  ``Authorization: Bearer``, or ``?token=`` once (which sets the cookie and leaves the URL);
- **markup**: every answer carries a Content-Security-Policy without scripts, and pages are
  autoescaped (:mod:`.pages`); downloads are attachments, never shown inline.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from checker.dsl.registry import Registry, load_registry
from checker.i18n import LANGUAGES, t
from checker.i18n.format import format_number
from checker.web.pages import render, review_page
from checker.web.review import run_review
from checker.web.store import ReviewStore
from checker.web.uploads import Upload, label_of, suffix_of

COOKIE = "sakip_token"
#: Room for the multipart boundaries and headers around the files themselves.
FORM_OVERHEAD = 64 * 1024
#: A refused upload is read and thrown away up to this many times the limit, so that the
#: browser, still sending, shows the answer instead of a reset connection.
DRAIN_FACTOR = 16
LOG = logging.getLogger("sakip_check.web")
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff",
           "referrer-policy": "no-referrer", "x-frame-options": "DENY",
           "cache-control": "no-store"}


@dataclass(frozen=True)
class ServeConfig:
    """The limits and secrets of one server (``sakip-check serve`` options)."""

    max_upload_bytes: int = 20 * 1024**2
    max_files: int = 10
    max_checks: int = 2
    keep_seconds: int = 30 * 60
    capacity: int = 200
    token: str | None = None
    lang: str = "id"
    rule_dirs: tuple[str, ...] = ()


class Slots:
    """A count of running checks that says no instead of waiting."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.busy = 0
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.busy >= self.size:
                return False
            self.busy += 1
            return True

    def give(self) -> None:
        with self._lock:
            self.busy -= 1


class TooLarge(Exception):
    """The upload is larger than the server accepts."""


def _lang(request: Request, form_lang: Any = None) -> str:
    value = form_lang or request.query_params.get("lang")
    return value if value in LANGUAGES else request.app.state.config.lang


def _page(template: str, request: Request, lang: str, status: int = 200,
          **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, lang, **context), status_code=status)


def _message(request: Request, lang: str, key: str, status: int, **params: Any) -> HTMLResponse:
    return _page("message.html.j2", request, lang, status,
                 message=t(f"web.answer.{key}", lang, **params))


def _form(request: Request, lang: str, message: str | None = None,
          status: int = 200) -> HTMLResponse:
    config: ServeConfig = request.app.state.config
    return _page("index.html.j2", request, lang, status, message=message,
                 max_files=config.max_files, max_mb=_mb(config.max_upload_bytes, lang))


def _mb(size: int, lang: str) -> str:
    """Megabytes as the reader writes them (``0,5`` in Indonesian, ``0.5`` in English)."""
    return format_number(round(size / 1024**2, 2), lang)


async def index(request: Request) -> Response:
    return _form(request, _lang(request))


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, or :class:`TooLarge` as soon as it passes ``limit``.

    A declared ``Content-Length`` above the limit is refused without keeping a byte; a
    body that grows past it (chunked, or a lying header) is counted and refused too.
    """
    declared = request.headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > limit
    body = bytearray()
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        too_large = too_large or seen > limit
        if too_large:
            if seen > DRAIN_FACTOR * limit:
                break
            continue  # counted, not kept
        body += chunk
    if too_large:
        raise TooLarge
    return bytes(body)


async def check(request: Request) -> Response:
    """Check the uploaded files; answer with the review's address, or say why not."""
    lang = _lang(request)
    slots: Slots = request.app.state.slots
    if not slots.take():
        return _message(request, lang, "busy", 503)
    try:
        received = await _uploads(request, lang)
        if isinstance(received, Response):
            return received
        uploads, lang = received
        refusal = _refuse(uploads, request.app.state.config, lang)
        if refusal is not None:
            return _form(request, lang, *refusal)
        state = request.app.state
        try:
            outcome = await run_in_threadpool(run_review, uploads, state.registry, lang,
                                              state.root)
        except Exception as exc:  # a bug of ours: the user gets a sentence, the log the rest
            LOG.exception("review failed")
            return _message(request, lang, "failed", 500, reason=type(exc).__name__)
        review = state.store.add(outcome, lang)
        return RedirectResponse(f"/reviu/{review.id}", status_code=303)
    finally:
        slots.give()


async def _uploads(request: Request, lang: str) -> tuple[list[Upload], str] | Response:
    """The files of the form (and the form's language), or the answer refusing the body."""
    config: ServeConfig = request.app.state.config
    try:
        body = await _read_body(request, config.max_upload_bytes + FORM_OVERHEAD)
    except ClientDisconnect:
        return Response(status_code=400)
    except TooLarge:
        return _message(request, lang, "too_large", 413,
                        mb=_mb(config.max_upload_bytes, lang))

    async def replay() -> dict[str, Any]:  # the form parser reads the body counted above
        return {"type": "http.request", "body": body, "more_body": False}

    try:  # more parts than max_files are counted by _refuse, so it can say so
        form = await Request(request.scope, replay).form(
            max_files=max(4 * config.max_files, 100), max_fields=20)
    except Exception:  # a malformed multipart body: say so, never a traceback
        return _message(request, lang, "bad_form", 400)
    try:
        lang = _lang(request, form.get("lang"))
        uploads = [Upload(item.filename or "", await item.read())
                   for item in form.getlist("files")
                   if isinstance(item, UploadFile) and (item.filename or item.size)]
    finally:
        await form.close()
    return uploads, lang


def _refuse(uploads: list[Upload], config: ServeConfig,
            lang: str) -> tuple[str, int] | None:
    """Why these uploads cannot be checked, and the HTTP status to say it with; or ``None``."""
    if not uploads:
        return t("web.answer.no_files", lang), 400
    if len(uploads) > config.max_files:
        return t("web.answer.too_many_files", lang, n=config.max_files), 400
    if sum(len(u.data) for u in uploads) > config.max_upload_bytes:
        return t("web.answer.too_large", lang, mb=_mb(config.max_upload_bytes, lang)), 413
    for u in uploads:
        if suffix_of(u.name) is None:
            return t("web.answer.unsupported", lang, name=label_of(u.name)), 400
    return None


def _not_found(request: Request, lang: str) -> Response:
    minutes = request.app.state.config.keep_seconds // 60
    return _message(request, lang, "not_found", 404, minutes=minutes)


async def review(request: Request) -> Response:
    found = request.app.state.store.get(request.path_params["review_id"])
    if found is None:
        return _not_found(request, _lang(request))
    asked = request.query_params.get("lang")
    return HTMLResponse(review_page(found, asked if asked in LANGUAGES else None))


async def download(request: Request) -> Response:
    found = request.app.state.store.get(request.path_params["review_id"])
    if found is None:
        return _not_found(request, _lang(request))
    key = request.path_params["key"]
    for item in found.outcome.downloads:
        if item.key == key:
            return Response(item.data, media_type=item.media_type,
                            headers={"content-disposition": _attachment(item.filename)})
    return _not_found(request, found.lang)


def _attachment(filename: str) -> str:
    """A Content-Disposition that no file name can break (RFC 6266, with an ASCII fallback)."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._- ") else "_"
                         for c in filename) or "berkas"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def delete(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    lang = _lang(request, form.get("lang"))
    request.app.state.store.delete(request.path_params["review_id"])
    return _page("message.html.j2", request, lang, message=t("web.page.deleted", lang),
                 kind="info")


async def sign_in(request: Request) -> Response:
    """``POST /masuk``: a right token sets the cookie; a wrong one shows the form again."""
    form = await request.form(max_files=0, max_fields=5)
    lang = _lang(request, form.get("lang"))
    given = str(form.get("token") or "")
    if not _token_ok(request.app.state.config.token, given):
        return _page("token.html.j2", request, lang, 401, wrong=True)
    response = RedirectResponse(f"/?lang={lang}", status_code=303)
    _set_cookie(response, given)
    return response


def _token_ok(expected: str | None, given: str | None) -> bool:
    if expected is None:
        return True
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def _set_cookie(response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")


class Guard:
    """ASGI middleware: the token check, and the security headers on every answer."""

    def __init__(self, app: Callable[..., Awaitable[None]], config: ServeConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items()
                         if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        answer = self._refusal(Request(scope, receive))
        if answer is not None:
            await answer(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, request: Request) -> Response | None:
        """The answer to a request without the token, or ``None`` to let it through."""
        token = self.config.token
        path = request.url.path
        if token is None or path.startswith("/static/") or path == "/masuk":
            return None
        bearer = request.headers.get("authorization", "")
        if bearer.lower().startswith("bearer ") and _token_ok(token, bearer[7:].strip()):
            return None
        if _token_ok(token, request.cookies.get(COOKIE)):
            return None
        query = request.query_params.get("token")
        lang = request.query_params.get("lang")
        lang = lang if lang in LANGUAGES else self.config.lang
        if query is not None and request.method == "GET" and _token_ok(token, query):
            response = RedirectResponse(f"{path}?lang={lang}", status_code=303)
            _set_cookie(response, query)
            return response
        return HTMLResponse(render("token.html.j2", lang, wrong=query is not None),
                            status_code=401)


def create_app(config: ServeConfig, registry: Registry | None = None) -> Starlette:
    """The application, with its own private temporary root removed at shutdown."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        app.state.store.clear()
        shutil.rmtree(app.state.root, ignore_errors=True)

    app = Starlette(routes=[
        Route("/", index),
        Route("/periksa", check, methods=["POST"]),
        Route("/masuk", sign_in, methods=["POST"]),
        Route("/reviu/{review_id}", review),
        Route("/reviu/{review_id}/unduh/{key}", download),
        Route("/reviu/{review_id}/hapus", delete, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("checker.web", "static")]), name="static"),
    ], lifespan=lifespan)
    app.state.config = config
    app.state.registry = registry if registry is not None else load_registry(config.rule_dirs)
    app.state.store = ReviewStore(config.keep_seconds, config.capacity)
    app.state.slots = Slots(config.max_checks)
    app.state.root = Path(tempfile.mkdtemp(prefix="sakip-serve-"))  # mode 0700
    app.add_middleware(Guard, config=config)
    return app
