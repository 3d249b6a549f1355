"""The speed benchmark's paired ratios (``bench/paired.py``), how ``bench/run.py``
judges a target on them, and the comparison of two builds (``bench/compare_builds.py``). The benchmark is not part of the test run: its paired ratios
run here once on a tiny text, untimed, so that the script keeps working."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from fixer import Fixer, load_glossary
from fixer.stream import SEGMENT_CHARS

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def _bench_module(name: str) -> ModuleType:
    """bench/*name*.py, imported under a name of its own (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location(f"fixer_bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


paired = _bench_module("paired")
run = _bench_module("run")
compare_builds = _bench_module("compare_builds")
corpus = sys.modules["corpus"]  # as bench/paired.py imported it
methods = sys.modules["methods"]


def test_paired_ratios_time_both_sides_of_every_ratio_target(tmp_path: Path) -> None:
    """Every comparison is timed in every round in both modes (FlashText only on
    documents, or reported skipped where it is not installed), and its ratio is the MB/s
    of its first side over its second's: Fixer.fix, which does far more, is slower than
    the baseline on spun text."""
    real = load_glossary(ROOT / "glossary.yaml").entries
    paths = {}
    for size in (1000, 2000):
        paths[str(size)] = str(tmp_path / f"glossary-{size}.yaml")
        corpus.write_glossary(Path(paths[str(size)]), size, real)
    out = paired.main({"glossaries": paths, "main": 1000, "mb": 0.02, "rounds": 3})
    assert set(out) == {"spun_baseline", "clean_baseline", "spun_flashtext", "spun_growth", "clean_growth",
                        "spun_before_deciding"}
    for name, modes in out.items():
        if isinstance(modes, str):
            assert name == "spun_flashtext" and "flashtext not installed" in modes
            continue
        assert set(modes) == ({"doc"} if name == "spun_flashtext" else {"whole", "doc"})
        for got in modes.values():
            assert got["rounds"] == 3 and 0 < got["low"] <= got["median"] <= got["high"]
    # the direction of the ratio, read on the median: one round of three can be far off
    # on a machine busy with other tests (a round at 1.19 was seen)
    assert out["spun_baseline"]["doc"]["median"] < 1  # type: ignore[index]
    # the stages before deciding are a part of Fixer.fix: faster than the whole of it
    for mode in ("whole", "doc"):
        assert out["spun_before_deciding"][mode]["median"] > out["spun_baseline"][mode]["median"]  # type: ignore[index]


def test_the_stages_before_deciding_find_the_candidates_and_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The part of Fixer.fix that the benchmark times on its own builds the candidates
    of the text, and gives the text back as it was."""
    found: list[int] = []
    candidates = Fixer._candidates

    def counted(self: Fixer, *args: object, **kwargs: object) -> object:
        made = candidates(self, *args, **kwargs)
        found.append(len(made[0]))
        return made

    monkeypatch.setattr(Fixer, "_candidates", counted)
    spun = next((ROOT / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
    prepare = methods.fixer_before_deciding(load_glossary(ROOT / "glossary.yaml"))
    assert prepare(spun) == spun
    assert found[-1] > 200  # the seed's spun places, and more (the calls before it: the Fixer's own checks)


ROUNDS = {"whole": {"median": 0.9, "low": 0.85, "high": 0.95, "rounds": 9},
          "doc": {"median": 0.82, "low": 0.78, "high": 0.86, "rounds": 9}}


@pytest.mark.parametrize(("goal", "at_least", "value", "how"), [
    (0.7, True, 0.82, "paired median, doc calls; 9 rounds 0.78-0.86, every round passes"),
    (0.8, True, 0.82, "paired median, doc calls; 9 rounds 0.78-0.86, rounds on both sides"),
    (0.9, True, 0.82, "paired median, doc calls; 9 rounds 0.78-0.86, every round fails"),
    (0.85, False, 0.9, "paired median, whole calls; 9 rounds 0.85-0.95, rounds on both sides"),
    (1.0, False, 0.9, "paired median, whole calls; 9 rounds 0.85-0.95, every round passes"),
])
def test_a_ratio_target_is_judged_on_the_worse_modes_median(goal: float, at_least: bool, value: float,
                                                              how: str) -> None:
    """The median of the mode furthest from the goal's side (the lower for "at least",
    the higher for "at most"), and where the rounds of that mode fall against the goal."""
    assert run.paired({"x": ROUNDS}, "x", goal, at_least) == (value, how)


@pytest.mark.parametrize(("ratios", "why"), [
    ({"skipped": "error: boom"}, "error: boom"),
    ({"x": "skipped (flashtext not installed)"}, "skipped (flashtext not installed)"),
])
def test_a_ratio_target_not_measured_has_no_value(ratios: dict[str, object], why: str) -> None:
    """A paired run that failed, or a comparison skipped, gives no value, and says why."""
    assert run.paired(ratios, "x", 0.5, True) == (None, f"paired: not measured ({why})")


def test_the_paragraphs_of_the_spun_benchmark_text_are_repaired_as_they_are_apart() -> None:
    """With the spin gate open, no paragraph's repairs depend on another's: the bench's
    2 MB of spun text (two segments, each with places that read a neighbour otherwise
    than the repairs leave it, so that their paragraphs are decided a second time) gives
    in one call what its paragraphs give one by one. When such a place had the whole
    segment decided again, repairs in other paragraphs changed."""
    fixer = Fixer.from_files(force_gated=True)
    text = "\n\n".join(corpus.articles(corpus.spun_sentences(), 2_000_000))
    paragraphs = text.split("\n\n")
    assert len(text) > 2 * SEGMENT_CHARS * 0.9 and len(paragraphs) > 1000
    assert fixer.fix(text) == "\n\n".join(fixer.fix(p) for p in paragraphs)


def test_two_builds_are_timed_in_turn_in_processes_of_their_own() -> None:
    """Each build's worker repairs the texts once per round, between two passes of the
    other: with the same build on both sides, every pass is timed and the ratios lie
    around one (untimed here: a loose bound that only a broken pairing would miss)."""
    found = compare_builds.compare(sys.executable, sys.executable, "spun", rounds=3, mb=0.02)
    assert found["old"] > 0 and found["new"] > 0
    assert found["low"] <= found["median"] <= found["high"]
    assert 0.1 < found["median"] < 10


@pytest.mark.parametrize(("args", "message"), [
    ([], "give the two interpreters"),
    ([sys.executable, sys.executable, "--rounds", "0"], "--rounds must be 1 or more"),
])
def test_comparing_builds_without_what_it_needs_is_a_usage_error(args: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, str(BENCH / "compare_builds.py"), *args], capture_output=True, text=True)
    assert done.returncode == 2 and message in done.stderr
