"""The national nomenclature (kode, nama, indikator, satuan) shipped with the tool.

Importers and rules ask it whether a code exists, what it is called, what its official
indicator and unit are, and which official name a document's name is closest to.
"""

from checker.reference.codes import (
    LEVELS,
    is_wellformed,
    level_of_code,
    normalise_code,
    parent_code,
)
from checker.reference.names import name_key
from checker.reference.nomenclature import (
    SAME_ITEM,
    SOURCE_2019,
    SOURCE_2023,
    SUGGEST,
    Entry,
    Nomenclature,
    NomenclatureError,
    load_nomenclature,
    nomenclature,
    official_indikator,
    official_satuan,
)

__all__ = [
    "LEVELS", "SAME_ITEM", "SOURCE_2019", "SOURCE_2023", "SUGGEST", "Entry", "Nomenclature",
    "NomenclatureError",
    "is_wellformed", "level_of_code", "load_nomenclature", "name_key", "nomenclature",
    "normalise_code", "official_indikator", "official_satuan", "parent_code",
]
