"""Reading documents from files and writing them back safely."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import stat
import secrets
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePath
from typing import IO, Any, NamedTuple

from .errors import InputError

STDIN = "-"
TEMP_SUFFIX = ".fixer-tmp"
ERRORS = ("strict", "surrogateescape")
SNIFF_BYTES = 8192
"""Bytes of an input's start that tell text from binary (see :func:`refuse_binary`)."""
_BLOCK = 1 << 20
BOM_BYTES = 4
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_BYTE_ORDERS = {  # the encodings whose decoder drops a byte order mark: each mark, and the codec it announces
    "utf-8-sig": {codecs.BOM_UTF8: "utf-8"},
    "utf-16": {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"},
    "utf-32": {codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF32_BE: "utf-32-be"},
}


_MARKED = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def refuse_binary(head: bytes, name: str, errors: str = "strict", encoding: str = "utf-8", hint: bool = True) -> None:
    """Raise :class:`InputError` when *head* (the start of a file) looks binary: NUL
    bytes, unless the caller carries undecodable bytes through (``surrogateescape``)
    or the encoding writes NUL bytes in text (UTF-16, UTF-32). *hint*: when the NUL
    bytes fall as in UTF-16 or UTF-32 text, say which ``--encoding`` reads it, or after
    their byte order mark, to leave ``--encoding`` out."""
    if b"\x00" in head[:SNIFF_BYTES] and errors == "strict" and not _writes_nul(encoding):
        marked = _mark_of(head) if hint else ""  # read in that encoding without --encoding: see marked_encoding
        unmarked = _nul_pattern(head[:SNIFF_BYTES]) if hint else ""
        advice = (f"; it starts with a {marked.upper()} byte order mark: leave out --encoding, and it is read as "
                  f"{marked.upper()}" if marked else
                  f"; if it is {unmarked[:6].upper()} without a byte order mark, try --encoding {unmarked}"
                  if unmarked else "")
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not text{advice}")


def refuse_wide(head: bytes, name: str, encoding: str) -> None:
    """Raise the :func:`refuse_binary` error for *head*, the start of a JSON Lines input,
    when it reads as UTF-16 or UTF-32 text, with or without a byte order mark, and
    *encoding* has no NUL bytes: no record could be read (a NUL byte elsewhere is one
    bad line)."""
    if not _writes_nul(encoding) and (_mark_of(head) or _nul_pattern(head[:SNIFF_BYTES])):
        refuse_binary(head, name, "strict", encoding)


def _nul_pattern(head: bytes) -> str:
    """The UTF-32 or UTF-16 encoding, with its byte order, in which text of Latin letters
    has NUL bytes where *head* has them (three bytes of four, every other byte) in
    nearly every unit: 9 in 10, as a few characters beyond U+00FF (curly quotes, dashes)
    have none there; ``""`` for neither."""
    for width, name in ((4, "utf-32"), (2, "utf-16")):
        count = len(head) // width
        if not count:
            continue
        nul = [_mostly_nul(head[lane:count * width:width].count(0), count) for lane in range(width)]
        if nul == [False] + [True] * (width - 1):
            return f"{name}-le"
        if nul == [True] * (width - 1) + [False]:
            return f"{name}-be"
    return ""


def _mostly_nul(nuls: int, count: int) -> bool | None:
    """Whether 9 in 10 or more of *count* bytes are NUL (*nuls* of them) (True), 1 in 10
    or fewer (False), or neither (None)."""
    return True if nuls * 10 >= count * 9 else False if nuls * 10 <= count else None


def marked_encoding(head: bytes, encoding: str, errors: str = "strict") -> str:
    """The encoding to read an input that starts with *head* (its first
    :data:`BOM_BYTES` bytes) in: UTF-32 or UTF-16 when *encoding* is UTF-8 (the default)
    and *head* starts with their byte order mark, which is never valid UTF-8; else
    *encoding*. With *errors* ``surrogateescape``, which could carry the bytes through as
    they are, only a mark followed by a NUL byte counts (the first character in ASCII,
    as in UTF-16 or UTF-32 English: read as escaped bytes, such a text would go through
    unrepaired)."""
    if _codec_name(encoding) not in ("utf-8", "utf-8-sig") or (
            errors != "strict" and b"\x00" not in head[2:BOM_BYTES]):
        return encoding
    return _mark_of(head) or encoding


def unmarked_order(head: bytes, encoding: str) -> str:
    """The codec that reads an input that starts with *head* as ``bytes.decode`` reads it
    in *encoding*: for UTF-16 or UTF-32 (of either byte order) without a byte order mark,
    that of this machine's byte order, which ``bytes.decode`` assumes where a stream
    decoder refuses the input; else *encoding*."""
    name = _codec_name(encoding)
    if name not in ("utf-16", "utf-32") or _mark_of(head):
        return encoding
    return f"{name}-{'le' if sys.byteorder == 'little' else 'be'}"


def _mark_of(head: bytes) -> str:
    """``utf-32`` or ``utf-16`` when *head* starts with their byte order mark, else ``""``."""
    return next((name for mark, name in _MARKED if head.startswith(mark)), "")


def _codec_name(encoding: str) -> str:
    """Python's name for *encoding* (``""`` if unknown)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return ""


def _writes_nul(encoding: str) -> bool:
    try:
        return b"\x00" in "a".encode(encoding)
    except LookupError:
        return False


def decode_error(name: str, encoding: str, exc: UnicodeError, whole: bool = False, hint: bool = True,
                 offset: int = 0, errors: str = "strict", output: str = "") -> InputError:
    """The error for input *name* that is not valid *encoding*; *whole*: *exc* came
    from decoding the input from byte *offset* on, so its offset plus *offset* is the
    input's byte offset; *hint*: name the options of ``fixer fix`` that help (none with
    *errors* other than ``strict``: ``surrogateescape`` fails only where it cannot carry
    a bad byte, one below 128 in UTF-16 or UTF-32, and says so); *output*: what was
    written before the error, for a stream stopped by it ("standard output ends after
    line 12")."""
    if not isinstance(exc, UnicodeDecodeError):
        return InputError(f"{name}: not valid {encoding} ({exc}{f'; {output}' if output else ''})")
    where = (f"at byte {offset + exc.start}" if whole else f"({exc.reason})") + (f" ({output})" if output else "")
    if errors == "surrogateescape":
        return InputError(f"{name}: not valid {encoding} {where}, and --errors surrogateescape cannot carry "
                          f"the bytes of {encoding} through (it carries those of UTF-8 and 8-bit encodings)")
    return InputError(f"{name}: not valid {encoding} {where}{_advice(encoding) if hint and errors == 'strict' else ''}")


def diff_encoding(encoding: str, name: str) -> str:
    """The encoding to write a diff of the text *name* in *encoding* in: that encoding,
    so that ``patch`` applies it to the file byte for byte, but UTF-8 for UTF-16 and
    UTF-32, whose diffs no patch tool reads, and for ``utf-8-sig`` (they would put a
    byte order mark before each file's diff). An :class:`InputError` for an encoding
    that writes ASCII otherwise (UTF-7, EBCDIC): the diff's own marks would be lost;
    and for one that writes a header once, before its first character outside ASCII
    (ISO-2022-KR): it would stand in the diff's first such line, not in the file's."""
    if _writes_nul(encoding) or _codec_name(encoding) == "utf-8-sig":
        return "utf-8"
    try:
        ascii_kept = _DIFF_MARKS.encode(encoding) == _DIFF_MARKS.encode("ascii")
    except UnicodeError:
        ascii_kept = False
    if not ascii_kept:
        raise InputError(f"{name}: no diff in {encoding}, which writes the characters of a diff's marks "
                         "('@', '+', '-', line feeds) otherwise than ASCII does; write the repaired file with -o instead")
    if _codec_name(encoding) in _HEADER_ONCE:
        raise InputError(f"{name}: no diff in {encoding}, which writes a header once, before the first character "
                         "outside ASCII, where no diff line may hold it; write the repaired file with -o instead")
    return encoding


_HEADER_ONCE = frozenset({"iso2022_kr"})
"""The codecs that write a header once, before the first character outside ASCII."""


_DIFF_MARKS = "@@ -1,2 +1,2 @@\n \\ No newline\t"
"""The characters of a unified diff's own lines."""


def _advice(encoding: str) -> str:
    """The options to suggest for input that is not valid *encoding*: ``--errors
    surrogateescape`` cannot carry the bytes of UTF-16 or UTF-32 through."""
    return "; try --encoding" + ("" if _writes_nul(encoding) else " or --errors surrogateescape")


def undecodable_line(line: str, number: int, encoding: str, hint: bool = True) -> InputError | None:
    """The error for line *number* of an input decoded with ``surrogateescape`` when it
    holds bytes that are not valid *encoding* (they arrive as escapes), else None;
    *hint*: see :func:`decode_error`."""
    escaped = _ESCAPED_BYTE.search(line)
    if escaped is None:
        return None
    byte = ord(escaped.group()) - 0xDC00
    return InputError(f"line {number}: not valid {encoding} (byte 0x{byte:02x} at column {escaped.start() + 1})"
                      + (_advice(encoding) if hint else ""))


def decode(data: bytes, name: str, encoding: str = "utf-8", errors: str = "strict", hint: bool = True) -> str:
    """*data* as text, or :class:`InputError` for binary or undecodable input (*hint*:
    see :func:`decode_error`; never with *errors* ``surrogateescape``, which was tried)."""
    refuse_binary(data, name, errors, encoding, hint)
    try:
        return data.decode(encoding, errors)
    except UnicodeError as exc:
        raise decode_error(name, encoding, exc, whole=True, hint=hint, errors=errors) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None


def check_decodes(fh: IO[bytes], name: str, encoding: str = "utf-8", errors: str = "strict") -> None:
    """:func:`decode_error` unless the file *fh* (open at its start, and left there)
    decodes as *encoding* to its end (read in blocks, nothing kept). A stream that
    writes as it reads checks its file first, so that a bad byte deep in it stops the
    stream before any output."""
    check = Decodes(name, encoding, errors)
    if not check.needed:
        return
    try:
        while block := fh.read(_BLOCK):
            check.feed(block)
        check.feed(b"", final=True)
    finally:
        fh.seek(0)


class Decodes:
    """Checks, block by block, that the input *name* decodes as *encoding* (with
    *errors* other than ``strict``, every byte does: nothing is checked)."""

    def __init__(self, name: str, encoding: str = "utf-8", errors: str = "strict") -> None:
        self.needed = errors == "strict"
        self._name, self._encoding = name, encoding
        self._decoder = codecs.getincrementaldecoder(encoding)(errors) if self.needed else None
        self._offset = 0  # the input's offset of the next block

    def feed(self, block: bytes, final: bool = False) -> None:
        """Check the next *block* of the input (*final*: the last); :func:`decode_error`
        at the first byte that does not decode."""
        if self._decoder is None:
            return
        pending = len(self._decoder.getstate()[0])  # bytes of a character cut by the last block
        try:
            self._decoder.decode(block, final)
        except UnicodeError as exc:  # a UTF-16 or UTF-32 stream without its byte order mark too
            raise decode_error(self._name, self._encoding, exc, whole=True, offset=self._offset - pending) from None
        self._offset += len(block)


_WRITTEN_BACK = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                           "utf-32-be", "iso8859-1", "ascii"})
"""Codecs that write back every text they read exactly as it was read."""


class WriteBack:
    """Checks, block by block, that the bytes of the input *name* decoded as
    *encoding* and encoded again come back as they were. Some encodings read two byte
    sequences as one character (Windows Japanese ``cp932``, ``iso-2022-jp`` escapes,
    ``utf-7``), so a repaired copy would change bytes outside the repairs. Undecodable
    bytes are carried as ``surrogateescape`` carries them (their error is the reader's)."""

    def __init__(self, name: str, encoding: str) -> None:
        self.needed = _codec_name(encoding) not in _WRITTEN_BACK
        self._name, self._encoding = name, encoding
        self._decoder = codecs.getincrementaldecoder(encoding)("surrogateescape") if self.needed else None
        self._encoder = codecs.getincrementalencoder(encoding)("surrogateescape") if self.needed else None
        self._read = self._written = b""  # bytes read, and written back, not yet compared
        self._offset = 0  # the input's offset of the first of them

    def feed(self, block: bytes, final: bool = False) -> None:
        """Check the next *block* of the input (*final*: the last); :class:`InputError`
        at the first byte that would not be written back as it was."""
        if self._decoder is None or self._encoder is None:
            return
        self._read += block
        self._written += self._encoder.encode(self._decoder.decode(block, final), final)
        n = min(len(self._read), len(self._written))
        if self._read[:n] != self._written[:n] or (final and len(self._read) != len(self._written)):
            raise self._error(n)
        self._read, self._written = self._read[n:], self._written[n:]
        self._offset += n

    def _error(self, n: int) -> InputError:
        """The error for the bytes read that do not come back as they were in their first *n*."""
        k = next((i for i, (a, b) in enumerate(zip(self._read[:n], self._written)) if a != b), n)
        read, written = self._read[k:k + 4].hex(" ") or "nothing", self._written[k:k + 4].hex(" ") or "nothing"
        return InputError(f"{self._name}: at byte {self._offset + k}, {self._encoding} reads {read} as text but would "
                          f"not write it back as it was ({written}), which would change bytes outside the repairs; "
                          "convert the file to UTF-8 first")


def check_writes_back(fh: IO[bytes], name: str, encoding: str) -> None:
    """:class:`InputError` unless the file *fh* (open at its start, and left there)
    comes back as it was when decoded as *encoding* and encoded again (see
    :class:`WriteBack`); a file in an encoding that always does is not read."""
    check = WriteBack(name, encoding)
    if not check.needed:
        return
    try:
        while block := fh.read(_BLOCK):
            check.feed(block)
        check.feed(b"", final=True)
    finally:
        fh.seek(0)


class CheckedReader(io.RawIOBase):
    """The binary stream *raw* (a file or standard input), each block checked by
    *check* (see :class:`WriteBack`) as it is read, so that a stream that cannot be
    read twice is checked as it goes."""

    def __init__(self, raw: IO[bytes], check: WriteBack) -> None:
        super().__init__()
        self._raw, self._check = raw, check

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Read what *raw* has (without waiting for more), checked, into *buffer*."""
        read1 = getattr(self._raw, "read1", self._raw.read)
        data = read1(len(buffer))
        self._check.feed(data, final=not data)
        buffer[:len(data)] = data
        return len(data)


def checked_as_read(binary: IO[bytes], name: str, encoding: str) -> IO[bytes]:
    """*binary* (standard input, a pipe: read once) as a stream whose blocks are checked
    as they are read to come back as they were in *encoding* (see :class:`WriteBack`);
    *binary* itself for an encoding that always does."""
    check = WriteBack(name, encoding)
    return io.BufferedReader(CheckedReader(binary, check)) if check.needed else binary


def byte_order_mark(head: bytes, encoding: str) -> bytes:
    """The byte order mark that an input starting with *head* (its first
    :data:`BOM_BYTES` bytes) begins with, if decoding it as *encoding* drops the mark
    (utf-8-sig, UTF-16, UTF-32 do); else ``b""``."""
    marks = _BYTE_ORDERS.get(codecs.lookup(encoding).name, {})
    return next((mark for mark in marks if head.startswith(mark)), b"")


def encode(text: str, encoding: str = "utf-8", errors: str = "strict", bom: bytes = b"") -> bytes:
    """*text* as bytes; with ``surrogateescape`` undecodable input bytes come back as they
    were. In an encoding whose decoder drops a byte order mark (utf-8-sig, UTF-16,
    UTF-32), the output takes the input's mark *bom* (see :func:`byte_order_mark`;
    ``b""``: none) and byte order."""
    return Encoder(encoding, errors, bom).encode(text, final=True)


class Encoder:
    """The encoder of one output written in parts: the parts, encoded in turn, give the
    bytes of the whole text encoded at once (see :func:`encode`): a byte order mark
    comes first only, and a stateful encoding (ISO-2022, HZ) carries its state from one
    part to the next instead of writing its header and shifts again. (Python's UTF-7
    encoder keeps no state: a part cut inside a run of encoded characters ends it.)"""

    def __init__(self, encoding: str = "utf-8", errors: str = "strict", bom: bytes = b"") -> None:
        marks = _BYTE_ORDERS.get(codecs.lookup(encoding).name)
        self._head = bom if marks is not None else b""
        codec = encoding if marks is None else marks[bom or "".encode(encoding)]  # no mark: as the decoder assumed
        self._encoder = codecs.getincrementalencoder(codec)(errors)

    def encode(self, text: str, final: bool = False) -> bytes:
        """The bytes of the next part *text*; *final*: the last part (a stateful
        encoding then shifts back to its initial state)."""
        head, self._head = self._head, b""
        return head + self._encoder.encode(text, final)


def peek(stream: IO[bytes], size: int) -> tuple[bytes, IO[bytes]]:
    """The first *size* bytes of *stream* (a file or standard input, not yet read from;
    fewer only at its end), and the stream to read them and the rest from: *stream*
    itself, or, where they had to be read out of a pipe that gave fewer at first (a
    byte order mark cut by the writer), one that gives them again first."""
    if not isinstance(stream, io.BufferedReader):
        head = stream.read(size)
        stream.seek(-len(head), os.SEEK_CUR)
        return head, stream
    head = stream.peek(size)[:size]
    if len(head) >= size or stream.seekable():
        return head, stream
    head = stream.read(size)  # waits for *size* bytes or the end
    return head, io.BufferedReader(_Unread(head, stream))


class _Unread(io.RawIOBase):
    """The bytes *head*, already read out of the binary stream *raw*, then the rest of
    *raw* (which is left open)."""

    def __init__(self, head: bytes, raw: IO[bytes]) -> None:
        super().__init__()
        self._head, self._raw = head, raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Read what is left of *head*, or else what *raw* has, into *buffer*."""
        data = self._head[:len(buffer)]
        if data:
            self._head = self._head[len(data):]
        else:
            read1 = getattr(self._raw, "read1", self._raw.read)
            data = read1(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def input_name(path: str) -> str:
    """How the input *path* is named in messages and reports: ``<stdin>`` for ``-``."""
    return "<stdin>" if path == STDIN else path


def input_size(path: str) -> int:
    """The size in bytes of the input file *path*; 0 for standard input, a pipe or a
    file that cannot be read."""
    try:
        return os.path.getsize(path) if path != STDIN else 0
    except OSError:
        return 0


def open_input(path: str | os.PathLike[str], hint: bool = True) -> IO[bytes]:
    """*path* opened for reading bytes; an :class:`InputError` for a device other than a
    terminal (``/dev/zero``, a disk), which would be read without end (*hint*: saying to
    pipe it into '-', which fix and scan read), and for a file that cannot be opened. A
    pipe, a FIFO and a terminal are read as they come."""
    name = os.fspath(path)
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    mode = os.fstat(fh.fileno()).st_mode
    if stat.S_ISBLK(mode) or (stat.S_ISCHR(mode) and not fh.isatty()):
        fh.close()
        raise InputError(f"{name}: a device, not a file" + (" (pipe what it gives into fixer with '-')" if hint else ""))
    return fh


def read_document(path: str | os.PathLike[str], encoding: str = "utf-8", errors: str = "strict",
                  hint: bool = True) -> str:
    """The text of a file (or of standard input for ``"-"``), line endings and BOM kept
    (unless *encoding* drops it: see :func:`read_with_bom`); *hint*: errors name the
    options of ``fixer fix`` that help."""
    return read_with_bom(path, encoding, errors, hint).text


class Decoded(NamedTuple):
    """A file's text, the byte order mark that decoding it dropped (see
    :func:`byte_order_mark`), to write it back with, the encoding it was read in, and
    the number of bytes read."""

    text: str
    bom: bytes
    encoding: str
    size: int


def is_pipe(path: str) -> bool:
    """Whether the input *path* is a pipe, a FIFO or a terminal (``/dev/stdin``, a shell's
    ``<(...)``), which tell no size: read as standard input is (see :func:`spool_input`)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def spool_input(source: IO[bytes], limit: int, check: Callable[[bytes, bool], None] | None = None
                ) -> tuple[bytes, IO[bytes] | None]:
    """*source* (standard input, a pipe), read to its end: ``(its bytes, None)`` when it
    holds at most *limit* bytes, else ``(b"", a temporary file that holds them, at its
    start)``, so that a large input from a pipe is streamed as a large file is, in
    bounded memory. Each block that goes to the temporary file is given to *check*
    first (with whether it is the last): an input it refuses (bytes that do not
    decode) is read no further, rather than copied whole to disk."""
    feed = check or _unchecked
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = source.read(min(_SPOOL_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks), None
        chunks.append(chunk)
        size += len(chunk)
    spool = tempfile.TemporaryFile()
    try:
        for chunk in chunks:
            feed(chunk, False)
        spool.writelines(chunks)
        chunks.clear()
        while chunk := source.read(_SPOOL_CHUNK):
            feed(chunk, False)
            spool.write(chunk)
        feed(b"", True)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return b"", spool


def _unchecked(block: bytes, final: bool) -> None:
    """No check of a block read (see :func:`spool_input`)."""


_SPOOL_CHUNK = 1 << 20


def read_with_bom(path: str | os.PathLike[str], encoding: str = "utf-8", errors: str = "strict",
                  hint: bool = True, exact: bool = False, data: bytes | None = None) -> Decoded:
    """A file as :func:`read_document` reads it (a UTF-16 or UTF-32 byte order mark
    says its encoding: see :func:`marked_encoding`); *exact*: refuse a text that the
    encoding would not write back as it was read (see :class:`WriteBack`); *data*: all
    of it, already read (from standard input or a pipe: see :func:`spool_input`)."""
    name = str(path)
    if data is not None or name == STDIN:
        data = sys.stdin.buffer.read() if data is None else data
        return _decode_marked(data, input_name(name), encoding, errors, hint, exact)
    p = Path(path)
    if _is_dir(p):
        raise InputError(f"{name}: is a directory" + (" (use --recursive for the files in it)" if hint else ""))
    try:
        with open_input(path, hint) as fh:  # named as given: "./-" is no "-"
            data = fh.read()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return _decode_marked(data, name, encoding, errors, hint, exact)


def _decode_marked(data: bytes, name: str, encoding: str, errors: str, hint: bool,
                   exact: bool = False) -> Decoded:
    """*data* decoded as :func:`read_with_bom` reads it."""
    encoding = marked_encoding(data[:BOM_BYTES], encoding, errors)
    text = decode(data, name, encoding, errors, hint)
    if exact:
        WriteBack(name, encoding).feed(data, final=True)
    return Decoded(text, byte_order_mark(data, encoding), encoding, len(data))


_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
"""Write permission for anyone: a file that has none is read-only, for root too."""


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], in_place: bool = False,
                  unchanged_since: os.stat_result | None = None) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces *path* in one step when the block
    ends without error: a temporary file in the same directory, flushed to disk, given
    the original's owner, where allowed, and permissions (for a new file, the umask's
    permissions), then renamed over *path*. A symbolic link *path* is replaced by a
    regular file, the file it pointed to left alone, and a file this process may not
    write is refused, as a shell's ``>`` would refuse it (and so is one that no one may
    write, which root could). An edit *in_place* (as
    ``sed -i`` makes it) keeps the link and replaces the file it points to in this way
    instead (in its own directory), and rewrites a read-only file too. On any error the
    temporary file is removed and *path* is left as it was; a failure to write the
    output is raised as :class:`InputError` naming *path*. With *unchanged_since* (its
    status when it was read), a *path* that has changed since (another program saved
    it) is not replaced: the repair of what it held would undo that change."""
    target = Path(os.path.realpath(path) if in_place else path)
    old = replaceable(path)
    if old is not None and not in_place and (not old.st_mode & _ANY_WRITE or not os.access(path, os.W_OK)):
        raise InputError(f"{os.fspath(path)}: the file is read-only; not replaced")
    tmp, prefix = "", os.path.join(target.parent, _temp_prefix(target.name))
    try:  # tmp is named before it is made: an interrupt just after os.open removes it too
        for _ in range(_TEMP_ATTEMPTS):
            tmp = prefix + secrets.token_hex(4) + TEMP_SUFFIX
            try:
                fd = os.open(tmp, _TEMP_FLAGS, 0o600)
                break
            except FileExistsError:
                tmp = ""
            except OSError as exc:
                tmp = ""
                raise cannot_write(path, exc) from None
        else:
            raise cannot_write(path, FileExistsError(f"no free temporary file name in {_TEMP_ATTEMPTS} tries"))
        fh = os.fdopen(fd, "wb")
        try:
            yield fh
            try:
                fh.flush()
                os.fsync(fh.fileno())
                _copy_metadata(tmp, old, target)
                if unchanged_since is not None and _changed(target, unchanged_since):
                    raise InputError(f"{os.fspath(path)}: changed while it was repaired; not replaced (run again "
                                     "to repair it as it is now)")
                os.replace(tmp, target)
            except OSError as exc:
                raise cannot_write(path, exc) from None
        finally:
            # after an error, closing flushes what is left, which fails again (a full
            # disk) and would stand for the error that named the output
            with contextlib.suppress(OSError):
                fh.close()
    except BaseException:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _changed(path: Path, since: os.stat_result) -> bool:
    """Whether the file *path* is another file than, or was written to since, the one of
    status *since* (its size, modification or change time)."""
    try:
        now = os.stat(path)
    except FileNotFoundError:  # moved away or deleted
        return True
    return ((now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns, now.st_ctime_ns)
            != (since.st_dev, since.st_ino, since.st_size, since.st_mtime_ns, since.st_ctime_ns))


_TEMP_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))
_TEMP_ATTEMPTS = 100
_NAME_MAX = 255
"""The longest file name, in bytes, of the usual file systems (ext4, XFS, Btrfs, APFS, NTFS)."""


def _temp_prefix(name: str) -> str:
    """How the name of a temporary file beside the file *name* starts: ``.NAME.``, the
    name cut short where the whole temporary name would be too long for a file name."""
    room = _NAME_MAX - len("..") - 8 - len(TEMP_SUFFIX)  # then 8 random characters
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return f".{name}."


def discard(stream: Any) -> None:
    """Point a standard *stream* at the null device, so that what is still buffered
    there cannot fail again when the interpreter flushes it."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # a stream without a descriptor: nothing to do
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


def cannot_write(path: str | os.PathLike[str], exc: OSError) -> InputError:
    """The error for a failure *exc* to write the output *path*."""
    return InputError(f"{os.fspath(path)}: cannot write: {exc.strerror or exc}")


def _copy_metadata(tmp: str, old: os.stat_result | None, target: Path) -> None:
    """Give *tmp* the owner (if allowed), the permissions and the extended attributes
    of the file *target* it replaces, of status *old*: the owner first, since changing
    it clears the setuid and setgid bits."""
    if old is None:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    if hasattr(os, "chown"):
        try:
            os.chown(tmp, old.st_uid, old.st_gid)
        except PermissionError:  # another user's file: keep at least its group, if ours (as sed -i does)
            with contextlib.suppress(PermissionError):
                os.chown(tmp, -1, old.st_gid)
    os.chmod(tmp, stat.S_IMODE(old.st_mode))
    _copy_attributes(tmp, target)


def _copy_attributes(tmp: str, target: Path) -> None:
    """Give *tmp* the extended attributes of *target*, where the system has them: its
    POSIX access control lists (who else may read or write it) among them, which must
    be kept (else an error); others (a security label, which the new file gets from its
    folder) as far as this process may set them."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(target)
    except OSError:  # a file system without them
        return
    for name in names:
        try:
            os.setxattr(tmp, name, os.getxattr(target, name))
        except OSError:
            if name.startswith("system.posix_acl_"):
                raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replaceable(path: str | os.PathLike[str]) -> os.stat_result | None:
    """The state of the file at *path* that an output is to replace (None: there is
    none yet), read through a link; an :class:`InputError` unless it is a regular file
    (a pipe, which an edit in place would read up first, a device, a folder)."""
    try:  # through the link: /dev/fd/N of a pipe resolves to a name that is no file
        old = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise cannot_write(path, exc) from None
    if not stat.S_ISREG(old.st_mode):
        raise InputError(f"{os.fspath(path)}: not a regular file (a device, pipe or folder); not replaced")
    return old


def write_atomic(path: str | os.PathLike[str], data: bytes, in_place: bool = False,
                 unchanged_since: os.stat_result | None = None) -> None:
    """Replace *path* with *data* in one step (see :func:`atomic_writer`, also for
    *in_place* and *unchanged_since*); a failure is an :class:`InputError` naming *path*."""
    with atomic_writer(path, in_place, unchanged_since) as fh:
        try:
            fh.write(data)
        except OSError as exc:
            raise cannot_write(path, exc) from None


# codecs Python counts as text encodings that rewrite plain text (escapes, domain
# names) or refuse every text
_NOT_FOR_FILES = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"})


def check_encoding(name: str) -> None:
    """A :class:`ValueError` unless Python knows *name* as an encoding that files of
    text can be read and written in (not ``rot13``, ``base64``, ``unicode_escape``...)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, UnicodeError):  # UnicodeError: a name not in ASCII that Python cannot encode to look up
        raise ValueError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_FILES:
        raise ValueError(f"{name!r} is not a text encoding")


def make_parent(path: str | os.PathLike[str]) -> None:
    """Create the folder *path* goes in, with its missing parents; a failure is an
    :class:`InputError` naming *path*."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = exc.strerror or exc
        if isinstance(exc, (FileExistsError, NotADirectoryError)):  # which names no file: name the one in the way
            blocker = next((p for p in reversed(Path(path).parents) if p.exists() and not p.is_dir()), None)
            why = f"{blocker} is not a folder" if blocker else why
        raise InputError(f"{os.fspath(path)}: cannot create its folder: {why}") from None


def pattern_problem(pattern: str) -> str | None:
    """Why the walk pattern *pattern* would match nothing or leave the directory it is
    matched in, or None."""
    if not pattern:
        return "give a pattern, such as '*.txt' (an empty one matches no file)"
    if PurePath(pattern).is_absolute() or ".." in PurePath(pattern).parts:
        return "give a pattern inside the directory (no leading '/', no '..')"
    if any("**" in part and part != "**" for part in PurePath(pattern).parts):
        return "'**' can only be a whole path component ('*.txt' already matches at any depth)"
    return None


def expand_inputs(paths: Sequence[str], recursive: bool = False, pattern: str | Sequence[str] = "*",
                  unreadable: Callable[[str, InputError], None] | None = None,
                  left_out: Callable[[str, str], None] | None = None) -> Iterator[tuple[str, str]]:
    """Each input file as ``(path, relative name)``; directories are walked when
    *recursive* (files matching *pattern*, a relative pattern that stays inside the
    directory, or any of several such patterns, sorted), and refused otherwise. A directory the walk cannot read is
    passed to *unreadable* with the error naming it, and the walk goes on (without
    *unreadable*, the error is raised). A walk stays inside its directory: a symbolic
    link that leads out of it is left out, and passed to *left_out* with why (so that a
    link in a scraped tree never makes fixer read or write elsewhere), and so is one
    whose target is missing."""
    patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern)
    for one in patterns:
        problem = pattern_problem(one)
        if problem is not None:
            raise InputError(f"--glob {one!r}: {problem}")
    for raw in paths:
        p = Path(raw)
        if raw != STDIN and _is_dir(p):
            if not recursive:
                raise InputError(f"{raw}: is a directory (use --recursive for the files in it)")
            top = os.path.realpath(p)
            files, dangling = _walk(p, patterns, unreadable or _raise)
            if left_out is not None:
                for f in dangling:
                    left_out(str(f), "a symbolic link to nothing (its target is missing): left alone")
            for f in files:
                # a link to a file, or a folder part of the pattern ("news/*.txt") that is a link
                if os.path.commonpath([top, os.path.realpath(f)]) != top:
                    if left_out is not None:
                        left_out(str(f), f"a symbolic link out of {raw}: left alone")
                else:  # a file named "-" is a file, not standard input
                    yield str(f) if str(f) != STDIN else os.path.join(os.curdir, STDIN), str(f.relative_to(p))
        else:
            yield raw, p.name if raw != STDIN else "stdin"


def _is_dir(path: Path) -> bool:
    """Whether *path* is a directory; False when that cannot be told (a folder that can
    be listed but not entered): reading it then says why."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _link_to_nothing(path: Path) -> bool:
    """Whether *path* is a symbolic link whose target is missing; False when that cannot
    be told (in a folder that can be listed but not entered: :func:`_maybe_file` takes it)."""
    try:
        return path.is_symlink() and not path.exists()
    except OSError:
        return False


def _maybe_file(path: Path) -> bool:
    """Whether *path* may be a file to repair: a file, or one whose kind cannot be told
    (in a folder that can be listed but not entered), so that reading it says why."""
    try:
        return path.is_file()
    except OSError:
        return True


def _walk(root: Path, patterns: Sequence[str], unreadable: Callable[[str, InputError], None]
          ) -> tuple[list[Path], list[Path]]:
    """The files under *root* that one of *patterns* matches (but not fixer's temporary
    files, nor hidden files and folders, such as ``.git``, unless the pattern names a
    hidden one: ``.*``), sorted, each once, and the symbolic links it matches whose
    target is missing; each directory that cannot be read is passed
    to *unreadable* (``rglob`` leaves such a directory out without a word, so a walk of
    the tree looks for them)."""
    def refused(exc: OSError) -> None:
        unreadable(exc.filename, InputError(f"{exc.filename}: cannot read the directory: {exc.strerror or exc}"))

    hidden = {pattern: any(part.startswith(".") for part in PurePath(pattern).parts) for pattern in patterns}
    for _, folders, _ in os.walk(root, onerror=refused):
        if not any(hidden.values()):
            folders[:] = [f for f in folders if not f.startswith(".")]
    matched = {f for pattern in patterns for f in root.rglob(_file_pattern(pattern))
               if not f.name.endswith(TEMP_SUFFIX)
               and (hidden[pattern] or not any(part.startswith(".") for part in f.relative_to(root).parts))}
    return sorted(filter(_maybe_file, matched)), sorted(filter(_link_to_nothing, matched))


def _file_pattern(pattern: str) -> str:
    """*pattern* as ``rglob`` takes it: one whose last component is ``**`` (folders
    only, before Python 3.13) matches every file at any depth below, as ``**/*`` does."""
    return f"{pattern}/*" if PurePath(pattern).name == "**" else pattern


def _raise(path: str, error: InputError) -> None:
    """Raise *error* (about the input *path*)."""
    raise error


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when *a* and *b* name the same existing file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
