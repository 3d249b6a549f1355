"""Fuzzy matching of long spun phrases: a typo in one word, a split or joined word.

Only windows around *anchors* are looked at, rare in clean text so that clean text
costs one multi-pattern pass and little else: for a spun form of three words or
more, a word pair that holds a word outside the 20,000 most common English words
and occurs in no original ("satellite tv", "tv for" in "satellite tv for pc
pictures"); for a two-word form, such a word of five letters or more that occurs
in no original and in at most 100 spun forms ("counterfeit" in
"counterfeit consciousness"); the two rarest among spun forms are kept. Forms made
of common words only get no fuzzy matching. Around an anchor, a window aligned with
the spun form is accepted when:

- it has as many words and exactly one differs, by one edit (a letter added, left
  out or changed, or two neighbouring letters swapped: rapidfuzz's OSA distance),
  in a word of five letters or more, made of letters only where the spun form's is; or
- it equals the spun form once spaces are removed (a split or joined word);

and it is neither an original of any entry (so a repair is never repaired again)
nor at least as close to one of the entry's originals as to the spun form.
The repair's score is rapidfuzz's ``ratio`` of window and spun form, and must reach
:attr:`Config.fuzzy_cutoff <fixer.config.Config.fuzzy_cutoff>`.
"""

from __future__ import annotations

import functools
import re
import sys
from collections import Counter
from itertools import accumulate
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from mypy_extensions import mypyc_attr

from .spans import SpanIndex
from .text import WORD_RE, Folded, attached, is_word_char, new_block_inside
from .words import is_english_word, word_ranks

if TYPE_CHECKING:
    from .repair import _Candidate, _Variant

MIN_CHARS = 15
MIN_TYPO_WORD = 5
ANCHORS_PER_FORM = 2
MAX_WORD_ANCHOR_FORMS = 100
_INNER_OK = re.compile(r"[\w' ]*")
_STOP = frozenset("a an and are as at be by for from in is it of on or that the this to was were with".split())


def _rare(gram: str, ranks: dict[str, int]) -> bool:
    """True when *gram* holds a word outside the 20,000 most common English words."""
    return any(len(w) >= 2 and w.split("'")[0] not in ranks and w not in _STOP for w in gram.split())


def _letters(word: str) -> bool:
    """Whether *word* is made of letters only (no digit, "_", apostrophe or combining mark)."""
    return word.isalpha()


def _originals(variants: Sequence[_Variant]) -> set[str]:
    """The folded originals of a spun form's *variants*."""
    return {v.folded for v in variants}


def _anchor_grams(words: tuple[str, ...]) -> dict[str, int]:
    """Anchor candidates of a spun form and the index of their first word: word pairs
    (for forms of three words or more) or single words (for two-word forms)."""
    if len(words) >= 3:
        return {f"{a} {b}": i for i, (a, b) in enumerate(zip(words, words[1:])) if not {a, b} <= _STOP}
    return {w: i for i, w in enumerate(words) if len(w) >= MIN_TYPO_WORD}


@functools.lru_cache(maxsize=65536)
def _shape(key: str) -> tuple[tuple[str, ...], int]:
    """The words of a spun form and their number of letters."""
    form = tuple(key.split())
    return form, sum(map(len, form))


# (shift of the first word, change of width) of the windows tried around an aligned
# form, in order: one word fewer or more (a joined or a split word), then the aligned
# window (a typo). A split or joined word comes first: its letters are the form's, so it
# is a better reading than a typo in a window as wide as the form ("s upport vector
# automaton" is a split "support", not a letter left out of "upport")
_WINDOWS = tuple((d, s) for s in (-1, 1) for d in (-1, 0, 1)) + ((0, 0),)


@functools.lru_cache(maxsize=1024)
def _windows(width: int, i: int) -> tuple[tuple[int, int, int], ...]:
    """The windows of :data:`_WINDOWS` that hold the anchor word *i* of a form of
    *width* words, as (first word relative to the anchor's, words, change of width)."""
    return tuple((shift - i, width + grow, grow) for shift, grow in _WINDOWS
                 if width + grow >= 1 and 0 <= i - shift < width + grow)


@mypyc_attr(native_class=False)  # a plain class when compiled: pickled with its __dict__
class FuzzyMatcher:
    """Proposes fuzzy candidates for the safe multi-word entries of a compiled table."""

    def __init__(self, table: Mapping[str, tuple[_Variant, ...]], cutoff: float = 90.0) -> None:
        self.cutoff = cutoff
        forms = [k for k, v in table.items()
                 if len(k) >= MIN_CHARS and " " in k
                 and any(x.entry.safety == "safe" and not x.entry.case_sensitive for x in v)]
        originals = {k: _originals(table[k]) for k in forms}
        self._all_originals = frozenset(x.folded for v in table.values() for x in v)
        original_words = {w for os_ in originals.values() for o in os_ for w in o.split()}
        original_pairs = {f"{a} {b}" for os_ in originals.values() for o in os_
                          for a, b in zip(o.split(), o.split()[1:])}
        grams = {k: _anchor_grams(tuple(k.split())) for k in forms}
        freq = Counter(g for k in forms for g in set(grams[k]))
        self._by_anchor: dict[str, list[tuple[str, int]]] = {}
        ranks = word_ranks()
        for key in forms:
            usable = [(g in original_pairs or g in original_words, freq[g], -len(g), i, g) for g, i in grams[key].items()
                      if _rare(g, ranks) and (" " in g or (g not in original_words and freq[g] <= MAX_WORD_ANCHOR_FORMS))]
            for *_, i, gram in sorted(usable)[:ANCHORS_PER_FORM]:
                self._by_anchor.setdefault(sys.intern(gram), []).append((key, i))
        self.anchors = frozenset(self._by_anchor)
        # how far around an anchor a window may reach: its longest form, plus room for split words
        self._reach = {tok: max(len(k) for k, _ in keys) + 16 for tok, keys in self._by_anchor.items()}
        self._variants = {key: table[key] for keys in self._by_anchor.values() for key, _ in keys}

    def find(self, text: str, folded: Folded, exact: Sequence[_Candidate],
             hits: Iterable[tuple[int, int, str]],
             protected: Callable[[int, int], bool] | None = None,
             spun: Container[str] = frozenset()) -> list[_Candidate]:
        """Fuzzy candidates in *text* around the anchor *hits* (start, end, anchor) that
        the multi-pattern engine found in the folded text, overlapping none of the
        *exact* candidates, no span of the folded text for which *protected* is true,
        none attached to a word outside it (see :func:`fixer.text.attached`) and none
        of them one of the folded *spun* forms (those are the exact matcher's: it may
        have turned them down).
        (The Fixer finds anchors and spun forms in one pass.)"""
        low = folded.text
        n = len(low)
        taken: SpanIndex | None = None  # built at the first anchor on word boundaries (most texts have none)
        found: dict[tuple[int, int], _Candidate] = {}
        for start, end, tok in hits:
            if (start > 0 and is_word_char(low[start - 1])) or (end < n and is_word_char(low[end])):
                continue
            if taken is None:
                taken = SpanIndex((c.start, c.end) for c in exact)
            if taken.overlaps(*folded.input_span(start, end)):
                continue
            reach = self._reach[tok]
            lo = max(0, start - reach)
            toks = [m.span() for m in WORD_RE.finditer(low, lo, min(n, end + reach))]
            if toks and toks[0][0] == lo and lo > 0 and is_word_char(low[lo - 1]):
                del toks[0]
            j = next((x for x, t in enumerate(toks) if t[0] == start), None)
            if j is None:
                continue
            words = [low[a:b] for a, b in toks]
            chars = list(accumulate(map(len, words), initial=0))
            for key, i in self._by_anchor[tok]:
                hit = self._match(low, toks, words, chars, j, key, i, spun)
                if hit is None:
                    continue
                score, a, b = hit
                if (a and is_word_char(low[a - 1])) or (b < n and is_word_char(low[b])):
                    continue  # a combining mark, which the words leave out, next to the window
                if protected is not None and protected(a, b):
                    continue
                s, e = folded.input_span(a, b)
                if taken.overlaps(s, e) or attached(text, s, e) or new_block_inside(text, s, e):
                    continue
                old = found.get((s, e))
                if old is None or old.score < score:
                    from .repair import _Candidate, case_fits  # here: repair imports this module

                    variants = [v for v in self._variants[key]
                                if v.entry.safety == "safe" and case_fits(v.entry, v.form, text, s, e)]
                    if variants:
                        found[(s, e)] = _Candidate(s, e, variants, "fuzzy", score)
        return list(found.values())

    def _match(self, low: str, toks: list[tuple[int, int]], words: list[str], chars: list[int], j: int,
               key: str, i: int, spun: Container[str]) -> tuple[float, int, int] | None:
        """The first accepted window around word *j* for *key* (anchor word *i*), not
        one of the *spun* forms; *chars* holds the running total of the letters of *words*."""
        form, length = _shape(key)
        count = len(toks)
        for offset, size, grow in _windows(len(form), i):
            first = j + offset
            last = first + size - 1
            if first < 0 or last >= count:
                continue
            # a typo changes the letters by one at most; a split or joined word, not at all
            if abs(chars[last + 1] - chars[first] - length) > (not grow):
                continue
            got = words[first:last + 1]
            if not grow:
                # one word off by one letter, and not itself an English word: "field" for
                # "yield", "rumors" for "tumors" is another word, not a typo (a repair may
                # have put it there); nor a word with something else glued to it, a digit,
                # "_", an accent or a possessive ("consciousness1", "consciousnes's")
                diffs = [(w, k) for w, k in zip(got, form) if w != k]
                if (len(diffs) != 1 or min(len(diffs[0][0]), len(diffs[0][1])) < MIN_TYPO_WORD
                        or OSA.distance(*diffs[0], score_cutoff=1) > 1 or is_english_word(diffs[0][0])
                        or _letters(diffs[0][1]) and not _letters(diffs[0][0])):
                    continue
            elif "".join(got) != key.replace(" ", "") or all(map(is_english_word, set(got) - set(form))):
                continue  # not a split or joined word; or one whose parts are English words: "me an", "network"
            a, b = toks[first][0], toks[last][1]
            window = low[a:b]
            if not _INNER_OK.fullmatch(window) or window in self._all_originals or window in spun:
                continue
            score = fuzz.ratio(window, key, score_cutoff=self.cutoff)
            if score and all(fuzz.ratio(window, o) < score for o in _originals(self._variants[key])):
                return score, a, b
        return None
