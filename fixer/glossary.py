"""Loading, validating and layering glossaries (see docs/glossary-format.md)."""

from __future__ import annotations

import datetime
import functools
import itertools
import os
import sys
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import MISSING, dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .arguments import a_path, an_int, one_or_many, show
from .errors import GlossaryError
from .gc_pause import paused
from .inflect import number_variant
from .plural import counted
from .text import NEIGHBOUR_WORD, fold_phrase

if TYPE_CHECKING:
    from .glossary_yaml import _Layout

KINDS = ("name", "phrase", "word", "grammar", "tortured")
SAFETIES = ("safe", "gated", "report")
CONDITION_KEYS = ("prev", "not_prev", "next", "not_next", "doc_has", "doc_lacks")
_CONDITION_TYPES = tuple((key, tuple if key.startswith("doc_") else frozenset) for key in CONDITION_KEYS)
ENTRY_KEYS = frozenset({
    "spun", "original", "alternatives", "kind", "safety", "case_sensitive", "inflect", "when",
    "source", "note", "examples", "negative",
})
TOP_KEYS = frozenset({"version", "include", "entries"})
MAX_ENTRIES = 500_000
MAX_INCLUDE_DEPTH = 64
MAX_INCLUDED_FILES = 1000
"""A glossary and the files it includes, each counted as often as it is included, are
refused past this many reads (two includes of one file in each of 20 files would be read
a million times)."""
MAX_PHRASE_WORDS = 12
MAX_PHRASE_CHARS = 200


class _Refused(ValueError):
    """A glossary rule that an entry made in code breaks, as ``OWNER: rule``; the
    loader reports *rule* with the file and line of the entry."""

    def __init__(self, owner: str, rule: str) -> None:
        super().__init__(f"{owner}: {rule}")
        self.rule = rule


@dataclass(frozen=True)
class Conditions:
    """Context conditions of an entry; an empty set means "no condition"."""

    prev: frozenset[str] = frozenset()
    not_prev: frozenset[str] = frozenset()
    next: frozenset[str] = frozenset()
    not_next: frozenset[str] = frozenset()
    doc_has: tuple[str, ...] = ()
    doc_lacks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Fold the values (a string is one value) and refuse what could never hold, as
        the glossary loader does: a ``prev``/``next`` value that is not one word, a
        ``doc_has``/``doc_lacks`` phrase without letters or digits, a value both wanted
        and unwanted."""
        if all(getattr(self, key).__class__ is kind and not getattr(self, key) for key, kind in _CONDITION_TYPES):
            return  # no condition: most entries
        for key in CONDITION_KEYS:
            values = one_or_many(getattr(self, key), str, f"Conditions.{key}", "a string", "strings")
            if key.startswith("doc_"):
                folded = tuple(sys.intern(fold_phrase(v)) for v in values)
                blank = next((v for v, f in zip(values, folded) if not any(map(str.isalnum, f))), None)
                if blank is not None:
                    what = "an empty value" if not blank.strip() else "a value without letters or digits"
                    raise _Refused("Conditions", f"'when.{key}' holds {what} {_show(blank)}")
                object.__setattr__(self, key, folded)
            else:
                object.__setattr__(self, key, frozenset(sys.intern(_word(value, key)) for value in values))
        for wanted, unwanted in (("prev", "not_prev"), ("next", "not_next"), ("doc_has", "doc_lacks")):
            both = sorted(set(getattr(self, wanted)) & set(getattr(self, unwanted)))
            if both:
                raise _Refused("Conditions", f"{_show(both[0])} is in both 'when.{wanted}' and 'when.{unwanted}', "
                               "which contradict each other there")

    def __bool__(self) -> bool:
        return bool(self.prev or self.not_prev or self.next or self.not_next or self.doc_has or self.doc_lacks)

    def describe(self) -> str:
        """A short human-readable form, e.g. ``next in {war, attack}``."""
        parts = []
        for key in CONDITION_KEYS:
            values = getattr(self, key)
            if values:
                parts.append(f"{key}={'|'.join(sorted(values))}")
        return " ".join(parts)


def _interned(text: str) -> str:
    """*text* as a plain ``str``, interned: equal strings of many entries are one object
    (a smaller compiled glossary to load). ``str.__str__``, not ``str()``: a member of a
    ``str`` enum gives its name to ``str()``."""
    return sys.intern(str.__str__(text))


NO_CONDITIONS = Conditions()
"""The conditions of an entry without any: one object that every such entry shares."""


@dataclass(frozen=True)
class Entry:
    """One glossary entry: spun form(s) and the original they replaced. *kind*,
    *safety* and *inflect* left out take the defaults of a glossary file: a first spun
    form of one word is a ``word``, ``gated``; of several (a hyphen parts words), a
    ``phrase``, ``safe``; one of several words parted by whitespace is matched in the
    singular and the plural of its last word too, unless it is *case_sensitive* or a
    ``name`` whose first spun form starts with a capital ("White Home": "White Homes" is
    another name; set *inflect* to match that other number too, in the case its form is
    written for a case-sensitive entry)."""

    spun: tuple[str, ...]
    original: str
    alternatives: tuple[str, ...] = ()
    kind: str = ""
    safety: str = ""
    case_sensitive: bool = False
    inflect: bool | None = None
    when: Conditions = NO_CONDITIONS
    source: str = ""
    note: str = ""
    file: str = "<memory>"
    line: int = 0
    examples: tuple[tuple[str, str], ...] = ()
    negative: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Refuse what the glossary loader would refuse in an entry of a file: an entry
        made in code is checked too (one string for *spun* is one form). The rules
        between entries (one spun form with two originals) are the loader's, file by file;
        a :class:`fixer.Fixer` refuses chains."""
        spun = (self.spun,) if isinstance(self.spun, str) else self.spun
        if not isinstance(spun, (tuple, list)) or not all(isinstance(f, str) for f in spun):
            raise TypeError(f"Entry.spun must be a spun form or a tuple of them (str), not {show(self.spun)}")
        if not spun or not all(f.strip() for f in spun):
            raise ValueError(f"Entry.spun must hold at least one form, none empty or blank, not {show(self.spun)}")
        object.__setattr__(self, "spun", tuple(map(_interned, spun)))
        if not isinstance(self.original, str):
            raise TypeError(f"Entry.original must be str, not {show(self.original)}")
        if not self.original.strip():
            raise ValueError(f"Entry.original must not be empty or blank, not {show(self.original)}")
        object.__setattr__(self, "original", _interned(self.original.strip()))
        if self.kind == "":  # a hyphen parts words as a space does
            object.__setattr__(self, "kind", "phrase" if len(fold_phrase(spun[0]).split()) > 1 else "word")
        if self.safety == "":
            object.__setattr__(self, "safety", "gated" if self.kind in ("word", "grammar") else "safe")
        if self.inflect is None:  # a case-sensitive entry or a capitalised name: its forms as written only, unless asked
            object.__setattr__(self, "inflect", len(spun[0].split()) > 1 and not self.case_sensitive
                               and not (self.kind == "name" and spun[0][:1].isupper()))
        if an_int(self.line, "Entry.line") < 0:
            raise ValueError(f"Entry.line must be 0 or more, not {self.line}")
        for name, text in (("source", self.source), ("note", self.note), ("file", self.file)):
            if not isinstance(text, str):
                raise TypeError(f"Entry.{name} must be str, not {show(text)}")
            object.__setattr__(self, name, _interned(text))
        negative = tuple(map(_interned, one_or_many(self.negative, str, "Entry.negative", "a sentence", "sentences")))
        object.__setattr__(self, "negative", negative)
        if not isinstance(self.examples, (tuple, list)) or not all(
                isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
                for pair in self.examples):
            raise TypeError(f"Entry.examples must be (spun, original) pairs of str, not {show(self.examples)}")
        object.__setattr__(self, "examples", tuple((_interned(spun), _interned(original)) for spun, original in self.examples))
        for name, value, known in (("kind", self.kind, KINDS), ("safety", self.safety, SAFETIES)):
            if value not in known:
                raise ValueError(f"Entry.{name} must be one of {', '.join(known)}, not {show(value)}")
            object.__setattr__(self, name, known[known.index(value)])  # one object per value: a smaller cache
        for name, flag in (("case_sensitive", self.case_sensitive), ("inflect", self.inflect)):
            if not isinstance(flag, bool):
                raise TypeError(f"Entry.{name} must be a bool, not {show(flag)}")
        if not isinstance(self.when, Conditions):
            raise TypeError(f"Entry.when must be a fixer.glossary.Conditions, not {show(self.when)}")
        alternatives = self.alternatives
        if alternatives:
            given = one_or_many(alternatives, str, "Entry.alternatives", "an original", "originals", ordered=True)
            alternatives = tuple(_interned(alt.strip()) for alt in given)
            if not all(alternatives):
                raise ValueError(f"Entry.alternatives must not be empty or blank, not {show(self.alternatives)}")
            object.__setattr__(self, "alternatives", alternatives)
        original = fold_phrase(self.original)
        others = {fold_phrase(alt): alt for alt in alternatives}
        for folded, written in ((original, self.original), *others.items()):
            if not any(unicodedata.category(c) != "Cf" for c in folded):  # "-", "\u200b", "\u2060"
                raise _Refused("Entry", f"original {written!r} would erase the phrase (it holds only hyphens, "
                               "spaces or invisible characters)")
        for role, written in (*(("spun form", f) for f in self.spun), ("original", self.original),
                              *(("alternative", a) for a in alternatives)):
            control = next((c for c in written if _unwritable(c)), None)
            if control is not None:  # a tab read as part of the phrase, which then matched no spaced text
                raise _Refused("Entry", f"{role} {written!r} holds the {_unwritable(control)} U+{ord(control):04X}: "
                               "write the words with plain spaces between them")
        for form in self.spun:
            if len(form) > MAX_PHRASE_CHARS or len(form.split()) > MAX_PHRASE_WORDS:
                raise _Refused("Entry", f"spun form {form[:40]!r}... is longer than {MAX_PHRASE_WORDS} words or "
                               f"{MAX_PHRASE_CHARS} characters")
            if not any(c.isalnum() for c in form):
                raise _Refused("Entry", f"spun form {form!r} has no letters or digits")
            folded = fold_phrase(form)
            if folded == original:
                raise _Refused("Entry", f"spun form {form!r} is the same as its original")
            if folded in others:
                raise _Refused("Entry", f"alternative {others[folded]!r} is the same as the spun form {form!r}")
        _check_doc_lacks(self.when, self.spun, self.original, bool(self.inflect))

    @functools.cached_property
    def id(self) -> str:
        """A stable identifier: the first spun form and the original."""
        return f"{self.spun[0]} -> {self.original}"

    @functools.cached_property
    def location(self) -> str:
        """``file:line`` of the entry."""
        return f"{self.file}:{self.line}"

    @property
    def auto(self) -> bool:
        """True when ``fix`` may apply this entry (it is not report-only)."""
        return self.safety != "report"

    def needs_capitals(self, form: str) -> bool:
        """Whether this entry matches its spun *form* only where the text has the
        capitals of the form: a name written with capitals ("White Home"; a name
        written in lower case, "overseas minister", matches in any case)."""
        return self.kind == "name" and not form.islower()

    def __getstate__(self) -> dict[str, Any]:
        # The fields that differ from their defaults (the class holds those) and no cached
        # property (computed again when read): a cached Fixer loads its entries in half the time.
        return {name: value for name, value in self.__dict__.items()
                if name in _ENTRY_FIELDS and not _is_default(value, _ENTRY_DEFAULTS.get(name, _REQUIRED))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "__dict__", state)


def _unwritable(c: str) -> str:
    """What the character *c* is if a phrase may not hold it (a control character, a
    line break, a byte order mark: a phrase is words and the plain spaces between
    them), else ``""``."""
    if c == "\ufeff":
        return "byte order mark"
    category = unicodedata.category(c)
    return "control character" if category == "Cc" else "line break" if category in ("Zl", "Zp") else ""


_REQUIRED = object()
_ENTRY_FIELDS = frozenset(f.name for f in fields(Entry))
_ENTRY_DEFAULTS = {f.name: f.default for f in fields(Entry) if f.default is not MISSING}


def _is_default(value: object, default: object) -> bool:
    """Whether *value* is the *default* of a field (of its type: ``0`` is not ``False``)."""
    return value is default or (type(value) is type(default) and value == default)


@dataclass(frozen=True)
class Glossary:
    """An ordered collection of entries, as loaded from one or more files."""

    entries: tuple[Entry, ...]
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Refuse entries that are not :class:`Entry` records and files that are not
        names (a list is taken as a tuple)."""
        entries = self.entries
        if not isinstance(entries, (tuple, list)) or not all(isinstance(e, Entry) for e in entries):
            raise TypeError(f"Glossary.entries must be a tuple of Entry records, not {show(entries)}")
        object.__setattr__(self, "entries", tuple(entries))
        files = self.files
        if not isinstance(files, (tuple, list)) or not all(isinstance(f, str) for f in files):
            raise TypeError(f"Glossary.files must be a tuple of file names (str), not {show(files)}")
        object.__setattr__(self, "files", tuple(files))

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        # a summary: the default glossary's full repr, every Entry written out, is 3.7 MB
        return f"Glossary(<{counted(len(self.entries), 'entry', 'entries')}>, files={self.files!r})"


def default_glossary_path() -> Path:
    """Path of the glossary bundled with fixer."""
    packaged = resources.files("fixer") / "glossary.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "glossary.yaml"


_META = frozenset({"__line__", "__lines__"})
"""The keys the loader adds to every mapping: its line, and the line of each of its keys."""


def _show(value: Any, limit: int = 80) -> str:
    """*value* quoted for a one-line message, cut short when long."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _show_name(name: str) -> str:
    """A file name from a glossary, as written unless it needs quoting to fit on one line."""
    return name if name.isprintable() and name.strip() == name and len(name) <= 200 else _show(name, 200)


def _describe(value: Any) -> str:
    """What a YAML value is, for messages about wrong types: ``a string``, ``a list``..."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "an empty string" if not value.strip() else "a string"
    if isinstance(value, datetime.date):
        return "a date"
    names: dict[type, str] = {list: "a list", dict: "a mapping"}
    return names.get(type(value), f"a {type(value).__name__}")


_YAML_READS = (
    (bool, "an unquoted yes, no, on, off, true or false as true/false"),
    (type(None), "an unquoted ~ or null, or nothing, as an empty value"),
    ((int, float), "an unquoted number as a number"),
    (datetime.date, "an unquoted year-month-day, such as 2024-01-31, as a date"),
)


def _not_text(value: Any) -> str:
    """For a message about a value that should have been text: what YAML made of it
    (``", not true/false (...)"``), with how to write it as text ("" for other values)."""
    for types, reads in _YAML_READS:
        if isinstance(value, types):
            return f", not {_describe(value)} (YAML reads {reads}: put the text in quotes)"
    return ""


def _first(keys: Iterable[Any]) -> Any:
    """The first of *keys* in a stable order, whatever their types (for error messages)."""
    return min(keys, key=lambda k: (str(k), type(k).__name__))


def _string_list(value: Any, where: str, key: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise GlossaryError(f"{where}: '{key}' must be a string or a non-empty list of strings{_not_text(value)}")
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise GlossaryError(f"{where}: '{key}' holds an empty or non-string value{_not_text(item)}")
        out.append(item.strip())
    return out


def _conditions(value: Any, where: str, file: str | None = None) -> Conditions:
    """The ``when`` mapping *value* written at *where*; an error about one condition
    names the line of its key in *file* when the mapping records it."""
    if value is None:
        return NO_CONDITIONS
    if not isinstance(value, dict):
        raise GlossaryError(f"{where}: 'when' must be a mapping")
    key_lines = value.get("__lines__", {})

    def at(key: Any) -> str:
        return f"{file}:{key_lines[key]}" if file is not None and key in key_lines else where

    unknown = set(value) - set(CONDITION_KEYS) - _META
    if unknown:
        key = _first(unknown)
        raise GlossaryError(f"{at(key)}: unknown condition {_show(key)} (known: {', '.join(CONDITION_KEYS)})")
    kwargs: dict[str, Any] = {}
    for key in CONDITION_KEYS:
        if key in value:
            kwargs[key] = _string_list(value[key], at(key), f"when.{key}")
            try:
                Conditions(**{key: kwargs[key]})  # its own values: an error names its line
            except _Refused as exc:
                raise GlossaryError(f"{at(key)}: {exc.rule}") from None
    try:
        return Conditions(**kwargs) or NO_CONDITIONS
    except _Refused as exc:  # values of two conditions that contradict each other
        raise GlossaryError(f"{where}: {exc.rule}") from None


def _check_doc_lacks(when: Conditions, spun: Sequence[str], original: str, inflect: bool) -> None:
    """Refuse a ``doc_lacks`` phrase that every form the entry matches (its *spun* forms,
    and with *inflect* their singular or plural) holds as whole words: every document
    the entry matches would hold it, so the entry could never apply."""
    if not when.doc_lacks:  # most entries: nothing to check
        return
    forms = list(spun) + [v[0] for form in spun if inflect for v in (number_variant(form, original),) if v is not None]
    folded = [f" {fold_phrase(form)} " for form in forms]
    for phrase in when.doc_lacks:
        if all(f" {phrase} " in form for form in folded):
            raise _Refused("Entry", f"'when.doc_lacks' value {_show(phrase)} is in every spun form of the entry: "
                           "every document the entry matches holds it, so it could never apply")


def _word(value: str, key: str) -> str:
    """The folded *value* of the condition *key* (prev, not_prev, next, not_next),
    which compares the one word before or after the phrase: a value of several words
    could never hold, so it is refused."""
    side = "before" if key.endswith("prev") else "after"
    mark = "^ (start of a sentence)" if key.endswith("prev") else "$ (end of a sentence)"
    folded = fold_phrase(value)
    if len(folded.split()) > 1:
        raise _Refused("Conditions", f"'when.{key}' value {_show(value)} is more than one word, but '{key}' "
                       f"compares the one word {side} the phrase (a hyphen parts words too)")
    if folded not in (mark[0], "#", ",") and not NEIGHBOUR_WORD.fullmatch(folded):
        if NEIGHBOUR_WORD.fullmatch(folded.rstrip(".")):
            raise _Refused("Conditions", f"'when.{key}' value {_show(value)} ends with a period, but '{key}' reads "
                           f"the word {side} the phrase without its final period: write {_show(value.rstrip('.'))}")
        raise _Refused("Conditions", f"'when.{key}' value {_show(value)} is not a word (letters or digits, parts "
                       f"joined by one of '.\\/:=@# without spaces), nor {mark}, # (a number) or , (a comma between)")
    return folded


def _bool(entry: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise GlossaryError(f"{where}: '{key}' must be true or false")
    return value


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise GlossaryError(f"{where}: '{key}' must be a string{_not_text(value)}")
    return value


def _examples(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise GlossaryError(f"{where}: 'examples' must be a list of {{spun, original}} mappings")
    out = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("spun"), str) or not isinstance(item.get("original"), str):
            bad = next((item[k] for k in ("spun", "original") if k in item and not isinstance(item[k], str)),
                       "") if isinstance(item, dict) else ""
            raise GlossaryError(f"{where}: each example needs 'spun' and 'original' strings{_not_text(bad)}")
        unknown = set(item) - {"spun", "original"} - _META
        if unknown:
            raise GlossaryError(f"{where}: unknown key {_show(_first(unknown))} in an example (known: original, spun)")
        out.append((item["spun"], item["original"]))
    return tuple(out)


def parse_entry(raw: Any, file: str, line: int | None = None) -> Entry:
    """Build an :class:`Entry` from one YAML mapping, validating every key."""
    if not isinstance(raw, dict):
        raise GlossaryError(f"{file}:{line or 0}: an entry must be a mapping with 'spun' and 'original', not {_describe(raw)}")
    line = raw.get("__line__", line or 0)
    where = f"{file}:{line}"
    key_lines = raw.get("__lines__", {})

    def at(key: str) -> str:
        """Where the entry's *key* is written (the entry's line if it is not there)."""
        return f"{file}:{key_lines.get(key, line)}"

    unknown = set(raw) - ENTRY_KEYS - _META
    if unknown:
        key = _first(unknown)
        raise GlossaryError(f"{at(key)}: unknown key {_show(key)} (known: {', '.join(sorted(ENTRY_KEYS))})")
    for key in ("spun", "original"):
        if key not in raw:
            raise GlossaryError(f"{where}: entry has no '{key}'")
    spun = tuple(_string_list(raw["spun"], at("spun"), "spun"))
    original = raw["original"]
    if not isinstance(original, str) or not original.strip():
        raise GlossaryError(f"{at('original')}: 'original' must be a non-empty string{_not_text(original)}")
    kind, safety = raw.get("kind", ""), raw.get("safety", "")  # left out: Entry's defaults
    for key, value, known in (("kind", kind, KINDS), ("safety", safety, SAFETIES)):
        if key in raw and value not in known:
            what = f"unknown {key} {_show(value)}" if isinstance(value, str) else f"'{key}' must be a string"
            raise GlossaryError(f"{at(key)}: {what} (known: {', '.join(known)})")
    negative = [] if raw.get("negative") is None else raw["negative"]
    if not isinstance(negative, list) or not all(isinstance(s, str) for s in negative):
        bad = next((s for s in negative if not isinstance(s, str)), "") if isinstance(negative, list) else ""
        raise GlossaryError(f"{at('negative')}: 'negative' must be a list of strings{_not_text(bad)}")
    alternatives = tuple(_string_list(raw["alternatives"], at("alternatives"), "alternatives")) if "alternatives" in raw else ()
    when = _conditions(raw.get("when"), at("when"), file)
    case_sensitive = _bool(raw, "case_sensitive", False, at("case_sensitive"))
    inflect = _bool(raw, "inflect", False, at("inflect")) if "inflect" in raw else None
    source, note = _text(raw, "source", at("source")), _text(raw, "note", at("note"))
    examples = _examples(raw.get("examples"), at("examples"))
    try:
        return Entry(spun=spun, original=original, alternatives=alternatives, kind=kind, safety=safety,
                     case_sensitive=case_sensitive, inflect=inflect, when=when, source=source, note=note,
                     file=file, line=line, examples=examples, negative=tuple(negative))
    except _Refused as exc:
        raise GlossaryError(f"{where}: {exc.rule}") from None


def check_duplicates(entries: Iterable[Entry]) -> None:
    """Refuse one spun form with two originals in one file, unless every such entry
    carries context conditions (then they are alternatives chosen by context), and one
    spun form in two unconditional entries of different safety (one would always
    shadow the other). Each entry is checked against every earlier one with that form,
    a case-sensitive one too where the other matches its form as written."""
    seen: dict[str, list[tuple[Entry, str]]] = {}
    for entry in entries:
        for form in entry.spun:
            earlier = seen.setdefault(fold_phrase(form), [])
            for other, other_form in earlier:
                if not (entry.case_sensitive and other.case_sensitive and form != other_form):
                    _check_pair(entry, other, form)
            earlier.append((entry, form))


def _check_pair(entry: Entry, other: Entry, form: str) -> None:
    """:func:`check_duplicates` for *entry* and the earlier entry *other*, which both
    match the spun *form*."""
    if fold_phrase(other.original) != fold_phrase(entry.original):
        if not (other.when and entry.when):
            raise GlossaryError(
                f"{entry.location}: spun form {form!r} already maps to {other.original!r} "
                f"at line {other.line}; give both entries 'when' conditions or remove one")
        if all(set(getattr(other.when, key)) == set(getattr(entry.when, key)) for key in CONDITION_KEYS):
            raise GlossaryError(  # the same conditions, whatever the order of their values
                f"{entry.location}: spun form {form!r} already maps to {other.original!r} at line "
                f"{other.line} under the same 'when' conditions, so this entry could never apply; "
                "make the conditions tell them apart or remove one")
    elif other.safety != entry.safety and not (other.when or entry.when):
        raise GlossaryError(
            f"{entry.location}: spun form {form!r} is already the entry at line {other.line}, which is "
            f"{other.safety!r} where this one is {entry.safety!r}; remove one")


def load_glossary(path: str | os.PathLike[str], overrides: list[str] | None = None) -> Glossary:
    """Load and validate one glossary file and the files it includes; the messages of
    :func:`include_overrides` are added to *overrides* when it is given."""
    path = a_path(path, "path")
    if overrides is not None and not isinstance(overrides, list):
        raise TypeError(f"overrides must be a list (the messages are added to it) or None, not {show(overrides)}")
    with paused(promote=True):  # a glossary is read into hundreds of thousands of objects, all kept
        return _load(path, ((_identity(path), str(path)),), None, overrides, itertools.count(1))


def include_overrides(path: str | os.PathLike[str]) -> list[str]:
    """Each spun form that a glossary file and the files it includes define with
    different originals, as ``file:line: ...`` naming the definition used (the last:
    includes are layered before the including file's own entries, in order) and the
    one it overrides. Not an error, as it is within one file: a file may include
    another to override some of its entries."""
    overrides: list[str] = []
    load_glossary(path, overrides)
    return overrides


def _overrides(parts: Sequence[Glossary]) -> Iterator[str]:
    """The messages of :func:`include_overrides` for glossaries layered in this order."""
    last: dict[str, Entry] = {}
    for glossary in parts:
        for entry in glossary.entries:
            for form in entry.spun:
                key = fold_phrase(form)
                earlier = last.get(key, entry)
                last[key] = entry
                if earlier.file != entry.file and earlier.original != entry.original:
                    yield (f"{entry.location}: spun form {form!r} -> {entry.original!r} overrides "
                           f"{earlier.location} ({earlier.original!r})")


def _identity(path: Path) -> str:
    """The real path of *path*, to recognise a file included twice on one include chain.
    Never raises: a file that cannot be resolved fails when it is read."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def _top_list(data: dict[str, Any], key: str, what: str, name: str, layout: _Layout) -> list[Any]:
    """The list under the top-level *key* (none: empty), or an error at its line."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise GlossaryError(f"{name}:{layout.key_line(key)}: '{key}' must be {what}, not {_describe(value)}")
    return value


def _load(path: Path, chain: tuple[tuple[str, str], ...], origin: str | None,
          overrides: list[str] | None, reads: Iterator[int]) -> Glossary:
    """Load *path*; *chain* holds the (real path, name) of each file including it, itself
    last; *origin* is ``file:line: include NAME`` of the include that asked for it; the
    messages of :func:`include_overrides` go to *overrides* when given; *reads* counts
    the files read for one top-level glossary."""
    from .glossary_yaml import _parse_yaml  # PyYAML is imported when a file is read, not with fixer

    data, layout = _parse_yaml(path, origin)
    name = str(path)
    if not isinstance(data, dict):
        raise GlossaryError(f"{name}:{layout.line}: a glossary must be a mapping with 'version' and 'entries'")
    unknown = set(data) - TOP_KEYS - _META
    if unknown:
        key = _first(unknown)
        raise GlossaryError(f"{name}:{layout.keys.get(key, layout.line)}: unknown top-level key {_show(key)} "
                            f"(known: entries, include, version)")
    version = data.get("version")
    if version != 1 or type(version) is not int:
        raise GlossaryError(f"{name}:{layout.key_line('version')}: 'version: 1' is required")
    if "entries" not in data:
        raise GlossaryError(f"{name}:{layout.line}: 'entries' is required (a list; 'entries: []' for a file "
                            "that only includes others)")
    includes = _top_list(data, "include", "a list of file names", name, layout)
    include_lines = layout.item_lines("include", len(includes))
    for inc, line in zip(includes, include_lines):
        if not isinstance(inc, str) or not inc.strip():
            raise GlossaryError(f"{name}:{line}: 'include' must be a list of file names, not {_describe(inc)}")
    raw_entries = _top_list(data, "entries", "a list", name, layout)
    if len(raw_entries) > MAX_ENTRIES:
        raise GlossaryError(f"{name}:{layout.key_line('entries')}: more than {MAX_ENTRIES} entries")
    own = [parse_entry(raw, name, line) for raw, line in zip(raw_entries, layout.item_lines("entries", len(raw_entries)))]
    check_duplicates(own)
    parts = []
    for inc, line in zip(includes, include_lines):
        child = path.parent / inc
        where = f"{name}:{line}: include {_show_name(inc)}"
        identity = _identity(child)
        for i, (seen, _) in enumerate(chain):
            if seen == identity:
                cycle = " -> ".join(n for _, n in chain[i:])
                raise GlossaryError(f"{where}: an include cycle ({cycle} -> {child})")
        if len(chain) >= MAX_INCLUDE_DEPTH:
            raise GlossaryError(f"{where}: includes nested more than {MAX_INCLUDE_DEPTH} files deep")
        if next(reads) >= MAX_INCLUDED_FILES:
            raise GlossaryError(f"{where}: more than {MAX_INCLUDED_FILES} files to read, counting each file as "
                                "often as it is included")
        parts.append(_load(child, chain + ((identity, str(child)),), where, overrides, reads))
    parts.append(Glossary(tuple(own), (name,)))
    if overrides is not None:  # a file included twice says it once
        overrides.extend(m for m in dict.fromkeys(_overrides(parts)) if m not in overrides)
    return layer(parts)


def layer(glossaries: Sequence[Glossary], inflected: bool = False) -> Glossary:
    """Combine glossaries; for a spun form defined in several, the later one wins; with
    *inflected*, also where the later one has it as the singular or plural of its own
    spun form (a user's entry ``energy crop`` over the default one ``energy crops``;
    inside one glossary and the files it includes, a form written out wins instead)."""
    if len(glossaries) == 1:
        return glossaries[0]
    owner: dict[str, int] = {}
    for gi, glossary in enumerate(glossaries):
        for entry in glossary.entries:
            for form in entry.spun:
                owner[fold_phrase(form)] = gi
                other = (number_variant(form, entry.original)
                         if inflected and entry.inflect else None)
                if other is not None:
                    owner[fold_phrase(other[0])] = gi
    kept = []
    for gi, glossary in enumerate(glossaries):
        for entry in glossary.entries:
            forms = tuple(f for f in entry.spun if owner[fold_phrase(f)] == gi)
            if forms == entry.spun:
                kept.append(entry)
            elif forms:
                kept.append(replace(entry, spun=forms))
    files = tuple(f for g in glossaries for f in g.files)
    return Glossary(tuple(kept), files)


def glossary_paths(paths: Any, name: str = "paths") -> list[str | os.PathLike[str]]:
    """*paths* as a list of glossary paths: one ``str``/:class:`os.PathLike` is one
    path, an iterable is read once; anything else is a :class:`TypeError` naming the
    argument or setting *name*, and an empty path (which names no file) a :class:`ValueError`."""
    out = one_or_many(paths, (str, os.PathLike), name, "a glossary path (str or os.PathLike)",
                      "glossary paths (str or os.PathLike)", ordered=True)
    if any(os.fspath(p) == "" for p in out):
        raise ValueError(f"{name} holds an empty glossary path (it would name the current folder)")
    return out


def glossary_files(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = (),
                   default: bool = True) -> list[Path]:
    """The files :func:`load_glossaries` reads, in order: the default glossary (unless
    ``default=False``), then *paths* (see :func:`glossary_paths`); a file named twice
    (by any path) is read once, where it was named last, the place where it wins."""
    if not isinstance(default, bool):
        raise TypeError(f"default must be True or False, not {show(default)}")
    named = ([default_glossary_path()] if default else []) + [Path(p) for p in glossary_paths(paths)]
    real = [os.path.realpath(p) for p in named]
    last = {r: i for i, r in enumerate(real)}
    return [p for i, (p, r) in enumerate(zip(named, real)) if last[r] == i]


def load_glossaries(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = (), *,
                    default: bool = True) -> Glossary:
    """The default glossary (unless ``default=False``) layered under *paths*, in order:
    a list (any iterable) of glossary files, or one file as a ``str`` or
    :class:`os.PathLike` (anything else raises :class:`TypeError`)."""
    files = glossary_files(paths, default)
    if not files:
        raise GlossaryError("no glossary: give a glossary file or keep the default one")
    with paused(promote=True):
        return layer([load_glossary(p) for p in files], inflected=True)


def disable_keys(values: Collection[str]) -> frozenset[str]:
    """What the ``disable`` *values* are compared with: each as written and folded."""
    return frozenset(values) | {fold_phrase(v) for v in values}


def disables(keys: Collection[str], entry: Entry) -> bool:
    """Whether *keys* (see :func:`disable_keys`) name *entry*: its id or one of its
    spun forms, folded (any case and spacing), or the other number of one that it
    matches too ("energy crop" for "energy crops", as a scan reports such a repair)."""
    if not keys:
        return False
    if entry.id in keys or fold_phrase(entry.id) in keys or any(fold_phrase(f) in keys for f in entry.spun):
        return True
    if not entry.inflect:
        return False
    return any(other is not None and fold_phrase(other[0]) in keys
               for other in (number_variant(f, entry.original) for f in entry.spun))


def check_disable(glossary: Glossary, disable: Collection[str]) -> None:
    """Raise :class:`ValueError` for the first of *disable* that is neither the id nor a
    spun form (compared folded) of an entry of *glossary*: it would disable nothing."""
    for value in disable:
        keys = disable_keys([value])
        if not any(disables(keys, e) for e in glossary.entries):
            raise ValueError(f"disable {value!r}: no glossary entry has this spun form (or its singular or "
                             "plural) or id")
