"""The most frequent English words (``fixer/data/common-words.txt``): what makes a
word rare enough to anchor fuzzy matching, or a learned phrase ordinary English."""

from __future__ import annotations

import functools
from importlib import resources

from .text import WORD_RE


@functools.lru_cache(maxsize=1)
def word_ranks() -> dict[str, int]:
    """Frequency rank of the 20,000 most frequent English words (1 = most frequent;
    see scripts/make_common_words.py)."""
    text = (resources.files("fixer") / "data" / "common-words.txt").read_text(encoding="utf-8")
    words = [w for w in text.split("\n") if w and not w.startswith("#")]
    return {w: i for i, w in enumerate(words, 1)}


def only_common(phrase: str) -> bool:
    """Whether every word of the folded *phrase* (up to an apostrophe: "won't" is
    "won") is among the 20,000 most frequent English words."""
    ranks = word_ranks()
    return all(m.group().split("'")[0] in ranks for m in WORD_RE.finditer(phrase))
