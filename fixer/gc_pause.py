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
    collection or more each time; the work inside makes no reference cycles. On the
    way out, the objects still alive are moved to the oldest generation without
    being walked (``gc.freeze`` then ``gc.unfreeze``, which only splice lists):
    otherwise the first young collection after the block walks every object the
    block left behind (a loaded glossary, a long text's repairs), 10-40 ms for a
    million characters of spun text. Skipped while the application keeps objects
    frozen itself (``gc.freeze`` before forking workers).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():  # never thaw what the application froze itself
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
