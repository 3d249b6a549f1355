"""The fuzz targets in fuzz/ run as documented in fuzz/README.md: the plain loop, and
replaying a saved input, with or without atheris."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
HAS_ATHERIS = importlib.util.find_spec("atheris") is not None


def _run(target: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(FUZZ / f"{target}.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={"FIXER_NO_CACHE": "1", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("target", ["fuzz_fix", "fuzz_glossary"])
def test_plain_loop_runs_without_a_crash(target: str, tmp_path: Path) -> None:
    done = _run(target, "--no-atheris", "--iterations", "40", "--seed", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "40 inputs, no crash" in done.stderr
    assert not list(tmp_path.iterdir())


def test_a_saved_input_replays(tmp_path: Path) -> None:
    saved = tmp_path / "crash-plain-1-0"
    saved.write_text("The White Home stated the energy crops were hit.", encoding="utf-8")
    done = _run("fuzz_fix", str(saved), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    if not HAS_ATHERIS:
        assert "1 input(s) replayed, no crash" in done.stderr


@pytest.mark.skipif(HAS_ATHERIS, reason="atheris is installed: the target fuzzes instead")
def test_without_atheris_fuzzing_says_what_to_do(tmp_path: Path) -> None:
    done = _run("fuzz_fix", "-max_total_time=1", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "atheris is not installed (pip install -e '.[fuzz]'); without it, run the plain loop: --no-atheris --iterations N"]


def _with_sources_first(code: str) -> subprocess.CompletedProcess[str]:
    """*code* run by a new interpreter that can import fuzz/sources.py's ``prefer_sources``."""
    setup = f"import sys; sys.path.insert(0, {str(FUZZ)!r}); from sources import prefer_sources; "
    return subprocess.run([sys.executable, "-c", setup + code], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("module", ["fixer.repair", "fixer.seams", "fixer.text", "fixer.glossary"])
def test_sources_are_imported_where_an_install_compiled_them(module: str) -> None:
    """Under atheris the targets import fixer from its Python sources: coverage is
    measured only there (compiled modules left the fuzzer blind)."""
    done = _with_sources_first(f"prefer_sources(); import {module} as m; print(m.__file__)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(module.rpartition(".")[2] + ".py")


def test_sources_first_refuses_an_imported_fixer() -> None:
    done = _with_sources_first("import fixer; prefer_sources()")
    assert done.returncode == 1
    assert "fixer is imported already" in done.stderr
