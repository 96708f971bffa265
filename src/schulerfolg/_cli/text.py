"""The command line's text for people: a decision (what a district's plugin changes is in
:mod:`schulerfolg._cli.diff_text`)."""

from __future__ import annotations

from typing import Final

from babel.dates import format_date

from schulerfolg._cli.trace_text import use_lines
from schulerfolg._core.i18n import N_, babel_locale
from schulerfolg._directory.districts import district
from schulerfolg._rules.evaluation import Decision
from schulerfolg._rules.rulebook import Rulebook

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
