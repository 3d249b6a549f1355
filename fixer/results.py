"""The records a scan returns, and the spin score they add up to.

Plain Python (never compiled), so that ``help()`` shows their fields and methods in
every install.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from .arguments import each_of


class Repair(NamedTuple):
    """One repair: the span ``[start, end)`` of the input (in code points) and what
    replaces it, with the glossary entry that asked for it. An immutable record (a
    named tuple: cheap to make by the hundred thousand). ``auto`` is False for a
    repair that is only reported; ``note`` then says why when it is not the entry's
    own ``report`` safety."""

    start: int
    end: int
    spun: str
    replacement: str
    entry_id: str
    source: str
    kind: str
    method: str
    score: float
    condition: str = ""
    auto: bool = True
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The repair as a JSON-ready mapping."""
        return {
            "start": self.start, "end": self.end, "spun": self.spun,
            "replacement": self.replacement, "entry": self.entry_id, "source": self.source,
            "kind": self.kind, "method": self.method, "score": round(self.score, 1),
            "condition": self.condition, "auto": self.auto, "note": self.note,
        }


@dataclass(frozen=True)
class ScanResult:
    """What :meth:`Fixer.scan` found in one document.

    ``repairs``: every repair in text order, report-only ones (``auto=False``) included;
    ``spin_score``: see :func:`spin_density`; ``is_spun``: whether the document
    was judged spun (gated entries applied); ``safe_hits``: the safe spun phrases
    found; ``words``: the words of the document, as the spin score counts them.
    """

    repairs: tuple[Repair, ...]
    spin_score: float
    is_spun: bool
    safe_hits: int
    words: int

    @property
    def applied(self) -> tuple[Repair, ...]:
        """The repairs that :meth:`Fixer.fix` applies (report-only ones left out)."""
        return tuple(r for r in self.repairs if r.auto)

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready mapping."""
        return {
            "spin_score": round(self.spin_score, 2), "is_spun": self.is_spun,
            "safe_hits": self.safe_hits, "words": self.words,
            "repairs": [r.to_dict() for r in self.repairs],
        }


def spin_density(safe_hits: int, words: int) -> float:
    """The spin score: unambiguous spun phrases per 1,000 words (texts under 100 words
    count as 100 words, so one phrase in a headline does not look dense)."""
    return 1000.0 * safe_hits / max(words, 100)


def combined_spin_score(results: Iterable[ScanResult]) -> float:
    """The spin score of several scanned texts (the fields of a record, the segments
    of a long text) taken as one document. Anything but ScanResults is a :class:`TypeError`."""
    hits = words = 0
    for r in each_of(results, ScanResult, "results", "a ScanResult", "ScanResults (from Fixer.scan)"):
        hits += r.safe_hits
        words += r.words
    return spin_density(hits, words)
