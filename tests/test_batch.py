"""Batches: directory walks, several worker processes, errors in the middle of a batch,
the summary line, and the ordered, bounded ``ordered_map``."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from multiprocessing.pool import ThreadPool
from pathlib import Path
from typing import Any

import pytest

import fixer.batch
import fixer.workers
from fixer import Fixer
from fixer.batch import Job, Outcome, ordered_map, process, run_batch, run_jsonl_parallel
from fixer.stream import read_segments
from fixer.workers import usable_workers, worker_count
from cli_runner import one_fixer_per_configuration, run  # noqa: F401  (autouse fixture)

REPO = Path(__file__).resolve().parent.parent
SEED_SPUN = next((REPO / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
SEED_ORIGINAL = next((REPO / "seeds").glob("*.original.txt")).read_text(encoding="utf-8")
SPUN = "The White Home stated the battle goes on. Fact Social agreed.\r\n"
FIXED = "The White House said the war goes on. Truth Social agreed.\r\n"
FIXER = Fixer.from_files()
SUMMARY = re.compile(r"fixer: (\d+) documents?, (\d+) repairs?, (\d+) spun, (\d+) errors?")


def _documents() -> list[str]:
    """About 30 small documents: slices of the spun seed, of its original, and mixes."""
    paragraphs = SEED_SPUN.splitlines(keepends=True)
    originals = SEED_ORIGINAL.splitlines(keepends=True)
    docs = []
    for i in range(30):
        if i % 3 == 0:
            docs.append("".join(originals[i % len(originals):][:3]))
        else:
            docs.append("".join(paragraphs[i % len(paragraphs):][:2 + i % 3]).replace("\n", "\r\n" if i % 4 == 1 else "\n"))
    return docs


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """30 files (names not in sorted order of content) in the current directory."""
    monkeypatch.chdir(tmp_path)
    names = []
    for i, doc in enumerate(_documents()):
        name = f"doc{(i * 7) % 30:02d}.txt"
        Path(name).write_text(doc, encoding="utf-8", newline="")
        names.append(name)
    return names


def test_recursive_glob_output_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """-r --glob '*.txt' -o OUT: matching files anywhere in the tree, written under the same
    relative paths; other files skipped; inputs left alone."""
    monkeypatch.chdir(tmp_path)
    tree = {"src/a.txt": SPUN, "src/sub/b.txt": "clean text\n", "src/sub/deep/c.txt": SPUN,
            "src/skip.md": SPUN, "src/sub/skip.html": SPUN}
    for name, text in tree.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_bytes(text.encode())
    result = run(["fix", "-r", "--glob", "*.txt", "-o", "out", "src"])
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to("out")) for p in Path("out").rglob("*") if p.is_file())
    assert written == ["a.txt", "sub/b.txt", "sub/deep/c.txt"]
    assert Path("out/a.txt").read_bytes() == Path("out/sub/deep/c.txt").read_bytes() == FIXED.encode()
    assert Path("out/sub/b.txt").read_bytes() == b"clean text\n"
    assert all(Path(name).read_bytes() == text.encode() for name, text in tree.items())
    assert SUMMARY.fullmatch(result.stderr.strip()).groups() == ("3", "8", "2", "0")


def test_glob_given_twice_takes_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--glob given twice takes the files that either pattern matches, each once (the
    first pattern was dropped)."""
    monkeypatch.chdir(tmp_path)
    for name in ("src/a.txt", "src/sub/b.md", "src/c.html", "src/d.txt"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_bytes(SPUN.encode())
    result = run(["fix", "-r", "--glob", "*.txt", "--glob", "*.md", "--glob", "a.*", "-o", "out", "src"])
    assert result.exit_code == 0, result.stderr
    assert sorted(str(p.relative_to("out")) for p in Path("out").rglob("*") if p.is_file()) == [
        "a.txt", "d.txt", "sub/b.md"]
    assert SUMMARY.fullmatch(result.stderr.strip()).groups()[0] == "3"


# (pattern, files written): a pattern whose last component is '**' matched folders only (rglob before
# Python 3.13), so no file, with a warning that none matched
DOUBLE_STAR = [
    ("**", ["a.txt", "news/c.txt", "news/deep/d.html", "sub/b.md"]),
    ("news/**", ["news/c.txt", "news/deep/d.html"]),
    ("news/**/", ["news/c.txt", "news/deep/d.html"]),
    ("**/*.txt", ["a.txt", "news/c.txt"]),
]


@pytest.mark.parametrize(("pattern", "written"), DOUBLE_STAR, ids=[c[0] for c in DOUBLE_STAR])
def test_glob_ending_in_double_star_takes_every_file_below(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           pattern: str, written: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("src/a.txt", "src/sub/b.md", "src/news/c.txt", "src/news/deep/d.html", "src/.hidden/e.txt"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_bytes(SPUN.encode())
    result = run(["fix", "-r", "--glob", pattern, "-o", "out", "src"])
    assert result.exit_code == 0, result.stderr
    assert sorted(str(p.relative_to("out")) for p in Path("out").rglob("*") if p.is_file()) == written
    assert SUMMARY.fullmatch(result.stderr.strip()).groups()[0] == str(len(written))


def test_jobs_equal_outputs_and_json(corpus: list[str]) -> None:
    """--jobs 2 (and --jobs 0) give byte-identical output files and the same --json
    records, in input order, as --jobs 1."""
    one = run(["fix", "--json", "--jobs", "1", *corpus])
    two = run(["fix", "--json", "--jobs", "2", *corpus])
    assert one.exit_code == two.exit_code == 0, two.stderr
    assert one.stdout_bytes == two.stdout_bytes
    assert one.stderr == two.stderr
    records = [json.loads(line) for line in one.stdout.splitlines()]
    assert [r["file"] for r in records] == corpus
    assert sum(len(r["repairs"]) for r in records) > 30
    assert run(["fix", "-o", "out1", "--jobs", "1", *corpus]).exit_code == 0
    zero = run(["fix", "-o", "out0", "--jobs", "0", *corpus])
    assert zero.exit_code == 0, zero.stderr
    for name in corpus:
        assert Path("out0", name).read_bytes() == Path("out1", name).read_bytes()
    assert any(Path("out1", name).read_bytes() != Path(name).read_bytes() for name in corpus)


# (label, arguments before the inputs "-" and the file; OUT: an output directory per run)
STDIN_AMONG_FILES = [
    ("output-dir", ["fix", "-o", "OUT"]),
    ("json", ["fix", "--json"]),
    ("diff", ["fix", "--diff"]),
    ("scan", ["scan"]),
    ("jsonl-output-dir", ["fix", "--jsonl", "-o", "OUT"]),
]


def _written(directory: Path) -> list[tuple[str, bytes]]:
    return sorted((p.name, p.read_bytes()) for p in directory.glob("*"))


@pytest.mark.parametrize("args", [c[1] for c in STDIN_AMONG_FILES], ids=[c[0] for c in STDIN_AMONG_FILES])
def test_stdin_among_files_with_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    """Standard input among several inputs is read as with --jobs 1 (worker processes
    start with it closed), in a real process: the same output, and the same repairs as
    in the file that holds the same text."""
    monkeypatch.chdir(tmp_path)
    data = (json.dumps({"text": SPUN}) + "\n" if "--jsonl" in args else SPUN).encode()
    Path("other.txt").write_bytes(data)
    runs = []
    for jobs in ("1", "2"):
        command = [a.replace("OUT", f"out{jobs}") for a in args]
        done = subprocess.run([sys.executable, "-m", "fixer", *command, "-q", "-j", jobs, "-", "other.txt"],
                              input=data, capture_output=True, timeout=120)
        runs.append((done.returncode, done.stdout, done.stderr, _written(Path(f"out{jobs}"))))
    assert runs[1] == runs[0]
    alone = run([a.replace("OUT", "alone") for a in args] + ["other.txt"])
    repaired = [(out + b"".join(data for _, data in files)).count(b"White House")
                for out, files in ((runs[0][1], runs[0][3]), (alone.stdout_bytes, _written(Path("alone"))))]
    assert runs[0][0] == 0 and repaired[0] == 2 * repaired[1] > 0


@pytest.mark.parametrize("mode", [["--json"], ["-o", "out"]], ids=["json", "output-dir"])
def test_missing_file_in_middle(corpus: list[str], mode: list[str]) -> None:
    """A missing file in the middle of a batch: its error on stderr, every other file
    done, exit 2, and the summary counts the error."""
    names = [*corpus[:3], "missing.txt", *corpus[3:6]]
    result = run(["fix", *mode, *names])
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if "error:" in line] == ["fixer: error: missing.txt: no such file"]
    assert SUMMARY.fullmatch(result.stderr.splitlines()[-1]).group(1, 4) == ("6", "1")
    if mode == ["--json"]:
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r["file"] for r in records] == names
        assert records[3] == {"schema": 1, "file": "missing.txt", "error": "missing.txt: no such file"}
    else:
        assert sorted(p.name for p in Path("out").iterdir()) == sorted(corpus[:6])


def test_summary_line_and_quiet(corpus: list[str]) -> None:
    """A batch prints exactly one summary line on stderr, with totals that match the
    --json records; --quiet prints nothing there; a single file to stdout prints none."""
    result = run(["fix", "--json", *corpus[:5]])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    (line,) = result.stderr.splitlines()
    documents, repairs, spun, errors = map(int, SUMMARY.fullmatch(line).groups())
    assert (documents, errors) == (5, 0)
    assert repairs == sum(len(r["repairs"]) for r in records)
    assert spun == sum(r["is_spun"] for r in records)
    quiet = run(["fix", "--json", "--quiet", *corpus[:5]])
    assert (quiet.stderr, quiet.stdout) == ("", result.stdout)
    assert run(["fix", corpus[1]]).stderr == ""


def test_no_progress_bar_off_terminal(corpus: list[str]) -> None:
    """stderr is not a terminal under CliRunner: no bar, only fixer's own lines."""
    result = run(["fix", "-o", "out", *corpus])
    assert result.exit_code == 0
    assert all(line.startswith("fixer: ") for line in result.stderr.splitlines())
    assert not re.search(r"[#\u2588\r]|ETA|MB/s|files,", result.stderr)


def _on_a_terminal(args: list[str], stdout: Path | None = None) -> str:
    """What the real ``fixer ARGS`` writes to a terminal that is its standard error, and
    its standard output too unless *stdout* names a file to send that to."""
    pty = pytest.importorskip("pty")
    master, terminal = pty.openpty()
    with open(stdout or os.devnull, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "fixer", *args], stdin=subprocess.DEVNULL,
                                stdout=terminal if stdout is None else out, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the program has closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0, shown
    return shown.decode("utf-8")


def test_progress_bar_leaves_lines_of_output_whole(corpus: list[str], tmp_path: Path) -> None:
    """On a terminal that shows both the output and the bar, each line of output starts
    a line of its own (the bar is taken off first) and the bar still ends the run; with
    the output in a file, the same bar is drawn."""
    shown = _on_a_terminal(["scan", *corpus[:3]])
    lines = [line for line in shown.split("\r\n") if line]
    output = "".join(re.split(r"\r\x1b\[K", line)[-1] + "\n" for line in lines[:-1])
    assert output == run(["scan", *corpus[:3]]).stdout, lines
    assert re.search(r"3/3 files, [\d.]+ MB", lines[-1]), lines
    into_file = _on_a_terminal(["scan", *corpus[:3]], stdout=tmp_path / "scan.txt")
    assert "3/3 files" in into_file and (tmp_path / "scan.txt").read_text(encoding="utf-8") == output


def test_run_batch_workers_equal(corpus: list[str]) -> None:
    """The library's run_batch gives the same outcomes, one by one and in order, with
    two worker processes as with one, including for a missing file."""
    fixer = Fixer.from_files()
    jobs = [Job(name, report=report) for name in [*corpus[:8], "missing.txt"] for report in ("text", "json")]
    jobs.append(Job(corpus[9], mode="html"))
    one = list(run_batch(fixer, jobs, workers=1))
    two = list(run_batch(fixer, jobs, workers=2))
    assert one == two
    assert [o.path for o in two] == [j.path for j in jobs]
    assert sum(o.repairs for o in one) > 0 and sum(bool(o.error) for o in one) == 2


def _outcomes_with_two_workers(jobs: list[Job]) -> list[Outcome]:
    return [*run_batch(FIXER, jobs, workers=2), *(process(FIXER, job, workers=2) for job in jobs)]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks a pool")
def test_workers_in_a_daemonic_process_run_there(corpus: list[str], tmp_path: Path) -> None:
    """In a worker of a multiprocessing pool, which may start no process of its own,
    run_batch and process asked for two workers do everything there, with the outcomes
    of one process (they failed with 'daemonic processes are not allowed to have
    children')."""
    lone = tmp_path / "lone.jsonl"
    lone.write_text("".join(json.dumps({"text": line}) + "\n" for line in SEED_SPUN.splitlines()), encoding="utf-8")
    jobs = [Job(name) for name in corpus[:4]] + [Job(str(lone), mode="jsonl")]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        there = pool.apply(_outcomes_with_two_workers, (jobs,))
    assert there == [*run_batch(FIXER, jobs), *(process(FIXER, job) for job in jobs)]
    assert all(o.error == "" for o in there) and sum(o.repairs for o in there) > 0


def test_run_batch_streams_standard_input_into_stdout_with_workers(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """With workers, standard input (read here, never by a worker) still streams into
    the *stdout* given, as with one process; the files' outputs come back in their
    outcomes (standard input's output was held whole and returned)."""
    first, last = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"text": "the White Home"}\n', encoding="utf-8")
    last.write_text('{"text": "Fact Social"}\n', encoding="utf-8")
    jobs = [Job(str(first), mode="jsonl"), Job("-", mode="jsonl"), Job(str(last), mode="jsonl")]
    for workers in (1, 2):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "energy crops"}\n')))
        stdout = io.BytesIO()
        outcomes = list(run_batch(Fixer.from_files(), jobs, workers=workers, stdout=stdout))
        assert [o.error for o in outcomes] == ["", "", ""]
        if workers == 1:  # every job streams here
            assert stdout.getvalue() == b'{"text": "the White House"}\n{"text": "power plants"}\n{"text": "Truth Social"}\n'
            assert [o.output for o in outcomes] == [b"", b"", b""]
        else:
            assert stdout.getvalue() == b'{"text": "power plants"}\n'
            assert [o.output for o in outcomes] == [b'{"text": "the White House"}\n', b"", b'{"text": "Truth Social"}\n']


@pytest.mark.parametrize("mode", ["jsonl", "text"])
def test_run_batch_shares_a_lone_input_out_among_its_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             mode: str) -> None:
    """run_batch with one job and two workers hands a JSON Lines input's batches of
    lines, or a large plain-text input's segments, to two worker processes; the outcome,
    output and messages included, is the one of one process."""
    started: list[int] = []
    tasks: list[object] = []
    pool, submit = fixer.batch.worker_pool, fixer.batch.started
    monkeypatch.setattr(fixer.batch, "worker_pool", lambda f, workers, **k: started.append(workers) or pool(f, workers, **k))
    monkeypatch.setattr(fixer.batch, "started", lambda p, func, arg, lost: tasks.append(arg) or submit(p, func, arg, lost))
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(fixer.batch, "JSONL_BATCH_CHARS", 2000)
    monkeypatch.setattr(fixer.batch, "read_segments", lambda stream: read_segments(stream, limit=3000))
    paragraphs = [line for line in SEED_SPUN.splitlines() if line.strip()] * 3
    path = tmp_path / f"in.{mode}"
    if mode == "jsonl":
        path.write_text("".join(json.dumps({"text": p}) + "\n" for p in paragraphs), encoding="utf-8")
    else:
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    job = Job(str(path), mode=mode, explain=True)
    one, two = (list(run_batch(FIXER, [job], workers=workers)) for workers in (1, 2))
    assert one == two and one[0].error == "" and one[0].repairs > 200
    assert b"White House" in one[0].output and len(one[0].messages) == 2 * one[0].repairs
    assert started == [2] and len(tasks) >= 5


@pytest.mark.parametrize(("options", "shared"), [
    ({}, True),
    ({"destination": "out.txt"}, True),
    ({"explain": True}, True),  # its --explain lines and spin score as the whole text's scan gives them
    ({"explain": True, "destination": "out.txt"}, True),
    ({"report": "json"}, False),
])
def test_a_lone_text_of_several_segments_read_whole_shares_them_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    options: dict[str, object], shared: bool) -> None:
    """A plain text under STREAM_BYTES but of more than one segment (SEGMENT_CHARS
    characters), read whole, has its segments repaired in the workers for a plain-text
    report; the outcome (output, file written, counts, --explain lines and spin score) is
    the one of one process, which repairs the same segments."""
    started: list[int] = []
    pool = fixer.batch.worker_pool
    monkeypatch.setattr(fixer.batch, "worker_pool", lambda f, workers, **k: started.append(workers) or pool(f, workers, **k))
    monkeypatch.chdir(tmp_path)
    text = SEED_SPUN * (2 * fixer.batch.SEGMENT_CHARS // len(SEED_SPUN) + 1)
    Path("in.txt").write_text(text, encoding="utf-8")
    outcomes = []
    for workers in (1, 2):
        job = Job("in.txt", **options)  # type: ignore[arg-type]
        outcomes.append((process(FIXER, job, workers=workers), Path("out.txt").read_bytes() if job.destination else b""))
        Path("out.txt").unlink(missing_ok=True)
    assert outcomes[0] == outcomes[1] and outcomes[0][0].error == "" and outcomes[0][0].repairs > 10_000
    assert started == ([2] if shared else [])
    if not options:
        assert outcomes[0][0].output == FIXER.fix(text).encode("utf-8")
    if options.get("explain"):
        messages = outcomes[0][0].messages
        assert len(messages) == 2 * outcomes[0][0].repairs + 1 and messages[-1].startswith("in.txt: spin score ")


def test_a_lone_text_shared_out_names_the_repair_its_encoding_cannot_write(tmp_path: Path) -> None:
    """A repair that brings a character the input's encoding cannot write, in a text
    whose segments the workers repaired, is named as one process names it: the scan that
    finds it runs once the error is known."""
    glossary = tmp_path / "tm.yaml"
    glossary.write_text('version: 1\nentries:\n  - {spun: Fact Social, original: "Truth Social\\u2122", kind: name}\n',
                        encoding="utf-8")
    trademarked = Fixer.from_files([glossary], default=False)
    plain = SEED_SPUN.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2014: "-"})
    path = tmp_path / "in.txt"
    path.write_text(plain * (fixer.batch.SEGMENT_CHARS // len(plain) + 1), encoding="latin-1")
    one, two = (process(trademarked, Job(str(path), encoding="latin-1"), workers=workers) for workers in (1, 2))
    assert one == two and "'Fact Social' to 'Truth Social\u2122' (" in one.error and "latin-1 cannot encode" in one.error


@pytest.mark.parametrize("explain", [[], ["--explain"]], ids=["plain", "explain"])
def test_fix_jobs_shares_out_the_segments_of_a_lone_text_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    explain: list[str]) -> None:
    """``fixer fix --jobs 2 FILE`` on a text of more than one segment repairs them in two
    worker processes, and prints what one process prints (--explain lines included)."""
    started: list[int] = []
    pool = fixer.batch.worker_pool
    monkeypatch.setattr(fixer.batch, "worker_pool", lambda f, workers, **k: started.append(workers) or pool(f, workers, **k))
    monkeypatch.chdir(tmp_path)
    text = SEED_SPUN * (fixer.batch.SEGMENT_CHARS // len(SEED_SPUN) + 1)
    Path("in.txt").write_text(text, encoding="utf-8")
    one, two = (run(["fix", "--quiet", *explain, "--jobs", jobs, "in.txt"]) for jobs in ("1", "2"))
    assert one.exit_code == two.exit_code == 0 and started == [2]
    assert two.stdout_bytes == one.stdout_bytes == FIXER.fix(text).encode("utf-8") and two.stderr == one.stderr
    assert ("in.txt: spin score " in two.stderr) == bool(explain)


def test_a_lone_text_starts_no_more_workers_than_segments_in_flight(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 64 on one large text starts SEGMENTS_AHEAD workers, as many as can be busy
    at once (each segment in flight takes a few megabytes), with the same output, on a
    machine of 64 cores too."""
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    started: list[int] = []
    pool = fixer.batch.worker_pool
    monkeypatch.setattr(fixer.batch, "worker_pool", lambda f, workers, **k: started.append(workers) or pool(f, workers, **k))
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(fixer.batch, "read_segments", lambda stream: read_segments(stream, limit=3000))
    path = tmp_path / "in.txt"
    path.write_text(SEED_SPUN * 3, encoding="utf-8")
    outcome = process(FIXER, Job(str(path)), workers=64)
    assert started == [fixer.batch.SEGMENTS_AHEAD] and outcome.output == FIXER.fix(SEED_SPUN * 3).encode("utf-8")


@pytest.mark.parametrize(("data", "error"), [(b"\x00\x01" * 8000, "looks like a binary file"),
                                            (SEED_SPUN.encode("utf-8") * 3 + b"\xff", "not valid utf-8 at byte")])
def test_a_lone_text_refused_starts_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes,
                                              error: str) -> None:
    """A large input that is refused (binary; a bad byte deep inside, before anything is
    written to standard output) is refused before any worker process starts."""
    started: list[int] = []
    pool = fixer.batch.worker_pool
    monkeypatch.setattr(fixer.batch, "worker_pool", lambda f, workers, **k: started.append(workers) or pool(f, workers, **k))
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    outcome = process(FIXER, Job(str(path)), stdout=io.BytesIO(), workers=2)
    assert error in outcome.error and started == []


def test_a_lone_text_that_fails_stops_its_workers_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error while a large text's segments are in flight (here a failed write) stops
    the workers at once instead of waiting for segments that will not be written; the
    error is the outcome's."""
    calls: list[str] = []
    terminate, close, put = fixer.workers._terminate, fixer.workers._close, fixer.batch._put
    monkeypatch.setattr(fixer.workers, "_terminate", lambda *a: calls.append("terminate") or terminate(*a))
    monkeypatch.setattr(fixer.workers, "_close", lambda *a: calls.append("close") or close(*a))

    def put_then_fail(sink: object, data: bytes, job: Job) -> None:
        if calls.count("put") == 2:
            raise fixer.batch.cannot_write("out.txt", OSError(28, "No space left on device"))
        calls.append("put")
        put(sink, data, job)

    monkeypatch.setattr(fixer.batch, "_put", put_then_fail)
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(fixer.batch, "read_segments", lambda stream: read_segments(stream, limit=3000))
    path = tmp_path / "in.txt"
    path.write_text(SEED_SPUN * 3, encoding="utf-8")
    outcome = process(FIXER, Job(str(path)), stdout=io.BytesIO(), workers=2)
    assert "No space left on device" in outcome.error
    assert calls == ["put", "put", "terminate"]


def test_run_batch_starts_no_more_workers_than_files(corpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 64 on three files starts three worker processes, not 64."""
    started: list[int] = []
    pool = fixer.batch.worker_pool
    monkeypatch.setattr(fixer.batch, "worker_pool", lambda f, workers: started.append(workers) or pool(f, workers))
    jobs = [Job(name) for name in corpus[:3]]
    assert [o.error for o in run_batch(Fixer.from_files(), jobs, workers=64)] == ["", "", ""]
    assert started == [3]


def test_jsonl_parallel_starts_no_more_workers_than_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 64 on a JSON Lines file of three records starts one worker, not 64 (a
    file of N bytes has at most 1 + N // JSONL_BATCH batches of lines)."""
    started: list[int] = []
    pool = fixer.batch.worker_pool
    monkeypatch.setattr(fixer.batch, "worker_pool", lambda f, workers: started.append(workers) or pool(f, workers))
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "White Home"}\n' * 3, encoding="utf-8")
    sink = io.BytesIO()
    assert run_jsonl_parallel(FIXER, Job(str(path), mode="jsonl"), 64, sink).documents == 3
    assert started == [1] and sink.getvalue() == b'{"text": "White House"}\n' * 3


@pytest.mark.parametrize("records, size, expected", [(100, 1000, 1), (1200, 10, 3), (3, 10, 1), (0, 0, 1)])
def test_jsonl_parallel_workers_are_capped_by_the_batches_of_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   records: int, size: int, expected: int) -> None:
    """A batch holds 500 lines (or 256K characters): 100 records of 1 KB are one batch,
    and start one worker, not one per 500 bytes (the cap counted bytes as lines:
    -j 16 on such a file started 16 workers); 1,200 short records are three."""
    started: list[int] = []
    pool = fixer.batch.worker_pool
    monkeypatch.setattr(fixer.batch, "worker_pool", lambda f, workers: started.append(workers) or pool(f, workers))
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": "x" * size}) + "\n" for _ in range(records)), encoding="utf-8")
    assert run_jsonl_parallel(FIXER, Job(str(path), mode="jsonl"), 16, io.BytesIO()).documents == records
    assert started == [expected]


def test_ordered_map_order_and_bound() -> None:
    """ordered_map yields results in input order, reads its input lazily and never has
    more than *ahead* tasks submitted but not yet handed back."""
    pulled = 0
    running = 0
    peak = 0
    lock = threading.Lock()

    def items() -> Iterator[int]:
        nonlocal pulled
        for i in range(40):
            pulled += 1
            yield i

    def work(i: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.002 * ((i * 7) % 5))  # later items often finish first
        with lock:
            running -= 1
        return i * i

    for ahead in (1, 3):
        pulled = peak = 0
        with ThreadPool(8) as pool:
            results = []
            for k, value in enumerate(ordered_map(lambda i: pool.apply_async(work, (i,)).get, items(), ahead)):
                assert pulled <= k + ahead, (pulled, k, ahead)
                results.append(value)
        assert results == [i * i for i in range(40)]
        assert peak <= ahead


def _bad_then_large(path: Path, records: int, size: int) -> None:
    """A JSON Lines file whose first record is bad, then large spun records."""
    spun = " ".join(SEED_SPUN for _ in range(max(1, size // len(SEED_SPUN))))
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"text": 5}\n')
        for _ in range(records):
            fh.write(json.dumps({"text": spun}) + "\n")


def test_bad_line_closes_the_pool_instead_of_terminating_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopping at a bad line lets the batches in flight finish: terminating the pool
    while its task thread writes a large batch into a worker's pipe could hang."""
    import multiprocessing.pool

    from fixer.batch import run_jsonl_parallel

    def refuse(self: object) -> None:
        raise AssertionError("the pool was terminated")

    monkeypatch.setattr(multiprocessing.pool.Pool, "terminate", refuse)
    path = tmp_path / "bad.jsonl"
    _bad_then_large(path, records=6, size=300_000)
    sink = open(os.devnull, "wb")
    with sink:
        outcome = run_jsonl_parallel(Fixer.from_files(), Job(str(path), mode="jsonl"), 2, sink)
    assert outcome.error == f"{path}: line 1: field 'text' is not a string or a list of strings"


def test_bad_line_with_jobs_never_hangs(tmp_path: Path) -> None:
    """End to end, with large records in flight: exit 2 with the error, within the timeout."""
    path = tmp_path / "huge.jsonl"
    _bad_then_large(path, records=12, size=2_000_000)
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "fixer", "fix", "--jsonl", "--jobs", "2", str(path)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stderr
        assert f"{path}: line 1: field 'text' is not a string or a list of strings" in done.stderr


SPUN_RECORD = '{"text": "The White Home stated the energy crops were hit by the battle."}\n'
CLEAN_RECORD = '{"text": "Nothing to repair here."}\n'
# (label, JSON Lines input, --skip-bad, spun documents written): stopped at a bad line, or not
STOPS = [
    ("spun-then-invalid", SPUN_RECORD + '{"text": \n' + CLEAN_RECORD, False, 1),
    ("spun-clean-spun-then-not-an-object", SPUN_RECORD + CLEAN_RECORD + SPUN_RECORD + "[1]\n" + SPUN_RECORD, False, 2),
    ("invalid-first", "{\n" + SPUN_RECORD, False, 0),
    ("no-bad-line", SPUN_RECORD + CLEAN_RECORD + SPUN_RECORD, False, 2),
    ("bad-lines-skipped", SPUN_RECORD + "{\n" + SPUN_RECORD + '{"text": 5}\n', True, 2),
]


@pytest.mark.parametrize("data, skip_bad, spun", [c[1:] for c in STOPS], ids=[c[0] for c in STOPS])
def test_jsonl_jobs_count_alike(tmp_path: Path, data: str, skip_bad: bool, spun: int) -> None:
    """A JSON Lines input repaired in batches on two workers writes the same records and
    gives the same counts as one record at a time, also when it stops at a bad line."""
    path = tmp_path / "in.jsonl"
    path.write_text(data, encoding="utf-8")
    job = Job(str(path), mode="jsonl", skip_bad=skip_bad)
    fixer = Fixer.from_files()
    one_sink, two_sink = io.BytesIO(), io.BytesIO()
    one = process(fixer, job, one_sink)  # as --jobs 1 runs it
    two = run_jsonl_parallel(fixer, job, 2, two_sink)
    assert (one.documents, one.repairs, one.spun, one.bad_lines, one.error) == (
        two.documents, two.repairs, two.spun, two.bad_lines, two.error)
    assert (one, one_sink.getvalue()) == (two, two_sink.getvalue())
    assert one.spun == spun


@pytest.mark.parametrize(("args", "error", "message"), [
    ((None, [Job("a.txt")]), TypeError, "fixer must be a Fixer, not NoneType"),
    ((Fixer.from_files(), ["a.txt"]), TypeError, "jobs must hold Job records (fixer.batch.Job) only, not 'a.txt' (str)"),
    ((Fixer.from_files(), "a.txt"), TypeError, "jobs must be a Job (fixer.batch.Job) or a collection of them"),
    ((Fixer.from_files(), [Job("a.txt")], "2"), TypeError, "workers must be an int, not '2' (str)"),
    ((Fixer.from_files(), [Job("a.txt")], -3), ValueError, "workers must be 0 (one per core) or more, not -3"),
])
def test_run_batch_names_a_wrong_argument(args: tuple, error: type[Exception], message: str) -> None:
    """run_batch refuses what is not a Fixer, Jobs and a number of workers when it is
    called, saying what was passed, not from inside a batch."""
    with pytest.raises(error, match=re.escape(message)):
        run_batch(*args)


@pytest.mark.parametrize(("workers", "count"), [(0, 4), (1, 1), (3, 3), (8, 8), (9, 8), (10_000, 8)])
def test_worker_counts(workers: int, count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """How many processes *workers* (``--jobs``) starts, with 4 cores: 0 is one per core, as
    on the command line (in the library it ran everything in one process), and no more
    than twice the cores (``--jobs 64`` on JSON Lines from a pipe started 64)."""
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert usable_workers(workers) == worker_count(workers) == count


@pytest.mark.parametrize("args", [["fix", "--jobs", "2", "-o", "out", "a.txt", "b.txt"],
                                  ["fix", "--jsonl", "--jobs", "2", "c.jsonl"]], ids=["files", "jsonl"])
def test_workers_that_cannot_start_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    """No more processes allowed (a container's limit): one line naming the workers, not
    a failure to write to standard output, which was never written to."""
    import multiprocessing.process

    def refused(*_: object, **__: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.chdir(tmp_path)
    for name in ("a.txt", "b.txt"):
        Path(name).write_text("The White Home said so.\n", encoding="utf-8")
    Path("c.jsonl").write_text('{"text": "White Home"}\n' * 501, encoding="utf-8")  # two batches of lines
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refused)
    result = run(args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0] == (
        "fixer: error: cannot start 2 worker processes: Resource temporarily unavailable (try fewer --jobs)")


def _said(job: Job, sink: io.BytesIO, destination: Path | None = None) -> tuple[Outcome, list[tuple[int, bool, str]]]:
    """The outcome of *job* run with a ``say`` that notes, for each message, how much
    output *sink* held and whether *destination* existed when it was said."""
    said: list[tuple[int, bool, str]] = []
    outcome = process(FIXER, job, sink, lambda message: said.append(
        (len(sink.getvalue()), destination is not None and destination.exists(), message)))
    return outcome, said


@pytest.mark.parametrize("held", [fixer.batch.HELD_CHARS, 10])
def test_streamed_messages_are_said_as_they_come(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int) -> None:
    """With ``say``, the messages of a JSON Lines input go to it, none to the outcome:
    into standard output each after the record it is about and before the next; into a
    file once the file is written (held until then, past HELD_CHARS in a temporary file),
    the same messages; without ``say``, the same messages in the outcome."""
    monkeypatch.setattr(fixer.batch, "HELD_CHARS", held)
    records = ['{"text": "The White Home stated it."}', "{oops", '{"text": "Fact Social’s battle."}', '{"text": "clean"}']
    path = tmp_path / "în.jsonl"  # in each message that names the input: not ASCII
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    job = Job(str(path), "jsonl", explain=True, skip_bad=True)
    sink = io.BytesIO()
    outcome, said = _said(job, sink)
    assert outcome.error == "" and outcome.messages == () and outcome.bad_lines == 1
    ends = [m.end() for m in re.finditer(b"\n", sink.getvalue())]
    number = 0
    for written, _, message in said:  # a repair's line, then its entry's; a bad line's warning
        named = re.search(r"line (\d+)", message)
        number = int(named[1]) if named else number
        assert ends[number - 1] <= written < ends[number], (message, written, ends)
    assert len(said) == 5 and sum(path.name in message for _, _, message in said) == 3
    destination = tmp_path / "out.jsonl"
    written_first, file_said = _said(replace(job, destination=str(destination)), io.BytesIO(), destination)
    assert [message for _, _, message in file_said] == [message for _, _, message in said]
    assert all(exists for _, exists, _ in file_said) and written_first.repairs == outcome.repairs
    assert process(FIXER, job, io.BytesIO()).messages == tuple(message for _, _, message in said)


def test_streamed_messages_about_a_file_left_as_it_was_are_not_said(tmp_path: Path) -> None:
    """A bad line that stops a JSON Lines input written to a file: the file is not
    written, and nothing is said about the lines before it."""
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "The White Home stated it."}\n{oops\n', encoding="utf-8")
    destination = tmp_path / "out.jsonl"
    outcome, said = _said(Job(str(path), "jsonl", destination=str(destination), explain=True), io.BytesIO(), destination)
    assert "line 2: invalid JSON" in outcome.error
    assert said == [] and outcome.messages == () and not destination.exists()


# (label, file name or "-" for standard input, its bytes, Job options, the size the outcome gives)
SIZED = [
    ("text", "a.txt", "Fact Social \u2014 caf\u00e9\n".encode("utf-8") * 3, {}, None),
    ("html", "a.html", "<p>White Home caf\u00e9</p>".encode("utf-8"), {"mode": "html"}, None),
    ("json report", "a.txt", "White Home caf\u00e9\n".encode("utf-8"), {"report": "json"}, None),
    ("jsonl", "a.jsonl", '{"text": "White Home caf\\u00e9"}\n'.encode("utf-8") * 4, {"mode": "jsonl"}, None),
    ("utf-16", "a.txt", "\ufeffWhite Home\n".encode("utf-16-le"), {}, None),
    ("streamed", "big.txt", SEED_SPUN.encode("utf-8") * 2, {}, None),
    ("stdin, read whole", "-", "Fact Social \u2014 caf\u00e9\n".encode("utf-8"), {}, None),
    ("stdin, html", "-", "<p>White Home caf\u00e9</p>".encode("utf-8"), {"mode": "html"}, None),
    ("stdin, jsonl: read as it comes", "-", b'{"text": "White Home"}\n', {"mode": "jsonl"}, 0),
]


@pytest.mark.parametrize(("name", "data", "options", "size"), [c[1:] for c in SIZED], ids=[c[0] for c in SIZED])
def test_outcome_size_is_the_inputs_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes,
                                          options: dict[str, object], size: int | None) -> None:
    """Outcome.size counts bytes, whether the input was read whole (its characters were
    counted once) or in segments."""
    monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    if name == "-":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        path = name
    else:
        path = str(tmp_path / name)
        Path(path).write_bytes(data)
    outcome = process(FIXER, Job(path, **options), stdout=io.BytesIO())  # type: ignore[arg-type]
    assert outcome.error == "" and outcome.documents >= 1
    assert outcome.size == (len(data) if size is None else size)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_read_for_another_destination_is_no_edit_in_place(tmp_path: Path) -> None:
    """A Job that allows an edit in place but writes another file reads a pipe as any
    input: only a pipe that would be replaced is refused before it is read."""
    pipe, out = tmp_path / "pipe", tmp_path / "out.txt"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_bytes(b"The White Home stated it.\n"))
    writer.start()
    outcome = process(FIXER, Job(str(pipe), destination=str(out), in_place=True))
    writer.join(timeout=60)
    assert outcome.error == "" and out.read_text(encoding="utf-8") == "The White House stated it.\n"


@pytest.mark.parametrize(("size", "step"), [("whole", "_render"), ("streamed", "_stream_text")])
def test_an_edit_in_place_keeps_a_change_made_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        size: str, step: str) -> None:
    """Another program saves the file while it is repaired in place (during *step*, once
    the input is read): the file is left as that program saved it, and the run names it
    (the repair of what it held replaced it, and the change was lost without a word)."""
    path = tmp_path / "in.txt"
    path.write_text(SEED_SPUN * 3, encoding="utf-8")
    if size == "streamed":
        monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
    original = getattr(fixer.batch, step)

    def save_meanwhile(*args: Any, **kwargs: Any) -> Any:
        saved = tmp_path / "saved.tmp"
        saved.write_text("EDITED The White Home\n", encoding="utf-8")
        os.replace(saved, path)
        return original(*args, **kwargs)

    monkeypatch.setattr(fixer.batch, step, save_meanwhile)
    outcome = process(FIXER, Job(str(path), destination=str(path), in_place=True))
    assert outcome.error == f"{path}: changed while it was repaired; not replaced (run again to repair it as it is now)"
    assert path.read_text(encoding="utf-8") == "EDITED The White Home\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_json_lines_record_too_long_to_hold_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         jobs: int) -> None:
    """A line longer than MAX_RECORD_CHARS (binary input read as text: ``head -c 1G
    /dev/zero | fixer fix --jsonl`` took 2 GB of memory before "invalid JSON") stops the
    run, naming it, before it is read whole; a line as long as allowed is a record."""
    monkeypatch.setattr(fixer.batch, "MAX_RECORD_CHARS", 1000)
    longest = json.dumps({"text": "The White Home " + "x" * 972}) + "\n"
    assert len(longest) == 1000
    path = tmp_path / "in.jsonl"
    path.write_text(longest + json.dumps({"text": "y" * 1000}) + "\n", encoding="utf-8")
    out = io.BytesIO()
    outcome = process(FIXER, Job(str(path), mode="jsonl"), stdout=out, workers=jobs)
    assert outcome.error == f"{path}: line 2 is longer than 1,000 characters: not JSON Lines"
    if jobs == 1:  # each record written as it is read (in parallel, batches: the first one is not out yet)
        assert out.getvalue() == longest.replace("White Home", "White House").encode()


def test_an_edit_in_place_job_writing_another_file_compares_no_status(tmp_path: Path) -> None:
    """A Job that allows an edit in place but writes another file: the input's status
    says nothing of that file, which is written (it was refused as changed meanwhile)."""
    path, out = tmp_path / "in.txt", tmp_path / "out.txt"
    path.write_text("The White Home stated it.\n", encoding="utf-8")
    out.write_text("old\n", encoding="utf-8")
    outcome = process(FIXER, Job(str(path), destination=str(out), in_place=True))
    assert outcome.error == "" and out.read_text(encoding="utf-8") == "The White House stated it.\n"


@pytest.mark.parametrize(("path", "options"), [
    ("big.txt", {}),
    ("big.txt", {"destination": "big.txt", "in_place": True}),
    ("big.txt", {"destination": "out.txt"}),
    ("-", {"stream": True}),
], ids=["file", "in-place", "destination", "stdin-as-it-comes"])
def test_a_large_scan_writes_no_file_and_nothing_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str,
                                                      options: dict[str, Any]) -> None:
    """A scan report of a plain text over STREAM_BYTES, streamed in segments, returns the
    scan lines of a scan of the whole text: a destination is no file to write (the input
    stays as it was, no file is made), and bytes that the encoding reads but would write
    back otherwise (cp932: 87 90) are scanned, not refused: nothing is written back."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fixer.batch, "read_segments", lambda stream: read_segments(stream, limit=3000))
    raw = b"The White Home stated \x87\x90 today.\n" * 600
    Path("big.txt").write_bytes(raw)
    job = Job(path, report="scan", encoding="cp932", **options)
    outcomes = []
    for lowered in (False, True):
        if lowered:
            monkeypatch.setattr(fixer.batch, "STREAM_BYTES", 10_000)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
        outcomes.append(list(run_batch(FIXER, [job])))
    (whole,), (streamed,) = outcomes
    assert whole.error == "" and whole.output.count(b"'White Home' -> 'White House'") == 600
    assert (streamed.error, streamed.output) == ("", whole.output)
    assert Path("big.txt").read_bytes() == raw and [p.name for p in tmp_path.iterdir()] == ["big.txt"]
