"""The clean corpus (real unspun English in ../shared/data/clean): the default Fixer, and
a glossary learned from the real spun documentation alone and beside it, may edit at most
one word token per 100,000 words, and every edit is listed on failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import CLEAN, DATA, clean_documents

from fixer import Fixer
from fixer.evaluate import TOKEN_RE, evaluate_pair
from fixer.learn import learn, write_glossary
from fixer.pairs import read_tsv_pairs

MAX_EDITED_TOKENS_PER_100K = 1.0
SPUN_DOCS = DATA / "spun-docs-dev.tsv"
SETUPS = {"default": ((), True), "learned alone": (("learned",), False), "default + learned": (("learned",), True)}


@pytest.fixture(scope="module")
def learned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A glossary learned, as ``fixer learn`` writes it, from every page of the spun documentation."""
    if not SPUN_DOCS.is_file():
        pytest.skip(f"{SPUN_DOCS} is missing")
    path = tmp_path_factory.mktemp("learned") / "learned.yaml"
    write_glossary(learn(read_tsv_pairs(SPUN_DOCS), source=SPUN_DOCS.name), path)
    return path


@pytest.mark.skipif(not CLEAN.is_dir(), reason=f"clean corpus not found at {CLEAN}")
@pytest.mark.parametrize("setup", SETUPS)
def test_clean_corpus_false_edits(setup: str, request: pytest.FixtureRequest) -> None:
    """One pass over every clean document: edited word tokens per 100,000 words <= 1."""
    extra, default = SETUPS[setup]
    fixer = Fixer.from_files([request.getfixturevalue(name) for name in extra], default=default)
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
