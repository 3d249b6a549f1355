"""Spotting repairs that would join the words around them into another spun form.

A repair's original, read together with the words next to it, can spell a spun form
of another entry: "knowledge coronary ailment" repaired to "knowledge heart disease"
now holds "knowledge heart", spun for "data center", and a second run would change the
text again. The glossary check at load time (no original holds a spun form) cannot see
this, because the words come from the text. The Fixer leaves such a repair out; this
module finds the candidates for that check cheaply: a repair is suspect only when the
word at one of its edges, with the word next to it in the repaired text, is a pair of
adjacent words in some spun form.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .text import fold_phrase, is_word_char

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


class Seams:
    """The pairs of adjacent words in a set of folded spun forms, and how far the
    forms holding each pair reach on either side of it. Picklable; what it builds
    from the pairs for lookups is rebuilt on first use."""

    def __init__(self, keys: Iterable[str]) -> None:
        pairs: dict[tuple[str, str], tuple[int, int]] = {}
        for key in keys:
            words = [_core(w) for w in key.split(" ")]
            reach = -1
            for pair in zip(words, words[1:]):
                reach += len(pair[0]) + 1  # the form's characters up to the end of its first word
                before, after = pairs.get(pair, (0, 0))
                pairs[pair] = (max(before, reach), max(after, len(key) - reach - 1))
        # One line per pair: a cached Fixer unpickles one string, not a dict of thousands.
        self._lines = "\n".join(f"{a} {b} {before} {after}" for (a, b), (before, after) in pairs.items())
        self._clear()

    def _clear(self) -> None:
        self._heads: dict[str, dict[str, int]] | None = None
        self._tails: dict[str, dict[str, int]] = {}
        self._sides: dict[str, tuple[dict[str, int] | None, dict[str, int] | None]] = {}

    def __getstate__(self) -> dict[str, object]:
        return {"_lines": self._lines}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._clear()

    def _sides_of(self, folded: str) -> tuple[dict[str, int] | None, dict[str, int] | None]:
        """For a folded original: the words that come before its first word in a spun
        form, and those after its last word (each with its reach), or None."""
        heads = self._heads
        if heads is None:  # first use: index the pairs by their second word and by their first
            heads = {}
            tails: dict[str, dict[str, int]] = {}
            for line in self._lines.split("\n") if self._lines else ():
                a, b, before, after = line.split(" ")
                heads.setdefault(b, {})[a] = int(before)
                tails.setdefault(a, {})[b] = int(after)
            self._tails, self._heads = tails, heads  # heads last: set means both are complete
        words = folded.split(" ")
        found = self._sides[folded] = (heads.get(_core(words[0])), self._tails.get(_core(words[-1])))
        return found

    def suspects(self, text: str, edits: Sequence[_Edit]) -> list[tuple[int, int, int]]:
        """``(i, before, after)`` for each of *edits* (applied to *text*: sorted, not
        overlapping) whose first word, with the word before it in the repaired text,
        or whose last word, with the word after it, occur side by side in a spun form;
        *before* and *after*: how many characters such a form can reach past the
        edit's start and end (0 on a side where none can)."""
        sides = self._sides
        out = []
        count = len(edits)
        previous_end = 0
        for i, (start, end, _, _, _, variant, _, _) in enumerate(edits):
            heads, tails = sides.get(variant.folded) or self._sides_of(variant.folded)
            reach_before = reach_after = 0
            if heads is not None and start:
                word = ""
                if text[start - 1] == " ":  # the common case: a word, then one space
                    space = text.rfind(" ", max(previous_end, start - _WORD_SPAN), start - 1)
                    if space >= 0:
                        word = text[space + 1:start - 1]
                if not word or word[-1].isspace():
                    word = _word_before(text, edits[i - 1] if i else None, start)
                reach_before = heads.get(word) or (0 if word.isalpha() and word.islower() else heads.get(_last_word(word), 0))
            if tails is not None:
                hi = edits[i + 1].start if i + 1 < count else len(text)
                word = ""
                if text[end:end + 1] == " ":
                    space = text.find(" ", end + 1, min(hi, end + _WORD_SPAN))
                    if space >= 0:
                        word = text[end + 1:space]
                if not word or word[0].isspace():
                    word = _word_after(text, end, edits[i + 1] if i + 1 < count else None)
                reach_after = tails.get(word) or (0 if word.isalpha() and word.islower() else tails.get(_first_word(word), 0))
            if reach_before or reach_after:
                out.append((i, reach_before, reach_after))
            previous_end = end
        return out


@functools.lru_cache(maxsize=1 << 16)
def _last_word(raw: str) -> str:
    """The last folded word of a stretch of text ("the well-Known," -> "known"),
    without its outer punctuation."""
    return _core(fold_phrase(raw).rpartition(" ")[2])


@functools.lru_cache(maxsize=1 << 16)
def _first_word(raw: str) -> str:
    """The first folded word of a stretch of text, without its outer punctuation."""
    return _core(fold_phrase(raw).partition(" ")[0])


_WORD_SPAN = 48  # enough characters to hold the word next to a repair
_SPACE = re.compile(r"\s+")


def _word_before(text: str, previous: _Edit | None, start: int) -> str:
    """The word just before *start* in the repaired text, given the *previous* edit."""
    lo = previous.end if previous is not None else 0
    near = text[max(lo, start - _WORD_SPAN):start]
    words = near.rsplit(None, 1)
    if previous is not None and start - len(near) == lo and (not words or (len(words) == 1 and not near[0].isspace())):
        words = (previous.replacement + near).rsplit(None, 1)  # the word runs into the previous repair
    return words[-1] if words else ""


def _word_after(text: str, end: int, following: _Edit | None) -> str:
    """The word just after *end* in the repaired text, given the *following* edit."""
    hi = following.start if following is not None else len(text)
    near = text[end:min(hi, end + _WORD_SPAN)]
    words = near.split(None, 1)
    if following is not None and end + len(near) == hi and (not words or (len(words) == 1 and not near[-1].isspace())):
        words = (near + following.replacement).split(None, 1)
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
    left = output_before(text, edits, i, left_size)
    right = output_after(text, edits, i, right_size)
    if len(left) >= left_size:  # not the start of the text: drop a cut word
        left = _SPACE.split(left, 1)[-1]
    if len(right) >= right_size:
        right = _SPACE.split(right[::-1], 1)[-1][::-1]
    return left + replacement + right, len(left), len(left) + len(replacement)


_SLACK = 16  # extra characters, for runs of spaces that folding squeezes
