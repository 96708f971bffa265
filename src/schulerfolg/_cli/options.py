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
from schulerfolg._core.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    language_from_environment,
    translations,
)
from schulerfolg.errors import DateError, SchulerfolgError, Text


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
    N_("ignored explicit argument %r"),
)
_ERROR: Final = N_("{prog}: error: {message}")

#: The placeholders help shows for options' values (argparse's default: the option's name in
#: capitals), in the language of the run.
OPTION_METAVARS: Final = (
    N_("DISTRICT"),
    N_("FORMAT"),
    N_("LEDGER"),
    N_("LANG"),
    N_("YEAR"),
    N_("BY"),
    N_("ROLE"),
    N_("NOTE"),
    N_("GRANT_NOTICE"),
    N_("COST_PLAN"),
)

# The translation of this run's help and usage messages (set by `speaking`; the command line
# reads one command at a time).
_gettext: list[Callable[[str], str]] = [str]
_language: list[str] = [DEFAULT_LANGUAGE]


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Build and read the command line in ``language``: argparse's own messages, the help
    texts and the usage errors (argparse takes its messages from its module's ``_``)."""
    catalog = translations(language)
    saved = argparse._, _gettext[0], _language[0]  # type: ignore[attr-defined]
    argparse._ = catalog.gettext  # type: ignore[attr-defined]
    _gettext[0] = catalog.gettext
    _language[0] = language
    try:
        yield
    finally:
        argparse._, _gettext[0], _language[0] = saved  # type: ignore[attr-defined]


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


def spoken(text: str) -> str:
    """``text`` in the language of the run (for names the parser keeps, such as a positional
    argument's placeholder: the parser is built while :func:`speaking`)."""
    return _gettext[0](text)


class _Formatter(argparse.HelpFormatter):
    """Help texts, descriptions and placeholders in the language of the run."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return _gettext[0](action.dest.upper())

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


def year_arg(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 9997:
        raise argparse.ArgumentTypeError(
            _said(Text(N_("not a year: {text}"), {"text": repr(text)}))
        )
    return int(text)


def _said(text: Text | SchulerfolgError) -> str:
    """A text or an error's message in the language of the run."""
    # The renderer's modules (babel's dates, money) only when something is said: --help and a
    # good command line need none of them.
    from schulerfolg._core.texts import message_text, render_text

    if isinstance(text, Text):
        return render_text(text, _language[0])
    return message_text(text, _language[0])


def cannot_read(name: str, error: OSError) -> Text:
    """A file that cannot be read, and why."""
    from schulerfolg._core.texts import os_reason  # (the same reason)

    return Text(N_("cannot read {name}: {reason}"), {"name": name, "reason": os_reason(error)})


def date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(_said(exc)) from None


def read_input(name: str, stdin: TextIO) -> tuple[bytes | str, str]:
    if name == "-":
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read(), "<stdin>"
    path = Path(name)
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise UsageError(cannot_read(name, exc)) from None


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
        metavar=spoken(N_("DISTRICT=DISTRIBUTION")),
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
