"""Exceptions raised by fixer. Every message is one line, fit for a terminal."""

from __future__ import annotations

import re

WARNING = "fixer: warning: "
"""How a warning line starts: something was left alone or looks wrong, the run goes on."""


class FixerError(Exception):
    """Base class of every error fixer raises on purpose. Its message is one line: a
    line break or other control character in it (a file's name may hold one) is written
    as an escape, ``\\n``."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(_LINE_BREAKING.sub(_escape, a) if isinstance(a, str) else a for a in args))


_LINE_BREAKING = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
"""The characters that may end a line of a terminal or move its cursor (a tab may stay)."""


def _escape(m: re.Match[str]) -> str:
    return repr(m.group())[1:-1]


class GlossaryError(FixerError):
    """A glossary file is missing, unreadable, malformed or breaks a glossary rule."""


class InputError(FixerError):
    """An input document cannot be read as text (missing, binary, bad encoding, ...)."""
