"""The ratios behind the speed targets, both sides timed in one process, in turn.

    python bench/paired.py '{"glossaries": {"1000": "/tmp/g1000.yaml", "10000": "/tmp/g10000.yaml",
                             "100000": "/tmp/g100000.yaml"}, "main": 10000, "mb": 1, "rounds": 9}'

A target such as "at least 0.5x the baseline" compares two timings. Timed in separate
processes minutes apart, on a shared machine whose speed drifts by a fifth, their
ratio can cross the line with no change to the code. Here the two sides of each
comparison are timed one after the other (A then B, then B then A in the next round),
the ratio is taken within each round, and the median of the rounds is reported with
their range. Prints one JSON object: per comparison and mode, ``median``, ``low``,
``high`` and ``rounds``; for a comparison with a method not installed, why it was skipped.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles, clean_source, spun_sentences  # noqa: E402
from methods import BASELINE, METHODS, STAGES, SkipMethod  # noqa: E402

from fixer import load_glossary  # noqa: E402

FIXER = "Fixer.fix"
BEFORE_DECIDING = "Fixer before deciding"
WHOLE_AND_DOCS = ("whole", "doc")


def comparisons(sizes: Iterable[int], main: int) -> list[tuple[str, str, tuple[str, ...], tuple[int, str], tuple[int, str]]]:
    """(id, text kind, modes, A, B) for each ratio target, and for the part of Fixer.fix
    on spun news before it decides anything against the baseline: the ratio is B's time over
    A's, so the MB/s of A over the MB/s of B; A and B are (glossary size, method). The
    glossary-size sweep goes from the smallest size of 1,000 entries or more to the largest."""
    small, big = min(n for n in sizes if n >= 1000), max(sizes)
    return [
        ("spun_baseline", "spun", WHOLE_AND_DOCS, (main, FIXER), (main, BASELINE)),
        ("clean_baseline", "clean", WHOLE_AND_DOCS, (main, FIXER), (main, BASELINE)),
        # FlashText's call on a whole 1 MB text does not finish in minutes: 8 KB documents only
        ("spun_flashtext", "spun", ("doc",), (main, FIXER), (main, "FlashText")),
        ("spun_growth", "spun", WHOLE_AND_DOCS, (small, FIXER), (big, FIXER)),
        ("clean_growth", "clean", WHOLE_AND_DOCS, (small, FIXER), (big, FIXER)),
        # no target: how much of the spun-news budget is spent before the first decision
        ("spun_before_deciding", "spun", WHOLE_AND_DOCS, (main, BEFORE_DECIDING), (main, BASELINE)),
    ]


def seconds(call: Callable[[], object]) -> float:
    """Seconds that one *call* takes."""
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main(spec: dict[str, object]) -> dict[str, dict[str, dict[str, float]] | str]:
    """Measure every comparison of *spec* (see the module docstring)."""
    sizes = {int(n): str(path) for n, path in spec["glossaries"].items()}  # type: ignore[attr-defined]
    rounds = int(spec["rounds"])  # type: ignore[call-overload]
    size = int(float(spec["mb"]) * 1_000_000)  # type: ignore[arg-type]
    docs = {"spun": articles(spun_sentences(), size), "clean": articles(clean_source()[1], size)}
    inputs = {kind: {"whole": ["\n\n".join(d)], "doc": d} for kind, d in docs.items()}
    plan = comparisons(sizes, int(spec["main"]))  # type: ignore[call-overload]
    sides = list(dict.fromkeys(side for *_, a, b in plan for side in (a, b)))
    glossaries = {n: load_glossary(sizes[n]) for n in {n for n, _ in sides}}
    replacers: dict[tuple[int, str], Callable[[str], str]] = {}
    skipped: dict[tuple[int, str], str] = {}
    builders = {**METHODS, **STAGES}
    for side in sides:
        try:
            replacers[side] = builders[side[1]](glossaries[side[0]])
        except SkipMethod as exc:
            skipped[side] = str(exc)
    for replace in replacers.values():  # warm up (caches, lazy tables)
        for by_mode in inputs.values():
            for text in by_mode["doc"][:3]:
                replace(text)
    out: dict[str, dict[str, dict[str, float]] | str] = {}
    for name, kind, modes, a, b in plan:
        if a in skipped or b in skipped:
            out[name] = skipped.get(a) or skipped[b]
            continue
        out[name] = timed = {}
        for mode in modes:
            texts = inputs[kind][mode]
            ratios = []
            for r in range(rounds):
                order = (a, b) if r % 2 == 0 else (b, a)
                took = {side: seconds(lambda: [replacers[side](t) for t in texts]) for side in order}  # noqa: B023
                ratios.append(took[b] / took[a])
            timed[mode] = {"median": statistics.median(ratios), "low": min(ratios), "high": max(ratios),
                           "rounds": rounds}
    return out


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
