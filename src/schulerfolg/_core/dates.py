"""Dates and periods: strict parsing, date ranges, calendar years and school years.

Input dates are read with fixed formats only (ISO ``2024-07-31`` or German ``31.07.2024``).
dateutil's free-form parser is deliberately not used on user input: with ``dayfirst`` it reads
ISO ``2024-02-01`` as 2 January, and ``fuzzy`` accepts garbage.  dateutil is used where it is
best: ``relativedelta`` for date arithmetic and ``rrule`` for recurring dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from schulerfolg._core.i18n import N_
from schulerfolg.errors import DateError, FieldTypeError, InvariantError, Problem, Text

_ISO: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_GERMAN: Final = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}")

#: First day of a school year in Sachsen-Anhalt's programme (01.08.).
SCHOOL_YEAR_START_MONTH: Final = 8


def parse_date(text: str) -> date:
    """Read a date written as ISO (``2024-07-31``) or German (``31.07.2024``), strictly.

    Impossible dates (``31.02.2024``, ``2024-13-01``) and any other spelling are refused with
    :class:`DateError`.
    """
    if not isinstance(text, str):
        raise DateError(Text(N_("not a date: {value} is not text"), {"value": repr(text)}))
    value = text.strip()
    try:
        if _ISO.fullmatch(value):
            return date.fromisoformat(value)
        if _GERMAN.fullmatch(value):
            return datetime.strptime(value, "%d.%m.%Y").date()  # noqa: DTZ007 - a date, no time
    except ValueError as exc:
        raise DateError(
            Text(
                N_("not a date: {value} ({reason})"),
                {"value": repr(text), "reason": date_reason(exc)},
            )
        ) from None
    raise DateError(
        Text(
            N_("not a date: {value} (write it as 2024-07-31 or 31.07.2024)"), {"value": repr(text)}
        )
    )


#: Python's own words on an impossible date (English whatever the locale), for the cases
#: people meet; the groups are Python's values (its quoting kept).
_DATE_REASONS: Final = (
    (re.compile(r"day is out of range for month"), N_("day is out of range for month")),
    (re.compile(r"month must be in 1\.\.12"), N_("month must be in 1..12")),
    (re.compile(r"year (?P<year>-?[0-9]+) is out of range"), N_("year {year} is out of range")),
    (
        re.compile(r"time data (?P<data>.+) does not match format (?P<format>.+)"),
        N_("time data {data} does not match format {format}"),
    ),
)


def date_reason(error: ValueError) -> Text:
    """Why Python refuses a date (``date.fromisoformat``, ``datetime.strptime``), as a
    :class:`~schulerfolg.errors.Text`: a text for the common cases, else Python's own words as
    they are.  ``str()`` of the result is Python's message either way."""
    return Text.foreign(str(error), patterns=_DATE_REASONS)


def shown_day(day: date) -> date:
    """A day as a value of a problem's :class:`~schulerfolg.errors.Text`: ISO in English (its
    ``str()``, as these messages have always shown days), the reader's format when rendered
    (``01.09.2025``, ``1 Sept 2025``)."""
    return day


def shown_period(period: DateRange) -> DateRange:
    """A period as a value of a problem's :class:`~schulerfolg.errors.Text`: ISO days in
    English (``2025-09-01..2025-12-19``), the reader's format when rendered."""
    return period


def _not_a_day(value: object) -> Text:
    return Text(
        N_("expected a date, got a {type} ({value})"),
        {"type": type(value).__name__, "value": repr(value)},
    )


def _range_problems(start: date, end: date) -> list[Problem]:
    # A datetime is a date subclass but not a day; a float or text is a caller's slip.
    wrong = [
        Problem.of(f"$.{name}", _not_a_day(value), code="type")
        for name, value in (("start", start), ("end", end))
        if type(value) is not date
    ]
    if wrong:
        return wrong
    if end < start:
        message = Text(
            N_("ends ({end}) before it starts ({start})"),
            {"end": shown_day(end), "start": shown_day(start)},
        )
        return [Problem.of("$.end", message)]
    return []


@attrs.frozen(kw_only=True)
class DateRange:
    """A closed range of days: both ``start`` and ``end`` belong to it."""

    _label = N_("period")

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        problems = _range_problems(self.start, self.end)
        if problems:
            wrong = all(problem.code == "type" for problem in problems)
            raise (FieldTypeError if wrong else InvariantError)(
                type(self).__name__, problems, label=Text(self._label)
            )

    def __contains__(self, day: object) -> bool:
        # A datetime is a date subclass but not a day; it is never "in" a range of days.
        return (
            isinstance(day, date)
            and not isinstance(day, datetime)
            and self.start <= day <= self.end
        )

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        """The number of days in the range, both ends counted."""
        return (self.end - self.start).days + 1

    def contains_range(self, other: DateRange) -> bool:
        """True if ``other`` lies wholly inside this range."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: DateRange) -> bool:
        """True if the two ranges share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: DateRange) -> DateRange | None:
        """The days both ranges share, or ``None``."""
        if not self.overlaps(other):
            return None
        return DateRange(start=max(self.start, other.start), end=min(self.end, other.end))

    def calendar_years(self) -> tuple[CalendarYear, ...]:
        """The calendar years the range touches, in order."""
        return tuple(CalendarYear(year) for year in range(self.start.year, self.end.year + 1))

    def school_years(self) -> tuple[SchoolYear, ...]:
        """The school years (01.08.–31.07.) the range touches, in order."""
        first = SchoolYear.containing(self.start).start_year
        last = SchoolYear.containing(self.end).start_year
        return tuple(SchoolYear(year) for year in range(first, last + 1))

    def split_by_calendar_year(self) -> tuple[DateRange, ...]:
        """Cut the range at each 1 January; the pieces cover it exactly, in order."""
        return tuple(
            piece
            for year in self.calendar_years()
            if (piece := self.intersection(year.range)) is not None
        )

    def split_by_school_year(self) -> tuple[DateRange, ...]:
        """Cut the range at each 1 August; the pieces cover it exactly, in order."""
        return tuple(
            piece
            for year in self.school_years()
            if (piece := self.intersection(year.range)) is not None
        )


def _year_between(
    low: int, high: int, *, owner: str, label: str
) -> Callable[[Any, attrs.Attribute[int], int], None]:
    """An attrs validator: a whole number from ``low`` to ``high``, else the library's
    :class:`~schulerfolg.errors.InvariantError` naming the field of ``owner`` (the class's
    name; ``label`` what it is for people).  It never looks at the instance: the converter
    calls it with none (``_wire/hooks.py``)."""

    def check(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
        if type(value) is not int:
            message = Text(
                N_("expected a whole number, got a {type} ({value})"),
                {"type": type(value).__name__, "value": repr(value)},
            )
            problem = Problem.of(f"$.{attribute.name}", message, code="type")
            raise FieldTypeError(owner, [problem], label=Text(label))
        if not low <= value <= high:
            message = Text(
                N_("must lie between {low} and {high}: {value}"),
                {"low": low, "high": high, "value": value},
            )
            problem = Problem.of(f"$.{attribute.name}", message)
            raise InvariantError(owner, [problem], label=Text(label))

    return check


@attrs.frozen(order=True)
class CalendarYear:
    """A calendar year, 1 January to 31 December (``CalendarYear(2025)``)."""

    year: int = attrs.field(
        validator=_year_between(1, 9998, owner="CalendarYear", label=N_("calendar year"))
    )

    @property
    def range(self) -> DateRange:
        """The days of the year."""
        return DateRange(start=date(self.year, 1, 1), end=date(self.year, 12, 31))

    @classmethod
    def containing(cls, day: date) -> CalendarYear:
        """The calendar year a day belongs to."""
        return cls(day.year)

    def __str__(self) -> str:
        return str(self.year)


@attrs.frozen(order=True)
class SchoolYear:
    """A school year, 1 August to 31 July, named by the year it starts in.

    ``SchoolYear(2024)`` is the school year 2024/25, 01.08.2024–31.07.2025.
    """

    start_year: int = attrs.field(
        validator=_year_between(1, 9997, owner="SchoolYear", label=N_("school year"))
    )

    @property
    def range(self) -> DateRange:
        """The days of the school year."""
        start = date(self.start_year, SCHOOL_YEAR_START_MONTH, 1)
        # One relativedelta from the anchor date; never chained month steps (they do not commute).
        return DateRange(start=start, end=start + relativedelta(years=1, days=-1))

    @classmethod
    def containing(cls, day: date) -> SchoolYear:
        """The school year a day belongs to."""
        return cls(day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1)

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"
