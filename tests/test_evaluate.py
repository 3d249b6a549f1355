"""Metrics of fixer.evaluate on hand-computed cases (tests/cases/evaluate.json)."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import asdict
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from fixer import evaluate as evaluate_module
from fixer import fix
from fixer.evaluate import ALIGN_WHOLE, align, changed_blocks, clean_edits, distance, evaluate, evaluate_pair, tokenize
from fixer.pairs import Pair

CASES = json.loads((Path(__file__).parent / "cases" / "evaluate.json").read_text(encoding="utf-8"))
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_SPUN = (SEEDS / "nyt-2025-03-18-trump-putin-call.spun.txt").read_text(encoding="utf-8")
SEED_ORIGINAL = (SEEDS / "nyt-2025-03-18-trump-putin-call.original.txt").read_text(encoding="utf-8")


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


# (i, j, context of tokens i..j of "a b c"): an empty stretch is "[]" between two words
CONTEXTS = [(1, 2, "a [b] c"), (1, 1, "a [] b c"), (0, 0, "[] a b c"), (3, 3, "a b c []")]


@pytest.mark.parametrize(("i", "j", "shown"), CONTEXTS, ids=[c[2] for c in CONTEXTS])
def test_context_of_a_stretch(i: int, j: int, shown: str) -> None:
    """A miss or wrong edit of no words (a word the spinner inserted) is shown as "[]"
    with a space either side; it was glued to the word before it ("a[] b c")."""
    assert tokenize("a b c").context(i, j) == shown


def test_a_text_in_decomposed_unicode_reads_as_the_same_words() -> None:
    """A letter and its combining accent (NFD) are one word character, as the precomposed
    letter (NFC) is: "Zu" + "rich" used to make the same text score a WER of 60%."""
    text = "Trains leave Z\u00fcrich for Gen\u00e8ve at noon."
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    counts = evaluate_pair(decomposed, text, decomposed).counts
    assert (counts.errors_before, counts.errors_after, counts.words_original) == (0, 0, 7)


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


def test_a_long_document_counts_as_its_parts() -> None:
    """A document too long to be aligned in one piece (copies of the seed pair, aligned
    window by window) gives the counts, misses and wrong edits of its copies together."""
    repaired = fix(SEED_SPUN)
    copies = ALIGN_WHOLE // len(tokenize(SEED_SPUN)) + 2
    one = evaluate_pair(SEED_SPUN, SEED_ORIGINAL, repaired)
    long = evaluate_pair(*("\n".join([text] * copies) for text in (SEED_SPUN, SEED_ORIGINAL, repaired)))
    assert len(tokenize(SEED_SPUN)) * copies > ALIGN_WHOLE
    assert asdict(long.counts) == {k: v * copies if k != "documents" else 1 for k, v in asdict(one.counts).items()}
    assert [p.describe() for p in long.misses] == [p.describe() for p in one.misses] * copies
    assert [p.describe() for p in long.wrong_edits] == [p.describe() for p in one.wrong_edits] * copies


@pytest.mark.parametrize("sides", [(0, 1), (0, 2), (2, 1), (1, 0)], ids=["spun-original", "spun-repaired",
                                                                         "repaired-original", "original-spun"])
def test_windowed_alignment_is_the_whole_one_on_the_seed(monkeypatch: pytest.MonkeyPatch, sides: tuple[int, int]) -> None:
    """Aligned window by window (with windows made small enough to cut the seed into
    many), the seed's texts get exactly the alignment and distance of one piece."""
    texts = [tokenize(t).words for t in (SEED_SPUN, SEED_ORIGINAL, fix(SEED_SPUN))]
    a, b = texts[sides[0]], texts[sides[1]]
    ids = evaluate_module._ids(a, b)
    whole, cost = [tuple(op) for op in Levenshtein.opcodes(*ids)], Levenshtein.distance(*ids)
    monkeypatch.setattr(evaluate_module, "ALIGN_WHOLE", 100)
    monkeypatch.setattr(evaluate_module, "ALIGN_WINDOW", 128)
    assert (align(a, b), distance(a, b)) == (whole, cost)


def test_windowed_alignment_crosses_an_insertion_longer_than_a_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stretch of the original longer than a window and absent from the spun text
    (the windows are then widened until they reach past it) is aligned as in one piece."""
    spun, original = tokenize(SEED_SPUN).words, tokenize(SEED_ORIGINAL).words
    original = original[:600] + tuple(f"extra{i}" for i in range(400)) + original[600:]
    ids = evaluate_module._ids(spun, original)
    whole = [tuple(op) for op in Levenshtein.opcodes(*ids)]
    monkeypatch.setattr(evaluate_module, "ALIGN_WHOLE", 100)
    monkeypatch.setattr(evaluate_module, "ALIGN_WINDOW", 128)
    assert align(spun, original) == whole
    assert any(op[0] == "insert" and op[4] - op[3] >= 400 for op in whole)


@pytest.mark.parametrize("every", [3, 6, 8])
def test_windowed_alignment_of_densely_spun_text_keeps_its_windows(monkeypatch: pytest.MonkeyPatch, every: int) -> None:
    """A text spun so densely that no 8 equal words come in a row (one word in eight or
    more) is still aligned window by window, as in one piece, without widening the
    windows to the whole text (which made a 150,000-word document take 50 s, not 3)."""
    original = tuple(f"w{(i * 7919) % 997}" for i in range(3000))
    spun = tuple(f"spun{w}" if i % every == 0 else w for i, w in enumerate(original))
    ids = evaluate_module._ids(spun, original)
    whole = [tuple(op) for op in Levenshtein.opcodes(*ids)]
    widths: list[int] = []
    opcodes = evaluate_module._opcodes

    def recorded(ia: list[int], ib: list[int], i: int = 0, j: int = 0) -> list[tuple[str, int, int, int, int]]:
        widths.append(max(len(ia), len(ib)))
        return opcodes(ia, ib, i, j)

    monkeypatch.setattr(evaluate_module, "ALIGN_WHOLE", 100)
    monkeypatch.setattr(evaluate_module, "ALIGN_WINDOW", 128)
    monkeypatch.setattr(evaluate_module, "_opcodes", recorded)
    assert align(spun, original) == whole
    assert max(widths) <= 128


def test_windowed_alignment_of_unlike_texts_stops_widening(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two texts unlike each other (a mismatched pair) are aligned in windows no wider
    than ALIGN_WIDEST, not widened to the whole text (two unrelated 150,000-word
    documents took 12.5 s to evaluate, now 6); the distance stays close to one piece's."""
    rng = random.Random(5)
    a = tuple(f"w{rng.randrange(300)}" for _ in range(6000))
    b = tuple(f"w{rng.randrange(300)}" for _ in range(6000))
    widths: list[int] = []
    opcodes = evaluate_module._opcodes

    def recorded(ia: list[int], ib: list[int], i: int = 0, j: int = 0) -> list[tuple[str, int, int, int, int]]:
        widths.append(max(len(ia), len(ib)))
        return opcodes(ia, ib, i, j)

    whole = Levenshtein.distance(*evaluate_module._ids(a, b))
    monkeypatch.setattr(evaluate_module, "ALIGN_WHOLE", 100)
    monkeypatch.setattr(evaluate_module, "ALIGN_WINDOW", 128)
    monkeypatch.setattr(evaluate_module, "ALIGN_WIDEST", 512)
    monkeypatch.setattr(evaluate_module, "_opcodes", recorded)
    assert whole <= distance(a, b) <= whole * 1.05
    assert max(widths[:-1]) <= 512 and widths[-1] <= 2 * 512 and len(widths) > 20  # the last: what is left
