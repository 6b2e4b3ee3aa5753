"""A seed's tables handed over as a Word file give the seed's findings, at Word addresses.

Seed 000 (rencana aksi eselon II/III/IV, Lombok Timur 2024) is a text extract of a PDF
printed from Word. Written back into a ``.docx`` in the test set-up (each run of
tab-separated lines a Word table, every other line a paragraph, so the titles stand above
their tables; a blank line inside a run is a page break, and Word keeps one table across
pages), it goes through
the Word container and the same pipeline: the ten findings of the text seed come back, each
at its Word table and cell. Seed 001 likewise, with its rows wrapped over page breaks. Seeds
002 (a cascading form: key-value blocks and a tree of objectives) and 004 (an LKjIP with its
agreements appended) are read in document order, as a layout profile reads the text: the
flowed Word grid keeps every cell's Word address. The seed's own values are used, nothing
is typed in.
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
    """The seed's text as a Word document: tab-separated runs as tables, the rest as text.

    Lines of text up to a blank line are one paragraph, broken where the extract breaks
    them (a title printed over three lines is one paragraph in Word, as it was before
    the PDF was printed).
    """
    document = docx.Document()
    block: list[list[str]] = []
    lines: list[str] = []

    def paragraph() -> None:
        if lines:
            run = document.add_paragraph().add_run(lines[0])
            for text in lines[1:]:
                run.add_break()
                run.add_text(text)
            lines.clear()

    def table() -> None:
        if block:
            width = max(len(r) for r in block)
            made = document.add_table(rows=len(block), cols=width)
            for row, cells in zip(made.rows, block, strict=True):
                for cell, text in zip(row.cells, cells, strict=False):
                    cell.text = text
            block.clear()

    for line in read_lines(seed):
        if "\t" in line.text:
            paragraph()
            block.append(line.text.split("\t"))
            continue
        if not line.text.strip():
            paragraph()  # a blank line ends a paragraph; in a table it is a page break,
            continue  # and Word keeps one table across pages
        table()
        lines.append(line.text.replace("**", ""))
    paragraph()
    table()
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


SEED_002 = "002_f85901f096964ca2.txt"
SEED_004 = "004_a30a70c4cd2935b3.txt"


def _values(findings) -> Counter:
    return Counter((f.code, repr(f.actual), repr(f.expected)) for f in findings)


def test_seed_002_in_word_gives_the_text_seeds_findings(seeds, tmp_path):
    """Seed 002 (cascading) as Word: key-value blocks in three-column tables under heading
    paragraphs, the tree as paragraphs and ``node | Kondisi`` tables. The cascading profile
    claims the flowed document, and the same 47 findings come back with the same actual
    and expected values, each at its Word table (or paragraph) and cell.

    What legitimately differs: the three STR-005 warnings list the unread columns' cells,
    which are Word cells here (``Tabel 26 › A2, A7``: the ``Sasaran Program`` and
    ``Sasaran Kegiatan`` keys), lines of the text file there (``A654, A659``).
    """
    seed = seeds / SEED_002
    text = _findings(seed)
    word = _findings(seed_as_word(seed, tmp_path / "cascading_2025.docx"))
    assert Counter(f.code for f in word) == Counter(f.code for f in text) == {
        "SAT-002": 12, "STR-003": 10, "SAT-003": 7, "ROL-001": 5, "NUM-001": 4, "STR-005": 3,
        "NOM-003": 3, "STR-004": 2, "KLP-003": 1}
    same = [f for f in word if f.code != "STR-005"]
    assert _values(same) == _values(f for f in text if f.code != "STR-005")
    unread = sorted((f.location.table, f.actual) for f in word if f.code == "STR-005")
    assert unread == [("Tabel 25 › Tujuan dan Sasaran Strategis", ["C2", "D2", "E2", "F2"]),
                      ("Tabel 26 › Kinerja Manajerial", ["A2", "A7"]),
                      ("Tabel 34 › Kinerja Operasional", ["A2"])]
    # every finding at a Word table or paragraph of the file handed over, never a text line
    assert all(f.location.file.endswith("cascading_2025.docx") for f in word)
    assert all(f.location.table.split(" › ")[0].startswith(("Tabel ", "Paragraf"))
               for f in word)
    at = {(f.code, repr(f.actual)): (f.location.table, f.location.cell) for f in word}
    # the kegiatan's budget (text: Kinerja Manajerial › C662), row 10 of the 26th table
    assert at[("ROL-001", "372250370")] == ("Tabel 26 › Kinerja Manajerial", "C10")
    assert at[("NUM-001", "'13.2918.000'")] == ("Tabel 47 › Kinerja Operasional", "C15")
    # a tree node line naming no node above (text: Pohon Kinerja › A358) is a paragraph
    node = next(f for f in word
                if f.code == "STR-003" and f.location.table.endswith("Pohon Kinerja"))
    assert node.location.table == "Paragraf › Pohon Kinerja" and node.location.column == "A"
    # a heading spelled unlike its kegiatan: the heading's paragraph, the child's Word cell
    slip = next(f for f in word
                if f.code == "STR-003" and f.expected == "Adminstrasi Umum Perangkat Daerah")
    assert slip.location.table == "Paragraf › Kinerja Operasional"
    assert "(Tabel 47 C1)" in slip.message["id"] and "(Tabel 32 C36)" in slip.message["id"]


def test_seed_004_in_word_gives_the_text_seeds_findings(seeds, tmp_path):
    """Seed 004 (LKjIP) as Word: the ``lkjip`` profile's captions stage reads the flowed
    grid as it reads the text (``caption_tables.py``): its captioned report tables through
    the shared stages at Word cells (``indicator_lists`` for the IKU tables), the
    agreements as the profile's parts,
    the rencana aksi appendix as the profile's part too. The same 211 findings come
    back with the same actual and expected values, each at its Word table (or
    paragraph) and cell; no error the text does not give (before: ~60 errors, among them
    a false LDK-008 at ``Tabel 26 H12``, and no LDK-002/003).

    What legitimately differs: the STR-005 warnings list the unread columns' cells (and
    Tabel 2.3's bidang row), which are Word cells here (``D1, E2``), lines of the text file
    there (``D301, E302``).
    """
    seed = seeds / SEED_004
    text = _findings(seed)
    path = seed_as_word(seed, tmp_path / "lkjip_2024.docx")
    word = _findings(path)
    assert Counter(f.code for f in word) == Counter(f.code for f in text) == {
        "LDK-010": 25, "NOM-003": 25, "STR-001": 25, "STR-002": 14, "STR-005": 16,
        "STR-003": 8,
        "KLP-005": 13, "LDK-008": 11, "STR-004": 10, "ROL-010": 9, "ROL-007": 8,
        "LDK-012": 8, "NUM-002": 6, "TGT-006": 4, "TGT-005": 3, "NUM-001": 2, "REA-003": 2,
        "KOD-002": 2, "KOD-001": 2, "LDK-006": 2, "KLP-006": 2, "REA-004": 2, "KLP-004": 2,
        "ROL-003": 1, "ROL-004": 1, "LDK-002": 1, "ROL-005": 1, "LDK-003": 1, "ROL-011": 1,
        "CAP-001": 1, "NOM-002": 1, "KLP-003": 1, "LDK-007": 1}
    assert _values(f for f in word if f.code != "STR-005") == _values(
        f for f in text if f.code != "STR-005")
    # no false error: every error is one the text gives, with the same values
    errors = [f for f in word if f.severity.value == "error"]
    assert len(errors) == 63
    assert _values(errors) == _values(f for f in text if f.severity.value == "error")
    # every finding at a Word table or paragraph of the file handed over, never a line
    assert all(f.location.file.endswith("lkjip_2024.docx") for f in word)
    assert all(f.location.table.split(" › ")[0].startswith(("Tabel ", "Paragraf"))
               for f in word)
    unread = sorted((f.location.table, f.actual) for f in word if f.code == "STR-005")
    assert unread == [
        ("Tabel 13 › Tabel 4.1", ["C1"]), ("Tabel 14 › Tabel 4.2", ["C2", "D2"]),
        ("Tabel 15 › Tabel 4.2", ["C1"]), ("Tabel 16 › Tabel 4.5", ["B1", "F1"]),
        ("Tabel 17 › Tabel 4.6", ["E2", "F2"]), ("Tabel 18 › Tabel 4.7", ["E2"]),
        ("Tabel 26 › RENCANA AKSI TINGKAT PROGRAM DINAS SOSIAL", ["D2"]),
        ("Tabel 27 › Rencana Aksi Tingkat Kegiatan Dinas Sosial", ["E1"]),
        ("Tabel 28 › Rencana Aksi Tingkat Sub Kegiatan Dinas Sosial", ["F1"]),
        ("Tabel 29 › PERJANJIAN KINERJA TAHUN 2024", ["D1"]),
        ("Tabel 29 › PERJANJIAN KINERJA TAHUN 2024", ["D4"]),
        ("Tabel 4 › Tabel 2.2", ["D1", "E2", "G2", "H2"]),
        ("Tabel 42 › PERJANJIAN KINERJA PERUBAHAN TAHUN 2024", ["D1"]),
        ("Tabel 42 › PERJANJIAN KINERJA PERUBAHAN TAHUN 2024", ["D4"]),
        ("Tabel 5 › Tabel 2.3", [2]),  # the bidang row SOSIAL (text: row 315)
        ("Tabel 6 › Tabel 2.4", ["D1", "E2", "G2", "H2"])]
    at = {(f.code, repr(f.actual)): (f.location.table, f.location.cell) for f in word}
    # the agreements against the report's Tabel 2.3 (text: C1235, C1391)
    assert at[("LDK-002", "3082279600")] == ("Tabel 29 › PERJANJIAN KINERJA TAHUN 2024", "C5")
    assert at[("LDK-003", "3188224826")] == (
        "Tabel 42 › PERJANJIAN KINERJA PERUBAHAN TAHUN 2024", "C5")
    # an IKU table's indicator at its own row (text: G491), not where its sasaran is named
    assert at[("CAP-001", "103.81")] == ("Tabel 13 › Tabel 4.1", "G2")
    # the appendix's record tables, read by the same reader, at Word cells (text: I897)
    assert at[("LDK-008", "36485000")] == (
        "Tabel 27 › Rencana Aksi Tingkat Kegiatan Dinas Sosial", "I7")
    # the programme's plan printed per indicator line is summed, as in text: no LDK-008
    assert not any(f.code == "LDK-008" and f.location.table.startswith("Tabel 26 ")
                   for f in word)
    # a message of the appendix's reader names Word rows and cells (text: 'G593',
    # 'Baris 578–593'), a skipped table its range from its heading paragraph to its Word cell
    [partly] = [f for f in word if f.code == "STR-002" and f.actual == "T.W 1 : 1 Dokumen"]
    assert (partly.location.table.split(" › ")[0], partly.location.cell) == ("Tabel 27", "G31")
    # the record named by its own words at its Word cell, never its id (K2)
    assert partly.message["id"].startswith(
        "Rekaman 'ADMINISTRASI KEUANGAN PERANGKAT DAERAH' (Tabel 27 D16) hanya terbaca sebagian")
    assert "G31 'T.W 1 : 1 Dokumen'" in partly.message["id"]
    assert "M31 'T.W 3 : 2,500,000'" in partly.message["id"]
    [pairs] = [f for f in word if f.code == "STR-001" and f.location.cell == "A16"
               and f.location.table.startswith("Tabel 27 ")]
    assert pairs.message["id"].startswith("Baris 16–31 tidak sejajar")
    [efficiency] = [f for f in word if f.code == "STR-004" and f.location.table.endswith("4.9")]
    assert efficiency.location.table == "Paragraf › Tabel 4.9"
    assert efficiency.location.end.startswith("Tabel 22 › ")
    # the two agreements: the same items as in text
    text_docs = {d.jenis.value: d for d in load(seed) if d.jenis.value in ("pk", "pk_perubahan")}
    word_docs = {d.jenis.value: d for d in load(path) if d.jenis.value in ("pk", "pk_perubahan")}
    assert {k: len(d.items) for k, d in word_docs.items()} == {
        k: len(d.items) for k, d in text_docs.items()}


def test_inspect_names_a_virtual_tables_columns_by_their_printed_cells(seeds, tmp_path):
    """A key-value table is a virtual grid: ``inspect`` names each column by the cell where
    its key is printed (its first line in that section), never by a letter printed nowhere,
    and a column printed nowhere as such (the level, an ancestor) by its header in brackets.
    The findings name the same cells (STR-005: ``Sasaran Program`` at A654, Tabel 26 A2)."""
    from click.testing import CliRunner

    from checker.cli.main import main

    seed = seeds / SEED_002
    text = CliRunner().invoke(main, ["inspect", str(seed)]).output
    word = CliRunner().invoke(
        main, ["inspect", str(seed_as_word(seed, tmp_path / "cascading_2025.docx"))]).output
    manajerial = next(line for line in text.splitlines() if "A654→('Sasaran Program'" in line)
    assert "[Level]→tingkat baris" in manajerial and "[Program]→induk" in manajerial
    assert "A653→nama" in manajerial and "A657→anggaran" in manajerial
    assert "A866→anggaran" in text  # the Kinerja Operasional section's own key
    assert "G→anggaran" not in text
    assert "Tabel 26 A2→('Sasaran Program'" in word and "Tabel 26 A5→anggaran" in word
    assert "Tabel 34 A5→anggaran" in word
    # the rows inspect counts are the flowed document's; a note says which Word cells
    assert "adalah Tabel 26 A1 sampai Tabel 33 A16 di Word" in word
    assert "di Word" not in text
