"""Finding messages: one English template per finding code, rendered per language.

A finding stores its parameters as canonical strings (amounts ``"2000.00"``, dates ISO), so
decisions serialise exactly; rendering formats them for the reader's locale with babel and
translates labels through the gettext catalogs.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Final

import attrs
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations

from schulerfolg._i18n import N_, babel_locale, language_of
from schulerfolg._money import Money, format_money


class ArgKind(StrEnum):
    """How a message argument is formatted."""

    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    LONG_DATE = "long_date"
    LABEL = "label"
    LABELS = "labels"
    NUMBER = "number"


@attrs.frozen(kw_only=True)
class Message:
    """The template of one finding code and the kinds of its arguments."""

    code: str
    template: str
    args: Mapping[str, ArgKind] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        names = placeholders(self.template)
        odd = sorted(name for name in names if not name.isidentifier())
        if odd:
            raise ValueError(f"message {self.code!r}: placeholders must be plain names, not {odd}")
        if names != set(self.args):
            raise ValueError(
                f"message {self.code!r}: placeholders {sorted(names)} differ from the declared "
                f"arguments {sorted(self.args)}"
            )


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a brace-format template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _messages(*items: Message) -> Mapping[str, Message]:
    return MappingProxyType({item.code: item for item in items})


#: Labels for enum values and document ids shown inside messages.
LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # applicant and partner kinds
        "school": N_("school"),
        "school_supervision": N_("school supervision"),
        "school_authority": N_("school authority"),
        "public_youth_welfare": N_("public youth welfare"),
        "free_youth_welfare": N_("free youth welfare"),
        "counselling_centre": N_("counselling centre"),
        "school_support_association": N_("school support association"),
        "municipality": N_("municipality"),
        "health_office": N_("health office"),
        "youth_employment_agency": N_("youth employment agency"),
        "parents_council": N_("parents' council"),
        "politics": N_("politics"),
        "other": N_("other partners"),
        "non_profit_legal_person": N_("non-profit legal person"),
        # target groups
        "pupils": N_("pupils"),
        "parents": N_("parents and guardians"),
        "teachers": N_("teachers"),
        # modules
        "school_social_work": N_("school social work"),
        "network_office": N_("network offices"),
        "state_coordination": N_("state coordination office"),
        # cap scope and basis
        "per_offer": N_("per offer"),
        "per_applicant": N_("per applicant"),
        "per_school": N_("per school"),
        "calendar_year": N_("per calendar year"),
        "school_year": N_("per school year"),
        "call": N_("per call"),
        # consultation deadlines
        "before_submission": N_("before submission"),
        "before_start": N_("before the offer starts"),
        # documents
        "application_form": N_("application form"),
        "cost_plan": N_("cost and financing plan"),
        "concept": N_("concept"),
        "situation_analysis": N_("situation analysis"),
        "cooperation_agreement": N_("cooperation agreement"),
        "non_profit_confirmation": N_("confirmation of non-profit status"),
        "recognition_75_sgb_viii": N_(
            "recognition as a free youth welfare sponsor (§ 75 SGB VIII)"
        ),
        "staff_conference_resolution": N_("resolution of the staff conference"),
        # outcome and severity
        "eligible": N_("eligible"),
        "ineligible": N_("ineligible"),
        "error": N_("error"),
        "warning": N_("warning"),
        "info": N_("info"),
    }
)

#: The library's finding messages, by finding code.
CORE_MESSAGES: Final[Mapping[str, Message]] = _messages(
    Message(
        code="applicant.kind_not_eligible",
        template=N_("The applicant {applicant} ({kind}) may not apply; eligible are: {eligible}."),
        args={"applicant": ArgKind.TEXT, "kind": ArgKind.LABEL, "eligible": ArgKind.LABELS},
    ),
    Message(
        code="partner.missing",
        template=N_(
            "The application names no cooperation partner of an eligible kind; it needs at "
            "least one of: {kinds}."
        ),
        args={"kinds": ArgKind.LABELS},
    ),
    Message(
        code="target_group.not_eligible",
        template=N_("The target group {group} is not eligible; eligible are: {eligible}."),
        args={"group": ArgKind.LABEL, "eligible": ArgKind.LABELS},
    ),
    Message(
        code="period.outside_funding_cycle",
        template=N_(
            "The offer ({start} to {end}) does not lie within one funding cycle of the "
            "module {module}."
        ),
        args={"start": ArgKind.DATE, "end": ArgKind.DATE, "module": ArgKind.LABEL},
    ),
    Message(
        code="cap.exceeded",
        template=N_(
            "{subject}, {period}: {amount} requested, more than the cap of {cap} {scope} {basis}."
        ),
        args={
            "subject": ArgKind.TEXT,
            "period": ArgKind.TEXT,
            "amount": ArgKind.MONEY,
            "cap": ArgKind.MONEY,
            "scope": ArgKind.LABEL,
            "basis": ArgKind.LABEL,
        },
    ),
    Message(
        code="cap.exceeded_with_earlier_awards",
        template=N_(
            "{subject}, {period}: {amount} requested and {earlier} already awarded make "
            "{total}, more than the cap of {cap} {scope} {basis}."
        ),
        args={
            "subject": ArgKind.TEXT,
            "period": ArgKind.TEXT,
            "amount": ArgKind.MONEY,
            "earlier": ArgKind.MONEY,
            "total": ArgKind.MONEY,
            "cap": ArgKind.MONEY,
            "scope": ArgKind.LABEL,
            "basis": ArgKind.LABEL,
        },
    ),
    Message(
        code="cap.call_unknown",
        template=N_(
            "The cap counts per call, but the application names no call; give the call it answers."
        ),
        args={},
    ),
    Message(
        code="cap.period_unknown",
        template=N_(
            "The cost plan line {line} cannot be placed in a school year; give it the day "
            "the cost is incurred."
        ),
        args={"line": ArgKind.TEXT},
    ),
    Message(
        code="consultation.missing",
        template=N_(
            "No consultation with the network office is recorded; it is required {deadline}."
        ),
        args={"deadline": ArgKind.LABEL},
    ),
    Message(
        code="consultation.too_late",
        template=N_(
            "The consultation on {consulted} came too late: it is required {deadline} ({limit})."
        ),
        args={"consulted": ArgKind.DATE, "deadline": ArgKind.LABEL, "limit": ArgKind.DATE},
    ),
    Message(
        code="document.missing",
        template=N_("The document „{document}“ is missing."),
        args={"document": ArgKind.LABEL},
    ),
    Message(
        code="submission.late",
        template=N_("Submitted on {submitted}, after the deadline of {deadline}."),
        args={"submitted": ArgKind.DATE, "deadline": ArgKind.DATE},
    ),
    Message(
        code="submission.no_open_call",
        template=N_(
            "No call closes between the submission on {submitted} and the offer's start on {start}."
        ),
        args={"submitted": ArgKind.DATE, "start": ArgKind.DATE},
    ),
    Message(
        code="submission.not_submitted",
        template=N_(
            "The application has no submission date yet; deadlines are checked as if it were "
            "submitted on {on}."
        ),
        args={"on": ArgKind.DATE},
    ),
    Message(
        code="deadline.moved",
        template=N_(
            "The deadline {original} is not a working day in Sachsen-Anhalt and moves to {moved}."
        ),
        args={"original": ArgKind.LONG_DATE, "moved": ArgKind.LONG_DATE},
    ),
)


def format_arg(
    kind: ArgKind,
    value: str,
    *,
    language: str,
    translations: NullTranslations,
    labels: Mapping[str, str] = LABELS,
) -> str:
    """Format one canonical argument string for people.

    A value that does not read as its kind (a plugin's finding that left an argument out) is
    shown as it is, so that rendering a message never fails.
    """
    locale = babel_locale(language)
    try:
        if kind is ArgKind.MONEY:
            return format_money(Money(value), locale=locale)
        if kind is ArgKind.DATE:
            return format_date(date.fromisoformat(value), format="medium", locale=locale)
        if kind is ArgKind.LONG_DATE:
            return format_date(date.fromisoformat(value), format="full", locale=locale)
        if kind is ArgKind.NUMBER:
            return format_decimal(Decimal(value), locale=locale)
    except (ValueError, ArithmeticError):
        return value
    if kind is ArgKind.LABEL:
        return translations.gettext(labels.get(value, value))
    if kind is ArgKind.LABELS:
        items = [item for item in value.split(",") if item]
        return ", ".join(translations.gettext(labels.get(item, item)) for item in items)
    return value


def render(
    template: str,
    args: Mapping[str, ArgKind],
    params: Mapping[str, str],
    *,
    language: str,
    translations: NullTranslations,
    labels: Mapping[str, str] = LABELS,
) -> str:
    """Translate ``template`` and fill it with formatted ``params``."""
    language = language_of(language)
    values = {
        name: format_arg(
            kind, params.get(name, ""), language=language, translations=translations, labels=labels
        )
        for name, kind in args.items()
    }
    try:
        return translations.gettext(template).format(**values)
    except (KeyError, IndexError, ValueError):
        # A catalog entry whose placeholders differ from its message id: fall back to the id.
        return template.format(**values)
