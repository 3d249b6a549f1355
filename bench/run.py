"""fixer's speed benchmark (not part of the test suite; see bench/README.md).

    python bench/run.py [--quick] [--out bench/results.md]

Runs every configuration (method x glossary size x text size) in its own process,
then the paired ratios of the ratio targets (bench/paired.py), prints a markdown
table with the machine it ran on and the project's speed targets (PASS/FAIL), and
writes the same to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import articles, clean_source, looked_at_entries, spun_sentences, write_glossary  # noqa: E402
from methods import BASELINE, METHODS  # noqa: E402

from fixer import load_glossary  # noqa: E402
from fixer.batch import STREAM_BYTES  # noqa: E402

MODES = ("spun/whole", "spun/doc", "spun/long", "clean/whole", "clean/doc", "clean/long")
MAIN_GLOSSARY = 10_000
PARALLEL_RUNS = 3
PAIRED_ROUNDS = 9
PACKAGES = ("fixer", "pyahocorasick", "flashtext", "rapidfuzz", "PyYAML")
Measured = dict[str, Any]
"""What a measuring process reports (its JSON): by mode, MB/s or why it did not finish."""


@dataclass(frozen=True)
class Plan:
    """What one run measures."""

    text_mb: tuple[float, ...]
    glossary_sizes: tuple[int, ...]
    sweep_mb: float
    budget: float
    max_runs: int
    cap: float
    timeout: float


QUICK = Plan((1, 10), (1_000, 10_000, 100_000), 1, 8, 5, 90, 900)
FULL = Plan((1, 10, 100), (100, 1_000, 10_000, 100_000), 10, 20, 5, 120, 3000)


def machine(commit: str, core: str) -> list[str]:
    """The measured commit, CPU, cores, load, Python and package versions, as markdown list items."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), platform.processor())
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (missing)")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return [f"- fixer at commit {commit}, its core {core} (a wheel of HEAD is measured; uncommitted changes are not)",
            f"- CPU: {cpu}, {os.cpu_count()} cores; load average at start {load}",
            f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}",
            f"- {', '.join(versions)}"]


def revision() -> str:
    """The commit of HEAD (short)."""
    return subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()


def snapshot(dest: Path, commit: str, pure: bool) -> dict[str, str]:
    """Build fixer's wheel at *commit* (compiled unless *pure*) and unpack it into *dest*;
    the environment that makes subprocesses import that copy, so that every configuration
    measures the same code, as users install it, while others edit the working tree."""
    source = dest.parent / "source"
    source.mkdir()
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", commit, "fixer", "glossary", "glossary.yaml",
                              "pyproject.toml", "hatch_build.py", "README.md"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    wheels = dest.parent / "wheel"
    build_env = {**os.environ, "FIXER_PURE_PYTHON": "1" if pure else "0"}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, env=build_env)
    with zipfile.ZipFile(next(wheels.glob("*.whl"))) as wheel:
        wheel.extractall(dest)
    return {**os.environ, "PYTHONPATH": str(dest)}


def compiled(env: dict[str, str]) -> bool:
    """Whether the fixer that *env* imports runs its compiled core (asked from the
    unpacked wheel's folder: ``python -c`` would import a fixer in the current one first)."""
    return subprocess.run([sys.executable, "-c", "import fixer; print(fixer.COMPILED)"], capture_output=True,
                          text=True, check=True, env=env, cwd=env["PYTHONPATH"]).stdout.strip() == "True"


def child(spec: dict[str, object], timeout: float, env: dict[str, str], script: str = "measure.py") -> Measured:
    """Run bench/*script* (measure.py or paired.py) for *spec* in a fresh process (compile cache off)."""
    env = {**env, "FIXER_NO_CACHE": "1"}
    try:
        proc = subprocess.run([sys.executable, str(HERE / script), json.dumps(spec)],
                              capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"skipped": f"did not finish in {timeout:.0f} s"}
    if proc.returncode != 0:
        return {"skipped": f"error: {(proc.stderr.strip().splitlines() or ['?'])[-1]}"}
    return json.loads(proc.stdout)


def configurations(plan: Plan) -> list[tuple[int, float]]:
    """(glossary size, text MB) pairs: a text-size sweep at the main glossary and a
    glossary-size sweep at ``plan.sweep_mb``."""
    pairs = [(MAIN_GLOSSARY, mb) for mb in plan.text_mb] + [(n, plan.sweep_mb) for n in plan.glossary_sizes]
    return list(dict.fromkeys(pairs))


def measure_all(plan: Plan, glossaries: dict[int, Path], env: dict[str, str]) -> dict[tuple[int, float, str], Measured]:
    """Results of every method at every configuration, printed as they come."""
    results = {}
    for size, mb in configurations(plan):
        for method in METHODS:
            spec = {"method": method, "glossary": str(glossaries[size]), "mb": mb,
                    "budget": plan.budget, "max_runs": plan.max_runs, "cap": plan.cap}
            start = time.perf_counter()
            results[(size, mb, method)] = res = child(spec, plan.timeout, env)
            print(f"  {size:>7} entries {mb:>5g} MB  {method:<24} {time.perf_counter() - start:6.1f} s"
                  f"  {res.get('skipped', '')}", file=sys.stderr, flush=True)
    return results


def load_time(cache_dir: Path, env: dict[str, str]) -> dict[str, float]:
    """Seconds to import fixer and run ``Fixer.from_files()`` in fresh processes:
    without a compile cache, and (median of 5) with a warm one."""
    code = ("import time; t = time.perf_counter(); import fixer; i = time.perf_counter(); "
            "fixer.Fixer.from_files(); print(i - t, time.perf_counter() - i)")

    def once(**extra: str) -> tuple[float, float]:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**env, **extra}, cwd=cache_dir.parent).stdout.split()
        return float(out[0]), float(out[1])

    cold = once(FIXER_NO_CACHE="1")
    once(FIXER_CACHE_DIR=str(cache_dir))
    warm = [once(FIXER_CACHE_DIR=str(cache_dir)) for _ in range(5)]
    return {"import": statistics.median(w[0] for w in warm), "no cache": cold[1],
            "warm cache": statistics.median(w[1] for w in warm)}


def parallel(tmp: Path, mb: float, env: dict[str, str]) -> dict[str, dict[int, float]]:
    """MB/s of ``fixer fix --jobs N`` (default glossary, warm cache), for N = 1 and one per
    core, process start included (median of :data:`PARALLEL_RUNS` runs): by input kind,
    "jsonl" a JSON Lines file of *mb* MB of spun 8 KB articles, "text" one plain-text file
    of them just over ``STREAM_BYTES`` (repaired in segments, spread over the workers)."""
    inputs = {"jsonl": (tmp / "spun.jsonl", ["--jsonl"]), "text": (tmp / "spun.txt", [])}
    with inputs["jsonl"][0].open("w", encoding="utf-8") as fh:
        for i, doc in enumerate(articles(spun_sentences(), int(mb * 1_000_000))):
            fh.write(json.dumps({"id": i, "text": doc}) + "\n")
    inputs["text"][0].write_text("\n\n".join(articles(spun_sentences(), STREAM_BYTES + 1_000_000)), encoding="utf-8")
    env = {**env, "FIXER_CACHE_DIR": str(tmp / "cache")}
    counts = tuple(dict.fromkeys((1, os.cpu_count() or 1)))
    speeds: dict[str, dict[int, float]] = {}
    for kind, (path, options) in inputs.items():
        times: dict[int, list[float]] = {n: [] for n in counts}
        for _ in range(PARALLEL_RUNS):  # alternated, so that a drift of the machine's speed hits both alike
            for jobs, runs in times.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "fixer", "fix", *options, "-q", "--jobs", str(jobs), str(path)],
                               stdout=subprocess.DEVNULL, check=True, env=env, cwd=tmp)
                runs.append(time.perf_counter() - start)
        speeds[kind] = {jobs: path.stat().st_size / 1e6 / statistics.median(runs) for jobs, runs in times.items()}
    return speeds


def cell(res: Measured, base: Measured, mode: str) -> str:
    """``MB/s (x baseline)`` for one mode."""
    if mode not in res:
        return "-"
    if "dnf" in res[mode]:
        return str(res[mode]["dnf"])
    mbps = res[mode]["mbps"]
    ratio = f" ({mbps / base[mode]['mbps']:.2f}x)" if "mbps" in base.get(mode, {}) else ""
    return f"{mbps:.2f}{ratio}"


def table(results: dict[tuple[int, float, str], Measured]) -> list[str]:
    """The results as markdown table lines."""
    lines = ["| entries | text MB | method | build s | peak RSS MB | spun whole MB/s | spun 8 KB docs MB/s "
             "| spun 64 KB docs MB/s | clean whole MB/s | clean 8 KB docs MB/s | clean 64 KB docs MB/s |",
             "|---:|---:|---|---:|---:|" + "---:|" * len(MODES)]
    for (size, mb, method), res in results.items():
        base = results[(size, mb, BASELINE)]
        if "skipped" in res:
            lines.append(f"| {size} | {mb:g} | {method} | {res['skipped']} |" + " |" * (len(MODES) + 1))
            continue
        speeds = " | ".join(cell(res, base, m) for m in MODES)
        lines.append(f"| {size} | {mb:g} | {method} | {res['build_s']:.2f} | {res['peak_mb']:.0f} | {speeds} |")
    return lines


def ratio(results: dict[tuple[int, float, str], Measured], key: tuple[int, float, str],
          other: tuple[int, float, str], mode: str) -> float | None:
    """MB/s of *key* over MB/s of *other* in *mode*, None when either did not run."""
    a, b = results.get(key, {}), results.get(other, {})
    if "mbps" not in a.get(mode, {}) or "mbps" not in b.get(mode, {}):
        return None
    return a[mode]["mbps"] / b[mode]["mbps"]


def worst(values: list[float | None], low: bool = True) -> float | None:
    """The worst of *values* (the lowest, or the highest with ``low=False``), None if any is None."""
    known = [v for v in values if v is not None]
    if not values or len(known) < len(values):
        return None
    return min(known) if low else max(known)


def paired_ratios(plan: Plan, glossaries: dict[int, Path], env: dict[str, str]) -> Measured:
    """The ratios of the ratio targets, both sides timed in turn in one process (bench/paired.py)."""
    spec = {"glossaries": {str(n): str(path) for n, path in glossaries.items()}, "main": MAIN_GLOSSARY,
            "mb": plan.sweep_mb, "rounds": PAIRED_ROUNDS}
    start = time.perf_counter()
    out = child(spec, plan.timeout, env, "paired.py")
    print(f"  paired ratios {plan.sweep_mb:>5g} MB  {time.perf_counter() - start:6.1f} s  {out.get('skipped', '')}",
          file=sys.stderr, flush=True)
    return out


def paired(ratios: Measured, name: str, goal: float, at_least: bool) -> tuple[float | None, str]:
    """The median ratio of comparison *name* in its worst mode, and how its rounds fell against *goal*."""
    modes = ratios.get(name)
    if not isinstance(modes, dict):
        return None, f"paired: not measured ({modes or ratios.get('skipped', 'missing')})"
    pick = min if at_least else max
    mode, got = pick(modes.items(), key=lambda item: item[1]["median"])
    low, high, rounds = got["low"], got["high"], got["rounds"]
    passes = [v >= goal if at_least else v <= goal for v in (low, high)]
    side = "every round passes" if all(passes) else "every round fails" if not any(passes) else "rounds on both sides"
    return got["median"], f"paired median, {mode} calls; {rounds} rounds {low:.3g}-{high:.3g}, {side}"


def targets(results: dict[tuple[int, float, str], Measured], plan: Plan, ratios: Measured,
            load: dict[str, float], jobs: dict[str, dict[int, float]]) -> list[tuple[str, float | None, bool, str]]:
    """(target, measured value, passed, how it was measured) for each of the project's speed
    goals. The ratio targets are judged on the paired ratios (:func:`paired_ratios`); the
    worst ratio of the separate runs (each method in its own process) is given beside them."""
    fx = "Fixer.fix"
    main = [(MAIN_GLOSSARY, mb) for mb in plan.text_mb]
    spun = worst([ratio(results, (*c, fx), (*c, BASELINE), m) for c in main for m in ("spun/whole", "spun/doc")])
    # Where FlashText did not finish a call and Fixer did, Fixer wins by more than any ratio: left out.
    flash = worst([ratio(results, (*c, fx), (*c, "FlashText"), m) for c in main for m in ("spun/whole", "spun/doc")
                   if "mbps" in results.get((*c, "FlashText"), {}).get(m, {}) or "mbps" not in results.get((*c, fx), {}).get(m, {})])
    clean = worst([ratio(results, (*c, fx), (*c, BASELINE), m) for c in main for m in ("clean/whole", "clean/doc")])
    small, big = min(n for n in plan.glossary_sizes if n >= 1000), max(plan.glossary_sizes)
    sweep = ((small, plan.sweep_mb, fx), (big, plan.sweep_mb, fx))
    slow = worst([ratio(results, *sweep, m) for m in ("spun/whole", "spun/doc")], low=False)
    slow_clean = worst([ratio(results, *sweep, m) for m in ("clean/whole", "clean/doc")], low=False)
    ratio_goals = [
        (f"Fixer.fix on spun news >= 0.5x baseline ({MAIN_GLOSSARY} entries)", "spun_baseline", spun, 0.5, True),
        (f"Fixer.fix >= 10x FlashText on spun news ({MAIN_GLOSSARY} entries)", "spun_flashtext", flash, 10, True),
        (f"{small} -> {big} entries slows Fixer.fix by <= 1.3x (spun)", "spun_growth", slow, 1.3, False),
        (f"{small} -> {big} entries slows Fixer.fix by <= 1.3x (clean)", "clean_growth", slow_clean, 1.3, False),
        (f"Fixer.fix on clean text >= 0.8x baseline ({MAIN_GLOSSARY} entries)", "clean_baseline", clean, 0.8, True),
    ]
    out = []
    for name, key, separate, goal, at_least in ratio_goals:
        value, how = paired(ratios, key, goal, at_least)
        how += "; separate runs, worst size/mode: " + ("did not run" if separate is None else f"{separate:.3g}")
        out.append((name, value, value is not None and (value >= goal if at_least else value <= goal), how))
    for name, value, goal in (("default glossary loads < 100 ms (fresh process, warm compile cache), s", load["warm cache"], 0.1),
                              ("default glossary loads < 100 ms (fresh process, no compile cache), s", load["no cache"], 0.1)):
        out.append((name, value, value <= goal, ""))
    batch = jobs["jsonl"]
    if len(batch) > 1:
        most = max(batch)
        out.append((f"--jobs {most} >= 1.7x the throughput of --jobs 1 (JSON Lines, process start included)",
                    batch[most] / batch[1], batch[most] / batch[1] >= 1.7, f"median of {PARALLEL_RUNS} alternated runs each"))
    return out


def report(plan: Plan, commit: str, core: str, results: dict[tuple[int, float, str], Measured],
           ratios: Measured, load: dict[str, float], jobs: dict[str, dict[int, float]], clean: str,
           elapsed: float) -> str:
    """The whole markdown report."""
    goals = targets(results, plan, ratios, load, jobs)
    lines = ["# fixer speed benchmark", "", *machine(commit, core),
             f"- mode: {'--quick' if plan is QUICK else 'full'}; {elapsed / 60:.1f} min; clean text: {clean}", "",
             "MB/s is the median over the runs (MB = 10^6 bytes of UTF-8 input); (Nx) is the ratio to the "
             "pyahocorasick baseline in the same configuration. Build = YAML load + compile. Peak RSS is the "
             "whole measuring process, holding the spun and the clean text (see the str.lower row).", "",
             *table(results), "",
             f"Default glossary (`Fixer.from_files()`, fresh process): import fixer {load['import'] * 1000:.0f} ms, "
             f"then {load['warm cache'] * 1000:.0f} ms with a warm compile cache, "
             f"{load['no cache'] * 1000:.0f} ms without one.", "",
             f"Parallel (`fixer fix --jobs N`, default glossary, spun 8 KB articles, process start included, "
             f"median of {PARALLEL_RUNS} runs): a JSON Lines file (`--jsonl`) "
             + ", ".join(f"--jobs {n}: {v:.2f} MB/s" for n, v in jobs["jsonl"].items())
             + f"; one plain-text file of {STREAM_BYTES / 1e6 + 1:.1f} MB (repaired in segments) "
             + ", ".join(f"--jobs {n}: {v:.2f} MB/s" for n, v in jobs["text"].items()), "",
             "## Targets", "",
             f"A ratio target is judged on its paired ratio (`bench/paired.py`, {plan.sweep_mb:g} MB of text, whole "
             f"and in 8 KB documents): both sides timed in turn in one process, {PAIRED_ROUNDS} rounds, the ratio "
             "taken within each round, the median of the rounds in the worst mode; the machine's drift over "
             "minutes moves it far less than it moves a ratio of two separate runs, given beside it.", ""]
    lines += [f"- **{'PASS' if ok else 'FAIL'}** {name}: "
              f"{'did not run' if v is None else f'{v:.3g}'}{f' ({how})' if how else ''}" for name, v, ok, how in goals]
    floor, how = paired(ratios, "spun_before_deciding", 0.5, True)
    lines += ["", (f"Not a target: Fixer's stages before it decides anything (fold, automaton search, exact "
                   f"candidates) over the baseline on spun news ({MAIN_GLOSSARY} entries), the most that "
                   f"`Fixer.fix` could reach however fast its decisions, its rounds read against the spun-news "
                   f"target of 0.5x: {'did not run' if floor is None else f'{floor:.3g}'} ({how}).")]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse the command line, run the benchmark, print and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 10 MB texts, fewer glossary sizes")
    parser.add_argument("--pure", action="store_true", help="measure fixer built as pure Python (no mypyc)")
    parser.add_argument("--out", type=Path, default=HERE / "results.md", help="markdown report to write")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fixer-bench-") as tmp:
        commit = revision()
        env = snapshot(Path(tmp) / "src", commit, args.pure)
        core = "compiled (mypyc)" if compiled(env) else "pure Python"
        real = load_glossary(Path(tmp) / "src" / "fixer" / "glossary.yaml").entries
        glossaries = {n: Path(tmp) / f"glossary-{n}.yaml" for n in {MAIN_GLOSSARY, *plan.glossary_sizes}}
        first = looked_at_entries(real)
        for n, path in glossaries.items():
            write_glossary(path, n, real, first)
        results = measure_all(plan, glossaries, env)
        ratios = paired_ratios(plan, glossaries, env)
        load = load_time(Path(tmp) / "cache", env)
        jobs = parallel(Path(tmp), max(plan.text_mb[:2]), env)
    text = report(plan, commit, core, results, ratios, load, jobs, clean_source()[0], time.perf_counter() - start)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
