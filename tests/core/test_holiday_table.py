"""The bundled holiday table is the ``holidays`` package's answer, day by day."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays

from schulerfolg import is_working_day, public_holiday, roll_forward
from schulerfolg._core import holiday_table

TOOL = Path(__file__).resolve().parents[2] / "tools" / "holiday_table.py"


def test_every_day_of_the_table_agrees_with_holidays() -> None:
    years = range(holiday_table.FIRST_YEAR, holiday_table.LAST_YEAR + 1)
    reference = holidays.country_holidays("DE", subdiv="ST", language="de", years=years)
    day = date(holiday_table.FIRST_YEAR, 1, 1)
    differing = []
    while day.year <= holiday_table.LAST_YEAR:
        expected_name = reference.get(day)
        if public_holiday(day) != expected_name or is_working_day(day) != (
            reference.is_working_day(day)
        ):
            differing.append(day)
        if roll_forward(day) != reference.get_nth_working_day(day, 0):
            differing.append(day)
        day += timedelta(days=1)
    assert not differing, (
        f"the holiday table differs from holidays {holidays.__version__} on {differing[:5]}; "
        f"regenerate it: python tools/holiday_table.py"
    )


def test_the_table_covers_whole_years_in_order() -> None:
    days = [date.fromisoformat(day) for day, _ in holiday_table.HOLIDAYS]
    assert days == sorted(set(days))
    assert days[0].year == holiday_table.FIRST_YEAR
    assert days[-1].year == holiday_table.LAST_YEAR


def test_the_generator_reproduces_the_table() -> None:
    # The tool is the table's only author: what it writes today is what is bundled.
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_deadline_rolls_across_the_end_of_the_table() -> None:
    # 31.12.2060 is a Friday; New Year's Day 2061 is asked of holidays itself.
    last = date(holiday_table.LAST_YEAR, 12, 31)
    reference = holidays.country_holidays("DE", subdiv="ST", years=[2060, 2061])
    assert roll_forward(last) == reference.get_nth_working_day(last, 0)
    saturday = date(2061, 1, 1)
    assert public_holiday(saturday) == "Neujahr"
    assert roll_forward(saturday) == reference.get_nth_working_day(saturday, 0)
