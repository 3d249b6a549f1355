"""`fixer.report.unified_diff`: the diff that `fix --diff` prints."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixer.report import unified_diff

# lines of a few words from a small vocabulary: repeated lines, empty ones, and the
# last line with or without its line break
_LINE = st.lists(st.sampled_from(["White Home", "energy crops", "said", "", "the"]), max_size=3).map(" ".join)
_CHANGE = st.sampled_from([None, "White House", "power plants", "x"])


def _texts(lines: list[str], changes: list[str | None], end: bool) -> tuple[str, str]:
    after = [c if c is not None else line for line, c in zip(lines, changes + [None] * len(lines))]
    return "\n".join(lines) + "\n" * end, "\n".join(after) + "\n" * end


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 10_000), max_size=60, unique=True), st.lists(st.booleans(), max_size=60))
def test_a_diff_of_distinct_lines_is_difflibs(numbers: list[int], changed: list[bool]) -> None:
    """Where repairs keep the lines (as they nearly always do), each line is compared
    with the one in its place, which gives difflib's diff when the lines are distinct."""
    before, after = _texts([f"line {n}" for n in numbers],
                           [f"LINE {n}" if c else None for n, c in zip(numbers, changed)], True)
    assert unified_diff("x.txt", before, after) == "".join(difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile="a/x.txt", tofile="b/x.txt"))


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch")
@settings(max_examples=60, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=40), st.lists(_CHANGE, max_size=40), st.booleans())
def test_patch_applies_the_diff(tmp_path_factory: pytest.TempPathFactory, lines: list[str],
                                changes: list[str | None], end: bool) -> None:
    """``patch -p1`` turns the text into the repaired one, repeated lines and a last
    line without its line break included."""
    before, after = _texts(lines, changes, end)
    diff = unified_diff("x.txt", before, after)
    if before == after:
        assert diff == ""
        return
    root: Path = tmp_path_factory.mktemp("patch")
    (root / "x.txt").write_text(before, encoding="utf-8", newline="")
    done = subprocess.run(["patch", "-p1", "-s"], input=diff.encode(), cwd=root, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "x.txt").read_bytes().decode("utf-8") == after


def test_a_diff_of_many_changed_lines_is_made_line_by_line() -> None:
    """A long text with most of its lines repaired: difflib's matching took minutes
    (its time grows with the square of the lines changed), the diff is made in one
    pass. 20,000 distinct lines, every second one changed."""
    lines = [f"The White Home line {n}" for n in range(20_000)]
    before, after = _texts(lines, [line.replace("Home", "House") if n % 2 else None for n, line in
                                   enumerate(lines)], True)
    diff = unified_diff("x.txt", before, after)
    assert diff.count("\n-The White Home") == diff.count("\n+The White House") == 10_000
