"""``fixer fix`` and ``fixer scan``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import FixerError, InputError
from ..files import STDIN, encode, expand_inputs, read_document, same_file, write_atomic, write_output
from ..repair import Fixer, apply_repairs
from ..report import document_record, error_record, scan_lines, unified_diff
from . import EXIT_ERROR, EXIT_FOUND, main
from .common import build_fixer, glossary_options, io_options


def _inputs(files: tuple[str, ...], recursive: bool, pattern: str) -> list[tuple[str, str]]:
    return list(expand_inputs(files or (STDIN,), recursive, pattern))


def _emit(data: str) -> None:
    sys.stdout.write(data)
    sys.stdout.flush()


def _write_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _emit_json(record: dict[str, object]) -> None:
    _emit(json.dumps(record, ensure_ascii=False) + "\n")


@main.command("fix")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@glossary_options
@io_options
@click.option("-i", "--in-place", is_flag=True, help="Rewrite each file atomically (temp file + rename).")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False),
              help="Write repaired files here, mirroring the input names.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the repair records, one JSON object per document, instead of the text.")
@click.option("--explain", is_flag=True,
              help="After the text (on stderr), say why each change was made.")
@click.option("-r", "--recursive", is_flag=True, help="Walk directories given as FILES.")
@click.option("--glob", "pattern", default="*", show_default=True, help="With --recursive: which files.")
def fix_command(files: tuple[str, ...], glossaries: tuple[str, ...], no_default: bool, no_fuzzy: bool,
                force_gated: bool, disable: tuple[str, ...], protect: tuple[str, ...], encoding: str,
                errors: str, in_place: bool, output_dir: str | None, show_diff: bool, as_json: bool,
                explain: bool, recursive: bool, pattern: str) -> None:
    """Repair FILES (or standard input, "-") and write the result to stdout.

    \b
    Examples:
      fixer fix article.txt > repaired.txt
      cat article.txt | fixer fix -
      fixer fix --in-place a.txt b.txt
      fixer fix -r --glob '*.txt' -o repaired/ scraped/
      fixer fix --diff article.txt
    """
    if in_place and output_dir:
        raise click.UsageError("--in-place and --output-dir exclude each other")
    if sum((show_diff, as_json)) > 1:
        raise click.UsageError("--diff and --json exclude each other")
    inputs = _inputs(files, recursive, pattern)
    writes_files = in_place or output_dir
    if in_place and any(p == STDIN for p, _ in inputs):
        raise click.UsageError("--in-place needs files, not standard input")
    if len(inputs) > 1 and not (writes_files or show_diff or as_json):
        raise click.UsageError("several inputs: use --in-place, --output-dir, --diff or --json")
    fixer = build_fixer(glossaries, no_default, no_fuzzy, force_gated, disable, protect)
    failures = 0
    for path, rel in inputs:
        try:
            _fix_one(fixer, path, rel, encoding, errors, in_place, output_dir, show_diff, as_json, explain)
        except (FixerError, OSError) as exc:
            failures += 1
            message = str(exc) if isinstance(exc, FixerError) else f"{path}: {exc.strerror or exc}"
            if as_json:
                _emit_json(error_record(path, message))
            click.echo(f"fixer: error: {message}", err=True)
    if failures:
        sys.exit(EXIT_ERROR)


def _fix_one(fixer: Fixer, path: str, rel: str, encoding: str, errors: str, in_place: bool,
             output_dir: str | None, show_diff: bool, as_json: bool, explain: bool) -> None:
    text = read_document(path, encoding, errors)
    result = fixer.scan(text)
    fixed = apply_repairs(text, result.repairs)
    name = "<stdin>" if path == STDIN else path
    if as_json:
        _emit_json(document_record(name, text, result))
    elif show_diff:
        _emit(unified_diff(name, text, fixed))
    if explain:
        for line in scan_lines(name, text, result, explain=True):
            click.echo(line, err=True)
    data = encode(fixed, encoding, errors)
    if in_place:
        if fixed != text:
            write_atomic(path, data)
    elif output_dir:
        target = Path(output_dir) / rel
        if path != STDIN and same_file(path, target):
            raise InputError(f"{path}: output would overwrite the input (use --in-place for that)")
        write_output(target, data)
    elif not (as_json or show_diff):
        _write_bytes(data)


@main.command("scan")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@glossary_options
@io_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document (schema in the README).")
@click.option("--check", is_flag=True, help="Exit 1 when any document is judged spun (for filters).")
@click.option("--explain", is_flag=True, help="Also say which entry and condition made each repair.")
@click.option("-r", "--recursive", is_flag=True, help="Walk directories given as FILES.")
@click.option("--glob", "pattern", default="*", show_default=True, help="With --recursive: which files.")
def scan_command(files: tuple[str, ...], glossaries: tuple[str, ...], no_default: bool, no_fuzzy: bool,
                 force_gated: bool, disable: tuple[str, ...], protect: tuple[str, ...], encoding: str,
                 errors: str, as_json: bool, check: bool, explain: bool, recursive: bool, pattern: str) -> None:
    """Show what `fixer fix` would change in FILES, without changing anything.

    One line per repair (file:line:col: spun -> original [kind, exact|fuzzy score]) and
    a spin score per document: unambiguous spun phrases per 1,000 words.

    \b
    Examples:
      fixer scan article.txt
      fixer scan --json *.txt
      fixer scan --check article.txt && echo clean
    """
    fixer = build_fixer(glossaries, no_default, no_fuzzy, force_gated, disable, protect)
    spun = failures = 0
    for path, _ in _inputs(files, recursive, pattern):
        name = "<stdin>" if path == STDIN else path
        try:
            text = read_document(path, encoding, errors)
        except FixerError as exc:
            failures += 1
            if as_json:
                _emit_json(error_record(name, str(exc)))
            click.echo(f"fixer: error: {exc}", err=True)
            continue
        result = fixer.scan(text)
        spun += result.is_spun
        if as_json:
            _emit_json(document_record(name, text, result))
        else:
            for line in scan_lines(name, text, result, explain):
                _emit(line + "\n")
    if failures:
        sys.exit(EXIT_ERROR)
    if check and spun:
        sys.exit(EXIT_FOUND)
