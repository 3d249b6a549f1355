"""Two builds of fixer timed in turn on the same texts: did a change make it faster?

    python bench/compare_builds.py OLD_PYTHON NEW_PYTHON [--text spun|clean] [--rounds 12] [--mb 1]

OLD_PYTHON and NEW_PYTHON are the interpreters of two environments, each with a build of
fixer installed (``python -m venv /tmp/old && /tmp/old/bin/pip install
git+file://$PWD@COMMIT`` or a wheel). Each runs in a process of its own that loads the
default glossary once and then repairs the bench's 8 KB articles (see ``corpus.py``) each
time it is asked; the driver asks them in turn, old, new, old, in every round, and takes
the new build's time over the mean of the two old ones around it. On a shared machine
whose speed drifts by a fifth over minutes, that ratio moves far less than two separate
runs do. Prints the fastest pass of each build and the median and quartiles of the
ratios (below 1: the new build is faster).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def serve(kind: str, mb: float) -> None:
    """The worker: repair the texts once per line read, printing the seconds each pass took."""
    sys.path.insert(0, str(HERE.parent))
    from corpus import articles, clean_source, spun_sentences

    from fixer import Fixer, default_glossary_path, load_glossary

    docs = articles(clean_source()[1] if kind == "clean" else spun_sentences(), int(mb * 1_000_000))
    fixer = Fixer(load_glossary(default_glossary_path()))
    for doc in docs:  # warm: caches filled, code paths loaded
        fixer.fix(doc)
    print("ready", flush=True)
    for _ in sys.stdin:
        start = time.perf_counter()
        for doc in docs:
            fixer.fix(doc)
        print(time.perf_counter() - start, flush=True)


class _Worker:
    """A build's worker process, timed one pass at a time."""

    def __init__(self, python: str, kind: str, mb: float) -> None:
        self._process = subprocess.Popen([python, str(HERE), "--serve", kind, "--mb", str(mb)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin, self._stdout = self._process.stdin, self._process.stdout
        if self._stdout.readline().strip() != "ready":
            raise SystemExit(f"{python}: the worker did not start (is fixer installed there?)")

    def time(self) -> float:
        self._stdin.write("go\n")
        self._stdin.flush()
        return float(self._stdout.readline())

    def close(self) -> None:
        self._stdin.close()
        self._process.wait()


def compare(old: str, new: str, kind: str = "spun", rounds: int = 12, mb: float = 1.0) -> dict[str, float]:
    """The fastest pass of each build (seconds) and the new build's time over the old's:
    the median and quartiles of the rounds."""
    workers = _Worker(old, kind, mb), _Worker(new, kind, mb)
    try:
        olds, news, ratios = [], [], []
        for _ in range(rounds):
            before, now, after = workers[0].time(), workers[1].time(), workers[0].time()
            olds += [before, after]
            news.append(now)
            ratios.append(now / ((before + after) / 2))
    finally:
        for worker in workers:
            worker.close()
    low, median, high = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    return {"old": min(olds), "new": min(news), "median": median, "low": low, "high": high}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", nargs="?", help="the old build's Python interpreter")
    parser.add_argument("new", nargs="?", help="the new build's Python interpreter")
    parser.add_argument("--text", choices=("spun", "clean"), default="spun")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--mb", type=float, default=1.0, help="MB of 8 KB articles per pass")
    parser.add_argument("--serve", choices=("spun", "clean"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.mb)
        return
    if not (args.old and args.new):
        parser.error("give the two interpreters, OLD_PYTHON NEW_PYTHON")
    if args.rounds < 1 or args.mb <= 0:
        parser.error("--rounds must be 1 or more and --mb more than 0")
    found = compare(args.old, args.new, args.text, args.rounds, args.mb)
    print(f"{args.text} text, {args.mb:g} MB in 8 KB articles, {args.rounds} rounds: "
          f"old {found['old'] * 1000:.0f} ms, new {found['new'] * 1000:.0f} ms at best; "
          f"new/old {found['median']:.3f} (quartiles {found['low']:.3f}-{found['high']:.3f})")


if __name__ == "__main__":
    main()
