"""Title Case headlines (fixer.repair._title_line): a safe name made of common words in
one tells nothing by its capitals, unless the words that make the headline read as
Title Case are those of other such names in it."""

from __future__ import annotations

import pytest

from fixer import Fixer
from fixer.repair import _title_line

NAMES = Fixer.from_files()._common_names

# (line, whether it reads as a headline around its "White Home")
HEADLINES = [
    ("Inside a Minimalist White Home in Copenhagen", True),
    # words of spun names that the line does not hold count ("New York Occasions" is one)
    ("Inside a Minimalist White Home in New York", True),
    ("Summer at Our White Home", True),
    # the words of a spun name in the line do not: "Financial Institution of Japan" is one
    ("Financial Institution of Japan and White Home", False),
    ("White Home Wall Road Report", True),
    ("The White Home said on Monday", False),
]


@pytest.mark.parametrize(("line", "heading"), HEADLINES, ids=[h[0] for h in HEADLINES])
def test_title_line(line: str, heading: bool) -> None:
    start = line.index("White Home")
    assert (_title_line(line, start, start + len("White Home"), NAMES) is not None) == heading
