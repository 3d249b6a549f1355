"""The seed article (seeds/*.spun.txt and its original): repair quality, measured on word
tokens with fixer.evaluate, and the fixed-point properties on real text."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer import Fixer
from fixer.evaluate import PairReport, evaluate_pair

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PAIRS = sorted(SEEDS.glob("*.spun.txt"))
MIN_RECALL = 0.90
MIN_PRECISION = 0.99
FIXER = Fixer.from_files()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _original(spun: Path) -> Path:
    return spun.with_name(spun.name.replace(".spun.txt", ".original.txt"))


def _describe(report: PairReport) -> str:
    c = report.counts
    lines = [f"{report.id}: token recall {c.token_recall:.3f} (min {MIN_RECALL}), "
             f"token precision {c.token_precision:.3f} (min {MIN_PRECISION}); "
             f"places: recall {c.recall:.3f}, precision {c.precision:.3f}"]
    lines += [f"  wrong edit: {p.describe()}" for p in report.wrong_edits]
    lines += [f"  miss: {p.describe()}" for p in report.misses]
    return "\n".join(lines)


def test_seed_exists() -> None:
    """The seed pair is there (the other tests would silently run on nothing)."""
    assert PAIRS and all(_original(p).is_file() for p in PAIRS)


@pytest.mark.parametrize("spun_path", PAIRS, ids=[p.name for p in PAIRS])
def test_seed_recall_and_precision(spun_path: Path) -> None:
    """fix(spun) restores >= 90% of the spinner's changed words and >= 99% of the words
    it writes agree with the original."""
    spun, original = _read(spun_path), _read(_original(spun_path))
    report = evaluate_pair(spun, original, FIXER.fix(spun), spun_path.name)
    c = report.counts
    assert c.spun_tokens > 100, _describe(report)
    assert c.token_recall >= MIN_RECALL and c.token_precision >= MIN_PRECISION, _describe(report)


@pytest.mark.parametrize("spun_path", PAIRS, ids=[p.name for p in PAIRS])
def test_seed_original_unchanged(spun_path: Path) -> None:
    """The unspun original comes back byte for byte."""
    original = _read(_original(spun_path))
    fixed = FIXER.fix(original)
    assert fixed == original, [(r.spun, r.replacement, r.source) for r in FIXER.scan(original).applied]


@pytest.mark.parametrize("spun_path", PAIRS, ids=[p.name for p in PAIRS])
def test_seed_fix_is_idempotent(spun_path: Path) -> None:
    """Fixing the repaired article again changes nothing."""
    fixed = FIXER.fix(_read(spun_path))
    again = FIXER.fix(fixed)
    assert again == fixed, [(r.spun, r.replacement, r.source) for r in FIXER.scan(fixed).applied]
