"""The on-disk compile cache (fixer/cache.py): a cached Fixer is the one a fresh build
would give, and a cache it cannot use is passed over silently."""

from __future__ import annotations

import dataclasses
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import fixer.api
from fixer import Entry, Fixer, cache
from fixer.glossary import Conditions
from fixer.cli import main

CLOCK_SLACK_NS = cache.CLOCK_SLACK_NS
GLOSSARY = """version: 1
entries:
  - spun: blue zorkle
    original: clear sky
    examples:
      - spun: a blue zorkle today
        original: a wrong thing today
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty cache directory, with caching on, and glossary files written
    just now cached (see test_a_file_changed_while_it_compiles_is_not_cached_as_new)."""
    directory = tmp_path / "cache"
    monkeypatch.setattr(cache, "CLOCK_SLACK_NS", 0)
    monkeypatch.setenv("FIXER_CACHE_DIR", str(directory))
    monkeypatch.delenv("FIXER_NO_CACHE", raising=False)
    return directory


def test_paths_written_otherwise_are_reported_as_written(tmp_path: Path, cache_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The same file named otherwise (absolute, then relative) gets its entries' locations
    in the name given: the cache used to give those of the first run, so `glossary check`
    found none of the file's entries and said "ok" without running their examples."""
    path = tmp_path / "mine.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert Fixer.from_files([path], default=False).glossary.entries[0].location == f"{path}:3"
    assert Fixer.from_files(["mine.yaml"], default=False).glossary.entries[0].location == "mine.yaml:3"
    result = CliRunner().invoke(main, ["glossary", "check", "mine.yaml"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("mine.yaml:3: example 'a blue zorkle today' came out 'a clear sky today'")


@pytest.mark.parametrize("payload", [
    (1, 2), ("ab", "x"), ((), "junk"), ((), {"x": 1}), [], None, "text", b"", {"a": 1}, (((1, 2, 3),), {}),
], ids=repr)
def test_a_foreign_pickle_in_the_cache_is_passed_over(payload: object, tmp_path: Path, cache_dir: Path) -> None:
    """A cache file that holds some other pickle is compiled over, silently: it used to
    raise a TypeError, an AttributeError or a ValueError from the Fixer it made."""
    path = tmp_path / "mine.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    Fixer.from_files([path], default=False)
    (entry,) = cache_dir.glob("*.pickle")
    entry.write_bytes(pickle.dumps(payload))
    assert Fixer.from_files([path], default=False).fix("a blue zorkle") == "a clear sky"


class _Marks:
    """Unpickled, makes the directory *path*: shows that a pickle was loaded."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return os.mkdir, (str(self.path),)


UNTRUSTED = [
    ("writable-by-others", lambda entry: entry.chmod(0o666), None),
    ("writable-by-group", lambda entry: entry.chmod(0o620), None),
    ("another-users", lambda entry: os.chown(entry, 65534, 65534),
     None if hasattr(os, "getuid") and os.getuid() == 0 else "changing a file's owner needs root"),
]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are POSIX")
@pytest.mark.parametrize(("how", "skip"), [u[1:] for u in UNTRUSTED], ids=[u[0] for u in UNTRUSTED])
def test_a_cache_file_someone_else_could_write_is_not_loaded(how: Any, skip: str | None, tmp_path: Path,
                                                              cache_dir: Path) -> None:
    """Loading a pickle runs code: an entry that another user owns, or that group or
    others can write, is compiled over. It was loaded, so anyone who could write to the
    cache directory could run code as the user of fixer. The same file, the user's own
    and private, is loaded (the mark is made)."""
    if skip:
        pytest.skip(skip)
    path = tmp_path / "mine.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    Fixer.from_files([path], default=False)
    (entry,) = cache_dir.glob("*.pickle")
    mark = tmp_path / "loaded"
    entry.write_bytes(pickle.dumps(_Marks(mark)))
    how(entry)
    assert Fixer.from_files([path], default=False).fix("a blue zorkle") == "a clear sky"
    assert not mark.exists()
    entry.unlink()
    entry.write_bytes(pickle.dumps(_Marks(mark)))
    entry.chmod(0o600)
    Fixer.from_files([path], default=False)
    assert mark.is_dir()


def test_the_cache_key_covers_the_word_lists_the_matcher_is_built_from() -> None:
    """A changed common-word list (``scripts/make_common_words.py``) makes other fuzzy
    anchors, which a warm cache kept on loading: fixer's data files are stamped as its
    modules are."""
    stamped = {Path(stamp[0]).name for stamp in cache._code_stamp() or ()}
    assert {"common-words.txt", "english-words.txt", "cache.py"} <= stamped


@pytest.mark.parametrize("name", ["mine.yaml", "included.yaml"])
def test_a_change_that_keeps_size_and_time_is_seen(name: str, tmp_path: Path, cache_dir: Path) -> None:
    """A glossary file (or a file it includes) rewritten with as many bytes and its
    modification time put back (`cp -p`, `rsync -t`, or two writes within the file
    system's clock tick) is compiled again: the cache used to serve the old entries."""
    main_file, included = tmp_path / "mine.yaml", tmp_path / "included.yaml"
    main_file.write_text("version: 1\ninclude: [included.yaml]\n" + GLOSSARY.split("\n", 1)[1], encoding="utf-8")
    included.write_text("version: 1\nentries:\n  - spun: red florp\n    original: rainy day\n", encoding="utf-8")
    assert Fixer.from_files([main_file], default=False).fix("a blue zorkle, a red florp") == "a clear sky, a rainy day"
    changed = tmp_path / name
    before = changed.stat()
    changed.write_text(changed.read_text(encoding="utf-8").replace("clear sky", "sunny sky").replace(
        "rainy day", "windy day"), encoding="utf-8")
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert changed.stat().st_size == before.st_size
    expected = "a sunny sky, a rainy day" if name == "mine.yaml" else "a clear sky, a windy day"
    assert Fixer.from_files([main_file], default=False).fix("a blue zorkle, a red florp") == expected


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_an_include_link_retargeted_is_seen(linked: str, tmp_path: Path, cache_dir: Path) -> None:
    """An included file (or the folder it is in) that is a symbolic link pointed
    elsewhere is compiled again: the cache checked only the files it had read, which had
    not changed, and served the old entries."""
    for target, original in (("a", "blue camel"), ("b", "red camel")):
        (tmp_path / target).mkdir()
        (tmp_path / target / "sub.yaml").write_text(
            f"version: 1\nentries:\n  - {{spun: orange llama, original: {original}}}\n", encoding="utf-8")
    include = "sub.yaml" if linked == "file" else "inc/sub.yaml"
    (tmp_path / "main.yaml").write_text(f"version: 1\ninclude: [{include}]\nentries: []\n", encoding="utf-8")
    link = tmp_path / ("sub.yaml" if linked == "file" else "inc")

    def point(target: str) -> None:
        link.unlink(missing_ok=True)
        link.symlink_to(Path(target) / "sub.yaml" if linked == "file" else Path(target))

    point("a")
    assert Fixer.from_files([tmp_path / "main.yaml"], default=False).fix("an orange llama") == "a blue camel"
    point("b")
    assert Fixer.from_files([tmp_path / "main.yaml"], default=False).fix("an orange llama") == "a red camel"


def test_a_pipe_named_as_an_entry_is_passed_over(tmp_path: Path, cache_dir: Path) -> None:
    """A FIFO with a cache entry's name is compiled over, not opened (which waited for a
    writer for ever)."""
    path = tmp_path / "mine.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    Fixer.from_files([path], default=False)
    (entry,) = cache_dir.glob("*.pickle")
    entry.unlink()
    os.mkfifo(entry)
    assert Fixer.from_files([path], default=False).fix("a blue zorkle") == "a clear sky"


def test_a_file_changed_while_it_compiles_is_not_cached_as_new(tmp_path: Path, cache_dir: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A glossary saved again while a Fixer is being compiled from it (an editor's save
    during a run) is compiled again on the next start: the cache used to keep what was
    compiled from the old text under the stamp of the new one, and serve it until the
    file changed once more."""
    monkeypatch.setattr(cache, "CLOCK_SLACK_NS", CLOCK_SLACK_NS)
    path = tmp_path / "mine.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    load = fixer.api.load_glossaries

    def load_then_edit(*args: Any, **kwargs: Any) -> Any:
        glossary = load(*args, **kwargs)
        path.write_text(GLOSSARY.replace("clear sky", "grey sky"), encoding="utf-8")
        return glossary

    monkeypatch.setattr(fixer.api, "load_glossaries", load_then_edit)
    assert Fixer.from_files([path], default=False).fix("a blue zorkle") == "a clear sky"
    monkeypatch.setattr(fixer.api, "load_glossaries", load)
    assert Fixer.from_files([path], default=False).fix("a blue zorkle") == "a grey sky"


OTHER_GLOSSARY = GLOSSARY.replace("blue zorkle", "green zorkle").replace("clear sky", "dark sky")


@pytest.mark.parametrize("how", ["copy", "link"])
def test_another_entry_under_an_entrys_name_is_not_loaded(how: str, tmp_path: Path, cache_dir: Path) -> None:
    """An entry of other glossary files, copied or linked to the name of this one's, is
    compiled over: it was loaded, and a Fixer for one glossary repaired with another's
    (a link to a file of one's own in a shared cache folder: another user's choice)."""
    mine, other = tmp_path / "mine.yaml", tmp_path / "other.yaml"
    mine.write_text(GLOSSARY, encoding="utf-8")
    other.write_text(OTHER_GLOSSARY, encoding="utf-8")
    Fixer.from_files([mine], default=False)
    (own_entry,) = cache_dir.glob("*.pickle")
    Fixer.from_files([other], default=False)
    (other_entry,) = set(cache_dir.glob("*.pickle")) - {own_entry}
    own_entry.unlink()
    if how == "copy":
        own_entry.write_bytes(other_entry.read_bytes())
        own_entry.chmod(0o600)
    else:
        own_entry.symlink_to(other_entry)
    assert Fixer.from_files([mine], default=False).fix("a blue zorkle, a green zorkle") == "a clear sky, a green zorkle"


def test_a_link_under_an_entrys_name_is_not_followed(tmp_path: Path, cache_dir: Path) -> None:
    """An entry's name that is a link is compiled over without reading what it points
    to, even a private file of the user's own (loading a pickle runs code: the mark
    is made only if it is read)."""
    mine = tmp_path / "mine.yaml"
    mine.write_text(GLOSSARY, encoding="utf-8")
    Fixer.from_files([mine], default=False)
    (entry,) = cache_dir.glob("*.pickle")
    mark, target = tmp_path / "loaded", tmp_path / "elsewhere.pickle"
    target.write_bytes(pickle.dumps(_Marks(mark)))
    target.chmod(0o600)
    entry.unlink()
    entry.symlink_to(target)
    assert Fixer.from_files([mine], default=False).fix("a blue zorkle") == "a clear sky"
    assert not mark.exists()


def test_the_cache_folder_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``~`` in FIXER_CACHE_DIR is the home folder, and a relative XDG_CACHE_HOME is
    ignored, as its specification says: both made a cache folder in the current one."""
    monkeypatch.delenv("FIXER_NO_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("FIXER_CACHE_DIR", "~/mine")
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("FIXER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    assert cache.cache_dir() == tmp_path / ".cache" / "fixer"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "fixer"


@pytest.mark.parametrize(("value", "on"), [("1", False), ("yes", False), ("true", False), ("0", True), ("false", True),
                                           ("no", True), ("off", True), ("", True), (" 0 ", True)])
def test_no_cache_setting(value: str, on: bool, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FIXER_NO_CACHE turns the cache off unless it says no ("0" turned it off too)."""
    monkeypatch.setenv("FIXER_NO_CACHE", value)
    assert (cache.cache_dir() is not None) == on


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit])
def test_a_store_cut_short_leaves_no_temporary_file(stop: type[BaseException], tmp_path: Path, cache_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C, or the SystemExit of SIGTERM, while the compiled glossary is being written
    removes the half-written temporary file and goes on stopping the run."""
    path = tmp_path / "mine.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")

    def cut_short(*args: Any, **kwargs: Any) -> None:
        raise stop

    monkeypatch.setattr(cache.pickle, "dump", cut_short)
    with pytest.raises(stop):
        Fixer.from_files([path], default=False)
    assert not [p.name for p in cache_dir.iterdir() if p.suffix == ".tmp"]


def _strings_by_value(root: object) -> dict[str, set[int]]:
    """The distinct objects of each string value reachable from *root* through
    containers, named tuples and the attributes of objects (not their names)."""
    found: dict[str, set[int]] = {}
    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.setdefault(item, set()).add(id(item))
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, (tuple, list, set, frozenset)):
            stack += item
        elif hasattr(item, "__dict__"):
            stack += vars(item).values()
    return found


def test_a_compiled_glossary_holds_each_string_and_empty_condition_once() -> None:
    """What a cached Fixer unpickles is kept small: equal strings of the compiled
    default glossary (spun forms, originals, kinds, sources, the table's keys, the
    variants' fields) are one object, and so is the empty set of conditions that most
    entries have (tens of thousands of objects fewer to load)."""
    state = Fixer.from_files().__getstate__()
    entries = state["glossary"].entries
    assert len({id(e.when) for e in entries if not e.when}) == 1
    compiled = (entries, state["_keys"])  # a tuple: a dict's own keys ("keys") would count too
    repeated = {value: len(ids) for value, ids in _strings_by_value(compiled).items() if len(ids) > 1}
    assert not repeated, sorted(repeated.items())[:5]


_EVERY_FIELD = Entry(spun=("battle", "fight"), original="war", alternatives=("conflict",), kind="word", safety="safe",
                     case_sensitive=True, inflect=True, when=Conditions(prev=frozenset({"the"})), source="seed",
                     note="a note", file="g.yaml", line=3, examples=(("the battle", "the war"),), negative=("Battle on.",))


@pytest.mark.parametrize(("entry", "stored"), [
    (Entry("fact social", "truth social"), {"spun", "original", "kind", "safety", "inflect"}),
    (Entry("battle", "war", line=0, source=""), {"spun", "original", "kind", "safety", "inflect"}),
    (_EVERY_FIELD, {f.name for f in dataclasses.fields(Entry)}),
], ids=["defaults", "defaults-given", "every-field"])
def test_an_entry_is_pickled_without_the_fields_at_their_defaults(entry: Entry, stored: set[str]) -> None:
    """A cached Fixer unpickles thousands of entries: each keeps only the fields that
    differ from their defaults (and no cached property), and reads back whole."""
    assert entry.id and entry.location  # cached properties, computed before pickling
    copy = pickle.loads(pickle.dumps(entry))
    assert set(vars(copy)) == stored
    assert copy == entry and hash(copy) == hash(entry)
    assert [getattr(copy, f.name) for f in dataclasses.fields(Entry)] == [getattr(entry, f.name) for f in dataclasses.fields(Entry)]
    assert (copy.id, copy.location) == (entry.id, entry.location)
    assert pickle.loads(pickle.dumps(copy)) == entry  # and again, from the trimmed state


def test_a_compile_that_began_before_an_edit_is_not_stored_after_another(tmp_path: Path, cache_dir: Path) -> None:
    """Two compiles of one glossary at once (threads): the one that began before the file
    was edited and ends last is not stored over the one that read the edited file. The
    start of a compile was kept by request, so the second start replaced the first, the
    second store took it, and the first store, finding none, wrote the old glossary."""
    import time

    path = tmp_path / "mine.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    config = fixer.api.compiled_part(fixer.Config())
    first_started = time.time_ns()
    assert cache.load([path], config) is None  # the first compile begins, and reads the file
    time.sleep(0.01)
    path.write_text(GLOSSARY.replace("clear sky", "grey sky"), encoding="utf-8")
    second_started = time.time_ns()
    assert cache.load([path], config) is None  # the second one begins after the edit
    cache.store([path], config, [str(path)], "grey sky", second_started)
    cache.store([path], config, [str(path)], "clear sky", first_started)  # the first one ends last
    assert cache.load([path], config) == "grey sky"


def test_a_cached_fixer_shares_the_looks_of_its_variants() -> None:
    """What a variant's conditions look at is one of eight shared tuples, before and
    after pickling, compiled too (a fixed-length tuple type made mypyc box a new tuple
    for each variant, so a cached Fixer unpickled one per variant)."""
    fx = Fixer.from_files()

    def looks(f: Fixer) -> set[int]:
        return {id(v.looks) for variants, *_ in f._keys.values() for v in variants}

    assert len(looks(fx)) <= 8
    assert len(looks(pickle.loads(pickle.dumps(fx)))) <= 8
