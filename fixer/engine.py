"""Multi-pattern search engines behind the matcher.

An engine is built once from the folded spun forms and reports every occurrence
(overlapping ones included) in a folded text as ``(start, end, key)``. Word
boundaries, conditions and overlap resolution are the matcher's job, so engines can
be swapped without touching the repair logic.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

try:
    import ahocorasick
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    ahocorasick = None


class Engine(Protocol):
    """What the matcher needs from a multi-pattern search engine."""

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of every key in *text*, as (start, end, key)."""
        ...


class AhoCorasickEngine:
    """pyahocorasick automaton: time linear in the text, flat in the number of keys."""

    def __init__(self, keys: Iterable[str]) -> None:
        if ahocorasick is None:
            raise RuntimeError("pyahocorasick is not installed")
        self._automaton = ahocorasick.Automaton()
        for key in keys:
            self._automaton.add_word(key, (len(key), key))
        if len(self._automaton):
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if not len(self._automaton):
            return []
        return [(end - length + 1, end + 1, key) for end, (length, key) in self._automaton.iter(text)]


class ScanEngine:
    """Reference engine: ``str.find`` for every key. Slow, obviously correct."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = tuple(sorted(set(keys)))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for key in self._keys:
            pos = text.find(key)
            while pos >= 0:
                out.append((pos, pos + len(key), key))
                pos = text.find(key, pos + 1)
        return out


def best_engine(keys: Iterable[str]) -> Engine:
    """The fastest engine available here."""
    return AhoCorasickEngine(keys) if ahocorasick is not None else ScanEngine(keys)
