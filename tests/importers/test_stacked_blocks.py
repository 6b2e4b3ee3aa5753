"""A stacked record of several sasaran/indicator blocks, each printing its own money.

Seed 004's program rencana aksi prints Program Rehabilitasi Sosial with three sasaran,
each with four quarter lines of kinerja and keuangan (``Trw 1= 158,000,000``, then
``Trw 1= 466,839,000`` for the next sasaran, then ``Trw 1=`` blank for the IKM): the
program's money is the sum of the blocks, as the old reader of the appendix read it.
"""

from __future__ import annotations

from pathlib import Path

from checker.importers.excel_layout import GridImporter
from checker.model.plan import Document

HEADER = ("RENCANA AKSI TINGKAT PROGRAM TAHUN 2025\n\n"
          "NO\tPROGRAM\tSASARAN PROGRAM\tINDIKATOR PROGRAM\tKinerja Per Triwulan\t\t"
          "Keuangan Per Triwulan Akumulatif\t\tPENANGGUNG JAWAB\n"
          "\t\t\t\tTarget\tRealisasi\tTarget\tRealisasi\t\n")


def _block(first: list[str], target: list[str], spent: list[str], pj: str = "") -> str:
    lines = []
    for q in range(4):
        head = first if q == 0 else ["", "", "", ""]
        lines.append("\t".join([*head, f"Trw {q + 1}= 50%", f"Trw {q + 1}= 50%",
                                f"Trw {q + 1}= {target[q]}", f"Trw {q + 1}= {spent[q]}",
                                pj if q == 0 else ""]))
    return "\n".join(lines) + "\n"


def _read(tmp_path: Path, body: str) -> Document:
    path = tmp_path / "ra.txt"
    path.write_text(HEADER + body, encoding="utf-8")
    (doc,) = GridImporter().read(path)
    return doc


def test_the_blocks_money_adds_up_to_the_items(tmp_path):
    body = (_block(["1", "Program Satu", "Sasaran A", "Persentase A"],
                   ["1,000,000", "2,000,000", "3,000,000", "4,000,000"],
                   ["900,000", "1,900,000", "2,900,000", "3,900,000"], "Kabid A")
            + _block(["", "", "Sasaran B", "Persentase B"],
                     ["500,000", "500,000", "1,500,000", "1,500,000"],
                     ["400,000", "500,000", "1,400,000", "1,500,000"])
            + _block(["", "", "Sasaran C", "IKM"], ["", "", "", ""], ["", "", "", ""]))
    doc = _read(tmp_path, body)
    (program,) = doc.items
    assert [program.anggaran_tw1, program.anggaran_tw4] == [1_500_000, 5_500_000]
    assert [program.realisasi_tw1, program.realisasi_tw4] == [1_300_000, 5_400_000]
    # at the first part's cell, with the parts as printed
    assert program.cells["anggaran_tw1"].cell == "G5"
    assert program.raw["anggaran_tw1"] == "Trw 1= 1,000,000 + Trw 1= 500,000"
    assert len(doc.indicators) == 3
    assert not [f for f in doc.issues if f.code == "STR-002"]  # no 'printed twice'
    assert any(n.startswith("P1:") for n in doc.tables[0].notes)


def test_a_quarter_printed_twice_in_one_block_is_still_reported(tmp_path):
    body = _block(["1", "Program Satu", "Sasaran A", "Persentase A"],
                  ["1,000,000", "2,000,000", "3,000,000", "4,000,000"],
                  ["900,000", "1,900,000", "2,900,000", "3,900,000"], "Kabid A")
    body = body.replace("Trw 3= 3,000,000", "Trw 2= 3,000,000")
    doc = _read(tmp_path, body)
    assert ("STR-002", "G7") in {(f.code, f.location.cell) for f in doc.issues}

