"""Human and machine renderings of what fixer found: scan lines, diffs, JSON records."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterator, Sequence
from typing import Any

from .formats.jsonl import FieldScan, dumps_for
from .plural import counted
from .results import Repair, ScanResult
from .text import LINE_END, one_line

SCHEMA_VERSION = 1


class LineIndex:
    """Turns code point offsets of a text into 1-based (line, column), columns counted
    in code points (a tab, an emoji and a combining mark are one each): a byte order
    mark at the start takes no column. *line* and *column*:
    where the text starts, for a stretch of a longer one (a U+FEFF that starts a later
    stretch is a character of the line)."""

    def __init__(self, text: str, line: int = 1, column: int = 1) -> None:
        marked = (line, column) == (1, 1) and text.startswith("\ufeff")
        self._starts = [1 if marked else 0] + [m.end() for m in LINE_END.finditer(text)]
        self._line, self._column = line, column

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of *offset*."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + self._line, offset - self._starts[line] + (self._column if line == 0 else 1)


def repair_record(repair: Repair, index: LineIndex) -> dict[str, Any]:
    """A repair as a JSON-ready mapping with its line and column."""
    line, col = index.line_col(repair.start)
    return {**repair.to_dict(), "line": line, "column": col}


def document_json(name: str, text: str, result: ScanResult) -> bytes:
    """The line that ``--json`` prints for one document (see README, "JSON output"), in
    UTF-8: its JSON object, each repair written on its own, so that the many repairs of
    a long text are never all held as mappings, nor the whole line as a string."""
    index = LineIndex(text)
    head = dumps_for(_record(name, {}, result, []))  # ends with the empty list of repairs: '"repairs": []}'
    parts = [head[:-2].encode()]
    for i, repair in enumerate(result.repairs):
        parts.append(((", " if i else "") + dumps_for(repair_record(repair, index))).encode())
    parts.append(b"]}\n")
    return b"".join(parts)


def _record(name: str, where: dict[str, Any], result: ScanResult, repairs: list[dict[str, Any]]) -> dict[str, Any]:
    """A document's JSON object: its input *name*, what else says *where* it is, its
    scan's figures and its *repairs* as JSON-ready mappings."""
    return {"schema": SCHEMA_VERSION, "file": name, **where, "spin_score": round(result.spin_score, 2),
            "is_spun": result.is_spun, "words": result.words, "repairs": repairs}


def error_record(name: str, message: str) -> dict[str, Any]:
    """The JSON object printed for a document that could not be processed."""
    return {"schema": SCHEMA_VERSION, "file": name, "error": message}


def shown_name(name: str) -> str:
    """*name* as a line of output shows it: as it is, or in double quotes with C escapes
    when it holds a control character (a line break would split the line), a double
    quote or a backslash, as ``git`` shows such names."""
    if not _UNSAFE_NAME.search(name):
        return name
    return '"' + _UNSAFE_NAME.sub(lambda m: _ESCAPES.get(m.group(), f"\\{ord(m.group()):03o}"), name) + '"'


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\]')
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def scan_lines(name: str, text: str, result: ScanResult, explain: bool = False) -> Iterator[str]:
    """One line per repair, ``file:line:col: spun -> original [kind, exact|fuzzy score]``
    (each run of whitespace in spun and original shown as one space; the file named as
    :func:`shown_name` shows it), then the document's spin score (unambiguous spun
    phrases per 1,000 words, a document under 100 words counted as 100 words: see
    :func:`fixer.results.spin_density`)."""
    name = shown_name(name)
    yield from repair_lines(name, text, result.repairs, explain)
    yield score_line(name, result)


def score_line(name: str, result: ScanResult) -> str:
    """The line that ends a document's scan lines: its spin score, verdict and repairs."""
    return counts_score_line(name, result.spin_score, result.safe_hits, result.words, result.is_spun,
                             len(result.applied))


def counts_score_line(name: str, spin_score: float, safe_hits: int, words: int, is_spun: bool, repairs: int) -> str:
    """:func:`score_line` from the counts of a document scanned in parts (the segments of
    a long text: see :func:`fixer.results.combined_spin_score`)."""
    verdict = "spun" if is_spun else "not spun"
    return (f"{name}: spin score {spin_score:.1f} ({counted(safe_hits, 'unambiguous spun phrase')} "
            f"in {counted(words, 'word')}: {verdict}); {counted(repairs, 'repair')}")


def field_scan_lines(name: str, number: int, field: FieldScan, explain: bool = False) -> Iterator[str]:
    """The scan lines (see :func:`scan_lines`) of a field of the JSON Lines record on
    line *number* of the input *name*: ``name: line N, field F:line:col: ...`` (``F[i]``
    for a string of a list; names shown as :func:`shown_name` shows them), then the
    field's spin score."""
    for label, text, repairs in field.strings:
        yield from repair_lines(field_place(name, number, label), text, repairs, explain)
    yield score_line(field_place(name, number, field.name), field.result)


def field_place(name: str, number: int, field: str) -> str:
    """Where the *field* of the JSON Lines record on line *number* of the input *name*
    is, as scan and --explain lines name it: ``name: line N, field F`` (both names
    shown as :func:`shown_name` shows them)."""
    return f"{shown_name(name)}: line {number}, field {shown_name(field)}"


def field_record(name: str, number: int, field: FieldScan) -> dict[str, Any]:
    """The JSON object that ``scan --jsonl --json`` prints for a field of the record on
    line *number* (``record_line``) of the input *name*: a document's object (see
    :func:`document_json`) with the field's name, its repairs' offsets, lines and
    columns in their string, and for a list field the string's ``index`` in the list."""
    repairs = [{**repair_record(r, index), **({"index": field.indexes[k]} if field.listed else {})}
               for k, (_, text, found) in enumerate(field.strings) if found
               for index in (LineIndex(text),) for r in found]
    return _record(name, {"record_line": number, "field": field.name}, field.result, repairs)


def repair_lines(where: str, text: str, repairs: Sequence[Repair], explain: bool = False,
                 start: tuple[int, int] = (1, 1)) -> Iterator[str]:
    """One line per repair of *text*, ``where:line:col: spun -> original [kind, exact|fuzzy
    score]``, with *explain* followed by the entry and condition behind it (*start*: the
    line and column where *text* starts, for a stretch of a longer text)."""
    index = LineIndex(text, *start)
    for r in repairs:
        line, col = index.line_col(r.start)
        how = how_matched(r)
        flag = "" if r.auto else f" (report only: {r.note})" if r.note else " (report only)"
        yield f"{where}:{line}:{col}: {one_line(r.spun)!r} -> {one_line(r.replacement)!r} [{r.kind}, {how}]{flag}"
        if explain:
            why = f"when {r.condition}" if r.condition else "no condition"
            yield f"    entry {r.entry_id!r} at {r.source}; {why}"


def how_matched(repair: Repair) -> str:
    """``exact``, or ``fuzzy`` and the match's score: ``fuzzy 96``."""
    return "exact" if repair.method == "exact" else f"fuzzy {repair.score:.0f}"


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff of *before* and *after*, labelled with *name*, that ``patch`` and
    ``git apply`` take: lines end at ``\\n`` only (as for ``diff``), and a last line
    without one is marked ``\\ No newline at end of file``. A name with a space in it
    ends in a tab, as ``git diff`` writes it: ``patch`` reads a name up to a tab, or
    else up to the first space; one with a line break or another control character
    is quoted as git quotes it (see :func:`shown_name`)."""
    end = "\t" if " " in name else ""
    old, new = shown_name(f"a/{name}"), shown_name(f"b/{name}")
    if old.startswith('"'):
        end = ""
    a, b = _diff_lines(before), _diff_lines(after)
    fromfile, tofile = f"{old}{end}", f"{new}{end}"
    hunks = (difflib.unified_diff(a, b, fromfile=fromfile, tofile=tofile) if len(a) != len(b)
             else _line_by_line(a, b, fromfile, tofile))
    return "".join(hunks).replace(_NO_NEWLINE, "\n\\ No newline at end of file\n")


def _line_by_line(a: list[str], b: list[str], fromfile: str, tofile: str, context: int = 3) -> Iterator[str]:
    """The unified diff of the lines *a* and *b*, as many of them (repairs seldom add
    or remove a line break), each line compared with the one in its place: what
    ``difflib.unified_diff`` gives, without its matching, whose time grows with the
    square of the lines changed (a 5 MB spun text took minutes)."""
    changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if not changed:
        return
    yield f"--- {fromfile}\n"
    yield f"+++ {tofile}\n"
    first = 0
    for k in range(1, len(changed) + 1):
        if k < len(changed) and changed[k] - changed[k - 1] <= 2 * context + 1:
            continue  # no more than twice the context between two changed lines: one hunk
        start, stop = max(0, changed[first] - context), min(len(a), changed[k - 1] + 1 + context)
        span = _unified_range(start, stop)
        yield f"@@ -{span} +{span} @@\n"
        i = start
        while i < stop:
            if a[i] == b[i]:
                yield " " + a[i]
                i += 1
                continue
            j = i
            while j < stop and a[j] != b[j]:
                j += 1
            yield from ("-" + line for line in a[i:j])
            yield from ("+" + line for line in b[i:j])
            i = j
        first = k


def _unified_range(start: int, stop: int) -> str:
    """The lines *start* to *stop* (0-based, *stop* excluded) as a unified diff's hunk
    header writes them."""
    length = stop - start
    return str(start + 1) if length == 1 else f"{start + 1 if length else start},{length}"


_NO_NEWLINE = "\x00no newline\x00"


def _diff_lines(text: str) -> list[str]:
    """*text* cut after each ``\\n``; a last line without one carries a marker that
    :func:`unified_diff` turns into the no-newline line."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last + _NO_NEWLINE] if last else [])
