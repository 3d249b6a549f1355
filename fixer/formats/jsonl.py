"""JSON Lines: repair chosen string fields of each record, everything else untouched.

A record without repairs is written back byte for byte. A repaired record is written
back with its keys in order and its numbers exactly as they were written (``1e400``
stays ``1e400``, ``1.0`` stays ``1.0``); strings are written as they are, except
that a string the output encoding cannot hold (a repair bringing ``’`` into a Latin-1
file) or one with lone surrogate escapes (``"\\ud800"``) is written with ``\\u``
escapes: the same JSON value, in bytes the encoding can write.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..arguments import one_or_many
from ..errors import InputError
from ..fields import field_path, list_index
from ..repair import Fixer


@dataclass(frozen=True)
class LineResult:
    """One input line after repair: the text to write, its repairs, a problem if any,
    and which of the fields asked for the record has."""

    line: str
    repairs: int = 0
    spun: bool = False
    error: str = ""
    found: frozenset[str] = frozenset()


_SURROGATE = re.compile("[\udc80-\udcff]")


class _Number(str):
    """A JSON number kept as the text it was written with."""


class _Object(list[tuple[str, Any]]):
    """A JSON object as its (key, value) pairs in order, repeated keys kept."""


def dumps_for(value: Any, encoding: str = "utf-8", errors: str = "strict") -> str:
    """``json.dumps(value)`` with non-ASCII characters written as they are, except
    those *encoding* (with *errors*) cannot write, which become ``\\u`` escapes."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode(encoding, errors)
    except UnicodeEncodeError:
        return "".join(ch if _writable(ch, encoding, errors) else json.dumps(ch)[1:-1] for ch in text)
    return text


def _writable(ch: str, encoding: str, errors: str) -> bool:
    try:
        ch.encode(encoding, errors)
    except UnicodeEncodeError:
        return False
    return True


def _dump(value: Any, encoding: str = "utf-8", errors: str = "strict") -> str:
    """*value* (as parsed by :func:`parse_record`) back as JSON text that *encoding*
    can write (see :func:`dumps_for`); with ``surrogateescape``, undecodable input
    bytes in a string are written back as they were."""
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, str):
        return dumps_for(value, encoding, errors)
    if isinstance(value, _Object):
        return "{" + ", ".join(f"{_dump(k, encoding, errors)}: {_dump(v, encoding, errors)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v, encoding, errors) for v in value) + "]"
    return json.dumps(value)


def field_names(fields: str | Iterable[str]) -> tuple[str, ...]:
    """The names of the fields to repair: one string is one name; a name that starts
    with "/" is a JSON Pointer to a nested field (see :mod:`fixer.fields`;
    :class:`ValueError` if it is malformed)."""
    names = tuple(one_or_many(fields, str, "fields", "a field name (str)", "field names (str)"))
    for name in names:
        field_path(name)
    return names


Place = tuple[list[Any], int]
"""Where a value sits in a parsed record: an object's pairs or a list, and its index."""


def _places(value: Any, path: Sequence[str]) -> list[Place]:
    """Where the values that *path* names sit under *value* (a key written twice: both)."""
    token, rest = path[0], path[1:]
    found: list[Place] = []
    if isinstance(value, _Object):
        for i, (key, item) in enumerate(value):
            if key == token:
                found += _places(item, rest) if rest else [(value, i)]
    elif isinstance(value, list):
        index = list_index(token, len(value))
        if index is not None:
            found += _places(value[index], rest) if rest else [(value, index)]
    return found


def _value_at(place: Place) -> Any:
    container, i = place
    return container[i][1] if isinstance(container, _Object) else container[i]


def _bad(number: int, why: str) -> InputError:
    return InputError(f"line {number}: {why}")


def parse_record(line: str, number: int, fields: Sequence[str]
                 ) -> tuple[list[tuple[str, Any]], list[Place], frozenset[str]]:
    """The JSON object on *line* as its (key, value) pairs in order (a key written
    twice is kept twice); where the strings that *fields* name sit in it; and the names
    of *fields* it has. A field the record lacks, or that holds null, is left alone; one
    that holds another value than a string (a number, list or object) is an error."""
    try:
        record = json.loads(line, parse_float=_Number, parse_int=_Number, parse_constant=_Number,
                            object_pairs_hook=_Object)
    except json.JSONDecodeError as exc:
        raise _bad(number, f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})") from None
    except RecursionError:
        raise _bad(number, "JSON nested too deeply") from None
    if not isinstance(record, _Object):
        raise _bad(number, "not a JSON object")
    places: dict[tuple[int, int], Place] = {}  # a string named by two fields is repaired once
    names = set()
    for name in fields:
        found = [place for place in _places(record, field_path(name)) if _value_at(place) is not None]
        if not all(isinstance(v, str) and not isinstance(v, _Number) for v in map(_value_at, found)):
            raise _bad(number, f"field {name!r} is not a string")
        if found:
            names.add(name)
        places.update(((id(container), i), (container, i)) for container, i in found)
    return record, list(places.values()), frozenset(names)


def fix_line(line: str, number: int, fields: str | Sequence[str], fixer: Fixer, skip_bad: bool = False,
             encoding: str = "utf-8", errors: str = "strict") -> LineResult:
    """Repair the *fields* of the record on *line*, each as its own document (a field
    written twice: both; one the record lacks, or null: left alone). Records without
    repairs and blank lines pass through byte
    for byte; a repaired record is written so that *encoding* (with *errors*) can
    hold it. With *skip_bad*, a bad line passes through unchanged with its error;
    otherwise it raises InputError."""
    fields = field_names(fields)
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    bom = "\ufeff" if number == 1 and body.startswith("\ufeff") else ""
    body = body[len(bom):]
    if not body.strip():
        return LineResult(line)
    try:
        record, places, found = parse_record(body, number, fields)
    except InputError as exc:
        if skip_bad:
            return LineResult(line, error=str(exc))
        raise
    repairs = 0
    spun = False
    for container, i in places:
        fixed, result = fixer.fix_and_scan(_value_at((container, i)))
        container[i] = (container[i][0], fixed) if isinstance(container, _Object) else fixed
        repairs += len(result.applied)
        spun = spun or result.is_spun
    if not repairs:
        return LineResult(line, 0, spun, found=found)
    # undecodable input bytes (surrogate escapes in the line itself) go back as bytes;
    # lone surrogates that the JSON wrote as \\u escapes stay escapes
    raw = errors if errors == "surrogateescape" and _SURROGATE.search(body) else "strict"
    try:
        return LineResult(bom + _dump(record, encoding, raw) + ending, repairs, spun, found=found)
    except RecursionError:
        if skip_bad:
            return LineResult(line, error=f"line {number}: JSON nested too deeply to write back")
        raise _bad(number, "JSON nested too deeply to write back") from None


def fix_lines(lines: str | Iterable[str], fields: str | Sequence[str], fixer: Fixer, skip_bad: bool = False,
              first_number: int = 1, encoding: str = "utf-8", errors: str = "strict") -> Iterator[LineResult]:
    """Repair a stream of JSON Lines record by record (constant memory); *fields*
    names the string fields to repair (one string: one field). *lines*: an iterable
    of lines (an open text file), or one ``str`` holding them all."""
    fields = field_names(fields)
    if isinstance(lines, str):
        lines = io.StringIO(lines, newline="\n")  # lines end at "\n" only, as in a file read by the CLI
    for number, line in enumerate(lines, first_number):
        yield fix_line(line, number, fields, fixer, skip_bad, encoding, errors)
