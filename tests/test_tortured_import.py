"""Tests for scripts/import_tortured_phrases.py: query parsing, safety, reproducibility."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CASES = json.loads((Path(__file__).parent / "cases" / "tortured_import.json").read_text(encoding="utf-8"))
GLOSSARY = REPO / "glossary" / "tortured-phrases.yaml"


def _load_script() -> ModuleType:
    """Import the script as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "import_tortured_phrases", REPO / "scripts" / "import_tortured_phrases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


imp = _load_script()


def _row(fields: dict[str, str]) -> dict[str, str]:
    """A full TSV row from the fields a case gives."""
    phrase = fields["tortured_phrase"]
    query = fields.get("pps_query", f'"{phrase}"')
    return {"source": "test", "num_papers": "1", "expected_uncertain": "no",
            "has_context_clause": "yes" if query != f'"{phrase}"' else "no",
            "pps_query": query, **fields}


def run_case(case: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Convert a case's rows; return the entries and the drop counts."""
    rows = [_row(r) for r in case.get("rows", [case.get("row")])]
    counts = case.get("clean_counts")
    counter = None if counts is None else (lambda phrases: {p: counts.get(p, 0) for p in phrases})
    result = imp.convert(rows, counter, case.get("plain_english"))
    return [c.to_yaml() for c in result.entries], dict(result.dropped)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    entries, dropped = run_case(case)
    expected = case["expected"]
    if "row" in case:
        expected = [] if expected is None else [expected]
    assert entries == expected, case["comment"]
    assert dropped == case.get("dropped", {}), case["comment"]


@pytest.mark.parametrize(("query", "when"), [
    ('"a b"', {}),
    ('"a b" AND "C d"', {"doc_has": ["c d"]}),
    ('"a b" AND (x OR "y z")', {"doc_has": ["x", "y z"]}),
    ('"a b" NOT c NOT "D"', {"doc_lacks": ["c", "d"]}),
    ('"a b" AND c NOT (d OR e)', {"doc_has": ["c"], "doc_lacks": ["d", "e"]}),
    ('"a  b " AND c', {"doc_has": ["c"]}),
])
def test_parse_query(query: str, when: dict[str, list[str]]) -> None:
    assert imp.parse_query(query, "a b") == when


@pytest.mark.parametrize(("query", "error"), [
    ('"a b"~5', "proximity"),
    ('"a b" AND c*', "wildcard"),
    ('"a b" OR "c"', "OR"),
    ('"a b" AND "c" AND "d"', "several AND"),
    ('"a b" AND ("c" AND "d")', "only OR"),
    ('"a b" AND', "expected a phrase"),
    ('"c d" AND "a b"', "does not start"),
    ('"a b" "c"', "expected AND or NOT"),
])
def test_parse_query_errors(query: str, error: str) -> None:
    with pytest.raises(imp.QueryError, match=re.escape(error)):
        imp.parse_query(query, "a b")


def test_plain_english_list_is_gated_in_the_committed_glossary() -> None:
    """Every phrase of the reviewed plain-English list is an entry of the committed
    glossary, gated, with where it was seen."""
    plain = imp.read_plain_english()
    assert plain
    text = GLOSSARY.read_text(encoding="utf-8")
    for phrase, seen in plain.items():
        entry = re.search(rf"^- spun: {re.escape(phrase)}\n(?:  .*\n)*", text, re.M | re.I)
        assert entry, phrase
        (fields,) = yaml.safe_load(entry[0])
        assert fields["safety"] == "gated" and seen in fields["note"], entry[0]


def test_count_phrases_folds_like_the_matcher() -> None:
    texts = ["The Coaching-Sets were\nready. A coaching set.", "coaching, set"]
    assert imp.count_phrases(texts, ["coaching set"]) == {"coaching set": 2}


def _options(path: Path) -> list[str]:
    """The generator options recorded in a glossary header."""
    match = re.search(r"^# options: (.*)$", path.read_text(encoding="utf-8"), re.M)
    assert match, f"no '# options:' line in {path}"
    return [] if match[1] == "(none)" else match[1].split()


def _generate(tmp_path: Path, options: list[str]) -> Path:
    """Run the script on the shared TSV with *options*; return the output path."""
    out = tmp_path / "tortured-phrases.yaml"
    argv = [str(SHARED / "tortured-phrases.tsv"), "-o", str(out)]
    if "--clean-dir" in options:
        argv += ["--clean-dir", str(SHARED / "clean")]
    assert imp.main(argv) == 0
    return out


needs_data = pytest.mark.skipif(not (SHARED / "tortured-phrases.tsv").is_file(),
                                reason=f"shared data not found at {SHARED}")


@needs_data
def test_committed_glossary_is_reproducible(tmp_path: Path) -> None:
    options = _options(GLOSSARY)
    if "--clean-dir" in options and not (SHARED / "clean").is_dir():
        pytest.skip(f"clean corpus not found at {SHARED / 'clean'}")
    out = _generate(tmp_path, options)
    assert out.read_bytes() == GLOSSARY.read_bytes(), "regenerate with the command in its header"


@needs_data
def test_without_clean_dir_is_deterministic_and_gated(tmp_path: Path) -> None:
    first = _generate(tmp_path, []).read_bytes()
    second = _generate(tmp_path, []).read_bytes()
    assert first == second
    text = first.decode("utf-8")
    assert "# options: (none)" in text
    assert "occurs in clean English" not in text
    assert "safety: gated" in text
