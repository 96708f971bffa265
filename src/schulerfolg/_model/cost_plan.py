"""Cost plans (Kosten- und Finanzierungsplan): lines, and their sums per calendar year and per
school year.

Where a line falls: :func:`school_year_of_line` is the one placement policy of the library — by
the line's day, else by where its calendar year meets the offer's period if that lies in one
school year; otherwise it cannot be told, and nothing is guessed or prorated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

import attrs

from schulerfolg._core.dates import CalendarYear, DateRange, SchoolYear, shown_day, shown_period
from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, not_negative
from schulerfolg._core.money import Money
from schulerfolg.errors import CostPlanError, Problem, Text


@attrs.frozen(kw_only=True)
class CostPlanLine(Checked):
    """One line of the Kosten- und Finanzierungsplan.

    ``calendar_year`` is the year the cost falls in; ``incurred_on`` (optional) the day, which
    places the line in a school year when the offer spans two.
    """

    _label = N_("cost plan line")

    description: str
    amount: Money
    calendar_year: int
    incurred_on: date | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("description",)

    def _problems(self) -> Problems:
        yield from not_negative("amount", self.amount)
        if not 1 <= self.calendar_year <= 9998:
            yield "calendar_year", Text(N_("not a year: {text}"), {"text": self.calendar_year})
        elif self.incurred_on is not None and self.incurred_on.year != self.calendar_year:
            yield (
                "incurred_on",
                Text(
                    N_("{day} is not in calendar year {year}"),
                    {"day": shown_day(self.incurred_on), "year": self.calendar_year},
                ),
            )


def split_cost_plan_by_calendar_year(lines: Iterable[CostPlanLine]) -> dict[CalendarYear, Money]:
    """Sum cost plan lines per calendar year, in year order."""
    totals: dict[CalendarYear, Money] = {}
    for line in sorted(lines, key=lambda item: item.calendar_year):
        year = CalendarYear(line.calendar_year)
        totals[year] = totals.get(year, Money.zero()) + line.amount
    return totals


def school_year_of_line(line: CostPlanLine, period: DateRange) -> SchoolYear | None:
    """The school year a line falls in: by its date, else by where its calendar year meets the
    offer's period, if that lies within a single school year; ``None`` when it cannot be told."""
    if line.incurred_on is not None:
        return SchoolYear.containing(line.incurred_on)
    days = period.intersection(CalendarYear(line.calendar_year).range)
    if days is None:
        return None
    first, last = SchoolYear.containing(days.start), SchoolYear.containing(days.end)
    return first if first == last else None


def _unplaced_message(line: CostPlanLine, period: DateRange) -> Text:
    values = {"line": repr(line.description), "year": line.calendar_year}
    if period.intersection(CalendarYear(line.calendar_year).range) is None:
        return Text(
            N_(
                "cannot tell the school year of {line}: {year} "
                "lies outside the offer's period {period}"
            ),
            {**values, "period": shown_period(period)},
        )
    return Text(
        N_(
            "cannot tell the school year of {line} ({year} "
            "spans two school years of the offer); give the line an incurred_on date"
        ),
        values,
    )


def split_cost_plan_by_school_year(
    lines: Iterable[CostPlanLine], period: DateRange
) -> dict[SchoolYear, Money]:
    """Sum cost plan lines per school year (01.08.–31.07.), in year order.

    A line is placed by its ``incurred_on`` date; an undated line is placed only when its
    calendar year meets the offer's ``period`` within one school year.  Lines that cannot be
    placed raise :class:`CostPlanError` naming each of them; nothing is guessed or prorated.
    """
    placed: list[tuple[SchoolYear, Money]] = []
    problems: list[Problem] = []
    for index, line in enumerate(lines):
        year = school_year_of_line(line, period)
        if year is None:
            problems.append(Problem.of(f"$.cost_plan[{index}]", _unplaced_message(line, period)))
        else:
            placed.append((year, line.amount))
    if problems:
        raise CostPlanError("cost plan", problems, label=Text(N_("cost plan")))
    totals: dict[SchoolYear, Money] = {}
    for year, amount in sorted(placed, key=lambda item: item[0]):
        totals[year] = totals.get(year, Money.zero()) + amount
    return totals
