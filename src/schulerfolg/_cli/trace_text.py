"""A decision's parameter trace for people: each parameter by its label, its value in words —
amounts and days in the reader's format, kinds by their names —, the layer as „landesweit“ or
the district plugin's name and version, and the public source."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum
from types import MappingProxyType
from typing import Final

import attrs
from babel.dates import format_date

from schulerfolg._core.i18n import N_, babel_locale
from schulerfolg._core.money import Money, format_money
from schulerfolg._core.provenance import source_text
from schulerfolg._core.recurrence import recurring_dates
from schulerfolg._parameters.values import Cap, ConsultationRequirement, SubmissionDeadline
from schulerfolg._parameters.voting import VotingBody
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.trace import ParameterUse

#: What each state-wide parameter is called for people.
PARAMETER_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "educational_offer.cap": N_("Cap"),
        "educational_offer.budget": N_("Yearly budget"),
        "educational_offer.eligible_applicant_kinds": N_("Who may apply"),
        "educational_offer.required_partner_kinds": N_("Required cooperation partners"),
        "educational_offer.eligible_target_groups": N_("Target groups"),
        "educational_offer.funding_module": N_("Funding module"),
        "educational_offer.consultation": N_("Consultation at the network office"),
        "educational_offer.required_documents": N_("Required documents"),
        "educational_offer.additional_documents": N_("Additional documents"),
        "educational_offer.submission_deadline": N_("Submission deadline"),
        "procedure.voting_body": N_("Deciding body"),
    }
)
_WORDS: Final = {
    "none": N_("none"),
    "required": N_("required"),
    "yes": N_("yes"),
    "no": N_("no"),
    "not_required": N_("not required"),
    "days_before": N_("at the latest {days} days before the offer starts"),
    "on_start": N_("at the latest on the day the offer starts"),
    "closing": N_("closing dates {days}"),
    "recurring": N_("recurring: {days}"),
    "recurring_undated": N_("recurring closing dates"),
    "state": N_("state-wide"),
    "from": N_("from"),
    "provisional": N_("provisional"),
}


def value_text(
    value: object, rulebook: Rulebook, language: str, *, anchor: date | None = None
) -> str:
    """A parameter value in words, in ``language``; ``anchor`` is the day from which the value
    holds (a recurring deadline's dates are counted from it)."""
    tr = rulebook.translations(language).gettext
    locale = babel_locale(language)
    if isinstance(value, Money):
        return format_money(value, locale=locale)
    if isinstance(value, date):
        return format_date(value, "medium", locale)
    if isinstance(value, bool):
        return tr(_WORDS["yes"] if value else _WORDS["no"])
    if isinstance(value, Enum):
        return rulebook.label(str(value.value), language)
    if isinstance(value, str):
        return rulebook.label(value, language)
    if isinstance(value, tuple | list):
        if not value:
            return tr(_WORDS["none"])
        return ", ".join(value_text(item, rulebook, language) for item in value)
    if isinstance(value, Cap):
        parts = (value.amount, value.scope, value.basis)
        return " ".join(value_text(part, rulebook, language) for part in parts)
    if isinstance(value, ConsultationRequirement):
        if not value.required:
            return tr(_WORDS["not_required"])
        return f"{tr(_WORDS['required'])}, {value_text(value.deadline, rulebook, language)}"
    if isinstance(value, SubmissionDeadline):
        return _deadline_text(value, rulebook, language, anchor)
    if isinstance(value, VotingBody):
        return value.name
    if attrs.has(type(value)):  # a plugin's own value type: its fields' values in words
        fields = attrs.asdict(value, recurse=False)  # type: ignore[arg-type]
        shown = [
            value_text(item, rulebook, language) for item in fields.values() if item is not None
        ]
        return "; ".join(shown)
    return str(value)


def _deadline_text(
    value: SubmissionDeadline, rulebook: Rulebook, language: str, anchor: date | None
) -> str:
    tr = rulebook.translations(language).gettext
    parts = []
    if value.days_before_start == 0:
        parts.append(tr(_WORDS["on_start"]))
    elif value.days_before_start is not None:
        parts.append(tr(_WORDS["days_before"]).format(days=value.days_before_start))
    if value.closing_dates:
        days = value_text(list(value.closing_dates), rulebook, language)
        parts.append(tr(_WORDS["closing"]).format(days=days))
    if value.recurrence and anchor is not None:
        parts.append(tr(_WORDS["recurring"]).format(days=_days(value.recurrence, anchor, language)))
    elif value.recurrence:  # its days are counted from a day this text was not given
        parts.append(tr(_WORDS["recurring_undated"]))
    return "; ".join(parts)


def _days(rule: str, anchor: date, language: str) -> str:
    """The days of a recurring deadline: all of them, or the first three and the last."""
    days = [
        format_date(day, "medium", babel_locale(language)) for day in recurring_dates(rule, anchor)
    ]
    shown = days if len(days) <= 6 else [*days[:3], "…", days[-1]]
    return ", ".join(shown)


def layer_text(use: ParameterUse, rulebook: Rulebook, language: str) -> str:
    """„landesweit“, or the district plugin's name and version."""
    if use.layer == "state":
        return str(rulebook.translations(language).gettext(_WORDS["state"]))
    overlay = rulebook.overlay
    if overlay is not None and overlay.layer.name == use.layer:
        return f"{overlay.plugin.name} {use.layer_version}"
    return f"{use.layer} {use.layer_version}"


def use_lines(use: ParameterUse, rulebook: Rulebook, language: str) -> list[str]:
    """One traced parameter: its label and value, then layer, day, provisional flag, source."""
    tr = rulebook.translations(language).gettext
    # A plugin's own parameter is named by the label its plugin gives it, if any.
    label = PARAMETER_LABELS.get(use.name) or rulebook.labels.get(use.name)
    name = tr(label) if label is not None else use.name
    since = format_date(use.value.valid_from, "medium", babel_locale(language))
    flags = [layer_text(use, rulebook, language), f"{tr(_WORDS['from'])} {since}"]
    if use.value.provisional:
        flags.append(tr(_WORDS["provisional"]))
    return [
        f"  {name}: {value_text(use.value.value, rulebook, language, anchor=use.value.valid_from)}",
        f"      ({', '.join(flags)}; {source_text(use.value.source)})",
    ]
