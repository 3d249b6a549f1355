"""Garbage collection is paused around long scans and around reading and compiling
glossaries, and always restored."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import fixer.glossary as glossary_module
from fixer import Fixer, GlossaryError, load_glossaries, load_glossary
from fixer.workers import worker_pool
from fixer.gc_pause import frozen, paused
from fixer.repair import _PAUSE_FROM


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


@pytest.mark.parametrize("promote", [False, True])
def test_paused_keeps_what_the_application_froze(promote: bool) -> None:
    kept = [[] for _ in range(10)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused(promote=promote):
            made = [[] for _ in range(10)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert kept and made


@pytest.mark.parametrize("promote", [False, True])
def test_paused_promotes_only_when_asked(promote: bool) -> None:
    """With *promote*, what the block leaves alive is no longer young."""
    gc.disable()  # so that no collection resets the count meanwhile
    try:
        with paused(promote=promote):
            made = [[] for _ in range(1000)]
        assert (gc.get_count()[0] < 1000) is promote
    finally:
        gc.enable()
    assert made


def test_frozen_thaws_on_the_way_out() -> None:
    assert gc.get_freeze_count() == 0
    kept = [[] for _ in range(10)]
    with pytest.raises(RuntimeError), frozen():
        assert gc.get_freeze_count() >= len(kept)
        raise RuntimeError("inside")
    assert gc.get_freeze_count() == 0


def test_frozen_keeps_what_the_application_froze() -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with frozen():
            made = [[] for _ in range(10)]
        assert gc.get_freeze_count() >= before
    finally:
        gc.unfreeze()
    assert made


def _freeze_count(_: int) -> int:
    return gc.get_freeze_count()


def test_workers_keep_the_glossary_frozen() -> None:
    """Forked workers start with the parent's objects frozen; the parent thaws them."""
    fixer = Fixer.from_files()
    alive = len(gc.get_objects())
    with worker_pool(fixer, 2) as pool:
        counts = pool.map(_freeze_count, range(2))
    assert min(counts) >= alive // 2
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("method", ["fix", "fix_and_scan", "scan"])
def test_long_texts_are_repaired_with_the_collector_paused(method: str) -> None:
    fixer = Fixer.from_files()
    seen = []
    decide = fixer._decide

    def spy(text: str, **options: bool):  # type: ignore[no-untyped-def]
        seen.append((len(text), gc.isenabled()))
        return decide(text, **options)

    object.__setattr__(fixer, "_decide", spy)  # a Fixer refuses attribute assignment
    assert gc.isenabled()
    sentence = "The White Home stated the battle goes on. "
    just_long = (sentence * (_PAUSE_FROM // len(sentence) + 1))[:_PAUSE_FROM]
    texts = [sentence, just_long[:-1], just_long, sentence * 5000]
    call = getattr(fixer, method)
    assert all(call(text) for text in texts)
    assert seen == [(len(sentence), True), (_PAUSE_FROM - 1, True), (_PAUSE_FROM, False), (len(texts[-1]), False)]
    assert gc.isenabled()
    assert "Home" not in fixer.fix(texts[-1])


def test_glossaries_are_read_and_compiled_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a glossary and compiling it make hundreds of thousands of objects that
    all stay: collections would walk them again and again (a quarter of a start without
    the compile cache)."""
    seen = []
    read, build = glossary_module._load, Fixer._build

    def spy_read(*args):  # type: ignore[no-untyped-def]
        seen.append(("read", gc.isenabled()))
        return read(*args)

    def spy_build(self, *args):  # type: ignore[no-untyped-def]
        seen.append(("compile", gc.isenabled()))
        return build(self, *args)

    monkeypatch.setattr(glossary_module, "_load", spy_read)
    monkeypatch.setattr(Fixer, "_build", spy_build)
    assert gc.isenabled()
    Fixer(load_glossaries())
    assert ("read", False) in seen and ("compile", False) in seen
    assert ("read", True) not in seen and ("compile", True) not in seen
    assert gc.isenabled()


def test_a_glossary_that_fails_to_load_restores_the_collector(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - {spun: a b, original: a b}\n", encoding="utf-8")
    assert gc.isenabled()
    with pytest.raises(GlossaryError):
        Fixer(load_glossary(bad))
    assert gc.isenabled()
