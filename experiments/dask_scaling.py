"""Throughput of fixer.dask.fix_bag on a LocalCluster with 1 and 2 worker processes.

Builds about --mb MB of spun text from seeds/*.spun.txt (whole documents, repeated),
writes it as one file per document, and times reading + repairing them on the
workers (``db.from_sequence(paths).map(read) -> fix_bag -> total length``), after a
warm-up run so that each worker has already built its Fixer. A plain single-process
``Fixer.fix`` loop over the same documents is the baseline.

    python experiments/dask_scaling.py --mb 20 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import dask.bag as db
from distributed import Client, LocalCluster

from fixer import Fixer
from fixer.dask import builds, fix_bag

ROOT = Path(__file__).resolve().parent.parent


def read(path: str) -> str:
    """One document, read on the worker."""
    return Path(path).read_text(encoding="utf-8")


def make_corpus(directory: Path, megabytes: float) -> list[str]:
    """One file per seed document, repeated until about *megabytes* MB."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.spun.txt"))]
    paths: list[str] = []
    total = 0
    while total < megabytes * 1e6:
        text = seeds[len(paths) % len(seeds)]
        path = directory / f"doc{len(paths):06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
        total += len(text.encode("utf-8"))
    return paths


def run(paths: list[str], workers: int, partitions: int, repeat: int) -> tuple[list[float], dict[str, int]]:
    """Seconds per run on a cluster of *workers* single-threaded processes."""
    with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        def job() -> int:
            return fix_bag(db.from_sequence(paths, npartitions=partitions).map(read)).map(len).sum().compute()
        fix_bag(db.from_sequence(paths[:workers * 8], npartitions=workers * 4).map(read)).compute()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            job()
            times.append(time.perf_counter() - start)
        return times, client.run(builds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per configuration (default 3)")
    parser.add_argument("--partitions", type=int, default=64, help="bag partitions (default 64)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), args.mb)
        size = sum(os.path.getsize(p) for p in paths) / 1e6
        print(f"corpus: {len(paths)} documents, {size:.1f} MB; cpus: {os.cpu_count()}; "
              f"load average before: {os.getloadavg()[0]:.2f}")
        fixer = Fixer.from_files()
        start = time.perf_counter()
        for p in paths:
            fixer.fix(read(p))
        base = time.perf_counter() - start
        print(f"baseline, one process, no dask: {base:.2f} s, {size / base:.2f} MB/s")
        rates = {}
        for workers in (1, 2):
            times, counts = run(paths, workers, args.partitions, args.repeat)
            best, median = min(times), statistics.median(times)
            rates[workers] = size / median
            print(f"{workers} worker(s): runs {', '.join(f'{t:.2f}' for t in times)} s; "
                  f"median {median:.2f} s = {size / median:.2f} MB/s (best {size / best:.2f} MB/s); "
                  f"Fixer builds per worker {sorted(counts.values())}")
        print(f"speed-up 2 vs 1 worker (medians): {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
