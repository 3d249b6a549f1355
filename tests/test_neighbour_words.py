"""How context conditions read the words next to a phrase (``fixer.text.word_before``
and ``word_after``), from ``tests/cases/neighbour_words.json``: one case per way a
neighbour can stand (after a comma, a period, a hyphen, a line-end hyphen, a paragraph
break, quotation marks, a number, at a text's edge)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fixer.text import word_after, word_before

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "neighbour_words.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in CASES])
def test_neighbour_word_cases(case: dict[str, Any]) -> None:
    text, phrase = case["input"]["text"], case["input"]["phrase"]
    start = text.index(phrase)
    end = start + len(phrase)
    assert case["expect"] == "pass"
    assert {"before": list(word_before(text, start)), "after": list(word_after(text, end))} == case["expected"]
