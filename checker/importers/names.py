"""Whether two printed names are the same name: typing slips pass, replaced words never do.

The tree of a cascading form names each objective several times (as a CSF, in the left
column of the table that breaks it down, in the performance tree) and never spells it
twice alike: ``Proram``/``Program``, ``Terkelolanya Taman Makam Pahlawan`` beside ``… dengan
baik``, ``Terwujudnya``/``Terlaksananya`` swapped at the front. Matching them strictly by
characters (as ``excel_parents`` does for parent names printed on a row) loses most of
them; matching loosely links ``Pemeliharaan`` to ``Pengamanan``. Words decide: a name
whose every word has a counterpart is the same name, one word on each side without a
counterpart is another name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from checker.reference.matching import ratio as similarity_ratio
from checker.reference.matching import unmatched_words

#: Names this close (0–1) are the same name with a typing slip.
SAME_NAME = 0.9
#: The best match must beat the runner-up by this much, or nothing is matched.
MARGIN = 0.04
_LEADING_VERB = re.compile(r"^(ter|me|di)\w+nya ")
_SMALL_WORDS = frozenset({"dan", "serta", "di", "ke", "dari", "untuk", "pada", "yang", "dengan",
                          "atau", "bagi", "terhadap", "dalam"})


def clean(text: str) -> str:
    """A statement as printed, without bold markers, tabs or repeated spaces."""
    return re.sub(r"\s+", " ", text.replace("*", " ").replace("\u00a0", " ")).strip()


#: Texts normalised and name pairs compared, kept: a cascading tree's reading asks the same
#: few hundred names again for every node it places (9,000 ``norm`` calls on seed 002).
_CACHE = 65_536


@lru_cache(maxsize=_CACHE)
def norm(text: str | None) -> str:
    """Comparison form of a name: case, punctuation and spacing around ``/`` ignored."""
    s = clean(text or "").casefold()
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"\bkab\.?/kota\b", "kabupaten/kota", s)
    s = re.sub(r"[^\w()%]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w not in _SMALL_WORDS]


@lru_cache(maxsize=_CACHE)
def similarity(a: str, b: str, *, verbs: bool = False) -> float:
    """How alike two normalised names are (1 = equal), tolerant of typos and added words.

    A word on each side with no counterpart on the other means a word was *replaced*
    (``Pemeliharaan`` → ``Pengamanan``): at most 0.85, never the same. The same words
    score at least 0.97; one name with a few words more 0.92 to 0.95, so a name that
    differs only by typos wins over one that merely contains it. With ``verbs`` the
    leading ``Ter…nya`` word, which tree nodes swap freely, is set apart and the rest
    compared at 0.92.
    """
    if a == b:
        return 1.0
    ratio = similarity_ratio(a, b)
    wa, wb = _words(a), _words(b)
    ua, ub = unmatched_words(wa, wb, cutoff=0.8)
    if ua and ub:
        score = min(ratio, 0.85)
    elif not ua and not ub:
        score = max(ratio, 0.97)
    else:
        small, large = sorted((len(wa), len(wb)))
        added = small >= 3 and small / large >= 0.5
        score = min(max(ratio, 0.92), 0.95) if added else min(ratio, 0.85)
    if verbs and score < SAME_NAME:
        sa, sb = _LEADING_VERB.sub("", a), _LEADING_VERB.sub("", b)
        if sa != a and sb != b:
            score = max(score, 0.92 * similarity(sa, sb))
    return score


def best(name: str, candidates: Iterable[tuple[str, str]], *,
         verbs: bool = False) -> tuple[str | None, float]:
    """The key of the candidate (key, normalised name) that is ``name``, and its score.

    Exact, or at least :data:`SAME_NAME` and :data:`MARGIN` ahead of the runner-up;
    otherwise ``None``. With ``verbs``, a name matched only by setting its leading verb
    apart is tried last, when no candidate matches as written.
    """
    pool = list(candidates)
    key, score = _pick(name, pool, verbs=False)
    if key is None and verbs:
        return _pick(name, pool, verbs=True)
    return key, score


def _pick(name: str, candidates: list[tuple[str, str]], *,
          verbs: bool) -> tuple[str | None, float]:
    target = norm(name)
    scored: dict[str, float] = {}
    for key, cand in candidates:
        scored[key] = max(similarity(target, cand, verbs=verbs), scored.get(key, 0.0))
    if not scored:
        return None, 0.0
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    key, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if score == 1.0 or (score >= SAME_NAME and score - runner >= MARGIN):
        return key, score
    return None, score
