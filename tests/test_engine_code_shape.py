"""Rule functions that need only a code's shape answer without the nomenclature index.

``wellformed_code`` (KOD-003) and ``provincial_kegiatan`` read the code's text alone; the
index (tens of milliseconds of unpickling) is for the functions that look codes up.
"""

from __future__ import annotations

import pandas as pd

from checker.engine import reference_functions as rf
from checker.reference import nomenclature

CODES = ["1.06.04.2.01.0001", "1.06.04.1.01.0001", "1.06.02", "1.06.2.01", "x", "",
         "1.06.04.2.01.001x", " 1.06.04.1.01 ", "X.XX.01.2.01.0001", None, "1.06.04.3.01"]


def test_shape_functions_do_not_load_the_index() -> None:
    kode = pd.Series(CODES, dtype="string")
    rf._nom.cache_clear()
    wellformed = rf.wellformed_code(kode)
    provincial = rf.provincial_kegiatan(kode)
    assert rf._nom.cache_info().currsize == 0  # the index was never asked for
    nom = nomenclature()
    for i, code in enumerate(CODES):
        if code is None:
            assert wellformed[i] is pd.NA and provincial[i] is pd.NA
            continue
        assert bool(wellformed[i]) == nom.is_wellformed(code), code
        assert bool(provincial[i]) == nom.is_provincial_kegiatan(code), code
    assert wellformed.dtype == provincial.dtype == "boolean"
    assert wellformed.sum() >= 4 and provincial.sum() >= 2  # both answers occur
