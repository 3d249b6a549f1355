"""``fixer fix --in-place`` killed with SIGKILL mid-batch: every file is either the
original or the fully repaired text, never a mixture, a truncation or missing. Runs
interrupted with Ctrl-C (SIGINT) stop as with ``--jobs 1``: one line, exit 130."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixer import Fixer, load_glossaries
from fixer.batch import STREAM_BYTES
from fixer.cli import HungUp, Terminated, _stop_handlers
from fixer.interrupts import signal_handlers
from fixer.workers import KILL_WAIT, TERMINATE_WAIT

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.spun.txt"))
SPUN = SEED.read_bytes()
FIXED = Fixer(load_glossaries()).fix(SPUN.decode("utf-8")).encode("utf-8")
TMP_SUFFIX = ".fixer-tmp"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment with a private, warmed-up glossary cache, so the run starts writing at once."""
    env = dict(os.environ, FIXER_CACHE_DIR=str(tmp_path_factory.mktemp("cache")))
    subprocess.run([sys.executable, "-m", "fixer", "fix", "-"], input=b"", env=env, check=True, timeout=120)
    return env


def _make_batch(directory: Path, n: int) -> list[Path]:
    directory.mkdir()
    paths = [directory / f"doc{i:04d}.txt" for i in range(n)]
    for p in paths:
        p.write_bytes(SPUN)
    return paths


def _kill_mid_run(paths: list[Path], env: dict[str, str], delay: float, jobs: int) -> bool:
    """Start the in-place run, wait for its first write, sleep *delay*, SIGKILL its process
    group. False if the run had already finished."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "fixer", "fix", "--in-place", "-q", "-j", str(jobs), *map(str, paths)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while paths[0].read_bytes() == SPUN and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        if proc.poll() is not None:
            return False
        os.killpg(proc.pid, signal.SIGKILL)
        return True
    finally:
        proc.wait(timeout=60)


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """A directory in RAM when there is one: SIGKILL is about the process dying, not the
    disk, and fsync on a busy disk would make the test slow and its timing erratic."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    directory = Path(tempfile.mkdtemp(prefix="fixer-kill-", dir=shm))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.parametrize("delay, jobs", [(0.0, 1), (0.05, 2), (0.2, 1), (0.5, 2)])
def test_in_place_survives_sigkill(workdir: Path, env: dict[str, str], delay: float, jobs: int) -> None:
    delay += random.uniform(0, 0.05)
    n = 200
    for attempt in range(5):
        paths = _make_batch(workdir / f"batch{attempt}", n)
        # killed while still alive, yet maybe done with every file and only shutting down
        if _kill_mid_run(paths, env, delay, jobs) and any(p.read_bytes() != FIXED for p in paths):
            break
        n *= 2
    else:
        pytest.fail("the run always finished its files before it could be killed")
    contents = [p.read_bytes() for p in paths]
    others = [c for c in contents if c not in (SPUN, FIXED)]
    assert not others, f"{len(others)} files are neither the original nor the repaired text"
    done = sum(c == FIXED for c in contents)
    names = {p.name for p in paths}
    stray = [f.name for f in paths[0].parent.iterdir() if f.name not in names]
    assert all(name.endswith(TMP_SUFFIX) for name in stray), stray
    print(f"jobs={jobs} delay={delay:.2f}s: {done}/{len(paths)} repaired, {len(stray)} temp files left: {stray}")
    if stray:
        listed = subprocess.run(
            [sys.executable, "-m", "fixer", "scan", "-r", "--json", "-q", str(paths[0].parent)],
            env=env, capture_output=True, timeout=120)
        assert listed.returncode == 0, listed.stderr
        assert TMP_SUFFIX.encode() not in listed.stdout


def test_recursive_skips_temp_files(tmp_path: Path, env: dict[str, str]) -> None:
    """A leftover temp file is never taken for an input by ``fixer fix -r``."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(SPUN)
    (src / f".a.txt.x1y2{TMP_SUFFIX}").write_bytes(SPUN[:100])
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "fixer", "fix", "-r", "-q", "-o", str(out), str(src)],
                          env=env, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in out.iterdir()] == ["a.txt"]
    assert (out / "a.txt").read_bytes() == FIXED


def _group(pid: int) -> list[int]:
    """The other processes of the process group that *pid* leads: its worker processes."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(ValueError, OSError):
            if int(entry.name) != pid and os.getpgid(int(entry.name)) == pid:
                found.append(int(entry.name))
    return found


# (label, arguments): a --jobs 2 run whose workers are busy when Ctrl-C comes
BUSY = [
    ("jsonl", ["fix", "--jsonl", "-q", "-j", "2", "in.jsonl"]),
    ("output-dir", ["fix", "-q", "-j", "2", "-o", "out", *(f"doc{i}.txt" for i in range(40))]),
    ("one-large-file", ["fix", "-q", "-j", "2", "-o", "out", "big.txt"]),  # streamed, its segments in the workers
]
# the processes of a local Dask cluster (nannies, workers) printed a traceback each
DASK_BUSY = pytest.param(["fix", "--jsonl", "-q", "--dask", "local", "-j", "2", "in.jsonl"], id="dask-local",
                         marks=pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                                  reason="needs fixer[dask]"))


@contextlib.contextmanager
def _busy_run(workdir: Path, env: dict[str, str], args: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    """A run of ``fixer *args*`` in its own process group, once its workers are at work;
    killed on the way out if it is still running."""
    paragraphs = SPUN.decode("utf-8").split("\n\n")
    (workdir / "in.jsonl").write_text("".join(json.dumps({"text": p}) + "\n" for p in paragraphs * 400),
                                      encoding="utf-8")
    for i in range(40):
        (workdir / f"doc{i}.txt").write_bytes(SPUN * 20)
    if "big.txt" in args:
        (workdir / "big.txt").write_bytes(SPUN * (STREAM_BYTES // len(SPUN) + 1))
    proc = subprocess.Popen([sys.executable, "-m", "fixer", *args], cwd=workdir, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    assert proc.stdout is not None
    try:
        deadline = time.monotonic() + 60
        while not (workdir / "out").is_dir() and "-o" in args and time.monotonic() < deadline:
            time.sleep(0.01)
        if "--jsonl" in args:
            proc.stdout.readline()  # the first records are written: the workers are at work
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="finds the worker processes in /proc")
@pytest.mark.parametrize("args", [pytest.param(args, id=label) for label, args in BUSY] + [DASK_BUSY])
def test_ctrl_c_with_jobs_is_one_line(workdir: Path, env: dict[str, str], args: list[str]) -> None:
    """Ctrl-C sends SIGINT to every process of the group, and which of them acts on it
    first is chance: here the workers get it first. They print nothing (no traceback);
    the main process says it was interrupted and stops them."""
    with _busy_run(workdir, env, args) as proc:
        workers = _group(proc.pid)
        assert len(workers) >= 2, workers
        for pid in workers:
            os.kill(pid, signal.SIGINT)
        time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert (proc.returncode, err.decode()) == (130, "fixer: interrupted\n")


@pytest.mark.parametrize("attempt", range(6))
def test_sigterm_to_the_group_ends_the_run(workdir: Path, env: dict[str, str], attempt: int) -> None:
    """GNU ``timeout`` sends SIGTERM to the main process and then to its whole group. The
    second signal used to cut short the stopping of the workers, and a worker stopped
    while it sent its result left the pool waiting on the rest: runs hung in 12 of 30
    tries. It now ends within seconds, saying so in one line."""
    with _busy_run(workdir, env, BUSY[attempt % len(BUSY)][1]) as proc:
        os.kill(proc.pid, signal.SIGTERM)
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        assert (proc.returncode, err.decode()) == (143, "fixer: terminated\n")


# Closes run_batch's outcomes after its workers were stopped with jobs in flight, as
# the command line does when SIGTERM to the process group ends the run: prints the
# seconds that took and the temporary files left.
CLOSE_AFTER_WORKERS_STOPPED = """
import multiprocessing, os, signal, sys, time
from pathlib import Path
from fixer import Fixer, load_glossaries
from fixer.batch import Job, run_batch
folder = Path(sys.argv[1])
outcomes = run_batch(Fixer(load_glossaries()), [Job(str(p), destination=str(p) + ".out") for p in
                                               sorted(folder.glob("*.txt"))], workers=2)
next(outcomes)
for worker in multiprocessing.active_children():
    os.kill(worker.pid, signal.SIGTERM)
time.sleep(1)
start = time.monotonic()
outcomes.close()
print(round(time.monotonic() - start), len(list(folder.glob("*.fixer-tmp"))))
"""


def test_closing_a_batch_whose_workers_were_stopped_ends_it(workdir: Path, env: dict[str, str]) -> None:
    """A batch's outcomes closed before their end (the command line stopped by SIGTERM
    to its process group, whose workers took it too) stop the workers at once and
    leave no temporary file. The pool used to be joined instead and waited for ever
    on the jobs its stopped workers had taken."""
    for i in range(12):
        (workdir / f"doc{i}.txt").write_bytes(SPUN * 20)
    done = subprocess.run([sys.executable, "-c", CLOSE_AFTER_WORKERS_STOPPED, str(workdir)], env=env,
                          capture_output=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    seconds, temporary = map(int, done.stdout.split())
    # the pool gets TERMINATE_WAIT seconds to stop, then its workers KILL_WAIT after SIGTERM
    assert seconds <= TERMINATE_WAIT + KILL_WAIT + 3 and temporary == 0, done.stdout


# Stops a pool of two busy workers with _terminate while the pool's own terminate fails part
# way, as it does when a worker stopped while it sent its result left a message cut short
# in the pool's pipes (its worker handler told to end, then an error reading that
# message): prints the seconds that took and the workers still alive.
TERMINATE_THAT_FAILS = """
import multiprocessing, sys, time
from multiprocessing.pool import Pool, TERMINATE
from fixer import Fixer, load_glossaries
from fixer.workers import _new_pool, _terminate

def fails_part_way(cls, taskqueue, inqueue, outqueue, pool, change_notifier, worker_handler, *rest):
    worker_handler._state = TERMINATE
    change_notifier.put(None)
    raise EOFError

Pool._terminate_pool = classmethod(fails_part_way)
pool = _new_pool(Fixer(load_glossaries()), 2)
for _ in range(2):
    pool.apply_async(time.sleep, (60,))
time.sleep(1)
start = time.monotonic()
_terminate(pool, set())
print(round(time.monotonic() - start), sum(w.is_alive() for w in multiprocessing.active_children()))
"""


def test_workers_are_stopped_when_the_pools_own_stopping_fails(env: dict[str, str]) -> None:
    """The pool's own terminate failing part way is no reason to leave its workers be:
    they are stopped as when it hangs. They used to be left running, and one the pool's
    worker handler started meanwhile outlived the run, waiting for ever on the stopped
    pool's pipe and holding the run's standard output open."""
    done = subprocess.run([sys.executable, "-c", TERMINATE_THAT_FAILS], env=env, capture_output=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    seconds, alive = map(int, done.stdout.split())
    assert seconds <= TERMINATE_WAIT + KILL_WAIT + 1 and alive == 0, done.stdout


# Starts a worker process as a pool would, its pool stopping or not, and prints its exit
# code 5 seconds later (None: still running, waiting for work).
LATE_WORKER = """
import multiprocessing, sys, time
from fixer.workers import _Stopping, _init_worker

def start(stopping):
    _init_worker(None, stopping)
    time.sleep(60)

stopping = _Stopping()
stopping.now = sys.argv[1] == "stopping"
worker = multiprocessing.get_context("fork").Process(target=start, args=(stopping,), daemon=True)
worker.start()
worker.join(5)
print(worker.exitcode)
"""


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
@pytest.mark.parametrize(("pool", "exit_code"), [("stopping", "0"), ("running", "None")])
def test_a_worker_started_once_its_pool_is_stopping_ends_at_once(env: dict[str, str], pool: str,
                                                                 exit_code: str) -> None:
    done = subprocess.run([sys.executable, "-c", LATE_WORKER, pool], env=env, capture_output=True, timeout=60)
    assert (done.returncode, done.stderr, done.stdout.decode().strip()) == (0, b"", exit_code)


# A pool of one worker given a task message cut short, as a worker stopped while it read
# a task leaves it for the next: prints whether the pool saw its worker die.
TASK_CUT_SHORT = """
import time
from fixer import Fixer, load_glossaries
from fixer.workers import _died, _new_pool, _terminate
pool = _new_pool(Fixer(load_glossaries()), 1)
pool._inqueue._writer.send_bytes(b"\\x80\\x04\\x95")
deadline = time.monotonic() + 30
while not _died(pool) and time.monotonic() < deadline:
    time.sleep(0.05)
print(_died(pool))
_terminate(pool, set())
"""


def test_a_worker_that_reads_a_task_cut_short_ends_quietly(env: dict[str, str]) -> None:
    """A worker that cannot read its task (another, stopped by SIGTERM to the process
    group, read part of it) ends without a word, and the pool sees that it died. It used
    to print a traceback ("pickle data was truncated") before the run's last line."""
    done = subprocess.run([sys.executable, "-c", TASK_CUT_SHORT], env=env, capture_output=True, timeout=60)
    assert (done.returncode, done.stderr, done.stdout) == (0, b"", b"True\n")


@pytest.mark.parametrize(("signum", "stop"), [(signal.SIGTERM, Terminated), (getattr(signal, "SIGHUP", 0), HungUp)],
                         ids=["sigterm", "sighup"])
def test_a_stop_signal_while_stopping_is_ignored(signum: int, stop: type[BaseException]) -> None:
    """Once SIGTERM or SIGHUP has started stopping a run, a second one (GNU ``timeout``
    signals the process and then its group) is ignored: it used to raise again wherever
    the stopping had got to, and could cut short stopping the worker processes."""
    if not signum:
        pytest.skip("no SIGHUP here")
    # SIGHUP as a terminal leaves it, even where the tests run under nohup
    with signal_handlers({signal.SIGHUP: signal.SIG_DFL}), signal_handlers(_stop_handlers()):
        with pytest.raises(stop):
            os.kill(os.getpid(), signum)
            time.sleep(5)
        for again in (signal.SIGTERM, signal.SIGHUP):
            os.kill(os.getpid(), again)
            time.sleep(0.05)


# what a BUSY run says when a worker dies: a lone input whose parts the workers share is named
DIED = "a worker process died (killed by a signal, perhaps for want of memory)"
WORKER_DIED = {
    "jsonl": f"fixer: error: in.jsonl: {DIED}; the output stops before the part it held (try fewer --jobs)",
    "output-dir": f"fixer: error: {DIED}; the inputs not reported above were not done (try fewer --jobs)",
    "one-large-file": f"fixer: error: big.txt: {DIED}; nothing was written (try fewer --jobs)",
}


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="finds the worker processes in /proc")
@pytest.mark.parametrize(("args", "message"), [(c[1], WORKER_DIED[c[0]]) for c in BUSY], ids=[c[0] for c in BUSY])
def test_a_worker_that_dies_ends_the_run_with_an_error(workdir: Path, env: dict[str, str], args: list[str],
                                                       message: str) -> None:
    """A worker killed on its own (by the kernel for want of memory, say) lost the job it
    held, and the run waited for it for ever. It now ends within seconds, exit 2, with
    one line that says so; the outcomes before it are out."""
    with _busy_run(workdir, env, args) as proc:
        workers = _group(proc.pid)
        assert workers, "no worker process found"
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 2, err
        assert err.decode().splitlines()[0] == message, err
    if "-o" in args and "big.txt" in args:
        assert not (workdir / "out" / "big.txt").exists()


# (label, --jobs, signal, sent to the whole group, temporary files to wait for, exit code, stderr)
STOPS = [
    ("ctrl-c-group", "2", signal.SIGINT, True, 2, 130, b"fixer: interrupted\n"),
    ("ctrl-c-main", "2", signal.SIGINT, False, 2, 130, b"fixer: interrupted\n"),
    ("sigterm-jobs-1", "1", signal.SIGTERM, False, 1, 143, b"fixer: terminated\n"),
    ("sigterm-jobs-2", "2", signal.SIGTERM, False, 1, 143, b"fixer: terminated\n"),
    # a terminal that closes sends SIGHUP to the whole group: the process died by it, leaving them
    ("sighup-group", "2", signal.SIGHUP, True, 2, 129, b"fixer: hung up\n"),
    ("sighup-jobs-1", "1", signal.SIGHUP, False, 1, 129, b"fixer: hung up\n"),
]


def _hang_up_by_default() -> None:
    """In a child about to run: SIGHUP ends it (the default), whatever the parent set."""
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


@pytest.mark.parametrize(("jobs", "signum", "group", "writing", "code", "stderr"), [s[1:] for s in STOPS],
                         ids=[s[0] for s in STOPS])
def test_a_stopped_run_removes_temporary_files(workdir: Path, env: dict[str, str], jobs: str, signum: int,
                                               group: bool, writing: int, code: int, stderr: bytes) -> None:
    """Stopped while it writes large files in place (Ctrl-C to the whole group, SIGINT to
    the main process alone, which then stops its workers, SIGTERM from kill, timeout or
    a service manager, or SIGHUP from a terminal that closed), a run says so in one line, keeps the originals and leaves no
    temporary file (after SIGTERM they used to stay, partly written)."""
    big = SPUN * (17_000_000 // len(SPUN) + 1)  # over 16 MB: written as it is repaired
    paths = [workdir / "f1.txt", workdir / "f2.txt"]
    for path in paths:
        path.write_bytes(big)
    # SIGHUP as a terminal leaves it, even where the tests run under nohup (which a run
    # inherits, and then rightly goes on when hung up)
    proc = subprocess.Popen([sys.executable, "-m", "fixer", "fix", "-q", "-i", "-j", jobs, *map(str, paths)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_hang_up_by_default)
    try:
        deadline = time.monotonic() + 60
        while len(list(workdir.glob(f"*{TMP_SUFFIX}"))) < writing and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it was writing"
        (os.killpg if group else os.kill)(proc.pid, signum)
        assert proc.wait(timeout=60) == code
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.stderr is not None and proc.stderr.read() == stderr
    assert sorted(p.name for p in workdir.iterdir()) == ["f1.txt", "f2.txt"]
    assert all(path.read_bytes() == big for path in paths)


def test_sighup_under_nohup_is_still_ignored(workdir: Path, env: dict[str, str]) -> None:
    """A run started with SIGHUP ignored (``nohup``) goes on when the terminal closes,
    workers included: fixer handles SIGHUP only where it was not ignored."""
    big = SPUN * (17_000_000 // len(SPUN) + 1)
    path = workdir / "f1.txt"
    path.write_bytes(big)
    proc = subprocess.Popen([sys.executable, "-m", "fixer", "fix", "-q", "-i", "-j", "2", str(path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 60
        while not list(workdir.glob(f"*{TMP_SUFFIX}")) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it was writing"
        os.killpg(proc.pid, signal.SIGHUP)
        assert proc.wait(timeout=120) == 0
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.stderr is not None and proc.stderr.read() == b""
    assert path.read_bytes() != big and sorted(p.name for p in workdir.iterdir()) == ["f1.txt"]
