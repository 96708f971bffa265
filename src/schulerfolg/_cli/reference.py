"""The commands that show reference data: ``example``, ``districts``, ``plugins``, ``rules``,
``deadlines`` and ``schema``."""

from __future__ import annotations

import argparse
import json
from typing import Final, TextIO

from schulerfolg._cli.diff_text import write_diff_text
from schulerfolg._cli.exits import EXIT_ELIGIBLE
from schulerfolg._cli.registry import registry_for
from schulerfolg._core.i18n import N_, translations
from schulerfolg._core.texts import render_text
from schulerfolg._directory.districts import district
from schulerfolg._directory.districts import districts as all_districts
from schulerfolg._directory.documents import to_dict, to_json
from schulerfolg._directory.programme import example_application_text
from schulerfolg._procedure.calendars import calendar_ics, calendar_text, deadline_calendar
from schulerfolg._procedure.schemas import document_schema
from schulerfolg._wire.json_text import parse_json
from schulerfolg.errors import Text
from schulerfolg.plugins._diff import diff_rulebook
from schulerfolg.plugins._registry import DistrictRules, PluginStatus


def example(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
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


def districts(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
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
                    for d in all_districts()
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        for item in all_districts():
            stdout.write(f"{item.key}  {item.slug:<24} {item.name}\n")
    return EXIT_ELIGIBLE


_PLUGIN_API: Final = N_("plugin API {version}")
_PLUGIN_DISTRICT: Final = N_("for {district}")
_NO_PLUGINS: Final = N_("no plugins loaded")
#: What became of a plugin, for people.
_STATUS: Final = {
    PluginStatus.ACTIVE: N_("active"),
    PluginStatus.FAILED: N_("failed, left out"),
    PluginStatus.CONFLICT: N_("in conflict with another plugin for the district"),
    PluginStatus.NOT_SELECTED: N_("not selected"),
    PluginStatus.BLOCKED: N_("not used: another plugin for the district failed"),
}


_DISTRICTS_HEADING: Final = N_("Districts:")
#: Under which rules a district is decided, or why not, for people.
_DISTRICT_RULES: Final = {
    DistrictRules.STATE_WIDE: N_("decided under the state-wide rules"),
    DistrictRules.PLUGIN: N_("decided under the plugin {plugin} {version}"),
    DistrictRules.PLUGIN_FAILED: N_("cannot be decided: its plugin failed"),
    DistrictRules.CONFLICT: N_("cannot be decided: several plugins claim it"),
}


def plugins(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    registry = registry_for(args)
    reports = registry.reports
    districts = registry.district_reports()
    if args.format == "json":
        document = {"plugins": to_dict(reports), "districts": to_dict(districts)}
        stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_ELIGIBLE
    tr = translations(args.lang).gettext
    for report in reports:
        parts = [f"{report.name} {report.version}"]
        if report.api_version is not None:
            parts.append(tr(_PLUGIN_API).format(version=report.api_version))
        if report.district:
            parts.append(tr(_PLUGIN_DISTRICT).format(district=district(report.district)))
        stdout.write(f"{', '.join(parts)}: {tr(_STATUS[report.status])}\n")
        if report.error:
            _write_indented(stdout, report.error_text, report.error, args.lang)
    if not reports:
        stdout.write(tr(_NO_PLUGINS) + "\n")
    stdout.write("\n" + tr(_DISTRICTS_HEADING) + "\n")
    for item in districts:
        rules = tr(_DISTRICT_RULES[item.rules]).format(plugin=item.plugin, version=item.version)
        stdout.write(f"{district(item.district)}: {rules}\n")
        if item.error:
            _write_indented(stdout, item.error_text, item.error, args.lang)
    return EXIT_ELIGIBLE


def _write_indented(stdout: TextIO, text: Text | None, english: str, language: str) -> None:
    """An error under its line, indented, in the reader's language where it has one."""
    shown = render_text(text, language) if text is not None else english
    stdout.write("    " + shown.replace("\n", "\n    ") + "\n")


def deadlines(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
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


def schema(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    stdout.write(json.dumps(document_schema(args.name), ensure_ascii=False, indent=2) + "\n")
    return EXIT_ELIGIBLE


def rules(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    target = district(args.district)
    rulebook = registry_for(args).rulebook(target)
    diff = diff_rulebook(rulebook, target, args.on)
    if args.format == "json":
        stdout.write(to_json(diff) + "\n")
        return EXIT_ELIGIBLE
    write_diff_text(diff, target, rulebook, args.lang, stdout)
    return EXIT_ELIGIBLE
