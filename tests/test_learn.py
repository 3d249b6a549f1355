"""Glossary learning (tests/cases/learn.json), writing, and a round trip through the core."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from fixer import Fixer, Glossary
from fixer import evaluate as evaluate_module
from fixer.evaluate import ALIGN_WHOLE, evaluate, tokenize
from fixer.glossary import layer, parse_entry
from fixer.learn import learn, write_glossary
from fixer.pairs import Pair, read_pairs, read_tsv_pairs
from fixer.plural import counted

CASES = json.loads((Path(__file__).parent / "cases" / "learn.json").read_text(encoding="utf-8"))
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _pairs(case: dict) -> list[Pair]:
    return [Pair(f"doc{i}", spun, original) for i, (spun, original) in enumerate(case["input"]["pairs"])]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_learn(case: dict) -> None:
    result = learn(_pairs(case))
    expected = case["expected"]
    got = {e.spun: asdict(e) for e in result.entries}
    assert sorted(got) == sorted(e["spun"] for e in expected["entries"])
    for entry in expected["entries"]:
        assert {k: got[entry["spun"]][k] for k in entry} == entry
    if "dropped" in expected:
        assert [{k: asdict(d)[k] for k in e} for d, e in zip(result.dropped, expected["dropped"])] == expected["dropped"]
        assert len(result.dropped) == len(expected["dropped"]) and all(d.reason for d in result.dropped)
    if "occurrences" in expected:
        assert result.occurrences == expected["occurrences"]
    if "conflicts" in expected:
        assert [asdict(c) for c in result.conflicts] == expected["conflicts"]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_written_glossary_loads(case: dict, tmp_path: Path) -> None:
    from fixer.glossary import load_glossary

    result = learn(_pairs(case), source="cases.json")
    path = tmp_path / "learned.yaml"
    write_glossary(result, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Learned by fixer learn from cases.json")
    data = yaml.safe_load(text)
    assert [e["spun"] for e in data["entries"]] == [e.spun for e in result.entries]
    assert all(e["source"] == f"learned: {counted(c.count, 'occurrence')} in cases.json"
               for e, c in zip(data["entries"], result.entries))
    assert len(load_glossary(path)) == len(result.entries)


@pytest.mark.parametrize("case", [c for c in CASES if c.get("fixes")], ids=[c["label"] for c in CASES if c.get("fixes")])
def test_learned_glossary_repairs_what_it_was_learned_from(case: dict, tmp_path: Path) -> None:
    """The conditions learned hold where they were learned: the glossary, its gate
    forced open, turns each spun text of the case into its original."""
    from fixer import Config, Fixer

    path = tmp_path / "learned.yaml"
    write_glossary(learn(_pairs(case)), path)
    fixer = Fixer.from_files([path], default=False, config=Config(force_gated=True))
    assert [fixer.fix(spun) for spun, _ in case["input"]["pairs"]] == [original for _, original in case["input"]["pairs"]]


@pytest.mark.parametrize("line_end", ["\r\n", "\r", "\u2028"], ids=["CRLF", "CR", "LS"])
def test_a_line_ends_a_sentence_however_it_ends(line_end: str) -> None:
    """The same glossary whatever ends the lines: after a lone CR a capital was read as a
    name's ("Quixotic automobile" learned as a name, which never matched in lower case)."""
    spun, original = "Our plan\nQuixotic automobile wins the race.", "Our plan\nFast car wins the race."
    learned = learn([Pair("d", spun.replace("\n", line_end), original.replace("\n", line_end))])
    expected = learn([Pair("d", spun, original)])
    assert [asdict(e) for e in learned.entries] == [asdict(e) for e in expected.entries]
    assert [(e.spun, e.original, e.kind) for e in expected.entries] == [("quixotic automobile", "fast car", "phrase")]


def test_entries_ranked_by_evidence() -> None:
    result = learn([Pair("a", "The battle and the energy crops.", "The war and the power plants."),
                    Pair("b", "A battle began.", "A war began.")])
    assert [(e.spun, e.count) for e in result.entries] == [("battle", 2), ("energy crops", 1)]
    assert "2 documents" in result.format_text()
    json.dumps(result.to_dict())


def test_documents_are_counted_per_pair_even_with_the_same_id(tmp_path: Path) -> None:
    """Records with ids 1 and "1" are two documents (their Pair ids both read "1")."""
    (tmp_path / "s.jsonl").write_text('{"id": 1, "text": "A battle began."}\n{"id": "1", "text": "The battle ended."}\n',
                                      encoding="utf-8")
    (tmp_path / "o.jsonl").write_text('{"id": 1, "text": "A war began."}\n{"id": "1", "text": "The war ended."}\n',
                                      encoding="utf-8")
    result = learn(read_pairs(tmp_path / "s.jsonl", tmp_path / "o.jsonl"))
    assert [(e.spun, e.count, e.documents) for e in result.entries] == [("battle", 2, 2)]


def test_entries_that_would_chain_with_the_base_glossary_are_left_out() -> None:
    """Layered over *base*, the learned glossary must load: no learned spun form inside
    a base original, no base spun form inside a learned original."""
    base = Glossary((parse_entry({"spun": "within the tv era", "original": "in the tv era"}, "base.yaml", 3),
                     parse_entry({"spun": "White Home", "original": "White House"}, "base.yaml", 7)))
    pairs = [Pair("a", "It happened in the tv era. The energy crops burned.", "It happened ago. The power plants burned."),
             Pair("b", "The plain White Home spoke.", "The White House plain spoke.")]
    alone = learn(pairs)
    layered = learn(pairs, base=base)
    assert "in the tv era" in [e.spun for e in alone.entries if e.safety == "safe"]
    assert "in the tv era" not in [e.spun for e in layered.entries]
    assert [d.reason for d in layered.dropped if d.spun == "in the tv era"] == [
        "chain: the original of base.yaml:3 holds its spun form"]
    assert "energy crops" in [e.spun for e in layered.entries]
    Fixer(layer([base, Glossary(tuple(parse_entry({"spun": e.spun, "original": e.original, "safety": e.safety},
                                                  "learned.yaml") for e in layered.entries))]))


def test_learned_entries_that_chain_through_an_inflection_with_a_base() -> None:
    """"home towns" -> "fine cats" chains with "fine cat" -> "blue dog" only through its
    plural: with a base glossary too, the better attested entry is kept."""
    base = Glossary((parse_entry({"spun": "White Home", "original": "White House"}, "base.yaml", 7),))
    pairs = [Pair("a", "We saw the home towns here.", "We saw the fine cats here."),
             Pair("b", "A fine cat sat. A fine cat ran.", "A blue dog sat. A blue dog ran.")]
    for result in (learn(pairs), learn(pairs, base=base)):
        assert [(e.spun, e.original) for e in result.entries] == [("fine cat", "blue dog")]
        assert [d.spun for d in result.dropped] == ["home towns"]


def test_round_trip_restores_training_pairs(tmp_path: Path) -> None:
    fixer = pytest.importorskip("fixer")
    if not hasattr(fixer, "Fixer"):
        pytest.skip("fixer.Fixer is not available yet")
    data = DATA / "spun-docs-dev.tsv"
    if not data.is_file():
        pytest.skip(f"{data} is missing")
    pairs = read_tsv_pairs(data)
    path = tmp_path / "learned.yaml"
    write_glossary(learn(pairs, source=data.name), path)
    report = evaluate(pairs, fixer.Fixer.from_files([path], default=False).fix)
    assert report.counts.recall > 0.7
    assert report.counts.precision > 0.85
    assert report.counts.error_reduction > 0.7


@pytest.mark.parametrize("source", ["a\nversion: 2\nb.txt", "s\u2028entries: 3.txt", "ctl\x07.txt", "bad\udcff.txt"])
def test_written_glossary_loads_whatever_the_source_is_called(source: str, tmp_path: Path) -> None:
    """The source (file names, which may hold line breaks, control characters or
    undecodable bytes) is written into the header comment escaped, so the file loads."""
    from fixer.glossary import load_glossary

    path = tmp_path / "learned.yaml"
    write_glossary(learn([Pair("a", "The quxxly blorf is good.", "The quick brown fox is good.")], source=source), path)
    glossary = load_glossary(path)
    assert [(e.spun, e.original) for e in glossary.entries] == [(("quxxly blorf",), "quick brown fox")]
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("# Learned by fixer learn from ")


@pytest.mark.parametrize("max_words", [0, 13])
def test_max_words_a_glossary_cannot_take_is_refused(max_words: int) -> None:
    """Entries of more than 12 words would make a glossary that refuses to load."""
    with pytest.raises(ValueError, match=f"max_words must be from 1 to 12 .*not {max_words}"):
        learn([Pair("a", "The White Home", "The White House")], max_words=max_words)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: learn("The White Home"), TypeError,  # type: ignore[arg-type]
     "pairs must be a Pair (fixer.pairs.Pair) or a collection of them, not 'The White Home' (str)"),
    (lambda: learn([("a", "The White Home", "The White House")]), TypeError,  # type: ignore[list-item]
     "pairs must hold Pair records (fixer.pairs.Pair) only, not ('a', 'The White Home', 'The White House') (tuple)"),
    (lambda: learn([Pair("a", b"The White Home", "The White House")]), TypeError,  # type: ignore[arg-type]
     "Pair.spun must be str, not b'The White Home' (bytes)"),
    (lambda: learn([Pair("a", "The White Home", "The White House")], min_count=0), ValueError,
     "min_count must be at least 1, not 0"),
])
def test_wrong_arguments_are_named(call: Any, error: type[Exception], message: str) -> None:
    """learn() refuses what is not parallel text as evaluate() does, saying what was passed."""
    with pytest.raises(error, match=re.escape(message)):
        call()


def test_a_long_document_teaches_what_its_parts_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document too long to be aligned in one piece (copies of the seed pair, aligned
    window by window) gives the entries of one copy, each seen once per copy, and the
    very result of aligning it in one piece."""
    spun, original = ((SEEDS / f"nyt-2025-03-18-trump-putin-call.{side}.txt").read_text(encoding="utf-8")
                      for side in ("spun", "original"))
    one = learn([Pair("seed", spun, original)])
    copies = ALIGN_WHOLE // len(tokenize(spun)) + 2
    long = [Pair("seed", "\n".join([spun] * copies), "\n".join([original] * copies))]
    result = learn(long)
    assert result.occurrences == one.occurrences * copies
    assert [(e.spun, e.original, e.count, e.kind, e.safety, e.when) for e in result.entries] == [
        (e.spun, e.original, e.count * copies, e.kind, e.safety, e.when) for e in one.entries]
    monkeypatch.setattr(evaluate_module, "ALIGN_WHOLE", len(tokenize(long[0].spun)))
    assert learn(long) == result


def test_a_stretch_of_more_pieces_than_a_glossary_takes_is_left_out() -> None:
    """A stretch of 12 words parted by dashes is 23 pieces as a glossary counts them
    (a dash is one): left out with the reason, not written into a glossary that would
    not load."""
    words = "zorbly fnord blarg wunk quux frob snork glim plonk vex jib tov".split()
    others = "alpha beta gamma delta eps zeta eta theta iota kappa lamb mu".split()
    pair = Pair("d", f"He said - {' - '.join(words)} - so.", f"He said - {' - '.join(others)} - so.")
    result = learn([pair], max_words=12)
    assert result.entries == ()
    assert [(d.spun, d.reason) for d in result.dropped] == [(" - ".join(words), "longer than 12 words")]


def test_chains_are_looked_for_in_time_linear_in_the_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each candidate is checked for chains against those accepted before it through
    an index, not one by one: 400 distinct candidates read a phrase's words about 5,000
    times (over 320,000 times, a few per pair of candidates, before: learning 10,000
    entries took about 20 minutes, now 2 seconds)."""
    import fixer.learn as learn_module

    pairs = [Pair(f"d{d}", " ".join(f"the spun{d}x{k} was here." for k in range(20)),
                  " ".join(f"the orig{d}x{k} was here." for k in range(20))) for d in range(20)]
    calls = 0
    key = learn_module._key

    def counted_key(phrase: str) -> tuple[str, ...]:
        nonlocal calls
        calls += 1
        return key(phrase)

    monkeypatch.setattr(learn_module, "_key", counted_key)
    result = learn(pairs)
    assert len(result.entries) == 400
    assert calls < 40 * len(result.entries)
