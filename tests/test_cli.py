"""The ``fixer`` command through click's CliRunner, plus one real run of the installed
entry point on the seed article."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
from collections import Counter
from pathlib import Path

import click
import pytest
from cli_runner import run

from fixer import load_glossary
from fixer.cli import main

REPO = Path(__file__).resolve().parent.parent
GLOSSARIES = REPO / "tests" / "glossaries"
SEED = next((REPO / "seeds").glob("*.spun.txt"))
SPUN = "Tuesday.\r\nThe White Home stated the battle goes on. Fact Social agreed.\r\n"
SPUN_FIXED = "Tuesday.\r\nThe White House said the war goes on. Truth Social agreed.\r\n"
CLEAN = "The White House said the war goes on.\n"
DOCUMENT_KEYS = {"schema", "file", "spin_score", "is_spun", "words", "repairs"}
REPAIR_KEYS = {"start", "end", "spun", "replacement", "entry", "source", "kind", "method", "score",
               "condition", "auto", "note", "line", "column"}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with a spun and a clean file, as the current directory."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spun.txt").write_bytes(SPUN.encode())
    (tmp_path / "clean.txt").write_bytes(CLEAN.encode())
    return tmp_path


def test_fix_to_stdout(workdir: Path) -> None:
    """The repaired text on stdout, byte for byte (CRLF kept); nothing on stderr."""
    result = run(["fix", "spun.txt"])
    assert (result.exit_code, result.stdout_bytes, result.stderr) == (0, SPUN_FIXED.encode(), "")


@pytest.mark.parametrize("args", [["fix", "-"], ["fix"]], ids=["dash", "no-argument"])
def test_fix_stdin(args: list[str]) -> None:
    """"-" or no file reads standard input."""
    result = run(args, input=b"\xef\xbb\xbfthe White Home\n")
    assert (result.exit_code, result.stdout_bytes) == (0, b"\xef\xbb\xbfthe White House\n")


def test_in_place_keeps_permissions(workdir: Path) -> None:
    """--in-place replaces the file by a rename (a new inode), keeps its mode and leaves
    no temporary file; an unchanged file is not rewritten."""
    target, clean = workdir / "spun.txt", workdir / "clean.txt"
    target.chmod(0o640)
    before, clean_before = target.stat().st_ino, clean.stat()
    result = run(["fix", "--in-place", "spun.txt", "clean.txt"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b""
    assert target.read_bytes() == SPUN_FIXED.encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_ino != before
    assert (clean.stat().st_ino, clean.stat().st_mtime_ns) == (clean_before.st_ino, clean_before.st_mtime_ns)
    assert sorted(p.name for p in workdir.iterdir()) == ["clean.txt", "spun.txt"]


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="needs extended attributes")
def test_in_place_keeps_extended_attributes_and_access_lists(workdir: Path) -> None:
    """--in-place keeps the file's extended attributes, its POSIX access control list
    among them (they were dropped: another user's access to the file was revoked)."""
    target = workdir / "spun.txt"
    # version 2; entries (tag, permissions, id): the owner rw, user 65534 rw, the group r, mask rw, others r
    acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, uid) for tag, perm, uid in (
        (0x01, 6, 0xFFFFFFFF), (0x02, 6, 65534), (0x04, 4, 0xFFFFFFFF), (0x10, 6, 0xFFFFFFFF), (0x20, 4, 0xFFFFFFFF)))
    try:
        os.setxattr(target, "user.origin", b"crawl 7")
        os.setxattr(target, "system.posix_acl_access", acl)
    except OSError as exc:
        pytest.skip(f"the file system takes no such attributes: {exc}")
    result = run(["fix", "--in-place", "spun.txt"])
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == SPUN_FIXED.encode()
    assert os.getxattr(target, "user.origin") == b"crawl 7"
    assert os.getxattr(target, "system.posix_acl_access") == acl


def test_in_place_refuses_stdin() -> None:
    """--in-place needs files."""
    result = run(["fix", "--in-place", "-"], input=b"the White Home")
    assert result.exit_code == 2 and "standard input" in result.stderr


def test_output_dir_mirrors_names(workdir: Path) -> None:
    """--output-dir writes each file under its own name (the tree with -r) and leaves
    the inputs alone."""
    (workdir / "src" / "sub").mkdir(parents=True)
    (workdir / "src" / "sub" / "deep.txt").write_bytes(SPUN.encode())
    result = run(["fix", "-o", "out", "spun.txt", "clean.txt"])
    assert result.exit_code == 0, result.stderr
    assert (workdir / "out" / "spun.txt").read_bytes() == SPUN_FIXED.encode()
    assert (workdir / "out" / "clean.txt").read_bytes() == CLEAN.encode()
    assert (workdir / "spun.txt").read_bytes() == SPUN.encode()
    result = run(["fix", "-r", "-o", "tree", "src"])
    assert result.exit_code == 0, result.stderr
    assert (workdir / "tree" / "sub" / "deep.txt").read_bytes() == SPUN_FIXED.encode()


def test_output_dir_refuses_to_overwrite_input(workdir: Path) -> None:
    """An output directory that is the input's own directory (named differently) is refused."""
    result = run(["fix", "-o", str(workdir), "spun.txt"])
    assert result.exit_code == 2
    assert "fixer: error: spun.txt: output would overwrite the input" in result.stderr
    assert (workdir / "spun.txt").read_bytes() == SPUN.encode()


@pytest.mark.parametrize("args", [["-o", ".", "spun.txt"], ["-o", "sub", "sub/spun.txt"]], ids=["dot", "subdir"])
def test_output_dir_same_path_string_is_refused(workdir: Path, args: list[str]) -> None:
    """When the output path is spelt exactly like the input path, the input must still
    not be overwritten."""
    (workdir / "sub").mkdir()
    (workdir / "sub" / "spun.txt").write_bytes(SPUN.encode())
    result = run(["fix", *args])
    assert result.exit_code == 2
    assert (workdir / args[-1]).read_bytes() == SPUN.encode()


def test_output_dir_new_file_mode(workdir: Path) -> None:
    """A new output file is created with the usual mode (0666 minus the umask)."""
    umask = os.umask(0o022)
    try:
        assert run(["fix", "-o", "out", "spun.txt"]).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((workdir / "out" / "spun.txt").stat().st_mode) == 0o644


def test_diff(workdir: Path) -> None:
    """--diff prints a unified diff per changed file, nothing for a clean one."""
    result = run(["fix", "--diff", "spun.txt", "clean.txt"])
    assert result.exit_code == 0
    out = result.stdout_bytes.decode()
    assert out.startswith("--- a/spun.txt\n+++ b/spun.txt\n@@ ")
    assert "-The White Home stated the battle goes on. Fact Social agreed.\r\n" in out
    assert "+The White House said the war goes on. Truth Social agreed.\r\n" in out
    assert "clean.txt" not in out


def test_json_schema(workdir: Path) -> None:
    """--json: one object per document with the documented keys; offsets are code points
    into the input and line/column are 1-based."""
    text = "İ café\n— the White Home said\n"
    Path("uni.txt").write_text(text, encoding="utf-8")
    result = run(["fix", "--json", "uni.txt", "clean.txt"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == ["uni.txt", "clean.txt"]
    assert all(set(r) == DOCUMENT_KEYS and r["schema"] == 1 for r in records)
    (repair,) = records[0]["repairs"]
    assert set(repair) == REPAIR_KEYS
    assert text[repair["start"]:repair["end"]] == repair["spun"] == "White Home"
    assert (repair["line"], repair["column"], repair["replacement"]) == (2, 7, "White House")
    assert re.search(r"\.yaml:\d+$", repair["source"]) and repair["method"] == "exact" and repair["auto"] is True
    assert records[1]["repairs"] == [] and records[1]["is_spun"] is False


def test_explain_on_stderr(workdir: Path) -> None:
    """--explain leaves stdout as the repaired text and names entry file:line on stderr."""
    result = run(["fix", "--explain", "spun.txt"])
    assert result.stdout_bytes == SPUN_FIXED.encode()
    assert re.search(r"entry 'Fact Social -> Truth Social' at \S+\.yaml:\d+; no condition", result.stderr)
    # a gated entry says that the spin gate allowed it too
    assert re.search(r"entry 'battle -> war' at \S+\.yaml:\d+; when the document is judged spun; not_prev=",
                     result.stderr)


@pytest.mark.parametrize(("args", "advice"), [
    (["fix", "spun.txt", "clean.txt"], "several inputs: use --in-place, --output-dir, --diff or --json"),
    # --diff and --json are for text and HTML: not offered for records
    (["fix", "--jsonl", "a.jsonl", "b.jsonl"], "several inputs: use --in-place or --output-dir ("),
], ids=["text", "jsonl"])
def test_several_files_need_a_mode(workdir: Path, args: list[str], advice: str) -> None:
    """Two inputs and stdout output would be ambiguous: a usage error that says what to use."""
    for name in ("a.jsonl", "b.jsonl"):
        (workdir / name).write_text('{"text": "x"}\n', encoding="utf-8")
    result = run(args)
    assert result.exit_code == 2
    assert advice in result.stderr and result.stdout == ""


@pytest.mark.parametrize(("args", "warnings"), [
    (["fix", "-r", "--glob", "*.nomatch", "-o", "out", "."], [".: no file in it matches '*.nomatch'"]),
    (["scan", "-r", "empty", "spun.txt"], ["empty: no file in it matches '*'"]),
    (["scan", "-r", "--glob", "*.txt", "empty", "."], ["empty: no file in it matches '*.txt'"]),
], ids=["no-match", "empty-directory", "one-of-two"])
def test_walk_without_files_warns(workdir: Path, args: list[str], warnings: list[str]) -> None:
    """A directory whose walk finds no file is named, with the pattern, in a warning on
    stderr; the other inputs are still read, and the run exits 0."""
    (workdir / "empty").mkdir()
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("fixer: warning:")] == [
        f"fixer: warning: {w}" for w in warnings]


def test_scan_text_lines(workdir: Path) -> None:
    """file:line:col: per repair, then the spin score line per document."""
    result = run(["scan", "spun.txt", "clean.txt"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("spun.txt:2:5: 'White Home' -> 'White House' [name, exact]")
    assert lines[1].startswith("spun.txt:2:16: 'stated' -> 'said' [word, exact]")
    assert any(line.startswith("spun.txt:2:43: 'Fact Social' -> 'Truth Social'") for line in lines)
    assert re.fullmatch(r"spun\.txt: spin score [\d.]+ \(2 unambiguous .*: spun\); 4 repairs", lines[4])
    assert re.fullmatch(r"clean\.txt: spin score 0\.0 .*not spun\); 0 repairs", lines[5])


@pytest.mark.parametrize("gap", ["\r\n", "\n   ", "\u00a0"], ids=["crlf", "indented", "no-break-space"])
def test_scan_line_shows_whitespace_as_one_space(gap: str) -> None:
    """A phrase wrapped across lines (or spaced otherwise) is shown on its scan line with
    one space between words, on both sides of the arrow."""
    result = run(["scan", "-"], input=f"The White{gap}Home stated.\n".encode())
    assert result.stdout.splitlines()[0] == "<stdin>:1:5: 'White Home' -> 'White House' [name, exact]"


# (label, arguments, where: stdout, stderr or a file written, the line expected there)
SINGULAR_COUNTS = [
    ("scan", ["scan", "one.txt"], "stdout",
     "one.txt: spin score 10.0 (1 unambiguous spun phrase in 3 words: not spun); 1 repair"),
    ("summary", ["fix", "-o", "out", "one.txt"], "stderr", "fixer: 1 document, 1 repair, 0 spun, 0 errors"),
    ("summary-error", ["fix", "-o", "out", "one.txt", "nope.txt"], "stderr", "fixer: 1 document, 1 repair, 0 spun, 1 error"),
    ("summary-bad-line", ["fix", "--jsonl", "--skip-bad", "-o", "out", "one.jsonl"], "stderr",
     "fixer: 1 document, 1 repair, 0 spun, 0 errors, 1 bad line passed through"),
    ("glossary-check", ["glossary", "check", "one.yaml"], "stdout", "one.yaml: ok (1 entry)"),
    ("learn", ["learn", "one.txt", "original.txt", "-o", "learned.yaml"], "stdout",
     "learned from one.txt / original.txt: 1 document, 1 changed phrase"),
    ("learned-header", ["learn", "one.txt", "original.txt", "-o", "learned.yaml"], "learned.yaml",
     "# 1 entry (0 safe, 1 gated), ranked by evidence; 0 candidates left out, 0 conflicts resolved."),
    ("learned-source", ["learn", "one.txt", "original.txt", "-o", "learned.yaml"], "learned.yaml",
     "  source: 'learned: 1 occurrence in one.txt / original.txt'"),
    ("eval-mismatch", ["eval", "spun", "originals"], "stderr",
     "fixer: error: 1 file only on the spun side, spun (a.txt); 1 file only on the original side, originals (b.txt)"),
]


@pytest.mark.parametrize(("args", "where", "line"), [pytest.param(*case[1:], id=case[0]) for case in SINGULAR_COUNTS])
def test_a_count_of_one_takes_the_singular(workdir: Path, args: list[str], where: str, line: str) -> None:
    """Messages say "1 document", "1 entry", "1 file", not "1 documents"."""
    (workdir / "one.txt").write_text("The energy crops\n", encoding="utf-8")
    (workdir / "original.txt").write_text("The power plants\n", encoding="utf-8")
    (workdir / "one.jsonl").write_text('{"text": "The energy crops"}\n{"text": \n', encoding="utf-8")
    (workdir / "one.yaml").write_text("version: 1\nentries:\n  - {spun: sword, original: war}\n", encoding="utf-8")
    for name, side in (("a.txt", "spun"), ("b.txt", "originals")):
        (workdir / side).mkdir()
        (workdir / side / name).write_text("text\n", encoding="utf-8")
    result = run(args)
    shown = {"stdout": result.stdout, "stderr": result.stderr}.get(where) or (workdir / where).read_text(encoding="utf-8")
    assert line in shown.splitlines(), shown


def test_scan_help_says_how_a_short_text_scores() -> None:
    """scan --help says that a document under 100 words counts as 100 words, with an
    example that holds."""
    help_text = " ".join(run(["scan", "--help"]).stdout.split())
    assert 'a document under 100 words counted as 100 words ("The energy crops" scores 10, not 333)' in help_text
    assert "<stdin>: spin score 10.0 (" in run(["scan", "-"], input=b"The energy crops\n").stdout


def test_scan_json(workdir: Path) -> None:
    """scan --json: one object per document."""
    result = run(["scan", "--json", "spun.txt", "clean.txt"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["file"], r["is_spun"], len(r["repairs"])) for r in records] == [("spun.txt", True, 4), ("clean.txt", False, 0)]


@pytest.mark.parametrize(("files", "code"), [(["spun.txt"], 1), (["clean.txt"], 0), (["clean.txt", "spun.txt"], 1)])
def test_scan_check(workdir: Path, files: list[str], code: int) -> None:
    """--check exits 1 when a document is judged spun, 0 otherwise."""
    assert run(["scan", "--check", *files]).exit_code == code


SCAN_JSONL = ('{"id": 1, "text": "The White Home stated the battle goes on. Fact Social agreed.", "title": "x"}\n'
              '{"id": 2, "text": "Clean text."}\n'
              '{"id": 3, "paras": ["The White Home said.", "The energy crops and Fact Social."]}\n')


def test_scan_jsonl_lines(workdir: Path) -> None:
    """scan --jsonl: each --field of each record is a document, named by the record's line
    and the field (a string of a list by its index), with repairs and spin score as for text."""
    (workdir / "in.jsonl").write_text(SCAN_JSONL, encoding="utf-8")
    result = run(["scan", "--jsonl", "--field", "text", "--field", "paras", "in.jsonl"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "in.jsonl: line 1, field text:1:5: 'White Home' -> 'White House' [name, exact]"
    assert re.fullmatch(r"in\.jsonl: line 1, field text: spin score [\d.]+ \(2 .*: spun\); 4 repairs", lines[4])
    assert re.fullmatch(r"in\.jsonl: line 2, field text: spin score 0\.0 .*not spun\); 0 repairs", lines[5])
    assert lines[6] == "in.jsonl: line 3, field paras[0]:1:5: 'White Home' -> 'White House' [name, exact]"
    assert lines[8] == "in.jsonl: line 3, field paras[1]:1:22: 'Fact Social' -> 'Truth Social' [name, exact]"
    assert re.fullmatch(r"in\.jsonl: line 3, field paras: spin score [\d.]+ .*: spun\); 3 repairs", lines[9])
    assert len(lines) == 10
    assert run(["scan", "--jsonl", "--field", "text", "--field", "paras", "--jobs", "2", "in.jsonl"]).stdout == result.stdout


def test_scan_jsonl_json(workdir: Path) -> None:
    """scan --jsonl --json: one object per field of a record, with its line and field; a
    repair in a list field says which string of the list it is in."""
    (workdir / "in.jsonl").write_text(SCAN_JSONL, encoding="utf-8")
    result = run(["scan", "--jsonl", "--json", "--field", "paras", "--field", "text", "in.jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["record_line"], r["field"], r["is_spun"], len(r["repairs"])) for r in records] == [
        (1, "text", True, 4), (2, "text", False, 0), (3, "paras", True, 3)]
    assert set(records[0]) == DOCUMENT_KEYS | {"record_line", "field"}
    assert set(records[0]["repairs"][0]) == REPAIR_KEYS
    assert [(r["index"], r["column"], r["spun"]) for r in records[2]["repairs"]] == [
        (0, 5, "White Home"), (1, 5, "energy crops"), (1, 22, "Fact Social")]


def test_scan_jsonl_list_field_after_a_pointer_into_it(workdir: Path) -> None:
    """A list field named after a pointer to one of its strings is scanned for its other
    strings, each named by its own index in the list (text[1], not text[0])."""
    (workdir / "in.jsonl").write_text('{"text": ["The White Home", "Oval Workplace"]}\n', encoding="utf-8")
    args = ["scan", "--jsonl", "--field", "/text/0", "--field", "text", "in.jsonl"]
    records = [json.loads(line) for line in run([*args[:2], "--json", *args[2:]]).stdout.splitlines()]
    assert [(r["field"], [(x.get("index"), x["spun"]) for x in r["repairs"]]) for r in records] == [
        ("/text/0", [(None, "White Home")]), ("text", [(1, "Oval Workplace")])]
    assert "in.jsonl: line 1, field text[1]:1:1: 'Oval Workplace' -> 'Oval Office'" in run(args).stdout


def test_scan_jsonl_bad_lines_and_check(workdir: Path) -> None:
    """A bad line stops scan --jsonl with its line number (exit 2), or with --skip-bad is
    left out with a warning; --check exits 1 when a record's field is judged spun."""
    (workdir / "in.jsonl").write_text('{"text": "Clean text."}\n{oops\n' + SCAN_JSONL, encoding="utf-8")
    stopped = run(["scan", "--jsonl", "in.jsonl"])
    assert stopped.exit_code == 2
    assert stopped.stderr.splitlines()[-1] == "fixer: error: in.jsonl: line 2: invalid JSON (Expecting property name enclosed in double quotes at column 2)"
    assert stopped.stdout.count("spin score") == 1
    skipped = run(["scan", "--jsonl", "--skip-bad", "--check", "in.jsonl"])
    assert skipped.exit_code == 1
    assert "fixer: warning: in.jsonl: line 2: invalid JSON (Expecting property name enclosed in double quotes " \
           "at column 2) (left out)" in skipped.stderr.splitlines()
    assert "in.jsonl: line 3, field text: spin score" in skipped.stdout
    (workdir / "clean.jsonl").write_text('{"text": "Clean text."}\n', encoding="utf-8")
    assert run(["scan", "--jsonl", "--check", "clean.jsonl"]).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["scan", "--field", "text", "spun.txt"], "--field and --skip-bad need --jsonl"),
    (["scan", "--skip-bad", "spun.txt"], "--field and --skip-bad need --jsonl"),
    (["scan", "--jsonl", "--html", "spun.txt"], "--html and --jsonl exclude each other"),
    (["scan", "--jsonl", "--field", "/a~2", "spun.txt"], "--field"),
])
def test_scan_jsonl_usage_errors(workdir: Path, args: list[str], message: str) -> None:
    result = run(args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_glossary_check(workdir: Path) -> None:
    """glossary check: "ok" with the entry count, or exit 2 naming file and line."""
    good = GLOSSARIES / "synthetic.yaml"
    count = good.read_text(encoding="utf-8").count("- {spun:")
    result = run(["glossary", "check", str(good)])
    assert (result.exit_code, result.stdout) == (0, f"{good}: ok ({count} entries)\n")
    Path("bad.yaml").write_text("version: 1\nentries:\n  - {spun: sword, original: war}\n  - {spun: sword, original: blade}\n")
    result = run(["glossary", "check", "bad.yaml"])
    assert result.exit_code == 2
    assert result.stderr.startswith("fixer: error: bad.yaml:4: spun form 'sword' already maps to 'war'")
    # sound alone, but a chain with the default glossary under it: no "ok" line at all
    Path("layer.yaml").write_text("version: 1\nentries:\n  - {spun: foo bar, original: the White Home office}\n")
    result = run(["glossary", "check", "layer.yaml"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "layer.yaml:3: original 'the White Home office' contains spun form 'White Home'" in result.stderr
    # ... which is none without the default glossary under it
    assert run(["glossary", "check", "--no-default", "layer.yaml"]).stdout == "layer.yaml: ok (1 entry)\n"


def test_glossary_check_no_default_runs_examples_as_fix_no_default_does(workdir: Path) -> None:
    """An example written for a glossary used with --no-default comes out as written
    there; checked with the default glossary under it, the default's repairs spoil it."""
    Path("mine.yaml").write_text("version: 1\nentries:\n  - {spun: cobalt wagon, original: blue car, examples: "
                                 "[{spun: 'The White Home has a cobalt wagon.', original: 'The White Home has a blue car.'}]}\n",
                                 encoding="utf-8")
    assert run(["fix", "--no-default", "-g", "mine.yaml", "-"], input=b"The White Home has a cobalt wagon.").stdout \
        == "The White Home has a blue car."
    assert run(["glossary", "check", "--no-default", "mine.yaml"]).stdout == "mine.yaml: ok (1 entry)\n"
    under_default = run(["glossary", "check", "mine.yaml"])
    assert under_default.exit_code == 1 and "came out 'The White House has a blue car.'" in under_default.stdout


@pytest.mark.parametrize("names, default_reads, file_reads", [(["a.yaml"], 1, 2), (["a.yaml", "b.yaml"], 3, 3)])
def test_glossary_check_reads_each_layering_once(workdir: Path, monkeypatch: pytest.MonkeyPatch, names: list[str],
                                                 default_reads: int, file_reads: int) -> None:
    """With the compile cache off, `glossary check` reads each FILE alone once, and the
    default glossary once under each FILE, plus once under all of them when there are
    several: one file alone layered twice the same way was read and compiled twice."""
    import fixer.cli.glossary as cli_glossary
    import fixer.glossary as glossary_module
    monkeypatch.setenv("FIXER_NO_CACHE", "1")
    for name in names:
        Path(name).write_text(f"version: 1\nentries:\n  - {{spun: {name[0]} zorkle, original: {name[0]} sky}}\n")
    reads: Counter[str] = Counter()
    real = glossary_module.load_glossary

    def counted(path: str | os.PathLike[str], overrides: list[str] | None = None) -> object:
        reads[Path(path).name] += 1
        return real(path, overrides)

    monkeypatch.setattr(glossary_module, "load_glossary", counted)
    monkeypatch.setattr(cli_glossary, "load_glossary", counted)
    result = run(["glossary", "check", *names])
    assert (result.exit_code, result.stdout) == (0, "".join(f"{name}: ok (1 entry)\n" for name in names))
    assert reads["glossary.yaml"] == default_reads
    assert [reads[name] for name in names] == [file_reads] * len(names)


def test_glossary_stats() -> None:
    """glossary stats counts the entries of the glossaries asked for."""
    path = GLOSSARIES / "synthetic.yaml"
    result = run(["glossary", "stats", "--no-default", "-g", str(path), "--json"])
    stats = json.loads(result.stdout)
    assert stats["entries"] == path.read_text(encoding="utf-8").count("- {spun:")
    assert stats["files"] == [str(path)]
    assert stats["by_safety"] == dict(Counter(e.safety for e in load_glossary(path).entries))
    text = run(["glossary", "stats", "--no-default", "-g", str(path)]).stdout
    assert f"entries: {stats['entries']}\n" in text


def test_glossary_show() -> None:
    """glossary show says which entry fires, alone and in a spun document."""
    lines = run(["glossary", "show", "the White Home stated"]).stdout.splitlines()
    assert any(line.startswith("alone: 'White Home' -> 'White House' by entry") for line in lines)
    assert any(line.startswith("in a spun document: 'stated' -> 'said'") for line in lines)
    assert not any(line.startswith("alone: 'stated'") for line in lines)
    # nothing fires: the entries that have the spun form all the same, and what they ask for
    lines = run(["glossary", "show", "a white home"]).stdout.splitlines()
    assert lines[0] == "alone: nothing fires"
    assert re.fullmatch(r"  entry 'White Home -> White House' at \S+news\.yaml:\d+ has the spun form 'White Home' "
                        r"\(name, safe; only with the capitals of its form\)", lines[1]), lines[1]


@pytest.mark.parametrize("option, reason", [
    (["--disable", "white home"], "turned off by --disable"),
    (["--protect", "Home"], "overlaps --protect 'Home'"),
])
def test_glossary_show_names_the_option_that_stops_an_entry(option: list[str], reason: str) -> None:
    """An entry turned off by --disable, or a form overlapping a --protect phrase, is
    explained by that option, not by the entry's other rules."""
    lines = run(["glossary", "show", *option, "the White Home stated"]).stdout.splitlines()
    assert lines[0] == "alone: nothing fires"
    assert re.fullmatch(r"  entry 'White Home -> White House' at \S+news\.yaml:\d+ has the spun form 'White Home' "
                        rf"\(name, safe; {re.escape(reason)}\)", lines[1]), lines[1]


@pytest.mark.parametrize("phrase, form, why", [
    ("(white home)", "White Home", "name, safe; only with the capitals of its form"),
    ("He stated.", "stated", "word, gated"),
    # its capitals are there: the case rule was named all the same
    ("Trump Meets Putin at White Home", "White Home", "name, safe; left alone here by the text around it "
     "(a heading in Title Case, a compound, an address, a path, a handle or hashtag)"),
    ("see #White Home today", "White Home", "name, safe; left alone here by the text around it "
     "(a heading in Title Case, a compound, an address, a path, a handle or hashtag)"),
])
def test_glossary_show_finds_forms_next_to_punctuation(phrase: str, form: str, why: str) -> None:
    """When nothing fires, the entries with a spun form in the phrase are listed even where
    the form touches punctuation, as in a sentence."""
    lines = run(["glossary", "show", phrase]).stdout.splitlines()
    assert lines[0] == "alone: nothing fires"
    assert any(re.fullmatch(rf"  entry .* has the spun form '{form}' \({re.escape(why)}(, when .*)?\)", line)
               for line in lines[1:]), lines


@pytest.mark.parametrize("phrase, entries, reason", [
    # two entries of one form, by context: the one whose condition fails was said to overlap the other's repair
    ("a bright lamp burns", "  - {spun: bright lamp, original: shining light, when: {prev: [the]}}\n"
                            "  - {spun: bright lamp, original: brilliant torch, when: {next: [burns]}}\n",
     "phrase, safe, when prev=the; its condition does not hold here"),
    # a plural that an entry with inflect: false never matches: the entry was not named
    ("two green widgets", "  - {spun: green widget, original: yellow widget, inflect: false}\n",
     "phrase, safe; inflect: false, so never its singular or plural"),
])
def test_glossary_show_names_the_entrys_own_reason(tmp_path: Path, phrase: str, entries: str, reason: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("version: 1\nentries:\n" + entries, encoding="utf-8")
    lines = run(["glossary", "show", "--no-default", "-g", str(path), phrase]).stdout.splitlines()
    assert any(line.startswith("  entry ") and line.endswith(f"({reason})") for line in lines), lines


def test_glossary_show_names_a_label_that_stops_a_form_starting_with_a() -> None:
    """A form starting with the article "a" is not matched on the capital "A" of a label
    ("Group A"): glossary show gives the reason the matcher has, not another one."""
    lines = run(["glossary", "show", "the Group A whole lot of hundreds"]).stdout.splitlines()
    assert lines[0] == "alone: nothing fires"
    assert re.fullmatch(r"  entry 'a whole lot of hundreds -> hundreds of thousands' at \S+news\.yaml:\d+ has the "
                        r"spun form 'a whole lot of hundreds' \(phrase, safe, when not_next=and; not where a capital "
                        r"'A' is a label \('Type A'\)\)", lines[1]), lines[1]


def test_glossary_show_says_why_a_repair_is_only_reported() -> None:
    """A repair left out because it would make a spun form with its neighbours is shown
    with that reason, as scan --json gives it in 'note'."""
    lines = run(["glossary", "show", "the knowledge coronary ailment"]).stdout.splitlines()
    assert lines[0].startswith("alone: 'coronary ailment' -> 'heart disease' by entry")
    assert lines[0].endswith("; report only: with the words next to it, it would read as spun 'knowledge heart')"), lines[0]


_SHOW_GLOSSARY = """version: 1
entries:
  - {spun: big lamp post, original: tall light pole}
  - {spun: lamp post, original: light pole}
  - {spun: sword, original: war, safety: safe, when: {prev: [the]}}
  - {spun: cobalt wagon, original: blue car, when: {not_prev: [a]}}
"""


@pytest.mark.parametrize("phrase, options, first, listed", [
    # another entry fires in the phrase: the one that does not is listed all the same
    ("the sword and a cobalt wagon", [], "alone: 'sword' -> 'war'",
     "entry 'cobalt wagon -> blue car' at g.yaml:6 has the spun form 'cobalt wagon' (phrase, safe, when not_prev=a)"),
    # a longer match keeps its place: the shorter form is listed with that reason, not another
    ("a big lamp post", [], "alone: 'big lamp post' -> 'tall light pole'",
     ("entry 'lamp post -> light pole' at g.yaml:4 has the spun form 'lamp post' (phrase, safe; "
      "overlaps the repair of 'big lamp post')")),
    # the plural of a form, which the entry matches too
    ("a cobalt wagons", [], "alone: nothing fires",
     "entry 'cobalt wagon -> blue car' at g.yaml:6 has the spun form 'cobalt wagons' (phrase, safe, when not_prev=a)"),
    ("some lamp posts", ["--disable", "lamp post"], "alone: nothing fires",
     "entry 'lamp post -> light pole' at g.yaml:4 has the spun form 'lamp posts' (phrase, safe; turned off by --disable)"),
])
def test_glossary_show_lists_the_entries_that_do_not_fire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, phrase: str,
                                                          options: list[str], first: str, listed: str) -> None:
    """glossary show lists an entry with a spun form in the phrase that does not fire
    there also when another entry fires, and finds the singular or plural of a form."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_text(_SHOW_GLOSSARY, encoding="utf-8")
    lines = run(["glossary", "show", "--no-default", "-g", "g.yaml", *options, phrase]).stdout.splitlines()
    assert lines[0].startswith(first), lines
    assert f"  {listed}" in lines, lines


def _groups(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The command path of *group* and of every group of subcommands under it."""
    return [path] + [p for name, command in sorted(group.commands.items()) if isinstance(command, click.Group)
                     for p in _groups(command, (*path, name))]


@pytest.mark.parametrize("path", _groups(main), ids=lambda path: " ".join(("fixer", *path)))
def test_group_without_subcommand_prints_its_help(path: tuple[str, ...]) -> None:
    """A group given no subcommand prints its own help, as `fixer` alone does, and no
    error line around it."""
    result, alone = run(list(path)), run([])
    assert (result.exit_code, result.stdout == "") == (alone.exit_code, alone.stdout == "")
    shown = result.stdout or result.stderr
    assert re.match(rf"Usage: \S+{re.escape(''.join(' ' + name for name in path))} \[OPTIONS\] COMMAND ", shown), shown
    assert "Commands:" in shown and "fixer: error" not in result.stderr


BAD_INPUTS = [
    ("missing-file", ["fix", "nope.txt"], "nope.txt: no such file"),
    ("directory", ["fix", "adir"], "adir: is a directory"),
    ("binary", ["fix", "binary.txt"], "binary.txt: looks like a binary file"),
    ("invalid-utf8", ["fix", "latin1.txt"], "latin1.txt: not valid utf-8 at byte 3"),
    ("unknown-encoding", ["fix", "--encoding", "no-such-codec", "spun.txt"],
     "Invalid value for '--encoding': unknown encoding 'no-such-codec'"),
    ("malformed-glossary", ["fix", "--no-default", "-g", "bad.yaml", "spun.txt"], "bad.yaml:3: unknown key 'orignal'"),
    ("missing-glossary", ["fix", "--no-default", "-g", "nope.yaml", "spun.txt"], "nope.yaml: cannot read glossary"),
    ("scan-missing-file", ["scan", "nope.txt"], "nope.txt: no such file"),
    ("scan-binary", ["scan", "binary.txt"], "binary.txt: looks like a binary file"),
    ("check-malformed-glossary", ["glossary", "check", "bad.yaml"], "bad.yaml:3: unknown key 'orignal'"),
    ("glob-without-recursive", ["fix", "--glob", "*.txt", "spun.txt"], "--glob needs --recursive"),
    ("scan-glob-without-recursive", ["scan", "--glob", "*", "adir"], "--glob needs --recursive"),
    # --spun makes every document spun: --check exited 1 even for an empty file
    ("scan-check-spun", ["scan", "--check", "--spun", "spun.txt"], "--spun treats every document as spun"),
    ("unknown-disable", ["fix", "--disable", "White Home", "--disable", "Whte Home", "spun.txt"],
     "Invalid value for --disable: disable 'Whte Home': no glossary entry has this spun form (or its singular or plural) or id"),
    ("scan-unknown-disable", ["scan", "--disable", "Whte Home", "spun.txt"], "Invalid value for --disable"),
    ("show-unknown-disable", ["glossary", "show", "--disable", "Whte Home", "White Home"], "Invalid value for --disable"),
    ("empty-protect", ["fix", "--protect", "", "spun.txt"],
     "Invalid value for '--protect': an empty or blank phrase protects nothing: ''"),
    ("scan-blank-protect", ["scan", "--protect", "White Home", "--protect", " ", "spun.txt"], "Invalid value for '--protect'"),
    ("show-blank-protect", ["glossary", "show", "--protect", "\t", "White Home"], "Invalid value for '--protect'"),
    ("show-empty-phrase", ["glossary", "show", ""], "Invalid value for PHRASE: give a phrase or a sentence"),
    ("show-blank-phrase", ["glossary", "show", " \n"], "Invalid value for PHRASE: give a phrase or a sentence"),
]


@pytest.mark.parametrize(("args", "message"), [pytest.param(a, m, id=i) for i, a, m in BAD_INPUTS])
def test_bad_input(workdir: Path, args: list[str], message: str) -> None:
    """Exit 2, nothing on stdout, one line "fixer: error: ..." on stderr, no traceback."""
    (workdir / "adir").mkdir()
    (workdir / "binary.txt").write_bytes(b"White Home\x00\x01\x02")
    (workdir / "latin1.txt").write_bytes("caf\xe9 White Home\n".encode("latin-1"))
    (workdir / "bad.yaml").write_text("version: 1\nentries:\n  - {spun: sword, orignal: war}\n")
    result = run(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"fixer: error: {message}"), result.stderr


def test_scan_json_line_and_column(workdir: Path) -> None:
    """scan --json: 1-based line and column as an editor shows them, a BOM taking none;
    "start" stays the offset in the decoded text, as Python's codec decodes it (the
    utf-8 codec keeps a byte order mark as U+FEFF, the utf-16 codec takes it off)."""
    cases = [("plain.txt", b"x\r\nThe White Home said", (2, 5, 7)),
             ("bom.txt", b"\xef\xbb\xbfThe White Home said", (1, 5, 5)),
             ("bom16.txt", "The White Home said".encode("utf-16"), (1, 5, 4))]
    for name, raw, expected in cases:
        Path(name).write_bytes(raw)
        (record,) = (json.loads(line) for line in run(["scan", "--json", name]).stdout.splitlines())
        (repair,) = record["repairs"]
        assert (repair["line"], repair["column"], repair["start"]) == expected, name


def test_scan_json_error_record(workdir: Path) -> None:
    """With --json a file that cannot be read gives an error record and exit 2."""
    result = run(["scan", "--json", "nope.txt", "spun.txt"])
    assert result.exit_code == 2
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"schema": 1, "file": "nope.txt", "error": "nope.txt: no such file"}
    assert second["file"] == "spun.txt" and second["is_spun"] is True


@pytest.mark.parametrize("command", ["scan", "fix"])
def test_json_records_come_in_the_order_of_the_inputs(workdir: Path, command: str) -> None:
    """A directory named without --recursive is reported where it was named (its error
    record came first, before the files named before it)."""
    (workdir / "folder").mkdir()
    result = run([command, "--json", "spun.txt", "folder", "nope.txt", "clean.txt", "folder", "spun.txt"])
    assert result.exit_code == 2
    files = [json.loads(line)["file"] for line in result.stdout.splitlines()]
    assert files == ["spun.txt", "folder", "nope.txt", "clean.txt", "folder", "spun.txt"]


@pytest.mark.parametrize("command", ["scan", "fix"])
def test_json_names_standard_input_alike_when_it_fails(workdir: Path, command: str) -> None:
    """Standard input is "<stdin>" in a --json record, whether it could be read or not
    (an error record named it "-")."""
    failed, read = (json.loads(run([command, "--json", "-"], input=data).stdout) for data in (b"bad \xff\n", b"White Home\n"))
    assert failed["file"] == read["file"] == "<stdin>"
    assert failed["error"].startswith("<stdin>: not valid utf-8")


@pytest.mark.parametrize(("command", "said"), [("fix", "pass bad lines through unchanged"), ("scan", "leave bad lines out")])
def test_skip_bad_help_says_what_the_command_does(command: str, said: str) -> None:
    """fix passes a bad JSON Lines line through; scan leaves it out (its help said fix's words)."""
    assert said in " ".join(run([command, "--help"]).stdout.split())


def test_surrogateescape_round_trip(workdir: Path) -> None:
    """--errors surrogateescape carries undecodable bytes through unchanged."""
    raw = b"\xff\xfe caf\xe9 the White Home \x80\r\n"
    Path("bytes.txt").write_bytes(raw)
    result = run(["fix", "--errors", "surrogateescape", "bytes.txt"])
    assert (result.exit_code, result.stdout_bytes) == (0, raw.replace(b"White Home", b"White House"))
    Path("clean-bytes.txt").write_bytes(b"\xc3\x28 \xa0\xa1 plain\n")
    assert run(["fix", "--errors", "surrogateescape", "clean-bytes.txt"]).stdout_bytes == b"\xc3\x28 \xa0\xa1 plain\n"


def test_encoding_latin1(workdir: Path) -> None:
    """--encoding latin-1 reads and writes Latin-1."""
    Path("latin1.txt").write_bytes("Caf\xe9: the White Home \xa3\n".encode("latin-1"))
    result = run(["fix", "--encoding", "latin-1", "latin1.txt"])
    assert (result.exit_code, result.stdout_bytes) == (0, "Caf\xe9: the White House \xa3\n".encode("latin-1"))


def _entry_points() -> list[list[str]]:
    commands = [[sys.executable, "-m", "fixer"]]
    script = shutil.which("fixer", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if script:
        commands.append([script])
    return commands


@pytest.mark.parametrize("command", _entry_points(), ids=lambda c: Path(c[-1]).name)
def test_installed_entry_point_on_seed(command: list[str], tmp_path: Path) -> None:
    """The real program, run from another directory, repairs the seed article the way
    the library does, and scan --check flags it."""
    from fixer import Fixer

    text = SEED.read_text(encoding="utf-8")
    done = subprocess.run([*command, "fix", str(SEED)], capture_output=True, cwd=tmp_path, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    out = done.stdout.decode("utf-8")
    assert out == Fixer.from_files().fix(text)
    assert "White House" in out and "White Home" not in out
    check = subprocess.run([*command, "scan", "--check", str(SEED)], capture_output=True, cwd=tmp_path, timeout=60)
    assert check.returncode == 1, check.stderr
