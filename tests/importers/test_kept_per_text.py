"""Pure questions of one text answered once per text (and squash): the same answers.

``excel_items.unit_key`` (seed 004: 1,861 questions of 13 units) and ``captions.norm``
(934 of 356 texts) are kept per text. The oracle is each text answered with the kept
answers cleared before the question, against all of them answered warm, in another order.
"""

from __future__ import annotations

from checker.importers import captions, excel_items
from tests.importers.seed_cells import seed_cells

UNITS = [None, "", "%", " Persen ", "prosen", "PERCENT", "Dokumen", "dokumen.", "Orang  /  Bulan",
         "Rp", "unit\u00a0kerja"]


def _texts() -> list[str | None]:
    return list(dict.fromkeys([*UNITS, *seed_cells(lines=True)]))


def _cold_and_warm(kept, texts) -> None:
    cold = {}
    for text in texts:
        kept.cache_clear()
        cold[text] = kept(text)
    kept.cache_clear()
    assert {text: kept(text) for text in reversed(texts)} == cold


def test_unit_keys_and_norms_are_those_asked_afresh() -> None:
    texts = _texts()
    _cold_and_warm(excel_items.unit_key, texts)
    _cold_and_warm(captions.norm, texts)
    assert excel_items.unit_key(" Persen ") == "%" and excel_items.unit_key(None) == ""
    assert captions.norm("**Tabel\u00a02.3  Pagu**") == "tabel 2.3 pagu"


def test_field_labels_are_those_asked_afresh() -> None:
    fields = ["target", "target_tw2", "realisasi_tw4", "anggaran", "anggaran_tw1",
              "anggaran_perubahan", "persen_realisasi", "sisa", "capaian", "target_tw9"]
    _cold_and_warm(excel_items._label, fields)
    assert excel_items._label("target_tw2") == "target TW 2"
    assert excel_items._label("anggaran_perubahan") == "anggaran perubahan"


def test_squash_drops_as_the_expression_did() -> None:
    """``squash`` drops an ASCII text's other characters as bytes: the expression's text."""
    import random
    import re

    from checker.importers import vocabulary

    dropped = re.compile(r"[^a-z0-9]")
    pick = random.Random(21)
    texts = [t for t in _texts() if t is not None]
    texts += ["".join(chr(pick.randrange(128)) for _ in range(pick.randint(0, 30)))
              for _ in range(3000)]
    texts += [chr(c) for c in range(128)] + ["Ünit", "ﬁle", "İl", "Straße", "K\u212a"]
    for text in texts:
        vocabulary.squash.cache_clear()
        assert vocabulary.squash(text) == dropped.sub("", text.casefold()), repr(text)
