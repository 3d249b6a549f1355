"""``fixer glossary check|stats|show``."""

from __future__ import annotations

import json

import click

from ..errors import WARNING
from ..glossary import load_glossaries, load_glossary
from ..glossary_stats import check_examples, explain_phrase, glossary_stats
from ..plural import counted
from ..repair import Fixer, alternatives_as_originals
from . import EXIT_FOUND, main
from .common import FixerOptions, PathType, glossary_options


@main.group("glossary")
def glossary_group() -> None:
    """Validate and inspect glossaries."""


@glossary_group.command("check")
@click.argument("files", nargs=-1, required=True, type=PathType(dir_okay=False, read=True))
@click.option("--no-default", is_flag=True,
              help="Check FILES without the bundled default glossary under them, as `fixer fix --no-default -g FILE` "
                   "reads them.")
def check_command(files: tuple[str, ...], no_default: bool) -> None:
    """Validate glossary FILES (and, layered with the default unless --no-default,
    check for chains), then run their entries' examples and negative sentences.

    Errors name the file and line; exit 2 on the first one. Nothing is reported ok
    until every file loads, alone and layered.

    The examples and negative sentences of each FILE's entries are run with the
    default glossary under that FILE (unless --no-default), as `fixer fix -g FILE`
    would: each example must be
    repaired exactly as written (a gated entry's in a document judged spun), each
    negative sentence must come out unchanged and the entry must not fire on it even
    in a spun document. Each one that fails is a line `FILE:LINE: example ...` (or
    `negative example ...`) on stdout, and the exit status is 1.

    A spun form that a FILE and the files it includes define with different originals
    is named in a warning on stderr: the last definition is used (includes come
    before the file's own entries). So is an alternative original that holds another
    entry's spun form, which makes a chain with --ngrams only.
    """
    loaded = []
    for name in files:
        overrides: list[str] = []
        glossary = load_glossary(name, overrides)
        Fixer(glossary)
        loaded.append(glossary)
        for message in overrides:
            click.echo(f"{WARNING}{message}", err=True)
    # each as `fix -g FILE` reads it: under the default, unless --no-default
    layered = [Fixer.from_files([name], default=not no_default) for name in files]
    if len(files) > 1:
        Fixer(load_glossaries(files, default=not no_default))
    failed = False
    for name, glossary, fixer in zip(files, loaded, layered):
        mine = set(glossary.files)
        own = [e for e in fixer.glossary.entries if e.file in mine]
        for entry, other, form in fixer.chains(alternatives_as_originals(own)):
            click.echo(f"{WARNING}{entry.location}: alternative {entry.original!r} contains spun form {form!r} of the "
                       f"entry at {other.location}: with --ngrams, which may write it, the glossary is refused "
                       "(a chain)", err=True)
        failures = check_examples(fixer, own)
        for failure in failures:
            click.echo(str(failure))
        if not failures:
            click.echo(f"{name}: ok ({counted(len(glossary), 'entry', 'entries')})")
        failed = failed or bool(failures)
    if failed:
        raise SystemExit(EXIT_FOUND)


@glossary_group.command("stats")
@click.option("-g", "--glossary", "glossaries", multiple=True, type=PathType(dir_okay=False, read=True),
              help="Glossary file to describe (repeatable); the default glossary unless --no-default.")
@click.option("--no-default", is_flag=True, help="Leave the bundled default glossary out.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats_command(glossaries: tuple[str, ...], no_default: bool, as_json: bool) -> None:
    """Entries by kind and safety, spun forms, conditions, the longest phrase."""
    stats = glossary_stats(load_glossaries(glossaries, default=not no_default))
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(value)
        click.echo(f"{key.replace('_', ' ')}: {value}")


@glossary_group.command("show")
@click.argument("phrase")
@glossary_options
def show_command(phrase: str, fixer_options: FixerOptions) -> None:
    """Which entry would fire on PHRASE, and why.

    \b
    Example:
      fixer glossary show "the White Home stated"
    """
    if not phrase.strip():
        raise click.BadParameter("give a phrase or a sentence to explain, not an empty one", param_hint="PHRASE")
    fixer = fixer_options.build()
    for line in explain_phrase(fixer, phrase):
        click.echo(line)
