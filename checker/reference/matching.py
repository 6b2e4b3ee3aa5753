"""Every fuzzy comparison of names in the project, on rapidfuzz, in one place.

Three jobs, one module, so that a threshold means the same everywhere:

- ``ratio`` and ``close_matches``: character similarity (0..1) of two
  strings, and the closest strings of a candidate set, for importers, the rule language and
  the configuration ("did you mean …"). They are rapidfuzz's Indel similarity (the same
  measure as difflib's ``ratio``, computed exactly and in C) with ``score_cutoff`` and
  ``process.extract`` over the whole candidate set.
- ``NameIndex``: a document's name against the official names of the nomenclature (below).
- ``pair_names``: an item of one document against the items of another (see its docstring):
  a near name is taken only with a clear margin over the second best; otherwise the
  candidates are returned for an info finding, never guessed.

The nomenclature score reads the way a reviewer compares two names, word by word:

- the same key (see ``names.name_key``), or the same key once spaces are ignored
  (``Kerjasama``/``Kerja Sama``), is 1.0: the same name;
- a word misspelt (``Pejangkat`` for ``Perangkat``, ``Debarisasi`` for ``Debarkasi``) still
  matches its official word, at its character similarity;
- the same root with a short suffix added or dropped (``Fasilitas``/``Fasilitasi``,
  ``Cetak``/``Cetakan``) matches at 0.9;
- otherwise a word that is itself an official word is never taken as a slip for another
  official word (``Penyusunan``/``Penyuluhan``, ``Pertanian``/``Pertanahan`` name different
  things), and each word left unmatched, on either side, costs a tenth.

Little words (``dan``, ``ke``, ``dalam``…) differing cost 3% each, at most three times; a
negation (``Bukan``, ``Non``) on one side only costs 30% more.

The bands are built in, not tuned: 1.0 is the same name; from 0.9 (``SAME_WORDS``, a floor)
to 0.99 every content word has its counterpart, with slips, little words or a trailing note
differing (the same item, written differently); below 0.9 some content word is missing,
added or replaced (a near miss to suggest, never to assume).
Candidates come from an inverted index of five-letter stems; only a short list is scored.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from checker.reference.names import STOPWORDS, stem

# Character similarity from which a non-official word counts as a slip for an official one.
TYPO_SIMILARITY = 0.8
# Similarity of the same root with a short suffix added or dropped (fasilitas/fasilitasi).
AFFIX_SIMILARITY = 0.9
# Factor per content word left unmatched (on either side).
UNMATCHED_FACTOR = 0.9
# A word of negation present on one side only turns the meaning round ("Bukan Jaringan").
NEGATIONS: frozenset[str] = frozenset({"bukan", "non", "tidak", "tanpa", "selain"})
NEGATION_FACTOR = 0.7
# Factor per little word (dan, di, ke, dalam…) present on one side only, counted up to
# three times, so that little words alone never take a name below 0.9.
MINOR_WORD_FACTOR = 0.97
MAX_MINOR_WORDS = 3
# Floor of the scores of names whose every content word has a counterpart.
SAME_WORDS = 0.9
# Ceiling of any score that is not the same name.
MAX_INEXACT = 0.99
SHORTLIST = 15
# A word of the list is taken for a transcription slip when seen at most this often...
_SLIP_MAX_COUNT = 2
# ...and its correct spelling at least this many times as often.
_SLIP_RATIO = 3
_SIMILARITY_CACHE = 1_000_000


@dataclass(frozen=True)
class _Keyed:
    """A comparison key split into content words, with its stems."""

    key: str
    words: tuple[str, ...]
    stems: frozenset[str]
    despaced: str
    minor: Counter[str]

    @classmethod
    def of(cls, key: str) -> _Keyed:
        """Split a comparison key into content words and the little words between them."""
        all_words = key.split()
        words = tuple(w for w in all_words if w not in STOPWORDS)
        minor = Counter(w for w in all_words if w in STOPWORDS)
        return cls(key, words, frozenset(stem(w) for w in words), key.replace(" ", ""), minor)


class NameIndex:
    """Official names by comparison key, with an inverted index of stems for candidates."""

    def __init__(self, keys: Sequence[str]) -> None:
        """Index the comparison keys of the official names, in record order."""
        self._items = [_Keyed.of(k) for k in keys]
        self._raw = None
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._postings: dict[str, list[int]] = defaultdict(list)
        counts = Counter(w for it in self._items for w in it.words)
        self.slips: frozenset[str] = _list_slips(counts)
        self.vocabulary: frozenset[str] = frozenset(counts) - self.slips
        df: dict[str, int] = defaultdict(int)
        for i, item in enumerate(self._items):
            self._by_key[item.despaced].append(i)
            for s in item.stems:
                self._postings[s].append(i)
                df[s] += 1
        n = len(self._items) + 1
        self._stem_weight = {s: math.log(n / c) for s, c in df.items()}
        self._unknown_weight = math.log(n)
        self._item_weight = [sum(self._stem_weight[s] for s in it.stems) for it in self._items]
        # Word pairs repeat across names and plans: their similarity is computed once.
        self._similarity: dict[str, dict[str, float]] = {}
        self._n_similar = 0
        self._compared: dict[tuple[str, str], float] = {}
        self._counts: dict[tuple[str, ...], tuple[dict[str, int], frozenset[str],
                                                  tuple[tuple[str, str, str], ...]]] = {}

    def __getstate__(self) -> dict[str, object]:
        """Plain tuples, lists and dicts: a cached index loads in milliseconds, not seconds.

        Building the index (splitting 4,400 names, listing the slips, weighting the stems)
        costs a few hundred milliseconds; unpickling the same state as builtin containers
        costs a few. The word-pair similarities are not kept: they depend on the plans.
        """
        items = [(it.key, it.words, tuple(sorted(it.stems)), it.despaced,
                  tuple(sorted(it.minor.items())))
                 for it in (self._item(i) for i in range(len(self._items)))]
        return {"items": items, "by_key": dict(self._by_key),
                "postings": dict(self._postings), "slips": tuple(sorted(self.slips)),
                "vocabulary": tuple(sorted(self.vocabulary)), "stem_weight": self._stem_weight,
                "unknown_weight": self._unknown_weight, "item_weight": self._item_weight}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild the index from ``__getstate__``'s plain state."""
        # Each record's words are rebuilt when a query first shortlists it (a few hundred
        # of 4,400 in a plan), not all at load.
        self._raw: list[tuple[Any, ...]] | None = state["items"]
        self._items = [None] * len(state["items"])  # type: ignore[list-item]
        self._by_key = defaultdict(list, state["by_key"])
        self._postings = defaultdict(list, state["postings"])
        self.slips = frozenset(state["slips"])
        self.vocabulary = frozenset(state["vocabulary"])
        self._stem_weight = state["stem_weight"]
        self._unknown_weight = state["unknown_weight"]
        self._item_weight = state["item_weight"]
        self._similarity = {}
        self._n_similar = 0
        self._compared = {}
        self._counts = {}

    def scores(self, key: str, allowed: np.ndarray) -> dict[int, float]:
        """Score of every record worth scoring for one query key (record index → score).

        ``allowed`` is a boolean mask over the records (level, list, code prefix).
        """
        query = _Keyed.of(key)
        if not query.despaced:
            return {}
        out = self._exact(query, allowed)
        # The same name is searched again under another level or code prefix (a plan's
        # parents, then the engine's rules): its score against a record does not change.
        # Kept by the record's key, not its index: a name in both lists (2019 and 2023) is
        # two records with one key, compared once (a quarter of the comparisons of a plan).
        compared = self._compared
        for i in self._shortlist(query, allowed, exclude=list(out)):
            pair = (key, self._key_of(i))
            score = compared.get(pair)
            if score is None:
                score = min(MAX_INEXACT, self.compare(query, self._item(i)))
                if len(compared) < _SIMILARITY_CACHE:
                    compared[pair] = score
            out[i] = score
        return out

    def exact(self, key: str, allowed: np.ndarray) -> dict[int, float]:
        """The records :meth:`scores` gives 1.0 for this query key: the same name.

        Every other record scores at most ``MAX_INEXACT``, so these come first in any
        ranking of the scores; a search that needs no more than them need not compare.
        """
        query = _Keyed.of(key)
        return self._exact(query, allowed) if query.despaced else {}

    def _exact(self, query: _Keyed, allowed: np.ndarray) -> dict[int, float]:
        return {i: 1.0 for i in self._by_key.get(query.despaced, ()) if allowed[i]}

    def _key_of(self, i: int) -> str:
        """Record ``i``'s comparison key, without rebuilding its words."""
        item = self._items[i]
        return item.key if item is not None else self._raw[i][0]  # type: ignore[index]

    def _item(self, i: int) -> _Keyed:
        """Record ``i``'s words, rebuilt on first use after loading from the cache."""
        item = self._items[i]
        if item is None:
            key, words, stems, despaced, minor = self._raw[i]  # type: ignore[index]
            item = self._items[i] = _Keyed(key, words, frozenset(stems), despaced,
                                           Counter(dict(minor)))
        return item

    def _shortlist(self, query: _Keyed, allowed: np.ndarray, exclude: list[int]) -> list[int]:
        """Records closest to the query by shared stem weight (a cheap first cut).

        Whole arrays: the postings of the query's stems are summed with ``bincount`` and
        the best ``SHORTLIST`` taken by weight, ties by record order (so the answer does
        not depend on the order a set of stems happens to iterate in).
        """
        parts, weights = [], []
        for s in sorted(query.stems):
            w = self._stem_weight.get(s)
            if w is None:
                continue
            posting = self._posting_array(s)
            parts.append(posting)
            weights.append(np.full(len(posting), w))
        if not parts:
            return []
        weight = self._weight_array()
        shared = np.bincount(np.concatenate(parts), weights=np.concatenate(weights),
                             minlength=len(weight))
        mask = (shared > 0) & allowed
        if exclude:
            mask[exclude] = False
        found = np.flatnonzero(mask)
        qweight = sum(self._stem_weight.get(s, self._unknown_weight) for s in query.stems)
        dice = 2 * shared[found] / (qweight + weight[found])
        order = np.lexsort((found, -dice))[:SHORTLIST]
        return found[order].tolist()

    def _posting_array(self, stem_: str) -> np.ndarray:
        """The records of one stem as an integer array (made on first use)."""
        arrays = self.__dict__.setdefault("_post_arrays", {})
        arr = arrays.get(stem_)
        if arr is None:
            arr = arrays[stem_] = np.asarray(self._postings[stem_], dtype=np.int64)
        return arr

    def _weight_array(self) -> np.ndarray:
        """Each record's stem weight as an array (made on first use)."""
        arr = self.__dict__.get("_weight_arr")
        if arr is None:
            arr = self.__dict__["_weight_arr"] = np.asarray(self._item_weight, dtype=float)
        return arr

    def __len__(self) -> int:
        """Number of records."""
        return len(self._items)

    def score_pair(self, key: str, official_key: str) -> float:
        """Score of one query key against one official key (1.0 for the same name)."""
        query, official = _Keyed.of(key), _Keyed.of(official_key)
        if not query.despaced or not official.despaced:
            return 0.0
        if query.despaced == official.despaced:
            return 1.0
        return min(MAX_INEXACT, self.compare(query, official))

    def compare(self, a: _Keyed, b: _Keyed) -> float:
        """Word-by-word similarity of two names, 0..1 (1 only for the same words)."""
        got_a, unmatched_a = self._side(a.words, b.words)
        got_b, unmatched_b = self._side(b.words, a.words)
        total = len(a.words) + len(b.words)
        if total == 0:
            return 0.0
        unmatched = unmatched_a + unmatched_b
        score = (got_a + got_b) / total * UNMATCHED_FACTOR ** len(unmatched)
        if any(w in NEGATIONS for w in unmatched):
            score *= NEGATION_FACTOR
        minor = _minor_difference(a.minor, b.minor)
        score *= MINOR_WORD_FACTOR ** min(minor, MAX_MINOR_WORDS)
        if unmatched:
            return score  # below SAME_WORDS: at least one word has no counterpart
        return min(MAX_INEXACT, max(SAME_WORDS, score))

    def _side(self, words: tuple[str, ...], other: tuple[str, ...]) -> tuple[float, list[str]]:
        """How much of ``words`` finds a counterpart in ``other``, and how many words do not.

        Each word of ``other`` answers for one word only: "Produk Hewan" does not match
        "Hewan dan Produk Hewan" in full. ~8,000 calls a plan: the word counts of ``other``
        are copied from a dictionary kept per word tuple, not counted again (``Counter``'s
        constructor is most of a call's cost), and a word pair is only compared when it can
        reach ``TYPO_SIMILARITY`` (``_similar``'s answers below it never decide anything).
        """
        counts, joined, _ = self._words_of(other)
        remaining = counts.copy()
        pending: list[str] = []
        for w in words:
            c = remaining.get(w, 0)
            if c > 0:
                remaining[w] = c - 1
            else:
                pending.append(w)
        got = float(len(words) - len(pending))
        if not pending:
            return got, []
        # Compounds written apart or together: "kerjasama" against "kerja sama", both ways.
        pairs = self._words_of(words)[2]
        parts = {part for xy, x, y in pairs if xy in remaining for part in (x, y)} \
            if pairs else ()
        unmatched: list[str] = []
        # Read inline, one row of known similarities per word (~100,000 word pairs a plan,
        # mostly repeats): a lookup by the official word alone, no pair tuple to build.
        rows = self._similarity
        for w in pending:
            if w in joined or w in parts:
                got += 1.0
                continue
            row = rows.get(w)
            if row is None:
                row = rows[w] = {}
            best, best_word = 0.0, ""
            for x, count in remaining.items():
                if count > 0:
                    sim = row.get(x)
                    if sim is None:
                        sim = self._similar(w, x)
                        if self._n_similar < _SIMILARITY_CACHE:
                            # Kept both ways: the other name's side asks the same pair
                            # the other way round (``_similar`` is symmetric), half the
                            # pairs of a plan.
                            row[x] = sim
                            other_row = rows.get(x)
                            if other_row is None:
                                other_row = rows[x] = {}
                            other_row[w] = sim
                            self._n_similar += 2
                    if sim > best:
                        best, best_word = sim, x
            if best >= TYPO_SIMILARITY:
                got += best
                remaining[best_word] -= 1
            else:
                unmatched.append(w)
        return got, unmatched

    def _words_of(self, words: tuple[str, ...]) -> tuple[dict[str, int], frozenset[str],
                                                         tuple[tuple[str, str, str], ...]]:
        """A word tuple's counts, its two-word compounds, and its consecutive pairs.

        Kept per tuple (a name's words meet the other side again and again): the counts
        are copied, not counted again (``Counter``'s constructor was most of a call's
        cost), and the compounds and pairs are not rebuilt for every comparison.
        """
        known = self._counts.get(words)
        if known is None:
            counts: dict[str, int] = {}
            for x in words:
                counts[x] = counts.get(x, 0) + 1
            pairs = tuple((x + y, x, y) for x, y in itertools.pairwise(words))
            known = (counts, frozenset(xy for xy, _, _ in pairs), pairs)
            if len(self._counts) < _SIMILARITY_CACHE:
                self._counts[words] = known
        return known

    def _similar(self, word: str, official: str) -> float:
        """Similarity of a word to an official word, as a slip of the pen.

        The same root with a short suffix added or dropped (``Fasilitas``/``Fasilitasi``,
        ``Cetak``/``Cetakan``) counts as ``AFFIX_SIMILARITY``; otherwise two official words
        are two words (``Pertanian``/``Pertanahan``), and a non-official word is compared
        letter by letter. Not cached here: :meth:`_side` keeps the answers.
        """
        if abs(len(word) - len(official)) > max(3, min(len(word), len(official)) // 3):
            return 0.0
        if _affix_variant(word, official):
            return AFFIX_SIMILARITY
        if word in self.vocabulary and official in self.vocabulary:
            return 0.0
        return Indel.normalized_similarity(word, official)


def _minor_difference(a: Counter[str], b: Counter[str]) -> int:
    """How many little words differ between two names: the sum of ``|a[w] - b[w]|``.

    ``(a - b) + (b - a)`` in ``Counter`` arithmetic, without its four new Counters: most
    names have no little word, or the same ones, and answer at once.
    """
    if not a and not b:
        return 0
    return sum(abs(a.get(w, 0) - b.get(w, 0)) for w in a.keys() | b.keys())


def _list_slips(counts: Counter[str]) -> frozenset[str]:
    """Words of the list itself that are slips for a far more frequent word.

    The transcription has its own typos (``Penyelengaraan``, ``Pengadaaan``); they must not
    count as official words, or the correct spelling would be "another word". A slip here is
    a word of seven letters or more, seen at most twice, that differs from a word seen at
    least three times as often by one vowel or one doubled letter, dropped or added. Other
    one-letter differences are how real words differ (``Keutuhan``/``Kebutuhan``,
    ``Penyimpangan``/``Penyimpanan``) and are left alone.
    """
    shorter: dict[str, list[str]] = defaultdict(list)
    for word in counts:
        for i in range(len(word)):
            if _slip_letter(word, i):
                shorter[word[:i] + word[i + 1:]].append(word)
    slips = set()
    for word, count in counts.items():
        if count > _SLIP_MAX_COUNT or len(word) < 7:
            continue
        longer = shorter.get(word, [])
        dropped = [word[:i] + word[i + 1:] for i in range(len(word)) if _slip_letter(word, i)]
        if any(counts.get(o, 0) >= _SLIP_RATIO * count for o in (*longer, *dropped) if o != word):
            slips.add(word)
    return frozenset(slips)


def _slip_letter(word: str, i: int) -> bool:
    """Whether letter ``i`` is one a hurried typist drops or adds: a vowel or a doubled one."""
    ch = word[i]
    return ch in "aiueo" or (i > 0 and word[i - 1] == ch) or word[i + 1:i + 2] == ch


def _affix_variant(a: str, b: str) -> bool:
    """Whether one word is the other plus a suffix of at most three letters (root ≥ 4)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and 0 < len(long_) - len(short) <= 3 and long_.startswith(short)



# --- strings against a candidate set (importers, rule language, configuration) -------------


def ratio(a: str, b: str, score_cutoff: float = 0.0) -> float:
    """Character similarity of two strings, 0..1 (difflib's ``ratio`` measure, exact).

    Below ``score_cutoff`` the answer is 0.0: rapidfuzz then stops early, which is what
    makes a threshold test cheap.
    """
    return Indel.normalized_similarity(a, b, score_cutoff=score_cutoff)


def close_matches(word: str, options: Sequence[str], n: int = 3,
                  cutoff: float = 0.6) -> list[str]:
    """The ``n`` options most similar to ``word`` with a similarity of ``cutoff`` or more.

    Best first, ties in the order of ``options`` (what "did you mean …" hints show).
    Answers are kept for the run: an importer asks the same word against the same few
    words again and again (seed 002's cascading tree: 70,000 questions, 8,300 distinct),
    and a look-up costs a fraction of rapidfuzz's call.
    """
    if n <= 0 or not options:
        return []
    choices = tuple(options)
    ident = (word, choices, n, cutoff)
    try:
        known = _CLOSE.get(ident)
    except TypeError:  # unhashable options: asked as they are
        known, ident = None, None
    if known is None:
        found = process.extract(word, list(choices), scorer=fuzz.ratio, limit=n,
                                score_cutoff=cutoff * 100)
        known = tuple(choice for choice, _score, _index in found)
        if ident is not None and len(_CLOSE) < _SIMILARITY_CACHE // 10:
            _CLOSE[ident] = known
    return list(known)


_CLOSE: dict[tuple[Any, ...], tuple[str, ...]] = {}


def unmatched_words(words: Sequence[str], other: Sequence[str],
                    cutoff: float) -> tuple[list[str], list[str]]:
    """Words of each list with no word of the other at a similarity of ``cutoff`` or more.

    What ``close_matches(w, other, n=1, cutoff=cutoff)`` answers for each word of either
    list (an equal word included), from one ``cdist`` of every pair read both ways: the
    measure is symmetric. Asked a word at a time, each cost a call, a tuple and a cache
    look-up (seed 002's cascading tree compares 2,400 name pairs word by word).
    """
    hits = process.cdist(list(words), list(other), scorer=fuzz.ratio,
                         score_cutoff=cutoff * 100)
    row, col = hits.any(axis=1).tolist(), hits.any(axis=0).tolist()
    return ([w for w, hit in zip(words, row, strict=True) if not hit],
            [w for w, hit in zip(other, col, strict=True) if not hit])


# --- one document's items against another's -----------------------------------------------

# Similarity (0..1) from which two item names of two documents may denote the same item:
# spelling slips and OCR noise ("Admisiontrasi"), or one name cut short of the other
# ("Pengadaan Barang Milik Daerah" in Tabel 2.3 for the PK's "Pengadaan Barang Milik Daerah
# Penunjang Urusan Pemerintah Daerah").
NEAR_NAME = 0.85
# The best candidate must beat the second best by this much, or the pairing is ambiguous:
# "Pemeliharaan Barang Milik Daerah Penunjang…" reads almost like "Pengadaan Barang Milik
# Daerah Penunjang…" letter by letter, and a wrong pair makes a false error.
NEAR_MARGIN = 0.05


@dataclass(frozen=True)
class Pairing:
    """The outcome of pairing one name: the chosen candidate, or those too close to call.

    ``chosen`` is a position in the candidate list; ``candidates`` (best first) is filled
    only when no candidate stands out, so that the caller can report them instead of
    guessing. Both empty: nothing is near enough.
    """

    chosen: int | None
    score: float = 0.0
    candidates: tuple[int, ...] = ()


def item_similarity(queries: Sequence[str], choices: Sequence[str]):  # -> numpy array
    """Similarity matrix (0..100) of item name keys: letters, or words when one is cut short.

    The larger of rapidfuzz's ``ratio`` (the whole name, letter by letter: slips) and
    ``token_set_ratio`` (the shared words against each name's own: a name with words added
    or dropped), computed over the whole candidate set in C.
    """
    import numpy as np

    whole = process.cdist(queries, choices, scorer=fuzz.ratio, dtype=np.float64)
    words = process.cdist(queries, choices, scorer=fuzz.token_set_ratio, dtype=np.float64)
    return np.maximum(whole, words)


def pair_names(queries: Sequence[str], choices: Sequence[str],
               cutoff: float = NEAR_NAME, margin: float = NEAR_MARGIN) -> list[Pairing]:
    """For each query name, the one candidate it clearly denotes, or the candidates in doubt.

    A candidate is chosen when its similarity reaches ``cutoff`` and beats every other
    candidate by ``margin``; when two or more are within ``margin`` of the best, none is
    chosen and they are all returned. Ties are broken by nothing: they are doubts.
    """
    if not queries:
        return []
    if not choices:
        return [Pairing(None) for _ in queries]
    import numpy as np

    matrix = item_similarity(queries, choices) / 100
    out: list[Pairing] = []
    for row in matrix:
        order = np.argsort(-row, kind="stable")
        best = float(row[order[0]])
        if best < cutoff:
            out.append(Pairing(None))
            continue
        close = [int(j) for j in order if row[j] >= cutoff and best - row[j] < margin]
        if len(close) == 1:
            out.append(Pairing(close[0], best))
        else:
            out.append(Pairing(None, best, tuple(close)))
    return out


def item_similarity_pairs(a: Sequence[str], b: Sequence[str]):  # -> numpy array
    """``item_similarity`` of ``a[i]`` with ``b[i]`` only (0..100), for pairs already chosen."""
    import numpy as np

    whole = process.cpdist(a, b, scorer=fuzz.ratio, dtype=np.float64)
    words = process.cpdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float64)
    return np.maximum(whole, words)
