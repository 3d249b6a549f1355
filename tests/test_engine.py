"""The multi-pattern engines agree with each other, and the Fixer gives the same result
whichever it uses (the reference engine is plain ``str.find``)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fixer import Fixer, load_glossaries
import pickle

import pytest

from fixer.engine import AhoCorasickEngine, DaachorseEngine, RustAhoCorasickEngine, ScanEngine, best_engine
from fixer.words import english_sample, word_ranks

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ALPHABET = st.sampled_from(list("ab c'-\u00e9\u4e2d\U0001f600\ufffd\udcff"))
ENGINES = [DaachorseEngine, RustAhoCorasickEngine, AhoCorasickEngine]


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=200, deadline=None)
@given(keys=st.sets(st.text(ALPHABET, min_size=1, max_size=4), max_size=8),
       text=st.text(ALPHABET, max_size=60))
def test_engines_find_the_same_occurrences(engine: type, keys: set[str], text: str) -> None:
    assert sorted(engine(keys).find(text)) == sorted(ScanEngine(keys).find(text))


def test_the_default_engine_is_daachorse() -> None:
    assert isinstance(best_engine(["white home", "home"]), DaachorseEngine)


@pytest.mark.parametrize("engine", [DaachorseEngine, RustAhoCorasickEngine])
@pytest.mark.parametrize("keys", [["white home", "home"], ["white home", "ho\ufffd"], []])
def test_the_rust_engines_survive_pickling(engine: type, keys: list[str]) -> None:
    built = engine(keys)
    copy = pickle.loads(pickle.dumps(built))
    for text in ("the white home", "the white ho\ufffd", f"the white ho{chr(0xDCFF)} home"):
        assert copy.find(text) == built.find(text)
        assert sorted(built.find(text)) == sorted(ScanEngine(keys).find(text))


@pytest.mark.parametrize("automaton", [DaachorseEngine(["energy crops", "home"])._automaton.serialize(),
                                       b"not an automaton"])
def test_a_daachorse_automaton_read_back_otherwise_is_built_again(automaton: bytes) -> None:
    # what a cache entry written with another daachorse may hold: another automaton, or none it can read
    keys = ["white home", "home", *(f"key {i}" for i in range(200))]
    built = DaachorseEngine(keys)
    state = {**built.__getstate__(), "automaton": automaton}
    copy = DaachorseEngine.__new__(DaachorseEngine)
    copy.__setstate__(state)
    text = "the white home, key 7 and key 150"
    assert copy.find(text) == built.find(text)
    assert sorted(built.find(text)) == sorted(ScanEngine(keys).find(text))


@pytest.mark.parametrize("engine", [RustAhoCorasickEngine, AhoCorasickEngine, ScanEngine])
def test_fixer_is_the_same_with_every_engine(engine: type) -> None:
    glossary = load_glossaries()
    default, other = Fixer(glossary), Fixer(glossary, engine=engine)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert default.scan(text) == other.scan(text), path.name


def test_the_english_sample_draws_common_words_by_frequency() -> None:
    sample = english_sample(20_000).split()
    english_sample.cache_clear()
    assert len(sample) == 20_000 and english_sample(20_000) == " ".join(sample)  # the same draw each time
    ranks = word_ranks()
    assert set(sample) <= set(ranks)
    counts = {w: sample.count(w) for w in ("the", "of")}
    assert counts["the"] > counts["of"] > sample.count(max(ranks, key=ranks.__getitem__))
