"""Deterministic benchmark inputs: spun and clean news articles, and glossary files.

Spun text is the sentences of the seed article (seeds/*.spun.txt) shuffled into
articles of about 8 KB. Clean text is read at run time from ``../shared/data/clean``
(``*.txt`` files) when that folder exists, else built from the seed's original
article the same way. Glossaries of any size are the real default glossary's
entries (a seeded subset below its size) plus synthetic multi-word entries made of
pronounceable pseudo-words.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from fixer import Config, Entry, Fixer, Glossary
from fixer.text import fold

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CLEAN_DIR = ROOT.parent / "shared" / "data" / "clean"
ARTICLE_BYTES = 8192
LONG_ARTICLE_BYTES = 65536  # a long report or a paper
SEED = 20250318
_SENTENCE = re.compile(r"(?<=[.!?\u201d\"])\s+|\n+")
_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "st", "pl", "gr")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou")
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def sentences(text: str) -> list[str]:
    """The non-empty sentences (and headings) of *text*."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def clean_source() -> tuple[str, list[str]]:
    """A description of the clean text used and its sentences."""
    files = sorted(CLEAN_DIR.rglob("*.txt")) if CLEAN_DIR.is_dir() else []
    if files:
        return f"{CLEAN_DIR.name}/ ({len(files)} .txt files, read at run time)", [
            s for f in files for s in sentences(f.read_text(encoding="utf-8"))]
    original = next(SEEDS.glob("*.original.txt"))
    return f"seeds/{original.name}", sentences(original.read_text(encoding="utf-8"))


def spun_sentences() -> list[str]:
    """The sentences of the spun seed article."""
    return sentences(next(SEEDS.glob("*.spun.txt")).read_text(encoding="utf-8"))


def articles(pool: list[str], total_bytes: int, seed: int = SEED, article_bytes: int = ARTICLE_BYTES) -> list[str]:
    """About *total_bytes* of articles of about *article_bytes* each: paragraphs of 3
    sentences drawn from *pool* in seeded shuffled order (the pool reshuffled each time
    it runs out)."""
    rng = random.Random(seed)
    order: list[str] = []
    out: list[str] = []
    size = 0
    while size < total_bytes:
        paragraphs, length = [], 0
        while length < article_bytes:
            if len(order) < 3:
                order = rng.sample(pool, len(pool)) + order
            paragraph = " ".join(order.pop() for _ in range(3))
            paragraphs.append(paragraph)
            length += len(paragraph.encode("utf-8")) + 2
        article = "\n\n".join(paragraphs)
        out.append(article)
        size += len(article.encode("utf-8")) + 2
    return out


def _pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4)))


def _synthetic(rng: random.Random, count: int, taken: set[str]) -> list[dict[str, object]]:
    """*count* entries with 2-4 pseudo-word spun forms not in *taken*."""
    out: list[dict[str, object]] = []
    while len(out) < count:
        spun = " ".join(_pseudo_word(rng) for _ in range(rng.randint(2, 4)))
        if spun in taken:
            continue
        taken.add(spun)
        original = " ".join(_pseudo_word(rng) for _ in range(rng.randint(1, 3)))
        out.append({"spun": spun, "original": original, "kind": "phrase", "source": "synthetic"})
    return out


def _as_yaml(entry: Entry) -> dict[str, object]:
    """*entry* as a glossary mapping (provenance, examples and notes left out)."""
    raw: dict[str, object] = {"spun": list(entry.spun), "original": entry.original,
                              "kind": entry.kind, "safety": entry.safety}
    if entry.alternatives:
        raw["alternatives"] = list(entry.alternatives)
    if entry.case_sensitive:
        raw["case_sensitive"] = True
    if entry.inflect != (len(entry.spun[0].split()) > 1):
        raw["inflect"] = entry.inflect
    when = {k: sorted(v) if isinstance(v, frozenset) else list(v)
            for k, v in vars(entry.when).items() if v}
    if when:
        raw["when"] = when
    return raw


def looked_at_entries(real: tuple[Entry, ...]) -> list[str]:
    """Ids of the *real* entries the matcher looks at on the spun or on the clean text,
    in glossary order: first those that repair something there (the spin gate held
    open, so that every entry that could fire counts), then those whose spun forms or
    fuzzy anchors are only found there (and turned down: inside a longer word, a
    condition not met, no fuzzy window close enough)."""
    fixer = Fixer(Glossary(real), Config(force_gated=True))
    texts = [" ".join(pool) for pool in (spun_sentences(), clean_source()[1])]
    firing = {r.entry_id for text in texts for r in fixer.scan(text).repairs}
    found = set()
    fuzzy = fixer._fuzzy  # the Fixer's own tables: what its one search pass looks for
    for text in texts:
        for _, _, key in fixer._engine.find(fold(text).text):
            variants = list(fixer._keys[key][0]) if key in fixer._keys else []
            if fuzzy is not None and key in fuzzy.anchors:
                variants += [v for form, _ in fuzzy._by_anchor[key] for v in fuzzy._variants[form]]
            found.update(v.entry.id for v in variants)
    return [e.id for e in real if e.id in firing] + [e.id for e in real if e.id in found - firing]


def write_glossary(path: Path, size: int, real: tuple[Entry, ...], first: Sequence[str] = (),
                   seed: int = SEED) -> int:
    """Write a glossary of *size* entries to *path*: the *real* ones (when fewer, those
    listed in *first*, in that order, then a seeded subset of the rest) and synthetic
    ones; return how many are real. Putting the entries the texts make the matcher
    look at (:func:`looked_at_entries`) first in every size holds the matches looked
    at and the repairs made constant, so that a sweep over sizes measures the
    matcher, not more work."""
    rng = random.Random(seed)
    if size >= len(real):
        chosen = list(real)
    else:
        index = {e.id: i for i, e in enumerate(real)}
        picked = [index[i] for i in first][:size]
        taken_ids = set(picked)
        rest = [i for i in range(len(real)) if i not in taken_ids]
        chosen = [real[i] for i in sorted(picked + rng.sample(rest, size - len(picked)))]
    taken = {f.lower() for e in real for f in e.spun}
    entries = [_as_yaml(e) for e in chosen] + _synthetic(rng, size - len(chosen), taken)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump({"version": 1, "entries": entries}, fh, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return len(chosen)
