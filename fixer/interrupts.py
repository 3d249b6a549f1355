"""Signal handlers and signal masks set for the length of a block."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import FrameType
from typing import Any

HANG_UP: int | None = getattr(signal, "SIGHUP", None)
"""SIGHUP (a terminal that closed), where there is one (not on Windows)."""


def ignore(signum: int, frame: FrameType | None) -> None:
    """Do nothing with a signal: a handler that ignores it, where ``SIG_IGN`` would make
    one that came before it was set (the pool's SIGTERM just after a SIGHUP) raise
    "Signal 15 ignored due to race condition" and print a traceback."""


def hang_up_to_handle() -> int | None:
    """SIGHUP, unless there is none or it is ignored (a run under ``nohup``, which must
    go on when the terminal closes): the signal to give a handler of its own, if any."""
    if HANG_UP is None or signal.getsignal(HANG_UP) is signal.SIG_IGN:
        return None
    return HANG_UP


@contextmanager
def signal_handlers(handlers: Mapping[int, Any]) -> Iterator[None]:
    """While in the block, each signal of *handlers* is handled as it says (a function
    or ``signal.SIG_IGN``); the handlers before are put back afterwards. Only the main
    thread can set a handler: elsewhere, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def signals_blocked(signums: Iterable[int]) -> Iterator[None]:
    """While in the block, the signals *signums* are held back from this thread, and
    the threads and processes it starts keep them held back (a signal sent to the
    process then goes to a thread that does not); afterwards this thread takes them
    again, and one that came meanwhile is acted on. Where signal masks are unknown
    (Windows), nothing changes."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signums)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def take_signals(signums: Iterable[int]) -> None:
    """Let this thread take the signals *signums* again, in a thread or process started
    inside :func:`signals_blocked`."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signums)
