"""Inspection output: `glossary show` gives a fuzzy match's score, as `scan` does; the
reprs of a Glossary and a Fixer are a short summary, not every entry written out; and
``help()`` shows a signature and a docstring for every public function, class and
method, in a compiled install too (mypyc keeps neither for the functions it compiles)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterator

import pytest
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


def _public() -> Iterator[tuple[str, object]]:
    """Each public function and class of ``fixer``, and the methods and properties that
    fixer's own classes define (``Fixer.__init__`` too: a compiled class has no other
    place for what building one takes)."""
    for name in fixer.__all__:
        value = getattr(fixer, name)
        if not callable(value):
            continue
        yield name, value
        if inspect.isclass(value):
            for cls in value.__mro__:
                if not cls.__module__.startswith("fixer"):
                    continue
                for attr, member in vars(cls).items():
                    if attr.startswith("_") and not (value is fixer.Fixer and attr == "__init__"):
                        continue
                    if isinstance(member, (property, functools.cached_property)):
                        yield f"{name}.{attr}", member
                    elif inspect.isroutine(getattr(value, attr)):
                        yield f"{name}.{attr}", getattr(value, attr)


@pytest.mark.parametrize(("name", "value"), list(_public()), ids=[name for name, _ in _public()])
def test_help_shows_a_signature_and_a_docstring(name: str, value: object) -> None:
    assert (value.__doc__ or "").strip(), f"{name} has no docstring"
    if callable(value) and not (inspect.isclass(value) and issubclass(value, Exception)):
        inspect.signature(value)  # ValueError where a compiled function keeps none
