"""Dates and periods: strict parsing, date ranges, calendar years and school years."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schulerfolg import (
    CalendarYear,
    DateError,
    DateRange,
    FieldTypeError,
    InvariantError,
    SchoolYear,
    SchulerfolgError,
    parse_date,
)

ONE_DAY = timedelta(days=1)

# Dates a grant programme can meet, with room on both sides (and several leap-year rules:
# 1900 and 2100 are not leap years, 2000 is).
dates = st.dates(min_value=date(1890, 1, 1), max_value=date(2210, 12, 31))


@st.composite
def date_ranges(draw: st.DrawFn, max_days: int = 4000) -> DateRange:
    start = draw(dates)
    length = draw(st.integers(min_value=0, max_value=max_days))
    return DateRange(start=start, end=start + timedelta(days=length))


def days_of(period: DateRange) -> list[date]:
    return [period.start + timedelta(days=i) for i in range((period.end - period.start).days + 1)]


# --------------------------------------------------------------------------------------------
# parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-31", date(2024, 7, 31)),
        ("31.07.2024", date(2024, 7, 31)),
        ("1.8.2024", date(2024, 8, 1)),
        ("01.08.2024", date(2024, 8, 1)),
        ("  2024-07-31 ", date(2024, 7, 31)),
        ("29.02.2024", date(2024, 2, 29)),
        ("2000-02-29", date(2000, 2, 29)),
    ],
)
def test_parse_date_iso_and_german(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_iso_date_is_year_month_day_not_dayfirst() -> None:
    # dateutil's parse(..., dayfirst=True) reads this as 2 January.
    assert parse_date("2024-02-01") == date(2024, 2, 1)
    # The German spelling is day first.
    assert parse_date("01.02.2024") == date(2024, 2, 1)
    assert parse_date("02.01.2024") == date(2024, 1, 2)


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2024",  # impossible day
        "29.02.2023",  # not a leap year
        "2100-02-29",  # not a leap year (century rule)
        "2024-13-01",  # impossible month
        "2024-02-30",
        "00.01.2024",
        "32.01.2024",
        "1.1.24",  # two-digit year
        "2024/01/01",
        "01/02/2024",
        "2024-2-1",
        "20240201",  # ISO basic form
        "2024-02-01T00:00",
        "next friday",
        "1. Februar 2024",
        "Feb 1, 2024",
        "",
        "   ",
        "2024",
    ],
)
def test_parse_date_is_strict(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_parse_date_refuses_non_text() -> None:
    with pytest.raises(DateError):
        parse_date(date(2024, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(DateError):
        parse_date(20240101)  # type: ignore[arg-type]


def test_date_error_is_a_library_error_and_a_value_error() -> None:
    with pytest.raises(SchulerfolgError):
        parse_date("31.02.2024")
    with pytest.raises(ValueError, match=r"31\.02\.2024"):
        parse_date("31.02.2024")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_parse_date_reads_both_spellings_of_any_day(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day:02d}.{day.month:02d}.{day.year}") == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day


# --------------------------------------------------------------------------------------------
# DateRange


def test_end_before_start_names_end() -> None:
    with pytest.raises(InvariantError) as excinfo:
        DateRange(start=date(2024, 2, 1), end=date(2024, 1, 31))
    assert excinfo.value.fields == ("end",)
    assert [problem.path for problem in excinfo.value.problems] == ["$.end"]
    assert "2024-01-31" in str(excinfo.value)


def test_one_day_range() -> None:
    day = DateRange(start=date(2024, 3, 1), end=date(2024, 3, 1))
    assert day.days == 1
    assert date(2024, 3, 1) in day
    assert str(day) == "2024-03-01..2024-03-01"


def test_date_range_is_frozen_and_keyword_only() -> None:
    period = DateRange(start=date(2024, 1, 1), end=date(2024, 12, 31))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        period.end = date(2025, 1, 1)  # type: ignore[misc]
    with pytest.raises(TypeError):
        DateRange(date(2024, 1, 1), date(2024, 12, 31))  # type: ignore[misc]


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2024, 1, 1), date(2024, 12, 31), 366),
        (date(2023, 1, 1), date(2023, 12, 31), 365),
        (date(2024, 2, 28), date(2024, 3, 1), 3),
        (date(2023, 2, 28), date(2023, 3, 1), 2),
        (date(2100, 2, 28), date(2100, 3, 1), 2),
        (date(2000, 2, 28), date(2000, 3, 1), 3),
        (date(2024, 8, 1), date(2026, 7, 31), 730),
    ],
)
def test_days_counts_both_ends(start: date, end: date, days: int) -> None:
    assert DateRange(start=start, end=end).days == days


def test_contains_examples() -> None:
    period = DateRange(start=date(2025, 9, 1), end=date(2025, 12, 19))
    assert date(2025, 9, 1) in period
    assert date(2025, 12, 19) in period
    assert date(2025, 10, 15) in period
    assert date(2025, 8, 31) not in period
    assert date(2025, 12, 20) not in period
    assert "2025-10-15" not in period
    assert None not in period


@given(date_ranges(max_days=200), st.integers(min_value=-20, max_value=220))
def test_contains_matches_the_days(period: DateRange, offset: int) -> None:
    all_days = days_of(period)
    assert len(all_days) == period.days
    day = period.start + timedelta(days=offset)
    assert (day in period) == (day in all_days)


def test_overlaps_and_intersection_examples() -> None:
    spring = DateRange(start=date(2025, 3, 1), end=date(2025, 5, 31))
    may_june = DateRange(start=date(2025, 5, 1), end=date(2025, 6, 30))
    summer = DateRange(start=date(2025, 6, 1), end=date(2025, 8, 31))
    last_day = DateRange(start=date(2025, 5, 31), end=date(2025, 7, 1))
    assert spring.overlaps(may_june)
    assert spring.intersection(may_june) == DateRange(start=date(2025, 5, 1), end=date(2025, 5, 31))
    assert not spring.overlaps(summer)  # adjacent, no common day
    assert spring.intersection(summer) is None
    assert spring.intersection(last_day) == DateRange(
        start=date(2025, 5, 31), end=date(2025, 5, 31)
    )
    assert spring.contains_range(DateRange(start=date(2025, 4, 1), end=date(2025, 4, 30)))
    assert spring.contains_range(spring)
    assert not spring.contains_range(may_june)


@given(date_ranges(max_days=60), st.integers(min_value=-80, max_value=80), st.integers(0, 60))
def test_intersection_is_the_common_days(a: DateRange, shift: int, length: int) -> None:
    start = a.start + timedelta(days=shift)
    b = DateRange(start=start, end=start + timedelta(days=length))
    common = sorted(set(days_of(a)) & set(days_of(b)))
    both = a.intersection(b)
    assert both == b.intersection(a)
    assert a.overlaps(b) == b.overlaps(a) == bool(common)
    if common:
        assert both == DateRange(start=common[0], end=common[-1])
        assert both is not None
        assert a.contains_range(both)
        assert b.contains_range(both)
    else:
        assert both is None


@given(date_ranges())
def test_range_intersects_itself(period: DateRange) -> None:
    assert period.intersection(period) == period
    assert period.overlaps(period)
    assert period.contains_range(period)


# --------------------------------------------------------------------------------------------
# Splitting by calendar year and by school year


def assert_exact_cover(period: DateRange, pieces: tuple[DateRange, ...]) -> None:
    assert pieces, "a range always has at least one piece"
    assert pieces[0].start == period.start
    assert pieces[-1].end == period.end
    for before, after in itertools.pairwise(pieces):
        assert after.start == before.end + ONE_DAY  # contiguous, no gap, no overlap
        assert not before.overlaps(after)
    assert sum(piece.days for piece in pieces) == period.days
    assert all(period.contains_range(piece) for piece in pieces)


@given(date_ranges())
def test_split_by_calendar_year_covers_the_range(period: DateRange) -> None:
    pieces = period.split_by_calendar_year()
    assert_exact_cover(period, pieces)
    for piece in pieces:
        assert piece.start.year == piece.end.year  # within one calendar year
    for after in pieces[1:]:
        assert (after.start.month, after.start.day) == (1, 1)  # cut only at 1 January
    assert [CalendarYear(p.start.year) for p in pieces] == list(period.calendar_years())


@given(date_ranges())
def test_split_by_school_year_covers_the_range(period: DateRange) -> None:
    pieces = period.split_by_school_year()
    assert_exact_cover(period, pieces)
    for piece in pieces:
        year = SchoolYear.containing(piece.start)
        assert SchoolYear.containing(piece.end) == year  # within one school year
        assert year.range.contains_range(piece)
    for after in pieces[1:]:
        assert (after.start.month, after.start.day) == (8, 1)  # cut only at 1 August
    assert [SchoolYear.containing(p.start) for p in pieces] == list(period.school_years())


def test_split_examples() -> None:
    offer = DateRange(start=date(2025, 6, 1), end=date(2026, 9, 30))
    assert offer.split_by_calendar_year() == (
        DateRange(start=date(2025, 6, 1), end=date(2025, 12, 31)),
        DateRange(start=date(2026, 1, 1), end=date(2026, 9, 30)),
    )
    assert offer.split_by_school_year() == (
        DateRange(start=date(2025, 6, 1), end=date(2025, 7, 31)),
        DateRange(start=date(2025, 8, 1), end=date(2026, 7, 31)),
        DateRange(start=date(2026, 8, 1), end=date(2026, 9, 30)),
    )
    assert offer.calendar_years() == (CalendarYear(2025), CalendarYear(2026))
    assert offer.school_years() == (SchoolYear(2024), SchoolYear(2025), SchoolYear(2026))
    one_school_year = SchoolYear(2025).range
    assert one_school_year.split_by_school_year() == (one_school_year,)
    assert len(one_school_year.split_by_calendar_year()) == 2


# --------------------------------------------------------------------------------------------
# SchoolYear and CalendarYear


def test_school_year_2024() -> None:
    school_year = SchoolYear(2024)
    assert school_year.range == DateRange(start=date(2024, 8, 1), end=date(2025, 7, 31))
    assert str(school_year) == "2024/25"
    assert school_year.start_year == 2024


@pytest.mark.parametrize(
    ("start_year", "text"), [(1999, "1999/00"), (2009, "2009/10"), (2099, "2099/00")]
)
def test_school_year_names_across_centuries(start_year: int, text: str) -> None:
    assert str(SchoolYear(start_year)) == text


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 7, 31), SchoolYear(2024)),
        (date(2025, 8, 1), SchoolYear(2025)),
        (date(2024, 8, 1), SchoolYear(2024)),
        (date(2024, 7, 31), SchoolYear(2023)),
        (date(2025, 1, 1), SchoolYear(2024)),
        (date(2024, 12, 31), SchoolYear(2024)),
    ],
)
def test_school_year_containing(day: date, expected: SchoolYear) -> None:
    assert SchoolYear.containing(day) == expected


@pytest.mark.parametrize(
    ("start_year", "days"),
    [(2023, 366), (2024, 365), (2027, 366), (2099, 365), (1999, 366), (1899, 365)],
)
def test_school_year_length_follows_leap_years(start_year: int, days: int) -> None:
    # A school year holds 29 February of the year after the one it starts in.
    assert SchoolYear(start_year).range.days == days


@given(dates)
def test_every_day_lies_in_its_school_year_and_calendar_year(day: date) -> None:
    school_year = SchoolYear.containing(day)
    assert day in school_year.range
    assert day not in SchoolYear(school_year.start_year - 1).range
    assert day not in SchoolYear(school_year.start_year + 1).range
    calendar_year = CalendarYear.containing(day)
    assert day in calendar_year.range
    assert calendar_year == CalendarYear(day.year)


@given(st.integers(min_value=1890, max_value=2200))
def test_school_year_range_shape(start_year: int) -> None:
    period = SchoolYear(start_year).range
    assert period.start == date(start_year, 8, 1)
    assert period.end == date(start_year + 1, 7, 31)
    assert SchoolYear(start_year + 1).range.start == period.end + ONE_DAY
    assert SchoolYear.containing(period.start) == SchoolYear.containing(period.end)


@pytest.mark.parametrize(("year", "days"), [(2024, 366), (2023, 365), (2000, 366), (1900, 365)])
def test_calendar_year(year: int, days: int) -> None:
    calendar_year = CalendarYear(year)
    assert calendar_year.range == DateRange(start=date(year, 1, 1), end=date(year, 12, 31))
    assert calendar_year.range.days == days
    assert str(calendar_year) == str(year)


@given(st.integers(1, 9998), st.integers(1, 9998))
def test_calendar_year_ordering(a: int, b: int) -> None:
    assert (CalendarYear(a) < CalendarYear(b)) == (a < b)
    assert (CalendarYear(a) <= CalendarYear(b)) == (a <= b)
    assert (CalendarYear(a) == CalendarYear(b)) == (a == b)
    if a == b:
        assert hash(CalendarYear(a)) == hash(CalendarYear(b))


@given(st.integers(1, 9997), st.integers(1, 9997))
def test_school_year_ordering(a: int, b: int) -> None:
    assert (SchoolYear(a) < SchoolYear(b)) == (a < b)
    assert (SchoolYear(a) >= SchoolYear(b)) == (a >= b)


def test_year_sorting_and_sets() -> None:
    years = [CalendarYear(2026), CalendarYear(2024), CalendarYear(2025), CalendarYear(2024)]
    assert [year.year for year in sorted(years)] == [2024, 2024, 2025, 2026]
    assert max(years) == CalendarYear(2026)
    assert len(set(years)) == 3
    assert sorted([SchoolYear(2025), SchoolYear(2023)]) == [SchoolYear(2023), SchoolYear(2025)]


@pytest.mark.parametrize("bad", [0, -1, 10_000])
def test_year_out_of_range_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="year"):
        CalendarYear(bad)
    with pytest.raises(ValueError, match="start_year"):
        SchoolYear(bad)


def test_year_must_be_an_int() -> None:
    # The library's error (naming the field, code "type") that is also a TypeError.
    with pytest.raises(FieldTypeError) as info:
        CalendarYear("2024")  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert [(p.path, p.code) for p in info.value.problems] == [("$.year", "type")]
    with pytest.raises(FieldTypeError, match="start_year: expected a whole number, got a float"):
        SchoolYear(2024.0)  # type: ignore[arg-type]
    with pytest.raises(InvariantError, match="year: must lie between 1 and 9998: 0"):
        CalendarYear(0)


def test_a_range_of_other_things_than_days_names_them() -> None:
    with pytest.raises(FieldTypeError) as info:
        DateRange(start=1.5, end="2025-01-01")  # type: ignore[arg-type]
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("$.start", "type"),
        ("$.end", "type"),
    ]
    with pytest.raises(FieldTypeError, match="expected a date, got a datetime"):
        DateRange(start=date(2025, 1, 1), end=datetime(2025, 2, 1))


def test_years_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CalendarYear(2024).year = 2025  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        SchoolYear(2024).start_year = 2025  # type: ignore[misc]
