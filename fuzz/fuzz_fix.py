"""Fuzz Fixer.scan/fix with arbitrary Unicode text: any exception or broken invariant
is a crash. ``python fuzz/fuzz_fix.py -max_total_time=60`` (see fuzz/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import atheris
except ImportError:  # the --no-atheris loop needs neither atheris nor instrumentation
    atheris = None

if atheris is not None:  # instrument fixer's sources before anything imports it
    from sources import prefer_sources

    prefer_sources()
    with atheris.instrument_imports(include=["fixer"]):
        from fixer import Config, Fixer, load_glossaries
        from common import check_fix, main
else:
    from fixer import Config, Fixer, load_glossaries
    from common import check_fix, main

GLOSSARY = load_glossaries()
EXACT = Fixer(GLOSSARY, Config(fuzzy=False))
FUZZY = Fixer(GLOSSARY)


def decode(data: bytes) -> str:
    """Text from fuzzer bytes: UTF-8, a byte that does not decode carried as a lone
    surrogate (as ``--errors surrogateescape`` reads it), so that the seed corpus is read
    as written (atheris's own decoding read its articles as UTF-32 noise)."""
    return data.decode("utf-8", "surrogateescape")


def test_one_input(data: bytes) -> None:
    text = decode(data)
    check_fix(EXACT, text)
    check_fix(FUZZY, text)


if __name__ == "__main__":
    main(test_one_input, "fix")
