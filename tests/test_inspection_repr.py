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

