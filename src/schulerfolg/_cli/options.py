"""What the commands share: the parser class, option types, reading input, and the plugin
registry the plugin options choose."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO

from schulerfolg._cli.exits import EXIT_INVALID
from schulerfolg._core.dates import parse_date
from schulerfolg._core.i18n import LANGUAGES, language_from_environment
from schulerfolg.errors import DateError, PluginError, SchulerfolgError
from schulerfolg.plugins import PluginRegistry, default_registry, parse_selection


class UsageError(SchulerfolgError):
    """Bad command-line usage."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message}\n")


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
        help="fail on any broken or conflicting plugin (also: SCHULERFOLG_STRICT_PLUGINS=1)",
    )
    parser.add_argument(
        "--select-plugin",
        action="append",
        default=[],
        metavar="DISTRICT=DISTRIBUTION",
        help="use this distribution's plugin where several claim the district",
    )


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """``--lang de|en``; without it, the locale's language (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``), German when the locale names neither."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="the language of the text (default: the locale's, else German)",
    )


def resolve_language(args: argparse.Namespace) -> None:
    """Fill in ``args.lang`` from the locale where the command has the option and it was not
    given."""
    if hasattr(args, "lang") and args.lang is None:
        args.lang = language_from_environment()
