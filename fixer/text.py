"""Text normalisation shared by the glossary and the matcher.

The matcher works on a *folded* copy of the text that has exactly one code point for
every code point of the input, so offsets found in the folded copy are offsets in the
input. Folding lower-cases, maps curly quotes to straight ones and hyphens and
whitespace to a plain space (but page breaks, paragraph separators and tabs between
table cells to a line break, which no spun form holds). Runs of spaces are then
squeezed with an offset map (:class:`Folded`), so "White \\n  Home" and "White-Home"
both read "white home"; a run that holds a blank line, a dash or such a tab is squeezed
to a line break instead.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\uff07": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
}
_HYPHENS = "-\u2010\u2011\u00ad"
_SPACES = "\t\n\v\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u202f\u205f\u3000"
LINE_BLANKS = " " + "".join(c for c in _SPACES if c not in "\n\v\r\x1c\x1d\x1e\x1f\x85\u2028")
"""The blanks within a line: spaces of every width, the zero-width space and the tab."""
_PARAGRAPH_ENDS = "\f\u2029"  # a page break, a paragraph separator: no phrase runs across them

_FOLDS = (tuple((c, " ") for c in _HYPHENS + _SPACES) + tuple((c, "\n") for c in _PARAGRAPH_ENDS)
          + tuple(_QUOTES.items()))
_ASCII_FOLDS = tuple((c, to) for c, to in _FOLDS if c.isascii())
_TO_APOSTROPHE = re.compile("[" + re.escape("".join(k for k, v in _QUOTES.items() if v == "'")) + "]")
WORD_RE = re.compile(r"\w+(?:'\w+)*")
"""A word of a folded text: word characters, with apostrophes inside."""
WORD_RUN = re.compile(r"\w+")
"""A run of word characters."""
NEIGHBOUR_WORD = re.compile(r"\w+(?:['\u2019./\\:=@#]\w+)*")
"""The word next to a phrase, as context conditions read it: one glued to others by
./\\:=@# is read whole ("I/O" is not the pronoun "I", "example.com" not "example")."""
LINE_END = re.compile(r"\r\n|\r|\n")
"""A line ending: CR LF, CR or LF."""


def lower_same_length(text: str) -> str:
    """Lower-case *text* without changing its length (code points whose lower case is
    longer, such as "İ", are kept as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def is_word_char(c: str) -> bool:
    """True for letters, digits, combining marks and the underscore."""
    if c.isalnum() or c == "_":
        return True
    return not c.isascii() and unicodedata.category(c)[0] == "M"


BLANKS = "\\s\\u200b"
"""Whitespace and the zero-width space (which ``str.isspace()`` does not count), as the
inside of a regular expression's character class: what folds to a space, besides hyphens."""
_BREAK = re.compile(f"[\\n\\r\\u2028](?:(?![\\n\\r\\u2028\\u2029])[{BLANKS}])*[\\n\\r\\u2028]|[{BLANKS}][{_HYPHENS}]|[-\\u2010\\u2011]{{2}}"
                    f"|\\A[^\\n\\r\\u2028]*\\t")
"""A run of whitespace and hyphens that no spun phrase spans: a blank line (two line
breaks with nothing but spaces between: a paragraph break), a hyphen after a space
(a dash or a list bullet: "energy - crops", "- energy\\n- crops"), two hyphens in a row
(a dash typed as "--" or "---": "energy--crops"), or a tab before any
line break (between table cells: "energy\\tcrops"; a tab after a line break indents a
wrapped line)."""
_LONE_TAB = re.compile(f"(?<![{_HYPHENS}{BLANKS}])\\t(?![{_HYPHENS}{BLANKS}])")
"""A tab that is a run of whitespace and hyphens on its own."""


_TOKEN_JOINS = "./\\:=@#"
"""Characters that join words into one token without a space: domain names, file
names and paths, URLs, e-mail addresses, handles and hashtags."""
_CURRENCIES = "$\u00a3\u20ac\u00a5"
"""Currency signs, which a number right after them belongs to ("$2")."""
ATTACHING = frozenset(_HYPHENS + _TOKEN_JOINS + ",%" + _CURRENCIES)
"""The characters next to a span that :func:`attached` looks at."""


def attached(text: str, start: int, end: int) -> bool:
    """Whether the span ``[start, end)`` of *text* is attached to a word outside it:
    joined by a hyphen (a compound: "he-Underground ..."), or by one of ``./\\:=@#``
    with no space (a domain, file name, path, URL or e-mail address:
    "www.energy-crops.org", "energy-crops.csv"), or right after "@" or "#" (a handle
    or hashtag), or next to a slash that starts or ends a path ("/energy-crops",
    "./task", "energy-crops/"), or right after hyphens that follow no word (a
    command-line option: "the -a option to"); or, for a span that starts or ends with
    a digit, part of a longer number or amount ("1,256 pieces", "2,000", "2%", "$2").
    Only whether the characters next to the span are word characters or digits counts,
    not their case, so that a repair next to it, which may change a case, cannot
    change the answer."""
    before = text[start - 1:start]
    if before and (before in "@#/" or (before in _JOINING and start > 1 and is_word_char(text[start - 2]))):
        return True
    if before and before in _HYPHENS:
        dashes = start - 1
        while dashes and text[dashes - 1] in _HYPHENS:
            dashes -= 1
        if not dashes or not is_word_char(text[dashes - 1]):
            return True
    if before and text[start:start + 1].isdigit() and (
            before in _CURRENCIES or (before == "," and start > 1 and text[start - 2].isdigit())):
        return True
    after = text[end:end + 1]
    if not after:
        return False
    if after == "/" or (after in _JOINING and end + 1 < len(text) and is_word_char(text[end + 1])):
        return True
    return text[end - 1:end].isdigit() and (after == "%" or (after == "," and text[end + 1:end + 2].isdigit()))


_JOINING = frozenset(_HYPHENS + _TOKEN_JOINS)
"""The characters that join a span to a word right next to them (see :func:`attached`)."""


_BLOCK_START = re.compile("[\n\r\u2028]\\W*(\\w)")


def new_block_inside(text: str, start: int, end: int) -> bool:
    """Whether a line break inside the span ``[start, end)`` of *text* starts a new
    block: the span starts in lower case and the word after the break in upper case
    ("energy\\nCrops": a heading or list item, then the next one). A phrase wrapped
    across lines keeps its own case pattern ("White\\nHome", "energy\\ncrops"). Only
    the span's own characters count, so repairs next to it cannot change the answer."""
    if not text[start:start + 1].islower():
        return False
    m = _BLOCK_START.search(text, start, end)
    return m is not None and m.group(1).isupper()


@dataclass(frozen=True)
class Folded:
    """A folded copy of a text and the map from its offsets back to the input's."""

    text: str
    breaks: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    def input_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the input of the non-empty folded span ``[start, end)``."""
        if not self.breaks:
            return start, end
        _, run_end, shift = self.run(start)
        if end > run_end:  # a squeezed run inside the span
            return start + shift, end + self.run(end - 1)[2]
        return start + shift, end + shift

    def run(self, pos: int) -> tuple[int, int, int]:
        """``(lo, hi, shift)``: the stretch ``[lo, hi)`` of the folded text around *pos*
        that one shift maps back to the input (no squeezed run inside it), and that
        shift (input offset = folded offset + shift)."""
        breaks = self.breaks
        i = bisect.bisect_right(breaks, pos) - 1
        lo, shift = (breaks[i], self.shifts[i]) if i >= 0 else (0, 0)
        return lo, (breaks[i + 1] if i + 1 < len(breaks) else len(self.text)), shift


def _flatten(text: str) -> str:
    """*text* lower-cased with quotes, hyphens and whitespace mapped, length kept."""
    flat = lower_same_length(text)
    for char, to in _ASCII_FOLDS if flat.isascii() else _FOLDS:
        if char in flat:
            flat = flat.replace(char, to)
    return flat


def fold(text: str) -> Folded:
    """Fold *text* for matching: lower case, straight quotes, hyphens and whitespace
    as one space per run; a run that breaks the text (see :data:`_BREAK`), a page break
    or a paragraph separator as one line break, which no spun form holds."""
    flat = _flatten(_LONE_TAB.sub("\f", text) if "\t" in text else text)  # a lone tab breaks, as a run would
    if "  " not in flat:
        return Folded(flat)
    parts: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    last = removed = 0
    pos = flat.find("  ")
    while pos >= 0:
        end = pos + 2
        while flat.startswith(" ", end):
            end += 1
        run = text[pos:end]
        if run == "\n\n" or (run.strip(" ") and _BREAK.search(run.replace("\r\n", "\n"))):  # a blank line first
            parts.append(flat[last:pos] + "\n")
        else:
            parts.append(flat[last:pos + 1])
        breaks.append(pos + 1 - removed)
        removed += end - pos - 1
        shifts.append(removed)
        last = end
        pos = flat.find("  ", end)
    parts.append(flat[last:])
    return Folded("".join(parts), tuple(breaks), tuple(shifts))


@functools.lru_cache(maxsize=1 << 16)
def fold_phrase(phrase: str) -> str:
    """The folded key of a glossary phrase (no leading or trailing space)."""
    return fold(phrase.strip()).text.strip()


def fold_word(word: str) -> str:
    """The folded form of one word (letters, digits and apostrophes only)."""
    if word.isascii():
        return word.lower()
    return _TO_APOSTROPHE.sub("'", lower_same_length(word))


def words(text: str) -> list[str]:
    """The word tokens of an already folded text."""
    return WORD_RE.findall(text)


_WORD_BACKWARDS = re.compile(f"(\\W*)({NEIGHBOUR_WORD.pattern})")  # matched on the reversed text
_NEXT_WORD = re.compile(f"(\\W*)({NEIGHBOUR_WORD.pattern})")
_SENTENCE_END = re.compile(r"[.!?]")
_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")  # LF, CRLF and CR texts read alike
_CONTEXT = 60


def word_before(text: str, start: int) -> tuple[str, ...]:
    """The word before *start* as conditions on neighbours read it (folded: see
    :data:`NEIGHBOUR_WORD`), with "#" when it is a number, and "^" when a sentence
    starts at *start* ("^" alone at the start of the text)."""
    lo = max(0, start - _CONTEXT)
    if start > 1 and text[start - 1] == " ":  # the common case: one space after a plain word
        space = text.rfind(" ", lo, start - 1)
        if space >= 0 or not lo:
            word = text[space + 1:start - 1]
            if word.isascii() and word.isalpha():
                return (word.lower(),)
            if NEIGHBOUR_WORD.fullmatch(word):
                return _with_number(fold_word(word))
    m = _WORD_BACKWARDS.match(text[lo:start][::-1])
    if not m:
        return ("^",)
    gap = m.group(1)
    word = fold_word(m.group(2)[::-1])
    starts = _SENTENCE_END.search(gap) or (_LINE_BREAK.search(gap) is not None and text[start:start + 1].isupper())
    return _with_number(word) + ("^",) if starts else _with_number(word)


def word_after(text: str, end: int) -> tuple[str, ...]:
    """The word after *end* as conditions on neighbours read it (see
    :func:`word_before`), and "$" when a sentence ends at *end*."""
    if text[end:end + 1] == " ":  # the common case: one space before a plain word
        space = text.find(" ", end + 1, end + _CONTEXT)
        if space > end + 1:
            word = text[end + 1:space]
            if word.isascii() and word.isalpha():
                return (word.lower(),)
        m = NEIGHBOUR_WORD.match(text, end + 1, end + _CONTEXT)
        if m:
            return _with_number(fold_word(m.group()))
    m = _NEXT_WORD.match(text, end, end + _CONTEXT)
    if not m:
        return ("$",)
    ends = _SENTENCE_END.search(m.group(1)) or (_LINE_BREAK.search(m.group(1)) is not None and m.group(2)[:1].isupper())
    word = fold_word(m.group(2))
    return _with_number(word) + ("$",) if ends else _with_number(word)


def _with_number(word: str) -> tuple[str, ...]:
    """*word*, and "#" when it is a number (starts with a digit: "20", "5,000", "3rd")."""
    return (word, "#") if word[:1].isdigit() else (word,)
