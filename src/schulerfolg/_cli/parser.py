"""The ``schulerfolg`` command line's parser: every command with its options and help texts,
and the module that runs it.

Building the parser imports no command: each names its runner as ``"module:function"``, which
:func:`~schulerfolg._cli.main.main` imports when the command runs, so that ``--help`` or one
check reads only the modules it uses (start-up is interactive work; ``docs/performance.md``).
"""

from __future__ import annotations

import argparse
from typing import Any, Final

from schulerfolg._cli.options import (
    Parser,
    add_language_option,
    add_plugin_options,
    date_arg,
    spoken,
    year_arg,
)
from schulerfolg._core.i18n import N_
from schulerfolg._version import __version__

#: The documents ``schulerfolg schema`` knows, as :data:`schulerfolg._procedure.schemas.DOCUMENTS`
#: names them (a test keeps the two equal; naming them here spares the parser the model).
SCHEMA_DOCUMENTS: Final = (
    "application",
    "decision",
    "event",
    "history",
    "grant-notice",
    "award",
    "vote-record",
)

_CHECK: Final = "schulerfolg._cli.check"
_REFERENCE: Final = "schulerfolg._cli.reference"
_LEDGER: Final = "schulerfolg._cli.ledger"
_DIRECTORY: Final = "schulerfolg._cli.directory"
#: Sponsor kinds as :class:`schulerfolg.SponsorKind` spells them (a test keeps them equal).
SPONSOR_KINDS: Final = (
    "public_youth_welfare",
    "free_youth_welfare",
    "school_authority",
    "municipality",
    "school_support_association",
    "non_profit_legal_person",
)


def _command(commands: Any, name: str, run: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A command with its runner (``"module:function"``) and the ``--lang`` every command has."""
    parser: argparse.ArgumentParser = commands.add_parser(name, **kwargs)
    parser.set_defaults(run=run)
    add_language_option(parser)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``schulerfolg`` command."""
    parser = Parser(
        prog="schulerfolg",
        description=N_(
            "Check applications for educational offers of the ESF+ programme "
            "„Schulerfolg sichern“ against the rules of their district."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"schulerfolg {__version__}",
        help=N_("show the version and exit"),
    )
    add_language_option(parser)
    commands = parser.add_subparsers(
        dest="command", metavar=spoken(N_("COMMAND")), required=True, parser_class=Parser
    )

    check = _command(
        commands,
        "check",
        f"{_CHECK}:check",
        help=N_("evaluate application documents (a file, several, a folder, JSON Lines)"),
    )
    check.add_argument(
        "files",
        nargs="+",
        metavar=spoken(N_("FILE")),
        help=N_(
            "an application as JSON, a .jsonl file (one per line), a folder of them, "
            "or - for standard input (one document, or JSON Lines)"
        ),
    )
    check.add_argument("--district", help=N_("evaluate under this district's rules (key or name)"))
    check.add_argument(
        "--on",
        type=date_arg,
        metavar=spoken(N_("DATE")),
        help=N_("evaluation day (default: the submission date)"),
    )
    _format_option(check)
    check.add_argument(
        "--ledger",
        help=N_(
            "earlier awards (for cumulative caps): a ledger (SQLite file, postgresql:// URL) "
            "or a JSON list of awards"
        ),
    )
    add_plugin_options(check)

    example = _command(
        commands, "example", f"{_REFERENCE}:example", help=N_("print a valid example application")
    )
    example.add_argument("--district", help=N_("set the example's district (key or name)"))

    listing = _command(
        commands, "districts", f"{_REFERENCE}:districts", help=N_("list the 14 districts")
    )
    _format_option(listing)

    plugins = _command(
        commands,
        "plugins",
        f"{_REFERENCE}:plugins",
        help=N_("list the installed district plugins"),
    )
    _format_option(plugins)
    add_plugin_options(plugins)

    rules = _command(
        commands, "rules", f"{_REFERENCE}:rules", help=N_("show what a district's plugin changes")
    )
    rules.add_argument("--district", required=True, help=N_("the district (key or name)"))
    rules.add_argument(
        "--on",
        type=date_arg,
        metavar=spoken(N_("DATE")),
        help=N_("only values in force on this day"),
    )
    _format_option(rules)
    add_plugin_options(rules)

    deadlines = _command(
        commands,
        "deadlines",
        f"{_REFERENCE}:deadlines",
        help=N_("list a district's deadlines of a year"),
    )
    deadlines.add_argument("--district", required=True, help=N_("the district (key or name)"))
    deadlines.add_argument("--year", required=True, type=year_arg, help=N_("the calendar year"))
    _format_option(deadlines, "ics")
    add_plugin_options(deadlines)

    schema = _command(
        commands, "schema", f"{_REFERENCE}:schema", help=N_("print the JSON Schema of a document")
    )
    schema.add_argument("name", choices=SCHEMA_DOCUMENTS, help=N_("the document"))

    _add_ledger_commands(commands)
    _add_directory_commands(commands)
    return parser


def _format_option(parser: argparse.ArgumentParser, *more: str) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json", *more),
        default="text",
        help=N_("text for people (default) or JSON for tools"),
    )


def _event_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on",
        required=True,
        type=date_arg,
        metavar=spoken(N_("DATE")),
        help=N_("the day of the event"),
    )
    parser.add_argument("--by", required=True, help=N_("who records it (a name)"))
    parser.add_argument("--role", default="Netzwerkstelle", help=N_("their role"))
    parser.add_argument("--note", help=N_("a note for the history"))
    _format_option(parser)
    add_plugin_options(parser)


def _ledger_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ledger", metavar=spoken(N_("LEDGER")), help=N_("a file path, or a postgresql:// URL")
    )


def _application_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "application_id", metavar=spoken(N_("APPLICATION_ID")), help=N_("the application's id")
    )


def _command_group(commands: Any, name: str, *, help: str) -> Any:
    """A command with sub-commands (``ledger``, ``directory``): the sub-parsers to add them to
    (the chosen one is ``args.<name>_command``)."""
    group = commands.add_parser(name, help=help)
    add_language_option(group)
    return group.add_subparsers(
        dest=f"{name}_command",
        metavar=spoken(N_("COMMAND")),
        required=True,
        parser_class=type(group),
    )


def _add_ledger_commands(commands: Any) -> None:
    """``schulerfolg ledger`` and its sub-commands."""
    actions = _command_group(
        commands, "ledger", help=N_("the award ledger: events, history, standing")
    )

    create = _command(
        actions,
        "create",
        f"{_LEDGER}:create",
        help=N_("create a ledger (an SQLite file or a database)"),
    )
    _ledger_argument(create)

    for event, help_text in (
        ("consulted", N_("record a consultation at the network office")),
        ("withdrawn", N_("record a withdrawal (an award is freed)")),
    ):
        name = "consult" if event == "consulted" else "withdraw"
        parser = _command(actions, name, f"{_LEDGER}:event", help=help_text)
        parser.set_defaults(event=event)
        _ledger_argument(parser)
        _application_id(parser)
        parser.add_argument(
            "--district", help=N_("the district, for an application not submitted yet")
        )
        _event_options(parser)

    submit = _command(
        actions,
        "submit",
        f"{_LEDGER}:event",
        help=N_("record the submission of an application document"),
    )
    submit.set_defaults(event="submitted", district=None)
    _ledger_argument(submit)
    submit.add_argument(
        "file",
        metavar=spoken(N_("FILE")),
        help=N_("the application as JSON, or - for standard input"),
    )
    _event_options(submit)

    approve = _command(
        actions,
        "approve",
        f"{_LEDGER}:approve",
        help=N_("approve within every cap and the budget, with the grant notice"),
    )
    _ledger_argument(approve)
    _application_id(approve)
    approve.add_argument("--grant-notice", required=True, help=N_("the grant notice as JSON"))
    _event_options(approve)

    reduce = _command(
        actions,
        "reduce",
        f"{_LEDGER}:reduce",
        help=N_("reduce an award: its cost plan lines, amounts lowered (money is freed)"),
    )
    _ledger_argument(reduce)
    _application_id(reduce)
    reduce.add_argument(
        "--cost-plan", required=True, help=N_("the reduced cost plan: a JSON list of lines")
    )
    _event_options(reduce)

    history = _command(
        actions, "history", f"{_LEDGER}:history", help=N_("show an application's history")
    )
    _ledger_argument(history)
    _application_id(history)
    _format_option(history)

    standing = _command(
        actions,
        "standing",
        f"{_LEDGER}:standing",
        help=N_("awarded and remaining per budget, subject and period"),
    )
    _ledger_argument(standing)
    standing.add_argument("--district", required=True, help=N_("the district (key or name)"))
    standing.add_argument("--year", required=True, type=year_arg, help=N_("the calendar year"))
    standing.add_argument(
        "--on",
        type=date_arg,
        metavar=spoken(N_("DATE")),
        help=N_("the rules of this day (default: 1 January)"),
    )
    _format_option(standing)
    add_plugin_options(standing)


def _directory_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "district",
        nargs="?",
        metavar=spoken(N_("DISTRICT")),
        help=N_("the district (key or name); all when left out"),
    )
    parser.add_argument(
        "--file",
        "-f",
        action="append",
        default=[],
        metavar=spoken(N_("FILE")),
        help=N_("a district's own directory file (TOML or JSON), on top of the bundled data"),
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help=N_("text for people (default), JSON or CSV for tools"),
    )


def _add_directory_commands(commands: Any) -> None:
    """``schulerfolg directory`` and its sub-commands."""
    queries = _command_group(
        commands,
        "directory",
        help=N_("the network: offices, contacts, sponsors, schools, school social workers"),
    )
    offices = _command(
        queries,
        "offices",
        f"{_DIRECTORY}:offices",
        help=N_("the network offices (and the state coordination office)"),
    )
    _directory_options(offices)
    contacts = _command(
        queries,
        "contacts",
        f"{_DIRECTORY}:contacts",
        help=N_("who is the contact for an audience (parents, teachers, …)"),
    )
    _directory_options(contacts)
    contacts.add_argument(
        "--for",
        dest="audience",
        required=True,
        metavar=spoken(N_("AUDIENCE")),
        help=N_(
            "parents, pupils, teachers, schools, school_social_workers, youth_welfare, "
            "school_support_associations, representatives, counselling_services, committees, "
            "volunteers (or the German word: Eltern, Lehrkräfte, …)"
        ),
    )
    sponsors = _command(
        queries, "sponsors", f"{_DIRECTORY}:sponsors", help=N_("the sponsors, by kind")
    )
    _directory_options(sponsors)
    sponsors.add_argument("--kind", choices=SPONSOR_KINDS, help=N_("only sponsors of this kind"))
    schools = _command(
        queries,
        "schools",
        f"{_DIRECTORY}:schools",
        help=N_("the schools, with or without school social work"),
    )
    _directory_options(schools)
    work = schools.add_mutually_exclusive_group()
    work.add_argument(
        "--with-school-social-work",
        dest="school_social_work",
        action="store_const",
        const=True,
        default=None,
        help=N_("only schools with school social work"),
    )
    work.add_argument(
        "--without-school-social-work",
        dest="school_social_work",
        action="store_const",
        const=False,
        help=N_("only schools without school social work"),
    )
    workers = _command(
        queries,
        "workers",
        f"{_DIRECTORY}:workers",
        help=N_("the school social workers, of a district or a sponsor"),
    )
    _directory_options(workers)
    workers.add_argument("--sponsor", help=N_("only those employed by this sponsor (its id)"))
    figures = _command(
        queries,
        "figures",
        f"{_DIRECTORY}:figures",
        help=N_("dated figures of school social work, state-wide or of a district"),
    )
    _directory_options(figures)
    check = _command(
        queries,
        "check",
        f"{_DIRECTORY}:check",
        help=N_("check district directory files: every problem of every file"),
    )
    check.add_argument("files", nargs="+", metavar=spoken(N_("FILE")), help=N_("the files"))
    _format_option(check)
