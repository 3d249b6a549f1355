"""fixer.articles.article_for: "a" or "an" by how a word is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer import Fixer
from fixer.articles import article_for

# (word, article): read as a word, letter by letter, or either way (None)
WORDS = [
    ("apple", "an"), ("banana", "a"), ("hour", "an"), ("honest", "an"), ("house", "a"),
    ("one", "a"), ("once", "a"), ("European", "a"), ("unique", "a"), ("useful", "a"), ("usual", "a"),
    ("utility", "a"), ("urinary", "a"), ("uranium", "a"), ("urology", "a"), ("Uruguayan", "a"),
    ("utensil", "a"), ("utopia", "a"), ("uvula", "a"), ("urban", "an"), ("urgent", "an"), ("utter", "an"),
    ("umbrella", "an"), ("x", "an"), ("U", "a"), ("XGBoost", "an"), ("ML", "an"), ("MRI", "an"), ("MAC", None),
    # numbers, read aloud: "an eight", "an eleven", "an eighteen", "an eighty", "an eight thousand"
    ("8", "an"), ("8-fold", "an"), ("11", "an"), ("18", "an"), ("80", "an"), ("800", "an"), ("8,000", "an"),
    ("11,000", "an"), ("8000", "an"), ("11000", "an"), ("18000", "an"), ("10", "a"), ("110", "a"), ("0.33", "a"), ("7-class", "a"), ("1100", None), ("1800", None),
    ("Euler", "an"), ("herbal", None),
    # capitals and a vowel: read either way, but the readings agree ("an AI", "a CAD"), unlike those of "MAC"
    ("AI", "an"), ("CAD", "a"),
]


@pytest.mark.parametrize(("word", "article"), WORDS, ids=[w for w, _ in WORDS])
def test_article_for(word: str, article: str | None) -> None:
    assert article_for(word) == article


# a word with capitals inside its first run keeps its case at the start of a sentence
CAPITALS_INSIDE = [
    ("Pear telephone app", "iPhone app", False, "iPhone app"),
    ("Messenger acid levels", "mRNA levels", False, "mRNA levels"),
    ("3rd messenger acid", "mRNA", True, "mRNA"),
    ("Energy crops", "k-Nearest neighbor", False, "K-Nearest neighbor"),
    ("ENERGY CROPS", "iPhone app", False, "IPHONE APP"),
]


# a match without a cased letter carries no case over; one that starts with a number does
CASELESS = [
    ("日本 語", "Japanese language", False, "Japanese language"),
    ("3rd", "Third", False, "third"),
    ("2 birthday", "Two parties", False, "two parties"),
]


@pytest.mark.parametrize(("matched", "original", "start", "expected"), CASELESS, ids=[m for m, *_ in CASELESS])
def test_caseless_match(matched: str, original: str, start: bool, expected: str) -> None:
    from fixer.casing import transfer_case
    assert transfer_case(matched, original, start) == expected


@pytest.mark.parametrize(("matched", "original", "start", "expected"), CAPITALS_INSIDE,
                         ids=[m for m, *_ in CAPITALS_INSIDE])
def test_capitals_inside_kept_at_sentence_start(matched: str, original: str, start: bool, expected: str) -> None:
    from fixer.casing import transfer_case
    assert transfer_case(matched, original, start) == expected


# an article at the end of one repair, before another: the second does not reach back into the first
ARTICLE_IN_REPAIR = ["It is sort of a fuel depot.", "It is sort of a  fuel depot.", "Yes, sort of a\nfuel depot"]


@pytest.mark.parametrize("text", ARTICLE_IN_REPAIR)
def test_article_agreement_stays_out_of_the_repair_before(text: str) -> None:
    """The repairs, an article's agreement too, never overlap: an article that ends the
    repair before is that repair's, and the text outside the repairs is kept."""
    fixer = Fixer.from_files([Path(__file__).parent / "glossaries" / "article-in-repair.yaml"], default=False)
    repairs = fixer.scan(text).repairs
    assert len(repairs) == 2
    assert all(a.end <= b.start for a, b in zip(repairs, repairs[1:])), repairs
    assert fixer.fix(text).replace("kind", "sort").replace("energy store", "fuel depot") == text
