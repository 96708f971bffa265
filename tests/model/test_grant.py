"""Grants: the notice of a grant and its amounts per funding source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from helpers import invariant_tests
from schulerfolg import (
    Address,
    DateRange,
    FundingAmount,
    FundingSource,
    GrantNotice,
    Money,
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


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field


VALID: dict[str, Callable[[], object]] = {
    "FundingAmount": a_funding_amount,
    "GrantNotice": a_grant_notice,
}


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("FundingAmount", {"amount": Money("-0.01")}, "amount"),
    ("GrantNotice", {"issuer": ""}, "issuer"),
    ("GrantNotice", {"project": " "}, "project"),
    ("GrantNotice", {"amounts": ()}, "amounts"),
    ("GrantNotice", {"amounts": (a_funding_amount(), a_funding_amount())}, "amounts"),
]

(
    test_valid_objects_build,
    test_broken_invariant_names_the_field,
    test_every_model_class_has_invariant_cases,
    test_objects_are_frozen,
    test_objects_are_keyword_only,
) = invariant_tests(VALID, BROKEN, grant)


# --------------------------------------------------------------------------------------------
# Frozen and keyword-only


def test_grant_notice_total() -> None:
    assert a_grant_notice().total == Money("10000.00")
