"""Deadline calendars: fixed closing dates with the working day they end on, as data, text and
iCalendar (parsed back with the icalendar package)."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest

import schulerfolg
from schulerfolg import DeadlineCalendar, deadline_calendar, from_json, to_json
from schulerfolg._procedure.calendars import calendar_ics, calendar_text
from schulerfolg.plugins import (
    PLUGIN_API_VERSION,
    DistrictPlugin,
    Parameter,
    ParameterValue,
    PluginRegistry,
    Source,
    SubmissionDeadline,
    find_plugins,
    load_plugin,
)

SOURCE = Source(reference="https://example.org/aufruf", title="Aufruf 2025")
BOERDE = "15083"


def built_in(name: str) -> schulerfolg.Rulebook:
    (found,) = [
        f for f in find_plugins() if f.distribution == "schulerfolg" and f.entry_point == name
    ]
    plugin = load_plugin(found)
    return PluginRegistry.from_plugins([(plugin, "schulerfolg", "0")]).rulebook(plugin.district)


def with_calls(*values: ParameterValue) -> schulerfolg.Rulebook:
    plugin = DistrictPlugin(
        api_version=PLUGIN_API_VERSION,
        district=BOERDE,
        name="calls",
        parameters=(Parameter(name="educational_offer.submission_deadline", values=values),),
    )
    return PluginRegistry.from_plugins([(plugin, "test", "1")]).rulebook(BOERDE)


def calls(
    *days: date, valid_from: date = date(2025, 1, 1), until: date | None = None
) -> ParameterValue:
    return ParameterValue(
        value=SubmissionDeadline(closing_dates=days),
        valid_from=valid_from,
        valid_until=until,
        source=SOURCE,
    )


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_a_sunday_closing_date_ends_on_monday() -> None:
    calendar = deadline_calendar("magdeburg", 2021, rulebook=built_in("magdeburg"))
    (entry,) = calendar.entries
    assert (entry.deadline.stated, entry.deadline.last_day) == (date(2021, 1, 31), date(2021, 2, 1))
    assert entry.deadline.moved
    assert "jissa.de" in entry.deadline.source.reference
    assert calendar.relative == ()


def test_the_ics_shows_the_working_day_and_the_stated_day_and_parses_back() -> None:
    calendar = deadline_calendar("magdeburg", 2021, rulebook=built_in("magdeburg"))
    data = calendar_ics(calendar, "de")
    (event,) = events(data)
    assert event.decoded("dtstart") == date(2021, 2, 1)  # an all-day event on the working day
    assert event.decoded("dtend") == date(2021, 2, 2)
    assert str(event["uid"]) == "15003-call_closing-2021-01-31@schulerfolg"
    description = str(event["description"])
    assert "Sonntag, 31. Januar 2021" in description
    assert "jissa.de" in description
    assert "Antragsschluss" in str(event["summary"])
    assert calendar_ics(calendar, "de") == data  # the same calendar, the same bytes


def test_a_public_holiday_of_sachsen_anhalt_moves_the_deadline() -> None:
    # 31.10.2025 is Reformation Day (a Friday): the deadline ends on Monday 03.11.2025.
    book = with_calls(calls(date(2025, 10, 31), date(2025, 6, 4)))
    calendar = deadline_calendar(BOERDE, 2025, rulebook=book)
    assert [(e.deadline.stated, e.deadline.last_day) for e in calendar.entries] == [
        (date(2025, 6, 4), date(2025, 6, 4)),
        (date(2025, 10, 31), date(2025, 11, 3)),
    ]
    moved, kept = events(calendar_ics(calendar, "en"))[1], events(calendar_ics(calendar, "en"))[0]
    assert moved.decoded("dtstart") == date(2025, 11, 3)
    assert "Friday, 31 October 2025" in str(moved["description"])
    assert "§ 193 BGB" in str(moved["description"])
    assert "not a working day" not in str(kept["description"])


def test_closing_dates_belong_to_the_value_in_force_on_them() -> None:
    # The calls hold until 30.06.; from 01.07. the state-wide deadline (before each start) holds.
    book = with_calls(calls(date(2025, 3, 31), date(2025, 9, 30), until=date(2025, 6, 30)))
    calendar = deadline_calendar(BOERDE, 2025, rulebook=book)
    assert [e.deadline.stated for e in calendar.entries] == [date(2025, 3, 31)]
    (relative,) = calendar.relative
    assert (relative.period.start, relative.period.end) == (date(2025, 7, 1), date(2025, 12, 31))
    assert relative.days_before_start == 0


def test_a_recurrence_gives_each_years_dates() -> None:
    value = ParameterValue(
        value=SubmissionDeadline(recurrence="FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=-1;COUNT=6"),
        valid_from=date(2025, 1, 1),
        source=SOURCE,
    )
    calendar = deadline_calendar(BOERDE, 2026, rulebook=with_calls(value))
    assert [e.deadline.stated for e in calendar.entries] == [date(2026, 3, 31), date(2026, 9, 30)]


def test_a_district_with_no_fixed_days_lists_the_relative_deadline() -> None:
    calendar = deadline_calendar(BOERDE, 2025, rulebook=schulerfolg.state_rulebook())
    assert calendar.entries == ()
    (relative,) = calendar.relative
    assert (relative.period.start, relative.period.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert relative.provisional
    assert "Keine Fristen mit festem Tag." in calendar_text(calendar, "de")
    # On the day itself, with the provisional flag inside the sentence.
    assert "at the latest on the day each offer starts (no fixed day; provisional)." in (
        calendar_text(calendar, "en")
    )
    assert "spätestens am Tag des Beginns jedes Angebots (kein fester Tag; vorläufig)." in (
        calendar_text(calendar, "de")
    )
    with pytest.raises(schulerfolg.NotFoundError, match="nothing to put in a calendar file"):
        calendar_ics(calendar)


def test_a_rule_that_gives_way_and_comes_back_is_two_periods() -> None:
    book = with_calls(
        calls(date(2025, 5, 30), valid_from=date(2025, 4, 1), until=date(2025, 6, 30))
    )
    calendar = deadline_calendar(BOERDE, 2025, rulebook=book)
    assert [(r.period.start, r.period.end) for r in calendar.relative] == [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 7, 1), date(2025, 12, 31)),
    ]


def test_a_year_without_any_rule_says_so() -> None:
    calendar = deadline_calendar(BOERDE, 2017, rulebook=schulerfolg.state_rulebook())
    assert (calendar.entries, calendar.relative) == ((), ())
    assert "Für dieses Jahr ist keine Fristregel bekannt." in calendar_text(calendar, "de")


@pytest.mark.parametrize("year", [0, 9998, "2025", 2025.0])
def test_a_calendar_needs_a_year(year: object) -> None:
    with pytest.raises(schulerfolg.DateError, match="not a calendar year"):
        deadline_calendar(BOERDE, year, rulebook=schulerfolg.state_rulebook())  # type: ignore[arg-type]


def test_a_calendar_is_a_document() -> None:
    calendar = deadline_calendar("magdeburg", 2021, rulebook=built_in("magdeburg"))
    assert from_json(to_json(calendar), DeadlineCalendar) == calendar
