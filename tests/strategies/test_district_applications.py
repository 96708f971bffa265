"""Applications built from a district's parameters in force: eligible ones are eligible and
ineligible ones are not, in every district, also where the district runs calls (Magdeburg
2021) — because the strategy reads the rulebook, a change of the rules changes what it draws."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schulerfolg
from schulerfolg import strategies
from schulerfolg.testing import builtin_registry

REGISTRY = builtin_registry()
ON = date(2025, 6, 30)


@pytest.mark.parametrize("where", schulerfolg.districts(), ids=lambda d: d.slug)
@pytest.mark.parametrize("eligible", [True, False], ids=["eligible", "ineligible"])
def test_the_promised_decision_in_every_district(
    where: schulerfolg.District, eligible: bool
) -> None:
    book = REGISTRY.rulebook(where)

    @settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategies.district_applications(where, on=ON, eligible=eligible, rulebook=book))
    def check(application: schulerfolg.Application) -> None:
        assert application.district == where
        decision = schulerfolg.evaluate(application, rulebook=book, on=ON)
        assert decision.eligible is eligible

    check()


def test_calls_with_closing_dates_are_met() -> None:
    book = REGISTRY.rulebook("15003")
    on = date(2021, 1, 10)  # Magdeburg's 2021 call closed on 31.01.2021 (a Sunday: 01.02.)

    @settings(max_examples=5, deadline=None)
    @given(strategies.district_applications("15003", on=on, eligible=True, rulebook=book))
    def check(application: schulerfolg.Application) -> None:
        assert application.period.start > date(2021, 2, 1)

    check()


def test_either_kind_when_eligibility_is_not_asked() -> None:
    book = REGISTRY.rulebook("15091")
    seen: set[bool] = set()

    @settings(max_examples=30, deadline=None, database=None)
    @given(strategies.district_applications("15091", on=ON, rulebook=book), st.just(None))
    def check(application: schulerfolg.Application, _: None) -> None:
        seen.add(schulerfolg.evaluate(application, rulebook=book, on=ON).eligible)

    check()
    assert seen == {True, False}


def test_ineligible_applications_exist_on_a_day_no_application_is_eligible() -> None:
    book = REGISTRY.rulebook("15091")
    day = date(2028, 8, 1)  # after the 2024–2028 cycle: nothing can be funded

    @settings(max_examples=5, deadline=None)
    @given(strategies.district_applications("15091", on=day, eligible=False, rulebook=book))
    def check(application: schulerfolg.Application) -> None:
        assert not schulerfolg.evaluate(application, rulebook=book, on=day).eligible

    check()
