"""Garbage collection is paused around long scans and always restored."""

from __future__ import annotations

import gc

import pytest

from fixer import Fixer
from fixer.gc_pause import paused


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_restores_the_collector_state(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with pytest.raises(RuntimeError), paused():
            assert not gc.isenabled()
            raise RuntimeError("inside")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_long_scan_pauses_the_collector_and_restores_it() -> None:
    fixer = Fixer.from_files()
    seen = []
    decide = fixer._decide

    def spy(text: str):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return decide(text)

    fixer._decide = spy  # type: ignore[method-assign]
    assert gc.isenabled()
    long_text = "The White Home stated the battle goes on. " * 5000
    short_text = "The White Home stated the battle goes on."
    assert "Home" not in fixer.fix(long_text)
    assert "Home" not in fixer.fix(short_text)
    assert seen == [False, True]
    assert gc.isenabled()
