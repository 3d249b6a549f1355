"""The replacers compared by the benchmark, each built from a loaded glossary.

Every builder takes a :class:`fixer.Glossary` and returns a ``str -> str`` function.
The baselines replace every spun form of every applicable (non report-only) entry
by its original, case-insensitively, at word boundaries; they do no case transfer,
inflection, conditions or spin gate, so they are a floor on what exact replacement
costs, not equivalents of Fixer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import ahocorasick

from fixer import Config, Fixer, Glossary
from fixer.repair import _quiet_gc
from fixer.text import fold

Replacer = Callable[[str], str]
REGEX_MAX_ENTRIES = 1000


class SkipMethod(Exception):
    """A method that is not run for this configuration (the message says why)."""


def pairs(glossary: Glossary) -> dict[str, str]:
    """Lower-cased spun form -> original, first entry winning."""
    out: dict[str, str] = {}
    for entry in glossary.entries:
        if entry.auto:
            for form in entry.spun:
                out.setdefault(form.lower(), entry.original)
    return out


def fixer_default(glossary: Glossary) -> Replacer:
    """``Fixer.fix`` with the default configuration."""
    return Fixer(glossary, Config()).fix


def fixer_exact(glossary: Glossary) -> Replacer:
    """``Fixer.fix`` with ``fuzzy=False``."""
    return Fixer(glossary, Config(fuzzy=False)).fix


def fixer_before_deciding(glossary: Glossary) -> Replacer:
    """What ``Fixer.fix`` does before it decides anything: the fold of the text, the
    automaton search and the exact candidates (word boundaries, offsets, case); the
    text comes back unchanged. Its time is a floor under ``Fixer.fix`` that no faster
    decision layer can go below."""
    fixer = Fixer(glossary, Config())

    def prepare(text: str) -> str:
        with _quiet_gc(text):  # as Fixer.fix pauses the collector on a long text
            folded = fold(text)
            fixer._candidates(text, folded, fixer._engine.find(folded.text))
        return text

    return prepare


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def aho_baseline(glossary: Glossary) -> Replacer:
    """pyahocorasick over ``text.lower()``, word boundaries, leftmost-longest."""
    automaton = ahocorasick.Automaton()
    for key, original in pairs(glossary).items():
        automaton.add_word(key, (len(key), original))
    automaton.make_automaton()

    def replace(text: str) -> str:
        low = text.lower()
        n = len(low)
        hits = []
        for end, (length, original) in automaton.iter(low):
            start = end - length + 1
            if (start == 0 or not _is_word(low[start - 1])) and (end + 1 == n or not _is_word(low[end + 1])):
                hits.append((start, -length, original))
        hits.sort()
        out, last = [], 0
        for start, neg, original in hits:
            if start >= last:
                out.append(text[last:start])
                out.append(original)
                last = start - neg
        out.append(text[last:])
        return "".join(out)

    return replace


def flashtext(glossary: Glossary) -> Replacer:
    """FlashText ``KeywordProcessor.replace_keywords`` (case-insensitive)."""
    try:
        from flashtext import KeywordProcessor
    except ImportError:
        raise SkipMethod("skipped (flashtext not installed)") from None

    processor = KeywordProcessor(case_sensitive=False)
    for key, original in pairs(glossary).items():
        processor.add_keyword(key, original)
    return processor.replace_keywords


def regex(glossary: Glossary) -> Replacer:
    """One ``re`` alternation of the escaped forms, ``\\b`` and IGNORECASE."""
    table = pairs(glossary)
    if len(glossary.entries) > REGEX_MAX_ENTRIES:
        raise SkipMethod(f"skipped (> {REGEX_MAX_ENTRIES} entries)")
    alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)
    return lambda text: pattern.sub(lambda m: table.get(m.group(0).lower(), m.group(0)), text)


def lower(glossary: Glossary) -> Replacer:
    """``text.lower()``: the floor every method pays at least."""
    return str.lower


METHODS: dict[str, Callable[[Glossary], Replacer]] = {
    "Fixer.fix": fixer_default,
    "Fixer.fix fuzzy=False": fixer_exact,
    "pyahocorasick baseline": aho_baseline,
    "FlashText": flashtext,
    "re alternation": regex,
    "str.lower (floor)": lower,
}
BASELINE = "pyahocorasick baseline"
STAGES: dict[str, Callable[[Glossary], Replacer]] = {
    "Fixer before deciding": fixer_before_deciding,
}
"""Parts of ``Fixer.fix``, timed against the baseline in the paired ratios only."""
