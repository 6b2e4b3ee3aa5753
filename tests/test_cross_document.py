"""A folder with one agency's PK and LKjIP is one case: findings name both documents' cells."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.exporters.template import write_template
from checker.importers.registry import load


@pytest.fixture(scope="module")
def seed_004_documents(seeds):
    """Seed 004 as a planner would hand it on after `sakip-check import` and correcting
    the cells the importer could not read (the writer shows their raw text, which the
    reader rightly refuses until someone fixes it)."""
    path = seeds / "004_a30a70c4cd2935b3.txt"  # in the repository: never skipped
    documents = load(path)
    for doc in documents:
        for row in [*doc.items, *doc.indicators, *doc.totals]:
            row.raw = {k: v for k, v in row.raw.items() if getattr(row, k, None) is not None}
    return documents


def test_pk_and_lkjip_in_separate_workbooks_are_compared(tmp_path, seed_004_documents):
    pk = [d for d in seed_004_documents if d.jenis.value in ("pk", "pk_perubahan")]
    lkjip = [d for d in seed_004_documents if d.jenis.value == "lkjip"]
    assert pk and lkjip
    write_template(tmp_path / "pk_2024.xlsx", pk)
    write_template(tmp_path / "lkjip_2024.xlsx", lkjip)
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json",
                                       "--select", "lintas-dokumen"])
    data = json.loads(result.output)
    cross = [f for f in data["findings"] if f["code"] in ("LDK-002", "LDK-003")]
    assert cross, data["summary"]
    for finding in cross:
        assert finding["file"].endswith("pk_2024.xlsx")
        assert finding["cell"]
        assert "lkjip_2024.xlsx ›" in finding["message"]  # the other document's cell


def test_documents_of_another_agency_are_not_compared(tmp_path, seed_004_documents):
    pk = [d.model_copy(update={"instansi": "Dinas Kesehatan"})
          for d in seed_004_documents if d.jenis.value in ("pk", "pk_perubahan")]
    lkjip = [d for d in seed_004_documents if d.jenis.value == "lkjip"]
    write_template(tmp_path / "pk.xlsx", pk)
    write_template(tmp_path / "lkjip.xlsx", lkjip)
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json",
                                       "--select", "LDK-002,LDK-003"])
    assert json.loads(result.output)["findings"] == []
