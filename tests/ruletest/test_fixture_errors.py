"""A malformed fixture or rule file stops ``sakip-check test`` with file:line:col, exit 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli.main import main

RULE = """rule LOK-001 {
  title: "Pagu tidak lebih dari nol"
  category: kelengkapan
  severity: warning
  basis: "Permendagri 77/2020"
  for item where present(anggaran)
  check anggaran > 0
  at anggaran
  message: "Pagu {nama} Rp {anggaran}."
}
"""

GOOD_CASE = """  - name: positif
    items:
      - {id: S1, level: sub_kegiatan, nama: A, anggaran: 5}
    expect_at: []
"""


def run(*args: str):
    return CliRunner().invoke(main, ["test", *args])


def folder(tmp_path, fixture: str, rule: str = RULE):
    (tmp_path / "LOK-001.rules").write_text(rule, encoding="utf-8")
    (tmp_path / "LOK-001.yaml").write_text(fixture, encoding="utf-8")
    return str(tmp_path)


@pytest.mark.parametrize(("fixture", "line", "col", "words"), [
    # a misspelt key would make a case that can never fail
    ("rule: LOK-001\ncases:\n  - name: x\n    expect: []\n", 4, 5, "'expect'"),
    ("rule: LOK-001\ncases:\n  - name: x\n", 3, 5, "expect_at"),
    ("rule: LOK-001\ncases: [\n", 3, 1, "YAML"),
    ("rule: LOK-001\nrule: LOK-002\ncases: []\n", 2, 1, "duplicate"),
    ("rule: LOK-001\ncases: []\n", 2, 8, "sedikitnya satu kasus"),
    ("rule: lok-1\ncases: []\n", 1, 7, "lok-1"),
    ("rule: LOK-001\ncases:\n  - name: x\n    items:\n"
     "      - {id: S1, level: sub_kegiatan, pagu: 5}\n    expect_at: []\n", 5, 39, "'pagu'"),
    ("rule: LOK-001\ncases:\n  - name: x\n    items:\n"
     "      - {id: S1, level: program, anggaran: 1.305.563.5500}\n    expect_at: []\n",
     5, 44, "harus bilangan bulat"),
    ("rule: LOK-001\ncases:\n  - name: x\n    items:\n      - {id: S1, level: subkegiatan}\n"
     "    expect_at: []\n", 5, 25, "sub_kegiatan"),
    ("rule: LOK-001\ncases:\n  - name: x\n    items:\n      - {level: program, nama: P}\n"
     "    expect_at: []\n", 5, 9, "'id'"),
    ("rule: LOK-001\ncases:\n  - name: x\n    expect_at: [[Program_Kegiatan, 2, LOK-001]]\n",
     4, 17, "[lembar, baris, kolom, kode]"),
    ("rule: LOK-001\ncases:\n  - name: x\n    expect_at: [[Program_kegiatan, 2, J, LOK-001]]\n",
     4, 17, "Program_kegiatan"),
    ("rule: LOK-001\ncases:\n  - name: x\n    expect_at: [[Program_Kegiatan, 2, J, LOK-001]]\n"
     "    values: [[1, 2], [3, 4]]\n", 5, 13, "'values'"),
    ("rule: LOK-009\ncases:\n" + GOOD_CASE, 1, 7, "LOK-009"),
    ("rule: NUM-001\ncases:\n" + GOOD_CASE, 1, 7, "importer"),
])
def test_malformed_fixture_names_its_place(tmp_path, fixture, line, col, words):
    result = run(folder(tmp_path, fixture))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'LOK-001.yaml'}:{line}:{col}: "), result.stderr
    assert words in result.stderr
    assert result.stdout == ""


def test_the_offending_line_is_shown_with_a_caret(tmp_path):
    result = run(folder(tmp_path, "rule: LOK-001\ncases:\n  - name: x\n    expect: []\n"))
    lines = result.stderr.splitlines()
    assert lines[1:3] == ["        expect: []", "        ^"]


def test_english_messages(tmp_path):
    result = run(folder(tmp_path, "rule: LOK-001\ncases:\n  - name: x\n    expect: []\n"),
                 "--lang", "en")
    assert "unknown key 'expect' in case" in result.stderr


def test_a_mistake_in_the_rule_file_is_reported_at_its_line(tmp_path):
    bad = RULE.replace("check anggaran > 0", "check pagu > 0")
    result = run(folder(tmp_path, "rule: LOK-001\ncases:\n" + GOOD_CASE, rule=bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'LOK-001.rules'}:7:9: ")


def test_a_local_rule_reusing_a_builtin_code_is_refused(tmp_path):
    rule = RULE.replace("LOK-001", "TGT-001")
    result = run(folder(tmp_path, "rule: TGT-001\ncases:\n" + GOOD_CASE, rule=rule))
    assert result.exit_code == 2
    assert "TGT-001" in result.stderr and "rules/target-triwulan.rules" in result.stderr


def test_missing_path_and_empty_folder_exit_2(tmp_path):
    result = run(str(tmp_path / "tidak-ada"))
    assert result.exit_code == 2 and "tidak-ada tidak ditemukan" in result.stderr
    result = run(str(tmp_path))
    assert result.exit_code == 2 and "tidak ada berkas aturan" in result.stderr
    (tmp_path / "catatan.txt").write_text("x", encoding="utf-8")
    result = run(str(tmp_path / "catatan.txt"))
    assert result.exit_code == 2 and "bukan folder, berkas aturan" in result.stderr
