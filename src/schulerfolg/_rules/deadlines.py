"""Deadlines as records: what the deadline is, the day as stated, the working day it really
ends on, and the legal source of that rule — computed once, used by the rules, ready for the
deadline calendars.

A deadline that ends on a Saturday, Sunday or public holiday in Sachsen-Anhalt moves to the next
working day (§ 31 Abs. 3 Satz 1 VwVfG i. V. m. § 1 VwVfG LSA; § 193 BGB).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Final

import attrs

from schulerfolg._core.provenance import Source
from schulerfolg._core.recurrence import recurring_dates
from schulerfolg._core.working_days import roll_forward
from schulerfolg._model.application import Application
from schulerfolg._parameters.history import ParameterValue
from schulerfolg._parameters.values import ConsultationDeadline, ConsultationRequirement

#: The legal basis for computing a deadline's last day.
DEADLINE_RULES: Final = Source(
    reference="§ 31 Abs. 3 VwVfG i. V. m. § 1 VwVfG LSA; § 193 BGB", title="Fristberechnung"
)


class DeadlineKind(StrEnum):
    """What a deadline is for."""

    SUBMISSION_BEFORE_START = "submission_before_start"
    CALL_CLOSING = "call_closing"


@attrs.frozen(kw_only=True)
class Deadline:
    """A deadline: its ``kind``, the ``stated`` day, the working day it really ends on
    (``last_day``), the ``source`` of the stated day (the parameter value's) and the legal
    source of moving it (``legal_source``)."""

    kind: DeadlineKind
    stated: date
    last_day: date
    source: Source
    legal_source: Source = DEADLINE_RULES

    @property
    def moved(self) -> bool:
        """True if the stated day is not a working day and the deadline moved."""
        return self.last_day != self.stated


def deadline(kind: DeadlineKind, stated: date, source: Source) -> Deadline:
    """The deadline stated for ``stated``, ending on the next working day if need be."""
    return Deadline(kind=kind, stated=stated, last_day=roll_forward(stated), source=source)


def submission_deadlines(entry: ParameterValue, application: Application) -> tuple[Deadline, ...]:
    """The submission deadlines that a submission deadline parameter value sets for an
    application: one relative to the offer's start, or every closing date of the calls (in
    order; a recurrence is anchored at the value's ``valid_from``)."""
    rule = entry.value
    if rule.days_before_start is not None:
        stated = application.period.start - timedelta(days=rule.days_before_start)
        return (deadline(DeadlineKind.SUBMISSION_BEFORE_START, stated, entry.source),)
    closing = set(rule.closing_dates)
    if rule.recurrence is not None:
        closing.update(recurring_dates(rule.recurrence, entry.valid_from))
    return tuple(deadline(DeadlineKind.CALL_CLOSING, day, entry.source) for day in sorted(closing))


def open_calls(calls: tuple[Deadline, ...], submitted: date, start: date) -> tuple[Deadline, ...]:
    """The calls an application submitted on ``submitted`` can still answer: closing on or
    after the submission and before the offer's ``start``."""
    return tuple(call for call in calls if submitted <= call.last_day < start)


def consultation_limit(
    requirement: ConsultationRequirement, application: Application, submitted: date
) -> tuple[date, bool]:
    """The day a required consultation is measured against, and whether a consultation on that
    day itself still counts: the submission (it does) or the offer's start (it does not)."""
    if requirement.deadline is ConsultationDeadline.BEFORE_SUBMISSION:
        return submitted, True
    return application.period.start, False
