"""Inputs and option combinations that could lose, misplace or corrupt data, and
failures on the output side: each is refused with one line or handled without loss."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from fixer.cli import main

SPUN = "The White Home stated the energy crops were hit.\n"
GLOSSARY = "version: 1\nentries:\n  - {spun: zorble fnord, original: quantum computing}\n"  # repaired by itself: "quantum computing" twice
FIXED = "The White House said the power plants were hit.\n"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def error_line(result: Result) -> str:
    """The one error line of a refused run (exit 2, no traceback)."""
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert lines and lines[0].startswith("fixer: error:"), lines
    assert all(line.startswith("fixer: ") for line in lines), lines
    return lines[0]


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


# (label, files to create, arguments, part of the message): refused before anything is written
REFUSED = [
    ("same-name-output", {"d1/x.txt": SPUN, "d2/x.txt": SPUN}, ["-o", "out", "d1/x.txt", "d2/x.txt"],
     "would both be written to out"),
    ("same-file-twice-output", {"x.txt": SPUN}, ["-o", "out", "x.txt", "x.txt"], "would both be written to out"),
    ("two-trees-same-names", {"d1/x.txt": SPUN, "d2/x.txt": SPUN}, ["-r", "-o", "out", "d1", "d2"],
     "would both be written to out"),
    ("glob-climbs-out", {"in/a.txt": SPUN, "victim.txt": SPUN}, ["-r", "-i", "--glob", "../*.txt", "in"],
     "no '..'"),
    ("glob-absolute", {"in/a.txt": SPUN}, ["-r", "-i", "--glob", "/etc/*", "in"], "no leading '/'"),
    ("diff-in-place", {"x.txt": SPUN}, ["--diff", "-i", "x.txt"], "change no file"),
    ("stream-diff", {"x.txt": SPUN}, ["--stream", "--diff", "x.txt"], "--stream is for plain text"),
    ("stream-html", {"x.txt": SPUN}, ["--stream", "--html", "x.txt"], "--stream is for plain text"),
    ("json-output-dir", {"x.txt": SPUN}, ["--json", "-o", "out", "x.txt"], "change no file"),
    ("stdin-twice", {}, ["--diff", "-", "-"], "read only once"),
    ("unknown-encoding-jsonl", {"a.jsonl": '{"text": "White Home"}\n'}, ["--jsonl", "--encoding", "nonsense", "a.jsonl"],
     "unknown encoding 'nonsense'"),
    ("not-a-text-encoding", {"x.txt": SPUN}, ["--encoding", "rot13", "x.txt"], "'rot13' is not a text encoding"),
    ("usage-error", {"x.txt": SPUN}, ["--no-such-option", "x.txt"], "No such option"),
    ("output-over-another-input", {"d/a.txt": SPUN, "d/out/a.txt": "precious\n"}, ["-r", "-o", "d/out", "d"],
     "would overwrite the input d/out/a.txt"),
    ("escape-codec", {"x.txt": SPUN}, ["--encoding", "unicode_escape", "x.txt"], "is not a text encoding"),
    # the codec that refuses every text: its error was read as a bad byte ("not valid undefined")
    ("undefined-codec", {"x.txt": SPUN}, ["--encoding", "undefined", "x.txt"], "'undefined' is not a text encoding"),
    # an empty name (an unset shell variable) used to walk and rewrite the current folder
    ("empty-path-walk", {"x.txt": SPUN}, ["-r", "-i", ""], "an empty path names no file"),
    # an empty --output-dir used to be ignored: the text went to standard output
    ("empty-output-dir", {"x.txt": SPUN}, ["-o", "", "x.txt"], "an empty path names no file"),
    # an empty --dask address was ignored (the run was local), also without --jsonl
    ("empty-dask-address", {"x.txt": SPUN}, ["--dask", "", "x.txt"], "give the scheduler's address, or 'local'"),
    # an empty --glob only warned that no file matched it
    ("empty-glob", {"d/a.txt": SPUN}, ["-r", "--glob", "", "d"], "an empty one matches no file"),
    # a '**' inside a path component made pathlib raise: a traceback and exit 1 ("spun" for scan)
    ("glob-partial-double-star", {"d/a.txt": SPUN}, ["-r", "-i", "--glob", "**.txt", "d"], "'**' can only be a whole"),
    ("glob-triple-star", {"d/a.txt": SPUN}, ["-r", "-i", "--glob", "news/***", "d"], "'**' can only be a whole"),
    # a glossary the run uses, among the files written: its spun forms were repaired (exit 0), and it no longer loaded
    ("in-place-over-its-glossary", {"g.yaml": GLOSSARY, "d/a.txt": SPUN}, ["-r", "-i", "-g", "g.yaml", "."],
     "g.yaml is a glossary this run uses"),
    ("output-over-its-glossary", {"g/x.yaml": GLOSSARY, "other/x.yaml": SPUN}, ["-g", "g/x.yaml", "-o", "g", "other/x.yaml"],
     "g/x.yaml is a glossary this run uses"),
]


@pytest.mark.parametrize(("files", "args", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str],
                                args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, files)
    assert message in error_line(run("fix", *args, stdin=b"x"))
    assert not (tmp_path / "out").exists()
    for name, text in files.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("command", ["fix", "scan"])
@pytest.mark.parametrize("pattern", ["../*.txt", "/etc/*"])
def test_a_glob_out_of_the_directory_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       command: str, pattern: str) -> None:
    """A --glob pattern that would leave the walked directory is refused as a bad option
    value, naming --glob and the --help to read, as other bad option values are."""
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"in/a.txt": SPUN})
    line = error_line(run(command, "-r", "--glob", pattern, "in"))
    assert line.startswith(f"fixer: error: Invalid value for '--glob': {pattern!r}: give a pattern inside"), line
    assert line.endswith(f"(see 'main {command} --help')"), line


@pytest.mark.parametrize(("args", "command"), [(["fix", "-j"], "fix"), (["scan", "x.txt", "--field"], "scan"),
                                               (["fix", "--no-such-option"], "fix"),
                                               (["glossary", "stats", "-g"], "glossary")])
def test_a_usage_error_names_the_help_of_its_command(args: list[str], command: str) -> None:
    """An option given without its value named the help of the whole program, which
    does not describe the option, while other usage errors named the subcommand's."""
    assert error_line(run(*args)).endswith(f"(see 'main {command} --help')")


@pytest.mark.parametrize("args", [("scan", ""), ("fix", "-g", "", "x.txt"), ("glossary", "check", ""),
                                  ("glossary", "stats", "-g", ""), ("learn", "x.txt", "x.txt", "-o", "")])
def test_an_empty_path_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    """An empty file name is named as such, not read as the current folder."""
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"x.txt": SPUN})
    assert "an empty path names no file" in error_line(run(*args))
    assert os.listdir(tmp_path) == ["x.txt"]


@pytest.mark.parametrize("args", [("fix", "-i", "-r"), ("fix", "--diff", "-r"), ("scan", "-r")])
def test_a_walk_leaves_out_links_that_lead_out_of_the_tree(tmp_path: Path, args: tuple[str, ...]) -> None:
    """-r reads and writes inside the tree only: a link out of it is named in a warning
    and left alone; a link to a file inside the tree is followed (edited and diffed
    once, with the file, as the first name of it)."""
    outside = tmp_path / "outside.txt"
    outside.write_text(SPUN, encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "in.txt").write_text(SPUN, encoding="utf-8")
    (tree / "out.txt").symlink_to(Path("..") / "outside.txt")
    (tree / "inner.txt").symlink_to("in.txt")
    result = run(*args, str(tree))
    assert result.exit_code == 0, result.output
    assert f"fixer: warning: {tree / 'out.txt'}: a symbolic link out of {tree}: left alone" in result.stderr
    assert "outside.txt" not in result.stdout and "out.txt" not in result.stdout
    assert outside.read_text(encoding="utf-8") == SPUN
    if "-i" in args:
        assert (tree / "in.txt").read_text(encoding="utf-8") == FIXED and (tree / "inner.txt").is_symlink()
    elif "--diff" in args:
        assert result.stdout.count("--- a/") == 1 and "in.txt" in result.stdout
    else:
        assert "inner.txt" in result.stdout


@pytest.mark.parametrize("args", [("fix", "-i", "-r"), ("scan", "-r")])
def test_a_walk_names_links_to_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A link whose target is missing, inside the tree or out of it, is named in a
    warning and left alone (it was left out without a word); the other files are done."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "in.txt").write_text(SPUN, encoding="utf-8")
    (tree / "gone.txt").symlink_to("missing.txt")
    (tree / "far.txt").symlink_to(tmp_path / "nowhere" / "x.txt")
    result = run(*args, str(tree))
    assert result.exit_code == 0, result.output
    for name in ("far.txt", "gone.txt"):
        assert f"fixer: warning: {tree / name}: a symbolic link to nothing (its target is missing): left alone" \
            in result.stderr
        assert (tree / name).is_symlink() and not (tree / name).exists()
    assert "-i" not in args or (tree / "in.txt").read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize("pattern", ["news/*.txt", "*/*", "*.txt"])
@pytest.mark.parametrize("args", [("fix", "-i", "-r"), ("scan", "-r")])
def test_a_walk_leaves_out_files_in_a_folder_linked_from_outside(tmp_path: Path, args: tuple[str, ...],
                                                                 pattern: str) -> None:
    """A pattern with a folder part matches through a linked folder; a file reached that
    way is left out as a link to it would be ("*.txt" never enters the linked folder)."""
    (tmp_path / "outside").mkdir()
    secret = tmp_path / "outside" / "secret.txt"
    secret.write_text(SPUN, encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "news").parent.mkdir()
    (tree / "news").symlink_to(Path("..") / "outside")
    result = run(*args, "--glob", pattern, str(tree))
    assert result.exit_code == 0, result.output
    assert "secret" not in result.stdout
    assert secret.read_text(encoding="utf-8") == SPUN
    if pattern != "*.txt":
        warned = f"fixer: warning: {tree / 'news' / 'secret.txt'}: a symbolic link out of {tree}: left alone"
        assert warned in result.stderr.splitlines() and "no file in it matches" not in result.stderr, result.stderr


def test_in_place_writes_through_a_symlink_and_keeps_the_owner(tmp_path: Path) -> None:
    """A link is kept, and the file it points to is repaired (atomically, in its own
    folder), also through a relative link from another folder."""
    outside = tmp_path / "outside.txt"
    outside.write_text(SPUN, encoding="utf-8")
    (tmp_path / "tree").mkdir()
    links = [tmp_path / "link.txt", tmp_path / "tree" / "relative.txt"]
    links[0].symlink_to(outside)
    links[1].symlink_to(Path("..") / "outside.txt")
    owned = tmp_path / "owned.txt"
    owned.write_text(SPUN, encoding="utf-8")
    os.chmod(owned, 0o640)
    root = hasattr(os, "chown") and os.geteuid() == 0
    if root:
        os.chown(owned, 1234, 4321)
    for link in links:
        outside.write_text(SPUN, encoding="utf-8")
        result = run("fix", "-i", str(link), str(owned))
        assert result.exit_code == 0, result.output
        assert link.is_symlink() and link.resolve() == outside.resolve()
        assert outside.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["link.txt", "outside.txt", "owned.txt", "relative.txt", "tree"]
    assert owned.read_text(encoding="utf-8") == FIXED and owned.stat().st_mode & 0o777 == 0o640
    if root:
        assert (owned.stat().st_uid, owned.stat().st_gid) == (1234, 4321)


@pytest.mark.skipif(not hasattr(os, "chown"), reason="no file owners here")
def test_in_place_keeps_the_group_of_another_users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing in place a file that another user owns (group-writable) keeps its group,
    which its editor may set, as ``sed -i`` does: the owner and the group were set in one
    call, whose refusal left the editor's own group on the file."""
    path = tmp_path / "shared.txt"
    path.write_text(SPUN, encoding="utf-8")
    info = path.stat()
    calls = []

    def chown(target: str, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        if uid != -1:
            raise PermissionError("only the owner's group may be set")

    monkeypatch.setattr(os, "chown", chown)
    result = run("fix", "-i", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == FIXED
    assert calls == [(info.st_uid, info.st_gid), (-1, info.st_gid)]


def test_output_side_failure_names_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"x.txt": SPUN})
    (tmp_path / "out" / "x.txt").mkdir(parents=True)
    assert "out/x.txt: not a regular file" in error_line(run("fix", "-o", "out", "x.txt"))
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    assert "blocker/sub/x.txt: cannot create its folder: blocker is not a folder" in error_line(
        run("fix", "-o", "blocker/sub", "x.txt"))
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == SPUN


def _jsonl(tmp_path: Path, data: bytes, *args: str) -> Result:
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    return run("fix", "--jsonl", *args, str(path))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_messages_before_a_stop_are_kept(tmp_path: Path, jobs: str) -> None:
    """A bad line that stops the run keeps what was said about the lines before it: the
    bad lines passed through (with --skip-bad they do not stop it; a field of another
    type does) and the --explain lines."""
    data = b'{"text": "White Home"}\n{"text": "Fact Social"}\n{oops\n'
    result = _jsonl(tmp_path, data, "--explain", "--jobs", jobs)
    assert result.exit_code == 2
    said = result.stderr.splitlines()
    assert [line.split(":")[1] for line in said if not line.startswith(("fixer:", " "))] == [" line 1, field text", " line 2, field text"]
    assert said[-2].startswith("fixer: error:") and "line 3: invalid JSON" in said[-2]


def test_jsonl_repeated_keys_are_kept_and_each_repaired(tmp_path: Path) -> None:
    result = _jsonl(tmp_path, b'{"id": 1, "id": 2, "text": "White Home", "text": "Fact Social"}\n')
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b'{"id": 1, "id": 2, "text": "White House", "text": "Truth Social"}\n'


def test_jsonl_field_named_twice_is_repaired_once(tmp_path: Path) -> None:
    once = _jsonl(tmp_path, b'{"text": "acknowledged that"}\n', "--spun", "--field", "text")
    twice = _jsonl(tmp_path, b'{"text": "acknowledged that"}\n', "--spun", "--field", "text", "--field", "text")
    assert once.exit_code == twice.exit_code == 0
    assert twice.stdout_bytes == once.stdout_bytes != b'{"text": "acknowledged that"}\n'


def test_jsonl_surrogateescape_keeps_bad_bytes_in_repaired_records(tmp_path: Path) -> None:
    data = b'{"text": "White Home \xff"}\n{"text": "kept \xfe"}\n'
    result = _jsonl(tmp_path, data, "--errors", "surrogateescape")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b'{"text": "White House \xff"}\n{"text": "kept \xfe"}\n'


@pytest.mark.parametrize("skip", [False, True])
def test_jsonl_deep_nesting_is_a_bad_line(tmp_path: Path, skip: bool) -> None:
    deep = '{"text": "White Home", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    data = (deep + '{"text": "White Home"}\n').encode()
    result = _jsonl(tmp_path, data, *(["--skip-bad"] if skip else []))
    if skip:
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == (deep + '{"text": "White House"}\n').encode()
        assert "line 1: JSON nested too deeply" in result.stderr
    else:
        assert "line 1: JSON nested too deeply" in error_line(result)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_bad_line_passed_through_is_a_warning(tmp_path: Path, jobs: str) -> None:
    """--skip-bad: each bad line passed through is a warning line, in one process or several."""
    result = _jsonl(tmp_path, b'{"text": "White Home"}\n{oops\n{"text": 7}\n', "--skip-bad", "--jobs", jobs)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        f"fixer: warning: {tmp_path / 'in.jsonl'}: line 2: invalid JSON (Expecting property name enclosed in double "
        "quotes at column 2) (passed through unchanged)",
        f"fixer: warning: {tmp_path / 'in.jsonl'}: line 3: field 'text' is not a string or a list of strings (passed through unchanged)"]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("skip", [False, True])
def test_jsonl_undecodable_line_is_a_bad_line(tmp_path: Path, skip: bool, jobs: str) -> None:
    """A line holding bytes that are not valid UTF-8 is a bad line: named with its number,
    and with --skip-bad passed through byte for byte while the others are repaired."""
    bad = b'{"text": "caf\xe9 White Home", "n": "\xff\xfe"}\n'
    data = b'{"text": "White Home"}\n' + bad + b'{"text": "White Home"}\n'
    result = _jsonl(tmp_path, data, "--jobs", jobs, *(["--skip-bad"] if skip else []))
    message = "in.jsonl: line 2: not valid utf-8 (byte 0xe9 at column 14)"
    if skip:
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == b'{"text": "White House"}\n' + bad + b'{"text": "White House"}\n'
        assert f"{message} (passed through unchanged)" in result.stderr
        assert "fixer: 2 documents, 2 repairs, 0 spun, 0 errors, 1 bad line passed through" in result.stderr
    else:
        assert error_line(result).endswith(f"{message}; try --encoding or --errors surrogateescape")
        assert result.stdout_bytes == b'{"text": "White House"}\n'


def test_jsonl_utf16_without_bom_is_refused_with_one_line(tmp_path: Path) -> None:
    assert "not valid utf-16" in error_line(_jsonl(tmp_path, b'{"text": "White Home"}\n', "--encoding", "utf-16"))


@pytest.mark.parametrize("report", [["--diff"], ["--json"], []], ids=["diff", "json", "scan"])
def test_undecodable_file_name_in_reports(tmp_path: Path, report: list[str]) -> None:
    name = os.fsdecode(b"bad\xffname.txt")
    (tmp_path / name).write_text(SPUN, encoding="utf-8")
    result = run("fix" if report else "scan", *report, str(tmp_path / name))
    assert result.exit_code == 0, result.output
    if report == ["--json"]:
        assert json.loads(result.stdout_bytes)["file"].endswith(name)
    else:
        assert b"bad\xffname.txt" in result.stdout_bytes


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "fixer", *args]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["fix"], ["scan"], ["fix", "--jsonl"]], ids=["fix", "scan", "jsonl"])
def test_full_disk_on_stdout_is_one_line(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / ("in.jsonl" if "--jsonl" in args else "in.txt")
    path.write_text('{"text": "White Home"}\n' if "--jsonl" in args else SPUN, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(_cli(*args, str(path)), stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert b"cannot write" in proc.stderr and b"No space left" in proc.stderr


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("args", [["fix"], ["fix", "--jsonl"]], ids=["text", "jsonl"])
def test_stdout_that_takes_part_of_the_output_is_one_error_line(tmp_path: Path, args: list[str],
                                                                unbuffered: bool) -> None:
    """Standard output that takes part of a write only (a non-blocking pipe, here not read
    until the run ends; a disk that fills up): exit 2 and one line. Python leaves standard
    output raw under PYTHONUNBUFFERED, and the bytes a write left over were lost with exit
    0; buffered, the error was said twice (once more as the interpreter flushed)."""
    path = tmp_path / ("in.jsonl" if "--jsonl" in args else "in.txt")
    path.write_text((json.dumps({"text": SPUN}) + "\n") * 5000 if "--jsonl" in args else SPUN * 5000, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | ({"PYTHONUNBUFFERED": "1"} if unbuffered else {})
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    try:
        proc = subprocess.run(_cli(*args, str(path)), stdout=write_end, stderr=subprocess.PIPE, env=env, timeout=120)
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        written = pipe.read()
    assert len(written) < path.stat().st_size // 2  # more than a pipe holds was to be written
    errors = [line for line in proc.stderr.splitlines() if line.startswith(b"fixer: error:")]
    assert (proc.returncode, len(errors)) == (2, 1), proc.stderr
    assert b"standard output" in errors[0] and b"without blocking" in errors[0] and b"Traceback" not in proc.stderr


class _FillingFile(io.FileIO):
    """A file on a disk that fills up once 4,096 bytes are written to it."""

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > 4096:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


@pytest.mark.parametrize("args", [["--jsonl", "-o", "out", "in.jsonl"], ["-o", "out", "in.txt"],
                                  ["--jsonl", "--in-place", "in.jsonl"]], ids=["jsonl", "text", "in-place"])
def test_a_disk_that_fills_up_is_named_as_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     args: list[str]) -> None:
    """A disk that fills up while the output is written: one line naming the output, the
    input left as it was, no temporary file. Closing the temporary file flushed what was
    left of its buffer, which failed again and named the input instead."""
    monkeypatch.chdir(tmp_path)
    Path("in.jsonl").write_text((json.dumps({"text": SPUN}) + "\n") * 400, encoding="utf-8")  # small writes, buffered
    Path("in.txt").write_text(SPUN * 400, encoding="utf-8")
    Path("out").mkdir()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    monkeypatch.setattr(os, "fdopen", lambda fd, mode: io.BufferedWriter(_FillingFile(fd, mode)))
    result = CliRunner().invoke(main, ["fix", "-q", *args])
    written = "out/" + args[-1] if "out" in args else args[-1]
    assert (result.exit_code, result.stderr) == (2, f"fixer: error: {written}: cannot write: {os.strerror(errno.ENOSPC)}\n")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    assert list(Path("out").iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("args", "code"), [(["fix", "--explain", "in.txt"], 2), (["fix", "missing.txt"], 2),
                                            (["fix", "in.txt"], 0)], ids=["explain", "error", "nothing-to-say"])
def test_full_disk_on_stderr_is_told_by_the_exit_code(tmp_path: Path, args: list[str], code: int) -> None:
    """Standard error that cannot be written is an error (exit 2, not a traceback's 1,
    which means a spun document was found) wherever something had to be said there."""
    (tmp_path / "in.txt").write_text(SPUN, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(_cli(*args), cwd=tmp_path, stdout=subprocess.PIPE, stderr=full, timeout=120)
    assert proc.returncode == code
    if code == 0:
        assert proc.stdout == FIXED.encode()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("args", [["fix", "/dev/zero"], ["fix", "--jsonl", "/dev/zero"],
                                  ["scan", "-j", "2", "/dev/zero", "/dev/zero"]], ids=["fix", "jsonl", "jobs"])
def test_a_device_is_refused_not_read_without_end(args: list[str]) -> None:
    """A device named as an input (/dev/zero never ends) is refused in one line."""
    proc = subprocess.run(_cli(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines()[0] == "fixer: error: /dev/zero: a device, not a file (pipe what it gives into fixer with '-')"


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="needs /dev/stdin")
def test_a_pipe_named_as_an_input_is_read() -> None:
    proc = subprocess.run(_cli("fix", "/dev/stdin"), input=SPUN.encode(), capture_output=True, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, FIXED.encode(), b"")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("names", [("x.txt", "./x.txt", "sub/../x.txt"), ("x.txt", "link.txt")], ids=["paths", "link"])
def test_in_place_edits_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str,
                                       names: tuple[str, ...]) -> None:
    """A file named twice, or through a link to it, is repaired once: it was repaired
    twice over (with --jobs by two workers at once), and counted twice."""
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"x.txt": SPUN, "sub/y.txt": SPUN})
    Path("link.txt").symlink_to("x.txt")
    result = run("fix", "-i", "-j", jobs, *names)
    assert result.exit_code == 0, result.output
    assert result.stderr == "fixer: 1 document, 3 repairs, 1 spun, 0 errors\n"
    assert Path("x.txt").read_text(encoding="utf-8") == FIXED and Path("link.txt").is_symlink()


@pytest.mark.parametrize("names", [("x.txt", "./x.txt", "sub/../x.txt"), ("x.txt", "link.txt")], ids=["paths", "link"])
def test_a_diff_changes_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...]) -> None:
    """A file named twice, or through a link to it, has one diff: a hunk for each name
    made a patch that changed it twice (patch: "Reversed (or previously applied) patch")."""
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"x.txt": SPUN, "sub/y.txt": SPUN})
    Path("link.txt").symlink_to("x.txt")
    result = run("fix", "--diff", *names)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == run("fix", "--diff", "x.txt").stdout_bytes


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_in_place_over_a_folder_with_a_link_inside_edits_its_file_once(tmp_path: Path, jobs: str) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    (tree / "b.txt").symlink_to("a.txt")
    result = run("fix", "-i", "-r", "-j", jobs, str(tree))
    assert result.exit_code == 0, result.output
    assert result.stderr == "fixer: 1 document, 3 repairs, 1 spun, 0 errors\n"
    assert (tree / "a.txt").read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_closed_pipe_on_jsonl_stops_quietly(tmp_path: Path, jobs: str) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text('{"text": "White Home"}\n' * 50_000, encoding="utf-8")
    proc = subprocess.Popen(_cli("fix", "--jsonl", "-q", "--jobs", jobs, str(path)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b'{"text": "White House"}\n'
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_closed_pipe_after_an_error_is_not_a_success(tmp_path: Path, jobs: str) -> None:
    """The reader closes standard output after a file's error was reported: the run stops
    quietly, with the exit status of an error (it exited 0); without the error, 0."""
    seed = next((Path(__file__).parent.parent / "seeds").glob("*.spun.txt")).read_bytes()
    for name in range(30):
        (tmp_path / f"b{name:02}.txt").write_bytes(seed)
    for bad, code in ((True, 2), (False, 0)):
        first = tmp_path / "a.txt"
        first.write_bytes(b"White Home \xff" if bad else seed)
        proc = subprocess.Popen(_cli("fix", "--json", "-q", "-r", "--jobs", jobs, str(tmp_path)),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b"{")
        proc.stdout.close()
        assert proc.wait(timeout=120) == code
        assert (b"not valid utf-8" in proc.stderr.read()) == bad


@pytest.mark.parametrize(("first", "code"), [("clean", 1), ("spun", 1), ("none", 0)])
def test_closed_pipe_under_check_still_answers(tmp_path: Path, first: str, code: int) -> None:
    """``scan --check | head -1``: the reader closes standard output after the first line,
    and the exit code still says whether any document is spun (it was 0, "not spun",
    whenever the pipe closed), the documents after the closing judged too."""
    seed = next((Path(__file__).parent.parent / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(FIXED if first != "spun" else seed, encoding="utf-8")
    for name in range(30):
        (tmp_path / f"b{name:02}.txt").write_text(seed if first != "none" else FIXED, encoding="utf-8")
    proc = subprocess.Popen(_cli("scan", "--check", "-q", "-r", str(tmp_path)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=120) == code
    assert proc.stderr.read() == b""


@pytest.mark.parametrize(("first", "code"), [("clean", 1), ("none", 0)])
def test_closed_pipe_under_check_still_answers_for_json_lines(tmp_path: Path, first: str, code: int) -> None:
    """``scan --check --jsonl crawl.jsonl | head -1``: the records after the reader closed
    standard output are judged too (the run stopped at the closed pipe with exit 0)."""
    seed = next((Path(__file__).parent.parent / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
    records = [FIXED] + [seed if first != "none" else FIXED] * 2000
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"text": r}) + "\n" for r in records), encoding="utf-8")
    proc = subprocess.Popen(_cli("scan", "--check", "--jsonl", "-q", str(tmp_path / "a.jsonl")),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=120) == code
    assert proc.stderr.read() == b""


@pytest.mark.parametrize("args", [["fix", "--json"], ["fix", "--diff"], ["scan"]])
def test_closed_pipe_with_standard_error_closed_is_a_success(tmp_path: Path, args: list[str]) -> None:
    """``fixer fix --json a b 2>&- | head -c1``: a closed pipe stops the run quietly, with
    standard error closed too (it exited 1 from a traceback no one could see)."""
    seed = next((Path(__file__).parent.parent / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(seed * 50, encoding="utf-8")
    command = " ".join(f"'{a}'" for a in _cli(*args, "a.txt", "b.txt")) + " 2>&-"
    proc = subprocess.Popen(["sh", "-c", command], cwd=tmp_path, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.read(1)
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0


def test_jsonl_from_a_pipe_answers_each_record_as_it_comes() -> None:
    """A program that writes one record to fixer and waits for the answer gets it: fixer
    no longer waits for more of the pipe than a byte order mark before the first record
    (looking for UTF-16 without one, it waited for 8 KB or the end: a deadlock)."""
    proc = subprocess.Popen(_cli("fix", "--jsonl", "-q", "-"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(b'{"text": "White Home"}\n')
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no answer to the first record"
        assert proc.stdout.readline() == b'{"text": "White House"}\n'
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()


# (label, shell redirection that closes a standard stream, arguments, exit code, stderr)
CLOSED = [
    ("stdin-closed", "<&-", ["fix", "-"], 2, "fixer: error: standard input is closed"),
    ("stdout-closed", ">&-", ["fix", "in.txt"], 2, "fixer: error: standard output is closed"),
    ("stdout-not-needed", ">&-", ["fix", "-q", "-o", "out", "in.txt"], 0, ""),
    # options of the command group itself, before any subcommand: these printed two tracebacks
    ("version-stdout-closed", ">&-", ["--version"], 2, "fixer: error: standard output is closed"),
    ("help-stdout-closed", ">&-", ["--help"], 2, "fixer: error: standard output is closed"),
    # nothing can be said: the exit code alone tells
    ("stderr-closed", "2>&-", ["fix", "-q", "-o", "out", "in.txt"], 0, ""),
    ("stderr-closed-error", "2>&-", ["fix", "missing.txt"], 2, ""),
]


@pytest.mark.parametrize(("redirect", "args", "code", "stderr"), [c[1:] for c in CLOSED], ids=[c[0] for c in CLOSED])
def test_closed_standard_streams(tmp_path: Path, redirect: str, args: list[str], code: int, stderr: str) -> None:
    (tmp_path / "in.txt").write_text(SPUN, encoding="utf-8")
    command = " ".join(f"'{a}'" for a in _cli(*args)) + " " + redirect
    proc = subprocess.run(["sh", "-c", command], cwd=tmp_path, stderr=subprocess.PIPE, timeout=120)
    assert (proc.returncode, proc.stderr.decode().strip()) == (code, stderr)


@pytest.mark.parametrize("args", [["--bogus"], ["-x", "fix"], ["glossary", "--bogus"], ["bogus"]])
def test_a_usage_error_before_the_subcommand_is_one_line(args: list[str]) -> None:
    """An unknown option of ``fixer`` itself got click's four-line block, unlike one of a
    subcommand."""
    proc = subprocess.run(_cli(*args), capture_output=True, timeout=120)
    lines = proc.stderr.decode().splitlines()
    assert (proc.returncode, len(lines), proc.stdout) == (2, 1, b"")
    assert lines[0].startswith("fixer: error: No such ") and lines[0].endswith("--help')")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_are_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"x.txt": SPUN, "orig.txt": FIXED})
    os.mkfifo("out.yaml")
    assert "out.yaml: not a regular file" in error_line(run("learn", "x.txt", "orig.txt", "-o", "out.yaml"))
    os.mkdir("o")
    os.mkfifo("o/x.txt")
    assert "o/x.txt: not a regular file" in error_line(run("fix", "-o", "o", "x.txt"))
    assert Path("out.yaml").is_fifo() and Path("o/x.txt").is_fifo()


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
@pytest.mark.parametrize("mode", [[], ["--jsonl"]], ids=["text", "jsonl"])
def test_in_place_on_a_pipe_is_refused_as_not_a_regular_file(mode: list[str]) -> None:
    """``fixer fix -i <(...)``: the pipe is named as not a regular file (its /dev/fd link
    used to be resolved to a name that does not exist: "No such file or directory"),
    before it is read: its writer's data was read up, then thrown away."""
    read, write = os.pipe()
    data = SPUN.encode() if not mode else json.dumps({"text": SPUN}).encode() + b"\n"
    os.write(write, data)
    os.close(write)
    try:
        proc = subprocess.run(_cli("fix", *mode, "-i", f"/dev/fd/{read}"), pass_fds=(read,), capture_output=True,
                              timeout=120)
        left = os.read(read, len(data) + 1)
    finally:
        os.close(read)
    assert left == data
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().splitlines()[0] == (
        f"fixer: error: /dev/fd/{read}: not a regular file (a device, pipe or folder); not replaced")


def test_jsonl_surrogate_escapes_and_bytes_in_one_run(tmp_path: Path) -> None:
    """\\udcXX written as JSON escapes stay escapes; undecodable bytes stay bytes, also
    when a repair brings a character the encoding cannot write."""
    escapes = _jsonl(tmp_path, b'{"text": "White Home \\udcff", "k": "\\udc80"}\n', "--errors", "surrogateescape")
    assert escapes.stdout_bytes == b'{"text": "White House \\udcff", "k": "\\udc80"}\n'
    TYPO = Path(__file__).parent / "glossaries" / "typographic.yaml"
    mixed = _jsonl(tmp_path, b'{"text": "in altered falcon medium caf\xc3\xa9"}\n', "--no-default", "-g", str(TYPO),
                   "--encoding", "ascii", "--errors", "surrogateescape")
    assert mixed.stdout_bytes == b'{"text": "in eagle\\u2019s medium caf\xc3\xa9"}\n'


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_utf16_has_one_byte_order_mark(tmp_path: Path, jobs: str) -> None:
    data = '{"text": "White Home"}\n{"text": "clean"}\n'.encode("utf-16")
    result = _jsonl(tmp_path, data, "--encoding", "utf-16", "--jobs", jobs)
    assert result.stdout_bytes == '{"text": "White House"}\n{"text": "clean"}\n'.encode("utf-16")


@pytest.mark.parametrize("args", [["glossary", "stats"], ["--help"], ["fix", "--help"], ["--version"]],
                         ids=["stats", "help", "fix-help", "version"])
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_for_any_command_is_one_line(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(_cli(*args), stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert (proc.returncode, proc.stderr) == (2, b"fixer: error: cannot write to standard output: No space left on device\n")


# (label, arguments, exit code): warnings, a summary or an error to a full standard error
FULL_STDERR = [
    ("jsonl-skip-bad", ["fix", "--jsonl", "--skip-bad", "in.jsonl"], 2),
    ("jsonl-bad-line", ["fix", "--jsonl", "in.jsonl"], 2),
    ("several-files", ["fix", "--diff", "in.txt", "in2.txt"], 2),
    ("missing-file", ["fix", "missing.txt", "in.txt"], 2),
    ("check-found-spun", ["scan", "--check", "--jsonl", "--skip-bad", "in.jsonl"], 1),
]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("args", "code"), [c[1:] for c in FULL_STDERR], ids=[c[0] for c in FULL_STDERR])
def test_a_full_standard_error_stops_no_work(tmp_path: Path, args: list[str], code: int) -> None:
    """``2>/dev/full`` (the disk of a log full): a message that cannot be written is
    dropped and the run goes on, its output as with standard error writable (a warning
    for a bad JSON Lines record stopped the output before the records after it); the
    exit code says that something was lost (2), unless it says a spun document was
    found (1)."""
    for name in ("in.txt", "in2.txt"):
        (tmp_path / name).write_text(SPUN, encoding="utf-8")
    (tmp_path / "in.jsonl").write_text('{"text": "White Home"}\n{"text": 5}\n{"text": "The White Home said Fact Social was down."}\n',
                                       encoding="utf-8")
    writable = subprocess.run(_cli(*args), cwd=tmp_path, capture_output=True, timeout=120)
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(_cli(*args), cwd=tmp_path, stdout=subprocess.PIPE, stderr=full, timeout=120)
    assert writable.stderr
    assert (proc.returncode, proc.stdout) == (code, writable.stdout)


def test_workers_start_with_stdin_closed(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SPUN, encoding="utf-8")
    command = " ".join(f"'{a}'" for a in _cli("fix", "-q", "--jobs", "2", "--diff", "a.txt", "b.txt")) + " <&-"
    proc = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr[-500:]
    assert proc.stdout.count(b"+The White House said") == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_stopped_at_a_bad_line_counts_what_it_wrote(tmp_path: Path, jobs: str) -> None:
    data = b'{"text": "White Home"}\n{"text": "Fact Social"}\nnot json\n{"text": "White Home"}\n'
    streamed = _jsonl(tmp_path, data, "--jobs", jobs)
    assert streamed.stdout_bytes == b'{"text": "White House"}\n{"text": "Truth Social"}\n'
    assert "fixer: 2 documents, 2 repairs, 0 spun, 1 error" in streamed.stderr
    to_file = _jsonl(tmp_path, data, "--jobs", jobs, "-o", str(tmp_path / "out"))
    assert "fixer: 0 documents, 0 repairs, 0 spun, 1 error" in to_file.stderr
    assert not (tmp_path / "out" / "in.jsonl").exists()


# (label, file bytes, expected --diff output after the two header lines)
DIFFS = [
    ("no-final-newline", b"Intro\nThe White Home stated it.",
     "@@ -1,2 +1,2 @@\n Intro\n-The White Home stated it.\n\\ No newline at end of file\n"
     "+The White House stated it.\n\\ No newline at end of file\n"),
    ("cr-only", b"Intro\rThe White Home stated it.\r",
     "@@ -1 +1 @@\n-Intro\rThe White Home stated it.\r\n\\ No newline at end of file\n"
     "+Intro\rThe White House stated it.\r\n\\ No newline at end of file\n"),
    ("line-separator-inside-a-line", "Intro\u2028The White Home stated it.\n".encode(),
     "@@ -1 +1 @@\n-Intro\u2028The White Home stated it.\n+Intro\u2028The White House stated it.\n"),
]


@pytest.mark.parametrize(("data", "expected"), [c[1:] for c in DIFFS], ids=[c[0] for c in DIFFS])
def test_diff_is_a_valid_patch(tmp_path: Path, data: bytes, expected: str) -> None:
    """Lines end at \\n only, as for diff(1); a last line without one is marked."""
    (tmp_path / "x.txt").write_bytes(data)
    result = run("fix", "--diff", str(tmp_path / "x.txt"))
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode().split("\n", 2)[2] == expected


@pytest.mark.parametrize("tool", [["patch", "-p1", "--quiet"], ["git", "apply"]], ids=["patch", "git-apply"])
@pytest.mark.parametrize("name", ["plain.txt", "with space.txt", "two  spaces.txt", "line\n+++ break.txt",
                                  'quote".txt', "tab\there.txt"])
def test_diff_applies_with_patch_and_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: list[str],
                                         name: str) -> None:
    """The diff of a file, its name with spaces, a line break or a quote or not, applied
    by ``patch`` or ``git apply`` in the file's folder, gives the repaired file.
    ``patch`` read a name only up to its first space, and skipped the file; a line break
    in a name made a second header line (now quoted, as git quotes it)."""
    if shutil.which(tool[0]) is None:
        pytest.skip(f"{tool[0]} is not installed")
    path = tmp_path / name
    path.write_bytes(b"Intro\nThe White Home stated it.\n")
    monkeypatch.chdir(tmp_path)
    diff = run("fix", "--diff", name)
    assert diff.exit_code == 0, diff.output
    applied = subprocess.run(tool, input=diff.stdout_bytes, cwd=tmp_path, capture_output=True, timeout=60)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert path.read_bytes() == b"Intro\nThe White House stated it.\n"


@pytest.mark.parametrize("name", ["caf\u00e9\u65e5\u672c.txt", "\u00e9.txt"])
def test_diff_in_a_legacy_encoding_names_the_file_as_the_file_system_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                            name: str) -> None:
    """The diff of a file read as Latin-1 names the file as the file system spells it and
    writes its lines in Latin-1, so that ``patch`` finds the file and applies it: the name
    was written in Latin-1 too (a wrong name to patch), or could not be (a repair was
    said to bring a character of the name that Latin-1 lacks)."""
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    path = tmp_path / name
    path.write_bytes("The White Home stated it, caf\u00e9.\n".encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    diff = run("fix", "--diff", "--encoding", "latin-1", name)
    assert diff.exit_code == 0, diff.output
    assert diff.stdout_bytes.split(b"\n", 1)[0] == b"--- a/" + os.fsencode(name)
    applied = subprocess.run(["patch", "-p1", "--quiet"], input=diff.stdout_bytes, cwd=tmp_path, capture_output=True,
                             timeout=60)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert path.read_bytes() == "The White House stated it, caf\u00e9.\n".encode("latin-1")


def test_a_name_with_a_line_break_keeps_a_scan_line_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """scan names a file with a line break in double quotes, with C escapes, so that each
    repair stays on one line (the name split it in two)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x\n+++ evil.txt").write_text("The White Home stated it.\n", encoding="utf-8")
    lines = run("scan", "x\n+++ evil.txt").stdout.splitlines()
    assert lines[0] == '"x\\n+++ evil.txt":1:5: \'White Home\' -> \'White House\' [name, exact]', lines
    assert len(lines) == 2 and lines[1].startswith('"x\\n+++ evil.txt": spin score')


def test_a_field_name_with_a_line_break_keeps_a_scan_line_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON Lines field named with a line break is quoted with C escapes, as a file name
    is, in scan lines and --explain lines: it split each in two."""
    monkeypatch.chdir(tmp_path)
    Path("f.jsonl").write_text('{"a\\nb": "The White Home stated it."}\n', encoding="utf-8")
    scan = run("scan", "--jsonl", "--field", "a\nb", "f.jsonl").stdout.splitlines()
    assert scan[0] == 'f.jsonl: line 1, field "a\\nb":1:5: \'White Home\' -> \'White House\' [name, exact]', scan
    assert len(scan) == 2 and scan[1].startswith('f.jsonl: line 1, field "a\\nb": spin score')
    said = run("fix", "--jsonl", "--explain", "--field", "a\nb", "f.jsonl").stderr.splitlines()
    assert said[0] == scan[0] and said[1].startswith("    entry ") and said[2].startswith("fixer: 1 document")


@pytest.mark.parametrize(("encoding", "options"), [("utf-16", []), ("utf-16-be", ["--encoding", "utf-16-be"]),
                                                  ("utf-32", []), ("utf-8-sig", ["--encoding", "utf-8-sig"])])
def test_diff_of_a_text_in_utf_16_or_32_is_in_utf_8(tmp_path: Path, encoding: str, options: list[str]) -> None:
    """A diff of a file in UTF-16, UTF-32 or UTF-8 with a signature is UTF-8 without a
    byte order mark, also among the diffs of other files (it was in the file's encoding,
    a mark before each: no patch tool reads it)."""
    (tmp_path / "x.txt").write_bytes("Intro\nThe White Home stated it.\n".encode(encoding))
    (tmp_path / "y.txt").write_text("White Home\n", encoding="utf-8")
    result = run("fix", "--diff", *options, str(tmp_path / "x.txt"))
    assert result.exit_code == 0, result.output
    diff = result.stdout_bytes.decode("utf-8")
    first = "\ufeffIntro" if encoding == "utf-8-sig" else "Intro"  # the file's first line holds the mark
    assert diff.startswith("--- a/") and diff.split("\n", 2)[2] == (
        f"@@ -1,2 +1,2 @@\n {first}\n-The White Home stated it.\n+The White House stated it.\n")
    if not options:
        both = run("fix", "--diff", str(tmp_path / "x.txt"), str(tmp_path / "y.txt"))
        assert both.stdout_bytes.decode("utf-8") == diff + run("fix", "--diff", str(tmp_path / "y.txt")).stdout


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch is not installed")
@pytest.mark.parametrize(("encoding", "data"), [
    ("utf-8-sig", "\ufeffThe White Home stated it.\nThe White Home again.\n".encode("utf-8")),
    ("cp932", "The White Home stated it, \u65e5\u672c.\n".encode("cp932")),
])
def test_diff_applies_to_the_file_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str,
                                           data: bytes) -> None:
    """The diff of a file read as utf-8-sig holds its byte order mark in the first line,
    as the file does (patch failed the hunk), and applied, gives the repaired file."""
    monkeypatch.chdir(tmp_path)
    Path("x.txt").write_bytes(data)
    fixed = run("fix", "--encoding", encoding, "x.txt").stdout_bytes
    diff = run("fix", "--diff", "--encoding", encoding, "x.txt")
    assert diff.exit_code == 0, diff.output
    applied = subprocess.run(["patch", "-p1", "--quiet"], input=diff.stdout_bytes, capture_output=True, timeout=60)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert Path("x.txt").read_bytes() == fixed != data


# (label, encoding, file bytes, the error): what fix refuses, --diff refuses (it wrote a diff that did not apply)
DIFFS_REFUSED = [
    ("not-written-back", "cp932", b"The White Home stated it. \x87\x90\n",
     "x.txt: at byte 26, cp932 reads 87 90 0a as text but would not write it back as it was"),
    ("utf-7", "utf-7", "The White Home said + more.\n".encode("utf-7"),
     "x.txt: no diff in utf-7, which writes the characters of a diff's marks"),
    ("ebcdic", "cp500", "The White Home said.\n".encode("cp500"), "x.txt: no diff in cp500"),
    ("header-once", "iso2022_kr", "\ud55c\uad6d\n\n\n\n\nThe White Home said.\n".encode("iso2022_kr"),
     "x.txt: no diff in iso2022_kr, which writes a header once"),
]


@pytest.mark.parametrize(("encoding", "data", "error"), [c[1:] for c in DIFFS_REFUSED], ids=[c[0] for c in DIFFS_REFUSED])
def test_diff_that_could_not_apply_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str,
                                              data: bytes, error: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.txt").write_bytes(data)
    result = run("fix", "--diff", "--encoding", encoding, "x.txt")
    assert (result.exit_code, result.stdout_bytes) == (2, b"")
    assert error_line(result).startswith(f"fixer: error: {error}")


def test_scan_counts_lines_ending_in_cr(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"Intro\rThe White Home stated it.\r\nEnd\rWhite Home\n")
    result = run("scan", str(tmp_path / "x.txt"))
    assert [line.split(": '")[0].rsplit(":", 2)[1:] for line in result.stdout.splitlines()[:2]] == [["2", "5"], ["4", "1"]]


def test_utf16_text_is_repaired_not_refused_as_binary(tmp_path: Path) -> None:
    """With a byte order mark, without --encoding too; without one, refused with a hint."""
    (tmp_path / "x.txt").write_bytes(SPUN.encode("utf-16"))
    for options in (["--encoding", "utf-16"], []):
        result = run("fix", *options, str(tmp_path / "x.txt"))
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == FIXED.encode("utf-16")
    (tmp_path / "x.txt").write_bytes(SPUN.encode("utf-16-le"))
    assert "binary" in error_line(run("fix", str(tmp_path / "x.txt")))


def test_eval_of_an_empty_spun_file(tmp_path: Path) -> None:
    (tmp_path / "spun.txt").write_text("", encoding="utf-8")
    (tmp_path / "original.txt").write_text(FIXED, encoding="utf-8")
    result = run("eval", str(tmp_path / "spun.txt"), str(tmp_path / "original.txt"))
    assert result.exit_code == 0, result.output
    assert "misses" in result.stdout


def test_a_streamed_file_is_one_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file streamed in several segments counts as one (spun) document."""
    import fixer.batch
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text((SPUN + "\n") * 50_000, encoding="utf-8")  # about 2.5 MB: three segments
    result = run("fix", "-o", str(tmp_path / "out"), str(path))
    assert result.exit_code == 0, result.output
    assert "fixer: 1 document, 150000 repairs, 1 spun, 0 errors" in result.stderr


def test_an_unhandled_file_error_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError about a file that no command turned into a message is still one line
    naming that file, not a complaint about standard output."""
    import fixer.cli.glossary

    def fail(*_: object) -> None:
        raise FileNotFoundError(2, "No such file or directory", "gone.yaml")

    monkeypatch.setattr(fixer.cli.glossary, "glossary_stats", fail)
    result = run("glossary", "stats")
    assert error_line(result) == "fixer: error: gone.yaml: No such file or directory"


def test_a_walk_leaves_hidden_files_and_folders_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A -r walk leaves out hidden files and folders unless the pattern names them: in a
    checkout it read every object of .git (1,500 error lines) and -i rewrote the text
    files there that held a spun phrase."""
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"d/.git/description": SPUN, "d/.hidden.txt": SPUN, "d/a.txt": SPUN})
    assert run("fix", "-q", "-r", "-i", "d").exit_code == 0
    assert [(tmp_path / name).read_text(encoding="utf-8") for name in ("d/a.txt", "d/.hidden.txt", "d/.git/description")
            ] == [FIXED, SPUN, SPUN]
    assert run("fix", "-q", "-r", "-i", "--glob", ".*", "d").exit_code == 0
    assert [(tmp_path / name).read_text(encoding="utf-8") for name in ("d/.hidden.txt", "d/.git/description")
            ] == [FIXED, SPUN]


NAMED_WITH_A_LINE_BREAK = [
    ("missing input", lambda d: ["fix", str(d / "no\nsuch.txt")], "no\\nsuch.txt: no such file"),
    ("binary input", lambda d: ["fix", str(d / "bin\nary.txt")], "bin\\nary.txt: looks like a binary file"),
    ("missing glossary", lambda d: ["fix", "-g", str(d / "no\ng.yaml"), str(d / "ok.txt")],
     "no\\ng.yaml: cannot read glossary"),
    ("glossary error", lambda d: ["glossary", "check", "--no-default", str(d / "bad\ng.yaml")],
     "bad\\ng.yaml:3: original '-' would erase the phrase"),
]


@pytest.mark.parametrize(("make_args", "message"), [c[1:] for c in NAMED_WITH_A_LINE_BREAK],
                         ids=[c[0] for c in NAMED_WITH_A_LINE_BREAK])
def test_an_error_naming_a_file_with_a_line_break_is_one_line(tmp_path: Path, make_args: Any, message: str) -> None:
    """A file's name with a line break in it is written with an escape in an error
    message, which stays one line (it was split in two)."""
    (tmp_path / "bin\nary.txt").write_bytes(b"The White Home\x00\x01 stated.\n")
    (tmp_path / "ok.txt").write_text("The White Home stated.\n", encoding="utf-8")
    (tmp_path / "bad\ng.yaml").write_text('version: 1\nentries:\n  - {spun: Quxx Corge, original: "-"}\n',
                                          encoding="utf-8")
    result = run(*make_args(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
