"""Pausing Python's cyclic garbage collector around work that makes many objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(promote: bool = False) -> Iterator[None]:
    """Hold off cyclic garbage collection inside the block (reference counting still
    frees everything it can); the collector's earlier state is restored after it.

    The work inside makes no reference cycles, but keeps many objects alive at once
    (the candidates and repairs of a long text): collections would walk them again and
    again, and each collection of the oldest generation walks every live object (a
    loaded glossary). On spun texts of 30,000 to 100,000 characters that took 25-45%
    of the time.

    With *promote*, for a block that builds a lasting structure (an unpickled
    glossary), the objects still alive on the way out are moved to the oldest
    generation without being walked (``gc.freeze`` then ``gc.unfreeze``, which only
    splice lists): otherwise the first young collections after the block walk them
    all. Skipped while the application keeps objects frozen itself (``gc.freeze``
    before forking workers), so as never to thaw them.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if promote and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if collecting:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Keep every object alive on entry out of cyclic garbage collection inside the
    block (``gc.freeze``), thawed on the way out unless the application froze objects
    itself. Processes forked inside keep them frozen, so their collections never
    write to the pages of the objects they share with the parent (a compiled
    glossary) and copy-on-write keeps those pages shared.
    """
    thaw = not gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if thaw:
            gc.unfreeze()
