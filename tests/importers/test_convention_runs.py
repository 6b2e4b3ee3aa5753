"""NUM-002 once per run of a column's cells (checker.importers.convention_runs)."""

from __future__ import annotations

from pathlib import Path

from checker.importers.convention_runs import Slip, runs
from checker.importers.excel_layout import GridImporter
from checker.model.location import Location


def _slip(row: int, col: int = 6) -> Slip:
    return Slip(row, col, Location(file="f", row=row))


def test_slips_in_a_row_are_one_run_until_a_value_of_the_columns_habit():
    slips = [_slip(5), _slip(6), _slip(7), _slip(9), _slip(6, col=7)]
    found = runs(slips, {6: [8]})  # F8 is written in the column's own habit
    assert [[s.row for s in run] for run in found] == [[5, 6, 7], [6], [9]]
    assert [run[0].col for run in found] == [6, 7, 6]


def test_a_value_proving_nothing_does_not_end_a_run():
    assert [[s.row for s in run] for run in runs([_slip(5), _slip(7)], {6: []})] == [[5, 7]]


HEADER = ("RENCANA AKSI TINGKAT PROGRAM TAHUN 2025\n\n"
          "NO\tPROGRAM\tSASARAN PROGRAM\tINDIKATOR PROGRAM\tKinerja Per Triwulan\t\t"
          "Keuangan Per Triwulan Akumulatif\t\tPENANGGUNG JAWAB\n"
          "\t\t\t\tTarget\tRealisasi\tTarget\tRealisasi\t\n")


def _program(no: str, name: str, figures: list[str]) -> list[str]:
    lines = []
    for q, figure in enumerate(figures):
        head = [no, name, f"Sasaran {no}", f"Persentase {no}"] if q == 0 else [""] * 4
        money = f"{q + 1},000,000"
        lines.append("\t".join([*head, f"Trw {q + 1}= {figure}", f"Trw {q + 1}= {figure}",
                                 f"Trw {q + 1}= {money}", f"Trw {q + 1}= {money}",
                                 "Kabid" if q == 0 else ""]))
    return lines


def test_a_program_table_says_its_run_of_comma_decimals_once(tmp_path: Path):
    lines = [*_program("1", "Program Satu", ["23.22", "40.10", "60.50", "80.75"]),
             *_program("2", "Program Dua", ["10.50", "20.50", "30.50", "40.50"]),
             *_program("3", "Program Tiga", ["0,00", "78,57", "78,57", "78,57"])]
    path = tmp_path / "ra.txt"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    (doc,) = GridImporter().read(path)
    slips = [f for f in doc.issues if f.code == "NUM-002"]
    # E13..E16 and F13..F16 written 0,00 under a column of 23.22: once per column
    assert [f.location.cell for f in slips] == ["E13", "F13"]
    assert "E16" in slips[0].message["id"] and "3 sel berikutnya" in slips[0].message["id"]
    # the kinerja 'Per Triwulan' beside the keuangan 'Akumulatif': each group's own mode
    assert {i.mode for i in doc.indicators} == {"periodik"}
    assert {i.anggaran_mode for i in doc.items} == {"kumulatif"}
