"""Property tests: whatever the text, fix and scan never raise, never touch text outside
the repairs they report, agree with each other and are idempotent."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer import Config, Entry, Fixer, Glossary, apply_repairs, load_glossaries, repair

GLOSSARY = load_glossaries()
FIXER = Fixer(GLOSSARY)
EXACT = Fixer(GLOSSARY, Config(fuzzy=False))
SPUN_VIEW = FIXER.spun_view()
SPUN_FORMS = sorted({form for e in GLOSSARY.entries if e.auto for form in e.spun})

SPECIALS = ["\x00", "\r", "\n", "\r\n", "\ufeff", "\u0301", "\u0308", "İ", "ß", "ﬁ", "\u200f", "\u202e",
            "שלום", "مرحبا", "😀", "👩\u200d👩\u200d👧", "\xa0", "\u2028", "\u00ad", "\u2019", "\u201c", "'", "-"]
GAPS = [" ", "  ", "\t", "\n", "\r\n", "\xa0", "-", "\u2010", " \n "]
PUNCT = ["", "", ",", ".", "!", "?", ";", ":", "\"", "\u201c", "\u201d", "\u2018", "\u2019", "(", ")", "-", "'s"]
FILLER = ["the", "a", "an", "and", "said", "on", "Tuesday", "of", "in", "Home", "house", "İstanbul", "x"]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

unicode_text = st.lists(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(SPECIALS)), max_size=300).map("".join)


@st.composite
def spun_phrase(draw: st.DrawFn) -> str:
    """A glossary spun form with random case, word gaps, quotes and punctuation."""
    form = draw(st.sampled_from(SPUN_FORMS))
    case = draw(st.sampled_from(["keep", "lower", "upper", "title", "random"]))
    if case == "random":
        form = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in form)
    elif case != "keep":
        form = getattr(form, case)()
    if draw(st.booleans()):
        form = form.replace("'", "\u2019")
    words = form.split()
    out = words[0]
    for word in words[1:]:
        out += draw(st.sampled_from(GAPS)) + word
    return draw(st.sampled_from(PUNCT)) + out + draw(st.sampled_from(PUNCT))


spun_text = st.lists(
    st.one_of(spun_phrase(), st.sampled_from(FILLER), st.sampled_from(SPECIALS)), max_size=40,
).flatmap(lambda parts: st.tuples(st.just(parts), st.lists(st.sampled_from(GAPS), min_size=len(parts), max_size=len(parts)))
          ).map(lambda pg: "".join(p + g for p, g in zip(*pg)))

any_text = st.one_of(unicode_text, spun_text, st.tuples(spun_text, unicode_text, spun_text).map("".join))


def check_invariants(fixer: Fixer, text: str, idempotent: bool = True) -> None:
    """Every property a scan and a fix of *text* must have (shared with the fuzz targets)."""
    result = fixer.scan(text)
    fixed = fixer.fix(text)
    repairs = result.repairs
    last = 0
    for r in repairs:
        assert 0 <= r.start < r.end <= len(text), r
        assert r.start >= last, ("overlapping or unsorted repairs", repairs)
        assert text[r.start:r.end] == r.spun, r
        assert r.replacement != r.spun, r
        last = r.end
    assert apply_repairs(text, repairs) == fixed
    assert fixer.fix_and_scan(text) == (fixed, result)
    pos = 0
    last = 0
    for r in result.applied:
        gap = text[last:r.start]
        assert fixed[pos:pos + len(gap)] == gap, "text outside the repairs changed"
        pos += len(gap)
        assert fixed[pos:pos + len(r.replacement)] == r.replacement
        pos += len(r.replacement)
        last = r.end
    assert fixed[pos:] == text[last:], "text after the last repair changed"
    assert (fixed != text) == bool(result.applied)
    assert fixed.encode("utf-8", "surrogatepass").count(b"\x00") == text.encode("utf-8", "surrogatepass").count(b"\x00")
    if idempotent:
        assert fixer.fix(fixed) == fixed, "fix is not idempotent"


@SETTINGS
@given(unicode_text)
def test_arbitrary_unicode(text: str) -> None:
    check_invariants(EXACT, text)
    check_invariants(FIXER, text)


@SETTINGS
@given(spun_text)
def test_spun_forms_in_noise(text: str) -> None:
    check_invariants(EXACT, text)
    check_invariants(FIXER, text)


@SETTINGS
@given(any_text)
def test_mixed(text: str) -> None:
    check_invariants(EXACT, text)
    check_invariants(FIXER, text)


@settings(max_examples=60, deadline=None)
@given(st.lists(spun_phrase(), min_size=1, max_size=30).map(" ".join))
def test_dense_spun_text(text: str) -> None:
    """A text of nothing but spun forms: gated entries fire and a second pass is a no-op.
    With every document treated as spun (``--spun``) idempotence does not hold for
    single-word chains: safe "acknowledged" -> "stated", then gated "stated" -> "said"
    (see test_force_gated_leaves_multiword_originals_alone)."""
    check_invariants(EXACT, text)
    check_invariants(FIXER, text)
    check_invariants(SPUN_VIEW, text, idempotent=False)


# Rare words, so that fuzzy matching considers the entry (its anchors must be uncommon).
ZYGO = Fixer(Glossary((Entry(spun=("zygomatic photoplethysmogram",), original="cheek pulse wave", kind="tortured"),)))
# Found by hypothesis (fixed in 5e4e193): fuzzy.py added the window start to offsets
# already relative to the whole text, so past 120 characters fuzzy spans were shifted
# (swallowing a neighbouring space) or fuzzy matches were missed.
FUZZY_OFFSET_CASE = ("x photoplethysmogran Zygomatic Zygomatic Zygomatic photoplethysmogran photoplethysmogran "
                     "Zygomatic Zygomatic photoplethysmogran Zygomatic x x Zygomatic x Zygomatic Zygomatic "
                     "photoplethysmogran x")


def test_fuzzy_span_far_into_text() -> None:
    check_invariants(ZYGO, FUZZY_OFFSET_CASE)
    repairs = ZYGO.scan(FUZZY_OFFSET_CASE).repairs
    assert [r.spun for r in repairs] == ["Zygomatic photoplethysmogran"] * 3
    assert repairs[-1].start > 120


def test_fuzzy_match_far_into_text() -> None:
    assert ZYGO.fix("x zygomatic photoplethysmogran x") == "x cheek pulse wave x"
    assert ZYGO.fix("x " * 100 + "zygomatic photoplethysmogran x").endswith("x cheek pulse wave x")


def test_force_gated_leaves_multiword_originals_alone() -> None:
    """With the gate held open (``--spun``), a gated entry does not rewrite part of a
    multi-word original that a safe repair put in, so a second run changes nothing."""
    fixer = Fixer(Glossary((
        Entry(spun=("Web Building Team",), original="Internet Engineering Task Force", kind="tortured"),
        Entry(spun=("task",), original="role", kind="word", safety="gated"),
    )), Config(force_gated=True))
    once = fixer.fix("the Web Building Team met")
    assert once == "the Internet Engineering Task Force met"
    assert fixer.fix(once) == once
    assert fixer.fix("A task of the Internet Engineering Task Force") == "A role of the Internet Engineering Task Force"


def test_fuzzy_chain_is_idempotent() -> None:
    """Found by hypothesis in the default glossary (fixed in ee7f556): "Companion in
    Nursings" -> "Associate in Nursings", which fuzzy-matched "associate in nursingd" -> "and"."""
    fixer = Fixer(Glossary((
        Entry(spun=("Companion in Nursing",), original="Associate in Nursing", kind="tortured"),
        Entry(spun=("associate in nursingd",), original="and", kind="tortured"),
    )))
    once = fixer.fix("the Companion in Nursings")
    assert once == "the Associate in Nursings"
    assert fixer.fix(once) == once


@pytest.mark.parametrize(("config", "spun"), [
    (Config(), False),
    (Config(force_gated=True), True),
    (Config(gate_min_entries=0, gate_min_density=0), True),  # a gate that lets everything through
    (Config(gate=False, gate_min_entries=0, gate_min_density=0), False),
])
def test_verdict_of_a_text_with_nothing_to_match(config: Config, spun: bool) -> None:
    """A text in which the glossary finds nothing is judged by the same gate as any other."""
    result = Fixer(ZYGO.glossary, config).scan("Nothing to see here.")
    assert (result.is_spun, result.spin_score, result.safe_hits, result.words, result.repairs) == (spun, 0.0, 0, 4, ())


def test_document_conditions_read_alike_by_scan_and_by_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The phrases of document conditions are found by the Fixer's search pass (and an
    engine pass over the originals put in), short ones by a scan of the document; both
    ways give the same repairs. For every entry of the default glossary with document
    conditions: a document with its spun form alone, with the phrases its conditions
    name as words, and with them inside longer words only."""
    glossary = Fixer.from_files().glossary
    texts = []
    for entry in glossary.entries:
        phrases = entry.when.doc_has + entry.when.doc_lacks
        if phrases:
            form = entry.spun[0]
            texts += [f"The {form} was seen.", f"The {form} was seen. " + ", ".join(phrases) + ".",
                      f"The {form} was seen. " + ", ".join(f"x{p}x" for p in phrases) + "."]
    assert len(texts) > 100
    monkeypatch.setattr(repair, "_SCANNED_ONLY", 10**9)
    by_scan_fixer = Fixer(glossary)
    by_scan = [by_scan_fixer.scan(t) for t in texts]
    monkeypatch.setattr(repair, "_SCANNED_ONLY", 0)
    by_engine = Fixer(glossary)
    assert by_engine._doc_phrases
    assert [by_engine.scan(t) for t in texts] == by_scan
    groups = list(zip(*[iter(by_scan)] * 3))
    # the phrases as words change the repairs, inside longer words they do not
    assert sum(alone.repairs == inside.repairs != words.repairs for alone, words, inside in groups) > 100
