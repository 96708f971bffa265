"""Deadlines in law: working days in Sachsen-Anhalt and closing dates of calls.

A deadline that ends on a Saturday, Sunday or public holiday at the place of the authority
moves to the next working day (§ 31 Abs. 3 Satz 1 VwVfG, applied in Sachsen-Anhalt through
§ 1 VwVfG LSA; § 193 BGB).  Public holidays come from the maintained ``holidays`` package
(Germany, subdivision ST, which includes Epiphany and Reformation Day), not from a hand-written
list.  Recurring closing dates are RFC 5545 rules read with dateutil's ``rrule``.
"""

from __future__ import annotations

import functools
import itertools
from datetime import date, datetime, timedelta
from typing import Final

import holidays
from dateutil.rrule import rrulestr

from schulerfolg._model import Source

#: The legal basis for moving a deadline to the next working day.
DEADLINE_ROLL_SOURCE: Final = Source(
    reference="§ 31 Abs. 3 VwVfG i. V. m. § 1 VwVfG LSA; § 193 BGB",
    title="Fristende an Sonnabenden, Sonn- und Feiertagen",
)

#: Public holidays are those of Sachsen-Anhalt (ISO 3166-2 DE-ST).
SUBDIVISION: Final = "ST"

_ONE_DAY: Final = timedelta(days=1)

#: A closing-date recurrence may produce at most this many dates (it is expanded in full).
MAX_RECURRING_DATES: Final = 1000


@functools.cache
def _holidays(year: int) -> dict[date, str]:
    calendar = holidays.country_holidays("DE", subdiv=SUBDIVISION, years=year, language="de")
    return dict(calendar.items())


def public_holiday(day: date) -> str | None:
    """The name (German) of the public holiday in Sachsen-Anhalt on ``day``, or ``None``."""
    return _holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """True unless ``day`` is a Saturday, Sunday or public holiday in Sachsen-Anhalt."""
    return day.weekday() < 5 and public_holiday(day) is None


def roll_forward(day: date) -> date:
    """The deadline's real last day: ``day`` itself if a working day, else the next one."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day


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
