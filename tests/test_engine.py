"""The multi-pattern engines agree with each other, and the Fixer gives the same result
whichever it uses (the reference engine is plain ``str.find``)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fixer import Fixer, load_glossaries
import pickle

import pytest

from fixer.engine import AhoCorasickEngine, RustAhoCorasickEngine, ScanEngine, best_engine

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ALPHABET = st.sampled_from(list("ab c'-\u00e9\u4e2d\U0001f600\ufffd\udcff"))
ENGINES = [RustAhoCorasickEngine, AhoCorasickEngine]


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=200, deadline=None)
@given(keys=st.sets(st.text(ALPHABET, min_size=1, max_size=4), max_size=8),
       text=st.text(ALPHABET, max_size=60))
def test_engines_find_the_same_occurrences(engine: type, keys: set[str], text: str) -> None:
    assert sorted(engine(keys).find(text)) == sorted(ScanEngine(keys).find(text))


def test_the_default_engine_is_the_rust_one_and_survives_pickling() -> None:
    engine = best_engine(["white home", "home"])
    assert isinstance(engine, RustAhoCorasickEngine)
    copy = pickle.loads(pickle.dumps(engine))
    assert copy.find("the white home") == engine.find("the white home") == [(4, 14, "white home"), (10, 14, "home")]


@pytest.mark.parametrize("engine", [AhoCorasickEngine, ScanEngine])
def test_fixer_is_the_same_with_every_engine(engine: type) -> None:
    glossary = load_glossaries()
    default, other = Fixer(glossary), Fixer(glossary, engine=engine)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert default.scan(text) == other.scan(text), path.name
