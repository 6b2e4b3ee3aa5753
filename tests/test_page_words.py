"""A PDF's page and a row without a cell are named in the report's language.

``hlm. 3`` and ``baris 7`` are Indonesian; an English report says ``p. 3`` and ``row 7``,
in its location column and inside its messages (``cell(...)`` of a matched document, the
rows a structure finding lists, the primary an echo points at). A finding's key keeps the
Indonesian form in every language, so a baseline matches whichever language wrote it.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.model.location import Location
from tests.conftest import REPO

TANGERANG = (REPO.parent / "shared" / "corpus"
             / "03_kotatangerang_bpbd_realisasi-kinerja-tw_2023.pdf")


def test_a_location_names_its_page_and_row_in_each_language() -> None:
    on_page = Location(file="lap.pdf", table="Tabel 1", page=2, row=3, column="D")
    assert on_page.table_in("id") == on_page.table_label == "Tabel 1 › hlm. 2"
    assert on_page.table_in("en") == "Tabel 1 › p. 2"
    assert on_page.describe("en") == "lap.pdf › Tabel 1 › p. 2 › D3"
    assert Location(file="f.txt", table="T", row=7).describe("en") == "f.txt › T › row 7"
    assert Location(file="f.txt", table="T", row=7).describe() == "f.txt › T › baris 7"


def _report(lang: str) -> dict:
    done = CliRunner().invoke(main, ["check", str(TANGERANG), "--format", "json", "--lang", lang,
                                     "--fail-on", "never"])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


@pytest.mark.skipif(not TANGERANG.is_file(), reason="../shared/corpus is not beside the repo")
def test_an_english_report_of_a_pdf_says_p_and_the_keys_stay() -> None:
    english, indonesian = _report("en"), _report("id")
    texts = [f["message"] + " " + (f["suggestion"] or "") for f in english["findings"]]
    assert texts and not [x for x in texts if "hlm." in x or "baris " in x]
    assert any(" p. 1 " in x for x in texts)  # STR-005 lists the rows it did not read
    assert any("hlm. 1 " in f["message"] for f in indonesian["findings"])
    assert [f["related"] for f in english["findings"]] == \
        [f["related"] for f in indonesian["findings"]]
