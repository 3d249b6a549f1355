"""Metrics of fixer.evaluate on hand-computed cases (tests/cases/evaluate.json)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest

from fixer.evaluate import align, changed_blocks, clean_edits, evaluate, evaluate_pair, tokenize
from fixer.pairs import Pair

CASES = json.loads((Path(__file__).parent / "cases" / "evaluate.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_evaluate_pair(case: dict) -> None:
    report = evaluate_pair(**case["input"], doc="d")
    expected = case["expected"]
    counts = asdict(report.counts)
    assert {k: counts[k] for k in expected["counts"]} == expected["counts"]
    metrics = report.counts.metrics()
    for name, value in expected["metrics"].items():
        assert metrics[name] == (None if value is None else pytest.approx(value)), name
    for key in ("misses", "wrong_edits"):
        got = [asdict(p) for p in getattr(report, key)]
        assert [{k: g[k] for k in e} for g, e in zip(got, expected[key])] == expected[key]
        assert len(got) == len(expected[key])


def test_tokens_and_alignment() -> None:
    tokens = tokenize("It’s a well-known fact.")
    assert tokens.words == ("It's", "a", "well", "known", "fact")
    assert tokens.phrase(2, 4) == "well-known"
    ops = align("a b c d".split(), "a x y d".split())
    assert changed_blocks(ops) == [(1, 3, 1, 3)]


def test_evaluate_micro_averages_documents() -> None:
    pairs = [Pair("one", "the battle ended", "the war ended"), Pair("two", "a b c d", "a b c d")]
    report = evaluate(pairs, lambda text: text.replace("battle", "war").replace("b", "q"))
    assert report.counts.documents == 2
    assert (report.counts.edits, report.counts.correct_edits) == (2, 1)
    assert report.counts.recall == 1.0
    assert [p.doc for p in report.wrong_edits] == ["two"]
    data = report.to_dict()
    assert data["precision"] == 0.5 and len(data["per_document"]) == 2
    json.dumps(data)
    assert "precision 50.0%" in report.format_text()


def test_clean_edits_rates() -> None:
    report = clean_edits({"a": "one two three four", "b": "five six seven eight nine ten"}, lambda t: t.replace("six", "6 x"))
    assert report.counts.words_spun == 10
    assert report.counts.edits == 1 and report.counts.edited_tokens == 2
    assert report.edits_per_10k_words == 1000.0
    assert report.edited_tokens_per_100k_words == 20_000.0
    assert report.edits[0].doc == "b"
    json.dumps(report.to_dict())
    assert "false edits: 1" in report.format_text()


@pytest.mark.parametrize("args, message", [
    ((b"a", "b", "c"), "spun must be str, not b'a' (bytes)"),
    (("a", None, "c"), "original must be str, not None (NoneType)"),
    (("a", "b", None), "repaired must be str, not None (NoneType)"),
])
def test_evaluate_pair_names_an_argument_that_is_not_text(args: tuple, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        evaluate_pair(*args)


def test_evaluate_names_a_repair_that_returns_no_text() -> None:
    """A *fix* callable that returns something other than a str is named, not a regex error."""
    with pytest.raises(TypeError, match=re.escape("repaired must be str, not None (NoneType)")):
        evaluate([Pair("a", "The White Home", "The White House")], lambda text: None)  # type: ignore[arg-type,return-value]
