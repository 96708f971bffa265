"""Deadlines as records: the stated day, the working day it really ends on, its sources, and the
calls an application can still answer."""

from __future__ import annotations

from datetime import date

import pytest

from rule_helpers import AUTUMN_2025, TEST_SOURCE, application
from schulerfolg._rules.deadlines import (
    DEADLINE_RULES,
    Deadline,
    DeadlineKind,
    consultation_limit,
    deadline,
    open_calls,
    submission_deadlines,
)
from schulerfolg.plugins import (
    ConsultationDeadline,
    ConsultationRequirement,
    DateRange,
    ParameterValue,
    SubmissionDeadline,
)


def entry(rule: SubmissionDeadline, valid_from: date = date(2025, 1, 1)) -> ParameterValue:
    return ParameterValue(value=rule, valid_from=valid_from, source=TEST_SOURCE)


def call(day: date) -> Deadline:
    return deadline(DeadlineKind.CALL_CLOSING, day, TEST_SOURCE)


# --------------------------------------------------------------------------------------------
# One deadline


def test_a_stated_sunday_ends_on_monday_and_says_it_moved() -> None:
    # The offer starts on Monday 2025-09-15; one day before is Sunday 2025-09-14.
    period = DateRange(start=date(2025, 9, 15), end=date(2025, 12, 19))
    (found,) = submission_deadlines(
        entry(SubmissionDeadline(days_before_start=1)), application(period=period)
    )
    assert found.kind is DeadlineKind.SUBMISSION_BEFORE_START
    assert found.stated == date(2025, 9, 14)
    assert found.last_day == date(2025, 9, 15)
    assert found.moved is True
    assert found.source == TEST_SOURCE
    assert found.legal_source == DEADLINE_RULES
    assert "VwVfG" in DEADLINE_RULES.reference


def test_a_stated_working_day_stays_and_did_not_move() -> None:
    (found,) = submission_deadlines(
        entry(SubmissionDeadline(days_before_start=14)), application(period=AUTUMN_2025)
    )
    assert found.stated == found.last_day == date(2025, 8, 18)  # a Monday
    assert found.moved is False


@pytest.mark.parametrize(
    ("stated", "last_day"),
    [
        pytest.param(date(2025, 5, 31), date(2025, 6, 2), id="saturday"),
        pytest.param(date(2025, 10, 31), date(2025, 11, 3), id="reformation-day"),
        pytest.param(date(2025, 4, 18), date(2025, 4, 22), id="good-friday-over-easter"),
        pytest.param(date(2025, 6, 30), date(2025, 6, 30), id="a-working-day"),
    ],
)
def test_a_deadline_ends_on_the_next_working_day(stated: date, last_day: date) -> None:
    found = call(stated)
    assert (found.stated, found.last_day) == (stated, last_day)
    assert found.moved is (stated != last_day)


# --------------------------------------------------------------------------------------------
# Calls


def test_closing_dates_and_recurrence_are_merged_and_sorted() -> None:
    rule = SubmissionDeadline(
        closing_dates=(date(2026, 3, 31), date(2025, 6, 15), date(2025, 3, 31)),
        recurrence="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15;COUNT=2",
    )
    found = submission_deadlines(entry(rule), application())
    # The recurrence is anchored at the value's valid_from (2025-01-01); 2025-06-15 is given
    # both ways and counted once.
    assert [d.stated for d in found] == [
        date(2025, 3, 31),
        date(2025, 6, 15),
        date(2026, 3, 31),
        date(2026, 6, 15),
    ]
    assert [d.last_day for d in found] == [
        date(2025, 3, 31),
        date(2025, 6, 16),  # a Sunday, moved to Monday
        date(2026, 3, 31),
        date(2026, 6, 15),
    ]
    assert all(d.kind is DeadlineKind.CALL_CLOSING for d in found)
    assert all(d.source == TEST_SOURCE for d in found)


def test_a_recurrence_is_anchored_at_valid_from() -> None:
    rule = SubmissionDeadline(recurrence="FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31;COUNT=2")
    found = submission_deadlines(entry(rule, valid_from=date(2027, 2, 1)), application())
    assert [d.stated for d in found] == [date(2028, 1, 31), date(2029, 1, 31)]


def test_open_calls_close_on_or_after_submission_and_before_the_start() -> None:
    calls = (
        call(date(2025, 3, 31)),  # closed before the submission
        call(date(2025, 5, 31)),  # a Saturday: really ends on Monday 2025-06-02
        call(date(2025, 6, 30)),
        call(date(2025, 9, 1)),  # closes on the offer's first day: too late
    )
    submitted, start = date(2025, 6, 2), date(2025, 9, 1)
    usable = open_calls(calls, submitted, start)
    assert [c.stated for c in usable] == [date(2025, 5, 31), date(2025, 6, 30)]
    assert open_calls(calls, date(2025, 7, 1), start) == ()
    assert open_calls((), submitted, start) == ()


# --------------------------------------------------------------------------------------------
# Consultation


def test_consultation_limit_before_submission_is_the_submission_day_itself() -> None:
    requirement = ConsultationRequirement(required=True)
    assert requirement.deadline is ConsultationDeadline.BEFORE_SUBMISSION
    app = application(period=AUTUMN_2025)
    assert consultation_limit(requirement, app, date(2025, 6, 30)) == (date(2025, 6, 30), True)


def test_consultation_limit_before_start_excludes_the_first_day() -> None:
    requirement = ConsultationRequirement(required=True, deadline=ConsultationDeadline.BEFORE_START)
    app = application(period=AUTUMN_2025)
    assert consultation_limit(requirement, app, date(2025, 6, 30)) == (AUTUMN_2025.start, False)
