"""Grants: the notice of a grant and its amounts per funding source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import pytest

from helpers import checked_classes
from schulerfolg import (
    Address,
    DateRange,
    FundingAmount,
    FundingSource,
    GrantNotice,
    InvariantError,
    Money,
    SchulerfolgError,
    Sponsor,
    SponsorKind,
)
from schulerfolg._model import grant


def an_address() -> Address:
    return Address(street="Lerchenbergstraße 1", postal_code="06886", city="Wittenberg")


def a_sponsor() -> Sponsor:
    return Sponsor(
        name="Jugendhilfe Wittenberg gGmbH",
        kind=SponsorKind.FREE_YOUTH_WELFARE,
        department="Schulsozialarbeit",
        address=an_address(),
    )


def a_funding_amount() -> FundingAmount:
    return FundingAmount(source=FundingSource.EU, amount=Money("6000.00"))


def a_grant_notice() -> GrantNotice:
    return GrantNotice(
        issuer="Landesverwaltungsamt",
        recipient=a_sponsor(),
        project="Schulsozialarbeit an der Sekundarschule",
        period=DateRange(start=date(2024, 8, 1), end=date(2025, 7, 31)),
        amounts=(
            FundingAmount(source=FundingSource.EU, amount=Money("6000.00")),
            FundingAmount(source=FundingSource.STATE, amount=Money("3000.00")),
            FundingAmount(source=FundingSource.MUNICIPAL, amount=Money("1000.00")),
        ),
    )


def fields(error: InvariantError) -> list[str]:
    return list(error.fields)


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field


VALID: dict[str, Callable[[], object]] = {
    "FundingAmount": a_funding_amount,
    "GrantNotice": a_grant_notice,
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_objects_build(name: str) -> None:
    obj = VALID[name]()
    assert type(obj).__name__ == name
    assert attrs.evolve(obj) == obj  # rebuilding re-checks and gives an equal object


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("FundingAmount", {"amount": Money("-0.01")}, "amount"),
    ("GrantNotice", {"issuer": ""}, "issuer"),
    ("GrantNotice", {"project": " "}, "project"),
    ("GrantNotice", {"amounts": ()}, "amounts"),
    ("GrantNotice", {"amounts": (a_funding_amount(), a_funding_amount())}, "amounts"),
]


@pytest.mark.parametrize(
    ("name", "changes", "field"),
    BROKEN,
    ids=[f"{name}-{field}-{i}" for i, (name, _, field) in enumerate(BROKEN)],
)
def test_broken_invariant_names_the_field(name: str, changes: dict[str, Any], field: str) -> None:
    valid = VALID[name]()
    with pytest.raises(InvariantError) as excinfo:
        attrs.evolve(valid, **changes)
    error = excinfo.value
    assert error.cls_name == name
    assert field in fields(error)
    assert all(isinstance(p.message, str) and p.message for p in error.problems)
    assert all(p.path.startswith("$.") and p.code == "invalid" for p in error.problems)
    assert f"{field}: " in str(error)
    assert isinstance(error, SchulerfolgError)
    assert isinstance(error, ValueError)


def test_every_model_class_has_invariant_cases() -> None:
    assert {name for name, _, _ in BROKEN} == set(VALID) == checked_classes(grant)


# --------------------------------------------------------------------------------------------
# Frozen and keyword-only


@pytest.mark.parametrize("name", sorted(VALID))
def test_objects_are_frozen(name: str) -> None:
    obj = VALID[name]()
    first_field = attrs.fields(type(obj))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, first_field, getattr(obj, first_field))


@pytest.mark.parametrize("name", sorted(VALID))
def test_objects_are_keyword_only(name: str) -> None:
    obj = VALID[name]()
    values = [getattr(obj, field.name) for field in attrs.fields(type(obj))]
    with pytest.raises(TypeError):
        type(obj)(*values)
    assert type(obj)(**attrs.asdict(obj, recurse=False)) == obj


def test_grant_notice_total() -> None:
    assert a_grant_notice().total == Money("10000.00")
