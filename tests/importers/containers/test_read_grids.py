"""read_grids: one entry point for every container, and a message for every bad file."""

from __future__ import annotations

import pytest

from checker.importers.containers import CONTAINERS, read_grids
from checker.model.errors import InputError
from tests.importers.containers.conftest import corpus_file


def test_workbook_sheets_with_their_merges(corpus):
    [sheet] = read_grids(corpus_file(corpus, "01_"))
    assert sheet.name == "Realisasi TW IV" and sheet.container == "xlsx"
    assert sheet.merges_known and sheet.cells_checked and sheet.merges


@pytest.mark.parametrize(("name", "content", "key"), [
    ("rencana.odt", b"PK\x03\x04", "containers.unknown_format"),
    ("rencana", b"data", "containers.unknown_format"),
    ("rencana.xls", b"\xd0\xcf\x11\xe0", "input.legacy_xls"),
    ("kosong.pdf", b"", "input.empty"),
    ("kosong.docx", b"", "input.empty"),
])
def test_unsupported_and_empty_files(tmp_path, name, content, key):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_grids(path)
    assert err.value.key == key
    for lang in ("id", "en"):
        assert err.value.render(lang).startswith(str(path))


def test_unknown_format_lists_what_is_supported(tmp_path):
    path = tmp_path / "rencana.odt"
    path.write_bytes(b"PK")
    with pytest.raises(InputError) as err:
        read_grids(path)
    message = err.value.render("id")
    assert "'.odt'" in message and all(suffix in message for suffix in CONTAINERS)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError) as err:
        read_grids(tmp_path / "tidak_ada.pdf")
    assert err.value.key == "input.not_found"
    with pytest.raises(InputError) as err:
        read_grids(tmp_path)
    assert err.value.key == "input.is_folder"


def test_catalogue_says_every_container_message_in_both_languages():
    from checker.i18n import catalog

    ids = {k for k in catalog("id") if k.startswith("containers.")}
    ens = {k for k in catalog("en") if k.startswith("containers.")}
    assert ids == ens and "containers.pdf_needs_ocr" in ids
    assert all(catalog("id")[k] != catalog("en")[k] for k in ids)


@pytest.mark.parametrize("suffix", [".csv", ".docx", ".pdf", ".txt", ".xlsx"])
@pytest.mark.parametrize("seed", range(4))
def test_random_bytes_end_in_a_message_or_a_grid(tmp_path, suffix, seed):
    import random

    data = random.Random(seed * 7 + len(suffix)).randbytes(2000)
    if suffix == ".pdf":
        data = b"%PDF-1.7\n" + data
    elif suffix in (".docx", ".xlsx"):
        data = b"PK\x03\x04" + data
    path = tmp_path / f"acak{suffix}"
    path.write_bytes(data)
    try:
        grids = read_grids(path)
    except InputError as err:
        assert err.render("id") and err.render("en")
    else:
        assert all(g.container for g in grids)
