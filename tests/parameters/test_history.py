"""Dated parameters: value histories and their invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schulerfolg import InvariantError, Source
from schulerfolg.plugins import Parameter, ParameterValue

SOURCE = Source(reference="test")


def value(v: object, valid_from: date, valid_until: date | None = None) -> ParameterValue:
    return ParameterValue(value=v, valid_from=valid_from, valid_until=valid_until, source=SOURCE)


#: a from 2018-08-01; b from 2020-01-01 until 2020-12-31; nothing in 2021; c from 2022-01-01.
HISTORY = Parameter(
    name="test.history",
    values=(
        value("a", date(2018, 8, 1)),
        value("b", date(2020, 1, 1), date(2020, 12, 31)),
        value("c", date(2022, 1, 1)),
    ),
)


# --------------------------------------------------------------------------------------------
# value_at


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(date(2000, 1, 1), None, id="long-before-first-value"),
        pytest.param(date(2018, 7, 31), None, id="day-before-first-value"),
        pytest.param(date(2018, 8, 1), "a", id="first-day-of-first-value"),
        pytest.param(date(2019, 12, 31), "a", id="last-day-before-next-value"),
        pytest.param(date(2020, 1, 1), "b", id="next-value-takes-over"),
        pytest.param(date(2020, 12, 31), "b", id="valid-until-is-inclusive"),
        pytest.param(date(2021, 1, 1), None, id="day-after-valid-until"),
        pytest.param(date(2021, 12, 31), None, id="gap-last-day"),
        pytest.param(date(2022, 1, 1), "c", id="value-after-gap"),
        pytest.param(date(2099, 12, 31), "c", id="open-ended-last-value"),
    ],
)
def test_value_at_over_a_history(on: date, expected: str | None) -> None:
    found = HISTORY.value_at(on)
    assert (found.value if found is not None else None) == expected


def test_single_value_with_valid_until() -> None:
    parameter = Parameter(name="t", values=(value(1, date(2020, 1, 1), date(2020, 1, 1)),))
    assert parameter.value_at(date(2019, 12, 31)) is None
    assert parameter.value_at(date(2020, 1, 1)) is not None
    assert parameter.value_at(date(2020, 1, 2)) is None


def test_value_at_returns_the_whole_dated_value() -> None:
    found = HISTORY.value_at(date(2020, 6, 1))
    assert found == HISTORY.values[1]
    assert found is not None
    assert found.valid_from == date(2020, 1, 1)
    assert found.valid_until == date(2020, 12, 31)
    assert found.source == SOURCE


@st.composite
def histories(draw: st.DrawFn) -> Parameter:
    starts = draw(
        st.lists(
            st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    starts.sort()
    values = []
    for index, start in enumerate(starts):
        next_start = starts[index + 1] if index + 1 < len(starts) else date(2041, 1, 1)
        until = draw(
            st.none() | st.dates(min_value=start, max_value=next_start - timedelta(days=1))
        )
        values.append(value(index, start, until))
    return Parameter(name="test.random", values=tuple(values))


@given(histories(), st.dates(min_value=date(1999, 1, 1), max_value=date(2042, 12, 31)))
def test_value_at_is_the_latest_started_value_unless_it_ended(
    parameter: Parameter, on: date
) -> None:
    started = [v for v in parameter.values if v.valid_from <= on]
    latest = started[-1] if started else None
    if latest is not None and latest.valid_until is not None and latest.valid_until < on:
        latest = None
    assert parameter.value_at(on) == latest


# --------------------------------------------------------------------------------------------
# History invariants


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        pytest.param((), ["values"], id="no-values"),
        pytest.param(
            (value(1, date(2020, 1, 1), date(2019, 12, 31)),),
            ["values[0].valid_until"],
            id="ends-before-it-starts",
        ),
        pytest.param(
            (value(1, date(2021, 1, 1)), value(2, date(2020, 1, 1))),
            ["values[1].valid_from"],
            id="out-of-order",
        ),
        pytest.param(
            (value(1, date(2020, 1, 1)), value(2, date(2020, 1, 1))),
            ["values[1].valid_from"],
            id="same-start-twice",
        ),
        pytest.param(
            (
                value(1, date(2021, 1, 1), date(2020, 1, 1)),
                value(2, date(2020, 6, 1)),
                value(3, date(2022, 1, 1), date(2021, 1, 1)),
            ),
            ["values[0].valid_until", "values[1].valid_from", "values[2].valid_until"],
            id="every-problem-at-once",
        ),
    ],
)
def test_history_invariants(values: tuple[ParameterValue, ...], fields: list[str]) -> None:
    with pytest.raises(InvariantError) as caught:
        Parameter(name="test.broken", values=values)
    assert list(caught.value.fields) == fields
    assert "test.broken" in str(caught.value)


def test_overlapping_values_are_refused() -> None:
    with pytest.raises(InvariantError):
        Parameter(
            name="test.overlap",
            values=(
                value(1, date(2020, 1, 1), date(2021, 12, 31)),
                value(2, date(2021, 1, 1)),
            ),
        )


@pytest.mark.parametrize(
    "values",
    [
        pytest.param((value(1, date(2020, 1, 1), date(2020, 1, 1)),), id="one-day-value"),
        pytest.param(
            (value(1, date(2020, 1, 1), date(2020, 12, 31)), value(2, date(2021, 1, 1))),
            id="valid-until-the-day-before-the-next",
        ),
        pytest.param(
            (value(1, date(2020, 1, 1), date(2020, 6, 30)), value(2, date(2021, 1, 1))),
            id="gap-between-values",
        ),
    ],
)
def test_valid_histories(values: tuple[ParameterValue, ...]) -> None:
    assert Parameter(name="test.ok", values=values).values == values
