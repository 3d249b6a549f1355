"""An on-disk cache of compiled glossaries, so that a Fixer starts in milliseconds.

The cache lives in ``$FIXER_CACHE_DIR`` (``~`` is expanded), else ``$XDG_CACHE_HOME/fixer``
(where that is an absolute path), else ``~/.cache/fixer``; ``FIXER_NO_CACHE=1`` turns it off (``0``, ``false``, ``no`` or ``off``
leave it on). An entry is keyed by fixer's
version, the Python version, the configuration and the glossary files asked for (as
named: the compiled entries carry their file names, which messages show), and
is used only while every glossary file it was built from (includes too) and every
module of fixer itself has the same content; what was compiled from a file that changed
meanwhile (within :data:`CLOCK_SLACK_NS` of the start) is not kept. Any problem with the cache (unwritable directory,
corrupt file) falls back to compiling, silently.

An entry takes a few megabytes, so writing one prunes the directory: only the
:data:`MAX_ENTRIES` most recently used entries (written or loaded) stay, and temporary
files left by interrupted writes are removed once :data:`STALE_TEMP_SECONDS` old. Every
file fixer writes there is named ``fixer-...``, and pruning looks at no other. A file
that another user owns, or that group or others can write, is compiled over, never
loaded: loading a pickle can run code; so is a link, and an entry that holds another key
than its name says (a copy of another entry).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .gc_pause import paused

CACHE_VERSION = 4
_TAG = f"fixer compiled glossary {CACHE_VERSION}"  # the first item of what an entry holds
MAX_ENTRIES = 16
STALE_TEMP_SECONDS = 3600
_PREFIX = "fixer-"  # of every file fixer writes there: pruning never touches another program's files
_ENTRY = _PREFIX + "[0-9a-f]" * 32 + ".pickle"
_TEMPORARY = _PREFIX + "*.tmp"
FileStamp = tuple[str, int, str]
FileStates = tuple[tuple[int, int, int, int], ...]
CLOCK_SLACK_NS = 2_000_000_000
"""How much earlier than the clock a file's change time may read: file systems keep it
coarser (a clock tick; a second or two on some)."""


_FALSE = frozenset({"", "0", "false", "no", "off"})
"""Values of ``FIXER_NO_CACHE`` that leave the cache on (unset counts as "")."""


def cache_dir() -> Path | None:
    """Where compiled glossaries are kept, or None when caching is off."""
    if os.environ.get("FIXER_NO_CACHE", "").strip().lower() not in _FALSE:
        return None
    if os.environ.get("FIXER_CACHE_DIR"):
        return Path(os.environ["FIXER_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative, which the XDG specification says to ignore
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fixer"


def stamps(files: Sequence[str | os.PathLike[str]]) -> tuple[FileStamp, ...] | None:
    """(real path, size, digest of the content) of each file, or None if one is not a
    regular file or cannot be read. The content, not the modification time: a file
    rewritten with as many bytes keeps its time when copied with it, or when written
    twice within a clock tick."""
    out = []
    for f in files:
        try:
            if not stat.S_ISREG(os.stat(f).st_mode):  # a pipe would block, or be read up
                return None
            out.append((os.path.realpath(f), *_content(f)))
        except (OSError, ValueError):
            return None
    return tuple(out)


def file_states(files: Sequence[str | os.PathLike[str]]) -> FileStates | None:
    """(size, modification and change times, inode) of each file, or None if one cannot
    be looked at: a quick test, without reading them, that files kept in memory as
    compiled have not changed since."""
    try:
        return tuple((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) for st in map(os.stat, files))
    except (OSError, ValueError):
        return None


def settled_states(files: Sequence[str | os.PathLike[str]], started: int) -> FileStates | None:
    """:func:`file_states` of *files*, read from *started* (ns since the epoch) on; None
    when one of them changed since then (within :data:`CLOCK_SLACK_NS`): what was read
    of it may be older than the states, which would then pass it for fresh for good."""
    states = file_states(files)
    return None if states is None or _changed_since(files, started) else states


def _content(path: str | os.PathLike[str]) -> tuple[int, str]:
    """The size and the digest of the file at *path*."""
    digest = hashlib.blake2b()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(functools.partial(fh.read, 1 << 20), b""):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_stamp() -> tuple[FileStamp, ...] | None:
    """Stamps of fixer's own modules and data files (the word lists that the compiled
    fuzzy matcher is built from): a changed fixer never reads an older cache."""
    package = Path(__file__).resolve().parent
    return stamps(sorted(str(p) for pattern in ("*.py", "data/*") for p in package.rglob(pattern)))


def _path(requested: Sequence[str | os.PathLike[str]], config: Any) -> tuple[Path, str] | None:
    """The cache file for these glossary files, named as given, and configuration, and
    the key that the file holds (None when caching is off or a file cannot be read)."""
    directory = cache_dir()
    own = stamps(requested)
    if directory is None or own is None:
        return None
    from . import __version__
    names = [os.fspath(f) for f in requested]
    key = repr((CACHE_VERSION, __version__, sys.version_info[:2], _code_stamp(), names, own, config))
    return directory / f"{_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle", key


def load(requested: Sequence[str | os.PathLike[str]], config: Any) -> Any | None:
    """The cached state for these glossary files and configuration, if still valid;
    None when the caller is to compile them (and then :func:`store` the result)."""
    found = _path(requested, config)
    if found is None:
        return None
    path, key = found
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # a pipe would block; a link may point anywhere
            raise ValueError(f"{path} is not a regular file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with paused(promote=True), open(fd, "rb") as fh:  # unpickling makes ~100k objects
            _check_trusted(os.fstat(fh.fileno()))
            tag, stored_key, names, loaded_from, state = pickle.load(fh)
        # the files as named when loaded, includes too: a link retargeted names another file
        fresh = tag == _TAG and stored_key == key and stamps(names) == loaded_from
    except Exception:  # a corrupt, truncated or foreign file
        fresh = False
    if not fresh:
        return None
    try:
        os.utime(path)  # a use: pruning keeps the entries in use
    except OSError:
        pass
    return state


def _check_trusted(info: os.stat_result) -> None:
    """Refuse a cache file that someone else could have written: unpickling it would run
    their code as this user. Where file owners are unknown (Windows), nothing is refused."""
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        raise PermissionError("a cache file that another user owns or can write")


def store(requested: Sequence[str | os.PathLike[str]], config: Any, loaded: Sequence[str], state: Any,
          started: int | None = None) -> None:
    """Keep *state*, compiled from the *loaded* files, for the next start; not if one
    of them changed since *started* (ns since the epoch: when the caller began, before
    :func:`load` missed), for what was compiled may be the old text. Each caller passes
    its own time: another thread compiling the same files began at another."""
    found = _path(requested, config)
    loaded_from = stamps(loaded)
    if found is None or loaded_from is None or (started is not None and _changed_since(loaded, started)):
        return
    path, key = found
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_PREFIX, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((_TAG, key, list(loaded), loaded_from, state), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException as exc:  # Ctrl-C and SIGTERM too: no half-written file stays behind
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if not isinstance(exc, Exception):
            raise
    _prune(path.parent)


def _changed_since(files: Sequence[str | os.PathLike[str]], started: int) -> bool:
    """Whether one of *files* (or its inode) changed at *started* (ns since the epoch) or
    later, within :data:`CLOCK_SLACK_NS`; True when one cannot be read."""
    try:
        return any(os.stat(f).st_ctime_ns >= started - CLOCK_SLACK_NS for f in files)
    except OSError:
        return True


def _prune(directory: Path) -> None:
    """Delete all but the MAX_ENTRIES most recently used entries in *directory*, and
    stale temporary files; silently."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        doomed = _by_age(directory.glob(_ENTRY))[MAX_ENTRIES:]
        doomed += [p for p in directory.glob(_TEMPORARY) if _mtime(p) < cutoff]
    except OSError:
        return
    for path in doomed:
        try:
            path.unlink()
        except OSError:
            pass


def _mtime(path: Path) -> float:
    """When *path* was last modified; infinitely recent if it cannot be read (it is left alone)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")


def _by_age(paths: Iterable[Path]) -> list[Path]:
    """*paths*, the most recently modified first."""
    return sorted(paths, key=_mtime, reverse=True)
