"""Cost plans: lines, and their sums per calendar year and per school year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from helpers import invariant_tests
from schulerfolg import (
    Application,
    CalendarYear,
    CostPlanError,
    CostPlanLine,
    DateRange,
    InvariantError,
    Money,
    SchoolYear,
)
from schulerfolg._model import cost_plan


def a_line(
    amount: str = "100.00", year: int = 2025, on: date | None = None, text: str = "Honorar"
) -> CostPlanLine:
    return CostPlanLine(description=text, amount=Money(amount), calendar_year=year, incurred_on=on)


def an_application(**changes: Any) -> Application:
    """The bundled example (2025-09-01..2025-12-19, lines 1200 + 250 + 350 = 1800)."""
    return attrs.evolve(schulerfolg.example_application(), **changes)


def offer(period: DateRange, *lines: CostPlanLine) -> Application:
    """An application with these cost plan lines, requesting exactly their total."""
    total = sum((line.amount for line in lines), Money.zero())
    return an_application(period=period, cost_plan=lines, requested_amount=total)


def fields(error: InvariantError) -> list[str]:
    return list(error.fields)


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field


VALID: dict[str, Callable[[], object]] = {
    "CostPlanLine": a_line,
}


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("CostPlanLine", {"description": ""}, "description"),
    ("CostPlanLine", {"amount": Money("-1.00")}, "amount"),
    ("CostPlanLine", {"calendar_year": 0}, "calendar_year"),
    ("CostPlanLine", {"calendar_year": 10_000}, "calendar_year"),
    ("CostPlanLine", {"incurred_on": date(2024, 12, 31)}, "incurred_on"),
]

(
    test_valid_objects_build,
    test_broken_invariant_names_the_field,
    test_every_model_class_has_invariant_cases,
    test_objects_are_frozen,
    test_objects_are_keyword_only,
) = invariant_tests(VALID, BROKEN, cost_plan)


# --------------------------------------------------------------------------------------------
# Frozen and keyword-only


# --------------------------------------------------------------------------------------------
# Sums per calendar year and per school year


def test_amounts_by_calendar_year_across_two_years() -> None:
    period = DateRange(start=date(2025, 9, 1), end=date(2026, 7, 31))
    application = offer(
        period,
        a_line("500.00", 2026, date(2026, 3, 1)),
        a_line("1000.00", 2025),
        a_line("250.50", 2025, date(2025, 10, 1)),
        a_line("0.50", 2026),
    )
    by_year = application.amounts_by_calendar_year()
    assert by_year == {CalendarYear(2025): Money("1250.50"), CalendarYear(2026): Money("500.50")}
    assert list(by_year) == [CalendarYear(2025), CalendarYear(2026)]  # in year order
    assert by_year == schulerfolg.split_cost_plan_by_calendar_year(application.cost_plan)


def test_amounts_by_calendar_year_single_year() -> None:
    assert an_application().amounts_by_calendar_year() == {CalendarYear(2025): Money("1800.00")}


def test_amounts_by_school_year_one_school_year_over_two_calendar_years() -> None:
    period = DateRange(start=date(2025, 9, 1), end=date(2026, 7, 31))
    application = offer(
        period,
        a_line("1000.00", 2025),
        a_line("500.00", 2026),
        a_line("250.00", 2026, date(2026, 7, 31)),
    )
    assert application.amounts_by_school_year() == {SchoolYear(2025): Money("1750.00")}


def test_amounts_by_school_year_with_dated_and_undated_lines() -> None:
    period = DateRange(start=date(2025, 6, 1), end=date(2026, 6, 30))
    application = offer(
        period,
        a_line("100.00", 2025, date(2025, 6, 15)),  # SY 2024/25
        a_line("200.00", 2025, date(2025, 7, 31)),  # SY 2024/25
        a_line("300.00", 2025, date(2025, 8, 1)),  # SY 2025/26
        a_line("400.00", 2026),  # undated, 2026 meets the offer only in SY 2025/26
    )
    by_year = application.amounts_by_school_year()
    assert by_year == {SchoolYear(2024): Money("300.00"), SchoolYear(2025): Money("700.00")}
    assert list(by_year) == [SchoolYear(2024), SchoolYear(2025)]
    assert by_year == schulerfolg.split_cost_plan_by_school_year(application.cost_plan, period)


def test_undated_line_spanning_two_school_years_is_an_error_naming_the_line() -> None:
    period = DateRange(start=date(2025, 6, 1), end=date(2026, 6, 30))
    application = offer(
        period,
        a_line("100.00", 2025, date(2025, 6, 15)),
        a_line("200.00", 2025, text="Material"),  # 2025 ∩ offer = 01.06.–31.12.: two school years
        a_line("300.00", 2026),
        a_line("400.00", 2025, text="Honorar"),
    )
    assert application.amounts_by_calendar_year() == {
        CalendarYear(2025): Money("700.00"),
        CalendarYear(2026): Money("300.00"),
    }
    with pytest.raises(CostPlanError) as excinfo:
        application.amounts_by_school_year()
    error = excinfo.value
    assert isinstance(error, InvariantError)
    assert fields(error) == ["cost_plan[1]", "cost_plan[3]"]
    assert "'Material'" in str(error)
    assert "incurred_on" in str(error)


@st.composite
def dated_offers(draw: st.DrawFn) -> Application:
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    period = DateRange(start=start, end=start + timedelta(days=draw(st.integers(0, 1100))))
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        day = period.start + timedelta(days=draw(st.integers(0, period.days - 1)))
        cents = draw(st.integers(0, 10**7))
        lines.append(a_line(str(Decimal(cents).scaleb(-2)), day.year, day))
    return offer(period, *lines)


@given(dated_offers())
def test_dated_lines_land_in_their_school_and_calendar_year(application: Application) -> None:
    by_school_year = application.amounts_by_school_year()
    by_calendar_year = application.amounts_by_calendar_year()
    for totals in (by_school_year, by_calendar_year):
        assert sum(totals.values(), Money.zero()) == application.requested_amount
        assert list(totals) == sorted(totals)
    for year, total in by_school_year.items():
        in_year = [
            line.amount
            for line in application.cost_plan
            if line.incurred_on is not None and line.incurred_on in year.range
        ]
        assert in_year
        assert sum(in_year, Money.zero()) == total
    assert set(by_school_year) <= set(application.period.school_years())
    assert set(by_calendar_year) <= set(application.period.calendar_years())
