"""The ``schulerfolg`` command line.

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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

import attrs

from schulerfolg._converter import from_json, parse_json, to_dict, to_json
from schulerfolg._dates import DateError, parse_date
from schulerfolg._engine import (
    Decision,
    OverlayError,
    Rulebook,
    RuleError,
    evaluate,
)
from schulerfolg._errors import DocumentError, InvariantError, Problem, SchulerfolgError
from schulerfolg._i18n import DEFAULT_LANGUAGE, N_, babel_locale
from schulerfolg._ledger import Award, InMemoryLedger
from schulerfolg._model import Application, Source
from schulerfolg._reference import district, districts, example_application_text
from schulerfolg._version import __version__

if TYPE_CHECKING:
    from schulerfolg.plugins import PluginRegistry

EXIT_ELIGIBLE: Final = 0
EXIT_INELIGIBLE: Final = 1
EXIT_INVALID: Final = 2
EXIT_RULE_FAILED: Final = 3
EXIT_INTERNAL: Final = 4

_TEXT: Final = {
    "application": N_("Application"),
    "district": N_("District"),
    "evaluated_on": N_("Evaluated for"),
    "outcome": N_("Outcome"),
    "findings": N_("Findings"),
    "none": N_("none"),
    "parameters": N_("Parameters used"),
    "from": N_("from"),
    "provisional": N_("provisional"),
    "layer": N_("layer"),
}


class _UsageError(SchulerfolgError):
    """Bad command-line usage."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message}\n")


def _date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _read_input(name: str, stdin: TextIO) -> tuple[bytes | str, str]:
    if name == "-":
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read(), "<stdin>"
    path = Path(name)
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise _UsageError(f"cannot read {name}: {exc.strerror or exc}") from None


def _registry(args: argparse.Namespace) -> PluginRegistry:
    from schulerfolg.plugins import PluginError, PluginRegistry, default_registry, parse_selection

    strict = True if args.strict_plugins else None
    try:
        selection = parse_selection(",".join(args.select_plugin)) if args.select_plugin else None
    except PluginError as exc:  # a malformed option value is a usage error (exit 2)
        raise _UsageError(f"--select-plugin: {exc}") from None
    if strict is None and selection is None:
        return default_registry()
    return PluginRegistry.discover(strict=strict, select=selection)


def _warn_failed(args: argparse.Namespace, registry: PluginRegistry) -> None:
    """Say on stderr which plugins were left out (their districts refuse to decide)."""
    for report in registry.failed():
        args.stderr.write(f"schulerfolg: warning: plugin left out: {report.error}\n")


def _rulebook(args: argparse.Namespace, application: Application) -> tuple[Application, Rulebook]:
    if args.district is not None:
        application = attrs.evolve(application, district=district(args.district))
    registry = _registry(args)
    _warn_failed(args, registry)
    return application, registry.rulebook(application.district)


def _ledger(name: str | None, stdin: TextIO) -> InMemoryLedger | None:
    if name is None:
        return None
    data, source = _read_input(name, stdin)
    awards = from_json(data, tuple[Award, ...], source=source)
    try:
        return InMemoryLedger(awards)
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


def render_decision_text(decision: Decision, rulebook: Rulebook, language: str) -> str:
    """The decision as text for people, in ``language``."""
    from babel.dates import format_date

    tr = rulebook.translations(language).gettext
    locale = babel_locale(language)
    lines = [
        f"{tr(_TEXT['application'])}: {decision.application_id}",
        f"{tr(_TEXT['district'])}: {district(decision.district)}",
        f"{tr(_TEXT['evaluated_on'])}: {format_date(decision.evaluated_on, 'medium', locale)}",
        f"{tr(_TEXT['outcome'])}: {rulebook.label(decision.outcome.value, language)}",
        "",
        f"{tr(_TEXT['findings'])}:",
    ]
    if not decision.findings:
        lines.append(f"  ({tr(_TEXT['none'])})")
    for finding in decision.findings:
        severity = rulebook.label(finding.severity.value, language)
        lines.append(f"  [{severity}] {finding.code}: {rulebook.message(finding, language)}")
    lines += ["", f"{tr(_TEXT['parameters'])}:"]
    for use in decision.parameters:
        flags = [
            f"{tr(_TEXT['layer'])} {use.layer} {use.layer_version}",
            f"{tr(_TEXT['from'])} {format_date(use.valid_from, 'medium', locale)}",
        ]
        if use.provisional:
            flags.append(tr(_TEXT["provisional"]))
        value = json.dumps(use.value, ensure_ascii=False)
        lines.append(f"  {use.name} = {value}")
        lines.append(f"      ({', '.join(flags)}; {_source_text(use.source)})")
    return "\n".join(lines)


def _check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    data, source = _read_input(args.file, stdin)
    application = from_json(data, Application, source=source)
    application, rulebook = _rulebook(args, application)
    decision = evaluate(
        application, rulebook=rulebook, on=args.on, ledger=_ledger(args.ledger, stdin)
    )
    if args.format == "json":
        stdout.write(to_json(decision) + "\n")
    else:
        stdout.write(render_decision_text(decision, rulebook, args.lang) + "\n")
    return EXIT_ELIGIBLE if decision.eligible else EXIT_INELIGIBLE


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
    registry = _registry(args)
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


def _rules(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    from schulerfolg.plugins import diff_rulebook

    target = district(args.district)
    diff = diff_rulebook(_registry(args).rulebook(target), target, args.on)
    if args.format == "json":
        stdout.write(to_json(diff) + "\n")
        return EXIT_ELIGIBLE
    stdout.write(f"{target}: ")
    if diff.plugin is None:
        stdout.write("no district plugin; the state-wide rules apply\n")
        return EXIT_ELIGIBLE
    when = f" in force on {diff.on.isoformat()}" if diff.on else ""
    stdout.write(f"plugin {diff.plugin} {diff.plugin_version}{when}\n")
    for change in diff.parameters:
        stdout.write(f"\nparameter {change.name}\n")
        for label, values in (("district", change.district_values), ("state", change.base_values)):
            for item in values:
                until = f" until {item.valid_until.isoformat()}" if item.valid_until else ""
                flag = " (provisional)" if item.provisional else ""
                stdout.write(
                    f"  {label:<8} from {item.valid_from.isoformat()}{until}{flag}: "
                    f"{json.dumps(item.value, ensure_ascii=False)}\n"
                )
                stdout.write(f"           source: {_source_text(item.source)}\n")
                if item.note:
                    stdout.write(f"           note: {item.note}\n")
            if not values:
                stdout.write(f"  {label:<8} (no value)\n")
    if not diff.parameters and not diff.rules:
        stdout.write("  (no parameter or rule of the plugin differs on that day)\n")
    for rule in diff.rules:
        replaces = f" (replaces {rule.replaces})" if rule.replaces else ""
        stdout.write(f"\nrule {rule.id}: {rule.change.value}{replaces}\n  {rule.description}\n")
    return EXIT_ELIGIBLE


def _source_text(source: Source) -> str:
    return f"{source.title} {source.reference}" if source.title else source.reference


def _add_plugin_options(parser: argparse.ArgumentParser) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``schulerfolg`` command."""
    parser = _Parser(
        prog="schulerfolg",
        description=(
            "Check applications for educational offers of the ESF+ programme "
            "„Schulerfolg sichern“ against the rules of their district."
        ),
    )
    parser.add_argument("--version", action="version", version=f"schulerfolg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="evaluate an application document")
    check.add_argument("file", help="the application as JSON, or - for standard input")
    check.add_argument("--district", help="evaluate under this district's rules (key or name)")
    check.add_argument("--on", type=_date_arg, help="evaluation day (default: the submission date)")
    check.add_argument("--lang", choices=("de", "en"), default=DEFAULT_LANGUAGE)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--ledger", help="earlier awards as a JSON list (for cumulative caps)")
    _add_plugin_options(check)
    check.set_defaults(run=_check)

    example = commands.add_parser("example", help="print a valid example application")
    example.add_argument("--district", help="set the example's district (key or name)")
    example.set_defaults(run=_example)

    listing = commands.add_parser("districts", help="list the 14 districts")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=_districts)

    plugins = commands.add_parser("plugins", help="list the installed district plugins")
    plugins.add_argument("--format", choices=("text", "json"), default="text")
    _add_plugin_options(plugins)
    plugins.set_defaults(run=_plugins)

    rules = commands.add_parser("rules", help="show what a district's plugin changes")
    rules.add_argument("--district", required=True, help="the district (key or name)")
    rules.add_argument("--on", type=_date_arg, help="only values in force on this day")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    _add_plugin_options(rules)
    rules.set_defaults(run=_rules)
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
    from schulerfolg.plugins import PluginError

    parser = build_parser()
    try:
        # argparse writes usage errors, --help and --version to sys.stdout/sys.stderr, and
        # leaves by SystemExit; no other SystemExit is taken for an argparse exit.
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                args = parser.parse_args(argv)
        except SystemExit as exc:
            return int(exc.code) if isinstance(exc.code, int) else EXIT_INVALID
        args.stderr = stderr
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
