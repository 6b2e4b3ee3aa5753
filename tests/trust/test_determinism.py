"""Same inputs, same bytes: across runs, processes (hash seeds), ``--jobs`` and disk order.

The inputs are a small cycle of one agency and year (rencana aksi, PK and LKjIP workbooks
whose budgets disagree, so cross-document rules fire), a text extract with slips and a
CSV plan: many findings from many rules, in every report format.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli.main import main
from checker.reports import REPORTERS
from tests.trust.helpers import cli, text_plan
from tests.trust.strategies import RandomChooser, build_plan

REPO = Path(__file__).resolve().parents[2]
FORMATS = sorted(REPORTERS)


def input_files(root: Path) -> dict[str, bytes]:
    """Relative path → bytes of the inputs, made once (the template writer stamps times)."""
    from checker.exporters.template import write_template

    build = root / "bangun"
    build.mkdir()
    for n, jenis in enumerate(("rencana_aksi", "pk", "lkjip")):
        plan = build_plan(RandomChooser(random.Random(100 + n)), f"cycle_{jenis}", jenis)
        doc = plan.document()
        doc.instansi, doc.pemda, doc.tahun = "Dinas Sosial", "Kota Contoh", 2025
        write_template(build / f"{n}_{jenis}.xlsx", [doc])
    text_plan(build / "3_eselon4.txt", rows=4, slip=True)
    (build / "4_csv").mkdir()
    (build / "4_csv" / "Program_Kegiatan.csv").write_text(
        "ID,ID Induk,Level,Nama,Jumlah Anggaran (Rp)\nK1,,kegiatan,Kegiatan,300\n"
        "S1,K1,sub_kegiatan,Sub A,200\nS2,K1,sub_kegiatan,Sub B,200\n", encoding="utf-8")
    (build / "4_csv" / "Dokumen.csv").write_text("ID Dokumen,Jenis Dokumen\nRA,rencana_aksi\n",
                                                encoding="utf-8")
    files = {p.relative_to(build).as_posix(): p.read_bytes()
             for p in sorted(build.rglob("*")) if p.is_file()}
    shutil.rmtree(build)
    return files


def write_inputs(folder: Path, files: dict[str, bytes], order: list[str]) -> None:
    """The same files, created in ``order`` (so the directory lists them differently)."""
    folder.mkdir(parents=True)
    for name in order:
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(files[name])


def reports(folder: Path, out: Path, extra: tuple[str, ...] = ()) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    got = {}
    for fmt in FORMATS:
        target = out / f"laporan.{fmt}"
        result = cli("check", "--format", fmt, "-o", str(target), *extra, str(folder))
        assert result.exit_code == 1, result.output
        got[fmt] = target.read_bytes()
    return got


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("det")
    folder = root / "masukan"
    files = input_files(root)
    write_inputs(folder, files, sorted(files))
    return folder, reports(folder, root / "a")


def test_the_inputs_give_many_findings(baseline):
    import json

    report = json.loads(baseline[1]["json"])
    codes = {f["code"] for f in report["findings"]}
    assert len(report["documents"]) == 5 and len(report["findings"]) > 20
    assert any(c.startswith("LDK") for c in codes) and "AGT-001" in codes


# Reports link to their inputs relatively, so every run writes beside the first one.
def test_same_inputs_same_bytes_run_after_run(baseline):
    folder, first = baseline
    assert reports(folder, folder.parent / "b") == first


def test_disk_order_does_not_matter(baseline):
    folder, first = baseline
    moved = folder.with_name("masukan_asli")
    folder.rename(moved)
    try:
        files = {p.relative_to(moved).as_posix(): p.read_bytes()
                 for p in moved.rglob("*") if p.is_file()}
        write_inputs(folder, files, sorted(files, reverse=True))  # created the other way
        assert reports(folder, folder.parent / "c") == first
    finally:
        shutil.rmtree(folder)
        moved.rename(folder)


def test_other_processes_and_hash_seeds_give_the_same_bytes(baseline):
    folder, first = baseline
    for seed in ("987654",):
        out = folder.parent / f"p{seed}"
        out.mkdir()
        for fmt in ("json", "text"):
            target = out / f"laporan.{fmt}"
            env = {**os.environ, "PYTHONHASHSEED": seed}
            proc = subprocess.run([sys.executable, "-m", "checker", "check", "--format", fmt,
                                   "-o", str(target), str(folder)], cwd=REPO, env=env,
                                  capture_output=True, timeout=180)
            assert proc.returncode == 1, proc.stderr
            assert target.read_bytes() == first[fmt], fmt


def test_stdout_and_file_reports_agree(baseline):
    folder, first = baseline
    for fmt in ("json", "text", "md"):
        assert cli("check", "--format", fmt, str(folder)).stdout.encode() == first[fmt]


@pytest.mark.skipif("jobs" not in {p.name for p in main.commands["check"].params},
                    reason="check --jobs does not exist yet")
@pytest.mark.parametrize("jobs", ["1", "2", "4"])
def test_jobs_do_not_change_the_bytes(baseline, jobs):
    folder, first = baseline
    assert reports(folder, folder.parent / f"j{jobs}", ("--jobs", jobs)) == first


def test_typed_order_only_orders_the_documents(baseline):
    """Paths typed in another order list their documents in that order; findings match."""
    import json

    folder, _ = baseline
    files = [str(p) for p in sorted(folder.iterdir()) if p.suffix in (".xlsx", ".txt")]
    one = json.loads(cli("check", "--format", "json", *files).stdout)
    two = json.loads(cli("check", "--format", "json", *reversed(files)).stdout)
    assert one["findings"] == two["findings"]
    assert [d["id"] for d in one["documents"]] == [d["id"] for d in two["documents"]][::-1]


def test_import_writes_the_same_workbook_twice(tmp_path):
    """openpyxl stamps the save time into the file; the writer repacks it without the clock."""
    import time

    source = text_plan(tmp_path / "ra.txt", slip=True)
    first = tmp_path / "a.xlsx"
    assert cli("import", str(source), "-o", str(first)).exit_code == 0
    time.sleep(2.1)  # zip times have a resolution of two seconds
    second = tmp_path / "b.xlsx"
    assert cli("import", str(source), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
