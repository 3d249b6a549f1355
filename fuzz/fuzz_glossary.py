"""Fuzz the glossary loader with arbitrary bytes as a glossary file: anything but
fixer.GlossaryError is a crash. ``python fuzz/fuzz_glossary.py -max_total_time=60``."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import atheris
except ImportError:
    atheris = None

if atheris is not None:  # instrument fixer's sources before anything imports it
    from sources import prefer_sources

    prefer_sources()
    with atheris.instrument_imports(include=["fixer", "yaml"]):
        from fixer import Fixer, GlossaryError, load_glossary
        from common import main
else:
    from fixer import Fixer, GlossaryError, load_glossary
    from common import main

WORKDIR = Path(tempfile.mkdtemp(prefix="fuzz-glossary-"))
PATH = WORKDIR / "glossary.yaml"


def test_one_input(data: bytes) -> None:
    PATH.write_bytes(data)
    try:
        Fixer(load_glossary(PATH))
    except GlossaryError:
        pass


if __name__ == "__main__":
    main(test_one_input, "glossary")
