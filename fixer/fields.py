"""Naming the string field of a record to repair: a top-level key, or a JSON Pointer.

A field name that starts with "/" is a JSON Pointer (RFC 6901) into the record:
"/article/body" names the "body" of the object under "article", and "/paragraphs/0" the
first item of the list under "paragraphs"; inside a key, "~1" stands for "/" and "~0"
for "~". Any other name is a top-level key, exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .repair import ScanResult, combined_spin_score

if TYPE_CHECKING:
    from .repair import Fixer

_BAD_TILDE = re.compile("~(?![01])")


def field_path(name: str) -> tuple[str, ...]:
    """The keys (and list indexes, as digits) that the field *name* names, from the
    top of the record (:class:`ValueError` for a JSON Pointer with a bare "~")."""
    if not name.startswith("/"):
        return (name,)
    tokens = name[1:].split("/")
    if any(_BAD_TILDE.search(token) for token in tokens):
        raise ValueError(f"field {name!r}: in a JSON Pointer, '~' must be followed by 0 or 1 "
                         "('~1' for '/', '~0' for '~')")
    return tuple(token.replace("~1", "/").replace("~0", "~") for token in tokens)


def list_index(token: str, size: int) -> int | None:
    """The index of a list of *size* items that the pointer token *token* names
    (digits, no leading zero), or None."""
    if token.isascii() and token.isdigit() and (token == "0" or token[0] != "0") and int(token) < size:
        return int(token)
    return None


def replace_string(value: Any, path: Sequence[str], fix: Callable[[str], str]) -> tuple[Any, bool]:
    """*value* with the string at *path* (see :func:`field_path`) replaced by
    ``fix(string)``, and whether there was a string there. Dicts and lists along the
    path are copied, never changed; a missing or non-string field leaves *value* as it is."""
    if not path:
        return (fix(value), True) if isinstance(value, str) else (value, False)
    token, rest = path[0], path[1:]
    if isinstance(value, dict):
        if token not in value:
            return value, False
        new, found = replace_string(value[token], rest, fix)
        if found:
            value = value.copy()
            value[token] = new
        return value, found
    if isinstance(value, list):
        i = list_index(token, len(value))
        if i is None:
            return value, False
        new, found = replace_string(value[i], rest, fix)
        if found:
            value = list(value)
            value[i] = new
        return value, found
    return value, False


class ScoredFix:
    """A *fix* for :func:`replace_string` that repairs each string with *fixer* as
    its own document and keeps the scans, for a spin score of the record."""

    def __init__(self, fixer: Fixer) -> None:
        self._fixer = fixer
        self._results: list[ScanResult] = []

    def __call__(self, text: str) -> str:
        fixed, result = self._fixer.fix_and_scan(text)
        self._results.append(result)
        return fixed

    def spin_score(self) -> float:
        """The spin score of the strings repaired so far, taken together (0.0 for none)."""
        return combined_spin_score(self._results)
