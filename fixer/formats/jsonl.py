"""JSON Lines: repair chosen string fields of each record, everything else untouched.

A record without repairs is written back byte for byte. A repaired record is written
back with its keys in order and its numbers exactly as they were written (``1e400``
stays ``1e400``, ``1.0`` stays ``1.0``); strings are written as they are, except
that a string the output encoding cannot hold (a repair bringing ``’`` into a Latin-1
file) or one with lone surrogate escapes (``"\\ud800"``) is written with ``\\u``
escapes: the same JSON value, in bytes the encoding can write.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..repair import Fixer


@dataclass(frozen=True)
class LineResult:
    """One input line after repair: the text to write, its repairs, and a problem if any."""

    line: str
    repairs: int = 0
    spun: bool = False
    error: str = ""


class _Number(str):
    """A JSON number kept as the text it was written with."""


def _dump(value: Any, encoding: str = "utf-8") -> str:
    """*value* (as parsed by :func:`parse_record`) back as JSON text that *encoding*
    can write: a string it cannot encode (or holding lone surrogates) is written
    with ``\\u`` escapes instead."""
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        try:
            text.encode(encoding)
        except UnicodeEncodeError:
            text = json.dumps(value)
        return text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_dump(k, encoding)}: {_dump(v, encoding)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v, encoding) for v in value) + "]"
    return json.dumps(value)


def _bad(number: int, why: str) -> InputError:
    return InputError(f"line {number}: {why}")


def parse_record(line: str, number: int, fields: Sequence[str]) -> dict[str, Any]:
    """The JSON object on *line*, checked to hold every field of *fields* as a string."""
    try:
        record = json.loads(line, parse_float=_Number, parse_int=_Number, parse_constant=_Number)
    except json.JSONDecodeError as exc:
        raise _bad(number, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise _bad(number, "not a JSON object")
    for name in fields:
        if name not in record:
            raise _bad(number, f"no field {name!r}")
        if not isinstance(record[name], str) or isinstance(record[name], _Number):
            raise _bad(number, f"field {name!r} is not a string")
    return record


def fix_line(line: str, number: int, fields: Sequence[str], fixer: Fixer, skip_bad: bool = False,
             encoding: str = "utf-8") -> LineResult:
    """Repair the *fields* of the record on *line*, each as its own document. Records
    without repairs and blank lines pass through byte for byte; a repaired record is
    written so that *encoding* can hold it. With *skip_bad*, a bad line passes through
    unchanged with its error; otherwise it raises InputError."""
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    bom = "\ufeff" if number == 1 and body.startswith("\ufeff") else ""
    body = body[len(bom):]
    if not body.strip():
        return LineResult(line)
    try:
        record = parse_record(body, number, fields)
    except InputError as exc:
        if skip_bad:
            return LineResult(line, error=str(exc))
        raise
    repairs = 0
    spun = False
    for name in fields:
        fixed, result = fixer.fix_and_scan(record[name])
        record[name] = fixed
        repairs += len(result.applied)
        spun = spun or result.is_spun
    if not repairs:
        return LineResult(line, 0, spun)
    return LineResult(bom + _dump(record, encoding) + ending, repairs, spun)


def fix_lines(lines: Iterable[str], fields: Sequence[str], fixer: Fixer, skip_bad: bool = False,
              first_number: int = 1, encoding: str = "utf-8") -> Iterator[LineResult]:
    """Repair a stream of JSON Lines record by record (constant memory)."""
    for number, line in enumerate(lines, first_number):
        yield fix_line(line, number, fields, fixer, skip_bad, encoding)
