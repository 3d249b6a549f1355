"""One benchmark configuration, run in its own process for an honest memory peak.

    python bench/measure.py '{"method": "FlashText", "glossary": "/tmp/g1000.yaml", "mb": 10,
                              "budget": 20, "max_runs": 5, "cap": 120}'

Builds the spun and clean texts of ``mb`` MB, loads the glossary with
``fixer.load_glossary`` and builds the method (timed together), then times
whole-text calls and per-article calls (8 KB and 64 KB articles) on both texts (a
call longer than ``cap`` seconds
is interrupted and reported as not finished) and prints one JSON object.
"""

from __future__ import annotations

import json
import resource
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import LONG_ARTICLE_BYTES, articles, clean_source, spun_sentences  # noqa: E402
from methods import METHODS, SkipMethod  # noqa: E402

from fixer import load_glossary  # noqa: E402

MB = 1_000_000


class TooSlow(Exception):
    """A call ran past its time cap."""


def _alarm(signum: int, frame: object) -> None:
    raise TooSlow


def timed_runs(call: Callable[[], object], budget: float, max_runs: int, cap: float) -> list[float] | None:
    """Seconds of repeated calls: at least one, more while within *budget*; None
    when a call runs longer than *cap* seconds (it is interrupted)."""
    times: list[float] = []
    signal.signal(signal.SIGALRM, _alarm)
    while len(times) < max_runs and (not times or sum(times) + times[-1] <= budget):
        signal.setitimer(signal.ITIMER_REAL, cap)
        start = time.perf_counter()
        try:
            call()
        except TooSlow:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - start)
    return times


def speed(mbytes: float, times: list[float] | None, cap: float) -> dict[str, object]:
    """MB/s of the median run, or why there is none."""
    if times is None:
        return {"dnf": f"did not finish a call in {cap:.0f} s"}
    return {"mbps": mbytes / statistics.median(times), "runs": len(times)}


def rss_mb() -> float:
    """Current resident set size in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / MB


def main(spec: dict[str, object]) -> dict[str, object]:
    """Measure the configuration *spec* (see the module docstring)."""
    size = int(float(spec["mb"]) * MB)
    pools = {"spun": spun_sentences(), "clean": clean_source()[1]}
    docs = {kind: articles(pool, size) for kind, pool in pools.items()}
    long_docs = {kind: articles(pool, size, article_bytes=LONG_ARTICLE_BYTES) for kind, pool in pools.items()}
    texts = {kind: "\n\n".join(d) for kind, d in docs.items()}
    base = rss_mb()
    start = time.perf_counter()
    try:
        replace = METHODS[str(spec["method"])](load_glossary(str(spec["glossary"])))
    except SkipMethod as exc:
        return {"skipped": str(exc)}
    result: dict[str, object] = {"build_s": time.perf_counter() - start}
    budget, max_runs, cap = float(spec["budget"]), int(spec["max_runs"]), float(spec["cap"])
    for kind, text in texts.items():
        mbytes = len(text.encode("utf-8")) / MB
        result[f"{kind}/whole"] = speed(mbytes, timed_runs(lambda: replace(text), budget, max_runs, cap), cap)
        for mode, split in (("doc", docs), ("long", long_docs)):
            pieces = split[kind]
            pieces_mb = len("\n\n".join(pieces).encode("utf-8")) / MB
            result[f"{kind}/{mode}"] = speed(pieces_mb, timed_runs(lambda: [replace(d) for d in pieces], budget, max_runs, cap), cap)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB
    result.update(peak_mb=peak, text_mb=base)
    return result


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
