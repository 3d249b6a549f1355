"""fixer: repair text damaged by article spinners and paper-mill "tortured phrases".

>>> from fixer import fix
>>> fix("The White Home stated the energy crops were hit.")
'The White House said the power plants were hit.'
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

from .config import Config
from .errors import FixerError, GlossaryError, InputError
from .glossary import Entry, Glossary, default_glossary_path, load_glossaries, load_glossary
from .repair import Fixer, Repair, ScanResult, apply_repairs, combined_spin_score

__all__ = [
    "Config", "Entry", "Fixer", "FixerError", "Glossary", "GlossaryError", "InputError",
    "Repair", "ScanResult", "apply_repairs", "combined_spin_score", "default_glossary_path", "fix", "load_glossaries",
    "load_glossary", "scan",
]
__version__ = "1.0.0"


@functools.lru_cache(maxsize=8)
def _cached_fixer(config: Config) -> Fixer:
    return Fixer.from_files(config=config)


def fix(text: str, config: Config | None = None, **overrides: Any) -> str:
    """Repair *text* with the default glossary; keyword arguments override
    :class:`Config` fields (``fix(text, fuzzy=False)``)."""
    return _cached_fixer(_config(config, overrides)).fix(text)


def scan(text: str, config: Config | None = None, **overrides: Any) -> ScanResult:
    """What :func:`fix` would change in *text*, as :class:`Repair` records."""
    return _cached_fixer(_config(config, overrides)).scan(text)


def _config(config: Config | None, overrides: dict[str, Any]) -> Config:
    return replace(config or Config(), **overrides)
