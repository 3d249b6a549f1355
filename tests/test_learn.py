"""Glossary learning (tests/cases/learn.json), writing, and a round trip through the core."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml

from fixer.evaluate import evaluate
from fixer.learn import learn, write_glossary
from fixer.pairs import Pair, read_tsv_pairs

CASES = json.loads((Path(__file__).parent / "cases" / "learn.json").read_text(encoding="utf-8"))
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


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
        assert [(d.spun, d.original) for d in result.dropped] == [(d["spun"], d["original"]) for d in expected["dropped"]]
        assert all(d.reason for d in result.dropped)
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
    assert all(e["source"] == f"learned: {c.count} occurrences in cases.json" for e, c in zip(data["entries"], result.entries))
    assert len(load_glossary(path)) == len(result.entries)


def test_entries_ranked_by_evidence() -> None:
    result = learn([Pair("a", "The battle and the energy crops.", "The war and the power plants."),
                    Pair("b", "A battle began.", "A war began.")])
    assert [(e.spun, e.count) for e in result.entries] == [("battle", 2), ("energy crops", 1)]
    assert "2 documents" in result.format_text()
    json.dumps(result.to_dict())


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
