"""Fuzzy matching of long spun phrases: typos, split and joined words.

Only windows around *anchor* words are scored: for every long spun form, the two of
its words that are rarest among all spun forms. Text without anchor words costs one
multi-pattern pass and nothing else. A window is scored with rapidfuzz's ``ratio``
against the spun forms sharing its anchor, with ``score_cutoff`` set, and accepted at
:attr:`Config.fuzzy_cutoff <fixer.config.Config.fuzzy_cutoff>` or above.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .engine import best_engine
from .text import Folded, fold_phrase, is_word_char

if TYPE_CHECKING:
    from .repair import _Candidate, _Variant

MIN_CHARS = 15
ANCHORS_PER_FORM = 2
_WORD = re.compile(r"\w+(?:'\w+)*")
_INNER_OK = re.compile(r"[\w' ]*")
_STOP = frozenset("a an and are as at be by for from in is it of on or that the this to was were with".split())


class FuzzyMatcher:
    """Proposes fuzzy candidates for the safe multi-word entries of a compiled table."""

    def __init__(self, table: Mapping[str, list[_Variant]], cutoff: float = 90.0) -> None:
        self.cutoff = cutoff
        forms = {k: v for k, v in table.items()
                 if len(k) >= MIN_CHARS and " " in k and any(x.entry.safety == "safe" and not x.entry.case_sensitive for x in v)}
        self._table = table
        self._originals = {k: tuple({fold_phrase(v.replacement) for v in table[k]}) for k in forms}
        freq = Counter(tok for k in forms for tok in set(k.split()))
        self._by_anchor: dict[str, list[tuple[str, int]]] = {}
        for key in forms:
            toks = key.split()
            usable = [(freq[t], -len(t), i, t) for i, t in enumerate(toks) if len(t) >= 3 and t not in _STOP]
            for _, _, i, tok in sorted(usable)[:ANCHORS_PER_FORM]:
                self._by_anchor.setdefault(tok, []).append((key, i))
        self._engine = best_engine(self._by_anchor)

    def find(self, text: str, folded: Folded, exact: Sequence[_Candidate]) -> list[_Candidate]:
        """Fuzzy candidates in *text* that overlap none of the *exact* ones."""
        from .repair import _Candidate

        low = folded.text
        n = len(low)
        spans = [(c.start, c.end) for c in exact]
        found: dict[tuple[int, int], _Candidate] = {}
        for start, end, tok in self._engine.find(low):
            if (start > 0 and is_word_char(low[start - 1])) or (end < n and is_word_char(low[end])):
                continue
            lo = max(0, start - 120)
            toks = [(m.start() + lo, m.end() + lo) for m in _WORD.finditer(low, lo, min(n, end + 120))]
            j = next((x for x, t in enumerate(toks) if t[0] == start), None)
            if j is None:
                continue
            for key, i in self._by_anchor[tok]:
                best = self._best_window(low, toks, j, key, i)
                if best is None:
                    continue
                score, a, b = best
                s, e = folded.to_input(a), folded.to_input(b - 1) + 1
                if any(s < se and ss < e for ss, se in spans):
                    continue
                old = found.get((s, e))
                if old is None or old.score < score:
                    found[(s, e)] = _Candidate(s, e, [v for v in self._table[key] if v.entry.safety == "safe"], "fuzzy", score)
        return list(found.values())

    def _best_window(self, low: str, toks: list[tuple[int, int]], j: int, key: str, i: int) -> tuple[float, int, int] | None:
        width = key.count(" ") + 1
        best: tuple[float, int, int] | None = None
        for first in (j - i - 1, j - i, j - i + 1):
            for size in (width - 1, width, width + 1):
                last = first + size - 1
                if first < 0 or last >= len(toks) or size < 1 or not (first <= j <= last):
                    continue
                a, b = toks[first][0], toks[last][1]
                window = low[a:b]
                if window == key or not _INNER_OK.fullmatch(window):
                    continue
                score = fuzz.ratio(window, key, score_cutoff=self.cutoff)
                if score and (best is None or score > best[0]) and _typo_only(window, key, self._originals[key]):
                    best = (score, a, b)
        return best


def _typo_only(window: str, key: str, originals: tuple[str, ...]) -> bool:
    """True when *window* differs from *key* the way a typo or a split/joined word
    does, and is not closer to one of the key's *originals* than to the key itself.

    Word by word: at most one word differs, by at most one edit (two in words of
    eight letters or more), and that word has at least four letters. Otherwise the
    two must be equal once spaces are removed (a split or joined word).
    """
    if any(fuzz.ratio(window, o) >= fuzz.ratio(window, key) for o in originals):
        return False
    w_toks, k_toks = window.split(), key.split()
    if len(w_toks) != len(k_toks):
        return window.replace(" ", "") == key.replace(" ", "")
    diffs = [(w, k) for w, k in zip(w_toks, k_toks) if w != k]
    if len(diffs) != 1:
        return False
    w, k = diffs[0]
    return min(len(w), len(k)) >= 4 and Levenshtein.distance(w, k) <= (2 if len(k) >= 8 else 1)
