"""Making "a"/"an" agree with the first word of a repaired phrase."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .text import COLUMN_GAP, LINE_BLANKS, WORD_RUN

if TYPE_CHECKING:
    from .repair import _Edit

_BLANK = LINE_BLANKS
_OPENING = "'\"\u2018\u201c\u00ab\u2039\u201e\u201a\u201f\u275d*[("
"""What may open a phrase after its article: a quote (straight, curly, guillemets, low),
Markdown emphasis ("*", "**") or a link's bracket, a parenthesis ("an (energy store)":
the article is read with the word)."""
# "a"/"an", then blanks (one line break at most) and maybe a few opening marks
# (after a blank, an opening mark or nothing: not the "a" of "a.k.a" or "N/A")
_ARTICLE_BEFORE = re.compile(f"(?<![^\\s\\u200b{re.escape(_OPENING)}])(an?)((?:[{_BLANK}]+|[{_BLANK}]*(?:\r\n|[\n\r])[{_BLANK}]*)"
                             f"[{re.escape(_OPENING)}]{{0,3}})\\Z", re.IGNORECASE)
_WORD_BEFORE = re.compile(f"(\\w+)[{_BLANK}]+\\Z")
_LETTER_AFTER = re.compile(f"[\\s\\u200b{re.escape(_OPENING)}]*(\\w)")
_A_BEFORE_VOWEL = ("uni", "use", "usu", "uti", "ure", "ura", "uri", "uro", "uru", "ute", "uto", "uvu", "euro", "eu",
                   "one", "once", "ubiq", "uk")  # a "you" or "w" sound: "a urinary", "a utensil", "a one"
_AN_BEFORE_CONSONANT = ("hour", "honest", "honor", "honour", "heir", "euler")  # a silent "h"; "Euler" says "oiler"
_EITHER = ("herb",)  # "a herb" (British) or "an herb" (American)
_AFTER_NUMBER = re.compile(r"[^\d,].*", re.DOTALL)
_AN_LETTERS = frozenset("aefhilmnorsx")  # letters whose name starts with a vowel sound
_NAMED_OTHERWISE = frozenset("fhlmnrsx")  # ... which, as a word's first letter, is a consonant's
_GAP = frozenset(_BLANK + "\n\r" + _OPENING)  # what may stand between "a"/"an" and a repair
_ARTICLE_ENDS = frozenset("aAnN\n\r" + _BLANK)  # what precedes the blank before a repair when "a"/"an" does


_LATIN_A = re.compile(r"\s+(?:priori|posteriori|fortiori|capella|cappella)\b", re.IGNORECASE)
"""What follows an "a" that is no article but a word of a Latin or Italian phrase."""
_LEADING_ARTICLE = re.compile(r"(an?)\s+", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?<![\w'\u2019])(?:the|this|each|every|any|no|my|your|his|its|our|their|"
                                f"another)(?:[{_BLANK}]+|[{_BLANK}]*(?:\r\n|[\n\r])[{_BLANK}]*)\\Z", re.IGNORECASE)
"""A determiner and blanks (one line break at most) right before a repair: an original's
own article goes."""


def own_article(phrase: str) -> int:
    """The length of the article that *phrase* starts with and the blanks after it ("a
    checkbox": 2); 0 where it starts with none, or with the "a" of "a priori"."""
    m = _LEADING_ARTICLE.match(phrase)
    return m.end() if m is not None and not _LATIN_A.match(phrase, m.end(1)) else 0


def article_for(word: str) -> str | None:
    """"a" or "an" for the English word *word* (a spelling-based guess); a word of one
    letter ("U" of "U.S", "x" of "x-ray") is read by that letter's name, a word that
    starts with two capitals letter by letter ("an XGBoost", "an ML"), and
    None when it may as well be read as a word and the two readings disagree
    ("a MAC" or "an MRI")."""
    low = word.lower()
    if not low:
        return "a"
    if low[0].isdigit():
        return _article_for_number(_AFTER_NUMBER.sub("", low))
    if len(low) == 1 and low.isalpha():  # a letter, read by its name ("a U.S", "an X-ray")
        return "an" if low in _AN_LETTERS else "a"
    if len(word) > 1 and word[:2].isupper():
        if low[0] in _NAMED_OTHERWISE and low[1] in "aeiou":
            return None
        return "an" if low[0] in _AN_LETTERS else "a"
    if low.startswith(_AN_BEFORE_CONSONANT):
        return "an"
    if low.startswith(_EITHER):
        return None
    if low[0] in "aeiou" and not low.startswith(_A_BEFORE_VOWEL):
        return "an"
    return "a"


def _article_for_number(digits: str) -> str | None:
    """"a" or "an" for a number read aloud ("an 8", "an 11", "an 18-fold", "an 80",
    "an 8,000", "a 110"): "an" where it is read from "eight", "eleven" or "eighteen";
    None for four digits that may be read in hundreds ("1100": eleven hundred or one
    thousand one hundred)."""
    groups = digits.rstrip(",").split(",")
    if len(groups) > 1:
        lead = groups[0]
    else:
        lead = digits[:len(digits) % 3 or 3]
        if len(digits) == 4 and digits[:2] in ("11", "18"):
            return None
    return "an" if lead[:1] == "8" or lead in ("11", "18") else "a"


def is_label(text: str, at: int) -> bool:
    """Whether a capital "A" at *at* is a label, not an article: after a word that names
    one ("Vitamin A", "Plan A", "HEPATITIS A"), or after a word of the same sentence that
    is not in upper case and before a word in lower case ("Type A option"; in a Title
    Case heading, "Draw A Whole Lot Of Hundreds", it is an article)."""
    m = _WORD_BEFORE.search(text, max(0, at - 40), at)
    if m is not None and m.group(1).lower() in _LABELLED:
        return True
    after = _LETTER_AFTER.match(text, at + 1)
    if after is None or not after.group(1).islower():
        return False
    return m is not None and not m.group(1).isupper()


_LABELLED = frozenset(
    "vitamin hepatitis grade plan type class serie series exhibit appendix annex part section group category "
    "figure fig table level tier division league block gate terminal schedule item chapter zone phase stage "
    "platform wing ward unit option model version batch pool team blood".split())
"""Words that name a label after them: "Vitamin A", "Plan A", "Exhibit A"."""


def agree(text: str, repairs: Sequence[_Edit], protected: Callable[[int, int], bool] | None = None) -> list[_Edit]:
    """Extend each applied repair over a preceding "a"/"an" that no longer agrees, or
    that an original with an article of its own ("a checkbox", not "a priori") takes the
    place of after a space, but not over one that *protected* (given a span of *text*)
    says is in a protected phrase; after another determiner ("the", "each"), such an
    original leaves its own article out."""
    out = list(repairs)
    for i, r in enumerate(out):
        start = r.start
        own = own_article(r.replacement) if r.auto else 0
        if own and not own_article(r.spun) and _DETERMINER_BEFORE.search(text, max(0, start - 24), start):
            out[i] = r._replace(replacement=r.replacement[own:])  # "the tick audience": "the checkbox"
            continue
        if start < 2 or text[start - 1] not in _GAP or (
                text[start - 1] in _BLANK and text[start - 2] not in _ARTICLE_ENDS) or not r.auto:
            continue
        lo = max(out[i - 1].end if i else 0, start - 12)
        m = _ARTICLE_BEFORE.search(text, lo, start)
        gap = m.group(2) if m else ""
        inline = gap.partition("\n")[0].partition("\r")[0]  # a tab or spaces after a line break indent a line
        if m and ((m.group(1) == "A" and is_label(text, m.start())) or "\t" in inline or (
                len(inline) < len(gap) and r.spun[:1].isupper()) or COLUMN_GAP.search(inline)):
            # a label ("Vitamin A"), a table cell or a column before (or another node of an HTML
            # page), or a line that ends with a letter before a new block
            continue
        if m and own:
            # an original with its own article ("a checkbox") takes the place of the text's, after a
            # space ("a tick audience": "a checkbox"; its "a" was read as a letter: "an a checkbox")
            if protected is not None and protected(m.start(), start):
                continue
            if m.group(2) == " ":
                lead = r.replacement
                if m.group(1)[0].isupper() and lead[:1].islower():  # "A tick audience": "A checkbox"
                    lead = lead[0].upper() + lead[1:]
                out[i] = r._replace(start=m.start(), spun=text[m.start():r.end], replacement=lead)
                continue
            # after a line break or another blank, which would go with the text's article: the
            # original leaves its own out, and the text's agrees with what follows ("a\ncheckbox")
            r = out[i] = r._replace(replacement=r.replacement[own:])
        first = m and WORD_RUN.search(r.replacement)
        old_first = first and WORD_RUN.search(r.spun)
        if m and first and old_first and not (protected is not None and protected(m.start(), start)):
            article = m.group(1)
            shouting = r.spun.isupper()
            if shouting:  # capitals that say nothing of how a word is read: the glossary's spellings
                first = WORD_RUN.search(r.variant.replacement, own and own_article(r.variant.replacement)) or first
                old_first = WORD_RUN.search(r.variant.form) or old_first
            wanted = article_for(first.group())
            old = article_for(old_first.group())
            # an article agreed with the spun form (read either way where it may be: "a"/"an herbal"),
            # or with a number, which no spelling tells how to read
            if wanted not in (None, article.lower()) and first.group().lower() != old_first.group().lower() and (
                    old_first.group()[0].isdigit() or old in (None, article.lower())):
                # a lone "A" is upper case both at the start of a sentence and in shouting
                new = wanted.upper() if article.isupper() and (len(article) > 1 or shouting) else (
                    wanted.capitalize() if article[0].isupper() else wanted)
                out[i] = r._replace(start=m.start(), spun=text[m.start():r.end],
                                    replacement=new + m.group(2) + r.replacement)
    return out
