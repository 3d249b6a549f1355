"""Counts in messages, in the singular where the count is one."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str = "") -> str:
    """*n* and *noun*: ``1 document``, ``2 documents`` (*plural*, when given, is the
    plural form: ``counted(2, "entry", "entries")``)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
