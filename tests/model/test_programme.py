"""The programme: funding cycles and their co-financing shares."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import invariant_tests
from schulerfolg import (
    CoFinancing,
    DateRange,
    FundingCycle,
    InvariantError,
    Module,
    Programme,
    Source,
)
from schulerfolg._model import programme


def a_source() -> Source:
    return Source(reference="https://www.schulerfolg-sichern.de/", title="Schulerfolg sichern")


def shares(
    eu: str, state: str, municipal: str, module: Module = Module.NETWORK_OFFICE
) -> CoFinancing:
    return CoFinancing(
        module=module,
        eu_share=Decimal(eu),
        state_share=Decimal(state),
        municipal_share=Decimal(municipal),
        source=a_source(),
    )


def a_co_financing() -> CoFinancing:
    return shares("0.6", "0.3", "0.1", Module.SCHOOL_SOCIAL_WORK)


def a_cycle() -> FundingCycle:
    return FundingCycle(
        id="esf-plus-2024",
        name="ESF+ 2024–2028",
        period=DateRange(start=date(2024, 8, 1), end=date(2028, 7, 31)),
        modules=(Module.SCHOOL_SOCIAL_WORK, Module.NETWORK_OFFICE),
        co_financing=(a_co_financing(),),
        source=a_source(),
    )


def a_programme() -> Programme:
    return Programme(name="Schulerfolg sichern", guideline=a_source(), cycles=(a_cycle(),))


def fields(error: InvariantError) -> list[str]:
    return list(error.fields)


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field


VALID: dict[str, Callable[[], object]] = {
    "CoFinancing": a_co_financing,
    "FundingCycle": a_cycle,
    "Programme": a_programme,
}


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("CoFinancing", {"eu_share": Decimal("1.1")}, "eu_share"),
    ("CoFinancing", {"state_share": Decimal("-0.1")}, "state_share"),
    ("CoFinancing", {"municipal_share": Decimal("NaN")}, "municipal_share"),
    ("CoFinancing", {"municipal_share": Decimal("0.2")}, "municipal_share"),
    ("CoFinancing", {"note": ""}, "note"),
    ("FundingCycle", {"id": ""}, "id"),
    ("FundingCycle", {"name": " "}, "name"),
    ("FundingCycle", {"modules": (), "co_financing": ()}, "modules"),
    ("FundingCycle", {"modules": (Module.SCHOOL_SOCIAL_WORK,) * 2}, "modules"),
    ("FundingCycle", {"co_financing": (a_co_financing(), a_co_financing())}, "co_financing"),
    ("Programme", {"name": ""}, "name"),
    ("Programme", {"cycles": (a_cycle(), a_cycle())}, "cycles"),
]

(
    test_valid_objects_build,
    test_broken_invariant_names_the_field,
    test_every_model_class_has_invariant_cases,
    test_objects_are_frozen,
    test_objects_are_keyword_only,
) = invariant_tests(VALID, BROKEN, programme)


# --------------------------------------------------------------------------------------------
# Frozen and keyword-only


# --------------------------------------------------------------------------------------------
# Co-financing and funding cycles


@pytest.mark.parametrize(
    ("eu", "state", "municipal"),
    [("0.6", "0.3", "0.1"), ("0.8", "0.2", "0"), ("1", "0", "0"), ("0.60", "0.30", "0.10")],
)
def test_shares_summing_to_one_are_accepted(eu: str, state: str, municipal: str) -> None:
    co_financing = shares(eu, state, municipal)
    assert co_financing.eu_share + co_financing.state_share + co_financing.municipal_share == 1


@pytest.mark.parametrize(
    ("eu", "state", "municipal"),
    [("0.6", "0.3", "0.2"), ("0.6", "0.3", "0.09"), ("0", "0", "0"), ("0.5", "0.5", "0.0001")],
)
def test_shares_not_summing_to_one_are_refused(eu: str, state: str, municipal: str) -> None:
    with pytest.raises(InvariantError, match="sum to exactly 1") as excinfo:
        shares(eu, state, municipal)
    assert fields(excinfo.value) == ["municipal_share"]


def test_inexact_thirds_are_refused() -> None:
    third = Decimal(1) / Decimal(3)
    with pytest.raises(InvariantError, match="sum to exactly 1"):
        CoFinancing(
            module=Module.NETWORK_OFFICE,
            eu_share=third,
            state_share=third,
            municipal_share=third,
            source=a_source(),
        )
    with pytest.raises(InvariantError, match="sum to exactly 1"):
        shares("0.3333", "0.3333", "0.3333")


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_shares_in_basis_points_accepted_iff_they_sum_to_one(eu: int, state: int) -> None:
    municipal = 10_000 - eu - state
    eu_share, state_share = Decimal(eu).scaleb(-4), Decimal(state).scaleb(-4)
    if municipal >= 0:
        built = shares(str(eu_share), str(state_share), str(Decimal(municipal).scaleb(-4)))
        assert built.eu_share == eu_share
    else:
        with pytest.raises(InvariantError):
            shares(str(eu_share), str(state_share), "0")


def test_shares_that_only_round_to_one_are_refused() -> None:
    # 29 significant digits: the default 28-digit decimal context would round the sum to 1.
    with pytest.raises(InvariantError, match="sum to exactly 1"):
        shares("0.5", "0.49999999999999999999999999999", "0")
    # The check does not depend on the thread's decimal precision.
    with decimal.localcontext(prec=2):
        assert shares("0.6", "0.3", "0.1").eu_share == Decimal("0.6")
        with pytest.raises(InvariantError, match="sum to exactly 1"):
            shares("0.333", "0.333", "0.335")


def test_cycle_refuses_co_financing_for_a_module_it_does_not_list() -> None:
    with pytest.raises(InvariantError) as excinfo:
        attrs.evolve(
            a_cycle(),
            modules=(Module.SCHOOL_SOCIAL_WORK,),
            co_financing=(a_co_financing(), shares("0.6", "0", "0.4", Module.NETWORK_OFFICE)),
        )
    assert fields(excinfo.value) == ["co_financing[1].module"]


def test_cycle_looks_up_co_financing() -> None:
    cycle = a_cycle()
    assert cycle.co_financing_for(Module.SCHOOL_SOCIAL_WORK) == a_co_financing()
    assert cycle.co_financing_for(Module.NETWORK_OFFICE) is None
    assert cycle.start == date(2024, 8, 1)
    assert cycle.end == date(2028, 7, 31)


def test_a_cycle_s_flag_is_its_own_not_its_shares() -> None:
    cycle = a_cycle()
    provisional_shares = attrs.evolve(a_co_financing(), provisional=True)
    assert not attrs.evolve(cycle, co_financing=(provisional_shares,)).provisional
    assert attrs.evolve(cycle, provisional=True, note="end inferred").provisional


def test_a_provisional_cycle_says_why() -> None:
    with pytest.raises(InvariantError) as excinfo:
        attrs.evolve(a_cycle(), provisional=True)
    assert fields(excinfo.value) == ["note"]
