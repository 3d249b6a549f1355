"""fixer.fields: top-level names and JSON Pointers to nested string fields."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from fixer.fields import field_path, list_index, replace_string
from fixer.formats.jsonl import field_names


@pytest.mark.parametrize(("name", "path"), [
    ("text", ("text",)),
    ("a/b", ("a/b",)),  # no leading "/": a top-level key, as written
    ("/article/body", ("article", "body")),
    ("/paragraphs/0", ("paragraphs", "0")),
    ("/a~1b/c~0d", ("a/b", "c~d")),
    ("/~01", ("~1",)),  # "~0" first, then "1": the key "~1", not "/"
    ("/", ("",)),
])
def test_field_path(name: str, path: tuple[str, ...]) -> None:
    assert field_path(name) == path


@pytest.mark.parametrize("name", ["/a~2", "/a~", "/~x/b"])
def test_malformed_pointer(name: str) -> None:
    with pytest.raises(ValueError, match="'~' must be followed by 0 or 1"):
        field_path(name)
    with pytest.raises(ValueError, match="'~' must be followed by 0 or 1"):
        field_names(["text", name])


@pytest.mark.parametrize(("token", "size", "index"), [
    ("0", 1, 0), ("2", 3, 2), ("3", 3, None), ("01", 3, None), ("-1", 3, None), ("x", 3, None), ("١", 3, None),
])
def test_list_index(token: str, size: int, index: int | None) -> None:
    assert list_index(token, size) == index


RECORD = {"text": "a", "article": {"body": "b", "n": 1}, "paragraphs": ["c", {"p": "d"}]}


@pytest.mark.parametrize(("name", "found", "expected"), [
    ("text", True, {**RECORD, "text": "A"}),
    ("/article/body", True, {**RECORD, "article": {"body": "B", "n": 1}}),
    ("/paragraphs/1/p", True, {**RECORD, "paragraphs": ["c", {"p": "D"}]}),
    ("/paragraphs/0", True, {**RECORD, "paragraphs": ["C", {"p": "d"}]}),
    ("/article/n", False, RECORD),  # not a string
    ("/article", False, RECORD),
    ("/paragraphs/2", False, RECORD),  # past the end
    ("/missing/x", False, RECORD),
])
def test_replace_string_copies_along_the_path(name: str, found: bool, expected: dict[str, Any]) -> None:
    before = copy.deepcopy(RECORD)
    out, hit = replace_string(RECORD, field_path(name), str.upper)
    assert (out, hit) == (expected, found)
    assert RECORD == before, "the input record was changed"
