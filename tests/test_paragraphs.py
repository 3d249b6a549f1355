"""The paragraph of an offset, read near it, is the one that a search of the whole
text for paragraph breaks divides it into."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from fixer.text import _PARAGRAPH_BREAK, paragraph_around

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
    for at in offsets + [0, len(text) - 1, *starts, *(s - 1 for s in starts)]:
        if 0 <= at < len(text):
            assert paragraph_around(text, at) == _expected(starts, len(text), at), (text[:200], at)


def test_a_paragraph_far_longer_than_the_first_stretch_read_back() -> None:
    text = "one\n\n" + "word " * 100_000 + "\n\nlast"
    starts = paragraph_starts(text)
    assert paragraph_around(text, len(text) // 2) == (starts[0], starts[1]) == (5, 500_007)
    assert paragraph_around(text, 2) == (0, 5)
    assert paragraph_around(text, len(text) - 1) == (500_007, len(text))
