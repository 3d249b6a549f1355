"""Reading a glossary file's YAML: each mapping with the line it starts on and the
lines of its keys, the top-level lists' items with theirs; limits on size, nodes and
nesting checked before the document is built; every problem one :class:`GlossaryError`
naming the file and line. Imported when a glossary file is read, not before (a Fixer
loaded from the compile cache reads no YAML).
"""

from __future__ import annotations

import codecs
import datetime
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import GlossaryError
from .glossary import _META, _show

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
"""Lists and mappings nested deeper than this in a glossary file are refused (an entry's
``when`` lists are five deep)."""
MAX_YAML_NODES = 6_000_000
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break
_EDITOR_LINE_BREAK = re.compile("\r\n|[\r\n]")  # what an editor counts as one
_ODD_LINE_BREAK = re.compile("[\x85\u2028\u2029]")  # the rest: YAML's lines would not be the editor's
_LONGEST_KEY = 1024  # an implicit (plain) key longer than this is no key to YAML

_BOMS = (("UTF-32", codecs.BOM_UTF32_LE), ("UTF-32", codecs.BOM_UTF32_BE),
         ("UTF-16", codecs.BOM_UTF16_LE), ("UTF-16", codecs.BOM_UTF16_BE))
"""Byte order marks of encodings a glossary may have been saved in by mistake (UTF-32's
first, as UTF-16 LE's is the start of UTF-32 LE's)."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader that records the line of every mapping and refuses duplicate keys.

    Constructing the node set as ``root`` stores its keys' lines in ``key_lines``."""

    name = "<glossary>"
    root: yaml.Node | None = None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        written: dict[Any, str] = {}  # each key as the file writes it
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise GlossaryError(f"{self.name}:{key_node.start_mark.line + 1}: '<<' (a YAML merge key) is not "
                                    "allowed in a glossary: write the keys out")
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                what = "a date" if isinstance(key, datetime.date) else "a list or mapping"
                raise GlossaryError(f"{self.name}:{key_node.start_mark.line + 1}: a key must be a plain value, not {what}")
            if key in seen:
                alike = ("" if written[key] == key_node.value else
                         f" as {written[key]!r}: YAML reads {written[key]!r} and {key_node.value!r} as one key")
                raise GlossaryError(
                    f"{self.name}:{key_node.start_mark.line + 1}: duplicate key {key!r} "
                    f"(first on line {seen[key]}{alike})")
            seen[key], written[key] = key_node.start_mark.line + 1, key_node.value
        for meta in _META:
            if meta in seen:
                raise GlossaryError(f"{self.name}:{seen[meta]}: '{meta}' is not a glossary key")
        if node is self.root:
            self.key_lines = seen
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = seen
        return mapping

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """The value of *node*; a scalar that its type refuses (a date that does not
        exist, ``!!bool maybe``) is a :class:`GlossaryError` naming its line."""
        try:
            return super().construct_object(node, deep)
        except (GlossaryError, yaml.YAMLError):
            raise
        except Exception as exc:  # PyYAML's constructors fail in many ways: ValueError, KeyError, AttributeError
            kind = _SCALAR_KINDS.get(node.tag, node.tag.rpartition(":")[2] or node.tag)
            raise GlossaryError(f"{self.name}:{node.start_mark.line + 1}: invalid YAML: "
                                f"{_show(node.value)} is not a valid {kind}") from exc


_SCALAR_KINDS = {"tag:yaml.org,2002:timestamp": "date", "tag:yaml.org,2002:bool": "true/false value",
                 "tag:yaml.org,2002:int": "whole number", "tag:yaml.org,2002:float": "number"}
"""How an error names the YAML types whose constructors refuse a scalar."""

_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)


def _check_size(raw: str, name: str) -> None:
    """Refuse a document of more than :data:`MAX_YAML_NODES` nodes before it is read into
    memory whole (a few hundred bytes a node): counted from its events, in constant
    memory, when the characters that can start or separate a node are more than that."""
    if sum(map(raw.count, ",\n:-[{?")) < MAX_YAML_NODES:
        return
    nodes = 0
    try:
        for event in yaml.parse(raw, Loader=_Loader):
            if isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > MAX_YAML_NODES:
                    line = f":{event.start_mark.line + 1}" if event.start_mark else ""
                    raise GlossaryError(f"{name}{line}: too many YAML nodes (limit {MAX_YAML_NODES:,})")
    except yaml.YAMLError:
        return  # reported with its line when the document is read


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _check_tree(node: yaml.Node, name: str, raw: str) -> None:
    """Refuse aliases (a node used twice), lists and mappings nested more than :data:`MAX_DEPTH`
    deep, and absurdly large documents, before constructing them; *node* was read from *raw*."""
    seen: set[int] = set()
    stack = [(node, 1)]
    count = 0
    while stack:
        n, depth = stack.pop()
        if id(n) in seen:  # the node is the anchor's: the line is the first alias's
            alias = next(e for e in yaml.parse(raw, Loader=_Loader) if isinstance(e, yaml.AliasEvent))
            mark = alias.start_mark or n.start_mark
            raise GlossaryError(f"{name}:{mark.line + 1}: anchors and aliases are not allowed in a glossary")
        seen.add(id(n))
        count += 1
        if count > MAX_YAML_NODES:
            raise GlossaryError(f"{name}: too many YAML nodes (limit {MAX_YAML_NODES:,})")
        if depth > MAX_DEPTH:
            raise GlossaryError(f"{name}:{n.start_mark.line + 1}: lists and mappings nested more than "
                                f"{MAX_DEPTH} deep")
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend(((k, depth + 1), (v, depth + 1)))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in n.value)


@dataclass
class _Layout:
    """Where things are in a glossary file: the line of the top-level mapping, of each
    top-level key, and of each item of the top-level sequences (``include``, ``entries``).
    Items of a sequence carry no ``__line__``; their lines come from the composed nodes."""

    line: int = 1
    keys: dict[Any, int] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)

    def key_line(self, key: str) -> int:
        return self.keys.get(key, self.line)

    def item_lines(self, key: str, count: int) -> Sequence[int]:
        lines = self.items.get(key)
        return lines if lines is not None and len(lines) == count else [self.key_line(key)] * count


def _read_failure(path: Path, exc: OSError | ValueError, origin: str | None) -> GlossaryError:
    """The error for a glossary file that cannot be opened: named by the include that
    asked for it (*origin*, ``file:line: include NAME``) when there is one."""
    if isinstance(exc, ValueError):
        reason = "the file name contains a NUL character"
    elif isinstance(exc, FileNotFoundError) and origin:
        reason = "no such file"
    else:
        reason = f"cannot read glossary: {exc.strerror or exc}"
    return GlossaryError(f"{origin or path}: {reason}")


def _parse_yaml(path: Path, origin: str | None = None) -> tuple[Any, _Layout]:
    """The YAML document of *path* (mappings carry their ``__line__``) and its layout.
    Errors opening the file name *origin* (the including ``file:line``) when given."""
    name = str(path)
    try:
        st = path.stat()
    except (OSError, ValueError) as exc:
        raise _read_failure(path, exc, origin) from None
    where = origin or name
    if stat.S_ISDIR(st.st_mode):
        raise GlossaryError(f"{where}: is a directory, not a glossary file")
    if not stat.S_ISREG(st.st_mode):
        raise GlossaryError(f"{where}: not a regular file")
    size = st.st_size
    if size > MAX_FILE_BYTES:
        raise GlossaryError(f"{where}: glossary is larger than the limit of {MAX_FILE_BYTES:,} bytes")
    try:
        data = path.read_bytes()
        raw = data.decode("utf-8")
    except OSError as exc:
        raise _read_failure(path, exc, origin) from None
    except UnicodeDecodeError as exc:
        line = len(_EDITOR_LINE_BREAK.split(data[:exc.start].decode("utf-8", "replace")))
        bom = next((f": the file starts with a {code} byte order mark, save it as UTF-8" for code, mark in _BOMS
                    if data.startswith(mark)), "")
        raise GlossaryError(f"{name}:{line}: not valid UTF-8 (byte {exc.start}){bom}") from None
    odd = _ODD_LINE_BREAK.search(raw)
    if odd is not None:  # YAML would count lines (and end comments) where an editor does not
        line = len(_EDITOR_LINE_BREAK.split(raw[:odd.start()]))
        raise GlossaryError(f"{name}:{line}: U+{ord(odd.group()):04X} is a line break to YAML but not to most "
                            f"editors: remove it, or write it as \\u{ord(odd.group()):04x} in a double-quoted string")
    stray = raw.find("\ufeff", 1)
    if stray > 0:  # invisible; YAML would refuse the line after it, or take it into a phrase
        line = len(_EDITOR_LINE_BREAK.split(raw[:stray]))
        raise GlossaryError(f"{name}:{line}: a byte order mark (U+FEFF) inside the file (were two files joined?): "
                            "remove it")
    _check_size(raw, name)
    loader = _LineLoader(raw)
    loader.name = name
    try:
        node = loader.get_single_node()
        if node is None:
            return None, _Layout()
        _check_tree(node, name, raw)
        loader.root, loader.key_lines = node, {}
        document = loader.construct_document(node)
        layout = _Layout(node.start_mark.line + 1, loader.key_lines)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value in ("include", "entries") and isinstance(v, yaml.SequenceNode):
                    layout.items[k.value] = [item.start_mark.line + 1 for item in v.value]
        return document, layout
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = min(mark.line + 1, _last_line(raw)) if mark else 0  # libyaml may mark the line after the end
        problem = exc.problem or exc.context or "invalid YAML"
        if mark and "tab" not in problem and _line_at(raw, mark.line)[mark.column:mark.column + 1] == "\t":
            problem += " (a tab: indent with spaces)"
        elif mark and problem == "could not find expected ':'" and len(_line_at(raw, mark.line)) > _LONGEST_KEY:
            problem += f" (YAML reads a key of at most {_LONGEST_KEY:,} characters)"
        start = exc.context_mark.line + 1 if exc.problem and exc.context and exc.context_mark else line
        if "quoted scalar" in (exc.context or "") and ("end of stream" in problem or "document" in problem):
            line, problem = start, f"a quoted string starts on this line and is never closed ({problem})"
        elif start < line:  # where the construct that the problem breaks starts: often the line to fix
            problem += f" ({exc.context} that starts on line {start})"
        raise GlossaryError(f"{name}{f':{line}' if line else ''}: invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        raise GlossaryError(f"{name}:{_refused_line(raw, exc.character)}: invalid YAML: unacceptable character "
                            f"#x{exc.character:04x}: {exc.reason}"
                            f"{' (a NUL: is the file UTF-16? save it as UTF-8)' if exc.character == 0 else ''}") from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{name}: invalid YAML: {str(exc).splitlines()[0]}") from None
    finally:
        loader.dispose()


def _line_at(text: str, line: int) -> str:
    """The 0-based *line* of *text* ("" past its end)."""
    lines = _YAML_LINE_BREAK.split(text, maxsplit=line + 1)
    return lines[line] if line < len(lines) else ""


def _refused_line(text: str, character: int) -> int:
    """The line of *text* where YAML's reader refused the code point *character*: its
    first occurrence, since the reader refuses the first character it cannot take (its
    own position is in bytes for libyaml, in characters for PyYAML)."""
    return len(_YAML_LINE_BREAK.split(text[:text.find(chr(character))]))


def _last_line(text: str) -> int:
    """The number of the last line of *text*, where a YAML error at its end is."""
    lines = _YAML_LINE_BREAK.split(text)
    if len(lines) > 1 and not lines[-1]:  # a line break at the very end starts no line
        lines.pop()
    return len(lines)
