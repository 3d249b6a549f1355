"""A sorted set of text spans that answers "does [s, e) overlap one of them?" fast."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanIndex:
    """Spans ``(start, end)``, possibly overlapping each other, indexed by start."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [a for a, _ in self._spans]
        self._longest = max((b - a for a, b in self._spans), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a position with one of the spans."""
        i = bisect.bisect_left(self._starts, end) - 1
        spans = self._spans
        while i >= 0 and spans[i][0] > start - self._longest:
            if spans[i][1] > start:
                return True
            i -= 1
        return i >= 0 and spans[i][1] > start
