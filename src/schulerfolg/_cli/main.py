"""The ``schulerfolg`` command line: reading it, running its command, and the one place where
errors become messages and exit codes.

Exit codes (public API, see docs/cli.md): 0 eligible (or success), 1 ineligible, 2 invalid
input or usage, 3 a rule or plugin failed, 4 internal error.  Messages go to stderr; no input
makes it print a traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Final, TextIO, cast

from schulerfolg._cli.exits import EXIT_INTERNAL, EXIT_INVALID, EXIT_RULE_FAILED
from schulerfolg._cli.options import requested_language, speaking
from schulerfolg._cli.parser import build_parser
from schulerfolg._cli.streams import (
    GuardedOutput,
    QuietErrors,
    fit_standard_streams,
    silence_gone_stdout,
)
from schulerfolg._core.i18n import N_
from schulerfolg.errors import (
    DocumentError,
    OverlayError,
    PluginError,
    RuleError,
    SchulerfolgError,
    Text,
    described,
)

#: A command's runner: the parsed command line, standard input and output; the exit code.
Runner = Callable[..., int]


def _runner(name: str) -> Runner:
    """The function ``"module:function"`` names (imported now: only the command that runs)."""
    module, _, function = name.partition(":")
    runner: Runner = getattr(importlib.import_module(module), function)
    return runner


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    return run_command(argv, stdin=stdin, stdout=stdout, stderr=stderr)


def run_command(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    ready: Callable[[], None] | None = None,
) -> int:
    """:func:`main`, calling ``ready`` once the command line is read and its command's modules
    are imported, just before the command runs (the console script's hook:
    :mod:`schulerfolg._cli.console`)."""
    if stdout is None and stderr is None:
        # The process's own streams (not a caller's): able to take every text we write.
        fit_standard_streams(sys.stdout, sys.stderr)
    stdin = stdin or sys.stdin
    # Write errors of stdout (a full disk, a closed stream) are said as such, never internal.
    own_stdout = stdout is None
    guarded = GuardedOutput(stdout if stdout is not None else sys.stdout)
    stdout = cast(TextIO, guarded)
    # A message that cannot be written must not change the exit code.
    stderr = cast(TextIO, QuietErrors(stderr if stderr is not None else sys.stderr))
    language = requested_language(sys.argv[1:] if argv is None else argv)
    try:
        # argparse writes usage errors, --help and --version to sys.stdout/sys.stderr, and
        # leaves by SystemExit; no other SystemExit is taken for an argparse exit.
        try:
            with (
                speaking(language),
                contextlib.redirect_stdout(stdout),
                contextlib.redirect_stderr(stderr),
            ):
                args = build_parser().parse_args(argv)
        except SystemExit as exc:
            return int(exc.code) if isinstance(exc.code, int) else EXIT_INVALID
        args.stderr = stderr
        # The last --lang, wherever it stands (before or after the command), else the locale's.
        args.lang = language
        runner = _runner(args.run)
        if ready is not None:
            ready()
        code = int(runner(args, stdin, stdout))
        stdout.flush()  # here, so that a failing write is reported, not lost at exit
        if guarded.gone and own_stdout:
            silence_gone_stdout()
        # The reader went away (`schulerfolg check … | head -1`): the rest of the output was
        # dropped, and the exit code is still the command's own.
        return code
    except DocumentError as exc:
        return _fail(stderr, language, EXIT_INVALID, _INVALID_INPUT, exc)
    except (RuleError, OverlayError, PluginError) as exc:
        return _fail(stderr, language, EXIT_RULE_FAILED, _PLAIN, exc)
    except SchulerfolgError as exc:
        return _fail(stderr, language, EXIT_INVALID, _PLAIN, exc)
    except KeyboardInterrupt:
        stderr.write(_said(language, _INTERRUPTED) + "\n")
        return EXIT_INTERNAL
    except Exception as exc:
        text = Text(_INTERNAL, {"error": Text.plain(described(exc))})
        stderr.write(_said(language, text) + "\n")
        return EXIT_INTERNAL


_INVALID_INPUT: Final = N_("schulerfolg: invalid input: {message}")
_PLAIN: Final = N_("schulerfolg: {message}")
_INTERRUPTED: Final = N_("schulerfolg: interrupted")
_INTERNAL: Final = N_("schulerfolg: internal error ({error}); please report it")


def _said(language: str, text: Text | str) -> str:
    # Texts for people only when something went wrong: the renderer's modules (babel's dates,
    # money) are not needed for a help text.
    from schulerfolg._core.texts import render_text

    return render_text(text if isinstance(text, Text) else Text(text), language)


def _fail(stderr: TextIO, language: str, code: int, template: str, exc: SchulerfolgError) -> int:
    """Say what went wrong, in the language of the run; the exit code."""
    from schulerfolg._core.texts import message_text  # (the same reason)

    message = Text.plain(message_text(exc, language))
    stderr.write(_said(language, Text(template, {"message": message})) + "\n")
    return code
