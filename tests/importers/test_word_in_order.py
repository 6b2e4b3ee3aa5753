"""A Word form typed as paragraphs (``Key<TAB>:<TAB>value``), not tables, read in order.

Offices type the cascading form in Word as they see it printed: one paragraph per key,
a tab before and after the colon. The flowed grid gives each paragraph one row (tabs are
spaces there), the cascading profile claims it by its words, the key-value stage reads the
blocks, and every finding names the paragraph that holds the figure.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.dsl.registry import load_registry
from checker.engine.run import Engine
from checker.importers.registry import load

docx = pytest.importorskip("docx", reason="python-docx reads and writes Word files")

FORM = [
    "Penjenjangan Kinerja", "Dinas Sosial Kabupaten Contoh Tahun 2025", "TAHAP 5",
    "2. Menetapkan Kinerja Manajerial Sebagai Sasaran Program dan Kegiatan",
    "Nama Program\t:\tProgram Penanganan Bencana",
    "Indikator Program\t:\tPersentase korban bencana yang tertangani",
    "Target Program\t:\t100 %",
    "Anggaran\t:\t500.000.000",  # paragraph 8: more than its one kegiatan (300.000.000)
    "Nama Kegiatan\t:\tPerlindungan Sosial Korban Bencana Alam dan Sosial Kabupaten/Kota",
    "Indikator Kegiatan\t:\tJumlah korban bencana yang terpenuhi kebutuhan dasarnya",
    "Target Kegiatan\t:\t200 Orang",
    "Anggaran\t:\t300.000.000",  # paragraph 12: its one sub-kegiatan has 250.000.000
    "3. Menetapkan Kinerja Operasional Sebagai Sasaran Subkegiatan",
    "(Kegiatan : Perlindungan Sosial Korban Bencana Alam dan Sosial Kabupaten/Kota)",
    "Nama Sub Kegiatan\t:\tPenyediaan Makanan",
    "Indikator Sub Kegiatan\t:\tJumlah korban bencana yang menerima makanan",
    "Target Sub Kegiatan\t:\t200 Orang",
    "Anggaran\t:\t250.000.000",
]


def _form(path: Path) -> Path:
    document = docx.Document()
    for text in FORM:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_key_value_paragraphs_are_read_at_their_paragraphs(tmp_path):
    path = _form(tmp_path / "cascading.docx")
    [doc] = load(path)
    assert doc.jenis.value == "cascading"
    assert Counter(i.level.value for i in doc.items) == {
        "program": 1, "kegiatan": 1, "sub_kegiatan": 1}
    sub = next(i for i in doc.items if i.level.value == "sub_kegiatan")
    assert sub.anggaran == 250_000_000 and sub.induk is not None
    # the value's paragraph (the 18th), column A: a paragraph is one cell
    assert sub.location_of("anggaran").table == "Paragraf › Kinerja Operasional"
    assert sub.location_of("anggaran").cell == "A18"
    registry = load_registry()
    found = Engine(registry, registry.select([], [])).run([doc]).findings
    assert sorted((f.code, f.location.table, f.location.cell, f.actual, f.expected)
                  for f in found) == [
        ("ROL-001", "Paragraf › Kinerja Manajerial", "A12", 300_000_000, 250_000_000),
        ("ROL-001", "Paragraf › Kinerja Manajerial", "A8", 500_000_000, 300_000_000)]


def test_the_same_paragraphs_without_the_forms_words_are_no_cascading(tmp_path):
    """Without the words that make the profile claim it, the file is read as its tables
    (it has none): an input error that says nothing was read, never a silent pass."""
    from checker.model.errors import InputError

    document = docx.Document()
    for text in FORM[4:12]:
        document.add_paragraph(text)
    document.save(tmp_path / "lepas.docx")
    with pytest.raises(InputError):
        load(tmp_path / "lepas.docx")


def test_the_form_as_text_gives_the_same_findings(tmp_path):
    """The same lines as a text extract: the same findings, at the value's tab field (C)."""
    text = tmp_path / "cascading.txt"
    text.write_text("\n".join(FORM) + "\n", encoding="utf-8")
    registry = load_registry()
    word, plain = (Engine(registry, registry.select([], [])).run(load(p)).findings
                   for p in (_form(tmp_path / "cascading.docx"), text))
    assert sorted((f.code, f.actual, f.expected) for f in word) == sorted(
        (f.code, f.actual, f.expected) for f in plain)
    assert sorted(f.location.cell for f in plain) == ["C12", "C8"]
    assert sorted(f.location.cell for f in word) == ["A12", "A8"]
