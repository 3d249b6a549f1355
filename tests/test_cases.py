"""ftfy-style behaviour cases from tests/cases/*.json.

Each case is ``{"label", "comment", "input", "expected", "expect": "pass"|"fail"}`` with
optional ``"glossary"`` (a path relative to the repository, or a list of them layered
in order, replacing the default glossary; ``"glossary.yaml"`` is the default one) and
``"config"`` (:class:`fixer.Config` fields). ``fix(input)`` must equal ``expected``
and be a fixed point of ``fix``; ``expect: fail`` cases document known limitations and
run as strict xfails, so a case that starts passing must be moved to a passing file.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from fixer import Config, Fixer

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
CASE_FILES = ("in_the_wild.json", "synthetic.json", "negative.json", "known_failures.json")
REQUIRED = {"label", "comment", "input", "expected", "expect"}
OPTIONAL = {"glossary", "config"}
CONFIG_FIELDS = set(Config.__dataclass_fields__)


def _load(name: str) -> list[dict[str, Any]]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def _glossaries(case: dict[str, Any]) -> tuple[str, ...]:
    value = case.get("glossary", ())
    return (value,) if isinstance(value, str) else tuple(value)


@functools.lru_cache(maxsize=None)
def _fixer(glossaries: tuple[str, ...], config_json: str) -> Fixer:
    """One Fixer per glossary list and configuration, shared by the cases using it."""
    overrides = json.loads(config_json)
    if "disable" in overrides:
        overrides["disable"] = frozenset(overrides["disable"])
    if "protect" in overrides:
        overrides["protect"] = tuple(overrides["protect"])
    paths = [REPO / g for g in glossaries]
    return Fixer.from_files(paths, default=not paths, **overrides)


def _params() -> list[Any]:
    params = []
    for name in CASE_FILES:
        for case in _load(name):
            marks = [pytest.mark.xfail(strict=True, reason=case["comment"])] if case.get("expect") == "fail" else []
            params.append(pytest.param(case, id=f"{name.removesuffix('.json')}:{case['label']}", marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    """fix(input) == expected, and fixing the result again changes nothing."""
    fixer = _fixer(_glossaries(case), json.dumps(case.get("config", {}), sort_keys=True))
    fixed = fixer.fix(case["input"])
    assert fixed == case["expected"], f"{case['label']}: {case['comment']}\n   got: {fixed!r}\nwanted: {case['expected']!r}"
    assert fixer.fix(fixed) == fixed, f"{case['label']}: not idempotent"


@pytest.mark.parametrize("name", CASE_FILES)
def test_case_file_schema(name: str) -> None:
    """Every case has the required keys only, a known expectation, existing glossaries,
    valid config fields and a unique label; negative cases expect their input back."""
    cases = _load(name)
    assert cases, f"{name} has no cases"
    labels = [c["label"] for c in cases]
    assert len(labels) == len(set(labels)), f"{name}: duplicate labels"
    for case in cases:
        assert REQUIRED <= set(case) <= REQUIRED | OPTIONAL, (name, case.get("label"), sorted(case))
        assert case["expect"] in ("pass", "fail"), case["label"]
        assert (case["expect"] == "fail") == (name == "known_failures.json"), case["label"]
        assert all(isinstance(case[k], str) and case[k] for k in ("label", "comment", "input")), case["label"]
        for glossary in _glossaries(case):
            assert (REPO / glossary).is_file(), (case["label"], glossary)
        assert set(case.get("config", {})) <= CONFIG_FIELDS, (case["label"], case.get("config"))
        if name == "negative.json":
            assert case["input"] == case["expected"], f"{case['label']}: a negative case expects its input back"
