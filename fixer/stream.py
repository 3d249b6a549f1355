"""Long texts and streams, in bounded segments that never cut through a phrase.

A text longer than :data:`SEGMENT_CHARS` is cut into segments at the last paragraph
break (blank line, with LF, CRLF or CR line ends; page break; U+2029) before the limit, else at the last
sentence end in the last :data:`SENTENCE_TAIL` characters before it (a lower-case letter, ".", "!" or "?", then
blanks and a capital; not the period of an abbreviation such as "a.m." or "Mr."), else the last line break, else the last space (else, in a run of
a million characters without one, hard at the limit). Each segment is judged as its own
document by the spin gate. A phrase can only be missed where it spans such a cut: never
at a paragraph break or a sentence end, rarely at a line break. Whole-text calls and
streams cut at exactly the same places, so they give exactly the same output.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO, Any

from .arguments import an_int
from .words import ABBREVIATIONS

SEGMENT_CHARS = 1_000_000
READ_CHARS = 1 << 20
SENTENCE_TAIL = 1 << 16
_SENTENCE_END = re.compile("(?<=[a-z])[.!?][\"')\\]\u2019\u201d]*\\s+(?=[\"'(\\[\u2018\u201c]*[A-Z])")
_LAST_TOKEN = re.compile(r"\S+\Z")
# a paragraph break: a blank line (LF, CRLF and CR (old Mac) line ends), a page break, a paragraph separator
_BLANK_LINES = ("\n\n", "\n\r\n", "\r\r", "\f", "\u2029")


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """Whether the sentence end that :data:`_SENTENCE_END` found at *m* is one, not the
    period of an abbreviation ("a.m. Jap", "Mr. Trump", "Gov. Newsom")."""
    token = _LAST_TOKEN.search(text, max(0, m.start() - 16), m.start())
    word = token.group() if token else ""
    return text[m.start()] != "." or (len(word) > 1 and "." not in word and word.lower() not in ABBREVIATIONS)


def cut_point(text: str, limit: int = SEGMENT_CHARS) -> int:
    """Where the first segment of *text* ends (``len(text)`` if it fits)."""
    if len(text) <= limit:
        return len(text)
    window = text[:limit]
    paragraph = max(window.rfind(blank) for blank in _BLANK_LINES)
    if paragraph > 0:
        return paragraph + 1
    sentence = 0
    for m in _SENTENCE_END.finditer(window, max(0, limit - SENTENCE_TAIL)):
        if _ends_sentence(window, m):
            sentence = m.end()
    if sentence:
        return sentence
    if limit > 1 and window.endswith("\r") and text.startswith("\n", limit):  # it ends inside a CRLF: not cut in two
        window = window[:-1]
    for sep in ("\n", "\r", " ", "\t"):
        pos = window.rfind(sep)
        if pos > 0:
            return pos + 1
    return len(window)


def segments(text: str, limit: int = SEGMENT_CHARS) -> Iterator[str]:
    """*text* as consecutive segments of at most *limit* characters (a positive int)."""
    _positive(limit, "limit")
    start = 0
    while start < len(text):
        cut = cut_point(text[start:start + limit + 1], limit)
        yield text[start:start + cut]
        start += cut


def read_segments(stream: IO[str], limit: int = SEGMENT_CHARS, read_chars: int = READ_CHARS) -> Iterator[str]:
    """The segments of a text stream, cut exactly as :func:`segments` cuts the whole text,
    holding at most about ``limit + read_chars`` characters in memory (both positive
    ints). A stream whose ``read()`` gives anything but ``str`` is a :class:`TypeError`."""
    _positive(limit, "limit")
    _positive(read_chars, "read_chars")
    buffer = ""
    while True:
        chunk = stream.read(read_chars)
        if chunk.__class__ is not str and not isinstance(chunk, str):
            raise TypeError(f"the stream's read() gave {type(chunk).__name__}, not str: give a text stream "
                            "(fixer.stream.open_text(binary) makes one)")
        buffer += chunk
        while len(buffer) > limit or (not chunk and buffer):
            cut = cut_point(buffer, limit)
            yield buffer[:cut]
            buffer = buffer[cut:]
        if not chunk:
            return


def _positive(value: Any, name: str) -> None:
    """Refuse *value*, the argument *name*, unless it is an int of 1 or more: :func:`segments`
    would never end, and :func:`read_segments` read nothing."""
    if an_int(value, name) < 1:
        raise ValueError(f"{name} must be 1 or more, not {value}")


class CountedReader(io.BufferedIOBase):
    """The binary stream *raw* (a file or standard input) read as a text view reads it,
    with :meth:`read1`, counting the bytes read, so that the offset of a byte the view
    cannot decode is known (see :meth:`start_of`)."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw, self._count = raw, 0

    @property
    def name(self) -> Any:
        """The name of *raw*, which a text view gives as its own."""
        return self._raw.name

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        """Read what *raw* has (without waiting for more), at most *size* bytes."""
        data = getattr(self._raw, "read1", self._raw.read)(size)
        self._count += len(data)
        return data

    def start_of(self, exc: UnicodeError) -> int:
        """The offset in *raw* of the bytes that *exc*, raised by a text view of this
        stream, was decoding (0 for an error of no bytes): the view decodes each block
        as it reads it, after the bytes it holds of a character the last block cut."""
        return self._count - len(exc.object) if isinstance(exc, UnicodeDecodeError) else 0


def open_text(binary: IO[bytes] | CountedReader, encoding: str = "utf-8", errors: str = "strict",
              newline: str = "") -> io.TextIOWrapper:
    """A text view of a binary stream that keeps line endings (CRLF, CR) as they are;
    its lines end at any of them, or only at *newline* if given (``"\\n"`` for JSON
    Lines, where a carriage return alone is whitespace inside a record)."""
    return io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline=newline)
