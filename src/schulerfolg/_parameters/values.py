"""The value types of parameters: caps, budgets, consultation requirements, submission deadlines and
voting bodies.  Their field names and enum values are the wire format of parameter values."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, not_negative
from schulerfolg._core.money import Money
from schulerfolg._core.recurrence import recurrence_problem_text
from schulerfolg.errors import Text


class CapScope(StrEnum):
    """Whom a cap applies to."""

    PER_OFFER = "per_offer"
    PER_APPLICANT = "per_applicant"
    PER_SCHOOL = "per_school"


class CapBasis(StrEnum):
    """The period a cap counts over."""

    CALENDAR_YEAR = "calendar_year"
    SCHOOL_YEAR = "school_year"
    CALL = "call"


@attrs.frozen(kw_only=True)
class Cap(Checked):
    """Förderobergrenze: an amount, a scope (per offer/applicant/school) and a basis
    (calendar year, school year or call)."""

    _label = N_("cap")

    amount: Money
    scope: CapScope
    basis: CapBasis

    def _problems(self) -> Problems:
        yield from not_negative("amount", self.amount)


@attrs.frozen(kw_only=True)
class Budget(Checked):
    """A district's yearly budget for educational offers: the most its network office may award
    in one calendar year, summed over all approved offers (their money in that year)."""

    _label = N_("budget")

    amount: Money

    def _problems(self) -> Problems:
        yield from not_negative("amount", self.amount)


class ConsultationDeadline(StrEnum):
    """By when the consultation with the network office must have taken place."""

    BEFORE_SUBMISSION = "before_submission"
    BEFORE_START = "before_start"


@attrs.frozen(kw_only=True)
class ConsultationRequirement:
    """Whether a consultation (Beratungsgespräch) at the network office is required, and by when."""

    required: bool
    deadline: ConsultationDeadline = attrs.field(
        default=ConsultationDeadline.BEFORE_SUBMISSION, converter=ConsultationDeadline
    )


@attrs.frozen(kw_only=True)
class SubmissionDeadline(Checked):
    """When an application must be submitted.

    Either relative to the offer (``days_before_start``: at the latest that many days before the
    offer's first day) or by calls with closing dates (``closing_dates`` and/or ``recurrence``,
    an RFC 5545 RRULE such as ``"FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31"``): then an application
    is on time if it is submitted by the closing date of a round that closes before the offer
    starts.  Every deadline that ends on a Saturday, Sunday or public holiday in Sachsen-Anhalt
    moves to the next working day.
    """

    _label = N_("submission deadline")

    days_before_start: int | None = None
    closing_dates: tuple[date, ...] = ()
    recurrence: str | None = None

    def _problems(self) -> Problems:
        has_calls = bool(self.closing_dates) or self.recurrence is not None
        if self.days_before_start is None and not has_calls:
            yield (
                "days_before_start",
                Text(N_("give days_before_start, closing_dates or a recurrence")),
            )
        if self.days_before_start is not None and has_calls:
            yield (
                "days_before_start",
                Text(N_("give either days_before_start or closing dates, not both")),
            )
        if self.days_before_start is not None and not 0 <= self.days_before_start <= 3660:
            yield (
                "days_before_start",
                Text(
                    N_("must lie between 0 and 3660 (ten years): {days}"),
                    {"days": self.days_before_start},
                ),
            )
        if self.recurrence is not None:
            problem = recurrence_problem_text(self.recurrence)
            if problem:
                yield "recurrence", problem
