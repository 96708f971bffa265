"""What the commands share: the parser class, option types, reading input, and the plugin
registry the plugin options choose."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Final, NoReturn, TextIO

from schulerfolg._cli.exits import EXIT_INVALID
from schulerfolg._core.dates import parse_date
from schulerfolg._core.i18n import LANGUAGES, N_, language_from_environment, translations
from schulerfolg.errors import DateError, PluginError, SchulerfolgError
from schulerfolg.plugins import PluginRegistry, default_registry, parse_selection


class UsageError(SchulerfolgError):
    """Bad command-line usage."""


#: argparse's own messages (Python 3.11), translated through the library's catalog while a
#: command line is built and read (:func:`speaking`).
ARGPARSE_MESSAGES: Final = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
)
_ERROR: Final = N_("{prog}: error: {message}")

# The translation of this run's help and usage messages (set by `speaking`; the command line
# reads one command at a time).
_gettext: list[Callable[[str], str]] = [str]


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Build and read the command line in ``language``: argparse's own messages, the help
    texts and the usage errors (argparse takes its messages from its module's ``_``)."""
    catalog = translations(language)
    saved = argparse._, _gettext[0]  # type: ignore[attr-defined]
    argparse._ = catalog.gettext  # type: ignore[attr-defined]
    _gettext[0] = catalog.gettext
    try:
        yield
    finally:
        argparse._, _gettext[0] = saved  # type: ignore[attr-defined]


def requested_language(argv: Sequence[str]) -> str:
    """The language a command line asks for: its last ``--lang`` (as argparse reads it), else
    the locale's."""
    found = None
    for index, item in enumerate(argv):
        if item == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            found = argv[index + 1]
        elif item.startswith("--lang=") and item.removeprefix("--lang=") in LANGUAGES:
            found = item.removeprefix("--lang=")
    return found or language_from_environment()


class _Formatter(argparse.HelpFormatter):
    """Help texts and descriptions in the language of the run."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return _gettext[0](action.help) if action.help else action.help

    def add_text(self, text: str | None) -> None:
        if text and text is not argparse.SUPPRESS:
            text = _gettext[0](text)
        super().add_text(text)


class Parser(argparse.ArgumentParser):
    """The command line's parser: help and usage errors in the language of the run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        # Options are written out: an abbreviation that works today breaks a script the day an
        # option with the same beginning is added (and the language is read before parsing).
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = _gettext[0](_ERROR).format(prog=self.prog, message=message)
        self.exit(EXIT_INVALID, text + "\n")


def date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def read_input(name: str, stdin: TextIO) -> tuple[bytes | str, str]:
    if name == "-":
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read(), "<stdin>"
    path = Path(name)
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from None


def registry_for(args: argparse.Namespace) -> PluginRegistry:
    strict = True if args.strict_plugins else None
    try:
        selection = parse_selection(",".join(args.select_plugin)) if args.select_plugin else None
    except PluginError as exc:  # a malformed option value is a usage error (exit 2)
        raise UsageError(f"--select-plugin: {exc}") from None
    if strict is None and selection is None:
        return default_registry()
    return PluginRegistry.discover(strict=strict, select=selection)


def warn_failed(args: argparse.Namespace, registry: PluginRegistry) -> None:
    """Say on stderr which plugins were left out (their districts refuse to decide)."""
    for report in registry.failed():
        args.stderr.write(f"schulerfolg: warning: plugin left out: {report.error}\n")


def add_plugin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict-plugins",
        action="store_true",
        help=N_("fail on any broken or conflicting plugin (also: SCHULERFOLG_STRICT_PLUGINS=1)"),
    )
    parser.add_argument(
        "--select-plugin",
        action="append",
        default=[],
        metavar="DISTRICT=DISTRIBUTION",
        help=N_("use this distribution's plugin where several claim the district"),
    )


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """``--lang de|en``; without it, the locale's language (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``), German when the locale names neither."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=N_("the language of the text (default: the locale's, else German)"),
    )


def resolve_language(args: argparse.Namespace) -> None:
    """Fill in ``args.lang`` from the locale where the command has the option and it was not
    given."""
    if hasattr(args, "lang") and args.lang is None:
        args.lang = language_from_environment()
