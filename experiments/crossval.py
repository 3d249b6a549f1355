"""Cross-validate glossary learning on a parallel TSV file (page, spun_sentence, original_sentence).

Pages are split into k folds (k=5, deterministic: pages sorted by size, dealt round-robin);
each fold learns a glossary from the other folds' pages and evaluates on its own with
(a) the default glossary, (b) the learned one alone, (c) default + learned (learned
layered after default). With fewer pages than folds, each page is cut into blocks of
consecutive sentences and the blocks are folded instead. Prints a markdown table of
metrics averaged over folds.

    python experiments/crossval.py --data ../shared/data/spun-docs-dev.tsv
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from fixer import Fixer
from fixer.evaluate import EvalReport, evaluate
from fixer.learn import learn, write_glossary
from fixer.pairs import Pair, Row, group_rows, read_tsv_rows

SETUPS = (("default glossary", False, True), ("learned alone", True, False), ("default + learned", True, True))
METRICS = (("precision", "precision"), ("recall", "recall"), ("WER before", "wer_before"),
           ("WER after", "wer_after"), ("WER reduction", "error_reduction"))


def documents(rows: Sequence[Row], folds: int, block: int) -> tuple[list[Pair], str]:
    """The units to fold: pages, or blocks of *block* sentences when pages are too few."""
    pages = group_rows(rows)
    if len(pages) >= folds:
        return pages, f"{len(pages)} pages folded by page"
    blocks = [Row(f"{r.page}#{i // block}", r.spun, r.original, r.line)
              for page in dict.fromkeys(r.page for r in rows)
              for i, r in enumerate(r for r in rows if r.page == page)]
    units = group_rows(blocks)
    return units, (f"only {len(pages)} pages for {folds} folds: folded over {len(units)} blocks "
                   f"of up to {block} consecutive sentences")


def split(units: Sequence[Pair], folds: int) -> list[list[Pair]]:
    """Deal units, largest first, round-robin into *folds* folds."""
    order = sorted(units, key=lambda p: (-len(p.original), p.id))
    return [order[i::folds] for i in range(folds)]


def run_fold(train: Sequence[Pair], test: Sequence[Pair], default: Fixer, workdir: Path, name: str,
             spun: bool = False) -> list[EvalReport]:
    """Learn on *train*, evaluate each setup on *test* (every document treated as spun
    with *spun*)."""
    learned = workdir / f"{name}.yaml"
    write_glossary(learn(train, source=name), learned)
    fixers = [default if not use_learned else Fixer.from_files([learned], default=use_default)
              for _, use_learned, use_default in SETUPS]
    if spun:
        fixers = [f.with_config(force_gated=True) for f in fixers]
    return [evaluate(test, f.fix) for f in fixers]


def table(results: list[list[EvalReport]]) -> str:
    """Markdown table of the metrics of each setup, averaged over folds."""
    lines = ["| setup | " + " | ".join(label for label, _ in METRICS) + " |",
             "| --- |" + " ---: |" * len(METRICS)]
    for s, (label, _, _) in enumerate(SETUPS):
        cells = []
        for _, attr in METRICS:
            values = [getattr(fold[s].counts, attr) for fold in results]
            values = [v for v in values if v is not None]
            cells.append(f"{100 * statistics.mean(values):.1f}%" if values else "n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="parallel TSV file")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--block", type=int, default=10, help="sentences per block when pages are too few")
    parser.add_argument("--spun", action="store_true",
                        help="treat every test document as spun (gated entries apply, as with fixer fix --spun)")
    args = parser.parse_args(argv)
    units, how = documents(read_tsv_rows(args.data), args.folds, args.block)
    default = Fixer.from_files([], default=True)
    with tempfile.TemporaryDirectory() as tmp:
        results = [run_fold([u for j, f in enumerate(split(units, args.folds)) if j != i for u in f], test,
                            default, Path(tmp), f"fold{i + 1}", args.spun)
                   for i, test in enumerate(split(units, args.folds))]
    print(f"{args.folds}-fold cross-validation on {args.data.name}: {how}; "
          f"each fold learns from the other folds; metrics micro-averaged within a fold, then averaged over folds"
          f"{'; every document treated as spun' if args.spun else ''}.\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
