"""Working days in Sachsen-Anhalt, for deadlines in law.

A deadline that ends on a Saturday, Sunday or public holiday at the place of the authority
moves to the next working day (§ 31 Abs. 3 Satz 1 VwVfG, applied in Sachsen-Anhalt through
§ 1 VwVfG LSA; § 193 BGB).  The public holidays are those of the maintained ``holidays``
package (Germany, subdivision ST, which includes Epiphany and Reformation Day), never a list of
our own: for 2000–2060 they are read from :mod:`~schulerfolg._core.holiday_table`, that
package's answer written down by ``tools/holiday_table.py`` and compared with it day by day in
the tests (asking ``holidays`` for Germany imports all of its ~300 country modules, about
100 ms of every command's start-up); other years are asked of ``holidays`` itself.  The days
are walked with ``dateutil.rrule``.
"""

from __future__ import annotations

import functools
import threading
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule

from schulerfolg._core import holiday_table

if TYPE_CHECKING:
    import holidays

#: Public holidays are those of Sachsen-Anhalt (ISO 3166-2 DE-ST).
SUBDIVISION: Final = "ST"

# The ``holidays`` calendar (years outside the table) fills itself year by year as days are
# asked for; the filling is not thread-safe, so every use holds this lock: an application portal
# evaluates from many threads, and a half-filled year would give a wrong deadline.
_LOCK: Final = threading.Lock()

_WORKDAYS: Final = (MO, TU, WE, TH, FR)


@functools.cache
def _table() -> dict[date, str]:
    return {date.fromisoformat(day): name for day, name in holiday_table.HOLIDAYS}


@functools.cache
def _calendar() -> holidays.HolidayBase:
    import holidays  # only for years outside the table: it costs ~100 ms to import Germany

    return holidays.country_holidays("DE", subdiv=SUBDIVISION, language="de")


def _day(day: object) -> date:
    # A number or a text is not a day (holidays would read them as a timestamp or parse them).
    if type(day) is not date:
        raise TypeError(f"expected a date, got {type(day).__name__}: {day!r}")
    return day


def _holiday(day: date) -> str | None:
    if holiday_table.FIRST_YEAR <= day.year <= holiday_table.LAST_YEAR:
        return _table().get(day)
    with _LOCK:
        name: str | None = _calendar().get(day)
    return name


def public_holiday(day: date) -> str | None:
    """The name (German) of the public holiday in Sachsen-Anhalt on ``day``, or ``None``."""
    return _holiday(_day(day))


def is_working_day(day: date) -> bool:
    """True unless ``day`` is a Saturday, Sunday or public holiday in Sachsen-Anhalt."""
    return _day(day).weekday() < 5 and _holiday(day) is None


@functools.lru_cache(maxsize=4096)
def roll_forward(day: date) -> date:
    """The deadline's real last day: ``day`` itself if a working day, else the next one."""
    start = datetime.combine(_day(day), datetime.min.time())
    # Monday to Friday from ``day`` on; the first that is no holiday.  (There is always one
    # within a week: no run of holidays covers five weekdays.)
    for candidate in rrule(DAILY, dtstart=start, byweekday=_WORKDAYS):
        if _holiday(candidate.date()) is None:
            return candidate.date()
    raise AssertionError("unreachable: an endless rule always yields")  # pragma: no cover
