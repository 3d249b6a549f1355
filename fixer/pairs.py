"""Reading parallel (spun, original) documents for ``fixer eval`` and ``fixer learn``.

Four layouts are understood: two text files; two directories whose files pair up by
relative name; two JSON Lines files whose records (``id``, ``text``) pair up by id;
one tab-separated file with the columns ``page``, ``spun_sentence`` and
``original_sentence`` (a spun and an original sentence per row, fields of any length,
no quoting; the rows of one page form one document, their sentences joined with
newlines). Files are UTF-8 text, or UTF-16 or UTF-32 with a byte order mark (a file with
NUL bytes otherwise is refused as binary); a leading byte order mark is ignored; lines end
at ``\\n``, ``\\r\\n`` or ``\\r`` only.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, KeysView
from dataclasses import dataclass
from pathlib import Path

from .arguments import a_path, show
from .errors import InputError
from .files import read_document
from .plural import counted
from .text import LINE_END

TSV_COLUMNS = ("page", "spun_sentence", "original_sentence")
_BOM = "\ufeff"
_SURROGATE = re.compile("[\ud800-\udfff]")

PathLike = str | os.PathLike[str]
Key = str | int
"""What pairs two documents: a file's relative name, or a JSON Lines record's id (a
string or an integer, compared as JSON values: 1 and "1" are two ids)."""


@dataclass(frozen=True)
class Pair:
    """One document in its spun form and its original form."""

    id: str
    spun: str
    original: str

    def __post_init__(self) -> None:
        for name in ("id", "spun", "original"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"Pair.{name} must be str, not {show(value)}")


@dataclass(frozen=True)
class Row:
    """One row of a parallel TSV file: a spun sentence and its original."""

    page: str
    spun: str
    original: str
    line: int


def _read_text(path: Path) -> str:
    """The UTF-8 text of *path*, without a leading byte order mark."""
    return read_document(path, hint=False).removeprefix(_BOM)


def _lines(text: str) -> list[str]:
    """*text* split at line ends only: unlike :meth:`str.splitlines`, U+2028, form
    feeds and the like stay inside the field or JSON string they belong to."""
    return LINE_END.split(text)


def _check_matched(what: str, spun: Path, spun_keys: KeysView[Key], original: Path,
                   original_keys: KeysView[Key]) -> None:
    """An :class:`InputError` naming each side's unmatched *what* (files or ids) and
    the side's path, unless the two sides hold the same keys."""
    if spun_keys == original_keys:
        return
    parts = []
    sides = [("spun", spun, sorted(map(str, spun_keys - original_keys))),
             ("original", original, sorted(map(str, original_keys - spun_keys)))]
    for side, path, names in sides:
        if names:
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            parts.append(f"{counted(len(names), what)} only on the {side} side, {path} "
                         f"({', '.join(names[:3])}{more})")
    message = "; ".join(parts)
    if set(sides[0][2]) & set(sides[1][2]):  # the same id, a number on one side and a string on the other
        message += ' (ids compare as JSON values: 1 and "1" are two ids)'
    raise InputError(message)


def read_text_pair(spun: PathLike, original: PathLike) -> list[Pair]:
    """One pair from two text files; its id is the spun file's name."""
    spun, original = Path(spun), Path(original)
    return [Pair(spun.name, _read_text(spun), _read_text(original))]


def _files_under(root: Path) -> dict[str, Path]:
    return {
        p.relative_to(root).as_posix(): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


def read_dir_pairs(spun: PathLike, original: PathLike) -> list[Pair]:
    """Pairs from two directories, matching files by their path relative to each."""
    spun, original = Path(spun), Path(original)
    for d in (spun, original):
        if not d.is_dir():
            raise InputError(f"{d}: no such directory")
    s_files, o_files = _files_under(spun), _files_under(original)
    _check_matched("file", spun, s_files.keys(), original, o_files.keys())
    if not s_files:
        raise InputError(f"{spun}: no files")
    return [Pair(name, _read_text(s_files[name]), _read_text(o_files[name])) for name in s_files]


def _parse_record(line: str, where: str) -> tuple[Key, str]:
    """The id and text of one JSON Lines record; *where* (``path:line``) starts error messages."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None
    except ValueError:  # the one other failure: an integer too long for Python to convert
        raise InputError(f"{where}: invalid JSON: a number with too many digits") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or "id" not in record:
        raise InputError(f"{where}: each line must be a JSON object with 'id' and 'text' (a string)")
    key, text = record["id"], record["text"]
    if not isinstance(key, (str, int)) or isinstance(key, bool):
        raise InputError(f"{where}: 'id' must be a string or an integer, not {json.dumps(key)[:40]}")
    surrogate = _SURROGATE.search(str(key) + text)
    if surrogate:
        raise InputError(f"{where}: lone surrogate U+{ord(surrogate.group()):04X} in 'id' or 'text' "
                         "(not valid Unicode)")
    return key, text


def _read_jsonl(path: Path) -> dict[Key, str]:
    records: dict[Key, str] = {}
    for number, line in enumerate(_lines(_read_text(path)), 1):
        if not line.strip():
            continue
        key, text = _parse_record(line, f"{path}:{number}")
        if key in records:
            raise InputError(f"{path}:{number}: duplicate id {key!r}")
        records[key] = text
    return records


def read_jsonl_pairs(spun: PathLike, original: PathLike) -> list[Pair]:
    """Pairs from two JSON Lines files of ``{"id", "text"}`` records, matched by id."""
    spun, original = Path(spun), Path(original)
    s_docs, o_docs = _read_jsonl(spun), _read_jsonl(original)
    _check_matched("id", spun, s_docs.keys(), original, o_docs.keys())
    if not s_docs:
        raise InputError(f"{spun}: no records")
    return [Pair(str(key), text, o_docs[key]) for key, text in s_docs.items()]


def read_clean_texts(paths: Iterable[PathLike]) -> dict[str, str]:
    """Unspun documents by id, for :func:`fixer.evaluate.clean_edits`: a text file is one
    document (its name the id), a JSON Lines file (``.jsonl``) one per ``{"id", "text"}``
    record (``FILE#ID``), FILE as first named. A file named twice is read once."""
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for path in map(Path, paths):
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        if _is_jsonl(path):
            ids: dict[str, Key] = {}
            for key, text in _read_jsonl(path).items():
                name = f"{path}#{key}"
                if ids.setdefault(name, key) != key:  # 1 and "1": two records of one name
                    raise InputError(f"{path}: the ids {json.dumps(ids[name])} and {json.dumps(key)} both name "
                                     f"document {name}: give one of them another id")
                texts[name] = text
        else:
            texts[str(path)] = _read_text(path)
    return texts


def read_tsv_rows(path: PathLike) -> list[Row]:
    """The rows of a parallel TSV file (columns ``page``, ``spun_sentence``,
    ``original_sentence`` in any order, named in a header line)."""
    path = Path(path)
    text = _read_text(path)
    if not text:
        raise InputError(f"{path}: empty file")
    first, *lines = _lines(text)
    header = first.split("\t")
    missing = [c for c in TSV_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path}:1: missing column(s) {', '.join(missing)}; expected a header with {', '.join(TSV_COLUMNS)}")
    twice = [c for c in TSV_COLUMNS if header.count(c) > 1]
    if twice:
        raise InputError(f"{path}:1: column {twice[0]} appears twice in the header; which one to read is unclear")
    index = [header.index(c) for c in TSV_COLUMNS]
    rows = []
    for number, line in enumerate(lines, 2):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            raise InputError(f"{path}:{number}: {counted(len(fields), 'tab-separated field')}, the header has {len(header)}")
        page, spun, original = (fields[i] for i in index)
        rows.append(Row(page, spun, original, number))
    if not rows:
        raise InputError(f"{path}: no rows after the header")
    return rows


def group_rows(rows: Iterable[Row]) -> list[Pair]:
    """One pair per page, in order of first appearance, sentences joined with newlines."""
    pages: dict[str, tuple[list[str], list[str]]] = {}
    for row in rows:
        spun, original = pages.setdefault(row.page, ([], []))
        spun.append(row.spun)
        original.append(row.original)
    return [Pair(page, "\n".join(s), "\n".join(o)) for page, (s, o) in pages.items()]


def read_tsv_pairs(path: PathLike) -> list[Pair]:
    """Pairs from a parallel TSV file, one per page."""
    return group_rows(read_tsv_rows(path))


def pair_files(spun: PathLike, original: PathLike | None = None) -> list[Path]:
    """The files :func:`read_pairs` reads for the same arguments."""
    paths = [Path(p) for p in (spun, original) if p is not None]
    return [f for p in paths for f in (_files_under(p).values() if p.is_dir() else [p])]


def _is_jsonl(path: Path) -> bool:
    """Whether *path* names a JSON Lines file (``.jsonl``, in any case)."""
    return path.suffix.lower() == ".jsonl"


def read_pairs(spun: PathLike, original: PathLike | None = None) -> list[Pair]:
    """Pairs from any supported layout, chosen by what the paths are.

    With one path it must be a parallel TSV file; with two, both directories, both
    ``.jsonl`` files, or two text files (a ``.jsonl`` file beside a text file is an error).
    """
    spun = a_path(spun, "spun")
    if original is None:
        if spun.is_dir():
            raise InputError(f"{spun}: a directory needs a second directory of originals")
        return read_tsv_pairs(spun)
    original = a_path(original, "original")
    for p in (spun, original):
        if not p.exists():
            raise InputError(f"{p}: no such file or directory")
    if spun.is_dir() != original.is_dir():
        raise InputError(f"{spun}, {original}: give two directories or two files, not one of each")
    if spun.is_dir():
        return read_dir_pairs(spun, original)
    if _is_jsonl(spun) != _is_jsonl(original):
        raise InputError(f"{spun}, {original}: give two JSON Lines files (.jsonl) or two text files, not one of each")
    if _is_jsonl(spun):
        return read_jsonl_pairs(spun, original)
    return read_text_pair(spun, original)
