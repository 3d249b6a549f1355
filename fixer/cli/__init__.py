"""The ``fixer`` command: a thin click shell over the library.

Exit codes: 0 success; 1 ``--check`` found a spun document, or ``glossary check`` an
entry's example that fails; 2 usage or input error
(one line on stderr, never a traceback); 129 hung up (SIGHUP: the terminal closed);
130 interrupted; 143 terminated (SIGTERM).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import signal
import sys
from types import FrameType
from typing import Any

import click

from .. import COMPILED
from ..errors import FixerError
from ..files import discard
from ..interrupts import hang_up_to_handle, ignore, signal_handlers

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
EXIT_HUNG_UP = 129
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

EPILOG = """\b
Exit codes:
  0  success
  1  --check: at least one document was judged spun; glossary check: an
     entry's example or negative sentence does not come out as written
  2  usage or input error (message on stderr)
  129, 130, 143  stopped by SIGHUP (the terminal closed), Ctrl-C, SIGTERM
"""


_COMMAND_MODULES = {"fix": "fix", "scan": "fix", "eval": "evaluation", "learn": "evaluation", "glossary": "glossary"}
"""The module of ``fixer.cli`` that defines each subcommand, imported when the command
is wanted: ``fixer fix`` starts without loading what ``eval``, ``learn`` and
``glossary`` need."""


class FixerGroup(click.Group):
    """A click group that turns fixer's own errors and the subcommands' usage errors
    into a one-line message and exit 2; a group of subcommands given none prints its
    help, as ``fixer`` alone does."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if self is main and cmd_name in _COMMAND_MODULES:
            importlib.import_module(f"{__name__}.{_COMMAND_MODULES[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        if self is main:
            for module in sorted(set(_COMMAND_MODULES.values())):
                importlib.import_module(f"{__name__}.{module}")
        return super().list_commands(ctx)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        for name, what in (("stdin", "standard input"), ("stdout", "standard output")):
            if getattr(sys, name) is None:  # the process was started with that descriptor closed
                setattr(sys, name, _Closed(what))
        if sys.stderr is None:  # no one to tell: messages are dropped, the exit code still says
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open for the whole run)
        stderr = sys.stderr
        sys.stderr = unfailing = _Unfailing(stderr)
        _buffer_raw_stdout()
        try:
            return super().main(*args, **kwargs)
        except SystemExit as exc:
            if unfailing.failed and exc.code in (None, EXIT_OK):  # what was to be said is lost: an error
                raise SystemExit(EXIT_ERROR) from None
            raise
        except FixerError as exc:  # before any subcommand ran: --version or --help into a closed stdout
            _say(f"fixer: error: {exc}")
            raise SystemExit(EXIT_ERROR) from None
        except BrokenPipeError:
            raise
        except OSError as exc:
            if exc.filename is not None:  # a file's problem that no command turned into a message
                _say(f"fixer: error: {exc.filename}: {exc.strerror or exc}")
                raise SystemExit(EXIT_ERROR) from None
            _cannot_write_stdout(exc)  # writing to standard output failed (click's own output too)
        finally:
            _flush_stdout()
            sys.stderr = stderr

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:  # an unknown option of the group itself (`fixer --bogus`)
            click.echo(f"fixer: error: {exc.format_message()} (see '{ctx.command_path} --help')", err=True)
            ctx.exit(EXIT_ERROR)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            # SIGTERM (kill, timeout, a service manager) and SIGHUP raise instead of ending
            # the process on the spot (see _stop_handlers)
            with signal_handlers(_stop_handlers()):
                return super().invoke(ctx)
        except FixerError as exc:
            click.echo(f"fixer: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # a group given no subcommand: its help, as `fixer` alone prints it
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:
            # an option given without its value is reported without the subcommand's context
            command = exc.ctx.command_path if exc.ctx is not None else _invoked_path(ctx)
            click.echo(f"fixer: error: {exc.format_message()} (see '{command} --help')", err=True)
            ctx.exit(EXIT_ERROR)
        except Terminated:
            click.echo("fixer: terminated", err=True)
            ctx.exit(EXIT_TERMINATED)
        except HungUp:
            with contextlib.suppress(OSError):  # the terminal may be gone
                click.echo("fixer: hung up", err=True)
            ctx.exit(EXIT_HUNG_UP)
        except KeyboardInterrupt:
            click.echo("fixer: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(EXIT_OK)


class _Unfailing:
    """Standard error for a run: a message that cannot be written (the disk of a log
    full, a reader gone) points it at the null device instead of stopping the work,
    and is remembered: a run that would exit 0 exits 2 instead (1, a spun document
    found, stands)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.failed = False

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError:
            self._lost()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            self._lost()

    def _lost(self) -> None:
        self.failed = True
        discard(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _invoked_path(ctx: click.Context) -> str:
    """The command path of the subcommand *ctx* was invoking ("fixer fix"), or its own."""
    return " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand)))


class Terminated(KeyboardInterrupt):
    """SIGTERM came: the run stops as on Ctrl-C (temporary files removed, worker
    processes stopped), with its own message and exit code."""


class HungUp(KeyboardInterrupt):
    """SIGHUP came (the terminal closed, an ssh session dropped): the run stops as on
    Ctrl-C, with its own message and exit code."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    _stopping()
    raise Terminated


def _hang_up(signum: int, frame: FrameType | None) -> None:
    _stopping()
    raise HungUp


def _stopping() -> None:
    """The run is stopping: a further SIGTERM or SIGHUP (GNU ``timeout`` signals the
    process and then its whole group) is ignored from now on, so that it cannot cut the
    stopping short (the worker processes left running, a temporary file left behind)."""
    for signum in _stop_handlers():
        signal.signal(signum, ignore)


def _stop_handlers() -> dict[int, Any]:
    """The handlers of SIGTERM and SIGHUP for the length of a command: they raise
    instead of ending the process on the spot, which would leave a file being written in
    place as a partial temporary file. A SIGHUP ignored when fixer started (``nohup``)
    stays ignored."""
    handlers: dict[int, Any] = {signal.SIGTERM: _terminate}
    hang_up = hang_up_to_handle()
    if hang_up is not None:
        handlers[hang_up] = _hang_up
    return handlers


class _Closed:
    """Stands for a standard stream the process was started without: any use of it
    is an input error naming it."""

    def __init__(self, what: str) -> None:
        self._what = what

    def __getattr__(self, attr: str) -> Any:
        raise FixerError(f"{self._what} is closed")

    def flush(self) -> None:
        """Nothing to flush (the interpreter flushes standard streams on exit)."""

    def close(self) -> None:
        """Nothing to close (worker processes close their standard input on start)."""


def _flush_stdout() -> None:
    """Write out what is left in standard output now rather than on the way out, so
    that a full disk is one error line and exit 2 (a closed pipe: nothing) instead of
    a traceback from the interpreter."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        discard(sys.stdout)
    except OSError as exc:
        _cannot_write_stdout(exc)


def _cannot_write_stdout(exc: OSError) -> None:
    discard(sys.stdout)
    _say(f"fixer: error: cannot write to standard output: {exc.strerror or exc}")
    raise SystemExit(EXIT_ERROR) from None


def _say(message: str) -> None:
    """Write an error line to standard error. Where that fails too (standard error
    itself is full or closed, which may be what failed), the exit code alone tells:
    standard error is pointed at the null device so that the interpreter does not
    fail on it again."""
    try:
        click.echo(message, err=True)
    except (OSError, ValueError):
        discard(sys.stderr)


def _buffer_raw_stdout() -> None:
    """Give standard output a buffer where Python leaves it raw (``PYTHONUNBUFFERED``,
    ``python -u``): a raw stream's ``write`` may take only part of the bytes (a full
    disk, a non-blocking pipe), and the rest were lost without a word. Text is still
    written at each line's end, and repaired text as each document or segment is."""
    stdout = sys.stdout
    if isinstance(stdout, io.TextIOWrapper) and isinstance(stdout.buffer, io.RawIOBase):
        binary = io.BufferedWriter(io.FileIO(stdout.buffer.fileno(), "wb", closefd=False))
        sys.stdout = io.TextIOWrapper(binary, encoding=stdout.encoding, errors=stdout.errors,
                                      line_buffering=True, write_through=True)


@click.group(cls=FixerGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fixer", prog_name="fixer",
                      message=f"%(prog)s, version %(version)s ({'compiled' if COMPILED else 'pure Python'})")
def main() -> None:
    """Repair text damaged by article spinners and paper-mill tortured phrases.

    \b
    fixer fix article.txt            repaired text on stdout
    fixer fix --diff article.txt     what would change, as a unified diff
    fixer scan article.txt           one line per repair and the spin score
    fixer glossary check mine.yaml   validate a glossary
    """
