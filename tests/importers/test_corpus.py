"""The real corpus, read as agencies published it: what each file must give, verified by hand.

Every expectation below was checked against the file itself (calamine / python-docx /
pdfplumber dumps) and, for the inconsistencies, with the arithmetic written beside it.
The files are read from ``../shared/corpus`` and never copied into the repository.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.importers.registry import load

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

#: file → what the reader must find: documents' kind, items per level, values at their
#: cells, and the findings (code, cell) that the file's own numbers prove.
EXPECTED: dict[str, dict] = {
    "01_deliserdang_bappedalitbang_evaluasi-renja-tw4_2025.xlsx": {
        "kind": "evaluasi_renja",
        "instansi": "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan "
                    "(BAPPEDALITBANG)",
        "pemda": "Kabupaten Deli Serdang",
        "tahun": 2025,
        # programs: rows 13, 55, 70, 92, 97, 106; kegiatan: 14 22 27 30 39 45 49, 56 64 67,
        # 71 77 84, 93, 98 101 103; the rest of the named rows up to 105 are sub-kegiatan
        # (rows 108-112 name no level and carry no values: reported, not guessed).
        "levels": {"program": 6, "kegiatan": 17, "sub_kegiatan": 69},
        "values": [
            # (row, field, value, cell)
            (13, "anggaran", 9_972_206_125, "O13"),
            (13, "realisasi", 8_378_098_135, "AC13"),
            (15, "realisasi_tw1", 8_416_000, "R15"),
            (15, "realisasi_tw4", 25_427_000, "AA15"),
            (95, "anggaran", 47_302_540, "O95"),
        ],
        "parents": [(14, 13), (15, 14), (23, 22), (56, 55), (94, 93), (95, 93)],
        "totals": [(113, 14_723_660_349)],  # = 9.972.206.125 + 1.625.740.149 + ... (6 programs)
        "findings": [
            # Pemelihraan Mebel: realisasi K per TW 0 + 0 + 0 + 35 (P51, S51, V51, Y51) against
            # an annual realisasi of 0 in AB51, whose header formula is "13 = 9 + 10 + 11 + 12".
            ("TGT-010", "AB51"),
            # names that are not the official ones: Displin, Pemelihraan, Laiinnya, Penelaah,
            # Perancanaan, "KUA dan PPAS" for "KUA dan Perubahan PPAS"
            ("NOM-003", "G28"), ("NOM-003", "G51"), ("NOM-003", "G54"), ("NOM-003", "G58"),
            ("NOM-003", "G70"), ("NOM-003", "G95"),
        ],
        "no_errors_but": {"TGT-010"},
    },
}


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is not beside the repository (../shared/corpus)")
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_is_read(name: str) -> None:
    spec = EXPECTED[name]
    docs = load(_corpus(name))
    doc = next(d for d in docs if d.jenis.value == spec["kind"])
    assert (doc.instansi, doc.pemda, doc.tahun) == (spec["instansi"], spec["pemda"],
                                                    spec["tahun"])
    assert dict(Counter(i.level.value for i in doc.items)) == spec["levels"]
    by_row = {i.row: i for i in doc.items}
    for row, field, value, cell in spec["values"]:
        item = by_row[row]
        assert getattr(item, field) == value, (row, field)
        assert item.cells[field].cell == cell
        assert isinstance(getattr(item, field), int)  # money is exact
    for child, parent in spec["parents"]:
        assert by_row[child].induk == by_row[parent].id, child
    assert [(t.row, t.anggaran) for t in doc.totals] == spec["totals"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_findings(name: str) -> None:
    spec = EXPECTED[name]
    result = CliRunner().invoke(main, ["check", str(_corpus(name)), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    found = {(f["code"], f["cell"]) for f in data["findings"]}
    for expected in spec["findings"]:
        assert expected in found, expected
    errors = {f["code"] for f in data["findings"] if f["severity"] == "error"}
    assert errors <= spec["no_errors_but"], errors
