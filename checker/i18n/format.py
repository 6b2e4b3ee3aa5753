"""Numbers written the way each language's readers write them.

Indonesian readers expect ``1.628.000.000`` and ``74,17``; English readers
``1,628,000,000`` and ``74.17``. Rupiah are always whole; other numbers are shown with at
most the decimals they carry (up to four), never in scientific notation.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any


def format_number(value: Any, lang: str = "id") -> str:
    """Format a number for a message; blanks become ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    try:
        import pandas as pd

        if value is pd.NA:
            return "–"
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, list | tuple):
        sep = "; " if lang == "id" else ", "
        return sep.join(format_number(v, lang) for v in value)
    if isinstance(value, str):
        return value
    if isinstance(value, int) or (isinstance(value, float | Decimal)
                                  and float(value) == int(float(value))
                                  and abs(float(value)) < 1e15):
        text = f"{int(value):,}"
    else:
        text = f"{float(value):,.4f}".rstrip("0").rstrip(".")
    if lang == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def level_words(level: object, lang: str = "id") -> str:
    """A level as a reader says it: ``sub_kegiatan`` → "sub kegiatan" ("sub-activity").

    Messages name the level of an item ("{level} '{nama}' …"); the identifier with its
    underscore is the model's, not the planner's. Unknown values are shown unchanged.
    """
    from checker.i18n import catalog

    if level is None:
        return ""
    return catalog(lang).get(f"report.level.{level}", str(level))
