"""fixer.fields.fix_parts: the strings of a list field repaired as one document."""

from __future__ import annotations

import pytest

from fixer import Fixer, apply_repairs
from fixer.fields import (PART_BREAK, check_score_field, distinct_fields, field_path, fix_parts, is_parts,
                          list_index, replace_string)

PARTS = [
    ["The White Home stated.", "An energy crop burned."],
    ["", "White Home", "", "energy crops"],
    ["energy", "crops"],
    ["Fact Social said:\n\nthe White Home", "stated the energy crops"],
    ["plain text", "more plain text"],
    ["We used 10-crease cross here.", "The White Home stated."],  # a report-only repair: found, not made
]


@pytest.fixture(scope="module")
def fixer() -> Fixer:
    return Fixer.from_files()


@pytest.mark.parametrize("parts", PARTS)
def test_parts_are_the_joined_text_repaired(fixer: Fixer, parts: list[str]) -> None:
    """Joined by a blank line, the repaired parts are the joined text repaired; each
    part's repairs, applied to it, give the repaired part."""
    fixed, found, result = fix_parts(fixer, parts)
    joined = PART_BREAK.join(parts)
    assert PART_BREAK.join(fixed) == fixer.fix(joined)
    assert result == fixer.scan(joined)
    assert [apply_repairs(p, [r for r in rs if r.auto]) for p, rs in zip(parts, found)] == fixed
    assert sum(map(len, found)) == len(result.repairs)


def test_no_phrase_is_read_across_two_parts(fixer: Fixer) -> None:
    assert fix_parts(fixer, ["the energy", "crops"])[0] == ["the energy", "crops"]


# (field name, the keys it names): a JSON Pointer's "~1" is "/" and "~0" is "~", "~0" read first
# as RFC 6901 has it ("~01" is "~1"); "/" alone names the key ""
PATHS = [
    ("text", ("text",)), ("a/b", ("a/b",)), ("/a/b", ("a", "b")), ("/", ("",)), ("//x", ("", "x")),
    ("/a~1b/c~0d", ("a/b", "c~d")), ("/a~01", ("a~1",)), ("/a~10", ("a/0",)),
]


@pytest.mark.parametrize(("name", "path"), PATHS, ids=[n for n, _ in PATHS])
def test_field_path(name: str, path: tuple[str, ...]) -> None:
    assert field_path(name) == path


# names -> the first name of each field: "/text" names the field "text" does
DISTINCT = [
    (["text", "/text", "title"], ("text", "title")),
    (["/text", "text"], ("/text",)),
    (["/a~1b", "/a/b"], ("/a~1b", "/a/b")),
]


@pytest.mark.parametrize(("names", "kept"), DISTINCT, ids=[" ".join(n) for n, _ in DISTINCT])
def test_distinct_fields_keeps_the_first_name(names: list[str], kept: tuple[str, ...]) -> None:
    assert distinct_fields(names) == kept


# (token, list size, index): digits without a leading zero, ASCII only, in range
INDEXES = [
    ("0", 1, 0), ("1", 2, 1), ("2", 2, None), ("01", 5, None), ("00", 5, None), ("-1", 5, None),
    ("\u0661", 5, None), ("", 5, None), ("x", 5, None),
]


@pytest.mark.parametrize(("token", "size", "index"), INDEXES, ids=[f"{t!r}/{n}" for t, n, _ in INDEXES])
def test_list_index(token: str, size: int, index: int | None) -> None:
    assert list_index(token, size) == index


@pytest.mark.parametrize(("value", "parts"), [(["a", "b"], True), ([], False), (["a", 1], False), ("a", False)])
def test_is_parts(value: object, parts: bool) -> None:
    """A field of parts is a list of strings with one at least: an empty list is not."""
    assert is_parts(value) is parts


# (score field, fields repaired, what, error or None): a record's score goes into a top-level
# field, never one that is repaired (a JSON Pointer's first key) nor named as a pointer
SCORE_FIELDS = [
    ("score", ["text"], "field", None),
    (None, ["text"], "field", None),
    ("text", ["text"], "field", ValueError),
    ("meta", ["/meta/text"], "field", ValueError),
    ("/meta/text", ["meta"], "field", ValueError),
    ("/score", ["text"], "field", ValueError),
    (5, ["text"], "field", TypeError),
    ("/meta", ["/meta"], "column", ValueError),
    ("meta", ["/meta/text"], "column", None),
]


@pytest.mark.parametrize(("score_field", "fields", "what", "error"), SCORE_FIELDS,
                         ids=[f"{s}-{'+'.join(f)}-{w}" for s, f, w, _ in SCORE_FIELDS])
def test_check_score_field(score_field: object, fields: list[str], what: str, error: type[Exception] | None) -> None:
    if error is None:
        check_score_field(score_field, fields, what)
    else:
        with pytest.raises(error):
            check_score_field(score_field, fields, what)


def test_replace_string_copies_the_containers_along_the_path() -> None:
    """The record given is never changed: the dicts and lists on the path are copied."""
    record = {"a": [{"text": "x"}, "y"], "b": {"text": "z"}}
    new, found = replace_string(record, field_path("/a/0/text"), str.upper)
    assert found and new == {"a": [{"text": "X"}, "y"], "b": {"text": "z"}}
    assert record == {"a": [{"text": "x"}, "y"], "b": {"text": "z"}}
    assert new["b"] is record["b"]


# (record, field, the record after, found): a field that is missing, out of range or holds another value is left
REPLACED = [
    ({"text": "x"}, "text", {"text": "X"}, True),
    ({"text": ["x", "y"]}, "text", {"text": ["X", "Y"]}, True),
    ({"text": []}, "text", {"text": []}, False),
    ({"text": 5}, "text", {"text": 5}, False),
    ({"other": "x"}, "text", {"other": "x"}, False),
    ({"a": ["x", "y"]}, "/a/1", {"a": ["x", "Y"]}, True),
    ({"a": ["x", "y"]}, "/a/2", {"a": ["x", "y"]}, False),
    ({"a": "x"}, "/a/b", {"a": "x"}, False),
]


@pytest.mark.parametrize(("record", "name", "after", "found"), REPLACED, ids=[str(i) for i in range(len(REPLACED))])
def test_replace_string(record: dict, name: str, after: dict, found: bool) -> None:
    def upper(value: str | list[str]) -> str | list[str]:
        return value.upper() if isinstance(value, str) else [v.upper() for v in value]
    assert replace_string(record, field_path(name), upper) == (after, found)


# (record, fields in order, what fix() is given for each, the record after): with the places
# taken so far, a string named by two fields is repaired once, with the first, and a list's
# other strings as one document
TAKEN = [
    ({"text": ["a", "b"]}, ["text", "/text/0"], [["a", "b"]], {"text": ["A", "B"]}),
    ({"text": ["a", "b"]}, ["/text/0", "text"], ["a", ["b"]], {"text": ["A", "B"]}),
    ({"text": ["a", "b"]}, ["/text/0", "/text/1", "text"], ["a", "b"], {"text": ["A", "B"]}),
    ({"text": "a"}, ["text", "/text"], ["a"], {"text": "A"}),
    ({"a": {"b": ["x", "y", "z"]}}, ["/a/b/1", "/a/b", "/a/b/2"], ["y", ["x", "z"]], {"a": {"b": ["X", "Y", "Z"]}}),
    ({"a": ["x"], "0": "y"}, ["/a/0", "0"], ["x", "y"], {"a": ["X"], "0": "Y"}),
]


@pytest.mark.parametrize(("record", "names", "calls", "after"), TAKEN, ids=[str(i) for i in range(len(TAKEN))])
def test_replace_string_repairs_a_string_once(record: dict, names: list[str], calls: list, after: dict) -> None:
    given: list = []

    def upper(value: str | list[str]) -> str | list[str]:
        given.append(value)
        return value.upper() if isinstance(value, str) else [v.upper() for v in value]

    taken: set = set()
    for name in names:
        record, found = replace_string(record, field_path(name), upper, taken)
        assert found
    assert (given, record) == (calls, after)
