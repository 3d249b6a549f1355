"""Fixer.with_config: other settings over the same compiled glossary, with the same
results as a Fixer compiled for them; and the compile cache keyed only on the settings
that compiling depends on."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer import Config, Fixer

REPO = Path(__file__).resolve().parent.parent
SPUN = next((REPO / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
BASE = Fixer.from_files()

# (label, overrides, whether the compiled glossary can be shared)
CONFIGS = [
    ("gate off", {"gate": False}, True),
    ("gate forced open", {"force_gated": True}, True),
    ("strict gate", {"gate_min_entries": 5, "gate_min_density": 20.0}, True),
    ("no article agreement", {"fix_articles": False}, True),
    ("protect a phrase", {"protect": ("White Home", "energy crops")}, True),
    ("n-grams", {"ngrams": True}, True),
    ("fuzzy off", {"fuzzy": False}, False),
    ("fuzzy cutoff", {"fuzzy_cutoff": 95.0}, False),
    ("disable an entry", {"disable": frozenset({"White Home"})}, False),
]


@pytest.mark.parametrize(("label", "overrides", "shared"), CONFIGS, ids=[c[0] for c in CONFIGS])
def test_same_repairs_as_a_fixer_compiled_for_the_config(label: str, overrides: dict[str, object],
                                                         shared: bool) -> None:
    if overrides.get("ngrams"):
        pytest.importorskip("symspellpy")
    config = Config(**overrides)  # type: ignore[arg-type]
    derived = BASE.with_config(**overrides)
    assert derived.config == config
    assert (derived._engine is BASE._engine) == shared, label
    assert derived.scan(SPUN) == Fixer(BASE.glossary, config).scan(SPUN), label


def test_force_gated_applies_gated_entries_whatever_the_gate() -> None:
    """``force_gated`` wins over ``gate=False`` (documented on Config), so that the two
    together are the same Fixer as ``force_gated`` alone, not a Fixer that applies none."""
    lone = "The energy crops were hit."  # one safe phrase: not judged spun on its own
    forced = BASE.with_config(gate=False, force_gated=True)
    assert forced.scan(lone) == BASE.with_config(force_gated=True).scan(lone)
    assert forced.scan(SPUN).applied == BASE.with_config(force_gated=True).scan(SPUN).applied
    assert len(forced.scan(SPUN).applied) > len(BASE.with_config(gate=False).scan(SPUN).applied)


def test_unchanged_config_gives_the_same_fixer() -> None:
    assert BASE.with_config() is BASE
    assert BASE.with_config(Config()) is BASE


def test_settings_that_do_not_compile_share_one_cache_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FIXER_NO_CACHE", raising=False)  # the cache is what is tested
    Fixer.from_files()
    Fixer.from_files(gate=False, protect="White Home", fix_articles=False)
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    Fixer.from_files(fuzzy=False)
    assert len(list(tmp_path.glob("*.pickle"))) == 2


def test_a_chain_is_refused_whatever_is_protected() -> None:
    """A glossary whose repair would be repaired again is refused with a protected phrase
    too: with_config shares the compiled glossary with other protect settings, so one
    built over the protected original gave a Fixer that changed its own output."""
    from fixer import Glossary, GlossaryError
    from fixer.glossary import Entry

    chained = Glossary((Entry("zorblax quuxit", "alpha beta"), Entry("alpha beta", "gamma delta")))
    with pytest.raises(GlossaryError, match="chain"):
        Fixer(chained, Config(protect=("alpha beta",)))
