"""A search's code prefix as ranges of the sorted codes equals testing every record's code.

``Nomenclature._admitted`` finds the records under a prefix (and under the program-penunjang
template of a known bidang) by two binary searches per prefix; it must admit exactly the
records ``Scope.admits`` admits, at every level of every code the lists hold.
"""

from __future__ import annotations

import numpy as np

from checker.reference.nomenclature import nomenclature
from checker.reference.scope import Scope


def test_admitted_equals_admits_for_every_prefix_of_every_code() -> None:
    index = nomenclature()
    prefixes = {"1", "1.0", "1.06.0", "X", "X.XX", "9.99"}
    for _, _, _, code in index._record_rows:
        parts = code.split(".")
        prefixes.update(".".join(parts[:k]) for k in range(1, len(parts) + 1))
    checked = templated = 0
    for prefix in [*sorted(prefixes)[::5], "1.06", "1.06.01", "1.06.01.2.01", "2.14"]:
        try:
            scope = Scope.of(prefix, index._bidang)
        except ValueError:  # not a code prefix at all
            continue
        want = np.fromiter((scope.admits(c) for _, _, _, c in index._record_rows), dtype=bool)
        assert (index._admitted(scope) == want).all(), prefix
        checked += 1
        templated += scope.template_prefix is not None and want.any()
    assert checked > 500 and templated > 50
