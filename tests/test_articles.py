"""fixer.articles.article_for: "a" or "an" by how a word is read."""

from __future__ import annotations

import pytest

from fixer.articles import article_for

# (word, article): read as a word, letter by letter, or either way (None)
WORDS = [
    ("apple", "an"), ("banana", "a"), ("hour", "an"), ("honest", "an"), ("house", "a"),
    ("one", "a"), ("once", "a"), ("European", "a"), ("unique", "a"), ("useful", "a"), ("usual", "a"),
    ("utility", "a"), ("urinary", "a"), ("uranium", "a"), ("urology", "a"), ("Uruguayan", "a"),
    ("utensil", "a"), ("utopia", "a"), ("uvula", "a"), ("urban", "an"), ("urgent", "an"), ("utter", "an"),
    ("umbrella", "an"), ("x", "an"), ("U", "a"), ("XGBoost", "an"), ("ML", "an"), ("MRI", "an"), ("MAC", None),
]


@pytest.mark.parametrize(("word", "article"), WORDS, ids=[w for w, _ in WORDS])
def test_article_for(word: str, article: str | None) -> None:
    assert article_for(word) == article
