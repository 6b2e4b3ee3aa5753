"""The repository stands on its own: seeds inside it, unchanged, one sample plan per document.

A clone in any folder must run every test: nothing may reach for ``../shared``. The seeds
are real public documents, so they are kept byte for byte (a changed seed would silently
change what every importer test proves).
"""

from __future__ import annotations

import hashlib
import re

from checker.cli.collect import collect
from tests.conftest import REPO, SEEDS

CHECKSUMS = {
    "000_a618195849f537cf.txt":
        "85ce2a2615d40220cb3634b74c35d2b6a909594110bebefe8c0aca1756cbaae7",
    "001_0bdef1ee33a13803.txt":
        "b1a1a3fc83cd9866900b61d1af488a606bf862ffba069e7cb9b80da96db58e34",
    "002_f85901f096964ca2.txt":
        "5b68b43bdc30dcbf6e02a2efe632d2e3099f22ccc6e30375a03537af1b79f8cc",
    "004_a30a70c4cd2935b3.txt":
        "e2f8564c709177ec8147be2568750c585036fc8df1f4de5cad0dc4b5d6a3e6ae",
}


def test_the_four_seeds_are_in_the_repository_unchanged_with_their_provenance():
    assert SEEDS.is_relative_to(REPO)
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    assert found == CHECKSUMS
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    for name in CHECKSUMS:
        assert name in readme
    assert "Provenance" in readme


def test_nothing_reaches_outside_the_repository_for_seeds():
    """Tests, sample scripts and the README use the in-repository copy."""
    outside = re.compile(r"\.\./shared/seeds|parent\s*/\s*\"shared\"\s*/\s*\"seeds\"")
    files = [*REPO.joinpath("tests").rglob("*.py"), *REPO.joinpath("sample_plans").glob("*.py"),
             *REPO.joinpath("sample_plans").glob("*.md"), REPO / "README.md"]
    offenders = [str(f.relative_to(REPO)) for f in files
                 if f.name != "test_seeds.py" and outside.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_sample_plans_hold_one_plan_per_document():
    """Seed 000 once: a second copy doubles its findings and becomes its own WJR-001 peer."""
    collected = collect([str(REPO / "sample_plans")])
    assert not collected.errors
    keys = [(d.instansi, d.pemda, d.tahun, d.jenis.value) for d in collected.documents]
    assert len(keys) == len(set(keys)), keys
    assert not any(p.suffix == ".txt" for p in (REPO / "sample_plans").rglob("*"))
