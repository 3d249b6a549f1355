"""Checking arguments of the public API: what a bad value is, and arguments that take
one item or a collection of them."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any


def show(value: Any) -> str:
    """A short description of a bad *value* for an error message."""
    return f"{reprlib.repr(value)} ({type(value).__name__})"


def one_or_many(value: Any, kinds: type | tuple[type, ...], name: str, one: str, many: str) -> list[Any]:
    """*value* as a list: one instance of *kinds* is a list of one; any other iterable
    (but bytes) is read once and must hold instances of *kinds* only. Otherwise a
    :class:`TypeError` naming the argument *name*, with *one* and *many* saying what
    the items are ("a field name (str)", "field names (str)")."""
    if isinstance(value, kinds):
        return [value]
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be {one} or a collection of them, not {show(value)}")
    items = list(value)
    for item in items:
        if not isinstance(item, kinds):
            raise TypeError(f"{name} must hold {many} only, not {show(item)}")
    return items
