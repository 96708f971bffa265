"""The ``deadlines`` command: a district's deadlines of a year as text, JSON and iCalendar."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest

from helpers import run


@pytest.mark.parametrize(("fmt", "needle"), [("text", "Antragsschluss"), ("json", '"stated"')])
def test_the_deadlines_command(fmt: str, needle: str) -> None:
    result = run("deadlines", "--district", "magdeburg", "--year", "2021", "--format", fmt)
    assert result.code == 0, result.err
    assert needle in result.out


def test_the_deadlines_command_writes_icalendar() -> None:
    result = run("deadlines", "--district", "15003", "--year", "2021", "--format", "ics")
    assert result.code == 0, result.err
    (event,) = list(icalendar.Calendar.from_ical(result.out.encode("utf-8")).walk("VEVENT"))
    assert event.decoded("dtstart") == date(2021, 2, 1)


def test_the_deadlines_command_refuses_a_bad_year() -> None:
    result = run("deadlines", "--district", "15003", "--year", "21x")
    assert result.code == 2
    assert "kein Jahr" in result.err


def test_an_icalendar_without_fixed_deadlines_is_refused_with_a_message() -> None:
    result = run("deadlines", "--district", "boerde", "--year", "2025", "--format", "ics")
    assert result.code == 2
    assert "für eine Kalenderdatei gibt es nichts einzutragen" in result.err
    assert result.out == ""


@pytest.mark.parametrize("year", ["١٢٣", "9998", "0"])
def test_odd_years_are_usage_errors(year: str) -> None:
    result = run("deadlines", "--district", "15003", "--year", year)
    assert result.code == 2
    assert "kein Jahr" in result.err
