"""Recurring dates (closing dates of calls) as RFC 5545 rules, read with dateutil's ``rrule``."""

from __future__ import annotations

import functools
import itertools
from datetime import date, datetime
from typing import Final

from dateutil.rrule import rrulestr

#: A recurrence may produce at most this many dates (it is expanded in full).
MAX_RECURRING_DATES: Final = 1000


def recurrence_problem(rule: str) -> str | None:
    """Why an RRULE text cannot be used, or ``None`` if it is fine.

    The rule must be bounded (``COUNT`` or ``UNTIL``) so that looking up closing dates stays
    cheap, and it must not carry its own ``DTSTART`` (the library anchors it).
    """
    text = rule.strip()
    upper = text.upper()
    if "DTSTART" in upper:
        return "leave DTSTART out; the rule is anchored by the parameter's valid_from"
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        return "a recurrence must end: add COUNT=… or UNTIL=…"
    try:
        parsed = rrulestr(text, dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 - dates only
        # From the earliest anchor the library allows, so the count is an upper bound.
        dates = list(itertools.islice(iter(parsed), MAX_RECURRING_DATES + 1))
    except (ValueError, TypeError, OverflowError) as exc:
        return f"not a valid RRULE: {exc}"
    if not dates:
        return "the recurrence produces no dates"
    if len(dates) > MAX_RECURRING_DATES:
        return f"the recurrence produces more than {MAX_RECURRING_DATES} dates; bound it tighter"
    return None


@functools.cache
def recurring_dates(rule: str, anchor: date) -> tuple[date, ...]:
    """The dates of a bounded RRULE anchored at ``anchor`` (cached per rule and anchor)."""
    start = datetime(anchor.year, anchor.month, anchor.day)  # noqa: DTZ001 - dates only
    return tuple(moment.date() for moment in rrulestr(rule.strip(), dtstart=start))
