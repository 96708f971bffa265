"""The ``schulerfolg`` command line: the parser, the commands and the one place where errors
become messages and exit codes.

Exit codes (public API, see docs/cli.md): 0 eligible (or success), 1 ineligible, 2 invalid
input or usage, 3 a rule or plugin failed, 4 internal error.  Messages go to stderr; no input
makes it print a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TextIO

import attrs

from schulerfolg._cli.batch import (
    INVALID,
    Document,
    Result,
    check_document,
    exit_code,
    progress,
    read_documents,
    result_line,
    summary_text,
)
from schulerfolg._cli.exits import (
    EXIT_ELIGIBLE,
    EXIT_INELIGIBLE,
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_RULE_FAILED,
)
from schulerfolg._cli.ledger import add_ledger_commands, is_ledger_database
from schulerfolg._cli.options import (
    Parser,
    UsageError,
    add_language_option,
    add_plugin_options,
    date_arg,
    read_input,
    registry_for,
    requested_language,
    resolve_language,
    speaking,
    warn_failed,
)
from schulerfolg._cli.text import render_decision_text, write_diff_text
from schulerfolg._core.i18n import N_
from schulerfolg._directory.districts import district, districts
from schulerfolg._directory.documents import from_json, to_dict, to_json
from schulerfolg._directory.programme import example_application_text
from schulerfolg._model.application import Application
from schulerfolg._procedure.calendars import calendar_ics, calendar_text, deadline_calendar
from schulerfolg._procedure.opening import open_ledger
from schulerfolg._procedure.schemas import DOCUMENTS, document_schema
from schulerfolg._rules.evaluation import Decision, evaluate
from schulerfolg._rules.ledger import Award, AwardLedger, InMemoryLedger
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._version import __version__
from schulerfolg._wire.json_text import parse_json
from schulerfolg.errors import (
    DocumentError,
    InvariantError,
    OverlayError,
    PluginError,
    Problem,
    RuleError,
    SchulerfolgError,
)
from schulerfolg.plugins import diff_rulebook


def _rulebook(args: argparse.Namespace, application: Application) -> tuple[Application, Rulebook]:
    if args.district is not None:
        application = attrs.evolve(application, district=district(args.district))
    registry = registry_for(args)
    warn_failed(args, registry)
    return application, registry.rulebook(application.district)


def _ledger(name: str | None, stdin: TextIO) -> AbstractContextManager[AwardLedger | None]:
    """The earlier awards of ``check --ledger``: a ledger database (SQLite file, PostgreSQL),
    opened for the check and closed after it, or a JSON list of awards."""
    if name is None:
        return contextlib.nullcontext(None)
    if name != "-" and is_ledger_database(name):
        return open_ledger(name)
    data, source = read_input(name, stdin)
    awards = from_json(data, tuple[Award, ...], source=source)
    try:
        return contextlib.nullcontext(InMemoryLedger(awards))
    except InvariantError as exc:
        ids = [award.application_id for award in awards]
        raise DocumentError(
            [
                Problem(path=f"$[{index}].application_id", message="awarded twice in the ledger")
                for index, value in enumerate(ids)
                if value in ids[:index]
            ],
            source=source,
        ) from exc


def _check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.ledger == "-" and "-" in args.files:
        raise UsageError("standard input (-) can be read only once: for the ledger or a document")
    documents = list(read_documents(args.files, stdin))
    if len(documents) == 1 and _single(args.files):
        return _check_one(args, documents[0], stdin, stdout)
    return _check_batch(args, documents, stdin, stdout)


def _single(names: Sequence[str]) -> bool:
    """One document named as one: a file or standard input, not a folder or JSON Lines."""
    if len(names) != 1:
        return False
    name = names[0]
    return name == "-" or (Path(name).suffix != ".jsonl" and not Path(name).is_dir())


def _check_one(args: argparse.Namespace, document: Document, stdin: TextIO, stdout: TextIO) -> int:
    """One document: its decision in full (text or JSON); an invalid document's problems also
    as JSON on stdout with ``--format json``."""
    if document.unreadable is not None:
        raise UsageError(f"cannot read {document.source}: {document.unreadable}")
    try:
        application = from_json(document.text, Application, source=document.source)
    except DocumentError as exc:
        if args.format == "json":
            stdout.write(
                Result(source=document.source, status=INVALID, problems=exc.problems).json_line()
                + "\n"
            )
        raise
    application, rulebook = _rulebook(args, application)
    with _ledger(args.ledger, stdin) as ledger:
        decision = evaluate(application, rulebook, on=args.on, ledger=ledger)
    if args.format == "json":
        stdout.write(to_json(decision) + "\n")
    else:
        stdout.write(render_decision_text(decision, rulebook, args.lang) + "\n")
    return EXIT_ELIGIBLE if decision.eligible else EXIT_INELIGIBLE


def _check_batch(
    args: argparse.Namespace, documents: Sequence[Document], stdin: TextIO, stdout: TextIO
) -> int:
    """Many documents: one result per document (a line of text, or of JSON), a summary for
    people, the exit code of the worst result."""
    registry = registry_for(args)
    warn_failed(args, registry)
    target = district(args.district) if args.district is not None else None
    rulebooks: dict[str, Rulebook] = {}
    results: list[Result] = []
    with _ledger(args.ledger, stdin) as ledger:

        def read(document: Document) -> Application:
            application = from_json(document.text, Application, source=document.source)
            if target is not None:
                application = attrs.evolve(application, district=target)
            return application

        def decide(application: Application) -> Decision:
            key = application.district.key
            if key not in rulebooks:
                rulebooks[key] = registry.rulebook(application.district)
            return evaluate(application, rulebooks[key], on=args.on, ledger=ledger)

        for document in progress(documents, args.stderr, stdout):
            result = check_document(document, read, decide)
            results.append(result)
            if args.format == "json":
                stdout.write(result.json_line() + "\n")
            else:
                stdout.write(result_line(result, args.lang) + "\n")
    if args.format == "text":
        stdout.write("\n" + summary_text(results, args.lang) + "\n")
    elif args.stderr.isatty():
        args.stderr.write(summary_text(results, args.lang) + "\n")
    return exit_code(results)


def _example(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    text = example_application_text()
    if args.district is not None:
        document = parse_json(text)
        key = district(args.district).key
        document["district"] = key
        for school in document["schools"]:
            school["district"] = key
        text = json.dumps(document, ensure_ascii=False, indent=2)
    stdout.write(text.rstrip("\n") + "\n")
    return EXIT_ELIGIBLE


def _districts(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    if args.format == "json":
        stdout.write(
            json.dumps(
                [
                    {
                        "key": d.key,
                        "ags": d.ags,
                        "slug": d.slug,
                        "name": d.name,
                        "kind": d.kind.value,
                        "seat": d.seat,
                    }
                    for d in districts()
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        for item in districts():
            stdout.write(f"{item.key}  {item.slug:<24} {item.name}\n")
    return EXIT_ELIGIBLE


def _plugins(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    registry = registry_for(args)
    if args.format == "json":
        stdout.write(json.dumps(to_dict(registry.reports), ensure_ascii=False, indent=2) + "\n")
        return EXIT_ELIGIBLE
    for report in registry.reports:
        where = f" district {report.district}" if report.district else ""
        api = f" api {report.api_version}" if report.api_version is not None else ""
        stdout.write(f"{report.name} {report.version}{api}{where}: {report.status.value}\n")
        if report.error:
            stdout.write("    " + report.error.replace("\n", "\n    ") + "\n")
    if not registry.reports:
        stdout.write("no plugins loaded\n")
    return EXIT_ELIGIBLE


def _year_arg(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 9997:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    return int(text)


def _deadlines(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    target = district(args.district)
    calendar = deadline_calendar(registry_for(args).rulebook(target), target, args.year)
    if args.format == "json":
        stdout.write(to_json(calendar) + "\n")
    elif args.format == "ics":
        stdout.write(calendar_ics(calendar, args.lang).decode("utf-8"))
    else:
        stdout.write(calendar_text(calendar, args.lang) + "\n")
    return EXIT_ELIGIBLE


def _schema(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    stdout.write(json.dumps(document_schema(args.name), ensure_ascii=False, indent=2) + "\n")
    return EXIT_ELIGIBLE


def _rules(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    target = district(args.district)
    diff = diff_rulebook(registry_for(args).rulebook(target), target, args.on)
    if args.format == "json":
        stdout.write(to_json(diff) + "\n")
        return EXIT_ELIGIBLE
    write_diff_text(diff, target, stdout)
    return EXIT_ELIGIBLE


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
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    check = commands.add_parser(
        "check", help=N_("evaluate application documents (a file, several, a folder, JSON Lines)")
    )
    check.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=N_(
            "an application as JSON, a .jsonl file (one per line), a folder of them, "
            "or - for standard input (one document, or JSON Lines)"
        ),
    )
    check.add_argument("--district", help=N_("evaluate under this district's rules (key or name)"))
    check.add_argument(
        "--on", type=date_arg, help=N_("evaluation day (default: the submission date)")
    )
    add_language_option(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--ledger",
        help=N_(
            "earlier awards (for cumulative caps): a ledger (SQLite file, postgresql:// URL) "
            "or a JSON list of awards"
        ),
    )
    add_plugin_options(check)
    check.set_defaults(run=_check)

    example = commands.add_parser("example", help=N_("print a valid example application"))
    example.add_argument("--district", help=N_("set the example's district (key or name)"))
    example.set_defaults(run=_example)

    listing = commands.add_parser("districts", help=N_("list the 14 districts"))
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=_districts)

    plugins = commands.add_parser("plugins", help=N_("list the installed district plugins"))
    plugins.add_argument("--format", choices=("text", "json"), default="text")
    add_plugin_options(plugins)
    plugins.set_defaults(run=_plugins)

    rules = commands.add_parser("rules", help=N_("show what a district's plugin changes"))
    rules.add_argument("--district", required=True, help=N_("the district (key or name)"))
    rules.add_argument("--on", type=date_arg, help=N_("only values in force on this day"))
    rules.add_argument("--format", choices=("text", "json"), default="text")
    add_plugin_options(rules)
    rules.set_defaults(run=_rules)

    deadlines = commands.add_parser("deadlines", help=N_("list a district's deadlines of a year"))
    deadlines.add_argument("--district", required=True, help=N_("the district (key or name)"))
    deadlines.add_argument("--year", required=True, type=_year_arg, help=N_("the calendar year"))
    deadlines.add_argument("--format", choices=("text", "json", "ics"), default="text")
    add_language_option(deadlines)
    add_plugin_options(deadlines)
    deadlines.set_defaults(run=_deadlines)

    schema = commands.add_parser("schema", help=N_("print the JSON Schema of a document"))
    schema.add_argument("name", choices=tuple(DOCUMENTS), help=N_("the document"))
    schema.set_defaults(run=_schema)

    add_ledger_commands(commands, _year_arg)
    return parser


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
        resolve_language(args)
        return int(args.run(args, stdin, stdout))
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
