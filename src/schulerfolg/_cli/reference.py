"""The commands that show reference data: ``example``, ``districts``, ``plugins``, ``rules``,
``deadlines`` and ``schema``."""

from __future__ import annotations

import argparse
import json
from typing import Final, TextIO

from schulerfolg._cli.exits import EXIT_ELIGIBLE
from schulerfolg._cli.registry import registry_for
from schulerfolg._cli.text import write_diff_text
from schulerfolg._core.i18n import N_, translations
from schulerfolg._core.texts import render_text
from schulerfolg._directory.districts import district
from schulerfolg._directory.districts import districts as all_districts
from schulerfolg._directory.documents import to_dict, to_json
from schulerfolg._directory.programme import example_application_text
from schulerfolg._procedure.calendars import calendar_ics, calendar_text, deadline_calendar
from schulerfolg._procedure.schemas import document_schema
from schulerfolg._wire.json_text import parse_json
from schulerfolg.plugins._diff import diff_rulebook
from schulerfolg.plugins._registry import PluginStatus


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
}


def plugins(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    registry = registry_for(args)
    if args.format == "json":
        stdout.write(json.dumps(to_dict(registry.reports), ensure_ascii=False, indent=2) + "\n")
        return EXIT_ELIGIBLE
    tr = translations(args.lang).gettext
    for report in registry.reports:
        parts = [f"{report.name} {report.version}"]
        if report.api_version is not None:
            parts.append(tr(_PLUGIN_API).format(version=report.api_version))
        if report.district:
            parts.append(tr(_PLUGIN_DISTRICT).format(district=district(report.district)))
        stdout.write(f"{', '.join(parts)}: {tr(_STATUS[report.status])}\n")
        if report.error:
            error = render_text(report.error_text, args.lang) if report.error_text else report.error
            stdout.write("    " + error.replace("\n", "\n    ") + "\n")
    if not registry.reports:
        stdout.write(tr(_NO_PLUGINS) + "\n")
    return EXIT_ELIGIBLE


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
