"""Pausing Python's cyclic garbage collector around work that makes many objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Hold off cyclic garbage collection inside the block (reference counting still
    frees everything it can); the collector's earlier state is restored after it.

    Every collection of the oldest generation walks every live object, so making
    hundreds of thousands of objects while a large glossary is alive costs a
    collection or more each time; the work inside makes no reference cycles.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
