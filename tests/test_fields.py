"""fixer.fields.fix_parts: the strings of a list field repaired as one document."""

from __future__ import annotations

import pytest

from fixer import Fixer, apply_repairs
from fixer.fields import PART_BREAK, fix_parts

PARTS = [
    ["The White Home stated.", "An energy crop burned."],
    ["", "White Home", "", "energy crops"],
    ["energy", "crops"],
    ["Fact Social said:\n\nthe White Home", "stated the energy crops"],
    ["plain text", "more plain text"],
]


@pytest.fixture(scope="module")
def fixer() -> Fixer:
    return Fixer.from_files()


@pytest.mark.parametrize("parts", PARTS)
def test_parts_are_the_joined_text_repaired(fixer: Fixer, parts: list[str]) -> None:
    """Joined by a blank line, the repaired parts are the joined text repaired; each
    part's repairs, applied to it, give the repaired part."""
    fixed, found, result = fix_parts(fixer, parts)
    joined = PART_BREAK.join(parts)
    assert PART_BREAK.join(fixed) == fixer.fix(joined)
    assert result == fixer.scan(joined)
    assert [apply_repairs(p, [r for r in rs if r.auto]) for p, rs in zip(parts, found)] == fixed
    assert sum(map(len, found)) == len(result.repairs)


def test_no_phrase_is_read_across_two_parts(fixer: Fixer) -> None:
    assert fix_parts(fixer, ["the energy", "crops"])[0] == ["the energy", "crops"]
