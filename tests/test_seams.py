"""Repairs that would join the words around them into another spun form are left out
(fixer.seams). The fast paths that read the repaired text around an edit are checked
against the repaired text itself; the behaviour cases are in cases/synthetic.json
(join-*) and cases/fuzz_regressions.json (join-*, doc-condition-*)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer import Fixer
from fixer import seams
from fixer.repair import _apply
from fixer.text import fold_phrase
from test_properties import FIXER, GAPS, PUNCT, SETTINGS, document, spun_phrase

SYNTHETIC = Fixer.from_files([Path(__file__).parent / "glossaries" / "synthetic.yaml"], default=False)
WORD = re.compile(r"\S+")


def _repaired(fixer: Fixer, text: str) -> tuple[str, list, list[int]]:
    """The repaired text, the applied edits, and where each replacement starts in it."""
    edits = [e for e in fixer._decide(text).edits if e.auto]
    out = _apply(text, edits)
    starts, shift = [], 0
    for e in edits:
        starts.append(e.start + shift)
        shift += len(e.replacement) - (e.end - e.start)
    return out, edits, starts


def _core_words(raw: str, last: bool) -> list[str]:
    """The reference for seams' word reading: fold the token, take its last (first)
    part, strip punctuation at its ends; where punctuation inside it leaves more than
    one word for the matcher, its last (first) such word too."""
    parts = fold_phrase(raw).split(" ") if raw.strip() else [""]
    core = re.sub(r"^\W+|\W+$", "", parts[-1] if last else parts[0])
    words = re.findall(r"\w+(?:'\w+)*", core)
    return [core] + ([words[-1] if last else words[0]] if len(words) > 1 else [])


def _glued(chars: str, neighbour: str) -> bool:
    """The reference for a character glued to an edit: not a space, and one of *chars*
    once folded ("*": any)."""
    return bool(chars) and neighbour.strip() != "" and (chars == "*" or fold_phrase(neighbour) in chars)


def test_glued_characters_of_the_spun_forms() -> None:
    """The characters a spun form glues to a run of letters are found on both sides,
    and an original that starts or ends with punctuation may be joined by any."""
    table = seams.Seams(["dogs's", "(ai) model", "u.s. army", "plain words"])
    assert table._sides_of("small dogs")[2:4] == ("", "'")
    assert table._sides_of("ai")[2:4] == ("(", ")")
    assert table._sides_of("us")[2:4] == ("", "")
    assert table._sides_of("u.s.")[2:4] == ("", "*")
    assert table._sides_of("plain")[2:4] == ("", "")


dense_text = st.lists(st.one_of(spun_phrase(), st.sampled_from(["the", "of", "a", "knowledge", "White", "data"])),
                      min_size=1, max_size=25).map(" ".join)
# The synthetic glossary's join entries between neighbours that may join them, with
# any gap and punctuation.
NEIGHBOURS = ["snowy", "Snowy", "children", "clinic", "home", "ward", "x", "snowy-x", "x-snowy", "large kids", "residence workplace"]
PHRASES = ["residence workplace", "Residence\nWorkplace", "large kids", "LARGE KIDS"]
join_text = st.lists(st.tuples(st.sampled_from(NEIGHBOURS), st.sampled_from(PUNCT), st.sampled_from(GAPS),
                               st.sampled_from(PHRASES), st.sampled_from(PUNCT), st.sampled_from(GAPS)),
                     min_size=1, max_size=6).map(lambda parts: "".join("".join(p) for p in parts))
texts = st.one_of(st.tuples(st.just(FIXER), st.one_of(document(), dense_text)), st.tuples(st.just(SYNTHETIC), join_text))


@SETTINGS
@given(texts, st.integers(0, 60), st.integers(0, 60))
def test_window_is_the_repaired_text_around_an_edit(case: tuple[Fixer, str], before: int, after: int) -> None:
    """window() builds, from the input and the edits, exactly the stretch of the
    repaired text around each replacement."""
    fixer, text = case
    out, edits, starts = _repaired(fixer, text)
    for i, (edit, at) in enumerate(zip(edits, starts)):
        window, start, end = seams.window(text, edits, i, before, after)
        assert window[start:end] == edit.replacement
        assert out[at - start:at - start + len(window)] == window, (text, i)



def test_seams_read_the_same_after_pickling() -> None:
    """Seams unpickled from a cached Fixer find the same neighbours as those built from
    the forms, for every original of the default glossary, and keep a word of a form
    that is punctuation alone ("well - known fact": "" before "known")."""
    table = seams.Seams([*FIXER._keys, "well - known fact"])
    copy = pickle.loads(pickle.dumps(table))
    assert table._sides_of("known")[0] == copy._sides_of("known")[0] == {"": 5}
    originals = {v.folded for info in FIXER._keys.values() for v in info[0]}
    assert all(copy._sides_of(o) == table._sides_of(o) for o in originals)

@SETTINGS
@given(texts)
def test_suspects_read_the_words_next_to_each_edit(case: tuple[Fixer, str]) -> None:
    """suspects() flags exactly the edits whose edge word and the neighbouring word of
    the repaired text are adjacent words of a spun form (checked against the repaired
    text split into words)."""
    fixer, text = case
    out, edits, starts = _repaired(fixer, text)
    table = fixer._seams
    expected = []
    for i, (edit, at) in enumerate(zip(edits, starts)):
        end = at + len(edit.replacement)
        left_words = WORD.findall(out[:at])
        right_words = WORD.findall(out[end:])
        heads, tails, glue_before, glue_after = table._sides_of(edit.variant.folded)[:4]
        before = max(heads.get(w, 0) for w in _core_words(left_words[-1], True)) if heads and left_words and at else 0
        after = 0
        if tails and right_words:
            after = max(tails.get(w, 0) or (tails.get(w.removesuffix("'s"), 0) if w.endswith("'s") else 0)
                        for w in _core_words(right_words[0], False))
        if _glued(glue_before, out[at - 1:at]):
            before = table._longest
        if _glued(glue_after, out[end:end + 1]):
            after = table._longest
        if before or after:
            expected.append((i, before, after))
    assert list(table.suspects(text, edits)) == expected, text


def test_left_out_repair_is_reported() -> None:
    """scan shows a repair left out for a join as report-only, naming the spun form."""
    text = "The Snowy Residence Workplace said so."
    (repair,) = SYNTHETIC.scan(text).repairs
    assert (repair.spun, repair.replacement, repair.auto) == ("Residence Workplace", "Home Office", False)
    assert repair.note == "with the words next to it, it would read as spun 'snowy home'"
    assert repair.to_dict()["note"] == repair.note
    assert SYNTHETIC.fix(text) == text


def test_joins_with_neighbours_take_few_rounds(monkeypatch) -> None:
    """Where repairs make a spun form only with a neighbouring repair, the left one of
    each pair is left out, all pairs in the same round: a long text takes as many
    rounds as a short one, and each sentence comes out as it does on its own."""
    sentence = "The quorzat plinth vellum drift opened. "
    assert SYNTHETIC.fix(sentence) == "The quorzat plinth way north opened. "
    rounds = []
    joins = Fixer._joins
    monkeypatch.setattr(Fixer, "_joins", lambda self, text, edits: rounds.append(1) or joins(self, text, edits))
    alone = SYNTHETIC.fix(sentence)
    short = len(rounds)
    rounds.clear()
    assert SYNTHETIC.fix(sentence * 300) == alone * 300
    assert len(rounds) == short


def _join_material(fixer: Fixer) -> tuple[list[list[str]], dict[str, list[tuple[str, list[str]]]], dict[str, list[tuple[str, list[str]]]]]:
    """The default glossary's spun forms of two or more words (split into words), and
    its spun forms that repairs may write, by the first and by the last word of their
    original."""
    forms, by_first, by_last = [], {}, {}
    for key, (variants, *_) in sorted(fixer._keys.items()):
        if len(key.split()) > 1:
            forms.append(key.split())
        for original in sorted({v.folded for v in variants if v.safety != "report" and v.folded.strip()}):
            words = original.split()
            by_first.setdefault(words[0], []).append((key, words))
            by_last.setdefault(words[-1], []).append((key, words))
    return forms, by_first, by_last


FORMS, BY_FIRST, BY_LAST = _join_material(FIXER)


@st.composite
def joining_text(draw: st.DrawFn) -> str:
    """A spun form of two or more words with one stretch of it swapped for another
    entry's spun form whose original starts (or ends) with the word swapped out: its
    repair writes the form back, wholly when the original's other words match it too."""
    form = draw(st.sampled_from(FORMS))
    at = draw(st.integers(1, len(form) - 1))
    starts = draw(st.booleans())  # the original starts at word *at* (else: ends at word at - 1)
    table = BY_FIRST if starts else BY_LAST
    options = table.get(form[at] if starts else form[at - 1], [])
    if not options:
        return " ".join(form)
    spun, original = draw(st.sampled_from(options))
    if starts:
        before, after = form[:at], form[at + len(original):]
    else:
        before, after = form[:max(0, at - len(original))], form[at:]
    return " ".join(before + [draw(spun_phrase([spun], ("keep", "title")))] + after) + draw(st.sampled_from(PUNCT))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(joining_text(), st.sampled_from(["", "The ", "it said "]))
def test_repairs_never_write_a_spun_form_with_their_neighbours(text: str, lead: str) -> None:
    """Whatever the words around a repair, no repair writes a spun form with them that
    a second run would repair: the seams index (which looks at one word of the original
    past the pair) flags every edit that could."""
    text = lead + text
    fixed = FIXER.fix(text)
    assert FIXER.fix(fixed) == fixed, (text, fixed)
    table = FIXER._seams
    edits = [e for e in FIXER._decide(text).edits if e.auto]
    flagged = {i for i, _, _ in table.suspects(text, edits)}
    for i in range(len(edits)):
        if i not in flagged:
            assert not FIXER._joined(text, edits, i, table._longest, table._longest), (text, i)
