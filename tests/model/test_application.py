"""Applications: invariants, cost plan totals and the applicant's identity key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from helpers import invariant_tests
from schulerfolg import (
    Address,
    Applicant,
    ApplicantKind,
    Application,
    CostPlanLine,
    DateRange,
    InvariantError,
    Money,
    TargetGroup,
)
from schulerfolg._model import application as application_module


def an_applicant() -> Applicant:
    return Applicant(name="Sekundarschule „Am Lerchenberg“", kind=ApplicantKind.SCHOOL)


def a_line(
    amount: str = "100.00", year: int = 2025, on: date | None = None, text: str = "Honorar"
) -> CostPlanLine:
    return CostPlanLine(description=text, amount=Money(amount), calendar_year=year, incurred_on=on)


def an_application(**changes: Any) -> Application:
    """The bundled example (2025-09-01..2025-12-19, lines 1200 + 250 + 350 = 1800)."""
    return attrs.evolve(schulerfolg.example_application(), **changes)


def fields(error: InvariantError) -> list[str]:
    return list(error.fields)


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field


VALID: dict[str, Callable[[], object]] = {
    "Applicant": an_applicant,
    "Application": an_application,
}


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("Applicant", {"name": ""}, "name"),
    ("Application", {"id": ""}, "id"),
    ("Application", {"title": " "}, "title"),
    ("Application", {"call": ""}, "call"),
    ("Application", {"schools": ()}, "schools"),
    ("Application", {"target_groups": ()}, "target_groups"),
    ("Application", {"target_groups": (TargetGroup.PUPILS, TargetGroup.PUPILS)}, "target_groups"),
    ("Application", {"documents": ("concept", "cost_plan", "concept")}, "documents"),
    ("Application", {"documents": ("concept", "Cost-Plan")}, "documents[1]"),
    ("Application", {"documents": ("1st_form",)}, "documents[0]"),
    ("Application", {"requested_amount": Money("1799.99")}, "requested_amount"),
    ("Application", {"requested_amount": Money("-1800.00")}, "requested_amount"),
    ("Application", {"cost_plan": (), "requested_amount": Money(0)}, "cost_plan"),
]

(
    test_valid_objects_build,
    test_broken_invariant_names_the_field,
    test_every_model_class_has_invariant_cases,
    test_objects_are_frozen,
    test_objects_are_keyword_only,
) = invariant_tests(VALID, BROKEN, application_module)


# --------------------------------------------------------------------------------------------
# Frozen and keyword-only


def test_several_broken_invariants_are_reported_together() -> None:
    with pytest.raises(InvariantError) as excinfo:
        Address(street="", postal_code="123", city=" ")
    assert sorted(fields(excinfo.value)) == ["city", "postal_code", "street"]

    with pytest.raises(InvariantError) as excinfo:
        an_application(
            title="",
            schools=(),
            target_groups=(),
            documents=("concept", "concept", "Bad Id"),
            requested_amount=Money("1.00"),
        )
    assert set(fields(excinfo.value)) == {
        "title",
        "schools",
        "target_groups",
        "documents",
        "documents[2]",
        "requested_amount",
    }
    message = str(excinfo.value)
    assert message.startswith("invalid application: ")
    for field in ("title", "schools", "target_groups", "documents[2]", "requested_amount"):
        assert f"{field}: " in message


def test_frozen_examples() -> None:
    application = an_application()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        application.requested_amount = Money("0")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Address("Lerchenbergstraße 1", "06886", "Wittenberg")  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Applications and cost plans


def test_example_application_adds_up() -> None:
    application = an_application()
    assert application.cost_plan_total == application.requested_amount == Money("1800.00")


def test_cost_plan_line_year_outside_period() -> None:
    lines = (a_line("1000.00", 2025), a_line("800.00", 2026))
    with pytest.raises(InvariantError) as excinfo:
        an_application(cost_plan=lines)  # period 2025-09-01..2025-12-19
    assert fields(excinfo.value) == ["cost_plan[1].calendar_year"]


def test_cost_plan_line_incurred_outside_period() -> None:
    lines = (
        a_line("1000.00", 2025, date(2025, 9, 1)),
        a_line("500.00", 2025, date(2025, 8, 31)),
        a_line("300.00", 2025, date(2025, 12, 20)),
    )
    with pytest.raises(InvariantError) as excinfo:
        an_application(cost_plan=lines)
    assert fields(excinfo.value) == ["cost_plan[1].incurred_on", "cost_plan[2].incurred_on"]


def test_cost_plan_total_must_equal_requested_amount() -> None:
    with pytest.raises(InvariantError, match="differs from the cost plan total") as excinfo:
        an_application(requested_amount=Money("1800.01"))
    assert fields(excinfo.value) == ["requested_amount"]


@given(st.lists(st.integers(0, 10**8), min_size=1, max_size=20), st.integers(-(10**6), 10**6))
def test_requested_amount_must_match_total_exactly(cents: list[int], delta: int) -> None:
    period = DateRange(start=date(2025, 9, 1), end=date(2026, 7, 31))
    lines = tuple(a_line(str(Decimal(c).scaleb(-2)), 2025 + i % 2) for i, c in enumerate(cents))
    total = Money(Decimal(sum(cents)).scaleb(-2))
    requested = Money(Decimal(sum(cents) + delta).scaleb(-2))
    if delta == 0:
        application = an_application(period=period, cost_plan=lines, requested_amount=requested)
        assert application.cost_plan_total == total
    else:
        with pytest.raises(InvariantError) as excinfo:
            an_application(period=period, cost_plan=lines, requested_amount=requested)
        assert "requested_amount" in fields(excinfo.value)


# --------------------------------------------------------------------------------------------
# Identity keys


def test_applicant_key_folds_the_name() -> None:
    assert (
        an_applicant().key
        == Applicant(name="SEKUNDARSCHULE  „AM LERCHENBERG“", kind=ApplicantKind.SCHOOL).key
    )
