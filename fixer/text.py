"""Text normalisation shared by the glossary and the matcher.

The matcher works on a *folded* copy of the text that has one code point for every code
point of the input (but a ligature's letters), so offsets found in the folded copy map
back to offsets in the input. Folding lower-cases, maps curly quotes to straight ones,
hyphens and whitespace to a plain space (but page breaks, paragraph separators and tabs
between table cells to a line break, which no spun form holds) and superscript digits
to "^" (footnote marks, not letters of a word). Runs of spaces are then
squeezed with an offset map (:class:`Folded`), so "White \\n  Home" and "White-Home"
both read "white home"; a run that holds a blank line, a dash or such a tab, or four
spaces or more inside a line (a gap between columns), is squeezed to a line break
instead. A word broken by a soft hyphen, or by a hyphen at a line end ("counter-\\nfeit",
not "energy-\\ncrops"), is read joined: the run is left out.
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
HYPHENS = _HYPHENS
"""The hyphens (the soft one too), which fold to a space."""
_SPACES = "\t\n\v\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u202f\u205f\u3000"
LINE_BLANKS = " " + "".join(c for c in _SPACES if c not in "\n\v\r\x1c\x1d\x1e\x1f\x85\u2028")
"""The blanks within a line: spaces of every width, the zero-width space and the tab."""
_PARAGRAPH_ENDS = "\f\u2029"  # a page break, a paragraph separator: no phrase runs across them
SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
"""Superscript digits: footnote marks ("White Home\u00b2"), read as punctuation, not as
part of the word they follow."""

_FOLDS = (tuple(_QUOTES.items()) + tuple((c, " ") for c in _HYPHENS + _SPACES)
          + tuple((c, "\n") for c in _PARAGRAPH_ENDS) + tuple((c, "^") for c in SUPERSCRIPT_DIGITS))
_ASCII_FOLDS = tuple((c, to) for c, to in _FOLDS if c.isascii())
_OTHER_FOLDS = tuple((c, to) for c, to in _FOLDS if not c.isascii())  # the quotes first: most texts have no other
_TO_APOSTROPHE = re.compile("[" + re.escape("".join(k for k, v in _QUOTES.items() if v == "'")) + "]")
WORD_RE = re.compile(r"\w+(?:'\w+)*")
"""A word of a folded text: word characters, with apostrophes inside."""
WORD_RUN = re.compile(r"\w+")
"""A run of word characters."""
_WORD_CHARS = f"[^\\W{SUPERSCRIPT_DIGITS}]+"
NEIGHBOUR_WORD = re.compile(f"{_WORD_CHARS}(?:['\u2019./\\\\:=@#]{_WORD_CHARS})*")
"""The word next to a phrase, as context conditions read it: one glued to others by
./\\:=@# is read whole ("I/O" is not the pronoun "I", "example.com" not "example"); a
superscript digit ends it."""
LINE_END = re.compile(r"\r\n|\r|\n")
"""A line ending: CR LF, CR or LF."""


def one_line(phrase: str) -> str:
    """*phrase* with each run of whitespace (a line break too) as one space."""
    return " ".join(phrase.split())


def lower_same_length(text: str) -> str:
    """Lower-case *text* without changing its length: "İ" (U+0130, the one code point
    whose lower case is longer: "i" and a combining dot) becomes "i", as "I" does."""
    return text.replace("\u0130", "i").lower()


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
COLUMN_GAP = re.compile("[ \u00a0\u2000-\u200a\u202f\u205f\u3000]{4,}")
"""Four spaces or more inside a line, wider than the spacing of a sentence: a gap between
columns (text laid out from a PDF, "deep neural          structures"), which no spun
phrase spans."""
_LONE_TAB = re.compile(f"(?<![{_HYPHENS}{BLANKS}])\\t(?![{_HYPHENS}{BLANKS}])")
"""A tab that is a run of whitespace and hyphens on its own."""


_TOKEN_JOINS = "./\\:=@#"
"""Characters that join words into one token without a space: domain names, file
names and paths, URLs, e-mail addresses, handles and hashtags."""
_CURRENCIES = "$\u00a3\u20ac\u00a5"
"""Currency signs, which a number right after them belongs to ("$2")."""
ATTACHING = frozenset(_HYPHENS + _TOKEN_JOINS + ",%" + _CURRENCIES + SUPERSCRIPT_DIGITS)
"""The characters next to a span that :func:`attached` looks at."""


def attached(text: str, start: int, end: int) -> bool:
    """Whether the span ``[start, end)`` of *text* is attached to a word outside it:
    joined by a hyphen (a compound: "he-Underground ..."), or by one of ``./\\:=@#``
    with no space (a domain, file name, path, URL or e-mail address:
    "www.energy-crops.org", "energy-crops.csv"), or right after "@" or "#" (a handle
    or hashtag), or next to a slash that starts or ends a path ("/energy-crops",
    "./task", "energy-crops/"), or right after the backslash of a drive's root or of a
    network share ("C:\\Energy Crops", "\\\\server\\Energy Crops"), or right after
    hyphens that follow no word (a command-line option: "the -a option to"); or, for a span that starts or ends with
    a digit, part of a longer number or amount ("1,256 pieces", "2,000", "2%", "$2").
    Only whether the characters next to the span are word characters or digits counts,
    not their case, so that a repair next to it, which may change a case, cannot
    change the answer."""
    before = text[start - 1:start]
    if before and (before in "@#/" or (before in _JOINING and start > 1 and (
            is_word_char(text[start - 2]) or (before == "\\" and text[start - 2] in ":\\")))):
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
    stop = end
    while stop < len(text) and text[stop] in SUPERSCRIPT_DIGITS:  # a footnote mark: "energy-crops\u00b3/"
        stop += 1
    after = text[stop:stop + 1]
    if not after:
        return False
    if after == "/" or (after in _JOINING and stop + 1 < len(text) and is_word_char(text[stop + 1])):
        return True
    return stop == end and text[end - 1:end].isdigit() and (
        after == "%" or (after == "," and text[end + 1:end + 2].isdigit()))


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
    for char, to in _ASCII_FOLDS:
        if char in flat:
            flat = flat.replace(char, to)
    if not flat.isascii():
        for char, to in _OTHER_FOLDS:
            if char in flat:
                flat = flat.replace(char, to)
                if flat.isascii():
                    break
    return flat


_BLANK_RUN = re.compile(" +")
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st"}
"""The Latin ligatures of text taken from PDFs, and their letters."""
_RUN_OR_LIGATURE = re.compile(f" +|[{''.join(LIGATURES)}]")
_UNLIGATED = str.maketrans(LIGATURES)
_SOFT_HYPHEN = "\u00ad"
_BLANKS_AND_BREAKS = frozenset(LINE_BLANKS + "\n\r\u2028")
_ENDS_BREAK = _BLANKS_AND_BREAKS | {_SOFT_HYPHEN}
_LINE_END_HYPHEN = re.compile(f"[{_HYPHENS}][{LINE_BLANKS}]*(?:\r\n|[\n\r\u2028])[{LINE_BLANKS}]*")
_PART_RANK = 5000
"""Parts of a word hyphenated at a line end that are both among this many most common
English words read as two words (a compound); the list's rarer entries include
fragments such as "sta", "ted", "environ"."""
_SUFFIXES = frozenset("ness ment ments ity ities ing ings ed er ers est ly al ally ous ive able ible ance ence "
                      "ful less ship ism ist ists ize ized ise ised".split())
"""Word endings that a hyphen at a line end splits off a word rather than a compound
("conscious-\\nness"), although they are English words too."""


def _broken_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, a run that folds to spaces, breaks one word in two:
    a soft hyphen between letters, or a hyphen then a line break between letters, the
    second part in lower case (or both in capitals), whose parts joined make an English
    word and are not both among the :data:`_PART_RANK` most common English words
    ("satel-\\nlite", "environ-\\nmental", "conscious-\\nness"; "energy-\\ncrops" and
    "how-\\never" are read as two words)."""
    if text[start] not in _HYPHENS or not (
            start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()):
        return False
    run = text[start:end]
    if run == _SOFT_HYPHEN:
        return True
    if _LINE_END_HYPHEN.fullmatch(run) is None:
        return False
    if run[0] == _SOFT_HYPHEN:
        return True
    if not (text[end].islower() or (text[end].isupper() and text[start - 1].isupper())):
        return False
    left = start - 1
    while left > 0 and text[left - 1].isalpha():
        left -= 1
    right = end + 1
    while right < len(text) and text[right].isalpha():
        right += 1
    from .words import is_english_word, word_ranks  # here: words imports this module

    head, tail = fold_word(text[left:start]), fold_word(text[end:right])
    ranks = word_ranks()
    return is_english_word(head + tail) and (
        tail in _SUFFIXES or ranks.get(head, _PART_RANK) >= _PART_RANK or ranks.get(tail, _PART_RANK) >= _PART_RANK)


_BREAK_IN_WORD = f"(?:{_LINE_END_HYPHEN.pattern}|{_SOFT_HYPHEN})"
_HEAD = re.compile(f"[^\\W\\d_]+({_BREAK_IN_WORD})$")
_TAIL = re.compile(f"({_BREAK_IN_WORD})[^\\W\\d_]+")


def _head_before(text: str, start: int) -> str:
    """The first part of a word broken (see :func:`_broken_word`) right before *start*
    ("satel" before "-\\nlite"), or ""."""
    hyphen = start - 1
    while hyphen >= 0 and text[hyphen] in _BLANKS_AND_BREAKS:
        hyphen -= 1
    if hyphen < 0 or text[hyphen] not in _HYPHENS:
        return ""  # most words: no hyphen before the blanks in front of them
    m = _HEAD.search(text, max(0, hyphen - _CONTEXT), start)
    return text[m.start():m.start(1)] if m and _broken_word(text, m.start(1), start) else ""


def _tail_after(text: str, end: int) -> str:
    """The second part of a word broken (see :func:`_broken_word`) right after *end*
    ("lite" after "satel-\\n"), or ""."""
    m = _TAIL.match(text, end, end + _CONTEXT) if text[end:end + 1] in _HYPHENS else None
    return text[m.end(1):m.end()] if m and _broken_word(text, end, m.end(1)) else ""


_BREAKS_IN_WORDS = re.compile(_BREAK_IN_WORD)


def unbroken(text: str) -> str:
    """*text* without the runs that break a word (see :func:`_broken_word`): the words
    as folding reads them, in their own case."""
    if "-" not in text and (text.isascii() or not any(h in text for h in _HYPHENS)):
        return text
    cuts = [m.span() for m in _BREAKS_IN_WORDS.finditer(text) if _broken_word(text, *m.span())]
    for start, end in reversed(cuts):
        text = text[:start] + text[end:]
    return text


def fold(text: str) -> Folded:
    """Fold *text* for matching: lower case, straight quotes, hyphens and whitespace
    as one space per run; a run that breaks the text (see :data:`_BREAK` and
    :data:`COLUMN_GAP`), a page break or a paragraph separator as one line break, which
    no spun form holds; a run that breaks a word (see :func:`_broken_word`) as nothing;
    a ligature (text from PDFs: "ﬁ") as its letters, each of which maps back to it."""
    flat = _flatten(_LONE_TAB.sub("\f", text) if "\t" in text else text)  # a lone tab breaks, as a run would
    soft = _SOFT_HYPHEN in text
    ligatures = not flat.isascii() and any(c in flat for c in LIGATURES)
    if "  " not in flat and not soft and not ligatures:
        return Folded(flat)
    parts: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    last = removed = 0
    # a lone soft hyphen folds to one space; a ligature is looked for with the runs
    runs = (_RUN_OR_LIGATURE if ligatures else _BLANK_RUN).finditer(flat) if soft or ligatures else None
    pos = -1
    size = len(flat)
    while True:
        if runs is None:
            pos = flat.find("  ", pos + 1)
            if pos < 0:
                break
            end = pos + 2
            while end < size and flat[end] == " ":
                end += 1
        else:
            m = next(runs, None)
            if m is None:
                break
            pos, end = m.span()
        if end - pos == 2 and text[pos] == "\n" and text[pos + 1] == "\n":  # a blank line: the common run
            keep = "\n"
        else:
            run = text[pos:end]
            if ligatures and run in LIGATURES:
                keep = LIGATURES[run]
                for k in range(1, len(keep)):  # each letter after the first maps back to the ligature
                    breaks.append(pos + k - removed)
                    shifts.append(removed - k)
                parts.append(flat[last:pos] + keep)
                removed -= len(keep) - 1
                last = pos = end
                continue
            if run[0] in _HYPHENS and _broken_word(text, pos, end):
                keep = ""
            elif end - pos == 1:
                continue
            elif (end - pos > 3 and COLUMN_GAP.fullmatch(run)) or (
                    run.strip(" ") and _BREAK.search(run.replace("\r\n", "\n"))):
                keep = "\n"
            else:
                keep = " "
        parts.append(flat[last:pos])
        parts.append(keep)
        breaks.append(pos + len(keep) - removed)
        removed += end - pos - len(keep)
        shifts.append(removed)
        last = pos = end
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
    return _TO_APOSTROPHE.sub("'", lower_same_length(word)).translate(_UNLIGATED)


def words(text: str) -> list[str]:
    """The word tokens of an already folded text."""
    return WORD_RE.findall(text)


_MARK = f"\\[\\d{{1,3}}(?:[,\u2013-] ?\\d{{1,3}})*\\]|\\]\\([^()\\s]*\\)|[{SUPERSCRIPT_DIGITS}]+"
"""A note or link mark between words, which conditions on neighbours read past: a
citation ("[1]", "[2, 3]", "[4-6]"), the target of a Markdown link ("](https://...)"),
superscript digits."""
_MARK_REVERSED = f"\\](?:\\d{{1,3}} ?[,\u2013-])*\\d{{1,3}}\\[|\\)[^()\\s]*\\(\\]|[{SUPERSCRIPT_DIGITS}]+"
MARKS = re.compile(_MARK)
"""Note and link marks (see :data:`_MARK`)."""
# the word next to a position and the gap to it, matched on the reversed text for the
# word before; the plain forms first, the ones that read past marks where the gap
# holds a bracket or no word follows it (a superscript)
_WORD_BACKWARDS = re.compile(f"(\\W*)({NEIGHBOUR_WORD.pattern})")
_WORD_BACKWARDS_PAST_MARKS = re.compile(f"((?:{_MARK_REVERSED}|\\W)*)({NEIGHBOUR_WORD.pattern})")
_NEXT_WORD = re.compile(f"(\\W*)({NEIGHBOUR_WORD.pattern})")
_NEXT_WORD_PAST_MARKS = re.compile(f"((?:{_MARK}|\\W)*)({NEIGHBOUR_WORD.pattern})")
_SENTENCE_END = re.compile("[.!?\u2026]")  # "\u2026": an ellipsis ends a sentence as "..." does
LINE_BREAK = re.compile("[\n\r\u2028\u2029]")
"""A line break of any kind: LF, CRLF and CR texts read alike."""
_BLANK_LINE_END = "[^\\S\n\r\u2028\u2029]*[\n\r\u2028]"
_PARAGRAPH_BREAK = re.compile(f"\r\n{_BLANK_LINE_END}|\r(?!\n){_BLANK_LINE_END}|\n{_BLANK_LINE_END}"
                              f"|\u2028{_BLANK_LINE_END}|\u2029|\f")
"""A blank line (LF, CRLF or CR line ends, spaces between), a paragraph separator or a
page break: the words on either side of it are no neighbours (see :func:`word_before`).
Each branch starts with a literal, so that the search skips to line ends at C speed."""
_CONTEXT = 60
_MARK_AFTER_WORD = {",": ",", ".": "^"}
"""What :func:`word_before` adds for a comma or a period right after a plain word read
(a word of letters, or the last part of one of letters and hyphens)."""
_MARK_BEFORE_WORD = {",": ",", ".": "$"}
"""What :func:`word_after` adds for a comma or a period right before a plain word read."""


def word_before(text: str, start: int) -> tuple[str, ...]:
    """The word before *start* as conditions on neighbours read it (folded: see
    :data:`NEIGHBOUR_WORD`), with "#" when it is a number, "," when a comma stands
    between, and "^" when a sentence starts at *start* ("^" alone at the start of the
    text or of a paragraph)."""
    lo = max(0, start - _CONTEXT)
    if start > 1 and text[start - 1] == " ":  # the common case: one space after a plain word
        space = text.rfind(" ", lo, start - 1)
        if (space >= 0 or not lo) and (space < 1 or text[space - 1] not in _ENDS_BREAK):  # not an indented line
            word = text[space + 1:start - 1]
            if word.isascii() and word.isalpha():
                return (word.lower(),)
            if NEIGHBOUR_WORD.fullmatch(word):
                return _with_number(fold_word(word))
            mark = _MARK_AFTER_WORD.get(word[-1:])  # "said, ", "Mr. "
            plain = word[:-1] if mark else word
            last = plain[plain.rfind("-") + 1:]  # "cease-fire ": the part after the hyphen is read
            if plain.isascii() and last.isalpha() and plain.replace("-", "").isalpha():
                return (last.lower(), mark) if mark else (last.lower(),)
    before = text[lo:start][::-1]
    m = _WORD_BACKWARDS.match(before)
    if m is None or "]" in m.group(1) or ")" in m.group(1):
        m = _WORD_BACKWARDS_PAST_MARKS.match(before)
    if not m:
        return ("^",)
    gap = _without_marks(m.group(1)[::-1])
    if _PARAGRAPH_BREAK.search(gap):  # the last word of the paragraph before is no neighbour
        return ("^",)
    found = m.group(2)[::-1]
    read = _with_number(fold_word(_head_before(text, start - len(m.group(1)) - len(found)) + found)) + _comma(gap)
    starts = _SENTENCE_END.search(gap) or _ends_line(gap, text[start:start + 1])
    return read + ("^",) if starts else read


def word_after(text: str, end: int) -> tuple[str, ...]:
    """The word after *end* as conditions on neighbours read it (see
    :func:`word_before`), and "$" when a sentence ends at *end* ("$" alone at the end
    of the text or of a paragraph)."""
    if text[end:end + 1] == " ":  # the common case: one space before a plain word
        space = text.find(" ", end + 1, end + _CONTEXT)
        if space > end + 1:
            word = text[end + 1:space]
            if word.isascii() and word.isalpha():
                return (word.lower(),)
        m = NEIGHBOUR_WORD.match(text, end + 1, end + _CONTEXT)
        if m:
            return _with_number(fold_word(m.group() + _tail_after(text, m.end())))
    elif text[end + 1:end + 2] == " " and text[end:end + 1] in _MARK_BEFORE_WORD:  # "war, the", "war. The"
        space = text.find(" ", end + 2, end + _CONTEXT)
        word = text[end + 2:space]
        if space > end + 2 and word.isascii() and word.isalpha():
            return (word.lower(), _MARK_BEFORE_WORD[text[end]])
    m = _NEXT_WORD.match(text, end, end + _CONTEXT)
    if m is None or "[" in m.group(1) or "]" in m.group(1):
        m = _NEXT_WORD_PAST_MARKS.match(text, end, end + _CONTEXT)
    if not m:
        return ("$",)
    gap = _without_marks(m.group(1))
    if _PARAGRAPH_BREAK.search(gap):  # the first word of the next paragraph is no neighbour
        return ("$",)
    ends = _SENTENCE_END.search(gap) or _ends_line(gap, m.group(2)[:1])
    read = _with_number(fold_word(m.group(2) + _tail_after(text, m.end(2)))) + _comma(gap)
    return read + ("$",) if ends else read


def paragraph_around(text: str, at: int) -> tuple[int, int]:
    """The bounds of the paragraph of *text* that holds the offset *at*: from the end of
    the last paragraph break (see :data:`_PARAGRAPH_BREAK`, across which conditions
    read no neighbour) that ends at or before *at* (or 0) to the end of the first one
    that ends after it (or the end of the text), found by reading only near *at*."""
    # A paragraph break is whitespace alone, so none crosses a character that is not:
    # a search from just after one finds the breaks that a search of the whole text does.
    restart = _after_non_space(text, at)
    lo = -1
    hi = len(text)
    for m in _PARAGRAPH_BREAK.finditer(text, restart):
        if m.end() > at:
            hi = m.end()
            break
        lo = m.end()
    step = _PARAGRAPH_STEP
    while lo < 0:
        if restart == 0:
            return 0, hi
        end, restart = restart, _after_non_space(text, max(0, restart - step))
        for m in _PARAGRAPH_BREAK.finditer(text, restart):
            if m.start() >= end:
                break
            lo = m.end()
        step *= 2
    return lo, hi


_PARAGRAPH_STEP = 1024
"""How far :func:`paragraph_around` reads back for a paragraph's start at first."""


class Paragraphs:
    """The paragraphs of a text (see :func:`paragraph_around`), each found near the
    offset asked about and kept; once those searches have read about half as much as
    the text holds (many short paragraphs asked about), all of them at once, from one
    search of the whole text, so that no text costs much more than that one search."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._budget = len(text) // 2
        self._starts: list[int] = []  # the paragraphs found so far (all of them, once the budget is spent):
        self._ends: list[int] = []    # their starts, sorted, and their ends

    def around(self, at: int) -> tuple[int, int]:
        """:func:`paragraph_around` *at* (an offset inside the text)."""
        i = bisect.bisect_right(self._starts, at)
        if not (i and at < self._ends[i - 1]):  # not in a paragraph found so far
            if self._budget > 0:
                lo, hi = paragraph_around(self._text, at)
                self._budget -= hi - lo + _PARAGRAPH_STEP
                self._starts.insert(i, lo)
                self._ends.insert(i, hi)
                return lo, hi
            size = len(self._text)
            self._starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(self._text) if m.end() < size]
            self._ends = self._starts[1:] + [size]
            i = bisect.bisect_right(self._starts, at)
        return self._starts[i - 1], self._ends[i - 1]


def _after_non_space(text: str, at: int) -> int:
    """The offset at or before *at* right after a character that is not whitespace, or 0."""
    while at and text[at - 1].isspace():
        at -= 1
    return at


def _comma(gap: str) -> tuple[str, ...]:
    """``(",",)`` when a comma stands in *gap*, between a phrase and its neighbour."""
    return (",",) if "," in gap else ()


def _ends_line(gap: str, first: str) -> bool:
    """Whether *gap*, between two words of one paragraph (see :data:`_PARAGRAPH_BREAK`),
    ends a sentence without a period: a line break before a word whose *first* letter
    is a capital (a heading, a list item)."""
    return first.isupper() and LINE_BREAK.search(gap) is not None


def _without_marks(gap: str) -> str:
    """The *gap* between two words without its note and link marks (a link's address
    holds periods that end no sentence)."""
    return MARKS.sub("", gap) if len(gap) > 2 and has_marks(gap) else gap


def has_marks(text: str) -> bool:
    """Whether *text* may hold a note or link mark (see :data:`MARKS`): a bracket or a
    superscript digit."""
    return "[" in text or "]" in text or (not text.isascii() and any(c in text for c in SUPERSCRIPT_DIGITS))


def _with_number(word: str) -> tuple[str, ...]:
    """*word*, and "#" when it is a number (starts with a digit: "20", "5,000", "3rd")."""
    return (word, "#") if word[:1].isdigit() else (word,)
