"""A review through the web application: the findings and downloads a user gets."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli.main import main
from tests.web.conftest import SAMPLE, SEED_TEXT, upload


@pytest.fixture(scope="module")
def reviewed(registry):
    """One review of the seed text and the sample workbook, shared by the tests below."""
    from starlette.testclient import TestClient

    from checker.web.app import ServeConfig, create_app

    with TestClient(create_app(ServeConfig(), registry)) as client:
        answer = upload(client, (SEED_TEXT.name, SEED_TEXT.read_bytes()),
                        (SAMPLE.name, SAMPLE.read_bytes()))
        location = answer.headers["location"]
        page = client.get(location)
        files = {key: client.get(f"{location}/unduh/{key}")
                 for key in ("temuan.json", "temuan.xlsx", "laporan.html", "anotasi-2")}
        yield page, files, client.app.state.root


def _flat(findings: list[dict]) -> list[tuple]:
    return sorted((f["code"], f["file"].rsplit("/", 1)[-1], f["table"], f["cell"], f["message"])
                  for f in findings)


def test_the_web_and_the_cli_agree_finding_for_finding(reviewed, tmp_path):
    _, files, _ = reviewed
    out = tmp_path / "cli.json"
    result = CliRunner().invoke(main, ["check", str(SEED_TEXT), str(SAMPLE), "--format", "json",
                                       "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    cli = json.loads(out.read_text(encoding="utf-8"))["findings"]
    web = json.loads(files["temuan.json"].content)["findings"]
    assert len(web) >= 10
    assert _flat(web) == _flat(cli)


def test_downloads_name_files_as_the_user_did(reviewed):
    _, files, root = reviewed
    report = json.loads(files["temuan.json"].content)
    assert {d["path"] for d in report["documents"]} == {SEED_TEXT.name, SAMPLE.name}
    assert {f["file"] for f in report["findings"]} <= {SEED_TEXT.name, SAMPLE.name}
    for answer in files.values():
        assert str(root).encode() not in answer.content
        assert b"/masukan/" not in answer.content
    html = files["laporan.html"].text
    assert f"{SAMPLE.name} › Indikator › E18" in html


def test_the_findings_workbook_links_each_finding_to_its_cell(reviewed):
    _, files, _ = reviewed
    book = openpyxl.load_workbook(io.BytesIO(files["temuan.xlsx"].content))
    sheet = book["Temuan"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    code, cell, file = header.index("Kode"), header.index("Sel"), header.index("Berkas")
    hit = [r for r in rows[1:] if r[code] == "TGT-001" and r[cell] == "E18"]
    assert hit and hit[0][file] == SAMPLE.name
    links = {c.hyperlink.target for row in sheet.iter_rows() for c in row if c.hyperlink}
    assert any(t and t.startswith(SAMPLE.name) for t in links), links


def test_the_annotated_copy_carries_the_findings_as_comments(reviewed):
    _, files, _ = reviewed
    answer = files["anotasi-2"]
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="{SAMPLE.stem}.annotated.xlsx"; '
        f"filename*=UTF-8''{SAMPLE.stem}.annotated.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    comment = book["Indikator"]["E18"].comment.text
    assert "TGT-001" in comment and "85" in comment


def test_the_page_lists_findings_with_their_cells(reviewed):
    page, _, _ = reviewed
    text = page.text
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert ('<td class="code">TGT-001</td><td class="file">'
            f'{SAMPLE.name}</td><td class="table">Indikator</td><td class="cell">E18</td>') in text
    assert ('<td class="file">000_a618195849f537cf.txt</td>'
            '<td class="table">RENCANA AKSI ESELON III</td><td class="cell">E45</td>') in text


def test_two_uploads_with_one_name_stay_apart(make_client):
    client = make_client()
    answer = upload(client, ("rencana.xlsx", SAMPLE.read_bytes()),
                    ("rencana.xlsx", SAMPLE.read_bytes()))
    location = answer.headers["location"]
    page = client.get(location).text
    assert "rencana (2).xlsx" in page
    report = json.loads(client.get(f"{location}/unduh/temuan.json").content)
    assert {f["file"] for f in report["findings"]} == {"rencana.xlsx", "rencana (2).xlsx"}
    assert client.get(f"{location}/unduh/anotasi-1").status_code == 200
    assert client.get(f"{location}/unduh/anotasi-2").status_code == 200


def test_english_pages_and_messages(make_client):
    client = make_client()
    answer = upload(client, (SEED_TEXT.name, SEED_TEXT.read_bytes()), lang="en")
    page = client.get(answer.headers["location"]).text
    assert "Review results" in page and "Findings" in page
    assert client.get("/?lang=en").text.count("Check") >= 1


def test_the_review_page_switches_language_after_the_check(make_client):
    client = make_client()
    location = upload(client, (SAMPLE.name, SAMPLE.read_bytes())).headers["location"]
    indonesian = client.get(location).text
    assert "Hasil reviu" in indonesian and f'href="{location}?lang=en"' in indonesian
    english = client.get(f"{location}?lang=en").text
    assert "Review results" in english and "Annotated copy of" in english
    assert "add up to 84, but the annual target is 85." in english


def test_the_same_upload_gives_the_same_downloads_byte_for_byte(make_client):
    client = make_client()
    keys = ("anotasi-1", "temuan.xlsx", "laporan.html", "temuan.json")
    runs = []
    for _ in range(2):
        location = upload(client, (SAMPLE.name, SAMPLE.read_bytes())).headers["location"]
        runs.append([client.get(f"{location}/unduh/{key}").content for key in keys])
    assert all(runs[0]) and runs[0] == runs[1]
