"""JSON Lines: repair chosen string fields of each record, everything else untouched.

A record without repairs is written back byte for byte, and so is every byte of a
repaired record but the repaired phrases: keys, spacing, numbers, escapes (``\\/``,
``\\u00e9``) and the rest of each repaired string stay as written. A replacement is
written as JSON writes it, with ``\\u`` escapes for what the output encoding cannot
hold (a repair bringing ``’`` into a Latin-1 file).
"""

from __future__ import annotations

import bisect
import codecs
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..arguments import an_int, each_of, one_or_many
from ..errors import InputError
from ..fields import field_path, fix_parts, list_index
from ..repair import Fixer, check_fixer
from ..results import Repair, ScanResult


@dataclass(frozen=True)
class FieldScan:
    """The scan of one field of a record, judged as one document: the field's name,
    its strings (one, or each string of a list) as ``(label, text, repairs)`` with the
    label ``name`` or ``name[i]`` and offsets in that string, and the scan of the whole
    field (for a list, of its strings joined: see :func:`fixer.fields.fix_parts`), and
    whether the field is a list, and then each string's index in it (a string that an
    earlier field named is not one of them)."""

    name: str
    strings: tuple[tuple[str, str, tuple[Repair, ...]], ...]
    result: ScanResult
    listed: bool = False
    indexes: tuple[int, ...] = ()


@dataclass(frozen=True)
class LineResult:
    """One input line after repair: the text to write, its repairs, a problem if any,
    which of the fields asked for the record has, and (when asked to explain) the scan
    of each field it has (see :class:`FieldScan`)."""

    line: str
    repairs: int = 0
    spun: bool = False
    error: str = ""
    found: frozenset[str] = frozenset()
    fields: tuple[FieldScan, ...] = ()

    @property
    def scans(self) -> tuple[tuple[str, str, ScanResult], ...]:
        """Each string with repairs (applied or report-only) as its label, text and
        scan (with the repairs in that string)."""
        return tuple((label, text, replace(field.result, repairs=found))
                     for field in self.fields for label, text, found in field.strings if found)


@dataclass(frozen=True)
class RecordScan:
    """What :func:`scan_records` found on one line: its number, the scan of each field
    asked for that the record has, and why the line is bad (``""``: it is not)."""

    number: int
    fields: tuple[FieldScan, ...] = ()
    error: str = ""


class _Number(str):
    """A JSON number kept as the text it was written with."""


class _Object(list[tuple[str, Any]]):
    """A JSON object as its (key, value) pairs in order, repeated keys kept."""


def dumps_for(value: Any, encoding: str = "utf-8", errors: str = "strict", indent: int | None = None) -> str:
    """``json.dumps(value, indent=indent)`` with non-ASCII characters written as they
    are, except those *encoding* (with *errors*) cannot write, which become ``\\u``
    escapes (a surrogate of a file name that is not UTF-8, in UTF-8)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
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


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
"""A JSON string as written, quotes included."""
_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.", re.DOTALL)
"""An escape in a JSON string: one character of its value (a surrogate pair is one)."""


def _strings(value: Any) -> Iterator[tuple[int, int] | None]:
    """For each string of the parsed *value*, keys too, in the order they are written:
    where it sits (``(id(container), index)``) if it is a value, None for a key. A loop,
    not a recursion, so that it goes as deep as the record does."""
    stack = [_members(value)]
    while stack:
        for container, i, item, keyed in stack[-1]:
            if keyed:
                yield None
            if isinstance(item, str) and not isinstance(item, _Number):
                yield id(container), i
            elif isinstance(item, list):  # an object or an array: its strings come next
                stack.append(_members(item))
                break
        else:
            stack.pop()


def _members(value: list[Any]) -> Iterator[tuple[list[Any], int, Any, bool]]:
    """Each (container, index, value, written after a key) of an object or array."""
    if isinstance(value, _Object):
        return ((value, i, item, True) for i, (_, item) in enumerate(value))
    return ((value, i, item, False) for i, item in enumerate(value))


def _spliced(written: str, repairs: Sequence[Repair], encoding: str) -> str:
    """The JSON string *written* (quotes included) with *repairs* (offsets in its
    value) made, and every character outside them as it was written (escapes too)."""
    # where the value's characters start in *written*: a run of plain characters maps
    # one to one, an escape is one character of the value
    value_starts, written_starts = [0], [1]
    at = 0
    for m in _ESCAPE.finditer(written, 1, len(written) - 1):
        at += m.start() - written_starts[-1]
        value_starts += [at, at + 1]
        written_starts += [m.start(), m.end()]
        at += 1

    def written_at(pos: int) -> int:
        k = bisect.bisect_right(value_starts, pos) - 1
        return written_starts[k] + pos - value_starts[k]

    out, last = [], 0
    for r in repairs:
        start, end = written_at(r.start), written_at(r.end)
        out += [written[last:start], _with_escapes_of(written[start:end], _escaped(r.replacement, encoding))]
        last = end
    out.append(written[last:])
    return "".join(out)


def _with_escapes_of(phrase: str, replacement: str) -> str:
    """The written *replacement* with each character that the written *phrase* it
    replaces wrote as a ``\\u`` escape (a no-break or zero-width space kept by the
    repair) written with the same escape; not an ASCII letter or digit, which is no
    typographic choice to carry over into the other words of the replacement."""
    if "\\u" not in phrase:
        return replacement
    for m in _ESCAPE.finditer(phrase):
        escape = m.group()
        char = json.loads(f'"{escape}"')
        if (escape.startswith("\\u") and json.dumps(char, ensure_ascii=False)[1:-1] == char  # not '"', '\\', "\\n"
                and not (char.isascii() and char.isalnum())):
            replacement = replacement.replace(char, escape)
    return replacement


@functools.lru_cache(maxsize=4096)
def _escaped(text: str, encoding: str) -> str:
    """*text* as written inside a JSON string in *encoding* (see :func:`dumps_for`)."""
    return dumps_for(text, encoding)[1:-1]


def field_names(fields: str | Iterable[str], argument: str = "fields") -> tuple[str, ...]:
    """The names of the fields to repair: one string is one name; a name that starts
    with "/" is a JSON Pointer to a nested field (see :mod:`fixer.fields`;
    :class:`ValueError` if it is malformed, or if there is none: nothing would be
    repaired). *argument* names them in errors."""
    names = tuple(one_or_many(fields, str, argument, "a field name (str)", "field names (str)", ordered=True))
    if not names:
        raise ValueError(f"{argument} names no field to repair: name at least one (the default is text)")
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


JSON_BLANKS = " \t\r\n"
"""The whitespace of JSON (str.strip() would also take a form feed, a no-break space,
U+3000 or U+001F, which make a line that is not JSON)."""


def is_blank(line: str, number: int) -> bool:
    """Whether *line*, line *number* of its input, holds no record: JSON whitespace
    only, after the byte order mark of a first line."""
    if number == 1:
        line = line.removeprefix("\ufeff")
    return not line.strip(JSON_BLANKS)


def _bad(number: int, why: str) -> InputError:
    return InputError(f"line {number}: {why}")


class _NotText(InputError):
    """A field of a record that holds neither a string nor a list of strings."""

    def __init__(self, number: int, name: str) -> None:
        super().__init__(f"line {number}: field {name!r} is not a string or a list of strings")
        self.field = name


MAX_NESTING = 400
"""How many levels of objects and arrays a record may nest (the record's object is one):
a fixed number, not whatever the stack of the process happens to allow."""
_BRACKET = re.compile(r"[\[\]{}]")


def _nesting(line: str) -> int:
    """How deeply the JSON on *line* nests (brackets in strings left out); counted
    only for a line with more opening brackets than :data:`MAX_NESTING`."""
    if line.count("[") + line.count("{") <= MAX_NESTING:
        return 0
    depth = deepest = 0
    for m in _BRACKET.finditer(_STRING.sub("", line)):
        depth += 1 if m.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_record(line: str, number: int, fields: Sequence[str]
                 ) -> tuple[list[tuple[str, Any]], list[tuple[tuple[Place, ...], str, bool]], frozenset[str]]:
    """The JSON object on *line* as its (key, value) pairs in order (a key written
    twice is kept twice); where the strings that *fields* name sit in it, each field's
    as one document: the places of its strings (one, or those of a list of strings),
    the first of *fields* naming it, and whether it is a list (of the strings that an
    earlier field did not name); and the names of *fields* it has (null there too). A field the record
    lacks, or that holds null, is left alone; one that holds another value than a
    string or a list of strings (a number, an object) is an error."""
    if _nesting(line) > MAX_NESTING:
        raise _bad(number, f"JSON nested too deeply (over {MAX_NESTING} levels)")
    try:
        record = json.loads(line, parse_float=_Number, parse_int=_Number, parse_constant=_Number,
                            object_pairs_hook=_Object)
    except json.JSONDecodeError as exc:
        raise _bad(number, f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})") from None
    except RecursionError:  # only from a caller already deep in its stack
        raise _bad(number, f"JSON nested too deeply (over {MAX_NESTING} levels)") from None
    if not isinstance(record, _Object):
        raise _bad(number, "not a JSON object")
    documents: list[tuple[tuple[Place, ...], str, bool]] = []
    taken: set[tuple[int, int]] = set()  # a string named by two fields is repaired once
    names = set()
    for name in fields:
        places = _places(record, field_path(name))
        if places:  # null there too: the name is no misspelt one
            names.add(name)
        for place in (p for p in places if _value_at(p) is not None):
            value = _value_at(place)
            if _is_string(value):
                strings: tuple[Place, ...] = (place,)
            elif isinstance(value, list) and not isinstance(value, _Object) and all(map(_is_string, value)):
                strings = tuple((value, i) for i in range(len(value)))
            else:
                raise _NotText(number, name)
            strings = tuple((c, i) for c, i in strings if (id(c), i) not in taken)  # the rest of a list too
            if strings:
                taken.update((id(c), i) for c, i in strings)
                documents.append((strings, name, not _is_string(value)))
    return record, documents, frozenset(names)


def _is_string(value: Any) -> bool:
    """Whether the parsed *value* is a JSON string (not a number kept as text)."""
    return isinstance(value, str) and not isinstance(value, _Number)


def fix_line(line: str, number: int, fields: str | Sequence[str], fixer: Fixer, skip_bad: bool = False,
             encoding: str = "utf-8", errors: str = "strict", explain: bool = False) -> LineResult:
    """Repair the *fields* of the record on *line*, each as its own document (a list of
    strings as one, see :func:`fixer.fields.fix_parts`; a field written twice: both; one
    the record lacks, or null: left alone). Records without
    repairs and blank lines pass through byte
    for byte; a repaired record is written so that *encoding* (with *errors*) can
    hold it. With *skip_bad*, a bad line passes through unchanged with its error;
    otherwise it raises InputError. With *explain*, the result keeps the scan of each
    field the record has (see :class:`FieldScan`)."""
    fields = field_names(fields)
    if is_blank(line, number):
        return LineResult(line)
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    bom = "\ufeff" if number == 1 and body.startswith("\ufeff") else ""
    body = body[len(bom):]
    try:
        record, documents, found = parse_record(body, number, fields)
    except InputError as exc:
        if skip_bad:  # a field of another type is one the record has all the same
            return LineResult(line, error=str(exc), found=frozenset([exc.field] if isinstance(exc, _NotText) else ()))
        raise
    repairs = 0
    spun = False
    done: dict[tuple[int, int], tuple[str, tuple[Repair, ...]]] = {}
    scans: list[FieldScan] = []
    for places, name, listed in documents:
        values = [_value_at(place) for place in places]
        if listed:
            fixed, found_in, result = fix_parts(fixer, values)
        else:
            one, result = fixer.fix_and_scan(values[0])
            fixed, found_in = [one], [result.repairs]
        for (container, i), new, found_here in zip(places, fixed, found_in):
            applied = tuple(r for r in found_here if r.auto)
            if applied:
                done[id(container), i] = new, applied
        if explain:
            indexes = tuple(i for _, i in places) if listed else ()
            labels = [f"{name}[{i}]" for i in indexes] if listed else [name]
            scans.append(FieldScan(name, tuple(zip(labels, values, map(tuple, found_in))), result, listed, indexes))
        repairs += len(result.applied)
        spun = spun or result.is_spun
    if not repairs:
        return LineResult(line, 0, spun, found=found, fields=tuple(scans))
    return LineResult(bom + _written_back(body, record, done, encoding, errors) + ending, repairs, spun,
                      found=found, fields=tuple(scans))


def _written_back(body: str, record: list[tuple[str, Any]], done: dict[tuple[int, int], tuple[str, tuple[Repair, ...]]],
                  encoding: str, errors: str) -> str:
    """The JSON text *body* of *record* with the repaired strings of *done* (by where
    they sit: their repaired value and repairs) spliced in, all else as written; what
    the repairs bring in that *encoding* cannot write is written as ``\\u`` escapes."""
    out, last = [], 0
    for where, m in zip(_strings(record), _STRING.finditer(body)):
        if where in done:
            fixed, applied = done[where]
            written = _spliced(m.group(), applied, encoding)
            if json.loads(written) != fixed:  # never expected: then the whole string, as json writes it
                written = dumps_for(fixed, encoding, errors)
            out += [body[last:m.start()], written]
            last = m.end()
    out.append(body[last:])
    return "".join(out)


def fix_lines(lines: str | Iterable[str], fields: str | Sequence[str], fixer: Fixer, skip_bad: bool = False,
              first_number: int = 1, encoding: str = "utf-8", errors: str = "strict") -> Iterator[LineResult]:
    """Repair a stream of JSON Lines record by record (constant memory); *fields*
    names the string fields to repair (one string: one field). *lines*: an iterable
    of lines (an open text file), or one ``str`` holding them all; *first_number*: the
    number of the first line (1 or more)."""
    fields = field_names(fields)
    check_fixer(fixer)
    _check_codec(encoding, errors)
    for number, line in _numbered(lines, first_number):
        yield fix_line(line, number, fields, fixer, skip_bad, encoding, errors)


def _check_codec(encoding: str, errors: str) -> None:
    """Refuse an unknown *encoding* or *errors* handler before any record is written."""
    for what, value, lookup in (("encoding", encoding, codecs.lookup), ("errors", errors, codecs.lookup_error)):
        if not isinstance(value, str):
            raise TypeError(f"{what} must be a str, not {type(value).__name__}")
        try:
            lookup(value)
        except LookupError:
            raise ValueError(f"unknown {what} {value!r}") from None


def _numbered(lines: str | Iterable[str], first_number: int) -> Iterator[tuple[int, str]]:
    """Each of *lines* (an iterable of lines, or one ``str`` holding them all) with its number,
    from *first_number* (checked)."""
    if an_int(first_number, "first_number") < 1:
        raise ValueError(f"first_number must be at least 1 (lines are numbered from 1), not {first_number}")
    if isinstance(lines, str):
        lines = io.StringIO(lines, newline="\n")  # lines end at "\n" only, as in a file read by the CLI
    return enumerate(each_of(lines, str, "lines", "JSON Lines (str)", "lines (str)"), first_number)


def scan_records(lines: str | Iterable[str], fields: str | Sequence[str], fixer: Fixer, skip_bad: bool = False,
                 first_number: int = 1) -> Iterator[RecordScan]:
    """What :func:`fix_lines` would repair in a stream of JSON Lines, record by record
    (constant memory): for each line that is not blank, the scan of each of *fields*
    the record has, each field judged as one document (as :func:`fix_line` judges it).
    A bad line raises InputError, or with *skip_bad* comes with its error."""
    fields = field_names(fields)
    check_fixer(fixer)
    for number, line in _numbered(lines, first_number):
        if not is_blank(line, number):
            result = fix_line(line, number, fields, fixer, skip_bad, explain=True)
            yield RecordScan(number, result.fields, result.error)
