"""Recurring dates (closing dates of calls) as RFC 5545 rules, read with dateutil's ``rrule``."""

from __future__ import annotations

import functools
import itertools
from datetime import date, datetime
from typing import Final

from dateutil.rrule import rrulestr

from schulerfolg._core.i18n import N_
from schulerfolg.errors import Text

#: A recurrence may produce at most this many dates (it is expanded in full).
MAX_RECURRING_DATES: Final = 1000


def recurrence_problem(rule: str) -> str | None:
    """Why an RRULE text cannot be used, in English, or ``None`` if it is fine (see
    :func:`recurrence_problem_text`)."""
    problem = recurrence_problem_text(rule)
    return None if problem is None else str(problem)


def recurrence_problem_text(rule: str) -> Text | None:
    """Why an RRULE text cannot be used, as a :class:`~schulerfolg.errors.Text`, or ``None``
    if it is fine.

    The rule must be bounded (``COUNT`` or ``UNTIL``) so that looking up closing dates stays
    cheap, and it must not carry its own ``DTSTART`` (the library anchors it).
    """
    text = rule.strip()
    upper = text.upper()
    if "DTSTART" in upper:
        return Text(N_("leave DTSTART out; the rule is anchored by the parameter's valid_from"))
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        return Text(N_("a recurrence must end: add COUNT=… or UNTIL=…"))
    try:
        parsed = rrulestr(text, dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 - dates only
        # From the earliest anchor the library allows, so the count is an upper bound.
        dates = list(itertools.islice(iter(parsed), MAX_RECURRING_DATES + 1))
    except (ValueError, TypeError, OverflowError) as exc:
        # dateutil's own words (English whatever the locale).
        return Text(N_("not a valid RRULE: {reason}"), {"reason": str(exc)})
    if not dates:
        return Text(N_("the recurrence produces no dates"))
    if len(dates) > MAX_RECURRING_DATES:
        return Text(
            N_("the recurrence produces more than {count} dates; bound it tighter"),
            {"count": MAX_RECURRING_DATES},
        )
    return None


@functools.cache
def recurring_dates(rule: str, anchor: date) -> tuple[date, ...]:
    """The dates of a bounded RRULE anchored at ``anchor`` (cached per rule and anchor)."""
    start = datetime(anchor.year, anchor.month, anchor.day)  # noqa: DTZ001 - dates only
    return tuple(moment.date() for moment in rrulestr(rule.strip(), dtstart=start))
