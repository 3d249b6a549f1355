"""What the fuzz targets share: the invariants of scan/fix and a driver that runs a
target under atheris (coverage-guided) or, with ``--no-atheris``, as a plain loop over
random and mutated inputs."""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from fixer import Fixer, apply_repairs

CORPUS = Path(__file__).resolve().parent / "corpus"


def check_fix(fixer: Fixer, text: str) -> None:
    """Raise AssertionError unless scan and fix of *text* keep fixer's promises: sorted,
    non-overlapping, in-range repairs whose ``spun`` is the text they cover; fix equals
    applying the scan's repairs; nothing outside the repairs changes; fix is idempotent."""
    result = fixer.scan(text)
    fixed = fixer.fix(text)
    last = 0
    for r in result.repairs:
        assert last <= r.start < r.end <= len(text), ("bad span", r)
        assert text[r.start:r.end] == r.spun, ("spun is not the text it covers", r)
        last = r.end
    assert apply_repairs(text, result.repairs) == fixed, "fix differs from applying the scan"
    pieces, last = [], 0
    for r in result.applied:
        pieces.append(text[last:r.start])
        last = r.end
    pieces.append(text[last:])
    kept = iter(pieces)
    rebuilt = next(kept) + "".join(r.replacement + next(kept) for r in result.applied)
    assert rebuilt == fixed, "text outside the repairs changed"
    assert fixer.fix(fixed) == fixed, "fix is not idempotent"


def _mutate(data: bytes, rng: random.Random) -> bytes:
    """A random edit of *data*: flip, insert, delete, duplicate or splice bytes."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2:
            del buf[pos:pos + rng.randint(1, 32)]
        elif op == 3 and buf:
            start = rng.randrange(len(buf))
            buf[pos:pos] = buf[start:start + rng.randint(1, 64)]
        else:
            buf[pos:pos] = rng.choice([b"\x00", b"\r\n", b"\xef\xbb\xbf", b"\xff", b"&a ", b"*a", b"!!python/name:os.system ",
                                       b"- ", b": ", b"\n  ", b"[", b"{", b"'", b'"', b"\xe2\x80\x99", b"\xc4\xb0"])
    return bytes(buf)


def _plain_loop(target: Callable[[bytes], None], corpus: Path, iterations: int, seed: int) -> int:
    """Run *target* on mutated corpus files and random bytes; report the first crash."""
    seed = seed or random.randrange(1, 2 ** 32)  # 0: a new seed, as libFuzzer's -seed=0
    rng = random.Random(seed)
    seeds = [p.read_bytes() for p in sorted(corpus.iterdir())] or [b""]
    for i in range(iterations):
        data = _mutate(rng.choice(seeds), rng) if rng.random() < 0.8 else rng.randbytes(rng.randint(0, 512))
        try:
            target(data)
        except Exception:
            crash = Path(f"crash-plain-{seed}-{i}")
            crash.write_bytes(data)
            traceback.print_exc()
            print(f"crash after {i} inputs; input written to {crash}", file=sys.stderr)
            return 1
    print(f"{iterations} inputs, no crash", file=sys.stderr)
    return 0


def _without_atheris(target: Callable[[bytes], None], files: list[str]) -> None:
    """Replay the crash *files* through *target* (a traceback shows a failure), or say
    that coverage-guided fuzzing needs atheris; exit either way."""
    if not files:
        sys.exit("atheris is not installed (pip install -e '.[fuzz]'); without it, run the plain loop: "
                 "--no-atheris --iterations N")
    for name in files:
        target(Path(name).read_bytes())
    print(f"{len(files)} input(s) replayed, no crash", file=sys.stderr)
    sys.exit(0)


def main(target: Callable[[bytes], None], name: str) -> None:
    """Fuzz *target*: ``--no-atheris --iterations N [--seed S]`` for the plain loop,
    otherwise libFuzzer arguments for atheris (the seed corpus is added when no corpus
    directory is given; it is copied, so the repository is never written to)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--no-atheris", action="store_true")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    ours, rest = parser.parse_known_args()
    corpus = CORPUS / name
    if ours.no_atheris:
        sys.exit(_plain_loop(target, corpus, ours.iterations, ours.seed))
    try:
        import atheris
    except ImportError:
        _without_atheris(target, [a for a in rest if not a.startswith("-")])
    if not any(not a.startswith("-") for a in rest):
        work = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
        shutil.copytree(corpus, work, dirs_exist_ok=True)
        rest.append(str(work))
    atheris.Setup([sys.argv[0], *rest], target)
    atheris.Fuzz()
