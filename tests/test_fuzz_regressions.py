"""Inputs found by fuzzing and property testing (tests/cases/fuzz_regressions.json),
replayed against the same checks as the fuzz targets in fuzz/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fixer import Fixer, Glossary, GlossaryError, load_glossary
from fixer.glossary import parse_entry
from test_reliability import EXACT, FIXER, check_invariants

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "cases" / "fuzz_regressions.json").read_text(encoding="utf-8"))


def _params(target: str) -> list[Any]:
    return [pytest.param(c, id=c["label"], marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else [])
            for c in CASES if c["target"] == target]


@pytest.mark.parametrize("case", _params("fix"))
def test_fix_case(case: dict[str, Any]) -> None:
    if "glossary" in case:
        fixers = [Fixer(Glossary(tuple(parse_entry(raw, "<case>") for raw in case["glossary"])))]
    else:
        fixers = [EXACT, FIXER]
    for fixer in fixers:
        check_invariants(fixer, case["input"])


@pytest.mark.parametrize("case", _params("glossary"))
def test_glossary_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXER_NO_CACHE", "1")
    path = tmp_path / "glossary.yaml"
    path.write_text(case["input"], encoding="utf-8")
    try:
        Fixer(load_glossary(path))
    except GlossaryError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
