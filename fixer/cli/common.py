"""Options shared by several subcommands."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import click

from ..config import Config, first_blank
from ..files import check_encoding
from ..repair import Fixer

F = TypeVar("F", bound=Callable[..., Any])


class PathType(click.Path):
    """:class:`click.Path` that refuses an empty name, which the file system reads as
    the current folder (an unset shell variable would make ``fixer fix -r -i ""``
    rewrite it), where a file is wanted, a name ending in a slash, and "-" for an input
    where standard input is not read (click took it for a missing file of that name):
    one that must exist, or one that is *read* (a glossary, whose absence the loader
    reports in its turn)."""

    def __init__(self, *args: Any, read: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read = read

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "":
            self.fail("an empty path names no file", param, ctx)
        if value == "-" and (self.exists or self.read) and not self.allow_dash:
            self.fail("standard input ('-') is not read here: give a file", param, ctx)
        if not self.dir_okay and value.endswith(("/", os.sep)):
            self.fail(f"{value!r} names a folder; give a file name", param, ctx)
        return super().convert(value, param, ctx)


def input_files() -> PathType:
    """The type of the ``FILES`` argument: existence and permissions are not checked
    here, so that a file that cannot be read is an error in its turn and the other
    files of a batch are still done."""
    return PathType(allow_dash=True, readable=False)


def with_options(func: F, options: Sequence[Callable[[F], F]]) -> F:
    """*func* with the click *options* added, shown in ``--help`` in the order given."""
    for option in reversed(options):
        func = option(func)
    return func


@dataclass(frozen=True)
class FixerOptions:
    """What the glossary options of a command ask for (see :func:`glossary_options`)."""

    glossaries: tuple[str, ...]
    default: bool
    config: Config

    def build(self) -> Fixer:
        """The Fixer these options describe; an unknown ``--disable`` form is a usage error."""
        try:
            return Fixer.from_files(self.glossaries, default=self.default, config=self.config)
        except ValueError as exc:  # the one value a built Config can still get wrong: see check_disable
            if not self.config.disable:
                raise
            raise click.BadParameter(str(exc), param_hint="--disable") from None


def glossary_options(func: F) -> F:
    """Add the options that choose glossaries and matching behaviour; the command gets
    them as one ``fixer_options`` (:class:`FixerOptions`)."""
    @functools.wraps(func)
    def command(*args: Any, glossaries: tuple[str, ...], no_default: bool, no_fuzzy: bool, force_gated: bool,
                any_language: bool, ngrams: bool, disable: tuple[str, ...], protect: tuple[str, ...],
                **kwargs: Any) -> Any:
        config = Config(fuzzy=not no_fuzzy, force_gated=force_gated, english_only=not any_language, ngrams=ngrams,
                        disable=frozenset(disable), protect=protect)
        return func(*args, fixer_options=FixerOptions(glossaries, not no_default, config), **kwargs)

    return with_options(cast(F, command), [
        click.option("-g", "--glossary", "glossaries", multiple=True, type=PathType(dir_okay=False, read=True),
                     help="Extra glossary file, layered over the default one (repeatable; later wins)."),
        click.option("--no-default", is_flag=True, help="Leave the bundled default glossary out."),
        click.option("--no-fuzzy", is_flag=True, help="Exact matches only (no typo-tolerant matching)."),
        click.option("--spun", "force_gated", is_flag=True,
                     help="Treat every document as spun: apply gated entries without the spin gate."),
        click.option("--any-language", is_flag=True,
                     help="Also repair documents that do not read as English (by default one of 40 words "
                          "or more whose function words are more often another language's than English, "
                          "at least 5% of its words, only gets its repairs reported)."),
        click.option("--ngrams", is_flag=True,
                     help="Let word bigram statistics veto single-word repairs that fit their context "
                          "far worse than the spun word, about 20 times less likely (needs: pip install 'fixer[ngrams]')."),
        click.option("--disable", multiple=True, metavar="FORM",
                     help="Never apply the entry with this spun form (or its singular or plural, as "
                          "scan shows it) or id, 'SPUN -> ORIGINAL' as scan --json shows it (repeatable; one that no "
                          "entry has is an error)."),
        click.option("--protect", multiple=True, metavar="PHRASE", callback=_phrases,
                     help="Never touch this phrase, found as whole words (repeatable)."),
    ])


def _phrases(ctx: click.Context, param: click.Parameter, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The --protect *phrases*; an empty or blank one is a usage error (it would protect nothing)."""
    blank = first_blank(phrases)
    if blank is not None:
        raise click.BadParameter(f"an empty or blank phrase protects nothing: {blank!r}")
    return phrases


def io_options(func: F) -> F:
    """Add --encoding and --errors."""
    return with_options(func, [
        click.option("--encoding", default="utf-8", show_default=True, callback=_text_encoding,
                     help="Encoding of input and output files (e.g. latin-1)."),
        click.option("--errors", type=click.Choice(["strict", "surrogateescape"]), default="strict",
                     show_default=True,
                     help="What to do with bytes that are not valid in the encoding: refuse the "
                          "file, or carry them through unchanged."),
    ])


def _text_encoding(ctx: click.Context, param: click.Parameter, name: str) -> str:
    """*name* if it is a text encoding for files (see :func:`fixer.files.check_encoding`)."""
    try:
        check_encoding(name)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return name
