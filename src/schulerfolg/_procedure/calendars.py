"""Deadline calendars: a district's deadlines in a calendar year, each with the day as stated,
the working day it really ends on (§ 31 Abs. 3 VwVfG, § 193 BGB, the holidays of
Sachsen-Anhalt) and its sources — as data, as text for people, and as iCalendar (RFC 5545, with
the ``icalendar`` package) for calendar programs.

The closing dates of calls come from the parameter ``educational_offer.submission_deadline`` in
force on each day of the year (the district's plugin where it has a value that day, else the
state-wide one).  A deadline counted back from each offer's start has no fixed day: the calendar
lists it as such, with the part of the year it holds for.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Final

import attrs
from babel.dates import format_date
from dateutil.rrule import DAILY, rrule

from schulerfolg._core.dates import CalendarYear, DateRange
from schulerfolg._core.i18n import DEFAULT_LANGUAGE, N_, babel_locale, translations
from schulerfolg._core.provenance import Source, source_text
from schulerfolg._core.recurrence import recurring_dates
from schulerfolg._model.organisations import District
from schulerfolg._parameters.history import ParameterValue
from schulerfolg._parameters.values import SubmissionDeadline
from schulerfolg._rules.deadlines import Deadline, DeadlineKind, deadline
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import DateError, NotFoundError, Text

#: The parameter whose closing dates the calendar lists.
SUBMISSION_DEADLINE: Final = "educational_offer.submission_deadline"


@attrs.frozen(kw_only=True)
class RelativeDeadline:
    """A deadline with no fixed day: ``days_before_start`` days before each offer's start,
    holding on the days ``period`` of the year."""

    days_before_start: int
    period: DateRange
    source: Source
    provisional: bool


@attrs.frozen(kw_only=True)
class CalendarEntry:
    """One fixed deadline of the year, with whether the value that sets it is provisional."""

    deadline: Deadline
    provisional: bool


@attrs.frozen(kw_only=True)
class DeadlineCalendar:
    """A district's deadlines for applications in one calendar year."""

    district: District
    year: int
    entries: tuple[CalendarEntry, ...]
    relative: tuple[RelativeDeadline, ...] = ()


def _values_in(rulebook: Rulebook, year: DateRange) -> Iterator[ParameterValue]:
    """Every value of the submission deadline that some layer gives for part of ``year``."""
    for parameter, _ in rulebook.parameters.get(SUBMISSION_DEADLINE, ()):
        for value in parameter.values:
            ends = value.valid_until or year.end
            if value.valid_from <= year.end and ends >= year.start:
                yield value


def deadline_calendar(rulebook: Rulebook, district: District, year: int) -> DeadlineCalendar:
    """The deadlines of ``district`` (under ``rulebook``) in the calendar year ``year``.

    A closing date counts in the year of its stated day (a Sunday 31 December ending on the next
    working day in January is listed in December's year).
    """
    if type(year) is not int or not 1 <= year <= _LAST_YEAR:
        raise DateError(
            Text(
                N_("not a calendar year: {year} ({first} to {last})"),
                {"year": repr(year), "first": 1, "last": _LAST_YEAR},
            )
        )
    days = CalendarYear(year).range
    entries: dict[date, CalendarEntry] = {}
    relative: list[RelativeDeadline] = []
    for value in _values_in(rulebook, days):
        rule: SubmissionDeadline = value.value
        if rule.days_before_start is not None:
            held = [d for d in _days(days) if _in_force(rulebook, d) is value]
            relative.extend(
                RelativeDeadline(
                    days_before_start=rule.days_before_start,
                    period=period,
                    source=value.source,
                    provisional=value.provisional,
                )
                for period in _runs(held)
            )
            continue
        closing = set(rule.closing_dates)
        if rule.recurrence is not None:
            closing.update(recurring_dates(rule.recurrence, value.valid_from))
        for day in sorted(closing):
            # A closing date belongs to the value in force on it (layers and histories decide).
            if day in days and _in_force(rulebook, day) is value:
                stated = deadline(DeadlineKind.CALL_CLOSING, day, value.source)
                entries[day] = CalendarEntry(deadline=stated, provisional=value.provisional)
    return DeadlineCalendar(
        district=district,
        year=year,
        entries=tuple(entries[day] for day in sorted(entries)),
        relative=tuple(relative),
    )


#: The last year a calendar is made for (a deadline may roll into the year after it).
_LAST_YEAR: Final = 9997


def _runs(days: list[date]) -> Iterator[DateRange]:
    """Consecutive days as ranges: a rule that gives way in the middle of the year and comes
    back is two periods, not one spanning the gap."""
    start = previous = None
    for day in days:
        if previous is not None and day != previous + timedelta(days=1):
            assert start is not None
            yield DateRange(start=start, end=previous)
            start = None
        start = start or day
        previous = day
    if start is not None and previous is not None:
        yield DateRange(start=start, end=previous)


def _days(period: DateRange) -> Iterator[date]:
    start, end = (datetime.combine(day, datetime.min.time()) for day in (period.start, period.end))
    return (moment.date() for moment in rrule(DAILY, dtstart=start, until=end))


def _in_force(rulebook: Rulebook, day: date) -> ParameterValue | None:
    try:
        return rulebook.resolve(SUBMISSION_DEADLINE, day)[0]
    except LookupError:  # no value that day
        return None


# --------------------------------------------------------------------------------------------
# For people, and for calendar programs

_CLOSING: Final = N_("Closing date for applications")
_MOVED: Final = N_("The stated day {stated} is not a working day in Sachsen-Anhalt.")
_SOURCE: Final = N_("Source: {source}")
_LAW: Final = N_("Legal basis: {law}")
#: A deadline counted back from each offer's start: on the day itself, one day or some days
#: before it; the same provisional (the flag inside the sentence, before its full stop).
_RELATIVE: Final = {
    (0, False): N_("{start} to {end}: at the latest on the day each offer starts (no fixed day)."),
    (0, True): N_(
        "{start} to {end}: at the latest on the day each offer starts (no fixed day; provisional)."
    ),
    (1, False): N_("{start} to {end}: 1 day before the start of each offer (no fixed day)."),
    (1, True): N_(
        "{start} to {end}: 1 day before the start of each offer (no fixed day; provisional)."
    ),
    (2, False): N_("{start} to {end}: {days} days before the start of each offer (no fixed day)."),
    (2, True): N_(
        "{start} to {end}: {days} days before the start of each offer (no fixed day; provisional)."
    ),
}
_NONE: Final = N_("No deadlines with a fixed day.")
_NO_RULE: Final = N_("No deadline rule is known for this year.")
_PROVISIONAL: Final = N_("provisional")


def _day_text(day: date, language: str) -> str:
    return format_date(day, format="full", locale=babel_locale(language))


def calendar_text(calendar: DeadlineCalendar, language: str = DEFAULT_LANGUAGE) -> str:
    """The calendar as text for people, in ``language``."""
    tr = translations(language).gettext
    lines = [f"{calendar.district} {calendar.year}", ""]
    for entry in calendar.entries:
        item = entry.deadline
        flag = f" ({tr(_PROVISIONAL)})" if entry.provisional else ""
        lines.append(f"{_day_text(item.last_day, language)}: {tr(_CLOSING)}{flag}")
        if item.moved:
            lines.append("  " + tr(_MOVED).format(stated=_day_text(item.stated, language)))
            lines.append("  " + tr(_LAW).format(law=source_text(item.legal_source)))
        lines.append("  " + tr(_SOURCE).format(source=source_text(item.source)))
    if not calendar.entries and not calendar.relative:
        lines.append(tr(_NO_RULE))
    elif not calendar.entries:
        lines.append(tr(_NONE))
    for rule in calendar.relative:
        template = _RELATIVE[min(rule.days_before_start, 2), rule.provisional]
        text = tr(template).format(
            start=_day_text(rule.period.start, language),
            end=_day_text(rule.period.end, language),
            days=rule.days_before_start,
        )
        lines += ["", text, "  " + tr(_SOURCE).format(source=source_text(rule.source))]
    return "\n".join(lines)


def calendar_ics(calendar: DeadlineCalendar, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The fixed deadlines as an iCalendar file (RFC 5545): all-day events on the working day
    each deadline really ends, with stable UIDs and the stated day and sources in the
    description.  A calendar without fixed deadlines has nothing to put in a file: it is refused
    with :class:`~schulerfolg.errors.NotFoundError` (RFC 5545 needs at least one event)."""
    if not calendar.entries:
        raise NotFoundError(
            Text(
                N_(
                    "{district} has no deadline with a fixed day in {year}; there is nothing to "
                    "put in a calendar file (see the text or JSON output)"
                ),
                {"district": str(calendar.district), "year": calendar.year},
            )
        )
    tr = translations(language).gettext
    # icalendar is imported only to write a calendar file: `import schulerfolg` and every
    # other command would pay its ~25 ms import for nothing.
    import icalendar

    ics = icalendar.Calendar()
    ics.add("prodid", "-//schulerfolg//deadline calendar//DE")
    ics.add("version", "2.0")
    ics.add("x-wr-calname", f"{calendar.district.name} {calendar.year}")
    for entry in calendar.entries:
        item = entry.deadline
        event = icalendar.Event()
        uid = f"{calendar.district.key}-{item.kind.value}-{item.stated.isoformat()}@schulerfolg"
        event.add("uid", uid)
        # A stamp from the data, not the clock: the same calendar gives the same bytes.
        event.add("dtstamp", datetime.combine(item.stated, datetime.min.time(), UTC))
        event.add("dtstart", item.last_day)
        event.add("dtend", item.last_day + timedelta(days=1))
        flag = f" ({tr(_PROVISIONAL)})" if entry.provisional else ""
        event.add("summary", f"{tr(_CLOSING)}{flag}: {calendar.district.name}")
        lines = []
        if item.moved:
            lines.append(tr(_MOVED).format(stated=_day_text(item.stated, language)))
            lines.append(tr(_LAW).format(law=source_text(item.legal_source)))
        lines.append(tr(_SOURCE).format(source=source_text(item.source)))
        event.add("description", "\n".join(lines))
        ics.add_component(event)
    data: bytes = ics.to_ical()
    return data
