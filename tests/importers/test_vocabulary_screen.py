"""``Vocabulary.named`` (a first cut, then the concepts it leaves) equals testing every concept.

The first cut only decides which concepts are tested; a header text must name the same
concepts as when each of the 27 is tested on it, with the built-in vocabulary and with
one a mapping file extends (new exact, prefix, contains and pattern spellings).
"""

from __future__ import annotations

from pathlib import Path

from checker.importers import vocabulary as v

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _every_concept(vocabulary: v.Vocabulary, text: str) -> frozenset[str]:
    s = v.squash(text)
    return frozenset(name for name, c in vocabulary.concepts.items() if c.named_by(s, text))


def _texts() -> list[str]:
    texts = {"", " ", "No", "NO.", "Indikator Kinerja", "Target", "TW I", "Triwulan IV",
             "Anggaran (Rp)", "Pagu", "Satuan", "Program Penyediaan Jasa", "1.06.01.2.01",
             "Realisasi s.d. TW III", "Penanggung Jawab", "Keterangan", "Kolom baru kami"}
    for seed in sorted(SEEDS.glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines()[:400]:
            texts.update(cell.strip() for cell in line.split("\t") if len(cell) < 80)
    return sorted(texts)


def test_named_equals_every_concept_tested() -> None:
    vocabulary = v.builtin()
    texts = _texts()
    named = [t for t in texts if vocabulary.named(v.squash(t), t)]
    assert len(texts) > 1000 and len(named) > 50  # both kinds of text are asked
    for text in texts:
        assert vocabulary.named(v.squash(text), text) == _every_concept(vocabulary, text), text


def test_named_with_spellings_a_mapping_file_adds() -> None:
    extra = {"concept": {"satuan": {"exact": ["Ukuran"]},
                         "anggaran": {"prefix": ["Dana Kegiatan"]},
                         "keterangan": {"contains": ["catatan kami"]},
                         "target": {"pattern": r"^sasaran\s+angka"}}}
    with v.extend(extra) as vocabulary:
        for text in [*_texts()[:300], "Ukuran", "Dana Kegiatan 2025", "Ini catatan kami",
                     "Sasaran angka", "sasaran  ANGKA tahunan"]:
            assert vocabulary.named(v.squash(text), text) == _every_concept(vocabulary, text)
        assert "satuan" in v.concepts("Ukuran")
        assert "keterangan" in v.concepts("Ini Catatan Kami")
