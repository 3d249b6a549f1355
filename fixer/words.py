"""The most frequent English words (``fixer/data/common-words.txt``): what makes a
word rare enough to anchor fuzzy matching, or a learned phrase ordinary English, and
the sample of English that the search engine's automaton is laid out for."""

from __future__ import annotations

import functools
import random
from importlib import resources

from .text import WORD_RE


@functools.lru_cache(maxsize=1)
def word_ranks() -> dict[str, int]:
    """Frequency rank of the 20,000 most frequent English words (1 = most frequent;
    see scripts/make_common_words.py)."""
    text = (resources.files("fixer") / "data" / "common-words.txt").read_text(encoding="utf-8")
    words = [w for w in text.split("\n") if w and not w.startswith("#")]
    return {w: i for i, w in enumerate(words, 1)}


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The 82,769 English words of the same list (see scripts/make_common_words.py)."""
    text = (resources.files("fixer") / "data" / "english-words.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def english_sample(words: int = 100_000) -> str:
    """*words* words that read like English text word by word (not sentence by sentence):
    the 20,000 most frequent English words drawn in proportion to their frequency (by
    Zipf's law, one over their rank), the same draw each time. What an engine's automaton
    is laid out for: the states English text visits most, close together."""
    ranks = word_ranks()
    common = sorted(ranks, key=ranks.__getitem__)
    weights = [1 / rank for rank in range(1, len(common) + 1)]
    return " ".join(random.Random(0).choices(common, weights, k=words))


def is_english_word(word: str) -> bool:
    """Whether the folded *word* is an English word (of :func:`english_words`, whose
    British spellings stand for the American ones too: "humour" for "humor")."""
    words = english_words()
    if word in words:
        return True
    stem, _, plural = word.rpartition("or")
    return bool(stem) and plural in ("", "s") and f"{stem}our{plural}" in words


ABBREVIATIONS = frozenset(
    "mr ms mrs dr st jr sr lt mt ft co no mme mlle messrs gen gov sen rep col capt cmdr sgt lieut prof hon rev fr corp inc ltd bros dept "
    "univ assn vs etc approx est jan feb mar apr jun jul aug sep sept oct nov dec fig vol".split())
"""Titles and abbreviations written with a period ("Mr.", "Gov.", "Sept."): ordinary
English, though word lists of running text miss some of them."""


def only_common(phrase: str) -> bool:
    """Whether every word of the folded *phrase* is ordinary English: among the 20,000
    most frequent words (a contraction up to its apostrophe, "won't" is "won", or
    without its "n't", "wouldn't" is "would"), or one of :data:`ABBREVIATIONS`."""
    ranks = word_ranks()
    return all(_common(m.group(), ranks) for m in WORD_RE.finditer(phrase))


def _common(word: str, ranks: dict[str, int]) -> bool:
    """Whether the folded *word* is ordinary English (see :func:`only_common`)."""
    stem = word.split("'")[0]
    return stem in ranks or stem in ABBREVIATIONS or (word.endswith("n't") and word[:-3] in ranks)
