"""Spotting repairs that would join the words around them into another spun form.

A repair's original, read together with the words next to it, can spell a spun form
of another entry: "knowledge coronary ailment" repaired to "knowledge heart disease"
now holds "knowledge heart", spun for "data center", and a second run would change the
text again. The glossary check at load time (no original holds a spun form) cannot see
this, because the words come from the text. The Fixer leaves such a repair out; this
module finds the candidates for that check cheaply: a repair is suspect only when the
word at one of its edges, with the word next to it in the repaired text, is a pair of
adjacent words in some spun form, or when the character next to it in the repaired
text, with no space between ("individuals" + "'s"), follows (or precedes) the same
run of letters in some spun form ("individuals's").
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from mypy_extensions import mypyc_attr

from .text import BLANKS, HYPHENS, WORD_RE, WORD_RUN, fold, fold_phrase, is_word_char

if TYPE_CHECKING:
    from .repair import _Edit


def _core(word: str) -> str:
    """A folded *word* without the punctuation at its ends ("(home," -> "home")."""
    if word.isalnum():
        return word
    start, end = 0, len(word)
    while start < end and not is_word_char(word[start]):
        start += 1
    while end > start and not is_word_char(word[end - 1]):
        end -= 1
    return word[start:end]


Sides = tuple[dict[str, int] | None, dict[str, int] | None, str, str, frozenset[str], frozenset[str]]
"""What :meth:`Seams._sides_of` finds for a folded original."""


@mypyc_attr(native_class=False)  # a plain class when compiled: pickled with its __dict__
class Seams:
    """The pairs of adjacent words in a set of folded spun forms, and how far the
    forms holding each pair reach on either side of it; and the characters glued to a
    run of letters in them. Picklable; the words that join each word of an original
    are read (from one string) when a repair first puts that original in."""

    def __init__(self, keys: Iterable[str]) -> None:
        # (word before the pair or _START, the pair's two words, word after it or _END):
        # the longest reach before and after the pair's space of the forms holding it
        pairs: dict[tuple[str, str, str, str], tuple[int, int]] = {}
        glued: set[tuple[str, str, str]] = set()
        self._longest = 0
        for key in keys:
            words = [_core(w) for w in key.split()]
            reach = -1
            for j in range(len(words) - 1):
                reach += len(words[j]) + 1  # the form's characters up to the end of its first word
                seam = (words[j - 1] if j else _START, words[j], words[j + 1],
                        words[j + 2] if j + 2 < len(words) else _END)
                before, after = pairs.get(seam, (0, 0))
                pairs[seam] = (max(before, reach), max(after, len(key) - reach - 1))
            if not key.isalnum():
                glued.update(_glued(key))
            self._longest = max(self._longest, len(key))
        # The seams by what an original must hold to join them: by a form's word after
        # the pair's space (alone, and with the word after it), and by the word before
        # the space (alone, and with the word before it).
        heads: dict[str, dict[str, int]] = {}
        tails: dict[str, dict[str, int]] = {}
        for (p, a, b, n), (reach_before, reach_after) in pairs.items():
            for key in (b, f"{b} {n}"):
                _widen(heads.setdefault(key, {}), a, reach_before)
            for key in (a, f"{p} {a}"):
                _widen(tails.setdefault(key, {}), b, reach_after)
        # The words of each as one string, read when an original needs them: a cached
        # Fixer unpickles a dict of strings, not one dict per key (hundreds of thousands).
        # (Equal strings are one object, interned: fewer objects to unpickle.)
        self._heads = {sys.intern(key): sys.intern(_encoded(words)) for key, words in heads.items()}
        self._tails = {sys.intern(key): sys.intern(_encoded(words)) for key, words in tails.items()}
        self._glue_before: dict[str, str] = {}
        self._glue_after: dict[str, str] = {}
        for side, run, char in sorted(glued):
            into = self._glue_after if side == ">" else self._glue_before
            into[run] = into.get(run, "") + char
        self._sides: dict[str, Sides] = {}

    def __getstate__(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in ("_heads", "_tails", "_glue_before", "_glue_after", "_longest")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._sides = {}

    def _sides_of(self, folded: str) -> Sides:
        """For a folded original: the words that come before its first word in a spun
        form, and those after its last word (each with its reach), or None; the
        characters that a spun form glues before its first run of letters, and after
        its last one ("" for none, :data:`_ANY` when it starts or ends with neither a
        letter nor a space, so that any character may join it to a form); the last two
        letters of the words before, and the first two of the words after (of those
        with two or more), which rule out most neighbours without reading them whole."""
        heads, tails = self._heads, self._tails
        words = [_core(w) for w in folded.split()]
        first, last = folded[:1], folded[-1:]
        glue_before = self._glue_before.get(_first_run(folded), "") if is_word_char(first) else _ANY
        glue_after = self._glue_after.get(_last_run(folded), "") if is_word_char(last) else _ANY
        if len(words) == 1:
            before, after = _decoded(heads.get(words[0])), _decoded(tails.get(words[0]))
        else:  # a form crossing into the original goes on with its second (last but one) word, or ends
            before = _merged(_decoded(heads.get(f"{words[0]} {words[1]}")), _decoded(heads.get(f"{words[0]} {_END}")))
            after = _merged(_decoded(tails.get(f"{words[-2]} {words[-1]}")), _decoded(tails.get(f"{_START} {words[-1]}")))
        found = self._sides[folded] = (before, after, glue_before, glue_after,
                                       frozenset(w[-2:] for w in before or () if len(w) > 1),
                                       frozenset(w[:2] for w in after or () if len(w) > 1))
        return found

    def suspects(self, text: str, edits: Sequence[_Edit]) -> list[tuple[int, int, int]]:
        """``(i, before, after)`` for each of *edits* (applied to *text*: sorted, not
        overlapping) whose first word, with the word before it in the repaired text,
        or whose last word, with the word after it, occur side by side in a spun form,
        or that a character glued to it in the repaired text may join to a form;
        *before* and *after*: how many characters such a form can reach past the
        edit's start and end (0 on a side where none can)."""
        sides = self._sides
        out = []
        count = len(edits)
        previous_end = 0
        for i, (start, end, _, _, _, variant, _, _) in enumerate(edits):
            heads, tails, glue_before, glue_after, head_ends, tail_starts = (
                sides.get(variant.folded) or self._sides_of(variant.folded))
            reach_before = reach_after = 0
            if glue_before and start and _glued_to(glue_before, output_before(text, edits, i, 1)):
                reach_before = self._longest
            if glue_after and _glued_to(glue_after, output_after(text, edits, i, 1)):
                reach_after = self._longest
            # no pair where the two letters next to the one space before (after) the edit,
            # in the text or in the replacement of the edit just there, are plain and no
            # word before (after) ends (starts) with them
            if heads is not None and text[start - 1:start] == " " and _other_letters(
                    text[start - 3:start - 1] if start - 3 >= previous_end
                    else edits[i - 1].replacement[-2:] if i and start - 1 == previous_end else "", head_ends):
                heads = None
            if heads is not None and start:
                word = ""
                if text[start - 1] == " ":  # the common case: a word, then one space
                    space = text.rfind(" ", max(previous_end, start - _WORD_SPAN), start - 1)
                    if space >= 0:
                        word = text[space + 1:start - 1]
                if not word or word[-1].isspace():
                    word = _word_before(text, edits[i - 1] if i else None, start)
                reach_before = reach_before or heads.get(word) or (
                    0 if word.isalpha() and word.islower() else _reach_before(heads, word))
            if tails is not None:
                hi = edits[i + 1].start if i + 1 < count else len(text)
                if text[end:end + 1] == " " and _other_letters(
                        text[end + 1:end + 3] if end + 3 <= hi
                        else edits[i + 1].replacement[:2] if end + 1 == hi < len(text) else "", tail_starts):
                    tails = None
            if tails is not None:
                word = ""
                if text[end:end + 1] == " ":
                    space = text.find(" ", end + 1, min(hi, end + _WORD_SPAN))
                    if space >= 0:
                        word = text[end + 1:space]
                if not word or word[0].isspace():
                    word = _word_after(text, end, edits[i + 1] if i + 1 < count else None)
                reach_after = reach_after or tails.get(word) or (
                    0 if word.isalpha() and word.islower() else _reach_after(tails, word))
            if reach_before or reach_after:
                out.append((i, reach_before, reach_after))
            previous_end = end
        return out


def _merged(one: dict[str, int] | None, other: dict[str, int] | None) -> dict[str, int] | None:
    """The words of *one* and *other* with the longest reach of each, or None for none."""
    if not one or not other:
        return one or other
    both = dict(one)
    for word, reach in other.items():
        _widen(both, word, reach)
    return both


def _widen(words: dict[str, int], word: str, reach: int) -> None:
    """Record that *word* reaches *reach* characters, unless it is known to reach further."""
    words[word] = max(words.get(word, 0), reach)


def _encoded(words: dict[str, int]) -> str:
    """*words* and their reach as one string: ``"word reach word reach"``."""
    return " ".join(f"{word} {reach}" for word, reach in words.items())


def _decoded(line: str | None) -> dict[str, int] | None:
    """The words and reach of an :func:`_encoded` string, or None for none."""
    if line is None:
        return None
    parts = line.split(" ")  # a word may be empty (a form's punctuation alone): never split()
    return {parts[i]: int(parts[i + 1]) for i in range(0, len(parts), 2)}


def _other_letters(pair: str, known: frozenset[str]) -> bool:
    """Whether *pair* is two plain ASCII letters not among the lower-case *known*."""
    return len(pair) == 2 and pair.isascii() and pair.isalpha() and pair.lower() not in known


@functools.lru_cache(maxsize=1 << 16)
def _last_words(raw: str) -> tuple[str, ...]:
    """The last folded word of a stretch of text, without its outer punctuation; and,
    where punctuation inside it ends a word for the matcher, its last run of letters
    too ("the well-Known," -> "known"; "said;exactness" -> "said;exactness", "exactness")."""
    word = _core(fold_phrase(raw).rpartition(" ")[2])
    m = _WORD_AT_END.search(word)
    return (word, m.group()) if m and m.start() else (word,)


@functools.lru_cache(maxsize=1 << 16)
def _first_words(raw: str) -> tuple[str, ...]:
    """The first folded word of a stretch of text, without its outer punctuation; and,
    where punctuation inside it ends a word for the matcher, its first run of letters
    too ("focuses,voice" -> "focuses,voice", "focuses")."""
    word = _core(fold_phrase(raw).partition(" ")[0])
    m = WORD_RE.match(word)
    return (word, m.group()) if m and m.end() < len(word) else (word,)


def _reach_before(heads: dict[str, int], raw: str) -> int:
    """The longest reach in *heads* of the word that ends *raw* (see :func:`_last_words`)."""
    return max(heads.get(word, 0) for word in _last_words(raw))


def _reach_after(tails: dict[str, int], raw: str) -> int:
    """The longest reach in *tails* of the word that starts *raw* (see
    :func:`_first_words`), or of that word without a possessive "'s" (a form may end
    before one: "impaired individuals" in "impaired individuals's")."""
    return max(tails.get(word, 0) or (tails.get(word[:-2], 0) if word.endswith("'s") else 0)
               for word in _first_words(raw))


_START, _END = "^", "$"  # no word of a form is either: a form's word has a letter at each end

_ANY = "*"  # in place of the glued characters: any character that is not a space


def _glued(key: str) -> Iterator[tuple[str, str, str]]:
    """The characters that the folded spun form *key* glues to a run of letters:
    ``(">", run, c)`` for *c* right after *run*, ``("<", run, c)`` right before it."""
    for m in WORD_RUN.finditer(key):
        start, end = m.span()
        if start and not key[start - 1].isspace():
            yield "<", m.group(), key[start - 1]
        if end < len(key) and not key[end].isspace():
            yield ">", m.group(), key[end]


def _glued_to(chars: str, neighbour: str) -> bool:
    """Whether the repaired text's character *neighbour* (folded) is one of *chars*."""
    if not neighbour or neighbour.isspace():
        return False
    return chars == _ANY or fold(neighbour).text in chars


@functools.lru_cache(maxsize=1 << 12)
def _first_run(folded: str) -> str:
    """The run of letters (word characters) that starts *folded*."""
    m = _RUN_AT_START.match(folded)
    return m.group() if m else ""


@functools.lru_cache(maxsize=1 << 12)
def _last_run(folded: str) -> str:
    """The run of letters (word characters) that ends *folded*."""
    m = _RUN_AT_END.search(folded)
    return m.group() if m else ""


_RUN_AT_START = re.compile(r"\A\w+")
_RUN_AT_END = re.compile(r"\w+\Z")
_WORD_AT_END = re.compile(r"(?:\w+')*\w+\Z")


_WORD_SPAN = 48  # enough characters to hold the word next to a repair


_NOT_BLANK = re.compile(f"[^{BLANKS}]+")


def _word_before(text: str, previous: _Edit | None, start: int) -> str:
    """The word just before *start* in the repaired text, given the *previous* edit."""
    lo = previous.end if previous is not None else 0
    near = text[max(lo, start - _WORD_SPAN):start]
    words = _NOT_BLANK.findall(near)
    if previous is not None and start - len(near) == lo and (
            not words or (len(words) == 1 and _NOT_BLANK.match(near))):
        words = _NOT_BLANK.findall(previous.replacement + near)  # the word runs into the previous repair
    return words[-1] if words else ""


def _word_after(text: str, end: int, following: _Edit | None) -> str:
    """The word just after *end* in the repaired text, given the *following* edit."""
    hi = following.start if following is not None else len(text)
    near = text[end:min(hi, end + _WORD_SPAN)]
    words = _NOT_BLANK.findall(near)
    if following is not None and end + len(near) == hi and (
            not words or (len(words) == 1 and _NOT_BLANK.fullmatch(near[-1:]))):
        words = _NOT_BLANK.findall(near + following.replacement)
    if len(words) > 1 and len(words[0]) == 1 and words[0] in HYPHENS and near[:1] == words[0]:
        return words[1]  # a hyphen, then a line break: both fold to one space ("votes-\nprojected")
    return words[0] if words else ""


def output_before(text: str, edits: Sequence[_Edit], i: int, size: int) -> str:
    """The last *size* characters of the repaired text before ``edits[i]`` (or all of
    it), found from *text* and the replacements of the earlier *edits*."""
    parts: list[str] = []
    got = 0
    pos = edits[i].start
    j = i - 1
    while got < size and pos > 0:
        lo = edits[j].end if j >= 0 else 0
        piece = text[max(lo, pos - (size - got)):pos]
        parts.append(piece)
        got += len(piece)
        pos -= len(piece)
        if got < size and j >= 0 and pos == lo:
            parts.append(edits[j].replacement)
            got += len(edits[j].replacement)
            pos = edits[j].start
            j -= 1
    return "".join(reversed(parts))


def output_after(text: str, edits: Sequence[_Edit], i: int, size: int) -> str:
    """The first *size* characters of the repaired text after ``edits[i]`` (or all of
    it), found from *text* and the replacements of the later *edits*."""
    parts: list[str] = []
    got = 0
    pos = edits[i].end
    n = len(text)
    j = i + 1
    while got < size and pos < n:
        hi = edits[j].start if j < len(edits) else n
        piece = text[pos:min(hi, pos + (size - got))]
        parts.append(piece)
        got += len(piece)
        pos += len(piece)
        if got < size and j < len(edits) and pos == hi:
            parts.append(edits[j].replacement)
            got += len(edits[j].replacement)
            pos = edits[j].end
            j += 1
    return "".join(parts)


def window(text: str, edits: Sequence[_Edit], i: int, before: int, after: int) -> tuple[str, int, int]:
    """The repaired text around ``edits[i]``: *before* characters or more before its
    start and *after* or more after its end (plus some slack, cut to whole words),
    and where the edit's replacement lies in it."""
    replacement = edits[i].replacement
    left_size = before + _SLACK if before else 0
    right_size = after + _SLACK if after else 0
    # one character more on each side tells whether the window cuts a word in two
    left = output_before(text, edits, i, left_size + 1) if left_size else ""
    right = output_after(text, edits, i, right_size + 1) if right_size else ""
    if len(left) > left_size:  # drop the cut word's part
        left = _RUN_AT_START.sub("", left[1:]) if is_word_char(left[0]) else left[1:]
    if len(right) > right_size:
        right = _RUN_AT_END.sub("", right[:-1]) if is_word_char(right[-1]) else right[:-1]
    return left + replacement + right, len(left), len(left) + len(replacement)


_SLACK = 16  # extra characters, for runs of spaces that folding squeezes
