"""Throughput of ``Fixer.fix`` on pathological texts of about 1 MB (not run in CI).

    python bench/pathological.py            # every case, about 1 MB each
    python bench/pathological.py --mb 0.25  # smaller texts

Each case is one whole-text call with the default glossary (one warm-up call on a
small piece first), timed once. The cases are repetitive or dense in ways that news
is not: they look for a cost that grows faster than the text (a case far slower
than the others per MB), not at typical speed (see ``bench/run.py``).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from fixer import Fixer


def _cases(fixer: Fixer, size: int) -> dict[str, Callable[[], str]]:
    """The generators of the texts, by name; *size*: about how many characters."""
    keys = sorted({form for entry in fixer.glossary.entries for form in entry.spun})
    rng = random.Random(1)

    def repeat(unit: str) -> Callable[[], str]:
        return lambda: unit * max(1, size // len(unit))

    def spun_forms(sep: str) -> Callable[[], str]:
        def make() -> str:
            parts: list[str] = []
            length = 0
            while length < size:
                parts.append(rng.choice(keys))
                length += len(parts[-1]) + len(sep)
            return sep.join(parts)
        return make

    return {
        "one name, repeated": repeat("White Home "),
        "one name in curly quotes": repeat("\u201cWhite Home\u201d "),
        "a quoted name, a paragraph each": repeat('"White Home"\n\n'),
        "one name in short Title Case lines": repeat("Big Red White Home\n"),
        "one name, zero-width space": repeat("White\u200bHome "),
        "two gated words": repeat("stated battle "),
        "spun forms of every kind": spun_forms(" "),
        "spun forms, no spaces": spun_forms(""),
        "phrase in file names": repeat("energy-crops."),
        "phrase across table cells": repeat("energy\tcrops\t"),
        "articles, then a phrase": lambda: "an " * (size // 3) + "energy crops",
        "hyphens only": repeat("-"),
        "line breaks only": repeat("\n"),
        "CRLF blank lines": repeat("\r\n"),
        "spaces only": repeat(" "),
        "one long word": repeat("x"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of each text in MB (default 1)")
    args = parser.parse_args()
    fixer = Fixer.from_files()
    fixer.fix("White Home stated the battle")
    print("| case | MB | s | MB/s |\n| --- | ---: | ---: | ---: |")
    for name, make in _cases(fixer, int(args.mb * 1_000_000)).items():
        text = make()
        start = time.perf_counter()
        fixer.fix(text)
        took = time.perf_counter() - start
        mb = len(text.encode("utf-8")) / 1_000_000
        print(f"| {name} | {mb:.2f} | {took:.2f} | {mb / took:.2f} |", flush=True)


if __name__ == "__main__":
    main()
