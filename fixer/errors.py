"""Exceptions raised by fixer. Every message is one line, fit for a terminal."""

from __future__ import annotations

WARNING = "fixer: warning: "
"""How a warning line starts: something was left alone or looks wrong, the run goes on."""


class FixerError(Exception):
    """Base class of every error fixer raises on purpose."""


class GlossaryError(FixerError):
    """A glossary file is missing, unreadable, malformed or breaks a glossary rule."""


class InputError(FixerError):
    """An input document cannot be read as text (missing, binary, bad encoding, ...)."""
