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
from typing import TextIO

from schulerfolg._cli.exits import EXIT_ELIGIBLE, EXIT_INTERNAL, EXIT_INVALID, EXIT_RULE_FAILED
from schulerfolg._cli.options import requested_language, speaking
from schulerfolg._cli.parser import build_parser
from schulerfolg.errors import (
    DocumentError,
    OverlayError,
    PluginError,
    RuleError,
    SchulerfolgError,
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
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
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
        return int(_runner(args.run)(args, stdin, stdout))
    except BrokenPipeError:  # the reader went away (`schulerfolg rules … | head`): not an error
        return EXIT_ELIGIBLE
    except DocumentError as exc:
        stderr.write(f"schulerfolg: invalid input: {exc}\n")
        return EXIT_INVALID
    except (RuleError, OverlayError, PluginError) as exc:
        stderr.write(f"schulerfolg: {exc}\n")
        return EXIT_RULE_FAILED
    except SchulerfolgError as exc:
        stderr.write(f"schulerfolg: {exc}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        stderr.write("schulerfolg: interrupted\n")
        return EXIT_INTERNAL
    except Exception as exc:
        stderr.write(
            f"schulerfolg: internal error ({type(exc).__name__}: {exc}); please report it\n"
        )
        return EXIT_INTERNAL
