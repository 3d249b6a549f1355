"""Loading, validating and layering glossaries (see docs/glossary-format.md)."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import GlossaryError
from .text import fold_phrase

KINDS = ("name", "phrase", "word", "grammar", "tortured")
SAFETIES = ("safe", "gated", "report")
CONDITION_KEYS = ("prev", "not_prev", "next", "not_next", "doc_has", "doc_lacks")
ENTRY_KEYS = frozenset({
    "spun", "original", "alternatives", "kind", "safety", "case_sensitive", "inflect", "when",
    "source", "note", "examples", "negative",
})
TOP_KEYS = frozenset({"version", "include", "entries"})
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 500_000
MAX_PHRASE_WORDS = 12
MAX_PHRASE_CHARS = 200
MAX_YAML_NODES = 20_000_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Conditions:
    """Context conditions of an entry; an empty set means "no condition"."""

    prev: frozenset[str] = frozenset()
    not_prev: frozenset[str] = frozenset()
    next: frozenset[str] = frozenset()
    not_next: frozenset[str] = frozenset()
    doc_has: tuple[str, ...] = ()
    doc_lacks: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.prev or self.not_prev or self.next or self.not_next or self.doc_has or self.doc_lacks)

    def describe(self) -> str:
        """A short human-readable form, e.g. ``next in {war, attack}``."""
        parts = []
        for key in CONDITION_KEYS:
            values = getattr(self, key)
            if values:
                parts.append(f"{key}={'|'.join(sorted(values))}")
        return " ".join(parts)


@dataclass(frozen=True)
class Entry:
    """One glossary entry: spun form(s) and the original they replaced."""

    spun: tuple[str, ...]
    original: str
    alternatives: tuple[str, ...] = ()
    kind: str = "phrase"
    safety: str = "safe"
    case_sensitive: bool = False
    inflect: bool = True
    when: Conditions = field(default_factory=Conditions)
    source: str = ""
    note: str = ""
    file: str = "<memory>"
    line: int = 0
    examples: tuple[tuple[str, str], ...] = ()
    negative: tuple[str, ...] = ()

    @functools.cached_property
    def id(self) -> str:
        """A stable identifier: the first spun form and the original."""
        return f"{self.spun[0]} -> {self.original}"

    @functools.cached_property
    def location(self) -> str:
        """``file:line`` of the entry."""
        return f"{self.file}:{self.line}"

    @property
    def auto(self) -> bool:
        """True when ``fix`` may apply this entry (it is not report-only)."""
        return self.safety != "report"


@dataclass(frozen=True)
class Glossary:
    """An ordered collection of entries, as loaded from one or more files."""

    entries: tuple[Entry, ...]
    files: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)


def default_glossary_path() -> Path:
    """Path of the glossary bundled with fixer."""
    packaged = resources.files("fixer") / "glossary.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "glossary.yaml"


class _LineLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader that records the line of every mapping and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise GlossaryError(f"{self.name}:{key_node.start_mark.line + 1}: a key must be a plain value, not a list or mapping")
            if key in seen:
                raise GlossaryError(
                    f"{self.name}:{key_node.start_mark.line + 1}: duplicate key {key!r} "
                    f"(first on line {seen[key]})")
            seen[key] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)


def _check_tree(node: yaml.Node, name: str) -> None:
    """Refuse anchors/aliases and absurdly large documents before constructing them."""
    seen: set[int] = set()
    stack = [node]
    count = 0
    while stack:
        n = stack.pop()
        if id(n) in seen:
            raise GlossaryError(f"{name}:{n.start_mark.line + 1}: anchors and aliases are not allowed in a glossary")
        seen.add(id(n))
        count += 1
        if count > MAX_YAML_NODES:
            raise GlossaryError(f"{name}: too many YAML nodes (limit {MAX_YAML_NODES})")
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _parse_yaml(path: Path) -> Any:
    name = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise GlossaryError(f"{name}: cannot read glossary: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise GlossaryError(f"{name}: is a directory, not a glossary file")
    if not stat.S_ISREG(st.st_mode):
        raise GlossaryError(f"{name}: not a regular file")
    size = st.st_size
    if size > MAX_FILE_BYTES:
        raise GlossaryError(f"{name}: glossary is larger than the limit of {MAX_FILE_BYTES:,} bytes")
    try:
        data = path.read_bytes()
        raw = data.decode("utf-8")
    except OSError as exc:
        raise GlossaryError(f"{name}: cannot read glossary: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise GlossaryError(f"{name}:{line}: not valid UTF-8 (byte {exc.start})") from None
    loader = _LineLoader(raw)
    loader.name = name
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_tree(node, name)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise GlossaryError(f"{name}{line}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{name}: invalid YAML: {str(exc).splitlines()[0]}") from None
    finally:
        loader.dispose()


def _string_list(value: Any, where: str, key: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise GlossaryError(f"{where}: '{key}' must be a string or a non-empty list of strings")
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise GlossaryError(f"{where}: '{key}' holds an empty or non-string value")
        out.append(item.strip())
    return out


def _conditions(value: Any, where: str) -> Conditions:
    if value is None:
        return Conditions()
    if not isinstance(value, dict):
        raise GlossaryError(f"{where}: 'when' must be a mapping")
    unknown = set(value) - set(CONDITION_KEYS) - {"__line__"}
    if unknown:
        raise GlossaryError(f"{where}: unknown condition {sorted(unknown)[0]!r} (known: {', '.join(CONDITION_KEYS)})")
    kwargs: dict[str, Any] = {}
    for key in CONDITION_KEYS:
        if key in value:
            items = [fold_phrase(s) for s in _string_list(value[key], where, f"when.{key}")]
            kwargs[key] = tuple(items) if key.startswith("doc_") else frozenset(items)
    return Conditions(**kwargs)


def _bool(entry: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise GlossaryError(f"{where}: '{key}' must be true or false")
    return value


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise GlossaryError(f"{where}: '{key}' must be a string")
    return value


def _examples(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise GlossaryError(f"{where}: 'examples' must be a list of {{spun, original}} mappings")
    out = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("spun"), str) or not isinstance(item.get("original"), str):
            raise GlossaryError(f"{where}: each example needs 'spun' and 'original' strings")
        out.append((item["spun"], item["original"]))
    return tuple(out)


def parse_entry(raw: Any, file: str, line: int | None = None) -> Entry:
    """Build an :class:`Entry` from one YAML mapping, validating every key."""
    if not isinstance(raw, dict):
        raise GlossaryError(f"{file}:{line or 0}: an entry must be a mapping with 'spun' and 'original'")
    line = raw.get("__line__", line or 0)
    where = f"{file}:{line}"
    unknown = set(raw) - ENTRY_KEYS - {"__line__"}
    if unknown:
        raise GlossaryError(f"{where}: unknown key {sorted(map(str, unknown))[0]!r} (known: {', '.join(sorted(ENTRY_KEYS))})")
    for key in ("spun", "original"):
        if key not in raw:
            raise GlossaryError(f"{where}: entry has no '{key}'")
    spun = tuple(_string_list(raw["spun"], where, "spun"))
    original = raw["original"]
    if not isinstance(original, str) or not original.strip():
        raise GlossaryError(f"{where}: 'original' must be a non-empty string")
    for form in spun:
        if len(form) > MAX_PHRASE_CHARS or len(form.split()) > MAX_PHRASE_WORDS:
            raise GlossaryError(f"{where}: spun form {form[:40]!r}... is longer than {MAX_PHRASE_WORDS} words or {MAX_PHRASE_CHARS} characters")
        if fold_phrase(form) == fold_phrase(original):
            raise GlossaryError(f"{where}: spun form {form!r} is the same as its original")
        if not fold_phrase(form):
            raise GlossaryError(f"{where}: spun form {form!r} has no letters or digits")
    kind = raw.get("kind", "phrase" if len(spun[0].split()) > 1 else "word")
    if kind not in KINDS:
        raise GlossaryError(f"{where}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
    safety = raw.get("safety", "gated" if kind in ("word", "grammar") else "safe")
    if safety not in SAFETIES:
        raise GlossaryError(f"{where}: unknown safety {safety!r} (known: {', '.join(SAFETIES)})")
    negative = raw.get("negative") or []
    if not isinstance(negative, list) or not all(isinstance(s, str) for s in negative):
        raise GlossaryError(f"{where}: 'negative' must be a list of strings")
    alternatives = tuple(_string_list(raw["alternatives"], where, "alternatives")) if "alternatives" in raw else ()
    return Entry(
        spun=spun,
        original=original.strip(),
        alternatives=alternatives,
        kind=kind,
        safety=safety,
        case_sensitive=_bool(raw, "case_sensitive", False, where),
        inflect=_bool(raw, "inflect", len(spun[0].split()) > 1, where),
        when=_conditions(raw.get("when"), where),
        source=_text(raw, "source", where),
        note=_text(raw, "note", where),
        file=file,
        line=line,
        examples=_examples(raw.get("examples"), where),
        negative=tuple(negative),
    )


def _check_duplicates(entries: Iterable[Entry]) -> None:
    """Refuse one spun form with two originals in one file, unless every such entry
    carries context conditions (then they are alternatives chosen by context)."""
    seen: dict[tuple[str, bool], Entry] = {}
    for entry in entries:
        for form in entry.spun:
            key = (form if entry.case_sensitive else fold_phrase(form), entry.case_sensitive)
            other = seen.get(key)
            if other is None:
                seen[key] = entry
            elif fold_phrase(other.original) != fold_phrase(entry.original) and not (other.when and entry.when):
                raise GlossaryError(
                    f"{entry.location}: spun form {form!r} already maps to {other.original!r} "
                    f"at line {other.line}; give both entries 'when' conditions or remove one")


def load_glossary(path: str | os.PathLike[str], _seen: tuple[Path, ...] = ()) -> Glossary:
    """Load and validate one glossary file and the files it includes."""
    path = Path(path)
    resolved = path.resolve()
    if resolved in _seen:
        raise GlossaryError(f"{path}: includes itself (through {' -> '.join(map(str, _seen))})")
    data = _parse_yaml(path)
    name = str(path)
    if not isinstance(data, dict):
        raise GlossaryError(f"{name}:1: a glossary must be a mapping with 'version' and 'entries'")
    unknown = set(data) - TOP_KEYS - {"__line__"}
    if unknown:
        raise GlossaryError(f"{name}:1: unknown top-level key {sorted(map(str, unknown))[0]!r} (known: entries, include, version)")
    if data.get("version") != 1:
        raise GlossaryError(f"{name}:1: 'version: 1' is required")
    includes = data.get("include") or []
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise GlossaryError(f"{name}:1: 'include' must be a list of file names")
    raw_entries = data.get("entries") or []
    if not isinstance(raw_entries, list):
        raise GlossaryError(f"{name}:1: 'entries' must be a list")
    if len(raw_entries) > MAX_ENTRIES:
        raise GlossaryError(f"{name}: more than {MAX_ENTRIES} entries")
    own = [parse_entry(raw, name) for raw in raw_entries]
    _check_duplicates(own)
    parts = [load_glossary(path.parent / inc, _seen + (resolved,)) for inc in includes]
    parts.append(Glossary(tuple(own), (name,)))
    return layer(parts)


def layer(glossaries: Sequence[Glossary]) -> Glossary:
    """Combine glossaries; for a spun form defined in several, the later one wins."""
    if len(glossaries) == 1:
        return glossaries[0]
    owner: dict[str, int] = {}
    for gi, glossary in enumerate(glossaries):
        for entry in glossary.entries:
            for form in entry.spun:
                owner[fold_phrase(form)] = gi
    kept = []
    for gi, glossary in enumerate(glossaries):
        for entry in glossary.entries:
            forms = tuple(f for f in entry.spun if owner[fold_phrase(f)] == gi)
            if forms == entry.spun:
                kept.append(entry)
            elif forms:
                kept.append(replace(entry, spun=forms))
    files = tuple(f for g in glossaries for f in g.files)
    return Glossary(tuple(kept), files)


def load_glossaries(paths: Sequence[str | os.PathLike[str]] = (), *, default: bool = True) -> Glossary:
    """The default glossary (unless ``default=False``) layered under *paths*, in order."""
    files = ([default_glossary_path()] if default else []) + [Path(p) for p in paths]
    if not files:
        raise GlossaryError("no glossary: give a glossary file or keep the default one")
    return layer([load_glossary(p) for p in files])
