"""Settings of a :class:`~fixer.Fixer`, as an immutable value."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .arguments import one_or_many, show
from .text import fold_phrase

_FLAGS = ("fuzzy", "gate", "force_gated", "fix_articles", "ngrams", "english_only")


@dataclass(frozen=True)
class Config:
    """How a Fixer repairs text. Every field has a conservative default.

    fuzzy: also repair near-misses of multi-word spun forms (typos, split or joined
        words) found by rapidfuzz around rare anchor words.
    fuzzy_cutoff: the least rapidfuzz ``ratio`` (0-100) a fuzzy match needs.
    gate: apply ``gated`` entries only in documents judged spun; with False they are
        never applied, unless ``force_gated``. (Use ``force_gated`` to apply them everywhere.)
    force_gated: treat every document as spun (for texts known to be spun), whatever ``gate``.
    gate_min_entries: distinct ``safe`` entries a document must contain to be judged spun.
    gate_min_density: and at least this many ``safe`` hits per 1,000 words (the spin
        score: a document under 100 words counts as 100 words).
    fix_articles: make "a"/"an" before a repaired phrase agree with its new first word.
    disable: entries never to apply, named by id or by one of their spun forms (or its
    singular or plural, as a scan reports it); a form turns its whole entry off (a
    single string is one id or form);
        one that no entry of the glossary has is a :class:`ValueError` when a Fixer is built.
    protect: phrases never to touch, found as whole words in any case (a match,
        exact or fuzzy, overlapping one is dropped; a single string is one phrase;
        an empty or blank one, which would protect nothing, is a :class:`ValueError`).
    ngrams: let word bigram statistics veto single-word repairs that fit their context
        far worse than the spun word (about 20 times less likely), and choose among an entry's ``alternatives``
        (needs ``pip install 'fixer[ngrams]'``; see :mod:`fixer.ngrams`).
    english_only: leave alone a document of 40 words or more that does not read as
        English (its repairs are only reported; see :mod:`fixer.language`).

    Values are checked when a Config is made (also by :func:`dataclasses.replace` and
    the keyword overrides of :func:`fixer.fix` and :meth:`Fixer.from_files`): a wrong
    type raises :class:`TypeError`, a value out of range :class:`ValueError`, each
    naming the field. The flags must be ``True`` or ``False``; ``fuzzy_cutoff`` a number
    from 0 to 100; ``gate_min_entries`` an int >= 0; ``gate_min_density`` a number
    >= 0. ``disable`` and ``protect`` take a string or any collection of strings and are
    stored as a frozenset and a tuple.
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
    english_only: bool = True

    def __post_init__(self) -> None:
        for name in _FLAGS:
            if getattr(self, name).__class__ is not bool:
                raise TypeError(f"Config.{name} must be True or False, not {show(getattr(self, name))}")
        cutoff = _number("fuzzy_cutoff", self.fuzzy_cutoff, "a number from 0 to 100")
        if not 0.0 <= cutoff <= 100.0:  # also refuses NaN
            raise ValueError(f"Config.fuzzy_cutoff must be a number from 0 to 100, not {show(self.fuzzy_cutoff)}")
        entries = self.gate_min_entries
        if entries.__class__ is not int:
            if isinstance(entries, bool) or not isinstance(entries, numbers.Integral):
                raise TypeError(f"Config.gate_min_entries must be an int >= 0, not {show(entries)}")
            entries = int(entries)
        if entries < 0:
            raise ValueError(f"Config.gate_min_entries must be an int >= 0, not {show(entries)}")
        density = _number("gate_min_density", self.gate_min_density, "a number >= 0")
        if not density >= 0.0:  # also refuses NaN
            raise ValueError(f"Config.gate_min_density must be a number >= 0, not {show(self.gate_min_density)}")
        disable = self.disable
        if disable.__class__ is not frozenset or not all(d.__class__ is str for d in disable):
            disable = frozenset(one_or_many(disable, str, "Config.disable", "a string", "strings"))
        protect = self.protect
        if protect.__class__ is not tuple or not all(p.__class__ is str for p in protect):
            protect = tuple(one_or_many(protect, str, "Config.protect", "a string", "strings"))
        blank = first_blank(protect)
        if blank is not None:
            raise ValueError(f"Config.protect must not hold an empty or blank phrase (it protects nothing): {show(blank)}")
        for name, value in (("fuzzy_cutoff", cutoff), ("gate_min_entries", entries), ("gate_min_density", density),
                            ("disable", disable), ("protect", protect)):
            if value is not getattr(self, name):
                object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        # disable sorted: the repr is part of the compile-cache key (fixer.cache), and a
        # frozenset's order changes from one process to the next (string hashing)
        disable = f"frozenset({{{', '.join(map(repr, sorted(self.disable)))}}})" if self.disable else "frozenset()"
        shown = ", ".join(f"{f.name}={disable if f.name == 'disable' else repr(getattr(self, f.name))}"
                          for f in fields(self))
        return f"{type(self).__name__}({shown})"


def check_config(config: Any) -> None:
    """A TypeError unless *config* is a :class:`Config` or None."""
    if config is not None and not isinstance(config, Config):
        raise TypeError(f"config must be a fixer.Config, not {type(config).__name__}")


def compiled_part(config: Config) -> Config:
    """The default configuration with the fields of *config* that the compiled
    glossary depends on."""
    return replace(Config(), disable=config.disable, fuzzy=config.fuzzy, fuzzy_cutoff=config.fuzzy_cutoff)


def first_blank(phrases: Iterable[str]) -> str | None:
    """The first of *phrases* without a letter or digit once folded (empty, blank, or a
    control or invisible character: a protected phrase like that would protect nothing,
    as every spun form has one), or None."""
    return next((p for p in phrases if not any(c.isalnum() for c in fold_phrase(p))), None)


def _number(name: str, value: Any, what: str) -> float:
    """*value* as a float, or a TypeError naming Config field *name*."""
    if value.__class__ is float:
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"Config.{name} must be {what}, not {show(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"Config.{name} must be {what}, not {show(value)}") from None

