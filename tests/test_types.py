"""The type hints that the package ships (``py.typed``) hold: mypy, configured in
pyproject.toml, finds no error in fixer/."""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api", reason="mypy is not installed (it comes with the 'test' extra)")

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error(tmp_path: Path) -> None:
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path),
                                str(ROOT / "fixer")])
    assert status == 0, out + err
