"""Summaries of a glossary: counts by kind and safety, lookups of a phrase, and the
check of its entries' own examples and negative sentences."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .glossary import Entry, Glossary, disable_keys, disables
from .inflect import number_variant
from .arguments import each_of, show
from .api import apply_repairs
from .repair import Fixer, case_fits, check_fixer, protecting
from .results import Repair
from .report import how_matched
from .text import fold, fold_phrase, is_word_char


def glossary_stats(glossary: Glossary) -> dict[str, Any]:
    """Entries by kind and safety, spun forms, conditioned entries, longest phrase."""
    if not isinstance(glossary, Glossary):
        raise TypeError(f"glossary must be a Glossary (fixer.load_glossaries gives one), not {show(glossary)}")
    forms = [f for e in glossary.entries for f in e.spun]
    longest = max(forms, key=lambda f: len(f.split()), default="")
    return {
        "files": list(glossary.files),
        "entries": len(glossary.entries),
        "spun_forms": len(forms),
        "by_kind": dict(sorted(Counter(e.kind for e in glossary.entries).items())),
        "by_safety": dict(sorted(Counter(e.safety for e in glossary.entries).items())),
        "with_conditions": sum(1 for e in glossary.entries if e.when),
        "longest_phrase": longest,
        "longest_phrase_words": len(longest.split()),
    }


def explain_phrase(fixer: Fixer, phrase: str) -> list[str]:
    """Which entries would fire on *phrase* (alone, and in a document judged spun), and
    why; then the entries that have a spun form in it (as written, or its singular or
    plural) and do not fire all the same, with what they ask for."""
    check_fixer(fixer)
    if not isinstance(phrase, str):
        raise TypeError(f"phrase must be str, not {show(phrase)}")
    lines = []
    holding = _holding_forms(fixer, phrase)
    for label, result in (("alone", fixer.scan(phrase)), ("in a spun document", fixer.spun_view().scan(phrase))):
        if not result.repairs:
            lines.append(f"{label}: nothing fires")
        for r in result.repairs:
            why = f"when {r.condition}" if r.condition else "no condition"
            state = "applied" if r.auto else f"report only{': ' + r.note if r.note else ''}"
            lines.append(f"{label}: {r.spun!r} -> {r.replacement!r} by entry {r.entry_id!r} at {r.source} "
                         f"({r.kind}, {how_matched(r)}, {why}; {state})")
        fired = {(r.entry_id, r.source) for r in result.repairs}
        lines += [f"  entry {e.id!r} at {e.location} has the spun form {form!r} ({e.kind}, {e.safety}"
                  f"{', when ' + e.when.describe() if e.when else ''}"
                  f"{_stopped(fixer, e, form, phrase, _inside(result.repairs, form, phrase))})"
                  for e, form in holding if (e.id, e.location) not in fired]
    return lines


class ExampleFailure(NamedTuple):
    """An example or negative sentence of a glossary entry that does not come out as
    written: what came out (*got*: in a document judged spun where the entry fired on a
    negative sentence only there) and what was *expected*; *problem* says it in a line."""

    entry: Entry
    sentence: str
    got: str
    expected: str
    problem: str

    def __str__(self) -> str:
        return f"{self.entry.location}: {self.problem}"


def check_examples(fixer: Fixer, entries: Entry | Iterable[Entry] | None = None) -> list[ExampleFailure]:
    """The examples and negative sentences of *entries* (one :class:`Entry` or an iterable
    of them; all of *fixer*'s glossary if None) that *fixer* does not handle as written,
    in order (:class:`TypeError` for a *fixer* that is not a Fixer or entries that are
    not Entry records).

    Each example's spun sentence must be repaired to exactly its original (a ``gated``
    entry's in a document judged spun; a ``report`` entry, never applied, must suggest
    it: the sentence with the applied repairs and the entry's suggestions made); each
    negative sentence must come back unchanged, and the entry must not fire on it even in
    a document judged spun.
    """
    check_fixer(fixer)
    spun_view = fixer.spun_view()
    failures = []
    for entry in fixer.glossary.entries if entries is None else each_of(
            entries, Entry, "entries", "an Entry", "Entry records"):
        repairer = spun_view if entry.safety == "gated" else fixer
        for spun, original in entry.examples:
            got = _suggested(fixer, entry, spun) if entry.safety == "report" else repairer.fix(spun)
            if got != original:
                failures.append(ExampleFailure(entry, spun, got, original,
                                               f"example {spun!r} came out {got!r}, expected {original!r}"))
        for sentence in entry.negative:
            got = fixer.fix(sentence)
            fired = [r for r in spun_view.scan(sentence).repairs  # the entry's id may be another's too
                     if r.entry_id == entry.id and r.source == entry.location]
            if got != sentence:
                failures.append(ExampleFailure(entry, sentence, got, sentence,
                                               f"negative example {sentence!r} came out {got!r}, expected unchanged"))
            elif fired:
                failures.append(ExampleFailure(
                    entry, sentence, spun_view.fix(sentence), sentence,
                    f"negative example {sentence!r}: the entry fires on it in a spun document "
                    f"({fired[0].spun!r} -> {fired[0].replacement!r})"))
    return failures


def _suggested(fixer: Fixer, entry: Entry, sentence: str) -> str:
    """*sentence* with *fixer*'s applied repairs and the suggestions of the report-only
    *entry* made."""
    repairs = fixer.scan(sentence).repairs
    return apply_repairs(sentence, [r._replace(auto=True) if r.entry_id == entry.id else r for r in repairs])


def _holding_forms(fixer: Fixer, phrase: str) -> list[tuple[Entry, str]]:
    """The entries of *fixer*'s glossary with a spun form that *phrase* holds as whole
    words (compared folded), each with that form: a form as written (of an entry turned
    off by ``disable`` too), then the singular or plural of one that the entry matches
    (or would, but for ``disable`` or ``inflect: false``)."""
    folded = fold_phrase(phrase)
    found = [(e, form) for e in fixer.glossary.entries for form in e.spun if _find_words(folded, fold_phrase(form)) >= 0]
    off = disable_keys(fixer.config.disable)
    found += [(e, other[0]) for e in fixer.glossary.entries if not e.inflect or disables(off, e) for form in e.spun
              for other in (number_variant(form, e.original),)
              if other is not None and _find_words(folded, fold_phrase(other[0])) >= 0]
    seen = {(e.id, e.location, fold_phrase(form)) for e, form in found}
    for key, (variants, *_) in fixer._keys.items():
        if key in folded and _find_words(folded, key) >= 0:
            for v in variants:
                if (v.entry.id, v.entry.location, key) not in seen:
                    seen.add((v.entry.id, v.entry.location, key))
                    found.append((v.entry, v.form))
    return found


def _inside(repairs: Sequence[Repair], form: str, phrase: str) -> str:
    """Where the spun *form* in *phrase* overlaps one of *repairs* (a longer or earlier
    match, which the matcher keeps instead): that repair's spun text ("" if none)."""
    start = _find_words(fold_phrase(phrase), fold_phrase(form))
    a, b = _written_span(phrase, start, len(fold_phrase(form)))
    r = next((r for r in repairs if r.start < b and a < r.end), None)
    return "" if r is None else r.spun


def _find_words(folded: str, key: str) -> int:
    """Where *key* first stands in *folded* as whole words, between non-word characters
    (spaces, punctuation) or the ends; -1 if nowhere."""
    start = folded.find(key)
    while start >= 0:
        end = start + len(key)
        if not (start and is_word_char(folded[start - 1])) and not (end < len(folded) and is_word_char(folded[end])):
            return start
        start = folded.find(key, start + 1)
    return -1


def _stopped(fixer: Fixer, entry: Entry, form: str, phrase: str, overlapped: str = "") -> str:
    """What keeps *entry* from firing on its spun *form* in *phrase*: the Fixer's
    ``disable`` or ``protect`` settings, else the case its form needs (if that matters),
    else the repair of *overlapped* (the spun text of a repair it overlaps), if any."""
    if disables(disable_keys(fixer.config.disable), entry):
        return "; turned off by --disable"
    folded, key = fold_phrase(phrase), fold_phrase(form)
    if not entry.inflect and key not in map(fold_phrase, entry.spun):
        return "; inflect: false, so never its singular or plural"
    start = _find_words(folded, key)
    for value in fixer.config.protect:
        if protecting(filter(None, [fold_phrase(value)]), folded, start, start + len(key)):
            return f"; overlaps --protect {value!r}"
    rule = _case_rule(entry, form, phrase, *_written_span(phrase, start, len(key)), overlapped)
    if rule or not overlapped:
        return rule
    if entry.when and not _fires_alone(fixer, entry, phrase):
        return "; its condition does not hold here"  # whatever repair took the text: it would not fire
    return f"; overlaps the repair of {overlapped!r}"


def _fires_alone(fixer: Fixer, entry: Entry, phrase: str) -> bool:
    """Whether *entry*, the only entry of a Fixer with *fixer*'s settings (its gate held
    open for a gated one), fires on *phrase*."""
    alone = Fixer(Glossary((entry,)), replace(fixer.config, disable=frozenset(), force_gated=entry.safety == "gated"))
    return any(r.entry_id == entry.id for r in alone.scan(phrase).repairs)


def _written_span(phrase: str, start: int, size: int) -> tuple[int, int]:
    """The span of *phrase* that the folded stretch at *start*, *size* long, was folded
    from (the folded phrase having no leading blanks)."""
    lead = len(phrase) - len(phrase.lstrip())
    a, b = fold(phrase[lead:]).input_span(start, start + size)
    return lead + a, lead + b


def _case_rule(entry: Entry, form: str, phrase: str, start: int, end: int, overlapped: str = "") -> str:
    """What case the text must have for *entry* to match its spun *form* at
    ``phrase[start:end]``, where the matcher finds it otherwise (see
    :func:`fixer.repair.case_fits`); else, for an unconditional safe entry, that the
    text around it keeps it alone."""
    if not case_fits(entry, form, phrase, start, end):
        if entry.case_sensitive:
            return "; only in exactly this case"
        if entry.needs_capitals(form):
            return "; only with the capitals of its form"
        return "; not where a capital 'A' is a label ('Type A')"
    if entry.safety != "safe" or entry.when or overlapped:
        return ""  # its safety, its conditions or the repair it overlaps say why
    return ("; left alone here by the text around it (a heading in Title Case, a compound, an address, "
            "a path, a handle or hashtag)")
