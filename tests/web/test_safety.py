"""Each safety promise of ``sakip-check serve``, one test (or a few) per promise."""

from __future__ import annotations

import re
import stat
import threading
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

import checker.web.review as review_module
from checker.cli.main import main
from checker.i18n import t
from checker.web.command import is_loopback
from checker.web.store import ID_PATTERN, ReviewStore
from checker.web.uploads import label_of
from tests.web.conftest import SCRIPT, SEED_TEXT, script_workbook, upload

REVIEW = re.compile(r"^/reviu/([A-Za-z0-9_-]{43})$")


def _spy_collect(monkeypatch) -> list[dict]:
    """Record what the review hands to ``collect``: paths, their folder, its mode."""
    seen: list[dict] = []
    real = review_module.collect

    def spy(paths, *args, **kwargs):
        folder = Path(paths[0]).parent
        seen.append({"paths": list(paths), "folder": folder,
                     "mode": stat.S_IMODE(folder.parent.stat().st_mode),
                     "existed": all(Path(p).is_file() for p in paths)})
        return real(paths, *args, **kwargs)

    monkeypatch.setattr(review_module, "collect", spy)
    return seen


# ------------------------------------------------------------------------- upload size
def test_upload_over_the_limit_is_refused_with_the_size_message(make_client):
    client = make_client(max_upload_bytes=100_000)
    answer = upload(client, ("besar.txt", b"x" * 300_000))
    assert answer.status_code == 413
    assert t("web.answer.too_large", "id", mb="0,1") in unescape(answer.text)
    assert len(client.app.state.store) == 0


def test_a_chunked_upload_is_counted_as_it_arrives(make_client):
    client = make_client(max_upload_bytes=100_000)
    boundary = "b0undary"

    def body():  # no Content-Length: the server must count
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
               f"filename=\"a.txt\"\r\n\r\n").encode()
        for _ in range(40):
            yield b"y" * 10_000
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = client.post("/periksa", content=body(), follow_redirects=False,
                         headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status_code == 413
    assert "terlalu besar" in answer.text


def test_files_that_add_up_over_the_limit_are_refused(make_client):
    client = make_client(max_upload_bytes=100_000)  # each fits, with the form overhead
    answer = upload(client, ("a.txt", b"x" * 60_000), ("b.txt", b"x" * 60_000))
    assert answer.status_code == 413
    assert "terlalu besar" in answer.text


# ------------------------------------------------------------------------ workbook guards
def test_workbook_guards_refuse_a_fake_workbook_before_any_parser(make_client, monkeypatch):
    import checker.importers.registry as registry

    def parser_reached():
        raise AssertionError("a workbook importer was asked to read a refused file")

    monkeypatch.setattr(registry, "workbook_importers", parser_reached)
    client = make_client()
    answer = upload(client, ("rencana.xlsx", b"<html><body>bukan buku kerja</body></html>"))
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text
    expected = t("input.not_workbook", "id", detail="HTML")
    assert expected.split("{")[0][:30] in page or "bukan buku kerja" in page.lower()
    assert "rencana.xlsx" in page and "Traceback" not in page


def test_an_encrypted_workbook_is_named_not_crashed_on(make_client):
    client = make_client()
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + "EncryptedPackage".encode("utf-16-le") * 4
    page = client.get(upload(client, ("rahasia.xlsx", ole)).headers["location"]).text
    assert "rahasia.xlsx" in page
    assert t("input.encrypted", "id", file="rahasia.xlsx").split(":")[-1].strip()[:20] in page


# ---------------------------------------------------------------- private folder, expiry
def test_the_private_folder_is_removed_when_the_review_is_ready(make_client, monkeypatch):
    seen = _spy_collect(monkeypatch)
    client = make_client()
    root: Path = client.app.state.root
    answer = upload(client, ("seed.txt", SEED_TEXT.read_bytes()))
    assert answer.status_code == 303
    assert seen and seen[0]["existed"]
    assert seen[0]["mode"] == 0o700  # only the server's user could read the uploads
    assert seen[0]["folder"].parent.parent == root
    assert not seen[0]["folder"].exists()
    assert list(root.iterdir()) == []  # nothing of the user's is left on disk


def test_the_private_folder_is_removed_when_the_check_fails(make_client, monkeypatch):
    seen = _spy_collect(monkeypatch)

    class Broken:
        def __init__(self, *args, **kwargs): ...

        def run(self, documents):
            raise RuntimeError("boom")

    monkeypatch.setattr(review_module, "Engine", Broken)
    client = make_client()
    answer = upload(client, ("seed.txt", SEED_TEXT.read_bytes()))
    assert answer.status_code == 500
    assert "RuntimeError" in answer.text and "Traceback" not in answer.text
    assert not seen[0]["folder"].exists()
    assert list(client.app.state.root.iterdir()) == []


def test_the_server_root_is_removed_at_shutdown(make_client):
    client = make_client()
    root = client.app.state.root
    assert root.is_dir() and stat.S_IMODE(root.stat().st_mode) == 0o700
    client.__exit__(None, None, None)
    assert not root.exists()


def test_a_review_expires(make_client):
    now = [1000.0]
    store = ReviewStore(keep_seconds=60, clock=lambda: now[0])
    review = store.add(object(), "id")  # type: ignore[arg-type]
    assert store.get(review.id) is review
    now[0] += 59
    assert store.get(review.id) is review
    now[0] += 2
    assert store.get(review.id) is None and len(store) == 0


def test_the_store_keeps_a_bounded_amount_of_memory():
    from types import SimpleNamespace

    def outcome(size: int):
        return SimpleNamespace(downloads=[SimpleNamespace(data=b"x" * size)])

    store = ReviewStore(keep_seconds=600, capacity=3, max_bytes=1000)
    first = store.add(outcome(400), "id")
    second = store.add(outcome(400), "id")
    third = store.add(outcome(400), "id")  # 1200 bytes: the oldest goes
    assert store.get(first.id) is None and store.get(second.id) and store.get(third.id)
    small = [store.add(outcome(1), "id") for _ in range(3)]  # 3 at most
    assert len(store) == 3 and all(store.get(r.id) for r in small)


def test_delete_now_removes_the_review(make_client):
    client = make_client()
    location = upload(client, ("seed.txt", SEED_TEXT.read_bytes())).headers["location"]
    answer = client.post(f"{location}/hapus", data={"lang": "id"})
    assert t("web.page.deleted", "id") in answer.text
    gone = client.get(location)
    assert gone.status_code == 404 and "sudah dihapus" in gone.text


# ------------------------------------------------------------------- file names as paths
@pytest.mark.parametrize("name", ["../../../../tmp/evil.txt", "C:\\Windows\\..\\evil.txt",
                                  "/etc/passwd.txt", "a\u202etxt.exe.txt",
                                  "x" * 300 + ".txt"])
def test_no_user_file_name_is_used_as_a_path(make_client, monkeypatch, name):
    seen = _spy_collect(monkeypatch)
    client = make_client()
    answer = upload(client, (name, SEED_TEXT.read_bytes()))
    assert answer.status_code == 303
    [path] = seen[0]["paths"]
    assert Path(path).name == "berkas-1.txt"
    assert Path(path).parent == seen[0]["folder"]
    assert seen[0]["folder"].parent.parent == client.app.state.root
    page = client.get(answer.headers["location"]).text
    label = label_of(name)
    assert "/" not in label and "\\" not in label and "\x00" not in label
    assert "\u202e" not in label and len(label) <= 120
    assert label in unescape(page)


def test_a_label_keeps_no_separator_control_or_bidi_character():
    assert label_of("..\\..\\x\x00y\u202e.txt") == "xy.txt"
    assert label_of("../") == "berkas" and label_of("") == "berkas"
    long = label_of("a" * 500 + ".xlsx")
    assert len(long) <= 120 and long.endswith(".xlsx")


def test_an_unsupported_suffix_is_refused_before_anything_is_stored(make_client, monkeypatch):
    seen = _spy_collect(monkeypatch)
    client = make_client()
    answer = upload(client, ("skrip.sh", b"#!/bin/sh\n"))
    assert answer.status_code == 400
    assert "skrip.sh" in answer.text and ".xlsx" in answer.text
    assert seen == []


# ----------------------------------------------------------------------------- review ids
def test_review_ids_are_unguessable(make_client):
    client = make_client()
    ids = []
    for _ in range(3):
        answer = upload(client, ("seed.txt", b"bukan tabel apa pun\n"))
        ids.append(REVIEW.match(answer.headers["location"]).group(1))
    assert len(set(ids)) == 3
    assert all(ID_PATTERN.fullmatch(i) for i in ids)  # 43 characters: 256 random bits
    shared = next((n for n, chars in enumerate(zip(*ids, strict=True))
                   if len(set(chars)) > 1), len(ids[0]))
    assert shared < 8  # a common start would mean a counter or a timestamp
    guessed = ids[0][:-1] + ("A" if ids[0][-1] != "A" else "B")
    for wrong in (guessed, "1", "../" + ids[0], ids[0].upper() if ids[0] != ids[0].upper()
                  else ids[0].lower()):
        assert client.get(f"/reviu/{wrong}").status_code == 404
        assert client.get(f"/reviu/{wrong}/unduh/temuan.json").status_code == 404


# ------------------------------------------------------------------------------ busy
def test_checks_beyond_the_limit_are_told_to_try_again(make_client, monkeypatch):
    entered, release = threading.Event(), threading.Event()
    real = review_module.run_review

    def slow(*args, **kwargs):
        entered.set()
        assert release.wait(30)
        return real(*args, **kwargs)

    import checker.web.app as app_module

    monkeypatch.setattr(app_module, "run_review", slow)
    client = make_client(max_checks=1)
    results: list = []
    first = threading.Thread(target=lambda: results.append(
        upload(client, ("seed.txt", b"bukan tabel\n"))))
    first.start()
    assert entered.wait(30)
    second = upload(client, ("seed.txt", b"bukan tabel\n"))
    assert second.status_code == 503
    assert "sedang sibuk" in second.text and "coba lagi" in second.text
    release.set()
    first.join(30)
    assert results[0].status_code == 303
    third = upload(client, ("seed.txt", b"bukan tabel\n"))  # the slot was given back
    assert third.status_code == 303


# ------------------------------------------------------------------------------ markup
def test_markup_in_a_document_is_shown_as_text(make_client):
    client = make_client()
    answer = upload(client, ("<img src=x onerror=alert(1)>.xlsx", script_workbook()))
    page = client.get(answer.headers["location"])
    assert "<script" not in page.text.lower()
    assert "&lt;script&gt;document.title=" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;.xlsx" in page.text
    assert "<img" not in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    html = client.get(f"{answer.headers['location']}/unduh/laporan.html")
    assert html.headers["content-disposition"].startswith("attachment;")
    assert SCRIPT not in html.text


# ------------------------------------------------------------------------------ token
def test_a_non_loopback_address_needs_a_token():
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--port", "0"],
                           env={"SAKIP_CHECK_TOKEN": ""})
    assert result.exit_code == 2
    assert "token" in result.output and "0.0.0.0" in result.output
    short = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--token", "abc"])
    assert short.exit_code == 2 and "terlalu pendek" in short.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    assert not is_loopback("example.org")


def test_with_a_token_every_page_needs_it(make_client, monkeypatch):
    seen = _spy_collect(monkeypatch)
    token = "s3cret-token-for-the-inspectorate"
    client = make_client(token=token)
    assert client.get("/").status_code == 401
    assert client.get("/static/serve.css").status_code == 200
    refused = upload(client, ("seed.txt", SEED_TEXT.read_bytes()))
    assert refused.status_code == 401 and seen == []
    assert client.get("/?token=wrong").status_code == 401
    bearer = client.get("/", headers={"authorization": f"Bearer {token}"})
    assert bearer.status_code == 200
    signed = client.get(f"/?token={token}", follow_redirects=False)
    assert signed.status_code == 303 and "token" not in signed.headers["location"]
    assert "httponly" in signed.headers["set-cookie"].lower()
    assert "samesite=strict" in signed.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200  # the cookie now carries it
    assert client.post("/masuk", data={"token": "nope"}).status_code == 401


def test_without_the_serve_extra_the_command_says_how_to_install_it(monkeypatch):
    import checker.web.command as command

    monkeypatch.setattr(command.importlib.util, "find_spec",
                        lambda name: None if name == "uvicorn" else object())
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert 'pip install "sakip-check[serve]"' in result.output
    assert "uvicorn" in result.output and "Traceback" not in result.output


def test_an_empty_a_crowded_or_a_broken_form_is_answered_in_words(make_client, monkeypatch):
    seen = _spy_collect(monkeypatch)
    client = make_client(max_files=2)
    empty = client.post("/periksa", data={"lang": "id"}, files={"x": ("", b"")})
    assert empty.status_code == 400 and t("web.answer.no_files", "id") in empty.text
    crowded = upload(client, *[(f"{n}.txt", b"x\n") for n in range(3)])
    assert crowded.status_code == 400 and "paling banyak 2" in crowded.text
    broken = client.post("/periksa", content=b"--zzz\r\nnot a part",
                         headers={"content-type": "multipart/form-data; boundary=zzz"})
    assert broken.status_code in (400,) and "Traceback" not in broken.text
    assert seen == []
