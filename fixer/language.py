"""Telling a document written in another language than English.

Spinners and paper mills write English. A text in another language can still hold a
glossary phrase as words of its own ("Video Musical Normal" in Spanish is not a spun
"harmonic mean"), so the Fixer leaves alone a document of :data:`MIN_WORDS` words or
more whose words are more often the function words of other European languages
(:data:`OTHER_WORDS`) than English ones (:data:`ENGLISH_WORDS`), and at least
:data:`MIN_OTHER_SHARE` of its words (in a long text, of the words of a few stretches
spread over it: :func:`sample`). A text with few function words of either kind
(a table of figures, a list of names) reads as English: it is judged on evidence of
another language, not on a lack of English.
"""

from __future__ import annotations

ENGLISH_WORDS = frozenset(
    "the of and to that with for this are by from which were been their they it have not but would can "
    "there these than into about its".split())
"""English function words that other languages seldom write."""

OTHER_WORDS = frozenset(
    # Spanish, Portuguese, French, Italian, Catalan
    "de la el los las del que y por para con una como pero sus más está muy también sobre "
    "das não uma com ao mais são pelo pela "
    "le les des du et est une pour dans qui sur pas avec au aux sont ce cette "
    "il della di gli nel sono dei delle alla anche "
    "els amb pel dels és "
    # German, Dutch, Swedish
    "der und das ist nicht mit sich auf für eine zu von "
    "het een niet zijn voor ook wordt naar bij maar "
    "och att det som är på för "
    # Indonesian
    "ini itu dengan untuk dari".split())
"""Function words of other languages that are not also English words or common
abbreviations in English text ("a", "in", "is", "was", "die", "per", "van", "OS",
"DA" are left out)."""

MIN_WORDS = 40
"""A shorter text is not judged: a headline or a title is too short to tell."""

MIN_OTHER_SHARE = 0.05
"""In prose about a fifth of the words are function words of its language."""

WINDOWS, WINDOW_CHARS = 4, 600
"""A long text is told by this many stretches of this many characters (about 400 words):
enough to tell the shares apart, where reading every word of it would cost more."""

NOTE = "the document does not read as English"
"""The note of a repair left out for that."""


def shares(folded: str) -> tuple[float, float]:
    """The shares of the words of the folded text *folded* that are :data:`ENGLISH_WORDS`
    and :data:`OTHER_WORDS`."""
    return _shares(folded.split())


def reads_as_english(folded: str) -> bool:
    """Whether the Fixer repairs the folded text *folded*: unless :func:`sample` holds
    :data:`MIN_WORDS` words or more, at least :data:`MIN_OTHER_SHARE` of them
    :data:`OTHER_WORDS` and more of those than :data:`ENGLISH_WORDS`."""
    words = sample(folded)
    if len(words) < MIN_WORDS:
        return True
    english, other = _shares(words)
    return other < MIN_OTHER_SHARE or english >= other


def sample(folded: str) -> list[str]:
    """The words the language of the folded text *folded* is told by: all of them in a
    text of up to :data:`WINDOWS` x :data:`WINDOW_CHARS` characters; in a longer one,
    the whole words of that many stretches spread evenly over it."""
    size = len(folded)
    if size <= WINDOWS * WINDOW_CHARS:
        return folded.split()
    step = size // WINDOWS
    words: list[str] = []
    for start in range(0, WINDOWS * step, step):
        words += folded[start:start + WINDOW_CHARS].split()[1:-1]  # the words cut at either end left out
    return words


def _shares(words: list[str]) -> tuple[float, float]:
    if not words:
        return 0.0, 0.0
    english = other = 0
    for word in words:  # a plain loop: compiled, each look-up is a direct set probe, no method call
        if word in ENGLISH_WORDS:
            english += 1
        if word in OTHER_WORDS:
            other += 1
    return english / len(words), other / len(words)
