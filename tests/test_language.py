"""The language check (fixer.language): real English, spun or not, always reads as
English; a long text in another language is only reported, from the library and the
command line, and ``english_only=False`` (``--any-language``) repairs it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run
from corpora import CLEAN, DATA, clean_documents

from fixer import Fixer, load_glossaries
from fixer.language import MIN_WORDS, NOTE, reads_as_english, shares
from fixer.pairs import read_tsv_pairs
from fixer.text import fold

REPO = Path(__file__).resolve().parent.parent
FIXER = Fixer(load_glossaries())
CASES = {c["label"]: c for c in json.loads((REPO / "tests" / "cases" / "synthetic.json").read_text(encoding="utf-8"))}
FRENCH = CASES["language-long-text-not-english-left-alone"]["input"]


def _english_documents() -> Iterator[tuple[str, str]]:
    """Every real English document at hand: the seed pair, the spun documentation and
    its originals (page by page), and the clean corpus."""
    for path in sorted((REPO / "seeds").glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8")
    if (DATA / "spun-docs-dev.tsv").is_file():
        for pair in read_tsv_pairs(DATA / "spun-docs-dev.tsv"):
            yield f"spun docs {pair.id} (spun)", pair.spun
            yield f"spun docs {pair.id} (original)", pair.original
    if CLEAN.is_dir():
        yield from clean_documents()


def test_real_english_reads_as_english() -> None:
    """No real English document, spun or clean, is taken for another language."""
    judged = 0
    foreign = []
    for name, text in _english_documents():
        folded = fold(text).text
        judged += len(folded.split()) >= MIN_WORDS
        if not reads_as_english(folded):
            foreign.append(f"{name}: English {shares(folded)[0]:.3f}, other {shares(folded)[1]:.3f}")
    assert judged >= 2 and not foreign, f"{len(foreign)} of {judged} judged documents do not read as English: {foreign}"


@pytest.mark.parametrize("text", [FRENCH, "\n\n".join([FRENCH] * 20)], ids=["one paragraph", "read in stretches"])
def test_long_text_in_another_language_is_only_reported(text: str) -> None:
    result = FIXER.scan(text)
    assert result.repairs and all(not r.auto and r.note == NOTE for r in result.repairs)
    assert FIXER.fix(text) == text
    assert FIXER.with_config(english_only=False).fix(text) == text.replace("White Home", "White House")


def test_a_spun_english_paragraph_among_foreign_ones_is_judged_with_them() -> None:
    """The check reads the document as a whole: English that makes up a small share of
    it does not open it, and a small share of another language does not close it."""
    english = "The White Home said the talks went well."
    assert FIXER.fix(f"{FRENCH}\n\n{english}\n\n{FRENCH}") == f"{FRENCH}\n\n{english}\n\n{FRENCH}"
    mostly_english = "\n\n".join([" ".join([english] * 3)] * 4 + [FRENCH])
    assert FIXER.fix(mostly_english) == mostly_english.replace("White Home", "White House")


def test_command_line() -> None:
    stdin = FRENCH.encode()
    assert run(["fix", "-"], input=stdin).output == FRENCH
    assert run(["fix", "--any-language", "-"], input=stdin).output == FRENCH.replace("White Home", "White House")
    scanned = run(["scan", "-"], input=stdin)
    assert f"(report only: {NOTE})" in scanned.output and "0 repairs" in scanned.output
