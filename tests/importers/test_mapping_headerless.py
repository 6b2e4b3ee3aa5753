"""A mapping file for a table printed without header rows (``header = false``).

The real fixtures 13-16 (`tests/fixtures/real_tables/`) are rows copied without their
header; these tests pin the stages that let a user read them: the mapping's checks, the
skeleton that says ``header = false``, a pipe row broken inside a cell, code parts stored
as numbers, and what `check --mapping` reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.importers.containers import read_grids
from checker.importers.kode_columns import _padded
from checker.importers.mapping import load_mapping
from checker.model.errors import InputError

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real_tables"


@pytest.mark.parametrize(("text", "key"), [
    ('[[table]]\ngrid = "T"\nheader = "no"\nfirst_row = 2\n[table.columns]\nA = "no"\n',
     "mapping.bad_header"),
    ('[[table]]\ngrid = "T"\nheader = false\n[table.columns]\nA = "no"\n',
     "mapping.headerless_incomplete"),
    ('[[table]]\ngrid = "T"\nheader = false\nfirst_row = 2\n', "mapping.headerless_incomplete"),
    ('[[table]]\ngrid = "T"\nheader = false\nfirst_row = 2\nheader_row = 1\n'
     '[table.columns]\nA = "no"\n', "mapping.headerless_incomplete"),
    ('[[table]]\ngrid = "T"\nfirst_row = 2\n[table.columns]\nA = "no"\n',
     "mapping.first_row_with_header"),
    ('[[table]]\ngrid = "T"\nheader = false\nfirst_row = 2\n[table.columns]\n'
     'A = "indikator:eselon"\n', "mapping.bad_role"),
])
def test_a_headerless_table_must_be_complete(tmp_path, text, key):
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    assert caught.value.key == key


def test_a_headerless_table_is_found_by_its_first_row(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[[table]]\ngrid = "T"\nheader = false\nfirst_row = 3\n[table.columns]\n'
                    'A = "nama"\nB = "indikator:sasaran"\n', encoding="utf-8")
    [table] = load_mapping(path).tables
    assert (table.header, table.first_row, table.start) == (False, 3, 2)
    assert table.columns == {"A": "nama", "B": "indikator:sasaran"}


def test_a_pipe_row_broken_inside_a_cell_is_one_row(tmp_path):
    path = tmp_path / "ikk.txt"
    path.write_text("1 | A | definisi satu | Outcome | % | 98,63 % | |\n"
                    "2 | B | definisi yang\n| Outcome | % | 1,02 % | |\n", encoding="utf-8")
    [sheet] = read_grids(path)
    assert sheet.cells(2) == [(1, "2"), (2, "B"), (3, "definisi yang"), (4, "Outcome"),
                              (5, "%"), (6, "1,02 %")]
    assert sheet.cells(3) == []
    # each moved cell keeps the line it is printed on
    assert sheet.location("f", 2, 6).row == 3 and sheet.location("f", 2, 3).row == 2
    assert sheet.lines[(2, 6)] == 3


@pytest.mark.parametrize(("position", "text", "expected"), [
    (1, "3", "03"), (2, "1", "01"), (0, "5", "5"), (3, "2.01", "2.01"), (1, "16", "16"),
    (2, "x", "x")])
def test_a_bidang_or_program_part_stored_as_a_number_gets_its_zero_back(position, text,
                                                                       expected):
    assert _padded(position, text) == expected


def test_the_skeleton_of_rows_without_header_says_header_false(tmp_path):
    mapping = tmp_path / "m.toml"
    name = "13_kota_magelang_pemkot_ikk_other.txt"
    CliRunner().invoke(main, ["inspect", str(REAL / name), "--write-mapping", str(mapping)])
    text = mapping.read_text(encoding="utf-8")
    assert "header = false\nfirst_row = 10\n" in text
    assert 'G = "abaikan"  # contoh: 98,63 %' in text
    load_mapping(mapping)  # what it writes is a valid mapping


def test_check_with_the_mapping_of_fixture_15(tmp_path):
    """BKPSDM Sumedang: read with the user's mapping, no KOD-003 for codes stored as numbers."""
    name = "15_sumedang_bkpsdm_renstra"
    mapping = REAL / "mappings" / f"{name}.toml"
    result = CliRunner().invoke(main, ["check", str(REAL / f"{name}.txt"), "--mapping",
                                       str(mapping), "--format", "json"])
    assert result.exit_code == 0, result.output  # warnings only
    found = [(f["code"], f.get("column"), f.get("row"))
             for f in json.loads(result.stdout)["findings"]]
    assert not [f for f in found if f[0].startswith("KOD")]
    # the end-of-period target 100% against counts of documents (lines 142-148)
    assert ("REN-006", "P", 7) in found
    # what was applied can be written back: still a table without header rows
    again = tmp_path / "again.toml"
    CliRunner().invoke(main, ["inspect", str(REAL / f"{name}.txt"), "--mapping",
                              str(mapping), "--write-mapping", str(again)])
    written = again.read_text(encoding="utf-8")
    assert "header = false\nfirst_row = 1\n" in written and 'L = "target:2021"' in written


def test_fixture_13_with_its_mapping_is_a_clear_not_read():
    """IKK rows: the mapping names every column, but no item of the model owns them."""
    name = "13_kota_magelang_pemkot_ikk_other"
    result = CliRunner().invoke(main, ["check", str(REAL / f"{name}.txt"), "--mapping",
                                       str(REAL / "mappings" / f"{name}.toml")])
    assert result.exit_code == 2
    assert "STR-004" in result.stderr and "A10:G17" in result.stderr


def test_an_indicator_of_a_level_is_written_back(tmp_path):
    """Fixture 14's `C = "indikator:sasaran"` survives inspect --write-mapping."""
    name = "14_sumedang_diskominfo_renstra"
    again = tmp_path / "again.toml"
    CliRunner().invoke(main, ["inspect", str(REAL / f"{name}.txt"), "--mapping",
                              str(REAL / "mappings" / f"{name}.toml"), "--write-mapping",
                              str(again)])
    written = again.read_text(encoding="utf-8")
    assert 'C = "indikator:sasaran"' in written and 'J = "indikator"' in written


def test_rows_declared_headerless_under_a_found_header_are_read_once(tmp_path):
    """header = false just below a header detection found: one table, not two."""
    path = tmp_path / "ra.txt"
    path.write_text("No | Program/Kegiatan/Sub Kegiatan | Indikator | Target | Anggaran\n"
                    "1 | Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota | "
                    "Persentase dokumen | 100 | 1.000.000\n"
                    "2 | Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah | "
                    "Jumlah dokumen | 3 | 1.000.000\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[[table]]\ngrid = "ra"\nheader = false\nfirst_row = 2\n'
                       '[table.columns]\nA = "no"\nB = "nama"\nC = "indikator"\n'
                       'D = "target"\nE = "anggaran"\n', encoding="utf-8")
    from checker.importers.mapping import using
    from checker.importers.registry import load

    with using(mapping):
        docs = load(path)
    assert sorted(i.cells["nama"].row for d in docs for i in d.items) == [2, 3]
    assert [t.first_row for d in docs for t in d.tables] == [1]  # the table found, mapped
    assert not [f for d in docs for f in d.issues if f.code == "STR-004"]
