"""Working days in Sachsen-Anhalt, for deadlines in law.

A deadline that ends on a Saturday, Sunday or public holiday at the place of the authority
moves to the next working day (§ 31 Abs. 3 Satz 1 VwVfG, applied in Sachsen-Anhalt through
§ 1 VwVfG LSA; § 193 BGB).  Public holidays and working-day arithmetic come from the maintained
``holidays`` package (Germany, subdivision ST, which includes Epiphany and Reformation Day):
its ``is_working_day`` and ``get_nth_working_day``, never a hand-written list or loop.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Final

import holidays

#: Public holidays are those of Sachsen-Anhalt (ISO 3166-2 DE-ST).
SUBDIVISION: Final = "ST"


@functools.cache
def _calendar() -> holidays.HolidayBase:
    # One calendar, filled year by year as days are asked for (holidays' own lazy expansion).
    return holidays.country_holidays("DE", subdiv=SUBDIVISION, language="de")


def public_holiday(day: date) -> str | None:
    """The name (German) of the public holiday in Sachsen-Anhalt on ``day``, or ``None``."""
    name: str | None = _calendar().get(day)
    return name


def is_working_day(day: date) -> bool:
    """True unless ``day`` is a Saturday, Sunday or public holiday in Sachsen-Anhalt."""
    return bool(_calendar().is_working_day(day))


@functools.lru_cache(maxsize=4096)
def roll_forward(day: date) -> date:
    """The deadline's real last day: ``day`` itself if a working day, else the next one."""
    # n=0: the day itself if it is a working day, otherwise the next working day.
    rolled: date = _calendar().get_nth_working_day(day, 0)
    return rolled
