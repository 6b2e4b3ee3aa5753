"""Reviews kept in memory under unguessable ids, until they expire or are deleted.

Nothing of a review is on disk (see :mod:`checker.web.review`); what stays is the report and
its downloads, in this process's memory, for ``keep`` seconds or until the reviewer presses
*Hapus sekarang*. At most ``capacity`` reviews and ``max_bytes`` of downloads are kept (a
few annotated copies of large workbooks must not exhaust the server's memory); the oldest
goes first. The id is the only key to a review, so it is 256 random bits from
:mod:`secrets`: never a counter, a time or a hash of the files, which another user of the
same server could guess.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from checker.web.review import Outcome

#: Random bytes of a review id (43 URL-safe characters).
ID_BYTES = 32
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_review_id() -> str:
    """A fresh id that no other user can guess."""
    return secrets.token_urlsafe(ID_BYTES)


@dataclass
class Review:
    """One stored review: who reads it (its language), what it found, when it goes."""

    id: str
    lang: str
    outcome: Outcome
    expires: float  # wall-clock seconds


class ReviewStore:
    """Reviews by id, with expiry; safe to use from the server's worker threads."""

    def __init__(self, keep_seconds: float, capacity: int = 200,
                 clock: Callable[[], float] = time.time,
                 max_bytes: int = 1024**3) -> None:
        self.keep = keep_seconds
        self.capacity = capacity
        self.max_bytes = max_bytes
        self.clock = clock
        self._reviews: OrderedDict[str, Review] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, outcome: Outcome, lang: str) -> Review:
        """Keep ``outcome`` under a new id."""
        with self._lock:
            self._sweep()
            review = Review(new_review_id(), lang, outcome, self.clock() + self.keep)
            self._reviews[review.id] = review
            while len(self._reviews) > 1 and (len(self._reviews) > self.capacity
                                              or self._bytes() > self.max_bytes):
                self._reviews.popitem(last=False)
            return review

    def get(self, review_id: str) -> Review | None:
        """The review, or ``None`` when it never existed, expired or was deleted."""
        if not ID_PATTERN.fullmatch(review_id):
            return None
        with self._lock:
            self._sweep()
            return self._reviews.get(review_id)

    def delete(self, review_id: str) -> bool:
        with self._lock:
            return self._reviews.pop(review_id, None) is not None

    def clear(self) -> None:
        with self._lock:
            self._reviews.clear()

    def __len__(self) -> int:
        with self._lock:
            self._sweep()
            return len(self._reviews)

    def _bytes(self) -> int:
        return sum(len(d.data) for r in self._reviews.values()
                   for d in getattr(r.outcome, "downloads", ()))

    def _sweep(self) -> None:
        now = self.clock()
        for key in [k for k, r in self._reviews.items() if r.expires <= now]:
            del self._reviews[key]
