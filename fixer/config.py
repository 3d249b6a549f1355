"""Settings of a :class:`~fixer.Fixer`, as an immutable value."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Config:
    """How a Fixer repairs text. Every field has a conservative default.

    fuzzy: also repair near-misses of multi-word spun forms (typos, split or joined
        words) found by rapidfuzz around rare anchor words.
    fuzzy_cutoff: the least rapidfuzz ``ratio`` (0-100) a fuzzy match needs.
    gate: apply ``gated`` entries only in documents judged spun; with False they are
        never applied. (Use ``force_gated`` to apply them everywhere.)
    force_gated: treat every document as spun (for texts known to be spun).
    gate_min_entries: distinct ``safe`` entries a document must contain to be judged spun.
    gate_min_density: and at least this many ``safe`` hits per 1,000 words.
    fix_articles: make "a"/"an" before a repaired phrase agree with its new first word.
    disable: entry ids or spun forms never to apply.
    protect: phrases never to touch (a match overlapping one is dropped).
    ngrams: let word bigram statistics veto single-word repairs that fit their context
        worse than the spun word, and choose among an entry's ``alternatives``
        (needs ``pip install 'fixer[ngrams]'``; see :mod:`fixer.ngrams`).
    """

    fuzzy: bool = True
    fuzzy_cutoff: float = 90.0
    gate: bool = True
    force_gated: bool = False
    gate_min_entries: int = 2
    gate_min_density: float = 1.0
    fix_articles: bool = True
    disable: frozenset[str] = field(default_factory=frozenset)
    protect: tuple[str, ...] = ()
    ngrams: bool = False
