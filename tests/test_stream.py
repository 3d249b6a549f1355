"""Long texts in segments: where they are cut, streams cut the same way, and the command
line's streaming path for large files gives the same bytes as the whole-file path."""

from __future__ import annotations

import functools
import io
import json
import os
import re
import select
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fixer.batch
from fixer import Fixer, apply_repairs
from cli_runner import one_fixer_per_configuration, run  # noqa: F401  (autouse fixture)
from fixer.report import LineIndex
from fixer.stream import SEGMENT_CHARS, cut_point, read_segments, segments

REPO = Path(__file__).resolve().parent.parent
CASES = json.loads((REPO / "tests" / "cases" / "segments.json").read_text(encoding="utf-8"))
SEED_SPUN = next((REPO / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
SEED_ORIGINAL = next((REPO / "seeds").glob("*.original.txt")).read_text(encoding="utf-8")
FIXER = Fixer.from_files()


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in CASES])
def test_segment_cases(case: dict[str, Any]) -> None:
    """segments() cuts where the case says; cut_point() is the first cut; read_segments()
    over a stream gives the same segments."""
    text, limit = case["input"]["text"], case["input"]["limit"]
    assert list(segments(text, limit)) == case["expected"]
    assert cut_point(text, limit) == len(case["expected"][0])
    assert list(read_segments(io.StringIO(text, newline=""), limit, 3)) == case["expected"]


def test_a_segment_reports_the_lines_and_columns_of_the_whole_text() -> None:
    """Line and column of each offset of a segment, from where the segment starts, are
    those of the whole text, wherever it is cut (but inside a CRLF, where no cut is
    made): a U+FEFF that starts a later segment (files with byte order marks joined)
    is a character of its line; it was taken for the text's byte order mark."""
    text = "\ufeffab\r\ncd\n\ufeffef gh\r\n\ufeffij\rk"
    whole = LineIndex(text)
    for cut in range(1, len(text)):
        if text[cut - 1:cut + 1] == "\r\n":
            continue
        (first, _, at_one, _, _), (second, _, at_two, _, _) = fixer.batch._segment_tasks([text[:cut], text[cut:]], "x", False)
        assert at_one == (1, 1)
        got = [LineIndex(first).line_col(i) for i in range(len(first))]
        got += [LineIndex(second, *at_two).line_col(i) for i in range(len(second))]
        assert got[1:] == [whole.line_col(i) for i in range(1, len(text))], cut  # not the mark itself


@pytest.mark.parametrize("explain", [False, True])
def test_a_segment_only_scanned_gives_its_lines_without_its_repaired_text(explain: bool) -> None:
    """A segment of a streamed scan is scanned, not repaired: it comes back (from a
    worker too) with the same lines and counts as a repaired one, and no text."""
    fixer_ = Fixer.from_files()
    repaired = fixer.batch._repair_segment(fixer_, (SEED_SPUN, "x", (3, 1), explain, False))
    scanned = fixer.batch._repair_segment(fixer_, (SEED_SPUN, "x", (3, 1), explain, True))
    assert repaired[0] == fixer_.fix(SEED_SPUN) != SEED_SPUN
    assert scanned[0] == ""
    assert scanned[1:] == repaired[1:] and scanned[3]

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n\r\t", max_size=120), st.integers(1, 20), st.integers(1, 30))
def test_read_segments_equals_segments(text: str, limit: int, read_chars: int) -> None:
    """A stream read in chunks of any size is cut exactly as the whole text; segments
    cover the text and respect the limit."""
    expected = list(segments(text, limit))
    assert list(read_segments(io.StringIO(text, newline=""), limit, read_chars)) == expected
    assert "".join(expected) == text
    assert all(0 < len(s) <= limit for s in expected)


def test_fix_long_text_is_fix_of_segments() -> None:
    """A text over SEGMENT_CHARS: Fixer.fix equals fixing its segments one by one and
    equals fix_stream; the spun part is repaired, the clean part is not touched."""
    clean = (SEED_ORIGINAL + "\n\n") * (SEGMENT_CHARS // (len(SEED_ORIGINAL) + 2) - 2)
    text = SEED_SPUN + "\n\n" + clean + SEED_SPUN.replace("\n", "\r\n")
    assert len(text) > SEGMENT_CHARS
    parts = list(segments(text))
    assert len(parts) == 2
    fixed = FIXER.fix(text)
    assert fixed == "".join(FIXER.fix(part) for part in parts)
    assert fixed == apply_repairs(text, FIXER.scan(text).repairs) == FIXER.fix_and_scan(text)[0]
    sink = io.StringIO(newline="")
    FIXER.fix_stream(io.StringIO(text, newline=""), sink)
    assert sink.getvalue() == fixed
    assert fixed.count("White House") >= 2 and "White Home" not in fixed
    assert clean in fixed


@pytest.fixture
def big_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, bytes]:
    """A file over a lowered STREAM_BYTES: BOM, CRLF, the spun seed twice; and its
    whole-file repair (computed before lowering the threshold)."""
    monkeypatch.chdir(tmp_path)
    raw = ("\ufeff" + (SEED_SPUN + "\n") * 2).replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "big.txt"
    path.write_bytes(raw)
    whole = run(["fix", str(path)])
    assert whole.exit_code == 0
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    assert len(raw) > 10_000
    return path, whole.stdout_bytes


@pytest.fixture
def streamed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths that went through the streaming path."""
    calls: list[str] = []
    original = fixer.batch._stream_text

    def spy(fx: Fixer, job: Any, raw: Any, sink: Any, messages: Any, to_stdout: bool = False, **kwargs: Any) -> Any:
        calls.append(job.path)
        return original(fx, job, raw, sink, messages, to_stdout, **kwargs)

    monkeypatch.setattr(fixer.batch, "_stream_text", spy)
    return calls


def test_cli_stream_equals_whole_file(big_file: tuple[Path, bytes], streamed: list[str]) -> None:
    """A file over STREAM_BYTES is streamed, with the same bytes as the whole-file path:
    BOM and CRLF kept, repairs made."""
    path, whole = big_file
    result = run(["fix", str(path)])
    assert streamed == [str(path)]
    assert (result.exit_code, result.stdout_bytes) == (0, whole)
    assert whole.startswith(b"\xef\xbb\xbf") and b"\r\n" in whole and b"\n" not in whole.replace(b"\r\n", b"")
    assert b"White House" in whole and b"White Home" not in whole
    out = run(["fix", "-o", "out", str(path)])
    assert out.exit_code == 0 and Path("out", "big.txt").read_bytes() == whole


def test_cli_stream_in_place(big_file: tuple[Path, bytes], streamed: list[str]) -> None:
    """--in-place on a streamed file: replaced by a rename, same bytes as the whole path."""
    path, whole = big_file
    inode = path.stat().st_ino
    result = run(["fix", "--in-place", str(path)])
    assert streamed == [str(path)]
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == whole
    assert path.stat().st_ino != inode
    assert sorted(p.name for p in path.parent.iterdir()) == ["big.txt"]


@pytest.mark.parametrize("at", [9000, -100])
def test_cli_stream_to_stdout_error_writes_nothing(big_file: tuple[Path, bytes], streamed: list[str], at: int) -> None:
    """Invalid UTF-8 deep inside a file streamed to standard output (past the binary
    sniff; *at* counts from the end when negative): exit 2, one error line naming the
    byte, and nothing written, not even the part before the bad byte."""
    path, _ = big_file
    raw = path.read_bytes()
    at %= len(raw)
    path.write_bytes(raw[:at] + b"\xff" + raw[at:])
    result = run(["fix", str(path)])
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    errors = [line for line in result.stderr.splitlines() if line.startswith("fixer: error:")]
    assert len(errors) == 1 and f"not valid utf-8 at byte {at}" in errors[0], result.stderr


@pytest.mark.parametrize("args", [[], ["--explain"], ["--jobs", "2"], ["--check"]], ids=["plain", "explain", "jobs", "check"])
@pytest.mark.parametrize("stdin", [False, True], ids=["file", "stdin"])
def test_cli_scan_of_a_large_input_streams_the_lines_of_a_whole_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     streamed: list[str], args: list[str],
                                                                     stdin: bool) -> None:
    """`scan` of a file or standard input over STREAM_BYTES (BOM, CRLF, the spun seed in
    long lines, cut into segments inside them) is streamed, each segment's scan lines
    written as it is done: the same bytes as a scan of the whole text, from the line
    and column of each repair to the spin score line of the whole text, and the same
    exit status (--check: 1, the text is spun). The scan held every repair of the
    whole text in memory."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "big.txt"
    raw = ("\ufeff" + ("- " + " ".join(SEED_SPUN.split()) + "\n") * 3).replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(raw)
    source = ["-"] if stdin else [str(path)]
    whole = run(["scan", *args, *source], input=raw if stdin else None)
    assert whole.exit_code == (1 if "--check" in args else 0) and not streamed, whole.stderr
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(fixer.batch, "read_segments", lambda stream: read_segments(stream, limit=3000))
    result = run(["scan", *args, *source], input=raw if stdin else None)
    assert streamed and (result.exit_code, result.stdout_bytes) == (whole.exit_code, whole.stdout_bytes), result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 300 and "spin score" in lines[-1] and "spun" in lines[-1]
    assert {line.split(":")[1] for line in lines[:-1] if not line.startswith(" ")} == {"1", "2", "3"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
@pytest.mark.parametrize(("args", "stdin"), [
    (["fix"], False), (["fix"], True), (["scan"], False), (["scan"], True), (["fix", "--stream"], True),
], ids=["fix-file", "fix-stdin", "scan-file", "scan-stdin", "stream-stdin"])
def test_a_large_input_in_utf16_or_utf32_without_a_mark_is_streamed_as_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: list[str], encoding: str, args: list[str],
        stdin: bool) -> None:
    """UTF-16 or UTF-32 without a byte order mark (`--encoding utf-16`), over
    STREAM_BYTES: read in this machine's byte order, as a text read whole is, with the
    same output. A stream decoder refuses such a text ("UTF-16 stream does not start with
    BOM"): a large file or standard input stopped with exit 2, while a small one was
    repaired."""
    monkeypatch.chdir(tmp_path)
    order = "-le" if sys.byteorder == "little" else "-be"
    raw = ("The White Home stated the battle would cease.\n\n" * 60).encode(encoding + order)
    path = tmp_path / "big.txt"
    path.write_bytes(raw)
    source = ["-"] if stdin else [str(path)]
    whole = run([args[0], "--encoding", encoding, *source], input=raw if stdin else None)  # read whole
    shown = whole.stdout_bytes.decode(encoding + order) if args[0] == "fix" else whole.stdout
    assert whole.exit_code == 0 and not streamed and "White House" in shown, whole.stderr
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 1000)
    monkeypatch.setattr(fixer.batch, "read_segments", lambda stream: read_segments(stream, limit=997))
    result = run([*args, "--encoding", encoding, *source], input=raw if stdin else None)
    assert streamed and (result.exit_code, result.stdout_bytes) == (0, whole.stdout_bytes), result.stderr


def test_cli_scan_streamed_stops_at_a_bad_byte_before_any_line(big_file: tuple[Path, bytes]) -> None:
    """Invalid UTF-8 deep inside a file scanned in segments: exit 2, one error line
    naming the byte, and no scan line written (the file is checked first, as a whole
    scan reads it whole first)."""
    path, _ = big_file
    raw = path.read_bytes()
    path.write_bytes(raw[:9000] + b"\xff" + raw[9000:])
    result = run(["scan", str(path)])
    assert result.exit_code == 2 and result.stdout_bytes == b""
    errors = [line for line in result.stderr.splitlines() if line.startswith("fixer: error:")]
    assert len(errors) == 1 and "not valid utf-8 at byte 9000" in errors[0], result.stderr


def test_cli_stream_in_place_error_leaves_file(big_file: tuple[Path, bytes], streamed: list[str]) -> None:
    """Invalid UTF-8 deep inside a streamed file (past the binary sniff): exit 2, one
    error line, the original untouched and no temporary file left."""
    path, _ = big_file
    raw = path.read_bytes()
    bad = raw[:9000] + b"\xff" + raw[9000:]
    path.write_bytes(bad)
    result = run(["fix", "--in-place", str(path)])
    assert streamed == [str(path)]
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("fixer: error:")]
    assert len(errors) == 1 and "not valid utf-8" in errors[0] and "Traceback" not in result.stderr
    assert path.read_bytes() == bad
    assert sorted(p.name for p in path.parent.iterdir()) == ["big.txt"]


@pytest.mark.parametrize("args", [[], ["--in-place"]])
def test_cli_stream_explain_names_each_repair_where_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          streamed: list[str], args: list[str]) -> None:
    """--explain on a streamed file (cut into segments inside its long lines): one line
    per repair, at the line and column of the file where its spun phrase starts, with
    the entry behind it; in place, said once the file is written."""
    path = tmp_path / "big.txt"
    text = "\ufeff" + ("- " + " ".join(SEED_SPUN.split()) + "\r\n") * 3
    path.write_text(text, encoding="utf-8", newline="")
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    cuts: list[str] = []

    def small_segments(stream: Any) -> Any:
        for segment in read_segments(stream, limit=3000):
            cuts.append(segment)
            yield segment

    monkeypatch.setattr(fixer.batch, "read_segments", small_segments)
    result = run(["fix", "--explain", *args, str(path)])
    assert result.exit_code == 0 and streamed == [str(path)], result.stderr
    assert any(not cut.endswith("\n") for cut in cuts[:-1]) and len(cuts) > 5
    lines = text[1:].split("\r\n")
    said = [line for line in result.stderr.splitlines() if not line.startswith("fixer: ")]  # not the summary
    repairs = [re.match(rf"{re.escape(str(path))}:(\d+):(\d+): '(.+)' -> '", line) for line in said[0::2]]
    assert len(repairs) > 300 and all(repairs), said[:4]
    for m in repairs:
        assert m is not None
        line, column = int(m[1]), int(m[2])
        assert lines[line - 1][column - 1:].startswith(m[3]), m[0]
    assert all(line.startswith("    entry ") for line in said[1::2])
    assert [m[1] for m in repairs[:1]] == ["1"] and {m[1] for m in repairs} == {"1", "2", "3"}


STATEFUL = [("iso2022_kr", "한국어 문장입니다"), ("iso2022_jp", "日本語の文章です"), ("hz", "中文的句子")]
"""Stateful encodings with a stateful incremental encoder in Python (UTF-7's keeps no state)."""


@pytest.mark.parametrize(("encoding", "words"), STATEFUL, ids=[s[0] for s in STATEFUL])
@pytest.mark.parametrize("args", [[], ["--stream", "-"], ["--stream", "--jobs", "2", "-"]], ids=["file", "stream", "jobs"])
def test_a_stateful_encoding_is_written_once_across_segments(encoding: str, words: str, args: list[str],
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             streamed: list[str]) -> None:
    """A file in a stateful encoding (a header, or shifts in and out of a character set),
    streamed in segments cut inside its runs of non-ASCII text, gives the bytes of the
    repaired text encoded at once: each segment was encoded on its own, so the header
    and the shifts came again at each cut (bytes outside the repairs changed)."""
    path = tmp_path / "big.txt"
    text = "".join(f"{words} {words}{words} The White Home said.\n" for _ in range(300)) + words.replace(" ", "") * 200
    raw = text.encode(encoding)
    path.write_bytes(raw)
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 1000)
    monkeypatch.setattr(fixer.batch, "read_segments", lambda stream: read_segments(stream, limit=997))
    result = run(["fix", "--encoding", encoding, *(args or [str(path)])], input=None if not args else raw)
    assert result.exit_code == 0 and streamed, result.stderr
    assert result.stdout_bytes == FIXER.fix(text).encode(encoding)
    assert b"White House" in result.stdout_bytes


@pytest.mark.parametrize(("encoding", "words"), STATEFUL, ids=[s[0] for s in STATEFUL])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_stateful_encoding_is_written_once_across_json_lines_batches(encoding: str, words: str, jobs: str,
                                                                       tmp_path: Path) -> None:
    """JSON Lines in a stateful encoding: the records, repaired in batches (one per
    record with one process; of 500 lines with two), are written as the whole output
    encoded at once."""
    path = tmp_path / "in.jsonl"
    records = [json.dumps({"t": f"{words} The White Home said {words}"}, ensure_ascii=False) + "\n"
               for _ in range(3 * fixer.batch.JSONL_BATCH)]
    path.write_bytes("".join(records).encode(encoding))
    result = run(["fix", "--jsonl", "--field", "t", "--encoding", encoding, "--jobs", jobs, str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == "".join(records).replace("White Home", "White House").encode(encoding)


@pytest.fixture
def streamed_to_stdout(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths streamed straight into standard output (not held whole in memory)."""
    calls: list[str] = []
    original = fixer.batch._stream_text

    def spy(fx: Fixer, job: Any, raw: Any, sink: Any, messages: Any, to_stdout: bool = False, **kwargs: Any) -> Any:
        if to_stdout:
            calls.append(job.path)
        return original(fx, job, raw, sink, messages, to_stdout, **kwargs)

    monkeypatch.setattr(fixer.batch, "_stream_text", spy)
    return calls


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_stream_goes_straight_to_stdout_with_any_jobs(big_file: tuple[Path, bytes], streamed_to_stdout: list[str],
                                                          jobs: str) -> None:
    """A lone large file (or standard input) is written out as it is repaired, whatever
    --jobs says: with --jobs 2 its whole output was held in memory (400 MB for a 300 MB
    file)."""
    path, whole = big_file
    result = run(["fix", "-j", jobs, str(path)])
    assert (result.exit_code, result.stdout_bytes) == (0, whole)
    result = run(["fix", "-j", jobs, "-"], input=path.read_bytes())
    assert (result.exit_code, result.stdout_bytes) == (0, whole)
    assert streamed_to_stdout == [str(path), "-"]


@pytest.mark.parametrize("args", [[], ["--explain"], ["--in-place"], ["-o", "out"], ["--explain", "-o", "out"]])
def test_cli_stream_segments_in_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: list[str],
                                        args: list[str]) -> None:
    """--jobs 2 on a lone streamed file (or standard input) repairs its segments in the
    worker processes, every one of them, with the same bytes, messages and summary as
    --jobs 1."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "big.txt"
    text = "\ufeff" + ("- " + " ".join(SEED_SPUN.split()) + "\r\n\r\n" + SEED_SPUN) * 3
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(fixer.batch, "read_segments", lambda stream: read_segments(stream, limit=3000))
    tasks: list[Any] = []
    started = fixer.batch.started

    def spy(pool: Any, func: Any, arg: Any, lost: Any) -> Any:
        tasks.append(arg)
        return started(pool, func, arg, lost)

    monkeypatch.setattr(fixer.batch, "started", spy)
    runs = []
    for jobs in ("1", "2"):
        path.write_text(text, encoding="utf-8", newline="")
        result = run(["fix", "-j", jobs, *args, str(path)])
        assert result.exit_code == 0, result.stderr
        written = path.read_bytes() if "--in-place" in args else Path("out", "big.txt").read_bytes() if "-o" in args else b""
        runs.append((result.stdout_bytes, result.stderr, written, len(tasks)))
        if "--in-place" not in args and "-o" not in args:
            piped = run(["fix", "-j", jobs, *args, "-"], input=text.encode("utf-8"))
            assert (piped.exit_code, piped.stdout_bytes) == (0, result.stdout_bytes), piped.stderr
    segments = list(read_segments(io.StringIO(text, newline=""), limit=3000))
    assert len(segments) > 5
    assert runs[1][:3] == runs[0][:3] and runs[0][3] == 0
    assert [task[0] for task in tasks] == segments * (1 if "--in-place" in args or "-o" in args else 2)
    assert b"White House" in runs[0][0] + runs[0][2] and b"White Home" not in runs[0][0] + runs[0][2]
    assert ("entry " in runs[0][1]) == ("--explain" in args)
    assert streamed == [str(path), str(path)] if "-o" in args or "--in-place" in args else [str(path), "-"] * 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("size", ["large", "small"])
def test_cli_named_pipe_is_streamed_as_standard_input_is(big_file: tuple[Path, bytes], streamed: list[str],
                                                         size: str) -> None:
    """A named pipe (a shell's ``<(...)``, /dev/stdin) tells no size: one over
    STREAM_BYTES goes through a temporary file and is streamed (it was read whole:
    1 GB of memory for 60 MB), a smaller one is read whole; the same output as the file."""
    path, whole = big_file
    data = path.read_bytes() if size == "large" else SEED_SPUN.encode("utf-8")
    expected = whole if size == "large" else run(["fix", "-"], input=data).stdout_bytes
    fifo = path.parent / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    try:
        result = run(["fix", str(fifo)])
    finally:
        writer.join(timeout=60)
    assert (result.exit_code, result.stdout_bytes) == (0, expected)
    assert streamed == ([str(fifo)] if size == "large" else [])
    assert b"White House" in expected


def _through_fifo(tmp: Path, data: bytes, args: list[str]) -> Any:
    """``fixer`` with *args* and a named pipe fed *data* as its last argument. Another
    process writes it: worker processes forked while a thread of this one held the
    pipe open for writing would hold it open too, and its end would never be read."""
    fifo, source = tmp / "pipe", tmp / "pipe-source"
    os.mkfifo(fifo)
    source.write_bytes(data)
    writer = subprocess.Popen(["sh", "-c", 'cat "$1" > "$2"', "sh", str(source), str(fifo)])
    try:
        return run([*args, str(fifo)])
    finally:
        if writer.poll() is None:  # the run stopped before reading it all (or opening it): the writer waits
            writer.kill()
        writer.wait(timeout=60)


@pytest.fixture
def never_spooled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail a run that copies its input to a temporary file."""
    def spool(*args: Any) -> Any:
        raise AssertionError("the input was copied to a temporary file")

    monkeypatch.setattr(fixer.batch, "spool_input", spool)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("size", ["large", "small"])
def test_cli_stream_option_repairs_a_pipe_as_it_comes(big_file: tuple[Path, bytes], streamed: list[str],
                                                      never_spooled: None, jobs: str, size: str) -> None:
    """--stream: a pipe of any size is repaired segment by segment as it is read, never
    copied to a temporary file first, with the output of the file (BOM and CRLF kept)."""
    path, whole = big_file
    data = path.read_bytes() if size == "large" else SEED_SPUN.encode("utf-8")
    expected = whole if size == "large" else FIXER.fix(SEED_SPUN).encode("utf-8")
    result = _through_fifo(path.parent, data, ["fix", "--stream", "--jobs", jobs])
    assert (result.exit_code, result.stdout_bytes) == (0, expected), result.stderr
    assert streamed == [str(path.parent / "pipe")]


# (label, text before a bad byte, where standard output ends ({lines}: line ends written)): segments are
# cut at sentence ends too, so the output can end part way through a line ("after line 0" was said)
STOPPED = [
    ("at-a-line-end", "The White Home stated.\n\n" * 2000, "standard output ends after line {lines}"),
    ("part-way-through-a-line", "First line.\n" + "The White Home stated. " * 2000,
     "standard output ends part way through line {next}"),
    ("nothing-written", "The White Home stated.\n", "nothing was written to standard output"),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(("text", "output"), [c[1:] for c in STOPPED], ids=[c[0] for c in STOPPED])
def test_cli_stream_option_stops_at_a_bad_byte_after_what_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   never_spooled: None, text: str, output: str) -> None:
    """A byte that does not decode, read after segments were written: exit 2, one error
    line naming the bad byte's offset, as a file's error does, and where standard output
    ends, which is a repaired prefix of the text."""
    monkeypatch.setattr(fixer.batch, "read_segments", functools.partial(read_segments, limit=2000, read_chars=500))
    result = _through_fifo(tmp_path, text.encode() + b"\xff and more\n", ["fix", "--stream"])
    written = result.stdout_bytes.decode()
    lines = written.count("\n")
    assert result.exit_code == 2 and FIXER.fix(text).startswith(written)
    assert result.stderr.strip() == (f"fixer: error: {tmp_path / 'pipe'}: not valid utf-8 at byte {len(text.encode())} "
                                     f"({output.format(lines=lines, next=lines + 1)}); try --encoding or --errors "
                                     "surrogateescape")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_cli_stream_option_refuses_a_binary_pipe(tmp_path: Path, never_spooled: None) -> None:
    result = _through_fifo(tmp_path, b"The White Home\x00\x01 stated.\n", ["fix", "--stream"])
    assert (result.exit_code, result.stdout_bytes) == (2, b"")
    assert "looks like a binary file (NUL bytes), not text" in result.stderr


@pytest.mark.parametrize(("start", "error"), [
    (b"\xff", "fixer: error: <stdin>: not valid utf-8 at byte 0; try --encoding or --errors surrogateescape"),
    (b"\x00", "fixer: error: <stdin>: looks like a binary file (NUL bytes), not text"),
], ids=["undecodable", "binary"])
def test_a_bad_endless_pipe_is_refused_before_its_end(tmp_path: Path, start: bytes, error: str) -> None:
    """``cat /dev/zero | fixer fix``: standard input too large to hold is copied to a
    temporary file, but binary or undecodable input is refused as it is read: it was
    copied to its end first, which an endless producer never reaches (6 GB of disk in
    12 seconds)."""
    proc = subprocess.Popen([sys.executable, "-m", "fixer", "fix", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdin is not None and proc.stderr is not None

    def produce() -> None:
        assert proc.stdin is not None
        try:
            proc.stdin.write(start)
            while True:
                proc.stdin.write(b"x" * (1 << 20))
        except (BrokenPipeError, ValueError):  # fixer stopped reading
            pass

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    try:
        assert proc.wait(timeout=120) == 2
        assert proc.stderr.read().decode().strip() == error
    finally:
        proc.kill()
        proc.wait()
        try:
            proc.stdin.close()
        except BrokenPipeError:  # what the producer left in its buffer
            pass


def test_stream_option_reads_standard_input_from_where_it_stands(tmp_path: Path) -> None:
    """A file as standard input whose first line the shell has read already: --stream
    repairs the rest, as without it (it read the file again from its start)."""
    (tmp_path / "in.txt").write_text("HEADER\nThe White Home stated.\n", encoding="utf-8")
    fixer_command = " ".join([sys.executable, "-m", "fixer", "fix"])
    for option in ("--stream", ""):
        out = subprocess.run(["sh", "-c", f"{{ read -r h; {fixer_command} {option} -; }} < in.txt"], cwd=tmp_path,
                             capture_output=True, timeout=120)
        assert (out.returncode, out.stdout) == (0, b"The White House stated.\n"), out.stderr


def test_stream_option_reads_utf16_without_its_mark_in_this_machines_byte_order() -> None:
    """UTF-16 without a byte order mark read as it comes: read and written back in this
    machine's byte order, as a text read whole is (a stream decoder refuses it: "UTF-16
    stream does not start with BOM")."""
    order = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"
    result = run(["fix", "--stream", "--encoding", "utf-16", "-"], input="The White Home stated.\n".encode(order))
    assert (result.exit_code, result.stdout_bytes) == (0, "The White House stated.\n".encode(order)), result.stderr


def test_stream_option_gives_output_before_the_input_ends(tmp_path: Path) -> None:
    """``producer | fixer fix --stream -``: the first segments come out while the
    producer still writes, its pipe open (without --stream, not before the end of the
    input, which an endless producer never reaches)."""
    proc = subprocess.Popen([sys.executable, "-m", "fixer", "fix", "--stream", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdin is not None and proc.stdout is not None
    sentence = "The White Home stated the energy crops were hit.\n"
    more = threading.Event()
    feeding = threading.Thread(target=_feed, args=(proc.stdin, (sentence * 50_000).encode(), more), daemon=True)
    feeding.start()
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        assert ready and not more.is_set(), "no output while the input was still open"
        first = proc.stdout.read(len(FIXED_SENTENCE))
        assert first == FIXED_SENTENCE
    finally:
        more.set()
        rest = proc.stdout.read()  # read before waiting for the feeder, which may wait for room in the pipe
        feeding.join(timeout=60)
        proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert (first + rest).count(b"White House") == 2 * 50_000


FIXED_SENTENCE = b"The White House said the power plants were hit.\n"


def _feed(sink: Any, block: bytes, more: threading.Event) -> None:
    """Write *block* to *sink* (about 2.5 MB: past the first segment) and keep it open
    until *more* is set, then write it again and close it."""
    sink.write(block)
    sink.flush()
    more.wait()
    sink.write(block)
    sink.close()


@pytest.mark.xfail(strict=True, reason="repairs change a long text's length, so a second run may cut it at another "
                   "paragraph break, and a document condition whose phrase was in the next segment is met (README, "
                   "Known limitations)")
def test_a_long_text_cut_elsewhere_on_a_second_run_is_not_a_fixed_point() -> None:
    """Known limitation, kept visible: a safe repair shortens each paragraph, so the first
    cut of a second run falls one paragraph later and brings "gradient boosting" into the
    segment of "angle boosting", whose entry asks for it."""
    fixer = Fixer.from_files()
    paragraph, conditional = "Oval Workplace.\n\n", "angle boosting.\n\n"
    text = paragraph * ((SEGMENT_CHARS - len(conditional) - 5) // len(paragraph)) + conditional + "gradient boosting.\n\n"
    fixed = fixer.fix(text)
    assert fixer.fix(fixed) == fixed
