"""What each mechanism of the default Fixer adds or costs: the table in README.md,
"Quality, measured".

Each row is the default Fixer with one change: the spin gate never open (``gate=False``)
or always open (``force_gated=True``), no fuzzy layer, n-gram checks on (needs
``pip install 'fixer[ngrams]'``), and the word-context conditions (``prev``, ``not_prev``,
``next``, ``not_next``) of every entry emptied (``doc_has``/``doc_lacks`` kept; where two
entries of one spun form then hold the same conditions, the first in glossary order is
kept). For each: token recall and precision and place recall and precision of
``fixer eval`` on the bundled seed pair, and edited word tokens per 100,000 words of the
clean corpus, counted as ``tests/test_clean_corpus.py`` counts them. Prints a markdown
table.

    python experiments/ablation.py [--clean ../shared/data/clean]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from fixer import Fixer, FixerError, Glossary
from fixer.evaluate import TOKEN_RE, Counts, evaluate_pair
from fixer.glossary import Conditions, Entry
from fixer.ngrams import require as ngrams_installed
from fixer.text import fold_phrase

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from corpora import CLEAN, clean_documents  # noqa: E402  (the tests' reader of the clean corpus)


def without_word_context(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """*entries* with their prev/next conditions emptied, the first of each spun form
    and conditions kept."""
    kept: list[Entry] = []
    seen: set[tuple[str, Conditions]] = set()
    for entry in entries:
        when = Conditions(doc_has=entry.when.doc_has, doc_lacks=entry.when.doc_lacks)
        keys = {(fold_phrase(form), when) for form in entry.spun}
        if keys & seen:
            continue
        seen |= keys
        kept.append(replace(entry, when=when))
    return tuple(kept)


def setups(default: Fixer) -> list[tuple[str, Callable[[], Fixer]]]:
    """The rows: a name and how to build its Fixer."""
    rows: list[tuple[str, Callable[[], Fixer]]] = [
        ("default", lambda: default),
        ("no gate (gated entries never applied)", lambda: default.with_config(gate=False)),
        ("gate forced open (every document treated as spun)", lambda: default.with_config(force_gated=True)),
        ("no prev/next conditions",
         lambda: Fixer(Glossary(without_word_context(default.glossary.entries), default.glossary.files), default.config)),
        ("no fuzzy", lambda: default.with_config(fuzzy=False)),
    ]
    try:
        ngrams_installed()
    except FixerError as exc:  # naming what to install
        print(f"n-gram rows left out: {exc}", file=sys.stderr)
        return rows
    return rows + [("n-grams on (`--ngrams`)", lambda: default.with_config(ngrams=True)),
                   ("gate forced open, n-grams on", lambda: default.with_config(force_gated=True, ngrams=True))]


def seed_counts(fixer: Fixer) -> Counts:
    """The seed pair's counts after repair by *fixer*."""
    spun = next((REPO / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
    original = next((REPO / "seeds").glob("*.original.txt")).read_text(encoding="utf-8")
    return evaluate_pair(spun, original, fixer.fix(spun), "seed").counts


def clean_rate(fixer: Fixer, root: Path) -> float:
    """Edited word tokens per 100,000 words of the clean documents under *root*."""
    words = edited = 0
    for name, text in clean_documents(root):
        words += sum(1 for _ in TOKEN_RE.finditer(text))
        fixed = fixer.fix(text)
        if fixed != text:
            edited += evaluate_pair(text, text, fixed, name).counts.edited_tokens
    if not words:
        raise SystemExit(f"no clean documents under {root}")
    return 100_000 * edited / words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", type=Path, default=CLEAN, help="folder of clean documents (.txt, .jsonl)")
    args = parser.parse_args()
    print("| configuration | seed recall | seed precision | place recall | place precision | clean edits /100k |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, build in setups(Fixer.from_files()):
        fixer = build()
        c = seed_counts(fixer)
        cells = [c.token_recall, c.token_precision, c.recall, c.precision]
        shown = " | ".join("n/a" if v is None else f"{100 * v:.1f}%" for v in cells)
        print(f"| {name} | {shown} | {clean_rate(fixer, args.clean):.1f} |", flush=True)


if __name__ == "__main__":
    main()
