"""Naming the string field of a record to repair: a top-level key, or a JSON Pointer.

A field name that starts with "/" is a JSON Pointer (RFC 6901) into the record:
"/article/body" names the "body" of the object under "article", and "/paragraphs/0" the
first item of the list under "paragraphs"; inside a key, "~1" stands for "/" and "~0"
for "~". Any other name is a top-level key, exactly as written.

A field holds a string, or a list of strings (the paragraphs of one text, as a scraper's
``getall()`` gives them): those are repaired as one document, see :func:`fix_parts`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .api import apply_repairs
from .arguments import show
from .results import Repair, ScanResult, combined_spin_score

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


def distinct_fields(names: Iterable[str]) -> tuple[str, ...]:
    """*names* without those that name the same field as an earlier one ("/text" after
    "text"), so that no field is repaired twice."""
    first: dict[tuple[str, ...], str] = {}
    for name in names:
        first.setdefault(field_path(name), name)
    return tuple(first.values())


def check_score_field(score_field: Any, fields: Sequence[Any], what: str = "field",
                      name: str = "spin_score_field") -> None:
    """A :class:`ValueError` if the spin score *score_field* (None: none) would be stored
    in one of the *fields* to repair, replacing its repaired text: for fields of records,
    named as by :func:`field_path` (a JSON Pointer: the top-level field it starts at); for
    *what* = "column", dataframe columns, named by their labels. A record's score field
    (the argument or setting *name*) is a top-level name: another type is a
    :class:`TypeError`, and a name that starts with "/", taken for a JSON Pointer, a
    :class:`ValueError`."""
    if score_field is None:
        return
    if what == "field" and not isinstance(score_field, str):
        raise TypeError(f"{name} must be a field name (str), not {show(score_field)}")
    if what == "field" and score_field.startswith("/"):
        raise ValueError(f"{name} {score_field!r} starts with '/': the spin score goes into a top-level "
                         "field, named without it (a JSON Pointer is not followed there)")
    taken = set(fields) if what == "column" else {field_path(f)[0] for f in fields}
    if score_field in taken:
        raise ValueError(f"spin score {what} {score_field!r} is also a {what} to repair "
                         f"(the score would replace its text); name another {what} for the score")


def list_index(token: str, size: int) -> int | None:
    """The index of a list of *size* items that the pointer token *token* names
    (digits, no leading zero), or None."""
    if token.isascii() and token.isdigit() and (token == "0" or token[0] != "0") and int(token) < size:
        return int(token)
    return None


def is_parts(value: Any) -> bool:
    """Whether *value* is a list of strings that a field may hold (see :func:`fix_parts`)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


PART_BREAK = "\n\n"
"""What the parts of a list field are joined by to be judged as one document: a
paragraph break, which no phrase spans."""


def fix_parts(fixer: Fixer, parts: Sequence[str]) -> tuple[list[str], list[tuple[Repair, ...]], ScanResult]:
    """Repair *parts*, the paragraphs of one text, as one document (its spin gate
    judges them together): the repaired parts, the repairs in each (applied and
    report-only, offsets in the part), and the scan of the parts joined by
    :data:`PART_BREAK` (offsets in that joined text)."""
    result = fixer.scan(PART_BREAK.join(parts))
    starts = list(itertools.accumulate((len(p) + len(PART_BREAK) for p in parts[:-1]), initial=0))
    found: list[list[Repair]] = [[] for _ in parts]
    for r in result.repairs:
        i = bisect.bisect_right(starts, r.start) - 1
        if r.end <= starts[i] + len(parts[i]):  # always, as no phrase spans a paragraph break
            found[i].append(r._replace(start=r.start - starts[i], end=r.end - starts[i]))
    fixed = [apply_repairs(part, [r for r in rs if r.auto]) for part, rs in zip(parts, found)]
    return fixed, [tuple(rs) for rs in found], result


class ScoredFix:
    """Repairs the strings of a record, each string field as its own document and each
    list field (see :func:`fix_parts`) as one, and keeps the scans, for a spin score of
    the record."""

    def __init__(self, fixer: Fixer) -> None:
        self._fixer = fixer
        self._results: list[ScanResult] = []

    def __call__(self, value: str | list[str]) -> str | list[str]:
        """*value*, a string or a list of strings, repaired."""
        if isinstance(value, str):
            fixed, result = self._fixer.fix_and_scan(value)
            self._results.append(result)
            return fixed
        parts, _, result = fix_parts(self._fixer, value)
        self._results.append(result)
        return parts

    def spin_score(self) -> float:
        """The spin score of the fields repaired so far, taken together (0.0 for none)."""
        return combined_spin_score(self._results)


def replace_string(value: Any, path: Sequence[str], fix: Callable[[Any], Any],
                   taken: set[tuple[Any, ...]] | None = None, at: tuple[Any, ...] = ()) -> tuple[Any, bool]:
    """*value* with the string, or list of strings, at *path* (see :func:`field_path`)
    replaced by ``fix(it)``, and whether there was one there. Dicts and lists along the
    path are copied, never changed; a missing field, or one that holds another value,
    leaves *value* as it is. With *taken*, the places (keys and list indexes from the
    top, *at* being where *value* sits) of the strings repaired before, which are left
    alone (a list's other strings are repaired as one document): a string is repaired
    once, with the first field naming it, as in JSON Lines; the places repaired are
    added to *taken*."""
    if not path:
        if isinstance(value, str):
            if taken is not None:
                if at in taken:
                    return value, True
                taken.add(at)
            return fix(value), True
        if not is_parts(value):
            return value, False
        rest = [i for i in range(len(value)) if taken is None or at + (i,) not in taken]
        if taken is not None:
            taken.update(at + (i,) for i in rest)
        if len(rest) == len(value):
            return fix(value), True
        new_parts = list(value)
        for k, part in zip(rest, fix([value[k] for k in rest]) if rest else ()):
            new_parts[k] = part
        return new_parts, True
    token, rest_path = path[0], path[1:]
    if isinstance(value, dict):
        if token not in value:
            return value, False
        new, found = replace_string(value[token], rest_path, fix, taken, at + (token,))
        if found:
            value = value.copy()
            value[token] = new
        return value, found
    if isinstance(value, list):
        i = list_index(token, len(value))
        if i is None:
            return value, False
        new, found = replace_string(value[i], rest_path, fix, taken, at + (i,))
        if found:
            value = list(value)
            value[i] = new
        return value, found
    return value, False
