"""Peak memory and throughput of ``fixer fix`` streaming a large file (not run in CI).

    python bench/stream_memory.py                  # 300 MB, one line and paragraphs
    python bench/stream_memory.py --size-mb 1000 --check-mb 0
    python bench/stream_memory.py --jobs 2         # the segments in two worker processes

Builds files of repeated spun text (the seed article) -- one with the whole file on a
single line, one with the article's paragraphs -- runs ``python -m fixer fix FILE >
/dev/null`` on each in a subprocess and reports its peak RSS (``wait4`` rusage) and
throughput (with ``--jobs N``, the peak RSS is that of the largest of the main process
and its workers, which share the compiled glossary). Then, at ``--check-mb`` (default 30 MB, above the 16 MB streaming
threshold), checks that the streamed output equals an in-process whole-text
``Fixer.fix``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("*.spun.txt"))
MB = 1_000_000


def make_file(path: Path, size: int, one_line: bool) -> None:
    """*path* filled with copies of the seed article up to about *size* bytes."""
    text = SEED.read_text(encoding="utf-8")
    block = (" ".join(text.split()) + " ") if one_line else (text.rstrip("\n") + "\n\n")
    data = block.encode("utf-8") * max(1, (4 * MB) // len(block.encode("utf-8")))
    written = 0
    with path.open("wb") as fh:
        while written < size:
            fh.write(data)
            written += len(data)


def run_fix(path: Path, env: dict[str, str], jobs: int, stdout: int | None = subprocess.DEVNULL
            ) -> tuple[float, int, bytes]:
    """Seconds, peak RSS in bytes, and (when *stdout* is a pipe) output of ``fixer fix --jobs *jobs*``."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "fixer", "fix", "--jobs", str(jobs), str(path)], env=env,
                            stdout=stdout)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"fixer fix {path} exited with {proc.returncode}")
    return elapsed, usage.ru_maxrss * 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=300, help="size of the benchmark files (MB)")
    parser.add_argument("--check-mb", type=int, default=30, help="size of the equality check (MB; 0 to skip)")
    parser.add_argument("--jobs", type=int, default=1, help="fixer fix --jobs (worker processes)")
    parser.add_argument("--dir", default=None, help="where to write the files (default: a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        env = dict(os.environ, FIXER_CACHE_DIR=str(work / "cache"))
        empty = work / "empty.txt"
        empty.write_bytes(b"")
        baseline = run_fix(empty, env, args.jobs)[1]
        print(f"baseline (empty file, glossary loaded): peak RSS {baseline / MB:.0f} MB")
        for one_line in (True, False):
            path = work / ("one-line.txt" if one_line else "paragraphs.txt")
            make_file(path, args.size_mb * MB, one_line)
            size = path.stat().st_size
            elapsed, rss, _ = run_fix(path, env, args.jobs)
            print(f"{path.name}: {size / MB:.0f} MB in {elapsed:.1f} s = {size / MB / elapsed:.2f} MB/s, "
                  f"peak RSS {rss / MB:.0f} MB ({(rss - baseline) / MB:+.0f} MB over baseline)")
            path.unlink()
        if args.check_mb:
            from fixer import Fixer

            fixer = Fixer.from_files()
            for one_line in (True, False):
                path = work / "check.txt"
                make_file(path, args.check_mb * MB, one_line)
                _, _, streamed = run_fix(path, env, args.jobs, stdout=subprocess.PIPE)
                whole = fixer.fix(path.read_text(encoding="utf-8")).encode("utf-8")
                label = "one line" if one_line else "paragraphs"
                print(f"check {label}, {path.stat().st_size / MB:.0f} MB: streamed output "
                      f"{'equals' if streamed == whole else 'DIFFERS FROM'} whole-text Fixer.fix")
                if streamed != whole:
                    raise SystemExit(1)


if __name__ == "__main__":
    main()
