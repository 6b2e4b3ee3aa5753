"""Scoring a document's name against the official names, fast enough for whole plans.

The score reads the way a reviewer compares two names, word by word:

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

import difflib
import heapq
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

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
        self._similarity: dict[tuple[str, str], float] = {}

    def scores(self, key: str, allowed: Callable[[int], bool]) -> dict[int, float]:
        """Score of every record worth scoring for one query key (record index → score)."""
        query = _Keyed.of(key)
        if not query.despaced:
            return {}
        out = {i: 1.0 for i in self._by_key.get(query.despaced, ()) if allowed(i)}
        for i in self._shortlist(query, allowed, exclude=out.keys()):
            out[i] = min(MAX_INEXACT, self.compare(query, self._items[i]))
        return out

    def _shortlist(
        self, query: _Keyed, allowed: Callable[[int], bool], exclude: object
    ) -> list[int]:
        """Records closest to the query by shared stem weight (a cheap first cut)."""
        shared: dict[int, float] = defaultdict(float)
        for s in query.stems:
            w = self._stem_weight.get(s)
            if w is None:
                continue
            for i in self._postings[s]:
                shared[i] += w
        qweight = sum(self._stem_weight.get(s, self._unknown_weight) for s in query.stems)
        weight = self._item_weight

        def dice(i: int) -> float:
            return 2 * shared[i] / (qweight + weight[i])

        eligible = (i for i in shared if i not in exclude and allowed(i))  # type: ignore[operator]
        return heapq.nlargest(SHORTLIST, eligible, key=dice)

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
        minor = sum(((a.minor - b.minor) + (b.minor - a.minor)).values())
        score *= MINOR_WORD_FACTOR ** min(minor, MAX_MINOR_WORDS)
        if unmatched:
            return score  # below SAME_WORDS: at least one word has no counterpart
        return min(MAX_INEXACT, max(SAME_WORDS, score))

    def _side(self, words: tuple[str, ...], other: tuple[str, ...]) -> tuple[float, list[str]]:
        """How much of ``words`` finds a counterpart in ``other``, and how many words do not.

        Each word of ``other`` answers for one word only: "Produk Hewan" does not match
        "Hewan dan Produk Hewan" in full.
        """
        remaining = Counter(other)
        pending: list[str] = []
        for w in words:
            if remaining[w] > 0:
                remaining[w] -= 1
            else:
                pending.append(w)
        got = float(len(words) - len(pending))
        if not pending:
            return got, []
        # Compounds written apart or together: "kerjasama" against "kerja sama", both ways.
        joined = {x + y for x, y in itertools.pairwise(other)}
        parts = {
            part for x, y in itertools.pairwise(words) if x + y in remaining
            for part in (x, y)
        }
        unmatched: list[str] = []
        for w in pending:
            if w in joined or w in parts:
                got += 1.0
                continue
            best, best_word = 0.0, ""
            for x, count in remaining.items():
                if count > 0:
                    sim = self._similar(w, x)
                    if sim > best:
                        best, best_word = sim, x
            if best >= TYPO_SIMILARITY:
                got += best
                remaining[best_word] -= 1
            else:
                unmatched.append(w)
        return got, unmatched

    def _similar(self, word: str, official: str) -> float:
        """Similarity of a word to an official word, as a slip of the pen.

        The same root with a short suffix added or dropped (``Fasilitas``/``Fasilitasi``,
        ``Cetak``/``Cetakan``) counts as ``AFFIX_SIMILARITY``; otherwise two official words
        are two words (``Pertanian``/``Pertanahan``), and a non-official word is compared
        letter by letter.
        """
        pair = (word, official)
        cached = self._similarity.get(pair)
        if cached is not None:
            return cached
        if abs(len(word) - len(official)) > max(3, min(len(word), len(official)) // 3):
            sim = 0.0
        elif _affix_variant(word, official):
            sim = AFFIX_SIMILARITY
        elif word in self.vocabulary and official in self.vocabulary:
            sim = 0.0
        else:
            sim = difflib.SequenceMatcher(None, word, official, autojunk=False).ratio()
        if len(self._similarity) < _SIMILARITY_CACHE:
            self._similarity[pair] = sim
        return sim


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

