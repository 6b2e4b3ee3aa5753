"""The HTML report printed as an annex: compact, nothing clipped, chart labels whole.

Printed to PDF by headless Chromium, as a reviewer's browser would print it (A4 landscape,
the report's own print stylesheet). Seed 004 (an LKjIP, 174 findings) took 85 pages before
the print stylesheet was reworked: about two findings a page, the table's right border
clipped, chart labels cut to ``004_a30a70c4cd2935b3#lkjip-tabel-…``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from tests.conftest import SEEDS

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no headless Chromium here to print with (.ci/run installs it)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]

# Run inside the page with the print rules applied on screen, at the printable width of A4
# landscape (297 mm − 2 × 10 mm margins): every cell's content must fit its cell, and every
# table the page.
MEASURE = """<script>
window.addEventListener("load", function () {
  var page = document.body.getBoundingClientRect().right + 0.5, bad = [];
  document.querySelectorAll("table").forEach(function (t) {
    if (t.getBoundingClientRect().right > page) { bad.push("table"); }
  });
  document.querySelectorAll("td, th").forEach(function (c) {
    if (c.scrollWidth > c.clientWidth + 1) { bad.push(c.textContent.slice(0, 40)); }
  });
  document.title = "CLIPPED:" + bad.length + ":" + bad.slice(0, 5).join("|");
});
</script>"""


@pytest.fixture(scope="module")
def annex(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("cetak") / "lampiran.html"
    result = CliRunner().invoke(main, ["check", str(SEEDS / "004_a30a70c4cd2935b3.txt"),
                                       "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    findings = out.read_text(encoding="utf-8").count("<tr data-finding ")
    assert findings >= 150
    return out, findings


def _chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True,
                          timeout=180, check=False)


def test_seed_004_prints_at_least_ten_findings_a_page(annex):
    html, findings = annex
    pdf = html.with_suffix(".pdf")
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 0 < pages and findings / pages >= 10, f"{findings} findings on {pages} pages"


def test_nothing_is_clipped_in_print(annex):
    html, _ = annex
    text = html.read_text(encoding="utf-8")
    probe = html.with_name("ukur.html")
    probe.write_text(text.replace("@media print {", "@media all {")
                     .replace("</body>", MEASURE + "</body>")
                     .replace("<body>", '<body style="width: 277mm">'), encoding="utf-8")
    dom = _chromium("--virtual-time-budget=5000", "--dump-dom", probe.as_uri()).stdout
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title is not None and title.group(1).startswith("CLIPPED:"), dom[:300]
    assert title.group(1).startswith("CLIPPED:0:"), title.group(1)


def test_chart_labels_are_whole(annex):
    html, _ = annex
    text = html.read_text(encoding="utf-8")
    labels = re.findall(r'<tspan x="\d+" dy="\d+">([^<]*)</tspan>', text)
    assert labels and not any("…" in label for label in labels), labels
