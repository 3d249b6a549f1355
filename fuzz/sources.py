"""Import fixer's modules from their Python sources, even where an install compiled
them (mypyc puts the compiled modules beside the sources, and Python prefers those):
atheris measures coverage only in Python code it instruments, so a fuzz target run on
compiled modules is blind and mutates at random."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType


class _SourcesFirst(importlib.abc.MetaPathFinder):
    """Finds a module of the fixer package as its ``.py`` file when there is one."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if not fullname.startswith("fixer.") or not path:
            return None
        name = fullname.rpartition(".")[2]
        for folder in path:
            source = Path(folder) / f"{name}.py"
            if source.is_file():
                return importlib.util.spec_from_file_location(fullname, source)
        return None


def prefer_sources() -> None:
    """Import fixer's modules from here on from their sources (before fixer is imported;
    before ``atheris.instrument_imports``, whose finder asks this one)."""
    if "fixer" in sys.modules:
        raise RuntimeError("fixer is imported already: call prefer_sources() first")
    if not any(isinstance(finder, _SourcesFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourcesFirst())
