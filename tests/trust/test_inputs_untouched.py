"""Nothing lost, nothing changed: inputs are byte-for-byte the same after any command, a
report appears whole or not at all, and no report is ever written over an input."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.reports import REPORTERS
from tests.trust.helpers import cli, deadline, plan_workbook, text_plan


def digest(root: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mode of every file under ``root``."""
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                       p.stat().st_mode)
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def inputs(tmp_path) -> Path:
    """A folder holding a workbook, a text extract, a CSV plan and a broken file."""
    root = tmp_path / "masukan"
    root.mkdir()
    plan_workbook(root / "rencana.xlsx", seed=4)
    text_plan(root / "eselon4.txt", slip=True)
    csv = root / "csv"
    csv.mkdir()
    (csv / "Dokumen.csv").write_text("ID Dokumen,Jenis Dokumen\nRA,rencana_aksi\n",
                                     encoding="utf-8")
    (csv / "Program_Kegiatan.csv").write_text(
        "ID,ID Induk,Level,Nama,Jumlah Anggaran (Rp)\n"
        "K1,,kegiatan,Kegiatan,300\nS1,K1,sub_kegiatan,Sub,200\n", encoding="utf-8")
    (root / "rusak.xlsx").write_bytes(b"PK\x03\x04 cut short")
    for p in root.rglob("*"):
        if p.is_file():
            p.chmod(0o444)  # read-only, as files on a reviewer's shared drive often are
    return root


@pytest.mark.parametrize("command", [
    ("check",), ("check", "--format", "json"), ("inspect",),
])
def test_inputs_are_unchanged_by_check_and_inspect(inputs, command):
    before = digest(inputs)
    result = cli(*command, str(inputs))
    assert result.exit_code == 2  # rusak.xlsx
    assert digest(inputs) == before


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_report_format_leaves_the_inputs_alone(inputs, tmp_path, fmt):
    before = digest(inputs)
    out = tmp_path / "laporan" / f"laporan.{fmt}"
    result = cli("check", "--format", fmt, "-o", str(out), str(inputs))
    assert result.exit_code == 2 and out.is_file()
    assert digest(inputs) == before
    assert [p.name for p in out.parent.iterdir()] == [out.name]


@pytest.mark.parametrize("name", ["rencana.xlsx", "eselon4.txt", "csv"])
def test_import_leaves_its_input_alone(inputs, tmp_path, name):
    before = digest(inputs)
    result = cli("import", str(inputs / name), "-o", str(tmp_path / "hasil.xlsx"))
    assert result.exit_code == 0, result.output
    assert digest(inputs) == before


# --------------------------------------------------------------------------- atomic writes
class Boom(Exception):
    pass


@pytest.mark.parametrize("interrupt", [Boom, KeyboardInterrupt])
@pytest.mark.parametrize("fmt", ["json", "text", "xlsx", "html"])
def test_a_report_interrupted_mid_write_leaves_the_old_one(inputs, tmp_path, monkeypatch,
                                                           fmt, interrupt):
    from checker import reports

    out = tmp_path / "laporan" / f"laporan.{fmt}"
    assert cli("check", "--format", fmt, "-o", str(out), str(inputs)).exit_code == 2
    old = out.read_bytes()
    reporter = reports.get_reporter(fmt)
    cls = type(reporter)
    real = cls.write

    def half_then_fail(self, report, stream):
        real(self, report, stream)  # everything written, then the failure
        raise interrupt("disk full")

    monkeypatch.setattr(cls, "write", half_then_fail)
    with deadline(60):
        result = CliRunner().invoke(main, ["check", "--format", fmt, "-o", str(out),
                                           str(inputs / "eselon4.txt")])
    assert isinstance(result.exception, interrupt) or result.exit_code != 0
    assert out.read_bytes() == old
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary left


# --------------------------------------------------------------------------- no overwrite
def _refuses(args: list[str], victim: Path) -> None:
    before = victim.read_bytes()
    result = cli(*args, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "refusing to write" in result.stderr and "it is one of the inputs" in result.stderr
    assert victim.read_bytes() == before


def test_report_over_an_input_file_is_refused(inputs):
    victim = inputs / "eselon4.txt"
    _refuses(["check", str(victim), "-o", str(victim)], victim)


def test_report_over_an_input_that_fails_to_import_is_refused(inputs):
    """The broken file is exactly the one a hurried reviewer would overwrite."""
    victim = inputs / "rusak.xlsx"
    victim.chmod(0o644)
    _refuses(["check", str(victim), "-o", str(victim)], victim)


def test_report_over_a_file_inside_an_input_folder_is_refused(inputs):
    victim = inputs / "rencana.xlsx"
    victim.chmod(0o644)
    _refuses(["check", "--format", "xlsx", str(inputs), "-o", str(victim)], victim)


def test_report_over_a_table_of_a_csv_plan_is_refused(inputs):
    victim = inputs / "csv" / "Dokumen.csv"
    victim.chmod(0o644)
    _refuses(["check", str(inputs / "csv"), "-o", str(victim)], victim)


def test_report_over_an_input_through_another_path_is_refused(inputs, tmp_path):
    victim = inputs / "eselon4.txt"
    victim.chmod(0o644)
    link = tmp_path / "tautan.txt"
    os.link(victim, link)  # a hard link: another name of the same file
    _refuses(["check", str(victim), "-o", str(link)], victim)
    sym = tmp_path / "simbolik.txt"
    sym.symlink_to(victim)
    _refuses(["check", str(victim), "-o", str(sym)], victim)
    _refuses(["check", str(inputs / ".." / inputs.name / "eselon4.txt"), "-o", str(victim)],
             victim)


def test_baseline_over_an_input_is_refused(inputs):
    victim = inputs / "eselon4.txt"
    victim.chmod(0o644)
    _refuses(["check", str(victim), "--write-baseline", str(victim)], victim)


def test_import_over_its_input_is_refused(inputs):
    victim = inputs / "rencana.xlsx"
    victim.chmod(0o644)
    _refuses(["import", str(victim), "-o", str(victim)], victim)
