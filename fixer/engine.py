"""Multi-pattern search engines behind the matcher.

An engine is built once from the folded spun forms and reports every occurrence
(overlapping ones included) in a folded text as ``(start, end, key)``, offsets in
code points. Word boundaries, conditions and overlap resolution are the matcher's
job, so engines can be swapped without touching the repair logic.

:class:`DaachorseEngine` (the ``daachorse`` package, a required dependency) is the
default; :class:`RustAhoCorasickEngine` (``ahocorasick-rs``), :class:`AhoCorasickEngine`
(pyahocorasick), both optional, and :class:`ScanEngine` (``str.find``, the reference)
take its place, in that order, where it is missing. ``bench/engines.py`` measures them
side by side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from mypy_extensions import mypyc_attr

from .words import english_sample

try:
    import daachorse
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    daachorse = None  # type: ignore[assignment]

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


_LAID_OUT = 1000
"""Keys from which on :class:`DaachorseEngine` lays its automaton out for English text:
a smaller one stays in the processor's cache however it is laid out."""


def _searchable(keys: list[str]) -> tuple[list[str], bool]:
    """*keys* as they can cross into Rust, and whether every hit must then be checked.
    Lone surrogates (from text decoded with surrogateescape) cannot: they are searched
    as U+FFFD, as a text's are when it holds one."""
    joined = "\n".join(keys)
    if "\ufffd" in joined or _SURROGATE.search(joined) is not None:
        return [_SURROGATE.sub("\ufffd", k) for k in keys], True
    return keys, False


def _searched(search: Callable[[str], list[tuple[int, int, int]]], text: str,
              verify: bool) -> tuple[list[tuple[int, int, int]], bool]:
    """What *search*, a Rust engine's search, finds in *text*, and whether every hit must
    be checked (*verify*, or the text holds a lone surrogate: see :func:`_searchable`)."""
    try:
        return search(text), verify
    except UnicodeEncodeError:
        return search(_SURROGATE.sub("\ufffd", text)), True


@mypyc_attr(native_class=False)  # a plain class when compiled: picklable
class DaachorseEngine:
    """daachorse (Rust, a compact double-array Aho-Corasick automaton), laid out for
    English text (profile-guided by :func:`fixer.words.english_sample`, from
    :data:`_LAID_OUT` keys on): time linear in the text, and of the Rust engines the
    flattest in the number of keys. Pickled as its keys and its automaton's own
    serialized form, which loads without a rebuild (built again only if it no longer
    finds what it found when stored)."""

    def __init__(self, keys: Iterable[str]) -> None:
        if daachorse is None:
            raise RuntimeError("daachorse is not installed")
        self._keys = sorted(set(keys))
        self._build()

    def _build(self) -> None:
        """Build the automaton of the keys."""
        searched, self._verify = _searchable(self._keys)
        corpus = [english_sample()] if len(searched) >= _LAID_OUT else None
        self._automaton = daachorse.CharwiseDoubleArrayAhoCorasick(searched, corpus=corpus, use_prefilter=False)

    def _probe(self) -> list[tuple[int, int, int]]:
        """What the automaton finds in some 64 of its keys, one a line: to tell, when it is
        read back, that it searches as it did."""
        keys = self._keys
        return self._automaton.find_overlapping("\n".join(_searchable(keys[::max(1, len(keys) // 64)])[0]))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        keys = self._keys
        found, verify = _searched(self._automaton.find_overlapping, text, self._verify)
        if verify:
            return [(start, end, keys[i]) for start, end, i in found if text[start:end] == keys[i]]
        return [(start, end, keys[i]) for start, end, i in found]

    def __getstate__(self) -> dict[str, Any]:
        return {"keys": self._keys, "verify": self._verify, "automaton": self._automaton.serialize(),
                "probe": self._probe()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._keys = state["keys"]
        self._verify = state["verify"]
        try:
            self._automaton = daachorse.CharwiseDoubleArrayAhoCorasick.deserialize(state["automaton"])
            if self._probe() == state["probe"]:
                return
        except ValueError:
            pass
        self._build()  # stored by another daachorse, which this one reads otherwise: built again


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
        found, verify = _searched(self._overlapping, text, self._verify)
        if verify:
            return [(start, end, keys[i]) for i, start, end in found if text[start:end] == keys[i]]
        return [(start, end, keys[i]) for i, start, end in found]

    def __getstate__(self) -> dict[str, Any]:
        return {"keys": self._keys}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._keys = state["keys"]
        keys, self._verify = _searchable(self._keys)
        self._automaton = ahocorasick_rs.AhoCorasick(keys, implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def _overlapping(self, text: str) -> list[tuple[int, int, int]]:
        """Every occurrence in *text*, as (key index, start, end)."""
        return self._automaton.find_matches_as_indexes(text, overlapping=True)


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
    if daachorse is not None:
        return DaachorseEngine(keys)
    if ahocorasick_rs is not None:
        return RustAhoCorasickEngine(keys)
    if ahocorasick is not None:
        return AhoCorasickEngine(keys)
    return ScanEngine(keys)
