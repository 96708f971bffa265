"""Working days in Sachsen-Anhalt, for deadlines in law.

A deadline that ends on a Saturday, Sunday or public holiday at the place of the authority
moves to the next working day (§ 31 Abs. 3 Satz 1 VwVfG, applied in Sachsen-Anhalt through
§ 1 VwVfG LSA; § 193 BGB).  Public holidays and working-day arithmetic come from the maintained
``holidays`` package (Germany, subdivision ST, which includes Epiphany and Reformation Day):
its ``is_working_day`` and ``get_nth_working_day``, never a hand-written list or loop.
"""

from __future__ import annotations

import functools
import threading
from datetime import date
from typing import Final

import holidays

#: Public holidays are those of Sachsen-Anhalt (ISO 3166-2 DE-ST).
SUBDIVISION: Final = "ST"

# One calendar, filled year by year as days are asked for (holidays' own lazy expansion).  The
# filling is not thread-safe, so every use of the calendar holds this lock: an application
# portal evaluates from many threads, and a half-filled year would give a wrong deadline.
_LOCK: Final = threading.Lock()


@functools.cache
def _calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=SUBDIVISION, language="de")


def _day(day: object) -> date:
    # holidays would read a number as a Unix timestamp and parse text; a deadline is a day.
    if type(day) is not date:
        raise TypeError(f"expected a date, got {type(day).__name__}: {day!r}")
    return day


def public_holiday(day: date) -> str | None:
    """The name (German) of the public holiday in Sachsen-Anhalt on ``day``, or ``None``."""
    with _LOCK:
        name: str | None = _calendar().get(_day(day))
    return name


def is_working_day(day: date) -> bool:
    """True unless ``day`` is a Saturday, Sunday or public holiday in Sachsen-Anhalt."""
    with _LOCK:
        return bool(_calendar().is_working_day(_day(day)))


@functools.lru_cache(maxsize=4096)
def roll_forward(day: date) -> date:
    """The deadline's real last day: ``day`` itself if a working day, else the next one."""
    with _LOCK:
        # n=0: the day itself if it is a working day, otherwise the next working day.
        rolled: date = _calendar().get_nth_working_day(_day(day), 0)
    return rolled
