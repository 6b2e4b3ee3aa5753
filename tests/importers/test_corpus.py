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
            # the Renstra column "Target … pada Tahun 2030 (Akhir Periode Renstra)", Rp: the
            # kegiatan at K84 is =SUM(K85:K88), leaving out its sub-kegiatan K89 and K90
            # (39.430.349 + 46.485.856 = 85.916.205, the gap to 1.029.053.476)
            ("REN-003", "K84"),
        ],
        "no_errors_but": {"TGT-010", "REN-003"},
    },
    "02_boyolali_bpbd_perjanjian-kinerja-es2-renaksi_2026.docx": {
        # Word tables: Tabel 2 (PK sasaran), Tabel 3 (program budgets + TOTAL ANGARAN, an
        # untitled table continuing the PK), Tabel 5 (rencana aksi with a target per month).
        "kind": "rencana_aksi",
        "instansi": "Badan Penanggulangan Bencana Daerah",
        "pemda": "Kabupaten Boyolali",
        "tahun": 2026,
        "levels": {"sasaran": 3, "program": 2},
        "values": [],
        "parents": [],
        "totals": [],
        "also": {"pk": {"levels": {"sasaran": 2, "program": 2},
                        "totals": [(4, 6_122_579_000)]}},  # 5.294.655.000 + 827.924.000
        "findings": [
            # "Persentase penduduk di kawasan rawan bencana …": annual target 4,47 while the
            # monthly series rises 4 … 4,3 and ends in December at 4,7 (Tabel 5 row 17).
            ("TGT-004", "D17"),
        ],
        "no_errors_but": set(),
    },
    "03_kotatangerang_bpbd_realisasi-kinerja-tw_2023.pdf": {
        "kind": "realisasi_triwulan",
        "instansi": "Badan Penanggulangan Bencana Daerah",
        "pemda": None,
        "tahun": 2023,
        "levels": {"program": 2, "kegiatan": 9, "sub_kegiatan": 41},
        "values": [
            # (row on its page, field, value, cell) — rows repeat across pages, see "pages"
            (7, "realisasi_tw1", 8_526_244_688, "D7"),
            (17, "realisasi_tw2", 7_657_406_470, "F17"),
        ],
        "pages": {7: 1, 17: 1},
        "parents": [],
        "totals": [],
        "findings": [
            # Administrasi Keuangan Perangkat Daerah (p. 1 row 17): TW I 4.516.718.375 while
            # its eight sub-kegiatan add up to 1.208.798.838 + 18.227.200 + 14.487.000 +
            # 1.460.000 + 5.552.000 + 11.577.000 + 20.974.000 + 0 = 1.281.076.038.
            ("ROL-010", "D17"),
            # the program (p. 1 row 7): TW II 15.271.758.613, its kegiatan 14.933.658.613
            # (149.033.000 + 7.657.406.470 + 708.745.550 + 5.921.213.593 + 497.260.000):
            # a gap of 338.100.000.
            ("ROL-010", "D7"),
            # Administrasi Umum (p. 2 row 7): TW I 562.489.950, sub-kegiatan 0 + 552.000 +
            # 101.156.750 + 0 + 295.235.700 = 396.944.450.
            ("ROL-010", "D7"),
            ("ROL-010", "D13"), ("ROL-010", "D16"),
        ],
        "no_errors_but": {"ROL-010"},
    },
    "08_provjabar_dispora_perjanjian-kinerja_2017.pdf": {
        "kind": "pk",
        "instansi": "Dinas Pemuda dan Olahraga",
        "pemda": "Provinsi Jawa Barat",
        "tahun": 2017,
        # 5 sasaran (ruled table, p. 3); 10 programs printed over 3 lines each (p. 4)
        "levels": {"sasaran": 5, "program": 10},
        "values": [(22, "anggaran", 272_969_874_747, "D22")],
        "pages": {22: 4},
        "parents": [],
        "totals": [],
        "findings": [
            # targets that are not numbers in their unit: "100 dari 110 Organisasi
            # Kepemudaan" (satuan Persen), "140 Kelompok (1400 orang)"
            ("NUM-003", "E3"), ("NUM-003", "E4"),
        ],
        "no_errors_but": {"NUM-003"},
    },
    "09_provjabar_setda-biroorganisasi_cascading-iki_2016.xlsx": {
        # no table: sasaran and numbered indicator blocks laid across the sheet, one band
        # of officials under another (Kepala Biro, 4 Kepala Bagian, Kepala Subbagian …)
        "kind": "cascading",
        "instansi": "Biro Organisasi Setda",
        "pemda": "Provinsi Jawa Barat",
        "tahun": 2016,
        "levels": {"sasaran": 60},
        "values": [],
        "parents": [],
        "totals": [],
        "findings": [
            # "Prosentase OPD Kabupaten/Kota yang dibina (1 Dokumen)": a percentage counted
            # in documents; "Jumlah data dan informasi … (100%)": a count given in %
            ("SAT-001", "B25"), ("SAT-002", "B64"),
            # targets with no unit: "(14)", "(5)"
            ("SAT-003", "F12"), ("SAT-003", "F13"),
        ],
        "no_errors_but": set(),
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
    pages = spec.get("pages", {})
    by_row = {(i.page, i.row): i for i in doc.items}
    for row, field, value, cell in spec["values"]:
        item = by_row[(pages.get(row), row)]
        assert item.cells[field].page == pages.get(row)
        assert getattr(item, field) == value, (row, field)
        assert item.cells[field].cell == cell
        assert isinstance(getattr(item, field), int)  # money is exact
    for child, parent in spec["parents"]:
        assert by_row[(None, child)].induk == by_row[(None, parent)].id, child
    assert [(t.row, t.anggaran) for t in doc.totals] == spec["totals"]
    for kind, other in spec.get("also", {}).items():
        doc = next(d for d in docs if d.jenis.value == kind)
        assert dict(Counter(i.level.value for i in doc.items)) == other["levels"]
        assert [(t.row, t.anggaran) for t in doc.totals] == other["totals"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_findings(name: str) -> None:
    spec = EXPECTED[name]
    result = CliRunner().invoke(main, ["check", str(_corpus(name)), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    found = [(f["code"], f["cell"]) for f in data["findings"]]
    for expected in set(spec["findings"]):  # as often as the file has it
        assert found.count(expected) >= spec["findings"].count(expected), expected
    errors = {f["code"] for f in data["findings"] if f["severity"] == "error"}
    assert errors <= spec["no_errors_but"], errors


def test_cascading_blocks_keep_eselon_target_and_unit() -> None:
    (doc,) = load(_corpus("09_provjabar_setda-biroorganisasi_cascading-iki_2016.xlsx"))
    first = doc.items[0]
    assert (first.eselon, first.nama, first.cells["nama"].cell) == (
        "II", "Meningkatkan kapasitas Organisasi Pemerintah Daerah", "B7")
    assert [i.eselon for i in doc.items[4:8]] == ["III"] * 4  # the four Kepala Bagian
    ind = next(i for i in doc.indicators if i.cells["uraian"].cell == "J12")
    assert (ind.uraian, ind.target, ind.satuan) == (
        "Jumlah regulasi standarisasi kerja organisasi", 13.0, "Dokumen")
    assert len(doc.indicators) == 89


def test_a_folder_of_word_and_pdf_files_is_read_whole_and_every_rule_runs(tmp_path):
    """`check folder/` reads the Word and PDF files in it (it found none before: 'no plan
    file in this folder'), leaves an HTML report written there alone, and a PDF's page
    numbers beside a Word file's none break no rule (TGT-004 failed on the joined frames)."""
    word = _corpus("02_boyolali_bpbd_perjanjian-kinerja-es2-renaksi_2026.docx")
    pdf = _corpus("08_provjabar_dispora_perjanjian-kinerja_2017.pdf")
    folder = tmp_path / "dokumen"
    folder.mkdir()
    for source in (word, pdf):
        (folder / source.name).write_bytes(source.read_bytes())
    report = CliRunner().invoke(main, ["check", str(folder / pdf.name), "--format", "html",
                                       "-o", str(folder / "laporan.html")])
    assert report.exit_code == 1, report.output
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert result.stderr == ""  # no unread input, no failed rule
    files = {Path(d["path"]).name for d in json.loads(result.stdout)["documents"]}
    assert files == {word.name, pdf.name}
