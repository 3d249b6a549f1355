"""Pair readers: every layout, and one-line InputError messages for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.errors import InputError
from fixer.pairs import Pair, read_clean_texts, read_pairs, read_tsv_rows

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HEADER = "page\tspun_sentence\toriginal_sentence\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _jsonl(records: list[tuple[object, str]]) -> str:
    return "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records)


LAYOUTS = [
    ("text files", {"s.txt": "White Home", "o.txt": "White House"}, ("s.txt", "o.txt"),
     [Pair("s.txt", "White Home", "White House")]),
    ("directories", {"s/a.txt": "x1", "s/sub/b.txt": "y1", "o/a.txt": "x2", "o/sub/b.txt": "y2"}, ("s", "o"),
     [Pair("a.txt", "x1", "x2"), Pair("sub/b.txt", "y1", "y2")]),
    ("jsonl by id", {"s.jsonl": _jsonl([("2", "b1"), ("1", "a1")]), "o.jsonl": _jsonl([("1", "a2"), ("2", "b2")])},
     ("s.jsonl", "o.jsonl"), [Pair("2", "b1", "b2"), Pair("1", "a1", "a2")]),
    ("tsv grouped by page", {"d.tsv": HEADER + "P\ts1\to1\nQ\ts2\to2\nP\ts3\to3\n"}, ("d.tsv",),
     [Pair("P", "s1\ns3", "o1\no3"), Pair("Q", "s2", "o2")]),
    ("tsv columns in any order", {"d.tsv": "original_sentence\tpage\tspun_sentence\no\tP\ts\n"}, ("d.tsv",),
     [Pair("P", "s", "o")]),
    ("tsv with a byte order mark", {"d.tsv": "\ufeff" + HEADER + "P\ts\to\n"}, ("d.tsv",), [Pair("P", "s", "o")]),
    ("tsv field longer than csv's limit", {"d.tsv": HEADER + "P\t" + "a " * 100_000 + "\to\n"}, ("d.tsv",),
     [Pair("P", "a " * 100_000, "o")]),
    ("tsv line ends only at CR and LF", {"d.tsv": HEADER + "P\ts\u2028t\x0cu\to\x85p\r\nQ\ts2\to2\r\n"}, ("d.tsv",),
     [Pair("P", "s\u2028t\x0cu", "o\x85p"), Pair("Q", "s2", "o2")]),
    ("jsonl with a byte order mark and U+2028 in a text",
     {"s.jsonl": "\ufeff" + json.dumps({"id": 1, "text": "a\u2028b"}, ensure_ascii=False) + "\n",
      "o.jsonl": _jsonl([(1, "c")])},
     ("s.jsonl", "o.jsonl"), [Pair("1", "a\u2028b", "c")]),
    ("jsonl suffix in any case", {"S.JSONL": _jsonl([("1", "a1")]), "O.Jsonl": _jsonl([("1", "a2")])},
     ("S.JSONL", "O.Jsonl"), [Pair("1", "a1", "a2")]),
    ("jsonl ids compare by JSON value: 1 and \"1\" are two records",
     {"s.jsonl": _jsonl([(1, "a1"), ("1", "b1")]), "o.jsonl": _jsonl([("1", "b2"), (1, "a2")])},
     ("s.jsonl", "o.jsonl"), [Pair("1", "a1", "a2"), Pair("1", "b1", "b2")]),
]

ERRORS = [
    ("missing file", {"s.txt": "x"}, ("s.txt", "o.txt"), "o.txt: no such file"),
    ("directory and file", {"s/a.txt": "x", "o.txt": "y"}, ("s", "o.txt"), "two directories or two files"),
    ("unmatched files", {"s/a.txt": "x", "s/c.txt": "x", "o/a.txt": "y", "o/b.txt": "y"}, ("s", "o"),
     "1 file only on the spun side, s (c.txt); 1 file only on the original side, o (b.txt)"),
    ("unmatched ids", {"s.jsonl": _jsonl([("1", "a")]), "o.jsonl": _jsonl([("2", "b")])}, ("s.jsonl", "o.jsonl"),
     "1 id only on the spun side, s.jsonl (1)"),
    ("duplicate id", {"s.jsonl": _jsonl([("1", "a"), ("1", "b")]), "o.jsonl": _jsonl([("1", "c")])},
     ("s.jsonl", "o.jsonl"), "s.jsonl:2: duplicate id '1'"),
    ("ids of two types do not pair", {"s.jsonl": _jsonl([(1, "a")]), "o.jsonl": _jsonl([("1", "b")])},
     ("s.jsonl", "o.jsonl"), "1 id only on the spun side, s.jsonl (1); 1 id only on the original side, o.jsonl (1) "
                             '(ids compare as JSON values: 1 and "1" are two ids)'),
    ("float id", {"s.jsonl": '{"id": 1.0, "text": "a"}\n', "o.jsonl": ""}, ("s.jsonl", "o.jsonl"),
     "s.jsonl:1: 'id' must be a string or an integer, not 1.0"),
    ("boolean id", {"s.jsonl": '{"id": true, "text": "a"}\n', "o.jsonl": ""}, ("s.jsonl", "o.jsonl"),
     "s.jsonl:1: 'id' must be a string or an integer, not true"),
    ("null id", {"s.jsonl": '{"id": null, "text": "a"}\n', "o.jsonl": ""}, ("s.jsonl", "o.jsonl"),
     "s.jsonl:1: 'id' must be a string or an integer, not null"),
    ("bad json", {"s.jsonl": "{oops\n", "o.jsonl": ""}, ("s.jsonl", "o.jsonl"), "s.jsonl:1: invalid JSON"),
    ("deeply nested json", {"s.jsonl": '{"id": 1, "text": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
                            "o.jsonl": ""}, ("s.jsonl", "o.jsonl"), "s.jsonl:1: JSON nested too deeply"),
    ("json number too long", {"s.jsonl": '{"id": ' + "9" * 5000 + ', "text": "a"}\n', "o.jsonl": ""},
     ("s.jsonl", "o.jsonl"), "s.jsonl:1: invalid JSON: a number with too many digits"),
    ("lone surrogate", {"s.jsonl": '{"id": 1, "text": "a \\ud800 b"}\n', "o.jsonl": ""}, ("s.jsonl", "o.jsonl"),
     "s.jsonl:1: lone surrogate U+D800 in 'id' or 'text'"),
    ("json without text", {"s.jsonl": '{"id": 1}\n', "o.jsonl": ""}, ("s.jsonl", "o.jsonl"), "with 'id' and 'text'"),
    ("wrong columns", {"d.tsv": "page\tspun\toriginal\nP\ta\tb\n"}, ("d.tsv",),
     "d.tsv:1: missing column(s) spun_sentence, original_sentence"),
    ("short row", {"d.tsv": HEADER + "P\tonly two\n"}, ("d.tsv",), "d.tsv:2: 2 tab-separated fields, the header has 3"),
    ("one-field row", {"d.tsv": HEADER + "P\n"}, ("d.tsv",), "d.tsv:2: 1 tab-separated field, the header has 3"),
    ("header only", {"d.tsv": HEADER}, ("d.tsv",), "no rows after the header"),
    ("empty tsv", {"d.tsv": ""}, ("d.tsv",), "d.tsv: empty file"),
    ("not utf-8", {}, ("bad.txt", "bad.txt"), "not valid utf-8 at byte"),
    ("binary", {"o.txt": "y"}, ("binary.txt", "o.txt"), "binary.txt: looks like a binary file (NUL bytes), not text"),
]


@pytest.mark.parametrize("label, files, args, expected", LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_layouts(label: str, files: dict[str, str], args: tuple[str, ...], expected: list[Pair], tmp_path: Path) -> None:
    _write(tmp_path, files)
    assert read_pairs(*(tmp_path / a for a in args)) == expected


@pytest.mark.parametrize("label, files, args, message", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors(label: str, files: dict[str, str], args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    _write(tmp_path, files)
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00 text")
    with pytest.raises(InputError) as info:
        read_pairs(*(tmp_path / a for a in args))
    assert message in str(info.value).replace(f"{tmp_path}/", "")
    assert "\n" not in str(info.value)


def test_shared_dev_data() -> None:
    path = DATA / "spun-docs-dev.tsv"
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    rows = read_tsv_rows(path)
    pairs = read_pairs(path)
    assert len(rows) == 249
    assert len(pairs) == len({r.page for r in rows})
    assert sum(p.spun.count("\n") + 1 for p in pairs) == len(rows)


def test_clean_texts_refuse_two_ids_that_name_one_document(tmp_path: Path) -> None:
    """Clean documents are named FILE#ID: the ids 1 and "1" would name one document, and
    the first was dropped without a word."""
    _write(tmp_path, {"c.jsonl": _jsonl([(1, "a"), ("2", "b"), ("1", "c")]), "d.jsonl": _jsonl([(1, "a"), ("2", "b")])})
    assert read_clean_texts([tmp_path / "d.jsonl"]) == {f"{tmp_path / 'd.jsonl'}#1": "a", f"{tmp_path / 'd.jsonl'}#2": "b"}
    with pytest.raises(InputError) as info:
        read_clean_texts([tmp_path / "c.jsonl"])
    assert str(info.value) == f'{tmp_path / "c.jsonl"}: the ids 1 and "1" both name document {tmp_path / "c.jsonl"}#1: ' \
                              "give one of them another id"


@pytest.mark.parametrize("data", [b"\xef\xbb\xbfThe clean text.\n", "The clean text.\n".encode("utf-16"),
                                  "The clean text.\n".encode("utf-32")], ids=["utf-8-bom", "utf-16", "utf-32"])
def test_a_clean_text_file_is_read_without_its_byte_order_mark(tmp_path: Path, data: bytes) -> None:
    """A clean text file drops its byte order mark, as the files of a pair do (a UTF-8
    one was kept, glued to the first word)."""
    (tmp_path / "c.txt").write_bytes(data)
    assert read_clean_texts([tmp_path / "c.txt"]) == {str(tmp_path / "c.txt"): "The clean text.\n"}
