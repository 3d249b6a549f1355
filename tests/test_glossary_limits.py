"""Hostile and oversized glossaries: refused quickly, with file and line, never running
code; a very large honest glossary still loads."""

from __future__ import annotations

import os
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

import fixer.glossary
import fixer.glossary_yaml
from fixer import Fixer, GlossaryError, load_glossary
from fixer.glossary import parse_entry
from fixer.cli import main


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXER_NO_CACHE", "1")


def write(tmp_path: Path, text: str, name: str = "g.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    """The message of the GlossaryError that loading (and compiling) *path* raises."""
    with pytest.raises(GlossaryError) as info:
        Fixer(load_glossary(path))
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message, message
    return message


def test_billion_laughs_refused_quickly(tmp_path: Path) -> None:
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "version: 1\n" + "\n".join(levels) + f"\nentries: *{chr(ord('a') + 11)}\n")
    start = time.perf_counter()
    message = refused(path)
    assert time.perf_counter() - start < 1.0
    assert "anchors and aliases are not allowed" in message


def test_alias_of_an_entry_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nentries:\n  - &e {spun: foo bar, original: baz}\n  - *e\n")
    assert "anchors and aliases" in refused(path)


def test_lone_anchor_is_harmless(tmp_path: Path) -> None:
    """An anchor without an alias expands nothing; docs/glossary-format.md allows it."""
    glossary = load_glossary(write(tmp_path, "version: 1\nentries:\n  - &e {spun: foo bar, original: baz}\n"))
    assert [e.original for e in glossary.entries] == ["baz"]


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:argparse.Namespace {{x: 1}}",
    "!!python/tuple [a, b]",
    "!custom 'touch {marker}'",
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_python_tags_refused_and_not_run(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "PWNED"
    path = write(tmp_path, f"version: 1\nentries:\n  - spun: {tag.format(marker=marker)}\n    original: x\n")
    assert ":3: invalid YAML: could not determine a constructor" in refused(path)
    assert not marker.exists()


def test_python_tag_through_the_cli(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    path = write(tmp_path, f"version: 1\nentries:\n  - spun: !!python/object/apply:os.system ['touch {marker}']\n    original: x\n")
    result = CliRunner().invoke(main, ["fix", "-g", str(path), "-"], input=b"White Home")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "could not determine a constructor" in result.stderr
    assert not marker.exists()


def test_enormous_entry_refused_with_line(tmp_path: Path) -> None:
    spun = " ".join(f"w{i:05d}" + "a" * 94 for i in range(10_000))
    assert len(spun) > 1_000_000
    path = write(tmp_path, f"version: 1\nentries:\n  - spun: foo bar\n    original: baz\n  - spun: {spun}\n    original: x\n")
    start = time.perf_counter()
    message = refused(path)
    assert time.perf_counter() - start < 5.0
    assert message.startswith(f"{path}:5:") and "longer than" in message
    assert len(message) < 300


# (label, YAML, expected prefix after the file name, expected part of the message)
DUPLICATES = [
    ("entry-key", "version: 1\nentries:\n  - spun: foo bar\n    original: baz\n    original: qux\n", ":5:",
     "duplicate key 'original' (first on line 4)"),
    ("top-level", "version: 1\nentries: []\nversion: 1\n", ":3:", "duplicate key 'version' (first on line 1)"),
    ("spun-form", "version: 1\nentries:\n  - {spun: foo bar, original: baz}\n  - {spun: Foo  Bar, original: qux}\n", ":4:",
     "already maps to 'baz' at line 3"),
]


@pytest.mark.parametrize("text, where, message", [c[1:] for c in DUPLICATES], ids=[c[0] for c in DUPLICATES])
def test_duplicates_refused_with_line(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = write(tmp_path, text)
    got = refused(path)
    assert got.startswith(f"{path}{where}") and message in got, got


CHAINS = [
    ("chain", "  - {spun: foo bar, original: the baz qux}\n  - {spun: baz qux, original: zap}\n"),
    ("cycle", "  - {spun: foo bar, original: baz qux}\n  - {spun: baz qux, original: foo bar}\n"),
    ("self-inflected", "  - {spun: big cat, original: small dog}\n  - {spun: small dogs, original: tiny pups}\n"),
]


@pytest.mark.parametrize("entries", [c[1] for c in CHAINS], ids=[c[0] for c in CHAINS])
def test_chains_and_cycles_refused(tmp_path: Path, entries: str) -> None:
    path = write(tmp_path, "version: 1\nentries:\n" + entries)
    message = refused(path)
    assert message.startswith(f"{path}:3:") and "a chain" in message


def test_chains_lists_entries_of_another_glossary(tmp_path: Path) -> None:
    """``Fixer.chains`` checks entries against a loaded glossary: every applicable entry
    whose original holds one of its safe spun forms, inflected ones too, where the
    form's conditions may hold (in "red fox den" the word after "red fox" is "den", not
    "ran"; at the edge of "a red fox" it is the text's, and one that "red fox" asks for
    is taken for chance there)."""
    base = write(tmp_path, "version: 1\nentries:\n  - {spun: white home, original: white house}\n"
                           "  - {spun: big cat, original: tiger}\n  - {spun: red fox, original: vixen, when: {next: [ran]}}\n")
    fixer = Fixer(load_glossary(base))
    entries = [parse_entry({"spun": s, "original": o, "safety": safety}, "new.yaml", i)
               for i, (s, o, safety) in enumerate([("house", "home of the White Home", "safe"), ("zebra", "two big cats", "gated"),
                                                   ("okapi", "a red fox", "safe"), ("lion", "white home", "report"),
                                                   ("gnu", "red fox den", "safe")], 1)]
    assert [(e.location, other.location, form) for e, other, form in fixer.chains(entries)] == [
        ("new.yaml:1", f"{base}:3", "white home"), ("new.yaml:2", f"{base}:4", "big cats")]


def test_conditional_chain_refused_where_its_condition_may_hold(tmp_path: Path) -> None:
    """A chain through an entry with context conditions is refused where they may hold:
    the word after "baz qux" in a repaired text is most likely not "peace", and a second
    run would then change it again (such chains were left to the glossary's author, and
    a pair of them made a text change back and forth on every run); where the original's
    own next word rules the entry out, there is no chain."""
    chain = write(tmp_path, "version: 1\nentries:\n  - {spun: foo bar, original: baz qux}\n"
                            "  - {spun: baz qux, original: zap, when: {not_next: [peace]}}\n")
    assert refused(chain).startswith(f"{chain}:3: original 'baz qux' contains spun form 'baz qux'")
    inside = write(tmp_path, "version: 1\nentries:\n  - {spun: foo bar, original: baz qux peace}\n"
                             "  - {spun: baz qux, original: zap, when: {not_next: [peace]}}\n")
    assert len(Fixer(load_glossary(inside)).glossary) == 2


def test_oversized_file_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fixer.glossary_yaml, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "version: 1\nentries: [[[[ not even YAML " + "x" * 200)
    message = refused(path)
    assert "larger than" in message and "invalid YAML" not in message


def test_too_many_entries_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fixer.glossary, "MAX_ENTRIES", 3)
    path = write(tmp_path, "version: 1\nentries:\n" + "".join(f"  - {{spun: foo{i} bar, original: baz}}\n" for i in range(4)))
    message = refused(path)
    assert message.startswith(f"{path}:2:") and "more than 3 entries" in message


def test_too_many_yaml_nodes_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fixer.glossary_yaml, "MAX_YAML_NODES", 50)
    path = write(tmp_path, "version: 1\nentries: [" + ", ".join(["x"] * 60) + "]\n")
    assert "too many YAML nodes" in refused(path)


def test_too_many_yaml_nodes_refused_before_the_file_is_read_whole(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of many tiny nodes is refused from a count of its events, before its node
    tree is built: 8 million items of a 16 MB file took 3 GB of memory to be refused."""
    monkeypatch.setattr(fixer.glossary_yaml, "MAX_YAML_NODES", 50)

    class Unread:
        def __init__(self, *args: object) -> None:
            raise AssertionError("the node tree was built")

    monkeypatch.setattr(fixer.glossary_yaml, "_LineLoader", Unread)
    path = write(tmp_path, "version: 1\nentries: [" + ",\n".join(["x"] * 60) + "]\n")
    message = refused(path)
    assert message.startswith(f"{path}:") and "too many YAML nodes (limit 50)" in message


def test_a_large_glossary_under_the_node_limit_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More separators than the limit, but fewer nodes (commas inside quoted values):
    the count of events lets it load."""
    monkeypatch.setattr(fixer.glossary_yaml, "MAX_YAML_NODES", 200)
    path = write(tmp_path, "version: 1\nentries:\n" + "".join(
        f'  - {{spun: "foo{i} bar", original: baz, note: "{"," * 40}"}}\n' for i in range(10)))
    assert len(load_glossary(path).entries) == 10


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_nesting_refused(tmp_path: Path, depth: int) -> None:
    path = write(tmp_path, "version: 1\nentries: " + "[" * depth + "]" * depth + "\n")
    assert "nesting depth" in refused(path)


@pytest.mark.parametrize("text", ["version: 1\n? [a, b]\n: c\nentries: []\n",
                                  "version: 1\nentries:\n  - {spun: foo bar, original: baz, {x: 1}: 2}\n"])
def test_unhashable_key_refused(tmp_path: Path, text: str) -> None:
    """Found while fuzzing (fixed in ee7f556): a list or mapping key raised TypeError."""
    refused(write(tmp_path, text))


@pytest.mark.parametrize("key", ["kind", "safety", "not_a_key"])
def test_long_values_cut_short_in_messages(tmp_path: Path, key: str) -> None:
    """A huge unknown value or key is echoed cut short: the message stays one short line."""
    huge = "x" * 100_000
    entry = f"{{spun: foo bar, original: baz, {key}: {huge}}}" if key != "not_a_key" else f"{{spun: foo bar, original: baz, ? {huge} : 1}}"
    message = refused(write(tmp_path, f"version: 1\nentries:\n  - {entry}\n"))
    assert message.startswith(f"{tmp_path / 'g.yaml'}:3:") and len(message) < 300, message[:300]


def test_unreadable_include_named_by_its_includer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An include that cannot be read is reported at the include line of the file asking
    for it (the read fails as for a file without read permission; tests may run as root)."""
    write(tmp_path, "version: 1\nentries: []\n", "locked.yaml")
    main_file = write(tmp_path, "version: 1\nentries: []\ninclude:\n  - locked.yaml\n")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    message = refused(main_file)
    assert message == f"{main_file}:4: include locked.yaml: cannot read glossary: Permission denied"


def test_include_symlink_loop(tmp_path: Path) -> None:
    """An include through a symlink loop: Path.resolve raised RuntimeError (Python < 3.13)."""
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    main_file = write(tmp_path, "version: 1\ninclude: [a.yaml]\nentries: []\n")
    message = refused(main_file)
    assert message.startswith(f"{main_file}:2: include a.yaml: cannot read glossary: "), message


def test_size_limit_holds_for_non_regular_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FIFO reports size 0; it used to be read whole, so a glossary including /dev/zero
    exhausted memory (fixed in ee7f556). Bounded here: a FIFO fed 1 MB, the limit at 1 KB."""
    monkeypatch.setattr(fixer.glossary_yaml, "MAX_FILE_BYTES", 1024)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    body = b"version: 1\nentries: []\n" + b"# padding\n" * 100_000

    def feed() -> None:
        try:
            with open(fifo, "wb") as fh:
                fh.write(body)
        except BrokenPipeError:
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    main_file = write(tmp_path, f"version: 1\ninclude: [{fifo.name}]\nentries: []\n")
    try:
        with pytest.raises(GlossaryError, match="larger than|not a regular file"):
            load_glossary(main_file)
    finally:
        if feeder.is_alive():
            with open(fifo, "rb") as fh:
                fh.read()
        feeder.join(timeout=10)


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("FIXER_SLOW_TESTS") != "1", reason="slow (about a minute): set FIXER_SLOW_TESTS=1")
def test_200k_entries_load(tmp_path: Path) -> None:
    n = 200_000
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("version: 1\nentries:\n")
        for i in range(n):
            fh.write(f"  - spun: qz{i} fwp{i}\n    original: orig{i} word\n")
    tracemalloc.start()
    start = time.perf_counter()
    glossary = load_glossary(path)
    loaded = time.perf_counter()
    fixer_ = Fixer(glossary)
    compiled = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{n} entries, {path.stat().st_size / 1e6:.1f} MB: load {loaded - start:.1f} s, "
          f"compile {compiled - loaded:.1f} s, traced peak {peak / 1e6:.0f} MB")
    assert len(glossary) == n
    assert fixer_.fix("the qz199999 fwp199999 said") == "the orig199999 word said"


def test_a_file_included_again_and_again_is_refused_quickly(tmp_path: Path) -> None:
    """Each of 20 files includes the next one twice: a million reads, which took hours;
    refused at the read past the limit, naming the include."""
    for i in range(20):
        write(tmp_path, f"version: 1\ninclude: [f{i + 1}.yaml, f{i + 1}.yaml]\nentries: []\n", f"f{i}.yaml")
    write(tmp_path, "version: 1\nentries:\n  - {spun: Quxx Corge, original: qux corge}\n", "f20.yaml")
    with pytest.raises(GlossaryError) as info:
        load_glossary(tmp_path / "f0.yaml")
    limit = fixer.glossary.MAX_INCLUDED_FILES
    assert str(info.value) == (f"{tmp_path / 'f18.yaml'}:2: include f19.yaml: more than {limit} files to read, "
                               "counting each file as often as it is included")  # depth first: the 1,000th read
    assert len(load_glossary(tmp_path / "f12.yaml")) == 1  # 511 reads: under the limit
