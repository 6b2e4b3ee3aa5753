"""``flowed.split_header`` stops at the first complete cell naming no concept: same answers.

Every cell of a flowed header must name a concept, and a cell is complete once the next
one opens, so the first complete cell naming none settles the answer (``None``) without
the rest of the line. The oracle is the whole line split first and its cells judged after,
as before, on every line of the seeds and on header lines built here.
"""

from __future__ import annotations

import pytest

from checker.importers.containers import flowed
from checker.importers.containers.flowed import (
    MIN_HEADER_CELLS,
    QUALIFIERS,
    VALUE_CONCEPTS,
    _continues,
    split_header,
)
from checker.importers.vocabulary import concepts, squash
from tests.conftest import SEEDS

BUILT = [
    "Pejabat Sasaran Kegiatan / Sub-Kegiatan Indikator Satuan Target Realisasi Target "
    "Kinerja(%)",
    "Sasaran Indikator Satuan Target Realisasi Capaian",
    "Program Kegiatan Indikator Target Anggaran (Rp)",
    "TUJUAN SASARAN INDIKATOR",
    "TUJUAN SASARAN INDIKATOR SASARAN",
    "Dalam rangka mencapai sasaran program ini target dan realisasi anggaran dilaporkan",
    "Uraian kegiatan yang dilaksanakan Target Realisasi",
    "Sasaran Strategis Indikator Kinerja Target 2024",
    "Alokasi Anggaran Realisasi Anggaran Sisa",
]


def _whole_line(text: str) -> list[str] | None:
    """The line split to its end, its cells judged after (the answer before the change)."""
    if any(ch.isdigit() for ch in flowed._BRACKETED.sub("", text)):
        return None
    words = text.split()
    cells: list[list[str]] = []
    for i, word in enumerate(words):
        found = concepts(word)
        if not cells:
            cells.append([word])
        elif _continues(word, cells[-1], found):
            cells[-1].append(word)
        elif found or (i + 1 < len(words) and concepts(words[i + 1]) & QUALIFIERS):
            cells.append([word])
        else:
            cells[-1].append(word)
    out = [" ".join(cell) for cell in cells]
    if len(out) < MIN_HEADER_CELLS or not all(concepts(cell) for cell in out):
        return None
    if not any(concepts(cell) & VALUE_CONCEPTS for cell in out):
        return None
    if len({squash(cell) for cell in out}) < len(out):
        return None
    return out


@pytest.fixture(scope="module")
def lines() -> list[str]:
    found: dict[str, None] = dict.fromkeys(BUILT)
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            found.update(dict.fromkeys({line, line.strip(), line.replace("\t", " ")}))
    return list(found)


def test_answers_are_those_of_the_whole_line(lines) -> None:
    headers = 0
    for text in lines:
        want = _whole_line(text)
        assert split_header(text) == want, text
        headers += want is not None
    assert headers >= 3  # the built headers are headers: the test sees both answers


def test_a_prose_line_stops_at_its_first_cell() -> None:
    asked: list[str] = []

    def counted(text: str) -> set[str]:
        asked.append(text)
        return concepts(text)

    prose = BUILT[5]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flowed, "concepts", counted)
        assert split_header(prose) is None
    assert len(asked) < len(prose.split())  # the words after the first cell are not asked
