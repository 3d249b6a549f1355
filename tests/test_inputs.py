"""Awkward inputs through the CLI: empty, line endings, BOM, binary, bad encodings,
directories, missing files, unwritable outputs, permissions."""

from __future__ import annotations

import codecs
import functools
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

import fixer.batch
import fixer.cli.fix
import fixer.files
from fixer import Fixer, load_glossaries
from fixer.cli import main
from fixer.files import BOM_BYTES, decode, encode, peek
from fixer.stream import read_segments

SPUN = "The White Home stated the energy crops were hit."
FIXED = "The White House said the power plants were hit."
FIXER = Fixer(load_glossaries())


@pytest.fixture(autouse=True, scope="module")
def _fast_cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """In-process runs build each Fixer once; subprocesses use a private compiled-glossary
    cache, so ~/.cache is left alone."""
    build = functools.lru_cache(maxsize=None)(fixer.cli.common.FixerOptions.build)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.setattr(fixer.cli.common.FixerOptions, "build", build)
        yield


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def one_error_line(result: Result) -> str:
    """The single error line of a refused input (no traceback; a batch that writes files
    adds its summary line)."""
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert lines and lines[0].startswith("fixer: error:"), lines
    assert lines[1:] in ([], ["fixer: 0 documents, 0 repairs, 0 spun, 1 error"]), lines
    return lines[0]


# (label, input bytes, expected output bytes): kept exactly apart from the repair
KEPT = [
    ("empty", b"", b""),
    ("crlf", SPUN.encode().replace(b" the", b"\r\nthe") + b"\r\n", FIXED.encode().replace(b" the", b"\r\nthe") + b"\r\n"),
    ("lone-cr", b"one\rThe White Home\r\rtwo\r", b"one\rThe White House\r\rtwo\r"),
    ("bom", b"\xef\xbb\xbf" + SPUN.encode(), b"\xef\xbb\xbf" + FIXED.encode()),
    ("bom-only", b"\xef\xbb\xbf", b"\xef\xbb\xbf"),
    ("mixed-endings", b"a\r\nWhite\r\nHome\nb\r", b"a\r\nWhite\r\nHouse\nb\r"),
    ("no-final-newline", b"White Home", b"White House"),
]


@pytest.mark.parametrize("data, expected", [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_bytes_kept_file_and_stdin(tmp_path: Path, data: bytes, expected: bytes) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    for result in (run("fix", str(path)), run("fix", "-", stdin=data)):
        assert result.exit_code == 0, result.stderr
        assert result.stdout_bytes == expected
    assert path.read_bytes() == data


def test_empty_stdin_subprocess() -> None:
    proc = subprocess.run([sys.executable, "-m", "fixer", "fix", "-"], input=b"", capture_output=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


# (label, bytes, extra options, part of the message)
REFUSED = [
    ("nul", b"White Home\x00 said", (), "binary"),
    ("nul-first", b"\x00", (), "binary"),
    ("invalid-utf8", b"White Home \xff said", (), "not valid utf-8 at byte 11"),
    ("truncated-utf8", b"White Home \xe2\x80", (), "not valid utf-8"),
    ("lone-surrogate-utf8", b"\xed\xa0\x80", (), "not valid utf-8"),
    ("utf16-no-bom", "White Home".encode("utf-16-le"), (), "binary file (NUL bytes), not text; if it is UTF-16 "
     "without a byte order mark, try --encoding utf-16-le"),
    ("utf16-be-no-bom", "White Home".encode("utf-16-be"), (), "try --encoding utf-16-be"),
    ("utf32-no-bom", "White Home".encode("utf-32-le"), (), "try --encoding utf-32-le"),
    # a character beyond U+00FF has no NUL byte where Latin letters have one (the hint was left out)
    ("utf16-no-bom-curly-quotes", "The \u201cWhite Home\u201d stated".encode("utf-16-le"), (),
     "try --encoding utf-16-le"),
    ("utf32-be-no-bom-dash", "White Home \u2014 Oval Workplace".encode("utf-32-be"), (), "try --encoding utf-32-be"),
    ("unknown-encoding", b"White Home", ("--encoding", "no-such-codec"), "unknown encoding"),
    # a name Python cannot encode to look up gave the codec's error ("surrogates not allowed")
    ("encoding-name-not-ascii", b"White Home", ("--encoding", "\udcff"), "unknown encoding '\\udcff'"),
    # a mark, which without --encoding says the encoding: the hint named --encoding utf-16-le
    ("utf16-bom-latin-1", codecs.BOM_UTF16_LE + "White Home".encode("utf-16-le"), ("--encoding", "latin-1"),
     "binary file (NUL bytes), not text; it starts with a UTF-16 byte order mark: leave out --encoding, and it is "
     "read as UTF-16"),
    ("utf32-be-bom-cp1252", codecs.BOM_UTF32_BE + "White Home".encode("utf-32-be"), ("--encoding", "cp1252"),
     "it starts with a UTF-32 byte order mark: leave out --encoding, and it is read as UTF-32"),
]


@pytest.mark.parametrize("data, options, message", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_refused_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, options: tuple[str, ...],
                               message: str, streamed: bool) -> None:
    """The same message for a file streamed in segments (one written in place used to
    be refused without the offset of the bad byte)."""
    if streamed:
        monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    for args, stdin in (((*options, str(path)), None), ((*options, "-"), data)):
        result = run("fix", *args, stdin=stdin)
        assert message in one_error_line(result)
        assert result.stdout_bytes == b""
    in_place = run("fix", "--in-place", *options, str(path))
    assert message in one_error_line(in_place)
    assert path.read_bytes() == data


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_no_advice_to_use_what_was_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    """Bytes that --errors surrogateescape cannot carry (a lone surrogate in UTF-16) are
    refused without advice to try --errors surrogateescape: saying that it cannot carry
    them, whole file or streamed."""
    if streamed:
        monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    path = tmp_path / "in.txt"
    path.write_bytes("White Home".encode("utf-16-le") + b"\x00\xd8")
    line = one_error_line(run("fix", "--encoding", "utf-16-le", "--errors", "surrogateescape", str(path)))
    assert line.startswith(f"fixer: error: {path}: not valid utf-16-le") and line.endswith(
        ", and --errors surrogateescape cannot carry the bytes of utf-16-le through (it carries those of UTF-8 and "
        "8-bit encodings)"), line
    # nor without it: it cannot carry the bytes of UTF-16 or UTF-32
    line = one_error_line(run("fix", "--encoding", "utf-16-le", str(path)))
    assert line.startswith(f"fixer: error: {path}: not valid utf-16-le") and line.endswith("; try --encoding"), line


def test_refusal_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00White Home")
    proc = subprocess.run([sys.executable, "-m", "fixer", "fix", str(path)], capture_output=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == b""
    assert len(proc.stderr.decode().strip().splitlines()) == 1, proc.stderr


def test_surrogateescape_carries_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    data = b"\xff The White Home \xc3( said \x00\x80"
    path.write_bytes(data)
    result = run("fix", "--errors", "surrogateescape", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == data.replace(b"White Home", b"White House")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_surrogateescape_round_trip_library(data: bytes) -> None:
    text = decode(data, "x", "utf-8", "surrogateescape")
    assert encode(text, "utf-8", "surrogateescape") == data
    assert encode(FIXER.fix(text), "utf-8", "surrogateescape") == encode(FIXER.fix(text), "utf-8", "surrogateescape")


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_surrogateescape_round_trip_cli(head: bytes, tail: bytes) -> None:
    data = head + b"\n\nThe White Home said.\n\n" + tail
    expected = encode(FIXER.fix(decode(data, "x", "utf-8", "surrogateescape")), "utf-8", "surrogateescape")
    result = run("fix", "--errors", "surrogateescape", "-", stdin=data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == expected
    assert b"White House" in result.stdout_bytes


def test_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    data = "Café: the White Home spoke, naïvely.\n".encode("latin-1")
    path.write_bytes(data)
    assert "not valid utf-8" in one_error_line(run("fix", str(path)))
    result = run("fix", "--encoding", "latin-1", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == "Café: the White House spoke, naïvely.\n".encode("latin-1")
    assert run("fix", "--encoding", "latin-1", "--in-place", str(path)).exit_code == 0
    assert path.read_bytes() == result.stdout_bytes


TWO_SPUN = "The White Home stated.\n\nThe White Home stated.\n"
TWO_FIXED = "The White House stated.\n\nThe White House stated.\n"
CLEAN = "hello\n\nworld\n"
NATIVE = {bits: f"utf-{bits}-{sys.byteorder[0]}e" for bits in (16, 32)}  # what the decoders assume without a BOM
LE16, BE16, LE32, BE32 = codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE

# (label, input bytes, --encoding, expected output bytes): the encodings whose decoder drops a
# byte order mark write one exactly where the input had one, in the input's byte order
BOMS = [
    ("utf-8-sig-none-clean", CLEAN.encode(), "utf-8-sig", CLEAN.encode()),
    ("utf-8-sig-none-repaired", TWO_SPUN.encode(), "utf-8-sig", TWO_FIXED.encode()),
    ("utf-8-sig-bom-clean", codecs.BOM_UTF8 + CLEAN.encode(), "utf-8-sig", codecs.BOM_UTF8 + CLEAN.encode()),
    ("utf-8-sig-bom-repaired", codecs.BOM_UTF8 + TWO_SPUN.encode(), "utf_8_sig", codecs.BOM_UTF8 + TWO_FIXED.encode()),
    ("utf-16-none-clean", CLEAN.encode(NATIVE[16]), "utf-16", CLEAN.encode(NATIVE[16])),
    ("utf-16-none-repaired", TWO_SPUN.encode(NATIVE[16]), "UTF-16", TWO_FIXED.encode(NATIVE[16])),
    ("utf-16-le-bom-repaired", LE16 + TWO_SPUN.encode("utf-16-le"), "utf-16", LE16 + TWO_FIXED.encode("utf-16-le")),
    ("utf-16-be-bom-clean", BE16 + CLEAN.encode("utf-16-be"), "utf-16", BE16 + CLEAN.encode("utf-16-be")),
    ("utf-16-be-bom-repaired", BE16 + TWO_SPUN.encode("utf-16-be"), "utf16", BE16 + TWO_FIXED.encode("utf-16-be")),
    ("utf-32-none-repaired", TWO_SPUN.encode(NATIVE[32]), "utf-32", TWO_FIXED.encode(NATIVE[32])),
    ("utf-32-be-bom-repaired", BE32 + TWO_SPUN.encode("utf-32-be"), "utf-32", BE32 + TWO_FIXED.encode("utf-32-be")),
    # UTF-8, the default: a UTF-16 or UTF-32 byte order mark (never valid UTF-8) says the encoding
    ("utf-8-utf-16-le-bom", LE16 + TWO_SPUN.encode("utf-16-le"), "utf-8", LE16 + TWO_FIXED.encode("utf-16-le")),
    ("utf-8-utf-16-be-bom", BE16 + TWO_SPUN.encode("utf-16-be"), "utf-8", BE16 + TWO_FIXED.encode("utf-16-be")),
    ("utf-8-utf-32-le-bom", LE32 + TWO_SPUN.encode("utf-32-le"), "utf-8", LE32 + TWO_FIXED.encode("utf-32-le")),
    ("utf-8-utf-32-be-bom", BE32 + CLEAN.encode("utf-32-be"), "utf-8", BE32 + CLEAN.encode("utf-32-be")),
    ("utf-8-sig-utf-16-le-bom", LE16 + TWO_SPUN.encode("utf-16-le"), "utf-8-sig", LE16 + TWO_FIXED.encode("utf-16-le")),
]
# Python's incremental UTF-16 and UTF-32 decoders refuse input without a BOM: such files do not stream
STREAMED = [c for c in BOMS if not c[0].startswith(("utf-16-none", "utf-32-none"))]


def _outputs(tmp_path: Path, data: bytes, encoding: str, stdin: bool = True, *options: str) -> list[bytes]:
    """What fix --encoding *encoding* (and *options*) makes of *data*: on stdout, read
    from a file and (with *stdin*) from stdin; written to --output-dir; and in place."""
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    fix = ("fix", "--encoding", encoding, *options)
    runs = [run(*fix, str(path))]
    runs += [run(*fix, "-", stdin=data)] if stdin else []
    runs += [run(*fix, "-o", str(tmp_path / "out"), str(path)), run(*fix, "--in-place", str(path))]
    assert [r.exit_code for r in runs] == [0] * len(runs), [r.stderr for r in runs]
    return [r.stdout_bytes for r in runs[:-2]] + [(tmp_path / "out" / "in.txt").read_bytes(), path.read_bytes()]


@pytest.mark.parametrize("data, encoding, expected", [c[1:] for c in BOMS], ids=[c[0] for c in BOMS])
def test_byte_order_mark_as_in_the_input(tmp_path: Path, data: bytes, encoding: str, expected: bytes) -> None:
    assert _outputs(tmp_path, data, encoding) == [expected] * 4


@pytest.mark.parametrize("data, encoding, expected", [c[1:] for c in STREAMED], ids=[c[0] for c in STREAMED])
def test_byte_order_mark_as_in_the_input_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes,
                                                  encoding: str, expected: bytes) -> None:
    """The same in a file streamed in segments (one a paragraph here), and in a large
    standard input, streamed too: the mark on the first only, every one in the input's
    byte order."""
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    monkeypatch.setattr(fixer.batch, "read_segments", functools.partial(read_segments, limit=30))
    assert _outputs(tmp_path, data, encoding) == [expected] * 4


def test_a_large_standard_input_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input over STREAM_BYTES is kept in a temporary file and repaired segment
    by segment, as a large file is, with the same output (it was read whole: 1.6 GB of
    memory for 100 MB of text); a smaller one is read whole."""
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 100)
    streamed: list[str] = []
    stream_text = fixer.batch._stream_text

    def spy(fixer_: Any, job: Any, *args: Any, **kwargs: Any) -> Any:
        streamed.append(job.path)
        return stream_text(fixer_, job, *args, **kwargs)

    monkeypatch.setattr(fixer.batch, "_stream_text", spy)
    data = "The White Home stated.\n\n".encode() * 20
    assert run("fix", "-", stdin=data).stdout_bytes == data.replace(b"Home", b"House")
    assert streamed == ["-"]
    assert run("fix", "-", stdin=data[:50]).stdout_bytes == data[:50].replace(b"Home", b"House")
    assert streamed == ["-"]


MARKED_IN_UTF_8 = [c for c in STREAMED if c[0].startswith("utf-8-utf-")]


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("data, encoding, expected", [c[1:] for c in MARKED_IN_UTF_8], ids=[c[0] for c in MARKED_IN_UTF_8])
def test_byte_order_mark_taken_with_surrogateescape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes,
                                                   encoding: str, expected: bytes, streamed: bool) -> None:
    """--errors surrogateescape still reads a text with a UTF-16 or UTF-32 mark in that
    encoding (it carried it through as escaped bytes, unrepaired, with exit 0)."""
    if streamed:
        monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    assert _outputs(tmp_path, data, encoding, True, "--errors", "surrogateescape") == [expected] * 4


JSONL_SPUN = '{"text": "The White Home stated."}\n{"text": "hello"}\n{"text": "The White Home stated."}\n'
JSONL_FIXED = JSONL_SPUN.replace("Home", "House")


@pytest.mark.parametrize("args", [["fix", "--jsonl"], ["fix", "--jsonl", "--skip-bad"],
                                  ["scan", "--jsonl", "--check", "--skip-bad"]], ids=["fix", "skip-bad", "scan-check"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-be"])
def test_jsonl_in_utf16_without_a_mark_is_refused(tmp_path: Path, args: list[str], encoding: str) -> None:
    """JSON Lines in UTF-16 or UTF-32 without a byte order mark is refused as plain text
    is, naming the --encoding to try: it gave errors about invalid JSON at column 2, and
    with --skip-bad passed through as bad lines with exit 0 (scan --check: "not spun")."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(JSONL_SPUN.encode(encoding))
    for stdin in (None, path.read_bytes()):
        line = one_error_line(run(*args, str(path) if stdin is None else "-", stdin=stdin))
        assert line.endswith(f"without a byte order mark, try --encoding {encoding}"), line


@pytest.mark.parametrize("args", [["fix", "--jsonl"], ["scan", "--jsonl", "--check", "--skip-bad"]],
                         ids=["fix", "scan-check"])
@pytest.mark.parametrize("mark, encoding, name", [(LE16, "utf-16-le", "UTF-16"), (BE32, "utf-32-be", "UTF-32")],
                         ids=["utf-16", "utf-32"])
def test_jsonl_with_a_mark_under_an_8_bit_encoding_is_refused(tmp_path: Path, args: list[str], mark: bytes,
                                                                encoding: str, name: str) -> None:
    """JSON Lines in UTF-16 or UTF-32 with a byte order mark, read under an 8-bit
    --encoding, is refused with the advice to leave --encoding out, as plain text is
    (it gave "invalid JSON (Expecting value at column 1)")."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(mark + JSONL_SPUN.encode(encoding))
    for stdin in (None, path.read_bytes()):
        line = one_error_line(run(*args, "--encoding", "latin-1", str(path) if stdin is None else "-", stdin=stdin))
        assert line.endswith(f"byte order mark: leave out --encoding, and it is read as {name}"), line


# (label, input bytes, --encoding, expected output bytes), as BOMS for JSON Lines
JSONL_BOMS = [
    ("utf-8-sig-none", JSONL_SPUN.encode(), "utf-8-sig", JSONL_FIXED.encode()),
    ("utf-8-sig-bom", codecs.BOM_UTF8 + JSONL_SPUN.encode(), "utf-8-sig", codecs.BOM_UTF8 + JSONL_FIXED.encode()),
    ("utf-16-be-bom", BE16 + JSONL_SPUN.encode("utf-16-be"), "utf-16", BE16 + JSONL_FIXED.encode("utf-16-be")),
    ("utf-8-utf-16-le-bom", LE16 + JSONL_SPUN.encode("utf-16-le"), "utf-8", LE16 + JSONL_FIXED.encode("utf-16-le")),
    ("utf-8-utf-32-be-bom", BE32 + JSONL_SPUN.encode("utf-32-be"), "utf-8", BE32 + JSONL_FIXED.encode("utf-32-be")),
]


@pytest.mark.parametrize("data, encoding, expected", [c[1:] for c in JSONL_BOMS], ids=[c[0] for c in JSONL_BOMS])
def test_jsonl_byte_order_mark_as_in_the_input(tmp_path: Path, data: bytes, encoding: str, expected: bytes) -> None:
    """From a file and from stdin, one batch at a time and in batches on two workers."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    for jobs in ("1", "2"):
        for source, stdin in ((str(path), None), ("-", data)):
            result = run("fix", "--jsonl", "--encoding", encoding, "--jobs", jobs, source, stdin=stdin)
            assert (result.exit_code, result.stdout_bytes) == (0, expected), (jobs, source, result.stderr)


class _Trickle(io.RawIOBase):
    """A pipe that gives its bytes in the pieces given, one per read."""

    def __init__(self, *pieces: bytes) -> None:
        super().__init__()
        self._pieces = list(pieces)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        piece = self._pieces.pop(0) if self._pieces else b""
        buffer[:len(piece)] = piece
        return len(piece)


@pytest.mark.parametrize("cut", [1, 2, 3], ids=["1-byte", "2-bytes", "3-bytes"])
def test_peek_waits_for_a_byte_order_mark_cut_by_a_pipe(cut: int) -> None:
    """A pipe that gives the first bytes of a byte order mark alone still shows the whole
    mark, and the stream then reads everything once, in order."""
    data = LE32 + JSONL_SPUN.encode("utf-32-le")
    head, stream = peek(io.BufferedReader(_Trickle(data[:cut], data[cut:])), BOM_BYTES)
    assert head == data[:BOM_BYTES]
    assert stream.read() == data


def test_jsonl_byte_order_mark_cut_by_a_pipe(tmp_path: Path) -> None:
    """End to end: the first byte of a UTF-16 mark, then the rest a moment later, on
    standard input (read as UTF-8 before: 'not valid utf-8 (byte 0xff)')."""
    data = LE16 + JSONL_SPUN.encode("utf-16-le")
    writer = f"import sys, time; d = {data!r}; o = sys.stdout.buffer; o.write(d[:1]); o.flush(); time.sleep(2); o.write(d[1:])"
    with subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE) as feed:
        proc = subprocess.run([sys.executable, "-m", "fixer", "fix", "--jsonl", "-"], stdin=feed.stdout,
                              capture_output=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, LE16 + JSONL_FIXED.encode("utf-16-le")), proc.stderr


def test_a_missing_file_named_dot_slash_dash_is_named_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"./-" is a file, not standard input: it was named "-" in the error."""
    monkeypatch.chdir(tmp_path)
    assert one_error_line(run("fix", "./-", stdin=b"White Home")) == "fixer: error: ./-: no such file"


def test_directory_as_file(tmp_path: Path) -> None:
    assert "is a directory" in one_error_line(run("fix", str(tmp_path)))
    assert "is a directory" in one_error_line(run("fix", "--in-place", str(tmp_path)))


@pytest.mark.parametrize("command", [["scan", "--json"], ["fix", "--json"], ["fix", "-i"]])
def test_a_directory_without_recursive_is_one_input_in_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             command: list[str]) -> None:
    """A directory named without --recursive is an input in error, as a missing file is:
    the other inputs are done (it stopped the run before any of them)."""
    monkeypatch.chdir(tmp_path)
    Path("adir").mkdir()
    Path("a.txt").write_text("The White Home stated it.\n", encoding="utf-8")
    result = run(*command, "adir", "a.txt")
    assert result.exit_code == 2
    if "--json" in command:
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert records[0] == {"schema": 1, "file": "adir", "error": "adir: is a directory (use --recursive for the files in it)"}
        assert records[1]["file"] == "a.txt" and records[1]["repairs"]
    else:
        assert Path("a.txt").read_text(encoding="utf-8") == "The White House stated it.\n"
        assert "fixer: error: adir: is a directory" in result.stderr


# (label, arguments): tree/locked cannot be read; tree/a.txt and tree/sub/c.txt can
UNREADABLE_DIRS = [
    ("subdirectory", ["fix", "-r", "-i", "tree"]),
    ("top-level", ["fix", "-r", "-i", "tree/locked", "tree/a.txt", "tree/sub"]),
    ("json", ["fix", "-r", "--json", "tree"]),
    ("scan", ["scan", "-r", "tree"]),
]


@pytest.mark.parametrize("args", [c[1] for c in UNREADABLE_DIRS], ids=[c[0] for c in UNREADABLE_DIRS])
def test_unreadable_directory_in_a_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    """A directory the walk cannot read is an error naming it, as an unreadable file is
    (exit 2, a JSON error record), and the other files are still done. (Simulated: root
    reads any directory.)"""
    monkeypatch.chdir(tmp_path)
    for name in ("tree/a.txt", "tree/locked/b.txt", "tree/sub/c.txt"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(SPUN, encoding="utf-8")
    scandir = os.scandir

    def locked(path: str | os.PathLike[str] = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked)
    result = run(*args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors[0] == "fixer: error: tree/locked: cannot read the directory: Permission denied", result.stderr
    assert errors[1:] in ([], ["fixer: 2 documents, 6 repairs, 2 spun, 1 error"]), result.stderr
    if "-i" in args:
        assert [Path(n).read_text(encoding="utf-8") for n in ("tree/a.txt", "tree/sub/c.txt")] == [FIXED, FIXED]
    if "--json" in args:
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r["file"] for r in records] == ["tree/locked", "tree/a.txt", "tree/sub/c.txt"]
        assert records[0]["error"] == "tree/locked: cannot read the directory: Permission denied"
    assert Path("tree/locked/b.txt").read_text(encoding="utf-8") == SPUN


# (label, arguments): locked.txt cannot be read; a.txt and c.txt can
UNREADABLE_FILES = [
    ("in-place", ["fix", "-i", "a.txt", "locked.txt", "c.txt"]),
    ("output-dir", ["fix", "-o", "out", "a.txt", "locked.txt", "c.txt"]),
    ("json", ["fix", "--json", "a.txt", "locked.txt", "c.txt"]),
    ("jsonl", ["fix", "--jsonl", "-o", "out", "a.txt", "locked.txt", "c.txt"]),
    ("scan", ["scan", "a.txt", "locked.txt", "c.txt"]),
]


@pytest.mark.parametrize("args", [c[1] for c in UNREADABLE_FILES], ids=[c[0] for c in UNREADABLE_FILES])
def test_unreadable_file_in_a_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    """A file that cannot be read is an error naming it, in its turn, and the other files
    are still done (the command line used to refuse the whole batch before reading any).
    Simulated: root reads any file."""
    monkeypatch.chdir(tmp_path)
    text = json.dumps({"text": SPUN}) + "\n" if "--jsonl" in args else SPUN
    repaired = json.dumps({"text": FIXED}) + "\n" if "--jsonl" in args else FIXED
    for name in ("a.txt", "locked.txt", "c.txt"):
        Path(name).write_text(text, encoding="utf-8")
    access, real_open = os.access, open

    def refused(path: str | os.PathLike[str], *args: object, **kwargs: object) -> bool:
        return Path(path).name != "locked.txt" and access(path, *args, **kwargs)  # type: ignore[arg-type]

    def locked_open(path: str | os.PathLike[str], *args: object, **kwargs: object) -> object:
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "access", refused)
    monkeypatch.setattr(fixer.files, "open", locked_open, raising=False)
    result = run(*args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors[0] == "fixer: error: locked.txt: cannot read: Permission denied", result.stderr
    if "-i" in args:
        assert [Path(n).read_text(encoding="utf-8") for n in ("a.txt", "c.txt")] == [repaired, repaired]
    if "-o" in args:
        assert [(Path("out") / n).read_text(encoding="utf-8") for n in ("a.txt", "c.txt")] == [repaired, repaired]
        assert not (Path("out") / "locked.txt").exists()
    if "--json" in args:
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r["file"] for r in records] == ["a.txt", "locked.txt", "c.txt"]
        assert records[1] == {"schema": 1, "file": "locked.txt", "error": "locked.txt: cannot read: Permission denied"}
    if args[0] == "scan":
        assert [line.split(":")[0] for line in result.stdout.splitlines() if "spin score" in line] == ["a.txt", "c.txt"]
    assert Path("locked.txt").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("args", [["fix", "-r", "-i", "d"], ["scan", "d/ok/a.txt", "d/noexec/c.txt"]], ids=["walk", "named"])
def test_file_in_a_folder_that_cannot_be_entered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    """In a folder that can be listed but not entered (mode r without x), nothing can be
    told about a file, not even whether it is one: it is an error in its turn and the
    other files are still done (the check used to end the run). Simulated: root enters
    any folder."""
    monkeypatch.chdir(tmp_path)
    for name in ("d/ok/a.txt", "d/noexec/c.txt"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(SPUN, encoding="utf-8")
    real_open, is_file, is_dir, is_symlink, exists = open, Path.is_file, Path.is_dir, Path.is_symlink, Path.exists

    def refused(check: Any) -> Any:
        def inside(self: Path) -> bool:
            if "noexec" in self.parts[:-1]:
                raise PermissionError(13, "Permission denied", str(self))
            return bool(check(self))
        return inside

    def locked_open(path: str | os.PathLike[str], *args: object, **kwargs: object) -> object:
        if "noexec" in Path(path).parts[:-1]:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "is_file", refused(is_file))
    monkeypatch.setattr(Path, "is_dir", refused(is_dir))
    monkeypatch.setattr(Path, "is_symlink", refused(is_symlink))  # the walk's look for links to nothing
    monkeypatch.setattr(Path, "exists", refused(exists))
    monkeypatch.setattr(fixer.files, "open", locked_open, raising=False)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert [line for line in result.stderr.splitlines() if "error" in line][0] == (
        "fixer: error: d/noexec/c.txt: cannot read: Permission denied"), result.stderr
    if "-i" in args:
        assert Path("d/ok/a.txt").read_text(encoding="utf-8") == FIXED
    else:
        assert "d/ok/a.txt: spin score" in result.stdout
    assert Path("d/noexec/c.txt").read_text(encoding="utf-8") == SPUN


@pytest.mark.parametrize("args", [["fix", "-r", "-o", "out", "."], ["scan", "-r", "."], ["fix", "-r", "-i", "."]],
                         ids=["output-dir", "scan", "in-place"])
def test_a_file_named_dash_found_by_a_walk_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     args: list[str]) -> None:
    """A file named "-" in a walk of "." is that file, not standard input."""
    monkeypatch.chdir(tmp_path)
    Path("-").write_text(SPUN, encoding="utf-8")
    result = run(*args, stdin=b"The White Home, read from standard input.")
    assert result.exit_code == 0, result.output
    assert "standard input" not in result.output
    if "-o" in args:
        assert Path("out/-").read_text(encoding="utf-8") == FIXED
    elif "-i" in args:
        assert Path("-").read_text(encoding="utf-8") == FIXED
    else:
        assert result.stdout.splitlines()[-1].startswith("./-: spin score 20.0 "), result.stdout


@pytest.mark.parametrize("name", ["a" * 251 + ".txt", "\u00e9" * 125 + ".txt"], ids=["ascii", "two-byte"])
@pytest.mark.parametrize("args", [["-i"], ["-o", "out"]], ids=["in-place", "output-dir"])
def test_a_file_name_of_255_bytes_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                              args: list[str]) -> None:
    """The temporary file beside a file with the longest name a file system takes has a
    name it takes too (".NAME.xxxxxxxx.fixer-tmp" was 20 bytes too long)."""
    monkeypatch.chdir(tmp_path)
    assert len(os.fsencode(name)) in (254, 255)
    Path(name).write_text(SPUN, encoding="utf-8")
    result = run("fix", *args, name)
    assert result.exit_code == 0, result.output
    assert (Path(*args[1:]) / name).read_text(encoding="utf-8") == FIXED
    assert not [p for p in Path(*args[1:]).iterdir() if p.name.endswith(".fixer-tmp")]


def test_an_interrupt_as_the_temporary_file_is_made_removes_it(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A signal handled just after the temporary file is created (SIGTERM to a worker
    process raises SystemExit there) used to leave it behind: the file was made before
    the block that removes it on the way out began."""
    target = tmp_path / "a.txt"
    target.write_bytes(b"original")
    real_open = os.open

    def open_then_stop(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        fd = real_open(path, flags, mode, **kwargs)
        if str(path).endswith(".fixer-tmp"):
            raise SystemExit(143)
        return fd

    monkeypatch.setattr(os, "open", open_then_stop)
    with pytest.raises(SystemExit):
        fixer.files.write_atomic(target, b"repaired")
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert target.read_bytes() == b"original"


def _batch(tmp_path: Path, n: int = 3) -> list[Path]:
    paths = []
    for i in range(n):
        p = tmp_path / f"doc{i}.txt"
        p.write_text(f"{i}: {SPUN}\n", encoding="utf-8")
        paths.append(p)
    return paths


def test_missing_file_in_batch(tmp_path: Path) -> None:
    paths = _batch(tmp_path)
    gone = tmp_path / "vanished.txt"
    args = [str(paths[0]), str(gone), str(paths[1]), str(paths[2])]
    result = run("fix", "--in-place", *args)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("fixer: error:")]
    assert len(errors) == 1 and "vanished.txt: no such file" in errors[0]
    assert "3 documents" in result.stderr and "1 error" in result.stderr
    for i, p in enumerate(paths):
        assert p.read_text(encoding="utf-8") == f"{i}: {FIXED}\n"
    assert not gone.exists()


def test_missing_file_in_batch_parallel(tmp_path: Path) -> None:
    paths = _batch(tmp_path, 4)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "fixer", "fix", "-j", "2", "-o", str(out), str(paths[0]), str(tmp_path / "gone.txt"),
         *map(str, paths[1:])], capture_output=True, timeout=120, env=os.environ)
    assert proc.returncode == 2
    assert b"gone.txt: no such file" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in paths]


def _unwritable_dir(tmp_path: Path) -> Path:
    """An output directory no file can be written into: read-only, or (for root, who
    ignores permissions) one whose parent is a regular file."""
    if os.geteuid() != 0:
        out = tmp_path / "readonly"
        out.mkdir()
        out.chmod(0o555)
        return out
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n")
    return blocker / "out"


def test_unwritable_output_dir(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    paths = _batch(inputs)
    out = _unwritable_dir(tmp_path)
    try:
        result = run("fix", "-o", str(out), *map(str, paths))
    finally:
        if out.is_dir():
            out.chmod(0o755)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("fixer: error:")]
    assert len(errors) == len(paths), result.stderr
    for i, p in enumerate(paths):
        assert p.read_text(encoding="utf-8") == f"{i}: {SPUN}\n"
    assert not out.is_dir() or not any(out.iterdir())


def test_unwritable_output_for_one_file_only(tmp_path: Path) -> None:
    """One output blocked (a directory stands where its file should go): the rest are written."""
    (tmp_path / "in").mkdir()
    paths = _batch(tmp_path / "in")
    out = tmp_path / "out"
    (out / paths[1].name).mkdir(parents=True)
    result = run("fix", "-o", str(out), *map(str, paths))
    assert result.exit_code == 2
    assert (out / paths[0].name).read_text(encoding="utf-8") == f"0: {FIXED}\n"
    assert (out / paths[2].name).read_text(encoding="utf-8") == f"2: {FIXED}\n"
    assert paths[1].read_text(encoding="utf-8") == f"1: {SPUN}\n"
    assert not [p for p in out.iterdir() if p.name.endswith(".fixer-tmp")]


def _as_a_user(args: list[str]) -> list[str]:
    """The command *args*, run without root's power to write any file (setpriv drops
    it), so that file permissions hold as for anyone else."""
    if os.geteuid() != 0:
        return args
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, and setpriv is not there to drop root's file access")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--", *args]


@pytest.mark.parametrize("as_root", [False, True], ids=["user", "root"])
@pytest.mark.parametrize("command", [
    ["fix", "-o", "out", "doc.txt"],
    ["learn", "doc.txt", "original.txt", "-o", "out/doc.txt"],
], ids=["fix-output-dir", "learn-output"])
def test_a_read_only_output_is_not_replaced(tmp_path: Path, command: list[str], as_root: bool) -> None:
    """An output file that exists and is read-only (a reviewed glossary, kept from edits)
    is refused with one line and left as it was; it used to be replaced silently, where
    a shell's ``>`` refuses it. Root, which may write any file, is refused too: a file
    that nobody may write is kept from edits (containers run as root). ``--in-place``
    still rewrites a read-only input, as ``sed -i`` does."""
    if as_root and os.geteuid() != 0:
        pytest.skip("not running as root")
    (tmp_path / "doc.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "original.txt").write_text(FIXED, encoding="utf-8")
    kept = tmp_path / "out" / "doc.txt"
    kept.parent.mkdir()
    kept.write_text("reviewed by hand\n", encoding="utf-8")
    kept.chmod(0o444)
    args = [sys.executable, "-m", "fixer", *command]
    done = subprocess.run(args if as_root else _as_a_user(args), cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr.decode().splitlines()[0] == "fixer: error: out/doc.txt: the file is read-only; not replaced"
    assert kept.read_text(encoding="utf-8") == "reviewed by hand\n"
    assert sorted(p.name for p in kept.parent.iterdir()) == ["doc.txt"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444, 0o4755, 0o2755, 0o6750])
def test_in_place_keeps_permissions(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(SPUN, encoding="utf-8")
    path.chmod(mode)
    if os.geteuid() != 0 and not mode & stat.S_IWUSR:
        pytest.skip("a read-only file needs root to be rewritten")
    result = run("fix", "--in-place", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


@pytest.mark.parametrize(("args", "text"), [
    ([], "Nothing spun here.\r\n"),
    (["--jsonl", "--skip-bad"], '{"text": "Nothing spun here."}\r\n\n{oops\n{"text": null}'),
], ids=["text", "jsonl"])
@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_in_place_unchanged_file_not_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                               text: str, streamed: bool) -> None:
    """A file in which nothing is repaired keeps its inode and times, also a large one
    (streamed) and JSON Lines, bad lines passed through included."""
    if streamed:
        monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    path = tmp_path / "clean.txt"
    path.write_text(text, encoding="utf-8", newline="")
    before = path.stat()
    assert run("fix", *args, "--in-place", str(path)).exit_code == 0
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert path.read_bytes() == text.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["clean.txt"]


TYPOGRAPHIC = Path(__file__).parent / "glossaries" / "typographic.yaml"
# (label, encoding, input text, the start of the error after the file name: the repair, its
# line and its entry): a repair brings a character the encoding cannot write
UNENCODABLE = [
    ("latin-1", "latin-1", "Caf\xe9 cells in\naltered falcon medium.\n",
     "line 2: the repair of 'altered falcon medium' to 'eagle’s medium' ("),
    ("ascii", "ascii", "It ends in short order.\n", "line 1: the repair of 'in short order' to 'soon — very soon' ("),
    # a CR alone ends a line, as scan counts them (the error said line 1)
    ("cr-line-ends", "latin-1", "Caf\xe9 cells in\raltered falcon medium.\r",
     "line 2: the repair of 'altered falcon medium' to 'eagle’s medium' ("),
]


@pytest.mark.parametrize(("encoding", "text", "repair"), [u[1:] for u in UNENCODABLE], ids=[u[0] for u in UNENCODABLE])
@pytest.mark.parametrize("how", [[], ["--in-place"], ["--diff"], ["--in-place", "--jobs", "2"]],
                         ids=["stdout", "in-place", "diff", "jobs"])
@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_repair_the_encoding_cannot_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, text: str,
                                          repair: str, how: list[str], streamed: bool) -> None:
    """One error line naming the repair, its line, its entry and the character; the
    input file is untouched. The same for a
    file streamed in segments, whose error used to call the input not valid in the
    encoding, and which says so when standard output holds the text before it."""
    if streamed:
        monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in paths:
        path.write_bytes(text.encode(encoding))
    files = [str(paths[0])] if "--jobs" not in how else [str(p) for p in paths]
    result = run("fix", "--no-default", "-g", str(TYPOGRAPHIC), "--encoding", encoding, *how, *files)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("fixer: error:")]
    assert len(errors) == len(files) and f"which {encoding} cannot encode" in errors[0], result.stderr
    assert errors[0].startswith(f"fixer: error: {files[0]}: {repair}{TYPOGRAPHIC}:"), errors[0]
    assert "--disable '" in errors[0], errors[0]
    # only a file streamed to standard output has written part of its text when the error comes
    assert ("standard output ends before" in errors[0]) == (streamed and not how), errors[0]
    assert "Traceback" not in result.output
    assert all(p.read_bytes() == text.encode(encoding) for p in paths)


def test_repair_the_encoding_cannot_write_is_on_its_line_of_a_long_file(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """In a file repaired segment by segment, the line named is the line of the file,
    not of its segment."""
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    path = tmp_path / "long.txt"
    path.write_text("A plain line of text.\n" * 60_000 + "Then in short order.\n", encoding="ascii")
    result = run("fix", "--no-default", "-g", str(TYPOGRAPHIC), "--encoding", "ascii", "-i", str(path))
    assert result.exit_code == 2, result.output
    assert f"{path}: line 60001: the repair of 'in short order'" in result.stderr, result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_repair_the_encoding_cannot_write(tmp_path: Path, jobs: str) -> None:
    """JSON Lines escape what the encoding cannot write: the same JSON value, valid bytes."""
    records = [{"id": 1, "text": "Caf\xe9 cells in altered falcon medium."}, {"id": 2, "text": "Caf\xe9 only."}]
    path = tmp_path / "in.jsonl"
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("latin-1"))
    result = run("fix", "--jsonl", "--no-default", "-g", str(TYPOGRAPHIC), "--encoding", "latin-1", "--jobs", jobs,
                 str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout_bytes.decode("latin-1").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"id": 1, "text": "Caf\xe9 cells in eagle’s medium."}, {"id": 2, "text": "Caf\xe9 only."}]
    assert lines[1] == json.dumps(records[1], ensure_ascii=False)


# (label, --encoding, bytes that encoding reads but writes back otherwise): NEC and IBM
# characters of Windows Japanese, an ISO-2022-JP escape to JIS-Roman, a UTF-7 escape
NOT_WRITTEN_BACK = [
    ("cp932-nec", "cp932", b"\x87\x90"),
    ("cp932-ibm", "cp932", b"\xfa\x40"),
    ("iso-2022-jp-roman", "iso-2022-jp", b"\x1b(Jx\x1b(B"),
    ("utf-7", "utf-7", b"+AGE-"),
]


@pytest.mark.parametrize(("encoding", "odd"), [c[1:] for c in NOT_WRITTEN_BACK], ids=[c[0] for c in NOT_WRITTEN_BACK])
@pytest.mark.parametrize("how", [[], ["--in-place"], ["--jsonl"], ["--jsonl", "--in-place"], ["--jsonl", "-j", "2"]],
                         ids=["stdout", "in-place", "jsonl", "jsonl-in-place", "jsonl-jobs"])
@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_input_the_encoding_does_not_write_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str,
                                                odd: bytes, how: list[str], streamed: bool) -> None:
    """An input whose encoding reads some of its bytes as a character that it writes
    otherwise is refused with one line, before any output: a repaired copy would change
    bytes outside the repairs. The input file is untouched."""
    if streamed:
        monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    text = SPUN if "--jsonl" not in how else json.dumps({"text": SPUN}) + "\n"
    data = odd + b" " + text.encode(encoding)
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    sources = [(str(path), None)] + ([("-", data)] if "--in-place" not in how else [])
    for source, stdin in sources:
        result = run("fix", "--encoding", encoding, *how, source, stdin=stdin)
        assert f"{encoding} reads" in (line := one_error_line(result)) and "would not write it back as it was" in line
        assert result.stdout_bytes == b""
    assert path.read_bytes() == data


def test_a_json_lines_file_not_written_back_deep_inside_gives_no_output(tmp_path: Path) -> None:
    """A JSON Lines file whose bad byte lies after thousands of good records is checked
    whole first: no output and the same error whatever --jobs (records read ahead of the
    byte used to be dropped, more of them with more jobs). Standard input, read once, is
    checked as it goes: what it writes is the start of the repaired records."""
    records = [json.dumps({"text": f"{SPUN} {i}"}) + "\n" for i in range(3000)]
    data = "".join(records).encode("cp932") + b'{"text": "\x87\x90"}\n'
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    for jobs in ("1", "2"):
        result = run("fix", "--encoding", "cp932", "--jsonl", "-j", jobs, str(path))
        assert "cp932 reads 87 90" in one_error_line(result) and result.stdout_bytes == b""
    result = run("fix", "--encoding", "cp932", "--jsonl", "-", stdin=data)
    assert result.exit_code == 2 and result.stderr.startswith("fixer: error: <stdin>: at byte "), result.stderr
    written = result.stdout_bytes.decode("cp932").splitlines(keepends=True)
    expected = run("fix", "--encoding", "cp932", "--jsonl", "-", stdin="".join(records).encode("cp932")).stdout_bytes
    assert written == expected.decode("cp932").splitlines(keepends=True)[:len(written)]


def test_a_streamed_file_replaced_after_its_check_is_still_the_file_repaired(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file streamed to standard output is opened once: the file whose bytes were
    checked is the one repaired, even if another file takes its name in between."""
    path = tmp_path / "big.txt"
    path.write_text(SPUN + "\n", encoding="utf-8")
    (tmp_path / "other.txt").write_bytes(b"The White Home \xff stated.\n")
    check = fixer.batch.check_decodes

    def check_then_replace(*args: object, **kwargs: object) -> None:
        check(*args, **kwargs)  # type: ignore[arg-type]
        os.replace(tmp_path / "other.txt", path)

    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 0)
    monkeypatch.setattr(fixer.batch, "check_decodes", check_then_replace)
    result = run("fix", str(path))
    assert (result.exit_code, result.stdout_bytes) == (0, (FIXED + "\n").encode()), result.stderr


@pytest.mark.parametrize(("text", "words"), [("\ufeff", 0), ("\ufeff \n", 0), ("\ufeffThe White Home stated.", 4),
                                             ("\ufeff The White Home stated.", 4), ("The White Home stated.", 4)])
def test_a_byte_order_mark_is_no_word(text: str, words: int) -> None:
    """A byte order mark that starts a text is not counted as a word (a file of the mark
    alone had one word)."""
    assert fixer.scan(text).words == words
