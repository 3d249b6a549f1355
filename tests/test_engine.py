"""The multi-pattern engines agree with each other, and the Fixer gives the same result
whichever it uses (the reference engine is plain ``str.find``)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fixer import Fixer, load_glossaries
from fixer.engine import AhoCorasickEngine, ScanEngine

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ALPHABET = st.sampled_from(list("ab c'-"))


@settings(max_examples=200, deadline=None)
@given(keys=st.sets(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=8),
       text=st.text(ALPHABET, max_size=60))
def test_engines_find_the_same_occurrences(keys: set[str], text: str) -> None:
    assert sorted(AhoCorasickEngine(keys).find(text)) == sorted(ScanEngine(keys).find(text))


def test_fixer_is_the_same_with_the_reference_engine() -> None:
    glossary = load_glossaries()
    fast, reference = Fixer(glossary), Fixer(glossary, engine=ScanEngine)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert fast.scan(text) == reference.scan(text), path.name
