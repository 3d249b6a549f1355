"""The measurement scripts of experiments/ that README's "Quality, measured" quotes still
run, and their figures agree with the library's: run here on the seed's original as the
clean corpus (small and in the repository), with few samples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer import Fixer
from fixer.evaluate import evaluate_pair

REPO = Path(__file__).resolve().parent.parent
SEED_SPUN = next((REPO / "seeds").glob("*.spun.txt"))
SEED_ORIGINAL = next((REPO / "seeds").glob("*.original.txt"))


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean corpus of one document: the seed's original."""
    folder = tmp_path_factory.mktemp("clean")
    (folder / "original.txt").write_bytes(SEED_ORIGINAL.read_bytes())
    return folder


def _run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(REPO / "experiments" / script), *args], capture_output=True,
                          text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _rows(table: str) -> dict[str, list[str]]:
    """The rows of a markdown table by their first cell."""
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.splitlines() if line.startswith("|")]
    return {row[0]: row[1:] for row in cells[2:]}


def test_ablation_default_row_is_what_eval_measures(clean: Path) -> None:
    """The default row gives the seed figures `fixer eval` gives and no edit in the
    original; never opening the gate loses recall, always opening it edits clean text."""
    rows = _rows(_run("ablation.py", "--clean", str(clean)))
    counts = evaluate_pair(SEED_SPUN.read_text(encoding="utf-8"), SEED_ORIGINAL.read_text(encoding="utf-8"),
                           Fixer.from_files().fix(SEED_SPUN.read_text(encoding="utf-8"))).counts
    expected = [f"{100 * v:.1f}%" for v in (counts.token_recall, counts.token_precision, counts.recall, counts.precision)
                if v is not None]
    assert rows["default"] == [*expected, "0.0"]
    assert float(rows["no gate (gated entries never applied)"][0][:-1]) < float(expected[0][:-1])
    assert float(rows["gate forced open (every document treated as spun)"][4]) > 0


def test_fuzzy_quality_runs_the_same_twice(clean: Path) -> None:
    """Same seed, same figures (no timing asked); no fuzzy repair in clean text."""
    args = ("--clean", str(clean), "--sample", "20", "--anchored", "0", "--repeat", "0")
    first = _run("fuzzy_quality.py", *args)
    assert first == _run("fuzzy_quality.py", *args)
    assert "all kinds" in first
    assert _rows(first.split("**Fuzzy repairs on clean text**")[1])["clean corpus"][1:3] == ["0", "0"]
