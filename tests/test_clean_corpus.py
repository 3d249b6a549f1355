"""The clean corpus (real unspun English in ../shared/data/clean): the default Fixer may
edit at most one word token per 100,000 words, and every edit is listed on failure."""

from __future__ import annotations

import pytest
from corpora import CLEAN, clean_documents

from fixer import Fixer
from fixer.evaluate import TOKEN_RE, evaluate_pair

MAX_EDITED_TOKENS_PER_100K = 1.0


@pytest.mark.skipif(not CLEAN.is_dir(), reason=f"clean corpus not found at {CLEAN}")
def test_clean_corpus_false_edits() -> None:
    """One pass over every clean document: edited word tokens per 100,000 words <= 1."""
    fixer = Fixer.from_files()
    words = edited = documents = 0
    edits: list[str] = []
    for name, text in clean_documents():
        fixed, result = fixer.fix_and_scan(text)
        documents += 1
        words += sum(1 for _ in TOKEN_RE.finditer(text))
        if fixed != text:
            edited += evaluate_pair(text, text, fixed, name).counts.edited_tokens
        edits += [f"{name}: {r.spun!r} -> {r.replacement!r} ({r.source}, {r.method})" for r in result.applied]
    assert documents and words, f"no clean documents under {CLEAN}"
    rate = 100_000 * edited / words
    assert rate <= MAX_EDITED_TOKENS_PER_100K, (
        f"{edited} edited tokens in {words} words of {documents} documents = {rate:.2f} per 100,000 "
        f"(max {MAX_EDITED_TOKENS_PER_100K}); {len(edits)} edits:\n" + "\n".join(edits))
