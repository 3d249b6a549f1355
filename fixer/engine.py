"""Multi-pattern search engines behind the matcher.

An engine is built once from the folded spun forms and reports every occurrence
(overlapping ones included) in a folded text as ``(start, end, key)``, offsets in
code points. Word boundaries, conditions and overlap resolution are the matcher's
job, so engines can be swapped without touching the repair logic.

:class:`RustAhoCorasickEngine` (the ``ahocorasick-rs`` package, a required
dependency) is the default; :class:`AhoCorasickEngine` (pyahocorasick, optional)
and :class:`ScanEngine` (``str.find``, the reference) take its place where it is
missing. ``bench/`` measures them side by side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from mypy_extensions import mypyc_attr

try:
    import ahocorasick_rs
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    ahocorasick_rs = None  # type: ignore[assignment]

try:
    import ahocorasick
except ImportError:  # pragma: no cover - pyahocorasick is optional
    ahocorasick = None


_SURROGATE = re.compile(f"[{chr(0xD800)}-{chr(0xDFFF)}]")  # written with chr(): mypyc refuses lone surrogates in literals


class Engine(Protocol):
    """What the matcher needs from a multi-pattern search engine."""

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of every key in *text*, as (start, end, key)."""
        ...


@mypyc_attr(native_class=False)  # a plain class when compiled: picklable
class RustAhoCorasickEngine:
    """ahocorasick-rs (Rust ``aho-corasick``, contiguous NFA): time linear in the text
    and nearly flat in the number of keys. Pickled as its keys, rebuilt on load."""

    def __init__(self, keys: Iterable[str]) -> None:
        if ahocorasick_rs is None:
            raise RuntimeError("ahocorasick-rs is not installed")
        self.__setstate__({"keys": sorted(set(keys))})

    def find(self, text: str) -> list[tuple[int, int, str]]:
        keys = self._keys
        verify = self._verify
        try:
            found = self._automaton.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            found = self._automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text), overlapping=True)
            verify = True
        if verify:
            return [(start, end, keys[i]) for i, start, end in found if text[start:end] == keys[i]]
        return [(start, end, keys[i]) for i, start, end in found]

    def __getstate__(self) -> dict[str, Any]:
        return {"keys": self._keys}

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Lone surrogates (from text decoded with surrogateescape) cannot cross into
        # Rust: they are searched as U+FFFD and every hit is then checked.
        self._keys = keys = state["keys"]
        joined = "\n".join(keys)
        self._verify = "\ufffd" in joined or _SURROGATE.search(joined) is not None
        if self._verify:
            keys = [_SURROGATE.sub("\ufffd", k) for k in keys]
        self._automaton = ahocorasick_rs.AhoCorasick(keys, implementation=ahocorasick_rs.Implementation.ContiguousNFA)


@mypyc_attr(native_class=False)  # a plain class when compiled: picklable
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


@mypyc_attr(native_class=False)  # a plain class when compiled: picklable
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
    if ahocorasick_rs is not None:
        return RustAhoCorasickEngine(keys)
    if ahocorasick is not None:
        return AhoCorasickEngine(keys)
    return ScanEngine(keys)
