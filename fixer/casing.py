"""Carrying the case and the quote style of the matched text over to its replacement."""

from __future__ import annotations

import re

from .text import BLANKS, WORD_RUN

_TOKEN = re.compile(r"\S+")
_CURLY_OPEN = re.compile(r'(?:^|(?<=\s))"')
_CURLY_OPEN_SINGLE = re.compile(r"(?:^|(?<=\s))'")
_OWN_APOSTROPHE = re.compile("[\u02bc\uff07\u2032\u201b]")
_WORDS = re.compile(r"[\s\u200b\-\u2010\u2011]+")
_AFTER_HYPHEN = re.compile(r"(?<=[\-\u2010\u2011])[^\W\d_]+")
SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def _cased(c: str) -> bool:
    """Whether the character *c* is a letter that has a case ("a", "É"; not "日")."""
    return c.isalpha() and c.upper() != c.lower()


def _shape(word: str) -> str:
    """The case of *word*: "upper", "title", "lower", or "none" for a word without
    letters that have a case ("日本") or one that starts with a digit (a number: "3rd",
    "16KHz"), whose letters say nothing of the case of the text around it."""
    letters = [c for c in word if _cased(c)]
    if not letters or word[:1].isdigit():
        return "none"
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters[0].isupper():
        return "title"
    return "lower"


def _starts_with_number(phrase: str) -> bool:
    """Whether the first letter or digit of *phrase* is a digit."""
    return next((c for c in phrase if c.isalnum()), "").isdigit()


def capitalized(word: str) -> str:
    """*word* with its first letter in upper case (title case: a ligature such as
    "\ufb02" becomes "Fl", not "FL")."""
    for i, c in enumerate(word):
        if c.isalpha():
            return word[:i] + c.title() + word[i + 1:]
    return word


def _capitalized_word(word: str) -> str:
    """*word* with a capital first letter, unless its first run of letters has capitals
    inside (``iPhone``, ``mRNA``, ``pH-sensitive``), which keeps its own case even at the
    start of a sentence."""
    return word if _inner_capitals(_first_run(word)) else capitalized(word)


def _first_run(word: str) -> str:
    """The first run of word characters of *word* ("Parkinson" in "Parkinson's")."""
    m = WORD_RUN.search(word)
    return m.group() if m else ""


def _inner_capitals(word: str) -> bool:
    """Whether *word* has a capital after its first letter (``CBS``, ``U.S.``, ``kHz``),
    or a capital and a digit (``3D``, ``F1``, ``H2O``)."""
    letters = [c for c in word if c.isalpha()]
    return any(c.isupper() for c in letters[1:]) or (
        any(c.isupper() for c in letters) and any(c.isdigit() for c in word))


def _lower(word: str) -> str:
    """Lower-case a word unless it carries capitals inside (``CBS``, ``U.S.``, ``iPhone``)."""
    return word if _inner_capitals(word) else word.lower()


def _as(shape: str, word: str, first: bool) -> str:
    """*word* in the case *shape* (in a phrase, as its first word if *first*); a word
    whose first run of letters has capitals inside (``mRNA``, ``kHz``, ``pH-sensitive``)
    is kept as written."""
    if shape == "title" and not _inner_capitals(_first_run(word)):
        return capitalized(word) if first or word.lower() not in SMALL_WORDS else word.lower()
    return _lower(word)


def _titled(words: list[str], every_word: bool, hyphen_parts: bool = False, first: bool = True) -> list[str]:
    """*words* in Title Case (see :func:`title_case`); *hyphen_parts*: so are the parts
    of a hyphenated word after its first ("K-Nearest"); not *first*: the words do not
    start the phrase, so a small word first is lower-cased too ("of Preparing")."""
    out = [_as("title", w, every_word or (first and i == 0)) for i, w in enumerate(words)]
    return [_AFTER_HYPHEN.sub(lambda m: _as("title", m.group(), False), w) for w in out] if hyphen_parts else out


def title_case(phrase: str, every_word: bool = False) -> str:
    """*phrase* in Title Case as a repair writes it: every word capitalised but the
    small words after the first, which are lower-cased (unless *every_word*)."""
    out = iter(_titled(phrase.split(), every_word))
    return _TOKEN.sub(lambda _: next(out), phrase)


def leads_with_acronym(matched: str) -> bool:
    """Whether *matched* starts with a word in capitals (an acronym: "PC vision") and
    is not all in capitals: the case of its first word then says nothing of whether
    it starts a sentence (see :func:`transfer_case`)."""
    if not matched[:2].isupper():  # most matches: a quick no
        return False
    words = _WORDS.split(matched.strip())
    return _shape(words[0]) == "upper" and not _shouted(words)


def holds_acronym(matched: str) -> bool:
    """Whether a word of *matched* after its first is in capitals (an acronym: "Unaided
    AI") and *matched* is not all in capitals: whether it starts a sentence then tells
    Title Case from a sentence's capital (see :func:`transfer_case`)."""
    if not _ADJACENT_CAPITALS.search(matched):  # most matches: a quick no
        return False
    words = _WORDS.split(matched.strip())
    return any(_shape(w) == "upper" for w in words[1:]) and not _shouted(words)


_ADJACENT_CAPITALS = re.compile("[A-Z]{2}")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def shouted_around(text: str, start: int, end: int) -> bool:
    """Whether the words next to ``text[start:end]`` (a match without letters, such as
    "2") are in UPPER CASE, so that its replacement is too: both of them, or the one
    there is at either end of *text*. A one-letter word in capitals ("I", "A"), which
    may be either case, is passed over for the word past it ("THE 2 I MET")."""
    before = _LETTER_RUN.findall(text, max(0, start - 40), start)
    after = _LETTER_RUN.findall(text, end, end + 40)
    words = [w for w in (_telling(before[::-1]), _telling(after)) if w]
    return bool(words) and all(len(w) > 1 and w.isupper() for w in words)


def _telling(words: list[str]) -> str:
    """The nearest of *words* (nearest first) whose case tells: one-letter words in
    capitals are passed over, unless no other is there ("" for no word)."""
    for word in words:
        if len(word) > 1 or not word.isupper():
            return word
    return words[0] if words else ""


def starts_caseless(matched: str) -> bool:
    """Whether the first word of *matched* has no case of its own (a number: "3rd",
    "2"), so that only a *sentence_start* tells the case of the replacement's first
    letter (see :func:`transfer_case`)."""
    if _cased(matched[:1]):  # most matches: a word that starts with a cased letter
        return False
    return _shape(_WORDS.split(matched.strip(), 1)[0]) == "none"


def _shouted(words: list[str]) -> bool:
    """Whether *words* are in UPPER CASE (one-letter words may be either)."""
    shapes = [_shape(w) for w in words]
    longer = [s for s, w in zip(shapes, words) if s != "none" and sum(c.isalpha() for c in w) > 1]
    return bool(longer) and all(s == "upper" for s in longer) and all(w.isupper() for w, s in zip(words, shapes) if s != "none")


def _after_hyphen(matched: str) -> list[bool]:
    """For each word of *matched* (split at blanks and hyphens), whether a hyphen, not a
    blank, joins it to the word before."""
    return [False] + [not any(c.isspace() or c == "\u200b" for c in sep) for sep in _WORDS.findall(matched.strip())]


def _title_evidence(shapes: list[str], hyphened: list[bool], sentence_start: bool, words: list[str]) -> list[str]:
    """The *shapes* of the *words* of a match that tell whether it is in Title Case:
    not those without case, nor a small word in lower case, which Title Case keeps so
    ("Have the Ability to"), nor a part in lower case after a hyphen ("Non-public
    Fairness" is in Title Case), nor, at a *sentence_start*, an acronym after the first
    word, whose capitals are its own ("Unaided AI is hard": only the sentence's capital
    is the match's; mid-sentence, "Unaided AI" is in Title Case); *hyphened*: see
    :func:`_after_hyphen`."""
    return [s for i, (s, h, w) in enumerate(zip(shapes, hyphened, words))
            if s != "none" and not (s == "lower" and (h or w in SMALL_WORDS))
            and not (s == "upper" and i and sentence_start)]


def transfer_case(matched: str, replacement: str, sentence_start: bool = False) -> str:
    """Give *replacement* (as written in the glossary) the case pattern of *matched*.

    UPPER CASE stays UPPER CASE; Title Case gives Title Case (small words excepted,
    unless the match capitalises one after its first word: "Give Attention To"; a
    number that starts the match, "3rd Birthday Party", has no case of its own; the
    parts of a hyphenated word after its first only when the match capitalises one
    there: "Closest K-Pals" -> "K-Nearest Neighbors"); a
    replacement written with capitals (a name, "Truth Social") is kept as written when
    the match starts with a capital ("World Well being Group" -> "World Health
    Organization"); otherwise, with as many words on both sides, the shape of each word
    carries over, and a capital first letter gives a capital first letter. Capitals
    inside a word of the replacement (``CBS``, ``U.S.``) are kept, and so is a word
    that the match has with the same capitals, a name the spinner left alone ("sickness
    of Parkinson" -> "Parkinson's disease"). A word in capitals
    in a match that is not all in capitals is an acronym, whose capitals are its own:
    its word of the replacement is written as the glossary has it, with a capital
    first letter only where the match starts with it at a *sentence_start* ("PC
    vision" -> "computer vision", "Computer vision" at the start of a sentence); so
    is the first letter of a replacement for a match that :func:`starts_caseless`
    ("3rd birthday party" -> "Third party" at the start of a sentence), unless the
    replacement starts with a number too ("10-overlap cross approval" -> "10-fold cross
    validation"). A match without a letter that has a case gives the replacement as
    written.
    """
    if sentence_start and starts_caseless(matched):
        mid_sentence = transfer_case(matched, replacement)
        if _starts_with_number(mid_sentence):
            return mid_sentence
        return _TOKEN.sub(lambda m: _capitalized_word(m.group()), mid_sentence, count=1)
    if matched.islower() and replacement.islower():
        return replacement
    m_words = _WORDS.split(matched.strip())
    r_words = replacement.split()
    if _shouted(m_words):
        return replacement.upper()
    shapes = [_shape(w) for w in m_words]
    cased = [s for s in shapes if s != "none"]
    if not any(map(_cased, matched)):  # "日本 語": nothing to carry over
        return replacement
    hyphened = _after_hyphen(matched)
    heads = _title_evidence(shapes, hyphened, sentence_start, m_words)
    small_first = shapes[0] == "lower" and m_words[0] in SMALL_WORDS  # "to Making Ready", in a headline
    if (len(heads) > 1 or heads and (shapes[0] == "none" or small_first)) and all(s != "lower" for s in heads):
        # after a number, or a small word in lower case, a capital is Title Case too ("3rd
        # Birthday Party", "in Search of"); a small word with a capital after the first:
        # every word starts with one ("Give Attention To")
        every = any(s == "title" and w.lower() in SMALL_WORDS for s, w in zip(shapes[1:], m_words[1:]))
        out = _titled(r_words, every, any(s == "title" and h for s, h in zip(shapes, hyphened)), not small_first)
    elif cased and cased[0] != "lower" and any(c.isupper() for c in replacement):
        out = [_capitalized_word(r_words[0])] + r_words[1:]
    elif len(m_words) == len(r_words):
        out = [_as("title" if s == "upper" and i == 0 and sentence_start else s, w, i == 0)
               for i, (s, w) in enumerate(zip(shapes, r_words))]
    elif cased and (cased[0] == "title" or cased[0] == "upper" and sentence_start):
        out = [_capitalized_word(r_words[0])] + [_lower(w) for w in r_words[1:]]
    else:
        out = [_lower(w) for w in r_words]
    kept = {w for w in WORD_RUN.findall(matched) if any(map(str.isupper, w))}  # a number has no capitals to keep
    if kept:
        out = [w if _first_run(w) in kept else o for o, w in zip(out, r_words)]
    it = iter(out)
    return _TOKEN.sub(lambda _: next(it), replacement)


def transfer_quotes(matched: str, replacement: str) -> str:
    """Write apostrophes and double quotes in *replacement* in the style *matched*
    uses: curly (an opening quote at the start or after a space, a closing one
    elsewhere), straight, or an apostrophe of its own (the modifier letter U+02BC, the
    full-width U+FF07, a prime U+2032, the reversed U+201B). A style *matched* does not show is left as the glossary wrote it."""
    own = _OWN_APOSTROPHE.search(matched)
    if own:
        replacement = replacement.replace("'", own.group()).replace("\u2019", own.group())
    elif "\u2019" in matched or "\u2018" in matched:
        replacement = _CURLY_OPEN_SINGLE.sub("\u2018", replacement).replace("'", "\u2019")
    elif "'" in matched:
        replacement = replacement.replace("\u2019", "'").replace("\u2018", "'")
    if "\u201c" in matched or "\u201d" in matched:
        replacement = _CURLY_OPEN.sub("\u201c", replacement).replace('"', "\u201d")
    elif '"' in matched:
        replacement = replacement.replace("\u201c", '"').replace("\u201d", '"')
    return replacement


_SPACE_RUN = re.compile(f"[{BLANKS}]+")


def keep_spacing(matched: str, replacement: str) -> str:
    """Reuse the whitespace between the words of *matched* (line breaks, no-break
    spaces) in *replacement*: gap for gap when both have as many words; else each gap
    that is not one space goes to the gap of the replacement at the same place in
    proportion, a line break before other whitespace ("The Republican\r\nGet together"
    -> "Republican\r\nParty")."""
    gaps = _SPACE_RUN.findall(matched.strip())
    words = replacement.split(" ")
    slots = len(words) - 1
    if not slots or all(gap == " " for gap in gaps):
        return replacement
    if len(gaps) == slots:
        kept = gaps
    else:
        kept = [" "] * slots
        for i, gap in enumerate(gaps):
            slot = i * slots // len(gaps)
            if gap != " " and not _breaks_line(kept[slot]):
                kept[slot] = gap
    out = [words[0]]
    for gap, word in zip(kept, words[1:]):
        out += [gap, word]
    return "".join(out)


def _breaks_line(gap: str) -> bool:
    """Whether the whitespace *gap* holds a line break."""
    return "\n" in gap or "\r" in gap


def capitals_kept(form: str, matched: str) -> bool:
    """Whether *matched* starts a word with a capital wherever the glossary's *form*
    does ("White Home" in "White Home" or "WHITE HOME", not in "a white home"): word by
    word when both have as many words, else at the first and the last word."""
    if matched == form or matched.isupper():  # as the spinner wrote it, or shouted
        return True
    want, got = WORD_RUN.findall(form), WORD_RUN.findall(matched)
    if not want or not got:
        return True
    if len(want) != len(got):
        want, got = [want[0], want[-1]], [got[0], got[-1]]
    return all(g[0].isupper() or not w[0].isupper() for w, g in zip(want, got))
