"""Repairing many documents: files in text, HTML or JSON Lines form, in one process or
several, with the output in input order and one outcome per input.

Every function here returns problems as data (:attr:`Outcome.error`) instead of
raising, so one bad file never stops a batch; the original of a file that fails is
never touched.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import os
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from functools import partial
from dataclasses import dataclass, field, replace
from typing import IO, TypeVar

from .arguments import one_or_many, show
from .errors import WARNING, FixerError, InputError
from .files import (BOM_BYTES, ERRORS, SNIFF_BYTES, STDIN, Decodes, Encoder, atomic_writer, byte_order_mark, cannot_write,
                    check_decodes, check_encoding, check_writes_back, checked_as_read, decode_error, diff_encoding, discard,
                    encode, input_name, input_size, is_pipe, make_parent, marked_encoding, open_input, peek,
                    read_with_bom, refuse_binary, refuse_wide, replaceable, same_file, spool_input,
                    undecodable_line, unmarked_order, write_atomic)
from .formats.jsonl import LineResult, dumps_for, field_names, fix_line, is_blank
from .api import apply_repairs
from .repair import Fixer, check_fixer
from .results import Repair, ScanResult, spin_density
from .report import (LineIndex, counts_score_line, document_json, field_place, field_record, field_scan_lines,
                     repair_lines, scan_lines, shown_name, unified_diff)
from .text import LINE_END
from .stream import SEGMENT_CHARS, CountedReader, open_text, read_segments, segments
from .workers import WorkerDied, started, usable_workers, worker_pool

STREAM_BYTES = 16 * 1024 * 1024
HELD_CHARS = 1 << 20
"""Characters of messages a streamed job that writes a file holds in memory; the rest
wait in a temporary file until the file is written."""
JSONL_BATCH = 500
JSONL_BATCH_CHARS = 1 << 18
MAX_RECORD_CHARS = 64 * 1024 * 1024
"""The longest line of JSON Lines input, line break included: a longer one (binary
input read as text, with no line break in gigabytes) is refused before it is held."""
MODES = ("text", "html", "jsonl")
REPORTS = ("text", "diff", "json", "scan")

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Job:
    """One input and what to do with it.

    mode: ``text``, ``html`` or ``jsonl``. report: ``text`` (the repaired text),
    ``diff``, ``json`` (repair records) or ``scan`` (scan lines). destination:
    ``None`` for standard output, or the file to write; ``in_place`` allows that file
    to be the input itself (any other way to name the input is refused). encoding: a
    text encoding (``rot13`` or an unknown one is a :class:`ValueError`). fields: the
    JSON Lines fields, a collection of names (one string is one name; see
    :func:`fixer.formats.jsonl.field_names`), kept as a tuple.
    stream: repair standard input or a pipe as it comes, segment by segment, instead
    of reading it whole or (over :data:`STREAM_BYTES`) into a temporary file first; a
    byte that does not decode then stops the output part way.
    """

    path: str
    mode: str = "text"
    report: str = "text"
    destination: str | None = None
    in_place: bool = False
    encoding: str = "utf-8"
    errors: str = "strict"
    fields: tuple[str, ...] = ("text",)
    skip_bad: bool = False
    explain: bool = False
    stream: bool = False

    def __post_init__(self) -> None:
        for what, value, kind in (("path", self.path, str), ("destination", self.destination, (str, type(None))),
                                  ("encoding", self.encoding, str)):
            if not isinstance(value, kind):
                raise TypeError(f"Job.{what} must be a str{' or None' if what == 'destination' else ''}, "
                                f"not {type(value).__name__}")
        for what in ("in_place", "skip_bad", "explain", "stream"):
            if not isinstance(getattr(self, what), bool):  # "false" would be true
                raise TypeError(f"Job.{what} must be True or False, not {show(getattr(self, what))}")
        object.__setattr__(self, "fields", field_names(self.fields, "Job.fields"))
        check_encoding(self.encoding)
        for what, value, known in (("mode", self.mode, MODES), ("report", self.report, REPORTS),
                                   ("errors", self.errors, ERRORS)):
            if value not in known:
                raise ValueError(f"Job.{what} must be one of {', '.join(known)}, not {value!r}")

    @property
    def name(self) -> str:
        """How the input is named in messages."""
        return input_name(self.path)


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    path: str
    size: int = 0
    """The input's size in bytes (0 for standard input or a pipe read as it comes: JSON
    Lines, a large text)."""
    documents: int = 0
    repairs: int = 0
    spun: int = 0
    bad_lines: int = 0
    error: str = ""
    output: bytes = b""
    messages: tuple[str, ...] = field(default_factory=tuple)


Say = Callable[[str], None]
"""Where the messages of a streamed input go as they come (see :func:`process`)."""


class _Messages:
    """The messages (warnings, --explain lines) of a streamed job: handed to *say* as
    they come, or for a job that writes a file once the file is written (held until
    then in bounded memory, and dropped if the file is left as it was); without *say*,
    kept for the outcome."""

    def __init__(self, job: Job, say: Say | None) -> None:
        self.kept: list[str] = []
        self._say = say or self.kept.append
        self._held = (tempfile.SpooledTemporaryFile(HELD_CHARS, mode="w+", encoding="ascii", newline="\n")
                      if say is not None and job.destination is not None else None)

    def add(self, message: str) -> None:
        """Say or keep *message*, or hold it until the file is written."""
        if self._held is None:
            self._say(message)
        else:  # one line each, whatever the message holds
            self._held.write(json.dumps(message) + "\n")

    def extend(self, messages: Iterable[str]) -> None:
        """:meth:`add` each of *messages*."""
        for message in messages:
            self.add(message)

    def release(self) -> tuple[str, ...]:
        """Say the messages held, and return those kept for the outcome."""
        if self._held is not None:
            self._held.seek(0)
            for line in self._held:
                self._say(json.loads(line))
        self._close()
        return tuple(self.kept)

    def drop(self) -> None:
        """Forget the messages held or kept: the file they are about is left as it was."""
        self._close()
        self.kept.clear()

    def _close(self) -> None:
        """Close the temporary file of the messages held, if any."""
        if self._held is not None:
            self._held.close()
            self._held = None


def _render(job: Job, text: str, fixed: str, result: ScanResult | None, bom: bytes,
            explained: tuple[str, ...] = ()) -> tuple[bytes, tuple[str, ...]]:
    """The report bytes for stdout and the --explain lines for stderr (*bom*: the
    input's byte order mark, see :func:`encode`; *result*: the scan, which a plain-text
    report does without when its segments were repaired apart; *explained*: their
    --explain lines then, if any)."""
    explain = explained
    if job.explain and result is not None:
        explain = tuple(scan_lines(job.name, text, result, explain=True))
    if job.report != "text":
        assert result is not None
        if job.report == "json":
            return document_json(job.name, text, result), explain
        if job.report == "diff":  # the file names as the file system has them, the lines in the file's encoding
            mark = "\ufeff" if bom == codecs.BOM_UTF8 else ""  # utf-8-sig: the file's first line starts with it
            header, body = _split_header(unified_diff(job.name, mark + text, mark + fixed))
            return os.fsencode(header) + body.encode(diff_encoding(job.encoding, job.name), "surrogateescape"), explain
        if job.report == "scan":
            return _scan_bytes(scan_lines(job.name, text, result, job.explain)), ()
    return (encode(fixed, job.encoding, job.errors, bom) if job.destination is None else b""), explain


def _scan_bytes(lines: Iterable[str]) -> bytes:
    """Scan *lines* as ``scan`` writes them: each ended by a line break, in UTF-8 (a file
    name's undecodable bytes as they were)."""
    return "".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape")


def _split_header(diff: str) -> tuple[str, str]:
    """*diff* (a unified diff, or "") as its two lines of file names and the rest."""
    if not diff:
        return "", ""
    first, second, rest = diff.split("\n", 2)
    return f"{first}\n{second}\n", rest


def _writes_input(job: Job) -> bool:
    """Whether *job* writes its output over its input, under its name or another."""
    return job.destination is not None and job.path != STDIN and (
        job.destination == job.path or same_file(job.path, job.destination))


def _check_target(job: Job) -> str:
    """The file to write for *job*, refusing to overwrite the input unless in place."""
    assert job.destination is not None
    if not job.in_place and _writes_input(job):
        raise InputError(f"{job.path}: output would overwrite the input (use --in-place for that)")
    make_parent(job.destination)
    return job.destination


def _write(job: Job, fixed: str, changed: bool, bom: bytes, read: os.stat_result | None) -> None:
    """Write *fixed* to the job's destination, if it has one (in place: only if
    *changed*, and if the file is as it was *read*, see :func:`atomic_writer`)."""
    if job.destination is None or job.report != "text" or (job.in_place and not changed):
        return
    write_atomic(_check_target(job), encode(fixed, job.encoding, job.errors, bom), job.in_place, read)


def _read_status(job: Job, raw: IO[bytes] | None = None) -> os.stat_result | None:
    """For an edit in place, the status of the input (open as *raw*, if it is) before it
    is read, so that a change made to it meanwhile is not overwritten."""
    if not (job.in_place and _writes_input(job)):
        return None
    try:
        return os.fstat(raw.fileno()) if raw is not None else os.stat(job.path)
    except OSError:  # the read that follows names what is wrong
        return None


def _process_document(fixer: Fixer, job: Job, data: bytes | None = None, workers: int = 1) -> Outcome:
    """Repair the document of *job* (*data*: all of it, already read) as one text; a
    plain text of more than one segment, for a plain-text report, has its segments
    repaired in *workers* processes (see :func:`_fixed_by_segments`)."""
    read = _read_status(job)
    # a diff, as the text, must write the file back as it was outside the repairs
    text, bom, encoding, size = read_with_bom(job.path, job.encoding, job.errors, exact=job.report in ("text", "diff"),
                                              data=data)
    job = replace(job, encoding=encoding)
    result: ScanResult | None = None
    explained: tuple[str, ...] = ()
    if job.mode == "html":
        from .formats.html import scan_html  # loaded for HTML input only: a shorter start for the rest

        result = scan_html(fixer, text)
        fixed = apply_repairs(text, result.repairs)
    elif workers > 1 and job.report == "text" and len(text) > SEGMENT_CHARS:
        fixed, applied, spun, explained = _fixed_by_segments(fixer, job, text, workers)
    else:
        fixed, result = fixer.fix_and_scan(text)
    if result is not None:
        applied, spun = len(result.applied), result.is_spun
    try:
        output, messages = _render(job, text, fixed, result, bom, explained)
        _write(job, fixed, fixed != text, bom, read)
    except UnicodeEncodeError as exc:
        raise _cannot_encode(job, exc, text, (result if result is not None else fixer.scan(text)).applied) from None
    return Outcome(job.path, size, 1, applied, int(spun), output=output, messages=messages)


def _fixed_by_segments(fixer: Fixer, job: Job, text: str, workers: int) -> tuple[str, int, bool, tuple[str, ...]]:
    """*text* repaired, the number of repairs applied, whether it was judged spun, and
    with --explain its explain lines, as ``fixer.fix_and_scan(text)`` gives them (it
    cuts a long text into the same segments), its segments repaired in *workers*
    processes."""
    name = shown_name(job.name) if job.explain else ""
    parts: list[str] = []
    said: list[str] = []
    applied = safe_hits = words = 0
    spun = False
    with _segment_repairer(fixer, job, workers, EXPLAINED_SEGMENTS_AHEAD if name else SEGMENTS_AHEAD) as repaired:
        for _, (fixed, count, is_spun, lines, hits, counted_words) in repaired(_segment_tasks(segments(text), name,
                                                                                              True)):
            parts.append(fixed)
            said += lines
            applied += count
            spun = spun or is_spun
            safe_hits += hits
            words += counted_words
    if name:
        said.append(_segments_score_line(name, safe_hits, words, spun, applied))
    return "".join(parts), applied, spun, tuple(said)


def _segments_score_line(name: str, safe_hits: int, words: int, spun: bool, applied: int) -> str:
    """The spin score line of a text repaired in segments, from the counts of its segments."""
    return counts_score_line(name, spin_density(safe_hits, words), safe_hits, words, spun, applied)


SegmentTask = tuple[str, str, tuple[int, int], bool, bool]
"""A segment of a streamed input to repair: its text; for lines about its repairs (scan
lines, --explain lines) the input's name, the line and column where the segment starts
and whether the lines explain each repair ("", (1, 1) and False for none); and whether
it is only scanned (its repaired text is then not made, nor sent back by a worker)."""
SegmentResult = tuple[str, int, bool, list[str], int, int]
"""A segment repaired: its repaired text ("" for a segment only scanned), the number of
repairs applied, whether it was judged spun, the lines about its repairs (made where it
was repaired: a dense segment has tens of thousands of repairs, which a worker would
otherwise send back), and the unambiguous spun phrases and words it counts towards the
spin score."""
Repairer = Callable[[Iterable[SegmentTask]], Iterator[tuple[str, SegmentResult]]]
"""Repairs segments in order: each segment with its :data:`SegmentResult`."""
SEGMENTS_AHEAD = 8
"""Segments of a streamed input in flight at most (being repaired, or repaired and
waiting to be written), whatever the number of workers: each takes a few megabytes."""
EXPLAINED_SEGMENTS_AHEAD = 3
""":data:`SEGMENTS_AHEAD` with --explain, whose lines take about 10 MB a segment more."""


def _repair_segment(fixer: Fixer, task: SegmentTask) -> SegmentResult:
    segment, name, start, explain, scan_only = task
    fixed, result = ("", fixer.scan(segment)) if scan_only else fixer.fix_and_scan(segment)
    said = list(repair_lines(name, segment, result.repairs, explain, start)) if name else []
    return fixed, len(result.applied), result.is_spun, said, result.safe_hits, result.words


def _here(fixer: Fixer, tasks: Iterable[SegmentTask]) -> Iterator[tuple[str, SegmentResult]]:
    """The :data:`Repairer` of this process."""
    for task in tasks:
        yield task[0], _repair_segment(fixer, task)


@contextmanager
def _segment_repairer(fixer: Fixer, job: Job, workers: int, most: int) -> Iterator[Repairer]:
    """A :data:`Repairer` of *job*'s segments that repairs them here (*workers* 1 or
    less) or in a pool of *workers* processes, with twice as many segments in flight as
    workers but *most* at most (and no more workers than that: no more can be busy at
    once). The pool is stopped at once when the block is left by an error: its segments
    will not be written."""
    if workers <= 1:
        yield partial(_here, fixer)
        return
    workers = min(workers, most)
    with worker_pool(fixer, workers, abandon=True) as pool:
        def submit(task: SegmentTask) -> Callable[[], tuple[str, SegmentResult]]:
            done = started(pool, _repair_segment, task, partial(_worker_died, job))
            return lambda: (task[0], done())

        yield lambda tasks: ordered_map(submit, tasks, ahead=min(workers * 2, most))


def _segment_tasks(segments: Iterable[str], name: str, explain: bool, scan_only: bool = False
                   ) -> Iterator[SegmentTask]:
    """The :data:`SegmentTask` of each of *segments*, in order; with a *name* (for lines
    about the repairs, which *explain* them or not), each with the line and column where
    it starts; *scan_only*: the segments are only scanned."""
    start = (1, 1)
    for segment in segments:
        yield segment, name, start, explain, scan_only
        if name:
            start = LineIndex(segment, *start).line_col(len(segment))


def _stream_text(fixer: Fixer, job: Job, raw: IO[bytes], sink: IO[bytes], messages: _Messages,
                 to_stdout: bool = False, *, bom: bytes, repaired: Repairer) -> Outcome:
    """Repair a large plain-text file, open as *raw* at its start (which holds the byte
    order mark *bom*), segment by segment into *sink* (bounded memory; *to_stdout*:
    standard output, where the segments before an error stay), with the --explain lines
    of each segment's repairs into *messages*; or for a ``scan`` report, write each
    segment's scan lines into *sink*, and the spin score line of the whole text last. It
    counts as one document, spun if any segment is judged spun (as a whole-text
    :meth:`Fixer.scan` judges it). The segments are repaired by *repaired* (see
    :func:`_segment_repairer`). A byte that does not decode is named by its offset, and
    with *to_stdout* where standard output ends."""
    repairs = spun = lines = safe_hits = words = 0
    mid_line = False  # whether standard output ends part way through a line
    scanning = job.report == "scan"
    counted = CountedReader(raw)
    text = open_text(counted, job.encoding, job.errors)
    encoder = Encoder(job.encoding, job.errors, bom)
    name = shown_name(job.name) if job.explain or scanning else ""
    try:
        for segment, (fixed, applied, is_spun, said, hits, counted_words) in repaired(
                _segment_tasks(read_segments(text), name, job.explain, scanning)):
            if scanning:
                _put(sink, _scan_bytes(said), job)
            else:
                try:
                    _put(sink, encoder.encode(fixed), job)
                except UnicodeEncodeError as exc:
                    culprits = fixer.scan(segment).applied  # seldom: the segment's repairs, to name the one at fault
                    raise _cannot_encode(job, exc, segment, culprits, lines, output_cut=to_stdout) from None
                messages.extend(said)
            lines += len(LINE_END.findall(segment))
            mid_line = not segment.endswith(("\n", "\r"))  # segments are never cut inside a CRLF
            repairs += applied
            spun = spun or is_spun
            safe_hits += hits
            words += counted_words
        if scanning:
            _put(sink, _scan_bytes([_segments_score_line(name, safe_hits, words, bool(spun), repairs)]), job)
        else:
            _put(sink, encoder.encode("", final=True), job)  # a byte order mark alone; a stateful encoding's last shift
    except UnicodeError as exc:  # decoding (a decoder's own UnicodeError too): encoding is handled above
        output = _output_end(lines, mid_line, scanning) if to_stdout else ""  # what was written before the bad byte stays
        raise decode_error(job.name, job.encoding, exc, whole=True, offset=counted.start_of(exc), errors=job.errors,
                           output=output) from None
    return Outcome(job.path, input_size(job.path), 1, repairs, int(spun))


def _output_end(lines: int, mid_line: bool, scan: bool = False) -> str:
    """Where standard output ends: after *lines* lines of the input and, if *mid_line*,
    part of the next; for a *scan*, what it holds: the scan lines of that text, without
    a spin score line."""
    if not (lines or mid_line):
        return "nothing was written to standard output"
    if scan:
        upto = f"part way through line {lines + 1}" if mid_line else f"line {lines}"
        return f"standard output holds the scan lines of the text up to {upto}, without its spin score line"
    where = f"part way through line {lines + 1}" if mid_line else f"after line {lines}"
    return f"standard output ends {where}"


def _put(sink: IO[bytes], data: bytes, job: Job) -> None:
    """Write *data* to *sink*: the job's destination, or standard output, where it goes
    out at once (a program at the other end of a pipe may wait for each answer)."""
    try:
        sink.write(data)
        if job.destination is None:
            sink.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        if job.destination is None:  # what standard output still holds would fail again on the way out
            discard(sink)
        raise cannot_write(job.destination or "standard output", exc) from None


class _Unchanged(Exception):
    """Raised in an atomic write to leave the file in place: nothing was repaired."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


def _stream_to_file(job: Job, write: Callable[[IO[bytes]], Outcome], read: os.stat_result | None) -> Outcome:
    """Run *write* into the job's destination, atomically (in place: through a
    symbolic link, to the file it points to, if it is as it was *read*; a file in which
    nothing was repaired is left as it is, inode and times included, as a whole
    document is)."""
    try:
        with atomic_writer(_check_target(job), job.in_place, read) as fh:
            outcome = write(fh)
            if job.in_place and not outcome.repairs:
                raise _Unchanged(outcome)
            return outcome
    except _Unchanged as unchanged:
        return unchanged.outcome


def process(fixer: Fixer, job: Job, stdout: IO[bytes] | None = None, say: Say | None = None,
            workers: int = 1) -> Outcome:
    """Carry out *job*; never raises for bad input or I/O errors (see :attr:`Outcome.error`).

    With *stdout*, large plain-text inputs (standard input too) and JSON Lines stream
    into it instead of being returned in :attr:`Outcome.output`. With *say*, the
    messages of such streamed inputs (warnings about bad lines, --explain lines) are
    handed to it as they come, or for a job that writes a file once it is written (none
    if the file is left as it was), instead of being returned in
    :attr:`Outcome.messages`: memory stays bounded however many there are. A JSON Lines
    input has its batches of lines, a large plain-text input (over
    :data:`STREAM_BYTES`, read in segments) its segments, and a plain text read whole
    that holds more than one segment (over :data:`SEGMENT_CHARS` characters; for a
    plain-text report without --explain) its segments, repaired in *workers*
    processes (counted as :func:`fixer.workers.usable_workers` counts them: 1, or a
    daemonic process, runs them in this one; the same output as in one; see
    :func:`run_jsonl_parallel` and :data:`SEGMENTS_AHEAD`).
    """
    workers = usable_workers(workers)
    try:
        if job.in_place and _writes_input(job):
            replaceable(job.path)  # before reading: a pipe would be read up, then refused
        if job.mode == "jsonl":
            buffer = io.BytesIO()
            if workers > 1:
                outcome = run_jsonl_parallel(fixer, job, workers, stdout or buffer, say)
            else:
                outcome = run_jsonl_batches(job, stdout or buffer, lambda batch: partial(fix_jsonl_batch, fixer, batch),
                                            ahead=1, batch_lines=1, say=say)
            return outcome if stdout is not None or outcome.error else _with_output(outcome, buffer.getvalue())
        if job.mode != "text" or job.report not in ("text", "scan"):
            return _process_document(fixer, job)
        if job.path == STDIN or is_pipe(job.path):  # no size told: over STREAM_BYTES, it goes to a temporary file
            with open_input(job.path) if job.path != STDIN else nullcontext(sys.stdin.buffer) as source:
                if job.stream:  # as it comes: not read whole, nor copied
                    head, stream = peek(source, BOM_BYTES)
                    return _stream_file(fixer, _marked(job, head), stream, stdout, say, workers, as_it_comes=True)
                head, source = peek(source, SNIFF_BYTES)
                marked = _marked(job, head)
                refuse_binary(head, marked.name, marked.errors, marked.encoding)  # before any is copied to disk
                data, spool = spool_input(source, STREAM_BYTES, Decodes(marked.name, marked.encoding, marked.errors).feed)
            if spool is None:
                return _process_document(fixer, job, data, workers)
            with spool:  # its encoding as the mark at the start of the input says
                return _stream_file(fixer, marked, spool, stdout, say, workers)
        if input_size(job.path) > STREAM_BYTES:
            with open_input(job.path) as raw:  # opened once: the file checked is the file repaired
                head, stream = peek(raw, BOM_BYTES)
                return _stream_file(fixer, _marked(job, head), stream, stdout, say, workers)
        return _process_document(fixer, job, workers=workers)
    except FixerError as exc:
        return Outcome(job.path, input_size(job.path), error=str(exc))
    except BrokenPipeError:
        raise
    except OSError as exc:
        return Outcome(job.path, input_size(job.path), error=f"{job.name}: {exc.strerror or exc}")


def _stream_file(fixer: Fixer, job: Job, raw: IO[bytes], stdout: IO[bytes] | None, say: Say | None,
                 workers: int, as_it_comes: bool = False) -> Outcome:
    """Repair the large plain-text file of *job*, open as *raw* at its start, into its
    destination, *stdout*, or (with neither) the outcome's output, its segments in
    *workers* processes; its messages go to *say* (see :func:`process`). A file is
    checked before anything is written; standard input or a pipe read *as_it_comes*
    (``job.stream``), from where it stands, as it is read. A scan writes no file and
    nothing back, as a scan of the whole text does not."""
    writes_back = job.report == "text"
    if not writes_back:
        job = replace(job, destination=None)
    read = _read_status(job, raw)
    if not as_it_comes:
        if writes_back:
            check_writes_back(raw, job.name, job.encoding)
        head = raw.read(SNIFF_BYTES)
        raw.seek(0)
    else:
        head, raw = peek(raw, SNIFF_BYTES)
        if writes_back:
            raw = checked_as_read(raw, job.name, job.encoding)
    refuse_binary(head, job.name, job.errors, job.encoding)
    bom = byte_order_mark(head, job.encoding)
    if job.destination is None and stdout is not None and not as_it_comes:
        check_decodes(raw, job.name, job.encoding, job.errors)  # written as it is repaired: a bad byte stops it first
    messages = _Messages(job, say)
    most = EXPLAINED_SEGMENTS_AHEAD if job.explain else SEGMENTS_AHEAD
    # the workers start once the input is known to be text, and before the output file is open
    with _segment_repairer(fixer, job, workers, most) as repaired:
        def stream(sink: IO[bytes], to_stdout: bool = False) -> Outcome:
            return _stream_text(fixer, job, raw, sink, messages, to_stdout, bom=bom, repaired=repaired)

        if job.destination is not None:
            outcome = _stream_to_file(job, stream, read)
        elif stdout is None:
            buffer = io.BytesIO()
            outcome = _with_output(stream(buffer), buffer.getvalue())
        else:
            outcome = stream(stdout, to_stdout=True)
    return replace(outcome, messages=messages.release())


def _cannot_encode(job: Job, exc: UnicodeEncodeError, text: str, repairs: Sequence[Repair], lines_before: int = 0,
                   output_cut: bool = False) -> InputError:
    """The error for a repair of *text* (after *lines_before* lines) that brings a
    character the job's encoding cannot write, naming the repair, its line and its
    entry (*output_cut*: after the text before it was streamed to standard output)."""
    char = exc.object[exc.start]
    state = "the input is untouched" + (
        ", standard output ends before the stretch of text that holds it" if output_cut else "")
    culprit = next((r for r in repairs if char in r.replacement), None)
    if culprit is None:
        return InputError(f"{job.name}: a repair brings {char!r} (U+{ord(char):04X}), which {job.encoding} "
                          f"cannot encode ({state}; convert it to UTF-8)")
    line = lines_before + len(LINE_END.findall(text, 0, culprit.start)) + 1  # CR and CRLF end lines too, as in scan
    return InputError(f"{job.name}: line {line}: the repair of {culprit.spun!r} to {culprit.replacement!r} "
                      f"({culprit.source}) brings {char!r} (U+{ord(char):04X}), which {job.encoding} cannot "
                      f"encode ({state}; convert it to UTF-8, or --disable {culprit.entry_id!r})")


def _marked(job: Job, head: bytes) -> Job:
    """*job*, reading and writing its input in UTF-16 or UTF-32 if it starts (with
    *head*) with their byte order mark (see :func:`marked_encoding`), and one in UTF-16
    or UTF-32 without a mark in this machine's byte order (see :func:`unmarked_order`),
    as a text read whole is read."""
    encoding = unmarked_order(head, marked_encoding(head, job.encoding, job.errors))
    return job if encoding == job.encoding else replace(job, encoding=encoding)


def _with_output(outcome: Outcome, data: bytes) -> Outcome:
    return replace(outcome, output=data)


Batch = tuple[Job, int, list[str]]
BatchResult = tuple[str, list[str], int, int, int, int, str, frozenset[str]]


def fix_jsonl_batch(fixer: Fixer, batch: Batch) -> BatchResult:
    """Repair a batch (job, number of its first line, lines) of a JSON Lines input:
    the output lines, joined (the records; for a ``scan`` or ``json``
    report, the scan lines or objects of their fields: see :func:`_output_encoder`), the messages for stderr (bad lines passed
    through, as warnings, and --explain lines), the counts of documents, repairs and
    spun documents among the lines written and of bad lines passed through, the message
    of the bad line that stopped the batch ("" if none), and the fields asked for that
    some record of the batch has."""
    job, first, lines = batch
    out: list[str] = []
    messages: list[str] = []
    documents = repairs = spun = bad = 0
    found: frozenset[str] = frozenset()
    for number, line in enumerate(lines, first):
        try:
            result = _fix_line(fixer, job, line, number)
        except InputError as exc:
            stop = f"{job.name}: {exc}"
            return "".join(out), messages, documents, repairs, spun, bad, stop, found
        if job.report == "scan":
            out += [text + "\n" for field in result.fields for text in field_scan_lines(job.name, number, field, job.explain)]
        elif job.report == "json":
            out += [dumps_for(field_record(job.name, number, field)) + "\n" for field in result.fields]
        else:
            out.append(result.line)
        if job.explain and job.report != "scan":
            for name, text, scan in result.scans:
                messages += repair_lines(field_place(job.name, number, name), text, scan.repairs, explain=True)
        found |= result.found
        if result.error:
            messages.append(f"{WARNING}{job.name}: {result.error} "
                            f"({'left out' if _reports_scans(job) else 'passed through unchanged'})")
            bad += 1
        elif not is_blank(line, number):
            documents += 1
            repairs += result.repairs
            spun += result.spun
    return "".join(out), messages, documents, repairs, spun, bad, "", found


def _fix_line(fixer: Fixer, job: Job, line: str, number: int) -> LineResult:
    """:func:`fix_line` for line *number* of the job's input, which is read with
    ``surrogateescape``: a line holding bytes that are not valid in the job's encoding
    is a bad line, unless the job carries such bytes through."""
    error = undecodable_line(line, number, job.encoding, hint=not job.skip_bad) if job.errors == "strict" else None
    if error is None:
        return fix_line(line, number, job.fields, fixer, job.skip_bad, job.encoding, job.errors,
                        job.explain or _reports_scans(job))
    if job.skip_bad:
        return LineResult(line, error=str(error))
    raise error


def _reports_scans(job: Job) -> bool:
    """Whether the JSON Lines *job* writes the scans of its records' fields instead of the records."""
    return job.report in ("scan", "json")


def _output_encoder(job: Job, bom: bytes) -> Encoder:
    """The encoder of the JSON Lines *job*'s output (*bom*: the input's byte order mark):
    records in the job's encoding, the undecodable bytes of a bad line passed through
    written back as they were; scan lines and objects in UTF-8."""
    if _reports_scans(job):
        return Encoder("utf-8", "surrogateescape")
    return Encoder(job.encoding, "surrogateescape", bom)


def ordered_map(submit: Callable[[T], Callable[[], R]], items: Iterable[T], ahead: int) -> Iterator[R]:
    """The results of *submit* (which starts a task and returns a function that waits
    for its result) over *items*, in input order, with at most *ahead* tasks in
    flight, so that a long input is never read into memory all at once."""
    pending: deque[Callable[[], R]] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= ahead:
            yield pending.popleft()()
    while pending:
        yield pending.popleft()()


def run_batch(fixer: Fixer, jobs: Sequence[Job], workers: int = 1, stdout: IO[bytes] | None = None,
              say: Say | None = None) -> Iterator[Outcome]:
    """Carry out *jobs* (one :class:`Job` or a collection of them) in order, in *workers*
    processes (0: one per core; at most twice the cores; this one alone in a daemonic
    process, which may start none; each worker
    builds the Fixer once; never more processes than jobs, but for a lone
    JSON Lines or large plain-text input, whose parts they share: see :func:`process`); standard
    input, which worker processes cannot read, is read here. *stdout* and *say* are
    used by the jobs run in this process, as in :func:`process`. Wrong arguments are a
    :class:`TypeError` at once, before any job starts. Closing the outcomes before their
    end stops the workers at once: the jobs they were doing are not done, and a file
    they were writing is left as it was."""
    check_fixer(fixer)
    jobs = one_or_many(jobs, Job, "jobs", "a Job (fixer.batch.Job)", "Job records (fixer.batch.Job)", ordered=True)
    return _run_batch(fixer, jobs, usable_workers(workers), stdout, say)


def _run_batch(fixer: Fixer, jobs: Sequence[Job], workers: int, stdout: IO[bytes] | None,
               say: Say | None) -> Iterator[Outcome]:
    """:func:`run_batch` once its arguments are checked."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield process(fixer, job, stdout, say, workers)  # a lone input: its parts in the workers
        return
    with worker_pool(fixer, min(workers, len(jobs))) as pool:
        def submit(job: Job) -> Callable[[], Outcome]:
            """Start *job* on a worker, or here when it reads standard input (then when its
            result is wanted, so that the workers are busy with the jobs after it)."""
            if job.path == STDIN:
                return partial(process, fixer, job, stdout, say)  # called once the outcomes before it are out
            return started(pool, process, job, partial(_worker_died, None))

        yield from ordered_map(submit, jobs, ahead=workers * 4)


def _worker_died(part_of: Job | None) -> WorkerDied:
    """The error for a worker lost with the part of *part_of* it held (a lone input whose
    parts the workers share), or (None) with a job."""
    died = "a worker process died (killed by a signal, perhaps for want of memory)"
    if part_of is None:
        return WorkerDied(f"{died}; the inputs not reported above were not done (try fewer --jobs)")
    left = "nothing was written" if part_of.destination is not None else "the output stops before the part it held"
    return WorkerDied(f"{part_of.name}: {died}; {left} (try fewer --jobs)")


def run_jsonl_parallel(fixer: Fixer, job: Job, workers: int, sink: IO[bytes], say: Say | None = None) -> Outcome:
    """Repair one JSON Lines input in *workers* processes (no more than a regular file
    can have batches of lines: see :func:`_most_batches`), in batches of lines, writing
    records to *sink* in input order with bounded memory (messages: see :func:`process`)."""
    if job.path != STDIN and os.path.isfile(job.path):
        workers = _most_batches(job.path, workers)
    with worker_pool(fixer, workers) as pool:
        return run_jsonl_batches(job, sink, lambda batch: started(pool, fix_jsonl_batch, batch, partial(_worker_died, job)),
                                 ahead=workers * 4, say=say)


def _most_batches(path: str, limit: int) -> int:
    """How many batches of lines (see :func:`run_jsonl_batches`) the JSON Lines file
    *path* can have at most, *limit* at most: each batch but the last closes at
    :data:`JSONL_BATCH` lines or :data:`JSONL_BATCH_CHARS` characters, so the file's
    line breaks and its size bound them (a line break is a byte 10 in any encoding, a
    character a byte at least). The file is read no further than it takes to reach
    *limit*."""
    by_size = 1 + input_size(path) // JSONL_BATCH_CHARS
    lines = 1  # the line breaks, and a last line without one
    try:
        with open(path, "rb") as fh:
            while by_size + lines // JSONL_BATCH < limit and (block := fh.read(1 << 20)):
                lines += block.count(b"\n")
    except OSError:  # the run itself names the error
        return limit
    return max(1, min(limit, by_size + lines // JSONL_BATCH))


def run_jsonl_batches(job: Job, sink: IO[bytes], submit: Callable[[Batch], Callable[[], BatchResult]],
                      ahead: int, batch_lines: int = JSONL_BATCH, say: Say | None = None) -> Outcome:
    """Repair one JSON Lines input in batches of lines handed to *submit* (which
    starts :func:`fix_jsonl_batch` on a batch somewhere and returns a function that
    waits for its result), writing records to *sink* (or the job's destination,
    atomically) in input order, with at most *ahead* batches in flight. A batch holds
    at most *batch_lines* lines (1: each record is written as soon as it is read).
    Messages go to *say* as in :func:`process`."""
    def batches(text: IO[str]) -> Iterator[Batch]:
        chunk: list[str] = []
        first, size = 1, 0
        for number in itertools.count(1):
            line = text.readline(MAX_RECORD_CHARS)
            if not line:
                break
            if len(line) == MAX_RECORD_CHARS and not line.endswith("\n"):
                raise InputError(f"{job.name}: line {number} is longer than {MAX_RECORD_CHARS:,} characters: "
                                 "not JSON Lines")
            chunk.append(line)
            size += len(line)
            if len(chunk) >= batch_lines or size >= JSONL_BATCH_CHARS:
                yield job, first, chunk
                first, size, chunk = number + 1, 0, []
        if chunk:
            yield job, first, chunk

    written = [0, 0, 0, 0]  # documents, repairs, spun documents and bad lines written so far
    messages = _Messages(job, say)  # about the lines written so far

    def run(out: IO[bytes]) -> Outcome:
        nonlocal job  # read in the encoding its byte order mark says, for the batches and messages too
        found: frozenset[str] = frozenset()
        source = open_input(job.path) if job.path != STDIN else None
        try:
            head, binary = peek(source or sys.stdin.buffer, BOM_BYTES)  # no more: a pipe may hold one record only
            job = _marked(job, head)
            refuse_wide(head, job.name, job.encoding)
            bom = byte_order_mark(head, job.encoding)
            if source is not None and source.seekable():  # a file: checked whole, before any output
                check_writes_back(source, job.name, job.encoding)
            else:  # read once: checked as it is read
                binary = checked_as_read(binary, job.name, job.encoding)
            text = open_text(binary, job.encoding, "surrogateescape", newline="\n")  # a bad byte makes a bad line
            encoder = _output_encoder(job, bom)
            for data, said, d, r, s, b, stop, f in ordered_map(submit, batches(text), ahead):
                _put(out, encoder.encode(data, final=bool(stop)), job)
                found |= f
                written[0] += d
                written[1] += r
                written[2] += s
                written[3] += b
                messages.extend(said)
                if stop:
                    raise InputError(stop)
            _put(out, encoder.encode("", final=True), job)  # a byte order mark alone; a stateful encoding's last shift
        finally:
            if source is not None:
                source.close()
        documents, repairs, spun, bad = written
        if documents:  # a field no record has: most likely a misspelt name
            messages.extend(f"{WARNING}{job.name}: no record has the field {name!r}"
                            for name in job.fields if name not in found)
        return Outcome(job.path, input_size(job.path), documents, repairs, spun, bad)

    try:
        outcome = run(sink) if job.destination is None else _stream_to_file(job, run, _read_status(job))
        return replace(outcome, messages=messages.release())
    except FixerError as exc:
        error = str(exc)
    except BrokenPipeError:
        raise
    except UnicodeError as exc:
        error = str(decode_error(job.name, job.encoding, exc))
    except OSError as exc:
        error = f"{job.name}: {exc.strerror or exc}"
    # records already written to a stream stay there and are counted; a destination file
    # is left as it was
    if job.destination is not None:
        written = [0, 0, 0, 0]
        messages.drop()
    documents, repairs, spun, bad = written
    return Outcome(job.path, input_size(job.path), documents, repairs, spun, bad, error=error,
                   messages=messages.release())
