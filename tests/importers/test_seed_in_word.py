"""A seed's tables handed over as a Word file give the seed's findings, at Word addresses.

Seed 000 (rencana aksi eselon II/III/IV, Lombok Timur 2024) is a text extract of a PDF
printed from Word. Written back into a ``.docx`` in the test set-up (each run of
tab-separated lines a Word table, every other line a paragraph, so the titles stand above
their tables; a blank line inside a run is a page break, and Word keeps one table across
pages), it goes through
the Word container and the same pipeline: the ten findings of the text seed come back, each
at its Word table and cell. Seed 001 likewise, with its rows wrapped over page breaks. The seed's
own values are used, nothing is typed in.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.dsl.registry import load_registry
from checker.engine.run import Engine
from checker.importers.registry import load
from checker.importers.textlines import read_lines

docx = pytest.importorskip("docx", reason="python-docx reads and writes Word files")

SEED_000 = "000_a618195849f537cf.txt"


def seed_as_word(seed: Path, target: Path) -> Path:
    """The seed's text as a Word document: tab-separated runs as tables, the rest as text."""
    document = docx.Document()
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            width = max(len(r) for r in block)
            table = document.add_table(rows=len(block), cols=width)
            for i, cells in enumerate(block):
                for j, text in enumerate(cells):
                    table.cell(i, j).text = text
            block.clear()

    for line in read_lines(seed):
        if "\t" in line.text:
            block.append(line.text.split("\t"))
            continue
        if not line.text.strip():
            continue  # a page break inside a table: Word keeps one table across pages
        flush()
        document.add_paragraph(line.text.replace("**", ""))
    flush()
    document.save(target)
    return target


def _findings(path: Path):
    registry = load_registry()
    return Engine(registry, registry.select([], [])).run(load(path)).findings


def test_seed_000_in_word_gives_the_text_seeds_findings(seeds, tmp_path):
    text = _findings(seeds / SEED_000)
    word = _findings(seed_as_word(seeds / SEED_000, tmp_path / "renaksi_2024.docx"))
    assert Counter(f.code for f in word) == Counter(f.code for f in text) == {
        "NOM-003": 4, "STR-001": 4, "TGT-001": 1, "SAT-003": 1}
    [tgt] = [f for f in word if f.code == "TGT-001"]
    # line 45 of the text is row 15 of the second Word table (the eselon III table)
    assert (tgt.location.table, tgt.location.cell, tgt.actual) == ("Tabel 2", "E15", 85)
    assert tgt.location.file.endswith("renaksi_2024.docx")
    shifted = sorted(f.location.cell for f in word if f.code == "STR-001")
    # the text's rows 111-114, realigned; the eselon IV table runs on over the page break
    assert shifted == ["B43", "B44", "B45", "B46"]


def test_seed_001_in_word_gives_the_text_seeds_findings(seeds, tmp_path):
    """Seed 001 has rows wrapped over a page break (line 79: the rest of kegiatan 5's cells
    after the blank line); in Word that is one row of one table, joined as in the text."""
    seed = seeds / "001_0bdef1ee33a13803.txt"
    text = _findings(seed)
    word = _findings(seed_as_word(seed, tmp_path / "renaksi_2021.docx"))
    assert Counter(f.code for f in word) == Counter(f.code for f in text) == {
        "STR-003": 9, "SAT-003": 4, "STR-005": 3, "ROL-009": 2, "STR-004": 2, "NOM-003": 2,
        "ROL-008": 1, "KLP-006": 1}
    errors = sorted((f.code, f.location.table, f.location.cell, f.actual) for f in word
                    if f.severity.value == "error")
    assert [e[:3] for e in errors] == [("ROL-008", "Tabel 3", "H19"),
                                       ("ROL-009", "Tabel 2", "G13"),
                                       ("ROL-009", "Tabel 2", "G5")]
    text_errors = sorted((f.code, f.actual, f.expected) for f in text
                         if f.severity.value == "error")
    assert sorted((e[0], e[3]) for e in errors) == [(c, a) for c, a, _ in text_errors]


def test_seed_002_in_word_is_never_a_silent_pass(seeds, tmp_path):
    """Seed 002's key-value blocks as three-column Word tables have no header row: the one
    table that has (the strategic targets, read as a Renstra) is checked, and the tables
    with figures that were not read are named with their ranges (STR-005), not passed."""
    word = _findings(seed_as_word(seeds / "002_f85901f096964ca2.txt", tmp_path / "c.docx"))
    [unread] = [f for f in word if f.code == "STR-005" and "tidak dibaca" in f.message["id"]
                and f.location.range]
    assert unread.severity.value == "warning"
    assert (unread.location.table, unread.location.range) == ("Tabel 1", "A1:C8")
    assert len(unread.actual) >= 30 and "Tabel 26 › A1:C10" in unread.actual
