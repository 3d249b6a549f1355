"""Checking arguments of the public API: what a bad value is, and arguments that take
one item or a collection of them."""

from __future__ import annotations

import os
import reprlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def show(value: Any) -> str:
    """A short description of a bad *value* for an error message: its repr and its
    type, named with its module unless built in or fixer's own (``numpy.bool``, not a
    bare ``bool``)."""
    kind = type(value)
    module = kind.__module__
    name = kind.__qualname__ if module == "builtins" or module.split(".")[0] == "fixer" else f"{module}.{kind.__qualname__}"
    return f"{reprlib.repr(value)} ({name})"


def one_or_many(value: Any, kinds: type | tuple[type, ...], name: str, one: str, many: str,
                ordered: bool = False) -> list[Any]:
    """*value* as a list: one instance of *kinds* is a list of one; any other iterable
    (but bytes) is read once and must hold instances of *kinds* only. Otherwise a
    :class:`TypeError` naming the argument *name*, with *one* and *many* saying what
    the items are ("a field name (str)", "field names (str)"); with *ordered*, where
    the order of the items matters, a set is one too (its order changes from run to run)."""
    return list(each_of(value, kinds, name, one, many, ordered))


def each_of(value: Any, kinds: type | tuple[type, ...], name: str, one: str, many: str,
            ordered: bool = False) -> Iterator[Any]:
    """:func:`one_or_many` item by item, each checked as it comes (for long streams)."""
    if isinstance(value, kinds):
        yield value
        return
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be {one} or a collection of them, not {show(value)}")
    if ordered and isinstance(value, (set, frozenset)):
        raise TypeError(f"{name} must be {one} or a list or tuple of them (their order matters, and a set's "
                        f"changes from run to run), not {show(value)}")
    for item in value:
        if not isinstance(item, kinds):
            raise TypeError(f"{name} must hold {many} only, not {show(item)}")
        yield item


def an_int(value: Any, name: str) -> int:
    """*value*; a :class:`TypeError` naming the argument *name* unless it is an ``int``
    (a ``bool`` is none)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {show(value)}")
    return value


def a_path(value: Any, name: str) -> Path:
    """*value* as a :class:`~pathlib.Path`; a :class:`TypeError` naming the argument
    *name* unless it is a ``str`` or an :class:`os.PathLike` of one."""
    if isinstance(value, str) or (isinstance(value, os.PathLike) and isinstance(os.fspath(value), str)):
        return Path(value)
    raise TypeError(f"{name} must be a path (str or os.PathLike), not {show(value)}")


def check_fix_function(fix: Any) -> None:
    """Refuse a *fix* argument that is not a function from text to text, with a
    :class:`TypeError` that says what to pass."""
    if not callable(fix):
        hint = " (pass its .fix method)" if hasattr(fix, "fix") else ""
        raise TypeError(f"fix must be a function from str to str, such as fixer.fix or Fixer(...).fix, "
                        f"not {show(fix)}{hint}")
