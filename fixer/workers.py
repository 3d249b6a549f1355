"""Worker processes that hold a Fixer: a pool of them started and stopped safely
(Ctrl-C, SIGTERM and SIGHUP to the whole process group, a worker that dies), and tasks
started on it whose results are waited for without missing a signal."""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any, TypeVar, cast

from .arguments import an_int
from .errors import FixerError
from .gc_pause import frozen
from .interrupts import HANG_UP, hang_up_to_handle, ignore, signal_handlers, signals_blocked, take_signals
from .plural import counted
from .repair import Fixer

TERMINATE_WAIT = 2.0
"""Seconds an interrupted run waits for its worker pool to stop (it takes milliseconds)."""
KILL_WAIT = 1.0
"""Seconds a worker that outlived its pool's stopping gets after SIGTERM before it is killed."""
WAIT_SLICE = 0.2
"""Seconds the main process waits for a worker's result before it looks for signals again."""
CLOSE_SLICE = 0.01
"""Seconds between two looks for the end of a closed pool's workers."""
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM) + ((HANG_UP,) if HANG_UP is not None else ())
"""The signals that stop a run: Ctrl-C, SIGTERM from kill, timeout or a service manager,
and SIGHUP from a terminal that closed."""

T = TypeVar("T")
R = TypeVar("R")


def most_workers() -> int:
    """The most worker processes fixer starts: twice the cores. No more can be busy at
    once, and each holds a compiled glossary (``--jobs 64`` on a pipe started 64)."""
    return 2 * (os.cpu_count() or 1)


def worker_count(jobs: int) -> int:
    """The number of worker processes for ``--jobs N``: 0 means one per core, and no
    more than :func:`most_workers`."""
    return os.cpu_count() or 1 if jobs == 0 else max(1, min(jobs, most_workers()))


def usable_workers(workers: Any) -> int:
    """The number of worker processes for *workers* (as ``--jobs`` counts them, see
    :func:`worker_count`), checked; 1 in a daemonic process (a worker of a
    multiprocessing pool, of Dask or of this module), which may start none: everything
    then runs in it."""
    if an_int(workers, "workers") < 0:
        raise ValueError(f"workers must be 0 (one per core) or more, not {workers}")
    return 1 if multiprocessing.current_process().daemon else worker_count(workers)


_worker_fixer: Fixer | None = None


class _Stopping:
    """Whether a pool is being stopped. Its worker handler thread may start a worker in
    place of a stopped one until it notices; one started after this is set ends at once,
    as it might otherwise wait for ever on a pipe of the stopped pool, unseen by the
    process that started it, which may be exiting already."""

    def __init__(self) -> None:
        self.now = False


def _init_worker(fixer: Fixer, stopping: _Stopping) -> None:
    """Make this worker process hold *fixer* and leave Ctrl-C to the main process, which
    stops the pool, so that an interrupt prints one line, as without workers; end it at
    once if its pool is *stopping* (it has done nothing yet: there is nothing to clean up)."""
    if stopping.now:
        os._exit(0)
    global _worker_fixer
    _worker_fixer = fixer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    hang_up = hang_up_to_handle()
    if hang_up is not None:
        signal.signal(hang_up, _stop_worker)
    take_signals(STOP_SIGNALS)


def _stop_worker(signum: int, frame: FrameType | None) -> None:
    """End this worker when the main process stops the pool (with SIGTERM), by an
    exception, so that a file being written removes its temporary file on the way out
    (which a second SIGTERM, as the pool's own after one to the process group, must not
    cut short)."""
    signal.signal(signal.SIGTERM, ignore)
    if HANG_UP is not None:
        signal.signal(HANG_UP, ignore)
    raise SystemExit(128 + signum)


def _in_worker(func: Callable[[Fixer, T], R], arg: T) -> R:
    """``func(fixer, arg)`` with the Fixer this worker process holds."""
    assert _worker_fixer is not None
    return func(_worker_fixer, arg)


@contextmanager
def worker_pool(fixer: Fixer, workers: int, abandon: bool = False) -> Iterator[Any]:
    """Worker processes holding *fixer*: forked where the platform allows, so the
    compiled glossary is shared copy-on-write instead of pickled to each worker (and
    frozen out of the workers' garbage collections, which would otherwise copy it).

    On the way out the pool is closed and joined, so the tasks still in flight (a few
    batches at most) run to their end; the pool is terminated on an interrupt (also one
    that comes while joining) and when the block is left by closing the generator around
    it (its results are no longer wanted, and a task lost with a worker stopped by a
    signal to the process group would keep the join waiting for ever); with *abandon*,
    also when the block is left by any other exception (the tasks in flight are then of
    no use). Terminating it while its task thread was writing a large batch into a
    worker's pipe could hang for ever.
    """
    others = set(multiprocessing.active_children())
    pool: Any = None
    interrupted = False
    try:
        try:
            # the pool's threads, and the workers they start in place of stopped ones,
            # never take Ctrl-C or SIGTERM: the main thread does (each worker takes them
            # again once it is ready to act on them)
            with signals_blocked(STOP_SIGNALS):
                pool = _new_pool(fixer, workers)
            yield pool
        except BaseException as exc:
            interrupted = abandon or isinstance(exc, _STOPPING)
            raise
        finally:
            if not interrupted and pool is not None:
                _close(pool, others)
    except BaseException as exc:
        if pool is not None and (interrupted or isinstance(exc, _STOPPING)):  # or stopped while joining
            # a second signal (GNU timeout sends SIGTERM to the process and again to its
            # group) must not cut short stopping the pool, which would then wait for ever
            with signal_handlers(dict.fromkeys(STOP_SIGNALS, ignore)):
                _terminate(pool, others)
        raise


class _Pool(multiprocessing.pool.Pool):
    """A process pool whose workers end quietly when the pool's own code fails in them
    (see :func:`_quiet_worker`)."""

    fixer_stopping: _Stopping
    """Set when the pool is being stopped."""
    fixer_workers: frozenset[int]
    """The process ids of its first workers: one it starts later stands for one that died."""

    @staticmethod
    def Process(ctx: Any, *args: Any, **kwds: Any) -> Any:  # the name Pool starts its workers with
        target = kwds.get("target")
        if target is not None:
            kwds["target"], kwds["args"] = _quiet_worker, (target, *kwds.get("args", ()))
        return ctx.Process(*args, **kwds)


def _quiet_worker(loop: Callable[..., None], *args: Any) -> None:
    """Run a pool's worker *loop* with *args*; where the pool's own code fails in it
    (reading a task cut short by a worker stopped while it read it, when SIGTERM reaches
    the process group), end this process with status 1 instead of printing a traceback:
    the main process is stopping, or reports a worker that died. The tasks' own errors
    are sent back to the main process as always."""
    try:
        loop(*args)
    except Exception:
        raise SystemExit(1) from None


def _new_pool(fixer: Fixer, workers: int) -> Any:
    """A pool of *workers* processes holding *fixer*, forked where the platform allows."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with frozen():
        try:
            stopping = _Stopping()
            pool = _Pool(workers, initializer=_init_worker, initargs=(fixer, stopping), context=context)
        except OSError as exc:  # no more processes allowed (a container's limit): EAGAIN
            raise FixerError(f"cannot start {counted(workers, 'worker process', 'worker processes')}: "
                             f"{exc.strerror or exc} (try fewer --jobs)") from None
    pool.fixer_stopping = stopping
    pool.fixer_workers = _worker_ids(pool)
    return pool


def started(pool: Any, func: Callable[[Fixer, T], R], arg: T, lost: Callable[[], WorkerDied]) -> Callable[[], R]:
    """Start ``func(fixer, arg)`` on a worker of *pool*, with the Fixer the worker holds;
    return a function that waits for its result a little at a time: a signal taken by
    another thread (one of the caller's; the pool's hold signals back) is acted on only
    when the main thread wakes, which the result of a task lost with a stopped worker
    would never make it do. A lost task raises the error *lost* makes."""
    pending = pool.apply_async(_in_worker, (func, arg))

    def result() -> R:
        while not pending.ready():
            pending.wait(WAIT_SLICE)
            if not pending.ready() and _died(pool):
                raise lost()
        return cast(R, pending.get())

    return result


class WorkerDied(FixerError):
    """A worker process of a batch ended without finishing its work: the pool started
    another in its place, and the task it held will never be done."""


_STOPPING = (KeyboardInterrupt, SystemExit, GeneratorExit, WorkerDied)
"""What stops a pool at once: an interrupt, its results no longer wanted, a worker lost."""


def _worker_ids(pool: Any) -> frozenset[int]:
    """The process ids of *pool*'s workers (a new one stands for one that died)."""
    return frozenset(worker.pid for worker in list(pool._pool))


def _died(pool: Any) -> bool:
    """Whether a worker of *pool* ended without being asked to: the pool started another
    in its place, or it is still listed with the status of a process stopped by a signal."""
    return bool(_worker_ids(pool) - pool.fixer_workers) or any(w.exitcode not in (None, 0) for w in list(pool._pool))


def _close(pool: Any, others: set[multiprocessing.process.BaseProcess]) -> None:
    """Close *pool* and wait for its workers to end, or terminate it when one of them
    died: one killed while it held the pool's queue keeps the others from ever reading
    that they are to stop."""
    pool.close()
    while any(worker.is_alive() for worker in list(pool._pool)):
        if _died(pool):
            _terminate(pool, others)
            return
        time.sleep(CLOSE_SLICE)
    pool.join()


def _terminate(pool: Any, others: set[multiprocessing.process.BaseProcess]) -> None:
    """Stop *pool*'s workers, waiting at most :data:`TERMINATE_WAIT` seconds for its
    threads. A worker stopped by a signal while it read its work or wrote its result
    leaves a message cut short in the pool's pipes, which the pool then cannot read (an
    error part way through stopping, or a wait for ever); the run is ending, so neither
    is reported, and the pool's threads do not keep the process from exiting. Workers
    still alive then (one the pool started in place of a stopped one, before it could
    take the signal) are sent SIGTERM, so that one writing a file removes its temporary
    file, and killed if they outlive :data:`KILL_WAIT` seconds, or the exit would wait
    for them: the child processes but *others*, those the program had before the pool.
    They are looked for once the pool's worker handler has ended (within the same wait),
    and those it starts later end by themselves (see :class:`_Stopping`)."""
    stopped = threading.Event()  # the pool's own terminate ran to its end

    def stop() -> None:
        with suppress(Exception):
            pool.terminate()
            stopped.set()

    pool.fixer_stopping.now = True
    waited_until = time.monotonic() + TERMINATE_WAIT
    stopper = threading.Thread(target=stop, name="fixer-terminate", daemon=True)
    stopper.start()
    stopper.join(TERMINATE_WAIT)
    if not stopped.is_set():
        pool._worker_handler.join(max(0.0, waited_until - time.monotonic()))
        leftover = [worker for worker in multiprocessing.active_children() if worker not in others]
        for worker in leftover:
            worker.terminate()
        deadline = time.monotonic() + KILL_WAIT
        while any(worker.is_alive() for worker in leftover) and time.monotonic() < deadline:
            time.sleep(0.05)
        for worker in leftover:
            if worker.is_alive():
                worker.kill()


