"""What a plan says cannot take over the reviewer's terminal, spreadsheet or browser.

Names in a plan (and file names) carry terminal escapes, bidi overrides, formulas and
markup here; every command and every report format must show them as text: neutralised on
the terminal, data (never a formula) in workbooks, escaped in HTML and Markdown.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from checker.cli import output
from checker.reports import REPORTERS
from tests.trust.helpers import cli, text_plan

ESC_CLEAR, ESC_BLINK, OSC_LINK = "\x1b[2J", "\x1b[5m", "\x1b]8;;http://x.invalid\x1b\\"
RLO, BELL, CSI8 = "\u202e", "\x07", "\x9b"
EVIL = f"Sub {ESC_CLEAR}MERAH{RLO}exe.txt{BELL}{CSI8}31m{OSC_LINK}tautan"
RAW = (ESC_CLEAR, ESC_BLINK, "\x1b]8", RLO, BELL, CSI8)
TEXT_FORMATS = sorted(f for f in REPORTERS if f != "xlsx")


@pytest.fixture()
def evil_plan(tmp_path) -> Path:
    """A text extract whose names and unit hold escapes, in a file whose name does too."""
    folder = tmp_path / "masuk"
    folder.mkdir()
    path = text_plan(folder / f"ra{ESC_CLEAR}{RLO}.txt", slip=True, name=EVIL)
    text = path.read_text(encoding="utf-8").replace("\tDokumen\t", f"\tDok{ESC_BLINK}\t")
    text = text.replace("\tKasubbag Umum", "\t")  # KLP-005: its message quotes the name
    path.write_text(text, encoding="utf-8")
    (folder / f"rusak{ESC_CLEAR}{RLO}.xlsx").write_bytes(b"PK\x03\x04 cut short")
    return folder


def assert_safe(text: str) -> None:
    leaked = [repr(s) for s in RAW if s in text]
    assert leaked == [], leaked


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_format_on_stdout_neutralises_escapes(evil_plan, fmt):
    result = cli("check", "--format", fmt, "--lang", "en", str(evil_plan))
    assert result.exit_code == 2
    assert_safe(result.stdout)
    assert_safe(result.stderr)
    assert "MERAH" in result.stdout or fmt in ("junit", "sarif", "github")


def test_json_on_stdout_is_the_same_data_with_escapes(evil_plan):
    """``\\u202e`` in JSON is the same string as the raw character: nothing is lost."""
    result = cli("check", "--format", "json", str(evil_plan))
    report = json.loads(result.stdout)
    names = {f["item"]["nama"] for f in report["findings"] if f.get("item")}
    assert f"{EVIL} 1" in names
    assert any(ESC_CLEAR in e and RLO in e for e in report["errors"])


def test_text_report_on_a_terminal_keeps_colours_but_not_the_plan_s_escapes(evil_plan,
                                                                           monkeypatch):
    class Terminal:
        """sys, as the report writer sees it, with standard output on a terminal."""

        def __getattr__(self, name):
            return getattr(sys, name)

        @property
        def stdout(self):
            stream = sys.stdout

            class Tty:
                def __getattr__(self, name):
                    return getattr(stream, name)

                def isatty(self):
                    return True

            return Tty()

    monkeypatch.setattr(output, "sys", Terminal())
    result = cli("check", "--lang", "en", str(evil_plan))
    assert "\x1b[" in result.stdout  # rich's colours
    assert_safe(result.stdout)
    assert "MERAH" in result.stdout


def test_inspect_neutralises_escapes(evil_plan):
    result = cli("inspect", "--lang", "en", str(evil_plan))
    assert result.exit_code == 2
    assert_safe(result.stdout)
    assert "\\u202e" in result.stdout  # shown, not hidden: the reviewer sees it is there


def test_error_messages_neutralise_escapes(tmp_path, evil_plan):
    bad = next(evil_plan.glob("rusak*"))
    result = cli("import", str(bad), "-o", str(tmp_path / "out.xlsx"), "--lang", "en")
    assert result.exit_code == 2
    assert_safe(result.stderr)
    rules = tmp_path / f"aturan{RLO}.rules"
    rules.write_text(f'rule ABC-001 {{\n  title: "t"\n  categry{ESC_CLEAR}: kode\n}}\n',
                     encoding="utf-8")
    result = cli("check", "--rules", str(rules), "--lang", "en", str(evil_plan))
    assert result.exit_code == 2
    assert_safe(result.stderr)
    assert ":3:" in result.stderr


def test_rules_explain_neutralises_a_user_rule_s_text(tmp_path):
    rules = tmp_path / "aturan.rules"
    rules.write_text(
        f'rule ABC-001 {{\n  title: "Judul {ESC_CLEAR}{RLO}"\n  category: kode\n'
        f'  severity: warning\n  basis: "x"\n  for item\n  check present(kode)\n'
        f'  message: "m"\n  doc: """\n    ## Apa yang diperiksa\n    {OSC_LINK}x\n  """\n}}\n',
        encoding="utf-8")
    for args in (("rules", "--rules", str(rules)),
                 ("rules", "--rules", str(rules), "explain", "ABC-001")):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert_safe(result.stdout)
        assert "ABC-001" in result.stdout


# --------------------------------------------------------------------------- injection
FORMULAS = ("=HYPERLINK(\"http://x.invalid\",\"klik\")", "+1+1", "-1+1", "@SUM(1,1)",
            "=cmd|' /C calc'!A0")
MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>|**tebal**|[a](javascript:x)"


@pytest.fixture()
def injected(tmp_path) -> Path:
    folder = tmp_path / "masuk"
    folder.mkdir()
    for n, name in enumerate((*FORMULAS, MARKUP)):
        text_plan(folder / f"ra{n}.txt", rows=1, slip=True, name=name)
    return folder


def test_xlsx_report_holds_formulas_as_text(injected, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "laporan.xlsx"
    assert cli("check", "--format", "xlsx", "-o", str(out), str(injected)).exit_code == 1
    book = load_workbook(out)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and any(f[:6] in c.value for f in FORMULAS)]
    assert cells
    assert all(c.data_type != "f" for c in cells), [(c.coordinate, c.value) for c in cells
                                                    if c.data_type == "f"]


def test_imported_template_holds_formulas_as_text(injected, tmp_path):
    from openpyxl import load_workbook

    for n in range(len(FORMULAS)):
        out = tmp_path / f"template{n}.xlsx"
        assert cli("import", str(injected / f"ra{n}.txt"), "-o", str(out)).exit_code == 0
        ws = load_workbook(out)["Program_Kegiatan"]
        [cell] = [c for row in ws.iter_rows() for c in row if c.value and
                  str(c.value).lstrip("'").startswith(FORMULAS[n][:4])]
        assert cell.data_type != "f", (cell.coordinate, cell.value)


def test_html_report_escapes_markup(injected, tmp_path):
    out = tmp_path / "laporan.html"
    cli("check", "--format", "html", "-o", str(out), str(injected))
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_markdown_report_escapes_markup(injected, tmp_path):
    out = tmp_path / "laporan.md"
    cli("check", "--format", "md", "-o", str(out), str(injected))
    md = out.read_text(encoding="utf-8")
    assert "<script>" not in md and "<img src=x" not in md
    assert "](javascript:" not in md
    for line in md.splitlines():  # the name's pipes do not add table columns
        if line.startswith("|") and "alert" in line:
            assert "|**tebal**|" not in line
