"""The multi-pattern engines of fixer.engine side by side (not part of the test suite).

    python bench/engines.py [--mb 1]

For the default glossary and a 100,000-entry one (see corpus.write_glossary), builds
each engine from the keys a Fixer searches for (spun forms, their inflections and the
fuzzy anchors) and times one pass over about --mb MB of folded clean text in 8 KB
articles, the engines in turn, 5 rounds: build seconds, load milliseconds (unpickling
it, as a cached Fixer does) and find milliseconds (medians), and the hits found, which
must be the same for every engine.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import articles, clean_source, looked_at_entries, write_glossary  # noqa: E402

from fixer import Fixer, load_glossary  # noqa: E402
from fixer.engine import AhoCorasickEngine, DaachorseEngine, RustAhoCorasickEngine  # noqa: E402
from fixer.text import fold  # noqa: E402

ENGINES = {"daachorse (default)": DaachorseEngine, "ahocorasick-rs": RustAhoCorasickEngine,
           "pyahocorasick": AhoCorasickEngine}
PICKLED = ("daachorse (default)", "ahocorasick-rs")  # pyahocorasick's automaton pickles slowly, and fixer never does it
ROUNDS = 5


def main() -> None:
    """Print one markdown row per glossary and engine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="MB of clean text to search")
    args = parser.parse_args()
    docs = [fold(d).text for d in articles(clean_source()[1], int(args.mb * 1_000_000))]
    default = Fixer.from_files()
    real = default.glossary.entries
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "glossary-100000.yaml"
        write_glossary(path, 100_000, real, looked_at_entries(real))
        fixers = {"default": default, "100k entries": Fixer(load_glossary(path))}
        print("| glossary | keys | engine | build s | load ms | find ms | hits |")
        print("|---|---:|---|---:|---:|---:|---:|")
        for name, fixer in fixers.items():
            keys = fixer._engine._keys  # what the Fixer searches for, as its default engine holds it
            engines, builds = {}, {}
            for label, engine_type in ENGINES.items():
                start = time.perf_counter()
                engines[label] = engine_type(keys)
                builds[label] = time.perf_counter() - start
            finds: dict[str, list[float]] = {label: [] for label in engines}
            loads: dict[str, list[float]] = {label: [] for label in engines}
            hits = {}
            for _ in range(ROUNDS):  # the engines in turn, so that the machine's drift reaches them all alike
                for label, engine in engines.items():
                    start = time.perf_counter()
                    hits[label] = sum(len(engine.find(d)) for d in docs)
                    finds[label].append(time.perf_counter() - start)
                    if label in PICKLED:
                        state = pickle.dumps(engine)
                        start = time.perf_counter()
                        pickle.loads(state)
                        loads[label].append(time.perf_counter() - start)
            for label in engines:
                load = f"{statistics.median(loads[label]) * 1000:.1f}" if loads[label] else "not measured"
                print(f"| {name} | {len(keys)} | {label} | {builds[label]:.2f} | {load} | "
                      f"{statistics.median(finds[label]) * 1000:.1f} | {hits[label]} |")


if __name__ == "__main__":
    main()
