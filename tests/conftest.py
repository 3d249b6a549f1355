"""Hypothesis draws the same examples on every run (``derandomize``), so that a test run,
in CI too, gives the same result for the same code; ``HYPOTHESIS_PROFILE=explore``
draws new ones each run, to look for failures the fixed ones miss."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
