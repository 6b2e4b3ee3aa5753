"""A code printed over several columns: ``2 | 16 | 03 | 2.01 |`` is ``2.16.03.2.01``.

Permendagri 86/2017 forms (the Renstra's Tabel T-C.27, the Renja's T-C.29) print the code
of a program or kegiatan in one column per part (urusan, bidang urusan, program, kegiatan,
sub kegiatan) under one merged ``Kode`` header. Read from its first column alone the code
of every row would be the urusan (``2``), and every program would look like an urusan row.
The parts of a row are joined with dots, in column order, blanks left out; a decimal comma
typed into a part (``2,01``) is the dot it stands for, and a bidang or program part stored
as a number (``3`` for ``03``) gets its leading zero back. The joined code is addressed at the
row's first filled part.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from checker.importers.excel_header import Header

if TYPE_CHECKING:
    from checker.importers.excel_records import Piece, TableReader

_PART = re.compile(r"^\d{1,2}(?:[.,]\d{1,4})*$")
#: Parts of a code of at least urusan, bidang urusan and program.
MIN_PARTS_PADDED = 3


def _padded(position: int, text: str) -> str:
    """The bidang urusan and program parts (second and third) are two digits.

    A spreadsheet stores ``03`` typed into a number cell as 3 (an HTML export keeps
    ``sdval="3"``), so ``5 | 3 | 1`` is the code 5.03.01: one digit alone in those
    positions is the same number with its leading zero restored, never another code.
    """
    return f"0{text}" if position in (1, 2) and len(text) == 1 and text.isdigit() else text


def split_code_columns(header: Header) -> dict[int, list[int]]:
    """First column → every column of a code printed in adjacent ``kode`` columns.

    Only columns under one header cell (the same top span) count: two separate code
    columns (a program code and a kegiatan code, each with its own header) stay apart.
    """
    cols = sorted((c for c in header.cols.values() if c.role == "kode"), key=lambda c: c.index)
    runs: list[list[Any]] = []
    for col in cols:
        if runs and runs[-1][-1].index + 1 == col.index and runs[-1][-1].top == col.top \
                and col.top[0] != col.top[1]:
            runs[-1].append(col)
        else:
            runs.append([col])
    return {run[0].index: [c.index for c in run] for run in runs if len(run) > 1}


def joined_code(reader: TableReader, row: int, parts: list[int]) -> Piece | None:
    """The code of ``row`` from its parts, or the parts as printed when they are no code."""
    from checker.importers.excel_pieces import Piece

    placed = [(i, p) for i, c in enumerate(parts) if (p := reader.cell_piece(row, c)) is not None]
    pieces = [p for _, p in placed]
    if not pieces:
        return None
    texts = [_padded(i, p.text.strip()) if len(parts) >= MIN_PARTS_PADDED else p.text.strip()
             for i, p in placed]
    if not all(_PART.match(t) for t in texts):
        # "2 Paket" typed into a code cell: not a code; kept as printed, parts apart, so
        # that it is neither read as an urusan nor silently repaired
        text = " | ".join(texts)
        return Piece(text, text, row, pieces[0].col)
    code = ".".join(t.replace(",", ".") for t in texts)
    return Piece(code, code, row, pieces[0].col)
