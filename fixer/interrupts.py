"""Signal handlers set for the length of a block."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any


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
