"""Stop ``fixer fix --jobs 2`` runs with SIGTERM to their whole process group, as GNU
``timeout`` and systemd do, many times over, and count how each run ended.

A run ends well when it exits with status 143, says ``fixer: terminated`` and nothing
else on standard error, and its standard output closes (no process of the run is left
holding it) within ``--wait`` seconds. The rare ways it went wrong, counted apart:
another message (a worker's traceback), another exit status, output left open.

Run from the repository root, with fixer installed::

    python scripts/stress_stop.py --runs 300

Each try starts a run of one kind (a JSON Lines file, a batch of 40 files, one large
file repaired in segments), waits until its workers are at work, then sends SIGTERM to
the main process and at once to its process group. The counts of each kind are printed
as they come and at the end; the exit status is 1 if any run went wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from fixer.batch import STREAM_BYTES

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.spun.txt")).read_bytes()
KINDS = {
    "jsonl": ["--jsonl", "in.jsonl"],
    "files": ["-o", "out", *(f"doc{i}.txt" for i in range(40))],
    "one-large-file": ["-o", "out", "big.txt"],
}


def make_inputs(folder: Path) -> None:
    """The inputs of every kind of run, in *folder*."""
    paragraphs = SEED.decode("utf-8").split("\n\n")
    (folder / "in.jsonl").write_text("".join(json.dumps({"text": p}) + "\n" for p in paragraphs * 100),
                                     encoding="utf-8")
    for i in range(40):
        (folder / f"doc{i}.txt").write_bytes(SEED * 20)
    (folder / "big.txt").write_bytes(SEED * (STREAM_BYTES // len(SEED) + 1))


def stop_once(folder: Path, kind: str, wait: float, env: dict[str, str]) -> str:
    """Start a run of *kind*, stop it once its workers are at work, and say how it ended:
    "ok", "output left open", "exit N" or the first line of what else it said."""
    shutil.rmtree(folder / "out", ignore_errors=True)
    proc = subprocess.Popen([sys.executable, "-m", "fixer", "fix", "-q", "-j", "2", *KINDS[kind]], cwd=folder,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    assert proc.stdout is not None
    if kind == "jsonl":
        proc.stdout.readline()  # records are coming: the workers are at work
    else:
        deadline = time.monotonic() + 60
        while not (folder / "out").is_dir() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    os.kill(proc.pid, signal.SIGTERM)
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=wait)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return "output left open"
    if err != b"fixer: terminated\n":
        return (err.decode("utf-8", "replace").strip().splitlines() or [f"exit {proc.returncode}"])[0]
    return "ok" if proc.returncode == 143 else f"exit {proc.returncode}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100, help="runs of each kind (default 100)")
    parser.add_argument("--wait", type=float, default=20.0,
                        help="seconds a stopped run's output may stay open (default 20)")
    args = parser.parse_args()
    env = dict(os.environ, FIXER_CACHE_DIR=tempfile.mkdtemp(prefix="fixer-stress-cache-"))
    subprocess.run([sys.executable, "-m", "fixer", "fix", "-"], input=b"", env=env, check=True)  # warm the cache
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="fixer-stress-") as tmp:
        folder = Path(tmp)
        make_inputs(folder)
        for n in range(1, args.runs + 1):
            for kind in KINDS:
                counts[kind][stop_once(folder, kind, args.wait, env)] += 1
            if n % 25 == 0 or n == args.runs:
                print(f"after {n} runs of each kind: " + "; ".join(
                    f"{kind} " + ", ".join(f"{how}: {k}" for how, k in c.most_common()) for kind, c in counts.items()),
                    flush=True)
    shutil.rmtree(env["FIXER_CACHE_DIR"], ignore_errors=True)
    return int(any(set(c) - {"ok"} for c in counts.values()))


if __name__ == "__main__":
    sys.exit(main())
