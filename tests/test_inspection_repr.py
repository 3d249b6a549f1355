"""Inspection output: `glossary show` gives a fuzzy match's score, as `scan` does, and
the reprs of a Glossary and a Fixer are a short summary, not every entry written out."""

from __future__ import annotations

from click.testing import CliRunner

import fixer
from fixer.cli import main


def test_glossary_show_gives_the_fuzzy_score() -> None:
    result = CliRunner().invoke(main, ["glossary", "show", "counterfeit consciuosness"])
    assert result.exit_code == 0, result.output
    assert "(tortured, fuzzy 96, no condition; applied)" in result.output
    exact = CliRunner().invoke(main, ["glossary", "show", "White Home"])
    assert "(name, exact, no condition; applied)" in exact.output


def test_glossary_and_fixer_reprs_are_short() -> None:
    glossary = fixer.load_glossaries()
    assert repr(glossary) == f"Glossary(<{len(glossary)} entries>, files={glossary.files!r})"
    one = fixer.Glossary(entries=(fixer.Entry(spun="purple banana", original="green apple"),))
    assert repr(one) == "Glossary(<1 entry>, files=())"
    built = fixer.Fixer(one, fixer.Config(fuzzy=False))
    assert repr(built) == f"Fixer({one!r}, {fixer.Config(fuzzy=False)!r})"
