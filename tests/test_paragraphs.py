"""The paragraph of an offset, read near it (or, after many, from one search of the
whole text), is the one that a search of the whole text for paragraph breaks divides it
into."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from fixer.text import _PARAGRAPH_BREAK, Paragraphs, paragraph_around

PIECES = ["a", "word", " ", "  ", "\t", "\n", "\r", "\r\n", "\u2028", "\u2029", "\f", "\xa0", "\n \n", "\r\n\r\n",
          "\n\t\r", "x" * 5000, " " * 5000, "\n" * 3]
"""Words, blanks, every kind of line end and paragraph break, and runs longer than the
first stretch that :func:`paragraph_around` reads back."""


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph after the first starts: the ends of the breaks that a
    search of the whole text finds."""
    return [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def _expected(starts: list[int], size: int, at: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, at)
    return (starts[i - 1] if i else 0), (starts[i] if i < len(starts) else size)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.data())
def test_the_paragraph_around_an_offset_is_the_whole_texts(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    starts = paragraph_starts(text)
    offsets = data.draw(st.lists(st.integers(0, max(len(text) - 1, 0)), max_size=20))
    paragraphs = Paragraphs(text)  # near each offset at first, then from one search of the whole text
    for at in offsets + [0, len(text) - 1, *starts, *(s - 1 for s in starts)]:
        if 0 <= at < len(text):
            expected = _expected(starts, len(text), at)
            assert paragraph_around(text, at) == expected, (text[:200], at)
            assert paragraphs.around(at) == expected, (text[:200], at)


def test_a_paragraph_far_longer_than_the_first_stretch_read_back() -> None:
    text = "one\n\n" + "word " * 100_000 + "\n\nlast"
    starts = paragraph_starts(text)
    assert paragraph_around(text, len(text) // 2) == (starts[0], starts[1]) == (5, 500_007)
    assert paragraph_around(text, 2) == (0, 5)
    assert paragraph_around(text, len(text) - 1) == (500_007, len(text))


def test_many_short_paragraphs_are_found_in_one_search_of_the_text() -> None:
    """A quoted spun form in each of thousands of short paragraphs: reading near each
    one would read back past many breaks each time; past a budget of half the text the
    paragraphs come from one search, with the same bounds."""
    unit = '"White Home"\n\n'
    text = unit * 20_000
    starts = paragraph_starts(text)
    paragraphs = Paragraphs(text)
    for at in range(1, len(text), len(unit)):
        assert paragraphs.around(at) == _expected(starts, len(text), at)
    assert paragraphs._starts == [0] + starts[:-1]  # every paragraph, from the one search (the text ends with a break)
    few = Paragraphs(text)
    assert few.around(len(text) // 2) == _expected(starts, len(text), len(text) // 2)
    assert len(few._starts) == 1  # one question: answered near the offset, its paragraph alone kept
