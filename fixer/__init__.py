"""fixer: repair text damaged by article spinners and paper-mill "tortured phrases".

>>> from fixer import fix
>>> fix("The White Home stated the energy crops were hit.")
'The White House said the power plants were hit.'
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

from . import repair as _repair
from .api import apply_repairs
from .config import Config, check_config
from .errors import FixerError, GlossaryError, InputError
from .glossary import Entry, Glossary, default_glossary_path, load_glossaries, load_glossary
from .repair import Fixer, shared_fixer
from .results import Repair, ScanResult, combined_spin_score

__all__ = [
    "COMPILED", "Config", "Entry", "Fixer", "FixerError", "Glossary", "GlossaryError", "InputError",
    "Repair", "ScanResult", "apply_repairs", "combined_spin_score", "default_glossary_path", "fix", "load_glossaries",
    "load_glossary", "scan",
]
__version__ = "1.0.0"
COMPILED: bool = not _repair.__file__.endswith(".py")
"""Whether the matching core runs compiled (built with mypyc at install) or as pure
Python, which gives the same results more slowly."""
_DEFAULT_CONFIG = Config()


@functools.lru_cache(maxsize=8)
def _cached_fixer(config: Config) -> Fixer:
    """The default glossary's Fixer for *config* (see :func:`fixer.repair.shared_fixer`)."""
    return shared_fixer((), True, config)


def fix(text: str, config: Config | None = None, **overrides: Any) -> str:
    """Repair *text* (a ``str``) with the default glossary; keyword arguments override
    :class:`Config` fields (``fix(text, fuzzy=False)``).

    A *text* that is not a ``str`` (bytes: decode them first) raises :class:`TypeError`;
    so does an override of the wrong type, and one out of range :class:`ValueError`
    (see :class:`Config`). ``disable``/``protect`` take one phrase or a list of them.
    """
    return _cached_fixer(_config(config, overrides)).fix(text)


def scan(text: str, config: Config | None = None, **overrides: Any) -> ScanResult:
    """What :func:`fix` would change in *text*, as :class:`Repair` records, plus the
    report-only suggestions it leaves alone (``auto=False``); see :meth:`Fixer.scan`."""
    return _cached_fixer(_config(config, overrides)).scan(text)


def _config(config: Config | None, overrides: dict[str, Any]) -> Config:
    """*config* (else the default one) with *overrides*; a new Config is checked."""
    if config is None:
        config = _DEFAULT_CONFIG
    else:
        check_config(config)
    return replace(config, **overrides) if overrides else config
