"""The Fixer: finds spun phrases in a text and puts the originals back."""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import Any, NamedTuple, TypeVar

from mypy_extensions import mypyc_attr

from .casing import (SMALL_WORDS, capitalized, capitals_kept, holds_acronym, keep_spacing, leads_with_acronym,
                     shouted_around, starts_caseless, title_case, transfer_case, transfer_quotes)
from .arguments import each_of, show
from .api import FixerCalls
from .config import Config, check_config, compiled_part
from .engine import Engine, best_engine
from .errors import GlossaryError
from .fuzzy import FuzzyMatcher
from . import articles, gc_pause, language, ngrams, seams
from .cache import FileStates, file_states, settled_states
from .glossary import Conditions, Entry, Glossary, check_disable, check_duplicates, disable_keys, disables
from .inflect import number_variant
from .results import Repair, ScanResult, combined_spin_score, spin_density
from .seams import Seams
from .spans import SpanIndex
from .stream import SEGMENT_CHARS, segments
from .words import only_common
from .text import (ATTACHING, LINE_BREAK, MARKS, SUPERSCRIPT_DIGITS, Folded, Paragraphs, attached, fold, fold_phrase,
                   has_marks, is_word_char, new_block_inside, unbroken, word_after, word_before)

_POSSESSIVE = re.compile(r"'s(?!\w)")
_SAFE = frozenset({"safe"})
_REPORT = frozenset({"report"})
_GATED_AND_REPORT = frozenset({"gated", "report"})
_FIXER = "fixer"  # a key without conditions: what holds is the same in every document
_DOCUMENT = "document"  # a key with document conditions only: the same throughout a document
_BREAKS = frozenset(c for c in map(chr, range(128)) if not is_word_char(c) and c != "'")  # end a word for sure
_PAUSE_FROM = 10_000  # texts from this length on are repaired with garbage collection paused
_T = TypeVar("_T")
_ROUNDS = 3  # at most this many more decisions of a document whose repairs meet its conditions
_BY_CONTEXT = ("word", "grammar")  # the kinds of entry whose original n-gram checks may choose
_NEIGHBOUR_REACH = 256  # characters of repaired text read past a joined form for the words next to it
_new_tuple = tuple.__new__  # builds a named tuple (_Candidate, _Edit, Repair) without a Python-level call


class _Variant(NamedTuple):
    entry: Entry
    replacement: str
    form: str
    folded: str
    safety: str
    when: Conditions | None
    plain: bool
    condition: str
    # whether its conditions look at the document, the word before, the word after: typed
    # tuple[bool, ...], a tuple object when compiled (a fixed-length tuple type is unboxed
    # by mypyc and boxed anew for each variant, so the shared tuples of _LOOKS were not shared)
    looks: tuple[bool, ...]

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt by tuple.__new__ itself: no Python call per variant when a cached
        # compiled glossary is loaded.
        return tuple.__new__, (type(self), tuple(self))


def _variant(entry: Entry, replacement: str, form: str) -> _Variant:
    """A compiled spelling of *entry*; ``plain`` marks an unconditional safe one, and
    ``condition`` says what allows it (the spin gate too, for a gated one)."""
    when = entry.when or None
    condition = when.describe() if when else ""
    # equal strings made one object (interned): fewer objects in a cached Fixer
    return _Variant(entry, sys.intern(replacement), sys.intern(form), sys.intern(fold_phrase(replacement)),
                    entry.safety, when, entry.safety == "safe" and when is None,
                    sys.intern(_with_gate(condition) if entry.safety == "gated" else condition), _looks(when))


def _looks(when: Conditions | None) -> tuple[bool, ...]:
    """Whether the conditions *when* look at the document, at the word before a match,
    at the word after it: one of eight shared tuples (a cached Fixer unpickles no
    tuple per variant)."""
    if when is None:
        return _LOOKS[False, False, False]
    return _LOOKS[bool(when.doc_has or when.doc_lacks), bool(when.prev or when.not_prev),
                  bool(when.next or when.not_next)]


_LOOKS: dict[tuple[bool, bool, bool], tuple[bool, ...]] = {
    (d, b, a): (d, b, a) for d, b, a in itertools.product((False, True), repeat=3)}


_GATE = "the document is judged spun"


def _with_gate(condition: str) -> str:
    """*condition* preceded by the spin gate's."""
    return f"{_GATE}; {condition}" if condition else _GATE


class _Candidate(NamedTuple):
    start: int
    end: int
    variants: Sequence[_Variant]
    method: str = "exact"
    score: float = 100.0
    folded: str = ""
    safeties: frozenset[str] = _SAFE
    memo: str = ""  # _FIXER or _DOCUMENT: its holdings are the same for every exact match of its key


class _Edit(NamedTuple):
    """A decided repair before it becomes a :class:`Repair` (cheap to make)."""

    start: int
    end: int
    spun: str
    replacement: str
    cand: _Candidate
    variant: _Variant
    auto: bool
    note: str

    def to_repair(self, offset: int = 0) -> Repair:
        """The record of this edit, its span moved by *offset*."""
        entry = self.variant.entry
        return _new_tuple(Repair, (self.start + offset, self.end + offset, self.spun, self.replacement, entry.id,
                                   entry.location, entry.kind, self.cand.method, self.cand.score,
                                   self.variant.condition, self.auto, self.note))


class _Scan(NamedTuple):
    edits: list[_Edit]
    spin_score: float
    is_spun: bool
    safe_hits: int
    folded: str  # the folded text, whose words the result counts

    def result(self, offset: int = 0) -> ScanResult:
        """The scan as a public result; *offset*: where the scanned segment starts."""
        return ScanResult(tuple(e.to_repair(offset) for e in self.edits), self.spin_score, self.is_spun,
                          self.safe_hits, _word_count(self.folded))


_Read = tuple[_Candidate, Conditions, bool, int, "str | None", bool]
"""A read of the word next to a candidate: by which candidate, for which conditions,
after it or before, at which gap, in which original (None: in the text), and whether
the conditions held."""


class _Decision(NamedTuple):
    """A decision of a document (see :meth:`Fixer._choose`)."""

    scan: _Scan
    wanted: set[str]  # the phrases of ``doc_has`` conditions that failed for want of them
    applied: list[tuple[_Candidate, _Variant]]  # the repairs applied, in span order
    safe: list[tuple[_Candidate, _Variant]]  # the safe repairs that the spin gate counted
    reads: list[_Read]  # the words next to the candidates left alone that their conditions read


class _Scope(NamedTuple):
    """The paragraphs of a document to decide again, the *before* decision kept elsewhere."""

    ranges: list[tuple[int, int]]  # the paragraphs' spans, in order
    before: _Decision

    def holds(self, at: int) -> bool:
        """Whether the position *at* lies in a paragraph decided again."""
        i = bisect.bisect_right(self.ranges, (at, _AFTER_ALL)) - 1
        return i >= 0 and at < self.ranges[i][1]


_AFTER_ALL = sys.maxsize


def _paragraphs(paragraphs: Paragraphs, candidates: Iterable[_Candidate]) -> list[tuple[int, int]]:
    """The spans, in order, of the *paragraphs* of a text that hold the *candidates* (by start)."""
    spans: list[tuple[int, int]] = []
    for at in sorted(c.start for c in candidates):
        if not spans or at >= spans[-1][1]:
            spans.append(paragraphs.around(at))
    return spans


def _inside(items: list[_T], ranges: list[tuple[int, int]], start: Callable[[_T], int]) -> list[_T]:
    """The *items* (in order of their *start*) that start in one of the *ranges*."""
    out: list[_T] = []
    i = 0
    for lo, hi in ranges:
        i = bisect.bisect_left(items, lo, i, key=start)
        j = bisect.bisect_left(items, hi, i, key=start)
        out += items[i:j]
        i = j
    return out


def _spliced(items: list[_T], new: list[_T], ranges: list[tuple[int, int]], start: Callable[[_T], int]) -> list[_T]:
    """The *items* (in order of their *start*) with those that start in one of the
    *ranges* replaced by *new* (in that order, all starting in the ranges)."""
    out: list[_T] = []
    i = j = 0
    for lo, hi in ranges:
        k = bisect.bisect_left(items, lo, i, key=start)
        out += items[i:k]
        m = bisect.bisect_left(new, hi, j, key=start)
        out += new[j:m]
        i, j = bisect.bisect_left(items, hi, k, key=start), m
    return out + items[i:]


def _word_count(low: str) -> int:
    """The number of words of the folded text *low* (a byte order mark that starts it is no word)."""
    if low.startswith("\ufeff"):
        low = low[1:]
    # folding leaves one blank between words, and at most one at either end
    return low.count(" ") + low.count("\n") + 1 - (low[0] in " \n") - (low[-1] in " \n") if low.strip() else 0


def _apply(text: str, edits: Iterable[Repair | _Edit]) -> str:
    """*text* with the auto *edits*, sorted by start and not overlapping, made."""
    out: list[str] = []
    last = 0
    for r in edits:
        if r.auto:
            out.append(text[last:r.start])
            out.append(r.replacement)
            last = r.end
    out.append(text[last:])
    return "".join(out)


@mypyc_attr(native_class=False)  # a plain class when compiled: it keeps __dict__ (pickling, immutability)
class Fixer(FixerCalls):
    """Repairs spun text with a fixed set of glossaries.

    Build it once (it compiles the glossary) and reuse it: it is immutable, picklable
    and safe to share between threads.
    """

    def __repr__(self) -> str:
        return f"Fixer({self.glossary!r}, {self.config!r})"

    @classmethod
    def _unchecked(cls, glossary: Glossary, config: Config | None = None) -> Fixer:
        """A Fixer over *glossary* that does not refuse chains: for looking for them
        with :meth:`chains`, never for repairing."""
        fixer = cls.__new__(cls)
        fixer._build(glossary, config, None)
        return fixer

    def _build(self, glossary: Glossary, config: Config | None, engine: type | None) -> None:
        """Compile *glossary* (see :meth:`__init__`)."""
        if not isinstance(glossary, Glossary):
            hint = " (to build one from glossary files, use Fixer.from_files(paths))" if isinstance(
                glossary, (str, os.PathLike, list, tuple)) else ""
            raise TypeError(f"glossary must be a Glossary, e.g. fixer.load_glossaries(), not "
                            f"{type(glossary).__name__}{hint}")
        check_config(config)
        if engine is not None and not (isinstance(engine, type) and callable(getattr(engine, "find", None))):
            raise TypeError(f"engine must be a class of fixer.engine (built from the keys, with a find method), "
                            f"such as fixer.engine.ScanEngine, not {show(engine)}")
        self.glossary = glossary
        self.config = _usable(config or Config())
        check_duplicates(glossary.entries)  # a glossary made in code: its files' loader did it for theirs
        check_disable(glossary, sorted(self.config.disable))
        self._engine_type = engine
        table = _compile(glossary, self.config)
        shared: dict[frozenset[str], frozenset[str]] = {}  # one object per distinct set: a smaller cache
        self._keys = {}
        for key, vs in table.items():
            safeties = frozenset(v.safety for v in vs)
            checked = (_FULL_CASE if any(map(_case_checked, vs))
                       else _CAPITAL if any(_lone_word(v.entry, v.form) for v in vs) else 0)
            self._keys[key] = (vs, shared.setdefault(safeties, safeties), checked, _memo_scope(vs), " " in key)
        self._fuzzy = FuzzyMatcher(table, self.config.fuzzy_cutoff) if self.config.fuzzy else None
        anchors = self._fuzzy.anchors if self._fuzzy is not None else frozenset()
        self._guarded = _guarded_originals(table)
        self._common_names = frozenset(key for key, vs in table.items() if any(_common_name(key, v) for v in vs))
        self._seams = Seams(key for key, variants in table.items() if any(v.safety != "report" for v in variants))
        # the phrases of document conditions: found in the text by the one search pass, and
        # by their own engine in the originals that repairs put in
        phrases = {p for vs in table.values() for v in vs if v.when is not None
                   for p in v.when.doc_has + v.when.doc_lacks if len(p) > _SCANNED_ONLY}
        self._engine: Engine = (engine or best_engine)(set(table) | anchors | self._guarded | phrases)
        self._doc_phrases = frozenset(phrases)
        self._doc_engine: Engine = (engine or best_engine)(phrases)
        self._protect = _protected_phrases(self.config)
        self._holdings: dict[frozenset[str], dict[str, tuple[Sequence[_Variant], _Variant | None]]] = {}
        self._built = True

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_built"):
            raise AttributeError(f"Fixer is immutable: cannot set {name!r} (build another, e.g. "
                                 "Fixer(fixer.glossary, config) or Fixer.from_files(paths, **overrides))")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Fixer is immutable: cannot delete {name!r}")

    def _with_config(self, config: Config | None, overrides: dict[str, Any]) -> Fixer:
        """:meth:`with_config`, with its keyword arguments as the dict *overrides*."""
        check_config(config)
        config = _usable(replace(config or self.config, **overrides))
        if config == self.config:
            return self
        if compiled_part(config) != compiled_part(self.config):
            return type(self)(self.glossary, config, engine=self._engine_type)
        fixer = type(self).__new__(type(self))
        fixer.__setstate__({**self.__getstate__(), "config": config, "_protect": _protected_phrases(config)})
        if config.ngrams and not self.config.ngrams:
            fixer._check_alternatives()
        return fixer

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_holdings"]  # a memo, refilled as texts are repaired
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _holdings={})

    def _fix(self, text: str) -> str:
        """:meth:`fix`, once *text* is known to be a ``str``."""
        with _quiet_gc(text):
            if len(text) <= SEGMENT_CHARS:
                return _apply(text, self._decide(text, applied_only=True).edits)
            return "".join(_apply(segment, self._decide(segment, applied_only=True).edits) for segment in segments(text))

    def _fix_and_scan(self, text: str) -> tuple[str, ScanResult]:
        """:meth:`fix_and_scan`, once *text* is known to be a ``str``."""
        with _quiet_gc(text):
            if len(text) <= SEGMENT_CHARS:
                scan = self._decide(text)
                return _apply(text, scan.edits), scan.result()
            result = self._scan(text)
            return _apply(text, result.repairs), result  # the scan's own repairs: sorted, none overlapping

    def _scan(self, text: str) -> ScanResult:
        """:meth:`scan`, once *text* is known to be a ``str``."""
        with _quiet_gc(text):
            if len(text) <= SEGMENT_CHARS:
                return self._decide(text).result()
            results = []
            offset = 0
            for segment in segments(text):
                results.append(self._decide(segment).result(offset))
                offset += len(segment)
            repairs = tuple(r for res in results for r in res.repairs)
            return ScanResult(repairs, combined_spin_score(results), any(r.is_spun for r in results),
                              sum(r.safe_hits for r in results), sum(r.words for r in results))

    def _decide(self, text: str, applied_only: bool = False) -> _Scan:
        """The repairs to make in one document (at most :data:`SEGMENT_CHARS` long);
        with *applied_only*, none when none could be applied (the report-only ones and
        the spin score are then left out: what :meth:`fix` needs).

        A document condition that asks for a phrase the text lacks is decided again,
        with the folded repaired text counted as part of the document, when the
        repairs put that phrase in: a second run would see it; and a document where a
        phrase left alone read its neighbour otherwise than as it is repaired is
        decided again with the repairs made as its neighbours (at most
        :data:`_ROUNDS` more rounds). In a document that does not read as English (see
        :mod:`fixer.language`) every repair is only reported."""
        folded = fold(text)
        low = folded.text
        hits = self._engine.find(low)
        candidates, guards = self._candidates(text, folded, hits)
        candidates.sort(key=_span_order)
        if self._fuzzy is not None:
            anchors = self._fuzzy.anchors
            anchor_hits = [h for h in hits if h[2] in anchors]
            if anchor_hits:
                # the fuzzy matches give way to the safe exact ones that can apply together: one
                # that loses to an overlapping exact match is gone from the repaired text, and a
                # second run would make the fuzzy match it stood in the way of
                exact = [c for c, _ in _resolve([(c, c) for c in candidates if "safe" in c.safeties])]
                fuzzy = self._fuzzy.find(text, folded, exact, anchor_hits,
                                         functools.partial(self._protected, low) if self._protect else None, self._keys)
                if fuzzy:
                    candidates += fuzzy
                    candidates.sort(key=_span_order)
        if not candidates or (applied_only and not self._may_apply(candidates)):
            return _Scan([], 0.0, self._judged_spun(0, 0.0), 0, low)
        repaired = ""
        neighbours: list[tuple[_Candidate, _Variant]] | None = None
        decision = self._choose(text, folded, hits, candidates, guards, repaired, neighbours)
        paragraphs: Paragraphs | None = None  # once a round needs them
        gate: bool | None = None  # the spin gate held shut once it has opened and closed from round to round
        opened = decision.scan.is_spun
        for _ in range(_ROUNDS):
            wanted = decision.wanted
            output = fold(_apply(text, decision.scan.edits)).text if wanted else ""
            adds = bool(output) and any(phrase in output and _whole_words(phrase).search(output) for phrase in wanted)
            misread = _misread(text, decision.reads, decision.applied)
            if not (adds or misread):
                break
            if misread:
                neighbours = [(e.cand, e.variant) for e in decision.scan.edits if e.auto]
            scope = None
            if adds:
                repaired = output
            else:  # only the paragraphs that misread: conditions read no neighbour across a paragraph break
                if paragraphs is None:
                    paragraphs = Paragraphs(text)
                scope = _Scope(_paragraphs(paragraphs, misread), decision)
            decision = self._choose(text, folded, hits, candidates, guards, repaired, neighbours, scope, gate)
            if decision.scan.is_spun != opened:  # it would open and close in turn: shut, as a second run
                gate = False                     # that sees fewer spun phrases is likely to judge
        scan = decision.scan
        if self.config.english_only and any(e.auto for e in scan.edits) and not language.reads_as_english(low):
            return scan._replace(edits=[e._replace(auto=False, note=language.NOTE) if e.auto else e
                                        for e in scan.edits])
        return scan

    def _choose(self, text: str, folded: Folded, hits: list[tuple[int, int, str]], candidates: list[_Candidate],
                guards: list[tuple[int, int]], repaired: str, neighbours: list[tuple[_Candidate, _Variant]] | None,
                scope: _Scope | None = None, gate: bool | None = None) -> _Decision:
        """The decision among the *candidates* of :meth:`_decide` (found among the
        engine's *hits*), with the folded *repaired* text (if any) counted as part of the
        document and the repairs of an earlier decision (if any) read as the
        *neighbours* of the candidates. With a *scope*, only the candidates in its
        paragraphs are decided, the earlier decision kept elsewhere, unless the spin gate
        would then judge the document otherwise: then the whole document is. With a
        *gate*, the spin gate is open or shut as it says, whatever the document."""
        low = folded.text
        deciding, reading = candidates, neighbours
        if scope is not None:  # the neighbours in its paragraphs: none is read across a paragraph break
            deciding = _inside(candidates, scope.ranges, _cand_start)
            reading = None if neighbours is None else _inside(neighbours, scope.ranges, _pair_start)
        doc = _Document(folded, candidates, hits, self._doc_phrases, self._doc_engine, repaired, reading)
        cfg = self.config
        safe_memos = {_FIXER: self._memo(_SAFE), _DOCUMENT: {}}  # by the candidates' memo scope
        safe_candidates = [c for c in deciding if "safe" in c.safeties]
        holding = [_held(text, doc, c, _SAFE, safe_memos.get(c.memo))[0] for c in safe_candidates]
        safe = _resolve([(c, vs[0]) for c, vs in zip(safe_candidates, holding) if vs and c.method == "exact"])
        if scope is not None:
            safe = _spliced(scope.before.safe, safe, scope.ranges, _pair_start)
        safe_hits = len(safe)
        density = spin_density(safe_hits, _word_count(low)) if safe_hits else 0.0
        distinct = len({v.entry.id for _, v in safe})
        is_spun = self._judged_spun(distinct, density) if gate is None else gate
        if scope is not None and is_spun != scope.before.scan.is_spun:
            return self._choose(text, folded, hits, candidates, guards, repaired, neighbours, None, gate)
        others = _GATED_AND_REPORT if is_spun else _REPORT
        other_memos = {_FIXER: self._memo(others), _DOCUMENT: {}}
        guarded = SpanIndex(guards) if is_spun and guards else None
        auto: list[tuple[_Candidate, _Variant]] = []
        reported: list[tuple[_Candidate, _Variant]] = []
        held = iter(holding)
        for cand in deciding:
            if "safe" in cand.safeties:
                usable = next(held)
                if usable:
                    auto.append((cand, usable[0]))
                    continue
            memo = other_memos.get(cand.memo)
            found = memo.get(cand.folded) if memo is not None else None
            if found is None:
                if others.isdisjoint(cand.safeties):
                    continue
                found = _held(text, doc, cand, others, memo)
            usable, chosen = found
            if guarded is not None and usable and guarded.overlaps(cand.start, cand.end):
                usable = [v for v in usable if v.safety != "gated"]
                chosen = _first_auto(usable)
            if chosen is not None:
                auto.append((cand, chosen))
            elif usable:
                reported.append((cand, usable[0]))
        if cfg.ngrams:
            auto = [cv for cv in (self._by_context(text, c, v) for c, v in auto) if cv is not None]
        applied, edits, joining = self._without_joins(text, auto)
        if reported or joining:
            taken = SpanIndex([(c.start, c.end) for c, _ in applied] + [(e.start, e.end) for e in joining])
            edits += joining + _edits(text, [(c, v) for c, v in _resolve(reported)
                                             if not taken.overlaps(c.start, c.end)], False)
            edits.sort(key=_start)
        if cfg.fix_articles:
            edits = articles.agree(text, edits, functools.partial(self._protected, low) if self._protect else None)
        made = {id(c) for c, _ in applied}
        wanted, reads = doc.wanted, [r for r in doc.reads if id(r[0]) not in made]
        if scope is not None:
            before = scope.before
            edits = _spliced(before.scan.edits, edits, scope.ranges, _start)
            applied = _spliced(before.applied, applied, scope.ranges, _pair_start)
            reads = [r for r in before.reads if not scope.holds(r[0].start)] + reads
            wanted = before.wanted | wanted
        return _Decision(_Scan(edits, density, is_spun, safe_hits, low), wanted, applied, safe, reads)

    def _may_apply(self, candidates: list[_Candidate]) -> bool:
        """Whether a repair of *candidates* could be applied: one of a ``safe`` entry, or
        any in a document judged spun without one (gated entries need the gate open, which
        takes safe entries unless the gate is forced or set to nothing)."""
        return self._judged_spun(0, 0.0) or any("safe" in c.safeties for c in candidates)

    def _judged_spun(self, distinct: int, density: float) -> bool:
        """Whether a document with *distinct* safe entries at spin score *density* is spun."""
        cfg = self.config
        return cfg.force_gated or (cfg.gate and distinct >= cfg.gate_min_entries and density >= cfg.gate_min_density)

    def _without_joins(self, text: str, auto: list[tuple[_Candidate, _Variant]]
                       ) -> tuple[list[tuple[_Candidate, _Variant]], list[_Edit], list[_Edit]]:
        """The repairs to apply among *auto* (leftmost-longest), none of which reads
        as part of another spun form with the words around it (see
        :mod:`fixer.seams`); their edits; and the edits of those left out for that,
        made report-only."""
        applied = _resolve(auto)
        edits = _edits(text, applied, True)
        left_out: list[_Edit] = []
        while True:
            joins = self._joins(text, edits)
            if not joins and not left_out:
                return applied, edits, []
            if not joins:
                taken = SpanIndex((c.start, c.end) for c, _ in applied)
                shown = [(e.cand, e) for e in sorted(left_out, key=_start) if not taken.overlaps(e.start, e.end)]
                return applied, edits, [e for _, e in _resolve(shown)]
            for i, key in joins:
                note = f"with the words next to it, it would read as spun {key!r}"
                left_out.append(edits[i]._replace(auto=False, note=note))
            dropped = {id(edits[i].cand) for i, _ in joins}
            auto = [cv for cv in auto if id(cv[0]) not in dropped]
            applied = _resolve(auto)  # a candidate that overlapped a dropped one may apply now
            edits = _edits(text, applied, True)

    def _joins(self, text: str, edits: list[_Edit]) -> list[tuple[int, str]]:
        """The *edits* to leave out in this round, with the spun form each would make.

        An edit that makes a spun form with the text around it, whatever its
        neighbours, goes; an edit that makes one only with a neighbouring repair is
        left for the next round (the neighbour may go), unless no edit goes on its
        own: then each such edit goes whose neighbour before it does not (a long text
        with many of them takes a few rounds, not one per edit).
        """
        found: list[tuple[int, str]] = []
        with_neighbour: list[tuple[int, str]] = []
        for i, before, after in self._seams.suspects(text, edits):
            if found and found[-1][0] == i - 1:  # its neighbour goes back to the spun text: next round
                continue
            key = self._joined(text, edits, i, before, after)
            if not key:
                continue
            alone = [edits[i]]
            if any(self._joined(text, alone, 0, b, a) for _, b, a in self._seams.suspects(text, alone)):
                found.append((i, key))
            else:
                with_neighbour.append((i, key))
        if found:
            return found
        going: list[tuple[int, str]] = []
        for i, key in with_neighbour:
            if not (going and going[-1][0] == i - 1):  # its neighbour goes: next round
                going.append((i, key))
        return going

    def _joined(self, text: str, edits: Sequence[_Edit], i: int, before: int, after: int) -> str:
        """The folded spun form that the replacement of ``edits[i]`` and the words
        around it in the repaired text would make, or "" (*before*, *after*: see
        :meth:`fixer.seams.Seams.suspects`). A form counts unless the conditions on
        its neighbouring words rule out every entry that would change it there."""
        window, start, end = seams.window(text, edits, i, before, after)
        folded = fold(window)
        squeezed = len(window) - len(folded.text)  # folded offsets lie at most this far before the input's
        hits = [h for h in self._engine.find(folded.text)
                if (h[0] < start and h[1] > start - squeezed) or (h[0] < end and h[1] > end - squeezed)]
        wide: tuple[str, int] | None = None  # a window that holds the form's neighbouring words, and its shift
        for cand in self._candidates(window, folded, hits)[0]:
            if not (cand.start < start < cand.end or cand.start < end < cand.end):
                continue
            for v in cand.variants:
                if v.safety == "report" or v.folded == cand.folded:
                    continue
                if v.when is None or not _readable_neighbour_conditions(v.when):
                    return cand.folded
                if wide is None:
                    wide_text, wide_start, _ = seams.window(text, edits, i, before + _NEIGHBOUR_REACH,
                                                            after + _NEIGHBOUR_REACH)
                    wide = wide_text, wide_start - start
                if _neighbours_allow(v.when, wide[0], cand.start + wide[1], cand.end + wide[1]):
                    return cand.folded
        return ""

    def _memo(self, safeties: frozenset[str]) -> dict[str, tuple[Sequence[_Variant], _Variant | None]]:
        """This Fixer's memo of :func:`_held` for condition-free keys and *safeties*."""
        memo = self._holdings.get(safeties)
        if memo is None:
            memo = self._holdings.setdefault(safeties, {})
        return memo

    def _candidates(self, text: str, folded: Folded, hits: Iterable[tuple[int, int, str]],
                    protect: bool = True) -> tuple[list[_Candidate], list[tuple[int, int]]]:
        """Exact candidates among the engine's *hits* (on word boundaries, not attached to
        a word outside them by a hyphen or inside a URL, path or address (see
        :func:`fixer.text.attached`), of the right case where an entry asks for it; a safe
        name made of common words gated in a Title Case line that holds no other safe spun
        phrase, see :func:`_title_line`; none for a quoted spun form whose original its
        paragraph quotes too, an example of spinning, see :class:`_Quotations`), and the
        spans of the guarded originals found (see :func:`_guarded_originals`)."""
        low = folded.text
        n = len(low)
        out: list[_Candidate] = []
        guards = []
        table = self._keys
        guarded = self._guarded
        common_names = self._common_names
        protecting = protect and bool(self._protect)
        input_span = folded.input_span
        # the folded stretch that one shift maps back to the input, as found for the last
        # hit (hits come in order, most of them in the same stretch)
        run_start, run_end, shift = folded.run(0)
        titled: list[tuple[int, int, int]] = []  # a common-word name's candidate in a Title Case line, and the line
        quotations: _Quotations | None = None
        for start, end, key in hits:
            # word boundaries first: they read the text at hand, the tables are far larger
            if start and low[start - 1] not in _BREAKS and (is_word_char(low[start - 1]) or (
                    low[start - 1] == "'" and start > 1 and is_word_char(low[start - 2]))):
                continue
            if end < n and low[end] not in _BREAKS and (is_word_char(low[end]) or (
                    low[end] == "'" and end + 1 < n and is_word_char(low[end + 1]) and not _POSSESSIVE.match(low, end))):
                continue
            info = table.get(key)
            if info is None and key not in guarded:
                continue
            if not run_start <= start < run_end:
                run_start, run_end, shift = folded.run(start)
            s, e = (start + shift, end + shift) if end <= run_end else input_span(start, end)
            if (text[s - 1:s] in ATTACHING or text[e:e + 1] in ATTACHING) and attached(text, s, e):
                continue
            if key in guarded:
                guards.append((s, e))
            if info is None:
                continue
            variants, safeties, case_checked, memo, spaced = info
            if spaced and new_block_inside(text, s, e):
                continue
            if s and text[s - 1] in _OPENING_MARKS and _quoted_at(text, s, e):
                if quotations is None:
                    quotations = _Quotations(text)
                if quotations.holds_original(s, variants):
                    continue
            line = None
            if case_checked == _FULL_CASE or (case_checked and text[s].isupper()):  # see _lone_word
                variants = tuple(v for v in variants if case_fits(v.entry, v.form, text, s, e))
                if not variants:
                    continue
                if key in common_names:
                    line = _title_line(text, s, e, common_names)
                safeties = frozenset(v.safety for v in variants)
                memo = ""
            if not protecting or not self._protected(low, start, end):
                if line is not None:
                    titled.append((len(out), *line))
                out.append(_new_tuple(_Candidate, (s, e, variants, "exact", 100.0, key, safeties, memo)))
        if titled:
            _gate_lone_names(out, titled)
        return out, guards

    def _protected(self, low: str, start: int, end: int) -> bool:
        """Whether the span *start*-*end* of the folded text overlaps a protected phrase."""
        return bool(protecting(self._protect, low, start, end))

    def _by_context(self, text: str, cand: _Candidate, variant: _Variant) -> tuple[_Candidate, _Variant] | None:
        """With n-grams on: the most likely original for a single-word repair in its
        context, or None when the spun word fits the context better than any."""
        entry = variant.entry
        if entry.kind not in _BY_CONTEXT or " " in variant.form.strip():
            return cand, variant
        model = ngrams.english_model()
        prev = word_before(text, cand.start)[0]
        nxt = word_after(text, cand.end)[0]
        prev_w = None if prev == "^" else prev
        next_w = None if nxt == "$" else nxt
        options = (variant.replacement,) + entry.alternatives
        scores = [model.score(prev_w, o.lower(), next_w) for o in options]
        scored = options[scores.index(max(scores))]
        if model.score(prev_w, fold_phrase(variant.form), next_w) - model.score(prev_w, scored.lower(), next_w) > ngrams.VETO_MARGIN:
            return None
        return cand, variant._replace(replacement=scored, folded=fold_phrase(scored))

    def _check_chains(self) -> None:
        """Refuse glossaries in which a repair would itself be repaired again."""
        for entry, other, form in self._chains(self.glossary.entries):
            chain = "(a chain: fixing twice would change the text again)"
            if other is entry:
                raise GlossaryError(f"{entry.location}: original {entry.original!r} contains its own spun form "
                                    f"{form!r} {chain}")
            files = list(dict.fromkeys(e.file for e in self.glossary.entries))  # in the order they were layered
            if files.index(other.file) > files.index(entry.file):  # the file layered later made the chain: named first
                raise GlossaryError(f"{other.location}: spun form {form!r} is in the original {entry.original!r} "
                                    f"of the entry at {entry.location} {chain}")
            raise GlossaryError(f"{entry.location}: original {entry.original!r} contains spun form {form!r} "
                                f"of the entry at {other.location} {chain}")
        self._check_alternatives()

    def _check_alternatives(self) -> None:
        """With n-gram checks on, refuse glossaries in which an alternative original
        that the checks may write would itself be repaired again."""
        if not self.config.ngrams:
            return
        for entry, other, form in self._chains(alternatives_as_originals(self.glossary.entries)):
            raise GlossaryError(f"{entry.location}: alternative {entry.original!r} contains spun form {form!r} of "
                                f"the entry at {other.location} (a chain: with n-gram checks on, fixing twice would "
                                "change the text again)")

    def _chains(self, entries: Entry | Iterable[Entry]) -> Iterator[tuple[Entry, Entry, str]]:
        """:meth:`chains`."""
        for entry in each_of(entries, Entry, "entries", "an Entry", "Entry records"):
            if not entry.auto:
                continue
            probe = "\n\n".join(f" {written} " for written in _renderings(entry))  # a blank line: no phrase across
            folded = fold(probe)
            seen = set()
            # protected phrases left in: a chain is the glossary's, whatever the settings
            # (with_config shares the compiled glossary with other protect settings)
            for cand in self._candidates(probe, folded, self._engine.find(folded.text), protect=False)[0]:
                for v in cand.variants:
                    if v.entry.safety == "safe" and (v.entry, v.form) not in seen and (
                            v.when is None or _may_hold_inside(v.when, probe, cand, entry.when)):
                        seen.add((v.entry, v.form))
                        yield entry, v.entry, v.form


def _may_hold_inside(when: Conditions, probe: str, cand: _Candidate, outer: Conditions) -> bool:
    """Whether the conditions *when* of a spun form found at *cand* inside an original,
    written alone on its line of *probe*, may hold where the original is put in by an
    entry with the conditions *outer*: a document condition may; a condition on a word
    next to the form is read where that word is the original's own, and at the
    original's edge, where the word is the text's, it is met by one of the words that
    the outer entry asks for on that side, or, where it asks for none, unless it asks
    for given words itself (one of them just there is taken for chance)."""
    before = probe[:cand.start].rstrip(" ")
    after = probe[cand.end:].lstrip(" ")
    return (_side_may_hold(when, False, not before or before.endswith("\n"), probe, cand.start, outer.prev)
            and _side_may_hold(when, True, not after or after.startswith("\n"), probe, cand.end, outer.next))


def _side_may_hold(when: Conditions, after: bool, at_edge: bool, probe: str, at: int, given: frozenset[str]) -> bool:
    """:func:`_may_hold_inside` for the word before *at* in *probe* (or *after* it)."""
    wanted, unwanted = (when.next, when.not_next) if after else (when.prev, when.not_prev)
    if not (wanted or unwanted):
        return True
    if not at_edge:
        return _neighbour_allows(when, after, word_after(probe, at) if after else word_before(probe, at))
    if given:
        return any(_neighbour_allows(when, after, (word,)) for word in given)
    return not wanted


def _held(text: str, doc: _Document, cand: _Candidate, safeties: frozenset[str],
          memo: dict[str, tuple[Sequence[_Variant], _Variant | None]] | None) -> tuple[Sequence[_Variant], _Variant | None]:
    """:func:`_holding` and the first of its variants that is not report-only, looked
    up in (and kept in) *memo* when one is given for the candidate's key."""
    if memo is None:
        usable: Sequence[_Variant] = _holding(text, doc, cand, safeties)
        return usable, _first_auto(usable)
    found = memo.get(cand.folded)
    if found is None:
        usable = tuple(_holding(text, doc, cand, safeties))
        found = memo[cand.folded] = (usable, _first_auto(usable))
    return found


def _holding(text: str, doc: _Document, cand: _Candidate, safeties: frozenset[str]) -> list[_Variant]:
    """The variants of *cand* with one of *safeties* whose conditions hold and that
    would change the text."""
    here = cand.folded or fold_phrase(text[cand.start:cand.end])
    return [v for v in cand.variants if v.safety in safeties and v.folded != here
            and (v.when is None or _conditions_hold(v.when, v.looks, text, doc, cand))]


def _conditions_hold(when: Conditions, looks: tuple[bool, ...], text: str, doc: _Document,
                     cand: _Candidate) -> bool:
    """Whether the conditions *when*, which look at what *looks* says (see
    :func:`_looks`), hold at *cand* (document conditions and the words next to it: as
    a second run would see them, see :class:`_Document`)."""
    document, before, after = looks
    if document and not doc.allows(when):
        return False
    if before and not doc.neighbour_allows(text, cand, when, False):
        return False
    return not after or doc.neighbour_allows(text, cand, when, True)


def alternatives_as_originals(entries: Iterable[Entry]) -> list[Entry]:
    """Each alternative original of *entries* that n-gram checks may choose (those of
    single-word entries), as the original of an entry of its own."""
    return [replace(e, original=alt, alternatives=()) for e in entries
            if e.auto and e.kind in _BY_CONTEXT for alt in e.alternatives]


def _renderings(entry: Entry) -> list[str]:
    """The ways a repair by *entry* can write its original: as written, in the case of
    its spun forms as written (at a sentence start or not), with a capital first letter,
    in Title Case (with its small words in lower case, or capitalised too), in upper case."""
    original = entry.original
    spun_cases = {transfer_case(spun, original, start) for spun in entry.spun for start in (False, True)}
    return sorted({original, original.upper(), capitalized(original), title_case(original),
                   title_case(original, every_word=True)} | spun_cases)


def check_fixer(fixer: Any) -> None:
    """A TypeError unless *fixer* is a :class:`Fixer`."""
    if not isinstance(fixer, Fixer):
        raise TypeError(f"fixer must be a Fixer, not {type(fixer).__name__}")


def _usable(config: Config) -> Config:
    """*config*, once what it needs is known to be installed (n-gram checks: symspellpy)."""
    if config.ngrams:
        ngrams.require()
    return config


def shared_fixer(paths: Sequence[str], default: bool, config: Config) -> Fixer:
    """``Fixer.from_files(paths, default=default, config=config)``, over a compiled
    glossary that this process shares with the Fixers made here for the same files and
    a configuration that differs only in settings applied after compiling (see
    :meth:`Fixer.with_config`); the last :data:`_SHARED` compiled glossaries are kept,
    and compiled again when one of their files changed (see :func:`fresh`)."""
    return shared_fixer_and_states(paths, default, config)[0]


def shared_fixer_and_states(paths: Sequence[str], default: bool, config: Config) -> tuple[Fixer, FileStates | None]:
    """:func:`shared_fixer`, and the states of its glossary files when they were compiled
    (see :func:`fixer.cache.file_states`): what :func:`fresh` compares with later."""
    key = (tuple(paths), default, compiled_part(config))
    compiled, states = _compiled_fixer(*key)
    if not fresh(compiled, states):
        _compiled_fixer.cache_clear()
        compiled, states = _compiled_fixer(*key)
    return compiled.with_config(config), states


def fresh(fixer: Fixer, states: FileStates | None) -> bool:
    """Whether the glossary files *fixer* was compiled from are as they were then
    (*states*, see :func:`fixer.cache.file_states`)."""
    return states is not None and states == file_states(fixer.glossary.files)


_SHARED = 8


@functools.lru_cache(maxsize=_SHARED)
def _compiled_fixer(paths: tuple[str, ...], default: bool, config: Config) -> tuple[Fixer, FileStates | None]:
    """The glossaries of *paths* (and the default one, if *default*) compiled for
    *config*, the part of a configuration a compiled glossary depends on; and the states
    of their files then (None when one changed while they were read: compiled again at
    the next use)."""
    started = time.time_ns()
    fixer = Fixer.from_files(paths, default=default, config=config)
    return fixer, settled_states(fixer.glossary.files, started)


def protecting(phrases: Iterable[str], low: str, start: int, end: int) -> str:
    """The first of the folded *phrases* that overlaps the span *start*-*end* of the
    folded text *low* standing as whole words ("" if none: ``--protect art`` leaves
    "heart" alone)."""
    n = len(low)
    for phrase in phrases:
        size = len(phrase)
        whole_start, whole_end = is_word_char(phrase[0]), is_word_char(phrase[-1])
        pos = low.find(phrase, max(0, start - size), end + size)
        while 0 <= pos < end:
            stop = pos + size
            if stop > start and not (whole_start and pos and is_word_char(low[pos - 1])) and not (
                    whole_end and stop < n and is_word_char(low[stop])):
                return phrase
            pos = low.find(phrase, pos + 1, end + size)
    return ""


def _protected_phrases(config: Config) -> tuple[str, ...]:
    """The folded phrases of ``config.protect`` (a blank phrase protects nothing)."""
    return tuple(filter(None, map(fold_phrase, config.protect)))


@functools.lru_cache(maxsize=65536)
def _render(matched: str, replacement: str, sentence_start: bool = False) -> str:
    """*replacement* with the case, quote style and spacing of *matched* (which starts a
    sentence if *sentence_start*: see :func:`fixer.casing.transfer_case`)."""
    words = unbroken(matched)
    return keep_spacing(matched, transfer_quotes(words, transfer_case(words, replacement, sentence_start)))


def _compile(glossary: Glossary, config: Config) -> dict[str, tuple[_Variant, ...]]:
    """Map every folded spun form (and its inflected variants) to its entries."""
    table: dict[str, list[_Variant]] = {}
    inflected: dict[str, list[_Variant]] = {}
    disabled = disable_keys(config.disable)
    for entry in glossary.entries:
        if disables(disabled, entry):
            continue
        for form in entry.spun:
            table.setdefault(sys.intern(fold_phrase(form)), []).append(_variant(entry, entry.original, form))
            if entry.inflect:
                other = number_variant(form, entry.original)
                if other:
                    inflected.setdefault(sys.intern(fold_phrase(other[0])), []).append(
                        _variant(entry, other[1], other[0]))
    for key, variants in inflected.items():
        table.setdefault(key, variants)
    return {key: tuple(variants) for key, variants in table.items()}


def _common_name(key: str, variant: _Variant) -> bool:
    """Whether *variant* (of the folded spun form *key*) is a safe name made of common
    English words ("White Home", "Fact Social"), which its capitals alone tell from
    ordinary words."""
    return variant.safety == "safe" and variant.entry.kind == "name" and only_common(key)


def _gated(variant: _Variant) -> _Variant:
    """*variant* applied only in a document judged spun."""
    return variant._replace(safety="gated", plain=False, condition=_with_gate(variant.condition))


def _quoted_at(text: str, start: int, end: int) -> bool:
    """Whether the match ``text[start:end]``, after an opening mark of
    :data:`_OPENING_MARKS`, stands in quotation marks of its own: a closing mark of the
    same kind (double or single) follows, after a comma or period too ('"White Home,"')."""
    marks = _QUOTE_MARKS if text[start - 1] in _QUOTE_MARKS else _SINGLE_MARKS
    after = text[end:end + 1]
    if after and after in _INSIDE_CLOSING:
        after = text[end + 1:end + 2]
    return after != "" and after in marks


class _Quotations:
    """The phrases a text quotes, folded, by paragraph: found on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._paragraphs = Paragraphs(text)
        self._found: dict[int, frozenset[str]] = {}

    def holds_original(self, at: int, variants: Sequence[_Variant]) -> bool:
        """Whether the paragraph of the input offset *at* quotes an original of one of
        *variants*: a quoted spun form there is an example of spinning ('turn "White
        House" into "White Home"')."""
        lo, hi = self._paragraphs.around(at)
        found = self._found.get(lo)
        if found is None:
            found = self._found[lo] = frozenset(fold_phrase((m.group(1) or m.group(2)).rstrip(_INSIDE_CLOSING + " "))
                                                for m in _QUOTED.finditer(self._text, lo, hi))
        return any(v.folded in found for v in variants)


_QUOTE_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb"
_SINGLE_MARKS = "'\u2018\u2019"
_OPENING_MARKS = _QUOTE_MARKS + _SINGLE_MARKS
_INSIDE_CLOSING = ".,;:!?"
"""What may stand inside a closing quotation mark after the quoted words ('"White Home,"')."""
_QUOTED = re.compile(f"[{_QUOTE_MARKS}]([^{_QUOTE_MARKS}\\n\\r]{{1,200}})[{_QUOTE_MARKS}]"
                     f"|(?<!\\w)[{_SINGLE_MARKS}]([^{_SINGLE_MARKS}\\n\\r]{{1,200}})['\u2019](?!\\w)")
"""A quotation within a line: in double quotation marks (straight, curly, low or
guillemets), or in single ones that stand apart from words (not apostrophes)."""


def _gate_lone_names(out: list[_Candidate], titled: Sequence[tuple[int, int, int]]) -> None:
    """Gate, in *out*, each common-word name of *titled* (its index in *out* and the
    bounds of its Title Case line) whose line holds no other safe spun phrase: its
    capitals may be the heading's alone. The candidates are looked up by where they start
    (a page of many such lines would otherwise cost the square of its candidates)."""
    order = sorted(range(len(out)), key=lambda k: out[k].start)
    starts = [out[k].start for k in order]
    longest = max(c.end - c.start for c in out)
    for i, lo, hi in titled:
        cand = out[i]
        near = (out[k] for k in order[bisect.bisect_left(starts, lo - longest):bisect.bisect_left(starts, hi)])
        if not any(lo < c.end and (c.end <= cand.start or cand.end <= c.start) and "safe" in c.safeties
                   for c in near):
            variants = tuple(_gated(v) if _common_name(cand.folded, v) else v for v in cand.variants)
            out[i] = cand._replace(variants=variants, safeties=frozenset(v.safety for v in variants))


def _title_line(text: str, start: int, end: int, names: frozenset[str]) -> tuple[int, int] | None:
    """The bounds of the line around the match ``text[start:end]``, or of its part
    between separators (brackets, a bar, a colon, a dash: "Posted today: ...",
    "[...](https://...)", "... | 12 photos"; note and link marks are no separators,
    see :data:`fixer.text.MARKS`), when that stretch, which ends within
    :data:`_TITLE_REACH` characters of the match on either side, is in Title Case (a
    heading, "Inside a Minimalist White Home in Copenhagen"), whose capitals tell
    nothing of a name: every other word of it but the small ones starts with a capital,
    and two or more of them are not words of the *names* (spun names made of common
    words) that the stretch holds ("White Home Wall Road Report" is no heading); else None."""
    after = _LINE_WORD.search(text, end, end + _TITLE_REACH)
    if after is not None and after.group()[0].islower() and after.group().lower() not in _TITLE_SMALL_WORDS and (
            _TITLE_BREAK.search(text, end, after.start()) is None):
        return None  # most matches: a word in lower case right after it ("the White Home said")
    # only the stretch is measured, not the rest of its line: repairs there change the
    # line's length, and a second run would then judge the stretch otherwise
    reach = max(0, start - _TITLE_REACH)
    line_break = max(text.rfind("\n", reach, start), text.rfind("\r", reach, start))
    lo = line_break + 1 if line_break >= 0 else reach
    far = min(len(text), end + _TITLE_REACH)
    hi = min([i for i in (text.find("\n", end, far), text.find("\r", end, far)) if i >= 0], default=far)
    line = text[lo:hi]
    if has_marks(line):
        line = MARKS.sub(_blanks, _LINK_TEXT_OPEN.sub(" ", line))  # note and link marks read as blanks
    start, end = start - lo, end - lo
    first = max((sep.end() for sep in _TITLE_SEPARATOR.finditer(line, 0, start)), default=None)
    closing = _TITLE_SEPARATOR.search(line, end)
    if (first is None and lo == reach > 0) or (closing is None and hi == far < len(text)):
        return None  # a stretch too long for a heading
    first = first or 0
    last = closing.start() if closing is not None else len(line)
    sides = [_LINE_WORD.findall(line, a, b) for a, b in ((first, start), (end, last))]
    words = [w for w in sides[0] + sides[1] if w.lower() not in _TITLE_SMALL_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    held = [f" {fold_phrase(' '.join(side))} " for side in sides]  # small words too: "Home of Commons"
    named = {w for name in names if any(f" {name} " in h for h in held) for w in name.split()}
    if sum(fold_phrase(w) not in named for w in words) < 2:
        return None
    return lo + first, lo + last


_TITLE_REACH = 160  # a heading is shorter
_TITLE_SEPARATOR = re.compile("[|()\\[\\]{}\u2022\u00b7]|:[\\s\u200b]| [-\u2013\u2014] ")
"""What parts a heading from the text around it on its line: brackets, a bar, a bullet,
a colon, a dash between spaces."""
_LINK_TEXT_OPEN = re.compile(r"\[(?=[^\[\]\n\r]*\]\()")
"""The "[" that opens the text of a Markdown link ("[text](https://...)")."""


def _blanks(m: re.Match[str]) -> str:
    """As many spaces as *m* matched."""
    return " " * len(m.group())


_TITLE_BREAK = re.compile(f"[\\n\\r]|{_TITLE_SEPARATOR.pattern}")
_LINE_WORD = re.compile(f"[^\\W\\d_{SUPERSCRIPT_DIGITS}](?:[^\\W{SUPERSCRIPT_DIGITS}]|['\u2019])*")
_TITLE_SMALL_WORDS = SMALL_WORDS | frozenset("but from into nor off onto over per so upon up via vs yet".split())


def _case_checked(variant: _Variant) -> bool:
    """Whether the case of a match decides if *variant* applies (see :func:`case_fits`)."""
    return (variant.entry.case_sensitive or variant.entry.needs_capitals(variant.form)
            or _starts_with_article(variant.form))


_FULL_CASE = 1
_CAPITAL = 2
"""How a key's matches are checked for case: by :func:`case_fits` always, or only
where the match starts with a capital (a key of :func:`_lone_word` entries only)."""


def _lone_word(entry: Entry, form: str) -> bool:
    """Whether *form* is a single word in lower case of a gated ``word`` entry: an ordinary
    English word, which the text writes with a capital mid-sentence only in a name, where
    it is no spun word (see :func:`_in_a_name`)."""
    return entry.kind == "word" and entry.safety == "gated" and form.islower() and " " not in form


def _starts_with_article(form: str) -> bool:
    return form[:2].lower() == "a "


def case_fits(entry: Entry, form: str, text: str, start: int, end: int) -> bool:
    """Whether the match ``text[start:end]`` of *entry*'s spun *form* has the case the
    entry asks for: exactly the form's for a case-sensitive entry (or all capitals, for
    a name of several words in a line in capitals), the capitals of the form for a name;
    and a form that starts with the article "a" does not match a capital "A" that is a
    label ("Type A option")."""
    matched = unbroken(text[start:end])
    if entry.case_sensitive:
        written = " ".join(matched.replace("\u200b", " ").split())  # a zero-width space parts words as a space does
        return written == form or (written == form.upper() and " " in form
                                   and not form.islower() and _line_in_capitals(text, start, end))
    if _starts_with_article(form) and matched[:1] == "A" and articles.is_label(text, start):
        return False
    if matched[:1].isupper() and not matched.isupper() and _lone_word(entry, form) and _in_a_name(text, start, end):
        return False
    return not entry.needs_capitals(form) or capitals_kept(form, matched)


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised word ``text[start:end]`` is part of a name: it starts no
    sentence, line or quotation, and follows no colon ("the Battle of the Bulge",
    "Battle Creek", "the Bay Area"). A heading in Title Case is no exception: whether a
    line reads as one changes with the repairs of its small words, so a second run
    would judge it otherwise."""
    return not (_starts_sentence(text, start) or _AFTER_COLON.search(text, max(0, start - 4), start))


_AFTER_COLON = re.compile(":[\\s\u200b]+\\Z")
_OPENS_QUOTE = re.compile("(?:\\b(?:said|says|say|asked|asks|added|adds|told|wrote|writes|replied|explained|declared|"
                          "stated|noted|argued|insisted|warned|tweeted|posted)[\\s\u200b]*,|:)[\\s\u200b]*[\"\u201c\u2018']\\Z",
                          re.IGNORECASE)
"""A quotation opened after a colon, or after a comma that follows a verb of saying: a
sentence starts inside it (not in a list of quoted terms, '"big data", "cloud"')."""


def _line_in_capitals(text: str, start: int, end: int) -> bool:
    """Whether the line of ``text[start:end]`` (up to 80 characters either side) has no
    lower-case letter: a heading or a text in capitals, where a name of several words
    that a case-sensitive entry writes with capitals ("Ultimate Settlement") is matched
    in capitals too; a single word is not ("NAVY" may be the Navy or the spinner's navy)."""
    before = text[max(0, start - 80):start]
    after = text[end:end + 80]
    before = before[max(before.rfind("\n"), before.rfind("\r")) + 1:]
    after = after[:min((i for i in (after.find("\n"), after.find("\r")) if i >= 0), default=len(after))]
    return not any(c.islower() for c in before + after)


def _memo_scope(variants: Sequence[_Variant]) -> str:
    """How far what holds for an exact match of a key with these *variants* carries."""
    if all(v.when is None for v in variants):
        return _FIXER
    if all(v.when is None or not (v.when.prev or v.when.not_prev or v.when.next or v.when.not_next) for v in variants):
        return _DOCUMENT
    return ""


def _guarded_originals(table: dict[str, tuple[_Variant, ...]]) -> frozenset[str]:
    """The folded originals of safe entries that hold a gated entry's spun form as a
    proper part ("internet engineering task force" holds gated "task"). A gated
    repair never touches such a phrase where it occurs, so that "Web Building Team"
    -> "Internet Engineering Task Force" stays put even with the gate held open."""
    gated = {k for k, vs in table.items() if any(v.safety == "gated" for v in vs)}
    longest = max((k.count(" ") + 1 for k in gated), default=0)
    out = set()
    for variants in table.values():
        for v in variants:
            words = v.folded.split()
            if v.safety == "safe" and len(words) > 1 and any(
                    " ".join(words[i:i + size]) in gated
                    for size in range(1, min(longest, len(words) - 1) + 1) for i in range(len(words) - size + 1)):
                out.add(v.folded)
    return frozenset(out)


def _quiet_gc(text: str) -> AbstractContextManager[None]:
    """Cyclic garbage collection paused while a text of :data:`_PAUSE_FROM` characters
    or more is repaired (see :func:`fixer.gc_pause.paused`)."""
    return gc_pause.paused() if len(text) >= _PAUSE_FROM else nullcontext()


def _span_order(cand: _Candidate) -> tuple[int, int]:
    """Sort key of candidates: by start, the longest first."""
    return cand.start, -cand.end


def _resolve(cands: list[tuple[_Candidate, _T]]) -> list[tuple[_Candidate, _T]]:
    """Leftmost-longest, non-overlapping selection among *cands*, in :func:`_span_order`."""
    out = []
    last = -1
    for cv in cands:
        if cv[0].start >= last:
            out.append(cv)
            last = cv[0].end
    return out


_LINE_END = "(?:\r\n|\n|\r(?!\n)|\u2028)"
_PARAGRAPH_BEFORE = re.compile(f"{_LINE_END}[^\\S\\n\\r\u2028\u2029]*{_LINE_END}[^\\S\\n\\r\u2028\u2029]*"
                               f"[\"'\u201c\u2018(\\[*]*\\Z|\u2029\\s*\\Z")
"""A blank line (or a paragraph separator) right before a match, past blanks and opening marks."""


def _starts_sentence(text: str, start: int) -> bool:
    """Whether a sentence starts at *start*: after a blank line (a new paragraph,
    whatever its first character), in a quotation opened after a colon or after a comma
    that follows a verb of saying ("he said, \u201cPC-based insight ..."), or as
    :func:`word_before` reads it, unless the word
    before is an abbreviation with periods inside ("e.g. 3rd party")."""
    lo = max(0, start - 40)
    if ((LINE_BREAK.search(text, lo, start) and _PARAGRAPH_BEFORE.search(text, lo, start))
            or (text[start - 1:start] in _OPENING_MARKS and _OPENS_QUOTE.search(text, max(0, start - 20), start))):
        return True
    before = word_before(text, start)
    return "^" in before and not (len(before) > 1 and "." in before[0])


class _Document:
    """What conditions look at: the folded text, less the spun phrases that
    unconditional safe entries will replace, plus the originals they put in, so that
    a second run, which sees the repaired text, decides the same way; and the words
    next to a candidate, read in those originals where such a phrase is its neighbour
    (or in the originals of the *neighbours*, the repairs of an earlier decision, when
    given). Built on first use; answers are cached."""

    def __init__(self, folded: Folded, candidates: Sequence[_Candidate], hits: list[tuple[int, int, str]],
                 phrases: frozenset[str], engine: Engine, repaired: str = "",
                 neighbours: Sequence[tuple[_Candidate, _Variant]] | None = None) -> None:
        self._folded = folded
        self._candidates = candidates
        self._hits = hits
        self._phrases = phrases
        self._engine = engine
        self._repaired = repaired
        self._neighbours = neighbours
        # the neighbours read: by which candidate, for which conditions, after it or before, at
        # which gap, in which original (None: in the text), and whether the conditions held
        self.reads: list[_Read] = []
        self._doc: str | None = None
        self._found: dict[str, list[int]] | None = None
        self.wanted: set[str] = set()
        """The phrases of ``doc_has`` conditions that failed for want of them."""
        self._plain_candidates: list[tuple[_Candidate, _Variant]] | None = None
        self._chosen: list[tuple[_Candidate, _Variant]] | None = None
        self._replaced: SpanIndex | None = None
        self._ending: dict[int, str] | None = None
        self._starting: dict[int, str] | None = None
        self._allows: dict[int, bool] = {}
        self._contained: dict[str, bool] = {}

    def allows(self, when: Conditions) -> bool:
        """Whether the document conditions of *when* hold."""
        found = self._allows.get(id(when))  # *when* lives as long as the Fixer's glossary
        if found is None:
            has = not when.doc_has or any(map(self._contains, when.doc_has))
            if not has:
                self.wanted.update(when.doc_has)
            found = self._allows[id(when)] = has and not any(map(self._contains, when.doc_lacks))
        return found

    def _contains(self, phrase: str) -> bool:
        """Whether the folded *phrase* occurs as whole words outside the spun phrases
        to be replaced, in the originals put in, or in the repaired text given."""
        found = self._contained.get(phrase)
        if found is None:
            found = self._contained[phrase] = self._find(phrase)
        return found

    def _find(self, phrase: str) -> bool:
        """:meth:`_contains`, not cached."""
        size = len(phrase)
        after = 0
        for start in self._starts(phrase):
            if start < after:  # overlaps the occurrence before: re.finditer would not see it
                continue
            if start >= len(self._folded.text) or not self._replaced_at(
                    *self._folded.input_span(start, start + size)):
                return True
            after = start + size
        return False

    def _starts(self, phrase: str) -> Iterable[int]:
        """Where the folded *phrase* starts as whole words in the text that
        :meth:`_contains` reads, in order (occurrences that overlap included): in the
        folded text from the Fixer's one search pass, in the originals put in from a
        pass of the engine of condition phrases; a phrase too short to be among those
        (see :data:`_SCANNED_ONLY`) by a scan."""
        if self._doc is None:
            self._doc = self._folded.text + "".join(" | " + v.folded for _, v in self._plain()) + " | " + self._repaired
        doc = self._doc
        if len(phrase) <= _SCANNED_ONLY:
            return (m.start() for m in _whole_words(phrase).finditer(doc)) if phrase in doc else ()
        if self._found is None:
            self._found = {}
            size = len(self._folded.text)
            added = self._engine.find(doc[size:])
            for start, end, key in itertools.chain(self._hits, ((s + size, e + size, k) for s, e, k in added)):
                if key in self._phrases and not (start and _is_re_word(doc[start - 1])) and not (
                        end < len(doc) and _is_re_word(doc[end])):
                    self._found.setdefault(key, []).append(start)
        return sorted(self._found.get(phrase, ()))

    def _plain(self) -> list[tuple[_Candidate, _Variant]]:
        """The candidates of unconditional safe entries, each with such a variant."""
        if self._plain_candidates is None:
            self._plain_candidates = []
            for cand in self._candidates:
                for v in cand.variants:
                    if v.plain:
                        self._plain_candidates.append((cand, v))
                        break
        return self._plain_candidates

    def _replacing(self) -> list[tuple[_Candidate, _Variant]]:
        """The spun phrases that unconditional safe entries will replace, with those entries."""
        if self._chosen is None:
            self._chosen = _resolve(self._plain())
        return self._chosen

    def _replaced_at(self, start: int, end: int) -> bool:
        """Whether the input span *start*-*end* overlaps a spun phrase to be replaced
        (then a second run would not see the phrase there)."""
        if self._replaced is None:
            self._replaced = SpanIndex((c.start, c.end) for c, _ in self._replacing())
        return self._replaced.overlaps(start, end)

    def _neighbouring(self) -> Sequence[tuple[_Candidate, _Variant]]:
        """The repairs that the words next to a candidate are read in."""
        return self._replacing() if self._neighbours is None else self._neighbours

    def neighbour_allows(self, text: str, cand: _Candidate, when: Conditions, after: bool) -> bool:
        """Whether the word before *cand* (or *after* it) meets the conditions *when* set
        on it, read in the original that replaces the spun phrase next to it, if one does."""
        if after:
            if self._starting is None:
                self._starting = {c.start: v.replacement for c, v in self._neighbouring()}
            originals, gap = self._starting, _gap_after(text, cand.end)
        else:
            if self._ending is None:
                self._ending = {c.end: v.replacement for c, v in self._neighbouring()}
            originals, gap = self._ending, _gap_before(text, cand.start)
        original = originals.get(gap)
        held = _neighbour_allows(when, after, self.word_at(text, cand, after, gap, original))
        self.reads.append((cand, when, after, gap, original, held))
        return held

    @staticmethod
    def word_at(text: str, cand: _Candidate, after: bool, gap: int, original: str | None) -> tuple[str, ...]:
        """:func:`word_after` at the end of *cand* (or :func:`word_before` at its start,
        unless *after*), read in *original* (if given) put in at *gap*."""
        if after:
            end = cand.end
            if original is None:
                return word_after(text, end)
            # the case of its first letter as in the text, which the repair keeps: it tells a sentence start
            first = original[:1].upper() if text[gap:gap + 1].isupper() else original[:1].lower()
            return word_after(text[end:gap] + first + original[1:], 0)
        start = cand.start
        if original is None:
            return word_before(text, start)
        probe = original + text[gap:start + 1]  # with the candidate's first letter: its case tells a sentence start
        return word_before(probe, len(probe) - 1)


def _misread(text: str, reads: Sequence[_Read], applied: Sequence[tuple[_Candidate, _Variant]]) -> list[_Candidate]:
    """The candidates that none of the *applied* repairs touches whose *reads* (see
    :attr:`_Decision.reads`) a second run, which sees those repairs, reads otherwise
    (in a spun phrase that is replaced, or in an original that is not put in), so that
    a condition on the word would be decided otherwise."""
    if not reads:  # most documents: their conditions read no neighbour of a candidate left alone
        return []
    # *applied* is sorted and its spans do not overlap, so their ends are sorted too
    starts = [c.start for c, _ in applied]
    ends = [c.end for c, _ in applied]
    out = []
    for cand, when, after, gap, original, held in reads:
        edges = starts if after else ends
        i = bisect.bisect_left(edges, gap)
        actual = applied[i][1].replacement if i < len(edges) and edges[i] == gap else None
        if actual == original:
            continue
        i = bisect.bisect_right(ends, cand.start)  # the first repair that ends after the candidate starts
        if (i == len(starts) or starts[i] >= cand.end) and _neighbour_allows(
                when, after, _Document.word_at(text, cand, after, gap, actual)) != held:
            out.append(cand)
    return out


def _gap_before(text: str, start: int) -> int:
    """Where the run of non-word characters before *start* begins."""
    if text[start - 2:start - 1].isalnum() and text[start - 1:start] == " ":  # the common case
        return start - 1
    while start and not is_word_char(text[start - 1]):
        start -= 1
    return start


def _gap_after(text: str, end: int) -> int:
    """Where the run of non-word characters from *end* on ends."""
    if text[end:end + 1] == " " and text[end + 1:end + 2].isalnum():  # the common case
        return end + 1
    n = len(text)
    while end < n and not is_word_char(text[end]):
        end += 1
    return end


def _readable_neighbour_conditions(when: Conditions) -> bool:
    """Whether *when* sets conditions on the word before or after a phrase that the
    repaired text can be read against: none that names "a" or "an", which the article
    fix may change after the repair ("an odd thing routes" -> "a few routes")."""
    words = when.prev | when.not_prev | when.next | when.not_next
    return bool(words) and words.isdisjoint(_ARTICLES)


_ARTICLES = frozenset({"a", "an"})


def _neighbours_allow(when: Conditions, text: str, start: int, end: int) -> bool:
    """Whether the words next to the span *start*-*end* of *text* meet the conditions
    *when* sets on them."""
    return ((not (when.prev or when.not_prev) or _neighbour_allows(when, False, word_before(text, start)))
            and (not (when.next or when.not_next) or _neighbour_allows(when, True, word_after(text, end))))


def _neighbour_allows(when: Conditions, after: bool, word: tuple[str, ...]) -> bool:
    """Whether the *word* (as :func:`word_before` reads it) before a candidate meets
    the ``prev``/``not_prev`` conditions of *when*, or the word *after* it (as
    :func:`word_after` reads it) the ``next``/``not_next`` conditions."""
    wanted, unwanted = (when.next, when.not_next) if after else (when.prev, when.not_prev)
    return not ((wanted and wanted.isdisjoint(word)) or not unwanted.isdisjoint(word))


@functools.lru_cache(maxsize=4096)
def _whole_words(phrase: str) -> re.Pattern[str]:
    """A pattern for *phrase* standing as whole words."""
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


_SCANNED_ONLY = 3
"""Phrases of document conditions this long or shorter are always scanned for, never
found by the engine pass: as parts of words ("ar" in "war", "car" in "care") they
would fill it with hits."""


def _is_re_word(c: str) -> bool:
    """Whether *c* is a word character for :mod:`re` (``\\w``)."""
    return c.isalnum() or c == "_"


def _first_auto(usable: Sequence[_Variant]) -> _Variant | None:
    """The first of *usable* that is not report-only."""
    for v in usable:
        if v.safety != "report":
            return v
    return None


def _edits(text: str, chosen: Iterable[tuple[_Candidate, _Variant]], auto: bool) -> list[_Edit]:
    """The edits of the *chosen* candidates that change the text."""
    out = []
    for cand, variant in chosen:
        matched = text[cand.start:cand.end]
        if matched[:1].islower():  # most matches: neither an acronym first nor without letters
            replacement = _render(matched, variant.replacement)
        elif matched.isupper() and matched == variant.form and variant.replacement[:1].isupper() and not (
                shouted_around(text, cand.start, cand.end)):
            replacement = variant.replacement  # "USA" as the glossary writes it: a name, its capitals not shouted
        else:
            replacement = _rendered_in(text, cand.start, cand.end, variant.replacement)
            if _own_capital(matched, variant, replacement) and _after_lower_word(text, cand.start):
                # mid-sentence, the capital is the spun form's own ("used Georgia home boy pooling")
                replacement = keep_spacing(matched, transfer_quotes(unbroken(matched), variant.replacement))
        if replacement != matched:
            possessive = (matched[-1:] in "sS" and replacement[-1:] not in "sS" and _possessive_after(text, cand.end)
                          and not _after_opening_quote(text, cand.start))
            out.append(_new_tuple(_Edit, (cand.start, cand.end, matched, replacement, cand, variant,
                                          auto and not possessive, _PLURAL_POSSESSIVE if possessive else "")))
    return out


_PLURAL_POSSESSIVE = ("the apostrophe after it may make a plural possessive: its original would take \"'s\" "
                      "(people's), which fixer does not write")


_WORD_AND_BLANK_BEFORE = re.compile("(?<![\\w.\\-'\u2019])(\\w+)(?:[^\\S\\n\\r\u2028\u2029]|\u200b)+[\"\u201c(]?\\Z")


def _after_lower_word(text: str, start: int) -> bool:
    """Whether a word in lower case and a blank (and maybe an opening quote) come right
    before *start*: a match there is inside a sentence, not at its start nor in a
    heading ("2.3 Max pooling")."""
    m = _WORD_AND_BLANK_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and m.group(1).isalpha() and m.group(1).islower()


def _own_capital(matched: str, variant: _Variant, rendered: str) -> bool:
    """Whether *matched* is the spun form of *variant* with the glossary's capitals, its
    first word capitalised, and *rendered*, its original written for it, owes no more
    than that capital to it (not a name, an acronym or Title Case): mid-sentence that
    capital is the spun form's own ("Georgia home boy pooling" -> "max pooling")."""
    form, original = variant.form, variant.replacement
    return (form[:1].isupper() and not form[:2].isupper() and original[:1].islower()
            and " ".join(rendered.split()) == capitalized(original)
            and " ".join(unbroken(matched).split()) == form)


def _after_opening_quote(text: str, start: int) -> bool:
    """Whether a single quote that opens a quotation comes right before *start* (no word
    before it): then an apostrophe after the phrase closes it ("the term 'Mexico
    Metropolis'")."""
    return text[start - 1:start] in ("'", "\u2018", "\u2019") and not is_word_char(text[start - 2:start - 1] or " ")


def _possessive_after(text: str, end: int) -> bool:
    """Whether an apostrophe that ends a word follows *end* ("individuals' rights"):
    the possessive of a plural, or a closing quote, which cannot be told apart."""
    return text[end:end + 1] in ("'", "\u2019") and not is_word_char(text[end + 1:end + 2] or " ")


def _rendered_in(text: str, start: int, end: int, replacement: str) -> str:
    """:func:`_render` for the match ``text[start:end]``, read with the text around it:
    whether one that holds an acronym or is led by a number starts a sentence; for a match without
    letters ("2"), whether the words around it are in upper case."""
    matched = text[start:end]
    rendered = _render(matched, replacement, (leads_with_acronym(matched) or starts_caseless(matched)
                                              or holds_acronym(matched)) and _starts_sentence(text, start))
    if not matched[:1].isalpha() and not any(map(str.isalpha, matched)) and shouted_around(text, start, end):
        return rendered.upper()
    return rendered


def _start(edit: _Edit) -> int:
    return edit.start


def _cand_start(cand: _Candidate) -> int:
    return cand.start


def _pair_start(pair: tuple[_Candidate, _Variant]) -> int:
    return pair[0].start
