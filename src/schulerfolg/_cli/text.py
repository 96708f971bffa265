"""The command line's text for people: a decision, and what a district's plugin changes."""

from __future__ import annotations

import json
from typing import Final, TextIO

from babel.dates import format_date

from schulerfolg._cli.trace_text import use_lines
from schulerfolg._core.i18n import N_, babel_locale
from schulerfolg._core.provenance import source_text
from schulerfolg._directory.districts import district
from schulerfolg._directory.documents import to_dict
from schulerfolg._model.organisations import District
from schulerfolg._rules.evaluation import Decision
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.plugins import DistrictDiff

_TEXT: Final = {
    "application": N_("Application"),
    "district": N_("District"),
    "evaluated_on": N_("Evaluated for"),
    "outcome": N_("Outcome"),
    "findings": N_("Findings"),
    "none": N_("none"),
    "parameters": N_("Parameters used"),
}


def render_decision_text(decision: Decision, rulebook: Rulebook, language: str) -> str:
    """The decision as text for people, in ``language``."""
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
        lines += use_lines(use, rulebook, language)
    return "\n".join(lines)


def write_diff_text(diff: DistrictDiff, target: District, stdout: TextIO) -> None:
    """What a district's plugin changes, as text for people."""
    stdout.write(f"{target}: ")
    if diff.plugin is None:
        stdout.write("no district plugin; the state-wide rules apply\n")
        return
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
                    f"{json.dumps(to_dict(item.value), ensure_ascii=False)}\n"
                )
                stdout.write(f"           source: {source_text(item.source)}\n")
                if item.note:
                    stdout.write(f"           note: {item.note}\n")
            if not values:
                stdout.write(f"  {label:<8} (no value)\n")
    if not diff.parameters and not diff.rules:
        stdout.write("  (no parameter or rule of the plugin differs on that day)\n")
    for rule in diff.rules:
        replaces = f" (replaces {rule.replaces})" if rule.replaces else ""
        stdout.write(f"\nrule {rule.id}: {rule.change.value}{replaces}\n  {rule.description}\n")
