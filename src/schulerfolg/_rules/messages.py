"""Rendering finding messages and labels for people, per language.

A finding stores its parameters as canonical strings (amounts ``"2000.00"``, dates ISO), so
decisions serialise exactly; rendering formats them for the reader's locale with babel and
translates labels through the gettext catalogs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations

from schulerfolg._core.i18n import N_, babel_locale, language_of
from schulerfolg._core.money import Money, format_money
from schulerfolg._rules.findings import ArgKind

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
