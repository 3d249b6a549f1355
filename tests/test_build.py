"""The compiled build: it must be current and repair exactly as the pure Python sources do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fixer
from fixer import Fixer

from test_cases import CASE_FILES, _load

PACKAGE = Path(fixer.__file__).resolve().parent
REPO = Path(__file__).resolve().parent.parent
COMPILED_SUFFIXES = (".so", ".pyd")
_RUN_PURE = """
import json, sys
import fixer
from fixer import Fixer
assert not fixer.COMPILED, fixer.__file__
texts = json.load(sys.stdin)
repairer = Fixer.from_files(sys.argv[1:], default=False)
spun = repairer.spun_view()
json.dump([[repairer.fix(t), repairer.scan(t).to_dict(), spun.fix(t)] for t in texts], sys.stdout)
"""


def _compiled_modules() -> list[Path]:
    return [p for p in PACKAGE.iterdir() if p.suffix in COMPILED_SUFFIXES]


def test_compiled_flag_matches_the_modules_loaded() -> None:
    assert fixer.COMPILED == bool(_compiled_modules())
    assert fixer.COMPILED == (Path(fixer.repair.__file__).suffix in COMPILED_SUFFIXES)


@pytest.mark.skipif(not fixer.COMPILED, reason="pure Python install: no compiled modules")
@pytest.mark.skipif(PACKAGE.parent != REPO, reason="an installed copy: its files are as the wheel shipped them")
def test_compiled_modules_are_newer_than_their_sources() -> None:
    """In the source tree (an editable install), where a compiled module takes
    precedence over its source, an edited source must not be left uncompiled."""
    stale = [p.name for p in _compiled_modules()
             if (PACKAGE / (p.name.split(".")[0] + ".py")).stat().st_mtime > p.stat().st_mtime]
    assert not stale, (f"compiled modules older than their sources: {', '.join(stale)}; the tests would run "
                       "old code: reinstall (pip install -e .) to compile them again")


def _texts() -> list[str]:
    texts = [case["input"] for name in CASE_FILES for case in _load(name)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    return texts


@pytest.mark.skipif(not fixer.COMPILED, reason="pure Python install: nothing to compare")
def test_compiled_and_pure_python_repair_alike(tmp_path: Path) -> None:
    """The pure sources, copied without the compiled modules, give the same output,
    repairs and spun-view output as the compiled core on every case and seed text."""
    source = tmp_path / "src"
    shutil.copytree(PACKAGE, source / "fixer", ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    glossary = fixer.default_glossary_path()
    texts = _texts()
    env = {**os.environ, "PYTHONPATH": str(source), "FIXER_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-c", _RUN_PURE, str(glossary)], input=json.dumps(texts), capture_output=True,
                          text=True, env=env, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    repairer = Fixer.from_files([glossary], default=False)
    spun = repairer.spun_view()
    compiled = json.loads(json.dumps([[repairer.fix(t), repairer.scan(t).to_dict(), spun.fix(t)] for t in texts]))
    pure = json.loads(done.stdout)
    assert len(pure) == len(texts) > 300
    for text, want, got in zip(texts, pure, compiled):
        assert got == want, text[:200]
