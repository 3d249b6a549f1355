"""``fixer eval`` and ``fixer learn`` through the command line: reports on the seed,
learning from hand-made pairs, and one-line errors for bad inputs."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from fixer import Fixer, load_glossary
from fixer.cli import main
from fixer.evaluate import clean_edits, evaluate
from fixer.pairs import read_pairs
from fixer.plural import counted

REPO = Path(__file__).resolve().parent.parent
SPUN = next((REPO / "seeds").glob("*.spun.txt"))
ORIGINAL = next((REPO / "seeds").glob("*.original.txt"))
LEARN_CASES = json.loads((REPO / "tests" / "cases" / "learn_cli.json").read_text(encoding="utf-8"))


def run(args: list[str], input: bytes | None = None) -> Result:
    """Invoke ``fixer ARGS``; an exception other than SystemExit fails the test."""
    result = CliRunner().invoke(main, args, input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def _pct(line: str, label: str) -> float:
    match = re.search(rf"{label} ([\d.]+)%", line)
    assert match, (label, line)
    return float(match.group(1))


def test_eval_seed_text() -> None:
    """The text report on the seed: WER before and after, precision and recall, with
    the README's figures (WER down, token precision and recall high)."""
    result = run(["eval", str(SPUN), str(ORIGINAL)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    wer = next(line for line in lines if line.startswith("WER before"))
    assert _pct(wer, "WER before") > 20 > 5 > _pct(wer, "after")
    precision = next(line for line in lines if "precision" in line)
    recall = next(line for line in lines if "recall" in line)
    assert _pct(precision, r"\(tokens") >= 99 and _pct(recall, r"\(tokens") >= 90


def test_eval_seed_json_matches_library() -> None:
    """--json has exactly the keys of EvalReport.to_dict(), with the library's values."""
    result = run(["eval", "--json", str(SPUN), str(ORIGINAL)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    report = evaluate(read_pairs(SPUN, ORIGINAL), Fixer.from_files().fix).to_dict()
    assert set(data) == set(report)
    assert data == json.loads(json.dumps(report))
    assert data["wer_after"] < data["wer_before"]


def test_eval_clean(tmp_path: Path) -> None:
    """--clean FILE adds the clean-text report (JSON key "clean", text section "clean text:")."""
    clean = tmp_path / "clean.txt"
    clean.write_text(ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    data = json.loads(run(["eval", "--json", str(SPUN), str(ORIGINAL), "--clean", str(clean)]).stdout)
    expected = clean_edits({str(clean): clean.read_text(encoding="utf-8")}, Fixer.from_files().fix).to_dict()
    assert set(data) == set(evaluate(read_pairs(SPUN, ORIGINAL), Fixer.from_files().fix).to_dict()) | {"clean"}
    assert data["clean"] == json.loads(json.dumps(expected))
    assert data["clean"]["edits"] == 0
    text = run(["eval", str(SPUN), str(ORIGINAL), "--clean", str(clean)])
    assert text.exit_code == 0
    after = text.stdout.split("clean text:\n", 1)[1]
    assert re.search(r"false edits: 0 \(", after)


@pytest.mark.parametrize("command", ["eval", "learn"])
def test_an_unrelated_pair_is_named_in_a_warning(tmp_path: Path, command: str) -> None:
    """Two different documents given as a pair (a wrong file, a shifted id) got figures,
    or learned junk entries ("SEC" -> "storm"), without a word; the seed's pair (a third
    of its words spun) gets no warning."""
    (tmp_path / "s.txt").write_text("The SEC fined the bank two million dollars on Friday.\n", encoding="utf-8")
    (tmp_path / "o.txt").write_text("A storm hit the coast and closed schools in three counties.\n", encoding="utf-8")
    out = ["-o", str(tmp_path / "learned.yaml")] if command == "learn" else []
    warning = ("fixer: warning: s.txt: the spun text differs from its original in 91% of the "
               "original's words: are they the same document?")
    assert run([command, str(tmp_path / "s.txt"), str(tmp_path / "o.txt"), *out]).stderr.splitlines() == [warning]
    assert run([command, str(SPUN), str(ORIGINAL), *out]).stderr == ""


@pytest.mark.parametrize("command", ["eval", "learn"])
@pytest.mark.parametrize(("original", "how"), [
    ("", "the original has no words, but the spun text has"),
    ("A storm.\n", "the spun text differs from its original by more word edits than the original has words "
                   "(word error rate 500%)"),
], ids=["empty-original", "short-original"])
def test_a_pair_with_a_far_shorter_original_is_named(tmp_path: Path, command: str, original: str, how: str) -> None:
    """An empty original (a download that failed) got no warning, being the most unlike
    pair of all; one far shorter than its spun text was said to differ "in 500% of the
    original's words"."""
    (tmp_path / "s.txt").write_text("The SEC fined the bank two million dollars on Friday.\n", encoding="utf-8")
    (tmp_path / "o.txt").write_text(original, encoding="utf-8")
    out = ["-o", str(tmp_path / "learned.yaml")] if command == "learn" else []
    result = run([command, str(tmp_path / "s.txt"), str(tmp_path / "o.txt"), *out])
    assert result.stderr.splitlines() == [f"fixer: warning: s.txt: {how}: are they the same document?"]


@pytest.mark.parametrize("command", ["eval", "learn"])
def test_an_id_with_a_line_break_keeps_each_line_whole(tmp_path: Path, command: str) -> None:
    """A JSON Lines id holding a line break is shown in quotes with C escapes, as
    `fixer scan` shows such a file name, in the warning and in the list of wrong edits:
    it split the warning, and the wrong edit, over two lines."""
    (tmp_path / "s.jsonl").write_text('{"id": "a\\nb", "text": "The White Home"}\n', encoding="utf-8")
    (tmp_path / "o.jsonl").write_text('{"id": "a\\nb", "text": "A storm hit the coast."}\n', encoding="utf-8")
    out = ["-o", str(tmp_path / "learned.yaml")] if command == "learn" else []
    result = run([command, str(tmp_path / "s.jsonl"), str(tmp_path / "o.jsonl"), *out])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ['fixer: warning: "a\\nb": the spun text differs from its original in 100% of '
                                          "the original's words: are they the same document?"]
    if command == "eval":
        assert "  \"a\\nb\": 'The White Home' -> 'The White House', expected 'A storm hit the coast'   " \
               "[The White House]" in result.stdout.splitlines()


def test_eval_clean_json_lines(tmp_path: Path) -> None:
    """--clean FILE.jsonl reads each {"id", "text"} record as a document: the whole file
    was read as one text, its keys and ids counted as words (the rates about 25% too
    low) and all its records judged together by the spin gate. A file named twice is
    read once."""
    records = tmp_path / "clean.jsonl"
    records.write_text('{"id": 1, "source": "x y z", "text": "The plant was hit."}\n'
                       '{"id": "b", "text": "Talks went on."}\n', encoding="utf-8")
    data = json.loads(run(["eval", "--json", str(SPUN), str(ORIGINAL), "--clean", str(records),
                           "--clean", str(tmp_path / "." / "clean.jsonl")]).stdout)
    assert (data["clean"]["documents"], data["clean"]["words"]) == (2, 7)


def test_eval_clean_names_a_file_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A false edit in a --clean file is named by the file as the command line gave it,
    also when it is given a second time under another name (read once)."""
    monkeypatch.chdir(tmp_path)
    Path("clean.txt").write_text("The White Home said so.\n", encoding="utf-8")
    data = json.loads(run(["eval", "--json", str(SPUN), str(ORIGINAL), "--clean", "clean.txt",
                           "--clean", str(tmp_path / "clean.txt")]).stdout)
    assert [edit["doc"] for edit in data["clean"]["false_edits"]] == ["clean.txt"]


def _write_pairs(root: Path, pairs: list[list[str]]) -> tuple[Path, Path]:
    spun, original = root / "spun", root / "original"
    for name, s, o in pairs:
        for base, text in ((spun, s), (original, o)):
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            (base / name).write_text(text, encoding="utf-8")
    return spun, original


@pytest.mark.parametrize("case", [pytest.param(c, id=c["label"]) for c in LEARN_CASES])
def test_learn_round_trip(case: dict[str, Any], tmp_path: Path) -> None:
    """learn on two directories writes a glossary that glossary check accepts, with the
    expected entries, and that repairs every training text into its original."""
    spun, original = _write_pairs(tmp_path, case["input"]["pairs"])
    out = tmp_path / "learned.yaml"
    result = run(["learn", str(spun), str(original), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert f"written to {out}" in result.stdout
    check = run(["glossary", "check", str(out)])
    assert check.exit_code == 0 and check.stdout.strip().endswith(f"ok ({counted(len(case['expected']['entries']), 'entry', 'entries')})")
    entries = yaml.safe_load(out.read_text(encoding="utf-8"))["entries"]
    assert {(e["spun"], e["original"]) for e in entries} == {tuple(p) for p in case["expected"]["entries"]}
    for name, s, o in case["input"]["pairs"]:
        fixed = run(["fix", "--no-default", "-g", str(out), *case["input"]["fix_args"], str(spun / name)])
        assert (fixed.exit_code, fixed.stdout) == (0, o)


def test_learn_json(tmp_path: Path) -> None:
    """learn --json prints what was learned as JSON and still writes the file."""
    spun, original = _write_pairs(tmp_path, LEARN_CASES[0]["input"]["pairs"])
    result = run(["learn", "--json", str(spun), str(original), "-o", str(tmp_path / "g.yaml")])
    data = json.loads(result.stdout)
    assert {e["spun"] for e in data["entries"]} == {p[0] for p in LEARN_CASES[0]["expected"]["entries"]}
    assert data["documents"] == 2 and (tmp_path / "g.yaml").is_file()


def test_learn_to_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """learn -o - writes the glossary to standard output and the summary to standard
    error (it wrote a file named '-'); with --json, which would share standard output,
    it is a usage error."""
    monkeypatch.chdir(tmp_path)
    spun, original = _write_pairs(tmp_path, LEARN_CASES[0]["input"]["pairs"])
    result = run(["learn", str(spun), str(original), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    entries = yaml.safe_load(result.stdout)["entries"]
    assert {e["spun"] for e in entries} == {p[0] for p in LEARN_CASES[0]["expected"]["entries"]}
    assert result.stderr.startswith("learned from ") and not (tmp_path / "-").exists()
    both = run(["learn", "--json", str(spun), str(original), "-o", "-"])
    assert both.exit_code == 2 and "--json and -o - would both write to standard output" in both.stderr


BAD = [
    ("dir-and-file", ["sdir", "o.txt"], "give two directories or two files"),
    ("mismatched-names", ["sdir", "odir"], "1 file only on the spun side, sdir (b.txt); 1 file only on the original side, odir (c.txt)"),
    ("mismatched-ids", ["s.jsonl", "o.jsonl"], "1 id only on the spun side, s.jsonl (2); 1 id only on the original side, o.jsonl (3)"),
    ("jsonl-invalid", ["bad.jsonl", "o.jsonl"], "bad.jsonl:2: invalid JSON"),
    ("jsonl-too-deep", ["deep.jsonl", "o.jsonl"], "deep.jsonl:1: JSON nested too deeply"),
    ("tsv-wrong-columns", ["cols.tsv"], "cols.tsv:1: missing column(s) original_sentence"),
    ("tsv-wrong-field-count", ["fields.tsv"], "fields.tsv:3: 2 tab-separated fields, the header has 3"),
    ("tsv-column-twice", ["twice.tsv"], "twice.tsv:1: column original_sentence appears twice in the header"),
    ("directory-alone", ["sdir"], "sdir: a directory needs a second directory"),
    ("empty-directories", ["empty1", "empty2"], "empty1: no files"),
    ("jsonl-and-text", ["s.jsonl", "o.txt"], "s.jsonl, o.txt: give two JSON Lines files (.jsonl) or two text files"),
    ("text-and-jsonl", ["o.txt", "o.jsonl"], "o.txt, o.jsonl: give two JSON Lines files (.jsonl) or two text files"),
]


@pytest.fixture
def bad_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Inputs for the error cases, in the current directory."""
    monkeypatch.chdir(tmp_path)
    for d, files in {"sdir": ["a.txt", "b.txt"], "odir": ["a.txt", "c.txt"], "empty1": [], "empty2": []}.items():
        Path(d).mkdir()
        for name in files:
            Path(d, name).write_text("the White Home\n", encoding="utf-8")
    Path("o.txt").write_text("the White House\n", encoding="utf-8")
    Path("s.jsonl").write_text('{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n', encoding="utf-8")
    Path("o.jsonl").write_text('{"id": 1, "text": "a"}\n{"id": 3, "text": "b"}\n', encoding="utf-8")
    Path("bad.jsonl").write_text('{"id": 1, "text": "a"}\n{"id": 2,\n', encoding="utf-8")
    Path("deep.jsonl").write_text('{"id": 1, "text": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
                                  encoding="utf-8")
    Path("cols.tsv").write_text("page\tspun_sentence\toriginal\n1\tWhite Home\tWhite House\n", encoding="utf-8")
    Path("twice.tsv").write_text("page\tspun_sentence\toriginal_sentence\toriginal_sentence\n1\tWhite Home\tWhite Home\t"
                                 "White House\n", encoding="utf-8")
    Path("fields.tsv").write_text("page\tspun_sentence\toriginal_sentence\n1\ta\tb\n2\tonly two\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", ["eval", "learn"])
@pytest.mark.parametrize(("args", "message"), [pytest.param(a, m, id=i) for i, a, m in BAD])
def test_bad_pairs(bad_inputs: Path, command: str, args: list[str], message: str) -> None:
    """Exit 2, nothing on stdout, exactly one line "fixer: error: ..." naming the problem."""
    extra = ["-o", "out.yaml"] if command == "learn" else []
    result = run([command, *args, *extra])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("fixer: error: ") and message in lines[0], result.stderr
    assert not Path("out.yaml").exists()


@pytest.mark.parametrize("args", [["eval", "nope.txt", "o.txt"], ["eval", "o.txt", "nope.txt"],
                                  ["learn", "nope.tsv", "-o", "x.yaml"], ["eval", "o.txt", "o.txt", "--clean", "nope.txt"]],
                         ids=["eval-spun", "eval-original", "learn", "eval-clean"])
def test_missing_path_usage_error(bad_inputs: Path, args: list[str]) -> None:
    """A path that does not exist is click's usage error: exit 2, the path named, no traceback."""
    result = run(args)
    assert result.exit_code == 2
    assert "nope." in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(("args", "option"), [
    (["eval", "o.txt", "o.txt", "--limit", "-1"], "--limit"),
    (["learn", "o.txt", "o.txt", "-o", "out.yaml", "--min-count", "0"], "--min-count"),
], ids=["eval-limit", "learn-min-count"])
def test_out_of_range_option_usage_error(bad_inputs: Path, args: list[str], option: str) -> None:
    """A negative --limit (or a --min-count below 1) is click's usage error naming the option."""
    result = run(args)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.stderr and result.stdout == ""
    assert not Path("out.yaml").exists()


@pytest.fixture
def learn_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[Path, bytes]:
    """A parallel TSV file (with a hard link to it) and two directories of texts, in the
    current directory; returns every file and its content."""
    monkeypatch.chdir(tmp_path)
    Path("p.tsv").write_text("page\tspun_sentence\toriginal_sentence\n1\tThe White Home stated.\tThe White House said.\n",
                             encoding="utf-8")
    os.link("p.tsv", "link.tsv")
    _write_pairs(tmp_path, [["a.txt", "The White Home stated.\n", "The White House said.\n"]])
    return {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}


def _unchanged(files: dict[Path, bytes]) -> bool:
    """True when exactly *files* are on disk, as they were (no temporary file left either)."""
    return {p: p.read_bytes() for p in Path().rglob("*") if p.is_file()} == files


OUTPUT_ERRORS = [
    ("same-name", ["p.tsv", "-o", "p.tsv"], "-o p.tsv would overwrite the input file p.tsv"),
    ("other-path", ["p.tsv", "-o", "./spun/../p.tsv"], "would overwrite the input file p.tsv"),
    ("hard-link", ["p.tsv", "-o", "link.tsv"], "-o link.tsv would overwrite the input file p.tsv"),
    ("file-in-input-directory", ["spun", "original", "-o", "original/a.txt"], "would overwrite the input file original/a.txt"),
    # a new file in an input folder used to be written there: the folders no longer paired up
    ("new-file-in-input-directory", ["spun", "original", "-o", "spun/learned.yaml"],
     "-o spun/learned.yaml is inside the input folder spun"),
    ("parent-is-a-file", ["p.tsv", "-o", "p.tsv/g.yaml"], "p.tsv/g.yaml: cannot create its folder"),
    # a folder's name used to be written as a file of that name ("new")
    ("folder-name", ["p.tsv", "-o", "new/"], "'new/' names a folder; give a file name"),
]


@pytest.mark.parametrize(("args", "message"), [pytest.param(a, m, id=i) for i, a, m in OUTPUT_ERRORS])
def test_learn_output_errors(learn_inputs: dict[Path, bytes], args: list[str], message: str) -> None:
    """An output that is an input, or cannot be written: exit 2, one line naming it, no file touched."""
    result = run(["learn", *args])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("fixer: error: ") and message in lines[0], result.stderr
    assert _unchanged(learn_inputs)


def test_learn_does_not_write_over_the_glossary_it_reads(learn_inputs: dict[Path, bytes],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """-o naming a file of the default glossary, which learn reads to leave out chains
    with it, is refused (it was replaced by the learned glossary: the tool broke)."""
    import fixer.cli.evaluation

    Path("default.yaml").write_text("version: 1\nentries:\n  - {spun: zorble fnord, original: quantum computing}\n",
                                    encoding="utf-8")
    files = {**learn_inputs, Path("default.yaml"): Path("default.yaml").read_bytes()}
    default = load_glossary(Path("default.yaml"))
    real = fixer.cli.evaluation.load_glossaries
    monkeypatch.setattr(fixer.cli.evaluation, "load_glossaries", lambda *_, **__: default)
    result = run(["learn", "p.tsv", "-o", "./default.yaml"])
    assert result.exit_code == 2 and "-o ./default.yaml would overwrite the glossary default.yaml" in result.stderr
    assert _unchanged(files)
    monkeypatch.setattr(fixer.cli.evaluation, "load_glossaries", real)  # nor one named with -g
    result = run(["learn", "p.tsv", "-o", "./default.yaml", "--no-default", "-g", "default.yaml"])
    assert result.exit_code == 2 and "-o ./default.yaml would overwrite the glossary default.yaml" in result.stderr
    assert _unchanged(files)


def test_learn_creates_missing_folders(learn_inputs: dict[Path, bytes]) -> None:
    """-o in folders that do not exist yet creates them, as `fix --output-dir` does."""
    result = run(["learn", "p.tsv", "-o", "new/sub/g.yaml"])
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(Path("new/sub/g.yaml").read_text(encoding="utf-8"))["entries"]


def test_learn_failed_write_keeps_old_glossary(learn_inputs: dict[Path, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills up during the write leaves the previous glossary whole (the write
    is atomic) and is reported in one line naming the output."""
    Path("g.yaml").write_bytes(b"old glossary\n")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run(["learn", "p.tsv", "-o", "g.yaml"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"fixer: error: g.yaml: cannot write: {os.strerror(errno.ENOSPC)}\n"
    assert _unchanged({**learn_inputs, Path("g.yaml"): b"old glossary\n"})


def test_a_device_is_refused_without_advice_eval_cannot_follow() -> None:
    """eval and learn refuse a device as fix does, but without advising '-', which they
    do not read."""
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    result = run(["eval", "/dev/zero", str(ORIGINAL)])
    assert result.exit_code == 2 and result.stderr == "fixer: error: /dev/zero: a device, not a file\n"


def test_learn_names_a_descriptor_by_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An input named by a number (``<(...)`` gives /dev/fd/63) is named by its path in
    the learned glossary, not "63"."""
    monkeypatch.chdir(tmp_path)
    Path("fd").mkdir()
    Path("fd/63").write_text("The White Home stated.\n", encoding="utf-8")
    Path("fd/62").write_text("The White House said.\n", encoding="utf-8")
    result = run(["learn", "fd/63", "fd/62", "-o", "g.yaml"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("learned from fd/63 / fd/62: 1 document")
    assert Path("g.yaml").read_text(encoding="utf-8").startswith("# Learned by fixer learn from fd/63 / fd/62:")


@pytest.mark.parametrize(("args", "kept"), [([], False), (["--no-default"], True),
                                            (["--no-default", "-g", "mine.yaml"], False)])
def test_learn_leaves_out_chains_with_the_glossaries_it_will_be_used_beside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], kept: bool) -> None:
    """An entry whose original holds a spun form of the default glossary ('Oval Workplace')
    is left out, since the two would not load together; with --no-default it is kept,
    and with -g a glossary that holds that form, left out again."""
    monkeypatch.chdir(tmp_path)
    Path("mine.yaml").write_text("version: 1\nentries:\n  - {spun: Oval Workplace, original: Oval Office}\n",
                                 encoding="utf-8")
    spun, original = _write_pairs(tmp_path, [["one.txt", "The cobalt wagon left.\n", "The Oval Workplace left.\n"]])
    result = run(["learn", str(spun), str(original), "-o", "learned.yaml", *args])
    assert result.exit_code == 0, result.stderr
    entries = yaml.safe_load(Path("learned.yaml").read_text(encoding="utf-8"))["entries"]
    assert [(e["spun"], e["original"]) for e in entries] == ([("cobalt wagon", "Oval Workplace")] if kept else [])


@pytest.mark.parametrize(("command", "where"), [
    (["eval", "-", str(ORIGINAL)], "'SPUN'"),
    (["learn", "-", str(ORIGINAL), "-o", "x.yaml"], "'SPUN'"),
    (["eval", "-g", "-", str(ORIGINAL), str(ORIGINAL)], "'-g' / '--glossary'"),
    (["fix", "-g", "-", str(ORIGINAL)], "'-g' / '--glossary'"),
    (["glossary", "check", "-"], "'FILES...'"),
    (["glossary", "stats", "-g", "-"], "'-g' / '--glossary'"),
], ids=["eval", "learn", "eval-glossary", "fix-glossary", "glossary-check", "glossary-stats"])
def test_standard_input_is_named_where_it_is_not_read(command: list[str], where: str) -> None:
    """``-`` as the spun text of eval or learn, or as a glossary: it said that a path
    '-' does not exist (for a glossary: "-: cannot read glossary: No such file")."""
    result = run(command)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"fixer: error: Invalid value for {where}: standard input ('-') is not read here")


def test_a_place_as_long_as_a_page_is_shown_shortened(tmp_path: Path) -> None:
    """A pair of two different texts makes one place of the whole text: its line shows
    the ends of it, not the page (about 20 KB on one line); --json keeps it whole."""
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    text = run(["eval", str(empty), str(ORIGINAL)]).stdout
    miss = next(line for line in text.splitlines() if line.startswith(f"  {empty.name}:"))
    assert " … " in miss and len(miss) < 400
    whole = json.loads(run(["eval", "--json", str(empty), str(ORIGINAL)]).stdout)["per_document"][0]["misses"][0]
    assert ORIGINAL.read_text(encoding="utf-8").startswith(whole["original"]) and len(whole["original"]) > 7000


def test_limit_zero_shows_the_figures_only() -> None:
    """--limit 0: no 'wrong edits (0 of 9 shown):' heading without lines."""
    text = run(["eval", "--limit", "0", str(SPUN), str(ORIGINAL)]).stdout
    assert "spun places: 247" in text and "shown" not in text


@pytest.mark.parametrize("command", ["eval", "learn"])
def test_json_names_a_file_whose_name_is_not_utf8(tmp_path: Path, command: str) -> None:
    """A file name that is not UTF-8 is written in JSON with the escape of its
    surrogate, as scan --json writes it: the output is valid UTF-8 JSON (it held the raw byte)."""
    name = os.fsdecode(b"a\x85b.txt")
    (tmp_path / name).write_text("The White Home stated it.\n", encoding="utf-8")
    (tmp_path / "o.txt").write_text("The White House said it.\n", encoding="utf-8")
    extra = ["-o", str(tmp_path / "g.yaml"), "--no-default"] if command == "learn" else []
    result = run([command, "--json", str(tmp_path / name), str(tmp_path / "o.txt"), *extra])
    assert result.exit_code == 0, result.stderr
    text = result.stdout_bytes.decode("utf-8")
    json.loads(text)
    assert "\\udc85" in text


def test_a_control_character_in_a_context_is_shown_escaped(tmp_path: Path) -> None:
    """The context of a wrong edit or a miss shows the text's control characters escaped:
    an escape sequence in scraped text reached the terminal, which acted on it."""
    (tmp_path / "s.txt").write_text("Before \x1b[31mthe White Home said\x1b[0m it.\n", encoding="utf-8")
    (tmp_path / "o.txt").write_text("Before \x1b[31mthe White Office said\x1b[0m it.\n", encoding="utf-8")
    result = run(["eval", str(tmp_path / "s.txt"), str(tmp_path / "o.txt")])
    assert result.exit_code == 0 and "\x1b" not in result.stdout
    assert "\\x1b[31mthe White [House] said\\x1b[0m" in result.stdout, result.stdout
