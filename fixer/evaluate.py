"""Measuring how well a repair restores spun text, on word tokens.

A spun text S, its original O and the repaired text R are tokenized into words
(``\\w+(?:['’]\\w+)*``, in Unicode NFC, so that a letter and its accent written as two
code points are one word character; compared case-sensitively with ’ read as '). S is aligned
optimally with O (where the spinner changed something) and with R (where fixer
changed something) by Levenshtein opcodes (a text of more than 20,000 words window by
window, in time linear in its length: see :func:`align`); the changed stretches of
both alignments that overlap are joined into *places*, each with its S, O and R tokens:

- a place where S differs from O is a *spun place*; it is *restored* when R equals O there;
- a place where R differs from S is an *edit*; it is *correct* when R equals O there.

Precision is correct edits / edits, recall restored spun places / spun places, and the
word error rate WER(X, O) is the token edit distance from X to O over the length of O.
A rate whose denominator is zero is undefined (None, shown as n/a); when O has no words,
so are the error reduction and the recall, which have nothing of O to measure.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from rapidfuzz.distance import Levenshtein

from .arguments import check_fix_function, each_of, show
from .pairs import Pair
from .report import shown_name

UNLIKE_WER = 0.8
"""The word error rate of a spun text against its original above which the two are
likely not the same document (spinners change a third of the words or less)."""
TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*")
CONTEXT_WORDS = 3
SHOWN_PLACES = 20
SHOWN_WORDS = 8
"""Words shown from each end of a longer place (the rest is left out, "…")."""
ALIGN_WHOLE = 20_000  # tokens: longer sequences are aligned window by window
ALIGN_WINDOW = 2_000  # tokens of each sequence in one window
ALIGN_ANCHOR = 8  # equal tokens in a row that a window may be cut in
ALIGN_SHORT_ANCHOR = 2  # the same, in a window mostly of equal tokens that has no longer run
ALIGN_MOSTLY_EQUAL = 0.5  # the share of a window's tokens that makes it "mostly equal"
ALIGN_WIDEST = 16 * ALIGN_WINDOW  # tokens: a window this wide is cut between two opcodes if need be

Block = tuple[int, int, int, int]


@dataclass(frozen=True)
class Tokens:
    """The word tokens of a text, with their code point spans in it."""

    text: str
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    def __len__(self) -> int:
        return len(self.words)

    def phrase(self, i: int, j: int) -> str:
        """The text from the start of token *i* to the end of token *j - 1* ("" if empty)."""
        return self.text[self.spans[i][0]:self.spans[j - 1][1]] if i < j else ""

    def context(self, i: int, j: int, width: int = CONTEXT_WORDS) -> str:
        """Tokens *i*..*j* in brackets with *width* words either side, on one line
        (empty for a text without words)."""
        n = len(self.words)
        if not n:
            return ""
        start = self.spans[i][0] if i < j else (self.spans[i - 1][1] if i > 0 else 0)
        end = self.spans[j - 1][1] if i < j else start
        left = self.spans[max(i - width, 0)][0] if i > 0 else start
        right = self.spans[min(j + width, n) - 1][1] if j < n else end
        marked = f"[{_shortened(self.text[start:end])}]" if i < j else " [] "  # nothing: between two words
        snippet = f"{self.text[left:start]}{marked}{self.text[end:right]}"
        snippet = " ".join(snippet.split()).translate(_CONTROLS)
        return f"{'…' if i > width else ''}{snippet}{'…' if j + width < n else ''}"


_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
"""Control characters, shown escaped in a context: a terminal acts on them (an escape
sequence of scraped text would recolour or rewrite the report)."""


def _shortened(phrase: str, words: int = SHOWN_WORDS) -> str:
    """*phrase* on one line, its middle left out ("…") when it has more than twice
    *words* words (a place as long as a page, in a pair of two different texts)."""
    parts = phrase.split()
    if len(parts) <= 2 * words:
        return phrase
    return " ".join(parts[:words] + ["…"] + parts[-words:])


def tokenize(text: str) -> Tokens:
    """Split *text* into word tokens; ’ inside a word is read as '."""
    matches = list(TOKEN_RE.finditer(text))
    return Tokens(
        text,
        tuple(m.group().replace("’", "'") for m in matches),
        tuple(m.span() for m in matches),
    )


def compared(text: str) -> Tokens:
    """The tokens of *text* as evaluation compares them: in Unicode NFC ("Zürich" with a
    combining diaeresis is one word, as with a precomposed "ü")."""
    return tokenize(unicodedata.normalize("NFC", text))


def _ids(*sequences: Sequence[str]) -> list[list[int]]:
    vocabulary: dict[str, int] = {}
    return [[vocabulary.setdefault(w, len(vocabulary)) for w in seq] for seq in sequences]


def align(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """Optimal token alignment of *a* to *b* as ``(tag, i1, i2, j1, j2)`` opcodes.

    Sequences of up to :data:`ALIGN_WHOLE` tokens are aligned in one piece. Longer ones
    are aligned window by window (see :func:`_windowed`), in time linear in their
    length: the result is the optimal alignment wherever it runs through the equal
    stretches that the windows are cut in, as it does where the changes are local
    (a spun text and its original)."""
    ia, ib = _ids(a, b)
    if max(len(ia), len(ib)) <= ALIGN_WHOLE:
        return _opcodes(ia, ib)
    return _windowed(ia, ib)


def _opcodes(ia: Sequence[int], ib: Sequence[int], i: int = 0, j: int = 0) -> list[tuple[str, int, int, int, int]]:
    """The optimal alignment of *ia* with *ib* in one piece, its positions shifted by *i* and *j*."""
    return [(op.tag, op.src_start + i, op.src_end + i, op.dest_start + j, op.dest_end + j)
            for op in Levenshtein.opcodes(ia, ib)]


def _windowed(ia: Sequence[int], ib: Sequence[int]) -> list[tuple[str, int, int, int, int]]:
    """The alignment of *ia* with *ib*, window by window: the next :data:`ALIGN_WINDOW`
    tokens of both are aligned optimally, and the alignment is kept up to a cut inside
    a stretch of at least :data:`ALIGN_ANCHOR` equal tokens in the first half of the
    window; the next window starts at the cut. A window with no such stretch but
    mostly of equal tokens (text spun densely, one word in eight or more: its changes
    are local) is cut in a stretch of :data:`ALIGN_SHORT_ANCHOR` equal tokens instead;
    any other window is doubled (it lies inside a long insertion or deletion), and the
    rest is aligned in one piece once it fits in a window. A window doubled to
    :data:`ALIGN_WIDEST` without such a stretch is cut after its last opcode that ends
    in its first half: the texts are unlike each other there (a mismatched pair), which
    doubling to the whole text would only make slow to say."""
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    width = ALIGN_WINDOW
    while max(len(ia) - i, len(ib) - j) > width:
        ops = _opcodes(ia[i:i + width], ib[j:j + width], i, j)
        cut = _cut(ops, i + width // 2, j + width // 2)
        if cut is None and _mostly_equal(ops, width):
            cut = _cut(ops, i + width // 2, j + width // 2, ALIGN_SHORT_ANCHOR)
        if cut is None and width >= ALIGN_WIDEST:
            kept = [op for op in ops if op[2] <= i + width // 2 and op[4] <= j + width // 2]
            if kept and max(kept[-1][2] - i, kept[-1][4] - j) > 0:
                _extend(out, kept)
                i, j, width = kept[-1][2], kept[-1][4], ALIGN_WINDOW
                continue
        if cut is None:
            width *= 2
            continue
        k, p, q = cut
        _extend(out, ops[:k] + [("equal", ops[k][1], p, ops[k][3], q)])
        i, j, width = p, q, ALIGN_WINDOW
    _extend(out, _opcodes(ia[i:], ib[j:], i, j))
    return out


def _mostly_equal(ops: Sequence[tuple[str, int, int, int, int]], width: int) -> bool:
    """Whether the ``equal`` opcodes of *ops*, a window *width* tokens wide, hold at
    least :data:`ALIGN_MOSTLY_EQUAL` of its tokens."""
    return sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal") >= ALIGN_MOSTLY_EQUAL * width


def _cut(ops: Sequence[tuple[str, int, int, int, int]], i_limit: int, j_limit: int,
         anchor: int = ALIGN_ANCHOR) -> tuple[int, int, int] | None:
    """Where to cut the alignment *ops*: ``(k, p, q)``, the index of an ``equal`` opcode
    of at least *anchor* tokens and the positions inside it, at least half the anchor
    from both its ends, as far as *i_limit* and *j_limit* allow; None when no opcode
    has such a place."""
    margin = anchor // 2
    for k in range(len(ops) - 1, -1, -1):
        tag, i1, i2, j1, j2 = ops[k]
        if tag != "equal" or i2 - i1 < anchor:
            continue
        t = min(i2 - i1 - margin, i_limit - i1, j_limit - j1)
        if t >= margin:
            return k, i1 + t, j1 + t
    return None


def _extend(out: list[tuple[str, int, int, int, int]], ops: Iterable[tuple[str, int, int, int, int]]) -> None:
    """Append *ops* to *out*, an ``equal`` opcode joined to an ``equal`` one before it."""
    for op in ops:
        if out and op[0] == out[-1][0] == "equal":
            out[-1] = ("equal", out[-1][1], op[2], out[-1][3], op[4])
        else:
            out.append(op)


def distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Token edit distance between *a* and *b* (the cost of :func:`align`'s alignment
    for sequences longer than :data:`ALIGN_WHOLE` tokens)."""
    ia, ib = _ids(a, b)
    if max(len(ia), len(ib)) <= ALIGN_WHOLE:
        return Levenshtein.distance(ia, ib)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in _windowed(ia, ib) if tag != "equal")


def changed_blocks(opcodes: Iterable[tuple[str, int, int, int, int]]) -> list[Block]:
    """The non-equal stretches of an alignment, adjacent opcodes joined: ``(i1, i2, j1, j2)``."""
    blocks: list[Block] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        if blocks and blocks[-1][1] == i1 and blocks[-1][3] == j1:
            blocks[-1] = (blocks[-1][0], i2, blocks[-1][2], j2)
        else:
            blocks.append((i1, i2, j1, j2))
    return blocks


def _position_map(opcodes: Iterable[tuple[str, int, int, int, int]], n: int) -> tuple[list[int], list[int]]:
    """For each boundary 0..n of the source, the lowest and highest target boundary
    aligned with it (they differ only where the target has insertions there)."""
    lo = [-1] * (n + 1)
    hi = [-1] * (n + 1)

    def put(i: int, j: int) -> None:
        lo[i] = j if lo[i] < 0 else min(lo[i], j)
        hi[i] = max(hi[i], j)

    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            for t in range(i2 - i1 + 1):
                put(i1 + t, j1 + t)
        else:
            put(i1, j1)
            put(i2, j2)
    return lo, hi


def _edges(blocks: Iterable[Block]) -> tuple[set[int], set[int]]:
    """The source boundaries where a changed block of one alignment that holds source
    tokens ends, and where one starts: words it inserts there are its own, not those of
    a place on the other side of the boundary."""
    held = [(i1, i2) for i1, i2, _, _ in blocks if i1 < i2]
    return {i2 for _, i2 in held}, {i1 for i1, _ in held}


def _clusters(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join source stretches that overlap; an empty stretch (an insertion) joins the
    stretches it touches."""
    out: list[tuple[int, int]] = []
    empty_at_end = False
    for a, b in sorted(spans):
        if out and (a < out[-1][1] or (a == out[-1][1] and (a == b or empty_at_end))):
            start, end = out[-1]
            if b > end:
                empty_at_end = False
            elif b == end:
                empty_at_end = empty_at_end or a == b
            out[-1] = (start, max(end, b))
        else:
            out.append((a, b))
            empty_at_end = a == b
    return out


@dataclass(frozen=True)
class Place:
    """A spun place or an edit: the words of S, O and R there and a few words around."""

    doc: str
    spun: str
    original: str
    repaired: str
    context_spun: str
    context_original: str
    context_repaired: str

    def describe(self) -> str:
        """One line: what was there, what fixer made of it, what was expected (the
        document named as :func:`fixer.report.shown_name` shows it)."""
        head = f"{shown_name(self.doc)}: {_shortened(self.spun)!r}"
        if self.repaired != self.spun:
            head += f" -> {_shortened(self.repaired)!r}"
        if self.original != self.repaired:
            head += f", expected {_shortened(self.original)!r}"
        return f"{head}   {self.context_repaired if self.repaired != self.spun else self.context_spun}"


def _aligned(a: Sequence[str], b: Sequence[str]) -> set[int]:
    """Positions of *b* that the optimal alignment of *a* with *b* matches to equal tokens."""
    return {j for tag, _, _, j1, j2 in align(a, b) if tag == "equal" for j in range(j1, j2)}


@dataclass(frozen=True)
class Counts:
    """Additive counts behind every metric (sum them to micro-average)."""

    documents: int = 0
    words_spun: int = 0
    words_original: int = 0
    errors_before: int = 0
    errors_after: int = 0
    spun_places: int = 0
    restored_places: int = 0
    spun_tokens: int = 0
    restored_tokens: int = 0
    edits: int = 0
    correct_edits: int = 0
    introduced_tokens: int = 0
    correct_tokens: int = 0
    edited_tokens: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @staticmethod
    def _ratio(num: int, den: int) -> float | None:
        return num / den if den else None

    @property
    def wer_before(self) -> float | None:
        """WER(S, O)."""
        return self._ratio(self.errors_before, self.words_original)

    @property
    def wer_after(self) -> float | None:
        """WER(R, O)."""
        return self._ratio(self.errors_after, self.words_original)

    @property
    def error_reduction(self) -> float | None:
        """1 - WER(R, O) / WER(S, O); None when S had no errors, or O has no words (no WER)."""
        return 1 - self.errors_after / self.errors_before if self.errors_before and self.words_original else None

    @property
    def precision(self) -> float | None:
        """Correct edits / edits."""
        return self._ratio(self.correct_edits, self.edits)

    @property
    def token_precision(self) -> float | None:
        """Introduced tokens that agree with O / introduced tokens."""
        return self._ratio(self.correct_tokens, self.introduced_tokens)

    @property
    def recall(self) -> float | None:
        """Spun places restored exactly / spun places; None when O has no words (nothing to restore)."""
        return self._ratio(self.restored_places, self.spun_places) if self.words_original else None

    @property
    def token_recall(self) -> float | None:
        """Original tokens of spun places present in R / such tokens."""
        return self._ratio(self.restored_tokens, self.spun_tokens)

    def metrics(self) -> dict[str, float | None]:
        """Every metric by name."""
        names = ("wer_before", "wer_after", "error_reduction", "precision", "token_precision", "recall", "token_recall")
        return {name: getattr(self, name) for name in names}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _place_lines(title: str, places: Sequence[Place], limit: int) -> list[str]:
    if not places or limit <= 0:
        return []
    lines = [f"{title} ({min(limit, len(places))} of {len(places)} shown):"]
    lines += [f"  {p.describe()}" for p in places[:limit]]
    return lines


@dataclass(frozen=True)
class PairReport:
    """The comparison of one spun document, its original and its repair."""

    id: str
    counts: Counts
    misses: tuple[Place, ...] = ()
    wrong_edits: tuple[Place, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: counts, metrics, misses and wrong edits."""
        return {"id": self.id, **asdict(self.counts), **self.counts.metrics(),
                "misses": [asdict(p) for p in self.misses],
                "wrong_edits": [asdict(p) for p in self.wrong_edits]}


def evaluate_pair(spun: str, original: str, repaired: str, doc: str = "") -> PairReport:
    """Compare one spun text, its original and fixer's repair of it (see the module doc)."""
    for name, value in (("spun", spun), ("original", original), ("repaired", repaired)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be str, not {show(value)}")
    s, o, r = compared(spun), compared(original), compared(repaired)
    ops_so, ops_sr = align(s.words, o.words), align(s.words, r.words)
    so_lo, so_hi = _position_map(ops_so, len(s))
    sr_lo, sr_hi = _position_map(ops_sr, len(s))
    blocks_so, blocks_sr = changed_blocks(ops_so), changed_blocks(ops_sr)
    so_ends, so_starts = _edges(blocks_so)
    sr_ends, sr_starts = _edges(blocks_sr)
    stretches = [(b[0], b[1]) for b in blocks_so + blocks_sr]
    c = Counter(documents=1, words_spun=len(s), words_original=len(o),
                errors_before=distance(s.words, o.words), errors_after=distance(r.words, o.words))
    misses, wrong = [], []
    for a, b in _clusters(stretches):
        # words inserted where a place touches the next (or the one before) are the
        # place's own only if its alignment's change there is
        o1, o2 = so_hi[a] if a in so_ends else so_lo[a], so_lo[b] if b in so_starts else so_hi[b]
        r1, r2 = sr_hi[a] if a in sr_ends else sr_lo[a], sr_lo[b] if b in sr_starts else sr_hi[b]
        s_seg, o_seg, r_seg = s.words[a:b], o.words[o1:o2], r.words[r1:r2]
        edited, right = r_seg != s_seg, r_seg == o_seg
        place = Place(doc, s.phrase(a, b), o.phrase(o1, o2), r.phrase(r1, r2),
                      s.context(a, b), o.context(o1, o2), r.context(r1, r2))
        if s_seg != o_seg:
            changed = set(range(len(o_seg))) - _aligned(s_seg, o_seg)
            c.update(spun_places=1, restored_places=int(right), spun_tokens=len(changed),
                     restored_tokens=len(changed & _aligned(r_seg, o_seg)))
            if not edited:
                misses.append(place)
        if edited:
            introduced = set(range(len(r_seg))) - _aligned(s_seg, r_seg)
            c.update(edits=1, correct_edits=int(right), introduced_tokens=len(introduced),
                     correct_tokens=len(introduced & _aligned(o_seg, r_seg)),
                     edited_tokens=max(len(s_seg), len(r_seg)))
            if not right:
                wrong.append(place)
    return PairReport(doc, Counts(**c), tuple(misses), tuple(wrong))


@dataclass(frozen=True)
class EvalReport:
    """Micro-averaged results over documents (sums of counts, then ratios)."""

    documents: tuple[PairReport, ...]
    counts: Counts = field(default_factory=Counts)

    def unlike(self, threshold: float = UNLIKE_WER) -> list[tuple[str, float]]:
        """:func:`unlike_pairs` of the documents compared, from their WER before repair."""
        return [(d.id, rate) for d in self.documents
                if (rate := _unlikeness(d.counts.wer_before, d.counts.words_spun)) > threshold]

    @property
    def misses(self) -> tuple[Place, ...]:
        """Spun places left as they were, over all documents."""
        return tuple(p for d in self.documents for p in d.misses)

    @property
    def wrong_edits(self) -> tuple[Place, ...]:
        """Edits that did not make R agree with O, over all documents."""
        return tuple(p for d in self.documents for p in d.wrong_edits)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: totals, metrics, per-document results."""
        return {**asdict(self.counts), **self.counts.metrics(),
                "per_document": [d.to_dict() for d in self.documents]}

    def format_text(self, limit: int = SHOWN_PLACES) -> str:
        """A human-readable summary with up to *limit* misses and wrong edits."""
        c = self.counts
        lines = [
            f"documents: {c.documents}   words (original): {c.words_original}",
            f"WER before {_pct(c.wer_before)}   after {_pct(c.wer_after)}   error reduction {_pct(c.error_reduction)}",
            f"edits: {c.edits}, correct {c.correct_edits}: precision {_pct(c.precision)} (tokens {_pct(c.token_precision)})",
            f"spun places: {c.spun_places}, restored {c.restored_places}: recall {_pct(c.recall)} (tokens {_pct(c.token_recall)})",
        ]
        lines += _place_lines("wrong edits", self.wrong_edits, limit)
        lines += _place_lines("misses", self.misses, limit)
        return "\n".join(lines)


def unlike_pairs(pairs: Iterable[Pair], threshold: float = UNLIKE_WER) -> list[tuple[str, float]]:
    """The ids of the pairs whose spun text differs from its original in more than
    *threshold* of the original's words (a mismatched pair, most likely), each with that
    rate, the WER before repair (:meth:`EvalReport.unlike` reads it from a report);
    ``math.inf`` for an empty original beside a spun text with words."""
    unlike = []
    for pair in each_of(pairs, Pair, "pairs", "a Pair (fixer.pairs.Pair)", "Pair records (fixer.pairs.Pair)"):
        words, spun = compared(pair.original).words, compared(pair.spun).words
        rate = _unlikeness(distance(spun, words) / len(words) if words else None, len(spun))
        if rate > threshold:
            unlike.append((pair.id, rate))
    return unlike


def _unlikeness(wer: float | None, spun_words: int) -> float:
    """The WER of a pair, infinite for an original without words beside a spun text with
    some (a download that failed), 0.0 when neither has words."""
    if wer is not None:
        return wer
    return math.inf if spun_words else 0.0


def evaluate(pairs: Iterable[Pair], fix: Callable[[str], str]) -> EvalReport:
    """Repair every spun document with *fix* and compare it with its original
    (*pairs*: :class:`fixer.pairs.Pair` records, e.g. from :func:`fixer.pairs.read_pairs`)."""
    check_fix_function(fix)
    reports = tuple(evaluate_pair(p.spun, p.original, fix(p.spun), p.id) for p in each_of(
        pairs, Pair, "pairs", "a Pair (fixer.pairs.Pair)", "Pair records (fixer.pairs.Pair)"))
    return EvalReport(reports, sum((r.counts for r in reports), Counts()))


@dataclass(frozen=True)
class CleanReport:
    """Edits made on text that was never spun: every one is a false edit."""

    counts: Counts
    edits: tuple[Place, ...]

    @property
    def edits_per_10k_words(self) -> float | None:
        """False edits per 10,000 words."""
        return 10_000 * self.counts.edits / self.counts.words_spun if self.counts.words_spun else None

    @property
    def edited_tokens_per_100k_words(self) -> float | None:
        """Edited tokens per 100,000 words."""
        return 100_000 * self.counts.edited_tokens / self.counts.words_spun if self.counts.words_spun else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the counts, rates and edits."""
        return {"documents": self.counts.documents, "words": self.counts.words_spun,
                "edits": self.counts.edits, "edited_tokens": self.counts.edited_tokens,
                "edits_per_10k_words": self.edits_per_10k_words,
                "edited_tokens_per_100k_words": self.edited_tokens_per_100k_words,
                "false_edits": [asdict(p) for p in self.edits]}

    def format_text(self, limit: int = SHOWN_PLACES) -> str:
        """A human-readable summary with up to *limit* of the edits."""
        c = self.counts
        rate = "n/a" if self.edits_per_10k_words is None else f"{self.edits_per_10k_words:.2f}"
        tokens = "n/a" if self.edited_tokens_per_100k_words is None else f"{self.edited_tokens_per_100k_words:.1f}"
        lines = [f"documents: {c.documents}   words: {c.words_spun}",
                 f"false edits: {c.edits} ({rate} per 10,000 words), "
                 f"edited tokens: {c.edited_tokens} ({tokens} per 100,000 words)"]
        lines += _place_lines("false edits", self.edits, limit)
        return "\n".join(lines)


def clean_edits(texts: Iterable[str] | Mapping[str, str], fix: Callable[[str], str]) -> CleanReport:
    """Run *fix* over unspun *texts* (one ``str``, an iterable of them, or a mapping
    that gives each an id) and count its edits."""
    check_fix_function(fix)
    items = texts.items() if isinstance(texts, Mapping) else ((f"#{i}", t) for i, t in enumerate(
        each_of(texts, str, "texts", "a text (str)", "texts (str)"), 1))
    reports = [evaluate_pair(text, text, fix(text), doc) for doc, text in items]
    return CleanReport(sum((r.counts for r in reports), Counts()),
                       tuple(p for r in reports for p in r.wrong_edits))
