"""Singular and plural of the last word of a phrase, for matching inflected spun forms."""

from __future__ import annotations

from .articles import own_article

_IRREGULAR = {"man": "men", "woman": "women", "child": "children", "person": "people", "foot": "feet", "mouse": "mice",
              "tooth": "teeth", "goose": "geese", "analysis": "analyses", "hypothesis": "hypotheses",
              "diagnosis": "diagnoses", "crisis": "crises", "thesis": "theses", "phenomenon": "phenomena",
              "criterion": "criteria", "matrix": "matrices", "vertex": "vertices", "index": "indices",
              "appendix": "appendices", "axis": "axes", "bias": "biases"}
_IRREGULAR_PLURAL = {v: k for k, v in _IRREGULAR.items()}
_FUNCTION_WORDS = frozenset("all and any are but can few for her him how its may not now off one our out own per she the too two via who why yet you".split())
_INVARIANT = frozenset({"series", "species", "news", "data", "information", "equipment", "research", "software", "evidence", "basis", "status", "us", "is", "was", "has", "this", "its"})


def singular(word: str) -> str | None:
    """The singular of an English plural noun, or None when *word* does not look plural."""
    low = word.lower()
    if low in _IRREGULAR_PLURAL:
        return _match_case(word, _IRREGULAR_PLURAL[low])
    if (low in _INVARIANT or low in _IRREGULAR or len(low) < 4 or not low.endswith("s")
            or low.endswith(("ss", "us", "is"))):  # "is": "analysis", "paralysis", "tennis"
        return None
    if low.endswith("ies"):
        return word[:-3] + _match_case(word[-3:], "y")
    if low.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def plural(word: str) -> str | None:
    """The plural of an English singular noun, or None when *word* looks plural already."""
    low = word.lower()
    if low in _IRREGULAR:
        return _match_case(word, _IRREGULAR[low])
    if (low in _INVARIANT or low in _IRREGULAR_PLURAL or low in _FUNCTION_WORDS or not low.isalpha() or len(low) < 3
            or (low.endswith("s") and not low.endswith("ss"))):
        return None
    if word.isupper():  # an acronym: "LSTMs", "RAMs" (a capital plural would read "LSTMS")
        return word + "s"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + _match_case(word[-1], "ies")
    if low.endswith(("ch", "sh", "ss", "x", "z")):
        return word + _match_case(word[-1], "es")
    return word + _match_case(word[-1], "s")


def _match_case(model: str, text: str) -> str:
    """*text* in capitals where *model* is, with a first capital where *model* has one
    ("Analysis" -> "Analyses")."""
    if model.isupper():
        return text.upper()
    return text[:1].upper() + text[1:] if model[:1].isupper() else text


def number_variant(spun: str, original: str) -> tuple[str, str] | None:
    """The other grammatical number of a (spun, original) pair of noun phrases.

    "energy crops" / "power plants" gives ("energy crop", "power plant"), and the reverse.
    None when the two last words do not agree in number or cannot be inflected.
    """
    s_head, _, s_last = spun.rpartition(" ")
    o_head, _, o_last = original.rpartition(" ")
    for change in (singular, plural):
        s_new, o_new = change(s_last), change(o_last)
        if s_new and o_new:
            if change is plural:  # "a checkbox": "checkboxes"; "a given gift": "known presents"
                s_head, o_head = (head[own_article(head + " "):] for head in (s_head, o_head))
            return (f"{s_head} {s_new}".strip(), f"{o_head} {o_new}".strip())
    return None
