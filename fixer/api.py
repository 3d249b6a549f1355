"""The Fixer's public calls, and :func:`apply_repairs`.

The Fixer's core (:mod:`fixer.repair`) is compiled when fixer is installed
(``hatch_build.py``), and compiled code refuses an argument of the wrong type with a
generic message ("str object expected; got bytes") before its own checks run, and
keeps no signatures or docstrings for ``help()``. This module is never compiled: its
calls check their arguments in Python, so that a wrong one gets fixer's own
:class:`TypeError`, then hand the work to the core.
"""

from __future__ import annotations

import codecs
import io
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import IO, TYPE_CHECKING, Any, cast

from . import cache
from .arguments import each_of, show
from .config import Config, check_config, compiled_part
from .gc_pause import paused
from .glossary import Entry, Glossary, glossary_files, load_glossaries
from .plural import counted
from .results import Repair, ScanResult
from .stream import read_segments

if TYPE_CHECKING:
    from .repair import Fixer


class FixerCalls:
    """The public calls of :class:`~fixer.Fixer` (the core's work behind them is compiled)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Refuse a subclass of :class:`~fixer.Fixer`: its compiled methods take a
        Fixer and nothing else, so a subclass would fail at its first call in a compiled
        install (and work in pure Python); the refusal is the same in both."""
        if cls.__module__ != __name__.rpartition(".")[0] + ".repair":
            raise TypeError(f"{cls.__qualname__}: fixer.Fixer cannot be subclassed; wrap a Fixer instead "
                            "(keep one as an attribute and call its methods)")
        super().__init_subclass__(**kwargs)

    def __init__(self, glossary: Glossary, config: Config | None = None, *, engine: type | None = None) -> None:
        """Compile *glossary* (from :func:`fixer.load_glossaries`, say) with *config*
        (default: ``Config()``); *engine*: the multi-pattern engine class (see
        :mod:`fixer.engine`; default: the fastest installed). :class:`GlossaryError` if
        a repair would itself be repaired again (a chain)."""
        core = _core(self)
        with paused(promote=True):  # compiling makes hundreds of thousands of objects, all kept
            core._build(glossary, config, engine)
            core._check_chains()

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

    def fix_stream(self, source: IO[str], sink: IO[str]) -> None:
        """Repair a text stream into *sink* in bounded memory, segment by segment;
        the output equals ``fix(source.read())``. Both must be text streams (a binary
        one can be wrapped with :func:`fixer.stream.open_text`); files opened with
        ``newline=""`` keep their line endings (``open()`` turns CRLF into LF by default)."""
        _check_stream(source, "source", "read")
        _check_stream(sink, "sink", "write")
        core = _core(self)
        for segment in read_segments(source):
            sink.write(core._fix(segment))

    def with_config(self, config: Config | None = None, **overrides: Any) -> Fixer:
        """A Fixer of the same glossary with *config* (else this one's) and keyword
        arguments overriding its fields: built at once, sharing this one's compiled
        glossary, unless ``disable``, ``fuzzy`` or ``fuzzy_cutoff`` change (then it is
        compiled again)."""
        return _core(self)._with_config(config, overrides)

    def spun_view(self) -> Fixer:
        """The same glossary with every document treated as spun (gated entries apply)."""
        return self.with_config(force_gated=True)

    def chains(self, entries: Entry | Iterable[Entry]) -> Iterator[tuple[Entry, Entry, str]]:
        """``(entry, other, form)`` for each applicable entry of *entries* whose original
        holds *form*, a spun form (or its inflection) of *other*, a ``safe`` entry of
        this Fixer's glossary: fixing twice would change such a text again.

        Only ``safe`` entries count (a ``gated`` entry cannot fire on a text whose safe
        spun phrases have all been repaired, since the spin gate is then closed), and a
        conditioned one where its conditions may hold: a document condition may; a
        condition on a word next to the form is read where that word is the original's
        own ("the Center East desk" holds "Center East" after "the"), and at the
        original's edge, where the word is the text's, it is met by a word that the
        entry of *entries* asks for on that side, or, where that entry asks for none,
        unless it asks for given words itself ("kidney stone" then makes no chain with
        "stone" before "band"). Every occurrence counts, overlapping ones included, and
        so does an entry's own spun form in its original ("green crops" -> "big green
        crops field"). *entries*: one :class:`Entry` or an iterable of them.
        """
        return _core(self)._chains(entries)


def apply_repairs(text: str, repairs: Repair | Iterable[Repair]) -> str:
    """*text* with each applied repair's span replaced, everything else unchanged.

    :class:`ValueError` if two applied repairs overlap, or one spans no text, lies
    outside *text* or does not find its ``spun`` text at its span (repairs from a scan
    of another text); :class:`TypeError` for a *text* that is not a ``str``, for anything
    but :class:`Repair` records (one record is one repair) and for a record whose
    offsets, texts or ``auto`` flag have another type.
    """
    from .repair import _apply  # here: the core imports this module

    checked_text(text)
    records = each_of(repairs, Repair, "repairs", "a Repair record (from Fixer.scan)", "Repair records (from Fixer.scan)")
    applied = sorted((r for r in map(_checked_repair, records) if r.auto), key=lambda r: r.start)
    last = 0
    for r in applied:
        if r.start >= r.end:
            raise ValueError(f"repair {r.start}-{r.end} ({r.spun!r}) spans no text")
        if r.start < last or r.end > len(text):
            raise ValueError(f"repair {r.start}-{r.end} ({r.spun!r}) overlaps another or lies outside the text "
                             f"of {counted(len(text), 'character')}")
        if text[r.start:r.end] != r.spun:
            raise ValueError(f"repair {r.start}-{r.end} ({r.spun!r}) finds {text[r.start:r.end]!r} there: "
                             "a repair from a scan of another text")
        last = r.end
    return _apply(text, applied)


_REPAIR_FIELDS = (("start", int), ("end", int), ("spun", str), ("replacement", str), ("auto", bool))
"""The fields of a :class:`Repair` that applying it reads, and their types."""


def _checked_repair(repair: Repair) -> Repair:
    """*repair*, unless a field that applying it reads has another type: a
    :class:`TypeError` naming the field (``True`` is no offset, ``"no"`` no flag)."""
    for name, kind in _REPAIR_FIELDS:
        value = getattr(repair, name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"Repair.{name} must be {kind.__name__}, not {show(value)}")
    return repair


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


_CODEC_STREAMS = (codecs.StreamReader, codecs.StreamWriter, codecs.StreamReaderWriter)
"""The text streams of :func:`codecs.open`."""


def _check_stream(stream: Any, role: str, method: str) -> None:
    """A TypeError unless *stream* looks like a text stream with *method*."""
    if not callable(getattr(stream, method, None)):
        raise TypeError(f"{role} must be a text stream with .{method}(), not {type(stream).__name__}")
    mode = getattr(stream, "mode", "")  # "rb" for codecs.open(), which reads text from a binary file
    if isinstance(stream, (io.RawIOBase, io.BufferedIOBase)) or (
            isinstance(mode, str) and "b" in mode and not isinstance(stream, _CODEC_STREAMS)):
        raise TypeError(f"{role} is a binary stream ({type(stream).__name__}); give a text stream, "
                        "e.g. open(path, encoding='utf-8', newline='') (newline='' keeps CRLF line endings) "
                        "or fixer.stream.open_text(binary)")


def _core(calls: FixerCalls) -> Fixer:
    """*calls*, which is always a Fixer (the only class built on FixerCalls)."""
    return cast("Fixer", calls)
