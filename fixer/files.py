"""Reading documents from files and writing them back safely."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from .errors import InputError

STDIN = "-"
TEMP_SUFFIX = ".fixer-tmp"
ERRORS = ("strict", "surrogateescape")
_SNIFF = 8192


def refuse_binary(head: bytes, name: str, errors: str = "strict") -> None:
    """Raise :class:`InputError` when *head* (the start of a file) looks binary: NUL
    bytes, unless the caller carries undecodable bytes through (``surrogateescape``)."""
    if b"\x00" in head[:_SNIFF] and errors == "strict":
        raise InputError(f"{name}: looks like a binary file (NUL bytes); not repaired")


def decode(data: bytes, name: str, encoding: str = "utf-8", errors: str = "strict") -> str:
    """*data* as text, or :class:`InputError` for binary or undecodable input."""
    refuse_binary(data, name, errors)
    try:
        return data.decode(encoding, errors)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {encoding} at byte {exc.start}; try --encoding or "
            f"--errors surrogateescape") from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None


def encode(text: str, encoding: str = "utf-8", errors: str = "strict") -> bytes:
    """*text* as bytes; with ``surrogateescape`` undecodable input bytes come back as they were."""
    return text.encode(encoding, errors)


def read_document(path: str | os.PathLike[str], encoding: str = "utf-8", errors: str = "strict") -> str:
    """The text of a file (or of standard input for ``"-"``), line endings and BOM kept."""
    name = str(path)
    if name == STDIN:
        return decode(sys.stdin.buffer.read(), "<stdin>", encoding, errors)
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{name}: is a directory (use --recursive to repair the files in it)")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return decode(data, name, encoding, errors)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces *path* in one step when the block
    ends without error: a temporary file in the same directory, flushed to disk, given
    the original's permissions (or the umask's, for a new file), then renamed over
    *path*. On any error the temporary file is removed and *path* is left as it was."""
    target = Path(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace *path* with *data* in one step (see :func:`atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(data)


def expand_inputs(paths: Sequence[str], recursive: bool = False, pattern: str = "*") -> Iterator[tuple[str, str]]:
    """Each input file as ``(path, relative name)``; directories are walked when
    *recursive* (files matching *pattern*, sorted), and refused otherwise."""
    for raw in paths:
        p = Path(raw)
        if raw != STDIN and p.is_dir():
            if not recursive:
                raise InputError(f"{raw}: is a directory (use --recursive to repair the files in it)")
            for f in sorted(p.rglob(pattern)):
                if f.is_file() and not f.name.endswith(TEMP_SUFFIX):
                    yield str(f), str(f.relative_to(p))
        else:
            yield raw, p.name if raw != STDIN else "stdin"


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when *a* and *b* name the same existing file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
