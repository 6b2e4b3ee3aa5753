"""The nomenclature index as the user's cache keeps it: its plain state, and its loading.

Why a module of its own: every check loads the index (~4,400 official names, their
cleaned keys, the word index of :mod:`checker.reference.matching`), and how that state is
laid out decides what a run pays at start. Building it from the CSVs takes about a second;
loading the pickled state takes ~25 ms. What makes it cheap lives here, apart from the
lookups of :mod:`checker.reference.nomenclature`:

- the state is builtin containers (tuples, lists, dicts), not thousands of dataclass
  instances for pickle to rebuild one by one;
- equal strings are one object (:func:`shared`): pickle writes each word, stem and code
  once instead of once per name that holds it (2.9 → 2.3 MB, loading twice as fast);
- entries are made by filling their instance dictionaries, not through the frozen
  dataclass's field-by-field ``__init__``; the records a search returns are made only
  when a search first returns them (a plan's searches touch a few hundred of 4,400);
- the file is keyed by the hash of the lists and of the code that builds the index
  (:data:`INDEX_CODE`), kept by :mod:`checker.reference.cached` with its safety rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.reference import cached
from checker.reference.entries import ENTRY_FIELDS, Entry
from checker.reference.matching import NameIndex

if TYPE_CHECKING:  # the index's class imports this module
    from checker.reference.nomenclature import Nomenclature

# The code whose changes change what an index is: part of the cache key.
INDEX_CODE = ("nomenclature.py", "index_cache.py", "entries.py", "matching.py", "names.py",
              "codes.py")
INDEX_FILES = 8  # indexes kept: the shipped lists and a few newer lists (load_nomenclature)
# Each cleaned field of an entry beside its raw transcription (one object when equal).
_CLEAN_RAW = (("nama", "nama_raw"), ("indikator", "indikator_raw"), ("satuan", "satuan_raw"))


def shared(value: Any, memo: dict[str, str]) -> Any:
    """``value`` with every equal string made one object (tuples, lists, dicts walked)."""
    if isinstance(value, str):
        return memo.setdefault(value, value)
    if isinstance(value, tuple):
        return tuple(shared(v, memo) for v in value)
    if isinstance(value, list):
        return [shared(v, memo) for v in value]
    if isinstance(value, dict):
        return {shared(k, memo): shared(v, memo) for k, v in value.items()}
    return value


def entry_row(entry: Entry, fields: Sequence[str]) -> tuple[Any, ...]:
    """An entry as a tuple of its ``fields``, for the cached state.

    A raw text equal to its cleaned text is made the same object, so pickle writes it once.
    """
    row = [getattr(entry, f) for f in fields]
    for clean, raw in _CLEAN_RAW:
        i, j = fields.index(clean), fields.index(raw)
        if row[j] == row[i]:
            row[j] = row[i]
    return tuple(row)


def state_of(nom: Nomenclature) -> dict[str, object]:
    """The lists as plain tuples, with the derived keys and codes and the word index."""
    state = {
        "lists": [(lst.source, [entry_row(e, ENTRY_FIELDS) for e in lst.entries],
                   lst.two_digit, list(lst.by_code)) for lst in nom._lists],
        "records": nom._record_rows,
        "bidang": sorted(nom._bidang),
        "index": nom._index.__getstate__(),
        "name_levels": nom._name_levels,
    }
    return shared(state, {})


def restore(nom: Nomenclature, state: dict[str, Any]) -> None:
    """Fill ``nom`` from :func:`state_of`'s state: entries now, records on first use."""
    from checker.reference.nomenclature import _SourceList

    new = object.__new__
    nom._lists = []
    for source, rows, two_digit, codes in state["lists"]:
        entries = []
        for row in rows:
            entry = new(Entry)
            entry.__dict__.update(zip(ENTRY_FIELDS, row, strict=True))
            entries.append(entry)
        lst = new(_SourceList)
        lst.source, lst.entries, lst.two_digit = source, entries, two_digit
        lst.by_code = dict(zip(codes, entries, strict=True))
        nom._lists.append(lst)
    nom._bidang = set(state["bidang"])
    nom._record_rows = state["records"]
    nom._records = [None] * len(nom._record_rows)
    nom._index = new(NameIndex)
    nom._index.__setstate__(state["index"])
    nom._name_levels = state["name_levels"]
    nom._match_cache = {}
    nom._readings = {}
    nom._masks = {}


def ready(blobs: Sequence[tuple[str, bytes]],
          build: Callable[[], Nomenclature]) -> Nomenclature:
    """The index of these lists from the cache, or built (and cached when possible)."""
    path = index_cache(blobs)
    if path is not None:
        found = read_index(path)
        if found is not None:
            return found
    built = build()
    if path is not None:
        write_index(path, built)
    return built


def index_cache(blobs: Sequence[tuple[str, bytes]]) -> Path | None:
    """Where the index of exactly these lists is cached (:mod:`checker.reference.cached`)."""
    here = Path(__file__).resolve().parent

    def parts() -> Iterator[bytes]:
        for name in INDEX_CODE:
            yield (here / name).read_bytes()
        for source, blob in blobs:
            yield f"\0{source}\0{len(blob)}\0".encode()
            yield blob

    return cached.cache_path("nomenclature", parts())


def read_index(path: Path) -> Nomenclature | None:
    """A cached index, or None when absent, damaged, or not safely ours."""
    from checker.reference.nomenclature import Nomenclature

    return cached.read(path, Nomenclature)


def write_index(path: Path, index: Nomenclature) -> None:
    """Keep a built index (atomically; the newest ``INDEX_FILES`` of them)."""
    cached.write(path, index, INDEX_FILES)
