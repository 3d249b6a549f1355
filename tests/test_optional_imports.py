"""Importing fixer must not import the optional integrations' dependencies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("dask", "distributed", "pandas", "scrapy", "itemadapter", "twisted")


def test_import_fixer_does_not_import_optional_dependencies() -> None:
    code = ("import json, sys, fixer, fixer.cli; "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(proc.stdout) == []


def test_a_fixer_from_the_compile_cache_imports_no_yaml(tmp_path: Path) -> None:
    """PyYAML is imported when a glossary file is read: a Fixer loaded from the compile
    cache starts without it (about 10 ms of every start)."""
    env = {**os.environ, "FIXER_CACHE_DIR": str(tmp_path)}
    env.pop("FIXER_NO_CACHE", None)
    code = "import sys, fixer; fixer.Fixer.from_files(); print('yaml' in sys.modules)"
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                           check=True).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]  # compiled from the YAML, then loaded from the cache


@pytest.mark.parametrize(("args", "loaded"), [
    (["fix", "-"], ["fixer.cli.fix"]),
    (["fix", "--html", "-"], ["fixer.cli.fix", "fixer.formats.html"]),
    (["scan", "-"], ["fixer.cli.fix"]),
    (["eval", "-", "-"], ["fixer.cli.evaluation"]),
    (["glossary", "stats"], ["fixer.cli.glossary"]),
    (["--help"], ["fixer.cli.evaluation", "fixer.cli.fix", "fixer.cli.glossary"]),
], ids=["fix", "fix-html", "scan", "eval", "glossary", "help"])
def test_a_subcommand_loads_its_own_module_only(args: list[str], loaded: list[str]) -> None:
    """``fixer fix`` starts without importing what ``eval``, ``learn`` and ``glossary``
    need (evaluation, learning, glossary statistics: about 15 ms of every start), nor
    the HTML scanner for plain text, nor the logging that Dask runs turn off."""
    code = ("import json, sys\nfrom fixer.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            "mine = ('fixer.cli.fix', 'fixer.cli.evaluation', 'fixer.cli.glossary', 'fixer.learn', 'fixer.evaluate', "
            "'fixer.formats.html', 'logging')\n"
            "print(json.dumps(sorted(m for m in mine if m in sys.modules)), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], input="The White Home said.\n", capture_output=True,
                          text=True, timeout=60)
    expected = sorted(loaded + (["fixer.evaluate", "fixer.learn"] if "fixer.cli.evaluation" in loaded else []))
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == expected, proc.stderr


@pytest.mark.parametrize("module, dependency", [("fixer.dask", "dask"), ("fixer.scrapy", "scrapy")])
def test_missing_dependency_names_the_extra(module: str, dependency: str) -> None:
    code = (f"import sys; sys.modules[{dependency!r}] = None\n"
            f"try:\n    import {module}\nexcept ImportError as exc:\n    print(exc)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    extra = module.split(".")[1]
    assert f"pip install 'fixer[{extra}]'" in proc.stdout


def test_dask_option_without_dask_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "The White Home stated."}\n', encoding="utf-8")
    code = ("import sys; sys.modules['dask'] = None\n"
            "from fixer.cli import main\n"
            f"main(['fix', '--jsonl', '--dask', 'local', {str(path)!r}])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("fixer: error: fixer.dask needs dask") and line.endswith("pip install 'fixer[dask]'")


@pytest.mark.parametrize("args", [["--jsonl", "in.jsonl"], ["-o", "out", "clean.txt", "spun.txt"]],
                         ids=["jsonl", "files"])
def test_ngrams_without_symspellpy_stops_before_any_output(tmp_path: Path, args: list[str]) -> None:
    """--ngrams without its package is refused before the first record or file is
    written (it used to be noticed at the first single-word repair, after those)."""
    (tmp_path / "in.jsonl").write_text('{"text": "The White Home."}\n'
                                       '{"text": "The White Home stated the energy crops."}\n', encoding="utf-8")
    (tmp_path / "clean.txt").write_text("The White Home.\n", encoding="utf-8")
    (tmp_path / "spun.txt").write_text("The White Home stated the energy crops.\n", encoding="utf-8")
    code = ("import sys; sys.modules['symspellpy'] = None\n"
            "from fixer.cli import main\n"
            f"main(['fix', '--ngrams', *{args!r}])")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "fixer: error: n-gram checks need the symspellpy package: pip install 'fixer[ngrams]'\n"
    assert not (tmp_path / "out").exists()
