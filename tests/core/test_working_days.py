"""Working days and public holidays in Sachsen-Anhalt, and rolling a deadline forward."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schulerfolg import is_working_day, public_holiday, roll_forward
from schulerfolg._core.working_days import SUBDIVISION

ONE_DAY = timedelta(days=1)

# Days a funding programme can meet, with room on both sides; the holidays package computes
# each year once (cached), so a wide range stays fast.
days = st.dates(min_value=date(1995, 1, 1), max_value=date(2100, 12, 31))


def test_the_subdivision_is_sachsen_anhalt() -> None:
    assert SUBDIVISION == "ST"


# --------------------------------------------------------------------------------------------
# Public holidays


@pytest.mark.parametrize(
    ("day", "name_part"),
    [
        (date(2025, 1, 1), "Neujahr"),
        (date(2025, 1, 6), "Drei Könige"),  # Epiphany: ST, BW and BY only
        (date(2024, 1, 6), "Drei Könige"),  # ... also when it falls on a Saturday
        (date(2025, 4, 18), "Karfreitag"),
        (date(2025, 4, 21), "Ostermontag"),
        (date(2025, 5, 1), "Mai"),
        (date(2025, 5, 29), "Himmelfahrt"),
        (date(2025, 6, 9), "Pfingstmontag"),
        (date(2025, 10, 3), "Einheit"),
        (date(2025, 10, 31), "Reformation"),  # Reformation Day: a holiday in ST
        (date(2024, 10, 31), "Reformation"),
        (date(2025, 12, 25), "Weihnacht"),
        (date(2025, 12, 26), "Weihnacht"),
    ],
)
def test_public_holidays_of_sachsen_anhalt(day: date, name_part: str) -> None:
    name = public_holiday(day)
    assert name is not None
    assert name_part in name
    assert not is_working_day(day)


@pytest.mark.parametrize(
    ("day", "other_state"),
    [
        (date(2025, 11, 19), "SN"),  # Buß- und Bettag: Saxony only
        (date(2024, 11, 20), "SN"),
        (date(2025, 6, 19), "BY"),  # Fronleichnam (Corpus Christi): not in ST
        (date(2024, 5, 30), "BY"),
        (date(2024, 3, 8), "BE"),  # Frauentag: Berlin (and MV), not ST
        (date(2024, 9, 20), "TH"),  # Weltkindertag: Thuringia only
    ],
)
def test_holidays_of_other_states_are_working_days_in_sachsen_anhalt(
    day: date, other_state: str
) -> None:
    # The date really is a holiday elsewhere, so the test is about the subdivision.
    assert day in holidays.country_holidays("DE", subdiv=other_state, years=day.year)
    assert day.weekday() < 5
    assert public_holiday(day) is None
    assert is_working_day(day)


def test_repentance_day_and_corpus_christi_are_not_holidays_in_sachsen_anhalt() -> None:
    assert public_holiday(date(2025, 11, 19)) is None  # Wednesday
    assert is_working_day(date(2025, 11, 19))
    assert public_holiday(date(2025, 6, 19)) is None  # Thursday
    assert is_working_day(date(2025, 6, 19))


def test_christmas_eve_and_new_years_eve_are_working_days() -> None:
    assert is_working_day(date(2025, 12, 24))  # Wednesday
    assert is_working_day(date(2025, 12, 31))


@pytest.mark.parametrize(
    "day",
    [date(2025, 6, 28), date(2025, 6, 29), date(2025, 11, 1), date(2025, 11, 2)],
)
def test_weekends_are_not_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert public_holiday(day) is None
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2025, 6, 30), date(2025, 7, 1), date(2025, 7, 2), date(2025, 7, 3), date(2025, 7, 4)],
)
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    assert is_working_day(day)
    assert public_holiday(day) is None


@given(days)
def test_working_day_means_weekday_without_holiday(day: date) -> None:
    assert is_working_day(day) == (day.weekday() < 5 and public_holiday(day) is None)


@given(days)
def test_public_holiday_agrees_with_the_holidays_package(day: date) -> None:
    calendar = holidays.country_holidays("DE", subdiv="ST", years=day.year)
    assert (public_holiday(day) is not None) == (day in calendar)


# --------------------------------------------------------------------------------------------
# roll_forward


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 6, 28), date(2025, 6, 30)),  # Saturday -> Monday
        (date(2025, 6, 29), date(2025, 6, 30)),  # Sunday -> Monday
        (date(2025, 10, 31), date(2025, 11, 3)),  # Friday, Reformation Day -> Monday
        (date(2025, 4, 18), date(2025, 4, 22)),  # Good Friday -> Tuesday after Easter Monday
        (date(2025, 4, 19), date(2025, 4, 22)),  # Easter Saturday
        (date(2025, 4, 20), date(2025, 4, 22)),  # Easter Sunday
        (date(2025, 4, 21), date(2025, 4, 22)),  # Easter Monday
        (date(2025, 1, 6), date(2025, 1, 7)),  # Epiphany (Monday)
        (date(2024, 1, 6), date(2024, 1, 8)),  # Epiphany on a Saturday
        (date(2025, 12, 25), date(2025, 12, 29)),  # Christmas, then the weekend
        (date(2025, 11, 19), date(2025, 11, 19)),  # Buß- und Bettag is a working day in ST
        (date(2025, 6, 19), date(2025, 6, 19)),  # so is Corpus Christi
        (date(2025, 6, 30), date(2025, 6, 30)),  # a working day stays
        (date(2025, 12, 31), date(2025, 12, 31)),
        (date(2025, 12, 27), date(2025, 12, 29)),
        (date(2026, 1, 1), date(2026, 1, 2)),  # across the turn of the year
    ],
)
def test_roll_forward_examples(day: date, expected: date) -> None:
    assert roll_forward(day) == expected


@given(days)
def test_roll_forward_never_moves_backwards(day: date) -> None:
    assert roll_forward(day) >= day


@given(days)
def test_roll_forward_lands_on_a_working_day(day: date) -> None:
    assert is_working_day(roll_forward(day))


@given(days)
def test_roll_forward_is_idempotent(day: date) -> None:
    once = roll_forward(day)
    assert roll_forward(once) == once


@given(days)
def test_roll_forward_keeps_working_days(day: date) -> None:
    if is_working_day(day):
        assert roll_forward(day) == day
    else:
        assert roll_forward(day) > day


@given(days)
def test_roll_forward_skips_only_non_working_days(day: date) -> None:
    moved = roll_forward(day)
    between = day
    while between < moved:  # includes ``day`` itself when it moved
        assert not is_working_day(between)
        between += ONE_DAY
    # Nothing in Germany closes the authorities for more than a long weekend plus holidays.
    assert (moved - day).days <= 4


@pytest.mark.parametrize("value", [20240106, "2024-01-06", datetime(2024, 1, 6, 12, 0)])
def test_working_day_functions_take_days_only(value: object) -> None:
    # holidays itself would read a number as a timestamp and parse text.
    for function in (roll_forward, is_working_day, public_holiday):
        with pytest.raises(TypeError, match="expected a date"):
            function(value)  # type: ignore[arg-type]
