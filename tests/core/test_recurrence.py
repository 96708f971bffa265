"""Recurring dates: bounded RFC 5545 recurrences for closing dates."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schulerfolg._core.recurrence import recurrence_problem, recurring_dates


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;COUNT=3",
        "FREQ=MONTHLY;INTERVAL=6;COUNT=4",
        "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=31,30;UNTIL=20280101",
        "RRULE:FREQ=YEARLY;COUNT=2",
        "  freq=yearly;count=2  ",
    ],
)
def test_bounded_rules_are_accepted(rule: str) -> None:
    assert recurrence_problem(rule) is None


@pytest.mark.parametrize(
    "rule",
    ["FREQ=YEARLY", "FREQ=MONTHLY;INTERVAL=6", "RRULE:FREQ=WEEKLY;BYDAY=MO", ""],
)
def test_unbounded_rules_are_rejected(rule: str) -> None:
    problem = recurrence_problem(rule)
    assert problem is not None
    assert "COUNT" in problem
    assert "UNTIL" in problem


@pytest.mark.parametrize(
    "rule",
    [
        "DTSTART:20250101\nRRULE:FREQ=YEARLY;COUNT=2",
        "DTSTART:20250101T000000\nRRULE:FREQ=YEARLY;UNTIL=20300101",
        "dtstart:20250101\nrrule:freq=yearly;count=2",
    ],
)
def test_rules_with_dtstart_are_rejected(rule: str) -> None:
    problem = recurrence_problem(rule)
    assert problem is not None
    assert "DTSTART" in problem


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=BOGUS;COUNT=3",
        "FREQ=YEARLY;COUNT=abc",
        "COUNT=3;WHATEVER=1",
        "FREQ=YEARLY;UNTIL=notadate",
        "garbage;COUNT=2",
        "FREQ=MONTHLY;UNTIL=20260101T000000Z",  # aware UNTIL with a naive anchor
    ],
)
def test_garbage_is_rejected_with_a_reason(rule: str) -> None:
    problem = recurrence_problem(rule)
    assert problem is not None
    assert "RRULE" in problem


@pytest.mark.parametrize("rule", ["UNTIL=2025010120250101", "FREQ=YEARLY;UNTIL=99999999999999"])
def test_an_overlong_until_is_rejected_not_raised(rule: str) -> None:
    # dateutil raises OverflowError here, which must become a problem text.
    problem = recurrence_problem(rule)
    assert problem is not None
    assert "RRULE" in problem


RRULE_TOKENS = st.sampled_from(
    [
        "FREQ=",
        "COUNT=",
        "UNTIL=",
        "BYDAY=",
        "BYMONTH=",
        "BYMONTHDAY=",
        "INTERVAL=",
        "WKST=",
        "BYSETPOS=",
        "BYEASTER=",
        "RRULE:",
        "EXDATE:",
        "RDATE:",
        "X-",
        ";",
        "\n",
        "=",
        ":",
        ",",
        " ",
        "+",
        "-",
        "YEARLY",
        "MONTHLY",
        "WEEKLY",
        "MO",
        "1",
        "12",
        "31",
        "0",
        "2025",
        "20250101",
        "T",
        "Z",
        "TZID=Europe/Berlin",
    ]
)


@given(st.text(max_size=60) | st.lists(RRULE_TOKENS, max_size=14).map("".join))
def test_recurrence_problem_never_raises(rule: str) -> None:
    problem = recurrence_problem(rule)
    assert problem is None or (isinstance(problem, str) and problem)


@given(st.lists(RRULE_TOKENS, max_size=14).map("".join))
def test_accepted_rules_give_dates(rule: str) -> None:
    # A huge COUNT is accepted but expensive to expand; keep the property fast.
    if recurrence_problem(rule) is None and not re.search(r"COUNT=\+?\d{4,}", rule.upper()):
        result = recurring_dates(rule, date(2025, 1, 1))
        assert all(type(item) is date for item in result)
        assert list(result) == sorted(result)


def test_recurring_dates_are_dates_from_the_anchor() -> None:
    result = recurring_dates("FREQ=YEARLY;COUNT=3", date(2025, 3, 31))
    assert result == (date(2025, 3, 31), date(2026, 3, 31), date(2027, 3, 31))
    assert all(type(item) is date for item in result)


def test_recurring_dates_with_until_and_by_parts() -> None:
    rule = "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=15;UNTIL=20270101"
    result = recurring_dates(rule, date(2025, 1, 1))
    assert result == (
        date(2025, 3, 15),
        date(2025, 9, 15),
        date(2026, 3, 15),
        date(2026, 9, 15),
    )


def test_recurring_dates_strips_whitespace_and_prefix() -> None:
    assert recurring_dates("  RRULE:FREQ=MONTHLY;COUNT=2 ", date(2025, 1, 31)) == (
        date(2025, 1, 31),
        date(2025, 3, 31),  # months without a 31st are skipped
    )


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=1, max_value=12),
)
def test_recurring_dates_counts_and_orders(anchor: date, count: int) -> None:
    result = recurring_dates(f"FREQ=WEEKLY;COUNT={count}", anchor)
    assert len(result) == count
    assert result[0] == anchor
    assert all(later - earlier == timedelta(weeks=1) for earlier, later in pairwise(result))
