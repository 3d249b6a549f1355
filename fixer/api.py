"""The Fixer's public calls on texts and glossary files, and :func:`apply_repairs`.

The Fixer's core (:mod:`fixer.repair`) is compiled when fixer is installed
(``hatch_build.py``), and compiled code refuses an argument of the wrong type with a
generic message ("str object expected; got bytes") before its own checks run. This
module is never compiled: its calls check their arguments in Python, so that a wrong one
gets fixer's own :class:`TypeError`, then hand the work to the core.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from . import cache
from .arguments import each_of
from .config import Config, check_config, compiled_part
from .glossary import glossary_files, load_glossaries
from .plural import counted

if TYPE_CHECKING:
    from .repair import Fixer, Repair, ScanResult


class FixerCalls:
    """The calls of :class:`~fixer.Fixer` that take texts or glossary files."""

    @classmethod
    def from_files(cls, paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = (), *,
                   default: bool = True, config: Config | None = None, **overrides: Any) -> Fixer:
        """A Fixer from the default glossary (unless ``default=False``) and *paths*,
        later files winning; keyword arguments override fields of *config*.

        *paths* is a list (any iterable) of glossary files, or a single file as a
        ``str`` or :class:`os.PathLike`.
        """
        files = glossary_files(paths, default)
        check_config(config)
        config = replace(config or Config(), **overrides)
        compiled = compiled_part(config)  # what the cached state depends on
        fixer_type = cast("type[Fixer]", cls)
        started = time.time_ns()  # a file changed from now on may be compiled as it was: not stored
        state = cache.load(files, compiled)
        if state is not None:
            fixer = fixer_type.__new__(fixer_type)
            fixer.__setstate__(state)
        else:
            fixer = fixer_type(load_glossaries(files, default=False), compiled)
            cache.store(files, compiled, fixer.glossary.files, fixer.__getstate__(), started)
        return fixer.with_config(config)

    def fix(self, text: str) -> str:
        """*text* with every applicable repair made (:class:`TypeError` unless a ``str``)."""
        return _core(self)._fix(checked_text(text))

    def fix_and_scan(self, text: str) -> tuple[str, ScanResult]:
        """The repaired text and the scan it came from, in one pass."""
        return _core(self)._fix_and_scan(checked_text(text))

    def fix_many(self, texts: Iterable[str]) -> Iterator[str]:
        """Repair each text of *texts* in turn, each judged as its own document
        (*texts* must be an iterable of ``str``, not one ``str``)."""
        if isinstance(texts, (str, bytes, bytearray)):
            raise TypeError(f"texts must be an iterable of str, not one {type(texts).__name__} "
                            "(use fix() for a single text)")
        try:
            items = iter(texts)
        except TypeError:
            raise TypeError(f"texts must be an iterable of str, not {type(texts).__name__}") from None
        return (self.fix(t) for t in items)

    def scan(self, text: str) -> ScanResult:
        """The repairs :meth:`fix` would make in *text* (plus report-only ones, with
        ``auto=False``) and the document's spin score.

        A text longer than :data:`fixer.stream.SEGMENT_CHARS` is judged segment by
        segment (see :mod:`fixer.stream`); offsets are always offsets in *text*.
        """
        return _core(self)._scan(checked_text(text))


def apply_repairs(text: str, repairs: Repair | Iterable[Repair]) -> str:
    """*text* with each applied repair's span replaced, everything else unchanged.

    :class:`ValueError` if two applied repairs overlap, or one lies outside *text* or
    does not find its ``spun`` text at its span (repairs from a scan of another text);
    :class:`TypeError` for a *text* that is not a ``str`` and for anything but
    :class:`Repair` records (one record is one repair).
    """
    from .repair import Repair, _apply  # here: the core imports this module

    checked_text(text)
    records = each_of(repairs, Repair, "repairs", "a Repair record (from Fixer.scan)", "Repair records (from Fixer.scan)")
    applied = sorted((r for r in records if r.auto), key=lambda r: r.start)
    last = 0
    for r in applied:
        if r.start < last or not r.start <= r.end <= len(text):
            raise ValueError(f"repair {r.start}-{r.end} ({r.spun!r}) overlaps another or lies outside the text "
                             f"of {counted(len(text), 'character')}")
        if text[r.start:r.end] != r.spun:
            raise ValueError(f"repair {r.start}-{r.end} ({r.spun!r}) finds {text[r.start:r.end]!r} there: "
                             "a repair from a scan of another text")
        last = r.end
    return _apply(text, applied)


def checked_text(value: object) -> str:
    """*value*, a ``str`` (a subclass's value as a plain ``str``: its own methods, such
    as an overridden ``lower()``, play no part, compiled or not); else a
    :class:`TypeError` that says what to do instead."""
    if isinstance(value, str):
        return value if type(value) is str else str.__str__(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        hint = " (decode it first, e.g. data.decode('utf-8'))"
    elif isinstance(value, (list, tuple)) or hasattr(value, "__next__"):
        hint = " (to repair several texts, use Fixer.fix_many)"
    else:
        hint = ""
    raise TypeError(f"text must be str, not {type(value).__name__}{hint}")


def _core(calls: FixerCalls) -> Fixer:
    """*calls*, which is always a Fixer (the only class built on FixerCalls)."""
    return cast("Fixer", calls)
