"""``fixer eval`` and ``fixer learn``: measuring repair quality and learning glossaries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import click

from ..errors import WARNING, InputError
from ..evaluate import clean_edits, evaluate, unlike_pairs
from ..files import STDIN, make_parent, same_file
from ..formats.jsonl import dumps_for
from ..glossary import load_glossaries
from ..learn import glossary_text, learn, write_glossary
from ..pairs import pair_files, read_clean_texts, read_pairs
from ..report import shown_name
from . import main
from .common import FixerOptions, PathType, glossary_options


@main.command("eval")
@click.argument("spun", type=PathType(exists=True))
@click.argument("original", required=False, type=PathType(exists=True))
@glossary_options
@click.option("--clean", "clean_files", multiple=True, type=PathType(exists=True, dir_okay=False),
              help="Unspun text file, or JSON Lines file of {\"id\", \"text\"} records (.jsonl): report "
                   "false edits per 10,000 words (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="How many misses and wrong edits to list (--json lists them all).")
def eval_command(spun: str, original: str | None, fixer_options: FixerOptions,
                 clean_files: tuple[str, ...], as_json: bool, limit: int) -> None:
    """Repair SPUN and compare it with ORIGINAL: WER before/after, precision, recall.

    SPUN and ORIGINAL are two text files, two directories (files matched by name),
    or two JSON Lines files (records matched by "id", text in "text"). A single
    tab-separated file with columns page, spun_sentence, original_sentence is read
    as sentence pairs grouped into documents by page.

    \b
    Examples:
      fixer eval article.spun.txt article.original.txt
      fixer eval spun/ originals/ --json
      fixer eval pairs.tsv --clean clean.txt
    """
    fixer = fixer_options.build()
    report = evaluate(read_pairs(spun, original), fixer.fix)
    _warn_unlike(report.unlike())
    clean = clean_edits(read_clean_texts(clean_files), fixer.fix) if clean_files else None
    if as_json:
        data = report.to_dict()
        if clean is not None:
            data["clean"] = clean.to_dict()
        click.echo(dumps_for(data, indent=2))
        return
    click.echo(report.format_text(limit))
    if clean is not None:
        click.echo("clean text:")
        click.echo(clean.format_text(limit))


@main.command("learn")
@click.argument("spun", type=PathType(exists=True))
@click.argument("original", required=False, type=PathType(exists=True))
@click.option("-o", "--output", required=True, type=PathType(dir_okay=False),
              help="Where to write the learned glossary (YAML); '-' writes it to standard output, and the "
                   "summary to standard error.")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(min=1),
              help="Leave out phrases seen fewer times.")
@click.option("--json", "as_json", is_flag=True, help="Print what was learned, dropped and resolved as JSON.")
@click.option("-g", "--glossary", "glossaries", multiple=True, type=PathType(exists=True, dir_okay=False),
              help="A glossary the learned one will be used beside (repeatable): entries that would chain with "
                   "it are left out, as with the default glossary.")
@click.option("--no-default", is_flag=True,
              help="The learned glossary will be used without the default one: keep entries that would chain "
                   "with it.")
def learn_command(spun: str, original: str | None, output: str, min_count: int, as_json: bool,
                  glossaries: tuple[str, ...], no_default: bool) -> None:
    """Learn a glossary from SPUN texts and their ORIGINALs (same layouts as `fixer eval`).

    Entries are ranked by evidence, each with a kind and a proposed safety level
    (a phrase with a rare word is safe; single words and phrases of common words are
    gated: applied only in a document judged spun, or with --spun); conflicts and
    chains are resolved by evidence and reported; entries that would chain with the
    default glossary or one named with -g (which would then refuse to load beside the
    learned one) are left out. Review the file, check it on clean text (`fixer eval ... --clean`), then use
    it with --glossary.

    \b
    Example:
      fixer learn spun/ originals/ -o learned.yaml
      fixer fix --glossary learned.yaml new-article.txt
      fixer fix --glossary learned.yaml --spun known-spun-article.txt
    """
    to_stdout = output == STDIN
    if to_stdout and as_json:
        raise click.UsageError("--json and -o - would both write to standard output; write the glossary to a file")
    base = load_glossaries(glossaries, default=not no_default) if glossaries or not no_default else None
    if not to_stdout:
        _refuse_overwriting_inputs(output, spun, original, base.files if base is not None else ())
    pairs = read_pairs(spun, original)
    _warn_unlike(unlike_pairs(pairs))
    source = _source_name(spun) if original is None else f"{_source_name(spun)} / {_source_name(original)}"
    result = learn(pairs, source=source, min_count=min_count, base=base)
    if to_stdout:
        click.echo(glossary_text(result), nl=False)
        click.echo(result.format_text(), err=True)
        return
    make_parent(output)  # as `fixer fix --output-dir` does
    write_glossary(result, output)
    if as_json:
        click.echo(dumps_for(result.to_dict(), indent=2))
    else:
        click.echo(result.format_text())
        click.echo(f"written to {output}")


def _source_name(path: str) -> str:
    """How a learned glossary names an input it was learned from: the file's name, or
    the path as given for a descriptor (``<(...)`` gives ``/dev/fd/63``, named "63")."""
    name = Path(path).name
    return path if name.isdigit() else name


def _warn_unlike(unlike: list[tuple[str, float]]) -> None:
    """A warning on stderr for each pair whose two texts are most likely not the same
    document (by id, with the rate of words that differ: see
    :func:`fixer.evaluate.unlike_pairs`; the id as :func:`fixer.report.shown_name` shows it)."""
    for pair_id, rate in unlike:
        click.echo(f"{WARNING}{shown_name(pair_id)}: {_how_unlike(rate)}: are they the same document?", err=True)


def _how_unlike(rate: float) -> str:
    """How the texts of a pair with the word error rate *rate* differ (see :func:`_warn_unlike`)."""
    if rate == math.inf:
        return "the original has no words, but the spun text has"
    if rate > 1:
        return (f"the spun text differs from its original by more word edits than the original has words "
                f"(word error rate {rate:.0%})")
    return f"the spun text differs from its original in {rate:.0%} of the original's words"


def _refuse_overwriting_inputs(output: str, spun: str, original: str | None, glossaries: Sequence[str]) -> None:
    """Raise :class:`InputError` when *output* is one of the files being learned from
    (under any name, hard links included) or one of the *glossaries* learn reads (the
    default one), or would be written into a folder of inputs (its files would no
    longer pair up with the other folder's)."""
    for path in pair_files(spun, original):
        if same_file(output, path):
            raise InputError(f"-o {output} would overwrite the input file {path}; choose another output file")
    for glossary in glossaries:
        if same_file(output, glossary):
            raise InputError(f"-o {output} would overwrite the glossary {glossary}, which learn reads; choose another "
                             "output file")
    target = Path(output).resolve()
    for folder in (Path(p) for p in (spun, original) if p is not None and Path(p).is_dir()):
        if target.is_relative_to(folder.resolve()):
            raise InputError(f"-o {output} is inside the input folder {folder}, whose files would no longer pair "
                             "up with the other folder's; choose a file outside it")
