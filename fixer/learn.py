"""Learning a glossary from parallel (spun, original) documents.

Each pair is aligned on word tokens in Unicode NFC (as in :mod:`fixer.evaluate`); the
changed stretches become candidate entries (spun phrase -> original phrase, runs of
blanks as one space): stretches at most ``merge_gap`` unchanged words apart are joined
(if no punctuation comes between), a pure insertion or deletion takes the unchanged word
after it (else the one before), and a change of capitalised words takes the unchanged
capitalised words next to it (a name spun word by word is learned whole). A stretch
longer than ``max_words`` or with punctuation inside (a sentence break, say) cannot be an
entry: it is listed among the dropped candidates, with the reason. Candidates are merged
across documents and ranked by evidence; one whose spun form holds that of a better
attested candidate, and that the originals restore otherwise at half of the changed
places holding it or more, is left out (the longer match would win everywhere). A spun
form that also occurs in the originals is kept only with context conditions (``when``)
that separate its spun uses from its genuine ones; one that never does is ``safe`` when
it is a phrase holding a word outside the 20,000 most common English words, and
``gated`` otherwise (single words, and phrases of common words only, beside the words
their original keeps: ordinary English elsewhere).
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

from .arguments import a_path, each_of, show
from .evaluate import Tokens, align, changed_blocks, compared, tokenize
from .config import Config
from .files import write_atomic
from .glossary import MAX_PHRASE_CHARS, MAX_PHRASE_WORDS, Entry, Glossary, parse_entry
from .inflect import number_variant
from .pairs import Pair
from .plural import counted
from .text import fold_word, word_after, word_before
from .words import only_common

MAX_WORDS = 6
MERGE_GAP = 0  # joining stretches across an unchanged word lowered held-out recall
_PLAIN_PHRASE = re.compile(r"\w+(?:['’]\w+)*(?:[ \t-]+\w+(?:['’]\w+)*)*")
_SENTENCE_BREAK = re.compile(r"[.!?;:\n\r\u2028\u2029]")  # a line ends a sentence, however it ends
# what a YAML comment cannot hold as it is (line breaks, other control characters, surrogates), escaped
_NOT_IN_COMMENT = re.compile("[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
SENTENCE_START, SENTENCE_END = "^", "$"

Key = tuple[str, ...]
Sentences = tuple[Tokens, list[bool]]  # tokens and which of them start a sentence
_Changed = tuple[Key, list[bool]]  # the folded words of a spun text and which of them the original changes
@dataclass
class _Genuine:
    """Where a spun form occurs unchanged in the originals: how often, and the words
    before and after it, every way the matcher may read them."""

    prev: Counter[str] = field(default_factory=Counter)
    next: Counter[str] = field(default_factory=Counter)
    seen: int = 0


@dataclass(frozen=True)
class Candidate:
    """A learned glossary entry with its evidence."""

    spun: str
    original: str
    count: int
    documents: int
    kind: str
    safety: str
    when: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Dropped:
    """A candidate left out of the glossary, and why."""

    spun: str
    original: str
    count: int
    reason: str


@dataclass(frozen=True)
class Conflict:
    """One spun form seen with several originals; the best attested one was kept."""

    spun: str
    kept: str
    alternatives: dict[str, int]


@dataclass(frozen=True)
class LearnResult:
    """What :func:`learn` found: entries ranked by evidence, and what it left out."""

    entries: tuple[Candidate, ...]
    dropped: tuple[Dropped, ...]
    conflicts: tuple[Conflict, ...]
    documents: int
    occurrences: int
    source: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of everything in the result."""
        return asdict(self)

    def format_text(self) -> str:
        """A short human-readable summary."""
        safety = Counter(c.safety for c in self.entries)
        return "\n".join([
            f"learned from {self.source}: {counted(self.documents, 'document')}, "
            f"{counted(self.occurrences, 'changed phrase')}",
            f"entries: {len(self.entries)} ({safety['safe']} safe, {safety['gated']} gated)",
            f"left out: {len(self.dropped)}   conflicts resolved: {len(self.conflicts)}",
        ])


@dataclass
class _Evidence:
    """Everything seen of one (spun, original) candidate."""

    spun_forms: Counter[str] = field(default_factory=Counter)
    original_forms: Counter[str] = field(default_factory=Counter)
    documents: set[int] = field(default_factory=set)  # the positions of the pairs it was seen in
    prev: Counter[str] = field(default_factory=Counter)
    next: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.spun_forms.values())


def _sentence_starts(tokens: Tokens) -> list[bool]:
    """For each token, whether it begins a sentence (or a line); the period after one
    letter ends an abbreviation or an initial, not a sentence ("U.S. Oval Workplace")."""
    starts = []
    previous_end = 0
    for i, (start, end) in enumerate(tokens.spans):
        gap = tokens.text[previous_end:start]
        after_period = gap[1:] if gap[:1] == "." else None  # what follows a period right after the word before
        abbreviated = i > 0 and len(tokens.words[i - 1]) == 1 and after_period is not None and not (
            _SENTENCE_BREAK.search(after_period))
        starts.append(i == 0 or (bool(_SENTENCE_BREAK.search(gap)) and not abbreviated))
        previous_end = end
    return starts


def _context(tokens: Tokens, i: int, j: int) -> tuple[str, str]:
    """The words just before token *i* and just after token *j - 1* (``^``/``$`` at sentence ends),
    read as the matcher's conditions read them (a learned condition must hold where it was
    learned: "U.S." is one word, ``u.s``)."""
    before = word_before(tokens.text, tokens.spans[i][0])
    after = word_after(tokens.text, tokens.spans[j - 1][1])
    return (SENTENCE_START if SENTENCE_START in before else before[0],
            SENTENCE_END if SENTENCE_END in after else after[0])


def _without_numbers(phrase: str) -> str:
    """*phrase* without its numbers ("5 folks" -> "folks", "2nd round" -> "round"): a
    number is no rare word that would make a phrase unlike ordinary English."""
    return " ".join(w for w in phrase.split() if not any(c.isdigit() for c in w))


def _uncapitalise(phrase: str, names: frozenset[str]) -> str:
    """Lower-case the first letter of a phrase that starts a sentence when its first
    word is merely Capitalised (``Routes``, not ``URLs``), is not the pronoun "I" ("I'm")
    and is not one of the *names* (words the originals write with a capital inside a
    sentence and never in lower case: "Russian")."""
    first = phrase.split(" ", 1)[0]
    if (first[:1].isupper() and not any(c.isupper() for c in first[1:]) and first not in names
            and _PRONOUN_I.fullmatch(first) is None):
        return phrase[0].lower() + phrase[1:]
    return phrase


_PRONOUN_I = re.compile("I(?:['’](?:m|ve|d|ll))?")


def _names(originals: Sequence[Sentences]) -> frozenset[str]:
    """The words that the *originals* write with a capital inside a sentence and never in
    lower case: names, which keep their capital at a sentence start too."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for tokens, starts in originals:
        for word, start in zip(tokens.words, starts):
            if word[:1].islower():
                lower.add(word)
            elif word[:1].isupper() and not start:
                capitalised.add(word)
    return frozenset(w for w in capitalised if w[0].lower() + w[1:] not in lower)


def _usual(forms: Counter[str]) -> str:
    """The form of a phrase to write: the most frequent of those in lower case, if it was
    seen so (a capital in a heading or a title does not make it a name, which would
    match only with capitals), else the most frequent."""
    lower = [form for form in forms if form == form.lower()]
    return max(lower, key=forms.__getitem__) if lower else forms.most_common(1)[0][0]


def _key(phrase: str) -> Key:
    """The words of *phrase* folded as a glossary compares them (case, apostrophes)."""
    return tuple(map(fold_word, tokenize(phrase).words))


def _unusable(s: Tokens, o: Tokens, span: tuple[int, int, int, int], max_words: int) -> str:
    """Why a stretch cannot be a candidate entry ("" when it can): a side is empty or
    longer than *max_words* words, the spun side longer than a glossary allows or
    without a letter or digit, or a side has punctuation inside."""
    i1, i2, j1, j2 = span
    if i1 == i2 or j1 == j2:
        return "an insertion or deletion with no unchanged word beside it"
    if max(i2 - i1, j2 - j1) > max_words:
        return f"longer than {max_words} words"
    spun = s.phrase(i1, i2)
    if len(spun) > MAX_PHRASE_CHARS:
        return f"longer than {MAX_PHRASE_CHARS} characters"
    if len(spun.split()) > MAX_PHRASE_WORDS:  # as a glossary counts them: " - " is one
        return f"longer than {MAX_PHRASE_WORDS} words"
    if not any(c.isalnum() for c in spun):
        return "has no letters or digits"
    for phrase in (spun, o.phrase(j1, j2)):
        if not _PLAIN_PHRASE.fullmatch(phrase):
            return ("crosses a sentence break (. ! ? ; : or a line break)" if _SENTENCE_BREAK.search(phrase)
                    else "has punctuation inside")
    return ""


def _spans(s: Tokens, o: Tokens, blocks: Iterable[tuple[int, int, int, int]], merge_gap: int,
           max_words: int) -> Iterable[tuple[tuple[int, int, int, int], str]]:
    """The changed *blocks* of the alignment of *s* with *o*, joined and context-expanded
    as in the module doc, each with why it cannot be a candidate ("" when it can: see
    :func:`_unusable`)."""
    merged: list[tuple[int, int, int, int]] = []
    for block in blocks:
        if merged and block[0] - merged[-1][1] <= merge_gap:
            joined = (merged[-1][0], block[1], merged[-1][2], block[3])
            if not _unusable(s, o, joined, max_words):
                merged[-1] = joined
                continue
        merged.append(block)
    for i1, i2, j1, j2 in merged:
        options = [(i1, i2, j1, j2)]
        if i1 == i2 or j1 == j2:
            widened = [(i1, i2 + 1, j1, j2 + 1), (i1 - 1, i2, j1 - 1, j2)]
            options = [(a, b, c, d) for a, b, c, d in widened
                       if a >= 0 and c >= 0 and b <= len(s) and d <= len(o)] or options
        judged = [(span, _unusable(s, o, span, max_words)) for span in options]
        yield min(judged, key=lambda option: bool(option[1]))  # the first usable one, else the first


def _in_name(s: Tokens, o: Tokens, span: tuple[int, int, int, int], starts: Sequence[bool],
             max_words: int) -> tuple[int, int, int, int]:
    """*span*, a usable change of capitalised words, widened over the unchanged
    capitalised words next to it that do not start a sentence: a name spun word by word
    ("Fact Social" -> "Truth Social", "CBS Information" -> "CBS News") is learned whole,
    not as the one word that changed, which is ordinary English elsewhere ("in fact").
    Unchanged when there is no such word, or when the name would be longer than
    *max_words* or unusable (see :func:`_unusable`)."""
    i1, i2, j1, j2 = span
    if not all(w[:1].isupper() for w in s.words[i1:i2] + o.words[j1:j2]):
        return span
    while i1 and j1 and not starts[i1] and not starts[i1 - 1] and s.words[i1 - 1] == o.words[j1 - 1] \
            and _name_word(s, i1 - 1):
        i1, j1 = i1 - 1, j1 - 1
    while i2 < len(s) and j2 < len(o) and not starts[i2] and s.words[i2] == o.words[j2] and _name_word(s, i2):
        i2, j2 = i2 + 1, j2 + 1
    name = (i1, i2, j1, j2)
    return name if name != span and not _unusable(s, o, name, max_words) else span


def _name_word(tokens: Tokens, k: int) -> bool:
    """Whether token *k* is a capitalised word standing apart: a space (or the text's
    edge) on both sides, not a part of "U.S." or of "E-Mail"."""
    spans, text = tokens.spans, tokens.text
    return (tokens.words[k][:1].isupper()
            and (k == 0 or any(c.isspace() for c in text[spans[k - 1][1]:spans[k][0]]))
            and (k + 1 == len(spans) or any(c.isspace() for c in text[spans[k][1]:spans[k + 1][0]])))


def _extract(pairs: Iterable[Pair], merge_gap: int, max_words: int
             ) -> tuple[dict[tuple[Key, Key], _Evidence], list[Sentences], list[_Changed],
                        Counter[tuple[str, str, str]]]:
    """Candidate evidence from every pair, the tokenized originals, the folded words of
    the spun texts with which of them were changed, and how often each change that
    cannot be a candidate was seen: ``(spun, original, why)``."""
    evidence: dict[tuple[Key, Key], _Evidence] = defaultdict(_Evidence)
    originals = []
    unusable: Counter[tuple[str, str, str]] = Counter()
    at_starts: list[tuple[_Evidence, str, str]] = []  # phrases that start a sentence, as written
    spuns: list[_Changed] = []
    for number, pair in enumerate(pairs):
        s, o = compared(pair.spun), compared(pair.original)
        s_starts, o_starts = _sentence_starts(s), _sentence_starts(o)
        originals.append((o, o_starts))
        blocks = list(changed_blocks(align(s.words, o.words)))
        changed = [False] * len(s)
        for i1, i2, _, _ in blocks:
            changed[i1:i2] = [True] * (i2 - i1)
        spuns.append((tuple(map(fold_word, s.words)), changed))
        for span, why in _spans(s, o, blocks, merge_gap, max_words):
            named = span if why else _in_name(s, o, span, s_starts, max_words)
            i1, i2, j1, j2 = named
            spun, original = _single_spaced(s.phrase(i1, i2)), _single_spaced(o.phrase(j1, j2))
            if why:
                unusable[spun, original, why] += 1
                continue
            key = (_key(spun), _key(original))
            if key[0] == key[1]:
                continue
            ev = evidence[key]
            if s_starts[i1] and o_starts[j1] and named == span:  # a name keeps its capitals
                at_starts.append((ev, spun, original))
            else:
                ev.spun_forms[spun] += 1
                ev.original_forms[original] += 1
            ev.documents.add(number)
            prev, nxt = _context(s, i1, i2)
            ev.prev[prev] += 1
            ev.next[nxt] += 1
    names = _names(originals)
    for ev, spun, original in at_starts:
        ev.spun_forms[_uncapitalise(spun, names)] += 1
        ev.original_forms[_uncapitalise(original, names)] += 1
    return evidence, originals, spuns, unusable


def _single_spaced(phrase: str) -> str:
    """*phrase* with each run of blanks inside it as one space, and ’ as '."""
    return " ".join(phrase.split()).replace("’", "'")


def _genuine_contexts(keys: Mapping[Key, Key], originals: Sequence[Sentences]) -> dict[Key, _Genuine]:
    """Where the spun forms occur in the originals: counters of previous and next words,
    every way the matcher may read them (the word and a sentence break at one); *keys*
    maps each form to the spun form it counts for (its singular or plural, too)."""
    lengths = {len(key) for key in keys}
    found: dict[Key, _Genuine] = {}
    for o, _ in originals:
        for i, n, key in _occurrences(keys, lengths, tuple(map(fold_word, o.words))):
            genuine = found.setdefault(key, _Genuine())
            genuine.prev.update(word_before(o.text, o.spans[i][0]))
            genuine.next.update(word_after(o.text, o.spans[i + n - 1][1]))
            genuine.seen += 1
    return found


def _occurrences(keys: Mapping[Key, Key], lengths: Iterable[int], words: Key) -> Iterator[tuple[int, int, Key]]:
    """Where the forms of *keys* (of these *lengths*) occur in the folded *words*: the
    first word, the number of words and the spun form each counts for."""
    for n in lengths:
        for i in range(len(words) - n + 1):
            key = keys.get(words[i:i + n])
            if key is not None:
                yield i, n, key


def _without_overrides(ranked: list[Candidate], places: Mapping[Key, int], dropped: list[Dropped]) -> list[Candidate]:
    """*ranked* without the candidates that would override a better attested one: a spun
    form that holds the spun form of another candidate seen more often, and that the
    originals restore otherwise at as many of the changed places holding it as they
    restore so ("for illustration" -> "such as" once, "for illustration" -> "for example"
    twice: the longer match would win everywhere); those go to *dropped*."""
    counts = {_key(c.spun): c for c in ranked}
    kept = []
    for cand in ranked:
        key = _key(cand.spun)
        seen = places.get(key, 0)
        inner = next((counts[k] for k in _inner_keys(key) if k in counts and counts[k].count > cand.count), None)
        if inner is not None and 2 * cand.count <= seen:
            dropped.append(Dropped(cand.spun, cand.original, cand.count,
                                   f"holds {inner.spun!r} -> {inner.original!r} ({counted(inner.count, 'occurrence')}) "
                                   f"and is restored otherwise at {seen - cand.count} of the {seen} changed places "
                                   "that hold it"))
        else:
            kept.append(cand)
    return kept


def _inner_keys(key: Key) -> Iterable[Key]:
    """The shorter runs of words inside *key*."""
    n = len(key)
    return (key[i:j] for i in range(n) for j in range(i + 1, n + 1) if j - i < n)


def _changed_places(keys: Mapping[Key, Key], spuns: Sequence[_Changed]) -> Counter[Key]:
    """How often the spun forms occur in the spun texts where the originals change a word
    of them: where a repair by their entry would touch a changed place; *keys* maps each
    form to the spun form it counts for (as in :func:`_genuine_contexts`)."""
    lengths = {len(key) for key in keys}
    found: Counter[Key] = Counter()
    for words, changed in spuns:
        for i, n, key in _occurrences(keys, lengths, words):
            if any(changed[i:i + n]):
                found[key] += 1
    return found


def _contains(haystack: Key, needle: Key) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def _forms(spun: str, original: str) -> list[Key]:
    """The spun form and, for a phrase, its other grammatical number (the matcher inflects)."""
    variant = number_variant(spun, original) if " " in spun.strip() else None
    return [_key(spun)] + ([_key(variant[0])] if variant else [])


def _chained(a: Candidate, b: Candidate) -> bool:
    """True when *a*'s original contains a spun form of *b*."""
    return any(_contains(_key(a.original), form) for form in _forms(b.spun, b.original))


def learn(pairs: Iterable[Pair], *, source: str = "parallel texts", min_count: int = 1,
          merge_gap: int = MERGE_GAP, max_words: int = MAX_WORDS, base: Glossary | None = None) -> LearnResult:
    """Learn glossary entries from parallel documents (see the module doc).

    Conflicts (one spun form, several originals) keep the original seen most often;
    chains (an original containing another entry's spun form) keep the entry with more
    evidence. Candidates seen fewer than *min_count* times are left out, and so are
    those that would chain with an entry of *base*, the glossary the result is to be
    layered over (e.g. the default one), which would then refuse to load, and changes
    that cannot be entries (see the module doc); each is listed with the reason.
    """
    for name, value in (("min_count", min_count), ("merge_gap", merge_gap), ("max_words", max_words)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} must be an int, not {show(value)}")
    if not isinstance(source, str):
        raise TypeError(f"source must be str, not {show(source)}")
    if base is not None and not isinstance(base, Glossary):
        raise TypeError(f"base must be a Glossary (e.g. fixer.load_glossaries()) or None, not {show(base)}")
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count!r}")
    if merge_gap < 0:
        raise ValueError(f"merge_gap must be at least 0, not {merge_gap!r}")
    if not 1 <= max_words <= MAX_PHRASE_WORDS:
        raise ValueError(f"max_words must be from 1 to {MAX_PHRASE_WORDS} (the longest spun form a glossary takes), "
                         f"not {max_words!r}")
    pairs = each_of(pairs, Pair, "pairs", "a Pair (fixer.pairs.Pair)", "Pair records (fixer.pairs.Pair)")
    evidence, originals, spuns, unusable = _extract(pairs, merge_gap, max_words)
    by_spun: dict[Key, list[tuple[Key, _Evidence]]] = defaultdict(list)
    for (spun_key, original_key), ev in evidence.items():
        by_spun[spun_key].append((original_key, ev))
    forms: dict[Key, Key] = {}  # each form the matcher would match, by the spun form it counts for
    for spun_key, options in by_spun.items():
        options.sort(key=lambda o: (-o[1].count, -len(o[1].documents), o[0]))
        ev = options[0][1]
        for form in _forms(_usual(ev.spun_forms), _usual(ev.original_forms)):
            forms.setdefault(form, spun_key)
        forms[spun_key] = spun_key
    genuine = _genuine_contexts(forms, originals)
    changed_places = _changed_places(forms, spuns)

    conflicts, dropped, ranked = [], [], []
    for spun_key, options in by_spun.items():
        ev = options[0][1]
        spun, original = _usual(ev.spun_forms), _usual(ev.original_forms)
        if len(options) > 1:
            alternatives = {o[1].original_forms.most_common(1)[0][0]: o[1].count for o in options}
            conflicts.append(Conflict(spun, original, alternatives))
        candidate = _judge(spun, original, ev, genuine.get(spun_key))
        if isinstance(candidate, Dropped):
            dropped.append(candidate)
        elif candidate.count < min_count:
            dropped.append(Dropped(spun, original, candidate.count, f"seen fewer than {min_count} times"))
        else:
            ranked.append(candidate)
    ranked.sort(key=_rank)
    ranked = _without_overrides(ranked, changed_places, dropped)

    accepted = _Accepted()
    against_base = _base_chains(ranked, base) if base is not None else {}
    for cand in ranked:
        reason = against_base.get(cand.spun) or _chain_reason(cand, accepted)
        if reason:
            dropped.append(Dropped(cand.spun, cand.original, cand.count, reason))
        else:
            accepted.add(cand)
    entries = _without_loader_chains(accepted.entries, dropped)
    dropped += [Dropped(spun, original, count, why) for (spun, original, why), count in unusable.items()]
    occurrences = sum(ev.count for ev in evidence.values()) + sum(unusable.values())
    return LearnResult(tuple(entries), tuple(dropped), tuple(conflicts), len(originals), occurrences, source)


def _base_chains(candidates: Sequence[Candidate], base: Glossary) -> dict[str, str]:
    """Why each candidate that would chain with an entry of *base* does (by spun form):
    its original holds the spun form of an unconditional safe entry of *base*, or, being
    one itself, its spun form occurs in an original of *base* (the check
    :class:`~fixer.repair.Fixer` makes when it loads the layered glossaries)."""
    from .repair import Fixer

    learned = _as_entries(candidates)
    reasons: dict[str, str] = {}
    for entry, other, form in Fixer(base, _EXACT).chains(learned):
        reasons.setdefault(entry.spun[0], f"chain: its original holds {form!r} of {other.location}")
    for entry, own, _ in Fixer._unchecked(Glossary(learned), _EXACT).chains(base.entries):
        reasons.setdefault(own.spun[0], f"chain: the original of {entry.location} holds its spun form")
    return reasons


_EXACT = Config(fuzzy=False, fix_articles=False)
"""The settings of the chain checks: those a glossary is loaded with, less what only matches more."""


def _as_entries(candidates: Sequence[Candidate]) -> tuple[Entry, ...]:
    """*candidates* as the glossary entries they are written as."""
    return tuple(parse_entry({"spun": c.spun, "original": c.original, "kind": c.kind, "safety": c.safety,
                              **({"when": c.when} if c.when else {})}, "learned") for c in candidates)


def _without_loader_chains(accepted: list[Candidate], dropped: list[Dropped]) -> list[Candidate]:
    """*accepted* (in rank order) less each candidate that the glossary loader would find
    chained, and :func:`_chain_reason` does not (a capital that folds to two letters:
    "Straße" in capitals holds "STRASSE"), with itself or with one ranked before it that
    is kept, as :func:`_chain_reason` drops them; each is added to *dropped*."""
    from .repair import Fixer

    learned = _as_entries(accepted)
    places = [(learned.index(entry), learned.index(other))
              for entry, other, _ in Fixer._unchecked(Glossary(learned), _EXACT).chains(learned)]
    gone: dict[int, str] = {}
    for j, i in sorted((max(p), min(p)) for p in places):  # by the later one: the earlier is settled by then
        if j not in gone and i not in gone:
            gone[j] = _SELF_CHAIN if i == j else _chain_with(accepted[i], accepted[j])
    dropped.extend(Dropped(accepted[j].spun, accepted[j].original, accepted[j].count, why) for j, why in gone.items())
    return [cand for j, cand in enumerate(accepted) if j not in gone]


class _Accepted:
    """The candidates accepted so far, in rank order, indexed by their spun forms and
    by the runs of words inside their originals."""

    def __init__(self) -> None:
        self.entries: list[Candidate] = []
        self.forms: dict[Key, int] = {}  # each spun form: the first entry that has it
        self.runs: dict[Key, int] = {}  # each run of words of an original: the first entry whose original holds it

    def add(self, cand: Candidate) -> None:
        """Accept *cand*."""
        number = len(self.entries)
        self.entries.append(cand)
        for form in _forms(cand.spun, cand.original):
            self.forms.setdefault(form, number)
        for run in _runs(_key(cand.original)):
            self.runs.setdefault(run, number)

    def first_chained(self, cand: Candidate) -> Candidate | None:
        """The first accepted entry whose spun form *cand*'s original holds, or whose
        original holds a spun form of *cand* (None if there is none)."""
        found = [self.forms[run] for run in _runs(_key(cand.original)) if run in self.forms]
        found += [self.runs[form] for form in _forms(cand.spun, cand.original) if form in self.runs]
        return self.entries[min(found)] if found else None


def _runs(key: Key) -> Iterable[Key]:
    """Every run of words inside *key*, *key* too."""
    n = len(key)
    return (key[i:j] for i in range(n) for j in range(i + 1, n + 1))


def _chain_reason(cand: Candidate, accepted: _Accepted) -> str:
    """Why *cand* would chain with itself or an entry already accepted ("" if it does not)."""
    if _chained(cand, cand):
        return _SELF_CHAIN
    other = accepted.first_chained(cand)
    return _chain_with(other, cand) if other is not None else ""


_SELF_CHAIN = "chain: its original contains its own spun form"


def _chain_with(kept: Candidate, dropped: Candidate) -> str:
    """Why *dropped* is left out for a chain with *kept*, which ranks before it."""
    return (f"chain with {kept.spun!r} -> {kept.original!r} ({counted(kept.count, 'occurrence')}), "
            f"which {_ranked_before(kept, dropped)}")


def _rank(cand: Candidate) -> tuple[int, int, int, str]:
    """The order in which candidates are accepted: more occurrences first, then more
    documents, then the longer spun form, then the spun forms in alphabetical order."""
    return -cand.count, -cand.documents, -len(_key(cand.spun)), cand.spun


_RANK_REASONS = ("has more evidence", "was seen in more documents", "is as frequent, with a longer spun form",
                 "is as frequent, and comes first in alphabetical order")


def _ranked_before(kept: Candidate, dropped: Candidate) -> str:
    """Why *kept* ranks before *dropped* (see :func:`_rank`)."""
    return next((why for why, a, b in zip(_RANK_REASONS, _rank(kept), _rank(dropped)) if a != b), _RANK_REASONS[-1])


def _judge(spun: str, original: str, ev: _Evidence,
           genuine: _Genuine | None) -> Candidate | Dropped:
    """Kind, safety and context conditions of one candidate, or why it is left out."""
    words = spun.split()
    capitalised = any(w[:1].isupper() and _PRONOUN_I.fullmatch(w) is None for w in words + original.split())
    kind = "name" if capitalised else "phrase" if len(words) > 1 else "word"

    def candidate(safety: str, note: str, when: dict[str, list[str]] | None = None) -> Candidate:
        return Candidate(spun, original, ev.count, len(ev.documents), kind, safety, when or {}, note)

    if genuine is None:
        if len(words) > 1 and only_common(_without_numbers(_spinners_words(spun, original, kind))):
            return candidate("gated", "never occurs in the originals, but made only of common English words "
                                      "(beside those its original keeps); gated as ordinary English")
        if len(words) > 1:
            return candidate("safe", "never occurs in the originals")
        return candidate("gated", "single word never seen in the originals; gated as a word")
    seen = genuine.seen
    best: tuple[int, str, list[str]] = (0, "", [])
    for side, spun_ctx, genuine_ctx in (("next", ev.next, genuine.next), ("prev", ev.prev, genuine.prev)):
        good = sorted(w for w in spun_ctx if w not in genuine_ctx)
        covered = sum(spun_ctx[w] for w in good)
        if covered > best[0]:
            best = (covered, side, good)
    covered, side, good = best
    if not covered:
        return Dropped(spun, original, ev.count,
                       f"occurs {_times(seen)} unchanged in the originals, next to the same words as its spun uses")
    return candidate("gated", f"occurs {_times(seen)} unchanged in the originals; only where the {side} word is "
                              f"one in 'when' ({covered} of {counted(ev.count, 'spun use')})", {side: good})


def _spinners_words(spun: str, original: str, kind: str) -> str:
    """The words of the lower-cased *spun* phrase that may be the spinner's: for a phrase,
    those its *original* does not keep too. A rare word that the original keeps is the
    text's own ("base namespace" -> "namespace root", a reordering, is not unlike
    ordinary English for its "namespace"); a name keeps its own rare words ("CBS
    Information" -> "CBS News")."""
    if kind == "name":
        return spun.lower()
    kept = set(_key(original))
    return " ".join(w for w in spun.lower().split() if fold_word(w) not in kept)


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def write_glossary(result: LearnResult, path: str | os.PathLike[str]) -> None:
    """Write *result* as a glossary file (:func:`glossary_text`), atomically (see
    :func:`fixer.files.atomic_writer`)."""
    write_atomic(a_path(path, "path"), glossary_text(result).encode("utf-8"))


def glossary_text(result: LearnResult) -> str:
    """*result* as the text of a glossary file (docs/glossary-format.md), entries ranked
    by evidence."""
    if not isinstance(result, LearnResult):
        raise TypeError(f"result must be a LearnResult (from fixer.learn.learn), not {show(result)}")
    safety = Counter(c.safety for c in result.entries)
    source = _NOT_IN_COMMENT.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), result.source)
    header = [
        f"# Learned by fixer learn from {source}: {counted(result.documents, 'document')}, "
        f"{counted(result.occurrences, 'changed phrase')}.",
        f"# {counted(len(result.entries), 'entry', 'entries')} ({safety['safe']} safe, {safety['gated']} gated), "
        f"ranked by evidence; {counted(len(result.dropped), 'candidate')} left out, "
        f"{counted(len(result.conflicts), 'conflict')} resolved.",
        "# Review before use: learned entries reflect one spinner and one kind of text.",
    ]
    entries = []
    for c in result.entries:
        entry: dict[str, Any] = {"spun": c.spun, "original": c.original, "kind": c.kind, "safety": c.safety}
        if c.when:
            entry["when"] = c.when
        entry["source"] = f"learned: {counted(c.count, 'occurrence')} in {source}"
        entry["note"] = c.note
        entries.append(entry)
    body = yaml.safe_dump({"version": 1, "entries": entries}, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body
