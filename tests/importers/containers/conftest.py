"""Shared material for the container tests: the real corpus and the seeds' first table."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

CORPUS = REPO.parent / "shared" / "corpus"
SEED = "000_a618195849f537cf.txt"
#: The columns of the seed's Rencana Aksi Eselon II table written into built files:
#: NO, URAIAN, SATUAN, TARGET KINERJA, PROGRAM, JUMLAH ANGGARAN (0-based field indices).
SEED_COLUMNS = (0, 2, 3, 4, 9, 10)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus (the real agency files) is not beside the repository")
    return CORPUS


def corpus_file(corpus: Path, prefix: str) -> Path:
    """The corpus file whose name starts with ``prefix`` (``02_``), or skip."""
    found = sorted(corpus.glob(f"{prefix}*"))
    if not found:
        pytest.skip(f"corpus file {prefix}* is missing")
    return found[0]


@pytest.fixture(scope="session")
def seed_rows() -> list[list[str]]:
    """The seed's Eselon II programs (lines 14–20), in the columns of SEED_COLUMNS.

    Real text: long indicator names that wrap in any printed table, Indonesian numbers
    (``4.969.412.271``, ``74,17 (BB)``), and a unit column.
    """
    path = SEEDS / SEED
    if not path.is_file():
        pytest.skip("shared/seeds is not beside the repository")
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = []
    for line in lines[13:20]:
        fields = line.split("\t")
        rows.append([fields[i].strip() for i in SEED_COLUMNS])
    assert rows[0][0] == "1" and rows[-1][0] == "7"
    return rows


SEED_HEADER = ["NO", "URAIAN", "SATUAN", "TARGET KINERJA", "PROGRAM", "JUMLAH ANGGARAN"]
