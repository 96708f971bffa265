"""A floor for ``schulerfolg check``'s start-up: about the least a checker built on the
library's required dependencies does for one application document, as one process.

``bench_startup.py`` runs it as the command ``floor``.  It is not the library: a hand-written
checker of the bundled example application, made the way the library's standards demand —
attrs classes (frozen, slotted, keyword-only) for the document, cattrs to structure it (dates and
exact amounts), three of the state-wide checks (the cap, the cost plan's sum, consultation
before submission), and the outcome written in German with babel (a date and an amount in the
reader's locale) through gettext (with no catalog to read).  No rule engine, no parameters with
sources, no plugins, no trace, no error paths: what is left is mostly the cost of the
dependencies themselves, over and above their bare import.  One sample, erring low — not a
proof of a lower bound.

Usage: ``python benchmarks/startup_floor.py APPLICATION.json`` (exit 0 if eligible, 1 if not).
"""

from __future__ import annotations

import argparse
import gettext
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import babel.dates
import babel.numbers
import cattrs
import dateutil.rrule  # noqa: F401  (the library's recurrences: part of its import)


@attrs.frozen(kw_only=True)
class Address:
    """A postal address."""

    street: str
    postal_code: str
    city: str


@attrs.frozen(kw_only=True)
class Applicant:
    """Who applies."""

    name: str
    kind: str
    address: Address


@attrs.frozen(kw_only=True)
class CooperationPartner:
    """A partner of the project."""

    name: str
    kind: str


@attrs.frozen(kw_only=True)
class School:
    """A school the project is for."""

    name: str
    school_type: str
    district: str
    has_school_social_work: bool
    number: str | None


@attrs.frozen(kw_only=True)
class Period:
    """A span of days."""

    start: date
    end: date


@attrs.frozen(kw_only=True)
class CostPlanLine:
    """One line of the cost plan."""

    description: str
    amount: Decimal
    calendar_year: int
    incurred_on: date | None


@attrs.frozen(kw_only=True)
class Application:
    """The application document."""

    id: str
    title: str
    district: str
    applicant: Applicant
    cooperation_partners: tuple[CooperationPartner, ...]
    schools: tuple[School, ...]
    target_groups: tuple[str, ...]
    period: Period
    cost_plan: tuple[CostPlanLine, ...]
    requested_amount: Decimal
    consultation_date: date | None
    submission_date: date
    documents: tuple[str, ...]
    call: str | None


def main() -> int:
    """Check one application; print the outcome in German."""
    parser = argparse.ArgumentParser(description="the start-up floor of a checker")
    parser.add_argument("document", type=Path)
    args = parser.parse_args()
    converter = cattrs.Converter()
    converter.register_structure_hook(date, lambda value, _: date.fromisoformat(value))
    converter.register_structure_hook(Decimal, lambda value, _: Decimal(value))
    application = converter.structure(json.loads(args.document.read_text("utf-8")), Application)
    translations = gettext.NullTranslations()
    cap = Decimal("2000.00")
    total = sum((line.amount for line in application.cost_plan), Decimal(0))
    eligible = (
        application.requested_amount <= cap
        and application.requested_amount <= total
        and application.consultation_date is not None
        and application.consultation_date < application.submission_date
    )
    print(translations.gettext("Antrag: {id}").format(id=application.id))
    print(
        translations.gettext("Geprüft zum: {day}").format(
            day=babel.dates.format_date(application.submission_date, locale="de_DE")
        )
    )
    print(
        translations.gettext("Beantragt: {amount}").format(
            amount=babel.numbers.format_currency(
                application.requested_amount, "EUR", locale="de_DE"
            )
        )
    )
    print(
        translations.gettext("Ergebnis: {outcome}").format(
            outcome="förderfähig" if eligible else "nicht förderfähig"
        )
    )
    return 0 if eligible else 1


if __name__ == "__main__":
    sys.exit(main())
