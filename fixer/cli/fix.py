"""``fixer fix`` and ``fixer scan``."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import click
from click.core import ParameterSource

from ..batch import Job, Outcome, Say, run_batch
from ..workers import worker_count
from ..errors import WARNING, InputError
from ..files import STDIN, discard, expand_inputs, input_name, input_size, pattern_problem, same_file
from ..formats.jsonl import dumps_for, field_names
from ..plural import counted
from ..repair import Fixer
from ..text import one_line
from ..report import error_record
from . import EXIT_ERROR, EXIT_FOUND, main
from .common import F, PathType, FixerOptions, input_files, glossary_options, io_options, with_options

_CLEAR_LINE = "\r\x1b[K"  # back to the start of the line, and erase it


def _patterns(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """The --glob patterns, checked: one that would leave the walked directory is a usage error."""
    for pattern in value:
        problem = pattern_problem(pattern)
        if problem is not None:
            raise click.BadParameter(f"{pattern!r}: {problem}")
    return value


def batch_options(quiet: str) -> Callable[[F], F]:
    """Options for choosing inputs and running a batch; *quiet*: the help of --quiet
    (what it leaves out)."""
    return lambda func: with_options(func, [
        click.option("-r", "--recursive", is_flag=True, help="Walk directories given as FILES."),
        click.option("--glob", "pattern", multiple=True, default=("*",), show_default=True, callback=_patterns,
                     help="With --recursive: which files to take, matched at any depth of the folder "
                          "as pathlib's rglob matches ('*.txt'; 'news/*.txt' takes the .txt files of "
                          "every folder named news; '**' or 'news/**', every file below, at any depth); "
                          "give it again for more patterns ('--glob *.txt "
                          "--glob *.md'). Hidden files and folders (.git) are left out unless the "
                          "pattern names them ('.*')."),
        click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=0),
                     help="Worker processes (0 = one per core; at most twice the cores); output "
                          "order and result are the same as with 1."),
        click.option("-q", "--quiet", is_flag=True, help=quiet),
    ])


def jsonl_options(verb: str, done: str, bad_lines: str) -> Callable[[F], F]:
    """Options for reading inputs as JSON Lines: --jsonl, --field and --skip-bad, whose
    help says what the command does to the fields (*verb*, *done*) and to bad lines."""
    def add(func: F) -> F:
        return with_options(func, [
            click.option("--jsonl", "is_jsonl", is_flag=True,
                         help=f"Inputs are JSON Lines: {verb} the --field fields of each record."),
            click.option("--field", "fields", multiple=True, metavar="NAME",
                         callback=lambda ctx, param, value: _fields(value),
                         help=f"With --jsonl: a string field to {verb} (repeatable; default: text); a name that "
                              "starts with / is a JSON Pointer to a nested one: /article/body, /paragraphs/0. "
                              f"A list of strings (paragraphs) is {done} as one document. "
                              "A record without it (or with null there) is left as it is."),
            click.option("--skip-bad", is_flag=True,
                         help=f"With --jsonl: {bad_lines} instead of stopping."),
        ])
    return add


def _check_formats(is_html: bool, is_jsonl: bool, **jsonl_only: object) -> None:
    """Refuse --html with --jsonl, and the options of *jsonl_only* (by name, with their
    values) given without --jsonl."""
    if is_html and is_jsonl:
        raise click.UsageError("--html and --jsonl exclude each other")
    if any(jsonl_only.values()) and not is_jsonl:
        names = [f"--{name.replace('_', '-')}" for name in jsonl_only]
        raise click.UsageError(f"{', '.join(names[:-1])} and {names[-1]} need --jsonl")


def _fields(names: tuple[str, ...]) -> tuple[str, ...]:
    """The --field names, checked (a malformed JSON Pointer is a usage error); an empty
    tuple when --field is not given (the command then repairs the text field)."""
    try:
        return field_names(names) if names else ()
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--field") from None


def _inputs(files: tuple[str, ...], recursive: bool, pattern: tuple[str, ...]
            ) -> tuple[list[tuple[str, str]], list[tuple[int, Outcome]]]:
    """Each input file as ``(path, relative name)``, and the failed outcome of each
    directory the walk could not read or that is named without *recursive*, with the
    number of input files found before it; a directory in which the walk finds no file (and
    reads every folder, and leaves out no link) is named in a warning on stderr."""
    if files.count(STDIN) > 1:
        raise click.UsageError("standard input ('-') can be read only once")
    glob_given = click.get_current_context().get_parameter_source("pattern") is not ParameterSource.DEFAULT
    if glob_given and not recursive:
        raise click.UsageError("--glob needs --recursive")
    inputs: list[tuple[str, str]] = []
    unreadable: list[tuple[int, Outcome]] = []
    left_out: list[str] = []

    def leave_out(path: str, why: str) -> None:
        left_out.append(path)
        click.echo(f"{WARNING}{path}: {why}", err=True)

    for name in files or (STDIN,):
        failed, skipped = len(unreadable), len(left_out)
        found: list[tuple[str, str]] = []  # a folder the walk cannot read is reported after the files found before it
        try:
            for item in expand_inputs((name,), recursive, pattern, lambda path, error: unreadable.append(
                    (len(inputs) + len(found), Outcome(path, error=str(error)))), leave_out):
                found.append(item)
        except InputError as exc:  # a directory named without --recursive: its own error; the other inputs are done
            unreadable.append((len(inputs), Outcome(name, error=str(exc))))
            continue
        if not found and len(unreadable) == failed and len(left_out) == skipped:  # only a directory walk finds nothing
            click.echo(f"{WARNING}{name}: no file in it matches {' or '.join(map(repr, pattern))}", err=True)
        inputs += found
    return inputs, unreadable


def _shows_progress(jobs: Sequence[Job], quiet: bool) -> bool:
    """Whether a run of *jobs* draws a progress bar: several inputs, on a terminal."""
    return not quiet and len(jobs) > 1 and sys.stderr.isatty()


def _say_for(jobs: Sequence[Job], quiet: bool) -> Say:
    """Where the messages of an input that streams go as they come: to stderr, after
    the output written before them, and on a line of its own below a progress bar."""
    clear = _CLEAR_LINE if _shows_progress(jobs, quiet) else ""

    def say(message: str) -> None:
        sys.stdout.buffer.flush()
        click.echo(clear + message, err=True)
    return say


def _progress(outcomes: Iterator[Outcome], jobs: Sequence[Job], quiet: bool) -> Iterator[Outcome]:
    """Pass *outcomes* through, drawing a progress bar on a terminal (files, MB, rate, ETA).
    The bar is taken off its line while an outcome is written and drawn again below, so
    output on the same terminal (standard output, messages) starts a line of its own."""
    if not _shows_progress(jobs, quiet):
        yield from outcomes
        return
    sizes = [max(1, input_size(j.path)) for j in jobs]
    start = time.monotonic()
    state = {"files": 0, "bytes": 0}

    def label(_: object) -> str:
        rate = state["bytes"] / 1e6 / max(time.monotonic() - start, 1e-6)
        return f"{state['files']}/{len(jobs)} files, {state['bytes'] / 1e6:.1f} MB, {rate:.1f} MB/s"

    with click.progressbar(length=sum(sizes), file=sys.stderr, item_show_func=label, show_eta=True) as bar:
        for outcome, size in zip(outcomes, sizes):
            state["files"] += 1
            state["bytes"] += size
            click.echo(_CLEAR_LINE, nl=False, err=True)
            yield outcome
            bar.update(size, outcome)


def _in_input_order(outcomes: Iterable[Outcome], places: Iterable[int], unreadable: list[tuple[int, Outcome]]
                    ) -> Iterator[Outcome]:
    """The *outcomes* of the jobs, one per input number in *places*, with the *unreadable*
    inputs (each after the number of inputs found before it) where they were named."""
    waiting = iter(unreadable)
    due = next(waiting, None)
    numbers = iter(places)
    for outcome in outcomes:  # to their end: a progress bar is drawn a last time there
        place = next(numbers)
        while due is not None and due[0] <= place:
            yield due[1]
            due = next(waiting, None)
        yield outcome
    if due is not None:
        yield due[1]
    yield from (outcome for _, outcome in waiting)


def _report(outcomes: Iterator[Outcome], as_json: bool, out: IO[bytes] | None = None) -> dict[str, int]:
    """Write each outcome's output to *out* (else standard output, looked up when there
    is output: it may be closed where files are written) and its messages (warnings,
    --explain lines) to standard error, and return the totals."""
    totals = {"documents": 0, "repairs": 0, "spun": 0, "errors": 0, "bad_lines": 0}
    try:
        _report_each(outcomes, as_json, totals, out)
    except BrokenPipeError:  # the reader closed standard output: stop quietly, but not as a success after an error
        if totals["errors"]:
            raise SystemExit(EXIT_ERROR) from None
        raise
    return totals


def _write_out(out: IO[bytes] | None, data: bytes) -> None:
    """Write *data* to *out*, else to standard output, at once."""
    sink = out if out is not None else sys.stdout.buffer
    sink.write(data)
    sink.flush()


class _UntilClosed(io.RawIOBase):
    """Standard output *out* for ``scan --check``: once the reader has closed it, what
    is written is dropped, so that every document is still judged for the exit code
    (``fixer scan --check big.txt | head -1``)."""

    def __init__(self, out: IO[bytes]) -> None:
        super().__init__()
        self._out: IO[bytes] | None = out

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self._out is not None:
            try:
                self._out.write(data)
                self._out.flush()
            except BrokenPipeError:
                self._out = None
                discard(sys.stdout)  # what it still holds would fail again on the way out
        return len(data)


def _add(totals: dict[str, int], outcome: Outcome) -> None:
    """Count *outcome* in *totals*."""
    totals["errors"] += bool(outcome.error)
    for key in ("documents", "repairs", "spun", "bad_lines"):
        totals[key] += getattr(outcome, key)


def _report_each(outcomes: Iterator[Outcome], as_json: bool, totals: dict[str, int], out: IO[bytes] | None) -> None:
    """:func:`_report`, adding to *totals* as it goes (each outcome before its output)."""
    for outcome in outcomes:
        _add(totals, outcome)
        if outcome.output:  # a failure to write is one error line (see FixerGroup.main)
            _write_out(out, outcome.output)
        for message in outcome.messages:
            click.echo(message, err=True)
        if outcome.error:
            if as_json:
                record = error_record(input_name(outcome.path), outcome.error)
                _write_out(out, (dumps_for(record) + "\n").encode())
            click.echo(f"fixer: error: {outcome.error}", err=True)


def _summary(totals: dict[str, int]) -> str:
    line = (f"fixer: {counted(totals['documents'], 'document')}, {counted(totals['repairs'], 'repair')}, "
            f"{totals['spun']} spun, {counted(totals['errors'], 'error')}")
    return line + (f", {counted(totals['bad_lines'], 'bad line')} passed through" if totals["bad_lines"] else "")


@main.command("fix")
@click.argument("files", nargs=-1, type=input_files())
@glossary_options
@io_options
@click.option("-i", "--in-place", is_flag=True, help="Rewrite each file atomically (temp file + rename).")
@click.option("-o", "--output-dir", type=PathType(file_okay=False),
              help="Write repaired files here, mirroring the input names (and the tree, with -r).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the repair records, one JSON object per document, instead of the text.")
@click.option("--explain", is_flag=True, help="Say on stderr why each change was made (entry file:line, condition).")
@click.option("--stream", is_flag=True,
              help="Repair standard input (or a pipe) as it comes, a segment of about 1 MB at a time, instead of "
                   "reading it all first (over 16 MB: into a temporary file): for endless or very large streams. "
                   "A byte that does not decode then stops the output part way (exit 2). Plain text only; "
                   "JSON Lines always stream.")
@click.option("--html", "is_html", is_flag=True, help="Inputs are HTML: repair text nodes only.")
@jsonl_options("repair", "repaired", "pass bad lines through unchanged (each named in a warning on stderr, "
                                       "and counted in the summary line)")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="With --jsonl: repair on a Dask cluster, the scheduler at ADDRESS (tcp://host:8786) "
                   "or 'local' (a local cluster of --jobs processes; needs: pip install 'fixer[dask]').")
@batch_options("No progress bar and no summary line.")
def fix_command(files: tuple[str, ...], fixer_options: FixerOptions, encoding: str,
                errors: str, in_place: bool, output_dir: str | None, show_diff: bool, as_json: bool,
                explain: bool, stream: bool, is_html: bool, is_jsonl: bool, fields: tuple[str, ...], skip_bad: bool,
                dask_address: str | None, recursive: bool, pattern: tuple[str, ...], jobs: int, quiet: bool) -> None:
    """Repair FILES (or standard input, "-") and write the result to stdout.

    Text outside the repaired phrases is kept byte for byte (line endings, BOM,
    whitespace). Large files (and standard input) are streamed in bounded memory, in
    plain-text output; --html, --json and --diff hold the whole text.

    \b
    Examples:
      fixer fix article.txt > repaired.txt
      cat article.txt | fixer fix -
      crawler --text | fixer fix --stream - > repaired.txt
      fixer fix --in-place a.txt b.txt
      fixer fix -r --glob '*.txt' -o repaired/ scraped/
      fixer fix --diff article.txt
      fixer fix --jsonl --field text --field title crawl.jsonl > fixed.jsonl
      fixer fix --html page.html
      fixer fix --jsonl --dask tcp://scheduler:8786 crawl.jsonl > fixed.jsonl
    """
    if in_place and output_dir:
        raise click.UsageError("--in-place and --output-dir exclude each other")
    if show_diff and as_json:
        raise click.UsageError("--diff and --json exclude each other")
    if dask_address is not None and not dask_address.strip():
        raise click.BadParameter("give the scheduler's address, or 'local'", param_hint="--dask")
    _check_formats(is_html, is_jsonl, field=fields, skip_bad=skip_bad, dask=dask_address)
    if is_jsonl and (show_diff or as_json):
        raise click.UsageError("--jsonl writes records; --diff and --json are for text and HTML")
    if stream and (show_diff or as_json or is_html):
        raise click.UsageError("--stream is for plain text: --diff, --json and --html hold the whole text")
    if (show_diff or as_json) and (in_place or output_dir):
        raise click.UsageError("--diff and --json print to stdout and change no file; leave out --in-place and --output-dir")
    inputs, unreadable = _inputs(files, recursive, pattern)
    if in_place and any(p == STDIN for p, _ in inputs):
        raise click.UsageError("--in-place needs files, not standard input")
    writes_files = bool(in_place or output_dir)
    if len(inputs) > 1 and not (writes_files or show_diff or as_json):
        raise click.UsageError("several inputs: use --in-place or --output-dir" if is_jsonl else
                               "several inputs: use --in-place, --output-dir, --diff or --json")
    fixer = fixer_options.build()
    report = "json" if as_json else "diff" if show_diff else "text"
    mode = "html" if is_html else "jsonl" if is_jsonl else "text"
    batch = [
        Job(path, mode, report,
            destination=path if in_place else str(Path(output_dir) / rel) if output_dir and report == "text" else None,
            in_place=in_place,
            encoding=encoding, errors=errors, fields=tuple(dict.fromkeys(fields)) or ("text",), skip_bad=skip_bad,
            explain=explain, stream=stream)
        for path, rel in inputs
    ]
    places = {id(job): i for i, job in enumerate(batch)}  # each job's input, by number
    batch = _each_file_once(batch)
    _refuse_shared_destinations(batch)
    _refuse_writing_glossaries(batch, fixer.glossary.files)
    workers = worker_count(jobs)
    stdout = None if writes_files else sys.stdout.buffer  # what runs here streams into it; workers' output comes back
    with _logs_off() if dask_address else contextlib.nullcontext():
        if dask_address:
            outcomes = _on_dask(dask_address, jobs, fixer, fixer_options, batch, _say_for(batch, quiet))
        else:
            outcomes = run_batch(fixer, batch, workers, stdout, _say_for(batch, quiet))
        totals = _report(_in_input_order(_progress(outcomes, batch, quiet), [places[id(j)] for j in batch], unreadable),
                         as_json)
    if not quiet and (len(batch) > 1 or writes_files or mode == "jsonl"):
        click.echo(_summary(totals), err=True)
    if totals["errors"]:
        sys.exit(EXIT_ERROR)


def _file_key(path: str) -> str:
    """*path* with its links resolved, as a key that names the file it reaches."""
    return os.path.normcase(os.path.realpath(path))


def _each_file_once(batch: list[Job]) -> list[Job]:
    """*batch* less the in-place jobs and the diffs of a file that an earlier one edits
    or diffs under another name (a link to it in a folder given with -r, the same file
    named twice), which would repair it twice over, and with --jobs by two workers at
    once, or give a patch that changes it twice."""
    edited: set[str] = set()
    out = []
    for job in batch:
        if (job.in_place or job.report == "diff") and job.path != STDIN:
            key = _file_key(job.path)
            if key in edited:
                continue
            edited.add(key)
        out.append(job)
    return out


def _refuse_shared_destinations(batch: Sequence[Job]) -> None:
    """Refuse a batch in which two inputs would be written to the same file, or one
    input's output would overwrite another input."""
    inputs = {_file_key(job.path): job.path for job in batch if job.path != STDIN}
    first: dict[str, str] = {}
    for job in batch:
        if job.destination is None or job.in_place:
            continue
        target = _file_key(job.destination)
        if target in first:
            raise click.UsageError(f"{first[target]} and {job.path} would both be written to {job.destination}")
        if target in inputs and inputs[target] != job.path:
            raise click.UsageError(f"the output of {job.path} would overwrite the input {inputs[target]}")
        first[target] = job.path


def _refuse_writing_glossaries(batch: Sequence[Job], glossaries: Sequence[str]) -> None:
    """Refuse a batch that would write over a glossary file the run uses (named with
    --glossary, included by one, or the default one): its spun forms, examples and
    negative sentences would be repaired into their originals, and it would no longer load."""
    for job in batch:
        if job.destination is not None and any(same_file(job.destination, path) for path in glossaries):
            raise click.UsageError(f"{job.destination} is a glossary this run uses: writing it would turn its spun "
                                   "forms into their originals; leave it out of the inputs (e.g. with --glob '*.txt')")


@contextlib.contextmanager
def _logs_off() -> Iterator[None]:
    """While in the block, this process logs nothing short of critical: a Dask client
    logs its attempts to reach a lost scheduler, with tracebacks, and fixer reports
    what fails itself, in one line."""
    import logging  # loaded with Dask only: a shorter start for the rest

    previous = logging.root.manager.disable
    logging.disable(logging.ERROR)
    try:
        yield
    finally:
        logging.disable(previous)


def _on_dask(address: str, jobs: int, fixer: Fixer, options: FixerOptions, batch: Sequence[Job],
             say: Say) -> Iterator[Outcome]:
    """Run the JSON Lines jobs of *batch*, one after another, on the Dask cluster at
    *address* ("local": a new one of *jobs* worker processes, 0 = one per core), which
    is reached (or started) before the first; their messages go to *say*."""
    try:
        from ..dask import FixerSpec, connect, fix_jsonl
    except ImportError as exc:
        raise InputError(str(exc)) from None
    spec = FixerSpec.of(options.glossaries, default=options.default, config=fixer.config)
    try:
        client = connect(address, jobs)
    except Exception as exc:  # whatever distributed raises for an address or a cluster it cannot use
        failed = "cannot start a local Dask cluster" if address == "local" else \
            f"cannot reach the Dask scheduler at {address}"
        raise InputError(f"{failed}: {one_line(str(exc)) or type(exc).__name__}") from None
    if not client.scheduler_info().get("workers"):
        say(f"{WARNING}the Dask cluster at {address} has no worker yet: its work waits for one to join")
    return _outcomes_on(client, batch, lambda job: fix_jsonl(client, spec, job, sys.stdout.buffer, say))


def _outcomes_on(client: Any, batch: Sequence[Job], run: Callable[[Job], Outcome]) -> Iterator[Outcome]:
    """The outcome of *run* for each job of *batch*; *client* is closed once the last
    has run, before it is reported (what closing the cluster logs comes first)."""
    try:
        for i, job in enumerate(batch, 1):
            outcome = run(job)
            if i == len(batch):
                client.close()
            yield outcome
    finally:
        client.close()


@main.command("scan")
@click.argument("files", nargs=-1, type=input_files())
@glossary_options
@io_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document (schema in the README).")
@click.option("--check", is_flag=True, help="Exit 1 when any document is judged spun (for filters). Not the "
              "same as 'fix would change it': a safe repair can change a document not judged spun, and a "
              "document in another language is only reported.")
@click.option("--explain", is_flag=True, help="Also say which entry and condition made each repair.")
@click.option("--html", "is_html", is_flag=True, help="Inputs are HTML: scan text nodes only.")
@jsonl_options("scan", "scanned", "leave bad lines out (each named in a warning on stderr)")
@batch_options("No progress bar.")
def scan_command(files: tuple[str, ...], fixer_options: FixerOptions, encoding: str,
                 errors: str, as_json: bool, check: bool, explain: bool, is_html: bool, is_jsonl: bool,
                 fields: tuple[str, ...], skip_bad: bool, recursive: bool, pattern: tuple[str, ...], jobs: int,
                 quiet: bool) -> None:
    """Show what `fixer fix` would change in FILES, without changing anything.

    One line per repair (file:line:col: spun -> original [kind, exact|fuzzy score], a
    line break or other run of whitespace in either shown as one space) and a spin
    score per document: unambiguous spun phrases per 1,000 words, a document under
    100 words counted as 100 words ("The energy crops" scores 10, not 333).
    With --jsonl each --field of each record is a document, named
    "file: line N, field F" (F[i] for a string of a list field); with --json its
    object also has "record_line" and "field".

    \b
    Examples:
      fixer scan article.txt
      fixer scan --json *.txt
      fixer scan --check article.txt && echo "not spun"
      fixer scan --jsonl --field title --field text crawl.jsonl
    """
    _check_formats(is_html, is_jsonl, field=fields, skip_bad=skip_bad)
    if check and fixer_options.config.force_gated:
        raise click.UsageError("--spun treats every document as spun, so --check would always exit 1; leave one out")
    fixer = fixer_options.build()
    inputs, unreadable = _inputs(files, recursive, pattern)
    batch = [Job(path, "html" if is_html else "jsonl" if is_jsonl else "text", "json" if as_json else "scan",
                 encoding=encoding, errors=errors, fields=tuple(dict.fromkeys(fields)) or ("text",),
                 skip_bad=skip_bad, explain=explain)
             for path, _ in inputs]
    workers = worker_count(jobs)
    out = io.BufferedWriter(_UntilClosed(sys.stdout.buffer)) if check else sys.stdout.buffer
    outcomes = run_batch(fixer, batch, workers, out, _say_for(batch, quiet))
    totals = _report(_in_input_order(_progress(outcomes, batch, quiet), range(len(batch)), unreadable), as_json, out)
    if totals["errors"]:
        sys.exit(EXIT_ERROR)
    if check and totals["spun"]:
        sys.exit(EXIT_FOUND)
