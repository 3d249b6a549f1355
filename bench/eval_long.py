"""Time of ``evaluate_pair`` and ``learn`` on one long document (not run in CI).

    python bench/eval_long.py                 # 260 KB and 2.6 MB: copies of the seed pair
    python bench/eval_long.py --kb 1000       # other sizes
    python bench/eval_long.py --whole         # also align in one piece, and compare

The document is the seed's spun text and its original, each repeated until it is
about the size asked for, and the seed's repair by the default glossary repeated as
often. A document over ``fixer.evaluate.ALIGN_WHOLE`` words is aligned window by
window; ``--whole`` times the one-piece alignment too (its time grows with the square
of the length) and checks that both give the same report and the same learned glossary.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from fixer import evaluate, fix
from fixer.learn import learn
from fixer.pairs import Pair

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _timed(call: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=float, nargs="+", default=[260, 2600], help="document sizes in KB")
    parser.add_argument("--whole", action="store_true", help="also align in one piece and compare")
    args = parser.parse_args()
    spun, original = ((SEEDS / f"nyt-2025-03-18-trump-putin-call.{side}.txt").read_text(encoding="utf-8")
                      for side in ("spun", "original"))
    repaired = fix(spun)
    for kb in args.kb:
        copies = max(1, round(kb * 1000 / len(spun.encode())))
        texts = ["\n".join([text] * copies) for text in (spun, original, repaired)]
        windows = {"windowed": evaluate.ALIGN_WHOLE, "whole": len(texts[0])} if args.whole else {"windowed": evaluate.ALIGN_WHOLE}
        results = {}
        for name, limit in windows.items():
            evaluate.ALIGN_WHOLE = limit
            report, eval_time = _timed(lambda: evaluate.evaluate_pair(*texts))
            learned, learn_time = _timed(lambda: learn([Pair("doc", texts[0], texts[1])]))
            results[name] = (report, learned)
            print(f"{len(texts[0].encode()) / 1000:,.0f} KB ({copies} copies), {name}: "
                  f"evaluate_pair {eval_time:.2f} s, learn {learn_time:.2f} s")
        evaluate.ALIGN_WHOLE = windows["windowed"]
        if args.whole:
            print("  same report and glossary:", results["windowed"] == results["whole"])


if __name__ == "__main__":
    main()
