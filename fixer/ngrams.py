"""Word n-gram statistics that judge whether a single-word repair fits its context.

The counts are the English unigram and bigram frequency lists shipped with the
symspellpy package (MIT; derived from Google Books n-grams), installed with
``pip install 'fixer[ngrams]'``. They are read once per process, on first use.

A repair of a spun word *s* into an original *o* between words *p* and *n* is vetoed
only when the bigram model finds ``p s n`` far more likely than ``p o n``: by more than
:data:`VETO_MARGIN` in natural log (about 20 times), since the spinner's words are
ordinary English and a small lead proves nothing; among several
possible originals (an entry's ``alternatives``) the most likely one is chosen. The
model is an interpolated bigram model: P(w | p) = (c(p w) + a P(w)) / (c(p) + a).
"""

from __future__ import annotations

import functools
import importlib.util
import math
from importlib import resources

from .errors import FixerError

UNIGRAMS = "frequency_dictionary_en_82_765.txt"
BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"
SMOOTHING = 1000.0
VETO_MARGIN = 3.0
"""How much more likely, in natural log, the spun word must be in its context than
the repair for the repair to be vetoed."""


class NgramModel:
    """Unigram and bigram counts with a smoothed bigram score."""

    def __init__(self, unigrams: dict[str, int], bigrams: dict[tuple[str, str], int]) -> None:
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.total = float(sum(unigrams.values())) or 1.0

    def _p(self, word: str) -> float:
        return (self.unigrams.get(word, 0) + 1.0) / (self.total + len(self.unigrams))

    def _cond(self, prev: str, word: str) -> float:
        return (self.bigrams.get((prev, word), 0) + SMOOTHING * self._p(word)) / (self.unigrams.get(prev, 0) + SMOOTHING)

    def score(self, prev: str | None, word: str, nxt: str | None) -> float:
        """log P(word | prev) + log P(next | word); a missing neighbour adds nothing."""
        words = word.split()
        total = 0.0
        if prev:
            total += math.log(self._cond(prev, words[0]))
        else:
            total += math.log(self._p(words[0]))
        for a, b in zip(words, words[1:]):
            total += math.log(self._cond(a, b))
        if nxt:
            total += math.log(self._cond(words[-1], nxt))
        return total


_MISSING = "n-gram checks need the symspellpy package: pip install 'fixer[ngrams]'"


def require() -> None:
    """Raise :class:`FixerError` if the symspellpy package is missing: checked when a
    Fixer with n-gram checks is built, not at the first repair they check (after a run
    has written its first records)."""
    if importlib.util.find_spec("symspellpy") is None:
        raise FixerError(_MISSING)


def _read(name: str) -> list[list[str]]:
    try:
        text = (resources.files("symspellpy") / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise FixerError(_MISSING) from None
    return [line.split() for line in text.splitlines() if line.strip()]


@functools.lru_cache(maxsize=1)
def english_model() -> NgramModel:
    """The English model from symspellpy's frequency lists (loaded once)."""
    unigrams = {w: int(c) for w, c in (row[:2] for row in _read(UNIGRAMS) if len(row) >= 2)}
    bigrams = {(row[0], row[1]): int(row[2]) for row in _read(BIGRAMS) if len(row) >= 3}
    return NgramModel(unigrams, bigrams)
