"""Running the command line in-process, with one Fixer per configuration."""

from __future__ import annotations

import functools

import pytest
from click.testing import CliRunner, Result

from fixer.cli import common, main

_build_fixer = functools.lru_cache(maxsize=None)(common.FixerOptions.build)


@pytest.fixture(autouse=True)
def one_fixer_per_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build each command-line Fixer once per configuration (loading it per run is slow)."""
    monkeypatch.setattr(common.FixerOptions, "build", _build_fixer)


def run(args: list[str], input: bytes | None = None) -> Result:
    """Invoke ``fixer ARGS``; an exception other than SystemExit fails the test."""
    result = CliRunner().invoke(main, args, input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result
